//! The rank scenario: the matching engine on a generated catalogue (100,000 products and 10,000
//! needs by default, from the demo generator, deterministic for a seed), in-process, no server.
//! Reports ranking one need (p50/p99), re-matching every need, and a naive linear scan with the
//! same hard filters and a crude score as the baseline, as one Markdown table.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use colapla::catalog::pricing::Pricing;
use colapla::demo::generate::{REGIONS, generate};
use colapla::demo::model::{DemoNeed, DemoProduct};
use colapla::matching::engine::{
    Category, MatchIndex, NeedFacts, NeedId, PriceList, ProductFacts, ProductId, SizeBand, VerificationFacts, Worry,
    level_from_code, worries,
};

use crate::report::{Latencies, ms, print_table};

/// Industry codes for the generated adoption cases (the reference table's).
const INDUSTRIES: [&str; 6] = ["manufacturing", "construction", "retail", "medical", "logistics", "professional"];

/// The region of each prefecture, JIS X 0401 order (code = position + 1), as in the reference data.
#[rustfmt::skip]
const PREFECTURE_REGIONS: [&str; 47] = [
    "hokkaido", "tohoku", "tohoku", "tohoku", "tohoku", "tohoku", "tohoku",
    "kanto", "kanto", "kanto", "kanto", "kanto", "kanto", "kanto",
    "chubu", "chubu", "chubu", "chubu", "chubu", "chubu", "chubu", "chubu", "chubu",
    "kinki", "kinki", "kinki", "kinki", "kinki", "kinki", "kinki",
    "chugoku", "chugoku", "chugoku", "chugoku", "chugoku",
    "shikoku", "shikoku", "shikoku", "shikoku",
    "kyushu_okinawa", "kyushu_okinawa", "kyushu_okinawa", "kyushu_okinawa",
    "kyushu_okinawa", "kyushu_okinawa", "kyushu_okinawa", "kyushu_okinawa",
];

/// Each timed need is ranked this many times and the fastest run counts, so that other processes
/// on a shared machine do not show up as the engine's latency.
const RUNS_PER_NEED: usize = 3;

#[derive(Debug, clap::Args)]
pub struct RankArgs {
    /// Products to generate.
    #[arg(long, default_value_t = 100_000)]
    products: usize,
    /// Needs to generate (all of them are re-matched).
    #[arg(long, default_value_t = 10_000)]
    needs: usize,
    /// Needs ranked one at a time, for the latency figures.
    #[arg(long, default_value_t = 1_000)]
    sample: usize,
    /// Needs the naive scan ranks; its time for all needs is extrapolated from them.
    #[arg(long, default_value_t = 200)]
    naive_sample: usize,
    /// Matches kept for each need.
    #[arg(long, default_value_t = 10)]
    k: usize,
    /// Seed of the demo generator.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// The day to match on (verification records are dated relative to it).
    #[arg(long, default_value = "2026-11-28")]
    today: NaiveDate,
    /// A PostgreSQL database for the SQL baseline row (a fresh schema is made and dropped), e.g.
    /// postgres://postgres@127.0.0.1:5432/test. Without it the row is left out.
    #[arg(long)]
    database_url: Option<String>,
    /// Needs the SQL baseline ranks.
    #[arg(long, default_value_t = 200)]
    sql_sample: usize,
}

