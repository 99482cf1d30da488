//! The `colapla` command line. Every subcommand but `schedule` and `rank` (pure computation on a
//! file) reads the same layered configuration.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use migration::{Migrator, MigratorTrait};
use sea_orm_migration::MigrationStatus;

use crate::config::{Config, ConfigError, RawSettings};

#[derive(Debug, Parser)]
#[command(
    name = "colapla",
    version,
    about = "コラプラ — verified security products, small-firm needs, matching, working groups and matching events",
    long_about = "colapla serves the collaboration platform: vendors list security products that passed expert \
                  evaluation, small firms post needs, a matching engine pairs them, and organisers run working \
                  groups and matching events.\n\nConfiguration is layered: defaults, then colapla.toml (or --config), \
                  then environment variables (DATABASE_URL, REDIS_URL, SMTP_URL, COLAPLA_BIND, COLAPLA_BASE_URL, \
                  COLAPLA_LOG, ...). Run `colapla check-config` to see the result."
)]
pub struct Cli {
    /// A TOML configuration file (default: ./colapla.toml when it exists).
    #[arg(long, global = true, env = "COLAPLA_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application and API (the default command).
    Serve(ServeArgs),
    /// Apply, roll back or list database migrations.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Load the demo data: the six evaluated products, the Otasuketai services, working groups,
    /// small-firm needs and one account for each role.
    Demo(DemoArgs),
    /// Check the configuration and print it, secrets redacted. Exits non-zero on a bad value.
    CheckConfig(ServeArgs),
    /// Schedule a matching event: read the event (participants, accepted meetings, slots, tables)
    /// as JSON and print the timetable as JSON (see docs/scheduler.md). Needs no configuration or
    /// database; exits 1 with one line on bad input.
    Schedule {
        /// The event as JSON; standard input when omitted or `-`.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Rank products for needs with the matching engine: read `{ "today", "k", "products",
    /// "needs" }` as JSON and print each need's best products with scores and reasons as JSON
    /// (see docs/matching.md). Needs no configuration or database; exits 1 with one line on bad
    /// input.
    Rank {
        /// The request as JSON; standard input when omitted or `-`.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// Which side to rank for: each need's products (default) or each product's needs.
        #[arg(long, value_enum, default_value_t = RankSide::Need)]
        by: RankSide,
    },
}

/// The side `colapla rank` ranks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RankSide {
    /// For each need, its best products.
    Need,
    /// For each product, its best needs.
    Product,
}

#[derive(Debug, Default, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on (overrides COLAPLA_BIND), e.g. 0.0.0.0:8080.
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<String>,
    /// Directory for the SQLite database and mail files (overrides COLAPLA_DATA_DIR).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Roll back the most recent migrations.
    Down {
        /// How many to roll back.
        #[arg(long, default_value_t = 1, conflicts_with = "all")]
        steps: u32,
        /// Roll back every migration, leaving an empty database.
        #[arg(long)]
        all: bool,
    },
    /// List migrations and whether each is applied.
    Status,
}

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Delete all data (reference tables stay) and load the demo data again.
    #[arg(long)]
    pub reset: bool,
    /// Also add N generated products and N needs, for load tests and benchmarks.
    #[arg(long, value_name = "N")]
    pub scale: Option<usize>,
    /// Seed for the generator, so a scaled data set can be reproduced.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// Runs the command line; the binary's `main` is only this.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("colapla: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(cli))
}

fn load_config(file: Option<&std::path::Path>, args: &ServeArgs) -> Result<Config, ConfigError> {
    let mut raw = RawSettings::load(file)?;
    if let Some(bind) = &args.bind {
        raw.bind.clone_from(bind);
    }
    if let Some(dir) = &args.data_dir {
        raw.data_dir = dir.display().to_string();
    }
    Config::from_raw(raw)
}

async fn run(cli: Cli) -> ExitCode {
    let default_args = ServeArgs::default();
    let args = match &cli.command {
        // Scheduling is pure computation on a file: it returns before any configuration is loaded.
        Some(Command::Schedule { file }) => return schedule_command(file.as_deref()),
        // Ranking is pure computation on a file too.
        Some(Command::Rank { file, by }) => return rank_command(file.as_deref(), *by),
        None => &default_args,
        Some(Command::Serve(args) | Command::CheckConfig(args)) => args,
        Some(Command::Demo(demo)) => &demo.serve,
        Some(Command::Migrate { .. }) => &default_args,
    };
    let config = match load_config(cli.config.as_deref(), args) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("colapla: {err}");
            return ExitCode::from(2);
        }
    };
    crate::telemetry::init(&config.log, config.log_format);
    let result = match cli.command {
        None | Some(Command::Serve(_)) => serve(config).await,
        Some(Command::CheckConfig(_)) => {
            check_config(&config);
            Ok(())
        }
        Some(Command::Migrate { action }) => migrate(&config, action).await,
        Some(Command::Demo(demo)) => demo_command(&config, &demo).await,
        // Handled above, before any configuration is loaded; listed so the match stays exhaustive.
        Some(Command::Schedule { file }) => return schedule_command(file.as_deref()),
        Some(Command::Rank { file, by }) => return rank_command(file.as_deref(), by),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("colapla: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `colapla schedule [FILE]`: prints the schedule, or one line saying why the input is unusable.
#[allow(clippy::print_stdout)] // printing the schedule is this command's job
fn schedule_command(file: Option<&Path>) -> ExitCode {
    match read_and_schedule(file) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("colapla: {message}");
            ExitCode::FAILURE
        }
    }
}

