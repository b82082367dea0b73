//! The title slide and the final Links slide.

use super::*;

/// Size of the speaker's name on the title slide.
const SPEAKER_SIZE: f32 = 18.0;
/// Size of the link labels on the title slide.
const LINKS_SIZE: f32 = 14.0;

/// The conference as a reader names it: a title written as a file name
/// (`velocity-london-2018`) becomes words ("Velocity London 2018").
pub fn conference_name(conference: &Conference) -> String {
    readable_title(&conference.title)
}

/// `text` with a file-name look (no spaces, words joined by `-` or `_`) made readable.
pub fn readable_title(text: &str) -> String {
    let trimmed = text.trim();
    let slug_like = !trimmed.contains(char::is_whitespace)
        && trimmed.contains(['-', '_'])
        && trimmed
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.');
    if !slug_like {
        return trimmed.to_string();
    }
    trimmed
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// The conference line of the title slide: its readable name, and its date when the notes'
/// metadata has one.
fn conference_line(conference: &Conference) -> String {
    let name = conference_name(conference);
    let date = conference
        .metadata
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("date"))
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty());
    match date {
        Some(date) => format!("{name} · {date}"),
        None => name,
    }
}

/// The short label of a link on the title slide: what it is ("Slides", "Video"), or its own
/// text when that is short and not a URL.
fn link_label(link: &talk_notes::Link) -> String {
    let own = link.label().trim();
    let kind = kind_name(link.kind);
    if own.is_empty() || own.contains("://") || own.chars().count() > 30 || own == link.url() {
        kind.to_string()
    } else {
        own.to_string()
    }
}