pub async fn run(args: RankArgs) -> Result<(), String> {
    if args.products == 0 || args.needs == 0 {
        return Err("rank needs at least one product and one need".to_owned());
    }
    let started = Instant::now();
    let (products, needs) = catalogue(&args);
    let generated = started.elapsed();

    let started = Instant::now();
    let mut index = MatchIndex::from_facts(&products, &needs);
    let built = started.elapsed();

    let step = (needs.len() / args.sample.max(1)).max(1);
    let sampled: Vec<&NeedFacts> = needs.iter().step_by(step).take(args.sample).collect();
    let mut engine_one = Vec::with_capacity(sampled.len());
    let mut matched = 0usize;
    for need in &sampled {
        let mut fastest = Duration::MAX;
        for _ in 0..RUNS_PER_NEED {
            let t = Instant::now();
            let ranking = index.top_products_for_need(&need.id, args.k, args.today);
            fastest = fastest.min(t.elapsed());
            matched += ranking.len();
        }
        engine_one.push(fastest);
    }
    let engine_one = Latencies::new(engine_one);

    let started = Instant::now();
    index.keep_rankings(args.k, args.today);
    let engine_all = started.elapsed();
    let started = Instant::now();
    let with_reasons = index.rank_all_needs(args.k, args.today);
    let engine_all_reasons = started.elapsed();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());

    let started = Instant::now();
    let changed = index.upsert_product(&products[products.len() / 2]);
    let one_product_change = started.elapsed();

    let naive_needs: Vec<&NeedFacts> = needs.iter().step_by(step).take(args.naive_sample).collect();
    let mut naive_one = Vec::with_capacity(naive_needs.len());
    let mut naive_total = Duration::ZERO;
    for need in &naive_needs {
        let mut fastest = Duration::MAX;
        for _ in 0..RUNS_PER_NEED {
            let t = Instant::now();
            std::hint::black_box(naive_rank(need, &products, args.k, args.today));
            fastest = fastest.min(t.elapsed());
        }
        naive_total += fastest;
        naive_one.push(fastest);
    }
    let naive_all = naive_total.mul_f64(needs.len() as f64 / naive_one.len().max(1) as f64);
    let naive_one = Latencies::new(naive_one);

    let sql = match &args.database_url {
        Some(url) => Some(sql_baseline(url, &args, &index, &products, &needs, step).await?),
        None => None,
    };

    let (p, n) = (products.len(), needs.len());
    let mut rows = vec![
        vec![
            "engine (`MatchIndex`)".to_owned(),
            format!("{} of {n}", engine_one.len()),
            ms(engine_one.quantile(0.5)),
            ms(engine_one.quantile(0.99)),
            format!(
                "{:.2} s ({threads} threads); {:.2} s with reasons",
                engine_all.as_secs_f64(),
                engine_all_reasons.as_secs_f64()
            ),
        ],
        vec![
            "naive linear scan".to_owned(),
            format!("{} of {n}", naive_one.len()),
            ms(naive_one.quantile(0.5)),
            ms(naive_one.quantile(0.99)),
            format!("{:.1} s (1 thread, extrapolated)", naive_all.as_secs_f64()),
        ],
    ];
    if let Some((sql_one, sql_all)) = sql {
        rows.push(vec![
            "PostgreSQL, one SQL query".to_owned(),
            format!("{} of {n}", sql_one.len()),
            ms(sql_one.quantile(0.5)),
            ms(sql_one.quantile(0.99)),
            format!("{:.1} s (1 connection, extrapolated)", sql_all.as_secs_f64()),
        ]);
        let ratio = sql_one.quantile(0.5).as_secs_f64() / engine_one.quantile(0.5).as_secs_f64().max(1e-9);
        eprintln!("rank: the engine's median is {ratio:.0}x faster than the SQL baseline's");
    } else {
        eprintln!("rank: no --database-url, so the PostgreSQL baseline row is left out");
    }
    eprintln!(
        "rank: {p} products and {n} needs generated in {:.1} s; index built in {:.1} s; {:.1} matches a need on average; \
         one product upsert with rankings kept: {} ms, {} needs changed; {} needs ranked with reasons",
        generated.as_secs_f64(),
        built.as_secs_f64(),
        matched as f64 / (sampled.len() * RUNS_PER_NEED).max(1) as f64,
        ms(one_product_change),
        changed.len(),
        with_reasons.len(),
    );
    print_table(
        &["method", "needs timed", "one need p50 ms", "one need p99 ms", format!("all {n} needs").as_str()],
        &rows,
    );
    Ok(())
}

