//! `talk-export`: writes PDF slides or handouts for the talks of conference notes, one PDF per
//! talk (or one for all with `--single-file`), through the [`talk_export`] library.
//!
//! Usage: `talk-export [--notes PATH]... [NOTES...] --out DIR [--layout L] [--talk QUERY]...
//! [--single-file] [--paper a4|letter] [--font PATH]... [--theme light|dark] [--offline]
//! [--allow-pictures-outside] [--picture-cache DIR] [--config FILE]` (`talk-export --help` explains each option).

use anyhow::{bail, Context, Result};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use talk_export::output::{file_stem, pdf_suffix, write_atomic, UniqueNames};
use talk_export::settings::ExportSettings;
use talk_export::{Exporter, Layout, Paper, PictureCounts, ThemeName};
use talk_notes::pick::{pick_talk, Pick};
use talk_notes::search::{Confidence, TalkIndex, TalkRef};
use talk_notes::talk_keys::talk_key;
use talk_notes::Library;
use talkbot_config::NotesSettings;

/// PDF slides (16:9) and printable handouts from the talks of conference notes.
#[derive(Debug, Parser)]
#[command(name = "talk-export", version)]
struct Cli {
    /// Notes file or folder of .md files (repeatable); defaults to notes.paths of the configuration.
    #[arg(long = "notes", value_name = "PATH")]
    notes: Vec<PathBuf>,
    /// More notes files or folders.
    #[arg(value_name = "NOTES")]
    positional: Vec<PathBuf>,
    /// Output folder (created if missing).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// slides, handout-1, handout-2, handout-3, handout-4 or handout-6 [default: slides].
    #[arg(long, value_parser = clap::value_parser!(Layout))]
    layout: Option<Layout>,
    /// Export only the talk this query names (repeatable): its slug, its title, or words the
    /// search finds it by, as the bot's `/talk` picks; an ambiguous or empty match is an error
    /// listing the candidates.
    #[arg(long = "talk", value_name = "QUERY")]
    talks: Vec<String>,
    /// Write one PDF for all talks, with an outline.
    #[arg(long)]
    single_file: bool,
    /// Paper of handout pages: a4 or letter [default: a4].
    #[arg(long, value_parser = clap::value_parser!(Paper))]
    paper: Option<Paper>,
    /// Fallback font file for characters DejaVu lacks (repeatable, tried in order).
    #[arg(long = "font", value_name = "PATH")]
    fonts: Vec<PathBuf>,
    /// light or dark [default: light].
    #[arg(long, value_parser = clap::value_parser!(ThemeName))]
    theme: Option<ThemeName>,
    /// Never fetch remote pictures: use the picture cache or draw placeholders.
    #[arg(long)]
    offline: bool,
    /// Also read local pictures outside the folder of their notes file (`../`, absolute paths,
    /// symbolic links out of it); without it they are placeholders with a warning.
    #[arg(long)]
    allow_pictures_outside: bool,
    /// Folder of the picture cache [default: ~/.cache/talk-export/pictures].
    #[arg(long, value_name = "DIR")]
    picture_cache: Option<PathBuf>,
    /// Configuration file, read after config/default.toml and before TALKBOT_* variables.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// The configuration sections `talk-export` reads.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct Settings {
    notes: NotesSettings,
    export: ExportSettings,
}

fn main() {
    match run() {
        Ok(()) => {}
        Err(error) => {
            eprintln!("talk-export: error: {error:#}");
            std::process::exit(1);
        }
    }
}

