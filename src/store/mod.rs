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

mod checks;
mod choices;
mod draws;
mod open;
mod perm;
mod read;
mod schema;
mod write;

pub use checks::{FindingWrite, StoredRow};
pub use draws::DrawRecord;
pub use perm::unwritable_folder;
pub use read::ImportRecord;
pub use schema::{migrate_to, parse_status, status_word, MigrateError, MIGRATIONS};

use crate::data::DataSet;
use crate::domain::indicators::IndicatorSet;
use rusqlite::Connection;
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

/// Where the manual says how to share a folder and fix its rights.
pub(crate) const SHARED_HELP: &str = "见《使用说明》第八章“多人协同”（docs/使用说明.md）";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Said in the evaluator's words, SQLite's own in parentheses (see [`sqlite_message`]).
    #[error("{}", sqlite_message(path, source))]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{}", io_message(path, source))]
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

impl StoreError {
    /// The cause as the system gave it (`DIR/kaoping.db: unable to open database file`), for
    /// the parentheses of a message that says it in Chinese.
    pub(crate) fn raw(&self) -> String {
        match self {
            StoreError::Sqlite { path, source } => format!("{path}: {source}"),
            StoreError::Io { path, source } => format!("{path}: {source}"),
            other => other.to_string(),
        }
    }

    /// Whether another connection's write lock outlasted the wait (SQLite busy or locked).
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            StoreError::Sqlite {
                source: rusqlite::Error::SqliteFailure(f, _),
                ..
            } if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            )
        )
    }
}

/// An SQLite error on the store, in the evaluator's words: what happened and what to do,
/// SQLite's own words in parentheses.
fn sqlite_message(path: &str, e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode::*;
    let code = match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    };
    let what = match code {
        Some(DatabaseBusy | DatabaseLocked) => format!(
            "另一位评分人（或另一个程序）正在写入存储文件，已等待 {} 秒仍未写完；请稍后重新执行。\
             一直如此的，请检查是否有人的 kaoping 停在保存中，或有其他程序（如数据库工具）打开着它",
            BUSY.as_secs()
        ),
        Some(NotADatabase) => "不是 kaoping 的存储文件，或已被其他程序覆盖、损坏；\
             请从备份恢复，或移走它（kaoping 会新建存储文件，核定须重新录入）"
            .to_string(),
        Some(DatabaseCorrupt) => "存储文件已损坏；请从备份恢复，或移走它\
             （kaoping 会新建存储文件，核定须重新录入）"
            .to_string(),
        Some(DiskFull) => "磁盘已满，不能保存；请清理磁盘空间后重新执行".to_string(),
        Some(SystemIoFailure) => {
            "读写存储文件时出错；请检查磁盘（或网络共享）是否正常，再重新执行".to_string()
        }
        Some(FileLockingProtocolFailed) => "所在的文件系统不支持文件锁，多人无法安全共用；\
             请把文件夹放在服务器本机的磁盘上"
            .to_string(),
        Some(CannotOpen | ReadOnly | PermissionDenied | AuthorizationForStatementDenied) => {
            format!("无法打开或写入存储文件；请检查文件夹和存储文件的权限（{SHARED_HELP}）")
        }
        _ => "读写存储文件时出错；请重新执行，一直如此的，请从备份恢复存储文件".to_string(),
    };
    format!("{path}：{what}（{e}）")
}

/// A file system error on the store or its folder, in the evaluator's words.
fn io_message(path: &str, e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let what = match e.kind() {
        NotFound => "找不到；请检查文件夹的路径".to_string(),
        PermissionDenied => format!("没有访问权限；请检查文件夹和存储文件的权限（{SHARED_HELP}）"),
        ReadOnlyFilesystem => "所在的文件系统是只读的，不能保存".to_string(),
        _ => "读写时出错；请检查所在磁盘，再重新执行".to_string(),
    };
    format!("{path}：{what}（{e}）")
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

    /// `PRAGMA data_version`: changes when another connection commits.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
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

impl Store {
    /// Replaces the busy timeout by `handler`, called with the number of earlier calls for
    /// the same wait; `false` gives up (the write fails as busy). The UI's worker uses it
    /// to say that a write waits on another evaluator, and to let the wait be cancelled.
    pub fn set_busy_handler(
        &mut self,
        handler: impl FnMut(i32) -> bool + Send + 'static,
    ) -> Result<(), StoreError> {
        let r = self.conn.busy_handler(Some(handler));
        r.map_err(|e| self.err(e))
    }
}
