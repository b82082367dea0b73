//! Local pictures: a path written in the notes, resolved inside the notes file's folder without
//! looking at anything outside it, and read only when it is a regular file, up to a byte cap.
//!
//! Whether a picture is outside the folder is decided from the path and from the symbolic links
//! met inside the folder, never by looking at the outside target, so the answer (and the
//! warning) is the same whether or not an outside file exists. Files are opened with
//! `O_NONBLOCK` and checked on the open descriptor, so a FIFO or a device never blocks a read.

use super::PictureError;
use std::ffi::OsString;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Symbolic links followed while resolving one picture, at most (as Linux's `ELOOP` limit).
const MAX_LINKS: usize = 40;

/// The file a picture path `written` in notes stored in `folder` stands for: resolved inside
/// `folder` (symbolic links followed) when `confined`, else simply joined to it.
pub(super) fn picture_path(
    folder: &Path,
    written: &str,
    confined: bool,
) -> Result<PathBuf, PictureError> {
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    if !confined {
        return Ok(folder.join(written));
    }
    let root = folder
        .canonicalize()
        .map_err(|e| PictureError::Io(format!("notes folder {}: {e}", folder.display())))?;
    resolve_inside(&root, Path::new(written))
}

/// `path` resolved against `root` (a canonical folder), following symbolic links, as long as
/// every step stays inside `root`. Only entries inside `root` are ever looked at.
fn resolve_inside(root: &Path, path: &Path) -> Result<PathBuf, PictureError> {
    let mut current = root.to_path_buf();
    // Components still to walk, the next one last.
    let mut pending: Vec<OsString> = Vec::new();
    push_components(&mut pending, root, path)?;
    let mut links = 0;
    while let Some(name) = pending.pop() {
        if name == ".." {
            if current == root {
                return Err(PictureError::Outside);
            }
            current.pop();
            continue;
        }
        let next = current.join(&name);
        let meta = std::fs::symlink_metadata(&next).map_err(|e| PictureError::Io(e.to_string()))?;
        if !meta.file_type().is_symlink() {
            current = next;
            continue;
        }
        links += 1;
        if links > MAX_LINKS {
            return Err(PictureError::Io("too many levels of symbolic links".into()));
        }
        let target = std::fs::read_link(&next).map_err(|e| PictureError::Io(e.to_string()))?;
        if target.is_absolute() {
            current = root.to_path_buf();
        }
        push_components(&mut pending, root, &target)?;
    }
    Ok(current)
}

/// Puts the components of `path` on `pending` so that its first one is popped next; an
/// absolute `path` must lie under `root` and is taken relative to it.
fn push_components(
    pending: &mut Vec<OsString>,
    root: &Path,
    path: &Path,
) -> Result<(), PictureError> {
    let relative = if path.is_absolute() {
        path.strip_prefix(root).map_err(|_| PictureError::Outside)?
    } else {
        path
    };
    let names: Vec<OsString> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name.to_os_string()),
            Component::ParentDir => Some(OsString::from("..")),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => None,
        })
        .collect();
    pending.extend(names.into_iter().rev());
    Ok(())
}

/// Reads at most `cap` bytes of a regular file; more is an error, never a bigger allocation.
/// A FIFO, socket or device is refused without blocking.
pub(super) fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, PictureError> {
    let io = |e: std::io::Error| PictureError::Io(e.to_string());
    let file = open_nonblocking(path).map_err(io)?;
    if !file.metadata().map_err(io)?.is_file() {
        return Err(PictureError::Io("not a regular file".to_string()));
    }
    let mut bytes = Vec::new();
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > cap {
        return Err(PictureError::TooLarge(cap));
    }
    Ok(bytes)
}

/// Opens `path` for reading without waiting for a writer (a FIFO) or a device.
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

/// Opens `path` for reading.
#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder, removed when the returned guard is dropped, and its canonical path.
    fn folder() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().canonicalize().expect("canonical");
        (tmp, dir)
    }

    #[test]
    fn local_reads_are_capped() {
        let (_tmp, dir) = folder();
        let big = dir.join("big.png");
        let file = std::fs::File::create(&big).expect("create");
        file.set_len(10_000_000).expect("sparse file");
        assert_eq!(
            read_capped(&big, 1_000_000).err(),
            Some(PictureError::TooLarge(1_000_000))
        );
        assert!(read_capped(Path::new("/dev/zero"), 1_000).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn paths_resolve_inside_the_folder_or_are_outside_whether_or_not_the_target_exists() {
        use std::os::unix::fs::symlink;
        let (_tmp, base) = folder();
        let notes = base.join("notes");
        std::fs::create_dir_all(notes.join("img")).expect("img");
        std::fs::write(notes.join("img/a.png"), "a").expect("a");
        std::fs::write(base.join("secret.png"), "s").expect("secret");
        symlink("img/a.png", notes.join("inside-link.png")).expect("link");
        symlink("../img", notes.join("img/up")).expect("link");
        symlink(base.join("secret.png"), notes.join("out-abs.png")).expect("link");
        symlink("../secret.png", notes.join("out-rel.png")).expect("link");
        symlink("../no-such.png", notes.join("out-missing.png")).expect("link");
        symlink("loop", notes.join("loop")).expect("link");

        let inside = |p: &str| resolve_inside(&notes, Path::new(p));
        assert_eq!(inside("img/a.png"), Ok(notes.join("img/a.png")));
        assert_eq!(inside("./img/../img/a.png"), Ok(notes.join("img/a.png")));
        assert_eq!(inside("inside-link.png"), Ok(notes.join("img/a.png")));
        assert_eq!(inside("img/up/a.png"), Ok(notes.join("img/a.png")));
        let absolute = notes.join("img/a.png");
        assert_eq!(inside(&absolute.to_string_lossy()), Ok(absolute.clone()));
        for outside in [
            "../secret.png",
            "../no-such.png",
            "img/../../secret.png",
            "out-abs.png",
            "out-rel.png",
            "out-missing.png",
            "/etc/passwd",
            "/no/such/file.png",
        ] {
            assert_eq!(inside(outside), Err(PictureError::Outside), "{outside}");
        }
        assert!(matches!(inside("missing.png"), Err(PictureError::Io(_))));
        assert!(matches!(inside("loop"), Err(PictureError::Io(e)) if e.contains("symbolic")));
    }
}