fn run() -> Result<()> {
    let cli = Cli::parse();
    let started = Instant::now();
    let settings: Settings =
        talkbot_config::load(cli.config.as_deref(), talk_export::settings::LIST_KEYS)?;
    settings.notes.validate()?;

    let mut paths = cli.notes.clone();
    paths.extend(cli.positional.iter().cloned());
    if paths.is_empty() {
        paths = settings.notes.paths.clone();
    }
    let out = cli
        .out
        .clone()
        .or(settings.export.out.clone())
        .context("no output folder: pass --out DIR (or set export.out in the configuration)")?;
    // The [export] settings (as the bot's /handout reads them), then the command line.
    let mut options = settings.export.options()?;
    options.layout = cli.layout.unwrap_or(options.layout);
    options.paper = cli.paper.unwrap_or(options.paper);
    options.theme = cli.theme.unwrap_or(options.theme);
    options.fallback_fonts.extend(cli.fonts.iter().cloned());
    options.created = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse().ok());
    options.pictures.offline |= cli.offline;
    if let Some(dir) = &cli.picture_cache {
        options.pictures.cache_dir = Some(dir.clone());
    }
    options.pictures.allow_outside = cli.allow_pictures_outside;
    let single_file = cli.single_file || settings.export.single_file.unwrap_or(false);

    // Entries of a notes folder that cannot be read are skipped and named in the summary.
    let loaded = talk_notes::load::load_notes(&paths, &settings.notes.parse_options())?;
    let skipped = loaded.skipped;
    let library = Arc::new(loaded.library);
    if library.talk_count() == 0 {
        bail!(
            "no talks found in {} (check the notes headings, or set notes.talk_level)",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let selected = if cli.talks.is_empty() {
        None
    } else {
        Some(select_talks(Arc::clone(&library), &cli.talks)?)
    };
    let wanted = |c: usize, t: usize| {
        selected.as_ref().is_none_or(|s| {
            s.contains(&TalkRef {
                conference: c,
                talk: t,
            })
        })
    };
    let exporter = Exporter::new(options)?;
    if out.exists() && !out.is_dir() {
        bail!(
            "{}: is a file, not a folder (give --out, or export.out, a folder for the PDFs)",
            out.display()
        );
    }
    std::fs::create_dir_all(&out).with_context(|| {
        format!(
            "{}: cannot create folder (give --out, or export.out, a folder you may write)",
            out.display()
        )
    })?;

    let layout = exporter.options().layout;
    let mut totals = Totals::default();
    if single_file {
        let name = if library.conferences.len() == 1 {
            folder_name(&library.conferences[0].file)
        } else {
            "talks".to_string()
        };
        let title = if library.conferences.len() == 1 {
            talk_export::slides::conference_name(&library.conferences[0])
        } else {
            "Conference talks".to_string()
        };
        let talks: Vec<_> = library
            .conferences
            .iter()
            .enumerate()
            .flat_map(|(c, conf)| {
                conf.talks
                    .iter()
                    .enumerate()
                    .map(move |(t, talk)| (c, t, conf, talk))
            })
            .filter(|(c, t, _, _)| wanted(*c, *t))
            .map(|(_, _, conf, talk)| (conf, talk))
            .collect();
        let count = talks.len();
        let path = out.join(format!("{name}{}", pdf_suffix(layout)));
        // Written as it is made: one talk's pages in memory at a time.
        let written = exporter.talks_to_file(&title, &talks, &path)?;
        report(
            &title,
            &written.missing_chars,
            &written.warnings,
            &mut totals.reported,
        );
        totals.pictures.add(written.pictures);
        totals.add(count, written.pages, written.size as usize);
    } else {
        let count = library
            .conferences
            .iter()
            .enumerate()
            .map(|(c, conf)| (0..conf.talks.len()).filter(|t| wanted(c, *t)).count())
            .sum::<usize>();
        // Drawn only when stderr is a terminal; hidden in pipes, logs and CI.
        let bar = ProgressBar::new(count as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} talks  {wide_msg}") {
            bar.set_style(style);
        }
        export_each(&exporter, &library, &wanted, &out, &bar, &mut totals);
        bar.finish_and_clear();
    }
    let p = totals.pictures;
    let pictures = if p.embedded() + p.missing == 0 {
        String::new()
    } else {
        format!(
            ", {} pictures ({} fetched, {} from cache, {} local, {} missing)",
            p.embedded() + p.missing,
            p.fetched,
            p.cached,
            p.local,
            p.missing
        )
    };
    let skipped_note = match skipped.len() {
        0 => String::new(),
        1 => ", 1 notes entry skipped:".to_string(),
        n => format!(", {n} notes entries skipped:"),
    };
    println!(
        "talk-export: {} talks, {} files, {} pages, {} bytes{pictures} in {:.2} s → {}{skipped_note}",
        totals.talks,
        totals.files,
        totals.pages,
        totals.bytes,
        started.elapsed().as_secs_f64(),
        out.display()
    );
    for entry in &skipped {
        println!("  skipped: {entry}");
    }
    if !totals.failed.is_empty() {
        bail!(
            "{} of {} talks could not be exported: {} (each error is printed above)",
            totals.failed.len(),
            totals.failed.len() + totals.talks,
            totals.failed.join(", ")
        );
    }
    Ok(())
}

#[derive(Default)]
struct Totals {
    talks: usize,
    files: usize,
    pages: usize,
    bytes: usize,
    pictures: PictureCounts,
    /// Talks that could not be exported, as “title” (file:line) (each error was reported
    /// when it happened).
    failed: Vec<String>,
    /// Warnings already printed (a picture used by two talks is reported once).
    reported: HashSet<String>,
}

impl Totals {
    fn add(&mut self, talks: usize, pages: usize, bytes: usize) {
        self.talks += talks;
        self.files += 1;
        self.pages += pages;
        self.bytes += bytes;
    }
}

