//! Evaluators' decisions (核定): a score set for an (office, indicator) with a reason. The
//! decided score replaces the computed one everywhere; computed and self-reported stay
//! visible.

use super::data_error::is_forbidden_char;
use super::indicators::IndicatorSet;
use super::points::{parse, Decimal};
use super::registry::Registry;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The registry name.
    pub office: String,
    pub indicator: String,
    pub score: Decimal,
    pub reason: String,
    pub evaluator: String,
    /// Local time, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    /// SHA-256 of the office's return when the decision was made (or last confirmed).
    pub file_sha256: Option<String>,
}

/// One change in the append-only history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub id: i64,
    pub at: String,
    pub evaluator: String,
    pub office: String,
    pub indicator: String,
    pub old: Option<Decimal>,
    pub new: Option<Decimal>,
    pub reason: String,
    /// `set`, `clear` or `confirm`.
    pub kind: String,
}

/// The longest 核定理由 (characters).
pub const MAX_REASON_CHARS: usize = 500;
/// The longest 核定人 name (characters).
pub const MAX_EVALUATOR_CHARS: usize = 64;

/// Checks a decided score written as text (the command line, the UI's form) against its
/// indicator: a number with at most two decimals, 0 ≤ score ≤ the indicator's points.
/// Returns the score with two decimals, or what is wrong (in Chinese).
pub fn validate_score(set: &IndicatorSet, indicator: &str, text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    // What the user typed is shown back without its control characters, and cut short.
    let shown: String = t
        .chars()
        .filter(|c| !is_forbidden_char(*c))
        .take(40)
        .collect();
    indicator_of(set, indicator)?;
    let Some(score) = parse(t) else {
        return Err(format!("分数“{shown}”不是数字"));
    };
    validate_decided_score(set, indicator, score)
}

/// Checks a decided score already read as a number (a score kept in the store, read back)
/// against its indicator: the indicator exists, at most two decimals, 0 ≤ score ≤ its
/// points. Returns the score with two decimals.
pub fn validate_decided_score(
    set: &IndicatorSet,
    indicator: &str,
    score: Decimal,
) -> Result<Decimal, String> {
    let ind = indicator_of(set, indicator)?;
    let shown = score.normalize();
    if shown.scale() > 2 {
        return Err(format!("分数 {shown} 最多两位小数"));
    }
    if score < Decimal::ZERO || score > ind.points {
        return Err(format!(
            "分数 {shown} 超出范围：应在 0 到 {} 之间",
            ind.points.normalize()
        ));
    }
    let mut score = shown;
    score.rescale(2);
    Ok(score)
}

fn indicator_of<'a>(
    set: &'a IndicatorSet,
    indicator: &str,
) -> Result<&'a super::indicators::Indicator, String> {
    set.indicator(indicator).ok_or_else(|| {
        let ids: Vec<&str> = set.indicators.iter().map(|i| i.id.as_str()).collect();
        let shown: String = indicator
            .chars()
            .filter(|c| !is_forbidden_char(*c))
            .take(40)
            .collect();
        format!("没有指标“{shown}”（可用：{}）", ids.join(" "))
    })
}

/// A reason (核定理由) is required: not blank, at most [`MAX_REASON_CHARS`] characters,
/// without control characters (no line breaks: a reason is one line in every list).
/// Returns it trimmed.
pub fn validate_reason(reason: &str) -> Result<String, String> {
    let r = reason.trim();
    if r.is_empty() {
        return Err("必须填写理由".into());
    }
    if r.chars().any(is_forbidden_char) {
        return Err("理由不能含控制字符（如换行、制表符）".into());
    }
    let n = r.chars().count();
    if n > MAX_REASON_CHARS {
        return Err(format!("理由过长：{n} 个字符，最多 {MAX_REASON_CHARS} 个"));
    }
    Ok(r.to_string())
}

/// An evaluator's name (核定人): not blank, at most [`MAX_EVALUATOR_CHARS`] characters,
/// without control characters. Returns it trimmed.
pub fn validate_evaluator(name: &str) -> Result<String, String> {
    let n = name.trim();
    if n.is_empty() {
        return Err("核定人不能为空".into());
    }
    if n.chars().any(is_forbidden_char) {
        return Err("核定人不能含控制字符".into());
    }
    let len = n.chars().count();
    if len > MAX_EVALUATOR_CHARS {
        return Err(format!(
            "核定人过长：{len} 个字符，最多 {MAX_EVALUATOR_CHARS} 个"
        ));
    }
    Ok(n.to_string())
}

