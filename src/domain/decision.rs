//! Evaluators' decisions (核定): a score set for an (office, indicator) with a reason, or,
//! on a veto indicator (一票否决), 是 or 否. The decided score replaces the computed one
//! everywhere, and the decided veto the reported one; computed and self-reported stay
//! visible. On a deduction or bonus indicator headquarters may decide the count instead
//! (核查数量): the rule then scores it in place of the office's 数量.

use super::checks::CheckResult;
use super::data_error::is_forbidden_char;
use super::indicators::{IndicatorSet, Rule};
use super::points::{fmt2, parse, Decimal, MAX_COUNT};
use super::registry::Registry;
use serde::Serialize;

/// What a decision sets: a score, or, on a veto indicator, whether the veto applies
/// (是 `true`, 否 `false`), or, on a deduction or bonus indicator, the count headquarters
/// found (核查数量). A change in the history may also be a spot check's result
/// ([`Decided::Check`], never a decision's value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decided {
    Score(Decimal),
    Veto(bool),
    /// 核查数量: a whole number from 0 to [`MAX_COUNT`], scored by the indicator's rule in
    /// place of the office's 数量.
    Count(u32),
    /// A spot check's result (属实 / 不属实 / 无佐证), as a change of the history shows it.
    Check(CheckResult),
}

impl Decided {
    /// The decided score, when this is one.
    pub fn score(self) -> Option<Decimal> {
        match self {
            Decided::Score(s) => Some(s),
            _ => None,
        }
    }

    /// The decided veto, when this is one.
    pub fn veto(self) -> Option<bool> {
        match self {
            Decided::Veto(v) => Some(v),
            _ => None,
        }
    }

    /// The decided count (核查数量), when this is one.
    pub fn count(self) -> Option<u32> {
        match self {
            Decided::Count(n) => Some(n),
            _ => None,
        }
    }

    /// As shown to people: `4.00`, `是`, `否`, `核查数量 2`, `不属实`.
    pub fn shown(self) -> String {
        match self {
            Decided::Count(n) => format!("{COUNT_LABEL} {n}"),
            v => v.plain(),
        }
    }

    /// The bare value, as a CSV column or the store holds it: `4.00`, `是`, `2`, `不属实`.
    pub fn plain(self) -> String {
        match self {
            Decided::Score(s) => fmt2(s),
            Decided::Veto(v) => yes_no(v).to_string(),
            Decided::Count(n) => n.to_string(),
            Decided::Check(r) => r.word().to_string(),
        }
    }

    /// The store's word for this kind of value (`decisions.what`, `history.what`): `score`,
    /// `veto`, `count` or `check`. Part of the store's format.
    pub fn what(self) -> &'static str {
        match self {
            Decided::Score(_) => "score",
            Decided::Veto(_) => "veto",
            Decided::Count(_) => "count",
            Decided::Check(_) => "check",
        }
    }

    /// Reads a value as the store keeps it, given its `what` (see [`Decided::what`] and
    /// [`Decided::plain`]); none for an unknown `what` or a value not of its form. The
    /// value is not checked against an indicator here.
    pub fn parse_stored(what: &str, value: &str) -> Option<Decided> {
        match what {
            "score" => super::points::parse(value).map(Decided::Score),
            "veto" => match value {
                "是" => Some(Decided::Veto(true)),
                "否" => Some(Decided::Veto(false)),
                _ => None,
            },
            "count" => parse_count(value).map(Decided::Count),
            "check" => CheckResult::parse(value).map(Decided::Check),
            _ => None,
        }
    }
}

/// What a count decision is called (核查数量).
pub const COUNT_LABEL: &str = "核查数量";

/// A whole number from 0 to [`MAX_COUNT`] written in ASCII digits (`2`, not `2.0`, `+2`).
fn parse_count(t: &str) -> Option<u32> {
    if t.is_empty() || t.len() > 7 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<u32>().ok().filter(|n| i64::from(*n) <= MAX_COUNT)
}

/// 是 or 否.
pub fn yes_no(b: bool) -> &'static str {
    if b {
        "是"
    } else {
        "否"
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The registry name.
    pub office: String,
    pub indicator: String,
    /// The decided score, or 是 / 否 on a veto indicator.
    pub value: Decided,
    pub reason: String,
    pub evaluator: String,
    /// Local time, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    /// SHA-256 of the office's return when the decision was made (or last confirmed).
    pub file_sha256: Option<String>,
    /// Where it came from: a findings or checklist workbook, by file name and SHA-256
    /// (`核查记录.xlsx（SHA-256 ab12…）`, see [`source_of`]); none when an evaluator typed it.
    pub source: Option<String>,
}

