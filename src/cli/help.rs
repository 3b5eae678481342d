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
use crate::text::{sanitize, width};
use crate::tui::strings::Lang;
use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};
use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;

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
    if cmd.get_name() == "help" {
        let help = render(cmd, width);
        edit(cmd, |c| c.override_help(help));
        // Its subcommands are copies for the completions, never shown.
        return;
    }
    let help = render(cmd, width);
    edit(cmd, |c| c.override_help(help));
    for sub in cmd.get_subcommands_mut() {
        finish(sub, width);
    }
}

fn edit(cmd: &mut Command, f: impl FnOnce(Command) -> Command) {
    *cmd = f(std::mem::take(cmd));
}

/// The width of the terminal on standard output, else `COLUMNS`, else 100 (as clap).
fn term_width() -> usize {
    // SAFETY: TIOCGWINSZ fills the winsize it is given, and nothing else.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    if unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0 && ws.ws_col > 0
    {
        return ws.ws_col as usize;
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
    let lead = width_of("用法：");
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
    let longest = rows.iter().map(|r| width_of(&r.left)).max().unwrap_or(0);
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
                out.push_str(&" ".repeat(column - 2 - width_of(&r.left)));
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

/// A shell command line in lines of at most `width` cells where its words allow: each line
/// but the last ends in ` \\`, the continuations are indented by four spaces; a quoted
/// argument is one word.
fn shell_lines(cmd: &str, width: usize) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut quoted = false;
    for c in cmd.chars() {
        if c == ' ' && !quoted {
            words.push(String::new());
            continue;
        }
        if c == '"' {
            quoted = !quoted;
        }
        match words.last_mut() {
            Some(w) => w.push(c),
            None => words.push(c.to_string()),
        }
    }
    let mut lines: Vec<String> = vec![String::new()];
    for w in words.into_iter().filter(|w| !w.is_empty()) {
        let indent = if lines.len() > 1 { 4 } else { 0 };
        let last = lines.last().map(|l| width_of(l)).unwrap_or(0);
        if last > 0 && indent + last + 1 + width_of(&w) + 2 > width {
            lines.push(String::new());
        }
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&w);
    }
    let n = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let lead = if i > 0 { "    " } else { "" };
            let tail = if i + 1 < n { " \\" } else { "" };
            format!("{lead}{l}{tail}")
        })
        .collect()
}

fn width_of(s: &str) -> usize {
    width(s)
}

fn wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

/// Marks a line never starts with.
const CLOSING: &str = "，。、；：！？）》」』】〕〉］”’…％";
/// Marks a line never ends with.
const OPENING: &str = "（《「『【〔〈［“‘";

/// Whether a line may break between two characters that are not spaces: where one of them
/// is wide (Chinese), the other wide too or a letter or digit, with no closing mark after
/// the break, no opening mark before it, not after a colon before a name (［默认：table］)
/// nor inside a label (［可选：）; and after a comma in a list of names. `before` is the
/// character before `a`.
pub(crate) fn may_break(before: Option<char>, a: char, b: char) -> bool {
    if before == Some('［') {
        // ［可选：…］, ［默认：…］: the label stays whole.
        return false;
    }
    if a == ',' && b.is_ascii_alphabetic() {
        // A list of names (`rank,office,total`).
        return true;
    }
    if !(wide(a) || wide(b)) || CLOSING.contains(b) || OPENING.contains(a) {
        return false;
    }
    if a == '：' && b.is_ascii_alphanumeric() {
        // ［默认：table］ stays whole.
        return false;
    }
    (wide(a) || a.is_alphanumeric()) && (wide(b) || b.is_alphanumeric())
}

/// A line of text cut into lines of at most `width` cells: at spaces (dropped there) and
/// where [`may_break`] allows; a word longer than the width is cut where it must be.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    // Pieces that stay together; a run of spaces is a piece of its own.
    let mut pieces: Vec<String> = Vec::new();
    let (mut before, mut prev): (Option<char>, Option<char>) = (None, None);
    for c in text.chars() {
        let new = match prev {
            None => true,
            Some(p) => {
                (p == ' ') != (c == ' ') || (p != ' ' && c != ' ' && may_break(before, p, c))
            }
        };
        if new {
            pieces.push(String::new());
        }
        if let Some(last) = pieces.last_mut() {
            last.push(c);
        }
        (before, prev) = (prev, Some(c));
    }
    let mut lines: Vec<String> = vec![String::new()];
    let mut used = 0;
    for piece in pieces {
        let w = width_of(&piece);
        let space = piece.starts_with(' ');
        if used + w > width && used > 0 {
            lines.push(String::new());
            used = 0;
            if space {
                continue;
            }
        }
        if space && used == 0 && lines.len() > 1 {
            continue;
        }
        let Some(line) = lines.last_mut() else {
            break;
        };
        if w <= width - used {
            line.push_str(&piece);
            used += w;
            continue;
        }
        // Longer than a line: cut it.
        for c in piece.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + cw > width && used > 0 {
                lines.push(String::new());
                used = 0;
            }
            if let Some(line) = lines.last_mut() {
                line.push(c);
            }
            used += cw;
        }
    }
    for l in &mut lines {
        l.truncate(l.trim_end().len());
    }
    lines
}

