//! Spot checks (抽查): `kaoping sample`. Draws, per ranked office, things to check from its
//! return (see [`crate::domain::sampling`] for the population and the draw), and lists them
//! in the checklist workbook ([`checklist`]) that headquarters fills in and gives back to
//! `findings apply`.
//!
//! The report keeps the scores, not the returns' cells: the items are read again here from
//! the files of the ranked offices (checked to be the very files scored, by SHA-256).

pub mod checklist;

use crate::data::DataSet;
use crate::domain::points::Decimal;
use crate::domain::sampling::{self, Candidate, Thing};
use crate::domain::scoring::{Cell, Extension, Field, OfficeReturn};
use crate::import::ImportedFile;
use crate::report::Report;
use chrono::NaiveDate;

/// The most things per office a draw may ask for.
pub const MAX_PER_OFFICE: usize = 10_000;

/// A date as the return gave it: a date, the text written where it is not one, or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateText {
    Date(NaiveDate),
    Text(String),
    Blank,
}

impl DateText {
    fn of(c: &Cell<NaiveDate>) -> DateText {
        match &c.value {
            Field::Value(d) => DateText::Date(*d),
            Field::Blank => DateText::Blank,
            Field::Invalid(t) | Field::NoResult(t) => DateText::Text(t.clone()),
        }
    }

    /// As text (`YYYY-MM-DD`), for a summary or a test.
    pub fn shown(&self) -> String {
        match self {
            DateText::Date(d) => d.format("%Y-%m-%d").to_string(),
            DateText::Text(t) => t.clone(),
            DateText::Blank => String::new(),
        }
    }
}

/// One line of the checklist: a thing drawn, with what the return says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The registry office.
    pub office: usize,
    /// The indicator's id.
    pub indicator: String,
    /// The item's key ([`crate::domain::checks::item_key`]); '' for the indicator's own row.
    pub item: String,
    /// 事项: the item's name; '' for the indicator's own row.
    pub name: String,
    pub start: DateText,
    pub publish: DateText,
    /// 延期 as written (是, a number of days, or the text written).
    pub extension: String,
    /// 自评分: the claim, on the indicator's own row.
    pub claimed: Option<Decimal>,
    /// 自评说明: the indicator row's, or the item's 备注.
    pub note: String,
    /// 佐证材料: the indicator row's.
    pub evidence: String,
    /// The indicator's points (the most a 核定分 may be).
    pub points: Decimal,
}

/// What was drawn from one office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeDraw {
    pub office: usize,
    pub overclaims: bool,
    pub claimed_total: Option<Decimal>,
    pub total: Decimal,
    /// How many things could be drawn.
    pub population: usize,
    /// How many were asked for (`per_office`, doubled when it overclaims).
    pub quota: usize,
    /// How many were drawn (the quota, or the whole population when smaller).
    pub drawn: usize,
}

/// A spot check drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub seed: u64,
    pub per_office: usize,
    /// Every ranked office, in registry order.
    pub offices: Vec<OfficeDraw>,
    /// In registry order, then set order, then item order.
    pub rows: Vec<Row>,
}

impl Sample {
    /// The offices that overclaim (自评虚高).
    pub fn overclaiming(&self) -> impl Iterator<Item = &OfficeDraw> {
        self.offices.iter().filter(|o| o.overclaims)
    }
}

/// The store's record of a draw written to `out`.
pub fn record(
    sample: &Sample,
    evaluator: &str,
    at: &str,
    out: &std::path::Path,
) -> crate::store::DrawRecord {
    let out = out.canonicalize().unwrap_or_else(|_| out.to_path_buf());
    crate::store::DrawRecord {
        id: 0,
        seed: sample.seed,
        per_office: u32::try_from(sample.per_office).unwrap_or(u32::MAX),
        drawn: sample.rows.len() as u64,
        evaluator: evaluator.to_string(),
        at: at.to_string(),
        out: out.display().to_string(),
    }
}

/// What `kaoping sample` prints: the seed, one line per office marked 自评虚高, and the
/// totals.
pub fn summary(data: &DataSet, sample: &Sample) -> Vec<String> {
    use crate::domain::points::fmt2;
    let mut out = vec![format!("随机种子：{}", sample.seed)];
    for o in sample.overclaiming() {
        let claimed = o.claimed_total.unwrap_or_default();
        out.push(format!(
            "自评虚高：{} 自评分合计 {}，总分 {}，自评偏差 {}（大于 {} 分），抽取 {} 项（可抽 {} 项）",
            data.registry.offices[o.office].name,
            fmt2(claimed),
            fmt2(o.total),
            crate::labels::signed(claimed.checked_sub(o.total).unwrap_or_default()),
            fmt2(data.set.overclaim_flag),
            o.drawn,
            o.population
        ));
    }
    out.push(format!(
        "共抽取 {} 项：{} 个单位，每单位 {} 项，自评虚高的单位 {} 项（可抽事项不足的全部抽取）",
        sample.rows.len(),
        sample.offices.len(),
        sample.per_office,
        sampling::quota(sample.per_office, true)
    ));
    out
}

