//! The command line's language: its help, its usage errors, and (through
//! [`command`]) the man pages and the completions, in Chinese by default, in English with
//! `--lang en` or `KAOPING_LANG=en`.
//!
//! The English is clap's, from the derive in `src/cli/mod.rs` and `src/cli/args.rs`. The
//! Chinese is the same definition with the texts of [`super::zh`]; its help is rendered
//! here rather than by clap's template, because clap breaks lines only at spaces (a Chinese
//! sentence has none) and, without its `unicode` feature, counts a Chinese character as one
//! column: here a line breaks between Chinese characters (never before a closing or after
//! an opening mark, never inside a run of Latin letters and digits) and is measured in
//! terminal cells. clap's own words are replaced as well: 用法, 命令, 参数, 选项, `[选项]`, the help
//! and version flags, ［可选：…］［默认：…］ (from the argument's own definition), and the usage
//! errors ([`zh_error`]).

use super::{zh, Cli};
use crate::tui::strings::Lang;
use clap::builder::StyledStr;
use clap::error::ErrorKind;
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};
use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;

mod errors;
mod wrap;

use crate::text::width as cells;
use errors::zh_error;
pub(crate) use wrap::break_points;
use wrap::{shell_lines, wrap};

/// The environment variable that chooses the language when `--lang` is not given.
pub const LANG_VAR: &str = "KAOPING_LANG";

/// The language an environment value asks for: one starting with `en` (any case) is
/// English; any other, or none, Chinese.
pub fn lang_from_env(value: Option<&OsStr>) -> Lang {
    match value.and_then(OsStr::to_str) {
        Some(v) if v.trim().to_ascii_lowercase().starts_with("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// The language of a command line, before clap reads it (so that its help and its errors
/// are already in that language): the last `--lang zh|en` or `--lang=zh|en` before a `--`,
/// else the environment's ([`lang_from_env`]).
pub fn lang_of_args(args: &[OsString], env: Option<&OsStr>) -> Lang {
    let mut given = None;
    let mut it = args.iter().skip(1).map(|a| a.to_str());
    while let Some(a) = it.next() {
        let value = match a {
            Some("--") => break,
            Some("--lang") => it.next().flatten(),
            Some(a) => a.strip_prefix("--lang="),
            None => None,
        };
        match value {
            Some("zh") => given = Some(Lang::Zh),
            Some("en") => given = Some(Lang::En),
            _ => {}
        }
    }
    given.unwrap_or_else(|| lang_from_env(env))
}

/// Reads the command line (`std::env::args_os`), or prints the help, the version or the
/// usage error in its language and exits (0 for help and version, 2 for a usage error).
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = lang_of_args(&args, std::env::var_os(LANG_VAR).as_deref());
    let mut cmd = command(lang);
    let result = cmd
        .try_get_matches_from_mut(&args)
        .and_then(|mut m| Cli::from_arg_matches_mut(&mut m).map_err(|e| e.format(&mut cmd)));
    let e = match result {
        Ok(cli) => return cli,
        Err(e) => e,
    };
    if lang == Lang::En {
        e.exit()
    }
    if let Some(text) = zh_error(&e) {
        eprint!("{text}");
        std::process::exit(e.exit_code())
    }
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        // The Chinese help is laid out only when it is asked for (it takes a few ms):
        // the same command line again, with it.
        if let Err(help) = for_parsing(lang, term_width()).try_get_matches_from(&args) {
            help.exit()
        }
    }
    e.exit()
}

/// The command line's definition in a language, not yet built: the derive's in English;
/// in Chinese, the same commands and arguments with the texts of [`zh`], Chinese `-h` and
/// `-V`, and the possible values and defaults written into each argument's help (so that
/// the man pages and the completions have them too).
pub fn command(lang: Lang) -> Command {
    match lang {
        Lang::En => Cli::command(),
        Lang::Zh => translate(Cli::command(), ""),
    }
}

/// The definition that gives the help: built, and in Chinese with every command's help and
/// usage rendered for a terminal `width` cells wide.
fn for_parsing(lang: Lang, width: usize) -> Command {
    let mut cmd = command(lang);
    if lang == Lang::Zh {
        cmd.build();
        finish(&mut cmd, width);
    }
    cmd
}

fn child(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path} {name}")
    }
}

fn shared(id: &str) -> &'static str {
    zh::arg(None, id).map_or("", |a| a.1)
}

