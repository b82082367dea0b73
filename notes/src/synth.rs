//! Deterministic generator of realistic conference notes (Markdown), for benchmarks and tests.
//!
//! [`generate_notes`] writes a conference H1, a table of contents and `##` talks with links
//! (conference page, slides, video, GitHub), paragraphs, nested bullets, numbered lists, bold,
//! italic and code spans, images and now and then a code block. Words are drawn from a Zipf-like
//! distribution over a vocabulary of a few thousand tech and English words (a base list and
//! tool-like compounds), so the text has the skew of real notes. About 1.1 KB per talk.

use std::collections::HashSet;
use std::fmt::Write;

/// Common English words, most frequent first (they open the Zipf ranking).
const FUNCTION_WORDS: &str = "the of and to a in is for that it with on as you are this be \
    we can at by from or your not have but all they more was an when if their about which \
    one how so what there use do also has will our out up into new time them than only \
    other just then most some these any should very many each need way make like because \
    over well through both still where after before same while without between every";

/// Content words of tech talks and everyday English.
const CONTENT_WORDS: &str = "service services data system systems team teams code \
    application applications user users cloud platform infrastructure deploy deployment \
    deployments production release releases test tests testing build builds pipeline pipelines \
    container containers cluster clusters network latency performance scale scaling monitoring \
    metrics logs logging tracing alerting incident incidents outage outages failure failures \
    resilience reliability availability security secrets keys access identity authentication \
    authorization policy policies compliance audit database databases query queries index \
    indexes cache caching storage stream streams event events message messages queue queues \
    broker consumer producer partition partitions replication consistency transaction \
    transactions schema migration migrations api apis endpoint endpoints gateway proxy load \
    balancer traffic request requests response responses client clients server servers \
    browser frontend backend mobile web page pages render rendering layout design designer \
    product customer customers business value cost costs budget money time week weeks month \
    year people culture process practice practices lesson lessons learned journey story talk \
    speaker slides demo example examples question questions answer answers problem problems \
    solution solutions approach approaches pattern patterns architecture microservice \
    microservices monolith monorepo monorepos module modules library libraries framework \
    frameworks language languages compiler runtime memory thread threads concurrency async \
    function functions serverless lambda edge region regions zone zones failover backup \
    restore disaster recovery chaos experiment experiments hypothesis observability \
    dashboard dashboards alert alerts oncall pager runbook runbooks postmortem blameless \
    automation script scripts tool tooling tools config configuration configurations \
    environment environments staging canary rollout rollback feature flags flag toggle \
    version versions dependency dependencies package packages registry image images docker \
    kubernetes helm operator operators controller controllers pod pods node nodes mesh \
    sidecar ingress egress firewall certificate certificates encryption tls token tokens \
    session sessions cookie cookies header headers payload json yaml protocol protocols grpc \
    http rest graphql websocket batch realtime pipeline analytics warehouse lake model models \
    training inference feature features experiment prediction accuracy quality review reviews \
    refactoring legacy debt ownership boundaries domain domains context contexts aggregate \
    aggregates entity entities command commands handler handlers worker workers job jobs \
    scheduler schedule cron retry retries timeout timeouts backpressure throttling limit \
    limits quota quotas budget sla slo slos sli slis error errors budgets toil capacity \
    planning forecast growth hiring onboarding mentoring career leadership management \
    manager managers engineer engineers developer developers operations ops devops sre \
    platform platforms internal portal documentation docs readme wiki knowledge sharing \
    community open source contributor contributors maintainer maintainers license governance \
    roadmap strategy vision goal goals outcome outcomes impact measure measurement feedback \
    loop loops iteration sprint agile kanban estimate estimates risk risks tradeoff tradeoffs \
    decision decisions record records meeting meetings communication collaboration trust \
    safety psychological burnout wellbeing remote office distributed hybrid async writing \
    reading learning teaching workshop keynote panel hallway track conference audience \
    stage room coffee lunch party swag booth sponsor sponsors vendor vendors hardware \
    software firmware device devices sensor sensors battery energy carbon green sustainable \
    efficient efficiency fast faster slow slower simple simpler complex complexity hard easy \
    small large big huge tiny global local remote central central shared common custom \
    generic specific different similar important critical useful interesting surprising \
    obvious great good bad better best worse worst real actual main key core basic advanced \
    modern old legacy early late first last next previous single multiple several few \
    enough whole entire public private secure safe unsafe stable unstable flaky broken \
    healthy unhealthy ready live dead hot cold warm static dynamic immutable mutable \
    declarative imperative functional reactive incremental continuous manual automatic \
    automated explicit implicit visible hidden clear unclear open closed free paid \
    expensive cheap optional required default custom native hosted managed self tested \
    deployed released scaled measured monitored observed secured cached indexed queried \
    streamed processed parsed compiled generated written reviewed merged shipped learned \
    started stopped failed recovered migrated rewritten replaced removed added changed \
    improved reduced increased moved split joined shared owned run running runs ran write \
    writes read reads ship ships start starts stop stops fail fails recover recovers move \
    moves split splits change changes improve improves reduce reduces increase increases \
    avoid avoids prefer prefers keep keeps drop drops add adds remove removes replace \
    replaces migrate migrates measure measures observe observes understand understands \
    explain explains show shows share shares learn learns teach teaches ask asks try tries \
    know knows think thinks believe believes expect expects happen happens matter matters \
    work works working worked help helps helped support supports supported allow allows \
    enable enables enabled provide provides provided require requires required depend \
    depends handle handles handled manage manages managed own owns grow grows grew";

