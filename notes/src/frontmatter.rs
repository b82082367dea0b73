//! Metadata at the top of a notes file: YAML (`---`, read with `yaml_serde`) or TOML (`+++`)
//! front matter, or Pelican-style `Key: value` header lines. Metadata is never content.

use thiserror::Error;

/// Metadata found at the start of a file, and where the Markdown body starts.
#[derive(Debug, Default, PartialEq)]
pub struct FrontMatter {
    /// Top-level keys with their values as text (lists joined with `, `).
    pub fields: Vec<(String, String)>,
    /// Byte offset of the first byte after the metadata.
    pub body_start: usize,
    /// Why the fenced metadata could not be read (its fields are then empty; the body is still
    /// read as usual), for [`crate::check`] to report.
    pub error: Option<FrontMatterError>,
}

/// Front matter that is not valid YAML or TOML. The notes still load without its fields.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FrontMatterError {
    /// The text between the `---` fences is not YAML.
    #[error("the YAML front matter is not valid: {message}")]
    Yaml {
        /// 1-based line of the notes file where the YAML parser stopped.
        line: usize,
        /// What the YAML parser found wrong.
        message: String,
    },
    /// The text between the `+++` fences is not TOML.
    #[error("the TOML front matter is not valid: {message}")]
    Toml {
        /// 1-based line of the notes file where the TOML parser stopped.
        line: usize,
        /// What the TOML parser found wrong.
        message: String,
    },
}

impl FrontMatterError {
    /// The 1-based line of the notes file the error points at.
    pub fn line(&self) -> usize {
        match self {
            FrontMatterError::Yaml { line, .. } | FrontMatterError::Toml { line, .. } => *line,
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            FrontMatterError::Yaml { .. } => {
                "fix the YAML between the `---` lines (quote values holding `: `, `#`, `[` or `@`), \
                 or remove the front matter; until then its fields are ignored"
            }
            FrontMatterError::Toml { .. } => {
                "fix the TOML between the `+++` lines (quote string values), or remove the \
                 front matter; until then its fields are ignored"
            }
        }
    }
}

impl FrontMatter {
    /// The value of `key` (case-insensitive).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// Splits the metadata off the start of `text`, if there is any.
pub fn split(text: &str) -> FrontMatter {
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - text_no_bom.len();
    for (fence, parse) in [("---", yaml_fields as fn(&str) -> _), ("+++", toml_fields)] {
        if let Some((inner, end)) = fenced(text_no_bom, fence) {
            let (fields, error) = match parse(inner) {
                Ok(fields) => (fields, None),
                Err(error) => (Vec::new(), Some(error)),
            };
            return FrontMatter {
                fields,
                body_start: bom + end,
                error,
            };
        }
    }
    let (fields, body_start) = pelican(text_no_bom).unwrap_or((Vec::new(), 0));
    FrontMatter {
        fields,
        body_start: bom + body_start,
        error: None,
    }
}

/// The text between a fence on the first line and the next line that is the same fence.
fn fenced<'t>(text: &'t str, fence: &str) -> Option<(&'t str, usize)> {
    let mut lines = line_spans(text);
    let (_, first) = lines.next()?;
    if first.trim_end() != fence {
        return None;
    }
    let inner_start = first.len();
    for (start, line) in lines {
        let bare = line.trim_end();
        if bare == fence || (fence == "---" && bare == "...") {
            return Some((&text[inner_start..start], start + line.len()));
        }
    }
    None
}

/// Lines with their byte offsets, each including its line ending.
fn line_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    })
}

/// Top-level keys of a YAML mapping with their values as text: lists joined with `, `, nested
/// mappings left out. Errors give the line of the notes file (the fence is line 1).
fn yaml_fields(inner: &str) -> Result<Vec<(String, String)>, FrontMatterError> {
    let value: yaml_serde::Value =
        yaml_serde::from_str(inner).map_err(|error| FrontMatterError::Yaml {
            line: 1 + error.location().map_or(0, |at| at.line()),
            message: one_line(&error.to_string()),
        })?;
    let yaml_serde::Value::Mapping(mapping) = value else {
        // Empty front matter, or a lone list or scalar: no key, nothing to keep.
        return Ok(Vec::new());
    };
    Ok(mapping
        .iter()
        .filter_map(|(key, value)| Some((yaml_text(key)?, yaml_text(value)?)))
        .collect())
}

