//! Opening the store: creating it, read-write, read-only or `immutable`, and never
//! through a symbolic link.

use super::schema::latest;
use super::{perm, Store, StoreError, BUSY, FILE};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

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
pub(super) fn is_access(e: &StoreError) -> bool {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_everything_but_plain_path_bytes() {
        assert_eq!(
            uri(Path::new("/srv/考评 2018/a?b#c%d/kaoping.db")),
            "file:/srv/%E8%80%83%E8%AF%84%202018/a%3Fb%23c%25d/kaoping.db"
        );
    }
}
