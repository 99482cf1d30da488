//! The catalog search scenario: colapla started in-process on a fresh database (SQLite, or a new
//! PostgreSQL database created on the server given by `--database-url` and dropped afterwards),
//! the demo data plus `--products` generated products, the search index refreshed from the
//! database as a running instance would, then keyword + filter searches measured over HTTP
//! (p50/p99, requests per second) and the in-memory index search alone (p50/p99).
//!
//!     cargo run --release -p load-tests -- search --products 100000
//!     cargo run --release -p load-tests -- search --database-url postgres://postgres@127.0.0.1:5432/test

use std::net::TcpListener;
use std::time::{Duration, Instant};

use colapla::catalog::search::query::{self, SearchQuery};
use colapla::config::{Config, DemoMode, RawSettings};
use colapla::startup::Application;
use sea_orm::ConnectionTrait;
use secrecy::SecretString;

use crate::report::{Latencies, ms, print_table};

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Generated products on top of the demo data.
    #[arg(long, default_value_t = 100_000)]
    products: usize,
    /// HTTP requests to time (spread over the query mix).
    #[arg(long, default_value_t = 2_000)]
    requests: usize,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 8)]
    connections: usize,
    /// Index searches to time in-process.
    #[arg(long, default_value_t = 2_000)]
    index_searches: usize,
    /// A PostgreSQL server (`postgres://…`): a fresh database is created there and dropped after.
    #[arg(long)]
    database_url: Option<String>,
    #[arg(long, default_value_t = 2026)]
    seed: u64,
}

/// The query mix: keywords in Japanese (no spaces) and English with filters, and filters alone.
const QUERIES: &[&str] = &[
    "q=ランサムウェア対策&level=verified",
    "q=ransomware&devices=20&budget_monthly=50000",
    "q=WAF&prefecture=21",
    "q=テレワーク&size=small&sort=price&devices=10",
    "q=脆弱性診断&otasuketai=true",
    "category=edr&category=endpoint&devices=10&budget_monthly=30000&sort=price",
    "level=blue&sort=newest&prefecture=13",
    "q=標的型メール訓練&budget_initial=100000",
];

/// A fresh PostgreSQL database on the given server, dropped by [`PgScratch::drop_now`].
struct PgScratch {
    admin: sea_orm::DatabaseConnection,
    name: String,
    url: String,
}

impl PgScratch {
    async fn create(server_url: &str) -> Result<Self, String> {
        let admin = sea_orm::Database::connect(server_url).await.map_err(|e| format!("--database-url: {e}"))?;
        let name = format!("colapla_bench_{}", std::process::id());
        admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}")).await.map_err(|e| e.to_string())?;
        admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.map_err(|e| e.to_string())?;
        let mut url = url::Url::parse(server_url).map_err(|e| e.to_string())?;
        url.set_path(&format!("/{name}"));
        Ok(Self { admin, name, url: url.to_string() })
    }

    async fn drop_now(self) -> Result<(), String> {
        self.admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
            .await
            .map_err(|e| e.to_string())?;
        Ok(())
    }
}

pub async fn run(args: SearchArgs) -> Result<(), String> {
    let scratch = match &args.database_url {
        Some(url) => Some(PgScratch::create(url).await?),
        None => None,
    };
    let backend = if scratch.is_some() { "PostgreSQL" } else { "SQLite" };
    let result = measure(&args, scratch.as_ref().map(|s| s.url.clone()), backend).await;
    if let Some(scratch) = scratch {
        scratch.drop_now().await?;
    }
    result
}

