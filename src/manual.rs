//! The manual pages (roff, clap_mangen) and the shell completions (clap_complete), made from
//! the same clap definitions as the command line ([`crate::cli::Cli`]), so that they name
//! every subcommand and option that `--help` does.

use crate::cli::Cli;
use clap::CommandFactory;

/// The shells completions are written for.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    Bash,
    Zsh,
}

/// The command line's definition, as the pages and completions see it: without the `help`
/// subcommand (each command's `--help` stays).
fn command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The completion script for a shell.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut cmd = command();
    let mut out = Vec::new();
    match shell {
        Shell::Bash => {
            clap_complete::generate(clap_complete::Shell::Bash, &mut cmd, "kaoping", &mut out)
        }
        Shell::Zsh => {
            clap_complete::generate(clap_complete::Shell::Zsh, &mut cmd, "kaoping", &mut out)
        }
    }
    out
}

/// The main page, `kaoping.1`.
pub fn main_page() -> std::io::Result<Vec<u8>> {
    page(command())
}

/// Every page with its file name: `kaoping.1` first, then one per subcommand, nested ones
/// included (`kaoping-score.1`, `kaoping-findings.1`, `kaoping-findings-apply.1`, …),
/// hidden ones left out.
pub fn pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    fn walk(cmd: &clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
        let name = format!("{}.1", cmd.get_display_name().unwrap_or(cmd.get_name()));
        out.push((name, page(cmd.clone())?));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, out)?;
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(&command(), &mut out)?;
    Ok(out)
}

/// One page, dated with the build date (the same bytes for the same build).
fn page(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .date(crate::build_info().date)
        .manual("kaoping 考评")
        .render(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_is_a_page_for_every_visible_subcommand() {
        let pages = pages().unwrap();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names[0], "kaoping.1");
        for sub in command().get_subcommands() {
            let file = format!("kaoping-{}.1", sub.get_name());
            assert!(names.contains(&file.as_str()), "{file} in {names:?}");
        }
        assert!(names.contains(&"kaoping-findings-apply.1"), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
        assert_eq!(pages[0].1, main_page().unwrap());
    }
}
