//! The schema and its migrations, and the words the store keeps for a file's status.

use super::{Store, StoreError};
use crate::import::FileStatus;
use rusqlite::{params, Connection, TransactionBehavior};

/// The schema, step by step: a store of version n has run the first n steps.
pub const MIGRATIONS: &[&str] = &[
    // 1: imports, decisions, history.
    "CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        office TEXT,
        status TEXT NOT NULL,
        imported_at TEXT NOT NULL
    );
    CREATE TABLE decisions (
        office TEXT NOT NULL,
        indicator TEXT NOT NULL,
        score TEXT NOT NULL,
        reason TEXT NOT NULL,
        evaluator TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        PRIMARY KEY (office, indicator)
    );
    CREATE TABLE history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        evaluator TEXT NOT NULL,
        office TEXT NOT NULL,
        indicator TEXT NOT NULL,
        old TEXT,
        new TEXT,
        reason TEXT NOT NULL
    );",
    // 2: the return a decision was made on (to flag a later change), the kind of each
    // change, and a history that can only grow.
    "ALTER TABLE decisions ADD COLUMN file_sha256 TEXT;
    ALTER TABLE history ADD COLUMN kind TEXT NOT NULL DEFAULT 'set';
    CREATE TRIGGER history_no_update BEFORE UPDATE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    CREATE TRIGGER history_no_delete BEFORE DELETE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    CREATE INDEX history_office ON history (office, id);",
    // 3: decisions on a veto indicator (一票否决): `what` says whether a row's values
    // (`decisions.score`, `history.old` and `history.new`) are scores (`score`) or 是 / 否
    // (`veto`). Older rows are scores.
    "ALTER TABLE decisions ADD COLUMN what TEXT NOT NULL DEFAULT 'score';
    ALTER TABLE history ADD COLUMN what TEXT NOT NULL DEFAULT 'score';",
    // 4: headquarters' findings (核查记录), spot checks (抽查) and the version that counts.
    // - `decisions.what` may also be `count` (核查数量: the count headquarters found, which
    //   replaces the office's 数量 and is scored by the rule).
    // - `source` names where a decision or change came from: a findings or checklist
    //   workbook by file name and SHA-256 (`核查记录.xlsx（SHA-256 ab12…）`); NULL when an
    //   evaluator typed it.
    // - `checks`: one spot-check result (属实 / 不属实 / 无佐证) per office, indicator and
    //   item (`item` is '' for the indicator's own row, a claimed full mark; else the
    //   时效明细 item's key). Their changes go to `history` with `what` = 'check' and the
    //   item in `history.item`.
    // - `draws`: every spot check drawn, with its seed, so that it can be drawn again.
    // - `choices`: which of an office's returns counts when it sent more than one (by the
    //   file's SHA-256, and the path as it was); their changes go to `history` with `what`
    //   = 'file' and an empty indicator.
    "ALTER TABLE decisions ADD COLUMN source TEXT;
    ALTER TABLE history ADD COLUMN source TEXT;
    ALTER TABLE history ADD COLUMN item TEXT NOT NULL DEFAULT '';
    CREATE TABLE checks (
        office TEXT NOT NULL,
        indicator TEXT NOT NULL,
        item TEXT NOT NULL DEFAULT '',
        result TEXT NOT NULL,
        reason TEXT NOT NULL,
        evaluator TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        source TEXT,
        PRIMARY KEY (office, indicator, item)
    );
    CREATE TABLE draws (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        seed TEXT NOT NULL,
        per_office INTEGER NOT NULL,
        drawn INTEGER NOT NULL,
        evaluator TEXT NOT NULL,
        drawn_at TEXT NOT NULL,
        out TEXT NOT NULL
    );
    CREATE TABLE choices (
        office TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        path TEXT NOT NULL,
        evaluator TEXT NOT NULL,
        chosen_at TEXT NOT NULL
    );",
];

/// The newest schema version.
pub(super) fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// The word stored for a file's status in `imports.status`: `imported` (已受理), `refused`
/// (退回), `conflict` (重复报送) or `superseded` (未采用: another return of the office was
/// chosen to count). These words are part of the store's format.
pub fn status_word(s: FileStatus) -> &'static str {
    match s {
        FileStatus::Imported => "imported",
        FileStatus::Refused => "refused",
        FileStatus::Conflict => "conflict",
        FileStatus::Superseded => "superseded",
    }
}