/// Checks a whole decision (one read back from the store): the office is the registry's
/// name of an office, the indicator is the set's, the score fits the indicator, the reason
/// and the evaluator are valid. What is wrong, in Chinese, otherwise.
pub fn validate_decision(
    set: &IndicatorSet,
    registry: &Registry,
    d: &Decision,
) -> Result<(), String> {
    if !registry.offices.iter().any(|o| o.name == d.office) {
        let shown: String = d
            .office
            .chars()
            .filter(|c| !is_forbidden_char(*c))
            .take(40)
            .collect();
        return Err(format!("“{shown}”不是名单中的单位"));
    }
    validate_decided_score(set, &d.indicator, d.score)?;
    validate_reason(&d.reason)?;
    validate_evaluator(&d.evaluator)?;
    Ok(())
}

/// The local time as stored (`YYYY-MM-DD HH:MM:SS`).
pub fn now() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The login name (`$USER`, `$LOGNAME`, else what `id -un` says), the default evaluator;
/// a name that is not a valid evaluator (see [`validate_evaluator`]) is passed over.
pub fn login_name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| {
            std::env::var(v)
                .ok()
                .and_then(|s| validate_evaluator(&s).ok())
        })
        .or_else(|| {
            std::process::Command::new("id")
                .arg("-un")
                .output()
                .ok()
                .filter(|o| o.status.success())
                .and_then(|o| String::from_utf8(o.stdout).ok())
                .and_then(|s| validate_evaluator(&s).ok())
        })
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataSet;

    #[test]
    fn scores_are_checked_against_the_indicator() {
        let d = DataSet::builtin();
        let s = |i: &str, t: &str| validate_score(&d.set, i, t);
        assert_eq!(s("A3", "3.5").unwrap().to_string(), "3.50");
        assert_eq!(s("A3", "4").unwrap().to_string(), "4.00");
        assert!(s("A3", "4.01").unwrap_err().contains("超出范围"));
        assert!(s("A3", "-1").unwrap_err().contains("超出范围"));
        assert!(s("A3", "1.234").unwrap_err().contains("两位小数"));
        assert!(s("A3", "三").unwrap_err().contains("不是数字"));
        assert!(s("Z9", "1").unwrap_err().contains("没有指标"));
        assert!(validate_reason("  ").is_err());
        assert_eq!(validate_reason(" 复核 ").unwrap(), "复核");
        assert!(s("A3", "5E+28").unwrap_err().contains("不是数字"));
        assert!(s("A3", "50000000000000000000000000000")
            .unwrap_err()
            .contains("超出范围"));
        assert!(!s("A3", "1\u{1b}[2J").unwrap_err().contains('\u{1b}'));
    }

    #[test]
    fn reasons_and_evaluators_are_bounded_and_printable() {
        assert!(validate_reason(&"理".repeat(MAX_REASON_CHARS)).is_ok());
        assert!(validate_reason(&"理".repeat(MAX_REASON_CHARS + 1))
            .unwrap_err()
            .contains("过长"));
        assert!(validate_reason("第一行\n第二行")
            .unwrap_err()
            .contains("控制字符"));
        assert!(validate_reason("\u{202e}反转").is_err());
        assert!(validate_evaluator("").unwrap_err().contains("不能为空"));
        assert!(validate_evaluator("   ").is_err());
        assert!(validate_evaluator("张\u{7}三").is_err());
        assert!(validate_evaluator(&"张".repeat(MAX_EVALUATOR_CHARS + 1)).is_err());
        assert_eq!(validate_evaluator(" 张三 ").unwrap(), "张三");
    }

    #[test]
    fn a_stored_decision_is_checked_whole() {
        let data = DataSet::builtin();
        let good = Decision {
            office: "广州海关".into(),
            indicator: "A3".into(),
            score: Decimal::new(350, 2),
            reason: "复核".into(),
            evaluator: "张三".into(),
            at: now(),
            file_sha256: None,
        };
        let check = |d: &Decision| validate_decision(&data.set, &data.registry, d);
        assert_eq!(check(&good), Ok(()));
        let bad = [
            Decision {
                office: "广州".into(),
                ..good.clone()
            },
            Decision {
                indicator: "Z9".into(),
                ..good.clone()
            },
            Decision {
                score: Decimal::new(401, 2),
                ..good.clone()
            },
            Decision {
                score: Decimal::new(-1, 0),
                ..good.clone()
            },
            Decision {
                score: Decimal::new(3333, 3),
                ..good.clone()
            },
            Decision {
                score: Decimal::MAX,
                ..good.clone()
            },
            Decision {
                reason: String::new(),
                ..good.clone()
            },
            Decision {
                evaluator: "\u{1b}]0;x".into(),
                ..good.clone()
            },
        ];
        for d in &bad {
            assert!(check(d).is_err(), "{d:?}");
        }
        assert_eq!(
            validate_decided_score(&data.set, "A3", Decimal::new(4, 0))
                .unwrap()
                .to_string(),
            "4.00"
        );
    }
}
