//! A comparison as JSON: each office's `previous` object and the top-level `comparison`
//! (keys are English words; `*_label` values the Chinese shown to people).

use super::diff::{Diff, OfficeChange, RateChange};
use crate::domain::points::fmt2;
use serde_json::{json, Value};

/// An office's previous values: rank, total, 等次, the change of rank (`+3`, and as shown,
/// `↑3`) and of the total, and its previous score on each matched indicator. Null where the
/// previous result does not list the office.
pub fn previous(o: &OfficeChange) -> Value {
    let Some(p) = &o.previous else {
        return Value::Null;
    };
    let scores: serde_json::Map<String, Value> = p
        .scores
        .iter()
        .map(|(id, s)| (id.clone(), Value::String(fmt2(*s))))
        .collect();
    json!({
        "rank": p.rank,
        "total": p.total.map(fmt2),
        "grade": p.grade,
        "grade_label": p.grade_shown,
        "rank_change": o.change.gained(),
        "rank_change_label": o.change.shown(),
        "total_change": o.total_change.map(crate::labels::signed),
        "indicators": scores,
    })
}

fn rates(list: &[RateChange]) -> Value {
    list.iter()
        .map(|r| {
            json!({
                "key": r.key,
                "title": r.title,
                "previous_mean_rate": fmt2(r.previous),
                "mean_rate": fmt2(r.current),
                "change": crate::labels::signed(r.change),
            })
        })
        .collect()
}

/// The comparison as a whole: what it is against, the changes of the mean rates (in
/// percent, and percentage points), what was not comparable, and the offices that rose
/// most.
pub fn comparison(d: &Diff) -> Value {
    let counts = |f: &dyn Fn(&OfficeChange) -> bool| d.offices.iter().filter(|o| f(o)).count();
    json!({
        "source": d.source,
        "title": d.title,
        "offices": {
            "up": counts(&|o| o.change.gained().is_some_and(|k| k > 0)),
            "down": counts(&|o| o.change.gained().is_some_and(|k| k < 0)),
            "same": counts(&|o| o.change.gained() == Some(0)),
            "new": counts(&|o| o.change == super::RankChange::New),
        },
        "indicators": rates(&d.indicators),
        "tasks": rates(&d.tasks),
        "categories": rates(&d.categories),
        "not_comparable": d.not_comparable.iter().map(|n| json!({
            "kind": n.unit.word(),
            "kind_label": n.unit.label(),
            "key": n.key,
            "reason": n.reason,
        })).collect::<Vec<_>>(),
        "most_improved": super::most_improved(d, 5).into_iter().map(|(office, gained)| json!({
            "office": office,
            "gained": gained,
        })).collect::<Vec<_>>(),
    })
}
