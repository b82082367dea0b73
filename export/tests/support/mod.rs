//! What the PDF tests share: the talks they export and the reading of the PDFs back.
//!
//! Each test file uses its own part of it, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod read_pdf;
pub mod talks;
