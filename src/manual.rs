//! The manual pages (roff, clap_mangen) and the shell completions (clap_complete), made from
//! the same clap definitions as the command line ([`crate::cli::Cli`]), so that they name
//! every subcommand and option that `--help` does, in the language of `--lang` (Chinese by
//! default, [`crate::cli::help::command`]).

use crate::tui::strings::Lang;

/// The shells completions are written for.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    Bash,
    Zsh,
}

/// The command line's definition, as the pages and completions see it: without the `help`
/// subcommand (each command's `--help` stays).
fn command(lang: Lang) -> clap::Command {
    let mut cmd = crate::cli::help::command(lang).disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The completion script for a shell (its descriptions in the language).
pub fn completions(shell: Shell, lang: Lang) -> Vec<u8> {
    let mut cmd = command(lang);
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
pub fn main_page(lang: Lang) -> std::io::Result<Vec<u8>> {
    page(command(lang), lang)
}

/// Every page with its file name: `kaoping.1` first, then one per subcommand, nested ones
/// included (`kaoping-score.1`, `kaoping-findings.1`, `kaoping-findings-apply.1`, …),
/// hidden ones left out.
pub fn pages(lang: Lang) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    fn walk(
        cmd: &clap::Command,
        lang: Lang,
        out: &mut Vec<(String, Vec<u8>)>,
    ) -> std::io::Result<()> {
        let name = format!("{}.1", cmd.get_display_name().unwrap_or(cmd.get_name()));
        out.push((name, page(cmd.clone(), lang)?));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, lang, out)?;
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(&command(lang), lang, &mut out)?;
    Ok(out)
}

/// One page, dated with the build date (the same bytes for the same build).
fn page(cmd: clap::Command, lang: Lang) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .date(crate::build_info().date)
        .manual("kaoping 考评")
        .render(&mut out)?;
    let roff = String::from_utf8(out).map_err(std::io::Error::other)?;
    Ok(sections(&roff, lang).into_bytes())
}

/// The section headings clap_mangen writes, and what a page in the language calls them.
fn heading(name: &str, lang: Lang) -> String {
    let zh = match name {
        "NAME" => "名称",
        "SYNOPSIS" => "用法",
        "DESCRIPTION" => "描述",
        "OPTIONS" => "选项",
        "EXTRA" => "说明",
        "EXIT STATUS" => "退出状态",
        "VERSION" => "版本",
        "AUTHORS" => "作者",
        other => other,
    };
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En if name.contains(' ') => format!("\"{name}\""),
        Lang::En => name.to_string(),
    }
}

/// clap_mangen's page made a manual page in the language: its section headings in that
/// language; the help's notes (clap_mangen's EXTRA) one line each, as `--help` shows them,
/// and their exit statuses in a section of their own (EXIT STATUS, 退出状态). In Chinese,
/// the text is left-aligned and may break between Chinese characters (`\:`, where
/// [`crate::cli::help`] breaks the help's lines), which groff does not do by itself.
fn sections(roff: &str, lang: Lang) -> String {
    // The line that gives them, and the words the heading makes redundant.
    let (exit_line, exit_words) = match lang {
        Lang::Zh => ("退出状态", "退出状态："),
        Lang::En => ("Exit status", "Exit status: "),
    };
    let mut out = String::new();
    let mut in_extra = false;
    // The EXTRA heading waits for its first line: the notes may be only exit statuses.
    let mut extra_pending = false;
    let mut extra_lines = 0;
    for line in roff.lines() {
        if let Some(name) = line.strip_prefix(".SH ") {
            in_extra = name == "EXTRA";
            extra_pending = in_extra;
            extra_lines = 0;
            if !in_extra {
                out.push_str(&format!(".SH {}\n", heading(name, lang)));
            }
            continue;
        }
        let text = !line.starts_with('.') && !line.starts_with('\'');
        let mut line = line.to_string();
        if in_extra && text {
            if line.starts_with(exit_line) {
                out.push_str(&format!(".SH {}\n", heading("EXIT STATUS", lang)));
                line = line.strip_prefix(exit_words).unwrap_or(&line).to_string();
                extra_pending = false;
                extra_lines = 0;
            } else {
                if extra_pending {
                    out.push_str(&format!(".SH {}\n", heading("EXTRA", lang)));
                    extra_pending = false;
                }
                if extra_lines > 0 && !line.starts_with(' ') {
                    out.push_str(".br\n");
                }
            }
            extra_lines += 1;
        }
        if lang == Lang::Zh && text {
            line = with_breaks(&line);
        }
        out.push_str(&line);
        out.push('\n');
        if lang == Lang::Zh && line.starts_with(".TH ") {
            out.push_str(".ad l\n.nh\n");
        }
    }
    out
}

