//! The workspace store: `DIR/kaoping.db` (SQLite, WAL, busy timeout, versioned schema). It
//! keeps the import snapshot of each file, the current decisions, and an append-only
//! history of every change, for several evaluators working at once, each under their own
//! login (see "A shared server" in the README).
//!
//! How the file is made, opened and read:
//! - **Created atomically.** kaoping creates the empty file itself (`O_CREAT|O_EXCL`, never
//!   through a link) and then builds the whole schema in one `BEGIN IMMEDIATE` transaction,
//!   so another process sees either no schema at all or all of it. Readers take a file with
//!   no schema (also a 0-byte one, e.g. after a full disk) as an empty store. This was
//!   chosen over building the schema in a temporary file and linking it into place because
//!   SQLite's own locking already gives the atomicity, it works the same on file systems
//!   without hard links, and it handles an existing 0-byte file without replacing a file
//!   that another process may already have open.
//! - **Migrated by whichever command opens it first**, under the write lock, re-reading the
//!   version inside the transaction; a reader that may not write reads an older schema as
//!   it is.
//! - **Read-only folders and mounts**: read-only open, and `immutable=1` when SQLite cannot
//!   make the `-shm` file beside the store.
//! - **Never through a symbolic link**: a `kaoping.db` that is a link is refused, and SQLite
//!   is asked not to follow one either (`SQLITE_OPEN_NOFOLLOW`).
//! - **Every stored value is checked on read**: a row that is not what kaoping writes is
//!   reported (a warning naming the store and the row) and ignored.
//! - **Modes**: 0600, or 0660 in a group-writable folder (a shared workspace), with the
//!   folder's group; a store that kaoping does not own is never chmod-ed. SQLite gives its
//!   `-wal` and `-shm` files the mode of the store (and, run as root, its owner); their
//!   group is the folder's only when the folder is setgid, hence `chmod 2770`.

use crate::data::DataSet;
use crate::domain::decision::{is_veto, now, validate_score, Change, Decided, Decision};
use crate::domain::indicators::IndicatorSet;
use crate::domain::points::Decimal;
use crate::import::{FileStatus, ImportedFile};
use crate::text::{sanitize, truncate};
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The store's file name inside the folder of returns.
pub const FILE: &str = "kaoping.db";

/// How long a command waits for another one's write.
const BUSY: Duration = Duration::from_secs(10);

/// The longest text kept in any stored field; a longer one is not kaoping's.
const MAX_TEXT: usize = 100_000;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}：存储文件的结构版本为 {found}，比本程序支持的版本（{known}）新；请使用新版 kaoping"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    /// The store cannot be used as it is (a link, not a file, no access): the message says
    /// why and what to do.
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Invalid(String),
}

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
];

/// The word stored in `what` for a decided value: `score` or `veto`. Part of the store's
/// format.
fn what_word(v: Decided) -> &'static str {
    match v {
        Decided::Score(_) => "score",
        Decided::Veto(_) => "veto",
    }
}

/// A decided value as stored: the score with two decimals, or 是 / 否.
fn stored(v: Decided) -> String {
    match v {
        Decided::Score(s) => s.to_string(),
        Decided::Veto(b) => crate::domain::decision::yes_no(b).to_string(),
    }
}

/// The newest schema version.
fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// The word stored for a file's status in `imports.status`: `imported` (已受理), `refused`
/// (退回) or `conflict` (重复报送). These words are part of the store's format.
pub fn status_word(s: FileStatus) -> &'static str {
    match s {
        FileStatus::Imported => "imported",
        FileStatus::Refused => "refused",
        FileStatus::Conflict => "conflict",
    }
}

/// Reads a stored status: the words of [`status_word`], in any case (older kaoping wrote
/// the lower-cased Rust name, which is the same word).
pub fn parse_status(word: &str) -> Option<FileStatus> {
    match word.trim().to_ascii_lowercase().as_str() {
        "imported" => Some(FileStatus::Imported),
        "refused" => Some(FileStatus::Refused),
        "conflict" => Some(FileStatus::Conflict),
        _ => None,
    }
}

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