/// A seed from the machine (the OS's randomness behind the standard library's hash keys,
/// and the time), for a draw given none.
pub fn fresh_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    h.write_u128(now);
    h.write_u32(std::process::id());
    h.finish()
}

/// Draws a spot check from the ranked offices of `report` (scored with the store's
/// decisions), reading each office's return again for its items. Fails, naming the file,
/// when a return cannot be read again as it was scored (changed or removed meanwhile).
pub fn draw(
    data: &DataSet,
    report: &Report,
    seed: u64,
    per_office: usize,
) -> Result<Sample, String> {
    use rayon::prelude::*;
    let offices: Vec<usize> = (0..data.registry.len())
        .filter(|&o| report.result_of(o).is_some())
        .collect();
    let returns: Vec<Result<OfficeReturn, String>> = offices
        .par_iter()
        .map(|&o| match report.file_of(o) {
            Some(f) => reread(data, f),
            None => Ok(OfficeReturn::default()),
        })
        .collect();
    let mut read = Vec::with_capacity(returns.len());
    for (o, r) in offices.into_iter().zip(returns) {
        read.push((o, r?));
    }
    Ok(draw_from(data, report, &read, seed, per_office))
}

/// The return of a file scored, read again; an error naming the file when it is no longer
/// the one scored.
fn reread(data: &DataSet, f: &ImportedFile) -> Result<OfficeReturn, String> {
    let again = crate::import::import_return(&f.path, &data.set, &data.registry);
    match again {
        Some(g) if g.sha256 == f.sha256 => g
            .data
            .ok_or_else(|| format!("{}：再次读取时未能读出自评表，请重新运行", f.shown)),
        _ => Err(format!(
            "{}：自评表在评分后已被修改或移走，请重新运行抽查",
            f.shown
        )),
    }
}

/// Draws from the given returns (`(office, its return)`, in registry order) of the
/// offices ranked in `report`.
pub fn draw_from(
    data: &DataSet,
    report: &Report,
    returns: &[(usize, OfficeReturn)],
    seed: u64,
    per_office: usize,
) -> Sample {
    let set = &data.set;
    let mut offices = Vec::new();
    let mut rows = Vec::new();
    for (o, ret) in returns {
        let Some(r) = report.result_of(*o) else {
            continue;
        };
        let name = &data.registry.offices[*o].name;
        let overclaims = sampling::overclaims(set, r);
        let population = sampling::population(set, &r.indicators, ret);
        let quota = sampling::quota(per_office, overclaims);
        let drawn = sampling::draw(seed, name, &population, quota);
        offices.push(OfficeDraw {
            office: *o,
            overclaims,
            claimed_total: r.claimed_total,
            total: r.total,
            population: population.len(),
            quota,
            drawn: drawn.len(),
        });
        for c in drawn {
            rows.push(row(data, *o, r, ret, c));
        }
    }
    Sample {
        seed,
        per_office,
        offices,
        rows,
    }
}

fn row(
    data: &DataSet,
    office: usize,
    r: &crate::domain::assessment::OfficeResult,
    ret: &OfficeReturn,
    c: Candidate,
) -> Row {
    let k = data.set.index_of(&c.indicator).unwrap_or(0);
    let score = &r.indicators[k];
    let points = data.set.indicators[k].points;
    let item = c.item_key().to_string();
    match c.what {
        Thing::Claim(claimed) => Row {
            office,
            indicator: c.indicator,
            item,
            name: String::new(),
            start: DateText::Blank,
            publish: DateText::Blank,
            extension: String::new(),
            claimed: Some(claimed),
            note: score.note.clone(),
            evidence: score.evidence.clone(),
            points,
        },
        Thing::Item { index, .. } => {
            let it = ret
                .items
                .get(&c.indicator)
                .and_then(|v| v.get(index))
                .cloned()
                .unwrap_or_default();
            Row {
                office,
                indicator: c.indicator,
                item,
                name: it.name.trim().to_string(),
                start: DateText::of(&it.start),
                publish: DateText::of(&it.publish),
                extension: match it.extension.value {
                    Field::Blank => String::new(),
                    Field::Value(Extension::Full) => "是".into(),
                    Field::Value(Extension::Days(n)) => n.normalize().to_string(),
                    Field::Invalid(t) | Field::NoResult(t) => t,
                },
                claimed: None,
                note: it.note,
                evidence: score.evidence.clone(),
                points,
            }
        }
    }
}
