//! The `/handout` reply: a talk as a PDF attachment, in slides or a handout layout.

use super::lookup::{nothing_found, resolve_talk, TalkLookup};
use crate::reply::{Attachment, Reply};
use talk_notes::search::TalkIndex;
use talk_notes::{Conference, Talk};

/// Makes the PDF of a talk in a layout (a fresh exporter, or the bot's shared one and cache).
pub type Render<'a> = &'a dyn Fn(
    &Conference,
    &Talk,
    talk_export::Layout,
) -> Result<talk_export::Rendered, talk_export::ExportError>;

/// The talk as a PDF attachment, in `layout` (slides when `None`), made by a fresh exporter.
pub fn handout_reply(index: &TalkIndex, query: &str, layout: Option<&str>) -> Reply {
    handout_reply_with(index, query, layout, &|conference, talk, layout| {
        let options = talk_export::Options {
            layout,
            ..talk_export::Options::default()
        };
        talk_export::Exporter::new(options).and_then(|e| e.talk(conference, talk))
    })
}

/// The talk as a PDF attachment, in `layout` (slides when `None`), made by `render`.
pub fn handout_reply_with(
    index: &TalkIndex,
    query: &str,
    layout: Option<&str>,
    render: Render<'_>,
) -> Reply {
    let layout_name = layout.unwrap_or("slides");
    let layout: talk_export::Layout = match layout_name.parse() {
        Ok(layout) => layout,
        Err(message) => return Reply::private(message),
    };
    let reference = match resolve_talk(&super::Notes::words(index), query) {
        TalkLookup::Found { talk, .. } => talk,
        TalkLookup::Empty => {
            return Reply::private("Which talk? For example `/handout talk:kubernetes`.")
        }
        TalkLookup::NotFound { suggestion, .. } => {
            return nothing_found(query, suggestion.as_deref())
        }
    };
    let Some((conference, talk)) = index.talk(reference) else {
        return nothing_found(query, None);
    };
    match render(conference, talk, layout) {
        Ok(pdf) => {
            // The same name `talk-export` gives the file: bounded, never empty.
            let name = talk_export::output::talk_file_name(talk, layout);
            Reply {
                content: format!("“{}” — {layout_name}, {} pages", talk.title, pdf.pages),
                file: Some(Attachment {
                    name,
                    size: pdf.bytes.len(),
                    bytes: pdf.bytes,
                }),
                ..Reply::default()
            }
        }
        Err(error) => {
            tracing::error!(%error, talk = %talk.title, "could not make a handout");
            Reply::private(format!(
                "Sorry, the PDF of “{}” could not be made.",
                talk.title
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn index_of(notes: &str) -> TalkIndex {
        let conference = talk_notes::parse_conference(
            notes,
            Path::new("conf.md"),
            &talk_notes::ParseOptions::default(),
        );
        TalkIndex::build(talk_notes::Library {
            conferences: vec![conference],
        })
    }

    fn attachment_name(index: &TalkIndex, query: &str, layout: Option<&str>) -> String {
        let reply = handout_reply_with(index, query, layout, &|_, _, _| {
            Ok(talk_export::Rendered {
                bytes: b"%PDF-1.7".to_vec(),
                pages: 1,
                missing_chars: Vec::new(),
                warnings: Vec::new(),
                pictures: talk_export::PictureCounts::default(),
            })
        });
        reply.file.map(|f| f.name).unwrap_or_default()
    }

    #[test]
    fn the_attachment_is_named_as_talk_export_names_the_file() {
        let long = "Überlange Überschrift über Kubernetes ".repeat(8);
        let index = index_of(&format!("# Conf\n\n## {long}\n\nText.\n"));
        let name = attachment_name(&index, "Überlange Überschrift", None);
        let talk = &index.library().conferences[0].talks[0];
        assert_eq!(
            name,
            talk_export::output::talk_file_name(talk, talk_export::Layout::Slides)
        );
        assert!(name.len() <= talk_export::output::MAX_STEM_BYTES + ".pdf".len());
        assert!(name.starts_with("überlange-überschrift"), "{name}");
        let handout = attachment_name(&index, "Überlange Überschrift", Some("handout-3"));
        assert!(handout.ends_with(".handout-3.pdf"), "{handout}");
        assert!(handout.len() <= talk_export::output::MAX_STEM_BYTES + ".handout-3.pdf".len());
    }
}
