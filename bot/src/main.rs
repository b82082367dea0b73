//! `talkbot`: see `talkbot --help`.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = talkbot::cli::Cli::parse();
    let stdout = std::io::stdout();
    match talkbot::cli::run(cli, &mut stdout.lock()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("talkbot: {error:#}");
            ExitCode::from(2)
        }
    }
}