/// A command and its subcommands in Chinese.
fn translate(cmd: Command, path: &str) -> Command {
    let page = zh::page(path);
    let mut cmd = cmd
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(shared("help")),
        )
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    if let Some(p) = page {
        cmd = cmd
            .about(p.about)
            .long_about(None)
            .after_help(p.after)
            .after_long_help(None);
    }
    if path.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(shared("version")),
        );
    }
    cmd.mut_args(|a| translate_arg(a, page))
        .mut_subcommands(|s| {
            let p = child(path, s.get_name());
            translate(s, &p)
        })
}

/// An argument's Chinese help, with its possible values (each with its Chinese text) and
/// its default appended from its own definition; clap's English lists hidden.
fn translate_arg(a: Arg, page: Option<&'static zh::Page>) -> Arg {
    let Some((_, help, values)) = zh::arg(page, a.get_id().as_str()) else {
        return a;
    };
    let mut text = help.to_string();
    let takes_values = a.get_action().takes_values();
    if takes_values {
        let possible: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| {
                let name = v.get_name();
                match values.iter().find(|(n, _)| *n == name) {
                    Some((_, d)) => format!("{name} {d}"),
                    None => name.to_string(),
                }
            })
            .collect();
        if !possible.is_empty() {
            let _ = write!(text, "［可选：{}］", possible.join("；"));
        }
        let defaults: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        match defaults.join(" ").as_str() {
            "" => {}
            "." => text.push_str("［默认：当前文件夹］"),
            d => {
                let _ = write!(text, "［默认：{d}］");
            }
        }
    }
    let a = a.help(text).long_help(None);
    if takes_values {
        a.hide_default_value(true).hide_possible_values(true)
    } else {
        a
    }
}

/// Sets each command's Chinese usage and help (the tree is built).
fn finish(cmd: &mut Command, width: usize) {
    let usage = cmd
        .render_usage()
        .to_string()
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[选项]")
        .replace("COMMAND", "命令");
    edit(cmd, |c| c.override_usage(usage));
    for sub in cmd.get_subcommands_mut() {
        if sub.get_name() == "help" {
            edit(sub, |c| c.about(zh::HELP_SUBCOMMAND));
        }
    }
    let help = render(cmd, width);
    edit(cmd, |c| c.override_help(help));
    if cmd.get_name() == "help" {
        // Its subcommands are copies for the completions, never shown.
        return;
    }
    for sub in cmd.get_subcommands_mut() {
        finish(sub, width);
    }
}

fn edit(cmd: &mut Command, f: impl FnOnce(Command) -> Command) {
    *cmd = f(std::mem::take(cmd));
}

