//! Reading notes files and folders from disk.
//!
//! A folder is walked for its `.md` files. Entries that are not notes (pictures, dead links to
//! pictures, other files) are passed over; a notes entry that cannot be read (permission
//! denied, a link to nowhere or a loop of links, a FIFO or device named `*.md`, an unreadable
//! sub-folder) is skipped with a warning naming it, and the other notes still load. A path
//! named explicitly (on the command line or in `notes.paths`) must load: a missing or unreadable
//! one is an error naming it.

use crate::model::{Conference, Library};
use crate::parse::{
    explain_conference, parse_conference_owned, parse_conference_to_answer, ParseOptions,
};
use crate::roles::Explanation;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use thiserror::Error;
use walkdir::WalkDir;

/// Why notes could not be loaded, or why one entry of a folder was skipped. Each error names
/// the path and says what to do.
#[derive(Debug, Error)]
pub enum NotesError {
    /// The file or folder could not be read.
    #[error("{path}: cannot read: {error} (check that the path exists and that you may read it)")]
    Read {
        /// The path that failed.
        path: PathBuf,
        /// The I/O error.
        error: std::io::Error,
    },
    /// The path is a FIFO, socket or device, which could block or never end.
    #[error("{path}: a FIFO, socket or device, not a regular file (notes are files, or folders of them)")]
    NotRegular {
        /// The path.
        path: PathBuf,
    },
    /// The file is not UTF-8 text.
    #[error("{path}:{line}: invalid UTF-8 at byte {offset} (save the file as UTF-8)")]
    InvalidUtf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A folder holds no `.md` file.
    #[error("{path}: no .md files in this folder (give a notes file or a folder of them)")]
    EmptyFolder {
        /// The folder.
        path: PathBuf,
    },
    /// No notes were given at all.
    #[error("no notes files given (pass --notes PATH or set notes.paths in the configuration)")]
    NoNotes,
}

impl NotesError {
    /// The file or folder concerned, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            NotesError::Read { path, .. }
            | NotesError::NotRegular { path }
            | NotesError::InvalidUtf8 { path, .. }
            | NotesError::EmptyFolder { path } => Some(path),
            NotesError::NoNotes => None,
        }
    }
}

/// One notes file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotesFile {
    /// Where it is.
    pub path: PathBuf,
    /// Named explicitly rather than found in a folder: it must load.
    pub named: bool,
}

/// The notes files under some paths, and the entries of their folders that were skipped.
#[derive(Debug, Default)]
pub struct NotesFiles {
    /// The files, in the order given (a folder's files sorted by name), each once.
    pub files: Vec<NotesFile>,
    /// Notes entries of folders that cannot be read, each with why.
    pub skipped: Vec<NotesError>,
}

/// Notes loaded from disk, and the entries skipped on the way.
#[derive(Debug, Default)]
pub struct LoadedNotes {
    /// One conference per notes file.
    pub library: Library,
    /// Notes entries of folders that could not be read; report them as warnings.
    pub skipped: Vec<NotesError>,
}

/// Whether a path names a Markdown file by its extension.
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Finds the notes files: folders are expanded to the `.md` files inside them (recursively,
/// sorted, hidden entries skipped). Symbolic links are followed, but a link back to a folder
/// being walked is passed over, and each file is listed once however many paths lead to it.
/// A named path that is missing, not a file or folder, or a folder without notes is an error;
/// unreadable entries inside folders are listed in [`NotesFiles::skipped`].
pub fn find_notes(paths: &[PathBuf]) -> Result<NotesFiles, NotesError> {
    if paths.is_empty() {
        return Err(NotesError::NoNotes);
    }
    let mut found = NotesFiles::default();
    let mut seen = HashSet::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|error| NotesError::Read {
            path: path.clone(),
            error,
        })?;
        if meta.is_dir() {
            let (before, skipped) = (found.files.len(), found.skipped.len());
            collect_markdown(path, &mut found, &mut seen);
            if found.files.len() == before && found.skipped.len() == skipped {
                return Err(NotesError::EmptyFolder { path: path.clone() });
            }
        } else if !meta.is_file() {
            return Err(NotesError::NotRegular { path: path.clone() });
        } else if seen.insert(identity(path)) {
            found.files.push(NotesFile {
                path: path.clone(),
                named: true,
            });
        }
    }
    Ok(found)
}

