//! Metadata at the top of a notes file: YAML (`---`) or TOML (`+++`) front matter, or
//! Pelican-style `Key: value` header lines. Metadata is never content.

/// Metadata found at the start of a file, and where the Markdown body starts.
#[derive(Debug, Default, PartialEq)]
pub struct FrontMatter {
    /// Top-level keys with their values as text (lists joined with `, `).
    pub fields: Vec<(String, String)>,
    /// Byte offset of the first byte after the metadata.
    pub body_start: usize,
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
            return FrontMatter {
                fields: parse(inner),
                body_start: bom + end,
            };
        }
    }
    pelican(text_no_bom)
        .map(|(fields, end)| FrontMatter {
            fields,
            body_start: bom + end,
        })
        .unwrap_or(FrontMatter {
            fields: Vec::new(),
            body_start: bom,
        })
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

fn unquote(value: &str) -> String {
    let v = value.trim();
    let quoted = v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')));
    if quoted {
        v[1..v.len() - 1].to_string()
    } else {
        v.to_string()
    }
}

/// Top-level scalar keys of a YAML mapping, with `- item` lists joined. Nested maps are skipped.
fn yaml_fields(inner: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in inner.lines() {
        let indented = line.starts_with([' ', '\t']);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indented || trimmed.starts_with("- ") {
            if let (Some(item), Some((_, value))) = (trimmed.strip_prefix("- "), fields.last_mut())
            {
                if !value.is_empty() {
                    value.push_str(", ");
                }
                value.push_str(&unquote(item));
            }
            continue;
        }
        if let Some((key, value)) = trimmed.split_once(':') {
            fields.push((key.trim().to_string(), unquote(value)));
        }
    }
    fields
}

/// Top-level keys of a TOML table, with arrays joined; invalid TOML gives no fields.
fn toml_fields(inner: &str) -> Vec<(String, String)> {
    let Ok(table) = inner.parse::<toml::Table>() else {
        return Vec::new();
    };
    table
        .into_iter()
        .filter_map(|(key, value)| toml_text(&value).map(|v| (key, v)))
        .collect()
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
