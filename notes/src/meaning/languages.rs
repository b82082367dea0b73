//! Languages: the offset that a language adds to every vector, so that a question in one
//! language can be compared fairly with notes in another.
//!
//! Why: multilingual-e5 places texts of one language nearer to each other than their meaning
//! alone would. A Spanish question over English notes sits nearer to the Spanish everyday
//! topics of [`super::background`] than to the English passage that answers it, and is
//! refused. Subtracting each language's offset from the vectors (Libovický et al., "On the
//! language neutrality of pre-trained multilingual representations", 2020) removes most of that
//! pull.
//!
//! How: the same twelve sentences, in each of fourteen languages, are embedded like passages.
//! Their meaning is the same in every language, so a language's mean vector minus the mean of
//! all of them is what that language adds: its offset. A vector's language is the offset it
//! points along most once the common mean is taken away. The offsets are used only when a
//! question's language is not the notes' ([`super::vectors::MeaningIndex`]): within one
//! language they are a constant shift that only blurs.

use super::client::unit;

/// The same sentences in each language, in the same order (everyday life and work, questions
/// and statements, so that no topic leans one way).
pub const SENTENCES: &[(&str, [&str; 12])] = &[
    (
        "en",
        [
            "How do I book a table for four tonight?",
            "The train was late again this morning.",
            "We moved our servers to the cloud last year.",
            "What is the best way to learn a new language?",
            "My daughter starts school next week.",
            "The team fixed the bug before the release.",
            "Is it going to rain tomorrow afternoon?",
            "Write tests before you change the code.",
            "The museum is closed on Mondays.",
            "How much does a new laptop cost?",
            "They talked about security and passwords.",
            "I need to repair the kitchen tap.",
        ],
    ),
    (
        "fr",
        [
            "Comment réserver une table pour quatre ce soir ?",
            "Le train était encore en retard ce matin.",
            "Nous avons déplacé nos serveurs dans le cloud l'année dernière.",
            "Quelle est la meilleure façon d'apprendre une nouvelle langue ?",
            "Ma fille commence l'école la semaine prochaine.",
            "L'équipe a corrigé le bug avant la sortie.",
            "Va-t-il pleuvoir demain après-midi ?",
            "Écrivez les tests avant de modifier le code.",
            "Le musée est fermé le lundi.",
            "Combien coûte un nouvel ordinateur portable ?",
            "Ils ont parlé de sécurité et de mots de passe.",
            "Je dois réparer le robinet de la cuisine.",
        ],
    ),
    (
        "de",
        [
            "Wie reserviere ich heute Abend einen Tisch für vier?",
            "Der Zug hatte heute Morgen wieder Verspätung.",
            "Wir haben unsere Server letztes Jahr in die Cloud verlegt.",
            "Wie lernt man am besten eine neue Sprache?",
            "Meine Tochter kommt nächste Woche in die Schule.",
            "Das Team hat den Fehler vor dem Release behoben.",
            "Regnet es morgen Nachmittag?",
            "Schreib Tests, bevor du den Code änderst.",
            "Das Museum ist montags geschlossen.",
            "Wie viel kostet ein neuer Laptop?",
            "Sie sprachen über Sicherheit und Passwörter.",
            "Ich muss den Küchenwasserhahn reparieren.",
        ],
    ),
    (
        "es",
        [
            "¿Cómo reservo una mesa para cuatro esta noche?",
            "El tren volvió a llegar tarde esta mañana.",
            "El año pasado trasladamos nuestros servidores a la nube.",
            "¿Cuál es la mejor manera de aprender un idioma nuevo?",
            "Mi hija empieza el colegio la semana que viene.",
            "El equipo corrigió el error antes del lanzamiento.",
            "¿Va a llover mañana por la tarde?",
            "Escribe las pruebas antes de cambiar el código.",
            "El museo cierra los lunes.",
            "¿Cuánto cuesta un portátil nuevo?",
            "Hablaron de seguridad y contraseñas.",
            "Tengo que arreglar el grifo de la cocina.",
        ],
    ),
    (
        "pt",
        [
            "Como reservo uma mesa para quatro hoje à noite?",
            "O trem atrasou de novo hoje de manhã.",
            "No ano passado mudamos nossos servidores para a nuvem.",
            "Qual é a melhor maneira de aprender um novo idioma?",
            "Minha filha começa a escola na próxima semana.",
            "A equipe corrigiu o bug antes do lançamento.",
            "Vai chover amanhã à tarde?",
            "Escreva os testes antes de mudar o código.",
            "O museu fecha às segundas-feiras.",
            "Quanto custa um notebook novo?",
            "Eles falaram sobre segurança e senhas.",
            "Preciso consertar a torneira da cozinha.",
        ],
    ),
    (
        "it",
        [
            "Come prenoto un tavolo per quattro stasera?",
            "Il treno era di nuovo in ritardo stamattina.",
            "L'anno scorso abbiamo spostato i nostri server nel cloud.",
            "Qual è il modo migliore per imparare una nuova lingua?",
            "Mia figlia inizia la scuola la settimana prossima.",
            "Il team ha corretto il bug prima del rilascio.",
            "Domani pomeriggio pioverà?",
            "Scrivi i test prima di modificare il codice.",
            "Il museo è chiuso il lunedì.",
            "Quanto costa un portatile nuovo?",
            "Hanno parlato di sicurezza e password.",
            "Devo riparare il rubinetto della cucina.",
        ],
    ),
    (
        "nl",
        [
            "Hoe reserveer ik vanavond een tafel voor vier?",
            "De trein had vanochtend weer vertraging.",
            "Vorig jaar hebben we onze servers naar de cloud verhuisd.",
            "Wat is de beste manier om een nieuwe taal te leren?",
            "Mijn dochter begint volgende week met school.",
            "Het team heeft de bug voor de release opgelost.",
            "Gaat het morgenmiddag regenen?",
            "Schrijf tests voordat je de code verandert.",
            "Het museum is op maandag gesloten.",
            "Hoeveel kost een nieuwe laptop?",
            "Ze spraken over beveiliging en wachtwoorden.",
            "Ik moet de keukenkraan repareren.",
        ],
    ),
    (
        "no",
        [
            "Hvordan bestiller jeg et bord til fire i kveld?",
            "Toget var forsinket igjen i morges.",
            "I fjor flyttet vi serverne våre til skyen.",
            "Hva er den beste måten å lære et nytt språk på?",
            "Datteren min begynner på skolen neste uke.",
            "Teamet fikset feilen før lanseringen.",
            "Blir det regn i morgen ettermiddag?",
            "Skriv testene før du endrer koden.",
            "Museet er stengt på mandager.",
            "Hvor mye koster en ny bærbar PC?",
            "De snakket om sikkerhet og passord.",
            "Jeg må reparere kjøkkenkranen.",
        ],
    ),
    (
        "sv",
        [
            "Hur bokar jag ett bord för fyra i kväll?",
            "Tåget var försenat igen i morse.",
            "Förra året flyttade vi våra servrar till molnet.",
            "Vilket är det bästa sättet att lära sig ett nytt språk?",
            "Min dotter börjar skolan nästa vecka.",
            "Teamet fixade buggen före lanseringen.",
            "Kommer det att regna i morgon eftermiddag?",
            "Skriv testerna innan du ändrar koden.",
            "Museet är stängt på måndagar.",
            "Hur mycket kostar en ny bärbar dator?",
            "De pratade om säkerhet och lösenord.",
            "Jag måste laga köksblandaren.",
        ],
    ),
    (
        "pl",
        [
            "Jak zarezerwować stolik dla czterech osób na dziś wieczór?",
            "Pociąg znowu się spóźnił dziś rano.",
            "W zeszłym roku przenieśliśmy nasze serwery do chmury.",
            "Jaki jest najlepszy sposób na naukę nowego języka?",
            "Moja córka zaczyna szkołę w przyszłym tygodniu.",
            "Zespół naprawił błąd przed wydaniem.",
            "Czy jutro po południu będzie padać?",
            "Napisz testy, zanim zmienisz kod.",
            "Muzeum jest zamknięte w poniedziałki.",
            "Ile kosztuje nowy laptop?",
            "Rozmawiali o bezpieczeństwie i hasłach.",
            "Muszę naprawić kran w kuchni.",
        ],
    ),
    (
        "ru",
        [
            "Как забронировать столик на четверых на сегодня вечером?",
            "Поезд сегодня утром снова опоздал.",
            "В прошлом году мы перенесли наши серверы в облако.",
            "Как лучше всего выучить новый язык?",
            "Моя дочь идёт в школу на следующей неделе.",
            "Команда исправила ошибку до релиза.",
            "Завтра днём будет дождь?",
            "Пишите тесты до того, как меняете код.",
            "Музей закрыт по понедельникам.",
            "Сколько стоит новый ноутбук?",
            "Они говорили о безопасности и паролях.",
            "Мне нужно починить кран на кухне.",
        ],
    ),
    (
        "ja",
        [
            "今夜4人でテーブルを予約するにはどうすればいいですか？",
            "今朝も電車が遅れた。",
            "昨年、サーバーをクラウドに移行しました。",
            "新しい言語を学ぶ一番いい方法は何ですか？",
            "娘は来週から学校に通い始めます。",
            "チームはリリース前にバグを修正した。",
            "明日の午後は雨が降りますか？",
            "コードを変更する前にテストを書きましょう。",
            "博物館は月曜日休館です。",
            "新しいノートパソコンはいくらですか？",
            "セキュリティとパスワードについて話していました。",
            "台所の蛇口を修理しなければならない。",
        ],
    ),
    (
        "ko",
        [
            "오늘 저녁 4명 자리를 어떻게 예약하나요?",
            "오늘 아침에도 기차가 늦었다.",
            "작년에 우리는 서버를 클라우드로 옮겼습니다.",
            "새로운 언어를 배우는 가장 좋은 방법은 무엇인가요?",
            "제 딸은 다음 주에 학교에 들어갑니다.",
            "팀은 출시 전에 버그를 고쳤다.",
            "내일 오후에 비가 올까요?",
            "코드를 바꾸기 전에 테스트를 작성하세요.",
            "박물관은 월요일에 문을 닫습니다.",
            "새 노트북은 얼마인가요?",
            "그들은 보안과 비밀번호에 대해 이야기했다.",
            "부엌 수도꼭지를 고쳐야 해요.",
        ],
    ),
    (
        "zh",
        [
            "今晚怎么预订一张四人桌？",
            "今天早上火车又晚点了。",
            "去年我们把服务器迁移到了云端。",
            "学习一门新语言最好的方法是什么？",
            "我女儿下周开始上学。",
            "团队在发布前修复了这个错误。",
            "明天下午会下雨吗？",
            "在修改代码之前先写测试。",
            "博物馆周一闭馆。",
            "一台新笔记本电脑多少钱？",
            "他们谈到了安全和密码。",
            "我得修一下厨房的水龙头。",
        ],
    ),
];

