//! Reading the stored rows, each checked: a row that is not what kaoping writes is
//! reported and left out.

use super::schema::{parse_status, version_of};
use super::{Store, StoreError, MAX_TEXT};
use crate::domain::checks::CheckResult;
use crate::domain::decision::{
    is_veto, validate_count, validate_score, validate_source, Change, Decided, Decision,
};
use crate::domain::points::Decimal;
use crate::import::FileStatus;
use crate::text::{sanitize, truncate};
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection};

/// One row of `imports`: what a file was when imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRecord {
    pub path: String,
    pub size: i64,
    pub sha256: String,
    pub office: Option<String>,
    pub status: FileStatus,
    pub at: String,
}

impl Store {
    /// Runs `f` on one snapshot of the store, given its schema version.
    pub(super) fn read<T>(
        &self,
        f: impl FnOnce(&Connection, i64) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let v = version_of(&tx).map_err(|e| self.err(e))?;
        f(&tx, v).map_err(|e| self.err(e))
    }

    /// The current decisions; a row that is not a valid decision is reported (see
    /// [`Store::take_warnings`]) and left out.
    pub fn decisions(&self) -> Result<Vec<Decision>, StoreError> {
        self.read(|conn, v| self.decisions_in(conn, v))
    }

    /// The current decisions read on `conn` (of schema version `v`), as
    /// [`Store::decisions`].
    pub(super) fn decisions_in(
        &self,
        conn: &Connection,
        v: i64,
    ) -> rusqlite::Result<Vec<Decision>> {
        {
            if v == 0 {
                return Ok(Vec::new());
            }
            let sha = if v >= 2 { "file_sha256" } else { "NULL" };
            let what = if v >= 3 { "what" } else { "'score'" };
            let source = if v >= 4 { "source" } else { "NULL" };
            let mut st = conn.prepare(&format!(
                "SELECT rowid, office, indicator, score, reason, evaluator, decided_at, {sha}, {what}, {source}
                 FROM decisions ORDER BY office, indicator"
            ))?;
            let of = RowsOf {
                what: "核定记录",
                table: "decisions",
                unit: "行",
                shown: Some(1..=3),
            };
            let out = self.valid_rows(st.query([])?, &of, |r| self.decision_row(r));
            out
        }
    }