async fn measure(args: &SearchArgs, database_url: Option<String>, backend: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let raw = RawSettings {
        bind: format!("127.0.0.1:{port}"),
        data_dir: dir.path().display().to_string(),
        database_url: database_url.map(SecretString::from),
        log: "warn".to_owned(),
        demo: DemoMode::Auto,
        mail_worker: false,
        ..RawSettings::default()
    };
    let config = Config::from_raw(raw).map_err(|e| e.to_string())?;
    let app = Application::build_with_listener(config, listener).await.map_err(|e| e.to_string())?;
    let state = app.state();

    let started = Instant::now();
    let summary =
        colapla::demo::load_generated(&state.db, args.products, args.seed).await.map_err(|e| e.to_string())?;
    let generated_in = started.elapsed();
    eprintln!("generated in {generated_in:.1?}: {summary}");
    // The refresh a running instance does on its timer, here at once: every new product.
    let started = Instant::now();
    // The generator backdates `updated_at`, so the full id reconciliation is what finds them.
    let refreshed = state.search.refresh_now().await.map_err(|e| e.to_string())?
        + state.search.reconcile().await.map_err(|e| e.to_string())?;
    let refreshed_in = started.elapsed();
    eprintln!("index refreshed with {refreshed} products in {refreshed_in:.1?}; {} indexed", state.search.len());
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    let base = format!("http://127.0.0.1:{port}");

    // Results per query, once, so the table says what was searched.
    let client = reqwest::Client::new();
    let mut totals = Vec::new();
    for q in QUERIES {
        let page: serde_json::Value = client
            .get(format!("{base}/api/v1/products?{q}"))
            .send()
            .await
            .map_err(|e| e.to_string())?
            .json()
            .await
            .map_err(|e| e.to_string())?;
        totals.push(page["total"].as_u64().unwrap_or(0));
    }

    let (http, seconds) = http_latencies(&base, args.requests, args.connections).await?;
    let index = index_latencies(&state, args.index_searches)?;
    handle.stop(true).await;

    let products = state.search.len();
    let rows = vec![
        vec![
            format!("HTTP `/api/v1/products` ({} connections)", args.connections),
            backend.to_owned(),
            products.to_string(),
            http.len().to_string(),
            ms(http.quantile(0.50)),
            ms(http.quantile(0.99)),
            format!("{:.0}", http.len() as f64 / seconds),
        ],
        vec![
            "index search alone".to_owned(),
            backend.to_owned(),
            products.to_string(),
            index.len().to_string(),
            ms(index.quantile(0.50)),
            ms(index.quantile(0.99)),
            "—".to_owned(),
        ],
    ];
    eprintln!();
    print_table(&["measure", "database", "products", "requests", "p50", "p99", "req/s"], &rows);
    eprintln!();
    let mix: Vec<Vec<String>> =
        QUERIES.iter().zip(&totals).map(|(q, t)| vec![format!("`{q}`"), t.to_string()]).collect();
    print_table(&["query", "matches"], &mix);
    eprintln!();
    eprintln!(
        "generation {generated_in:.1?}, index refresh of {refreshed} products {refreshed_in:.1?} (changed ids and id reconciliation, as the timer does)"
    );
    Ok(())
}

async fn http_latencies(base: &str, requests: usize, connections: usize) -> Result<(Latencies, f64), String> {
    let started = Instant::now();
    let mut workers = Vec::new();
    let connections = connections.max(1);
    for worker in 0..connections {
        let base = base.to_owned();
        let mine = (requests / connections) + usize::from(worker < requests % connections);
        workers.push(tokio::spawn(async move {
            let client = reqwest::Client::builder().pool_max_idle_per_host(1).build().map_err(|e| e.to_string())?;
            let mut samples = Vec::with_capacity(mine);
            for i in 0..mine {
                let q = QUERIES[(worker + i) % QUERIES.len()];
                let sent = Instant::now();
                let response =
                    client.get(format!("{base}/api/v1/products?{q}")).send().await.map_err(|e| e.to_string())?;
                if !response.status().is_success() {
                    return Err(format!("{q}: {}", response.status()));
                }
                let _ = response.bytes().await;
                samples.push(sent.elapsed());
            }
            Ok::<Vec<Duration>, String>(samples)
        }));
    }
    let mut all = Vec::with_capacity(requests);
    for w in workers {
        all.extend(w.await.map_err(|e| e.to_string())??);
    }
    let seconds = started.elapsed().as_secs_f64();
    Ok((Latencies::new(all), seconds))
}

fn index_latencies(state: &colapla::state::AppState, searches: usize) -> Result<Latencies, String> {
    let queries: Vec<SearchQuery> = QUERIES
        .iter()
        .map(|q| {
            query::parse(&query::pairs(q), &state.reference, 20).map(|r| r.query).map_err(|e| format!("{q}: {e:?}"))
        })
        .collect::<Result<_, _>>()?;
    let today = chrono::Utc::now().date_naive();
    let mut samples = Vec::with_capacity(searches);
    for i in 0..searches {
        let started = Instant::now();
        let result = state.search.search(&queries[i % queries.len()], today);
        std::hint::black_box(result.total);
        samples.push(started.elapsed());
    }
    Ok(Latencies::new(samples))
}