impl FlowBuilder<'_> {
    /// The final slide(s): every link of the talk with its full URL.
    pub(super) fn links_flow(&mut self, talk: &Talk) {
        let mut seen: Vec<&str> = Vec::new();
        for link in &talk.links {
            if link.url().trim().is_empty() || seen.contains(&link.url()) {
                continue;
            }
            seen.push(link.url());
            let mut spans = Vec::new();
            let label = link.label().trim();
            if !label.is_empty() && label != link.url() {
                spans.push(Span {
                    text: format!("{label} "),
                    style: Style {
                        bold: true,
                        ..Style::default()
                    },
                    link: None,
                });
                spans.push(Span::plain(format!("({}) ", kind_name(link.kind))));
                if !link.title().trim().is_empty() {
                    spans.push(Span {
                        text: format!("— {}", link.title().trim()),
                        style: Style {
                            italic: true,
                            ..Style::default()
                        },
                        link: None,
                    });
                }
                spans.push(Span::plain("\n"));
            }
            spans.push(Span {
                text: link.url().to_string(),
                style: Style::default(),
                link: Some(link.url().to_string()),
            });
            self.paragraph(&spans, 20.0, Face::Regular, SMALL_SIZE, SMALL_LH, Some("•"));
            self.gap(5.0);
        }
    }

    /// The title slide (group, title, speaker, conference and date, the talk's main links as
    /// clickable labels), and whether its title or conference had to be shortened.
    pub(super) fn title_slide(&mut self, conference: &Conference, talk: &Talk) -> (Page, bool) {
        let mut items = Vec::new();
        let top = SLIDE_HEIGHT - 36.0;
        let bottom = CONTENT_BOTTOM + 4.0;
        let group = talk.group.as_ref().map(|g| {
            wrap(
                self.fonts,
                &[Span::plain(g.clone())],
                Face::Regular,
                14.0,
                CONTENT_W,
            )
        });
        let group_h = group.as_ref().map_or(0.0, |g| g.len() as f32 * 18.0 + 8.0);
        let title = [Span {
            text: talk.title.clone(),
            style: Style::default(),
            link: talk.title_url.clone(),
        }];
        let conf = [Span {
            text: conference_line(conference),
            style: Style::default(),
            link: conference.title_url.clone(),
        }];
        let speaker = talk
            .speaker
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                wrap(
                    self.fonts,
                    &[Span::plain(s)],
                    Face::Regular,
                    SPEAKER_SIZE,
                    CONTENT_W,
                )
            })
            .unwrap_or_default();
        let speaker_h =
            speaker.len() as f32 * SPEAKER_SIZE * 1.25 + if speaker.is_empty() { 0.0 } else { 6.0 };
        // The largest title size at which group, title and conference fit; long titles shrink
        // (never below 12 pt) instead of running off the slide.
        let mut layout = None;
        let mut fits = false;
        for size in [30.0f32, 26.0, 22.0, 18.0, 15.0, 12.0] {
            let title_lines = wrap(self.fonts, &title, Face::Bold, size, CONTENT_W);
            let conf_size = (size * 0.6).clamp(11.0, 18.0);
            let conf_lines = wrap(self.fonts, &conf, Face::Regular, conf_size, CONTENT_W);
            let needed = group_h
                + speaker_h
                + title_lines.len() as f32 * size * 1.2
                + 30.0
                + conf_lines.len() as f32 * conf_size * 1.25;
            fits = needed <= top - bottom;
            layout = Some((size, title_lines, conf_size, conf_lines, needed));
            if fits {
                break;
            }
        }
        let Some((size, mut title_lines, conf_size, mut conf_lines, mut needed)) = layout else {
            let page = Page {
                width: SLIDE_WIDTH,
                height: SLIDE_HEIGHT,
                items,
                bookmark: Some(talk.title.clone()),
            };
            return (page, true);
        };
        if !fits {
            // Keep what fits, end with "…"; the whole text opens the first content slide.
            let ellipsis = |size: f32| {
                wrap(
                    self.fonts,
                    &[Span::plain("…")],
                    Face::Regular,
                    size,
                    CONTENT_W,
                )
            };
            conf_lines.truncate(1);
            conf_lines.extend(ellipsis(conf_size));
            let room = top
                - bottom
                - group_h
                - speaker_h
                - 30.0
                - conf_lines.len() as f32 * conf_size * 1.25;
            let keep = ((room / (size * 1.2)).floor() as usize).max(2) - 1;
            title_lines.truncate(keep);
            title_lines.extend(ellipsis(size));
            needed = top - bottom;
        }
        // Sit a little above the middle when there is room.
        let free = (top - bottom - needed).max(0.0);
        let mut y = top - free * 0.4;
        if let Some(lines) = &group {
            for line in lines {
                y -= 14.0;
                let color = self.theme.muted;
                items.extend(self.line_items(line, MARGIN_X, y, Face::Regular, 14.0, color));
                y -= 4.0;
            }
            y -= 8.0;
        }
        for line in &title_lines {
            y -= size;
            let color = self.theme.title;
            items.extend(self.line_items(line, MARGIN_X, y, Face::Bold, size, color));
            y -= size * 0.2;
        }
        y -= 10.0;
        items.push(Item::Box {
            rect: Rect {
                x: MARGIN_X,
                y,
                w: 80.0,
                h: 3.0,
            },
            fill: Some(self.theme.accent),
            stroke: None,
        });
        y -= 17.0;
        for line in &speaker {
            y -= SPEAKER_SIZE;
            let color = self.theme.text;
            items.extend(self.line_items(line, MARGIN_X, y, Face::Regular, SPEAKER_SIZE, color));
            y -= SPEAKER_SIZE * 0.25;
        }
        if !speaker.is_empty() {
            y -= 6.0;
        }
        for line in &conf_lines {
            y -= conf_size;
            let color = self.theme.muted;
            items.extend(self.line_items(line, MARGIN_X, y, Face::Regular, conf_size, color));
            y -= conf_size * 0.25;
        }
        y -= 10.0;
        // The main links as short clickable labels; their full URLs are on the Links slide.
        let mut seen: Vec<&str> = Vec::new();
        let mut spans = Vec::new();
        for link in talk.links.iter().filter(|l| l.kind != LinkKind::Other) {
            if seen.contains(&link.url()) || seen.len() == 4 {
                continue;
            }
            seen.push(link.url());
            if !spans.is_empty() {
                spans.push(Span::plain("   ·   "));
            }
            spans.push(Span {
                text: link_label(link),
                style: Style::default(),
                link: Some(link.url().to_string()),
            });
        }
        let lines = wrap(self.fonts, &spans, Face::Regular, LINKS_SIZE, CONTENT_W);
        for line in lines.iter().filter(|l| !l.pieces.is_empty()) {
            if y - LINKS_SIZE * 1.3 < bottom {
                // Every link is on the Links slide too; stop before the footer.
                break;
            }
            let color = self.theme.text;
            let baseline = y - LINKS_SIZE;
            items.extend(self.line_items(
                line,
                MARGIN_X,
                baseline,
                Face::Regular,
                LINKS_SIZE,
                color,
            ));
            y -= LINKS_SIZE * 1.3;
        }
        let page = Page {
            width: SLIDE_WIDTH,
            height: SLIDE_HEIGHT,
            items,
            bookmark: Some(talk.title.clone()),
        };
        (page, !fits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_name_titles_become_readable() {
        assert_eq!(
            readable_title("velocity-london-2018"),
            "Velocity London 2018"
        );
        assert_eq!(readable_title("google_io_2018"), "Google Io 2018");
        assert_eq!(
            readable_title("Velocity London 2018"),
            "Velocity London 2018"
        );
        assert_eq!(readable_title("GopherCon"), "GopherCon");
        assert_eq!(
            readable_title("Go Conference 2018 春"),
            "Go Conference 2018 春"
        );
    }
}
