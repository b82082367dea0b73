//! The user's cache folder, shared by every cache of the workspace (picture downloads,
//! embedding vectors): `$XDG_CACHE_HOME`, else `~/.cache`.

use std::path::PathBuf;

/// `$XDG_CACHE_HOME/<parts…>` or `~/.cache/<parts…>`; `None` when the environment names
/// neither.
pub fn user_cache_dir(parts: &[&str]) -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        })?;
    Some(parts.iter().fold(base, |path, part| path.join(part)))
}
