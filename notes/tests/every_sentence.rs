//! No sentence of a notes file is out of reach: sentences sampled from every corpus file (12 a
//! file, evenly spread over its text lines, chosen the same way on every run) are asked word for
//! word through the search, words only, as the bot asks: the best talk must be the talk that
//! holds the sentence, and a sentence outside the talks must find no talk and then the section
//! that holds it ("From the notes' introduction: …"); a sentence that is a talk's title (in a
//! table of contents or a programme) reaches that talk.

mod common;

use pulldown_cmark::{Event, Parser};
use std::path::Path;
use talk_notes::search::{TalkIndex, TalkRef};
use talk_notes::{parse_conference, Conference, Library, ParseOptions};

/// Sentences asked per file.
const PER_FILE: usize = 12;

/// The share of sampled sentences that must reach their talk or section, in per mille: the
/// figure measured when this test was written (README, "How notes are read").
const FLOOR_PER_MILLE: usize = 994;

/// The plain text of one Markdown line: list and quote markers, emphasis and link targets
/// gone, link and code text kept; bare addresses dropped.
fn plain_text(line: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(line) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace()
        .filter(|w| !w.contains("://") && !w.starts_with("www."))
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}')
}

/// The first sentence of `text` long enough to be asked (five words, or ten CJK characters),
/// at most 25 words.
fn sentence(text: &str) -> Option<String> {
    let long_enough = |s: &str| {
        let words = s
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        words >= 5 || s.chars().filter(|c| is_cjk(*c)).count() >= 10
    };
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let at_end = matches!(c, '。' | '！' | '？')
            || (matches!(c, '.' | '!' | '?')
                && text[end..].starts_with(' ')
                && !text[..i].ends_with(|p: char| p.is_ascii_digit()));
        if at_end {
            let piece = text[start..end].trim();
            if long_enough(piece) {
                return Some(first_words(piece));
            }
            start = end;
        }
    }
    let rest = text[start..].trim();
    long_enough(rest).then(|| first_words(rest))
}

fn first_words(text: &str) -> String {
    text.split_whitespace()
        .take(25)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every text line of the file's body that holds a sentence, with its 1-based line: outside
/// code blocks, headings, tables and HTML.
fn sentences(text: &str) -> Vec<(usize, String)> {
    let body_start = talk_notes::frontmatter::split(text).body_start;
    let first_body_line = text[..body_start].lines().count() + 1;
    let mut fence: Option<&str> = None;
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let number = n + 1;
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => {
                fence = Some(m);
                continue;
            }
            (Some(f), Some(m)) if f == m => {
                fence = None;
                continue;
            }
            (Some(_), _) => continue,
            _ => {}
        }
        let skipped = number < first_body_line
            || trimmed.starts_with(['#', '|', '<'])
            || trimmed.starts_with("===")
            || trimmed.starts_with("---")
            || line.starts_with("    ");
        if skipped {
            continue;
        }
        if let Some(s) = sentence(&plain_text(trimmed)) {
            found.push((number, s));
        }
    }
    found
}

/// `k` of `items`, evenly spread.
fn spread<T: Clone>(items: &[T], k: usize) -> Vec<T> {
    if items.len() <= k {
        return items.to_vec();
    }
    (0..k)
        .map(|i| items[(2 * i + 1) * items.len() / (2 * k)].clone())
        .collect()
}

/// What holds line `line`: a talk, a section, or nothing.
#[derive(Debug, PartialEq)]
enum Holder {
    Talk(usize),
    Section(usize),
    Nothing,
}

fn holder(c: &Conference, line: usize) -> Holder {
    if let Some(t) = c
        .talks
        .iter()
        .position(|t| (t.line..=t.end_line).contains(&line))
    {
        return Holder::Talk(t);
    }
    match c
        .sections
        .iter()
        .position(|s| (s.line..=s.end_line).contains(&line))
    {
        Some(s) => Holder::Section(s),
        None => Holder::Nothing,
    }
}

/// Whether the bot, asked `query`, answers from `holder`. A sentence that is a talk's title (a
/// line of the table of contents or of the programme) reaches that talk wherever it is written.
fn reaches(index: &TalkIndex, c: &Conference, holder: &Holder, query: &str) -> bool {
    let response = index.search(query, 5);
    let names_a_talk = response.results.first().is_some_and(|r| r.names_talk);
    if matches!(holder, Holder::Section(_)) && names_a_talk {
        return true;
    }
    // As the bot answers: the talks the words find, unless a part of the notes that is not a
    // talk says clearly more of the question; that part when no talk fits.
    let section = if response.results.is_empty() {
        index.search_sections(query)
    } else {
        index.section_saying_more(query, &response)
    };
    match holder {
        Holder::Talk(t) => {
            section.is_none()
                && response.results.first().map(|r| r.talk)
                    == Some(TalkRef {
                        conference: 0,
                        talk: *t,
                    })
        }
        Holder::Section(s) => section.is_some_and(|found| found.line == c.sections[*s].line),
        Holder::Nothing => false,
    }
}

#[test]
fn sampled_sentences_reach_the_talk_or_section_that_holds_them() {
    let Some(dir) = common::corpus::corpus_dir() else {
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files.insert(
        0,
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/velocity-london-2018.md"),
    );
    let (mut asked, mut reached) = (0, 0);
    // Sentences outside the talks, and those the sections' search alone finds.
    let (mut sections, mut in_reach) = (0, 0);
    let mut missed = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("notes file");
        let conference = parse_conference(&text, path, &ParseOptions::default());
        let index = TalkIndex::build(Library {
            conferences: vec![conference.clone()],
        });
        let sampled = spread(&sentences(&text), PER_FILE);
        assert!(sampled.len() >= 4, "{}: {sampled:?}", path.display());
        for (line, query) in sampled {
            let holder = holder(&conference, line);
            assert_ne!(
                holder,
                Holder::Nothing,
                "{}:{line} is in no talk nor section",
                path.display()
            );
            asked += 1;
            if let Holder::Section(s) = holder {
                sections += 1;
                let line = conference.sections[s].line;
                in_reach += usize::from(
                    index
                        .search_sections(&query)
                        .is_some_and(|found| found.line == line),
                );
            }
            if reaches(&index, &conference, &holder, &query) {
                reached += 1;
            } else {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                missed.push(format!("{name}:{line} {holder:?}: {query}"));
            }
        }
    }
    eprintln!("{reached} of {asked} sampled sentences reach their talk or section");
    eprintln!("{sections} are outside the talks; the sections' search alone finds {in_reach}");
    assert_eq!(
        in_reach, sections,
        "the sections' search finds every sentence outside talks"
    );
    assert!(
        reached * 1000 >= asked * FLOOR_PER_MILLE,
        "{reached} of {asked} reach their talk or section; missed: {missed:#?}"
    );
    eprintln!("missed: {missed:#?}");
}
