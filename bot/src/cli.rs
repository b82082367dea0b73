//! Command-line interface: `talkbot run`, `console`, `ask`, `talks` and `check`.

use crate::discord::{self, BotState};
use crate::handout::{self, Handouts};
use crate::meaning::{self, ProgressReport};
use crate::settings::BotSettings;
use crate::{ask, console, digest, listing, reload};
use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use talk_notes::load::{load_notes, load_notes_to_answer, LoadedNotes};
use talk_notes::search::TalkIndex;
use talk_notes::{check_paths, explain_notes, Library, ParseOptions, Severity};

/// Answers questions about conference talks, from your Markdown notes.
#[derive(Debug, Parser)]
#[command(name = "talkbot", version, about)]
pub struct Cli {
    /// Configuration file, read after config/default.toml and before TALKBOT_* variables.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the talks found in the notes.
    Talks {
        /// Where to read notes from.
        #[command(flatten)]
        notes: NotesArgs,
        /// Print JSON (a list of talks) instead of text.
        #[arg(long)]
        json: bool,
        /// Also list the parts of the notes that are not talks (introduction, contents,
        /// programme, days, closing thoughts, other), each with its `kind`, in file order.
        #[arg(long)]
        sections: bool,
        /// Show, for every heading, what it was taken for (talk, group, introduction,
        /// closing, part of a talk, ...) and the evidence that decided.
        #[arg(long, conflicts_with = "sections")]
        explain: bool,
    },
    /// Find the talks that answer a question (typos, partial words and questions welcome).
    Ask {
        /// Where to read notes from.
        #[command(flatten)]
        notes: NotesArgs,
        /// Print JSON (`{"query", "results", "suggestion", "confidence"}`) instead of text.
        #[arg(long)]
        json: bool,
        /// Most talks to show.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        /// The question.
        #[arg(required = true, num_args = 1.., value_name = "QUERY")]
        query: Vec<String>,
    },
    /// Connect to Discord and answer there until SIGINT or SIGTERM.
    Run {
        /// Where to read notes from.
        #[command(flatten)]
        notes: NotesArgs,
    },
    /// Answer commands (`/talk kubernetes`) or plain questions from standard input, offline.
    Console {
        /// Where to read notes from.
        #[command(flatten)]
        notes: NotesArgs,
        /// Print one JSON object per input line.
        #[arg(long)]
        json: bool,
    },
    /// Print the digest that would be posted (from the notes, the state file and the date).
    Digest {
        /// Where to read notes from.
        #[command(flatten)]
        notes: NotesArgs,
        /// The day, YYYY-MM-DD (default: today in digest.timezone).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<chrono::NaiveDate>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Lint notes files: broken anchors, talks missing from the table of contents, bad links.
    Check {
        /// Where to read notes from.
        #[command(flatten)]
        notes: NotesArgs,
        /// Print JSON (a list of findings) instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// The `--notes` option shared by subcommands.
#[derive(Debug, Args)]
pub struct NotesArgs {
    /// A notes file or a folder of .md files; repeat for several. Default: notes.paths.
    #[arg(long = "notes", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

impl NotesArgs {
    /// The search index over the notes these arguments (or the configuration) name.
    fn index(&self, settings: &BotSettings) -> Result<TalkIndex> {
        let library = load_to_answer(&self.resolve(settings), &settings.notes.parse_options())?;
        Ok(crate::index_memory::build_index(library))
    }

    /// The paths given, or the configured ones.
    fn resolve(&self, settings: &BotSettings) -> Vec<PathBuf> {
        if self.paths.is_empty() {
            settings.notes.paths.clone()
        } else {
            self.paths.clone()
        }
    }
}

/// Loads the notes, logging a warning for each entry of a folder that could not be read.
fn load(paths: &[PathBuf], options: &ParseOptions) -> Result<Library> {
    warn_skipped(load_notes(paths, options)?)
}

/// Loads the notes as [`load`] does, without what only `check` reads (the headings' anchors,
/// the table of contents): for the index that answers questions.
fn load_to_answer(paths: &[PathBuf], options: &ParseOptions) -> Result<Library> {
    warn_skipped(load_notes_to_answer(paths, options)?)
}

/// The library, once a warning is logged for each entry of a folder that could not be read.
fn warn_skipped(loaded: LoadedNotes) -> Result<Library> {
    for skipped in &loaded.skipped {
        tracing::warn!("skipped: {skipped}");
    }
    Ok(loaded.library)
}

/// Runs a parsed command line, writing to `out`; the exit code says whether it went well.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<ExitCode> {
    let settings = BotSettings::load(cli.config.as_deref())?;
    let options = settings.notes.parse_options();
    match cli.command {
        Command::Talks {
            notes,
            json,
            sections,
            explain,
        } => {
            if explain {
                let files = explain_notes(&notes.resolve(&settings), &options)?;
                if json {
                    serde_json::to_writer_pretty(&mut *out, &listing::explained_entries(&files))
                        .context("writing JSON")?;
                    writeln!(out)?;
                } else {
                    write!(out, "{}", listing::render_explanation(&files))?;
                }
                return Ok(ExitCode::SUCCESS);
            }
            let library = load(&notes.resolve(&settings), &options)?;
            if json && sections {
                serde_json::to_writer_pretty(&mut *out, &listing::all_entries(&library))
                    .context("writing JSON")?;
                writeln!(out)?;
            } else if json {
                serde_json::to_writer_pretty(&mut *out, &listing::entries(&library))
                    .context("writing JSON")?;
                writeln!(out)?;
            } else {
                write!(out, "{}", listing::render_text(&library, sections))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Ask {
            notes,
            json,
            limit,
            query,
        } => {
            let index = Arc::new(notes.index(&settings)?);
            let meaning = meaning::service_from(&settings.search.embeddings)?;
            if let Some(service) = &meaning {
                service.build_now(&index, terminal_progress());
            }
            let reply = meaning::with_notes(meaning.as_deref(), &index, |n| {
                ask::ask_in(n, &query.join(" "), limit)
            });
            if json {
                serde_json::to_writer_pretty(&mut *out, &reply).context("writing JSON")?;
                writeln!(out)?;
            } else {
                write!(out, "{}", ask::render_text(&reply))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Run { notes } => {
            // Settings that can never connect stop the start, rather than a retry for ever.
            settings.discord.validate()?;
            // /handout makes PDFs as talk-export does; a font that cannot be read stops the
            // start rather than every /handout.
            let export = settings.export.options()?;
            talk_export::Exporter::new(export.clone())
                .context("configuration: key `export.fonts` (fix or remove the font)")?;
            let handouts = Handouts::with_options(
                handout::CONCURRENT_RENDERS,
                handout::CACHED_PDF_BYTES,
                export,
            );
            let paths = notes.resolve(&settings);
            let library = load_to_answer(&paths, &options)?;
            tracing::info!(talks = library.talk_count(), "notes loaded");
            let meaning = meaning::service_from(&settings.search.embeddings)?;
            let state = Arc::new(
                BotState::new(
                    crate::index_memory::build_index(library),
                    settings.discord.guild_ids.clone(),
                    settings.digest.clone(),
                )
                .with_meaning(meaning)
                .with_handouts(handouts),
            );
            let interval = settings
                .notes
                .watch_interval_ms
                .map_or(reload::DEFAULT_INTERVAL, Duration::from_millis);
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            let served = runtime.block_on(async {
                if !interval.is_zero() {
                    tokio::spawn(reload::watch(paths, options, state.clone(), interval));
                }
                discord::run(&settings.discord, &settings.digest, state).await
            });
            // Tasks still running (a render, a reconnect) must not hold the exit.
            runtime.shutdown_timeout(discord::SHUTDOWN_GRACE);
            served?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Console { notes, json } => {
            let index = Arc::new(notes.index(&settings)?);
            let meaning = meaning::service_from(&settings.search.embeddings)?;
            let stdin = std::io::stdin();
            if let Some(service) = &meaning {
                // Typed questions are answered by words until the vectors are ready; piped
                // questions (a batch) wait for them.
                if std::io::IsTerminal::is_terminal(&stdin) {
                    service.start(Arc::clone(&index), ProgressReport::Quiet);
                } else {
                    service.build_now(&index, terminal_progress());
                }
            }
            console::run(
                &index,
                meaning.as_deref(),
                stdin.lock(),
                out,
                json,
                &settings.digest,
                &settings.export.options()?,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Digest { notes, date, json } => {
            // The digest the bot would refuse to post is an error here too (exit 2).
            if settings.digest.enabled {
                settings.digest.validate()?;
            }
            let index = notes.index(&settings)?;
            let reply = digest::digest_command(&index, &settings.digest, date);
            if json {
                serde_json::to_writer_pretty(&mut *out, &reply).context("writing JSON")?;
                writeln!(out)?;
            } else {
                write!(out, "{}", reply.to_text())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { notes, json } => {
            let (library, findings) = check_paths(&notes.resolve(&settings), &options);
            let errors = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            if json {
                serde_json::to_writer_pretty(&mut *out, &findings).context("writing JSON")?;
                writeln!(out)?;
            } else {
                for finding in &findings {
                    writeln!(out, "{finding}")?;
                }
                writeln!(
                    out,
                    "{} files, {} talks: {} warnings, {errors} errors",
                    library.conferences.len(),
                    library.talk_count(),
                    findings.len() - errors
                )?;
            }
            Ok(if errors > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// A progress bar when standard error is a terminal, nothing otherwise.
fn terminal_progress() -> ProgressReport {
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        ProgressReport::Bar
    } else {
        ProgressReport::Quiet
    }
}
