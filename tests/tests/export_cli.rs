//! `talk-export` as a user runs it: files, names, layouts, summary, errors, qpdf, rendering.

use end_to_end::{example_notes, repo_root, temp_dir};
use std::path::Path;
use std::process::{Command, Output};

/// The `talk-export` binary Cargo built for this test.
const TALK_EXPORT: &str = env!("CARGO_BIN_EXE_talk-export");

const SLUGS: [&str; 9] = [
    "a-global-source-of-truth-for-the-microservices-generation",
    "securing-serverless---by-breaking-in",
    "kubernetes-is-not-for-developers",
    "building-resilient-serverless-systems",
    "lessons-learned-from-300000-lines-code-for-infrastructure",
    "everything-you-wanted-to-know-about-monorepos-but-were-afraid-to-ask",
    "building-a-distributed-real-time-stream-processing-system",
    "architecting-for-tv",
    "victims-of-our-own-success",
];

fn export(args: &[&str]) -> Output {
    let empty = tempfile::tempdir().expect("a temporary folder");
    Command::new(TALK_EXPORT)
        .current_dir(repo_root())
        .env_remove("TALKBOT_NOTES__PATHS")
        .env_remove("TALKBOT_EXPORT__LAYOUT")
        .env("SOURCE_DATE_EPOCH", "1700000000")
        // The [export] setting: no network, and the user's picture cache is never read.
        .env("TALKBOT_EXPORT__OFFLINE", "true")
        .env(
            "TALKBOT_EXPORT__PICTURE_CACHE",
            empty.path().join("pictures"),
        )
        .args(args)
        .output()
        .expect("talk-export runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Whether the PDF tool `tool` can be run. In CI (`CI` set) a missing tool fails the test, since
/// `.ci/run` installs them; elsewhere the step is skipped, and said so.
fn has(tool: &str) -> bool {
    match Command::new(tool).arg("--version").output() {
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
            assert!(
                !in_ci,
                "{tool} is not installed: CI must have it (.ci/run installs qpdf and poppler-utils)"
            );
            eprintln!("skipped: the {tool} checks ({tool} is not installed)");
            false
        }
        Err(e) => panic!("{tool} cannot be run: {e}"),
    }
}

fn assert_pdf(path: &Path) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(bytes.starts_with(b"%PDF-"), "{}", path.display());
    assert!(
        bytes.len() < 150_000,
        "{}: {} bytes",
        path.display(),
        bytes.len()
    );
}

