//! Lints for notes files: what GitHub would render wrong and what readers would miss.
//!
//! Each [`Finding`] names the file and line and says how to fix it. Warnings never stop the
//! bot; errors (a file that cannot be read) do.
//!
//! The check takes time in proportion to the notes, however many links are broken: the nearest
//! heading of a broken anchor is looked up in maps of the headings (by their letters and digits,
//! and by the runs of three letters they hold, rarest first), and only the 32 headings sharing
//! the most with the link are compared letter by letter
//! (`a_broken_anchor_is_compared_with_a_bounded_number_of_headings`;
//! `renamed_anchors_in_a_long_table_of_contents_each_get_their_heading` checks the hints).

use crate::assemble::decode_anchor;
use crate::blocks::RawLink;
use crate::load::{find_notes, read_notes, NotesError};
use crate::model::{Anchor, Conference, Library};
use crate::parse::{parse_in_full, ParseOptions};
use crate::roles::{Evidence, Explanation, TakenFor};
use crate::slug::github_slug;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth fixing; the notes still load.
    Warning,
    /// The notes cannot be loaded.
    Error,
}

/// One problem found in a notes file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Warning or error.
    pub severity: Severity,
    /// The notes file.
    pub file: PathBuf,
    /// 1-based line (0 when the whole file is concerned).
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{}:{}: {severity}: {} (hint: {})",
            self.file.display(),
            self.line,
            self.message,
            self.hint
        )
    }
}

/// Parses and lints every notes file (folders expanded). Files that cannot be read become
/// error findings, entries of folders that cannot be read warnings; the others are still
/// parsed and returned.
pub fn check_paths(paths: &[PathBuf], options: &ParseOptions) -> (Library, Vec<Finding>) {
    let mut library = Library::default();
    let mut findings = Vec::new();
    let found = match find_notes(paths) {
        Ok(found) => found,
        Err(error) => {
            findings.push(error_finding(&error, Severity::Error));
            return (library, findings);
        }
    };
    for skipped in &found.skipped {
        findings.push(error_finding(skipped, Severity::Warning));
    }
    for file in found.files {
        match read_notes(&file.path) {
            Ok(text) => {
                let (conference, found) = check_text(&text, &file.path, options);
                library.conferences.push(conference);
                findings.extend(found);
            }
            Err(error @ (NotesError::Read { .. } | NotesError::NotRegular { .. }))
                if !file.named =>
            {
                findings.push(error_finding(&error, Severity::Warning))
            }
            Err(error) => findings.push(error_finding(&error, Severity::Error)),
        }
    }
    (library, findings)
}

fn error_finding(error: &NotesError, severity: Severity) -> Finding {
    let file = error.path().map(Path::to_path_buf).unwrap_or_default();
    let line = match error {
        NotesError::InvalidUtf8 { line, .. } => *line,
        _ => 0,
    };
    let message = error.to_string();
    // The error text may end with its own advice in parentheses; split it off as the hint.
    let (message, hint) = match message.rfind(" (") {
        Some(at) if message.ends_with(')') => (
            message[..at].to_string(),
            message[at + 2..message.len() - 1].to_string(),
        ),
        _ if severity == Severity::Warning => (
            message,
            String::from("the other notes are read without it; fix or remove it"),
        ),
        _ => (
            message,
            String::from("fix the file and run the check again"),
        ),
    };
    let prefix = format!("{}:{line}: ", file.display());
    let prefix_short = format!("{}: ", file.display());
    let message = message
        .strip_prefix(&prefix)
        .or_else(|| message.strip_prefix(&prefix_short))
        .unwrap_or(&message)
        .to_string();
    Finding {
        severity,
        file,
        line,
        message,
        hint,
    }
}

