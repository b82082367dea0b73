//! Cutting a matched passage down to a snippet around its marks.

use super::Snippet;

/// Longest snippet text, in characters (not counting the `…` added at cut ends).
const MAX_CHARS: usize = 200;
/// Characters of context kept before the first mark when the passage must be cut.
const LEAD_CHARS: usize = 50;

/// A snippet of `text` with `marks` (byte ranges, sorted, may overlap), shortened to the window
/// that holds the most marks when the text is long.
pub fn make_snippet(text: &str, marks: &[(usize, usize)]) -> Snippet {
    let mut sorted = marks.to_vec();
    sorted.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(marks.len());
    for (s, e) in sorted {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
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
/// most of the `marks`: it starts at the sentence holding a mark when that fits, or a little
/// before the mark; the first such window wins a tie.
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
        // Start LEAD_CHARS before the mark, on a word boundary.
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

/// Where the sentence that `before` ends in starts (0 when none ends earlier).
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

/// Collapses runs of whitespace to one space and trims, moving `marks` along.
fn collapse_whitespace(text: &str, marks: &mut [(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut pending_space = false;
    for (i, c) in text.char_indices() {
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
        debug_assert_eq!(map.len(), i + c.len_utf8());
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
    fn long_passage_is_cut_around_the_first_mark() {
        let words: Vec<String> = (0..120).map(|i| format!("w{i}")).collect();
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

    #[test]
    fn overlapping_marks_merge() {
        let s = make_snippet("cloud-nuke it", &[(0, 5), (0, 10), (6, 10)]);
        assert_eq!(s.marks, [(0, 10)]);
    }
}
