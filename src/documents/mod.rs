//! The documents that leave headquarters, as .docx laid out as 公文 (GB/T 9704-2012): the
//! draft circular to all offices ([`circular`]) and each office's feedback with its score
//! sheet ([`feedback`]). Every number comes from the same [`crate::report::Report`] that
//! `score` prints ([`facts`]); the circular's sentences come from a text template
//! ([`template`]).
//!
//! [`write_circular`] and [`write_feedback`] print nothing, so that the UI can call them from
//! a worker thread; each file is written to a temporary file beside its target and renamed.

pub mod circular;
pub mod facts;
pub mod feedback;
pub mod gongwen;
pub mod order;
pub mod template;

pub use circular::{write_circular, CircularInfo, ListOrder};
pub use feedback::{write_feedback, FeedbackInfo};
pub use template::Template;

use std::path::Path;

/// The ending of a document written where the user says.
pub const DOCX_SUFFIX: &str = ".docx";
/// The ending of a document written into the folder of returns (kaoping's own).
pub const OWN_DOCX_SUFFIX: &str = ".kaoping.docx";

/// What both documents need besides the report.
#[derive(Debug, Clone, Copy)]
pub struct DocInfo<'a> {
    /// The document's author (docProps/core.xml).
    pub author: &'a str,
    /// The date the document bears (成文日期).
    pub date: chrono::NaiveDate,
}

#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// Bad usage: a file name not ending in .docx, an office without a usable return.
    #[error("{0}")]
    Refused(String),
    /// The template cannot be filled (an unknown placeholder, one that cannot be filled).
    #[error("{0}")]
    Template(String),
    #[error("{}", crate::text::not_made(path, message))]
    Pack { path: String, message: String },
    #[error("{}", crate::text::not_written(path, source))]
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl DocError {
    /// A refusal or a template that cannot be filled: bad usage (exit 2), nothing written.
    pub fn is_usage(&self) -> bool {
        matches!(self, DocError::Refused(_) | DocError::Template(_))
    }
}

/// The description in the document's properties: kaoping and its build (version, commit,
/// date), e.g. `kaoping 0.1.0 (1a2b3c4 2026-05-02) 生成`.
pub fn description() -> String {
    format!("kaoping {} 生成", crate::build_info())
}

/// Packs a laid-out document with its properties.
fn finish(g: gongwen::Gongwen, info: &DocInfo, title: &str) -> Result<Vec<u8>, DocError> {
    let date = info.date.format("%Y-%m-%d").to_string();
    let props = gongwen::Props {
        title,
        author: info.author,
        description: &description(),
        date: &date,
    };
    g.finish(&props).map_err(|message| DocError::Pack {
        path: title.to_string(),
        message,
    })
}

fn check_docx_name(out: &Path) -> Result<(), DocError> {
    if out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
    {
        Ok(())
    } else {
        Err(DocError::Refused(format!(
            "{}: 文件名应以 .docx 结尾",
            out.display()
        )))
    }
}

/// Writes through a temporary file beside `out`, renamed into place (the export's
/// [`crate::export::write_atomic`]: the usual mode of a new file and the folder's group).
fn write_file(out: &Path, bytes: &[u8]) -> Result<(), DocError> {
    crate::export::write_atomic(out, bytes).map_err(|source| DocError::Io {
        path: out.display().to_string(),
        source,
    })
}