/// Parses one notes file's text and lints it.
pub fn check_text(text: &str, file: &Path, options: &ParseOptions) -> (Conference, Vec<Finding>) {
    let parsed = parse_in_full(text, file, options);
    let conference = parsed.conference;
    let mut findings = check_conference(&conference, &parsed.links);
    if let Some(explanation) = &parsed.explanation {
        findings.extend(unsure_readings(&conference, explanation));
    }
    if let Some(written) = &parsed.bad_talk_level {
        findings.push(warning(
            file,
            1,
            format!("front matter talk_level \"{written}\" is not a heading level"),
            "write a level from 1 to 6 (`talk_level: 3` when the talks are `###` headings)"
                .to_string(),
        ));
    }
    findings.sort_by_key(|f| f.line);
    if let Some(error) = &parsed.front_matter_error {
        findings.push(warning(
            file,
            error.line(),
            error.to_string(),
            error.hint().to_string(),
        ));
    }
    findings.sort_by_key(|f| f.line);
    (conference, findings)
}

fn warning(file: &Path, line: usize, message: String, hint: String) -> Finding {
    Finding {
        severity: Severity::Warning,
        file: file.to_path_buf(),
        line,
        message,
        hint,
    }
}

/// A talk this many times longer (in lines) than the file's median talk is reported.
const LARGE_TALK_TIMES: usize = 4;
/// ... and only when it is this many lines longer than the median, with sub-headings.
const LARGE_TALK_LINES: usize = 40;

/// Where the reader was unsure of what a heading is: headings at or near the talk level that
/// it did not take as talks, headings it read as the speaker or link line of the heading above
/// at the same level, and talks far larger than the others (their sub-headings may be talks).
pub fn unsure_readings(conference: &Conference, explanation: &Explanation) -> Vec<Finding> {
    let file = conference.file.as_path();
    let level = explanation.talk_level;
    let set_level = |n: u8| {
        format!(
            "set the talk level: `talk_level: {n}` in the front matter, or notes.talk_level in \
             the configuration"
        )
    };
    let mut findings = Vec::new();
    for h in &explanation.headings {
        let not_a_talk = |hint: String| {
            warning(
                file,
                h.line,
                format!(
                    "heading \"{}\" was not taken as a talk: {}",
                    h.title,
                    h.evidence.describe()
                ),
                hint,
            )
        };
        match (h.taken_for, h.evidence) {
            (TakenFor::Section, Evidence::UnderPlainHeading | Evidence::BeforeFirstDay) => findings
                .push(not_a_talk(format!(
                    "if it is a talk, put it under a day like the others, or {}",
                    set_level(level)
                ))),
            (TakenFor::Section, Evidence::AboveTalkLevel)
                if h.children == 0 && h.own_blocks > 0 && !conference.talks.is_empty() =>
            {
                findings.push(not_a_talk(format!(
                    "if it is a talk, write it as a level-{level} heading like the other talks"
                )))
            }
            (TakenFor::Section, Evidence::OpensADay) => findings.push(not_a_talk(
                "if it is a talk, name its speaker in the title (\"Title - Speaker\") as the \
                 other talks do"
                    .to_string(),
            )),
            (TakenFor::Section, Evidence::LinkDump) => findings.push(not_a_talk(
                "if it is a talk, write a line of notes under it beside the links".to_string(),
            )),
            (TakenFor::Part, Evidence::NamesSpeakerAbove | Evidence::LinkLineAbove) => {
                let Some(owner) = h
                    .part_of
                    .and_then(|line| explanation.headings.iter().find(|o| o.line == line))
                else {
                    continue;
                };
                if owner.level == h.level {
                    findings.push(warning(
                        file,
                        h.line,
                        format!(
                            "heading \"{}\" was read as part of \"{}\" (line {}): {}",
                            h.title,
                            owner.title,
                            owner.line,
                            h.evidence.describe()
                        ),
                        "if it is a talk of its own, write notes under it; to keep it with the \
                         heading above, make it one level deeper"
                            .to_string(),
                    ));
                }
            }
            _ => {}
        }
    }
    findings.extend(large_talks(conference, level, &set_level));
    findings
}

