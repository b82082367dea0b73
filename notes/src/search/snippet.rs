//! Cutting a matched passage down to a snippet around its marks.

use super::tuning::*;
use super::Snippet;

/// A snippet of `text` with `marks` (byte ranges, sorted, may overlap or touch: then they are
/// one), shortened to the window
/// that holds the most marks when the text is long. The work is linear in the text and the
/// marks: a paragraph of thousands of matches costs no more per match than a short one.
pub fn make_snippet(text: &str, marks: &[(usize, usize)]) -> Snippet {
    let mut sorted: Vec<(usize, usize)> = marks.iter().map(|&(s, e)| (s, e.max(s))).collect();
    sorted.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(marks.len());
    for (s, e) in sorted {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let collapsed = collapse_whitespace(text, &mut merged);
    let text = collapsed.as_str();
    if text.chars().nth(MAX_CHARS).is_none() {
        return Snippet {
            text: text.to_string(),
            marks: merged,
        };
    }
    let (start, end) = best_window(text, &merged);
    let end = finish_sentence(text, end);
    let mut out = String::new();
    let mut shift = 0isize;
    if start > 0 {
        out.push('…');
        shift = '…'.len_utf8() as isize - start as isize;
    }
    out.push_str(text[start..end].trim_end());
    let body_end = out.len();
    if end < text.len() {
        out.push('…');
    }
    let marks = merged
        .into_iter()
        .filter(|&(s, e)| s >= start && e <= end)
        .map(|(s, e)| ((s as isize + shift) as usize, (e as isize + shift) as usize))
        .filter(|&(_, e)| e <= body_end)
        .collect();
    Snippet { text: out, marks }
}

/// The byte range of at most `MAX_CHARS` characters of `text`, cut on spaces, that holds the
/// most of the `marks` (sorted, not overlapping, so that their starts and their ends both
/// ascend): it starts at the sentence holding a mark when that fits, or a little before the
/// mark; the first such window wins a tie. Each mark costs a bounded amount of work: the
/// sentences are read once, front to back, and the marks in a window are counted by bisection.
fn best_window(text: &str, marks: &[(usize, usize)]) -> (usize, usize) {
    let window = |start: usize| {
        let mut end = chars_after(text, start, MAX_CHARS);
        if end < text.len() {
            end = text[start..end].rfind(' ').map_or(end, |sp| start + sp);
        }
        let first = marks.partition_point(|m| m.0 < start);
        let past = marks.partition_point(|m| m.1 <= end);
        (past.saturating_sub(first), start, end)
    };
    let mut sentences = Sentences::default();
    let mut best: Option<(usize, usize, usize)> = None;
    // The starts tried for the previous mark: the same start gives the same window again.
    let mut tried = [usize::MAX; 2];
    for &(at, _) in marks {
        // Start LEAD_CHARS before the mark, on a word boundary.
        let mut lead = chars_before(text, at, LEAD_CHARS + 1);
        if lead > 0 {
            lead = text[lead..at].find(' ').map_or(lead, |sp| lead + sp + 1);
        }
        let sentence = sentences.start_before(text, at);
        // The sentence fits when it leaves room for LEAD_CHARS after the mark.
        let room = MAX_CHARS - LEAD_CHARS;
        let near = at - sentence < room
            || (!text.as_bytes()[sentence..sentence + room].is_ascii()
                && text[sentence..at].chars().nth(room - 1).is_none());
        let starts = [near.then_some(sentence), Some(lead)];
        for start in starts.into_iter().flatten() {
            if tried.contains(&start) {
                continue;
            }
            let candidate = window(start);
            if best.is_none_or(|b| candidate.0 > b.0) {
                best = Some(candidate);
            }
        }
        tried = starts.map(|s| s.unwrap_or(usize::MAX));
    }
    let (_, start, end) = best.unwrap_or_else(|| window(0));
    (start, end)
}

/// `end` moved to the end of its sentence when that is at most `SENTENCE_TAIL_CHARS` further:
/// a snippet cut just before a sentence's last words ("…que lorsque la pile des appels…")
/// loses what the sentence says ("…est vide.").
fn finish_sentence(text: &str, end: usize) -> usize {
    let ends_sentence = |c: char| matches!(c, '.' | '!' | '?' | '。' | '！' | '？');
    if end >= text.len() || text[..end].trim_end().ends_with(ends_sentence) {
        return end;
    }
    let limit = chars_after(text, end, SENTENCE_TAIL_CHARS);
    let tail = &text[end..limit];
    let mut chars = tail.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // A full stop ends a sentence before a space or the text's end ("v1.2" does not).
        let after = chars.peek().map(|&(_, next)| next);
        let last = after.is_none() && limit == text.len();
        if ends_sentence(c) && (!c.is_ascii() || last || after.is_some_and(char::is_whitespace)) {
            return end + i + c.len_utf8();
        }
    }
    // The passage ends within the tail: its last words finish it.
    if limit == text.len() {
        text.len()
    } else {
        end
    }
}

