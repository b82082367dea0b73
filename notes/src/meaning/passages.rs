//! The passages that are embedded: each paragraph, list item, quote, table row and picture
//! caption of a talk, cut at sentence ends to at most [`MAX_CHARS`] characters, and the talk's
//! title with its speaker. Each is embedded with the talk's title before it, and a nested list
//! item with the first line of the item it is nested in ("Title: Late data: drop late events"),
//! so that a passage carries what it is about. Every two neighbouring passages of a talk are
//! also embedded together as a [`PassageKind::Window`]: an idea said over two bullets is found
//! as one.
//!
//! How this was chosen (`bot/tests/meaning_answers.rs` with `TALKBOT_MEANING_DUMP`, each of the
//! 16 real notes files alone, the nearest passage's talk): the parent item's line took
//! paraphrased questions from 24 to 26 of 45 and questions in another language from 28 to 29
//! of 37; the windows then to 28 and 31, and the word questions from 160 to 162 of 162. Windows
//! of three, or groups of a whole nested list, did no better.

use crate::model::{Block, Library, SpanRef};
use crate::search::TalkRef;

/// Longest passage, in characters (a passage of ~300 characters is ~40–80 tokens).
pub const MAX_CHARS: usize = 300;

/// One passage of a talk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeaningPassage {
    /// The talk it belongs to.
    pub talk: TalkRef,
    /// The sub-heading it sits under, when it has one.
    pub heading: Option<String>,
    /// The first line of the list item it is nested in, when it is in a nested list. Only
    /// embedded: `None` once the vector is made.
    pub context: Option<String>,
    /// The passage as the notes say it (markup removed). Empty for a window once its vector
    /// is made: a window is never quoted, the passages it joins are.
    pub text: String,
    /// What the passage is made of.
    pub kind: PassageKind,
}

/// What a passage is made of: only [`PassageKind::Text`] passages are quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassageKind {
    /// The talk's title and speaker.
    Title,
    /// One paragraph, item, quote, table row or caption (or a piece of a long one).
    Text,
    /// Two neighbouring [`PassageKind::Text`] passages of a talk, joined.
    Window,
}

impl MeaningPassage {
    /// Whether the passage is quoted in answers: the notes' own lines, not titles or windows.
    pub fn is_quotable(&self) -> bool {
        self.kind == PassageKind::Text
    }
}

/// Every passage of every talk of `library`, talk by talk.
pub fn passages_of(library: &Library) -> Vec<MeaningPassage> {
    let mut out = Vec::new();
    for (c, conference) in library.conferences.iter().enumerate() {
        for (t, talk) in conference.talks.iter().enumerate() {
            let talk_ref = TalkRef {
                conference: c,
                talk: t,
            };
            let mut title = talk.title.clone();
            if let Some(speaker) = &talk.speaker {
                title.push_str(" — ");
                title.push_str(speaker);
            }
            out.push(MeaningPassage {
                talk: talk_ref,
                heading: None,
                context: None,
                text: title,
                kind: PassageKind::Title,
            });
            let start = out.len();
            let mut walker = Walker {
                talk: talk_ref,
                heading: None,
                context: None,
                out: &mut out,
            };
            walker.blocks(&talk.blocks);
            // The same sentence twice in a talk is embedded once.
            let mut talk_passages = out.split_off(start);
            let mut seen = std::collections::HashSet::new();
            talk_passages.retain(|p| seen.insert(p.text.clone()));
            let windows: Vec<MeaningPassage> = talk_passages
                .windows(2)
                .map(|pair| MeaningPassage {
                    talk: talk_ref,
                    heading: pair[0].heading.clone(),
                    context: None,
                    text: format!("{} {}", pair[0].text, pair[1].text),
                    kind: PassageKind::Window,
                })
                .collect();
            out.append(&mut talk_passages);
            out.extend(windows);
        }
    }
    out
}

/// The text sent to the server for a passage: the talk's title, the line of the item it is
/// nested in, then the passage.
pub fn embedding_text(title: &str, passage: &MeaningPassage) -> String {
    match (passage.kind, &passage.context) {
        (PassageKind::Title, _) => passage.text.clone(),
        (_, Some(context)) => format!("{title}: {context}: {}", passage.text),
        (_, None) => format!("{title}: {}", passage.text),
    }
}

struct Walker<'a> {
    talk: TalkRef,
    heading: Option<String>,
    context: Option<String>,
    out: &'a mut Vec<MeaningPassage>,
}

