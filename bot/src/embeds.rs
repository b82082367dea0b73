//! The parts of a talk's embed — heading, conference, speaker, key points, links, source —
//! from which `/talk` and the daily digest each compose their own embed.

use crate::reply::{Embed, Field};
use talk_notes::text::key_points;
use talk_notes::{Conference, LinkKind, Talk};

/// Key points shown in a `/talk` embed.
pub const KEY_POINTS: usize = 5;

/// Name of the key points field.
const KEY_POINTS_FIELD: &str = "Key points";

/// The `/talk` embed: heading, conference, speaker, key points, links and the notes line in the
/// footer. `quotes` (the passages that answer a question) replace the summary and key points.
pub fn talk_embed(conference: &Conference, talk: &Talk, quotes: Option<String>) -> Embed {
    let mut fields = vec![conference_field(conference, talk)];
    fields.extend(speaker_field(talk));
    if quotes.is_none() {
        fields.extend(key_points_field(talk, KEY_POINTS));
    }
    fields.extend(link_fields(talk));
    let heading = talk_heading(talk);
    Embed {
        description: quotes.unwrap_or(heading.description),
        fields,
        footer: Some(source_footer(talk)),
        ..heading
    }
}

/// A talk's title linked to its conference page, with its summary: an embed without fields.
pub fn talk_heading(talk: &Talk) -> Embed {
    let page = talk
        .links
        .iter()
        .find(|l| l.kind == LinkKind::Conference)
        .map(|l| l.url().to_string())
        .or_else(|| talk.title_url.clone());
    Embed {
        title: talk.title.clone(),
        url: page,
        description: talk.summary(),
        ..Embed::default()
    }
}

/// The conference of a talk, and the group (`Day 1`) it sits under.
pub fn conference_field(conference: &Conference, talk: &Talk) -> Field {
    Field {
        name: "Conference".to_string(),
        value: match &talk.group {
            Some(group) => format!("{} — {group}", conference.title),
            None => conference.title.clone(),
        },
        inline: true,
    }
}

/// Who gave the talk, when the notes say it.
pub fn speaker_field(talk: &Talk) -> Option<Field> {
    talk.speaker.as_ref().map(|speaker| Field {
        name: "Speaker".to_string(),
        value: speaker.clone(),
        inline: true,
    })
}

/// The first `count` key points of the talk as bullets, when it has any.
pub fn key_points_field(talk: &Talk, count: usize) -> Option<Field> {
    let points = key_points(&talk.blocks, count);
    (!points.is_empty()).then(|| Field {
        name: KEY_POINTS_FIELD.to_string(),
        value: points
            .iter()
            .map(|p| format!("• {p}"))
            .collect::<Vec<_>>()
            .join("\n"),
        inline: false,
    })
}

/// The talk's slides, video and code links (three of each at most), a field per kind it has.
pub fn link_fields(talk: &Talk) -> Vec<Field> {
    let mut fields = Vec::new();
    for (kind, name) in [
        (LinkKind::Slides, "Slides"),
        (LinkKind::Video, "Video"),
        (LinkKind::Code, "Code"),
    ] {
        let links: Vec<String> = talk
            .links
            .iter()
            .filter(|l| l.kind == kind)
            .take(3)
            .map(|l| format!("[{}]({})", escape_label(l.label()), l.url()))
            .collect();
        if !links.is_empty() {
            fields.push(Field {
                name: name.to_string(),
                value: links.join("\n"),
                inline: true,
            });
        }
    }
    fields
}

/// Where the talk is in the notes: `file.md:line`.
pub fn source_footer(talk: &Talk) -> String {
    format!(
        "{}:{}",
        talk.file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        talk.line
    )
}

/// Link text safe inside `[...]`.
fn escape_label(label: &str) -> String {
    label.replace('[', "(").replace(']', ")")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn talk_embed_composes_the_parts_in_order() {
        let text = "# Conf\n\n## Chaos in production\n\nSpeaker: Jessica Brown\n\n\
                    [Slides](https://example.com/s.pdf)\n\n\
                    - one\n- two\n- three\n- four\n- five\n- six\n";
        let options = talk_notes::ParseOptions::default();
        let conference = talk_notes::parse_conference(text, Path::new("c.md"), &options);
        let talk = &conference.talks[0];
        let names = |e: &Embed| e.fields.iter().map(|f| f.name.clone()).collect::<Vec<_>>();

        let embed = talk_embed(&conference, talk, None);
        assert_eq!(
            names(&embed),
            ["Conference", "Speaker", "Key points", "Slides"]
        );
        assert_eq!(embed.fields[2].value.lines().count(), KEY_POINTS);
        assert_eq!(embed.footer.as_deref(), Some("c.md:3"));

        let quoted = talk_embed(&conference, talk, Some("> quote".into()));
        assert_eq!(quoted.description, "> quote");
        assert_eq!(names(&quoted), ["Conference", "Speaker", "Slides"]);
    }
}
