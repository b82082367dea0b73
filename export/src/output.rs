//! Writing output files atomically: a temporary file beside the target, synced, then renamed
//! over it, so that a reader never sees a half-written PDF.

use crate::error::ExportError;
use std::path::Path;

/// Writes `bytes` to `path`, replacing any existing file atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    // The folder is not synced: readers see the old or the new file either way, and one folder
    // sync per file doubled the time of a 1,000-talk export.
    talk_notes::atomic_write::write_atomic(path, bytes).map_err(|source| ExportError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("talk-export-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("a.pdf");
        write_atomic(&path, b"one").expect("first write");
        write_atomic(&path, b"two").expect("second write");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        std::fs::remove_dir_all(&dir).ok();
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