/// The width of the terminal on standard output, else `COLUMNS`, else 100 (as clap).
fn term_width() -> usize {
    if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size_of(std::io::stdout()) {
        if w > 0 {
            return w as usize;
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|w| *w > 0)
        .unwrap_or(100)
}

/// One row of a list: what is shown on the left (plain, and styled), and its help.
struct Row {
    left: String,
    styled: String,
    help: String,
}

/// A command's Chinese help, laid out for `width` cells.
fn render(cmd: &Command, width: usize) -> StyledStr {
    let styles = cmd.get_styles();
    let (header, literal) = (styles.get_header(), styles.get_literal());
    let mut out = String::new();
    if let Some(about) = cmd.get_about() {
        paragraphs(&mut out, &about.to_string(), width);
        out.push('\n');
    }
    let usage = cmd
        .get_overridden_usage()
        .map(|u| u.to_string())
        .unwrap_or_default();
    let _ = write!(out, "{header}用法：{header:#}");
    let lead = cells("用法：");
    for (i, line) in wrap(&usage, width.saturating_sub(lead).max(20))
        .iter()
        .enumerate()
    {
        if i > 0 {
            out.push_str(&" ".repeat(lead));
        }
        out.push_str(line);
        out.push('\n');
    }

    let mut subs: Vec<&Command> = cmd.get_subcommands().filter(|s| !s.is_hide_set()).collect();
    subs.sort_by_key(|s| (s.get_display_order(), s.get_name()));
    let rows: Vec<Row> = subs
        .iter()
        .map(|s| Row {
            left: s.get_name().to_string(),
            styled: format!("{literal}{}{literal:#}", s.get_name()),
            help: s.get_about().map(|a| a.to_string()).unwrap_or_default(),
        })
        .collect();
    section(&mut out, "命令", &rows, width, header);

    let shown = |a: &&Arg| !a.is_hide_set();
    let mut positionals: Vec<&Arg> = cmd.get_positionals().filter(shown).collect();
    positionals.sort_by_key(|a| a.get_index());
    let rows: Vec<Row> = positionals
        .iter()
        .map(|a| {
            let left = a.to_string();
            Row {
                styled: left.clone(),
                left,
                help: help_of(a),
            }
        })
        .collect();
    section(&mut out, "参数", &rows, width, header);

    // In their order of definition; -h and -V last, as clap has them.
    let mut options: Vec<&Arg> = cmd
        .get_arguments()
        .filter(|a| !a.is_positional())
        .filter(shown)
        .collect();
    let last = |a: &&Arg| matches!(a.get_action(), ArgAction::Help | ArgAction::Version);
    options.sort_by_key(|a| (last(a), a.get_display_order()));
    let rows: Vec<Row> = options.iter().map(|a| option_row(a, literal)).collect();
    section(&mut out, "选项", &rows, width, header);

    if let Some(after) = cmd.get_after_help() {
        out.push('\n');
        paragraphs(&mut out, &after.to_string(), width);
    }
    StyledStr::from(out)
}

fn help_of(a: &Arg) -> String {
    a.get_help().map(|h| h.to_string()).unwrap_or_default()
}

/// `-h, --help` or `    --format <FORMAT>`, as clap lays them out.
fn option_row(a: &Arg, literal: &clap::builder::styling::Style) -> Row {
    let long = a.get_long().map(|l| format!("--{l}"));
    let flags = match (a.get_short(), &long) {
        (Some(s), Some(l)) => format!("-{s}, {l}"),
        (Some(s), None) => format!("-{s}"),
        (None, Some(l)) => format!("    {l}"),
        (None, None) => String::new(),
    };
    // Arg's own display: `--format <FORMAT>` (its long name, then its values).
    let shown = a.to_string();
    let suffix = match &long {
        Some(l) => shown.strip_prefix(l.as_str()).unwrap_or("").to_string(),
        None => shown.trim_start_matches(|c| c != ' ').to_string(),
    };
    let styled_flags = match flags.strip_prefix("    ") {
        Some(rest) => format!("    {literal}{rest}{literal:#}"),
        None => format!("{literal}{flags}{literal:#}"),
    };
    Row {
        left: format!("{flags}{suffix}"),
        styled: format!("{styled_flags}{suffix}"),
        help: help_of(a),
    }
}

/// A list under its heading: the left column two cells in, the help beside it, wrapped;
/// or, where the left column takes more than 40 % of the width, the help on the next
/// lines, ten cells in (as clap does).
fn section(
    out: &mut String,
    heading: &str,
    rows: &[Row],
    width: usize,
    header: &clap::builder::styling::Style,
) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{header}{heading}：{header:#}");
    let longest = rows.iter().map(|r| cells(&r.left)).max().unwrap_or(0);
    let column = 2 + longest + 2;
    let beside = column * 5 <= width * 2;
    let indent = if beside { column } else { 10 };
    let room = width.saturating_sub(indent).max(10);
    for r in rows {
        let lines = wrap(&r.help, room);
        out.push_str("  ");
        out.push_str(&r.styled);
        let mut lines = lines.iter();
        if beside {
            if let Some(first) = lines.next() {
                out.push_str(&" ".repeat(column - 2 - cells(&r.left)));
                out.push_str(first);
            }
        }
        out.push('\n');
        for l in lines {
            out.push_str(&" ".repeat(indent));
            out.push_str(l);
            out.push('\n');
        }
    }
}

/// Each line of a text wrapped to `width`; a wrapped line's continuation keeps its indent; an
/// example command line (`kaoping …`) is never wrapped.
fn paragraphs(out: &mut String, text: &str, width: usize) {
    for line in text.lines() {
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        // A command line shown as an example is broken only between its words, with the
        // shell's ` \` at each break, so that it can still be copied and run.
        if body.starts_with("kaoping ") {
            for l in shell_lines(body, width.saturating_sub(indent).max(10)) {
                out.push_str(&" ".repeat(indent));
                out.push_str(&l);
                out.push('\n');
            }
            continue;
        }
        for l in wrap(body, width.saturating_sub(indent).max(10)) {
            out.push_str(&" ".repeat(indent));
            out.push_str(&l);
            out.push('\n');
        }
        if body.is_empty() {
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn has_han(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Every command below kaoping with its path (`findings apply`), `help` left out.
    fn commands() -> Vec<(String, Command)> {
        fn walk(cmd: &Command, path: &str, out: &mut Vec<(String, Command)>) {
            out.push((path.to_string(), cmd.clone()));
            for s in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                walk(s, &child(path, s.get_name()), out);
            }
        }
        let mut out = Vec::new();
        walk(&Cli::command(), "", &mut out);
        out
    }

    /// The table covers every command, every visible argument and each of its possible
    /// values, in Chinese; and it names nothing that is not there.
    #[test]
    fn the_chinese_table_covers_the_command_line_and_no_more() {
        let mut used_shared = BTreeSet::new();
        let mut pages = BTreeSet::new();
        for (path, cmd) in commands() {
            let page = zh::page(&path).unwrap_or_else(|| panic!("no Chinese page for {path:?}"));
            pages.insert(path.clone());
            assert!(has_han(page.about), "{path}: about");
            assert!(page.after.contains("退出状态"), "{path}: exit statuses");
            assert!(cmd.get_after_help().is_some(), "{path}: English after_help");
            assert!(
                cmd.get_after_help()
                    .unwrap()
                    .to_string()
                    .contains("Exit status"),
                "{path}: English exit statuses"
            );
            let ids: BTreeSet<&str> = cmd.get_arguments().map(|a| a.get_id().as_str()).collect();
            for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let id = a.get_id().as_str();
                let own = page.args.iter().find(|x| x.0 == id);
                if own.is_none() {
                    used_shared.insert(id.to_string());
                }
                let (_, help, values) =
                    zh::arg(Some(page), id).unwrap_or_else(|| panic!("{path}: no text for {id}"));
                assert!(has_han(help), "{path} {id}");
                if a.get_action().takes_values() {
                    for v in a.get_possible_values().iter().filter(|v| !v.is_hide_set()) {
                        let d = values.iter().find(|x| x.0 == v.get_name());
                        assert!(
                            d.is_some_and(|d| has_han(d.1)),
                            "{path} {id}: value {}",
                            v.get_name()
                        );
                    }
                    for (n, _) in values.iter() {
                        assert!(
                            a.get_possible_values().iter().any(|v| v.get_name() == *n),
                            "{path} {id}: no value {n}"
                        );
                    }
                } else {
                    assert!(values.is_empty(), "{path} {id}: takes no value");
                }
            }
            for (id, _, _) in page.args {
                assert!(ids.contains(id), "{path}: no argument {id}");
                let a = cmd.get_arguments().find(|a| a.get_id() == *id).unwrap();
                assert!(!a.is_hide_set(), "{path}: {id} is hidden");
            }
        }
        for p in zh::PAGES {
            assert!(
                pages.contains(p.path),
                "a page for no command: {:?}",
                p.path
            );
        }
        // help and version are clap's, and on every command (version on kaoping only).
        used_shared.extend(["help".to_string(), "version".to_string()]);
        for (id, help, _) in zh::SHARED {
            assert!(has_han(help), "{id}");
            assert!(
                used_shared.contains(*id),
                "a shared text for no argument: {id}"
            );
        }
        assert!(has_han(zh::HELP_SUBCOMMAND));
    }

    #[test]
    fn the_language_is_the_last_lang_before_a_double_dash_then_the_environment() {
        let args = |s: &str| -> Vec<OsString> { s.split(' ').map(OsString::from).collect() };
        let en = Some(OsStr::new("en_US.UTF-8"));
        assert_eq!(lang_of_args(&args("kaoping score x"), None), Lang::Zh);
        assert_eq!(lang_of_args(&args("kaoping score x"), en), Lang::En);
        assert_eq!(
            lang_of_args(&args("kaoping --lang en score"), None),
            Lang::En
        );
        assert_eq!(
            lang_of_args(&args("kaoping score --lang=en"), None),
            Lang::En
        );
        assert_eq!(lang_of_args(&args("kaoping score --lang zh"), en), Lang::Zh);
        assert_eq!(
            lang_of_args(&args("kaoping score -- --lang en"), None),
            Lang::Zh
        );
        assert_eq!(lang_of_args(&args("kaoping --lang fr"), en), Lang::En);
        assert_eq!(lang_from_env(Some(OsStr::new("EN"))), Lang::En);
        assert_eq!(lang_from_env(Some(OsStr::new("zh_CN.UTF-8"))), Lang::Zh);
        assert_eq!(lang_from_env(Some(OsStr::new(""))), Lang::Zh);
    }
}
