//! Reading notes files and folders from disk.

use crate::model::Library;
use crate::parse::{parse_conference, ParseOptions};
use std::path::{Path, PathBuf};
use thiserror::Error;

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
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, NotesError> {
    if paths.is_empty() {
        return Err(NotesError::NoNotes);
    }
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| NotesError::Read {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            let before = files.len();
            collect_markdown(path, &mut files)?;
            if files.len() == before {
                return Err(NotesError::EmptyFolder { path: path.clone() });
            }
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn collect_markdown(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), NotesError> {
    let read_error = |source| NotesError::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_error)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(read_error)?;
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect_markdown(&path, files)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
        {
            files.push(path);
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
