//! Property tests: no query string makes the index panic, and answers keep their promises.

use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::OnceLock;
use talk_notes::search::{Confidence, TalkIndex};
use talk_notes::{load_library, ParseOptions};

fn index() -> &'static TalkIndex {
    static INDEX: OnceLock<TalkIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/velocity-london-2018.md");
        let library = load_library(&[path], &ParseOptions::default()).expect("example notes load");
        TalkIndex::build(library)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_query_answers_without_panicking(query in any::<String>(), limit in 0usize..30) {
        let response = index().search(&query, limit);
        prop_assert!(response.results.len() <= limit);
        prop_assert_eq!(response.results.is_empty(), response.confidence == Confidence::NoMatch || limit == 0);
        for r in &response.results {
            for &(s, e) in &r.snippet.marks {
                prop_assert!(s < e && r.snippet.text.get(s..e).is_some());
            }
        }
        let choices = index().suggest(&query, limit);
        prop_assert!(choices.len() <= limit.min(25));
        prop_assert!(choices.iter().all(|c| c.name.chars().count() <= 100 && !c.name.is_empty()));
    }

    #[test]
    fn wordy_queries_answer_without_panicking(
        words in proptest::collection::vec("[a-zA-Zéàü’'0-9.,\\-]{0,12}|[\\p{Han}]{1,4}", 0..8),
        trailing_space in any::<bool>(),
    ) {
        let mut query = words.join(" ");
        if trailing_space {
            query.push(' ');
        }
        let response = index().search(&query, 5);
        if let Some(suggestion) = &response.suggestion {
            prop_assert!(!suggestion.is_empty());
        }
        let _ = index().suggest(&query, 25);
    }
}
