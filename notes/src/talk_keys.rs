//! A talk's keys: text that names one talk of the notes and stays the same when talks are added
//! or removed elsewhere in them.
//!
//! Both keys are `file#slug`, the talk's GitHub anchor after its notes file. They differ in how
//! much of the file they give, because they serve two readers with opposite needs, and this
//! module is the one place that builds either:
//!
//! - [`talk_key`] names a talk to a person and to Discord. It gives the file's stem
//!   (`velocity-london-2018#kubernetes-is-not-for-developers`) and is cut to [`MAX_KEY_CHARS`],
//!   Discord's longest autocomplete value. It is the value behind the bot's autocomplete choices,
//!   what `talk-export` lists for talks that share a slug, and the first thing [`crate::pick`]
//!   tries. It does not change when the notes folder moves. Talks with the same slug in two
//!   notes files of the same stem (`README.md` in two folders) share it; `pick` then leaves them
//!   to the search.
//! - [`rotation_key`] remembers a talk. It gives the notes file's path as it was loaded, so two
//!   `README.md` files in different folders stay two talks, and it may be longer than any
//!   Discord value. The bot's digest saves it in its state files: its form must never change,
//!   or every team's rotation would start over (the digest's state tests read a file written
//!   in this form).
//!
//! ```
//! use std::path::Path;
//! use talk_notes::{parse_conference, talk_keys, ParseOptions};
//!
//! let notes = "# Velocity\n\n## Chaos in production\n\nText.\n";
//! let file = Path::new("notes/2018/velocity.md");
//! let conference = parse_conference(notes, file, &ParseOptions::default());
//! let talk = &conference.talks[0];
//! assert_eq!(talk_keys::talk_key(&conference, talk), "velocity#chaos-in-production");
//! assert_eq!(
//!     talk_keys::rotation_key(&conference, talk),
//!     "notes/2018/velocity.md#chaos-in-production"
//! );
//! ```

use crate::model::{Conference, Talk};

/// Longest [`talk_key`], in characters: Discord's longest autocomplete choice value.
pub const MAX_KEY_CHARS: usize = 100;

/// The key that names `talk` of `conference` to people and to Discord: the notes file's stem,
/// `#`, the talk's slug. One longer than [`MAX_KEY_CHARS`] characters is cut, and ends with
/// `~` and ten hex digits of a hash of the whole key, so that two long keys that differ only
/// past the cut (a long file name, titles ending "part one" and "part two") stay two keys.
pub fn talk_key(conference: &Conference, talk: &Talk) -> String {
    let stem = conference
        .file
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let whole = key(&stem, talk);
    if whole.chars().count() <= MAX_KEY_CHARS {
        return whole;
    }
    let tag = format!("~{:010x}", fnv1a(whole.as_bytes()) & 0xff_ffff_ffff);
    let mut cut: String = whole.chars().take(MAX_KEY_CHARS - tag.len()).collect();
    cut.push_str(&tag);
    cut
}

/// The 64-bit FNV-1a hash of `bytes`: the same in every build and on every machine, so a key
/// stays the same across restarts and reloads.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The key that remembers `talk` of `conference` (the digest's state files): the notes file's
/// path as loaded, `#`, the talk's slug; never cut.
pub fn rotation_key(conference: &Conference, talk: &Talk) -> String {
    key(&conference.file.to_string_lossy(), talk)
}

/// `file#slug`.
fn key(file: &str, talk: &Talk) -> String {
    format!("{file}#{}", talk.slug)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_conference, ParseOptions};
    use std::path::Path;

    fn conference(file: &str, notes: &str) -> Conference {
        parse_conference(notes, Path::new(file), &ParseOptions::default())
    }

    #[test]
    fn the_rotation_key_is_the_whole_path_and_never_cut() {
        let folder = "very-long-folder-name/".repeat(8);
        let file = format!("{folder}README.md");
        let one = conference(&file, "# Conf\n\n## Intro\n\nWords.\n");
        let key = rotation_key(&one, &one.talks[0]);
        assert_eq!(key, format!("{file}#intro"));
        assert!(key.chars().count() > MAX_KEY_CHARS);
        // The talk key of the same talk fits a Discord value.
        assert_eq!(talk_key(&one, &one.talks[0]), "README#intro");
    }

    #[test]
    fn same_stems_in_two_folders_share_a_talk_key_but_not_a_rotation_key() {
        let notes = "# Conf\n\n## Intro\n\nWords.\n";
        let one = conference("a/README.md", notes);
        let two = conference("b/README.md", notes);
        assert_eq!(talk_key(&one, &one.talks[0]), talk_key(&two, &two.talks[0]));
        assert_ne!(
            rotation_key(&one, &one.talks[0]),
            rotation_key(&two, &two.talks[0])
        );
    }
}
