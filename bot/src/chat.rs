//! What the bot answers: plain functions from a question to a [`Reply`].
//!
//! Discord and the console both parse what the user asked into an [`Ask`], call [`answer`],
//! and render the [`Reply`]. Nothing here knows about serenity.

use crate::reply::{Attachment, Button, Choice, Embed, Field, Reply, MAX_CHOICE, MAX_CHOICES};
use talk_notes::search::{Confidence, Quote, SearchResponse, Snippet, TalkIndex, TalkRef};
use talk_notes::text::key_points;
use talk_notes::{Conference, LinkKind, Talk};

/// Results or talks per page of `/search` and `/talks`.
pub const PAGE_SIZE: usize = 5;
/// Highest page a paging button may ask for.
pub const MAX_PAGE: usize = 1000;
/// Key points shown in a talk's embed.
pub const KEY_POINTS: usize = 5;

/// What a user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// `/talk query:` — the one best talk.
    Talk {
        /// The question or talk name (or a `conference:talk` reference from autocomplete).
        query: String,
    },
    /// `/search query:` — a page of results with snippets.
    Search {
        /// The question.
        query: String,
        /// 0-based page.
        page: usize,
    },
    /// `/talks [conference]` — a page of the talk list.
    Talks {
        /// Only this conference (matched by name, case-insensitively).
        conference: Option<String>,
        /// 0-based page.
        page: usize,
    },
    /// `/handout talk: [layout]` — a PDF of a talk.
    Handout {
        /// The talk (name, question or reference).
        talk: String,
        /// Slides or a handout layout.
        layout: Option<String>,
    },
    /// `/digest` — today's digest.
    Digest,
    /// `/help` — what the bot knows and how to ask.
    Help,
}

/// The commands the bot offers, with their description (also the slash command list).
pub const COMMANDS: &[(&str, &str)] = &[
    ("talk", "The talk that best answers a question"),
    ("search", "Search the talk notes, with snippets"),
    ("talks", "List all talks"),
    ("handout", "A talk as PDF slides or a printable handout"),
    ("digest", "Today's talk digest"),
    ("help", "What this bot knows and how to ask"),
];

