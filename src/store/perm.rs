//! File modes, owners and the words for a permission error.

use super::{open::is_access, StoreError};
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
    let cause = e.raw();
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
                 （{}）",
                super::SHARED_HELP,
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
                 chgrp 组名 {d} && chmod 2770 {d}（{}）；只查看可用 kaoping open --read-only。（{cause}）",
                super::FILE,
                super::SHARED_HELP,
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

/// Why `file` could not be written into `dir` for missing rights (an export into the folder
/// of returns), in the words of the store's own permission errors: the folder, its owner,
/// group and mode, and the fix; or that the file system is read-only.
#[cfg(unix)]
pub fn unwritable_folder(dir: &Path, file: &Path, e: &std::io::Error) -> String {
    use std::os::unix::fs::MetadataExt;
    let shown_dir = dir.display().to_string();
    let name = file.display();
    if e.kind() == std::io::ErrorKind::ReadOnlyFilesystem {
        return format!("{shown_dir}：所在的文件系统是只读的，不能写入 {name}（{e}）");
    }
    let (owner, group, mode) = std::fs::metadata(dir)
        .map(|m| (user_name(m.uid()), group_name(m.gid()), m.mode() & 0o7777))
        .unwrap_or_default();
    format!(
        "{shown_dir}：文件夹不可写（属主 {owner}，属组 {group}，权限 {mode:04o}），不能写入 {name}。\
         请属主 {owner} 处理；多人共用时由管理员执行 chgrp 组名 {d} && chmod 2770 {d}\
         （{}）。（{e}）",
        super::SHARED_HELP,
        d = quote(&shown_dir)
    )
}
#[cfg(not(unix))]
pub fn unwritable_folder(_dir: &Path, file: &Path, e: &std::io::Error) -> String {
    format!("{}: {e}", file.display())
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