/// Product- and tool-like names: every prefix with every suffix gives a compound.
const NAME_PREFIXES: &str = "kube cloud data stream log trace metric flux pulse grid mesh \
    edge core node hyper nano micro meta open fast deep sky star iron blue red green \
    rocket terra vault quartz cobalt lumen vector tensor graph query spark storm wave";
const NAME_SUFFIXES: &str = "ctl flow hub base lake stack forge ops kit ray watch guard \
    scope pipe store db cache bus link gate sync shift dash form craft bench works \
    lens map hive beam cast deck port";

const LANGS: &[&str] = &["rust", "go", "python", "yaml", "bash", "java", "typescript"];

/// A small, fast, deterministic PRNG (SplitMix64): the same seed gives the same numbers, for
/// generated notes, benchmark queries and the digest's shuffle.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A rank in `0..n` with probability roughly proportional to `1 / (rank + 1)` (Zipf, s = 1).
    fn zipf(&mut self, n: usize) -> usize {
        let r = ((n as f64 + 1.0).powf(self.unit()) - 1.0) as usize;
        r.min(n - 1)
    }
}

/// The generator's vocabulary: function words first, then content words interleaved with
/// tool-like compounds so that both kinds spread over the Zipf ranks.
struct Vocabulary {
    words: Vec<String>,
    /// Index of the first content word (titles draw from here on).
    content_from: usize,
}

impl Vocabulary {
    fn new() -> Self {
        let mut words: Vec<String> = FUNCTION_WORDS
            .split_whitespace()
            .map(String::from)
            .collect();
        let content_from = words.len();
        let mut seen: HashSet<String> = words.iter().cloned().collect();
        let content: Vec<&str> = CONTENT_WORDS.split_whitespace().collect();
        let names: Vec<String> = NAME_PREFIXES
            .split_whitespace()
            .flat_map(|p| {
                NAME_SUFFIXES
                    .split_whitespace()
                    .map(move |s| format!("{p}{s}"))
            })
            .collect();
        // Interleave: a few content words, then one compound, shuffled deterministically.
        let mut rng = Rng(0x5EED);
        let mut names = names;
        for i in (1..names.len()).rev() {
            names.swap(i, rng.below(i + 1));
        }
        let mut n = names.into_iter();
        for (i, w) in content.into_iter().enumerate() {
            if seen.insert(w.to_string()) {
                words.push(w.to_string());
            }
            if i % 2 == 1 {
                if let Some(name) = n.next() {
                    words.push(name);
                }
            }
        }
        words.extend(n);
        Vocabulary {
            words,
            content_from,
        }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        &self.words[rng.zipf(self.words.len())]
    }

