//! The notes lint: every finding names file and line and says how to fix it.

use std::path::{Path, PathBuf};
use talk_notes::check::check_text;
use talk_notes::{check_paths, ParseOptions, Severity};

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A file `name` holding `bytes` in a fresh folder, removed when the returned guard is dropped.
fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    (tmp, path)
}

#[test]
fn seed_shape_findings() {
    let path = fixture_path("seed_shape.md");
    let (_, findings) = check_paths(std::slice::from_ref(&path), &ParseOptions::default());
    let lines: Vec<String> = findings.iter().map(|f| f.to_string()).collect();
    assert!(
        findings.iter().all(|f| f.severity == Severity::Warning),
        "{lines:#?}"
    );
    let at = |line: usize, needle: &str| {
        assert!(
            findings
                .iter()
                .any(|f| f.line == line && f.to_string().contains(needle) && f.file == path),
            "no finding at line {line} with {needle:?} in {lines:#?}"
        )
    };
    at(6, "#second-talk-with-dash, which GitHub would not resolve");
    at(6, "is #second-talk---with-dash");
    at(
        43,
        "\"Second talk - with dash\" is missing from the table of contents",
    );
    at(46, "talk title \"First talk\" is also used at line 8");
    at(46, "#first-talk-1");
    at(50, "\"Empty talk\" has no notes");
    assert_eq!(findings.len(), 6, "{lines:#?}");
}

#[test]
fn bad_links_are_reported() {
    let text = "# C\n\n## Talk\n\n[empty]() and [spaced](<https://a b.io>) and [nohost](https://) \
                and [bare](gruntwork.io/devops-checklist) and [ok](https://example.com) \
                and [mail](<me@example.com>) and [local](images/x.png)\n";
    let (_, findings) = check_text(text, Path::new("notes.md"), &ParseOptions::default());
    let all: Vec<String> = findings.iter().map(|f| f.to_string()).collect();
    let has = |needle: &str| {
        assert!(
            all.iter().any(|f| f.contains(needle)),
            "{needle:?} in {all:#?}"
        )
    };
    has("notes.md:5: warning: link \"empty\" has an empty URL");
    has("link \"spaced\" has a space in its URL");
    has("link \"nohost\" has a malformed URL \"https://\" (empty host)");
    has("a web address without https:// (hint: write https://gruntwork.io/devops-checklist)");
    assert_eq!(findings.len(), 4, "{all:#?}");
}

#[test]
fn unreadable_and_invalid_files_are_errors() {
    let (_tmp, bad) = temp_file("latin1.md", b"# Caf\n\n## Talk\n\nna\xefve\n");
    let (library, findings) = check_paths(std::slice::from_ref(&bad), &ParseOptions::default());
    assert!(library.conferences.is_empty());
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].severity, Severity::Error);
    assert_eq!(findings[0].line, 5);
    assert!(
        findings[0].message.contains("invalid UTF-8 at byte 18"),
        "{}",
        findings[0]
    );
    assert!(findings[0].hint.contains("UTF-8"), "{}", findings[0]);

    let missing = PathBuf::from("/nonexistent/notes.md");
    let (_, findings) = check_paths(
        &[missing.clone(), fixture_path("toml_front.md")],
        &ParseOptions::default(),
    );
    assert_eq!(findings[0].severity, Severity::Error);
    assert_eq!(findings[0].file, missing);
    assert!(
        findings[0].message.contains("cannot read"),
        "{}",
        findings[0]
    );
}

#[cfg(unix)]
#[test]
fn unreadable_entries_of_a_folder_are_warnings_and_the_rest_is_checked() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().to_path_buf();
    std::fs::create_dir_all(dir.join("img")).expect("folders");
    std::fs::copy(fixture_path("toml_front.md"), dir.join("notes.md")).expect("copy");
    std::os::unix::fs::symlink("gone.png", dir.join("img/old.png")).expect("dead picture link");
    std::os::unix::fs::symlink("gone.md", dir.join("dead.md")).expect("dead notes link");

    let (library, findings) = check_paths(std::slice::from_ref(&dir), &ParseOptions::default());
    let lines: Vec<String> = findings.iter().map(|f| f.to_string()).collect();
    assert_eq!(library.conferences.len(), 1, "{lines:#?}");
    assert!(
        findings.iter().all(|f| f.severity == Severity::Warning),
        "{lines:#?}"
    );
    let dead: Vec<&talk_notes::Finding> = findings
        .iter()
        .filter(|f| f.message.contains("cannot read"))
        .collect();
    assert_eq!(dead.len(), 1, "{lines:#?}");
    assert_eq!(dead[0].file, dir.join("dead.md"));
    assert!(!lines.iter().any(|l| l.contains("old.png")), "{lines:#?}");
}

