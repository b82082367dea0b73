//! What a heading's words say it is: a grouping (day, date, track), a meta section (table of
//! contents, links), an event of the programme that is not a talk (lunch, party), or a part of a
//! talk ("Takes", "Raw notes").
//!
//! These are word lists, in the languages the notes come in; the passes over the heading tree combine them
//! with what the document's shape says.

/// Lower-case words of a title, split at anything that is not a letter or digit.
fn words(lower: &str) -> Vec<&str> {
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Headings that hold other sections rather than a talk: days, dates, tracks, rooms. A long
/// heading counts when it opens with one: "Mardi 19 avril : prépa physique et mentale".
pub fn is_grouping_title(title: &str) -> bool {
    let lower = title.to_lowercase();
    if is_grouping_words(&lower) {
        return true;
    }
    // The part before a colon or a dash: "Day 1: May 3, 2016", "Mardi 19 avril : ...".
    let head = lower
        .split([':', '：', '—', '–'])
        .next()
        .unwrap_or_default()
        .split(" - ")
        .next()
        .unwrap_or_default();
    head.len() < lower.len() && is_grouping_words(head) && opens_with_day_or_date(head)
}

/// The words open with a day or a date: "Mardi 19 avril", "Day 2", "3 May", "May 3".
fn opens_with_day_or_date(lower: &str) -> bool {
    let words = words(lower);
    let numeric = |w: &&str| w.chars().next().is_some_and(|c| c.is_ascii_digit());
    match words.as_slice() {
        [first, second, ..] => {
            DAYS.contains(first)
                || (["day", "jour", "journée", "tag", "día"].contains(first) && numeric(second))
                || (numeric(first) && MONTHS.contains(second))
                || (MONTHS.contains(first) && numeric(second))
        }
        [first] => DAYS.contains(first),
        [] => false,
    }
}

const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

fn is_grouping_words(lower: &str) -> bool {
    const WORDS: &[&str] = &[
        "day",
        "days",
        "jour",
        "journée",
        "journee",
        "tag",
        "día",
        "dia",
        "giorno",
        "dag",
        "morning",
        "afternoon",
        "evening",
        "track",
        "room",
        "hall",
        "stage",
    ];
    let words = words(lower);
    if words.is_empty() {
        return false;
    }
    let is_date = words.len() >= 3
        && words
            .iter()
            .take(3)
            .all(|w| w.chars().all(|c| c.is_ascii_digit()))
        && words[0].len() == 4;
    // "10th Feb 2012", "3 May": a day of the month beside a month name.
    let day_month = words.len() <= 4
        && words.iter().any(|w| MONTHS.contains(w))
        && words
            .iter()
            .any(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()));
    let japanese_day = lower.contains("日目") || lower.starts_with('第');
    is_date
        || day_month
        || japanese_day
        || (words.len() <= 5
            && words
                .iter()
                .any(|w| WORDS.contains(w) || DAYS.contains(w) || MONTHS.contains(w)))
}

/// Headings that are never talks: tables of contents, lists of links and books, housekeeping,
/// a closing word.
pub fn is_meta_title(title: &str) -> bool {
    const EXACT: &[&str] = &[
        "agenda",
        "books",
        "conclusion",
        "conclusions",
        "contents",
        "final thoughts",
        "housekeeping",
        "index",
        "link dump",
        "links",
        "misc",
        "miscellaneous",
        "parking lot",
        "reading list",
        "references",
        "resources",
        "schedule",
        "sessions",
        "sources",
        "swag",
        "table of contents",
        "talks",
        "tidbits",
        "toc",
        "todo",
        "wrap up",
        "wrap-up",
        "sommaire",
        "programme",
        "bilan",
        "目次",
        "さいごに",
        "おわりに",
        "はじめに",
        "まとめ",
        "感想",
    ];
    const PREFIXES: &[&str] = &[
        "attended sessions",
        "attended talks",
        "list of talks",
        "visited talks",
        "watched talks",
        "talks i attended",
        "further reading",
        "bilan de ",
    ];
    let lower: String = title
        .to_lowercase()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    const WITHIN: &[&str] = &["to check out", "to look into", "to look at later"];
    // "Things to read", "Things to try later"; not a talk's "Things to know about async Rust".
    let things_to = lower.starts_with("things to ") && lower.split_whitespace().count() <= 4;
    use crate::model::SectionKind;
    let says_so = matches!(
        section_kind(title),
        Some(SectionKind::Contents | SectionKind::Programme | SectionKind::Closing)
    );
    EXACT.contains(&lower.as_str())
        || PREFIXES.iter().any(|p| lower.starts_with(p))
        || WITHIN.iter().any(|w| lower.contains(w))
        || things_to
        || says_so
}

