//! The thin binary: parse arguments (`cli`), set up logging, run the command (`commands`:
//! printing and the progress display), map errors to exit codes.

mod cli;
mod commands;
mod shipped_queries;

use clap::Parser;
use cli::{Cli, LogFormat};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    init_logging(&cli);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::from(3);
        }
    };
    match runtime.block_on(commands::execute(&cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn init_logging(cli: &Cli) {
    let default = if cli.quiet {
        "error"
    } else {
        match cli.verbose {
            0 => "warn",
            1 => "info",
            2 => "debug",
            _ => "trace",
        }
    };
    // JSON logs carry the progress: one line per query (target talentpipe::progress, INFO).
    let default = match cli.log_format {
        LogFormat::Json if !cli.quiet && cli.verbose == 0 => {
            format!("{default},{}=info", commands::PROGRESS_TARGET)
        }
        _ => default.to_string(),
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("TALENTPIPE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.with_target(false).init(),
    }
}
