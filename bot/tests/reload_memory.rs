//! The bot's resident memory stays flat across reloads: each reload builds a new index while
//! the old one still answers, and the old one's memory must be handed back, not kept by the
//! allocator (with glibc's per-thread arenas, 10 reloads of 10,000 talks took the bot from 107
//! to 449 MB). Linux only: the resident size is read from `/proc`.
//!
//! `RELOAD_MEMORY_TALKS` (default 2,000) and `RELOAD_MEMORY_RELOADS` (default 5) set the size
//! of the generated notes and the number of reloads, for measuring:
//! `RELOAD_MEMORY_TALKS=10000 RELOAD_MEMORY_RELOADS=10 cargo test --release -p talkbot --test
//! reload_memory -- --nocapture` prints the resident size after each reload.

#![cfg(target_os = "linux")]

use end_to_end::bot::{start_bot, TOKEN};
use end_to_end::discord::StandIn;
use end_to_end::temp_dir;
use std::path::Path;
use std::time::{Duration, Instant};

const TALKBOT: &str = env!("CARGO_BIN_EXE_talkbot");
const WAIT: Duration = Duration::from_secs(60);

/// A number from the environment variable `name`, else `default`.
fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The resident size of process `pid`, in KiB.
fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn rebuilds(logs: &Path) -> usize {
    std::fs::read_to_string(logs)
        .unwrap_or_default()
        .matches("index rebuilt")
        .count()
}

/// Adds a talk to the notes and waits until the bot has swapped in the rebuilt index and its
/// allocator has had time to hand the old one back; returns the resident size then.
async fn reload(notes: &Path, logs: &Path, pid: u32, n: usize) -> u64 {
    let before = rebuilds(logs);
    let mut text = std::fs::read_to_string(notes).expect("read notes");
    text.push_str(&format!(
        "\n## Added talk {n}\n\nWords added by reload {n}.\n"
    ));
    std::fs::write(notes, &text).expect("write notes");
    let start = Instant::now();
    while rebuilds(logs) == before {
        assert!(start.elapsed() < WAIT, "reload {n} never happened");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    resident_kib(pid)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reloads_hand_back_the_memory_of_the_old_index() {
    let discord = StandIn::start().await;
    let dir = temp_dir("reload-memory");
    let notes = dir.join("notes.md");
    std::fs::write(
        &notes,
        talk_notes::synth::generate_notes(setting("RELOAD_MEMORY_TALKS", 2_000), 5),
    )
    .expect("notes");
    let logs = dir.join("stderr.log");
    let bot = start_bot(
        Path::new(TALKBOT),
        &discord,
        &[notes.as_path()],
        &logs,
        &[
            ("DISCORD_TOKEN", TOKEN),
            ("TALKBOT_NOTES__WATCH_INTERVAL_MS", "100"),
            ("RUST_LOG", "info"),
        ],
    );
    let pid = bot.id().expect("the bot runs");
    assert!(
        discord.wait_identified(WAIT).await,
        "the bot never identified"
    );
    let first = reload(&notes, &logs, pid, 0).await;
    let mut sizes = vec![first];
    // Reloads after the first one, whose resident size is the reference.
    for n in 1..=setting("RELOAD_MEMORY_RELOADS", 5) {
        sizes.push(reload(&notes, &logs, pid, n).await);
    }
    println!("resident KiB after each reload: {sizes:?}");
    let last = sizes.last().copied().unwrap_or(0);
    // One index and the text it was read from come and go each time; what is resident after
    // a reload must not pile up.
    assert!(
        first > 0 && last * 4 <= first * 5,
        "resident KiB after each reload: {sizes:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