/// What a heading that is not a talk says it is, when its words say it: a table of contents, a
/// programme, an introduction or closing thoughts. `None` when the words say none of these.
pub fn section_kind(title: &str) -> Option<crate::model::SectionKind> {
    use crate::model::SectionKind;
    const CONTENTS: &[&str] = &[
        "contents",
        "table of contents",
        "toc",
        "index",
        "sommaire",
        "目次",
        "índice",
        "indice",
        "inhalt",
        "inhaltsverzeichnis",
        "spis treści",
        "содержание",
        "оглавление",
    ];
    const PROGRAMME: &[&str] = &[
        "agenda",
        "schedule",
        "programme",
        "program",
        "programa",
        "programm",
        "sessions",
        "talks",
        "list of talks",
        "line-up",
        "lineup",
        "расписание",
        "программа",
        "harmonogram",
    ];
    const INTRODUCTION: &[&str] = &[
        "introduction",
        "intro",
        "about",
        "overview",
        "preface",
        "foreword",
        "はじめに",
        "introducción",
        "introdução",
        "введение",
        "wstęp",
        "wprowadzenie",
        "avant-propos",
        "einleitung",
    ];
    const CLOSING: &[&str] = &[
        "conclusion",
        "conclusions",
        "final thoughts",
        "general thoughts",
        "closing thoughts",
        "last words",
        "wrap up",
        "wrap-up",
        "summary",
        "thanks",
        "thank you",
        "bilan",
        "まとめ",
        "さいごに",
        "おわりに",
        "感想",
        "conclusión",
        "conclusiones",
        "conclusão",
        "заключение",
        "выводы",
        "итоги",
        "podsumowanie",
        "fazit",
    ];
    // "My conclusions", "Other talks", "Some final thoughts".
    const CLOSING_WITHIN: &[&str] = &[
        "conclusion",
        "final thoughts",
        "other talks",
        "talks i missed",
        "takeaways",
        "wrap up",
        "wrap-up",
        "bilan de",
        "thoughts on the conference",
        "overall impressions",
    ];
    let lower: String = title
        .to_lowercase()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    let short = lower.split_whitespace().count() <= 5;
    if CONTENTS.contains(&lower.as_str()) {
        Some(SectionKind::Contents)
    } else if PROGRAMME.contains(&lower.as_str()) {
        Some(SectionKind::Programme)
    } else if INTRODUCTION.contains(&lower.as_str()) {
        Some(SectionKind::Introduction)
    } else if CLOSING.contains(&lower.as_str())
        || (short && CLOSING_WITHIN.iter().any(|w| lower.contains(w)))
    {
        Some(SectionKind::Closing)
    } else {
        None
    }
}

/// Moments of the programme that are not talks: meals, parties, the expo, hands-on areas.
/// The title is one of them, or ends with one ("Community Gathering @ I/O").
pub fn is_event_title(title: &str) -> bool {
    // Words that only name a moment of the programme.
    const EVENTS: &[&str] = &[
        "lunch",
        "breakfast",
        "brunch",
        "dinner",
        "déjeuner",
        "dejeuner",
        "mittagspause",
        "kaffeepause",
        "mittagessen",
        "abendessen",
        "frühstück",
        "almuerzo",
        "afterparty",
        "afterperty",
        "codelab",
        "codelabs",
        "booths",
        "ランチ",
        "昼食",
        "休憩",
        "懇親会",
    ];
    // Words that name one alone ("Experience", "LIVE") or after words of the programme
    // ("Coffee break", "Welcome reception"), but end talk titles too ("Kubernetes networking",
    // "Developer experience", "Going live").
    const ALONE: &[&str] = &[
        "coffee",
        "break",
        "pause",
        "party",
        "sandbox",
        "sandboxes",
        "expo",
        "exhibition",
        "registration",
        "gathering",
        "networking",
        "reception",
        "live",
        "concert",
        "experience",
        "café",
        "cafe",
        "track",
    ];
    const PROGRAMME: &[&str] = &[
        "welcome",
        "evening",
        "closing",
        "opening",
        "sponsor",
        "sponsors",
        "drinks",
        "social",
        "community",
        "coffee",
        "tea",
        "networking",
        "break",
        "pause",
        "happy",
        "hallway",
    ];
    let lower = title.to_lowercase();
    // A trailing "@ place" names where, not what.
    let what = lower.split(" @ ").next().unwrap_or_default();
    let words = words(what);
    match words.as_slice() {
        [] => false,
        [only] => EVENTS.contains(only) || ALONE.contains(only),
        [rest @ .., last] => {
            words.len() <= 8
                && (EVENTS.contains(last)
                    || (ALONE.contains(last)
                        && rest
                            .iter()
                            .any(|w| EVENTS.contains(w) || PROGRAMME.contains(w))))
        }
    }
}