/// What stored rows are checked against besides their form: the offices and indicators.
struct Check {
    set: IndicatorSet,
    offices: HashSet<String>,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    check: Option<Check>,
    /// Warnings about bad rows not yet taken, and every one given (each is given once).
    pending: RefCell<Vec<String>>,
    given: RefCell<HashSet<String>>,
}

/// The paths of a folder's store: the one to open (in the canonical folder, so that only
/// the file itself could be a link) and the one to show.
fn paths(dir: &Path) -> Result<(PathBuf, String), StoreError> {
    let shown = dir.join(FILE).display().to_string();
    let real = std::fs::canonicalize(dir).map_err(|source| StoreError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    Ok((real.join(FILE), shown))
}

/// Whether the store's file is there, and refuses anything but a regular file.
fn exists(path: &Path, shown: &str) -> Result<bool, StoreError> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(StoreError::Io {
            path: shown.to_string(),
            source,
        }),
        Ok(m) if m.file_type().is_symlink() => Err(symlink_refused(shown)),
        Ok(m) if !m.is_file() => Err(StoreError::Refused(format!(
            "{shown}：不是普通文件，拒绝打开；请移走它，kaoping 会新建存储文件"
        ))),
        Ok(_) => Ok(true),
    }
}

fn symlink_refused(shown: &str) -> StoreError {
    StoreError::Refused(format!(
        "{shown}：是符号链接，拒绝打开。kaoping 不跟随链接，以免读写或改动工作区以外的文件；\
         请把链接换成真正的 kaoping.db（或删除链接，新建存储）"
    ))
}

/// The open flags every connection gets: never through a link, one thread.
fn flags(read_write: bool) -> OpenFlags {
    let base = OpenFlags::SQLITE_OPEN_NOFOLLOW | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if read_write {
        base | OpenFlags::SQLITE_OPEN_READ_WRITE
    } else {
        base | OpenFlags::SQLITE_OPEN_READ_ONLY
    }
}

/// `file:` URI of a path (for `immutable=1`): every byte but unreserved ones and `/`
/// percent-encoded.
fn uri(path: &Path) -> String {
    let mut s = String::from("file:");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// The SQLite error code of an error, if it is one.
fn code(e: &rusqlite::Error) -> Option<(rusqlite::ErrorCode, i32)> {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => Some((f.code, f.extended_code)),
        _ => None,
    }
}

/// Whether an error comes from missing rights (to the file, its `-wal`/`-shm`, the folder,
/// or a read-only mount) rather than from the data.
fn is_access(e: &StoreError) -> bool {
    use rusqlite::ErrorCode::*;
    match e {
        StoreError::Sqlite { source, .. } => matches!(
            code(source),
            Some((
                CannotOpen | ReadOnly | PermissionDenied | AuthorizationForStatementDenied,
                _
            ))
        ),
        StoreError::Io { source, .. } => matches!(
            source.kind(),
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
        ),
        _ => false,
    }
}

fn is_symlink_error(e: &rusqlite::Error) -> bool {
    matches!(code(e), Some((_, x)) if x == rusqlite::ffi::SQLITE_CANTOPEN_SYMLINK)
}