    fn decision_row(&self, r: &rusqlite::Row) -> Result<Decision, String> {
        let office = self.office(r, 1)?;
        let indicator = text(r, 2, "指标")?;
        let what = match what(r, 8)? {
            Some(What::Check) | None => return Err(unknown_what(r, 8)),
            Some(w) => w,
        };
        let value = self.value(what, &indicator, r, 3)?;
        let reason = nonblank(r, 4, "核定理由")?;
        let evaluator = nonblank(r, 5, "核定人")?;
        let at = time(r, 6)?;
        let file_sha256 = match opt_text(r, 7, "文件摘要")? {
            None => None,
            Some(h) if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) => Some(h),
            Some(_) => return Err("文件摘要不是 SHA-256".into()),
        };
        let source = source(r, 9)?;
        Ok(Decision {
            office,
            indicator,
            value,
            reason,
            evaluator,
            at,
            file_sha256,
            source,
        })
    }

    /// A stored office: a registry office's name (when checked), never blank.
    pub(super) fn office(&self, r: &rusqlite::Row, i: usize) -> Result<String, String> {
        let office = nonblank(r, i, "单位")?;
        match &self.check {
            Some(c) if !c.offices.contains(&office) => Err(format!(
                "“{}”不是名单中的单位",
                sanitize(&truncate(&office, 40))
            )),
            _ => Ok(office),
        }
    }

    /// A stored score of `indicator`: two decimals at most, 0 to the indicator's points
    /// (when checked; else at least not negative).
    fn score(&self, indicator: &str, r: &rusqlite::Row, i: usize) -> Result<Decimal, String> {
        let t = text(r, i, "分数")?;
        match &self.check {
            Some(c) => validate_score(&c.set, indicator, &t).map_err(|m| sanitize(&m)),
            None => {
                let Some(d) = crate::domain::points::parse(&t) else {
                    return Err(format!("分数“{}”不是数字", sanitize(&truncate(&t, 40))));
                };
                if d.normalize().scale() > 2 || d < Decimal::ZERO {
                    return Err(format!("分数 {d} 不是 0 以上、最多两位小数的数"));
                }
                Ok(d)
            }
        }
    }

    /// A stored value of `indicator`, by `what` it is: a score (see [`Store::score`]), or
    /// 是 / 否 on a veto indicator (when checked).
    fn value(
        &self,
        what: What,
        indicator: &str,
        r: &rusqlite::Row,
        i: usize,
    ) -> Result<Decided, String> {
        match what {
            What::Score => self.score(indicator, r, i).map(Decided::Score),
            What::Veto => {
                let t = text(r, i, "一票否决")?;
                let v = match t.as_str() {
                    "是" => true,
                    "否" => false,
                    _ => {
                        return Err(format!(
                            "一票否决“{}”不是“是”或“否”",
                            sanitize(&truncate(&t, 40))
                        ))
                    }
                };
                match &self.check {
                    Some(c) if !is_veto(&c.set, indicator) => Err(format!(
                        "{} 不是一票否决指标，不能核定“是”或“否”",
                        sanitize(&truncate(indicator, 40))
                    )),
                    _ => Ok(Decided::Veto(v)),
                }
            }
            What::Count => {
                let t = text(r, i, "核查数量")?;
                let Some(Decided::Count(n)) = Decided::parse_stored("count", &t) else {
                    return Err(format!(
                        "核查数量“{}”不是 0 到 1000000 之间的整数",
                        sanitize(&truncate(&t, 40))
                    ));
                };
                match &self.check {
                    Some(c) => validate_count(&c.set, indicator, Decimal::from(n))
                        .map(Decided::Count)
                        .map_err(|m| sanitize(&m)),
                    None => Ok(Decided::Count(n)),
                }
            }
            What::Check => {
                let t = text(r, i, "核查结果")?;
                CheckResult::parse(&t).map(Decided::Check).ok_or_else(|| {
                    format!(
                        "核查结果“{}”不是属实、不属实或无佐证",
                        sanitize(&truncate(&t, 40))
                    )
                })
            }
        }
    }

    /// Every change, oldest first; only one office's when given. A row that is not a valid
    /// change is reported (see [`Store::take_warnings`]) and left out; a row of a kind this
    /// kaoping does not know (`what`, written by a newer one) is passed over silently.
    pub fn history(&self, office: Option<&str>) -> Result<Vec<Change>, StoreError> {
        self.read(|conn, v| {
            if v == 0 {
                return Ok(Vec::new());
            }
            let kind = if v >= 2 { "kind" } else { "'set'" };
            let what = if v >= 3 { "what" } else { "'score'" };
            let (item, source) = if v >= 4 {
                ("item", "source")
            } else {
                ("''", "NULL")
            };
            let mut st = conn.prepare(&format!(
                "SELECT id, at, evaluator, office, indicator, old, new, reason, {kind}, {what}, {item}, {source} FROM history
                 WHERE ?1 IS NULL OR office = ?1 ORDER BY id"
            ))?;
            let mut rows = st.query(params![office])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                // A change of the return that counts (以此份为准): file names, not values.
                let change = if super::choices::is_file_row(r, 9) {
                    self.file_change_row(r)
                } else if matches!(self::what(r, 9), Ok(None)) {
                    continue;
                } else {
                    self.change_row(r)
                };
                match change {
                    Ok(c) => out.push(c),
                    Err(why) => self.warn(format!(
                        "{}：核定历史（history 第 {} 条：{}）无效，已忽略：{why}",
                        self.path.display(),
                        rowid(r),
                        shown_row(r, 3..=6)
                    )),
                }
            }
            Ok(out)
        })
    }

    fn change_row(&self, r: &rusqlite::Row) -> Result<Change, String> {
        let id = match r.get_ref(0) {
            Ok(ValueRef::Integer(n)) => n,
            _ => return Err("编号不是整数".into()),
        };
        let at = time(r, 1)?;
        let evaluator = nonblank(r, 2, "核定人")?;
        let office = self.office(r, 3)?;
        let indicator = text(r, 4, "指标")?;
        let what = what(r, 9)?.ok_or_else(|| unknown_what(r, 9))?;
        let item = text(r, 10, "事项").or_else(|_| match r.get_ref(10) {
            Ok(ValueRef::Null) => Ok(String::new()),
            _ => Err("事项不是文本".to_string()),
        })?;
        if what == What::Check {
            if let Some(c) = &self.check {
                let timeliness = c.set.indicator(&indicator).is_some_and(|i| {
                    matches!(i.rule, crate::domain::indicators::Rule::Timeliness { .. })
                });
                if !item.is_empty() && !timeliness {
                    return Err(format!(
                        "{} 不是时效类指标，没有时效明细事项",
                        sanitize(&truncate(&indicator, 40))
                    ));
                }
            }
        } else if !item.is_empty() {
            return Err("只有抽查结果有事项".into());
        }
        let old = match r.get_ref(5) {
            Ok(ValueRef::Null) => None,
            _ => Some(self.value(what, &indicator, r, 5)?),
        };
        let new = match r.get_ref(6) {
            Ok(ValueRef::Null) => None,
            _ => Some(self.value(what, &indicator, r, 6)?),
        };
        let reason = nonblank(r, 7, "核定理由")?;
        let kind = text(r, 8, "操作")?;
        let fits = match kind.as_str() {
            "set" => new.is_some(),
            "clear" => old.is_some() && new.is_none(),
            "confirm" => old.is_some() && new.is_some(),
            _ => return Err(format!("操作“{}”未知", sanitize(&truncate(&kind, 20)))),
        };
        if !fits {
            return Err(format!("操作 {kind} 与分数变化不符"));
        }
        let source = source(r, 11)?;
        Ok(Change {
            id,
            at,
            evaluator,
            office,
            indicator,
            old,
            new,
            reason,
            kind,
            item,
            source,
            file: None,
        })
    }

    /// Every import recorded, oldest first; a row that is not valid is reported and left
    /// out.
    pub fn imports(&self) -> Result<Vec<ImportRecord>, StoreError> {
        self.read(|conn, v| {
            if v == 0 {
                return Ok(Vec::new());
            }
            let mut st = conn.prepare(
                "SELECT id, path, size, sha256, office, status, imported_at FROM imports ORDER BY id",
            )?;
            let of = RowsOf {
                what: "导入记录",
                table: "imports",
                unit: "条",
                shown: None,
            };
            let out = self.valid_rows(st.query([])?, &of, |r| -> Result<ImportRecord, String> {
                    let status = text(r, 5, "状态")?;
                    Ok(ImportRecord {
                        path: nonblank(r, 1, "路径")?,
                        size: match r.get_ref(2) {
                            Ok(ValueRef::Integer(n)) if n >= 0 => n,
                            _ => return Err("大小不是整数".into()),
                        },
                        sha256: text(r, 3, "文件摘要")?,
                        office: opt_text(r, 4, "单位")?,
                        status: parse_status(&status).ok_or_else(|| {
                            format!("状态“{}”未知", sanitize(&truncate(&status, 20)))
                        })?,
                        at: time(r, 6)?,
                    })
            });
            out
        })
    }
}