/// The notes files under `paths` (see [`find_notes`]), without the skipped entries.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, NotesError> {
    Ok(find_notes(paths)?
        .files
        .into_iter()
        .map(|file| file.path)
        .collect())
}

/// What makes two paths the same file: the canonical path when it can be had.
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn collect_markdown(dir: &Path, found: &mut NotesFiles, seen: &mut HashSet<PathBuf>) {
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            // A link to a folder being walked: its files are listed through the real path.
            Err(error) if error.loop_ancestor().is_some() => continue,
            Err(error) => {
                let path = error.path().unwrap_or(dir).to_path_buf();
                // A folder that cannot be listed may hold notes; an entry that cannot be
                // resolved (a dead link, a loop of links) matters only when named like notes.
                let is_folder = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
                if is_folder || is_markdown(&path) {
                    let error = error
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("cannot walk the folder"));
                    found.skipped.push(NotesError::Read { path, error });
                }
                continue;
            }
        };
        if !is_markdown(entry.path()) {
            continue;
        }
        let kind = entry.file_type();
        if kind.is_file() {
            if seen.insert(identity(entry.path())) {
                found.files.push(NotesFile {
                    path: entry.into_path(),
                    named: false,
                });
            }
        } else if !kind.is_dir() {
            found.skipped.push(NotesError::NotRegular {
                path: entry.into_path(),
            });
        }
    }
}

/// Opens a file for reading without ever blocking on a FIFO or device, and checks that what
/// was opened is a regular file.
fn open_regular(path: &Path) -> Result<std::fs::File, NotesError> {
    let read_error = |error| NotesError::Read {
        path: path.to_path_buf(),
        error,
    };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if !meta.is_file() {
        return Err(NotesError::NotRegular {
            path: path.to_path_buf(),
        });
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // The path may have been replaced by a FIFO since the check: opening one without a
    // writer would wait forever, unless non-blocking.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(read_error)?;
    if !file.metadata().map_err(read_error)?.is_file() {
        return Err(NotesError::NotRegular {
            path: path.to_path_buf(),
        });
    }
    Ok(file)
}

/// Reads a file that must be a regular file (a state file, say) as UTF-8 text, never waiting
/// on a FIFO or device: a path that is not a regular file is an `InvalidInput` error saying so.
pub fn read_regular_file(path: &Path) -> std::io::Result<String> {
    let mut file = open_regular(path).map_err(|error| match error {
        NotesError::Read { error, .. } => error,
        other => std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{other} (it must be a regular file)"),
        ),
    })?;
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    Ok(text)
}

/// Reads a notes file as UTF-8 text. A path that is not a regular file (a FIFO, a device) is
/// refused without waiting on it.
pub fn read_notes(path: &Path) -> Result<String, NotesError> {
    let mut file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|error| NotesError::Read {
            path: path.to_path_buf(),
            error,
        })?;
    lone_returns_to_newlines(&mut bytes);
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        NotesError::InvalidUtf8 {
            path: path.to_path_buf(),
            line,
            offset,
        }
    })
}

/// Turns each carriage return that ends a line on its own (notes saved with classic Mac line
/// endings) into a newline, in place. Markdown ends a line there too, so the notes read the
/// same; the line numbers of talks, warnings and answers, which count newlines, are then
/// right instead of all 1. The text keeps its length and byte offsets, and stays UTF-8 if it
/// was (both bytes are ASCII, never part of another character).
fn lone_returns_to_newlines(bytes: &mut [u8]) {
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
}

/// Loads every notes file (folders expanded) into one library, one conference per file.
/// Entries of folders that cannot be read are skipped and listed in [`LoadedNotes::skipped`];
/// a named path that cannot be read, or a file that is not UTF-8, is an error, and so is
/// finding no readable notes at all.
pub fn load_notes(paths: &[PathBuf], options: &ParseOptions) -> Result<LoadedNotes, NotesError> {
    let (conferences, skipped) = read_each(paths, |text, path| {
        parse_conference_owned(text, path, options)
    })?;
    Ok(LoadedNotes {
        library: Library { conferences },
        skipped,
    })
}

/// Loads every notes file as [`load_notes`] does, for a program that answers questions and
/// never checks: each file is read with [`parse_conference_to_answer`], which keeps neither the
/// headings' anchors nor the table of contents.
pub fn load_notes_to_answer(
    paths: &[PathBuf],
    options: &ParseOptions,
) -> Result<LoadedNotes, NotesError> {
    let (conferences, skipped) = read_each(paths, |text, path| {
        parse_conference_to_answer(text, path, options)
    })?;
    Ok(LoadedNotes {
        library: Library { conferences },
        skipped,
    })
}

