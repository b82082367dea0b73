//! The passages that are embedded: each paragraph, list item, quote, table row and picture
//! caption of a talk, cut at sentence ends to at most [`MAX_CHARS`] characters, and the talk's
//! title with its speaker. Each is embedded with the talk's title before it ("Title: text") so
//! that a passage carries what it is about.

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
    /// The passage as the notes say it (markup removed).
    pub text: String,
    /// True for the passage made of the talk's title (and speaker): it is not quoted.
    pub is_title: bool,
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
                text: title,
                is_title: true,
            });
            let start = out.len();
            let mut walker = Walker {
                talk: talk_ref,
                heading: None,
                out: &mut out,
            };
            walker.blocks(&talk.blocks);
            // The same sentence twice in a talk is embedded once.
            let mut talk_passages = out.split_off(start);
            let mut seen = std::collections::HashSet::new();
            talk_passages.retain(|p| seen.insert(p.text.clone()));
            out.append(&mut talk_passages);
        }
    }
    out
}

/// The text sent to the server for a passage: the talk's title, then the passage.
pub fn embedding_text(title: &str, passage: &MeaningPassage) -> String {
    if passage.is_title {
        passage.text.clone()
    } else {
        format!("{title}: {}", passage.text)
    }
}

struct Walker<'a> {
    talk: TalkRef,
    heading: Option<String>,
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
                        self.blocks(&item.blocks);
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
                text: piece,
                is_title: false,
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
