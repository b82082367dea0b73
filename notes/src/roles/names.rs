//! People's names in a line of text, and the speaker a title or a line names: "Title - Speaker", "Title (Speaker, Company)",
//! "Speaker - Title", "Name (@handle): Title", "Speaker | @handle | Title", a "Speaker:" or
//! "Talk by" line, an italic line or a heading under the title that is only names.
//!
//! A name is two to four capitalised words ("Jessica Brown", "Philippe CHARRIERE", "Yukihiro
//! "Matz" Matsumoto") that are not words titles are made of ("Keynote", "Talk", "The").

/// Words that start or fill talk titles, never names.
const NOT_NAMES: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "in",
    "on",
    "for",
    "to",
    "with",
    "from",
    "by",
    "at",
    "is",
    "are",
    "how",
    "what",
    "why",
    "when",
    "who",
    "keynote",
    "keynotes",
    "talk",
    "talks",
    "lightning",
    "intro",
    "introduction",
    "building",
    "build",
    "day",
    "session",
    "workshop",
    "panel",
    "slides",
    "video",
    "demo",
    "welcome",
    "opening",
    "closing",
    "lunch",
    "break",
    "notes",
    "part",
    "track",
    "conference",
    "summit",
    "community",
    "cloud",
    "data",
    "web",
    "api",
    "app",
    "apps",
    "new",
    "première",
    "premier",
    "ce",
    "le",
    "la",
    "les",
    "des",
    "un",
    "une",
    "et",
    "que",
    "qui",
    "questions",
    "takes",
    "summary",
    "resources",
    "links",
    "exec",
    "dir",
    "chief",
    "architect",
    "vp",
    "cto",
    "ceo",
    "founder",
    "eng",
    "engineer",
    "director",
    "manager",
    "lead",
    "senior",
    "sr",
    "principal",
    "head",
    "google",
    "android",
    "ruby",
    "rust",
    "java",
    "python",
    "kubernetes",
    "docker",
    "react",
    "javascript",
    "node",
    "jquery",
    "mobile",
    "open",
    "source",
    "security",
    "performance",
    "design",
    "testing",
    "devops",
    "ml",
    "ai",
];

/// Particles that may sit inside a name: "Ursula von der Leyen", "Jean de La Fontaine".
const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "da", "du", "di", "del", "le", "la", "bin", "al", "dos",
];

/// True for a word that can be part of a person's name.
fn is_name_word(word: &str) -> bool {
    let word = word.trim_matches(|c: char| c == ',' || c == '.');
    // A nickname in quotes: Yukihiro "Matz" Matsumoto.
    if word.len() > 2
        && (word.starts_with('"') && word.ends_with('"')
            || word.starts_with('“') && word.ends_with('”'))
    {
        return true;
    }
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let not_a_name = if word.is_ascii() {
        NOT_NAMES.iter().any(|n| n.eq_ignore_ascii_case(word))
    } else {
        NOT_NAMES.contains(&word.to_lowercase().as_str())
    };
    if !first.is_uppercase() || not_a_name {
        return false;
    }
    let rest: Vec<char> = chars.collect();
    // An initial ("J."), or letters with hyphens and apostrophes; all capitals only when long
    // enough to be a surname rather than an acronym ("CHARRIERE", not "ML").
    let letters = rest
        .iter()
        .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'));
    let all_caps = rest.iter().all(|c| !c.is_lowercase());
    letters && (!all_caps || rest.len() >= 3 || rest.is_empty())
}

/// True when `text` is one person's name: two to four name words (particles aside).
pub fn is_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let named = words.iter().filter(|w| !PARTICLES.contains(w)).count();
    (2..=4).contains(&named)
        && words
            .iter()
            .all(|w| PARTICLES.contains(w) || is_name_word(w))
        && words
            .first()
            .is_some_and(|w| is_name_word(w) && w.trim_end_matches('.').chars().count() > 1)
}

/// Removes a trailing "(...)" or "[...]" (company, handle, language), the brackets around a
/// text wholly inside one pair, and a leading "1." number.
fn strip_decorations(text: &str) -> &str {
    let mut text = text.trim();
    loop {
        let before = text;
        // Names written inside one pair of brackets: "Title — [Léa Bernard]".
        let inner = (text.strip_prefix('[').and_then(|t| t.strip_suffix(']')))
            .or_else(|| text.strip_prefix('(').and_then(|t| t.strip_suffix(')')));
        if let Some(inner) = inner.filter(|i| !i.contains(['[', ']', '(', ')'])) {
            text = inner.trim();
        }
        if let Some(open) = text.rfind(" (").filter(|_| text.ends_with(')')) {
            text = text[..open].trim_end();
        }
        if let Some(open) = text.rfind(" [").filter(|_| text.ends_with(']')) {
            text = text[..open].trim_end();
        }
        if let Some(at) = text.rfind(" @").filter(|&at| !text[at + 2..].contains(' ')) {
            text = text[..at].trim_end();
        }
        if before == text {
            break;
        }
    }
    let numbered = text
        .split_once(". ")
        .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    numbered.map_or(text, |(_, rest)| rest.trim())
}