/// A YAML scalar or list as text; `None` for a mapping.
fn yaml_text(value: &yaml_serde::Value) -> Option<String> {
    use yaml_serde::Value;
    match value {
        Value::Null => Some(String::new()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Sequence(items) => Some(
            items
                .iter()
                .filter_map(yaml_text)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Value::Mapping(_) => None,
        Value::Tagged(tagged) => yaml_text(&tagged.value),
    }
}

/// A parser's message on one line, without its own " at line L column C" (lines of the front
/// matter alone, which would mislead next to the file's line).
fn one_line(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Top-level keys of a TOML table, with arrays joined. Errors give the line of the notes file.
fn toml_fields(inner: &str) -> Result<Vec<(String, String)>, FrontMatterError> {
    let table = inner.parse::<toml::Table>().map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start.min(inner.len()));
        FrontMatterError::Toml {
            line: 2 + inner.as_bytes()[..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
            message: one_line(error.message()),
        }
    })?;
    Ok(table
        .into_iter()
        .filter_map(|(key, value)| toml_text(&value).map(|v| (key, v)))
        .collect())
}

fn toml_text(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Array(items) => Some(
            items
                .iter()
                .filter_map(toml_text)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        toml::Value::Table(_) => None,
        other => Some(other.to_string()),
    }
}

/// Pelican-style headers: leading `Key: value` lines, one of them `Title:`, ended by a blank line.
fn pelican(text: &str) -> Option<(Vec<(String, String)>, usize)> {
    let mut fields = Vec::new();
    for (start, line) in line_spans(text) {
        let bare = line.trim_end();
        if bare.is_empty() {
            let has_title = fields
                .iter()
                .any(|(k, _): &(String, String)| k.eq_ignore_ascii_case("title"));
            return (has_title && !fields.is_empty()).then_some((fields, start + line.len()));
        }
        let (key, value) = bare.split_once(':')?;
        let key_ok = !key.is_empty()
            && key.len() <= 20
            && key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !key_ok || !value.starts_with(' ') {
            return None;
        }
        fields.push((key.to_string(), value.trim().to_string()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let text = "---\ntitle: \"Go Conference 2018\"\ntags: \n  - \"go\"\n  - rust\n---\n\nBody";
        let fm = split(text);
        assert_eq!(fm.get("title"), Some("Go Conference 2018"));
        assert_eq!(fm.get("tags"), Some("go, rust"));
        assert_eq!(&text[fm.body_start..], "\nBody");
    }

    #[test]
    fn yaml_flow_lists_numbers_and_nested_maps() {
        let text = "---\ncategories: [ event ]\nyear: 2018\ndraft: false\nempty:\nauthor:\n  name: x\n---\n";
        let fm = split(text);
        assert_eq!(fm.error, None);
        assert_eq!(
            fm.fields,
            [
                ("categories".to_string(), "event".to_string()),
                ("year".to_string(), "2018".to_string()),
                ("draft".to_string(), "false".to_string()),
                ("empty".to_string(), String::new()),
            ]
        );
    }

    #[test]
    fn bad_yaml_is_an_error_at_its_file_line_and_the_body_still_starts_after_it() {
        let text = "---\ntitle: ok\ntags: [unclosed\n---\n## Talk\n";
        let fm = split(text);
        assert_eq!(fm.fields, []);
        assert_eq!(&text[fm.body_start..], "## Talk\n");
        let error = fm.error.expect("an error");
        assert!(matches!(error, FrontMatterError::Yaml { .. }), "{error:?}");
        // The parser stops after the unclosed list: the end of the front matter, line 4.
        assert_eq!(error.line(), 4, "{error}");
        assert!(!error.to_string().contains(" at line "), "{error}");

        let tab = split("---\ntitle: a\n\tindent: b\n---\n");
        assert_eq!(tab.error.map(|e| e.line()), Some(3));
    }

    #[test]
    fn bad_toml_is_an_error_at_its_file_line() {
        let text = "+++\ntitle = 'RustConf'\nyear = 20 24\n+++\n# Hi\n";
        let fm = split(text);
        assert_eq!(fm.fields, []);
        assert_eq!(&text[fm.body_start..], "# Hi\n");
        let error = fm.error.expect("an error");
        assert!(matches!(error, FrontMatterError::Toml { .. }), "{error:?}");
        assert_eq!(error.line(), 3, "{error}");
    }

    #[test]
    fn parser_messages_fit_on_one_line_without_their_own_lines() {
        assert_eq!(
            one_line("invalid string\nexpected `\"` at line 2 column 3, while parsing"),
            "invalid string expected `\"`"
        );
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = 'RustConf'\nyear = 2024\n+++\n# Hi\n";
        let fm = split(text);
        assert_eq!(fm.get("title"), Some("RustConf"));
        assert_eq!(fm.get("year"), Some("2024"));
        assert_eq!(&text[fm.body_start..], "# Hi\n");
    }

    #[test]
    fn pelican_headers() {
        let text = "Title: PyCon notes\nDate: 2019-05-01\nTags: python\n\n## Talk\n";
        let fm = split(text);
        assert_eq!(fm.get("title"), Some("PyCon notes"));
        assert_eq!(&text[fm.body_start..], "## Talk\n");
    }

    #[test]
    fn plain_markdown_has_no_metadata() {
        for text in [
            "# Conf\n\nNote: this is text\n",
            "Note: a line\n\n## Talk",
            "---\n\nA rule, not front matter",
            "",
        ] {
            assert_eq!(split(text), FrontMatter::default(), "{text:?}");
        }
    }
}