/// How a table's bad rows are named in a warning: what its rows are (`核定记录`), the
/// table, the word for a row (`行`, `条`), and the columns of a bad row shown beside its
/// rowid (none: the rowid alone).
pub(super) struct RowsOf<'a> {
    pub what: &'a str,
    pub table: &'a str,
    pub unit: &'a str,
    pub shown: Option<std::ops::RangeInclusive<usize>>,
}

impl Store {
    /// Every row of `rows` read by `row`, in order: a row that is not valid is reported
    /// (see [`Store::take_warnings`]), named as `of` says, and left out.
    pub(super) fn valid_rows<T>(
        &self,
        mut rows: rusqlite::Rows<'_>,
        of: &RowsOf,
        mut row: impl FnMut(&rusqlite::Row) -> Result<T, String>,
    ) -> rusqlite::Result<Vec<T>> {
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            match row(r) {
                Ok(x) => out.push(x),
                Err(why) => {
                    let mut at = format!("{} 第 {} {}", of.table, rowid(r), of.unit);
                    if let Some(cols) = &of.shown {
                        at = format!("{at}：{}", shown_row(r, cols.clone()));
                    }
                    self.warn(format!(
                        "{}：{}（{at}）无效，已忽略：{why}",
                        self.path.display(),
                        of.what
                    ));
                }
            }
        }
        Ok(out)
    }
}