impl Store {
    fn new(conn: Connection, path: PathBuf, read_only: bool) -> Store {
        Store {
            conn,
            path,
            read_only,
            check: None,
            pending: RefCell::new(Vec::new()),
            given: RefCell::new(HashSet::new()),
        }
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.display().to_string(),
            source,
        }
    }

    /// Opens the store of a folder of returns for deciding, creating it if needed, and
    /// brings its schema up to date. A new store is readable by its owner only (0600), or
    /// by the folder's group too (0660) when the folder is group-writable.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let (real, shown) = paths(dir)?;
        let folder = perm::Folder::of(real.parent().unwrap_or(dir));
        if !exists(&real, &shown)? {
            match perm::create(&real, &folder) {
                Ok(()) => {}
                // Another process made it first: use theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    exists(&real, &shown)?;
                }
                Err(source) => {
                    return Err(perm::explain(
                        &real,
                        &shown,
                        StoreError::Io {
                            path: shown.clone(),
                            source,
                        },
                    ))
                }
            }
        } else {
            perm::fit(&real, &folder);
        }
        Store::open_writable(&real, &shown).map_err(|e| perm::explain(&real, &shown, e))
    }

    /// Opens an existing file read-write, sets it up (WAL, timeouts) and migrates it.
    fn open_writable(real: &Path, shown: &str) -> Result<Store, StoreError> {
        let sql = |source: rusqlite::Error| {
            if is_symlink_error(&source) {
                symlink_refused(shown)
            } else {
                StoreError::Sqlite {
                    path: shown.to_string(),
                    source,
                }
            }
        };
        let conn = Connection::open_with_flags(real, flags(true)).map_err(sql)?;
        conn.busy_timeout(BUSY).map_err(sql)?;
        // SQLite opens a file it may not write read-only without saying so.
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(sql)? {
            return Err(StoreError::Sqlite {
                path: shown.to_string(),
                source: rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
                    Some("attempt to write a readonly database".into()),
                ),
            });
        }
        let mut store = Store::new(conn, PathBuf::from(shown), false);
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing store for reading only; `None` when the folder has none. Works in
    /// a folder or on a mount that cannot be written. An older schema is read as it is.
    pub fn open_read_only(dir: &Path) -> Result<Option<Store>, StoreError> {
        let (real, shown) = paths(dir)?;
        if !exists(&real, &shown)? {
            return Ok(None);
        }
        Store::open_reading(&real, &shown)
            .map(Some)
            .map_err(|e| perm::explain(&real, &shown, e))
    }

    /// Opens an existing store to read it (for `score`, `history`, `export`); `None` when
    /// the folder has none. An older or unfinished schema is migrated first when the store
    /// can be written, and read as it is when it cannot.
    pub fn open_existing(dir: &Path) -> Result<Option<Store>, StoreError> {
        let (real, shown) = paths(dir)?;
        if !exists(&real, &shown)? {
            return Ok(None);
        }
        let reading =
            Store::open_reading(&real, &shown).map_err(|e| perm::explain(&real, &shown, e))?;
        if reading.version()? >= latest() {
            return Ok(Some(reading));
        }
        match Store::open_writable(&real, &shown) {
            Ok(s) => Ok(Some(s)),
            Err(e) if is_access(&e) => Ok(Some(reading)),
            Err(e) => Err(e),
        }
    }

    /// A read-only connection that has read the schema: a plain read-only open, or, when
    /// that fails for want of rights (no `-shm` can be made beside the store), an
    /// `immutable` one.
    fn open_reading(real: &Path, shown: &str) -> Result<Store, StoreError> {
        let sql = |source: rusqlite::Error| {
            if is_symlink_error(&source) {
                symlink_refused(shown)
            } else {
                StoreError::Sqlite {
                    path: shown.to_string(),
                    source,
                }
            }
        };
        let attempt = |conn: Connection| -> Result<Store, StoreError> {
            conn.busy_timeout(BUSY).map_err(sql)?;
            let store = Store::new(conn, PathBuf::from(shown), true);
            let v = store.version()?;
            if v > latest() {
                return Err(StoreError::TooNew {
                    path: shown.to_string(),
                    found: v,
                    known: latest(),
                });
            }
            Ok(store)
        };
        let first = Connection::open_with_flags(real, flags(false))
            .map_err(sql)
            .and_then(attempt);
        match first {
            // Keep the first error: it is the one that says what is wrong.
            Err(e) if is_access(&e) => Connection::open_with_flags(
                format!("{}?immutable=1", uri(real)),
                flags(false) | OpenFlags::SQLITE_OPEN_URI,
            )
            .map_err(sql)
            .and_then(attempt)
            .map_err(|_| e),
            other => other,
        }
    }

    /// Checks the rows read from now on against these offices and indicators, besides their
    /// form.
    pub fn checked(mut self, data: &DataSet) -> Store {
        self.check = Some(Check {
            set: data.set.clone(),
            offices: data
                .registry
                .offices
                .iter()
                .map(|o| o.name.clone())
                .collect(),
        });
        self
    }

    /// The warnings about stored rows that were ignored, each given once.
    pub fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut *self.pending.borrow_mut())
    }

    fn warn(&self, w: String) {
        if self.given.borrow_mut().insert(w.clone()) {
            self.pending.borrow_mut().push(w);
        }
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn configure(&mut self) -> Result<(), StoreError> {
        self.conn.busy_timeout(BUSY).map_err(|e| self.err(e))?;
        // Switching a new file to WAL needs its write lock; retry past a busy one.
        let start = std::time::Instant::now();
        loop {
            match self.conn.pragma_update(None, "journal_mode", "WAL") {
                Ok(()) => break,
                Err(e)
                    if matches!(code(&e), Some((rusqlite::ErrorCode::DatabaseBusy, _)))
                        && start.elapsed() < BUSY =>
                {
                    std::thread::sleep(Duration::from_millis(20))
                }
                Err(e) => return Err(self.err(e)),
            }
        }
        self.conn
            .pragma_update(None, "synchronous", "FULL")
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The schema version (0 for a new or empty file).
    pub fn version(&self) -> Result<i64, StoreError> {
        version_of(&self.conn).map_err(|e| self.err(e))
    }

    /// Runs the missing migration steps, all in one write transaction.
    fn migrate(&mut self) -> Result<(), StoreError> {
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

    /// `PRAGMA data_version`: changes when another connection commits.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Runs `f` on one snapshot of the store, given its schema version.
    fn read<T>(
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
        self.read(|conn, v| {
            if v == 0 {
                return Ok(Vec::new());
            }
            let sha = if v >= 2 { "file_sha256" } else { "NULL" };
            let what = if v >= 3 { "what" } else { "'score'" };
            let mut st = conn.prepare(&format!(
                "SELECT rowid, office, indicator, score, reason, evaluator, decided_at, {sha}, {what}
                 FROM decisions ORDER BY office, indicator"
            ))?;
            let mut rows = st.query([])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                match self.decision_row(r) {
                    Ok(d) => out.push(d),
                    Err(why) => self.warn(format!(
                        "{}：核定记录（decisions 第 {} 行：{}）无效，已忽略：{why}",
                        self.path.display(),
                        rowid(r),
                        shown_row(r, 1..=3)
                    )),
                }
            }
            Ok(out)
        })
    }

    fn decision_row(&self, r: &rusqlite::Row) -> Result<Decision, String> {
        let office = self.office(r, 1)?;
        let indicator = text(r, 2, "指标")?;
        let what = what(r, 8)?;
        let value = self.value(what, &indicator, r, 3)?;
        let reason = nonblank(r, 4, "核定理由")?;
        let evaluator = nonblank(r, 5, "核定人")?;
        let at = time(r, 6)?;
        let file_sha256 = match opt_text(r, 7, "文件摘要")? {
            None => None,
            Some(h) if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) => Some(h),
            Some(_) => return Err("文件摘要不是 SHA-256".into()),
        };
        Ok(Decision {
            office,
            indicator,
            value,
            reason,
            evaluator,
            at,
            file_sha256,
        })
    }

    /// A stored office: a registry office's name (when checked), never blank.
    fn office(&self, r: &rusqlite::Row, i: usize) -> Result<String, String> {
        let office = nonblank(r, i, "海关")?;
        match &self.check {
            Some(c) if !c.offices.contains(&office) => Err(format!(
                "“{}”不是名录中的海关",
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
        }
    }

    /// Every change, oldest first; only one office's when given. A row that is not a valid
    /// change is reported (see [`Store::take_warnings`]) and left out.
    pub fn history(&self, office: Option<&str>) -> Result<Vec<Change>, StoreError> {
        self.read(|conn, v| {
            if v == 0 {
                return Ok(Vec::new());
            }
            let kind = if v >= 2 { "kind" } else { "'set'" };
            let what = if v >= 3 { "what" } else { "'score'" };
            let mut st = conn.prepare(&format!(
                "SELECT id, at, evaluator, office, indicator, old, new, reason, {kind}, {what} FROM history
                 WHERE ?1 IS NULL OR office = ?1 ORDER BY id"
            ))?;
            let mut rows = st.query(params![office])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                match self.change_row(r) {
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
        let what = what(r, 9)?;
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
            let mut rows = st.query([])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let rec = (|| -> Result<ImportRecord, String> {
                    let status = text(r, 5, "状态")?;
                    Ok(ImportRecord {
                        path: nonblank(r, 1, "路径")?,
                        size: match r.get_ref(2) {
                            Ok(ValueRef::Integer(n)) if n >= 0 => n,
                            _ => return Err("大小不是整数".into()),
                        },
                        sha256: text(r, 3, "文件摘要")?,
                        office: opt_text(r, 4, "海关")?,
                        status: parse_status(&status).ok_or_else(|| {
                            format!("状态“{}”未知", sanitize(&truncate(&status, 20)))
                        })?,
                        at: time(r, 6)?,
                    })
                })();
                match rec {
                    Ok(x) => out.push(x),
                    Err(why) => self.warn(format!(
                        "{}：导入记录（imports 第 {} 条）无效，已忽略：{why}",
                        self.path.display(),
                        rowid(r)
                    )),
                }
            }
            Ok(out)
        })
    }

    /// Runs `f` in one IMMEDIATE transaction (so that two writers queue on the busy
    /// timeout instead of failing), committed only if `f` succeeds.
    fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.read_only {
            return Err(StoreError::Invalid(format!(
                "{}：以只读方式打开，不能保存",
                self.path.display()
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
        self.write(|tx| {
            let what = what_word(d.value);
            // A history row holds values of one kind: a previous decision of the other kind
            // (a score once set on a veto indicator, which could only be 0) is not carried.
            let old = current(tx, &d.office, &d.indicator)
                .map_err(&sql)?
                .filter(|(w, _)| w == what)
                .map(|(_, v)| v);
            let value = stored(d.value);
            tx.execute(
                "INSERT INTO decisions (office, indicator, score, reason, evaluator, decided_at, file_sha256, what)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (office, indicator) DO UPDATE SET score = ?3, reason = ?4, evaluator = ?5,
                    decided_at = ?6, file_sha256 = ?7, what = ?8",
                params![d.office, d.indicator, value, d.reason, d.evaluator, d.at, d.file_sha256, what],
            )
            .map_err(&sql)?;
            log(tx, &Entry {
                at: &d.at,
                evaluator: &d.evaluator,
                office: &d.office,
                indicator: &d.indicator,
                old: old.as_deref(),
                new: Some(&value),
                reason: &d.reason,
                kind: "set",
                what,
            })
            .map_err(&sql)?;
            Ok(old)
        })
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
                    "{office} {indicator} 没有核定{decided}，无需清除"
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
                    "{office} {indicator} 没有核定"
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

    /// Turns an SQLite error into one that names the store.
    fn sql(&self) -> impl Fn(rusqlite::Error) -> StoreError {
        let path = self.path.display().to_string();
        move |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        }
    }

    /// `PRAGMA integrity_check`: `ok` for a sound database.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

/// The schema version of a connection's database: 0 when it has no schema yet (a new or
/// 0-byte file, or one whose creator has not committed).
fn version_of(conn: &Connection) -> rusqlite::Result<i64> {
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

/// The rowid of a row read (its first column), for warnings.
fn rowid(r: &rusqlite::Row) -> String {
    match r.get_ref(0) {
        Ok(ValueRef::Integer(n)) => n.to_string(),
        _ => "?".into(),
    }
}

/// Some columns of a bad row, as harmless text.
fn shown_row(r: &rusqlite::Row, cols: std::ops::RangeInclusive<usize>) -> String {
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
fn text(r: &rusqlite::Row, i: usize, what: &str) -> Result<String, String> {
    opt_text(r, i, what)?.ok_or_else(|| format!("{what}为空"))
}

fn opt_text(r: &rusqlite::Row, i: usize, what: &str) -> Result<Option<String>, String> {
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

fn nonblank(r: &rusqlite::Row, i: usize, what: &str) -> Result<String, String> {
    let t = text(r, i, what)?;
    if t.trim().is_empty() {
        Err(format!("{what}为空"))
    } else {
        Ok(t)
    }
}

/// A stored time: `YYYY-MM-DD HH:MM:SS` as kaoping writes it (any short text of digits
/// and separators is let through).
fn time(r: &rusqlite::Row, i: usize) -> Result<String, String> {
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

/// Whether a stored row's values are scores or 是 / 否 (the `what` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    Score,
    Veto,
}

/// A stored `what`: `score` or `veto`.
fn what(r: &rusqlite::Row, i: usize) -> Result<What, String> {
    let w = text(r, i, "种类")?;
    match w.as_str() {
        "score" => Ok(What::Score),
        "veto" => Ok(What::Veto),
        _ => Err(format!("种类“{}”未知", sanitize(&truncate(&w, 20)))),
    }
}

/// The decision of (office, indicator), if any: its `what` and its value, as stored (in a
/// writing transaction, so always of the latest schema).
fn current(
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
struct Entry<'a> {
    at: &'a str,
    evaluator: &'a str,
    office: &'a str,
    indicator: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
    reason: &'a str,
    kind: &'a str,
    what: &'a str,
}

/// Appends one change to the history.
fn log(tx: &rusqlite::Transaction, e: &Entry) -> rusqlite::Result<usize> {
    tx.execute(
        "INSERT INTO history (at, evaluator, office, indicator, old, new, reason, kind, what)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            e.at,
            e.evaluator,
            e.office,
            e.indicator,
            e.old,
            e.new,
            e.reason,
            e.kind,
            e.what
        ],
    )
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

/// File modes, owners and the words for a permission error.
mod perm {
    use super::{is_access, StoreError};
    use std::path::Path;

    /// The folder of a store: shared (group-writable, not world-writable) or private, and
    /// its group.
    pub struct Folder {
        pub shared: bool,
        #[cfg_attr(not(unix), allow(dead_code))]
        pub gid: u32,
    }

    impl Folder {
        #[cfg(unix)]
        pub fn of(dir: &Path) -> Folder {
            use std::os::unix::fs::MetadataExt;
            match std::fs::metadata(dir) {
                Ok(m) => Folder {
                    shared: m.mode() & 0o020 != 0 && m.mode() & 0o002 == 0,
                    gid: m.gid(),
                },
                Err(_) => Folder {
                    shared: false,
                    gid: 0,
                },
            }
        }
        #[cfg(not(unix))]
        pub fn of(_dir: &Path) -> Folder {
            Folder {
                shared: false,
                gid: 0,
            }
        }

        fn mode(&self) -> u32 {
            if self.shared {
                0o660
            } else {
                0o600
            }
        }
    }

    /// Creates the empty store file (never through a link, failing if it exists), with the
    /// folder's mode whatever the umask, and in a shared folder with the folder's group.
    #[cfg(unix)]
    pub fn create(path: &Path, folder: &Folder) -> std::io::Result<()> {
        use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
        let f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .custom_flags(libc::O_NOFOLLOW)
            .mode(folder.mode())
            .open(path)?;
        f.set_permissions(std::fs::Permissions::from_mode(folder.mode()))?;
        if folder.shared && f.metadata()?.gid() != folder.gid {
            // Possible only for a member of the group; without it the permission error of
            // the next evaluator says what to do.
            let _ = std::os::unix::fs::fchown(&f, None, Some(folder.gid));
        }
        Ok(())
    }
    #[cfg(not(unix))]
    pub fn create(path: &Path, _folder: &Folder) -> std::io::Result<()> {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map(|_| ())
    }

    /// Gives a store that this login owns the folder's mode (0600, or 0660 in a shared
    /// folder); a store owned by someone else is left as it is. Best effort: if it fails,
    /// opening says why.
    #[cfg(unix)]
    pub fn fit(path: &Path, folder: &Folder) {
        use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
        let Ok(f) = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(path)
        else {
            return;
        };
        let Ok(m) = f.metadata() else { return };
        // SAFETY: geteuid has no preconditions.
        if !m.is_file() || m.uid() != unsafe { libc::geteuid() } {
            return;
        }
        if m.mode() & 0o777 != folder.mode() {
            let _ = f.set_permissions(std::fs::Permissions::from_mode(folder.mode()));
        }
        if folder.shared && m.gid() != folder.gid {
            let _ = std::os::unix::fs::fchown(&f, None, Some(folder.gid));
        }
    }
    #[cfg(not(unix))]
    pub fn fit(_path: &Path, _folder: &Folder) {}

    /// Adds to an access error which file is at fault (the store, its `-wal` or `-shm`, or
    /// the folder), its owner, group and mode, and the fix.
    #[cfg(unix)]
    pub fn explain(real: &Path, shown: &str, e: StoreError) -> StoreError {
        use std::os::unix::fs::MetadataExt;
        if !is_access(&e) {
            return e;
        }
        let dir = real.parent().unwrap_or(Path::new("."));
        let shown_dir = Path::new(shown)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .display()
            .to_string();
        let folder = Folder::of(dir);
        let group_hint = if folder.shared {
            group_name(folder.gid)
        } else {
            "组名".to_string()
        };
        let cause = e.to_string();
        for suffix in ["", "-wal", "-shm"] {
            let f = dir.join(format!("{}{suffix}", super::FILE));
            let Ok(m) = std::fs::symlink_metadata(&f) else {
                continue;
            };
            let name = format!("{shown}{suffix}");
            match access(&f, libc::R_OK | libc::W_OK) {
                Ok(()) => continue,
                Err(errno) if errno == libc::EROFS => {
                    return StoreError::Refused(format!(
                        "{name}：所在的文件系统是只读的，不能保存核定（{cause}）。\
                         查看仍可用：kaoping score、kaoping history、kaoping open --read-only"
                    ))
                }
                Err(_) => {}
            }
            let owner = user_name(m.uid());
            let fix = if folder.shared {
                format!(
                    "请属主 {owner}（或管理员）执行：chgrp {group_hint} {q} && chmod 660 {q}",
                    q = quote(&name)
                )
            } else {
                format!(
                    "该文件夹不是共享文件夹：请属主 {owner} 处理；多人共用时由管理员执行 \
                     chgrp 组名 {d} && chmod 2770 {d} && chgrp 组名 {q} && chmod 660 {q}\
                     （见 README“A shared server”）",
                    d = quote(&shown_dir),
                    q = quote(&name)
                )
            };
            return StoreError::Refused(format!(
                "{name}：没有读写权限（属主 {owner}，属组 {}，权限 {:04o}）。{fix}。（{cause}）",
                group_name(m.gid()),
                m.mode() & 0o7777
            ));
        }
        match access(dir, libc::W_OK | libc::X_OK) {
            Err(errno) if errno == libc::EROFS => StoreError::Refused(format!(
                "{shown_dir}：所在的文件系统是只读的，不能新建或保存存储（{cause}）。\
                 查看仍可用：kaoping score、kaoping history、kaoping open --read-only"
            )),
            Err(_) => {
                let (owner, group, mode) = std::fs::metadata(dir)
                    .map(|m| (user_name(m.uid()), group_name(m.gid()), m.mode() & 0o7777))
                    .unwrap_or_default();
                StoreError::Refused(format!(
                    "{shown_dir}：文件夹不可写（属主 {owner}，属组 {group}，权限 {mode:04o}），\
                     kaoping 要在其中建立 {} 及其 -wal、-shm 文件。请属主 {owner} 处理；多人共用时由管理员执行 \
                     chgrp 组名 {d} && chmod 2770 {d}（见 README“A shared server”）；只查看可用 kaoping open --read-only。（{cause}）",
                    super::FILE,
                    d = quote(&shown_dir)
                ))
            }
            Ok(()) => e,
        }
    }
    #[cfg(not(unix))]
    pub fn explain(_real: &Path, _shown: &str, e: StoreError) -> StoreError {
        e
    }

    /// Single-quotes a path for the shell when it needs it.
    fn quote(s: &str) -> String {
        if s.bytes()
            .all(|b| !b.is_ascii() || b.is_ascii_alphanumeric() || b"/._-+".contains(&b))
        {
            s.to_string()
        } else {
            format!("'{}'", s.replace('\'', r"'\''"))
        }
    }

    /// `access(2)`: `Err(errno)` when the real user may not.
    #[cfg(unix)]
    fn access(p: &Path, mode: libc::c_int) -> Result<(), i32> {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(p.as_os_str().as_bytes()) else {
            return Err(libc::EINVAL);
        };
        // SAFETY: `c` is a valid NUL-terminated string for the duration of the call.
        if unsafe { libc::access(c.as_ptr(), mode) } == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error()
                .raw_os_error()
                .unwrap_or(libc::EACCES))
        }
    }

    /// A login's name, or its number.
    #[cfg(unix)]
    pub fn user_name(uid: u32) -> String {
        let mut buf = vec![0 as libc::c_char; 16384];
        // SAFETY: zeroed passwd is a valid out-parameter; `buf` outlives the call and its
        // length is passed; the name is read only when getpwuid_r reports success.
        unsafe {
            let mut pw: libc::passwd = std::mem::zeroed();
            let mut out: *mut libc::passwd = std::ptr::null_mut();
            if libc::getpwuid_r(uid, &mut pw, buf.as_mut_ptr(), buf.len(), &mut out) == 0
                && !out.is_null()
                && !pw.pw_name.is_null()
            {
                return std::ffi::CStr::from_ptr(pw.pw_name)
                    .to_string_lossy()
                    .into_owned();
            }
        }
        uid.to_string()
    }

    /// A group's name, or its number.
    #[cfg(unix)]
    pub fn group_name(gid: u32) -> String {
        let mut buf = vec![0 as libc::c_char; 16384];
        // SAFETY: as in `user_name`, for getgrgid_r.
        unsafe {
            let mut gr: libc::group = std::mem::zeroed();
            let mut out: *mut libc::group = std::ptr::null_mut();
            if libc::getgrgid_r(gid, &mut gr, buf.as_mut_ptr(), buf.len(), &mut out) == 0
                && !out.is_null()
                && !gr.gr_name.is_null()
            {
                return std::ffi::CStr::from_ptr(gr.gr_name)
                    .to_string_lossy()
                    .into_owned();
            }
        }
        gid.to_string()
    }
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
        ] {
            assert_eq!(parse_status(status_word(s)), Some(s));
            // What older kaoping stored: the lower-cased Debug name.
            assert_eq!(parse_status(&format!("{s:?}").to_lowercase()), Some(s));
            assert_eq!(parse_status(&format!("{s:?}")), Some(s));
        }
        assert_eq!(status_word(FileStatus::Imported), "imported");
        assert_eq!(status_word(FileStatus::Refused), "refused");
        assert_eq!(status_word(FileStatus::Conflict), "conflict");
        assert_eq!(parse_status("已受理"), None);
    }

    #[test]
    fn uris_escape_everything_but_plain_path_bytes() {
        assert_eq!(
            uri(Path::new("/srv/考评 2018/a?b#c%d/kaoping.db")),
            "file:/srv/%E8%80%83%E8%AF%84%202018/a%3Fb%23c%25d/kaoping.db"
        );
    }
}