/// Each language's offset, from the vectors of [`SENTENCES`].
#[derive(Debug, Clone, Default)]
pub struct Languages {
    dim: usize,
    /// The mean of every sentence's vector.
    mean: Vec<f32>,
    /// Per language (in [`SENTENCES`] order), its mean minus `mean`: `dim` numbers each.
    offsets: Vec<f32>,
    /// The offsets as unit vectors, to tell a vector's language.
    directions: Vec<f32>,
}

impl Languages {
    /// The offsets from each language's sentence vectors (`vectors[l][i]` is sentence `i` in
    /// language `l`). `None` unless every language has every sentence, all of one size.
    pub fn from_vectors(vectors: &[Vec<&[f32]>]) -> Option<Languages> {
        let dim = vectors.first()?.first()?.len();
        let count = vectors.first()?.len();
        if dim == 0
            || vectors.len() < 2
            || vectors
                .iter()
                .any(|l| l.len() != count || l.iter().any(|v| v.len() != dim))
        {
            return None;
        }
        let means: Vec<Vec<f32>> = vectors
            .iter()
            .map(|language| {
                let mut mean = vec![0.0; dim];
                for v in language {
                    mean.iter_mut().zip(*v).for_each(|(m, x)| *m += x);
                }
                mean.iter_mut().for_each(|m| *m /= count as f32);
                mean
            })
            .collect();
        let mut mean = vec![0.0; dim];
        for m in &means {
            mean.iter_mut().zip(m).for_each(|(a, x)| *a += x);
        }
        mean.iter_mut().for_each(|a| *a /= means.len() as f32);
        let mut offsets = Vec::with_capacity(means.len() * dim);
        let mut directions = Vec::with_capacity(means.len() * dim);
        for m in &means {
            let offset: Vec<f32> = m.iter().zip(&mean).map(|(a, b)| a - b).collect();
            directions.extend(unit(offset.clone()).unwrap_or_else(|| vec![0.0; dim]));
            offsets.extend(offset);
        }
        Some(Languages {
            dim,
            mean,
            offsets,
            directions,
        })
    }