/// Talks far longer than the file's median talk, with sub-headings that may be talks.
fn large_talks(
    conference: &Conference,
    level: u8,
    set_level: &dyn Fn(u8) -> String,
) -> Vec<Finding> {
    let lines = |t: &crate::model::Talk| t.end_line.saturating_sub(t.line) + 1;
    let mut sizes: Vec<usize> = conference.talks.iter().map(lines).collect();
    if sizes.len() < 4 {
        return Vec::new();
    }
    sizes.sort_unstable();
    let median = sizes[sizes.len() / 2].max(1);
    let mut findings = Vec::new();
    for talk in &conference.talks {
        let size = lines(talk);
        let subs = talk
            .blocks
            .iter()
            .filter(|b| matches!(b, crate::model::Block::Heading { .. }))
            .count();
        if size >= median * LARGE_TALK_TIMES && size >= median + LARGE_TALK_LINES && subs >= 2 {
            findings.push(warning(
                &conference.file,
                talk.line,
                format!(
                    "talk \"{}\" holds {size} lines, {} times the median talk ({median} lines), \
                     with {subs} sub-headings",
                    talk.title,
                    size / median
                ),
                format!("if its sub-headings are talks, {}", set_level(level + 1)),
            ));
        }
    }
    findings
}

/// Lints a parsed conference, given every link of its file.
pub fn check_conference(conference: &Conference, links: &[RawLink]) -> Vec<Finding> {
    let file = conference.file.as_path();
    let mut findings = Vec::new();
    let slugs: HashMap<&str, usize> = conference
        .anchors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.slug(), i))
        .collect();

    let mut finder = AnchorFinder::new(&conference.anchors);
    for link in links {
        if let Some(anchor) = link.url().strip_prefix('#') {
            let anchor = decode_anchor(anchor);
            if !anchor.is_empty() && !slugs.contains_key(anchor.as_str()) {
                let hint = match finder.nearest(&anchor, link.label()) {
                    Some(a) => format!(
                        "GitHub's anchor for \"{}\" (line {}) is #{}",
                        a.text(),
                        a.line,
                        a.slug()
                    ),
                    None => "no heading has a similar anchor; fix or remove the link".to_string(),
                };
                findings.push(warning(
                    file,
                    link.line,
                    format!(
                        "link \"{}\" points to #{anchor}, which GitHub would not resolve",
                        link.label()
                    ),
                    hint,
                ));
            }
        } else if let Some((message, hint)) = url_problem(link.url(), file) {
            findings.push(warning(
                file,
                link.line,
                format!("link \"{}\" {message}", link.label()),
                hint,
            ));
        }
    }

    if conference.talks.is_empty() {
        findings.push(warning(
            file,
            0,
            "no talks found".to_string(),
            "give each talk a heading (`## Title`), or set notes.talk_level to the level of \
             your talk headings"
                .to_string(),
        ));
    }
    if let Some(toc) = &conference.toc {
        let listed: std::collections::HashSet<&str> =
            toc.entries.iter().map(|e| e.anchor()).collect();
        for talk in &conference.talks {
            if !listed.contains(talk.slug.as_str()) {
                findings.push(warning(
                    file,
                    talk.line,
                    format!(
                        "talk \"{}\" is missing from the table of contents",
                        talk.title
                    ),
                    format!(
                        "add `- [{}](#{})` to the table of contents at line {}",
                        talk.title, talk.slug, toc.line
                    ),
                ));
            }
        }
    }

    let mut seen: HashMap<String, usize> = HashMap::new();
    for talk in &conference.talks {
        if talk.blocks.iter().all(|b| *b == crate::model::Block::Rule) && talk.links.is_empty() {
            findings.push(warning(
                file,
                talk.line,
                format!("talk \"{}\" has no notes", talk.title),
                "write what you learned under the heading, or remove it".to_string(),
            ));
        }
        let key = talk.title.to_lowercase();
        if let Some(first) = seen.get(&key) {
            findings.push(warning(
                file,
                talk.line,
                format!("talk title \"{}\" is also used at line {first}", talk.title),
                format!(
                    "rename one of them; GitHub links this one as #{}",
                    talk.slug
                ),
            ));
        } else {
            seen.insert(key, talk.line);
        }
    }
    findings.sort_by_key(|f| f.line);
    findings
}