/// The source of a decision or check read from a workbook: its file name and full SHA-256,
/// `核查记录.xlsx（SHA-256 ab12…）`.
pub fn source_of(file_name: &str, sha256: &str) -> String {
    format!("{file_name}（SHA-256 {sha256}）")
}

/// The file name a source names (see [`source_of`]); none for a source of another form.
pub fn source_file(source: &str) -> Option<&str> {
    source
        .strip_suffix('）')
        .and_then(|s| s.rsplit_once("（SHA-256 "))
        .map(|(name, _)| name)
}

/// A source as shown in a list: the file name and the first 8 digits of its SHA-256
/// (`核查记录.xlsx（SHA-256 ab12cd34…）`).
pub fn source_short(source: &str) -> String {
    match source
        .strip_suffix('）')
        .and_then(|s| s.rsplit_once("（SHA-256 "))
    {
        Some((name, hash)) if hash.len() > 8 => {
            let cut: String = hash.chars().take(8).collect();
            format!("{name}（SHA-256 {cut}…）")
        }
        _ => source.to_string(),
    }
}

/// One change in the append-only history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub id: i64,
    pub at: String,
    pub evaluator: String,
    pub office: String,
    pub indicator: String,
    /// `None`: the computed score (or, on a veto indicator, the veto the office reported;
    /// for a spot check, not checked).
    pub old: Option<Decided>,
    pub new: Option<Decided>,
    pub reason: String,
    /// `set`, `clear` or `confirm`.
    pub kind: String,
    /// The 时效明细 item a spot check's change is about (its key, see
    /// [`super::checks::item_key`]); empty for a change on the indicator.
    pub item: String,
    /// Where the change came from (see [`Decision::source`]).
    pub source: Option<String>,
    /// A change of the return that counts (以此份为准) rather than of a decision: the
    /// files chosen before and now (`old` and `new` are then none, `indicator` empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<FileChange>,
}

/// A change of the return that counts for an office (以此份为准): the file chosen before
/// (none: no choice yet) and the one chosen now, by their paths in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChange {
    pub old: Option<String>,
    pub new: String,
}

/// What a change of the return that counts says where no file was chosen before.
pub const NOT_CHOSEN: &str = "未选定";

impl Change {
    /// Whether this is a change of a veto decision (是 / 否) rather than of a score.
    pub fn is_veto(&self) -> bool {
        matches!(self.old.or(self.new), Some(Decided::Veto(_)))
    }

    /// Whether this is a change of a spot check's result.
    pub fn is_check(&self) -> bool {
        matches!(self.old.or(self.new), Some(Decided::Check(_)))
    }

    /// What a missing value (`None`) stands for: 测算分, 单位报送 (a veto), 未核查 (a spot
    /// check).
    pub fn undecided(&self) -> &'static str {
        if self.is_veto() {
            REPORTED_VETO
        } else if self.is_check() {
            NOT_CHECKED
        } else {
            COMPUTED
        }
    }

    /// A value of this change as shown (`None` as [`Change::undecided`]).
    pub fn shown(&self, v: Option<Decided>) -> String {
        v.map(Decided::shown)
            .unwrap_or_else(|| self.undecided().to_string())
    }
}

/// What a change shows for the computed score (no decision).
pub const COMPUTED: &str = "测算分";
/// What a change shows for an item or claim not (or no longer) checked.
pub const NOT_CHECKED: &str = "未核查";

/// What an undecided veto is shown as in a history: the veto the office reported.
pub const REPORTED_VETO: &str = "单位报送";

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

/// Whether an indicator is a veto (一票否决): decided 是 / 否, never scored.
pub fn is_veto(set: &IndicatorSet, indicator: &str) -> bool {
    set.indicator(indicator)
        .is_some_and(|i| matches!(i.rule, Rule::Veto))
}

/// Reads a veto as typed: 是 / 否, also yes / no and y / n in any case.
pub fn parse_veto(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "是" | "yes" | "y" => Some(true),
        "否" | "no" | "n" => Some(false),
        _ => None,
    }
}

/// Checks a decided score written as text for a decision: as [`validate_score`], and the
/// indicator must not be a veto, which has no score (是 / 否 is decided instead).
pub fn validate_score_decision(
    set: &IndicatorSet,
    indicator: &str,
    text: &str,
) -> Result<Decimal, String> {
    let ind = indicator_of(set, indicator)?;
    if matches!(ind.rule, Rule::Veto) {
        return Err(format!(
            "{} 是一票否决指标，不计分：应核定“是”或“否”",
            ind.id
        ));
    }
    validate_score(set, indicator, text)
}

