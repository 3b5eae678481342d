//! `completions` and `man`: the shell completions and the manual pages ([`crate::manual`]).

use super::{code, exit, CliError, CompletionsArgs, ManArgs, Outcome};
use std::io::{self, Write};

pub(super) fn completions(a: &CompletionsArgs, lang: crate::tui::strings::Lang) -> Outcome {
    let mut out = io::stdout().lock();
    out.write_all(&crate::manual::completions(a.shell, lang))?;
    out.flush()?;
    Ok(code(exit::OK))
}

pub(super) fn man(a: &ManArgs, lang: crate::tui::strings::Lang) -> Outcome {
    let Some(dir) = &a.out else {
        let page = crate::manual::main_page(lang)?;
        let mut out = io::stdout().lock();
        out.write_all(&page)?;
        out.flush()?;
        return Ok(code(exit::OK));
    };
    let failed = |p: &std::path::Path, e: io::Error| {
        CliError::Failed(crate::text::not_written(&p.display().to_string(), &e))
    };
    std::fs::create_dir_all(dir).map_err(|e| failed(dir, e))?;
    let mut out = io::stdout().lock();
    for (name, page) in crate::manual::pages(lang)? {
        let path = dir.join(name);
        std::fs::write(&path, page).map_err(|e| failed(&path, e))?;
        writeln!(
            out,
            "{}",
            crate::text::sanitize(&path.display().to_string())
        )?;
    }
    out.flush()?;
    Ok(code(exit::OK))
}