/// Finds the heading a broken anchor meant, in time that does not grow with the number of
/// headings: anchors are looked up in maps by their letters and digits and by the runs of three
/// letters they hold, and only the few that share the most rare runs with the link are compared
/// letter by letter.
struct AnchorFinder<'c> {
    anchors: &'c [Anchor],
    /// Each anchor under its letters and digits alone (`securingserverlessbybreakingin`), the
    /// first heading for each.
    loose: HashMap<String, usize>,
    /// The anchors holding each run of three letters or digits.
    trigrams: HashMap<Trigram, Vec<usize>>,
    /// Scratch: how many runs each anchor shares with the link being looked up.
    shared: Vec<u32>,
}

/// Three letters or digits in a row.
type Trigram = (char, char, char);

/// Most headings compared letter by letter for one broken anchor.
const MAX_CANDIDATES: usize = 32;
/// Most counts made for one broken anchor: each run of three letters it holds adds one to each
/// heading holding it, rarest runs first.
const MAX_COUNTS: usize = 4096;

/// The letters and digits of a slug, lowercased.
fn loose_key(slug: &str) -> String {
    slug.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The runs of three letters or digits of a slug, each once.
fn trigrams(slug: &str) -> Vec<Trigram> {
    let chars: Vec<char> = loose_key(slug).chars().collect();
    let mut runs: Vec<Trigram> = chars.windows(3).map(|w| (w[0], w[1], w[2])).collect();
    runs.sort_unstable();
    runs.dedup();
    runs
}

impl<'c> AnchorFinder<'c> {
    fn new(anchors: &'c [Anchor]) -> Self {
        let mut loose = HashMap::with_capacity(anchors.len());
        let mut runs: HashMap<Trigram, Vec<usize>> = HashMap::new();
        for (i, anchor) in anchors.iter().enumerate() {
            loose.entry(loose_key(anchor.slug())).or_insert(i);
            for run in trigrams(anchor.slug()) {
                runs.entry(run).or_default().push(i);
            }
        }
        AnchorFinder {
            anchors,
            loose,
            trigrams: runs,
            shared: vec![0; anchors.len()],
        }
    }

    /// The heading whose anchor is closest to a broken anchor (or whose text is closest to
    /// the link's label), if one is close enough.
    fn nearest(&mut self, anchor: &str, label: &str) -> Option<&'c Anchor> {
        let label_slug = github_slug(label);
        for key in [loose_key(anchor), loose_key(&label_slug)] {
            if let Some(&i) = self.loose.get(&key).filter(|_| !key.is_empty()) {
                return Some(&self.anchors[i]);
            }
        }
        self.candidates(anchor, &label_slug)
            .into_iter()
            .map(|i| {
                let a = &self.anchors[i];
                let by_anchor = strsim::normalized_levenshtein(anchor, a.slug());
                let by_label = strsim::normalized_levenshtein(&label_slug, a.slug());
                (by_anchor.max(by_label), i)
            })
            .filter(|(score, _)| *score >= 0.5)
            // The best score; on a tie, the first heading.
            .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)))
            .map(|(_, i)| &self.anchors[i])
    }

    /// The headings worth comparing letter by letter with a broken anchor: at most
    /// [`MAX_CANDIDATES`], those sharing the most runs of three letters with it or with the
    /// link's label.
    fn candidates(&mut self, anchor: &str, label_slug: &str) -> Vec<usize> {
        let mut runs = trigrams(anchor);
        runs.extend(trigrams(label_slug));
        runs.sort_unstable();
        runs.dedup();
        // The rarest runs first, as far as the budget goes: a run most headings hold (as
        // "ing") tells little and would cost a count for each of them.
        let mut lists: Vec<&Vec<usize>> = runs
            .iter()
            .filter_map(|run| self.trigrams.get(run))
            .collect();
        lists.sort_by_key(|holders| holders.len());
        let mut touched = Vec::new();
        let mut spent = 0;
        for holders in lists {
            spent += holders.len();
            if spent > MAX_COUNTS {
                break;
            }
            for &i in holders {
                if self.shared[i] == 0 {
                    touched.push(i);
                }
                self.shared[i] += 1;
            }
        }
        touched.sort_by_key(|&i| (std::cmp::Reverse(self.shared[i]), i));
        for &i in &touched {
            self.shared[i] = 0;
        }
        touched.truncate(MAX_CANDIDATES);
        touched
    }
}

