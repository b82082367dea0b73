//! What kind of answer a question asks for, read from its wording: a question that asks for a
//! quantity ("how many", "combien", "何人") is best answered by a passage with a number.

/// English and French phrases that ask for a quantity, lowercase, matched on word boundaries.
const QUANTITY_PHRASES: &[&str] = &[
    "how many",
    "how much",
    "how long",
    "how big",
    "how large",
    "how fast",
    "how often",
    "how old",
    "how far",
    "how high",
    "how heavy",
    "what percentage",
    "what percent",
    "what size",
    "what version",
    "which version",
    "combien",
    "quel pourcentage",
    "quelle taille",
    "quelle version",
    "quel âge",
    "quelle vitesse",
];

/// Japanese words that ask for a quantity (no spaces to match on).
const QUANTITY_WORDS_JA: &[&str] = &[
    "いくつ",
    "いくら",
    "どれくらい",
    "どのくらい",
    "どれぐらい",
    "何人",
    "何回",
    "何本",
    "何年",
    "何個",
    "何件",
    "何倍",
    "何秒",
    "何分",
    "何時間",
    "何日",
    "何割",
    "何パーセント",
    "何%",
];

/// Whether `question` asks for a quantity: a count, a duration, a size, a share, a version.
pub(super) fn asks_for_number(question: &str) -> bool {
    if question.contains('%') || QUANTITY_WORDS_JA.iter().any(|w| question.contains(w)) {
        return true;
    }
    let words: Vec<String> = question
        .split(|c: char| !c.is_alphanumeric() && c != '%')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    QUANTITY_PHRASES.iter().any(|phrase| {
        let phrase: Vec<&str> = phrase.split(' ').collect();
        words
            .windows(phrase.len())
            .any(|window| window.iter().zip(&phrase).all(|(a, b)| a == b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_asking_for_a_quantity() {
        for q in [
            "How many qubits does IBM have?",
            "how long did the migration take",
            "Combien de lignes faisait le script ?",
            "what % of orgs use k8s",
            "テストは何回実行すればいい？",
            "どれくらい速くなった？",
        ] {
            assert!(asks_for_number(q), "{q}");
        }
        for q in [
            "what did they say about terratest?",
            "how does the GVL work?",
            "is it ok to keep long lived branches?",
            "somehow manyfold",
            "D8 の前は何ていうコンパイラ？",
        ] {
            assert!(!asks_for_number(q), "{q}");
        }
    }
}
