//! The daily talk digest: when to post ([`schedule`]), which talks come next ([`rotation`]),
//! the state file that remembers what was posted ([`state`]), and the posting loop
//! ([`post`]), which takes the clock and the poster as arguments so that tests drive it with
//! tokio's paused clock and a fake Discord. Here: the digest message itself and `/digest`.
//!
//! # Exactly once
//!
//! Before anything is sent, the intent (date, talks, channels done) is written to the state
//! file ([`PendingPost`]). Every post carries a nonce made of the date and the channel
//! ([`nonce`]), with `enforce_nonce`, so Discord returns the existing message instead of
//! creating a second one. A restart with an unfinished post for a day still within
//! `catch_up_hours` first looks for it among the channel's last 50 messages (same nonce, or the
//! bot's message with the same first line: [`is_same_post`]), then resends it with the same
//! nonce: no doubled digest and no skipped day, whatever instant the process dies
//! (`the_digest_lands_once_when_killed_while_discord_answers_the_post` kills the bot with
//! `kill -9` while the Discord stand-in is still answering the post). What was posted is also
//! kept in memory, so a state file that can no longer be saved (full disk) never makes a process
//! post twice. Talks are remembered by [`talk_notes::talk_keys::rotation_key`].

pub mod post;
pub mod rotation;
pub mod schedule;
pub mod settings;
pub mod state;

pub use post::{is_same_post, nonce, run, Outgoing, PostError, Poster, RETRY_DELAYS};
pub use rotation::{next_talks, Order};
pub use schedule::{Schedule, ScheduleError};
pub use state::{
    check_writable, load_state, peek_state, save_state, DigestState, PendingPost, StateError,
    STATE_VERSION,
};

use chrono::{NaiveDate, Utc};

use crate::embeds::{conference_field, key_points_field, link_fields, speaker_field, talk_heading};
use crate::reply::{Embed, Reply};
use settings::DigestSettings;
use talk_notes::search::TalkIndex;
use talk_notes::talk_keys::rotation_key;

/// Key points in a digest embed.
pub const DIGEST_KEY_POINTS: usize = 3;

/// Every talk's key in the rotation, in notes order: [`rotation_key`], the notes file's path and
/// the talk's slug, as the state files save it (two `README.md` files in different folders are
/// different talks).
pub fn all_keys(index: &TalkIndex) -> Vec<String> {
    index
        .library()
        .talks()
        .map(|(c, t)| rotation_key(c, t))
        .collect()
}

/// The digest message for the talks `keys`: an embed per talk with its title linked to the
/// conference page, conference, summary, three key points, slides/video links and
/// "talk n of N" in the footer.
pub fn digest_reply(index: &TalkIndex, keys: &[String], date: NaiveDate) -> Reply {
    let library = index.library();
    let total = library.talk_count();
    let mut embeds = Vec::new();
    for (position, (conference, talk)) in library.talks().enumerate() {
        if !keys.contains(&rotation_key(conference, talk)) {
            continue;
        }
        let mut fields = vec![conference_field(conference, talk)];
        fields.extend(key_points_field(talk, DIGEST_KEY_POINTS));
        fields.extend(speaker_field(talk));
        fields.extend(link_fields(talk));
        embeds.push(Embed {
            fields,
            footer: Some(format!("talk {} of {total}", position + 1)),
            ..talk_heading(talk)
        });
    }
    Reply {
        content: format!("Talk of the day — {}", date.format("%A %-d %B %Y")),
        embeds,
        ..Reply::default()
    }
    .fit_discord_limits()
}

/// The talks the next digest shows under `settings`, and the rotation once they are shown.
pub fn next_digest_talks(
    index: &TalkIndex,
    state: &DigestState,
    settings: &DigestSettings,
) -> (Vec<String>, DigestState) {
    next_talks(
        &all_keys(index),
        state,
        settings.talks_per_day.max(1),
        settings.order,
        settings.seed,
    )
}

/// What would be posted on `date` given the state: the talks that come next, or the ones
/// already posted for that date (the state only remembers the last date's talks as shown).
pub fn preview(
    index: &TalkIndex,
    settings: &DigestSettings,
    state: &DigestState,
    date: NaiveDate,
) -> Reply {
    let (picked, _) = next_digest_talks(index, state, settings);
    let mut reply = digest_reply(index, &picked, date);
    if state.last_posted.is_some_and(|last| last >= date) {
        reply.content = format!(
            "{} (already posted on {}; this is the next digest)",
            reply.content,
            state.last_posted.map(|d| d.to_string()).unwrap_or_default()
        );
    }
    reply
}

