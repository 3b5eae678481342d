//! The rows of a filled checklist (抽查清单): a spot check's result on an office's
//! indicator (a claimed full mark) or on one of its 时效明细 items.

use super::{Entry, Validator, Wanted};
use crate::domain::checks::{item_key, item_shown, CheckResult, DEFAULT_TRUE_REASON};
use crate::domain::indicators::Rule;
use crate::findings::read::{Col, Table, Value};
use crate::text::fold;

impl Validator<'_> {
    pub(super) fn checklist_row(&mut self, t: &Table, row: u32) {
        let all = [
            Col::Office,
            Col::Indicator,
            Col::Item,
            Col::Result,
            Col::Score,
            Col::Reason,
        ];
        if t.blank(row, &all) {
            return;
        }
        if t.blank(row, &[Col::Result, Col::Score]) {
            if !t.blank(row, &[Col::Reason]) {
                self.bad(
                    t.at(row, Col::Result),
                    "已填写理由，但未填写核查结果（属实、不属实或无佐证）",
                );
            } else {
                self.not_checked += 1;
            }
            return;
        }
        let office = self.office(t, row);
        let ind = self.indicator(t, row);
        let result = match t.text(row, Col::Result) {
            Value::Blank => None,
            Value::Bad(m) => {
                self.bad(t.at(row, Col::Result), m);
                return;
            }
            Value::Value(s) => match CheckResult::parse(&fold(&s)) {
                Some(r) => Some(r),
                None => {
                    self.bad(
                        t.at(row, Col::Result),
                        format!("核查结果“{s}”应为属实、不属实或无佐证"),
                    );
                    return;
                }
            },
        };
        let (Some(office), Some(ind)) = (office, ind) else {
            return;
        };
        let item = match t.text(row, Col::Item) {
            Value::Blank => None,
            Value::Value(s) => Some(s),
            Value::Bad(m) => {
                self.bad(t.at(row, Col::Item), m);
                return;
            }
        };
        let at = t.at(row, Col::Indicator);
        match item {
            None => self.claim_row(t, row, office, ind, result, at),
            Some(name) => self.item_row(t, row, office, ind, result, &name, at),
        }
    }

    /// A checklist row on an indicator (a claimed full mark): 属实 is recorded; 不属实 or
    /// 无佐证 needs a 核定分, which is decided.
    fn claim_row(
        &mut self,
        t: &Table,
        row: u32,
        office: usize,
        ind: String,
        result: Option<CheckResult>,
        at: String,
    ) {
        let score = self.score(t, row, &ind);
        let score_bad = !t.blank(row, &[Col::Score]) && score.is_none();
        if let Some(r) = result.filter(|r| !r.holds()) {
            if t.blank(row, &[Col::Score]) {
                self.bad(
                    t.at(row, Col::Score),
                    format!("核查结果为{}的指标行须填写核定分", r.word()),
                );
                return;
            }
        }
        let default =
            (result == Some(CheckResult::True) && score.is_none()).then_some(DEFAULT_TRUE_REASON);
        let Some(reason) = self.reason(t, row, default) else {
            return;
        };
        if score_bad {
            return;
        }
        if let Some(r) = result {
            self.entries.push(Entry {
                office,
                indicator: ind.clone(),
                item: String::new(),
                wanted: Wanted::Check(r),
                reason: reason.clone(),
                at: at.clone(),
            });
        }
        if let Some(s) = score {
            self.entries.push(Entry {
                office,
                indicator: ind,
                item: String::new(),
                wanted: Wanted::Decide(s),
                reason,
                at,
            });
        }
    }

    /// A checklist row on a 时效明细 item: the item must be in the office's scored return;
    /// its result is recorded (不属实 or 无佐证 count it as not on time).
    #[allow(clippy::too_many_arguments)]
    fn item_row(
        &mut self,
        t: &Table,
        row: u32,
        office: usize,
        ind: String,
        result: Option<CheckResult>,
        name: &str,
        at: String,
    ) {
        let timeliness = self
            .data
            .set
            .indicator(&ind)
            .is_some_and(|i| matches!(i.rule, Rule::Timeliness { .. }));
        if !timeliness {
            self.bad(
                t.at(row, Col::Item),
                format!("{ind} 不是时效类指标，没有时效明细事项：抽查指标行时事项应为空"),
            );
            return;
        }
        if !t.blank(row, &[Col::Score]) {
            self.bad(
                t.at(row, Col::Score),
                "核定分只能填写在指标行（事项为空的行）；时效明细事项只填核查结果",
            );
            return;
        }
        let Some(result) = result else {
            return;
        };
        let start = match t.date(row, Col::Start) {
            Value::Blank => None,
            Value::Value(d) => Some(d),
            Value::Bad(m) => {
                self.bad(t.at(row, Col::Start), m);
                return;
            }
        };
        // The checklist's 事项编号 names the item exactly (two of one name and date stay
        // apart); without it (a form made by hand), `名称#2` is the second item of that name
        // and date in the return.
        let key = match t.text(row, Col::ItemKey) {
            Value::Value(k) if !k.is_empty() => k,
            _ => {
                let (name, occurrence) = match name.rsplit_once('#') {
                    Some((n, k)) => match k.parse::<usize>() {
                        Ok(k) if k >= 2 => (n.trim(), k),
                        _ => (name, 1),
                    },
                    None => (name, 1),
                };
                item_key(name, start, occurrence)
            }
        };
        if !self
            .report
            .items(office, &ind)
            .iter()
            .any(|(k, _)| *k == key)
        {
            let whose = &self.data.registry.offices[office].name;
            let why = if self.report.result_of(office).is_none() {
                "该单位没有已评分的自评表".to_string()
            } else {
                format!("{whose}自评表的时效明细中没有 {ind} 的这一事项")
            };
            self.bad(
                t.at(row, Col::Item),
                format!("找不到事项“{}”：{why}", item_shown(&key)),
            );
            return;
        }
        let default = result.holds().then_some(DEFAULT_TRUE_REASON);
        let Some(reason) = self.reason(t, row, default) else {
            return;
        };
        self.entries.push(Entry {
            office,
            indicator: ind,
            item: key,
            wanted: Wanted::Check(result),
            reason,
            at,
        });
    }
}
