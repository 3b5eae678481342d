//! Planning the changes: what a validated findings file says, compared with what the store
//! holds, as the writes to make and the lines that tell them.

use super::{Applied, Findings, Wanted};
use crate::data::DataSet;
use crate::domain::checks::{item_shown, Check};
use crate::domain::decision::{
    is_veto, source_file, Decided, Decision, COMPUTED, NOT_CHECKED, REPORTED_VETO,
};
use crate::report::Report;
use crate::store::{FindingWrite, StoredRow};
use crate::text::sanitize;
use std::collections::{HashMap, HashSet};

/// A stored row's key: office name, indicator, item, and whether it is a check.
type Key = (String, String, String, bool);

/// Compares what the file says with what the store holds (`rows`, read in the writing
/// transaction) and returns the writes: a row whose value and reason equal the store's
/// writes nothing; a decision or check whose source is a file of the same name and which
/// the file no longer has is cleared.
pub fn plan(
    data: &DataSet,
    report: &Report,
    f: &Findings,
    rows: &[StoredRow],
    evaluator: &str,
    at: &str,
) -> (Vec<FindingWrite>, Applied) {
    let mut out = Applied {
        not_checked: f.not_checked,
        ..Applied::default()
    };
    let mut writes = Vec::new();
    let stored: HashMap<Key, &StoredRow> = rows
        .iter()
        .map(|r| {
            (
                (
                    r.office.clone(),
                    r.indicator.clone(),
                    r.item.clone(),
                    r.is_check(),
                ),
                r,
            )
        })
        .collect();
    let mut wanted_keys: HashSet<Key> = HashSet::new();
    for e in &f.entries {
        let name = data.registry.offices[e.office].name.clone();
        let (check, value) = match e.wanted {
            Wanted::Decide(v) => (false, v),
            Wanted::Check(r) => (true, Decided::Check(r)),
        };
        let key: Key = (name.clone(), e.indicator.clone(), e.item.clone(), check);
        let current = stored.get(&key).copied();
        wanted_keys.insert(key);
        let same = current.is_some_and(|c| {
            c.what == value.what() && c.value == value.plain() && c.reason == e.reason
        });
        if same {
            out.unchanged += 1;
            continue;
        }
        let old = current.and_then(|c| Decided::parse_stored(&c.what, &c.value));
        if current.is_some() {
            out.changed += 1;
        } else {
            out.set += 1;
        }
        out.lines.push(line(
            data,
            &name,
            &e.indicator,
            &e.item,
            old,
            Some(value),
            &e.reason,
        ));
        writes.push(match e.wanted {
            Wanted::Decide(v) => FindingWrite::Decide(Decision {
                office: name,
                indicator: e.indicator.clone(),
                value: v,
                reason: e.reason.clone(),
                evaluator: evaluator.to_string(),
                at: at.to_string(),
                file_sha256: report.file_of(e.office).map(|f| f.sha256.clone()),
                source: Some(f.source.clone()),
            }),
            Wanted::Check(r) => FindingWrite::Check(Check {
                office: name,
                indicator: e.indicator.clone(),
                item: e.item.clone(),
                result: r,
                reason: e.reason.clone(),
                evaluator: evaluator.to_string(),
                at: at.to_string(),
                source: Some(f.source.clone()),
            }),
        });
    }
    // The file is the year's record: what an earlier version of it set and it no longer
    // has is cleared.
    let mut gone: Vec<&StoredRow> = rows
        .iter()
        .filter(|r| {
            r.source.as_deref().and_then(source_file) == Some(f.file_name.as_str())
                && !wanted_keys.contains(&(
                    r.office.clone(),
                    r.indicator.clone(),
                    r.item.clone(),
                    r.is_check(),
                ))
        })
        .collect();
    gone.sort_by(|a, b| {
        (&a.office, &a.indicator, &a.item, a.is_check()).cmp(&(
            &b.office,
            &b.indicator,
            &b.item,
            b.is_check(),
        ))
    });
    let reason = format!("{}中已无此项", f.file_name);
    for r in gone {
        out.cleared += 1;
        let old = Decided::parse_stored(&r.what, &r.value);
        out.lines.push(line(
            data,
            &r.office,
            &r.indicator,
            &r.item,
            old,
            None,
            &reason,
        ));
        writes.push(FindingWrite::Clear {
            office: r.office.clone(),
            indicator: r.indicator.clone(),
            item: r.item.clone(),
            check: r.is_check(),
            reason: reason.clone(),
            evaluator: evaluator.to_string(),
            at: at.to_string(),
            source: Some(f.source.clone()),
        });
    }
    (writes, out)
}

/// One change as printed: `广州海关 A9: 测算分 → 核查数量 2（理由）`, an item's check
/// `广州海关 D1 申请1（2018-03-05）: 未核查 → 不属实（理由）`.
fn line(
    data: &DataSet,
    office: &str,
    indicator: &str,
    item: &str,
    old: Option<Decided>,
    new: Option<Decided>,
    reason: &str,
) -> String {
    let check = matches!(old.or(new), Some(Decided::Check(_)));
    let none = if check {
        NOT_CHECKED
    } else if is_veto(&data.set, indicator) {
        REPORTED_VETO
    } else {
        COMPUTED
    };
    let shown = |v: Option<Decided>| v.map(Decided::shown).unwrap_or_else(|| none.into());
    let what = if item.is_empty() {
        if check {
            format!("{indicator} 抽查")
        } else {
            indicator.to_string()
        }
    } else {
        format!("{indicator} {}", item_shown(item))
    };
    sanitize(&format!(
        "{office} {what}: {} → {}（{reason}）",
        shown(old),
        shown(new)
    ))
}