    fn content_word(&self, rng: &mut Rng) -> &str {
        let n = self.words.len() - self.content_from;
        &self.words[self.content_from + rng.zipf(n)]
    }
}

fn capitalize(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn slug(title: &str) -> String {
    title
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Writes one sentence of `min..=max` words with occasional inline styles.
fn sentence(out: &mut String, v: &Vocabulary, rng: &mut Rng, min: usize, max: usize) {
    let n = min + rng.below(max - min + 1);
    for i in 0..n {
        let w = v.word(rng);
        if i > 0 {
            out.push(' ');
        }
        let w = if i == 0 { capitalize(w) } else { w.to_string() };
        match rng.below(40) {
            0 => {
                let _ = write!(out, "**{w}**");
            }
            1 => {
                let _ = write!(out, "*{w}*");
            }
            2 => {
                let _ = write!(out, "`{w}`");
            }
            3 if i + 1 < n => {
                let _ = write!(out, "{w},");
            }
            4 => {
                let _ = write!(out, "{}", 1 + rng.zipf(2000));
                out.push(' ');
                out.push_str(&w);
            }
            _ => out.push_str(&w),
        }
    }
    out.push('.');
}

fn title(v: &Vocabulary, rng: &mut Rng) -> String {
    let n = 3 + rng.below(5);
    let mut words: Vec<String> = Vec::with_capacity(n + 1);
    for i in 0..n {
        // Titles mix content words with the odd function word, like real ones.
        let w = if i > 0 && i + 1 < n && rng.chance(0.25) {
            v.words[rng.below(v.content_from)].clone()
        } else {
            capitalize(v.content_word(rng))
        };
        words.push(w);
    }
    if rng.chance(0.2) && n > 3 {
        let at = 1 + rng.below(n - 2);
        words[at].push(':');
    }
    words.join(" ")
}

/// Generates a notes file of `talks` talks, the same text for the same `seed`.
pub fn generate_notes(talks: usize, seed: u64) -> String {
    let v = Vocabulary::new();
    let mut rng = Rng(seed ^ 0xC0FF_EE00_D15E_A5E5);
    let mut seen: HashSet<String> = HashSet::with_capacity(talks);
    let titles: Vec<String> = (0..talks)
        .map(|i| {
            let t = title(&v, &mut rng);
            if seen.insert(slug(&t)) {
                t
            } else {
                format!("{t} (part {i})")
            }
        })
        .collect();
    let mut out = String::with_capacity(talks * 1200 + 512);
    let _ = writeln!(
        out,
        "# {} Conference {}\n",
        capitalize(v.content_word(&mut rng)),
        2000 + seed % 30
    );
    sentence(&mut out, &v, &mut rng, 10, 18);
    out.push_str("\n\n");
    for t in &titles {
        let _ = writeln!(out, "- [{t}](#{})", slug(t));
    }
    out.push('\n');
    for (i, t) in titles.iter().enumerate() {
        write_talk(&mut out, &v, &mut rng, i, t);
    }
    out
}

/// Generates a notes file of `talks` one-line talks (`## Talk N`, then a line of one word),
/// about 28 bytes a talk: the shape where what each talk costs, not its text, decides the
/// memory.
pub fn generate_one_line_notes(talks: usize, seed: u64) -> String {
    let v = Vocabulary::new();
    let mut rng = Rng(seed ^ 0x0E11_11E5);
    let mut out = String::with_capacity(talks * 28 + 64);
    let _ = writeln!(
        out,
        "# One-line talks {}
",
        2000 + seed % 30
    );
    for i in 1..=talks {
        let _ = writeln!(
            out,
            "## Talk {i}
"
        );
        out.push_str(&capitalize(v.content_word(&mut rng)));
        out.push_str(".\n\n");
    }
    out
}

fn write_talk(out: &mut String, v: &Vocabulary, rng: &mut Rng, i: usize, title: &str) {
    let s = slug(title);
    let _ = writeln!(out, "## {title}\n");
    let _ = write!(
        out,
        "[Conference page](https://conf.example.org/sessions/{i}-{s})"
    );
    if rng.chance(0.7) {
        let _ = write!(
            out,
            " · [Slides](https://speakerdeck.com/speaker{}/{s})",
            rng.below(5000)
        );
    }
    if rng.chance(0.5) {
        let id: String = (0..11)
            .map(|_| {
                char::from(
                    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
                        [rng.below(64)],
                )
            })
            .collect();
        let _ = write!(out, " · [Video](https://www.youtube.com/watch?v={id})");
    }
    out.push_str("\n\n");
    for _ in 0..1 + rng.below(3) {
        for k in 0..2 + rng.below(3) {
            if k > 0 {
                out.push(' ');
            }
            sentence(out, v, rng, 6, 16);
        }
        out.push_str("\n\n");
    }
    for _ in 0..3 + rng.below(3) {
        out.push_str("- ");
        sentence(out, v, rng, 3, 10);
        out.push('\n');
        if rng.chance(0.35) {
            out.push_str("  - ");
            sentence(out, v, rng, 3, 8);
            out.push('\n');
        }
    }
    out.push('\n');
    if rng.chance(0.4) {
        for k in 1..=2 + rng.below(2) {
            let _ = write!(out, "{k}. ");
            sentence(out, v, rng, 3, 8);
            out.push('\n');
        }
        out.push('\n');
    }
    if rng.chance(0.3) {
        let alt = format!("{} {}", v.content_word(rng), v.content_word(rng));
        let _ = writeln!(
            out,
            "![{alt}](https://images.example.org/{i}/{}.png)\n",
            rng.below(100)
        );
    }
    if rng.chance(0.15) {
        let lang = LANGS[rng.below(LANGS.len())];
        let _ = writeln!(out, "```{lang}");
        for _ in 0..2 + rng.below(3) {
            let _ = writeln!(
                out,
                "{}_{} = {}({})",
                v.content_word(rng),
                v.content_word(rng),
                v.content_word(rng),
                rng.below(100)
            );
        }
        out.push_str("```\n\n");
    }
    if rng.chance(0.4) {
        let repo = format!("{}-{}", v.content_word(rng), v.content_word(rng));
        let _ = writeln!(
            out,
            "Code: [GitHub](https://github.com/org{}/{repo})\n",
            rng.below(3000)
        );
    }
    out.push_str("---\n\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_text_other_seed_other_text() {
        assert_eq!(generate_notes(20, 7), generate_notes(20, 7));
        assert_ne!(generate_notes(20, 7), generate_notes(20, 8));
    }

    #[test]
    fn has_the_requested_number_of_talks_with_unique_titles() {
        let text = generate_notes(300, 1);
        let titles: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("## ")).collect();
        assert_eq!(titles.len(), 300);
        let unique: HashSet<&str> = titles.iter().copied().collect();
        assert_eq!(unique.len(), 300);
        assert_eq!(text.lines().filter(|l| l.starts_with("# ")).count(), 1);
        assert_eq!(text.lines().filter(|l| l.starts_with("- [")).count(), 300);
    }

    #[test]
    fn about_one_kilobyte_per_talk() {
        let per_talk = generate_notes(2000, 3).len() / 2000;
        assert!(
            (950..=1250).contains(&per_talk),
            "{per_talk} bytes per talk"
        );
    }

    #[test]
    fn one_line_talks_are_a_heading_and_a_line() {
        let text = generate_one_line_notes(1000, 2);
        let headings = text.lines().filter(|l| l.starts_with("## Talk ")).count();
        assert_eq!(headings, 1000);
        let per_talk = text.len() / 1000;
        assert!((20..=32).contains(&per_talk), "{per_talk} bytes per talk");
    }

    #[test]
    fn text_is_varied() {
        let text = generate_notes(500, 5);
        let words: HashSet<&str> = text.split_whitespace().collect();
        assert!(words.len() > 1500, "{} distinct words", words.len());
        let paragraphs: Vec<&str> = text.split("\n\n").collect();
        let unique: HashSet<&&str> = paragraphs.iter().collect();
        assert!(unique.len() * 10 > paragraphs.len() * 8);
    }

    #[test]
    fn vocabulary_has_thousands_of_words() {
        assert!(Vocabulary::new().words.len() > 2000);
    }
}
