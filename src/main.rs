//! The `suivi` binary: parse the command line, start logging, hand over to the library.

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let args = suivi::cli::Cli::parse();
    suivi::cli::init_logging(&args);
    suivi::cli::run(args).await
}