/// Headings that name a part of a talk's notes rather than a talk: "Takes", "Raw notes",
/// "Questions", "Summary".
pub fn is_part_title(title: &str) -> bool {
    const PARTS: &[&str] = &[
        "takes",
        "takeaways",
        "key takeaways",
        "notes",
        "raw notes",
        "draft notes",
        "my notes",
        "questions",
        "q&a",
        "q & a",
        "qa",
        "summary",
        "tl;dr",
        "tldr",
        "intro",
        "introduction",
        "conclusion",
        "thoughts",
        "my thoughts",
        "presenting style",
        "resources",
        "links",
        "slides",
        "video",
        "demo",
        "résumé",
        "à retenir",
        "questions / réponses",
    ];
    let lower = title.to_lowercase();
    PARTS.contains(&lower.trim().trim_end_matches(':'))
}

/// What a heading's words say it is, read once per heading: on several threads for a big
/// file, so that the outline's passes over the headings only compare flags.
#[derive(Debug, Default)]
pub(crate) struct Words {
    /// The title in lower case.
    pub(crate) lower: String,
    /// A day, date, track or room.
    pub(crate) grouping: bool,
    /// A section that is never a talk (contents, links, lunch, party).
    pub(crate) not_a_talk: bool,
    /// A part of a talk ("Takes", "Raw notes").
    pub(crate) part: bool,
    /// One person's name and nothing else.
    pub(crate) name: bool,
    /// The speaker the title names ("Title - Speaker").
    pub(crate) speaker: Option<String>,
    /// The speaker a line under a title names ("Speaker: Jane Doe", "Jane Doe, Acme").
    pub(crate) line_speaker: Option<String>,
    /// Only a link, or "Slides: URL".
    pub(crate) link_line: bool,
}

impl Words {
    /// What an empty title says: nothing.
    pub(crate) const NOTHING: Words = Words {
        lower: String::new(),
        grouping: false,
        not_a_talk: false,
        part: false,
        name: false,
        speaker: None,
        line_speaker: None,
        link_line: false,
    };

    /// Reads what `title` says.
    pub(crate) fn read(title: &str) -> Words {
        Words {
            lower: title.to_lowercase(),
            grouping: is_grouping_title(title),
            not_a_talk: is_meta_title(title) || is_event_title(title),
            part: is_part_title(title),
            name: super::names::is_name(title),
            speaker: super::names::from_title(title),
            line_speaker: super::names::from_line(title),
            link_line: is_link_line(title),
        }
    }
}

/// A heading that is only a link, or "Slides: URL".
fn is_link_line(title: &str) -> bool {
    let lower = title.to_lowercase();
    let url_at = lower.find("http://").or_else(|| lower.find("https://"));
    match url_at {
        Some(at) => lower[..at].split_whitespace().count() <= 3,
        None => lower.starts_with("www.") && !lower.contains(' '),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groupings_are_days_dates_and_tracks() {
        for title in [
            "Day 1",
            "Thursday 11th May",
            "Mardi 19 avril : prépa physique et mentale",
            "Day 1: May 3, 2016",
            "10th Feb 2012",
            "2018-11-01",
            "Morning track",
        ] {
            assert!(is_grouping_title(title), "{title}");
        }
        for title in [
            "Kubernetes is not for developers",
            "Slow tech : il est urgent de changer le système",
            "Building a day-one platform: lessons learned from ten teams",
        ] {
            assert!(!is_grouping_title(title), "{title}");
        }
    }

    #[test]
    fn lists_and_housekeeping_are_not_talks() {
        for title in [
            "Table of contents",
            "Things to read",
            "Books to check out",
            "Links",
        ] {
            assert!(is_meta_title(title), "{title}");
        }
        for title in [
            "Things to know before you adopt async Rust",
            "Linking Rust into C",
        ] {
            assert!(!is_meta_title(title), "{title}");
        }
    }

    #[test]
    fn events_are_not_talks() {
        for title in [
            "Lunch",
            "AfterParty",
            "Codelabs",
            "Community Gathering @ I/O",
            "Coffee break",
            "Welcome reception",
            "Lunch & networking",
            "Experience",
            "Mittagspause",
            "Pause café",
            "Hallway track",
        ] {
            assert!(is_event_title(title), "{title}");
        }
        for title in [
            "Live coding a compiler in Rust",
            "Keynote",
            "Breaking the monolith",
            "Kubernetes networking",
            "Improving the developer experience",
            "Going live",
            "When things break",
            "Fast track to Rust",
        ] {
            assert!(!is_event_title(title), "{title}");
        }
    }
}