/// Reads every notes file as [`load_notes`] does, with what each heading was taken for and
/// which evidence decided (`talkbot talks --explain`), one file after the other.
pub fn explain_notes(
    paths: &[PathBuf],
    options: &ParseOptions,
) -> Result<Vec<(Conference, Explanation)>, NotesError> {
    read_each(paths, |text, path| explain_conference(&text, path, options)).map(|(all, _)| all)
}

/// Reads and parses every notes file with `parse`, which takes the text; the entries of
/// folders that cannot be read come back apart, and are the error when nothing else could be
/// read.
fn read_each<T>(
    paths: &[PathBuf],
    mut parse: impl FnMut(String, &Path) -> T,
) -> Result<(Vec<T>, Vec<NotesError>), NotesError> {
    let NotesFiles { files, mut skipped } = find_notes(paths)?;
    let mut parsed = Vec::new();
    for file in files {
        match read_notes(&file.path) {
            Ok(text) => parsed.push(parse(text, &file.path)),
            Err(error @ (NotesError::Read { .. } | NotesError::NotRegular { .. }))
                if !file.named =>
            {
                skipped.push(error)
            }
            Err(error) => return Err(error),
        }
    }
    if parsed.is_empty() && !skipped.is_empty() {
        return Err(skipped.swap_remove(0));
    }
    Ok((parsed, skipped))
}

