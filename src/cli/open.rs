//! `open`: the terminal UI ([`crate::tui`]), or the ranking when standard output is not a
//! terminal.

use super::common::{folder_arg, load_data};
use super::{code, exit, scoring::score, CliError, Format, OpenArgs, Outcome};
use std::io;

pub(super) fn open(a: &OpenArgs, lang: crate::tui::strings::Lang) -> Outcome {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        return score(
            &a.data,
            std::slice::from_ref(&a.dir),
            Format::Table,
            &a.compare,
        );
    }
    let data = load_data(&a.data)?;
    folder_arg(&a.dir)?;
    let previous = a.compare.read(&data)?;
    let opts = crate::tui::app::Options {
        lang,
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        ascii: a.ascii,
        watch: !a.no_watch,
    };
    match crate::tui::run(data, &a.dir, opts, a.read_only, previous) {
        Ok(()) => Ok(code(exit::OK)),
        Err(e @ crate::tui::RunError::Folder(_)) => Err(CliError::Usage(e.to_string())),
        Err(e) => Err(CliError::Failed(e.to_string())),
    }
}
