//! clap's usage errors in Chinese ([`zh_error`]): the error's kind and context in Chinese
//! words, its suggestions and tips, the usage, and where to read more.

use crate::text::sanitize;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::fmt::Write as _;

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
    use crate::cli::help::{command, for_parsing};
    use crate::tui::strings::Lang;

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
