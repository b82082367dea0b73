//! What a user asked, as an [`Ask`]: the commands the bot offers, console lines parsed like
//! slash commands, and the question inside a message that mentions the bot.

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

#[cfg(test)]
mod tests {
    use super::*;

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
