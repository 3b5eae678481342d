//! The return that counts for an office (以此份为准): `choices`, one row per office (by
//! the file's SHA-256 and its path when chosen), and its changes in the history (`what` =
//! 'file', an empty indicator, old / new = the paths chosen before and now).

use super::read::{nonblank, opt_text, text, time, RowsOf};
use super::write::{log, Entry};
use super::{Store, StoreError};
use crate::choose::Choice;
use crate::domain::decision::{Change, FileChange};
use rusqlite::types::ValueRef;
use rusqlite::{params, OptionalExtension};

/// The reason recorded in the history with a choice.
pub const REASON: &str = "以此份为准";

/// The schema version that has `choices`.
const SINCE: i64 = 4;

impl Store {
    /// Chooses the return that counts for an office, replacing its earlier choice (that is
    /// the undo: choosing the other file), and records the change in the history. Returns
    /// the earlier choice; choosing the same file again (same content, same path) writes
    /// nothing.
    pub fn choose(&mut self, c: &Choice) -> Result<Option<Choice>, StoreError> {
        if c.sha256.len() != 64 || !c.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::Invalid(format!(
                "{}：文件摘要不是 SHA-256，未选定",
                c.path
            )));
        }
        let sql = self.sql();
        self.write(|tx| {
            let old = tx
                .query_row(
                    "SELECT office, sha256, path, evaluator, chosen_at FROM choices WHERE office = ?1",
                    params![c.office],
                    |r| {
                        Ok(Choice {
                            office: r.get(0)?,
                            sha256: r.get(1)?,
                            path: r.get(2)?,
                            evaluator: r.get(3)?,
                            at: r.get(4)?,
                        })
                    },
                )
                .optional()
                .map_err(&sql)?;
            if old
                .as_ref()
                .is_some_and(|o| o.sha256 == c.sha256 && o.path == c.path)
            {
                return Ok(old);
            }
            tx.execute(
                "INSERT INTO choices (office, sha256, path, evaluator, chosen_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (office) DO UPDATE SET sha256 = ?2, path = ?3, evaluator = ?4, chosen_at = ?5",
                params![c.office, c.sha256, c.path, c.evaluator, c.at],
            )
            .map_err(&sql)?;
            log(
                tx,
                &Entry {
                    at: &c.at,
                    evaluator: &c.evaluator,
                    office: &c.office,
                    indicator: "",
                    old: old.as_ref().map(|o| o.path.as_str()),
                    new: Some(&c.path),
                    reason: REASON,
                    kind: "set",
                    what: "file",
                    item: "",
                    source: None,
                },
            )
            .map_err(&sql)?;
            Ok(old)
        })
    }

    /// The choices of the return that counts, by office; a row that is not valid is
    /// reported (see [`Store::take_warnings`]) and left out.
    pub fn choices(&self) -> Result<Vec<Choice>, StoreError> {
        self.read(|conn, v| {
            if v < SINCE {
                return Ok(Vec::new());
            }
            let mut st = conn.prepare(
                "SELECT rowid, office, sha256, path, evaluator, chosen_at FROM choices ORDER BY office",
            )?;
            let of = RowsOf {
                what: "以此份为准的选定",
                table: "choices",
                unit: "行",
                shown: Some(1..=3),
            };
            let out = self.valid_rows(st.query([])?, &of, |r| self.choice_row(r));
            out
        })
    }

    fn choice_row(&self, r: &rusqlite::Row) -> Result<Choice, String> {
        Ok(Choice {
            office: self.office(r, 1)?,
            sha256: sha256(r, 2)?,
            path: nonblank(r, 3, "文件")?,
            evaluator: nonblank(r, 4, "选定人")?,
            at: time(r, 5)?,
        })
    }

    /// A history row of a choice (`what` = 'file'): columns as [`Store::history`] reads
    /// them (id, at, evaluator, office, indicator, old, new, reason, kind, what).
    pub(super) fn file_change_row(&self, r: &rusqlite::Row) -> Result<Change, String> {
        let id = match r.get_ref(0) {
            Ok(ValueRef::Integer(n)) => n,
            _ => return Err("编号不是整数".into()),
        };
        let at = time(r, 1)?;
        let evaluator = nonblank(r, 2, "选定人")?;
        let office = self.office(r, 3)?;
        if !text(r, 4, "指标").unwrap_or_default().is_empty() {
            return Err("以此份为准的记录不应有指标".into());
        }
        let old = match opt_text(r, 5, "原文件")? {
            Some(t) if t.trim().is_empty() => return Err("原文件为空".into()),
            t => t,
        };
        let new = nonblank(r, 6, "选定文件")?;
        let reason = nonblank(r, 7, "理由")?;
        let kind = text(r, 8, "操作")?;
        if kind != "set" {
            return Err("以此份为准的记录只能是选定（set）".into());
        }
        Ok(Change {
            id,
            at,
            evaluator,
            office,
            indicator: String::new(),
            old: None,
            new: None,
            reason,
            kind,
            item: String::new(),
            source: None,
            file: Some(FileChange { old, new }),
        })
    }
}

/// Whether a history row is a choice (`what`, column `i`, is 'file').
pub(super) fn is_file_row(r: &rusqlite::Row, i: usize) -> bool {
    matches!(r.get_ref(i), Ok(ValueRef::Text(b"file")))
}

/// A stored SHA-256: 64 hex digits.
fn sha256(r: &rusqlite::Row, i: usize) -> Result<String, String> {
    let h = text(r, i, "文件摘要")?;
    if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(h)
    } else {
        Err("文件摘要不是 SHA-256".into())
    }
}
