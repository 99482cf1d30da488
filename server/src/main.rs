//! The `colapla` binary: everything lives in the library so that tests and load tests start the
//! same application in-process.

fn main() -> std::process::ExitCode {
    colapla::cli::main()
}
