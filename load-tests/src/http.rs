//! The HTTP scenario: N connections, each a keep-alive client looping over the routes for a fixed
//! time; every response must be 200. Reports requests per second and p50/p99 latency per route.

use std::time::{Duration, Instant};

use crate::report::{Latencies, ms, print_table};
use crate::target::Target;

#[derive(Debug, clap::Args)]
pub struct HttpArgs {
    /// Base URL of a running colapla on this machine.
    #[arg(long)]
    url: Option<String>,
    /// Start colapla in-process on a fresh SQLite database with the demo data instead.
    #[arg(long, conflicts_with = "url")]
    spawn: bool,
    /// With --spawn: also generate this many products and needs.
    #[arg(long, default_value_t = 0)]
    scale: usize,
    /// Concurrent connections.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// How long to run, in seconds (at most 300).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
    seconds: u64,
    /// Paths to request, in turn (repeat the flag).
    #[arg(long = "path", default_values_t = ["/".to_owned(), "/products".to_owned(), "/api/v1/products".to_owned(), "/healthz".to_owned()])]
    paths: Vec<String>,
}

pub async fn run(args: HttpArgs) -> Result<(), String> {
    let target = Target::resolve(args.url, args.spawn, args.scale).await?;
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let mut workers = Vec::with_capacity(args.connections);
    for worker in 0..args.connections {
        let base = target.base_url.clone();
        let paths = args.paths.clone();
        workers.push(tokio::spawn(async move {
            let client = reqwest::Client::builder().pool_max_idle_per_host(1).build().map_err(|e| e.to_string())?;
            let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); paths.len()];
            let mut errors = 0u64;
            let mut i = worker;
            while Instant::now() < deadline {
                let index = i % paths.len();
                i += 1;
                let sent = Instant::now();
                match client.get(format!("{base}{}", paths[index])).send().await {
                    Ok(response) if response.status().is_success() => {
                        let _ = response.bytes().await;
                        samples[index].push(sent.elapsed());
                    }
                    _ => errors += 1,
                }
            }
            Ok::<_, String>((samples, errors))
        }));
    }
    let mut per_path: Vec<Vec<Duration>> = vec![Vec::new(); args.paths.len()];
    let mut errors = 0;
    for worker in workers {
        let (samples, worker_errors) = worker.await.map_err(|e| e.to_string())??;
        errors += worker_errors;
        for (all, mine) in per_path.iter_mut().zip(samples) {
            all.extend(mine);
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut rows = Vec::new();
    let mut total = 0;
    for (path, samples) in args.paths.iter().zip(per_path) {
        let latencies = Latencies::new(samples);
        total += latencies.len();
        rows.push(vec![
            path.clone(),
            latencies.len().to_string(),
            format!("{:.0}", latencies.len() as f64 / elapsed),
            ms(latencies.quantile(0.5)),
            ms(latencies.quantile(0.99)),
        ]);
    }
    rows.push(vec![
        "all".to_owned(),
        total.to_string(),
        format!("{:.0}", total as f64 / elapsed),
        "".to_owned(),
        "".to_owned(),
    ]);
    eprintln!(
        "{} connections for {:.1} s against {}; {errors} failed requests",
        args.connections, elapsed, target.base_url
    );
    print_table(&["route", "requests", "req/s", "p50 ms", "p99 ms"], &rows);
    if errors > 0 { Err(format!("{errors} requests failed")) } else { Ok(()) }
}