/// A roff text line with a break point (`\:`) wherever the help may break a line.
fn with_breaks(line: &str) -> String {
    let mut out = String::with_capacity(line.len() * 2);
    let mut from = 0;
    for at in crate::cli::help::break_points(line) {
        out.push_str(&line[from..at]);
        out.push_str("\\:");
        from = at;
    }
    out.push_str(&line[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_is_a_page_for_every_visible_subcommand() {
        for lang in [Lang::Zh, Lang::En] {
            let pages = pages(lang).unwrap();
            let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names[0], "kaoping.1");
            for sub in command(lang).get_subcommands() {
                let file = format!("kaoping-{}.1", sub.get_name());
                assert!(names.contains(&file.as_str()), "{file} in {names:?}");
            }
            assert!(names.contains(&"kaoping-findings-apply.1"), "{names:?}");
            assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
            assert_eq!(pages[0].1, main_page(lang).unwrap());
        }
    }

    fn headings(page: &[u8]) -> Vec<String> {
        String::from_utf8_lossy(page)
            .lines()
            .filter_map(|l| l.strip_prefix(".SH ").map(str::to_string))
            .collect()
    }

    #[test]
    fn chinese_pages_have_chinese_headings_and_break_points() {
        let pages = pages(Lang::Zh).unwrap();
        let score = &pages
            .iter()
            .find(|(n, _)| n == "kaoping-score.1")
            .unwrap()
            .1;
        assert_eq!(
            headings(score),
            ["名称", "用法", "描述", "选项", "退出状态"]
        );
        let text = String::from_utf8_lossy(score);
        assert!(text.contains("导\\:入\\:自\\:评\\:表，"), "{text}");
        assert!(text.contains(".ad l"), "{text}");
        assert!(text.contains("［默认：table］"), "{text}");
        assert!(!text.contains("[default"), "{text}");
        let main = &pages[0].1;
        assert_eq!(
            headings(main),
            [
                "名称",
                "用法",
                "描述",
                "选项",
                "命令",
                "说明",
                "退出状态",
                "版本"
            ]
        );
        for (name, page) in &pages {
            let h = headings(page);
            assert!(h.iter().all(|h| !h.is_ascii()), "{name}: {h:?}");
            assert!(h.contains(&"退出状态".to_string()), "{name}: {h:?}");
        }
    }

    #[test]
    fn english_pages_keep_their_headings_with_an_exit_status_section() {
        let pages = pages(Lang::En).unwrap();
        for (name, page) in &pages {
            let h = headings(page);
            assert_eq!(h[..3], ["NAME", "SYNOPSIS", "DESCRIPTION"], "{name}");
            assert!(h.contains(&"\"EXIT STATUS\"".to_string()), "{name}: {h:?}");
            let text = String::from_utf8_lossy(page);
            assert!(!text.contains("\\:"), "{name}");
        }
        let adjust = &pages
            .iter()
            .find(|(n, _)| n == "kaoping-adjust.1")
            .unwrap()
            .1;
        let text = String::from_utf8_lossy(adjust);
        assert!(text.contains(".SH EXTRA\nExamples:\n"), "{text}");
    }
}
