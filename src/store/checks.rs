//! Spot-check results (抽查) and headquarters' findings applied from a workbook: the
//! `checks` table, its history (`what` = 'check', the item in `history.item`), and the
//! writes of `kaoping findings apply`, all in one transaction.

use super::read::{nonblank, opt_text, source, text, time, RowsOf};
use super::write::{current, decide_in, log, Entry};
use super::{Store, StoreError};
use crate::domain::checks::{validate_check, Check, CheckResult};
use crate::domain::decision::Decision;
use crate::report::Decisions;
use crate::text::{sanitize, truncate};
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};

/// A decision or a check as the store holds it (its text, unchecked), to compare with what
/// a findings workbook says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRow {
    pub office: String,
    pub indicator: String,
    /// The item of a check ('' for a decision and for a check of the indicator row).
    pub item: String,
    /// `score`, `veto`, `count`, or `check` for a row of `checks`.
    pub what: String,
    /// As stored: `3.00`, `是`, `2`, `不属实`.
    pub value: String,
    pub reason: String,
    pub source: Option<String>,
}

impl StoredRow {
    /// A spot check's result (a row of `checks`), not a decision.
    pub fn is_check(&self) -> bool {
        self.what == "check"
    }
}

/// One write of `kaoping findings apply`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingWrite {
    /// Sets a decision (a score, 是 / 否 or a count), with its source.
    Decide(Decision),
    /// Sets a spot check's result, with its source.
    Check(Check),
    /// Removes a decision (`check` false) or a spot check's result, and records why.
    Clear {
        office: String,
        indicator: String,
        item: String,
        check: bool,
        reason: String,
        evaluator: String,
        at: String,
        source: Option<String>,
    },
}

impl Store {
    /// Every spot-check result, by office, indicator and item; a row that is not a valid
    /// check is reported (see [`Store::take_warnings`]) and left out.
    pub fn checks(&self) -> Result<Vec<Check>, StoreError> {
        self.read(|conn, v| self.checks_in(conn, v))
    }

    /// The decisions and the spot-check results, read in one snapshot of the store: what
    /// [`crate::report::Report::rescore`] applies.
    pub fn decisions_and_checks(&self) -> Result<Decisions, StoreError> {
        self.read(|conn, v| {
            let decisions = self.decisions_in(conn, v)?;
            let checks = self.checks_in(conn, v)?;
            Ok(Decisions::new(decisions).with_checks(checks))
        })
    }

    fn checks_in(&self, conn: &Connection, v: i64) -> rusqlite::Result<Vec<Check>> {
        if v < 4 {
            return Ok(Vec::new());
        }
        let mut st = conn.prepare(
            "SELECT rowid, office, indicator, item, result, reason, evaluator, checked_at, source
             FROM checks ORDER BY office, indicator, item",
        )?;
        let of = RowsOf {
            what: "抽查结果",
            table: "checks",
            unit: "行",
            shown: Some(1..=4),
        };
        let out = self.valid_rows(st.query([])?, &of, |r| self.check_row(r));
        out
    }

    fn check_row(&self, r: &rusqlite::Row) -> Result<Check, String> {
        let office = self.office(r, 1)?;
        let indicator = text(r, 2, "指标")?;
        let item = opt_text(r, 3, "事项")?.unwrap_or_default();
        let word = text(r, 4, "核查结果")?;
        let result = CheckResult::parse(&word).ok_or_else(|| {
            format!(
                "核查结果“{}”不是属实、不属实或无佐证",
                sanitize(&truncate(&word, 20))
            )
        })?;
        let c = Check {
            office,
            indicator,
            item,
            result,
            reason: nonblank(r, 5, "理由")?,
            evaluator: nonblank(r, 6, "核查人")?,
            at: time(r, 7)?,
            source: source(r, 8)?,
        };
        if let Some(k) = &self.check {
            validate_check(&k.set, &c).map_err(|m| sanitize(&m))?;
        }
        Ok(c)
    }

    /// Every decision and check as stored (for `findings apply --dry-run`, which writes
    /// nothing).
    pub fn stored_rows(&self) -> Result<Vec<StoredRow>, StoreError> {
        self.read(stored_rows)
    }

    /// Applies a findings workbook in one IMMEDIATE transaction: `plan` is given every
    /// decision and check as stored inside it and returns the writes (and what to report);
    /// they are made, each with its history, and committed together, or not at all.
    pub fn apply_findings<T>(
        &mut self,
        plan: impl FnOnce(&[StoredRow]) -> (Vec<FindingWrite>, T),
    ) -> Result<T, StoreError> {
        let sql = self.sql();
        self.write(|tx| {
            let rows =
                stored_rows(tx, super::schema::version_of(tx).map_err(&sql)?).map_err(&sql)?;
            let (writes, out) = plan(&rows);
            for w in &writes {
                apply(tx, w).map_err(&sql)?;
            }
            Ok(out)
        })
    }
}

