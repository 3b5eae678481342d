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
}