/// Checks a decided veto written as text (the command line): the indicator is a veto, the
/// text says 是 or 否 (also yes / no). Returns whether the veto applies.
pub fn validate_veto(set: &IndicatorSet, indicator: &str, text: &str) -> Result<bool, String> {
    let ind = indicator_of(set, indicator)?;
    if !matches!(ind.rule, Rule::Veto) {
        return Err(format!(
            "{} 不是一票否决指标，不能核定“是”或“否”：应核定分数",
            ind.id
        ));
    }
    parse_veto(text).ok_or_else(|| {
        let shown: String = text
            .trim()
            .chars()
            .filter(|c| !is_forbidden_char(*c))
            .take(40)
            .collect();
        format!("“{shown}”应为“是”或“否”（也可写 yes 或 no）")
    })
}

/// Whether an indicator's rule reads a count that headquarters may decide (核查数量): a
/// deduction or a bonus.
pub fn takes_count(set: &IndicatorSet, indicator: &str) -> bool {
    set.indicator(indicator)
        .is_some_and(|i| matches!(i.rule, Rule::Deduction { .. } | Rule::Bonus { .. }))
}

/// The indicators on which a count may be decided, in set order (`A9、B3、E1、E2`).
pub fn count_indicators(set: &IndicatorSet) -> Vec<&str> {
    set.indicators
        .iter()
        .filter(|i| takes_count(set, &i.id))
        .map(|i| i.id.as_str())
        .collect()
}

/// Checks a count decision (核查数量) already read as a number: the indicator is a
/// deduction or a bonus, the count a whole number from 0 to [`MAX_COUNT`] (as the
/// importer bounds the office's 数量).
pub fn validate_count(set: &IndicatorSet, indicator: &str, count: Decimal) -> Result<u32, String> {
    let ind = indicator_of(set, indicator)?;
    if !takes_count(set, indicator) {
        return Err(format!(
            "{} 是{}指标，核查数量只用于扣分或加分指标（{}）",
            ind.id,
            ind.rule.kind_label(),
            count_indicators(set).join("、")
        ));
    }
    let shown = count.normalize();
    if count < Decimal::ZERO {
        return Err(format!("核查数量 {shown} 不能为负数"));
    }
    if !count.fract().is_zero() {
        return Err(format!("核查数量 {shown} 应为整数"));
    }
    if count > Decimal::from(MAX_COUNT) {
        return Err(format!(
            "核查数量 {shown} 超出合理范围：应为 0 到 {MAX_COUNT} 之间的整数"
        ));
    }
    u32::try_from(count.trunc()).map_err(|_| format!("核查数量 {shown} 超出合理范围"))
}

/// The longest source (characters): a file name and its SHA-256.
pub const MAX_SOURCE_CHARS: usize = 1000;