/// `/digest` and `talkbot digest`: what would be posted on `date` (today when `None`, in the
/// digest's time zone), or a clear "not configured".
pub fn digest_command(
    index: &TalkIndex,
    settings: &DigestSettings,
    date: Option<NaiveDate>,
) -> Reply {
    if !settings.enabled {
        return Reply::private(
            "The daily digest is not configured on this bot (set digest.enabled and digest.channel_id).",
        );
    }
    let schedule = match settings.schedule() {
        Ok(schedule) => schedule,
        Err(error) => return Reply::text(error.to_string()),
    };
    let date = date.unwrap_or_else(|| Utc::now().with_timezone(&schedule.timezone).date_naive());
    preview(index, settings, &peek_state(&settings.state_file), date)
}

/// A digest as plain text, for a channel that refused its embeds.
pub fn plain_text(reply: &Reply) -> Reply {
    Reply::text(reply.to_text()).fit_discord_limits()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_digest_embed_shows_three_key_points_before_the_speaker() {
        let text = "# Conf\n\n## Chaos in production\n\nSpeaker: Jessica Brown\n\n\
                    [Slides](https://example.com/s.pdf)\n\n- one\n- two\n- three\n- four\n";
        let options = talk_notes::ParseOptions::default();
        let conference = talk_notes::parse_conference(text, Path::new("c.md"), &options);
        let key = rotation_key(&conference, &conference.talks[0]);
        let index = TalkIndex::build(talk_notes::Library {
            conferences: vec![conference],
        });
        let date = NaiveDate::from_ymd_opt(2025, 6, 2).expect("date");
        let reply = digest_reply(&index, &[key], date);
        assert_eq!(reply.content, "Talk of the day — Monday 2 June 2025");
        let embed = &reply.embeds[0];
        assert_eq!(embed.title, "Chaos in production");
        let names: Vec<&str> = embed.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Conference", "Key points", "Speaker", "Slides"]);
        assert_eq!(embed.fields[1].value, "• one\n• two\n• three");
        assert_eq!(embed.footer.as_deref(), Some("talk 1 of 1"));
    }

    #[test]
    fn a_state_file_written_by_earlier_versions_keeps_its_rotation() {
        // The form every earlier version saved: the notes file's path as loaded, `#`, the slug.
        let tmp = tempfile::tempdir().expect("temp dir");
        let path = tmp.path().join("talkbot-digest.json");
        std::fs::write(
            &path,
            r#"{"version":1,"last_posted":"2025-06-02","shown":["notes/2018/velocity.md#chaos-in-production","notes/2018/velocity.md#serverless"],"round":3}"#,
        )
        .expect("state file");
        let text = "# Velocity\n\n## Chaos in production\n\nText.\n\n## Serverless\n\nText.\n\n\
                    ## Observability\n\nText.\n";
        let options = talk_notes::ParseOptions::default();
        let conference =
            talk_notes::parse_conference(text, Path::new("notes/2018/velocity.md"), &options);
        let index = TalkIndex::build(talk_notes::Library {
            conferences: vec![conference],
        });
        let state = load_state(&path).expect("read");
        assert_eq!(state.round, 3);
        let (picked, after) = next_talks(&all_keys(&index), &state, 1, Order::Notes, 0);
        // Both talks saved as shown are still known as shown: the next is the third.
        assert_eq!(picked, ["notes/2018/velocity.md#observability"]);
        assert_eq!(after.round, 3);
    }

    #[test]
    fn talks_are_keyed_by_path() {
        let text = "# Conf\n\n## Intro\n\nSome words.\n";
        let options = talk_notes::ParseOptions::default();
        let one = talk_notes::parse_conference(text, Path::new("a/README.md"), &options);
        let two = talk_notes::parse_conference(text, Path::new("b/README.md"), &options);
        let key = |c: &talk_notes::Conference| rotation_key(c, &c.talks[0]);
        assert_ne!(key(&one), key(&two));
        // Both talks are in the rotation, and asking for more talks than there are ends.
        let library = talk_notes::Library {
            conferences: vec![one, two],
        };
        let index = TalkIndex::build(library);
        let (picked, _) = next_talks(
            &all_keys(&index),
            &DigestState::default(),
            10,
            Order::Notes,
            0,
        );
        assert_eq!(picked.len(), 2);
    }
}
