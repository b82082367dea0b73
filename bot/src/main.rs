//! `talkbot`: answers questions about conference talk notes — on Discord (slash commands,
//! mentions, a daily digest), in an offline console, and on the command line.
//!
//! Usage: `talkbot [--config FILE] <run|console|ask|digest|talks|check> [--notes PATH]...`,
//! for example `talkbot ask "what did they say about terratest?"`; `talkbot --help` lists the
//! options of each command.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Logs go to stderr; RUST_LOG overrides the default level (info). Tokens are never logged:
    // the WebSocket libraries print whole frames (the IDENTIFY frame holds the token) at debug
    // and trace, so they are capped at info whatever RUST_LOG says.
    let mut filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,serenity=warn"));
    for quiet in ["tungstenite=info", "tokio_tungstenite=info"] {
        if let Ok(directive) = quiet.parse() {
            filter = filter.add_directive(directive);
        }
    }
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(filter)
        .init();
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
