//! The workspace store: `DIR/kaoping.db` (SQLite, WAL, busy timeout, versioned schema). It
//! keeps the import snapshot of each file, the current decisions, and an append-only
//! history of every change, for several evaluators working at once.

use crate::domain::decision::{now, Change, Decision};
use crate::domain::points::Decimal;
use crate::import::ImportedFile;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The store's file name inside the folder of returns.
pub const FILE: &str = "kaoping.db";

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
    #[error("{path}: the store is of schema version {found}, newer than this kaoping ({known}); use a newer kaoping")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
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
];

pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
}

fn dec(s: Option<String>) -> Option<Decimal> {
    s.and_then(|s| s.parse().ok())
}

impl Store {
    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.display().to_string(),
            source,
        }
    }

    /// Opens (creating if needed) the store of a folder of returns, readable by its owner
    /// only, and brings its schema up to date.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let path = dir.join(FILE);
        let shown = path.display().to_string();
        create_private(&path).map_err(|source| StoreError::Io {
            path: shown.clone(),
            source,
        })?;
        let conn = Connection::open(&path).map_err(|source| StoreError::Sqlite {
            path: shown.clone(),
            source,
        })?;
        let mut store = Store {
            conn,
            path,
            read_only: false,
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing store for reading only; `None` when the folder has none.
    pub fn open_read_only(dir: &Path) -> Result<Option<Store>, StoreError> {
        let path = dir.join(FILE);
        if !path.exists() {
            return Ok(None);
        }
        let shown = path.display().to_string();
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Sqlite {
            path: shown,
            source,
        })?;
        let store = Store {
            conn,
            path,
            read_only: true,
        };
        store
            .conn
            .busy_timeout(Duration::from_secs(10))
            .map_err(|e| store.err(e))?;
        let v = store.version()?;
        if v > MIGRATIONS.len() as i64 {
            return Err(StoreError::TooNew {
                path: store.path.display().to_string(),
                found: v,
                known: MIGRATIONS.len() as i64,
            });
        }
        Ok(Some(store))
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn configure(&mut self) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(Duration::from_secs(10))
            .map_err(|e| self.err(e))?;
        self.conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| self.err(e))?;
        self.conn
            .pragma_update(None, "synchronous", "FULL")
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The schema version (0 for a new file).
    pub fn version(&self) -> Result<i64, StoreError> {
        let exists: bool = self
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map_err(|e| self.err(e))?
            > 0;
        if !exists {
            return Ok(0);
        }
        self.conn
            .query_row("SELECT version FROM schema_version", [], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
            .map(|v| v.unwrap_or(0))
    }

    /// Runs the missing migration steps, each in its own transaction.
    fn migrate(&mut self) -> Result<(), StoreError> {
        migrate_to(&mut self.conn, MIGRATIONS.len()).map_err(|e| match e {
            MigrateError::Sqlite(source) => StoreError::Sqlite {
                path: self.path.display().to_string(),
                source,
            },
            MigrateError::TooNew(found) => StoreError::TooNew {
                path: self.path.display().to_string(),
                found,
                known: MIGRATIONS.len() as i64,
            },
        })
    }

    /// `PRAGMA data_version`: changes when another connection commits.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    pub fn decisions(&self) -> Result<Vec<Decision>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT office, indicator, score, reason, evaluator, decided_at, file_sha256 FROM decisions ORDER BY office, indicator")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                Ok(Decision {
                    office: r.get(0)?,
                    indicator: r.get(1)?,
                    score: dec(Some(r.get::<_, String>(2)?)).unwrap_or_default(),
                    reason: r.get(3)?,
                    evaluator: r.get(4)?,
                    at: r.get(5)?,
                    file_sha256: r.get(6)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Every change, oldest first; only one office's when given.
    pub fn history(&self, office: Option<&str>) -> Result<Vec<Change>, StoreError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT id, at, evaluator, office, indicator, old, new, reason, kind FROM history
                 WHERE ?1 IS NULL OR office = ?1 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![office], |r| {
                Ok(Change {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    evaluator: r.get(2)?,
                    office: r.get(3)?,
                    indicator: r.get(4)?,
                    old: dec(r.get(5)?),
                    new: dec(r.get(6)?),
                    reason: r.get(7)?,
                    kind: r.get(8)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Runs `f` in one IMMEDIATE transaction (so that two writers queue on the busy
    /// timeout instead of failing), committed only if `f` succeeds.
    fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.read_only {
            return Err(StoreError::Invalid(format!(
                "{}: opened read-only",
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

    /// Sets a decision and records the change; returns the previous decided score.
    pub fn decide(&mut self, d: &Decision) -> Result<Option<Decimal>, StoreError> {
        let sql = self.sql();
        self.write(|tx| {
            let old = current(tx, &d.office, &d.indicator).map_err(&sql)?;
            let score = d.score.to_string();
            tx.execute(
                "INSERT INTO decisions (office, indicator, score, reason, evaluator, decided_at, file_sha256)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (office, indicator) DO UPDATE SET score = ?3, reason = ?4, evaluator = ?5,
                    decided_at = ?6, file_sha256 = ?7",
                params![d.office, d.indicator, score, d.reason, d.evaluator, d.at, d.file_sha256],
            )
            .map_err(&sql)?;
            log(tx, &d.at, &d.evaluator, &d.office, &d.indicator, old.as_deref(), Some(&score), &d.reason, "set")
                .map_err(&sql)?;
            Ok(dec(old))
        })
    }

    /// Removes a decision (back to the computed score) and records why.
    pub fn clear(
        &mut self,
        office: &str,
        indicator: &str,
        reason: &str,
        evaluator: &str,
    ) -> Result<Option<Decimal>, StoreError> {
        let sql = self.sql();
        self.write(|tx| {
            let Some(old) = current(tx, office, indicator).map_err(&sql)? else {
                return Err(StoreError::Invalid(format!(
                    "{office} {indicator} 没有核定分数，无需清除"
                )));
            };
            tx.execute(
                "DELETE FROM decisions WHERE office = ?1 AND indicator = ?2",
                params![office, indicator],
            )
            .map_err(&sql)?;
            log(
                tx,
                &now(),
                evaluator,
                office,
                indicator,
                Some(&old),
                None,
                reason,
                "clear",
            )
            .map_err(&sql)?;
            Ok(dec(Some(old)))
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
            let Some(score) = current(tx, office, indicator).map_err(&sql)? else {
                return Err(StoreError::Invalid(format!(
                    "{office} {indicator} 没有核定分数"
                )));
            };
            tx.execute(
                "UPDATE decisions SET file_sha256 = ?3 WHERE office = ?1 AND indicator = ?2",
                params![office, indicator, file_sha256],
            )
            .map_err(&sql)?;
            let reason = "报送文件更新后确认核定";
            log(
                tx,
                &now(),
                evaluator,
                office,
                indicator,
                Some(&score),
                Some(&score),
                reason,
                "confirm",
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
                        format!("{:?}", f.status).to_lowercase(),
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

/// The decided score of (office, indicator), if any.
fn current(
    tx: &rusqlite::Transaction,
    office: &str,
    indicator: &str,
) -> rusqlite::Result<Option<String>> {
    tx.query_row(
        "SELECT score FROM decisions WHERE office = ?1 AND indicator = ?2",
        params![office, indicator],
        |r| r.get(0),
    )
    .optional()
}

/// Appends one change to the history.
#[allow(clippy::too_many_arguments)]
fn log(
    tx: &rusqlite::Transaction,
    at: &str,
    evaluator: &str,
    office: &str,
    indicator: &str,
    old: Option<&str>,
    new: Option<&str>,
    reason: &str,
    kind: &str,
) -> rusqlite::Result<usize> {
    tx.execute(
        "INSERT INTO history (at, evaluator, office, indicator, old, new, reason, kind)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![at, evaluator, office, indicator, old, new, reason, kind],
    )
}

/// Why a migration could not run.
#[derive(Debug)]
pub enum MigrateError {
    Sqlite(rusqlite::Error),
    TooNew(i64),
}

/// Brings a connection's schema to version `target` (at most `MIGRATIONS.len()`); each step
/// and its version bump commit together. Public so that a test can build an older store.
pub fn migrate_to(conn: &mut Connection, target: usize) -> Result<(), MigrateError> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        .map_err(MigrateError::Sqlite)?;
    loop {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(MigrateError::Sqlite)?;
        let v: i64 = tx
            .query_row("SELECT version FROM schema_version", [], |r| r.get(0))
            .optional()
            .map_err(MigrateError::Sqlite)?
            .unwrap_or(0);
        if v > MIGRATIONS.len() as i64 {
            return Err(MigrateError::TooNew(v));
        }
        if v as usize >= target {
            return Ok(());
        }
        tx.execute_batch(MIGRATIONS[v as usize])
            .map_err(MigrateError::Sqlite)?;
        tx.execute("DELETE FROM schema_version", [])
            .map_err(MigrateError::Sqlite)?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            params![v + 1],
        )
        .map_err(MigrateError::Sqlite)?;
        tx.commit().map_err(MigrateError::Sqlite)?;
    }
}

/// Creates the file readable and writable by its owner only (and makes an existing one so).
fn create_private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
    }
    Ok(())
}