/// What is wrong with a link destination, if anything: empty, unparsable, or a web address
/// written without its scheme (GitHub would treat it as a file of the repository).
fn url_problem(url: &str, file: &Path) -> Option<(String, String)> {
    let url = url.trim();
    if url.is_empty() {
        return Some((
            "has an empty URL".to_string(),
            "put the address between the parentheses: [text](https://...)".to_string(),
        ));
    }
    if url.contains(char::is_whitespace) {
        return Some((
            format!("has a space in its URL \"{url}\""),
            "encode spaces as %20 or wrap the URL in <...>".to_string(),
        ));
    }
    let has_scheme = url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme {
        return url::Url::parse(url).err().map(|e| {
            (
                format!("has a malformed URL \"{url}\" ({e})"),
                "write the full address, e.g. https://example.com/page".to_string(),
            )
        });
    }
    let is_email = !url.contains('/')
        && url
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
    if is_email {
        return None;
    }
    // A relative path: fine when it names a file next to the notes, suspicious when its first
    // segment looks like a domain name.
    let first = url.split(['/', '?', '#']).next().unwrap_or("");
    let tld = first.rsplit('.').next().unwrap_or("");
    let looks_like_host = first.contains('.')
        && (2..=6).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_lowercase())
        && ![
            "md", "html", "htm", "png", "jpg", "jpeg", "gif", "svg", "pdf", "webp", "txt",
        ]
        .contains(&tld);
    let local = file.parent().unwrap_or(Path::new(".")).join(url);
    if looks_like_host && !local.exists() {
        return Some((
            format!("points to \"{url}\", a web address without https://"),
            format!("write https://{url}"),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(slug: &str, line: usize) -> Anchor {
        Anchor::new(2, &slug.replace('-', " "), slug, line)
    }

    #[test]
    fn a_broken_anchor_is_compared_with_a_bounded_number_of_headings() {
        // Thousands of headings sharing most of their words, as in a long programme.
        let words = [
            "cloud", "native", "service", "mesh", "data", "platform", "team",
        ];
        let anchors: Vec<Anchor> = (0..5000)
            .map(|i| {
                let slug = format!(
                    "{}-{}-{}-talk{i}",
                    words[i % 7],
                    words[(i / 7) % 7],
                    words[(i / 49) % 7]
                );
                anchor(&slug, i + 10)
            })
            .collect();
        let mut finder = AnchorFinder::new(&anchors);
        for wanted in [0, 1234, 4999] {
            let slug = anchors[wanted].slug();
            // Renamed: one word more in front.
            let renamed = format!("old-{slug}");
            let candidates = finder.candidates(&renamed, "");
            assert!(candidates.len() <= MAX_CANDIDATES, "{}", candidates.len());
            assert!(candidates.contains(&wanted), "{renamed}: {candidates:?}");
            let found = finder.nearest(&renamed, "").expect("a heading");
            assert_eq!(found.slug(), slug);
            // Dashes collapsed, as other Markdown renderers write them.
            let collapsed = slug.replace('-', "");
            assert_eq!(finder.nearest(&collapsed, "").map(|a| a.slug()), Some(slug));
            // A typo late in a word.
            let typo = slug.replacen("talk", "tlak", 1);
            assert_eq!(finder.nearest(&typo, "").map(|a| a.slug()), Some(slug));
        }
        assert!(finder.nearest("nothing-like-it", "Unrelated").is_none());
    }
}
