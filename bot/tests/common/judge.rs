//! Judging the bot's replies as a teammate would, shared by the answer tests: question sets
//! (TOML), what a reply shows once Markdown is rendered, and whether it refused.
// Each test uses what it needs of this module.
#![allow(dead_code)]

use serde::Deserialize;
use std::path::{Path, PathBuf};
use talkbot::reply::Reply;

/// A file of questions: questions with their talk and answer, and off-topic questions.
#[derive(Deserialize, Default)]
pub struct QuestionSet {
    #[serde(default)]
    pub question: Vec<Question>,
    #[serde(default)]
    pub off_topic: Vec<OffTopic>,
}

/// A question the notes answer.
#[derive(Deserialize)]
pub struct Question {
    /// The notes file (stem) that answers it.
    pub file: String,
    /// The question as typed.
    pub ask: String,
    /// The talk that answers it.
    pub talk: String,
    /// A phrase of the notes that answers it.
    pub answer: String,
    /// `paraphrase`, `cross_language`, ... (sets by meaning).
    #[serde(default)]
    pub kind: Option<String>,
    /// The question's language, when not English.
    #[serde(default)]
    pub lang: Option<String>,
}

/// A question the notes do not answer.
#[derive(Deserialize)]
pub struct OffTopic {
    /// Its language.
    pub lang: String,
    /// The question.
    pub ask: String,
    /// The notes file (stem) it shares a word with, when it was written for one.
    #[serde(default)]
    pub file: Option<String>,
}

/// Every `.toml` question set of `dir`, merged.
pub fn question_sets(dir: &Path) -> QuestionSet {
    let mut all = QuestionSet::default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("question folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("question file");
        let set: QuestionSet =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        all.question.extend(set.question);
        all.off_topic.extend(set.off_topic);
    }
    all
}

/// What a reader sees: Markdown escapes and bold markers removed, whitespace collapsed.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '*' => {}
            _ => out.push(c),
        }
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Everything a reply shows, as [`visible`] text.
pub fn shown_text(reply: &Reply) -> String {
    let mut text = reply.content.clone();
    for embed in &reply.embeds {
        text.push('\n');
        text.push_str(&embed.description);
        for field in &embed.fields {
            text.push('\n');
            text.push_str(&field.value);
        }
    }
    visible(&text)
}

/// Whether the reply says nothing in the notes matches.
pub fn is_refusal(reply: &Reply) -> bool {
    reply.embeds.is_empty() && reply.content.starts_with("Nothing in the notes matches")
}

/// Whether the reply names `q`'s talk (title and file), and whether it shows its answer.
pub fn judge(reply: &Reply, q: &Question) -> (bool, bool) {
    let title = reply.embeds.first().map(|e| e.title.as_str());
    let right = title == Some(q.talk.as_str())
        && reply.embeds[0]
            .footer
            .as_deref()
            .is_some_and(|f| f.starts_with(&q.file));
    (
        right,
        right && shown_text(reply).contains(&visible(&q.answer)),
    )
}

/// `part` of `whole` in percent.
pub fn percent(part: usize, whole: usize) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}
