//! Replacing a file atomically: the new content goes to a temporary file beside the target,
//! is synced to disk, then renamed over the target. A reader (or a crash) sees the old file or
//! the new one, never half of one; a failed write keeps the old file and leaves no temporary.
//! The file gets the mode `File::create` would give it: an existing file keeps its mode, a new
//! one gets 0666 minus the umask (not the 0600 of a temporary file), so a team folder or a web
//! server can serve what was written.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use tempfile::NamedTempFile;

/// Writes `bytes` to `path`, replacing any existing file atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// Replaces `path` atomically with what `write` writes into the temporary file (for content
/// serialised straight to the file). When `write`, the sync or the rename fails, the
/// temporary file is removed and `path` keeps its old content.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // Dropping the temporary file on any error below deletes it.
    let mut temp = temporary_in(folder, path)?;
    write(temp.as_file_mut())?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary file in `folder` with the mode `File::create(path)` would leave: the mode of the
/// existing `path`, else 0666 minus the umask.
#[cfg(unix)]
fn temporary_in(folder: &Path, path: &Path) -> io::Result<NamedTempFile> {
    use std::os::unix::fs::PermissionsExt;
    let existing = std::fs::metadata(path).ok().filter(|m| m.is_file());
    // open(2) applies the umask to this mode, as File::create does.
    let temp = tempfile::Builder::new()
        .permissions(std::fs::Permissions::from_mode(0o666))
        .tempfile_in(folder)?;
    if let Some(existing) = existing {
        temp.as_file().set_permissions(existing.permissions())?;
    }
    Ok(temp)
}

/// A temporary file in `folder` (no Unix modes to carry over).
#[cfg(not(unix))]
fn temporary_in(folder: &Path, _path: &Path) -> io::Result<NamedTempFile> {
    NamedTempFile::new_in(folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> tempfile::TempDir {
        tempfile::tempdir().expect("temp dir")
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let tmp = folder();
        let dir = tmp.path();
        let path = dir.join("state.json");
        write_atomic(&path, b"one").expect("first write");
        write_atomic(&path, b"two").expect("second write");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        assert_eq!(names(dir), ["state.json"]);
    }

    #[test]
    fn a_failing_write_keeps_the_old_file_and_leaves_no_temporary() {
        let tmp = folder();
        let dir = tmp.path();
        let path = dir.join("state.json");
        write_atomic(&path, b"old").expect("first write");
        let error = write_atomic_with(&path, |file| {
            file.write_all(b"half of the n")?;
            Err(io::Error::other("serialisation failed"))
        })
        .expect_err("the write fails");
        assert_eq!(error.to_string(), "serialisation failed");
        assert_eq!(std::fs::read(&path).expect("read"), b"old");
        assert_eq!(names(dir), ["state.json"]);
    }

    #[test]
    fn a_failing_rename_leaves_no_temporary() {
        // The target is a folder that is not empty: the rename over it fails.
        let tmp = folder();
        let dir = tmp.path();
        let target = dir.join("taken");
        std::fs::create_dir_all(&target).expect("folder");
        std::fs::write(target.join("old.txt"), "old").expect("old file");
        write_atomic(&target, b"new").expect_err("cannot replace a folder");
        assert_eq!(names(dir), ["taken"]);
        assert_eq!(
            std::fs::read_to_string(target.join("old.txt")).expect("kept"),
            "old"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_mode_of_file_create_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = folder();
        let dir = tmp.path();
        let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
        // What File::create gives a new file here: 0666 minus this process's umask.
        let plain = dir.join("plain.txt");
        File::create(&plain).expect("create");
        let atomic = dir.join("atomic.txt");
        write_atomic(&atomic, b"new").expect("write");
        assert_eq!(mode(&atomic), mode(&plain));

        std::fs::set_permissions(&atomic, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomic(&atomic, b"again").expect("replace");
        assert_eq!(mode(&atomic), 0o640);
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let error =
            write_atomic(Path::new("/nonexistent-dir/x/a.pdf"), b"x").expect_err("no such folder");
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
    }
}