/// Where the `n`-th character of `text` after byte `from` starts (the text's end when it has
/// fewer), at once over ASCII.
fn chars_after(text: &str, from: usize, n: usize) -> usize {
    let rest = &text.as_bytes()[from..];
    if rest.len() >= n && rest[..n].is_ascii() {
        return from + n;
    }
    text[from..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| from + i)
}

/// Where the `n`-th character of `text` before byte `to` starts (0 when it has fewer), at once
/// over ASCII.
fn chars_before(text: &str, to: usize, n: usize) -> usize {
    if to >= n && text.as_bytes()[to - n..to].is_ascii() {
        return to - n;
    }
    text[..to]
        .char_indices()
        .rev()
        .nth(n - 1)
        .map_or(0, |(i, _)| i)
}

/// Where sentences start, read once from the front of a text as ever later offsets are asked.
#[derive(Default)]
struct Sentences {
    /// Bytes read so far.
    read: usize,
    /// Where the last sentence read starts (0 when none ended yet).
    start: usize,
    /// Whether the last character read ends a sentence (before a space).
    ended: bool,
}

impl Sentences {
    /// Where the sentence that `text[..at]` ends in starts (0 when none ends earlier); `at`
    /// must not be smaller than at the previous call.
    fn start_before(&mut self, text: &str, at: usize) -> usize {
        if at > self.read {
            for (i, c) in text[self.read..at].char_indices() {
                let i = self.read + i;
                if self.ended && c == ' ' {
                    self.start = i + 1;
                }
                self.ended = matches!(c, '.' | '!' | '?' | ';');
                if matches!(c, '。' | '！' | '？') {
                    self.start = i + c.len_utf8();
                }
            }
            self.read = at;
        }
        self.start
    }
}

