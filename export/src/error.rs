//! Why an export failed, with the file or talk it failed on.

use std::path::PathBuf;
use thiserror::Error;

/// An export error, naming the file or talk involved.
#[derive(Debug, Error)]
pub enum ExportError {
    /// A font file could not be read or parsed.
    #[error("{path}: cannot use this font: {reason}")]
    Font {
        /// The font file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// A font could not be subset for embedding.
    #[error("cannot subset font {font}: {reason}")]
    Subset {
        /// The font's name.
        font: String,
        /// What went wrong.
        reason: String,
    },
    /// The PDF writer reported an error.
    #[error("cannot write the PDF for {what}: {reason}")]
    Pdf {
        /// The talk or file being written.
        what: String,
        /// What went wrong.
        reason: String,
    },
    /// An output file could not be written.
    #[error("{path}: cannot write: {reason}")]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error (in the message, not a separate source: printed once).
        reason: std::io::Error,
    },
}
