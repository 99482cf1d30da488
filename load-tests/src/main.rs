//! colapla's load generators. Every scenario runs for a bounded time against a server on this
//! machine (loopback only), then prints a table. `--spawn` starts colapla in-process on a fresh
//! SQLite database with the demo data, so one command measures end to end.
//!
//!     cargo run --release -p load-tests -- http --spawn --connections 32 --seconds 10

mod http;
mod report;
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
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.scenario {
        Scenario::Http(args) => http::run(args).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("load-tests: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