    /// How many languages there are (0 when the offsets are unknown).
    pub fn len(&self) -> usize {
        self.offsets.len().checked_div(self.dim).unwrap_or(0)
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        (self.mean.capacity() + self.offsets.capacity() + self.directions.capacity()) * 4
    }

    /// True when the offsets are unknown: every vector is then left as it is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The language (a position in [`SENTENCES`]) whose offset `vector` points along most,
    /// once the common mean is taken away; `None` without offsets or for another size.
    pub fn language_of(&self, vector: &[f32]) -> Option<u8> {
        if vector.len() != self.dim || self.is_empty() {
            return None;
        }
        let centred: Vec<f32> = vector.iter().zip(&self.mean).map(|(a, b)| a - b).collect();
        self.directions
            .chunks_exact(self.dim)
            .map(|d| dot(d, &centred))
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .and_then(|(l, _)| u8::try_from(l).ok())
    }

    /// The offset of `language`, `dim` numbers (empty for an unknown language).
    pub fn offset(&self, language: u8) -> &[f32] {
        let at = usize::from(language) * self.dim;
        self.offsets.get(at..at + self.dim).unwrap_or(&[])
    }

    /// `vector` less `share` of its language's offset, as a unit vector, with that language;
    /// `None` without offsets, for another size, or for a zero result.
    pub fn shifted(&self, vector: &[f32], share: f32) -> Option<(Vec<f32>, u8)> {
        let language = self.language_of(vector)?;
        let shifted = vector
            .iter()
            .zip(self.offset(language))
            .map(|(x, o)| x - share * o)
            .collect();
        Some((unit(shifted)?, language))
    }
}

