//! Previous/Next buttons of `/search` and `/talks`: their custom ids carry the command, the page
//! and the query, so a press is answered like the command it stands for.

use super::command::Ask;
use crate::reply::Button;

/// Results or talks per page of `/search` and `/talks`.
pub const PAGE_SIZE: usize = 5;
/// Highest page a paging button may ask for.
pub const MAX_PAGE: usize = 1000;
/// Longest custom id Discord accepts, in characters.
const MAX_CUSTOM_ID: usize = 100;

/// Previous/next buttons whose custom ids carry the command, page and query.
pub fn paging_buttons(command: &str, query: &str, page: usize, more: bool) -> Vec<Button> {
    if page == 0 && !more {
        return Vec::new();
    }
    let id = |p: usize| {
        let head = format!("{command}:{p}:");
        let room = MAX_CUSTOM_ID - head.len();
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

/// What a paging button (`search:2:query`) asks for, or `None` for an id the bot did not make.
pub fn button_ask(custom_id: &str) -> Option<Ask> {
    let mut parts = custom_id.splitn(3, ':');
    let command = parts.next()?;
    // Bounded, so that no page number overflows the result count it asks for.
    let page: usize = parts.next()?.parse::<usize>().ok()?.min(MAX_PAGE);
    let query = parts.next().unwrap_or("").to_string();
    match command {
        "search" => Some(Ask::Search { query, page }),
        "talks" => Some(Ask::Talks {
            conference: (!query.is_empty()).then_some(query),
            page,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buttons_ask_for_their_page_and_query() {
        let buttons = paging_buttons("search", "serverless", 1, true);
        assert_eq!(buttons[0].custom_id, "search:0:serverless");
        assert_eq!(
            button_ask(&buttons[1].custom_id),
            Some(Ask::Search {
                query: "serverless".into(),
                page: 2
            })
        );
        assert_eq!(
            button_ask("talks:3:"),
            Some(Ask::Talks {
                conference: None,
                page: 3
            })
        );
        assert_eq!(button_ask("vote:1:x"), None);
        assert!(paging_buttons("talks", "", 0, false).is_empty());
        // A crafted page number is bounded.
        let huge = format!("search:{}:kubernetes", usize::MAX);
        assert!(matches!(
            button_ask(&huge),
            Some(Ask::Search { page: MAX_PAGE, .. })
        ));
    }
}
