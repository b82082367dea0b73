//! HTML fragments inside Markdown: images, videos and links are kept, tags never leak into text.

use super::spans::trim_spans;
use crate::model::{Block, Image, Span, StyledText};

/// The blocks an HTML fragment stands for: one image per `<img>`, a "Video" link per
/// `<video>`/`<source>`/`<iframe>`, and its remaining text (with `<a href>` links) as a paragraph.
pub fn blocks(source: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut link: Option<String> = None;
    let mut rest = source;
    while let Some(open) = rest.find('<') {
        push_text(&mut spans, &rest[..open], &link);
        rest = &rest[open..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some(close) = tag_end(rest) else {
            push_text(&mut spans, rest, &link);
            rest = "";
            break;
        };
        let tag = &rest[1..close];
        rest = &rest[close + 1..];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect::<String>()
            .to_ascii_lowercase();
        match name.as_str() {
            "img" => blocks.push(Block::Image(Box::new(Image {
                alt: attribute(tag, "alt").unwrap_or_default(),
                url: attribute(tag, "src").unwrap_or_default(),
                title: attribute(tag, "title").unwrap_or_default(),
            }))),
            "video" | "source" | "iframe" | "audio" => {
                if let Some(src) = attribute(tag, "src") {
                    let label = if name == "audio" { "Audio" } else { "Video" };
                    blocks.push(Block::Paragraph {
                        spans: StyledText::from(vec![Span {
                            link: Some(src),
                            ..Span::plain(label)
                        }]),
                    });
                }
            }
            "a" => link = attribute(tag, "href"),
            "/a" => link = None,
            "br" | "br/" | "p" | "/p" | "div" | "/div" | "li" => push_text(&mut spans, "\n", &None),
            _ => {}
        }
    }
    push_text(&mut spans, rest, &link);
    let text_spans = tidy(spans);
    if !text_spans.is_empty() {
        blocks.insert(0, Block::Paragraph { spans: text_spans });
    }
    blocks
}

/// Index of the `>` that closes the tag starting at `text[0] == '<'`, skipping quoted values.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The value of attribute `name` in the inside of a tag (`img src="a" alt=b`).
pub fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut search = 0;
    while let Some(found) = lower[search..].find(name) {
        let at = search + found;
        search = at + name.len();
        let before_ok = at > 0 && lower.as_bytes()[at - 1].is_ascii_whitespace();
        let after = lower[search..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - after.len() + 1;
        let value = tag[value_start..].trim_start();
        let text = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or(""),
        };
        return Some(html_escape::decode_html_entities(text).into_owned());
    }
    None
}

fn push_text(spans: &mut Vec<Span>, text: &str, link: &Option<String>) {
    if text.is_empty() {
        return;
    }
    let text = html_escape::decode_html_entities(text);
    match spans.last_mut() {
        Some(last) if &last.link == link && text != "\n" && !last.is_line_break() => {
            last.text.push_str(&text)
        }
        _ => spans.push(Span {
            link: link.clone(),
            ..Span::plain(text)
        }),
    }
}

/// Collapses runs of whitespace inside spans and trims the edges of the paragraph.
fn tidy(spans: Vec<Span>) -> StyledText {
    let mut out: Vec<Span> = Vec::new();
    for mut span in spans {
        if !span.is_line_break() {
            let mut text = String::with_capacity(span.text.len());
            for c in span.text.chars() {
                let space = c.is_whitespace();
                if !(space && text.ends_with(' ')) {
                    text.push(if space { ' ' } else { c });
                }
            }
            span.text = text;
        }
        let after_space = out
            .last()
            .is_none_or(|s| s.is_line_break() || s.text.ends_with(' '));
        if after_space && !span.is_line_break() {
            span.text = span.text.trim_start().to_string();
        }
        if !span.text.is_empty() {
            out.push(span);
        }
    }
    trim_spans(&mut out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_videos_and_text() {
        let blocks = blocks(
            "<p align=\"center\"><img src=\"a.png\" alt='Logo &amp; name'> Hello <a href=\"https://x.io\">there</a></p>\n<video src=\"v.mp4\"></video>",
        );
        assert_eq!(
            blocks[0],
            Block::Paragraph {
                spans: vec![
                    Span::plain("Hello "),
                    Span {
                        link: Some("https://x.io".into()),
                        ..Span::plain("there")
                    }
                ]
                .into()
            }
        );
        assert_eq!(
            blocks[1],
            Block::Image(Box::new(Image {
                alt: "Logo & name".into(),
                url: "a.png".into(),
                title: String::new()
            }))
        );
        assert!(
            matches!(&blocks[2], Block::Paragraph { spans } if spans.first().and_then(|s| s.link) == Some("v.mp4"))
        );
    }

    #[test]
    fn entities_in_text_and_attributes_are_decoded() {
        let blocks = blocks(
            "<p>R&amp;D &copy; 2018 &#x41;&#66; &bogus; &#1;</p><img src=\"a.png?x=1&amp;y=2\">",
        );
        assert_eq!(
            blocks[0],
            Block::Paragraph {
                spans: StyledText::plain("R&D © 2018 AB &bogus; &#1;")
            }
        );
        assert!(matches!(&blocks[1], Block::Image(image) if image.url == "a.png?x=1&y=2"));
    }

    #[test]
    fn comments_and_anchors_leave_nothing() {
        assert!(blocks("<!-- hidden --><a name=\"x\"></a>").is_empty());
    }
}
