//! Passage vectors on disk, keyed by the model (name and prefix) and the passage's text, so a
//! restart or a reload embeds only what changed.
//!
//! One file per model in the cache folder, `<model>-<hash>.vectors`: a header (magic, the
//! model's identity, the vector size), then records of a 16-byte hash of the text and its
//! numbers (little-endian `f32`). A file that is corrupt, truncated or of another model is
//! ignored (and rewritten), never fatal. Files are replaced atomically.

use crate::atomic_write::write_atomic_with;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"TBVECS01";

/// The 16-byte key of a passage's text.
pub type TextKey = [u8; 16];

/// The key of `text`: the start of its SHA-256.
pub fn text_key(text: &str) -> TextKey {
    let digest = Sha256::digest(text.as_bytes());
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// The vectors of one model, as read from (and written to) one cache file.
#[derive(Debug, Default)]
pub struct VectorCache {
    path: Option<PathBuf>,
    identity: String,
    dim: usize,
    vectors: HashMap<TextKey, Vec<f32>>,
}

/// What reading a cache file found.
#[derive(Debug, PartialEq, Eq)]
pub enum CacheState {
    /// No cache folder, or no file yet.
    Empty,
    /// The file was read: this many vectors.
    Loaded(usize),
    /// The file was unreadable, corrupt or of another model: ignored.
    Ignored(String),
}

impl VectorCache {
    /// The cache of `identity` in `folder` (none: a cache that keeps nothing on disk).
    pub fn open(folder: Option<&Path>, identity: &str) -> (VectorCache, CacheState) {
        let path = folder.map(|f| f.join(file_name(identity)));
        let mut cache = VectorCache {
            path: path.clone(),
            identity: identity.to_string(),
            dim: 0,
            vectors: HashMap::new(),
        };
        let Some(path) = path else {
            return (cache, CacheState::Empty);
        };
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return (cache, CacheState::Empty),
            Err(e) => {
                return (
                    cache,
                    CacheState::Ignored(format!("{}: {e}", path.display())),
                )
            }
        };
        match parse(&bytes, identity) {
            Ok((dim, vectors)) => {
                let n = vectors.len();
                cache.dim = dim;
                cache.vectors = vectors;
                (cache, CacheState::Loaded(n))
            }
            Err(problem) => (
                cache,
                CacheState::Ignored(format!(
                    "{}: {problem}; it will be rewritten",
                    path.display()
                )),
            ),
        }
    }

    /// The vector of `key`, when cached with the size `dim` (any size when `dim` is 0).
    pub fn get(&self, key: &TextKey) -> Option<&[f32]> {
        self.vectors.get(key).map(Vec::as_slice)
    }

    /// The size of the cached vectors (0 when empty).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// How many vectors are held.
    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }

    /// Adds a vector; one of another size than those held replaces them all (the model
    /// changed behind the same name).
    pub fn insert(&mut self, key: TextKey, vector: Vec<f32>) {
        if self.dim != vector.len() {
            self.vectors.clear();
            self.dim = vector.len();
        }
        self.vectors.insert(key, vector);
    }

    /// Keeps only the vectors of `keys` (the passages of the notes now), so the file does not
    /// grow with every edit.
    pub fn retain(&mut self, keys: &std::collections::HashSet<TextKey>) {
        self.vectors.retain(|k, _| keys.contains(k));
    }

    /// Writes the cache file atomically (nothing when there is no folder).
    pub fn save(&self) -> io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if self.vectors.is_empty() {
            return Ok(());
        }
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        write_atomic_with(path, |file| {
            let mut out = io::BufWriter::new(file);
            out.write_all(MAGIC)?;
            let identity = self.identity.as_bytes();
            out.write_all(&(identity.len() as u32).to_le_bytes())?;
            out.write_all(identity)?;
            out.write_all(&(self.dim as u32).to_le_bytes())?;
            for (key, vector) in &self.vectors {
                out.write_all(key)?;
                for x in vector {
                    out.write_all(&x.to_le_bytes())?;
                }
            }
            out.flush()
        })
    }

    /// The cache file's path, when there is one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

/// `<model>-<hash>.vectors`: readable, and distinct for distinct identities.
fn file_name(identity: &str) -> String {
    let readable: String = identity
        .split('\u{0}')
        .next()
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(60)
        .collect();
    let hash = text_key(identity);
    let hex: String = hash[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("{readable}-{hex}.vectors")
}

type Parsed = (usize, HashMap<TextKey, Vec<f32>>);

fn parse(bytes: &[u8], identity: &str) -> Result<Parsed, String> {
    let mut at = 0;
    let mut take = |n: usize| -> Result<&[u8], String> {
        let piece = bytes
            .get(at..at + n)
            .ok_or_else(|| "the file is truncated".to_string())?;
        at += n;
        Ok(piece)
    };
    if take(8)? != MAGIC {
        return Err("not a talkbot vector cache".into());
    }
    let u32_at = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
    let len = u32_at(take(4)?);
    if take(len)? != identity.as_bytes() {
        return Err("the vectors of another model".into());
    }
    let dim = u32_at(take(4)?);
    let rest = &bytes[12 + len + 4..];
    let record = 16 + dim * 4;
    if dim == 0 || dim > 65_536 || !rest.len().is_multiple_of(record) {
        return Err("the file is truncated or corrupt".into());
    }
    let mut vectors = HashMap::with_capacity(rest.len() / record);
    for chunk in rest.chunks_exact(record) {
        let mut key = [0u8; 16];
        key.copy_from_slice(&chunk[..16]);
        let vector: Vec<f32> = chunk[16..]
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        if vector.iter().any(|x| !x.is_finite()) {
            return Err("the file holds numbers that are not finite".into());
        }
        vectors.insert(key, vector);
    }
    Ok((dim, vectors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_survive_a_save_and_foreign_or_broken_files_are_ignored() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut cache, state) = VectorCache::open(Some(dir.path()), "model-a");
        assert_eq!(state, CacheState::Empty);
        cache.insert(text_key("hello"), vec![0.6, 0.8]);
        cache.insert(text_key("world"), vec![1.0, 0.0]);
        cache.save().expect("save");

        let (again, state) = VectorCache::open(Some(dir.path()), "model-a");
        assert_eq!(state, CacheState::Loaded(2));
        assert_eq!(again.get(&text_key("hello")), Some(&[0.6f32, 0.8][..]));

        // Another model's name gives another file; the same file under another identity is
        // refused.
        let (other, state) = VectorCache::open(Some(dir.path()), "model-b");
        assert_eq!(state, CacheState::Empty);
        assert!(other.is_empty());
        let path = again.path().expect("a file").to_path_buf();
        let bytes = std::fs::read(&path).expect("read");
        let (_, state) = VectorCache::open(Some(dir.path()), "model-a");
        assert!(matches!(state, CacheState::Loaded(2)));

        // Truncated, garbage: ignored with a reason, never a panic.
        for broken in [&bytes[..bytes.len() - 3], b"garbage".as_slice(), &[]] {
            std::fs::write(&path, broken).expect("write");
            let (cache, state) = VectorCache::open(Some(dir.path()), "model-a");
            assert!(matches!(state, CacheState::Ignored(_)), "{state:?}");
            assert!(cache.is_empty());
        }
    }
}
