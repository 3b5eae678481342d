//! Writing: decisions, their history, and the imports, each in one IMMEDIATE
//! transaction.

use super::schema::status_word;
use super::{Store, StoreError};
use crate::domain::decision::{is_veto, Decided, Decision};
use crate::import::ImportedFile;
use crate::local::now;
use rusqlite::{params, OptionalExtension, TransactionBehavior};

/// The word stored in `what` for a decided value: `score`, `veto`, `count` (核查数量) or
/// `check` (a spot check's result, in the history). Part of the store's format.
pub(super) fn what_word(v: Decided) -> &'static str {
    v.what()
}

/// A decided value as stored: the score with two decimals, 是 / 否, the count, or the
/// check's result word.
pub(super) fn stored(v: Decided) -> String {
    match v {
        Decided::Score(s) => s.to_string(),
        other => other.plain(),
    }
}

impl Store {
    /// Runs `f` in one IMMEDIATE transaction (so that two writers queue on the busy
    /// timeout instead of failing), committed only if `f` succeeds.
    pub(super) fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.read_only {
            return Err(StoreError::Invalid(format!(
                "{}：以只读方式打开，不能保存；要核定的，请不加 --read-only 重新打开（没有写权限的，{}）",
                self.path.display(),
                super::SHARED_HELP
            )));
        }
        let path = self.path.display().to_string();
        let wrap = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(wrap)?;
        let out = f(&tx)?;
        tx.commit().map_err(wrap)?;
        Ok(out)
    }

    /// Sets a decision and records the change; returns the previous decided value (as
    /// stored).
    pub fn decide(&mut self, d: &Decision) -> Result<Option<String>, StoreError> {
        let sql = self.sql();
        self.write(|tx| decide_in(tx, d).map_err(&sql))
    }

    /// Removes a decision (back to the computed score, or to the veto the office
    /// reported) and records why; returns the value removed (as stored).
    pub fn clear(
        &mut self,
        office: &str,
        indicator: &str,
        reason: &str,
        evaluator: &str,
    ) -> Result<String, StoreError> {
        let sql = self.sql();
        let decided = match &self.check {
            Some(c) if is_veto(&c.set, indicator) => "一票否决",
            _ => "分数",
        };
        self.write(|tx| {
            let Some((what, old)) = current(tx, office, indicator).map_err(&sql)? else {
                return Err(StoreError::Invalid(format!(
                    "{office} {indicator} 的{decided}尚未核定，无需清除"
                )));
            };
            tx.execute(
                "DELETE FROM decisions WHERE office = ?1 AND indicator = ?2",
                params![office, indicator],
            )
            .map_err(&sql)?;
            log(
                tx,
                &Entry {
                    at: &now(),
                    evaluator,
                    office,
                    indicator,
                    old: Some(&old),
                    new: None,
                    reason,
                    kind: "clear",
                    what: &what,
                    item: "",
                    source: None,
                },
            )
            .map_err(&sql)?;
            Ok(old)
        })
    }

    /// Keeps a decision over a return that changed since: it now refers to `file_sha256`.
    pub fn confirm(
        &mut self,
        office: &str,
        indicator: &str,
        evaluator: &str,
        file_sha256: &str,
    ) -> Result<(), StoreError> {
        let sql = self.sql();
        self.write(|tx| {
            let Some((what, value)) = current(tx, office, indicator).map_err(&sql)? else {
                return Err(StoreError::Invalid(format!(
                    "{office} {indicator} 尚未核定，无需确认"
                )));
            };
            tx.execute(
                "UPDATE decisions SET file_sha256 = ?3 WHERE office = ?1 AND indicator = ?2",
                params![office, indicator, file_sha256],
            )
            .map_err(&sql)?;
            log(
                tx,
                &Entry {
                    at: &now(),
                    evaluator,
                    office,
                    indicator,
                    old: Some(&value),
                    new: Some(&value),
                    reason: "报送文件更新后确认核定",
                    kind: "confirm",
                    what: &what,
                    item: "",
                    source: None,
                },
            )
            .map_err(&sql)?;
            Ok(())
        })
    }

    /// Records what each file was when imported (path, size, hash, office, status).
    pub fn record_imports(
        &mut self,
        files: &[ImportedFile],
        office_name: &dyn Fn(usize) -> String,
    ) -> Result<(), StoreError> {
        let sql = self.sql();
        let at = now();
        self.write(|tx| {
            for f in files {
                tx.execute(
                    "INSERT INTO imports (path, size, sha256, office, status, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        f.shown,
                        f.size as i64,
                        f.sha256,
                        f.office.map(office_name),
                        status_word(f.status),
                        at
                    ],
                )
                .map_err(&sql)?;
            }
            Ok(())
        })
    }
}