impl Walker<'_> {
    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Heading { spans, .. } => {
                    let text = plain(spans);
                    self.heading = (!text.is_empty()).then_some(text);
                }
                Block::Paragraph { spans } => {
                    // A hard line break separates lines that read as separate bullets.
                    let spans: Vec<SpanRef<'_>> = spans.iter().collect();
                    for line in spans.split(|s| s.is_line_break()) {
                        self.push(&plain(line.iter().copied()));
                    }
                }
                Block::List(list) => {
                    for item in &list.items {
                        let outer = self.context.clone();
                        for (i, block) in item.blocks.iter().enumerate() {
                            self.blocks(std::slice::from_ref(block));
                            if i == 0 {
                                if let Block::Paragraph { spans } = block {
                                    let lead = plain(spans.iter());
                                    if !lead.is_empty() {
                                        self.context = Some(lead);
                                    }
                                }
                            }
                        }
                        self.context = outer;
                    }
                }
                Block::Quote { blocks } => self.blocks(blocks),
                Block::Image(image) => {
                    let mut text = image.alt.trim().to_string();
                    if !image.title.trim().is_empty() {
                        text.push_str(" — ");
                        text.push_str(image.title.trim());
                    }
                    // A caption of one or two words ("diagram") says too little to embed.
                    if text.split_whitespace().count() >= 3 {
                        self.push(&text);
                    }
                }
                Block::Table(table) => {
                    for row in std::iter::once(&table.header).chain(&table.rows) {
                        let cells: Vec<String> = row.iter().map(plain).collect();
                        self.push(&cells.join(" | "));
                    }
                }
                Block::Code { .. } | Block::Rule => {}
            }
        }
    }

    fn push(&mut self, text: &str) {
        for piece in cut(text, MAX_CHARS) {
            self.out.push(MeaningPassage {
                talk: self.talk,
                heading: self.heading.clone(),
                context: self.context.clone(),
                text: piece,
                kind: PassageKind::Text,
            });
        }
    }
}

/// The spans' text, whitespace collapsed.
fn plain<'a>(spans: impl IntoIterator<Item = SpanRef<'a>>) -> String {
    let mut text = String::new();
    for span in spans {
        text.push_str(span.text);
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut into pieces of at most `max` characters, at sentence ends where it can, else at
/// spaces, else anywhere; pieces without a letter or digit are dropped.
pub fn cut(text: &str, max: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut current_chars = 0;
    for sentence in sentences(text) {
        let chars = sentence.chars().count();
        if current_chars > 0 && current_chars + 1 + chars > max {
            pieces.push(std::mem::take(&mut current));
            current_chars = 0;
        }
        if chars > max {
            for part in by_words(sentence, max) {
                pieces.push(part);
            }
            continue;
        }
        if current_chars > 0 {
            current.push(' ');
            current_chars += 1;
        }
        current.push_str(sentence);
        current_chars += chars;
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces.retain(|p| p.chars().any(char::is_alphanumeric));
    pieces
}

/// The sentences of `text`: cut after `.`, `!`, `?` followed by a space, and after `。！？`.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let end = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => next.is_none_or(char::is_whitespace),
            _ => false,
        };
        if end {
            let stop = i + c.len_utf8();
            let s = text[start..stop].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = stop;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// A long sentence in pieces of at most `max` characters, at spaces where it has them.
fn by_words(sentence: &str, max: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut count = 0;
    for word in sentence.split(' ') {
        let chars = word.chars().count();
        if count > 0 && count + 1 + chars > max {
            pieces.push(std::mem::take(&mut current));
            count = 0;
        }
        if chars > max {
            // A "word" longer than a passage (CJK text has no spaces): cut by characters.
            let letters: Vec<char> = word.chars().collect();
            for chunk in letters.chunks(max) {
                pieces.push(chunk.iter().collect());
            }
            continue;
        }
        if count > 0 {
            current.push(' ');
            count += 1;
        }
        current.push_str(word);
        count += chars;
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sentences_are_kept_whole_up_to_the_limit() {
        let text = "First point here. Second one! Third?";
        assert_eq!(cut(text, 300), vec![text.to_string()]);
        assert_eq!(
            cut(text, 20),
            vec!["First point here.", "Second one! Third?"]
        );
        assert_eq!(
            cut("日本語の文。次の文。", 6),
            vec!["日本語の文。", "次の文。"]
        );
    }

    #[test]
    fn nested_items_carry_their_parent_line_and_neighbours_are_joined_in_windows() {
        let text = "# Conf\n\n## Streams\n\n- Late data\n  - Publish once, drop late events\n\
                    - Watermarks\n\n## Other\n\nOne line.\n";
        let conference = crate::parse_conference(
            text,
            std::path::Path::new("c.md"),
            &crate::ParseOptions::default(),
        );
        let library = Library {
            conferences: vec![conference],
        };
        let passages = passages_of(&library);
        let embedded: Vec<(PassageKind, String)> = passages
            .iter()
            .map(|p| {
                (
                    p.kind,
                    embedding_text(&library.conferences[0].talks[p.talk.talk].title, p),
                )
            })
            .collect();
        use PassageKind::*;
        assert_eq!(
            embedded,
            vec![
                (Title, "Streams".to_string()),
                (Text, "Streams: Late data".to_string()),
                (
                    Text,
                    "Streams: Late data: Publish once, drop late events".to_string()
                ),
                (Text, "Streams: Watermarks".to_string()),
                (
                    Window,
                    "Streams: Late data Publish once, drop late events".to_string()
                ),
                (
                    Window,
                    "Streams: Publish once, drop late events Watermarks".to_string()
                ),
                // A talk of one passage has no window; no window spans two talks.
                (Title, "Other".to_string()),
                (Text, "Other: One line.".to_string()),
            ]
        );
        assert!(passages.iter().all(|p| p.is_quotable() == (p.kind == Text)));
    }

    proptest! {
        /// No piece is longer than the limit, and no word is lost.
        #[test]
        fn cutting_keeps_every_word(text in "[a-zé日 .!?]{0,400}", max in 5usize..80) {
            let pieces = cut(&text, max);
            for p in &pieces {
                prop_assert!(p.chars().count() <= max, "{p:?}");
            }
            let words = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
            prop_assert_eq!(words(&pieces.concat()), words(&text));
        }
    }
}
