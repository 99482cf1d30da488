//! colapla's load generators. Every scenario runs for a bounded time against a server on this
//! machine (loopback only), then prints a table. `--spawn` starts colapla in-process on a fresh
//! SQLite database with the demo data, so one command measures end to end.
//!
//!     cargo run --release -p load-tests -- http --spawn --connections 32 --seconds 10
//!
//! `schedule` needs no server: it times the matching-event scheduler on a large generated event.
//!
//!     cargo run --release -p load-tests -- schedule
//!
//! `rank` needs no server either: it times the matching engine on a generated catalogue.
//!
//!     cargo run --release -p load-tests -- rank [--database-url postgres://postgres@127.0.0.1:5432/test]
//!
//! `search` spawns colapla with 100,000 generated products and times catalog searches.
//!
//!     cargo run --release -p load-tests -- search
//!
//! `rooms` starts the colapla binary (build it first) and measures realtime room fan-out and the
//! memory of idle room connections.
//!
//!     cargo build --release -p colapla && cargo run --release -p load-tests -- rooms

mod http;
mod rank;
mod rank_sql;
mod report;
mod rooms;
mod schedule;
mod search;
mod target;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "load-tests", about = "Load generators for colapla; each scenario prints a table")]
struct Cli {
    #[command(subcommand)]
    scenario: Scenario,
}

#[derive(Debug, Subcommand)]
enum Scenario {
    /// Concurrent keep-alive connections requesting pages and API routes; reports requests per
    /// second and p50/p99 latency per route.
    Http(http::HttpArgs),
    /// The matching-event scheduler on 2,000 participants and 10,000 accepted requests, with and
    /// without unavailability, against a greedy first-fit baseline; reports time, slots used
    /// against the lower bound, and meetings placed.
    Schedule(schedule::ScheduleArgs),
    /// The matching engine on 100,000 generated products and 10,000 needs, in-process: ranking
    /// one need (p50/p99), re-matching every need, and a naive linear scan as the baseline.
    Rank(rank::RankArgs),
    /// Catalog search on 100,000 generated products: keyword and filter searches over HTTP
    /// (p50/p99, req/s) and the in-memory index alone, on SQLite or a fresh PostgreSQL database.
    Search(search::SearchArgs),
    /// Realtime rooms: fan-out in a room of 50 and one of 200 and in many small rooms at a fixed
    /// send rate (deliveries/s, p50/p99 delivery latency), and server memory per idle connection.
    Rooms(rooms::RoomsArgs),
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.scenario {
        Scenario::Http(args) => http::run(args).await,
        Scenario::Schedule(args) => schedule::run(args),
        Scenario::Rank(args) => rank::run(args).await,
        Scenario::Search(args) => search::run(args).await,
        Scenario::Rooms(args) => rooms::run(args).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("load-tests: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