/// Sets a decision inside a writing transaction and records the change (with its source);
/// returns the previous decided value (as stored). A history row holds values of one kind:
/// a previous decision of another kind (a score where a count is now decided) is recorded
/// as cleared first.
pub(super) fn decide_in(
    tx: &rusqlite::Transaction,
    d: &Decision,
) -> rusqlite::Result<Option<String>> {
    let what = what_word(d.value);
    let before = current(tx, &d.office, &d.indicator)?;
    let old = match before {
        Some((w, v)) if w == what => Some(v),
        Some((w, v)) => {
            // A score once set on a veto indicator (which could only be 0) is not carried,
            // as before; any other kind is cleared in the history.
            if !(w == "score" && what == "veto") {
                log(
                    tx,
                    &Entry {
                        at: &d.at,
                        evaluator: &d.evaluator,
                        office: &d.office,
                        indicator: &d.indicator,
                        old: Some(&v),
                        new: None,
                        reason: &d.reason,
                        kind: "clear",
                        what: &w,
                        item: "",
                        source: d.source.as_deref(),
                    },
                )?;
            }
            None
        }
        None => None,
    };
    let value = stored(d.value);
    tx.execute(
        "INSERT INTO decisions (office, indicator, score, reason, evaluator, decided_at, file_sha256, what, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (office, indicator) DO UPDATE SET score = ?3, reason = ?4, evaluator = ?5,
            decided_at = ?6, file_sha256 = ?7, what = ?8, source = ?9",
        params![
            d.office,
            d.indicator,
            value,
            d.reason,
            d.evaluator,
            d.at,
            d.file_sha256,
            what,
            d.source
        ],
    )?;
    log(
        tx,
        &Entry {
            at: &d.at,
            evaluator: &d.evaluator,
            office: &d.office,
            indicator: &d.indicator,
            old: old.as_deref(),
            new: Some(&value),
            reason: &d.reason,
            kind: "set",
            what,
            item: "",
            source: d.source.as_deref(),
        },
    )?;
    Ok(old)
}

/// The decision of (office, indicator), if any: its `what` and its value, as stored (in a
/// writing transaction, so always of the latest schema).
pub(super) fn current(
    tx: &rusqlite::Transaction,
    office: &str,
    indicator: &str,
) -> rusqlite::Result<Option<(String, String)>> {
    tx.query_row(
        "SELECT what, score FROM decisions WHERE office = ?1 AND indicator = ?2",
        params![office, indicator],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// One change to append to the history.
pub(super) struct Entry<'a> {
    pub at: &'a str,
    pub evaluator: &'a str,
    pub office: &'a str,
    pub indicator: &'a str,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
    pub reason: &'a str,
    pub kind: &'a str,
    pub what: &'a str,
    /// The 时效明细 item of a spot check's change; empty otherwise.
    pub item: &'a str,
    /// Where the change came from (a findings workbook); none when typed.
    pub source: Option<&'a str>,
}

/// Appends one change to the history.
pub(super) fn log(tx: &rusqlite::Transaction, e: &Entry) -> rusqlite::Result<usize> {
    tx.execute(
        "INSERT INTO history (at, evaluator, office, indicator, old, new, reason, kind, what, item, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            e.at,
            e.evaluator,
            e.office,
            e.indicator,
            e.old,
            e.new,
            e.reason,
            e.kind,
            e.what,
            e.item,
            e.source
        ],
    )
}
