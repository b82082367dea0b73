//! Where the memory of `talkbot ask` goes: live heap bytes after each stage (reading the notes,
//! parsing them, building the index, answering, searching the sections) and the peak during
//! each, counted by a wrapping allocator, with the process's peak resident size:
//! `cargo run --release -p talk-notes --example memory -- big.md`.

use talk_notes::heap_count::{live, reset_peak, CountingAlloc};
use talk_notes::model::{Block, StyledText};
use talk_notes::search::TalkIndex;
use talk_notes::{parse_conference_to_answer, read_notes, Library, ParseOptions};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

/// A line of `/proc/self/status` in MB (`VmHWM`, `VmRSS`), 0 where there is none.
fn status_mb(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| {
            l.strip_prefix(key)?
                .trim_start_matches(':')
                .trim()
                .strip_suffix(" kB")
        })
        .and_then(|kb| kb.trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

/// Prints the live heap, the peak since the last stage and the resident size, per Markdown byte.
fn stage(name: &str, markdown: usize) {
    let live = live();
    let peak = reset_peak();
    println!(
        "{name:<28} live {:>7.1} MB ({:>4.2}x)  peak {:>7.1} MB ({:>4.2}x)  RSS {:>6.1} MB, max {:>6.1} MB",
        mb(live),
        live as f64 / markdown as f64,
        mb(peak),
        peak as f64 / markdown as f64,
        status_mb("VmRSS"),
        status_mb("VmHWM"),
    );
}

/// What the parsed model holds, by kind (sizes of the values, not counting allocator rounding).
#[derive(Default, Debug)]
struct Census {
    blocks: usize,
    spans: usize,
    styled_texts: usize,
    span_text: usize,
    span_heap: usize,
    links: usize,
    items: usize,
    other_text: usize,
}

impl Census {
    fn spans(&mut self, spans: &StyledText) {
        self.spans += spans.len();
        self.styled_texts += 1;
        self.span_text += spans.text().len();
        self.span_heap += spans.heap_bytes();
        self.links += spans.iter().filter(|s| s.link.is_some()).count();
    }

    fn blocks(&mut self, blocks: &[Block]) {
        self.blocks += blocks.len();
        for block in blocks {
            match block {
                Block::Heading { spans, .. } | Block::Paragraph { spans } => self.spans(spans),
                Block::List(list) => {
                    self.items += list.items.len();
                    list.items.iter().for_each(|i| self.blocks(&i.blocks))
                }
                Block::Quote { blocks } => self.blocks(blocks),
                Block::Table(table) => {
                    for row in std::iter::once(&table.header).chain(&table.rows) {
                        row.iter().for_each(|c| self.spans(c));
                    }
                }
                Block::Code { text, lang } => {
                    self.other_text += text.len() + lang.as_ref().map_or(0, |l| l.len())
                }
                Block::Image(image) => {
                    self.other_text +=
                        image.alt.capacity() + image.url.capacity() + image.title.capacity()
                }
                Block::Rule => {}
            }
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let mut library = Library::default();
    let mut markdown = 0;
    stage("start", 1);
    for path in &paths {
        let text = read_notes(path)?;
        markdown += text.len();
        stage("read", markdown);
        // As `talkbot ask` loads: the text is freed once its blocks are read, and what only
        // the checks read is not kept.
        library.conferences.push(parse_conference_to_answer(
            text,
            path,
            &ParseOptions::default(),
        ));
        stage("parsed", markdown);
    }
    let mut census = Census::default();
    let mut talk_bytes = 0;
    for (_, talk) in library.talks() {
        census.blocks(&talk.blocks);
        talk_bytes += std::mem::size_of::<talk_notes::Talk>()
            + talk.title.capacity()
            + talk.slug.capacity()
            + talk.speaker.as_ref().map_or(0, |s| s.capacity())
            + talk.group.as_ref().map_or(0, |s| s.capacity())
            + talk.title_url.as_ref().map_or(0, |s| s.capacity())
            + talk.links.capacity() * std::mem::size_of::<talk_notes::Link>()
            + talk.links.iter().map(|l| l.heap_bytes()).sum::<usize>();
    }
    let mut conference_bytes = 0;
    for conference in &library.conferences {
        conference_bytes += conference
            .anchors
            .iter()
            .map(|a| std::mem::size_of_val(a) + a.text().len() + a.slug().len())
            .sum::<usize>()
            + conference.toc.as_ref().map_or(0, |t| {
                t.entries
                    .iter()
                    .map(|e| std::mem::size_of_val(e) + e.text().len() + e.anchor().len())
                    .sum()
            });
        for section in &conference.sections {
            census.blocks(&section.blocks);
        }
    }
    println!(
        "model: talks' own fields and links {:.1} MB, anchors and table of contents {:.1} MB, {} list items, code and image text {:.1} MB",
        mb(talk_bytes),
        mb(conference_bytes),
        census.items,
        mb(census.other_text),
    );
    println!(
        "model: {} talks, {} blocks ({} B each), {} spans in {} styled texts ({} B each), span text {:.1} MB, text and run tables on the heap {:.1} MB, {} linked spans",
        library.talk_count(),
        census.blocks,
        std::mem::size_of::<Block>(),
        census.spans,
        census.styled_texts,
        std::mem::size_of::<StyledText>(),
        mb(census.span_text),
        mb(census.span_heap),
        census.links,
    );
    let index = TalkIndex::build(library);
    stage("indexed", markdown);
    println!("index heap_bytes(): {:.1} MB", mb(index.heap_bytes()));
    let answer = index.search("kubernetes operators", 5);
    stage("answered", markdown);
    // As `talkbot ask` does for the parts of the notes that are not talks (built on first use).
    let _ = index.search_sections("kubernetes operators");
    stage("sections searched", markdown);
    println!("{} results", answer.results.len());
    Ok(())
}
