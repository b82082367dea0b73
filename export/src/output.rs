//! Output files: their names (bounded, safe, unique within a run; one rule for `talk-export`
//! and the bot's `/handout` attachment) and writing them atomically (a temporary file beside
//! the target, synced, then renamed over it, so that a reader never sees a half-written PDF).

use crate::error::ExportError;
use crate::Layout;
use std::collections::HashSet;
use std::path::Path;
use talk_notes::Talk;

/// Longest file-name stem written, in bytes (UTF-8): room is left for a `-2` that keeps a name
/// unique and for `.handout-6.pdf`, well under the 255 bytes most file systems allow.
pub const MAX_STEM_BYTES: usize = 120;

/// A file-name stem for `text` (a slug, a notes file's stem): characters other than letters,
/// digits, `-`, `_` and `.` become `-`, `-` and `.` are trimmed from both ends, and the result
/// is cut to [`MAX_STEM_BYTES`] on a character boundary; `fallback` when nothing is left.
pub fn file_stem(text: &str, fallback: &str) -> String {
    let safe: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    // No leading `-` (read as an option by shell commands) or `.` (hidden), nor a trailing one.
    let safe =
        cut(safe.trim_start_matches(['-', '.']), MAX_STEM_BYTES).trim_end_matches(['-', '.']);
    if safe.is_empty() {
        fallback.to_string()
    } else {
        safe.to_string()
    }
}

/// `text` cut to at most `max` bytes on a character boundary.
fn cut(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// What follows the stem of a PDF in `layout`: `.pdf`, or `.handout-3.pdf` so that slides and
/// handouts can share a folder.
pub fn pdf_suffix(layout: Layout) -> String {
    match layout {
        Layout::Slides => ".pdf".to_string(),
        Layout::Handout(n) => format!(".handout-{n}.pdf"),
    }
}

/// The stem of `talk`'s PDF file: its slug as a [`file_stem`] (`talk` when the title has no
/// letter or digit).
pub fn talk_stem(talk: &Talk) -> String {
    file_stem(&talk.slug, "talk")
}

/// The file name of `talk`'s PDF in `layout`: [`talk_stem`] and [`pdf_suffix`]. The bot names
/// its `/handout` attachment with it; `talk-export` with [`UniqueNames::claim_talk`], the same
/// name unless the run already wrote it.
pub fn talk_file_name(talk: &Talk, layout: Layout) -> String {
    format!("{}{}", talk_stem(talk), pdf_suffix(layout))
}

/// The names handed out in one folder during one run, so that no file overwrites another one
/// written in the same run (compared without case, for case-insensitive file systems).
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: HashSet<String>,
}

impl UniqueNames {
    /// No name taken yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The file name of `talk`'s PDF in `layout` for this run: [`talk_file_name`] (the name of
    /// the bot's `/handout` attachment), or with `-2`, `-3`, … when the run already wrote it.
    pub fn claim_talk(&mut self, talk: &Talk, layout: Layout) -> String {
        self.claim(&talk_stem(talk), &pdf_suffix(layout))
    }

    /// `stem` + `suffix` if no earlier name of this run is the same, else `stem-2` + `suffix`,
    /// `stem-3` + `suffix`, … (the stem cut shorter when needed to stay within
    /// [`MAX_STEM_BYTES`]).
    pub fn claim(&mut self, stem: &str, suffix: &str) -> String {
        let mut name = format!("{stem}{suffix}");
        let mut n = 1;
        while !self.taken.insert(name.to_lowercase()) {
            n += 1;
            let number = format!("-{n}");
            let base = cut(stem, MAX_STEM_BYTES.saturating_sub(number.len()));
            name = format!("{base}{number}{suffix}");
        }
        name
    }
}

/// Writes `bytes` to `path`, replacing any existing file atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    // The folder is not synced: readers see the old or the new file either way, and one folder
    // sync per file doubled the time of a 1,000-talk export.
    talk_notes::atomic_write::write_atomic(path, bytes).map_err(|reason| ExportError::Write {
        path: path.to_path_buf(),
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_bounded_on_a_character_boundary_and_never_empty() {
        // 300 characters of two bytes each.
        let long = "é".repeat(300);
        let stem = file_stem(&long, "talk");
        assert!(stem.len() <= MAX_STEM_BYTES, "{} bytes", stem.len());
        assert_eq!(stem, "é".repeat(MAX_STEM_BYTES / 2));
        // A three-byte character straddling the limit is left out whole.
        let cjk = file_stem(&"漢".repeat(100), "talk");
        assert_eq!(cjk, "漢".repeat(MAX_STEM_BYTES / 3));
        assert_eq!(file_stem("", "talk"), "talk");
        assert_eq!(file_stem("---", "talk"), "talk");
        assert_eq!(file_stem("..", "notes"), "notes");
        assert_eq!(file_stem("a/b\\c d", "x"), "a-b-c-d");
        assert_eq!(file_stem(".hidden", "x"), "hidden");
        // The second `## ???` of a file has the slug `-1`.
        assert_eq!(file_stem("-1", "talk"), "1");
    }

    #[test]
    fn names_are_unique_within_a_run_without_case() {
        let mut names = UniqueNames::new();
        assert_eq!(names.claim("talk", ".pdf"), "talk.pdf");
        assert_eq!(names.claim("talk", ".pdf"), "talk-2.pdf");
        // A talk whose slug is what the de-duplication produced gets a name of its own.
        assert_eq!(names.claim("talk-2", ".pdf"), "talk-2-2.pdf");
        assert_eq!(names.claim("Talk", ".pdf"), "Talk-3.pdf");
        // Another suffix is another name.
        assert_eq!(names.claim("talk", ".handout-3.pdf"), "talk.handout-3.pdf");
        // A stem at the limit is cut to make room for the number.
        let long = "a".repeat(MAX_STEM_BYTES);
        assert_eq!(names.claim(&long, ".pdf"), format!("{long}.pdf"));
        let second = names.claim(&long, ".pdf");
        assert_eq!(second, format!("{}-2.pdf", &long[..MAX_STEM_BYTES - 2]));
    }

    #[test]
    fn a_run_names_a_talk_as_the_bot_names_its_attachment() {
        let notes = format!(
            "# Conf\n\n## {}\n\nText.\n",
            "Überlange Überschrift ".repeat(10)
        );
        let conference = talk_notes::parse_conference(
            &notes,
            Path::new("conf.md"),
            &talk_notes::ParseOptions::default(),
        );
        let talk = &conference.talks[0];
        for layout in [Layout::Slides, Layout::Handout(3)] {
            let mut names = UniqueNames::new();
            let first = names.claim_talk(talk, layout);
            assert_eq!(first, talk_file_name(talk, layout));
            let again = names.claim_talk(talk, layout);
            assert_ne!(again, first);
            assert!(
                again.ends_with(&format!("-2{}", pdf_suffix(layout))),
                "{again}"
            );
        }
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        let path = dir.join("a.pdf");
        write_atomic(&path, b"one").expect("first write");
        write_atomic(&path, b"two").expect("second write");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_the_path() {
        let err = write_atomic(Path::new("/nonexistent-dir/x/a.pdf"), b"x").unwrap_err();
        assert!(
            err.to_string().contains("/nonexistent-dir/x/a.pdf"),
            "{err}"
        );
    }
}
