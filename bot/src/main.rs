//! `talkbot`: answers questions about conference talk notes — on Discord (slash commands,
//! mentions, a daily digest), in an offline console, and on the command line.
//!
//! Usage: `talkbot [--config FILE] <run|console|ask|digest|talks|check> [--notes PATH]...`,
//! for example `talkbot ask "what did they say about terratest?"`; `talkbot --help` lists the
//! options of each command.

use clap::Parser;
use std::process::ExitCode;

/// jemalloc, not the system's malloc: a reload builds the new index while the old one answers,
/// and glibc's per-thread arenas kept the freed generations (10 reloads of 10,000 talks: RSS
/// from 107 to 449 MB). jemalloc hands freed pages back within a second (a background thread
/// purges them), so the resident size returns to one index after each reload.
/// mimalloc was tried for the load: 0.34–0.46 s on a run that follows another, but 0.65–0.74 s
/// on the first run after a pause (0.6 s of system time, the kernel preparing its memory), which
/// is how a bot starts.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings (read before the first allocation): purge freed pages after one second,
/// on a background thread; one arena for all threads, so that what the reader's threads free
/// (the Markdown, the parsed pieces) is reused by the index's threads rather than held apart
/// (10,000 generated talks: peak resident size 78 MB with one arena per thread, 69 MB with one);
/// threads cache freed blocks of up to 4 KB rather than 32 KB (1 MB less at 10,000 talks, the
/// same speed).
#[cfg(not(target_env = "msvc"))]
#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: Option<&u8> = Some(
    &b"background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0,narenas:1,tcache_max:4096\0"[0],
);

/// Libraries that print whole WebSocket frames at debug and trace level (the IDENTIFY frame
/// holds the token, as text, a list of bytes or hex).
const FRAME_LOGGERS: &[&str] = &["tungstenite", "tokio_tungstenite"];

fn main() -> ExitCode {
    #[cfg(not(target_env = "msvc"))]
    talkbot::index_memory::allocator_is_jemalloc();
    init_logging();
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

/// Logs go to stderr; RUST_LOG chooses what is logged (default: info). Tokens are never
/// logged: a second filter, applied after RUST_LOG's, drops everything below info from the
/// [`FRAME_LOGGERS`], so no directive (not even one for a single module of theirs) can turn
/// their frame dumps on.
fn init_logging() {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::prelude::*;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,serenity=warn"));
    let cap = FRAME_LOGGERS.iter().fold(
        Targets::new().with_default(LevelFilter::TRACE),
        |cap, target| cap.with_target(*target, LevelFilter::INFO),
    );
    let output = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    tracing_subscriber::registry()
        .with(filter)
        .with(cap)
        .with(output)
        .init();
}