/// A string from the error's context, sanitized.
fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => Some(sanitize(s)),
        _ => None,
    }
}

/// The strings of the error's context, sanitized.
fn texts(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![sanitize(s)],
        Some(ContextValue::Strings(v)) => v.iter().map(|s| sanitize(s)).collect(),
        _ => Vec::new(),
    }
}

fn number(e: &clap::Error, kind: ContextKind) -> Option<isize> {
    match e.get(kind) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    }
}

/// Why a value was refused by its parser, in Chinese where the parser is one of ours
/// (whole numbers, ranges); else its own words.
fn refusal(e: &clap::Error) -> String {
    let Some(source) = std::error::Error::source(e) else {
        return String::new();
    };
    if let Some(p) = source.downcast_ref::<std::num::ParseIntError>() {
        use std::num::IntErrorKind::*;
        return match p.kind() {
            Empty => "：不能为空",
            PosOverflow | NegOverflow => "：超出范围",
            _ => "：应为整数",
        }
        .to_string();
    }
    let said = source.to_string();
    match said
        .split_once(" is not in ")
        .and_then(|(_, r)| r.split_once("..="))
    {
        Some((lo, hi)) => format!("：应在 {lo} 至 {hi} 之间"),
        None => format!("：{}", sanitize(&said)),
    }
}

/// clap's tips, in Chinese (those it gives: a value that looks like an option, a `--`
/// before a subcommand, an option of a subcommand); others are left out.
fn tip(s: &str) -> Option<String> {
    let quoted: Vec<&str> = s.split('\'').skip(1).step_by(2).collect();
    if s.starts_with("to pass ") {
        Some(format!(
            "若要把 '{}' 当作值，请写成 '{}'",
            quoted.first()?,
            quoted.get(1)?
        ))
    } else if s.starts_with("subcommand ") {
        Some(format!(
            "有命令 '{}'；要用它，请去掉它前面的 '--'",
            quoted.first()?
        ))
    } else if s.ends_with("' exists") {
        Some(format!("有 '{}'", quoted.first()?))
    } else {
        None
    }
}

