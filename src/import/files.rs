//! Reading a file named like a return without trusting what it says about itself: only a
//! regular file is read (a FIFO, a device or a socket is refused without being opened), the
//! type is checked again on the open descriptor, files of the kernel's pseudo file systems
//! (`/proc`, `/sys`, …, whose sizes are made up) are refused, and never more than
//! [`MAX_FILE_BYTES`] + 1 bytes are read whatever size is reported.

use super::budget::{over, MAX_FILE_BYTES};
use super::workbook::Refusal;
use std::fs::File;
use std::io::Read;
use std::path::Path;

fn unreadable(e: std::io::Error) -> Refusal {
    Refusal::file(format!(
        "无法读取文件（{e}）；请检查文件是否还在、是否有读权限，改正后重新导入"
    ))
}

/// What a file system object is, in the evaluator's words, when it is not a regular file.
fn kind(t: std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("命名管道（FIFO）");
        }
        if t.is_socket() {
            return Some("套接字");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("设备文件");
        }
    }
    if t.is_dir() {
        return Some("文件夹");
    }
    (!t.is_file()).then_some("特殊文件")
}

fn not_regular(what: &str) -> Refusal {
    Refusal::file(format!(
        "这是{what}，不是普通文件，不予读取；请报送自评表工作簿文件"
    ))
}

/// Reads a file's bytes, refusing anything that is not a plain file of a reasonable size.
pub fn read(path: &Path) -> Result<Vec<u8>, Refusal> {
    // The path first (following a link), so that a FIFO or a device is never opened.
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if let Some(what) = kind(meta.file_type()) {
        return Err(not_regular(what));
    }
    let file = open(path).map_err(unreadable)?;
    // Then the open descriptor: the path may have been swapped in between.
    let meta = file.metadata().map_err(unreadable)?;
    if let Some(what) = kind(meta.file_type()) {
        return Err(not_regular(what));
    }
    if let Some(fs) = pseudo_fs(&file) {
        return Err(Refusal::file(format!(
            "这是系统的{fs}中的文件，不是自评表，不予读取；请给出存放自评表的文件夹或文件"
        )));
    }
    let too_big = |n: u64| {
        over(
            None,
            format!(
                "{:.1} MB，上限 {} MB",
                n as f64 / (1024.0 * 1024.0),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    // The reported size is a hint, never a promise: read at most one byte past the cap.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&file)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opens for reading without blocking (a FIFO swapped in after the check) and without
/// making a terminal the controlling one.
fn open(path: &Path) -> std::io::Result<File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    o.open(path)
}

/// The name of the kernel's pseudo file system the file is on, if it is on one.
#[cfg(target_os = "linux")]
fn pseudo_fs(file: &File) -> Option<&'static str> {
    use std::os::fd::AsRawFd;
    let mut st = std::mem::MaybeUninit::<libc::statfs>::zeroed();
    // SAFETY: `st` is a properly sized, writable statfs; the descriptor is open.
    let rc = unsafe { libc::fstatfs(file.as_raw_fd(), st.as_mut_ptr()) };
    if rc != 0 {
        return None;
    }
    // SAFETY: fstatfs succeeded and filled it in.
    let st = unsafe { st.assume_init() };
    #[allow(clippy::unnecessary_cast)]
    let magic = st.f_type as i64;
    Some(match magic {
        0x9fa0 => "进程信息文件系统（/proc）",
        0x6265_6572 => "内核对象文件系统（/sys）",
        0x6462_6720 => "调试文件系统（debugfs）",
        0x7472_6163 => "跟踪文件系统（tracefs）",
        0x7363_6673 => "安全文件系统（securityfs）",
        0x0027_e0eb | 0x6367_7270 => "控制组文件系统（cgroup）",
        0xcafe_4a11 => "BPF 文件系统",
        0x6265_6570 => "配置文件系统（configfs）",
        0x6165_676c => "持久存储文件系统（pstore）",
        0xde5e_81e4 => "EFI 变量文件系统（efivarfs）",
        _ => return None,
    })
}

#[cfg(not(target_os = "linux"))]
fn pseudo_fs(_file: &File) -> Option<&'static str> {
    None
}

/// One file reached by two paths (a link, a folder and a file in it) is one identity:
/// its device and inode where there are such, else its canonical path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identity {
    Inode(u64, u64),
    Path(std::path::PathBuf),
}

/// The identity of what `path` names (following links); `None` when it cannot be looked at.
pub fn identity(path: &Path) -> Option<Identity> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some(Identity::Inode(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(Identity::Path)
    }
}