/// Parses a console line: `/talk kubernetes`, `/search query:serverless`, `/talks`,
/// `/handout talk:kubernetes layout:handout-3`, or a plain question (like `/talk`).
/// Blank lines give `None`; an unknown command is an error message.
pub fn parse_line(line: &str) -> Result<Option<Ask>, String> {
    let line = line.trim();
    if line.is_empty() {
        return Ok(None);
    }
    let Some(command_line) = line.strip_prefix('/') else {
        return Ok(Some(Ask::Talk {
            query: line.to_string(),
        }));
    };
    let (name, rest) = command_line
        .split_once(char::is_whitespace)
        .unwrap_or((command_line, ""));
    let rest = rest.trim();
    let option = |key: &str| -> Option<String> {
        let marker = format!("{key}:");
        let start = rest.find(&marker)?;
        let value = &rest[start + marker.len()..];
        // A value runs to the next `word:` option or the end.
        let end = value
            .split_whitespace()
            .skip(1)
            .find(|w| w.contains(':') && !w.starts_with("http"))
            .and_then(|w| value.find(w))
            .unwrap_or(value.len());
        Some(value[..end].trim().to_string()).filter(|v| !v.is_empty())
    };
    let free = |key: &str| option(key).unwrap_or_else(|| rest.to_string());
    let ask = match name {
        "talk" => Ask::Talk {
            query: free("query"),
        },
        "search" => Ask::Search {
            query: free("query"),
            page: 0,
        },
        "talks" => Ask::Talks {
            conference: option("conference")
                .or_else(|| (!rest.is_empty()).then(|| rest.to_string())),
            page: 0,
        },
        "handout" => Ask::Handout {
            talk: option("talk").unwrap_or_else(|| {
                rest.split_whitespace()
                    .filter(|w| !w.starts_with("layout:"))
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
            layout: option("layout"),
        },
        "digest" => Ask::Digest,
        "help" => Ask::Help,
        other => {
            let known: Vec<String> = COMMANDS.iter().map(|(n, _)| format!("/{n}")).collect();
            return Err(format!(
                "unknown command /{other}; try {}",
                known.join(", ")
            ));
        }
    };
    Ok(Some(ask))
}

/// The question in a message that mentions the bot: the text without mentions of users,
/// roles and channels, nor `@everyone`/`@here`.
pub fn question_from_mention(content: &str) -> String {
    content
        .split_whitespace()
        .filter(|word| {
            let mention = word.starts_with("<@") || word.starts_with("<#");
            !mention && !matches!(*word, "@everyone" | "@here")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Answers what a user asked. `/digest` needs the digest settings and state, so callers that
/// have them answer it with [`crate::digest::digest_command`]; here it says "not configured".
pub fn answer(index: &TalkIndex, ask: &Ask) -> Reply {
    match ask {
        Ask::Talk { query } => talk_reply(index, query),
        Ask::Search { query, page } => search_reply(index, query, *page),
        Ask::Talks { conference, page } => talks_reply(index, conference.as_deref(), *page),
        Ask::Help => help_reply(index),
        Ask::Digest => Reply {
            ephemeral: true,
            ..Reply::text("The daily digest is not configured on this bot.")
        },
        Ask::Handout { talk, layout } => handout_reply(index, talk, layout.as_deref()),
    }
    .fit_discord_limits()
}

/// What a talk query resolved to.
#[derive(Debug)]
pub enum TalkLookup {
    /// A talk, with the search that found it (empty for a direct reference).
    Found {
        /// The talk.
        talk: TalkRef,
        /// The search response (for "also matching").
        response: SearchResponse,
    },
    /// The query was blank.
    Empty,
    /// Nothing fits; maybe a "did you mean".
    NotFound {
        /// The index's spelling of the query, if it has one.
        suggestion: Option<String>,
    },
}

/// The talk a query names: a `conference:talk` reference (from autocomplete) or the best
/// search result when the index is sure enough.
pub fn resolve_talk(index: &TalkIndex, query: &str) -> TalkLookup {
    if let Ok(reference) = query.parse::<TalkRef>() {
        if index.talk(reference).is_some() {
            let response = SearchResponse {
                query: query.to_string(),
                results: Vec::new(),
                confidence: Confidence::Clear,
                suggestion: None,
            };
            return TalkLookup::Found {
                talk: reference,
                response,
            };
        }
    }
    if query.trim().is_empty() {
        return TalkLookup::Empty;
    }
    let response = index.search(query, PAGE_SIZE);
    match response.results.first() {
        Some(best) => TalkLookup::Found {
            talk: best.talk,
            response,
        },
        None => TalkLookup::NotFound {
            suggestion: response.suggestion,
        },
    }
}

/// Makes the PDF of a talk in a layout (a fresh exporter, or the bot's shared one and cache).
pub type Render<'a> = &'a dyn Fn(
    &Conference,
    &Talk,
    talk_export::Layout,
) -> Result<talk_export::Rendered, talk_export::ExportError>;

/// The talk as a PDF attachment, in `layout` (slides when `None`), made by a fresh exporter.
fn handout_reply(index: &TalkIndex, query: &str, layout: Option<&str>) -> Reply {
    handout_reply_with(index, query, layout, &|conference, talk, layout| {
        let options = talk_export::Options {
            layout,
            ..talk_export::Options::default()
        };
        talk_export::Exporter::new(options).and_then(|e| e.talk(conference, talk))
    })
}

/// The talk as a PDF attachment, in `layout` (slides when `None`), made by `render`.
pub fn handout_reply_with(
    index: &TalkIndex,
    query: &str,
    layout: Option<&str>,
    render: Render<'_>,
) -> Reply {
    let layout_name = layout.unwrap_or("slides");
    let layout: talk_export::Layout = match layout_name.parse() {
        Ok(layout) => layout,
        Err(message) => {
            return Reply {
                ephemeral: true,
                ..Reply::text(message)
            }
        }
    };
    let reference = match resolve_talk(index, query) {
        TalkLookup::Found { talk, .. } => talk,
        TalkLookup::Empty => {
            return Reply {
                ephemeral: true,
                ..Reply::text("Which talk? For example `/handout talk:kubernetes`.")
            }
        }
        TalkLookup::NotFound { suggestion } => return nothing_found(query, suggestion.as_deref()),
    };
    let Some((conference, talk)) = index.talk(reference) else {
        return nothing_found(query, None);
    };
    match render(conference, talk, layout) {
        Ok(pdf) => {
            let name = match layout {
                talk_export::Layout::Slides => format!("{}.pdf", talk.slug),
                talk_export::Layout::Handout(_) => format!("{}.{layout_name}.pdf", talk.slug),
            };
            Reply {
                content: format!("“{}” — {layout_name}, {} pages", talk.title, pdf.pages),
                file: Some(Attachment {
                    name,
                    size: pdf.bytes.len(),
                    bytes: pdf.bytes,
                }),
                ..Reply::default()
            }
        }
        Err(error) => {
            tracing::error!(%error, talk = %talk.title, "could not make a handout");
            Reply {
                ephemeral: true,
                ..Reply::text(format!(
                    "Sorry, the PDF of “{}” could not be made.",
                    talk.title
                ))
            }
        }
    }
}

/// Only the asker sees it: nothing in the notes fits (the question is echoed, escaped).
fn nothing_found(query: &str, suggestion: Option<&str>) -> Reply {
    let mut text = format!("Nothing in the notes matches “{}”.", escape(query.trim()));
    if let Some(suggestion) = suggestion {
        text.push_str(&format!(" Did you mean “{}”?", escape(suggestion)));
    }
    Reply {
        ephemeral: true,
        ..Reply::text(text)
    }
}

/// User text made inert before it is echoed: Markdown (links, bold, code, quotes, headings),
/// mentions (`@everyone`, `<@id>`) and `<...>` show as typed, never as links or pings.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            // `:` breaks autolinks (`https\://`); headings and lists cannot start a one-line echo.
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '<' | '[' | ']' | '(' | ')' | ':' => {
                out.push('\\');
                out.push(c);
            }
            // A zero-width space after `@` keeps `@everyone` and `@here` from pinging.
            '@' => out.push_str("@\u{200B}"),
            _ => out.push(c),
        }
    }
    out
}

fn talk_reply(index: &TalkIndex, query: &str) -> Reply {
    let (reference, response) = match resolve_talk(index, query) {
        TalkLookup::Found { talk, response } => (talk, response),
        TalkLookup::Empty => {
            return Reply {
                ephemeral: true,
                ..Reply::text("Ask me about a talk, for example `/talk kubernetes`.")
            }
        }
        TalkLookup::NotFound { suggestion } => return nothing_found(query, suggestion.as_deref()),
    };
    let Some((conference, talk)) = index.talk(reference) else {
        return nothing_found(query, None);
    };
    let mut embed = talk_embed(conference, talk);
    // A question about what was said is answered with the passages that say it; a talk's
    // name alone keeps the summary and key points.
    if let Some(best) = response.results.iter().find(|r| r.talk == reference) {
        if !best.names_talk && !best.quotes.is_empty() {
            embed.description = best
                .quotes
                .iter()
                .map(quote_markdown)
                .collect::<Vec<_>>()
                .join("\n");
            embed.fields.retain(|f| f.name != "Key points");
        }
    }
    if response.confidence == Confidence::Ambiguous {
        let others: Vec<String> = response
            .results
            .iter()
            .filter(|r| r.talk != reference)
            .take(3)
            .map(|r| format!("• {} ({})", r.title, r.conference))
            .collect();
        if !others.is_empty() {
            embed.fields.push(Field {
                name: "Also matching".to_string(),
                value: others.join("\n"),
                inline: false,
            });
        }
    }
    Reply {
        embeds: vec![embed],
        ..Reply::default()
    }
}

/// The embed of one talk: title linked to its conference page, conference, summary, key
/// points and its slides, video and code links.
pub fn talk_embed(conference: &Conference, talk: &Talk) -> Embed {
    let page = talk
        .links
        .iter()
        .find(|l| l.kind == LinkKind::Conference)
        .map(|l| l.url.clone())
        .or_else(|| talk.title_url.clone());
    let mut fields = vec![Field {
        name: "Conference".to_string(),
        value: match &talk.group {
            Some(group) => format!("{} — {group}", conference.title),
            None => conference.title.clone(),
        },
        inline: true,
    }];
    if let Some(speaker) = &talk.speaker {
        fields.push(Field {
            name: "Speaker".to_string(),
            value: speaker.clone(),
            inline: true,
        });
    }
    let points = key_points(&talk.blocks, KEY_POINTS);
    if !points.is_empty() {
        fields.push(Field {
            name: "Key points".to_string(),
            value: points
                .iter()
                .map(|p| format!("• {p}"))
                .collect::<Vec<_>>()
                .join("\n"),
            inline: false,
        });
    }
    for (kind, name) in [
        (LinkKind::Slides, "Slides"),
        (LinkKind::Video, "Video"),
        (LinkKind::Code, "Code"),
    ] {
        let links: Vec<String> = talk
            .links
            .iter()
            .filter(|l| l.kind == kind)
            .take(3)
            .map(|l| format!("[{}]({})", escape_label(&l.label), l.url))
            .collect();
        if !links.is_empty() {
            fields.push(Field {
                name: name.to_string(),
                value: links.join("\n"),
                inline: true,
            });
        }
    }
    Embed {
        title: talk.title.clone(),
        url: page,
        description: talk.summary.clone(),
        fields,
        footer: Some(format!(
            "{}:{}",
            talk.file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            talk.line
        )),
    }
}

/// One quoted passage as Markdown: "> **matched** words", after its sub-heading in italics.
/// The notes' own text is escaped so that it cannot turn into markup, links or mentions.
pub fn quote_markdown(quote: &Quote) -> String {
    let text = snippet_markdown(&quote.snippet);
    let text = text.replace('\n', " ");
    match &quote.heading {
        Some(heading) => format!("> *{}* — {text}", escape_markdown(heading)),
        None => format!("> {text}"),
    }
}

/// A snippet as Markdown: its text escaped, the matched words in bold.
pub fn snippet_markdown(snippet: &Snippet) -> String {
    let mut text = String::with_capacity(snippet.text.len() + 16);
    let mut at = 0;
    for &(start, end) in &snippet.marks {
        let (Some(before), Some(word)) =
            (snippet.text.get(at..start), snippet.text.get(start..end))
        else {
            continue;
        };
        text.push_str(&escape_markdown(before));
        text.push_str("**");
        text.push_str(&escape_markdown(word));
        text.push_str("**");
        at = end;
    }
    text.push_str(&escape_markdown(snippet.text.get(at..).unwrap_or_default()));
    text
}

/// Text shown as itself in Discord Markdown: markup characters escaped, mentions broken.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '<' | '[' | ']' | '@'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Link text safe inside `[...]`.
fn escape_label(label: &str) -> String {
    label.replace('[', "(").replace(']', ")")
}

fn search_reply(index: &TalkIndex, query: &str, page: usize) -> Reply {
    if query.trim().is_empty() {
        return Reply {
            ephemeral: true,
            ..Reply::text("Search for something, for example `/search serverless security`.")
        };
    }
    let response = index.search(query, (page + 1) * PAGE_SIZE + 1);
    if response.results.is_empty() {
        return nothing_found(query, response.suggestion.as_deref());
    }
    let shown: Vec<_> = response
        .results
        .iter()
        .skip(page * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    let description = shown
        .iter()
        .enumerate()
        .map(|(i, r)| {
            format!(
                "**{}. {}** ({})\n{}",
                page * PAGE_SIZE + i + 1,
                r.title,
                r.conference,
                snippet_markdown(&r.snippet)
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let more = response.results.len() > (page + 1) * PAGE_SIZE;
    Reply {
        embeds: vec![Embed {
            title: format!("Results for “{}”", query.trim()),
            description,
            footer: Some(format!("page {}", page + 1)),
            ..Embed::default()
        }],
        buttons: paging_buttons("search", query, page, more),
        ..Reply::default()
    }
}

fn talks_reply(index: &TalkIndex, conference: Option<&str>, page: usize) -> Reply {
    let library = index.library();
    let wanted = conference.map(str::to_lowercase);
    let talks: Vec<(&Conference, &Talk)> = library
        .talks()
        .filter(|(c, _)| {
            wanted
                .as_deref()
                .is_none_or(|w| c.title.to_lowercase().contains(w))
        })
        .collect();
    if talks.is_empty() {
        let names: Vec<&str> = library
            .conferences
            .iter()
            .map(|c| c.title.as_str())
            .collect();
        return Reply {
            ephemeral: true,
            ..Reply::text(format!(
                "No conference matches “{}”. Conferences: {}.",
                escape(conference.unwrap_or("")),
                names.join(", ")
            ))
        };
    }
    let pages = talks.len().div_ceil(PAGE_SIZE * 2);
    let page = page.min(pages.saturating_sub(1));
    let per_page = PAGE_SIZE * 2;
    let description = talks
        .iter()
        .enumerate()
        .skip(page * per_page)
        .take(per_page)
        .map(|(i, (c, t))| format!("{}. {} — *{}*", i + 1, t.title, c.title))
        .collect::<Vec<_>>()
        .join("\n");
    Reply {
        embeds: vec![Embed {
            title: format!("{} talks", talks.len()),
            description,
            footer: Some(format!("page {} / {pages}", page + 1)),
            ..Embed::default()
        }],
        buttons: paging_buttons("talks", conference.unwrap_or(""), page, page + 1 < pages),
        ..Reply::default()
    }
}

/// Previous/next buttons whose custom ids carry the command, page and query.
fn paging_buttons(command: &str, query: &str, page: usize, more: bool) -> Vec<Button> {
    if page == 0 && !more {
        return Vec::new();
    }
    let id = |p: usize| {
        let head = format!("{command}:{p}:");
        let room = 100 - head.len();
        format!("{head}{}", query.chars().take(room).collect::<String>())
    };
    vec![
        Button {
            custom_id: id(page.saturating_sub(1)),
            label: "◀ Previous".to_string(),
            disabled: page == 0,
        },
        Button {
            custom_id: id(page + 1),
            label: "Next ▶".to_string(),
            disabled: !more,
        },
    ]
}

/// The reply to a paging button (`search:2:query`), or `None` for an id the bot did not make.
pub fn button_reply(index: &TalkIndex, custom_id: &str) -> Option<Reply> {
    let mut parts = custom_id.splitn(3, ':');
    let command = parts.next()?;
    // Bounded, so that no page number overflows the result count it asks for.
    let page: usize = parts.next()?.parse::<usize>().ok()?.min(MAX_PAGE);
    let query = parts.next().unwrap_or("").to_string();
    let ask = match command {
        "search" => Ask::Search { query, page },
        "talks" => Ask::Talks {
            conference: (!query.is_empty()).then_some(query),
            page,
        },
        _ => return None,
    };
    Some(answer(index, &ask))
}

fn help_reply(index: &TalkIndex) -> Reply {
    let library = index.library();
    let conferences = library
        .conferences
        .iter()
        .map(|c| format!("• {} — {} talks", c.title, c.talks.len()))
        .collect::<Vec<_>>()
        .join("\n");
    let commands = COMMANDS
        .iter()
        .map(|(name, about)| format!("`/{name}` — {about}"))
        .collect::<Vec<_>>()
        .join("\n");
    Reply {
        embeds: vec![Embed {
            title: "What I know".to_string(),
            description: format!(
                "{conferences}\n\n{commands}\n\nOr mention me with a question: \
                 “@talkbot what did they say about terratest?”. Typos are fine."
            ),
            footer: Some(format!("{} talks in all", library.talk_count())),
            ..Embed::default()
        }],
        ephemeral: true,
        ..Reply::default()
    }
}

/// Autocomplete choices for a talk option as the user types: talk titles (at most 25, each at
/// most 100 characters) whose value is the talk's `conference:talk` reference.
pub fn autocomplete(index: &TalkIndex, typed: &str) -> Vec<Choice> {
    let completions = if typed.trim().is_empty() {
        index
            .library()
            .conferences
            .iter()
            .enumerate()
            .flat_map(|(c, conference)| {
                (0..conference.talks.len()).map(move |t| TalkRef {
                    conference: c,
                    talk: t,
                })
            })
            .take(MAX_CHOICES)
            .filter_map(|r| index.talk(r).map(|(_, talk)| (r, talk.title.clone())))
            .collect::<Vec<_>>()
    } else {
        index
            .suggest(typed, MAX_CHOICES)
            .into_iter()
            .map(|c| (c.talk, c.name))
            .collect()
    };
    completions
        .into_iter()
        .take(MAX_CHOICES)
        .map(|(reference, name)| Choice {
            name: talk_notes::text::cut_chars(&name, MAX_CHOICE),
            value: reference.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use talk_notes::{load_library, ParseOptions};

    fn example_index() -> TalkIndex {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../notes/examples/velocity-london-2018.md");
        let library = load_library(&[path], &ParseOptions::default()).expect("example loads");
        TalkIndex::build(library)
    }

    #[test]
    fn a_question_is_answered_with_the_passage_that_says_it() {
        let index = example_index();
        let reply = answer(
            &index,
            &Ask::Talk {
                query: "what did they say about terratest?".into(),
            },
        );
        let embed = &reply.embeds[0];
        assert_eq!(
            embed.title,
            "Lessons learned from 300.000 lines code for infrastructure"
        );
        assert!(
            embed
                .description
                .starts_with("> Use **Terratest** to test the infrastructure code"),
            "{}",
            embed.description
        );
        assert!(embed.fields.iter().all(|f| f.name != "Key points"));
    }

    #[test]
    fn a_talk_name_keeps_the_summary_and_key_points() {
        let index = example_index();
        let reply = answer(
            &index,
            &Ask::Talk {
                query: "kubernets".into(),
            },
        );
        let embed = &reply.embeds[0];
        assert_eq!(embed.title, "Kubernetes is not for developers");
        assert!(embed.description.starts_with("Kubernetes is hard!"));
        assert!(embed.fields.iter().any(|f| f.name == "Key points"));
    }

    #[test]
    fn quoted_notes_cannot_turn_into_markup_or_mentions() {
        let quote = Quote {
            heading: Some("Q&A_time".into()),
            snippet: Snippet {
                text: "[Free](https://evil.example) @everyone *terratest*".into(),
                marks: vec![(40, 49)],
            },
        };
        assert_eq!(
            quote_markdown(&quote),
            "> *Q&A\\_time* — \\[Free\\](https://evil.example) \\@everyone \\***terratest**\\*"
        );
    }

    #[test]
    fn echoed_questions_are_inert_and_only_the_asker_sees_them() {
        let index = TalkIndex::build(talk_notes::Library::default());
        let reply = answer(
            &index,
            &Ask::Talk {
                query: "[Free Nitro](https://evil.example) xyzzy @everyone <@123>".into(),
            },
        );
        assert!(reply.ephemeral, "{reply:?}");
        assert!(
            !reply.content.contains("[Free Nitro]("),
            "{}",
            reply.content
        );
        assert!(
            reply
                .content
                .contains("\\[Free Nitro\\]\\(https\\://evil.example\\)"),
            "{}",
            reply.content
        );
        assert!(!reply.content.contains("@everyone"), "{}", reply.content);
        assert!(!reply.content.contains("<@123>"), "{}", reply.content);
        assert_eq!(escape("**x**"), "\\*\\*x\\*\\*");
        // A crafted paging button cannot overflow.
        let page = format!("search:{}:kubernetes", usize::MAX);
        assert!(button_reply(&index, &page).is_some());
    }

    #[test]
    fn mentions_are_not_part_of_the_question() {
        assert_eq!(
            question_from_mention("<@123> what about <@!9> terratest? @everyone <@&5> <#7>"),
            "what about terratest?"
        );
    }

    #[test]
    fn console_lines_parse_like_slash_commands() {
        let talk = |q: &str| {
            Ok(Some(Ask::Talk {
                query: q.to_string(),
            }))
        };
        assert_eq!(parse_line("/talk kubernets"), talk("kubernets"));
        assert_eq!(
            parse_line("/talk query:resiliant serverles"),
            talk("resiliant serverles")
        );
        assert_eq!(
            parse_line("what did they say about terratest?"),
            talk("what did they say about terratest?")
        );
        assert_eq!(parse_line("   "), Ok(None));
        assert_eq!(
            parse_line("/handout talk:kubernetes layout:handout-3"),
            Ok(Some(Ask::Handout {
                talk: "kubernetes".into(),
                layout: Some("handout-3".into())
            }))
        );
        assert_eq!(
            parse_line("/handout kubernetes"),
            Ok(Some(Ask::Handout {
                talk: "kubernetes".into(),
                layout: None
            }))
        );
        assert_eq!(
            parse_line("/talks Velocity"),
            Ok(Some(Ask::Talks {
                conference: Some("Velocity".into()),
                page: 0
            }))
        );
        assert_eq!(parse_line("/help"), Ok(Some(Ask::Help)));
        assert!(parse_line("/nope").is_err_and(|e| e.contains("/talk")));
    }
}