/// Loads the catalogue into PostgreSQL and times the baseline query on a sample of needs;
/// returns the per-need latencies and the time for every need, extrapolated.
async fn sql_baseline(
    url: &str,
    args: &RankArgs,
    index: &MatchIndex,
    products: &[ProductFacts],
    needs: &[NeedFacts],
    step: usize,
) -> Result<(Latencies, Duration), String> {
    let started = Instant::now();
    let baseline = crate::rank_sql::SqlBaseline::load(url, products).await?;
    eprintln!("rank: {} products loaded into PostgreSQL in {:.1} s", products.len(), started.elapsed().as_secs_f64());
    let mut times = Vec::new();
    let mut total = Duration::ZERO;
    for need in needs.iter().step_by(step).take(args.sql_sample) {
        let wanted: i64 = index.wanted_categories(&need.id).iter().map(|c| i64::from(c.bit())).fold(0, |a, b| a | b);
        let mut fastest = Duration::MAX;
        for _ in 0..RUNS_PER_NEED {
            let t = Instant::now();
            std::hint::black_box(baseline.rank(need, wanted, args.k, args.today).await?);
            fastest = fastest.min(t.elapsed());
        }
        total += fastest;
        times.push(fastest);
    }
    let all = total.mul_f64(needs.len() as f64 / times.len().max(1) as f64);
    baseline.drop().await?;
    Ok((Latencies::new(times), all))
}

/// `args.products` products and `args.needs` needs from the demo generator, as engine facts.
fn catalogue(args: &RankArgs) -> (Vec<ProductFacts>, Vec<NeedFacts>) {
    let data = generate(args.products.max(args.needs), args.seed, args.today);
    let products = data
        .products
        .into_iter()
        .take(args.products)
        .enumerate()
        .map(|(i, p)| product_facts(i, p, args.seed, args.today))
        .collect();
    let industries: HashMap<String, Option<String>> =
        data.organisations.into_iter().map(|o| (o.key, o.industry)).collect();
    let needs =
        data.needs.into_iter().take(args.needs).enumerate().map(|(i, n)| need_facts(i, n, &industries)).collect();
    (products, needs)
}

fn code<T: serde::de::DeserializeOwned>(code: &str) -> T {
    serde_json::from_value(serde_json::Value::String(code.to_owned())).expect("the generator uses known codes")
}