/// A usage error in Chinese: clap's error kind and context in Chinese words, then the
/// suggestions, the usage and where to read more, as clap lays them out. `None` for help
/// and version (printed as they are) and for kinds with no Chinese sentence.
pub(crate) fn zh_error(e: &clap::Error) -> Option<String> {
    use ContextKind as K;
    let arg = || text(e, K::InvalidArg);
    let msg = match e.kind() {
        ErrorKind::InvalidValue => {
            let (arg, value) = (arg()?, text(e, K::InvalidValue)?);
            let mut m = if value.is_empty() {
                format!("{arg} 需要一个值，但没有给出")
            } else {
                format!("'{value}' 不是 {arg} 的有效值")
            };
            let valid = texts(e, K::ValidValue);
            if !valid.is_empty() {
                let _ = write!(m, "［可选：{}］", valid.join("、"));
            }
            m
        }
        ErrorKind::ValueValidation => {
            let (arg, value) = (arg()?, text(e, K::InvalidValue)?);
            format!("'{value}' 不是 {arg} 的有效值{}", refusal(e))
        }
        ErrorKind::UnknownArgument => format!("未知的参数 '{}'", arg()?),
        ErrorKind::InvalidSubcommand => {
            format!("未知的命令 '{}'", text(e, K::InvalidSubcommand)?)
        }
        ErrorKind::NoEquals => {
            let arg = arg()?;
            format!("{arg} 的值须用等号给出（{arg}=…）")
        }
        ErrorKind::ArgumentConflict => {
            let prior = texts(e, K::PriorArg);
            match (arg(), text(e, K::InvalidSubcommand)) {
                (Some(a), _) if prior.len() == 1 && prior[0] == a => {
                    format!("{a} 只能给一次")
                }
                (Some(a), _) if !prior.is_empty() => {
                    format!("{a} 不能与 {} 同时使用", prior.join("、"))
                }
                (Some(a), _) => format!("{a} 不能与已给的其他参数同时使用"),
                (None, Some(s)) => format!("命令 {s} 不能与 {} 同时使用", prior.join("、")),
                (None, None) => return None,
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = texts(e, K::InvalidArg);
            if missing.is_empty() {
                return None;
            }
            format!("缺少必需的参数：{}", missing.join("、"))
        }
        ErrorKind::MissingSubcommand => {
            let mut m = format!("{} 需要一个命令", text(e, K::InvalidSubcommand)?);
            let valid = texts(e, K::ValidSubcommand);
            if !valid.is_empty() {
                let _ = write!(m, "［可选：{}］", valid.join("、"));
            }
            m
        }
        ErrorKind::TooManyValues => {
            format!("{} 多出了值 '{}'", arg()?, text(e, K::InvalidValue)?)
        }
        ErrorKind::TooFewValues => format!(
            "{} 至少需要 {} 个值，只给了 {} 个",
            arg()?,
            number(e, K::MinValues)?,
            number(e, K::ActualNumValues)?
        ),
        ErrorKind::WrongNumberOfValues => format!(
            "{} 需要 {} 个值，给了 {} 个",
            arg()?,
            number(e, K::ExpectedNumValues)?,
            number(e, K::ActualNumValues)?
        ),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文字".to_string(),
        _ => return None,
    };
    let mut out = format!("错误：{msg}\n");
    let mut tips: Vec<String> = Vec::new();
    let quoted = |v: Vec<String>| -> String {
        let v: Vec<String> = v.iter().map(|s| format!("'{s}'")).collect();
        v.join("、")
    };
    let subs = texts(e, K::SuggestedSubcommand);
    if !subs.is_empty() {
        tips.push(format!("是否想用命令 {}？", quoted(subs)));
    }
    let others: Vec<String> = texts(e, K::SuggestedArg)
        .into_iter()
        .chain(texts(e, K::SuggestedValue))
        .collect();
    if !others.is_empty() {
        tips.push(format!("是否想用 {}？", quoted(others)));
    }
    if let Some(ContextValue::StyledStrs(v)) = e.get(K::Suggested) {
        tips.extend(v.iter().filter_map(|s| tip(&sanitize(&s.to_string()))));
    }
    if !tips.is_empty() {
        out.push('\n');
        for t in tips {
            let _ = writeln!(out, "  提示：{t}");
        }
    }
    if let Some(ContextValue::StyledStr(u)) = e.get(K::Usage) {
        let u = u.to_string();
        let u = u
            .trim_start_matches("Usage:")
            .trim()
            .replace("[OPTIONS]", "[选项]")
            .replace("COMMAND", "命令");
        let _ = writeln!(out, "\n用法：{}", sanitize(&u));
    }
    out.push_str("\n更多信息请用 '--help'。\n");
    Some(out)
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

    #[test]
    fn an_example_command_breaks_between_words_with_a_backslash_and_rejoins() {
        let cmd = r#"kaoping adjust samples/2018 --office 广州海关 --indicator A3 --score 4 --reason "补充 佐证后核定""#;
        let lines = shell_lines(cmd, 40);
        assert!(lines.len() > 1, "{lines:?}");
        for l in &lines[..lines.len() - 1] {
            assert!(l.ends_with(" \\"), "{l}");
            assert!(width_of(l) <= 40, "{l}");
        }
        let joined: Vec<&str> = lines
            .iter()
            .map(|l| l.trim_end_matches(" \\").trim_start())
            .collect();
        assert_eq!(joined.join(" "), cmd);
        assert!(lines.iter().any(|l| l.contains(r#""补充 佐证后核定""#)));
        assert_eq!(
            shell_lines("kaoping man", 40),
            vec!["kaoping man".to_string()]
        );
    }

    #[test]
    fn chinese_wraps_between_characters_and_keeps_words_and_marks() {
        let t = "导入自评表，输出各单位的得分和名次（.xls/.xlsx）；默认为 indicators/2018.toml。";
        for w in [10, 16, 22, 33, 80] {
            let lines = wrap(t, w);
            assert_eq!(lines.concat().replace(' ', ""), t.replace(' ', ""), "{w}");
            for l in &lines {
                assert!(width(l) <= w, "{w}: {l}");
            }
            // Where the longest word fits, it is whole and the marks are in place.
            if w >= 22 {
                assert!(
                    lines.iter().any(|l| l.contains("indicators/2018.toml")),
                    "{w}: {lines:?}"
                );
                for l in &lines {
                    assert!(!CLOSING.contains(l.chars().next().unwrap()), "{w}: {l}");
                    assert!(!OPENING.contains(l.chars().last().unwrap()), "{w}: {l}");
                }
            }
        }
        assert_eq!(
            wrap("输出格式［默认：table］", 16),
            vec!["输出格式", "［默认：table］"]
        );
        assert_eq!(wrap("abc def", 3), vec!["abc", "def"]);
        assert_eq!(wrap("abcdef", 4), vec!["abcd", "ef"]);
    }

    /// An error as [`parse`] meets it: from the Chinese definition, its help not laid out.
    fn zh_err(args: &[&str]) -> (clap::Error, String) {
        let mut cmd = command(Lang::Zh);
        let e = cmd.try_get_matches_from_mut(args).unwrap_err();
        let text = zh_error(&e).unwrap_or_else(|| panic!("{:?}: {e}", e.kind()));
        (e, text)
    }

    #[test]
    fn usage_errors_are_in_chinese() {
        for (args, kind, words) in [
            (
                &["kaoping", "score", "--frmat", "csv", "x"][..],
                ErrorKind::UnknownArgument,
                &[
                    "未知的参数 '--frmat'",
                    "是否想用 '--format'",
                    "用法：kaoping score ",
                ][..],
            ),
            (
                &["kaoping", "score", "--format", "xml", "x"],
                ErrorKind::InvalidValue,
                &[
                    "'xml' 不是 --format <FORMAT> 的有效值",
                    "［可选：table、csv、json］",
                ],
            ),
            (
                &["kaoping", "scroe"],
                ErrorKind::InvalidSubcommand,
                &[
                    "未知的命令 'scroe'",
                    "是否想用命令 'choose'、'score'？",
                    "用法：kaoping [选项] <命令>",
                ],
            ),
            (
                &["kaoping", "score"],
                ErrorKind::MissingRequiredArgument,
                &["缺少必需的参数：<PATH>..."],
            ),
            (
                &["kaoping", "robustness", "--draws", "0"],
                ErrorKind::ValueValidation,
                &["'0' 不是 --draws <N> 的有效值：应在 1 至 100000 之间"],
            ),
            (
                &["kaoping", "robustness", "--seed", "x1"],
                ErrorKind::ValueValidation,
                &["'x1' 不是 --seed <S> 的有效值：应为整数"],
            ),
            (
                &[
                    "kaoping",
                    "adjust",
                    "d",
                    "--office",
                    "o",
                    "--indicator",
                    "A1",
                    "--reason",
                    "r",
                    "--score",
                    "1",
                    "--clear",
                ],
                ErrorKind::ArgumentConflict,
                &["--score <X> 不能与 --clear 同时使用"],
            ),
            (
                &["kaoping", "findings"],
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand,
                &[],
            ),
        ] {
            let e = command(Lang::Zh).try_get_matches_from(args).unwrap_err();
            assert_eq!(e.kind(), kind, "{args:?}: {e}");
            if words.is_empty() {
                // The help, laid out in Chinese when asked for.
                assert!(zh_error(&e).is_none());
                let e = for_parsing(Lang::Zh, 80)
                    .try_get_matches_from(args)
                    .unwrap_err();
                assert_eq!(e.kind(), kind, "{args:?}: {e}");
                assert!(
                    e.to_string()
                        .contains("用法：kaoping findings [选项] <命令>"),
                    "{e}"
                );
                continue;
            }
            let (e, text) = zh_err(args);
            assert_eq!(e.exit_code(), 2);
            assert!(text.starts_with("错误："), "{text}");
            assert!(text.ends_with("更多信息请用 '--help'。\n"), "{text}");
            for w in words {
                assert!(text.contains(w), "{w} not in {text}");
            }
            assert!(
                !text.contains("Usage") && !text.contains("error:"),
                "{text}"
            );
        }
    }

    #[test]
    fn a_value_that_looks_like_an_option_gets_a_chinese_tip() {
        let (_, text) = zh_err(&["kaoping", "score", "-x"]);
        assert!(
            text.contains("提示：若要把 '-x' 当作值，请写成 '-- -x'"),
            "{text}"
        );
    }
}