#[test]
fn renamed_anchors_in_a_long_table_of_contents_each_get_their_heading() {
    // Every entry of the table of contents points to an anchor that changed ("old-" in front),
    // and half of them have a changed label too: each hint still names the right heading.
    let notes = talk_notes::synth::generate_notes(400, 3);
    let mut entries = 0;
    let text: String = notes
        .lines()
        .map(|line| match line.strip_prefix("- [") {
            Some(rest) if rest.contains("](#") => {
                entries += 1;
                let label = if entries % 2 == 0 { "Old " } else { "" };
                format!("- [{label}{}\n", rest.replacen("](#", "](#old-", 1))
            }
            _ => format!("{line}\n"),
        })
        .collect();
    assert_eq!(entries, 400);
    let (conference, findings) = check_text(&text, Path::new("long.md"), &ParseOptions::default());
    let broken: Vec<_> = findings
        .iter()
        .filter(|f| f.message.contains("would not resolve"))
        .collect();
    assert_eq!(broken.len(), 400);
    for (finding, talk) in broken.iter().zip(&conference.talks) {
        assert!(
            finding
                .hint
                .ends_with(&format!("(line {}) is #{}", talk.line, talk.slug)),
            "{finding}"
        );
    }
}

#[test]
fn a_file_without_talks_says_how_to_mark_them() {
    let (_, findings) = check_text(
        "# Conf\n\nJust an intro.\n",
        Path::new("x.md"),
        &ParseOptions::default(),
    );
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].severity, Severity::Warning);
    assert!(
        findings[0]
            .to_string()
            .starts_with("x.md:0: warning: no talks found (hint: give each talk a heading"),
        "{}",
        findings[0]
    );
}

#[test]
fn clean_notes_have_no_findings() {
    let (library, findings) =
        check_paths(&[fixture_path("deep_groups.md")], &ParseOptions::default());
    assert_eq!(library.talk_count(), 3);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn bad_front_matter_is_a_warning_with_file_and_line_and_the_talks_stay() {
    let text = "---\ntitle: Conf\ntags: [go, rust\n---\n\n## First talk\n\nNotes.\n\n## Second talk\n\nMore.\n";
    let (conference, findings) = check_text(text, Path::new("notes.md"), &ParseOptions::default());
    let titles: Vec<&str> = conference.talks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["First talk", "Second talk"]);
    let all: Vec<String> = findings.iter().map(|f| f.to_string()).collect();
    assert_eq!(findings.len(), 1, "{all:#?}");
    assert_eq!(findings[0].severity, Severity::Warning);
    assert!(
        all[0].starts_with("notes.md:4: warning: the YAML front matter is not valid: "),
        "{all:#?}"
    );
    assert!(
        all[0].contains("fix the YAML between the `---` lines"),
        "{all:#?}"
    );

    let parsed =
        talk_notes::parse_conference(text, Path::new("notes.md"), &ParseOptions::default());
    assert_eq!(parsed.talks.len(), 2);
}

#[test]
fn check_reads_a_file_as_talks_does() {
    // Headings without a space after the hashes, as GitHub rendered them before 2017.
    let text = "#Conf 2012\n\n##First talk\n\nSome notes.\n\n##Second talk\n\nMore notes.\n";
    let file = Path::new("old.md");
    let (checked, _) = check_text(text, file, &ParseOptions::default());
    let parsed = talk_notes::parse_conference(text, file, &ParseOptions::default());
    let titles = |c: &talk_notes::Conference| -> Vec<String> {
        c.talks.iter().map(|t| t.title.clone()).collect()
    };
    assert_eq!(titles(&checked), ["First talk", "Second talk"]);
    assert_eq!(titles(&checked), titles(&parsed));
}