/// A source as stored: not blank, at most [`MAX_SOURCE_CHARS`] characters, without control
/// characters.
pub fn validate_source(source: &str) -> Result<(), String> {
    if source.trim().is_empty() {
        return Err("来源为空".into());
    }
    if source.chars().any(is_forbidden_char) {
        return Err("来源不能含控制字符".into());
    }
    if source.chars().count() > MAX_SOURCE_CHARS {
        return Err(format!("来源过长：最多 {MAX_SOURCE_CHARS} 个字符"));
    }
    Ok(())
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
/// name of an office, the indicator is the set's, the score fits the indicator (a veto is
/// decided on a veto indicator only), the reason
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
    match d.value {
        Decided::Score(score) => {
            validate_decided_score(set, &d.indicator, score)?;
        }
        Decided::Veto(_) => {
            indicator_of(set, &d.indicator)?;
            if !is_veto(set, &d.indicator) {
                return Err(format!("{} 不是一票否决指标", d.indicator));
            }
        }
        Decided::Count(n) => {
            validate_count(set, &d.indicator, Decimal::from(n))?;
        }
        Decided::Check(_) => return Err("抽查结果不是核定".into()),
    }
    validate_reason(&d.reason)?;
    validate_evaluator(&d.evaluator)?;
    if let Some(s) = &d.source {
        validate_source(s)?;
    }
    Ok(())
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
    fn a_veto_is_decided_yes_or_no_on_a_veto_indicator_only() {
        let d = DataSet::builtin();
        for (t, v) in [
            ("是", true),
            (" 否 ", false),
            ("yes", true),
            ("YES", true),
            ("No", false),
            ("y", true),
            ("n", false),
        ] {
            assert_eq!(validate_veto(&d.set, "V1", t), Ok(v), "{t}");
        }
        for t in ["", "1", "0", "true", "是的", "否决"] {
            assert!(validate_veto(&d.set, "V1", t)
                .unwrap_err()
                .contains("应为“是”或“否”"));
        }
        assert!(validate_veto(&d.set, "A3", "是")
            .unwrap_err()
            .contains("不是一票否决指标"));
        assert!(validate_veto(&d.set, "Z9", "是")
            .unwrap_err()
            .contains("没有指标"));
        assert!(!validate_veto(&d.set, "V1", "\u{1b}[2J")
            .unwrap_err()
            .contains('\u{1b}'));
        // No score on a veto indicator, even the 0 its points allow.
        assert!(validate_score_decision(&d.set, "V1", "0")
            .unwrap_err()
            .contains("一票否决指标"));
        assert_eq!(
            validate_score_decision(&d.set, "A3", "4")
                .unwrap()
                .to_string(),
            "4.00"
        );
        assert!(is_veto(&d.set, "V1") && !is_veto(&d.set, "A3") && !is_veto(&d.set, "Z9"));
        assert_eq!(Decided::Veto(true).shown(), "是");
        assert_eq!(Decided::Veto(false).shown(), "否");
        assert_eq!(Decided::Score(Decimal::new(4, 0)).shown(), "4.00");
    }

    #[test]
    fn a_count_is_decided_on_a_deduction_or_bonus_indicator_only() {
        let d = DataSet::builtin();
        let c = |i: &str, n: i64| validate_count(&d.set, i, Decimal::from(n));
        assert_eq!(c("A9", 2), Ok(2));
        assert_eq!(c("E1", 0), Ok(0));
        assert_eq!(c("E2", 1_000_000), Ok(1_000_000));
        assert!(c("E2", 1_000_001).unwrap_err().contains("超出合理范围"));
        assert!(c("A9", -1).unwrap_err().contains("负数"));
        assert!(validate_count(&d.set, "A9", Decimal::new(25, 1))
            .unwrap_err()
            .contains("整数"));
        let level = c("A2", 1).unwrap_err();
        assert!(
            level.contains("等级评定") && level.contains("A9"),
            "{level}"
        );
        assert!(c("V1", 1).is_err() && c("D1", 1).is_err());
        assert_eq!(Decided::Count(2).shown(), "核查数量 2");
        assert_eq!(Decided::Count(2).plain(), "2");
        for v in [
            Decided::Score(Decimal::new(350, 2)),
            Decided::Veto(true),
            Decided::Count(7),
            Decided::Check(CheckResult::NoEvidence),
        ] {
            assert_eq!(Decided::parse_stored(v.what(), &v.plain()), Some(v));
        }
        for (w, v) in [
            ("count", "2.0"),
            ("count", "-1"),
            ("count", "1000001"),
            ("veto", "yes"),
            ("x", "1"),
        ] {
            assert_eq!(Decided::parse_stored(w, v), None, "{w} {v}");
        }
        let src = source_of("核查记录.xlsx", &"ab".repeat(32));
        assert_eq!(source_file(&src), Some("核查记录.xlsx"));
        assert_eq!(source_short(&src), "核查记录.xlsx（SHA-256 abababab…）");
        assert_eq!(source_file("手工"), None);
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
            value: Decided::Score(Decimal::new(350, 2)),
            reason: "复核".into(),
            evaluator: "张三".into(),
            at: "2019-01-15 09:30:00".into(),
            file_sha256: None,
            source: None,
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
                value: Decided::Score(Decimal::new(401, 2)),
                ..good.clone()
            },
            Decision {
                value: Decided::Score(Decimal::new(-1, 0)),
                ..good.clone()
            },
            Decision {
                value: Decided::Score(Decimal::new(3333, 3)),
                ..good.clone()
            },
            Decision {
                value: Decided::Score(Decimal::MAX),
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
            // A veto is decided on a veto indicator only.
            Decision {
                value: Decided::Veto(true),
                ..good.clone()
            },
        ];
        for d in &bad {
            assert!(check(d).is_err(), "{d:?}");
        }
        let veto = Decision {
            indicator: "V1".into(),
            value: Decided::Veto(false),
            ..good.clone()
        };
        assert_eq!(check(&veto), Ok(()));
        let count = Decision {
            indicator: "A9".into(),
            value: Decided::Count(3),
            source: Some(source_of("核查记录.xlsx", &"0".repeat(64))),
            ..good.clone()
        };
        assert_eq!(check(&count), Ok(()));
        for bad in [
            Decision {
                value: Decided::Count(3),
                ..good.clone()
            },
            Decision {
                value: Decided::Check(CheckResult::True),
                ..good.clone()
            },
            Decision {
                source: Some("a\u{1b}b".into()),
                ..count.clone()
            },
        ] {
            assert!(check(&bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            validate_decided_score(&data.set, "A3", Decimal::new(4, 0))
                .unwrap()
                .to_string(),
            "4.00"
        );
    }
}
