//! The spot checks drawn (`draws`): the seed, how many per office, how many were drawn, who,
//! when and the checklist written, so that any draw can be made again.

use super::read::RowsOf;
use super::schema::version_of;
use super::{Store, StoreError, MAX_TEXT};
use crate::text::{sanitize, truncate};
use rusqlite::params;
use rusqlite::types::ValueRef;

/// One spot check drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawRecord {
    /// The row's id (0 for one not stored yet).
    pub id: i64,
    pub seed: u64,
    pub per_office: u32,
    /// Things drawn in all.
    pub drawn: u64,
    pub evaluator: String,
    /// `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    /// The checklist written.
    pub out: String,
}

impl Store {
    /// Records a draw; returns its id. The seed is kept as decimal text (SQLite's integers
    /// are signed).
    pub fn record_draw(&mut self, d: &DrawRecord) -> Result<i64, StoreError> {
        if self.read_only {
            return Err(StoreError::Invalid(format!(
                "{}：以只读方式打开，不能保存；要核定的，请不加 --read-only 重新打开（没有写权限的，{}）",
                self.path.display(),
                super::SHARED_HELP
            )));
        }
        let sql = self.sql();
        // One statement: atomic, and it waits on another writer (busy timeout).
        self.conn
            .execute(
                "INSERT INTO draws (seed, per_office, drawn, evaluator, drawn_at, out)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    d.seed.to_string(),
                    i64::from(d.per_office),
                    i64::try_from(d.drawn).unwrap_or(i64::MAX),
                    d.evaluator,
                    d.at,
                    d.out
                ],
            )
            .map_err(&sql)?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Every draw recorded, oldest first. A row that is not what kaoping writes is reported
    /// (see [`Store::take_warnings`]) and left out; a store older than the table has none.
    pub fn draws(&self) -> Result<Vec<DrawRecord>, StoreError> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let v = version_of(&tx).map_err(|e| self.err(e))?;
        if v < 4 {
            return Ok(Vec::new());
        }
        let mut st = tx
            .prepare(
                "SELECT id, seed, per_office, drawn, evaluator, drawn_at, out FROM draws ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let of = RowsOf {
            what: "抽取记录",
            table: "draws",
            unit: "条",
            shown: None,
        };
        let rows = st.query([]).map_err(|e| self.err(e))?;
        self.valid_rows(rows, &of, draw_row)
            .map_err(|e| self.err(e))
    }
}

fn draw_row(r: &rusqlite::Row) -> Result<DrawRecord, String> {
    let id = int(r, 0, "编号")?;
    let seed = text(r, 1, "随机种子")?;
    let seed: u64 = seed
        .parse()
        .map_err(|_| format!("随机种子“{}”不是整数", shown(&seed)))?;
    let per_office = u32::try_from(int(r, 2, "每单位抽取")?)
        .ok()
        .filter(|&n| n >= 1)
        .ok_or("每单位抽取不是正整数")?;
    let drawn = u64::try_from(int(r, 3, "抽取数量")?).map_err(|_| "抽取数量为负数")?;
    let evaluator = text(r, 4, "抽取人")?;
    let at = text(r, 5, "抽取时间")?;
    if !(at.len() <= 40
        && at
            .chars()
            .all(|c| c.is_ascii_digit() || " -:.TZ+/".contains(c)))
    {
        return Err(format!("抽取时间“{}”不是日期时间", shown(&at)));
    }
    let out = text(r, 6, "清单文件")?;
    Ok(DrawRecord {
        id,
        seed,
        per_office,
        drawn,
        evaluator,
        at,
        out,
    })
}

fn shown(s: &str) -> String {
    sanitize(&truncate(s, 40))
}

fn int(r: &rusqlite::Row, i: usize, what: &str) -> Result<i64, String> {
    match r.get_ref(i) {
        Ok(ValueRef::Integer(n)) => Ok(n),
        _ => Err(format!("{what}不是整数")),
    }
}

/// A non-blank text of at most [`MAX_TEXT`] characters.
fn text(r: &rusqlite::Row, i: usize, what: &str) -> Result<String, String> {
    let t = match r.get_ref(i) {
        Ok(ValueRef::Text(b)) => std::str::from_utf8(b)
            .map_err(|_| format!("{what}不是有效的 UTF-8 文本"))?
            .to_string(),
        Ok(ValueRef::Integer(n)) => n.to_string(),
        _ => return Err(format!("{what}不是文本")),
    };
    if t.trim().is_empty() {
        Err(format!("{what}为空"))
    } else if t.chars().count() > MAX_TEXT {
        Err(format!("{what}超过 {MAX_TEXT} 个字符"))
    } else {
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(seed: u64) -> DrawRecord {
        DrawRecord {
            id: 0,
            seed,
            per_office: 3,
            drawn: 131,
            evaluator: "张三".into(),
            at: "2019-01-20 10:00:00".into(),
            out: "/srv/2018/抽查清单.xlsx".into(),
        }
    }

    #[test]
    fn draws_are_recorded_and_listed_with_the_full_seed() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        assert!(s.draws().unwrap().is_empty());
        let a = s.record_draw(&record(u64::MAX)).unwrap();
        let b = s.record_draw(&record(2018)).unwrap();
        assert!(b > a);
        let got = s.draws().unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0],
            DrawRecord {
                id: a,
                ..record(u64::MAX)
            }
        );
        assert_eq!(got[1].seed, 2018);
        // Stored as decimal text.
        let seed: String = s
            .conn
            .query_row("SELECT seed FROM draws WHERE id = ?1", [a], |r| r.get(0))
            .unwrap();
        assert_eq!(seed, "18446744073709551615");
    }

    #[test]
    fn a_bad_row_is_reported_and_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        s.record_draw(&record(1)).unwrap();
        s.conn
            .execute(
                "INSERT INTO draws (seed, per_office, drawn, evaluator, drawn_at, out)
                 VALUES ('-5', 0, 1, 'x', 'now', 'y')",
                [],
            )
            .unwrap();
        let got = s.draws().unwrap();
        assert_eq!(got.len(), 1);
        let w = s.take_warnings();
        assert_eq!(w.len(), 1);
        assert!(
            w[0].contains("draws 第 2 条") && w[0].contains("随机种子"),
            "{w:?}"
        );
    }

    #[test]
    fn a_read_only_store_records_nothing() {
        let dir = tempfile::tempdir().unwrap();
        Store::open(dir.path()).unwrap();
        let mut s = Store::open_read_only(dir.path()).unwrap().unwrap();
        assert!(s.record_draw(&record(1)).is_err());
    }
}