/// The rowid of a row read (its first column), for warnings.
pub(super) fn rowid(r: &rusqlite::Row) -> String {
    match r.get_ref(0) {
        Ok(ValueRef::Integer(n)) => n.to_string(),
        _ => "?".into(),
    }
}

/// Some columns of a bad row, as harmless text.
pub(super) fn shown_row(r: &rusqlite::Row, cols: std::ops::RangeInclusive<usize>) -> String {
    cols.map(|i| match r.get_ref(i) {
        Ok(ValueRef::Null) => "（空）".to_string(),
        Ok(ValueRef::Integer(n)) => n.to_string(),
        Ok(ValueRef::Real(x)) => x.to_string(),
        Ok(ValueRef::Text(b)) => sanitize(&truncate(&String::from_utf8_lossy(b), 30)),
        Ok(ValueRef::Blob(b)) => format!("（{} 字节的二进制数据）", b.len()),
        Err(_) => "?".into(),
    })
    .collect::<Vec<_>>()
    .join(" ")
}

/// A stored text column: UTF-8 text (or a whole number), not overlong.
pub(super) fn text(r: &rusqlite::Row, i: usize, what: &str) -> Result<String, String> {
    opt_text(r, i, what)?.ok_or_else(|| format!("{what}为空"))
}

pub(super) fn opt_text(r: &rusqlite::Row, i: usize, what: &str) -> Result<Option<String>, String> {
    match r.get_ref(i) {
        Ok(ValueRef::Null) => Ok(None),
        Ok(ValueRef::Integer(n)) => Ok(Some(n.to_string())),
        Ok(ValueRef::Text(b)) => match std::str::from_utf8(b) {
            Ok(s) if s.chars().count() <= MAX_TEXT => Ok(Some(s.to_string())),
            Ok(_) => Err(format!("{what}超过 {MAX_TEXT} 个字符")),
            Err(_) => Err(format!("{what}不是有效的 UTF-8 文本")),
        },
        Ok(ValueRef::Real(_)) => Err(format!("{what}是浮点数，不是文本")),
        Ok(ValueRef::Blob(_)) => Err(format!("{what}是二进制数据，不是文本")),
        Err(e) => Err(format!("{what}无法读取：{e}")),
    }
}

pub(super) fn nonblank(r: &rusqlite::Row, i: usize, what: &str) -> Result<String, String> {
    let t = text(r, i, what)?;
    if t.trim().is_empty() {
        Err(format!("{what}为空"))
    } else {
        Ok(t)
    }
}

/// A stored time: `YYYY-MM-DD HH:MM:SS` as kaoping writes it (any short text of digits
/// and separators is let through).
pub(super) fn time(r: &rusqlite::Row, i: usize) -> Result<String, String> {
    let t = nonblank(r, i, "时间")?;
    if t.len() <= 40
        && t.chars()
            .all(|c| c.is_ascii_digit() || " -:.TZ+/".contains(c))
    {
        Ok(t)
    } else {
        Err(format!("时间“{}”不是日期时间", sanitize(&truncate(&t, 40))))
    }
}

/// Whether a stored row's values are scores, 是 / 否, counts (核查数量) or spot-check
/// results (the `what` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum What {
    Score,
    Veto,
    Count,
    Check,
}

/// A stored `what`: `score`, `veto`, `count` or `check`; none for another word (a kind of
/// change a newer kaoping writes).
fn what(r: &rusqlite::Row, i: usize) -> Result<Option<What>, String> {
    let w = text(r, i, "种类")?;
    Ok(match w.as_str() {
        "score" => Some(What::Score),
        "veto" => Some(What::Veto),
        "count" => Some(What::Count),
        "check" => Some(What::Check),
        _ => None,
    })
}

/// Why a row's `what` is not one it may have.
fn unknown_what(r: &rusqlite::Row, i: usize) -> String {
    let w = text(r, i, "种类").unwrap_or_default();
    format!("种类“{}”未知", sanitize(&truncate(&w, 20)))
}

/// A stored source (see [`Decision::source`]): none, or printable text of a bounded
/// length.
pub(super) fn source(r: &rusqlite::Row, i: usize) -> Result<Option<String>, String> {
    match opt_text(r, i, "来源")? {
        None => Ok(None),
        Some(s) => {
            validate_source(&s).map_err(|m| sanitize(&m))?;
            Ok(Some(s))
        }
    }
}
