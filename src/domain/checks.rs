//! Spot checks (抽查): what headquarters found when it checked an office's evidence, per
//! indicator row (a claimed full mark) or per 时效明细 item.

use super::scoring::{Field, Item};
use chrono::NaiveDate;
use serde::Serialize;

/// The result of checking one claim or item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum CheckResult {
    /// 属实: the evidence bears the claim out.
    True,
    /// 不属实: the evidence contradicts it.
    False,
    /// 无佐证: there is no evidence for it.
    NoEvidence,
}

impl CheckResult {
    pub const ALL: [CheckResult; 3] = [
        CheckResult::True,
        CheckResult::False,
        CheckResult::NoEvidence,
    ];

    /// The word written in a checklist and kept in the store.
    pub fn word(self) -> &'static str {
        match self {
            CheckResult::True => "属实",
            CheckResult::False => "不属实",
            CheckResult::NoEvidence => "无佐证",
        }
    }

    /// Reads the word (spaces and full-width forms folded by the caller).
    pub fn parse(word: &str) -> Option<CheckResult> {
        CheckResult::ALL
            .into_iter()
            .find(|r| r.word() == word.trim())
    }

    /// Whether the claim or item stands (属实).
    pub fn holds(self) -> bool {
        self == CheckResult::True
    }
}

/// The key of a 时效明细 item within its indicator: `事项名称|YYYY-MM-DD` (the 起算日期;
/// nothing after `|` when it is blank or unreadable), and `#n` for the n-th (n ≥ 2) item of
/// the same name and date in one return.
pub fn item_key(name: &str, start: Option<NaiveDate>, occurrence: usize) -> String {
    let date = start
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let mut key = format!("{}|{date}", name.trim());
    if occurrence >= 2 {
        key.push_str(&format!("#{occurrence}"));
    }
    key
}

/// The keys of an indicator's items, in order (see [`item_key`]).
pub fn item_keys(items: &[Item]) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    items
        .iter()
        .map(|it| {
            let start = match &it.start.value {
                Field::Value(d) => Some(*d),
                _ => None,
            };
            let base = item_key(&it.name, start, 1);
            let n = seen.entry(base).or_insert(0);
            *n += 1;
            item_key(&it.name, start, *n)
        })
        .collect()
}

/// One spot-check result kept in the store: an office's indicator row (a claimed full
/// mark, `item` empty) or one of its 时效明细 items (`item` = the item's key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// The registry name.
    pub office: String,
    pub indicator: String,
    /// The item's key ([`item_key`]); empty for the indicator row.
    pub item: String,
    pub result: CheckResult,
    pub reason: String,
    pub evaluator: String,
    /// Local time, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    /// The workbook it came from (see [`super::decision::source_of`]).
    pub source: Option<String>,
}

impl Check {
    /// Whether this is the check of a 时效明细 item that failed (不属实 or 无佐证): the item
    /// then counts as not on time.
    pub fn fails_item(&self) -> bool {
        !self.item.is_empty() && !self.result.holds()
    }
}

/// What a 属实 check is recorded with when the checklist gives no reason.
pub const DEFAULT_TRUE_REASON: &str = "抽查属实";

/// The note on an indicator one of whose items failed its check (`抽查不属实：事项名`).
pub fn failed_note(result: CheckResult, item_name: &str) -> String {
    format!("抽查{}：{item_name}", result.word())
}

/// The parts of an item key: the name, the 起算日期 as written in the key (`YYYY-MM-DD`,
/// or empty), and the occurrence (1 unless the key ends `#n`).
pub fn split_key(key: &str) -> (&str, &str, usize) {
    let (name, rest) = key.rsplit_once('|').unwrap_or((key, ""));
    match rest.rsplit_once('#') {
        Some((date, n)) => match n.parse::<usize>() {
            Ok(n) if n >= 2 => (name, date, n),
            _ => (name, rest, 1),
        },
        None => (name, rest, 1),
    }
}

/// An item key as people read it: `事项名（2018-03-05）`, `事项名（2018-03-05，第 2 项）`.
pub fn item_shown(key: &str) -> String {
    let (name, date, n) = split_key(key);
    match (date.is_empty(), n) {
        (true, 1) => format!("{name}（无起算日期）"),
        (true, n) => format!("{name}（无起算日期，第 {n} 项）"),
        (false, 1) => format!("{name}（{date}）"),
        (false, n) => format!("{name}（{date}，第 {n} 项）"),
    }
}

/// Validates a check read back from the store against the set: the indicator exists; an
/// item check is on a timeliness indicator; reason and evaluator are valid.
pub fn validate_check(set: &super::indicators::IndicatorSet, c: &Check) -> Result<(), String> {
    use super::decision::{validate_evaluator, validate_reason, validate_source};
    let Some(ind) = set.indicator(&c.indicator) else {
        return Err(format!(
            "没有指标“{}”",
            crate::text::sanitize(&crate::text::truncate(&c.indicator, 40))
        ));
    };
    if !c.item.is_empty() {
        if !matches!(ind.rule, super::indicators::Rule::Timeliness { .. }) {
            return Err(format!("{} 不是时效类指标，没有时效明细事项", ind.id));
        }
        if c.item.chars().any(super::data_error::is_forbidden_char) || !c.item.contains('|') {
            return Err("事项键无效".into());
        }
    }
    validate_reason(&c.reason)?;
    validate_evaluator(&c.evaluator)?;
    if let Some(s) = &c.source {
        validate_source(s)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for r in CheckResult::ALL {
            assert_eq!(CheckResult::parse(r.word()), Some(r));
        }
        assert_eq!(CheckResult::parse("属 实"), None);
    }

    #[test]
    fn keys_name_date_and_occurrence() {
        let d = NaiveDate::from_ymd_opt(2018, 3, 5);
        assert_eq!(
            item_key("政府信息公开申请1", d, 1),
            "政府信息公开申请1|2018-03-05"
        );
        assert_eq!(item_key(" 变更 ", None, 1), "变更|");
        assert_eq!(item_key("变更", None, 3), "变更|#3");
        let item = |name: &str| Item {
            name: name.into(),
            ..Item::default()
        };
        assert_eq!(
            item_keys(&[item("a"), item("b"), item("a")]),
            vec!["a|", "b|", "a|#2"]
        );
    }

    #[test]
    fn keys_split_and_show() {
        assert_eq!(split_key("申请1|2018-03-05"), ("申请1", "2018-03-05", 1));
        assert_eq!(split_key("申请1|2018-03-05#3"), ("申请1", "2018-03-05", 3));
        assert_eq!(split_key("a|b|"), ("a|b", "", 1));
        assert_eq!(split_key("变更|#2"), ("变更", "", 2));
        assert_eq!(item_shown("申请1|2018-03-05"), "申请1（2018-03-05）");
        assert_eq!(item_shown("变更|#2"), "变更（无起算日期，第 2 项）");
        assert_eq!(
            failed_note(CheckResult::False, "申请1"),
            "抽查不属实：申请1"
        );
    }
}