/// SplitMix64: a few deterministic extras the demo data lacks (adoption cases).
fn mix(seed: u64, i: u64) -> u64 {
    let mut z = seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn product_facts(i: usize, p: DemoProduct, seed: u64, today: NaiveDate) -> ProductFacts {
    let mut prefectures: Vec<u8> = p.prefectures.iter().filter_map(|c| u8::try_from(*c).ok()).collect();
    for region in &p.regions {
        debug_assert!(REGIONS.contains(&region.as_str()));
        prefectures.extend((1..=47u8).filter(|c| PREFECTURE_REGIONS[usize::from(*c) - 1] == region));
    }
    prefectures.sort_unstable();
    prefectures.dedup();
    let verifications = p
        .verifications
        .iter()
        .map(|v| {
            let verified_on = v
                .verified_on
                .or_else(|| v.verified_days_ago.and_then(|d| today.checked_sub_days(Days::new(u64::from(d)))))
                .unwrap_or(today);
            VerificationFacts {
                level: level_from_code(&v.level).expect("the generator uses known levels"),
                verified_on,
                valid_until: v
                    .valid_until
                    .unwrap_or_else(|| verified_on.checked_add_months(chrono::Months::new(24)).unwrap_or(verified_on)),
                withdrawn: false,
            }
        })
        .collect();
    let roll = mix(seed, i as u64);
    let cases = (roll % 4).saturating_sub(1) as usize; // 0, 0, 1 or 2 published cases
    ProductFacts {
        id: ProductId(format!("p{i:06}")),
        categories: p.categories.iter().map(|c| code::<Category>(c)).collect(),
        description_ja: p.description_ja,
        description_en: p.description_en,
        strong_points_ja: p.strong_points_ja,
        strong_points_en: p.strong_points_en,
        pricing: PriceList {
            initial_yen: p.initial_yen,
            monthly_yen: p.monthly_yen,
            per_device_monthly_yen: p.per_device_monthly_yen,
        },
        size_bands: p.size_bands.iter().map(|b| code::<SizeBand>(b)).collect(),
        nationwide: p.nationwide,
        prefectures,
        ease_of_introduction: p.ease_of_introduction.and_then(|e| u8::try_from(e).ok()),
        ease_of_operation: p.ease_of_operation.and_then(|e| u8::try_from(e).ok()),
        verifications,
        adoption_industries: (0..cases)
            .map(|c| INDUSTRIES[(mix(roll, c as u64) % INDUSTRIES.len() as u64) as usize].to_owned())
            .collect(),
    }
}

fn need_facts(i: usize, n: DemoNeed, industries: &HashMap<String, Option<String>>) -> NeedFacts {
    NeedFacts {
        id: NeedId(format!("n{i:06}")),
        categories: n.categories.iter().map(|c| code::<Category>(c)).collect(),
        worries: n.worries.iter().map(|w| code::<Worry>(w)).collect(),
        title: n.title,
        body: n.body,
        keywords: n.keywords,
        budget_initial_yen: n.budget_initial_yen,
        budget_monthly_yen: n.budget_monthly_yen,
        employees: u32::try_from(n.employees).unwrap_or(0),
        devices: u32::try_from(n.devices).unwrap_or(0),
        prefecture: u8::try_from(n.prefecture).unwrap_or(0),
        industry: n.industry.or_else(|| industries.get(&n.organisation).cloned().flatten()),
    }
}

/// The baseline: every product against the need, the same hard filters read straight from the
/// facts, and a crude score (shared categories, budget headroom, level, keywords found by
/// substring search). No index, no precomputation.
fn naive_rank<'a>(
    need: &NeedFacts,
    products: &'a [ProductFacts],
    k: usize,
    today: NaiveDate,
) -> Vec<(i64, &'a ProductId)> {
    let wanted: Vec<Category> = Category::ALL
        .iter()
        .copied()
        .filter(|c| {
            need.categories.contains(c) || need.worries.iter().any(|w| worries::categories_of(*w) & c.bit() != 0)
        })
        .collect();
    let band = SizeBand::of_employees(need.employees);
    let keywords: Vec<&str> = need.keywords.split_whitespace().collect();
    let mut scored: Vec<(i64, &ProductId)> = products
        .iter()
        .filter_map(|p| {
            let record = p
                .verifications
                .iter()
                .filter(|v| v.level.is_matchable() && v.dates().is_current(today))
                .max_by_key(|v| v.level)?;
            let shared = p.categories.iter().filter(|c| wanted.contains(c)).count() as i64;
            let pricing = Pricing::from(p.pricing);
            let monthly = pricing.monthly_for(i64::from(need.devices));
            let fits = shared > 0
                && (p.nationwide || p.prefectures.contains(&need.prefecture))
                && (p.size_bands.is_empty() || p.size_bands.contains(&band))
                && pricing.initial_yen <= need.budget_initial_yen
                && monthly <= need.budget_monthly_yen;
            if !fits {
                return None;
            }
            let found =
                keywords.iter().filter(|w| p.description_ja.contains(*w) || p.strong_points_ja.contains(*w)).count()
                    as i64;
            let headroom = if need.budget_monthly_yen > 0 {
                5_000 * (need.budget_monthly_yen - monthly) / need.budget_monthly_yen
            } else {
                5_000
            };
            let level = if record.level.code() == "blue" { 2_000 } else { 1_000 };
            Some((shared * 10_000 + found * 5_000 + headroom + level, &p.id))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.truncate(k);
    scored
}