/// The names in a list of people ("Jordan NOURRY, Adrien JOLY et Julien TOPCU", "Ryan
/// Neimeyer, Epic Systems"), joined with ", "; `None` when the first is not a name.
pub fn names(text: &str) -> Option<String> {
    const CONJUNCTIONS: [&str; 7] = [" and ", " et ", " & ", " und ", " y ", " e ", "、"];
    let text = strip_decorations(text);
    // The parts between separators, read one at a time: most lines are not names, and their
    // first part tells.
    let mut rest = Some(text);
    let split = std::iter::from_fn(|| {
        let r = rest?;
        // One pass for the earliest separator (each starts with ',', ' ' or '、').
        let earliest = r.char_indices().find_map(|(i, c)| {
            if !matches!(c, ',' | ' ' | '、') {
                return None;
            }
            std::iter::once(",")
                .chain(CONJUNCTIONS)
                .find(|s| r[i..].starts_with(s))
                .map(|s| (i, s))
        });
        match earliest {
            Some((at, sep)) => {
                rest = Some(&r[at + sep.len()..]);
                Some(&r[..at])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    });
    let mut parts = split.map(strip_decorations).filter(|p| !p.is_empty());
    let first = parts.next()?;
    if !is_name(first) {
        return None;
    }
    // Without a conjunction, what follows a comma is a company or a role, not a second name.
    if !CONJUNCTIONS.iter().any(|c| text.contains(c)) {
        return Some(first.to_string());
    }
    let mut taken = vec![first];
    taken.extend(parts.take_while(|p| is_name(p)));
    Some(taken.join(", "))
}

/// The speaker named by a talk's heading, if its shape names one.
pub fn from_title(title: &str) -> Option<String> {
    let title = title.trim();
    // "Name (@handle): Title", "Let's write RBS! (EN) Masataka Kuwabara @p_ck_".
    if let Some(at) = title.find("(@").or_else(|| title.find(" @")) {
        let before = title[..at].trim_end();
        let words: Vec<&str> = before.split_whitespace().collect();
        for take in (2..=4).rev() {
            if words.len() >= take {
                let candidate = words[words.len() - take..].join(" ");
                let candidate = candidate.trim_start_matches(|c: char| !c.is_alphabetic());
                if is_name(candidate) {
                    return Some(candidate.to_string());
                }
            }
        }
    }
    // "Speaker | @handle | Title".
    let bars: Vec<&str> = title.split(" | ").collect();
    if bars.len() >= 2 {
        if let Some(name) = names(bars[0]) {
            return Some(name);
        }
    }
    // "Michelle Noorali, Sr S/w eng, Azure", "5. Jeni Tennison, Make CSV a first class ...".
    if let Some((head, _)) = title.split_once(", ") {
        let head = strip_decorations(head);
        if is_name(head) {
            return Some(head.to_string());
        }
    }
    // "Title, Speaker" and "Title by Speaker": a name alone after the last comma or "by".
    for mark in [", ", " by "] {
        if let Some((title_part, last)) = title.rsplit_once(mark) {
            let last = strip_decorations(last);
            if !title_part.trim().is_empty() && is_name(last) {
                return Some(last.to_string());
            }
        }
    }
    // "Title : Speaker", with the spaced colon of French typography.
    if let Some(name) = title.rsplit_once(" : ").and_then(|(_, last)| names(last)) {
        return Some(name);
    }
    // "Title - Speaker", "Speaker - Title", "Name - Role - Company".
    let parts: Vec<&str> = if title.contains(" - ") {
        title.split(" - ").collect()
    } else {
        title.split(" — ").flat_map(|p| p.split(" – ")).collect()
    };
    if parts.len() >= 3 {
        if let Some(name) = names(parts[0]) {
            return Some(name);
        }
    }
    if parts.len() >= 2 {
        if let Some(name) = parts.last().and_then(|p| names(p)) {
            return Some(name);
        }
        if let Some(name) = names(parts[0]) {
            return Some(name);
        }
    }
    // "Title (Jessica Brown, Fastly)".
    if let Some(open) = title.rfind('(').filter(|_| title.ends_with(')')) {
        if let Some(name) = names(&title[open + 1..title.len() - 1]) {
            return Some(name);
        }
    }
    None
}

/// The speaker named by a line under the heading: "Speaker: Julia Evans", "Talk by ...",
/// "Par ...", or a line that is only names (an italic line, a `#####` heading).
pub fn from_line(line: &str) -> Option<String> {
    let line = bare_line(line);
    from_labelled_line(line).or_else(|| names(line))
}

/// A line without its surrounding spaces and emphasis markers.
fn bare_line(line: &str) -> &str {
    line.trim()
        .trim_matches(|c: char| c == '*' || c == '_')
        .trim()
}

/// The speaker named by a line that says so: "Speaker: Julia Evans", "Talk by ...", "Par ...".
pub fn from_labelled_line(line: &str) -> Option<String> {
    const LABELS: &[&str] = &[
        "speakers",
        "speaker",
        "talk by",
        "presented by",
        "présenté par",
        "presentée par",
        "présentée par",
        "par",
        "by",
        "orateur",
        "oratrice",
        "intervenants",
        "intervenant",
        "lead",
        "sprecherin",
        "sprecher",
        "referentin",
        "referent",
        "ponente",
        "relatore",
        "spreker",
        "登壇者",
        "スピーカー",
    ];
    let line = bare_line(line);
    // Most lines start with a letter no label starts with.
    let first = line.chars().next()?.to_lowercase().next()?;
    if !LABELS.iter().any(|label| label.starts_with(first)) {
        return None;
    }
    let lower = line.to_lowercase();
    for label in LABELS {
        if let Some(rest) = lower.strip_prefix(label) {
            let rest_start = line.len() - rest.len();
            let rest = line[rest_start..].trim_start_matches([':', '：', ' ', '-', '—']);
            if rest.len() < line.len() - label.len() || label.ends_with(['者', 'ー']) {
                if let Some(name) = names(rest) {
                    return Some(name);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_from_the_shapes_of_titles() {
        let cases = [
            ("Things you can't cloud your way out of (Jessica Brown, Fastly)", Some("Jessica Brown")),
            ("The Technical and Organizational Infrastructure of the Ruby Community - Adarsh Pandit", Some("Adarsh Pandit")),
            ("From massive pull requests to trunk-based development with Ruby - Vesa Vänskä (KISKO Labs)", Some("Vesa Vänskä")),
            ("Yukihiro \"Matz\" Matsumoto (JA) - Keynote", Some("Yukihiro \"Matz\" Matsumoto")),
            ("Dan Kohn - Exec Dir - CNCF", Some("Dan Kohn")),
            ("Hong Tang - Chief Architect - Alibaba Cloud", Some("Hong Tang")),
            ("La révolution (wasm) est incroyable parce que vraie - Philippe CHARRIERE et Laurent DOGUIN", Some("Philippe CHARRIERE, Laurent DOGUIN")),
            ("Architecturoplastie hexagonale : Opération à coeur ouvert - Jordan NOURRY, Adrien JOLY et Julien TOPCU", Some("Jordan NOURRY, Adrien JOLY, Julien TOPCU")),
            ("1. Richard Smith-Unna (@blahah404): Easy, massive-scale reuse of scientific outputs", Some("Richard Smith-Unna")),
            ("Let's write RBS! (EN) Masataka Kuwabara @p_ck_", Some("Masataka Kuwabara")),
            ("Julia Evans | @b0rk | Build impossible programs", Some("Julia Evans")),
            ("Tester en production sans peur — [Léa BERNARD]", Some("Léa BERNARD")),
            ("Les bases de données en 2030 — [Camille DURAND et Hugo MARTIN]", Some("Camille DURAND, Hugo MARTIN")),
            ("Observability at scale – (Jane Doe)", Some("Jane Doe")),
            ("Talk 4 - Welcome Ruby juniors - Hana Harencarova (@hanaharencar)", Some("Hana Harencarova")),
            ("Kubernetes is not for developers", None),
            ("2. Queues you can trust : Bram de Vries", Some("Bram de Vries")),
            ("Code Wars: Database Decisions for Application Development", None),
            ("Michelle Noorali, Sr S/w eng, Azure", Some("Michelle Noorali")),
            ("B. Tools Plenary", None),
            ("Cats, Qubits, and Clouds: The Quantum Future", None),
            ("Parsing RBS (EN) - Keynote", None),
            ("Ruby + ADBC - A single API between Ruby and DBs (JA)", None),
            ("Android Jetpack: how to smartly use Fragments in your UI", None),
            ("Slow tech : il est urgent de changer le système", None),
            ("Talk 1: Hiking Your Way Through the Knockout.js Forest (1:00pm)", None),
        ];
        for (title, expected) in cases {
            assert_eq!(from_title(title).as_deref(), expected, "{title}");
        }
    }

    #[test]
    fn speakers_from_lines_under_the_heading() {
        assert_eq!(
            from_line("Speaker: Julia Evans").as_deref(),
            Some("Julia Evans")
        );
        assert_eq!(
            from_line("*Talk by Sarah Gold*").as_deref(),
            Some("Sarah Gold")
        );
        assert_eq!(
            from_line("Ryan Neimeyer, Epic Systems").as_deref(),
            Some("Ryan Neimeyer")
        );
        assert_eq!(
            from_line("Dion Almaer and Ben Galbraith").as_deref(),
            Some("Dion Almaer, Ben Galbraith")
        );
        assert_eq!(
            from_line("Lead: Indu Prakash, Epic Systems").as_deref(),
            Some("Indu Prakash")
        );
        assert_eq!(from_line("Slides: http://thatconf.chrisjpowers.com/"), None);
        assert_eq!(from_line("Setup Kubernetes with scripting"), None);
    }
}