/// One PDF per talk, streamed: each talk is laid out, written and dropped before the next.
/// A talk that cannot be made or written is reported (once) and counted in
/// `totals.failed`; the others are still exported.
fn export_each(
    exporter: &Exporter,
    library: &Library,
    wanted: &dyn Fn(usize, usize) -> bool,
    out: &Path,
    bar: &ProgressBar,
    totals: &mut Totals,
) {
    let layout = exporter.options().layout;
    let several = library.conferences.len() > 1;
    let mut folders = UniqueNames::new();
    for (c, conference) in library.conferences.iter().enumerate() {
        let count = (0..conference.talks.len())
            .filter(|t| wanted(c, *t))
            .count();
        if count == 0 {
            continue;
        }
        let dir = if several {
            let dir = out.join(folders.claim(&folder_name(&conference.file), ""));
            if let Err(error) = std::fs::create_dir_all(&dir) {
                bar.suspend(|| {
                    eprintln!(
                        "talk-export: error: {}: cannot create folder: {error}",
                        dir.display()
                    )
                });
                totals.failed.extend(
                    conference
                        .talks
                        .iter()
                        .enumerate()
                        .filter(|(t, _)| wanted(c, *t))
                        .map(|(_, talk)| failed_name(talk)),
                );
                bar.inc(count as u64);
                continue;
            }
            dir
        } else {
            out.to_path_buf()
        };
        let mut names = UniqueNames::new();
        for (i, talk) in conference.talks.iter().enumerate() {
            if !wanted(c, i) {
                continue;
            }
            let name = names.claim_talk(talk, layout);
            let written = exporter.talk(conference, talk).and_then(|rendered| {
                write_atomic(&dir.join(&name), &rendered.bytes).map(|()| rendered)
            });
            match written {
                Ok(rendered) => {
                    bar.suspend(|| {
                        report(
                            &talk.title,
                            &rendered.missing_chars,
                            &rendered.warnings,
                            &mut totals.reported,
                        )
                    });
                    totals.pictures.add(rendered.pictures);
                    totals.add(1, rendered.pages, rendered.bytes.len());
                }
                Err(error) => {
                    bar.suspend(|| {
                        eprintln!(
                            "talk-export: error: {}:{}: {}: {error}",
                            talk.file.display(),
                            talk.line,
                            talk.title
                        )
                    });
                    totals.failed.push(failed_name(talk));
                }
            }
            bar.set_message(name);
            bar.inc(1);
        }
    }
}

/// The talks picked by `queries`, by the rule the bot's `/talk` and `/handout` follow
/// ([`talk_notes::pick`]: a talk key, an exact slug or title, else the search). The search must
/// be sure: an empty or ambiguous answer is an error that lists the candidates.
fn select_talks(library: Arc<Library>, queries: &[String]) -> Result<Vec<TalkRef>> {
    let index = TalkIndex::build(library);
    let mut picked = Vec::new();
    for query in queries {
        let (response, same_name) = match pick_talk(&index, query, |q| index.search(q, 8)) {
            Pick::Exact(talk) => {
                picked.push(talk);
                continue;
            }
            Pick::Empty => bail!("--talk {query:?}: name a talk (a title, a slug or words of it)"),
            Pick::Searched {
                response,
                same_name,
            } => (response, same_name),
        };
        match (response.confidence, response.results.first()) {
            (Confidence::Clear, Some(best)) => picked.push(best.talk),
            (Confidence::Ambiguous, Some(only)) if response.results.len() == 1 => {
                picked.push(only.talk)
            }
            (Confidence::NoMatch, _) | (_, None) => {
                let hint = response
                    .suggestion
                    .map(|s| format!(" (did you mean {s:?}?)"))
                    .unwrap_or_default();
                bail!("--talk {query:?}: no talk matches{hint}");
            }
            _ => {
                let refs: Vec<TalkRef> = if same_name.is_empty() {
                    response.results.iter().map(|r| r.talk).collect()
                } else {
                    same_name
                };
                bail!(
                    "--talk {query:?} is ambiguous; candidates:{}",
                    candidates(&index, &refs)
                );
            }
        }
    }
    picked.sort();
    picked.dedup();
    Ok(picked)
}

/// One line per talk of `refs`: its title, conference and the `--talk` that names it (the slug,
/// or the talk key when another talk has the same slug).
fn candidates(index: &TalkIndex, refs: &[TalkRef]) -> String {
    let library = index.library();
    refs.iter()
        .filter_map(|r| index.talk(*r))
        .map(|(conf, talk)| {
            let shared = library.talks().filter(|(_, t)| t.slug == talk.slug).count() > 1;
            let name = if shared {
                talk_key(conf, talk)
            } else {
                talk.slug.clone()
            };
            format!("\n  {} ({}; --talk {name})", talk.title, conf.title)
        })
        .collect()
}

/// How the summary names a talk that could not be exported: “title” (file:line).
fn failed_name(talk: &talk_notes::Talk) -> String {
    format!("“{}” ({}:{})", talk.title, talk.file.display(), talk.line)
}

/// A folder or file name for a notes file: its stem, made safe and bounded.
fn folder_name(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    file_stem(&stem, "notes")
}

fn report(what: &str, missing: &[char], warnings: &[String], reported: &mut HashSet<String>) {
    if !missing.is_empty() {
        let list: Vec<String> = missing
            .iter()
            .map(|c| format!("U+{:04X} {c:?}", *c as u32))
            .collect();
        eprintln!(
            "talk-export: warning: {what}: no font has {} (drawn as \u{FFFD}; add a font with --font)",
            list.join(", ")
        );
    }
    for warning in warnings {
        if warning.starts_with("picture ") && !reported.insert(warning.clone()) {
            continue;
        }
        eprintln!("talk-export: warning: {what}: {warning}");
    }
}