/// Reads a stored status: the words of [`status_word`], in any case (older kaoping wrote
/// the lower-cased Rust name, which is the same word).
pub fn parse_status(word: &str) -> Option<FileStatus> {
    match word.trim().to_ascii_lowercase().as_str() {
        "imported" => Some(FileStatus::Imported),
        "refused" => Some(FileStatus::Refused),
        "conflict" => Some(FileStatus::Conflict),
        "superseded" => Some(FileStatus::Superseded),
        _ => None,
    }
}

impl Store {
    /// The schema version (0 for a new or empty file).
    pub fn version(&self) -> Result<i64, StoreError> {
        version_of(&self.conn).map_err(|e| self.err(e))
    }

    /// Runs the missing migration steps, all in one write transaction.
    pub(super) fn migrate(&mut self) -> Result<(), StoreError> {
        if self.version()? == latest() {
            return Ok(());
        }
        migrate_to(&mut self.conn, MIGRATIONS.len()).map_err(|e| match e {
            MigrateError::Sqlite(source) => StoreError::Sqlite {
                path: self.path.display().to_string(),
                source,
            },
            MigrateError::TooNew(found) => StoreError::TooNew {
                path: self.path.display().to_string(),
                found,
                known: latest(),
            },
        })
    }
}

/// The schema version of a connection's database: 0 when it has no schema yet (a new or
/// 0-byte file, or one whose creator has not committed).
pub(super) fn version_of(conn: &Connection) -> rusqlite::Result<i64> {
    let exists: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
        [],
        |r| r.get(0),
    )?;
    if exists == 0 {
        return Ok(0);
    }
    conn.query_row("SELECT max(version) FROM schema_version", [], |r| {
        r.get::<_, Option<i64>>(0)
    })
    .map(|v| v.unwrap_or(0))
}

/// Why a migration could not run.
#[derive(Debug)]
pub enum MigrateError {
    Sqlite(rusqlite::Error),
    TooNew(i64),
}

/// Brings a connection's schema to version `target` (at most `MIGRATIONS.len()`): the
/// version is read and every missing step run in one IMMEDIATE transaction, so that no
/// reader sees a half-made schema and two processes never run a step twice. Public so that
/// a test can build an older store.
pub fn migrate_to(conn: &mut Connection, target: usize) -> Result<(), MigrateError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(MigrateError::Sqlite)?;
    let v = version_of(&tx).map_err(MigrateError::Sqlite)?;
    if v > latest() {
        return Err(MigrateError::TooNew(v));
    }
    if v as usize >= target {
        return Ok(());
    }
    tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        .map_err(MigrateError::Sqlite)?;
    for step in &MIGRATIONS[v as usize..target] {
        tx.execute_batch(step).map_err(MigrateError::Sqlite)?;
    }
    tx.execute("DELETE FROM schema_version", [])
        .map_err(MigrateError::Sqlite)?;
    tx.execute(
        "INSERT INTO schema_version (version) VALUES (?1)",
        params![target as i64],
    )
    .map_err(MigrateError::Sqlite)?;
    tx.commit().map_err(MigrateError::Sqlite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words_are_stable_and_old_rows_read() {
        for s in [
            FileStatus::Imported,
            FileStatus::Refused,
            FileStatus::Conflict,
            FileStatus::Superseded,
        ] {
            assert_eq!(parse_status(status_word(s)), Some(s));
            // What older kaoping stored: the lower-cased Debug name.
            assert_eq!(parse_status(&format!("{s:?}").to_lowercase()), Some(s));
            assert_eq!(parse_status(&format!("{s:?}")), Some(s));
        }
        assert_eq!(status_word(FileStatus::Imported), "imported");
        assert_eq!(status_word(FileStatus::Refused), "refused");
        assert_eq!(status_word(FileStatus::Conflict), "conflict");
        assert_eq!(status_word(FileStatus::Superseded), "superseded");
        assert_eq!(parse_status("已受理"), None);
    }
}