/// The dot product of two vectors of one size.
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A toy space for tests: meaning on the first two axes, language on the last two, which
/// outweighs it.
#[cfg(test)]
pub(crate) mod toy {
    use super::{unit, Languages};

    /// A unit vector of the toy space.
    pub(crate) fn toy(x: [f32; 4]) -> Vec<f32> {
        unit(x.to_vec()).unwrap_or_default()
    }

    /// The same two sentences in language 0 (third axis) and language 1 (fourth axis).
    pub(crate) fn sentences() -> [[Vec<f32>; 2]; 2] {
        [
            [toy([1.0, 0.0, 1.5, 0.0]), toy([0.0, 1.0, 1.5, 0.0])],
            [toy([1.0, 0.0, 0.0, 1.5]), toy([0.0, 1.0, 0.0, 1.5])],
        ]
    }

    /// The offsets of the two languages of [`sentences`].
    pub(crate) fn two_languages() -> Languages {
        let sentences = sentences();
        let per: Vec<Vec<&[f32]>> = sentences
            .iter()
            .map(|l| l.iter().map(Vec::as_slice).collect())
            .collect();
        Languages::from_vectors(&per).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_sentence_once() {
        let mut codes: Vec<&str> = SENTENCES.iter().map(|(code, _)| *code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), SENTENCES.len(), "a language twice");
        for (code, sentences) in SENTENCES {
            let mut distinct = sentences.to_vec();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), sentences.len(), "{code}: a sentence twice");
        }
    }

    use super::toy::{toy, two_languages};
    #[test]
    fn a_languages_offset_is_what_its_sentences_share_beyond_the_meaning() {
        let languages = two_languages();
        assert_eq!(languages.len(), 2);
        let half = 1.5 / 2.0 / (1.0f32 + 1.5 * 1.5).sqrt();
        let near =
            |got: &[f32], want: [f32; 4]| got.iter().zip(want).all(|(g, w)| (g - w).abs() < 1e-6);
        assert!(
            near(languages.offset(0), [0.0, 0.0, half, -half]),
            "{:?}",
            languages.offset(0)
        );
        assert!(
            near(languages.offset(1), [0.0, 0.0, -half, half]),
            "{:?}",
            languages.offset(1)
        );
        assert_eq!(languages.language_of(&[0.2, 0.9, 1.4, 0.0]), Some(0));
        assert_eq!(languages.language_of(&[0.9, 0.2, 0.0, 1.4]), Some(1));
        assert_eq!(languages.language_of(&[1.0, 0.0]), None, "wrong size");
    }

    #[test]
    fn shifting_brings_one_meaning_in_two_languages_nearer() {
        let languages = two_languages();
        let question = toy([1.0, 0.1, 1.5, 0.0]);
        let same_meaning = toy([1.0, 0.0, 0.0, 1.5]);
        let same_language = toy([0.1, 1.0, 1.5, 0.0]);
        let before = dot(&question, &same_meaning) - dot(&question, &same_language);
        assert!(before < 0.0, "the same language is the nearer: {before}");
        let (q, lq) = languages.shifted(&question, 1.0).expect("shifted");
        let (m, lm) = languages.shifted(&same_meaning, 1.0).expect("shifted");
        let (l, ll) = languages.shifted(&same_language, 1.0).expect("shifted");
        assert_eq!((lq, lm, ll), (0, 1, 0));
        let after = dot(&q, &m) - dot(&q, &l);
        assert!(after > before, "before {before}, after {after}");
        assert!(after > 0.0, "the same meaning is now the nearer: {after}");
    }

    #[test]
    fn without_every_sentence_in_every_language_there_are_no_offsets() {
        let one = [vec![1.0, 0.0]];
        let per: Vec<Vec<&[f32]>> = vec![one.iter().map(Vec::as_slice).collect(), vec![]];
        assert!(Languages::from_vectors(&per).is_none());
        assert!(Languages::default().shifted(&[1.0, 0.0], 0.5).is_none());
    }
}
