//! The reply to each command: `/talk`, `/search`, `/talks`, `/handout`, `/digest` and `/help`.

use super::command::{Ask, COMMANDS};
use super::lookup::{
    from_sections_or_nothing, nothing_found, resolve_talk, section_reply, TalkLookup,
};
use super::markdown::{escape, quote_markdown, snippet_markdown};
use super::paging::{paging_buttons, PAGE_SIZE};
use super::pdf::handout_reply;
use super::Notes;
use crate::embeds::talk_embed;
use crate::reply::{Button, Embed, Field, Reply};
use crate::settings::DigestSettings;
use talk_notes::search::{Confidence, MatchedBy, TalkIndex};
use talk_notes::{Conference, Talk};

/// Answers what a user asked from the notes in `index`; `/digest` shows the next digest of
/// `digest` (or says it is not configured). Every reply fits Discord's limits.
pub fn answer(index: &TalkIndex, digest: &DigestSettings, ask: &Ask) -> Reply {
    answer_in(&Notes::words(index), digest, ask)
}

/// Like [`answer`], searching `notes` by words and, when it has them, by meaning.
pub fn answer_in(notes: &Notes<'_>, digest: &DigestSettings, ask: &Ask) -> Reply {
    let index = notes.index;
    match ask {
        Ask::Talk { query } => talk_reply(notes, query),
        Ask::Search { query, page } => search_reply(notes, query, *page),
        Ask::Talks { conference, page } => talks_reply(index, conference.as_deref(), *page),
        Ask::Help => help_reply(index),
        Ask::Digest => crate::digest::digest_command(index, digest, None),
        Ask::Handout { talk, layout } => handout_reply(index, talk, layout.as_deref()),
    }
    .fit_discord_limits()
}