/// Loads every notes file (folders expanded) into one library, like [`load_notes`] but
/// without the list of skipped entries.
pub fn load_library(paths: &[PathBuf], options: &ParseOptions) -> Result<Library, NotesError> {
    load_notes(paths, options).map(|loaded| loaded.library)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_with_carriage_returns_alone_end_their_lines_there() {
        let root = tempfile::tempdir().expect("temporary folder");
        let lf = "# Conf\n\n## First talk\n\nText.\n\n## Second talk\n\nMore.\n";
        let cr = lf.replace('\n', "\r");
        let crlf = lf.replace('\n', "\r\n");
        let mut lines = Vec::new();
        for (name, text) in [("lf.md", lf.to_string()), ("cr.md", cr), ("crlf.md", crlf)] {
            let path = root.path().join(name);
            std::fs::write(&path, text).expect("notes");
            let library = load_library(&[path], &ParseOptions::default()).expect("loads");
            let talks: Vec<(String, usize, usize)> = library
                .talks()
                .map(|(_, t)| (t.title.clone(), t.line, t.end_line))
                .collect();
            lines.push(talks);
        }
        assert_eq!(lines[0].len(), 2, "{:?}", lines[0]);
        assert_eq!(lines[1], lines[0], "classic Mac line endings");
        assert_eq!(lines[2], lines[0], "Windows line endings");
        // A byte that is not UTF-8 is named on its line there too.
        let path = root.path().join("bad.md");
        std::fs::write(&path, b"# Conf\r\r## Talk\r\r\xff\r").expect("notes");
        match read_notes(&path) {
            Err(NotesError::InvalidUtf8 { line, .. }) => assert_eq!(line, 5),
            other => panic!("{other:?}"),
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_the_parent_folder_lists_each_file_once() {
        let root = tempfile::tempdir().expect("temporary folder");
        let notes = root.path().join("notes");
        std::fs::create_dir_all(notes.join("day1")).expect("folders");
        std::fs::write(notes.join("a.md"), "# A\n\n## Talk\n\ntext\n").expect("a.md");
        std::fs::write(notes.join("day1/b.md"), "# B\n\n## Talk\n\ntext\n").expect("b.md");
        std::os::unix::fs::symlink("..", notes.join("day1/up")).expect("link to parent");
        std::os::unix::fs::symlink("day1", notes.join("again")).expect("link to sibling");
        std::fs::write(notes.join(".hidden.md"), "# H\n").expect("hidden");

        let files = expand_paths(&[notes.clone(), notes.join("a.md")]).expect("expand");
        let names: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(&notes).unwrap_or(f).display().to_string())
            .collect();
        assert_eq!(names, ["a.md", "again/b.md"], "{files:?}");
        let library = load_library(&[notes], &ParseOptions::default()).expect("load");
        assert_eq!(library.talk_count(), 2);
    }

    #[cfg(unix)]
    fn mkfifo(path: &Path) {
        let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: a valid NUL-terminated path; mkfifo does not keep the pointer.
        let made = unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) };
        assert_eq!(made, 0, "mkfifo {}", path.display());
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_entries_of_a_folder_are_skipped_and_named() {
        use std::os::unix::fs::{symlink, PermissionsExt};
        let root = tempfile::tempdir().expect("temporary folder");
        let notes = root.path().join("notes");
        std::fs::create_dir_all(notes.join("img")).expect("folders");
        std::fs::create_dir_all(notes.join("locked")).expect("folders");
        std::fs::write(notes.join("a.md"), "# A\n\n## Talk\n\ntext\n").expect("a.md");
        std::fs::write(notes.join("locked/b.md"), "# B\n\n## Talk\n\ntext\n").expect("b.md");
        std::fs::write(notes.join("secret.md"), "# S\n\n## Talk\n\ntext\n").expect("secret");
        // Not notes: passed over without a word.
        symlink("gone.png", notes.join("img/old.png")).expect("dead picture link");
        symlink("nowhere", notes.join("img/folder")).expect("dead link");
        std::fs::write(notes.join("readme.txt"), "text").expect("txt");
        // Notes that cannot be read: skipped, each named.
        symlink("gone.md", notes.join("dead.md")).expect("dead notes link");
        symlink("loop.md", notes.join("loop.md")).expect("loop");
        mkfifo(&notes.join("pipe.md"));
        std::fs::set_permissions(notes.join("locked"), std::fs::Permissions::from_mode(0o000))
            .expect("lock folder");
        std::fs::set_permissions(
            notes.join("secret.md"),
            std::fs::Permissions::from_mode(0o000),
        )
        .expect("lock file");
        // Root reads whatever the permissions say.
        let locks_hold = std::fs::read_dir(notes.join("locked")).is_err();

        let loaded =
            load_notes(std::slice::from_ref(&notes), &ParseOptions::default()).expect("loads");
        let mut skipped: Vec<String> = loaded
            .skipped
            .iter()
            .map(|e| {
                let path = e.path().expect("a path");
                path.strip_prefix(&notes)
                    .unwrap_or(path)
                    .display()
                    .to_string()
            })
            .collect();
        skipped.sort();
        let mut expected = vec!["dead.md", "loop.md", "pipe.md"];
        if locks_hold {
            expected.extend(["locked", "secret.md"]);
            assert_eq!(loaded.library.talk_count(), 1);
        } else {
            assert_eq!(loaded.library.talk_count(), 3);
        }
        expected.sort();
        assert_eq!(skipped, expected, "{:?}", loaded.skipped);
        for error in &loaded.skipped {
            let text = error.to_string();
            assert!(text.starts_with(&notes.display().to_string()), "{text}");
        }
        let pipe = loaded
            .skipped
            .iter()
            .find(|e| e.path().is_some_and(|p| p.ends_with("pipe.md")))
            .expect("the FIFO");
        assert!(matches!(pipe, NotesError::NotRegular { .. }), "{pipe}");

        // Named explicitly, a missing file or a FIFO is an error naming it, never a wait.
        for name in ["missing.md", "pipe.md", "dead.md"] {
            let path = notes.join(name);
            let error = load_library(
                &[notes.join("a.md"), path.clone()],
                &ParseOptions::default(),
            )
            .expect_err(name);
            assert_eq!(error.path(), Some(path.as_path()), "{error}");
        }
        assert!(matches!(
            read_notes(&notes.join("pipe.md")),
            Err(NotesError::NotRegular { .. })
        ));

        // A folder whose only notes cannot be read loads nothing: that is an error.
        let only_bad = root.path().join("only-bad");
        std::fs::create_dir_all(&only_bad).expect("folder");
        symlink("gone.md", only_bad.join("dead.md")).expect("dead link");
        let error = load_library(std::slice::from_ref(&only_bad), &ParseOptions::default())
            .expect_err("none");
        assert_eq!(error.path(), Some(only_bad.join("dead.md").as_path()));

        for locked in ["locked", "secret.md"] {
            let _ = std::fs::set_permissions(
                notes.join(locked),
                std::fs::Permissions::from_mode(0o755),
            );
        }
    }
}
