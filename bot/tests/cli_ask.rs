//! The `talkbot` binary offers `ask` and insists on a query.

use std::process::Command;

#[test]
fn help_lists_the_ask_subcommand() {
    let output = Command::new(env!("CARGO_BIN_EXE_talkbot"))
        .arg("--help")
        .output()
        .expect("talkbot runs");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(
        help.lines().any(|l| l.trim_start().starts_with("ask ")),
        "{help}"
    );
}

#[test]
fn ask_needs_a_query() {
    let output = Command::new(env!("CARGO_BIN_EXE_talkbot"))
        .args(["ask", "--json"])
        .output()
        .expect("talkbot runs");
    assert!(!output.status.success());
}

#[test]
fn a_huge_limit_is_clamped() {
    let notes = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../notes/examples/velocity-london-2018.md"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_talkbot"))
        .args([
            "ask",
            "--json",
            "--notes",
            notes,
            "--limit",
            "18446744073709551615",
        ])
        .arg("kubernetes")
        .env("RUST_LOG", "off")
        .output()
        .expect("talkbot runs");
    assert!(output.status.success(), "{output:?}");
    let json = String::from_utf8_lossy(&output.stdout);
    assert!(json.contains("Kubernetes is not for developers"), "{json}");
}