fn talk_reply(notes: &Notes<'_>, query: &str) -> Reply {
    let index = notes.index;
    let (reference, response) = match resolve_talk(notes, query) {
        TalkLookup::Found { talk, response } => (talk, response),
        TalkLookup::Empty => {
            return Reply::private("Ask me about a talk, for example `/talk kubernetes`.")
        }
        TalkLookup::NotFound {
            suggestion,
            meaning,
        } => return from_sections_or_nothing(notes, query, suggestion.as_deref(), meaning),
    };
    // Asked what an introduction or the closing notes say, word for word, the part that says
    // clearly more of it answers rather than a talk sharing some of its words.
    if let Some(section) = index.section_saying_more(query, &response) {
        return section_reply(&section);
    }
    let Some((conference, talk)) = index.talk(reference) else {
        return nothing_found(query, None);
    };
    // A question about what was said is answered with the passages that say it; a talk's
    // name alone keeps the summary and key points.
    let quotes = response
        .results
        .iter()
        .find(|r| r.talk == reference)
        .filter(|best| !best.names_talk && !best.quotes.is_empty())
        .map(|best| {
            best.quotes
                .iter()
                .map(quote_markdown)
                .collect::<Vec<_>>()
                .join("\n")
        });
    let mut embed = talk_embed(conference, talk, quotes);
    let how = response
        .results
        .iter()
        .find(|r| r.talk == reference)
        .map_or(MatchedBy::Words, |r| r.matched_by);
    if let (Some(footer), Some(note)) = (&mut embed.footer, matched_note(how)) {
        footer.push_str(note);
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

/// What a reply says of how a talk was found; nothing for words alone (answers as always).
fn matched_note(how: MatchedBy) -> Option<&'static str> {
    match how {
        MatchedBy::Words => None,
        MatchedBy::Meaning => Some(" · found by meaning"),
        MatchedBy::Both => Some(" · found by words and meaning"),
    }
}

fn search_reply(notes: &Notes<'_>, query: &str, page: usize) -> Reply {
    if query.trim().is_empty() {
        return Reply::private("Search for something, for example `/search serverless security`.");
    }
    let (response, meaning) = notes.search_explained(query, (page + 1) * PAGE_SIZE + 1);
    if response.results.is_empty() {
        return from_sections_or_nothing(notes, query, response.suggestion.as_deref(), meaning);
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
                "**{}. {}** ({}){}\n{}",
                page * PAGE_SIZE + i + 1,
                r.title,
                r.conference,
                matched_note(r.matched_by).unwrap_or_default(),
                snippet_markdown(&r.snippet)
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let more = response.results.len() > (page + 1) * PAGE_SIZE;
    page_reply(
        format!("Results for “{}”", query.trim()),
        description,
        format!("page {}", page + 1),
        paging_buttons("search", query, page, more),
    )
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
        return Reply::private(format!(
            "No conference matches “{}”. Conferences: {}.",
            escape(conference.unwrap_or("")),
            names.join(", ")
        ));
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
    page_reply(
        format!("{} talks", talks.len()),
        description,
        format!("page {} / {pages}", page + 1),
        paging_buttons("talks", conference.unwrap_or(""), page, page + 1 < pages),
    )
}

/// One page of `/search` or `/talks`: an embed and its Previous/Next buttons.
fn page_reply(title: String, description: String, footer: String, buttons: Vec<Button>) -> Reply {
    Reply {
        embeds: vec![Embed {
            title,
            description,
            footer: Some(footer),
            ..Embed::default()
        }],
        buttons,
        ..Reply::default()
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::paging::button_ask;
    use talk_notes::{load_library, ParseOptions};

    fn example_index() -> TalkIndex {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../notes/examples/velocity-london-2018.md");
        let library = load_library(&[path], &ParseOptions::default()).expect("example loads");
        TalkIndex::build(library)
    }

    fn ask_talk(index: &TalkIndex, query: &str) -> Reply {
        let ask = Ask::Talk {
            query: query.into(),
        };
        answer(index, &DigestSettings::default(), &ask)
    }

    #[test]
    fn a_question_is_answered_with_the_passage_that_says_it() {
        let index = example_index();
        let reply = ask_talk(&index, "what did they say about terratest?");
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
    fn an_introduction_asked_word_for_word_answers_over_a_talk_sharing_its_words() {
        let text = "# Conf\n\nAlso an interesting display of running Ruby in the browser with wasm.\n\n\
                    ## Ruby everywhere\n\nRuby in the browser with wasm builds: irb in a web page.\n\n\
                    ## Observability\n\nSpans and traces for services.\n\n\
                    ## Type checking\n\nSignatures for Ruby libraries and their checks.\n";
        let conference = talk_notes::parse_conference(
            text,
            std::path::Path::new("c.md"),
            &ParseOptions::default(),
        );
        let index = TalkIndex::build(talk_notes::Library {
            conferences: vec![conference],
        });
        let reply = ask_talk(
            &index,
            "Also an interesting display of running Ruby in the browser with wasm",
        );
        assert!(
            reply
                .content
                .starts_with("From the notes' introduction (Conf, c.md, line 3):"),
            "{reply:?}"
        );
        // Words the talk says as much as the introduction: the talk answers.
        let reply = ask_talk(&index, "ruby in the browser with wasm");
        assert_eq!(reply.embeds[0].title, "Ruby everywhere", "{reply:?}");
    }

    #[test]
    fn a_talk_name_keeps_the_summary_and_key_points() {
        let index = example_index();
        let reply = ask_talk(&index, "kubernets");
        let embed = &reply.embeds[0];
        assert_eq!(embed.title, "Kubernetes is not for developers");
        assert!(embed.description.starts_with("Kubernetes is hard!"));
        let names: Vec<&str> = embed.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names[0], "Conference");
        assert!(names.contains(&"Key points"), "{names:?}");
        assert_eq!(embed.footer.as_deref(), Some("velocity-london-2018.md:58"));
    }

    #[test]
    fn echoed_questions_are_inert_and_only_the_asker_sees_them() {
        let index = TalkIndex::build(talk_notes::Library::default());
        let reply = ask_talk(
            &index,
            "[Free Nitro](https://evil.example) xyzzy @everyone <@123>",
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
        // A crafted paging button cannot overflow.
        let page = format!("search:{}:kubernetes", usize::MAX);
        let ask = button_ask(&page).expect("a paging id");
        let reply = answer(&index, &DigestSettings::default(), &ask);
        assert!(reply.ephemeral, "{reply:?}");
    }

    #[test]
    fn digest_is_answered_from_the_digest_settings() {
        let index = example_index();
        let off = answer(&index, &DigestSettings::default(), &Ask::Digest);
        assert!(off.ephemeral);
        assert!(off.content.contains("not configured"), "{}", off.content);
        assert!(off.embeds.is_empty());

        let folder = tempfile::tempdir().expect("temporary folder");
        let state_file = folder.path().join("none.json");
        let on = DigestSettings {
            enabled: true,
            channel_id: Some(7),
            state_file,
            ..DigestSettings::default()
        };
        let reply = answer(&index, &on, &Ask::Digest);
        assert!(!reply.ephemeral);
        assert!(
            reply.content.starts_with("Talk of the day — "),
            "{}",
            reply.content
        );
        let first_talk = &index.library().conferences[0].talks[0];
        assert_eq!(reply.embeds.len(), 1);
        assert_eq!(reply.embeds[0].title, first_talk.title);
        assert_eq!(
            reply.embeds[0].footer.as_deref(),
            Some(format!("talk 1 of {}", index.library().talk_count()).as_str())
        );
    }
}