/// Any stored value as text (a row kaoping did not write may hold a number or bytes: it
/// then differs from what a workbook says, and is replaced).
fn raw(r: &rusqlite::Row, i: usize) -> Option<String> {
    match r.get_ref(i) {
        Ok(ValueRef::Null) | Err(_) => None,
        Ok(ValueRef::Integer(n)) => Some(n.to_string()),
        Ok(ValueRef::Real(x)) => Some(x.to_string()),
        Ok(ValueRef::Text(b)) | Ok(ValueRef::Blob(b)) => {
            Some(String::from_utf8_lossy(b).into_owned())
        }
    }
}

fn stored_rows(conn: &Connection, v: i64) -> rusqlite::Result<Vec<StoredRow>> {
    let mut out = Vec::new();
    if v == 0 {
        return Ok(out);
    }
    // An older store (read as it is by a dry run) has no sources and no checks.
    let what = if v >= 3 { "what" } else { "'score'" };
    let source = if v >= 4 { "source" } else { "NULL" };
    let mut st = conn.prepare(&format!(
        "SELECT office, indicator, {what}, score, reason, {source} FROM decisions"
    ))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        out.push(StoredRow {
            office: raw(r, 0).unwrap_or_default(),
            indicator: raw(r, 1).unwrap_or_default(),
            item: String::new(),
            what: raw(r, 2).unwrap_or_default(),
            value: raw(r, 3).unwrap_or_default(),
            reason: raw(r, 4).unwrap_or_default(),
            source: raw(r, 5),
        });
    }
    if v < 4 {
        return Ok(out);
    }
    let mut st =
        conn.prepare("SELECT office, indicator, item, result, reason, source FROM checks")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        out.push(StoredRow {
            office: raw(r, 0).unwrap_or_default(),
            indicator: raw(r, 1).unwrap_or_default(),
            item: raw(r, 2).unwrap_or_default(),
            what: "check".into(),
            value: raw(r, 3).unwrap_or_default(),
            reason: raw(r, 4).unwrap_or_default(),
            source: raw(r, 5),
        });
    }
    Ok(out)
}

/// The result of (office, indicator, item) as stored, if any.
fn current_check(
    tx: &rusqlite::Transaction,
    office: &str,
    indicator: &str,
    item: &str,
) -> rusqlite::Result<Option<String>> {
    tx.query_row(
        "SELECT result FROM checks WHERE office = ?1 AND indicator = ?2 AND item = ?3",
        params![office, indicator, item],
        |r| r.get(0),
    )
    .optional()
}

fn apply(tx: &rusqlite::Transaction, w: &FindingWrite) -> rusqlite::Result<()> {
    match w {
        FindingWrite::Decide(d) => {
            decide_in(tx, d)?;
        }
        FindingWrite::Check(c) => {
            let old = current_check(tx, &c.office, &c.indicator, &c.item)?;
            let word = c.result.word();
            tx.execute(
                "INSERT INTO checks (office, indicator, item, result, reason, evaluator, checked_at, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (office, indicator, item) DO UPDATE SET result = ?4, reason = ?5,
                    evaluator = ?6, checked_at = ?7, source = ?8",
                params![
                    c.office,
                    c.indicator,
                    c.item,
                    word,
                    c.reason,
                    c.evaluator,
                    c.at,
                    c.source
                ],
            )?;
            log(
                tx,
                &Entry {
                    at: &c.at,
                    evaluator: &c.evaluator,
                    office: &c.office,
                    indicator: &c.indicator,
                    old: old.as_deref(),
                    new: Some(word),
                    reason: &c.reason,
                    kind: "set",
                    what: "check",
                    item: &c.item,
                    source: c.source.as_deref(),
                },
            )?;
        }
        FindingWrite::Clear {
            office,
            indicator,
            item,
            check,
            reason,
            evaluator,
            at,
            source,
        } => {
            let old = if *check {
                let old = current_check(tx, office, indicator, item)?;
                tx.execute(
                    "DELETE FROM checks WHERE office = ?1 AND indicator = ?2 AND item = ?3",
                    params![office, indicator, item],
                )?;
                old.map(|v| ("check".to_string(), v))
            } else {
                let old = current(tx, office, indicator)?;
                tx.execute(
                    "DELETE FROM decisions WHERE office = ?1 AND indicator = ?2",
                    params![office, indicator],
                )?;
                old
            };
            if let Some((what, value)) = old {
                log(
                    tx,
                    &Entry {
                        at,
                        evaluator,
                        office,
                        indicator,
                        old: Some(&value),
                        new: None,
                        reason,
                        kind: "clear",
                        what: &what,
                        item,
                        source: source.as_deref(),
                    },
                )?;
            }
        }
    }
    Ok(())
}
