//! Reading notes files and folders from disk.

use crate::model::Library;
use crate::parse::{parse_conference, ParseOptions};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use thiserror::Error;
use walkdir::WalkDir;

/// Why notes could not be loaded. Each error names the path and says what to do.
#[derive(Debug, Error)]
pub enum NotesError {
    /// The file or folder could not be read.
    #[error("{path}: cannot read: {source} (check the path given with --notes or notes.paths)")]
    Read {
        /// The path that failed.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
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

/// Expands folders to the `.md` files inside them (recursively, sorted, hidden entries skipped).
/// Symbolic links are followed, but a link back to a folder being walked is skipped, and each
/// file is listed once however many paths lead to it.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, NotesError> {
    if paths.is_empty() {
        return Err(NotesError::NoNotes);
    }
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| NotesError::Read {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            let before = files.len();
            collect_markdown(path, &mut files, &mut seen)?;
            if files.len() == before {
                return Err(NotesError::EmptyFolder { path: path.clone() });
            }
        } else if seen.insert(identity(path)) {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// What makes two paths the same file: the canonical path when it can be had.
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn collect_markdown(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    seen: &mut HashSet<PathBuf>,
) -> Result<(), NotesError> {
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
                let source = error
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot walk the folder"));
                return Err(NotesError::Read { path, source });
            }
        };
        let is_markdown = entry
            .path()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
        if entry.file_type().is_file() && is_markdown && seen.insert(identity(entry.path())) {
            files.push(entry.into_path());
        }
    }
    Ok(())
}

/// Reads a notes file as UTF-8 text.
pub fn read_notes(path: &Path) -> Result<String, NotesError> {
    let bytes = std::fs::read(path).map_err(|source| NotesError::Read {
        path: path.to_path_buf(),
        source,
    })?;
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

/// Loads every notes file (folders expanded) into one library, one conference per file.
pub fn load_library(paths: &[PathBuf], options: &ParseOptions) -> Result<Library, NotesError> {
    let mut library = Library::default();
    for file in expand_paths(paths)? {
        let text = read_notes(&file)?;
        library
            .conferences
            .push(parse_conference(&text, &file, options));
    }
    Ok(library)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_link_to_the_parent_folder_lists_each_file_once() {
        let root = std::env::temp_dir().join(format!("talk-notes-loop-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let notes = root.join("notes");
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
        let _ = std::fs::remove_dir_all(&root);
    }
}