fn read_and_schedule(file: Option<&Path>) -> Result<String, String> {
    use crate::events::scheduler::{Instance, schedule};
    let text = match file.filter(|path| *path != Path::new("-")) {
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        None => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| format!("cannot read standard input: {e}"))?;
            text
        }
    };
    let instance: Instance = serde_json::from_str(&text).map_err(|e| format!("the event is not valid: {e}"))?;
    let result = schedule(&instance).map_err(|e| format!("the event cannot be scheduled: {e}"))?;
    serde_json::to_string_pretty(&result).map_err(|e| format!("cannot write the schedule: {e}"))
}

/// `colapla rank [FILE] [--by need|product]`: prints the rankings, or one line saying why the input
/// is unusable.
#[allow(clippy::print_stdout)] // printing the rankings is this command's job
fn rank_command(file: Option<&Path>, side: RankSide) -> ExitCode {
    use crate::matching::engine::{RankBy, rank_json};
    let by = match side {
        RankSide::Need => RankBy::Need,
        RankSide::Product => RankBy::Product,
    };
    let ranked = read_rank_input(file).and_then(|text| rank_json(&text, by).map_err(|e| e.to_string()));
    match ranked {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("colapla: {message}");
            ExitCode::FAILURE
        }
    }
}

fn read_rank_input(file: Option<&Path>) -> Result<String, String> {
    match file.filter(|path| *path != Path::new("-")) {
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display())),
        None => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok(text)
        }
    }
}

#[allow(clippy::print_stdout)] // printing is this command's job
fn check_config(config: &Config) {
    println!("configuration is valid:");
    for (key, value) in config.describe() {
        println!("  {key:<26} {value}");
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let base_url = config.base_url.to_string();
    let app = crate::startup::Application::build(config).await.map_err(|e| e.to_string())?;
    tracing::info!(port = app.port(), %base_url, "colapla is serving; stop with Ctrl-C");
    app.run_until_stopped().await.map_err(|e| e.to_string())?;
    tracing::info!("stopped");
    Ok(())
}

#[allow(clippy::print_stdout)]
async fn migrate(config: &Config, action: MigrateAction) -> Result<(), String> {
    let db = crate::db::connect(config).await.map_err(|e| e.to_string())?;
    match action {
        MigrateAction::Up => {
            Migrator::up(&db, None).await.map_err(|e| e.to_string())?;
            println!("all migrations applied");
        }
        MigrateAction::Down { steps, all } => {
            Migrator::down(&db, if all { None } else { Some(steps) }).await.map_err(|e| e.to_string())?;
            println!(
                "rolled back {}",
                if all { "every migration".to_owned() } else { format!("{steps} migration(s)") }
            );
        }
        MigrateAction::Status => {
            for migration in Migrator::get_migration_with_status(&db).await.map_err(|e| e.to_string())? {
                let status = match migration.status() {
                    MigrationStatus::Applied => "applied",
                    MigrationStatus::Pending => "pending",
                };
                println!("{status:<8} {}", migration.name());
            }
        }
    }
    Ok(())
}

#[allow(clippy::print_stdout)]
async fn demo_command(config: &Config, args: &DemoArgs) -> Result<(), String> {
    let db = crate::db::connect(config).await.map_err(|e| e.to_string())?;
    crate::db::migrate_up(&db).await.map_err(|e| e.to_string())?;
    if args.reset {
        crate::demo::reset(&db).await.map_err(|e| e.to_string())?;
        println!("all data deleted (reference tables kept)");
    }
    if crate::demo::is_empty(&db).await.map_err(|e| e.to_string())? {
        let summary = crate::demo::load_default(&db).await.map_err(|e| e.to_string())?;
        println!("demo data loaded: {summary}");
    } else if !args.reset && args.scale.is_none() {
        println!("the database already holds data; use --reset to reload the demo data");
    }
    if let Some(count) = args.scale {
        let summary = crate::demo::load_generated(&db, count, args.seed).await.map_err(|e| e.to_string())?;
        println!("generated data added: {summary}");
    }
    Ok(())
}
