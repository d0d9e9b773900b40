use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    rapport::startup_timer::mark_launch();
    let cli = rapport::cli::Cli::parse();
    rapport::cli::run(cli)
}