/// Collapses runs of whitespace to one space and trims, moving `marks` along. The marks must
/// be sorted with ascending ends (as merged marks are): they are moved in one pass, a word at a
/// time.
fn collapse_whitespace(text: &str, marks: &mut [(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len());
    // The next mark whose start, and whose end, is still to be moved.
    let (mut starts, mut ends) = (0, 0);
    // Moves every mark position before `past` to `to(position)`.
    let mut move_before = |past: usize, to: &dyn Fn(usize) -> usize| {
        while starts < marks.len() && marks[starts].0 < past {
            marks[starts].0 = to(marks[starts].0);
            starts += 1;
        }
        while ends < marks.len() && marks[ends].1 < past {
            marks[ends].1 = to(marks[ends].1);
            ends += 1;
        }
    };
    for word in text.split(char::is_whitespace) {
        if word.is_empty() {
            continue;
        }
        let from = word.as_ptr() as usize - text.as_ptr() as usize;
        // The whitespace before the word moves to where its one space is written.
        let space = out.len();
        move_before(from, &|_| space);
        if !out.is_empty() {
            out.push(' ');
        }
        // A byte of the word moves with the character it belongs to.
        let base = out.len();
        move_before(from + word.len(), &|at| {
            let mut within = at - from;
            while !word.is_char_boundary(within) {
                within -= 1;
            }
            base + within
        });
        out.push_str(word);
    }
    let end = out.len();
    move_before(usize::MAX, &|_| end);
    for m in marks.iter_mut() {
        m.1 = m.1.max(m.0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passage_is_kept_whole() {
        let s = make_snippet("Use  Terratest\n to test", &[(5, 14)]);
        assert_eq!(s.text, "Use Terratest to test");
        assert_eq!(s.marked("[", "]"), "Use [Terratest] to test");
    }

    #[test]
    fn a_cut_snippet_finishes_its_last_sentence_when_it_is_near() {
        // The sentence holding the mark runs about 50 characters past the window.
        let text = format!(
            "Before. Les appels asynchrones {}ne sont exécutés que lorsque la pile des appels \
             est vide. Then another sentence follows, long enough to be cut away entirely.",
            "sont mis à part ".repeat(10)
        );
        let at = text.find("asynchrones").unwrap_or(0);
        let s = make_snippet(&text, &[(at, at + "asynchrones".len())]);
        assert!(
            s.text.contains("la pile des appels est vide.…"),
            "{}",
            s.text
        );
        assert!(!s.text.contains("Then"), "{}", s.text);
        // Too far to finish: cut as before.
        let far = format!("{} {}", "word ".repeat(60), "x ".repeat(80));
        let s = make_snippet(&far, &[(0, 4)]);
        assert!(s.text.chars().count() <= MAX_CHARS + 1, "{}", s.text);
        assert!(s.text.ends_with('…'));
    }

    #[test]
    fn long_passage_is_cut_around_the_first_mark() {
        let words: Vec<String> = (0..160).map(|i| format!("w{i}")).collect();
        let text = words.join(" ");
        let at = text.find("w80").unwrap_or(0);
        let s = make_snippet(&text, &[(at, at + 3)]);
        assert!(
            s.text.starts_with('…') && s.text.ends_with('…'),
            "{}",
            s.text
        );
        assert!(s.text.chars().count() <= MAX_CHARS + 2);
        assert_eq!(s.marks.len(), 1);
        assert_eq!(&s.text[s.marks[0].0..s.marks[0].1], "w80");
    }

    #[test]
    fn long_passage_is_cut_to_the_sentence_with_most_marks() {
        let filler = "Some words that say nothing in particular here. ".repeat(3);
        let text = format!(
            "The first computer sentence. {filler}{filler}The last computer sentence names IBM."
        );
        let first = text.find("computer").unwrap_or(0);
        let last = text.rfind("computer").unwrap_or(0);
        let ibm = text.find("IBM").unwrap_or(0);
        let s = make_snippet(
            &text,
            &[(first, first + 8), (last, last + 8), (ibm, ibm + 3)],
        );
        assert!(s.text.starts_with("…The last computer"), "{}", s.text);
        assert_eq!(s.marks.len(), 2);
    }

    /// The snippet as it was cut before the window search was made linear (a window per mark,
    /// each counting every mark and reading the text from its start): the answers must not
    /// change.
    mod quadratic {
        use super::super::{finish_sentence, Snippet, LEAD_CHARS, MAX_CHARS};

        pub fn make_snippet(text: &str, marks: &[(usize, usize)]) -> Snippet {
            let mut sorted = marks.to_vec();
            sorted.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::with_capacity(marks.len());
            for (s, e) in sorted {
                match merged.last_mut() {
                    Some(last) if s <= last.1 => last.1 = last.1.max(e),
                    _ => merged.push((s, e)),
                }
            }
            let collapsed = collapse_whitespace(text, &mut merged);
            let text = collapsed.as_str();
            if text.chars().count() <= MAX_CHARS {
                return Snippet {
                    text: text.to_string(),
                    marks: merged,
                };
            }
            let (start, end) = best_window(text, &merged);
            let end = finish_sentence(text, end);
            let mut out = String::new();
            let mut shift = 0isize;
            if start > 0 {
                out.push('…');
                shift = '…'.len_utf8() as isize - start as isize;
            }
            out.push_str(text[start..end].trim_end());
            let body_end = out.len();
            if end < text.len() {
                out.push('…');
            }
            let marks = merged
                .into_iter()
                .filter(|&(s, e)| s >= start && e <= end)
                .map(|(s, e)| ((s as isize + shift) as usize, (e as isize + shift) as usize))
                .filter(|&(_, e)| e <= body_end)
                .collect();
            Snippet { text: out, marks }
        }

        fn best_window(text: &str, marks: &[(usize, usize)]) -> (usize, usize) {
            let window = |start: usize| {
                let mut end = text[start..]
                    .char_indices()
                    .nth(MAX_CHARS)
                    .map_or(text.len(), |(i, _)| start + i);
                if end < text.len() {
                    end = text[start..end].rfind(' ').map_or(end, |sp| start + sp);
                }
                let inside = marks.iter().filter(|m| m.0 >= start && m.1 <= end).count();
                (inside, start, end)
            };
            let mut best: Option<(usize, usize, usize)> = None;
            for &(at, _) in marks {
                let mut lead = text[..at]
                    .char_indices()
                    .rev()
                    .nth(LEAD_CHARS)
                    .map_or(0, |(i, _)| i);
                if lead > 0 {
                    lead = text[lead..at].find(' ').map_or(lead, |sp| lead + sp + 1);
                }
                let sentence = sentence_start(&text[..at]);
                let near = text[sentence..at].chars().count() + LEAD_CHARS < MAX_CHARS;
                for start in [near.then_some(sentence), Some(lead)].into_iter().flatten() {
                    let candidate = window(start);
                    if best.is_none_or(|b| candidate.0 > b.0) {
                        best = Some(candidate);
                    }
                }
            }
            let (_, start, end) = best.unwrap_or_else(|| window(0));
            (start, end)
        }

        fn sentence_start(before: &str) -> usize {
            let mut start = 0;
            let mut ended = false;
            for (i, c) in before.char_indices() {
                if ended && c == ' ' {
                    start = i + 1;
                }
                ended = matches!(c, '.' | '!' | '?' | ';');
                if matches!(c, '。' | '！' | '？') {
                    start = i + c.len_utf8();
                }
            }
            start
        }

        fn collapse_whitespace(text: &str, marks: &mut [(usize, usize)]) -> String {
            let mut out = String::with_capacity(text.len());
            let mut map = Vec::with_capacity(text.len() + 1);
            let mut pending_space = false;
            for c in text.chars() {
                if c.is_whitespace() {
                    pending_space = !out.is_empty();
                    map.extend(std::iter::repeat_n(out.len(), c.len_utf8()));
                    continue;
                }
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                map.extend(std::iter::repeat_n(out.len(), c.len_utf8()));
                out.push(c);
            }
            map.push(out.len());
            for m in marks.iter_mut() {
                let s = map.get(m.0).copied().unwrap_or(out.len());
                let e = map.get(m.1).copied().unwrap_or(out.len());
                *m = (s, e.max(s));
            }
            out
        }
    }

    /// Words of passages: short and long, accented and CJK.
    const WORDS: &[&str] = &[
        "zebra",
        "word",
        "the",
        "Kubernetes",
        "déploiement",
        "開発",
        "環境です",
        "a",
        "bb",
        "—",
    ];
    /// What comes between words: mostly a space, now and then a sentence end or more space.
    const BETWEEN: &[&str] = &[
        ". ", "; ", "! ", "? ", "。", ", ", "  ", "\n", "\t ", "\u{a0}", ".", "",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        #[test]
        fn snippets_are_the_ones_the_quadratic_search_cut(
            words in proptest::collection::vec(
                (0..WORDS.len(), 0..BETWEEN.len() * 6, proptest::prelude::any::<bool>()),
                0..300,
            ),
            overlap in proptest::prelude::any::<bool>(),
        ) {
            let mut text = String::new();
            let mut marks = Vec::new();
            for &(word, between, marked) in &words {
                if marked {
                    marks.push((text.len(), text.len() + WORDS[word].len()));
                }
                text.push_str(WORDS[word]);
                text.push_str(BETWEEN.get(between).copied().unwrap_or(" "));
            }
            // Now and then one mark covers two words, overlapping others.
            if overlap && marks.len() > 3 {
                marks.push((marks[1].0, marks[2].1));
            }
            proptest::prop_assert_eq!(
                make_snippet(&text, &marks),
                quadratic::make_snippet(&text, &marks)
            );
        }
    }

    #[test]
    fn a_sentence_starts_the_snippet_when_it_leaves_room_after_the_mark() {
        // The mark is 149 characters into its sentence: 50 more fit in the window. One
        // character further, the snippet starts a little before the mark instead.
        for (filler, from_sentence) in [(149, true), (150, false)] {
            let n = filler - "Start ".len();
            let words = "x".repeat(n % 2) + &"x ".repeat(n / 2);
            let text = format!("Intro. Start {words}zebra {}", "tail ".repeat(60));
            let at = text.find("zebra").unwrap_or(0);
            assert_eq!(text[..at].chars().count(), "Intro. ".len() + filler);
            let s = make_snippet(&text, &[(at, at + 5)]);
            assert_eq!(s.text.starts_with("…Start"), from_sentence, "{}", s.text);
            assert_eq!(s, quadratic::make_snippet(&text, &[(at, at + 5)]));
        }
    }

    #[test]
    fn a_paragraph_of_many_matches_is_cut_around_the_word() {
        // One paragraph of 20,000 matched words, between words and sentence ends.
        let mut text = String::new();
        let mut marks = Vec::new();
        for i in 0..20_000 {
            text.push_str(&format!("word{i} "));
            marks.push((text.len(), text.len() + "zebra".len()));
            text.push_str(if i % 7 == 0 { "zebra. " } else { "zebra " });
        }
        let s = make_snippet(&text, &marks);
        assert!(s.text.chars().count() <= MAX_CHARS + 2, "{}", s.text);
        assert!(!s.marks.is_empty());
        for &(start, end) in &s.marks {
            assert_eq!(&s.text[start..end], "zebra");
        }
    }

    #[test]
    fn touching_marks_are_one_mark() {
        // "JavaScript" matched as "Java" and "Script": one bold word, not "**Java****Script**".
        let s = make_snippet("Event loop in JavaScript", &[(14, 18), (18, 24)]);
        assert_eq!(s.marked("**", "**"), "Event loop in **JavaScript**");
    }

    #[test]
    fn overlapping_marks_merge() {
        let s = make_snippet("cloud-nuke it", &[(0, 5), (0, 10), (6, 10)]);
        assert_eq!(s.marks, [(0, 10)]);
    }
}