#[test]
fn one_pdf_per_talk_named_by_slug_with_a_summary_line() {
    let out = temp_dir("export-slides");
    let out_s = out.to_string_lossy().into_owned();
    let notes = example_notes().to_string_lossy().into_owned();
    let result = export(&["--notes", &notes, "--out", &out_s]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    for slug in SLUGS {
        assert_pdf(&out.join(format!("{slug}.pdf")));
    }
    let names = std::fs::read_dir(&out).expect("out").count();
    assert_eq!(names, 9, "no stray temporary files");
    let summary = text(&result.stdout);
    assert!(summary.contains("9 talks"), "{summary}");
    // Offline with an empty cache: every remote picture is a placeholder, counted and reported.
    assert!(
        summary.contains("0 fetched") && summary.contains("missing"),
        "{summary}"
    );
    assert!(
        text(&result.stderr).contains("--offline"),
        "{}",
        text(&result.stderr)
    );
    assert!(
        summary.contains("pages") && summary.contains("bytes") && summary.contains(" s "),
        "{summary}"
    );

    // Running again replaces the files in place.
    let again = export(&["--notes", &notes, "--out", &out_s]);
    assert!(again.status.success());
    assert_eq!(std::fs::read_dir(&out).expect("out").count(), 9);

    if has("qpdf") {
        for slug in SLUGS {
            let check = Command::new("qpdf")
                .arg("--check")
                .arg(out.join(format!("{slug}.pdf")))
                .output()
                .expect("qpdf runs");
            assert!(check.status.success(), "{slug}: {}", text(&check.stdout));
        }
    }
    if has("pdftotext") {
        let words = Command::new("pdftotext")
            .arg(out.join(format!("{}.pdf", SLUGS[1])))
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let words = text(&words.stdout);
        assert!(
            words.contains("Securing serverless - By breaking in"),
            "{words}"
        );
        assert!(words.contains("7. Worry about all functions"), "{words}");
        assert!(
            // The conference is named after its file: the footer makes it readable.
            words.contains("Velocity London 2018 — page 1 / "),
            "{words}"
        );
    }
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn every_handout_layout_and_single_file() {
    let out = temp_dir("export-handouts");
    let out_s = out.to_string_lossy().into_owned();
    let notes = example_notes().to_string_lossy().into_owned();
    for layout in [
        "handout-1",
        "handout-2",
        "handout-3",
        "handout-4",
        "handout-6",
    ] {
        let result = export(&[
            &notes, "--out", &out_s, "--layout", layout, "--paper", "letter",
        ]);
        assert!(
            result.status.success(),
            "{layout}: {}",
            text(&result.stderr)
        );
        assert_pdf(&out.join(format!("{}.{layout}.pdf", SLUGS[0])));
    }
    let result = export(&[&notes, "--out", &out_s, "--single-file", "--theme", "dark"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let single = out.join("velocity-london-2018.pdf");
    let bytes = std::fs::read(&single).expect("single file");
    assert!(bytes.starts_with(b"%PDF-"));
    if has("pdfinfo") {
        let info = text(
            &Command::new("pdfinfo")
                .arg(&single)
                .output()
                .expect("pdfinfo")
                .stdout,
        );
        assert!(
            info.contains("Subject:         Velocity London 2018"),
            "{info}"
        );
        assert!(info.contains("Creator:         talk-export"), "{info}");
        assert!(
            info.contains("2023"),
            "creation date from SOURCE_DATE_EPOCH: {info}"
        );
    }
    if has("pdftoppm") {
        // The pages render (poppler parses fonts, images and content streams).
        let render = Command::new("pdftoppm")
            .args(["-png", "-r", "20", "-f", "1", "-l", "2"])
            .arg(&single)
            .arg(out.join("page"))
            .output()
            .expect("pdftoppm runs");
        assert!(render.status.success(), "{}", text(&render.stderr));
        assert!(
            text(&render.stderr).trim().is_empty(),
            "{}",
            text(&render.stderr)
        );
    }
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn several_notes_files_get_a_folder_each() {
    let out = temp_dir("export-folders");
    let notes_dir = temp_dir("export-notes");
    std::fs::write(
        notes_dir.join("conf-a.md"),
        "# Conf A\n\n## First talk\n\nHello *world*.\n\n## Second talk\n\n- one\n- two\n",
    )
    .expect("write");
    std::fs::write(
        notes_dir.join("conf-b.md"),
        "# Conf B\n\n## Only talk\n\nText.\n",
    )
    .expect("write");
    let result = export(&[
        "--notes",
        &notes_dir.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert_pdf(&out.join("conf-a/first-talk.pdf"));
    assert_pdf(&out.join("conf-a/second-talk.pdf"));
    assert_pdf(&out.join("conf-b/only-talk.pdf"));
    std::fs::remove_dir_all(&out).ok();
    std::fs::remove_dir_all(&notes_dir).ok();
}

#[test]
fn errors_are_clear_and_exit_non_zero() {
    let out = temp_dir("export-errors");
    let out_s = out.to_string_lossy().into_owned();
    let missing = export(&["--notes", "no/such/notes.md", "--out", &out_s]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains("no/such/notes.md"),
        "{}",
        text(&missing.stderr)
    );

    let bad_layout = export(&["--out", &out_s, "--layout", "handout-5"]);
    assert_eq!(bad_layout.status.code(), Some(2));
    assert!(
        text(&bad_layout.stderr).contains("handout-5"),
        "{}",
        text(&bad_layout.stderr)
    );

    let notes = example_notes().to_string_lossy().into_owned();
    let bad_font = export(&[&notes, "--out", &out_s, "--font", "no/such/font.ttf"]);
    assert_eq!(bad_font.status.code(), Some(1));
    assert!(
        text(&bad_font.stderr).contains("no/such/font.ttf"),
        "{}",
        text(&bad_font.stderr)
    );

    // --out naming a file, or a folder that cannot be made: what to give instead.
    let file = out.join("a-file");
    std::fs::write(&file, "").expect("a file");
    let file_s = file.to_string_lossy().into_owned();
    let on_file = export(&[&notes, "--out", &file_s]);
    assert_eq!(on_file.status.code(), Some(1));
    let err = text(&on_file.stderr);
    assert!(err.contains(&file_s) && err.contains("a folder"), "{err}");
    let under_file = format!("{file_s}/pdf");
    let under = export(&[&notes, "--out", &under_file]);
    assert_eq!(under.status.code(), Some(1));
    let err = text(&under.stderr);
    assert!(
        err.contains(&under_file) && err.contains("give --out"),
        "{err}"
    );

    let no_out = export(&[&notes]);
    assert_eq!(no_out.status.code(), Some(1));
    assert!(
        text(&no_out.stderr).contains("--out"),
        "{}",
        text(&no_out.stderr)
    );
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn a_character_no_font_has_is_reported_once_per_talk() {
    let out = temp_dir("export-missing");
    let notes_dir = temp_dir("export-missing-notes");
    let file = notes_dir.join("cjk.md");
    std::fs::write(&file, "# Conf\n\n## 漢字 talk\n\n漢字 twice: 漢字.\n").expect("write");
    let result = export(&[&file.to_string_lossy(), "--out", &out.to_string_lossy()]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let stderr = text(&result.stderr);
    assert_eq!(stderr.matches("U+6F22").count(), 1, "{stderr}");
    assert!(stderr.contains("--font"), "{stderr}");
    std::fs::remove_dir_all(&out).ok();
    std::fs::remove_dir_all(&notes_dir).ok();
}

#[test]
fn talk_names_a_talk_by_its_key_and_a_shared_name_lists_the_keys() {
    let notes = temp_dir("export-talk-key");
    std::fs::write(
        notes.join("conf-a.md"),
        "# A\n\n## Keynote\n\nOpening words.\n\n## Tracing\n\nSpans.\n",
    )
    .expect("write");
    std::fs::write(
        notes.join("conf-b.md"),
        "# B\n\n## Keynote\n\nClosing words.\n",
    )
    .expect("write");
    let out = temp_dir("export-talk-key-out");
    let (notes_s, out_s) = (notes.to_string_lossy(), out.to_string_lossy());

    // Both conferences have a "Keynote": the candidates are named by key.
    let shared = export(&[&notes_s, "--out", &out_s, "--talk", "keynote"]);
    assert_eq!(shared.status.code(), Some(1), "{}", text(&shared.stdout));
    let stderr = text(&shared.stderr);
    assert!(stderr.contains("ambiguous"), "{stderr}");
    assert!(
        stderr.contains("--talk conf-a#keynote") && stderr.contains("--talk conf-b#keynote"),
        "{stderr}"
    );

    // The key names one of them, as the bot's autocomplete does.
    let keyed = export(&[&notes_s, "--out", &out_s, "--talk", "conf-b#keynote"]);
    assert!(keyed.status.success(), "{}", text(&keyed.stderr));
    assert!(out.join("conf-b/keynote.pdf").is_file());
    assert!(!out.join("conf-a").exists());
    std::fs::remove_dir_all(&out).ok();
    std::fs::remove_dir_all(&notes).ok();
}

#[test]
fn talk_picks_one_talk_with_the_fuzzy_index() {
    let out = temp_dir("export-talk");
    let out_s = out.to_string_lossy().into_owned();
    let notes = example_notes().to_string_lossy().into_owned();
    // A typo still finds the talk.
    let found = export(&[&notes, "--out", &out_s, "--talk", "kubernetis"]);
    assert!(found.status.success(), "{}", text(&found.stderr));
    let files: Vec<_> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, vec![format!("{}.pdf", SLUGS[2])]);
    assert!(
        text(&found.stdout).contains("1 talks"),
        "{}",
        text(&found.stdout)
    );

    let ambiguous = export(&[&notes, "--out", &out_s, "--talk", "serverless"]);
    assert_eq!(ambiguous.status.code(), Some(1));
    let stderr = text(&ambiguous.stderr);
    assert!(stderr.contains("ambiguous"), "{stderr}");
    assert!(
        stderr.contains(SLUGS[1]) && stderr.contains(SLUGS[3]),
        "{stderr}"
    );

    let none = export(&[&notes, "--out", &out_s, "--talk", "quantum chromodynamics"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(
        text(&none.stderr).contains("no talk matches"),
        "{}",
        text(&none.stderr)
    );
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn hostile_notes_do_not_crash_the_exporter() {
    // A non-ASCII host: the slice after "www." used to land inside a character.
    let dir = temp_dir("export-hostile-notes");
    let notes = dir.join("conf.md");
    std::fs::write(
        &notes,
        "# Conférence\n\n## [日本のトーク](https://www.日本.jp/)\n\n[x](https://www.日本.jp/) and www.ü.example\n",
    )
    .expect("notes");
    let out = dir.join("pdf");
    let result = export(&[&notes.to_string_lossy(), "--out", &out.to_string_lossy()]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert_eq!(std::fs::read_dir(&out).expect("out").count(), 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn names_are_bounded_and_unique_and_a_failed_talk_does_not_stop_the_others() {
    let dir = temp_dir("export-names");
    let notes = dir.join("conf.md");
    // A title of 300 characters (330 bytes), one without a letter, one whose slug is the name
    // the first would get, and one whose file cannot be written (a folder is in the way).
    let long = "Überlange Überschrift ".repeat(14);
    assert!(long.chars().count() >= 300);
    std::fs::write(
        &notes,
        format!(
            "# Conf\n\n## ???\n\nA.\n\n## Talk\n\nB.\n\n## {long}\n\nC.\n\n## Blocked\n\nD.\n\n## After\n\nE.\n"
        ),
    )
    .expect("notes");
    let out = dir.join("pdf");
    std::fs::create_dir_all(out.join("blocked.pdf")).expect("folder in the way");
    std::fs::write(out.join("blocked.pdf/keep.txt"), "x").expect("file in the folder");

    let result = export(&[&notes.to_string_lossy(), "--out", &out.to_string_lossy()]);
    let stderr = text(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    // The failed talk is reported once, naming its file and its reason.
    assert_eq!(stderr.matches("blocked.pdf").count(), 1, "{stderr}");
    assert!(stderr.contains("conf.md:15: Blocked"), "{stderr}");
    assert!(
        stderr.contains("1 of 5 talks could not be exported: “Blocked” ("),
        "{stderr}"
    );

    let mut pdfs: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "blocked.pdf")
        .collect();
    pdfs.sort();
    for name in &pdfs {
        assert!(name.len() <= 255, "{} bytes: {name}", name.len());
        assert_pdf(&out.join(name));
    }
    assert!(pdfs.contains(&"talk.pdf".to_string()), "{pdfs:?}");
    assert!(pdfs.contains(&"talk-2.pdf".to_string()), "{pdfs:?}");
    assert!(pdfs.contains(&"after.pdf".to_string()), "{pdfs:?}");
    assert!(
        pdfs.iter().any(|n| n.starts_with("überlange-überschrift-")),
        "{pdfs:?}"
    );
    // Four talks written, four files, and the summary says so.
    assert_eq!(pdfs.len(), 4, "{pdfs:?}");
    let summary = text(&result.stdout);
    assert!(summary.contains("4 talks, 4 files"), "{summary}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn pictures_outside_the_notes_folder_need_allow_pictures_outside() {
    let dir = temp_dir("export-outside");
    let notes_dir = dir.join("notes");
    std::fs::create_dir_all(&notes_dir).expect("notes folder");
    let fixture = repo_root().join("export/tests/fixtures/slide.png");
    std::fs::copy(&fixture, dir.join("chart.png")).expect("picture outside");
    let notes = notes_dir.join("conf.md");
    std::fs::write(&notes, "# Conf\n\n## Charts\n\n![A chart](../chart.png)\n").expect("notes");
    let out = dir.join("pdf");
    let (notes_s, out_s) = (notes.to_string_lossy(), out.to_string_lossy());

    let confined = export(&[&notes_s, "--out", &out_s]);
    assert!(confined.status.success(), "{}", text(&confined.stderr));
    let stderr = text(&confined.stderr);
    assert!(
        stderr.contains("picture ../chart.png: outside the folder of the notes file")
            && stderr.contains("--allow-pictures-outside"),
        "{stderr}"
    );
    assert!(
        text(&confined.stdout).contains("0 local, 1 missing"),
        "{}",
        text(&confined.stdout)
    );

    let allowed = export(&[&notes_s, "--out", &out_s, "--allow-pictures-outside"]);
    assert!(allowed.status.success(), "{}", text(&allowed.stderr));
    assert!(
        text(&allowed.stdout).contains("1 local, 0 missing"),
        "{}",
        text(&allowed.stdout)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_picture_timeout_too_large_is_a_configuration_error() {
    let dir = temp_dir("export-timeout");
    let notes = dir.join("notes.md");
    // A remote picture: fetching it is what used the timeout (and overflowed).
    std::fs::write(
        &notes,
        "# Conf\n\n## Talk one\n\n![pic](http://127.0.0.1:9/x.png)\n\ntext\n",
    )
    .expect("notes");
    let output = Command::new(TALK_EXPORT)
        .current_dir(repo_root())
        .env(
            "TALKBOT_EXPORT__PICTURE_TIMEOUT_SECS",
            "18446744073709551615",
        )
        .env("TALKBOT_EXPORT__PICTURE_CACHE", dir.join("cache"))
        .arg(&notes)
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .expect("talk-export runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let err = text(&output.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains(
            "`export.picture_timeout_secs` is 18446744073709551615, expected at most 3600"
        ),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn the_summary_names_the_notes_entries_it_skipped_and_why() {
    let dir = temp_dir("export-skipped");
    let notes = dir.join("notes");
    std::fs::create_dir_all(&notes).expect("notes folder");
    std::fs::write(notes.join("conf.md"), "# Conf\n\n## Talk\n\nText.\n").expect("notes");
    std::os::unix::fs::symlink("gone.md", notes.join("draft.md")).expect("dead link");
    let made = Command::new("mkfifo")
        .arg(notes.join("pipe.md"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let out = dir.join("pdf");
    let result = export(&[&notes.to_string_lossy(), "--out", &out.to_string_lossy()]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let summary = text(&result.stdout);
    assert!(summary.contains("1 talks, 1 files"), "{summary}");
    assert!(summary.contains(", 2 notes entries skipped:"), "{summary}");
    assert!(
        summary.contains(&format!(
            "  skipped: {}: cannot read",
            notes.join("draft.md").display()
        )),
        "{summary}"
    );
    assert!(
        summary.contains(&format!(
            "  skipped: {}: a FIFO",
            notes.join("pipe.md").display()
        )),
        "{summary}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_number_too_large_in_a_variable_names_the_key_and_the_variable() {
    let dir = temp_dir("export-huge-number");
    let output = Command::new(TALK_EXPORT)
        .current_dir(repo_root())
        .env(
            "TALKBOT_EXPORT__PICTURE_TIMEOUT_SECS",
            "99999999999999999999999",
        )
        .arg(example_notes())
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .expect("talk-export runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let err = text(&output.stderr);
    // It said the number was 18446744073709551615, which the user never wrote.
    assert!(
        err.contains("key `export.picture_timeout_secs` is 99999999999999999999999 (variable TALKBOT_EXPORT__PICTURE_TIMEOUT_SECS), a number too large"),
        "{err}"
    );
    assert!(err.contains("give a smaller one"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
