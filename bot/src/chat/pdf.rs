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
    let reference = match resolve_talk(index, query) {
        TalkLookup::Found { talk, .. } => talk,
        TalkLookup::Empty => {
            return Reply::private("Which talk? For example `/handout talk:kubernetes`.")
        }
        TalkLookup::NotFound { suggestion } => return nothing_found(query, suggestion.as_deref()),
    };
    let Some((conference, talk)) = index.talk(reference) else {
        return nothing_found(query, None);
    };
    match render(conference, talk, layout) {
        Ok(pdf) => {
            let name = match layout {
                talk_export::Layout::Slides => format!("{}.pdf", talk.slug),
                talk_export::Layout::Handout(_) => format!("{}.{layout_name}.pdf", talk.slug),
            };
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
