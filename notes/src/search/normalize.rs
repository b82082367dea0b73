//! Text normalisation shared by indexing and querying: one tokenizer, so that a query word and an
//! indexed word meet on the same term.
//!
//! A term is lowercase, accent-free and singular: `Où` → `ou`, `monorepos` → `monorepo`,
//! `300.000` → `300000`, curly and straight apostrophes vanish inside words (`can’t` → `cant`).
//! Hyphenated and camel-case words give their parts and the joined word (`cloud-nuke` →
//! `cloud`, `nuke`, `cloudnuke`; `PlatformDevs` → `platform`, `dev`, `platformdev`). CJK runs give overlapping character bigrams.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// One normalised word of a text, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'t> {
    /// The normalised term (lowercase, accent-folded, singular).
    pub term: &'t str,
    /// Byte range of the word in the source text.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// Word position in the text; the joined form of a hyphenated word shares its last part's.
    pub position: u32,
    /// True for the joined form of a hyphenated word (`cloudnuke`), an extra to its parts.
    pub joined: bool,
}

/// True for characters written without spaces between words (Han, kana, Hangul).
pub fn is_cjk(c: char) -> bool {
    // Most characters of most notes are ASCII: one comparison for them.
    (c as u32) >= 0x3040
        && matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x2FA1F) // CJK extensions B–F
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`')
}

fn is_number_separator(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | '\'' | '’' | '_' | '\u{202F}' | '\u{2009}' | '\u{00A0}'
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// Pushes the lowercase, accent-free form of `c` to `out`.
fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        match lower {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'þ' => out.push_str("th"),
            'ı' => out.push('i'),
            _ => decompose_canonical(lower, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            }),
        }
    }
}

/// The lowercase, accent-free letters and digits of `word`, without making it singular
/// (`Découper` → `decouper`, `300.000` → `300000`).
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().filter(|c| c.is_alphanumeric()) {
        push_folded(c, &mut out);
    }
    out
}

/// Strips a plural ending from an ASCII word in place: `monorepos` → `monorepo`,
/// `lotteries` → `lottery`, `classes` → `class`. Words under four letters are left alone.
pub fn singular(word: &mut String) {
    let bytes = word.as_bytes();
    let n = bytes.len();
    if n < 4 || bytes[n - 1] != b's' {
        return;
    }
    if word.ends_with("ies") && n > 4 {
        word.truncate(n - 3);
        word.push('y');
    } else if word.ends_with("sses") || word.ends_with("xes") || word.ends_with("shes") {
        word.truncate(n - 2);
    } else if !(word.ends_with("ss") || word.ends_with("us") || word.ends_with("is")) {
        word.truncate(n - 1);
    }
}

/// Splits `text` into normalised tokens and hands each to `sink`, in text order.
pub fn tokenize(text: &str, mut sink: impl FnMut(Token<'_>)) {
    let mut tokenizer = Tokenizer::default();
    tokenizer.run(text, &mut sink);
}

/// Reusable tokenizer state (buffers are kept between calls).
#[derive(Default)]
struct Tokenizer {
    word: String,
    joined: String,
    word_start: usize,
    compound_start: usize,
    parts: u32,
    position: u32,
}

impl Tokenizer {
    fn run(&mut self, text: &str, sink: &mut impl FnMut(Token<'_>)) {
        let bytes = text.as_bytes();
        let mut cjk_prev: Option<(usize, char)> = None;
        let mut cjk_run = 0usize;
        let mut at = 0;
        while at < text.len() {
            // Most of a word is ASCII small letters and digits: they only extend it.
            let byte = bytes[at];
            if (byte.is_ascii_lowercase() || byte.is_ascii_digit())
                && cjk_prev.is_none()
                && !self.word.is_empty()
            {
                self.word.push(char::from(byte));
                at += 1;
                continue;
            }
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            let i = at;
            at += c.len_utf8();
            let next = text[at..].chars().next();
            if is_cjk(c) {
                self.end_compound(i, sink);
                let mut pair = [0u8; 8];
                match cjk_prev {
                    Some((start, p)) => {
                        let a = p.encode_utf8(&mut pair).len();
                        let b = c.encode_utf8(&mut pair[a..]).len();
                        let term = std::str::from_utf8(&pair[..a + b]).unwrap_or_default();
                        self.emit(term, start, i + c.len_utf8(), false, sink);
                    }
                    None => cjk_run = 0,
                }
                cjk_run += 1;
                cjk_prev = Some((i, c));
                continue;
            }
            if let Some((start, p)) = cjk_prev.take() {
                if cjk_run == 1 {
                    let mut one = [0u8; 4];
                    let term: &str = p.encode_utf8(&mut one);
                    self.emit(term, start, start + p.len_utf8(), false, sink);
                }
            }
            if c.is_alphanumeric() {
                // `PlatformDevs`, `GitHub`: a capital after a small letter starts a part, so
                // that "platform devs" finds it (the joined word stays a term too).
                let camel = c.is_uppercase()
                    && i > 0
                    && text[..i]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_lowercase)
                    && next.is_some_and(char::is_lowercase);
                if camel && !self.word.is_empty() {
                    self.end_part(i, sink);
                }
                if self.word.is_empty() {
                    self.word_start = i;
                    if self.parts == 0 {
                        self.compound_start = i;
                    }
                }
                push_folded(c, &mut self.word);
                continue;
            }
            if !c.is_ascii() && is_combining_mark(c) && !self.word.is_empty() {
                continue;
            }
            let in_word = !self.word.is_empty();
            let next_alnum = next.is_some_and(|n| n.is_alphanumeric() && !is_cjk(n));
            if in_word && next_alnum && is_number_separator(c) {
                // `300.000` and `1,000,000` are one number: a separator between a digit and
                // exactly three digits joins.
                let after = &bytes[i + c.len_utf8()..];
                let prev_digit = self.word.as_bytes().last().is_some_and(u8::is_ascii_digit);
                let three = after.len() >= 3
                    && after[..3].iter().all(u8::is_ascii_digit)
                    && after.get(3).is_none_or(|b| !b.is_ascii_alphanumeric());
                if prev_digit && three {
                    continue;
                }
            }
            // `can't` is one word; French elision (`l'art`, `d'intégration`) is two.
            if in_word && next_alnum && is_apostrophe(c) && self.word.len() > 2 {
                continue;
            }
            if in_word && next_alnum && is_hyphen(c) {
                self.end_part(i, sink);
                continue;
            }
            self.end_compound(i, sink);
        }
        self.end_compound(text.len(), sink);
        if let Some((start, p)) = cjk_prev {
            if cjk_run == 1 {
                let mut one = [0u8; 4];
                let term: &str = p.encode_utf8(&mut one);
                self.emit(term, start, start + p.len_utf8(), false, sink);
            }
        }
    }

    /// Ends one part of a (possibly hyphenated) word.
    fn end_part(&mut self, end: usize, sink: &mut impl FnMut(Token<'_>)) {
        if self.word.is_empty() {
            return;
        }
        self.joined.push_str(&self.word);
        self.parts += 1;
        let mut word = std::mem::take(&mut self.word);
        singular(&mut word);
        self.emit(&word, self.word_start, end, false, sink);
        word.clear();
        self.word = word;
    }

    /// Ends a whole word; a hyphenated one also gives its joined form.
    fn end_compound(&mut self, end: usize, sink: &mut impl FnMut(Token<'_>)) {
        self.end_part(end, sink);
        if self.parts > 1 {
            let mut joined = std::mem::take(&mut self.joined);
            singular(&mut joined);
            self.position -= 1;
            self.emit(&joined, self.compound_start, end, true, sink);
            joined.clear();
            self.joined = joined;
        }
        self.joined.clear();
        self.parts = 0;
    }

    fn emit(
        &mut self,
        term: &str,
        start: usize,
        end: usize,
        joined: bool,
        sink: &mut impl FnMut(Token<'_>),
    ) {
        sink(Token {
            term,
            start,
            end,
            position: self.position,
            joined,
        });
        self.position += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokenize(text, |t| out.push(t.term.to_string()));
        out
    }

    #[test]
    fn case_and_accents_fold_both_ways() {
        assert_eq!(terms("Où DÉCOUPER"), ["ou", "decouper"]);
        assert_eq!(terms("ou decouper"), terms("où découper"));
        // Decomposed input (e + combining acute) folds the same as precomposed.
        assert_eq!(terms("de\u{301}coupe"), terms("découpe"));
    }

    #[test]
    fn curly_and_straight_apostrophes_agree() {
        assert_eq!(terms("can’t"), terms("can't"));
        assert_eq!(terms("can't"), ["cant"]);
        assert_eq!(
            terms("l’art d'intégration"),
            ["l", "art", "d", "integration"]
        );
    }

    #[test]
    fn hyphenated_words_give_parts_and_joined_form() {
        assert_eq!(terms("cloud-nuke"), ["cloud", "nuke", "cloudnuke"]);
        assert_eq!(terms("PlatformDevs"), ["platform", "dev", "platformdev"]);
        assert_eq!(terms("GVL"), ["gvl"]);
        assert_eq!(terms("DeNA"), ["dena"]);
        assert_eq!(terms("UTF-8"), ["utf", "8", "utf8"]);
    }

    #[test]
    fn joined_form_shares_the_last_part_position() {
        let mut out = Vec::new();
        tokenize("a cloud-nuke b", |t| {
            out.push((t.term.to_string(), t.position, t.joined))
        });
        let positions: Vec<u32> = out.iter().map(|t| t.1).collect();
        assert_eq!(positions, [0, 1, 2, 2, 3]);
        assert!(out[3].2);
    }

    #[test]
    fn number_separators_join_thousands_only() {
        assert_eq!(terms("300.000 lines"), ["300000", "line"]);
        assert_eq!(terms("300000"), ["300000"]);
        assert_eq!(terms("1,000,000"), ["1000000"]);
        assert_eq!(terms("Redis 6.2"), ["redis", "6", "2"]);
    }

    #[test]
    fn plurals_are_singular() {
        assert_eq!(terms("monorepos"), terms("monorepo"));
        assert_eq!(terms("lotteries"), terms("lottery"));
        assert_eq!(terms("classes"), terms("class"));
        assert_eq!(terms("status"), ["status"]);
    }

    #[test]
    fn cjk_runs_give_bigrams_with_byte_ranges() {
        let mut out = Vec::new();
        tokenize("Go開発環境です", |t| {
            out.push((t.term.to_string(), t.start, t.end))
        });
        let got: Vec<&str> = out.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(got, ["go", "開発", "発環", "環境", "境で", "です"]);
        assert_eq!((out[1].1, out[1].2), (2, 8));
        assert_eq!(terms("の"), ["の"]);
    }

    #[test]
    fn byte_ranges_point_at_the_source_word() {
        let text = "Use Terratest’s “cloud-nuke”";
        let mut out = Vec::new();
        tokenize(text, |t| out.push(text[t.start..t.end].to_string()));
        assert_eq!(out, ["Use", "Terratest’s", "cloud", "nuke", "cloud-nuke"]);
    }
}
