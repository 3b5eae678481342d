//! Evaluators' decisions (核定): a score set for an (office, indicator) with a reason. The
//! decided score replaces the computed one everywhere; computed and self-reported stay
//! visible.

use super::indicators::IndicatorSet;
use super::points::{parse, Decimal};
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

/// Checks a decided score against its indicator: a number with at most two decimals,
/// 0 ≤ score ≤ the indicator's points. Returns the score, or what is wrong (in Chinese).
pub fn validate_score(set: &IndicatorSet, indicator: &str, text: &str) -> Result<Decimal, String> {
    let Some(ind) = set.indicator(indicator) else {
        let ids: Vec<&str> = set.indicators.iter().map(|i| i.id.as_str()).collect();
        return Err(format!("没有指标“{indicator}”（可用：{}）", ids.join(" ")));
    };
    let t = text.trim();
    let Some(score) = parse(t) else {
        return Err(format!("分数“{t}”不是数字"));
    };
    if score.normalize().scale() > 2 {
        return Err(format!("分数 {t} 最多两位小数"));
    }
    if score < Decimal::ZERO || score > ind.points {
        return Err(format!(
            "分数 {t} 超出范围：应在 0 到 {} 之间",
            ind.points.normalize()
        ));
    }
    let mut score = score;
    score.rescale(2);
    Ok(score)
}

/// A reason is required: not blank.
pub fn validate_reason(reason: &str) -> Result<String, String> {
    let r = reason.trim();
    if r.is_empty() {
        Err("必须填写理由".into())
    } else {
        Ok(r.to_string())
    }
}

/// The local time as stored (`YYYY-MM-DD HH:MM:SS`).
pub fn now() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The login name (`$USER`, `$LOGNAME`, else what `id -un` says), the default evaluator.
pub fn login_name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .or_else(|| {
            std::process::Command::new("id")
                .arg("-un")
                .output()
                .ok()
                .filter(|o| o.status.success())
                .and_then(|o| String::from_utf8(o.stdout).ok())
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
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
    }
}
