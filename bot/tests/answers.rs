//! The bot's answers judged as a teammate would: questions written by reading the notes (not
//! the code), each with the talk that answers it and a phrase of the answer
//! (`tests/questions/*.toml`), asked of the example notes and every file of
//! `../shared/data/corpus` at once, through the same `chat::answer` the bot and the console use.
//!
//! Measured: right talk (the reply's embed is that talk), answer quoted (the reply shows the
//! phrase), off-topic refused ("Nothing in the notes matches"). Run with `--nocapture` to see the
//! figures and every miss.

#[path = "../../notes/tests/common/corpus.rs"]
mod corpus;
#[path = "common/judge.rs"]
mod judge;

use corpus::corpus_dir;
use judge::{is_refusal, percent, QuestionSet};
use std::path::PathBuf;
use talk_notes::search::TalkIndex;
use talk_notes::{load_library, ParseOptions};
use talkbot::chat::{answer, Ask};
use talkbot::settings::DigestSettings;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn question_sets() -> QuestionSet {
    judge::question_sets(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/questions"))
}

#[test]
fn questions_a_teammate_would_ask() {
    let Some(corpus) = corpus_dir() else {
        return;
    };
    let example = root().join("notes/examples/velocity-london-2018.md");
    let library = load_library(&[example, corpus], &ParseOptions::default()).expect("notes load");
    let index = TalkIndex::build(library);
    let sets = question_sets();
    assert!(
        sets.question.len() >= 150,
        "{} questions",
        sets.question.len()
    );

    let (mut right, mut quoted) = (0, 0);
    for q in &sets.question {
        let reply = answer(
            &index,
            &DigestSettings::default(),
            &Ask::Talk {
                query: q.ask.clone(),
            },
        );
        let title = reply.embeds.first().map(|e| e.title.as_str());
        let (is_right, shows) = judge::judge(&reply, q);
        right += usize::from(is_right);
        quoted += usize::from(shows);
        if !is_right {
            println!(
                "WRONG   [{}] {:?} → {:?} (want {:?})",
                q.file, q.ask, title, q.talk
            );
        } else if !shows {
            println!("UNQUOTED [{}] {:?} (want {:?})", q.file, q.ask, q.answer);
        }
    }
    let mut refused_by_lang: Vec<(String, usize, usize)> = Vec::new();
    for q in &sets.off_topic {
        let reply = answer(
            &index,
            &DigestSettings::default(),
            &Ask::Talk {
                query: q.ask.clone(),
            },
        );
        let refused = is_refusal(&reply);
        if !refused {
            let title = reply.embeds.first().map(|e| e.title.clone());
            println!("ANSWERED off-topic [{}] {:?} → {:?}", q.lang, q.ask, title);
        }
        match refused_by_lang.iter_mut().find(|(l, _, _)| *l == q.lang) {
            Some(entry) => {
                entry.1 += usize::from(refused);
                entry.2 += 1;
            }
            None => refused_by_lang.push((q.lang.clone(), usize::from(refused), 1)),
        }
    }
    let n = sets.question.len();
    let refused: usize = refused_by_lang.iter().map(|r| r.1).sum();
    println!(
        "{n} questions: right talk {right} ({:.0}%), answer quoted {quoted} ({:.0}%)",
        percent(right, n),
        percent(quoted, n)
    );
    for (lang, yes, all) in &refused_by_lang {
        println!(
            "off-topic {lang}: refused {yes} of {all} ({:.0}%)",
            percent(*yes, *all)
        );
    }
    // Floors a little under the figures in the README, so that a change that makes the answers
    // worse fails here.
    assert!(
        percent(right, n) >= FLOOR_RIGHT,
        "right talk {right} of {n}"
    );
    assert!(
        percent(quoted, n) >= FLOOR_QUOTED,
        "answer quoted {quoted} of {n}"
    );
    assert!(
        percent(refused, sets.off_topic.len()) >= FLOOR_REFUSED,
        "off-topic refused {refused} of {}",
        sets.off_topic.len()
    );
}

const FLOOR_RIGHT: f64 = 83.0;
const FLOOR_QUOTED: f64 = 74.0;
const FLOOR_REFUSED: f64 = 95.0;

#[test]
fn off_topic_questions_about_the_example_are_refused() {
    let example = root().join("notes/examples/velocity-london-2018.md");
    let library = load_library(&[example], &ParseOptions::default()).expect("example loads");
    let index = TalkIndex::build(library);
    for query in ["quantum computing", "blockchain smart contracts", "xyzzy"] {
        let reply = answer(
            &index,
            &DigestSettings::default(),
            &Ask::Talk {
                query: query.into(),
            },
        );
        assert!(is_refusal(&reply), "{query}: {reply:?}");
    }
}
