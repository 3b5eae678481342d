//! The workspace store (DIR/kaoping.db) against the unlucky and the shared: many processes
//! on a fresh folder, an older schema met by any command, a 0-byte file, a read-only folder
//! or mount, a symbolic link, rows that kaoping did not write, and a folder shared by two
//! logins of one group.
//!
//! Tests that need another login or a mount run only as root (as CI does); elsewhere they
//! print why they are skipped.
#![cfg(unix)]

use kaoping::data::DataSet;
use kaoping::domain::decision::{Decided, Decision};
use kaoping::local::now;
use kaoping::report::Report;
use kaoping::store::{migrate_to, Store, FILE, MIGRATIONS};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(part: &str) -> PathBuf {
    std::fs::read_dir(root().join("samples/2018"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_str().unwrap().contains(part))
        .unwrap()
}

/// Copies the returns of 广州海关 and 北京海关 into `dir`.
fn fill(dir: &Path) {
    for part in ["广州海关", "北京海关"] {
        let s = sample(part);
        std::fs::copy(&s, dir.join(s.file_name().unwrap())).unwrap();
    }
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fill(dir.path());
    dir
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("kaoping")
}

fn kaoping(args: &[&str], dir: &Path) -> Output {
    Command::new(bin())
        .args(args)
        .arg(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[track_caller]
fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stdout)
}

/// The A3 column of an office in `score --format csv` output.
fn a3(csv: &str, office: &str) -> String {
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert_eq!(header[12], "A3");
    csv.lines()
        .find(|l| l.split(',').nth(1) == Some(office))
        .unwrap_or_else(|| panic!("no {office} in {csv}"))
        .split(',')
        .nth(12)
        .unwrap()
        .to_string()
}

fn decide(dir: &Path, office: &str, ind: &str, score: &str, reason: &str) -> Output {
    kaoping(
        &[
            "adjust",
            "--office",
            office,
            "--indicator",
            ind,
            "--score",
            score,
            "--reason",
            reason,
            "--evaluator",
            "甲",
        ],
        dir,
    )
}

fn version_of(dir: &Path) -> i64 {
    let conn = rusqlite::Connection::open(dir.join(FILE)).unwrap();
    conn.query_row("SELECT version FROM schema_version", [], |r| r.get(0))
        .unwrap()
}

/// A store of schema version 1 with one decision (广州海关 A3 → 4.00, 旧版核定).
fn v1_store(dir: &Path) {
    let mut conn = rusqlite::Connection::open(dir.join(FILE)).unwrap();
    migrate_to(&mut conn, 1).unwrap();
    conn.execute(
        "INSERT INTO decisions (office, indicator, score, reason, evaluator, decided_at) VALUES ('广州海关', 'A3', '4.00', '旧版核定', '李四', '2019-01-05 10:00:00')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO history (at, evaluator, office, indicator, old, new, reason) VALUES ('2019-01-05 10:00:00', '李四', '广州海关', 'A3', NULL, '4.00', '旧版核定')",
        [],
    )
    .unwrap();
}

/// The path of `exe` if every login may run it; else a copy in `into` that they may.
fn runnable_by_all(exe: &Path, into: &Path) -> PathBuf {
    let public = exe.ancestors().skip(1).all(|a| {
        std::fs::metadata(a)
            .map(|m| m.mode() & 0o001 != 0)
            .unwrap_or(false)
    }) && std::fs::metadata(exe)
        .map(|m| m.mode() & 0o005 == 0o005)
        .unwrap_or(false);
    if public {
        return exe.to_path_buf();
    }
    std::fs::set_permissions(into, std::fs::Permissions::from_mode(0o755)).unwrap();
    let copy = into.join(exe.file_name().unwrap());
    std::fs::copy(exe, &copy).unwrap();
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
    copy
}

/// Runs the command as another login (from root): its uid, its group as the only one, and
/// this umask.
fn as_login(cmd: &mut Command, uid: u32, gid: u32, umask: u32) -> &mut Command {
    // SAFETY: only async-signal-safe calls (setgroups, setgid, setuid, umask) between fork
    // and exec.
    unsafe {
        cmd.pre_exec(move || {
            let groups = [gid];
            if libc::setgroups(1, groups.as_ptr()) != 0
                || libc::setgid(gid) != 0
                || libc::setuid(uid) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            libc::umask(umask as libc::mode_t);
            Ok(())
        })
    }
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn chown_all(p: &Path, uid: u32, gid: u32) {
    std::os::unix::fs::lchown(p, Some(uid), Some(gid)).unwrap();
    if p.is_dir() {
        for e in std::fs::read_dir(p).unwrap() {
            chown_all(&e.unwrap().path(), uid, gid);
        }
    }
}

// ---------------------------------------------------------------------------------------
// 1. Created atomically.

#[test]
fn many_processes_on_a_fresh_folder_never_see_a_half_made_store() {
    for round in 0..12 {
        let dir = workspace();
        let d = dir.path();
        if round % 3 == 2 {
            // A 0-byte store left behind (e.g. by a full disk) is just as new.
            std::fs::write(d.join(FILE), b"").unwrap();
        }
        let out = tempfile::tempdir().unwrap();
        let mut children = Vec::new();
        for (i, ind) in ["A1", "A2", "A3", "A4"].into_iter().enumerate() {
            let office = if i % 2 == 0 {
                "广州海关"
            } else {
                "北京海关"
            };
            children.push(
                Command::new(bin())
                    .arg("adjust")
                    .arg(d)
                    .args(["--office", office, "--indicator", ind, "--score", "1"])
                    .args([
                        "--reason",
                        &format!("第{round}轮{ind}"),
                        "--evaluator",
                        "甲",
                    ])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap(),
            );
        }
        for args in [
            vec!["score", "--format", "csv"],
            vec!["history"],
            vec!["score"],
            vec!["export", "--out"],
        ] {
            let mut c = Command::new(bin());
            c.args(&args);
            if args[0] == "export" {
                c.arg(out.path().join("排名.xlsx"));
            }
            children.push(
                c.arg(d)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap(),
            );
        }
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert!(
                o.status.success() && o.stderr.is_empty(),
                "round {round}: exit {:?}: {}",
                o.status.code(),
                text(&o.stderr)
            );
        }
        let s = Store::open(d).unwrap();
        assert_eq!(s.version().unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(s.history(None).unwrap().len(), 4, "round {round}");
        assert_eq!(s.decisions().unwrap().len(), 4);
        assert_eq!(s.integrity_check().unwrap(), "ok");
    }
}

#[test]
fn a_reader_takes_a_file_without_schema_as_an_empty_store() {
    let dir = tempfile::tempdir().unwrap();
    // What a reader meets while a creator holds its write lock: a database with no table.
    let conn = rusqlite::Connection::open(dir.path().join(FILE)).unwrap();
    conn.execute_batch("PRAGMA user_version = 0; CREATE TABLE unrelated (x)")
        .unwrap();
    drop(conn);
    let s = Store::open_read_only(dir.path()).unwrap().unwrap();
    assert_eq!(s.version().unwrap(), 0);
    assert!(s.decisions().unwrap().is_empty());
    assert!(s.history(None).unwrap().is_empty());
    assert!(s.imports().unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------
// 2. Migrated by whichever command opens it first.

#[test]
fn every_command_migrates_an_older_store_first() {
    let latest = MIGRATIONS.len() as i64;
    for cmd in ["score", "adjust", "history", "export", "open"] {
        let dir = workspace();
        let d = dir.path();
        v1_store(d);
        let out = tempfile::tempdir().unwrap();
        let export = out.path().join("排名.xlsx");
        let o = match cmd {
            "score" => kaoping(&["score", "--format", "csv"], d),
            "adjust" => decide(d, "北京海关", "A1", "5", "新核定"),
            "history" => kaoping(&["history"], d),
            "export" => kaoping(&["export", "--out", export.to_str().unwrap()], d),
            _ => kaoping(&["open"], d),
        };
        let stdout = ok(&o);
        assert!(o.stderr.is_empty(), "{cmd}: {}", text(&o.stderr));
        assert_eq!(version_of(d), latest, "{cmd} migrated the store");
        match cmd {
            "score" => assert_eq!(a3(&stdout, "广州海关"), "4.00"),
            "history" => assert!(stdout.contains("旧版核定"), "{stdout}"),
            "export" => assert!(export.is_file()),
            "open" => assert!(stdout.contains("89.20"), "{stdout}"),
            _ => {
                assert!(stdout.contains("北京海关 A1"), "{stdout}");
                let h = ok(&kaoping(&["history", "--format", "csv"], d));
                assert!(h.contains("旧版核定") && h.contains("新核定"), "{h}");
            }
        }
        // The decision made under the old schema still counts, and the history only grows.
        let csv = ok(&kaoping(&["score", "--format", "csv"], d));
        assert_eq!(a3(&csv, "广州海关"), "4.00", "{cmd}");
        let conn = rusqlite::Connection::open(d.join(FILE)).unwrap();
        assert!(conn.execute("DELETE FROM history", []).is_err());
    }
}

// ---------------------------------------------------------------------------------------
// 3. A 0-byte store is new.

#[test]
fn a_zero_byte_store_is_treated_as_new_by_every_command() {
    let dir = workspace();
    let d = dir.path();
    let out = tempfile::tempdir().unwrap();
    let export = out.path().join("排名.xlsx");
    for args in [
        vec!["score", "--format", "csv"],
        vec!["history"],
        vec!["open"],
        vec!["export", "--out", export.to_str().unwrap()],
    ] {
        std::fs::write(d.join(FILE), b"").unwrap();
        let o = kaoping(&args, d);
        let stdout = ok(&o);
        assert!(o.stderr.is_empty(), "{args:?}: {}", text(&o.stderr));
        if args[0] == "history" {
            assert!(stdout.contains("尚无核定记录"), "{stdout}");
        }
    }
    std::fs::write(d.join(FILE), b"").unwrap();
    ok(&decide(d, "广州海关", "A3", "4", "满盘后重建"));
    assert!(ok(&kaoping(&["history"], d)).contains("满盘后重建"));
    assert_eq!(
        a3(&ok(&kaoping(&["score", "--format", "csv"], d)), "广州海关"),
        "4.00"
    );
}

// ---------------------------------------------------------------------------------------
// 4. Readable from a read-only folder or mount.

/// Runs when (and only when) a parent test sets KAOPING_TEST_STORE_DIR: opens that store
/// read-only through the library, as the UI's `open --read-only` does, and reads it.
#[test]
fn child_reads_the_store_read_only() {
    let Some(dir) = std::env::var_os("KAOPING_TEST_STORE_DIR") else {
        return;
    };
    let s = Store::open_read_only(Path::new(&dir))
        .unwrap()
        .expect("a store")
        .checked(&DataSet::builtin());
    assert!(s.is_read_only());
    let d = s.decisions().unwrap();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].value.shown(), "4.00");
    assert_eq!(s.history(None).unwrap().len(), 1);
    assert!(s.take_warnings().is_empty());
    println!("KAOPING-CHILD-READ-OK");
}

/// Makes a command (program and arguments) that runs with the folder read-only.
type Wrap = Box<dyn Fn(&Path, &[std::ffi::OsString]) -> Command>;

/// How a folder is made read-only for a test, and the commands run against it.
struct ReadOnly {
    how: &'static str,
    wrap: Wrap,
}

/// The ways this machine lets a test make a folder read-only: chmod 555 when not root;
/// as root, another login (`nobody`) on a chmod-555 folder it owns, and a read-only bind
/// mount in a private mount namespace.
fn read_only_ways(dir: &Path, bins: &Path) -> Vec<ReadOnly> {
    let mut ways = Vec::new();
    let dir = dir.to_path_buf();
    if !is_root() {
        chmod(&dir, 0o555);
        ways.push(ReadOnly {
            how: "chmod 555",
            wrap: Box::new(|exe: &Path, args: &[std::ffi::OsString]| {
                let mut c = Command::new(exe);
                c.args(args);
                c
            }),
        });
        return ways;
    }
    // A read-only bind mount: even root cannot write there.
    let probe = Command::new("unshare")
        .args(["-m", "sh", "-c"])
        .arg(r#"mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && ! touch "$1/.probe" 2>/dev/null"#)
        .arg("sh")
        .arg(&dir)
        .output();
    match probe {
        Ok(o) if o.status.success() => {
            let d = dir.clone();
            ways.push(ReadOnly {
                how: "read-only bind mount",
                wrap: Box::new(move |exe: &Path, args: &[std::ffi::OsString]| {
                    let mut c = Command::new("unshare");
                    c.args(["-m", "sh", "-c"])
                        .arg(r#"mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@""#)
                        .arg("sh")
                        .arg(&d)
                        .arg(exe)
                        .args(args);
                    c
                }),
            });
        }
        other => println!(
            "skipped: a read-only bind mount (unshare -m) is not possible here: {:?}",
            other.map(|o| text(&o.stderr))
        ),
    }
    // Another login, owning the folder, which is chmod 555: chmod does not stop root.
    let nobody = 65534;
    chown_all(&dir, nobody, nobody);
    chmod(&dir, 0o555);
    chmod(bins, 0o755);
    ways.push(ReadOnly {
        how: "chmod 555, run as nobody",
        wrap: Box::new(move |exe: &Path, args: &[std::ffi::OsString]| {
            let mut c = Command::new(exe);
            c.args(args).env("HOME", "/");
            as_login(&mut c, nobody, nobody, 0o022);
            c
        }),
    });
    ways
}

fn os(args: &[&str], dir: &Path) -> Vec<std::ffi::OsString> {
    let mut v: Vec<std::ffi::OsString> = args.iter().map(|a| a.into()).collect();
    v.push(dir.into());
    v
}

#[test]
fn a_store_in_a_read_only_folder_or_mount_is_still_read() {
    // Three stores: closed cleanly (no -wal, -shm), with the -wal and -shm a reader leaves,
    // and one of schema version 1 that cannot be migrated there.
    for state in ["clean", "with -wal and -shm", "version 1"] {
        let top = tempfile::tempdir().unwrap();
        chmod(top.path(), 0o755);
        let d = top.path().join("returns");
        std::fs::create_dir(&d).unwrap();
        fill(&d);
        if state == "version 1" {
            v1_store(&d);
        } else {
            ok(&decide(&d, "广州海关", "A3", "4", "只读前的核定"));
        }
        if state == "with -wal and -shm" {
            ok(&kaoping(&["history"], &d));
            assert!(d.join("kaoping.db-shm").exists());
        }
        let out = top.path().join("out");
        std::fs::create_dir(&out).unwrap();
        chmod(&out, 0o777);
        let bins = top.path().join("bin");
        std::fs::create_dir(&bins).unwrap();
        let exe = runnable_by_all(&bin(), &bins);
        let test_exe = runnable_by_all(&std::env::current_exe().unwrap(), &bins);
        for way in read_only_ways(&d, &bins) {
            let ctx = format!("{state}, {}", way.how);
            let run = |args: &[&str]| -> Output {
                (way.wrap)(&exe, &os(args, &d))
                    .stdin(Stdio::null())
                    .output()
                    .unwrap()
            };
            let csv = ok(&run(&["score", "--format", "csv"]));
            assert_eq!(a3(&csv, "广州海关"), "4.00", "{ctx}");
            assert!(
                ok(&run(&["open", "--read-only"])).contains("89.20"),
                "{ctx}"
            );
            let h = ok(&run(&["history"]));
            assert!(h.contains("核定") && h.contains("4.00"), "{ctx}: {h}");
            let x = out.join(format!("{}.xlsx", way.how.len() + state.len()));
            ok(&run(&["export", "--out", x.to_str().unwrap()]));
            assert!(x.is_file(), "{ctx}");
            // The library's read-only open, as the UI uses it.
            let mut child = (way.wrap)(
                &test_exe,
                &[
                    "--exact".into(),
                    "store::child_reads_the_store_read_only".into(),
                    "--nocapture".into(),
                ],
            );
            let o = child
                .env("KAOPING_TEST_STORE_DIR", &d)
                .env("CARGO_MANIFEST_DIR", root())
                .output()
                .unwrap();
            assert!(
                o.status.success() && text(&o.stdout).contains("KAOPING-CHILD-READ-OK"),
                "{ctx}: {}{}",
                text(&o.stdout),
                text(&o.stderr)
            );
            // Deciding there is refused, saying why.
            let o = run(&[
                "adjust",
                "--office",
                "北京海关",
                "--indicator",
                "A1",
                "--score",
                "5",
                "--reason",
                "r",
            ]);
            if o.status.success() {
                // Only where the store, its -wal and its -shm are there and the login's
                // own: then SQLite needs to create nothing in the folder.
                assert!(ctx.contains("-shm") && !ctx.contains("mount"), "{ctx}");
                continue;
            }
            assert_eq!(o.status.code(), Some(1), "{ctx}");
            let err = text(&o.stderr);
            assert!(
                err.contains("只读") || err.contains("不可写"),
                "{ctx}: {err}"
            );
            // A folder that cannot be written says where the manual tells how to share it.
            assert!(
                !err.contains("文件夹不可写") || err.contains("《使用说明》第八章"),
                "{ctx}: {err}"
            );
        }
        // Writable again, for the temporary folder to be removed.
        chmod(&d, 0o755);
        if is_root() {
            chown_all(&d, 0, 0);
        }
    }
}

// ---------------------------------------------------------------------------------------
// 4b. A colleague's write holds the store.

/// Holds the store's write lock, as a colleague's save in progress does.
fn hold_write_lock(dir: &Path) -> rusqlite::Connection {
    drop(Store::open(dir).unwrap());
    let conn = rusqlite::Connection::open(dir.join(FILE)).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    conn
}

#[test]
fn a_store_held_by_a_colleague_says_so_in_chinese_with_the_wait_and_what_to_do() {
    let dir = workspace();
    let d = dir.path();
    let lock = hold_write_lock(d);
    let mut s = Store::open(d).unwrap();
    // Give up at once instead of after the 10 seconds the command line waits.
    s.set_busy_handler(|_| false).unwrap();
    let e = s
        .decide(&Decision {
            office: "广州海关".into(),
            indicator: "A3".into(),
            value: Decided::Score("4".parse().unwrap()),
            reason: "r".into(),
            evaluator: "甲".into(),
            at: now(),
            file_sha256: None,
            source: None,
        })
        .unwrap_err();
    assert!(e.is_busy(), "{e:?}");
    let m = e.to_string();
    assert!(
        m.starts_with(&format!(
            "{}：另一位评分人（或另一个程序）正在写入存储文件，已等待 10 秒仍未写完；请稍后重新执行",
            d.join(FILE).display()
        )),
        "{m}"
    );
    // SQLite's own words stay, in parentheses, at the end.
    assert!(m.ends_with("（database is locked）"), "{m}");
    drop(lock);
    assert!(s.decisions().unwrap().is_empty(), "nothing was written");
}

#[test]
fn the_command_line_waits_for_a_colleague_then_says_who_holds_the_store() {
    let dir = workspace();
    let d = dir.path();
    let lock = hold_write_lock(d);
    let started = std::time::Instant::now();
    let o = decide(d, "广州海关", "A3", "4", "r");
    let waited = started.elapsed();
    drop(lock);
    assert_eq!(o.status.code(), Some(1));
    assert!(waited >= std::time::Duration::from_secs(9), "{waited:?}");
    let err = text(&o.stderr);
    assert!(
        err.contains(
            "kaoping.db：另一位评分人（或另一个程序）正在写入存储文件，已等待 10 秒仍未写完"
        ),
        "{err}"
    );
    assert!(!err.starts_with("kaoping: database is locked"), "{err}");
    // Once the colleague is done, the same command saves.
    ok(&decide(d, "广州海关", "A3", "4", "r"));
}

// ---------------------------------------------------------------------------------------
// 5. A symbolic link is refused.

#[test]
fn a_symlinked_or_odd_store_is_refused_and_left_alone() {
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("别处.db");
    {
        let mut s = Store::open(elsewhere.path()).unwrap();
        s.decide(&Decision {
            office: "广州海关".into(),
            indicator: "A3".into(),
            value: Decided::Score("4".parse().unwrap()),
            reason: "别处的核定".into(),
            evaluator: "乙".into(),
            at: now(),
            file_sha256: None,
            source: None,
        })
        .unwrap();
    }
    std::fs::rename(elsewhere.path().join(FILE), &target).unwrap();
    chmod(&target, 0o644);
    let before = std::fs::read(&target).unwrap();
    let dangling = elsewhere.path().join("不存在.db");
    let out = tempfile::tempdir().unwrap();
    let export = out.path().join("x.xlsx");
    for link_to in [&target, &dangling] {
        let dir = workspace();
        let d = dir.path();
        std::os::unix::fs::symlink(link_to, d.join(FILE)).unwrap();
        for args in [
            vec!["score", "--format", "csv"],
            vec!["history"],
            vec!["open"],
            vec!["export", "--out", export.to_str().unwrap()],
            vec![
                "adjust",
                "--office",
                "广州海关",
                "--indicator",
                "A3",
                "--score",
                "1",
                "--reason",
                "r",
            ],
        ] {
            let o = kaoping(&args, d);
            let err = text(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
            assert!(
                err.contains("kaoping.db") && err.contains("符号链接"),
                "{args:?}: {err}"
            );
        }
        assert!(Store::open(d).is_err());
        assert!(Store::open_read_only(d).is_err());
        assert!(Store::open_existing(d).is_err());
    }
    assert_eq!(std::fs::read(&target).unwrap(), before, "never written");
    assert_eq!(
        std::fs::metadata(&target).unwrap().mode() & 0o777,
        0o644,
        "never chmod-ed"
    );
    assert!(!dangling.exists(), "never created through the link");
    assert!(!elsewhere.path().join("别处.db-wal").exists());
    // A folder or a FIFO of that name is refused too, without waiting on it.
    for odd in ["dir", "fifo"] {
        let dir = workspace();
        let p = dir.path().join(FILE);
        if odd == "dir" {
            std::fs::create_dir(&p).unwrap();
        } else {
            let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
            // SAFETY: a valid NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        }
        for args in [vec!["history"], vec!["score"]] {
            let o = kaoping(&args, dir.path());
            assert_eq!(o.status.code(), Some(1), "{odd}");
            assert!(text(&o.stderr).contains("不是普通文件"), "{odd}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// 6. Stored values are checked on read.

#[test]
fn bad_stored_rows_are_reported_and_ignored() {
    let dir = workspace();
    let d = dir.path();
    drop(Store::open(d).unwrap());
    let conn = rusqlite::Connection::open(d.join(FILE)).unwrap();
    let row = |office: &str, ind: &str, score: &str, reason: &str, evaluator: &str| {
        conn.execute(
            &format!(
                "INSERT INTO decisions (office, indicator, score, reason, evaluator, decided_at)
                 VALUES ({office}, {ind}, {score}, {reason}, {evaluator}, '2019-01-05 10:00:00')"
            ),
            [],
        )
        .unwrap();
    };
    row("'广州海关'", "'A3'", "'4.00'", "'有据'", "'甲'");
    let bad = [
        ("'北京海关'", "'A3'", "'4.01'", "'r'", "'甲'", "超出范围"),
        ("'北京海关'", "'A1'", "'1.234'", "'r'", "'甲'", "两位小数"),
        (
            "'某某海关'",
            "'A1'",
            "'1'",
            "'r'",
            "'甲'",
            "不是名单中的单位",
        ),
        ("'广州海关'", "'Z9'", "'1'", "'r'", "'甲'", "没有指标"),
        ("'北京海关'", "'A2'", "'1'", "'r'", "' '", "核定人为空"),
        ("'北京海关'", "'A5'", "'abc'", "'r'", "'甲'", "不是数字"),
        (
            "'北京海关'",
            "'A6'",
            "'1'",
            "X'FFFE00'",
            "'甲'",
            "二进制数据",
        ),
        (
            "'北京海关'",
            "'A7'",
            "'1'",
            "'r'",
            "CAST(X'FF41' AS TEXT)",
            "UTF-8",
        ),
        ("'北京海关'", "'A8'", "'-1'", "'r'", "'甲'", "超出范围"),
    ];
    for (o, i, s, r, e, _) in bad {
        row(o, i, s, r, e);
    }
    let log = |office: &str, old: &str, new: &str, kind: &str| {
        conn.execute(
            &format!(
                "INSERT INTO history (at, evaluator, office, indicator, old, new, reason, kind)
                 VALUES ('2019-01-05 10:00:00', '甲', {office}, 'A3', {old}, {new}, '有据', {kind})"
            ),
            [],
        )
        .unwrap();
    };
    log("'广州海关'", "NULL", "'4.00'", "'set'");
    log("'某某海关'", "NULL", "'4.00'", "'set'");
    log("'广州海关'", "'99'", "'4.00'", "'set'");
    log("'广州海关'", "NULL", "'4.00'", "'drop'");
    drop(conn);

    // The command line: the good decision counts, each bad row is a warning naming the
    // store and the row, and the run goes on.
    let o = kaoping(&["score", "--format", "csv"], d);
    let csv = ok(&o);
    assert_eq!(a3(&csv, "广州海关"), "4.00");
    assert_eq!(a3(&csv, "北京海关"), "2.67", "the bad 4.01 is not applied");
    let err = text(&o.stderr);
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("已忽略")).collect();
    assert_eq!(warnings.len(), bad.len(), "{err}");
    for w in &warnings {
        assert!(w.contains("kaoping.db") && w.contains("第 "), "{w}");
        assert!(
            !w.chars().any(|c| c.is_control()),
            "no raw control characters: {w:?}"
        );
    }
    for (.., why) in bad {
        assert!(err.contains(why), "{why} missing in {err}");
    }
    let o = kaoping(&["history", "--format", "csv"], d);
    let h = ok(&o);
    assert_eq!(h.lines().count(), 2, "{h}");
    let err = text(&o.stderr);
    assert_eq!(
        err.lines().filter(|l| l.contains("核定历史")).count(),
        3,
        "{err}"
    );
    let out = tempfile::tempdir().unwrap();
    ok(&kaoping(
        &[
            "export",
            "--out",
            out.path().join("x.xlsx").to_str().unwrap(),
        ],
        d,
    ));

    // The library: each warning once, however often the rows are read.
    let s = Store::open(d).unwrap().checked(&DataSet::builtin());
    assert_eq!(s.decisions().unwrap().len(), 1);
    assert_eq!(s.take_warnings().len(), bad.len());
    assert_eq!(s.decisions().unwrap().len(), 1);
    assert!(s.take_warnings().is_empty());
    // Unchecked (no data set), the form is still checked.
    // (the good one, 4.01, 某某海关 and Z9 pass that).
    let s = Store::open(d).unwrap();
    assert_eq!(s.decisions().unwrap().len(), 4);
}

#[test]
fn import_statuses_are_stored_as_documented_words_and_old_rows_read() {
    let dir = workspace();
    let d = dir.path();
    std::fs::write(d.join("坏文件.xlsx"), b"not a workbook").unwrap();
    let data = DataSet::builtin();
    let files = kaoping::import::collect(&[d.to_path_buf()]).unwrap();
    let report = Report::build(&data, &files);
    let mut s = Store::open(d).unwrap();
    s.record_imports(&report.files, &|o| data.registry.offices[o].name.clone())
        .unwrap();
    let conn = rusqlite::Connection::open(d.join(FILE)).unwrap();
    let mut words: Vec<String> = conn
        .prepare("SELECT status FROM imports ORDER BY status")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    words.dedup();
    assert_eq!(words, ["imported", "refused"]);
    // Rows of older kaoping (Debug text) read either way; a garbage status is reported.
    for st in ["Imported", "conflict", "xyz"] {
        conn.execute(
            "INSERT INTO imports (path, size, sha256, office, status, imported_at) VALUES ('a.xls', 1, 'h', NULL, ?1, '2019-01-05 10:00:00')",
            [st],
        )
        .unwrap();
    }
    let recs = s.imports().unwrap();
    assert_eq!(recs.len(), 5);
    use kaoping::import::FileStatus;
    assert_eq!(recs[3].status, FileStatus::Imported);
    assert_eq!(recs[4].status, FileStatus::Conflict);
    let w = s.take_warnings();
    assert_eq!(w.len(), 1);
    assert!(w[0].contains("xyz") && w[0].contains("导入记录"), "{w:?}");
}

// ---------------------------------------------------------------------------------------
// 7. A shared server: modes, groups, permission errors.

#[test]
fn a_store_in_a_group_writable_folder_is_group_read_write_whatever_the_umask() {
    let top = tempfile::tempdir().unwrap();
    let d = top.path().join("shared");
    std::fs::create_dir(&d).unwrap();
    fill(&d);
    chmod(&d, 0o2770);
    let gid = std::fs::metadata(&d).unwrap().gid();
    let o = Command::new("sh")
        .arg("-c")
        .arg(r#"umask 077; exec "$@""#)
        .arg("sh")
        .arg(bin())
        .arg("adjust")
        .arg(&d)
        .args(["--office", "广州海关", "--indicator", "A3", "--score", "4"])
        .args(["--reason", "r"])
        .output()
        .unwrap();
    ok(&o);
    let m = std::fs::metadata(d.join(FILE)).unwrap();
    assert_eq!(m.mode() & 0o777, 0o660);
    assert_eq!(m.gid(), gid);
    // SQLite gives -wal and -shm the store's mode.
    ok(&kaoping(&["history"], &d));
    for f in ["kaoping.db-wal", "kaoping.db-shm"] {
        let m = std::fs::metadata(d.join(f)).unwrap();
        assert_eq!(m.mode() & 0o777, 0o660, "{f}");
        assert_eq!(m.gid(), gid, "{f}");
    }
    // Without the setgid bit the store still takes the folder's group (kaoping sets it;
    // a login may give a file only a group it belongs to, root any).
    if is_root() {
        let g = top.path().join("group-writable");
        std::fs::create_dir(&g).unwrap();
        fill(&g);
        std::os::unix::fs::chown(&g, None, Some(65534)).unwrap();
        chmod(&g, 0o770);
        ok(&decide(&g, "广州海关", "A3", "4", "r"));
        let m = std::fs::metadata(g.join(FILE)).unwrap();
        assert_eq!((m.mode() & 0o777, m.gid()), (0o660, 65534));
    }
    // A private folder keeps 0600 (and a store made shareable by hand in a private folder
    // is made private again, as its owner runs kaoping).
    let p = top.path().join("private");
    std::fs::create_dir(&p).unwrap();
    chmod(&p, 0o700);
    ok(&decide(&p, "广州海关", "A3", "4", "r"));
    assert_eq!(
        std::fs::metadata(p.join(FILE)).unwrap().mode() & 0o777,
        0o600
    );
}

#[test]
fn a_store_kaoping_does_not_own_is_never_chmodded() {
    if !is_root() {
        println!("skipped: needs root to give the store to another login");
        return;
    }
    let dir = workspace();
    let d = dir.path();
    ok(&decide(d, "广州海关", "A3", "4", "r"));
    let f = d.join(FILE);
    std::os::unix::fs::chown(&f, Some(65534), Some(65534)).unwrap();
    chmod(&f, 0o640);
    ok(&decide(d, "北京海关", "A3", "3", "r"));
    let m = std::fs::metadata(&f).unwrap();
    assert_eq!((m.mode() & 0o777, m.uid()), (0o640, 65534));
}

#[test]
fn a_permission_error_names_the_file_its_owner_its_mode_and_the_fix() {
    if !is_root() {
        println!("skipped: needs root to run kaoping as another login");
        return;
    }
    let top = tempfile::tempdir().unwrap();
    chmod(top.path(), 0o755);
    let bins = top.path().join("bin");
    std::fs::create_dir(&bins).unwrap();
    let exe = runnable_by_all(&bin(), &bins);
    let d = top.path().join("returns");
    std::fs::create_dir(&d).unwrap();
    fill(&d);
    chmod(&d, 0o755);
    // root's private store: nobody may not read it.
    ok(&decide(&d, "广州海关", "A3", "4", "r"));
    assert_eq!(
        std::fs::metadata(d.join(FILE)).unwrap().mode() & 0o777,
        0o600
    );
    let group = 65534;
    let run = |args: &[&str]| -> Output {
        let mut c = Command::new(&exe);
        c.args(args).arg(&d).env("USER", "nobody");
        as_login(&mut c, 65534, group, 0o007);
        c.output().unwrap()
    };
    let o = run(&["history"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    for want in [
        "kaoping.db",
        "没有读写权限",
        "属主 root",
        "0600",
        "chmod 660",
        "chmod 2770",
        "见《使用说明》第八章“多人协同”（docs/使用说明.md）",
    ] {
        assert!(err.contains(want), "{want} missing: {err}");
    }
    // The folder made shared afterwards: the fix names the folder's group.
    std::os::unix::fs::chown(&d, None, Some(group)).unwrap();
    chmod(&d, 0o2770);
    let o = run(&[
        "adjust",
        "--office",
        "北京海关",
        "--indicator",
        "A3",
        "--score",
        "3",
        "--reason",
        "r",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    let gname = {
        let out = Command::new("getent")
            .args(["group", &group.to_string()])
            .output()
            .unwrap();
        let s = text(&out.stdout);
        s.split(':')
            .next()
            .filter(|n| !n.is_empty())
            .map(str::to_string)
    }
    .unwrap_or_else(|| group.to_string());
    let fix = format!("chgrp {gname} ");
    for want in ["kaoping.db", "属主 root", "0600", fix.as_str(), "chmod 660"] {
        assert!(err.contains(want), "{want} missing: {err}");
    }
    // Its owner opening it in the shared folder makes it group-read-write; then it works.
    ok(&decide(&d, "广州海关", "A4", "5", "r"));
    let m = std::fs::metadata(d.join(FILE)).unwrap();
    assert_eq!((m.mode() & 0o777, m.gid()), (0o660, group));
    let o = run(&[
        "adjust",
        "--office",
        "北京海关",
        "--indicator",
        "A3",
        "--score",
        "3",
        "--reason",
        "r",
    ]);
    ok(&o);
    chmod(&d, 0o755);
}

// ---------------------------------------------------------------------------------------
// 8. Two logins in one group share a workspace.

/// Users and a group made for a test, removed when dropped.
struct Logins {
    users: Vec<String>,
    group: String,
}

impl Drop for Logins {
    fn drop(&mut self) {
        for u in &self.users {
            let _ = Command::new("userdel").arg(u).output();
        }
        let _ = Command::new("groupdel").arg(&self.group).output();
    }
}

fn id_of(args: &[&str]) -> u32 {
    let o = Command::new("id").args(args).output().unwrap();
    text(&o.stdout).trim().parse().unwrap()
}

#[test]
fn two_logins_in_one_group_both_decide_and_both_see_the_history() {
    if !is_root() {
        println!("skipped: needs root to create two logins (useradd)");
        return;
    }
    let tag = format!("{:x}", std::process::id() ^ (now().len() as u32 * 7919));
    let group = format!("kpg{tag}");
    let mut logins = Logins {
        users: Vec::new(),
        group: group.clone(),
    };
    let made = Command::new("groupadd").arg(&group).output();
    if !matches!(&made, Ok(o) if o.status.success()) {
        println!("skipped: groupadd failed: {made:?}");
        return;
    }
    for who in ["a", "b"] {
        let name = format!("kp{who}{tag}");
        let o = Command::new("useradd")
            .args(["-M", "-N", "-g", &group, "-s", "/usr/sbin/nologin", &name])
            .output()
            .unwrap();
        if !o.status.success() {
            println!("skipped: useradd failed: {}", text(&o.stderr));
            return;
        }
        logins.users.push(name);
    }
    let gid = id_of(&["-g", &logins.users[0]]);
    let top = tempfile::tempdir().unwrap();
    chmod(top.path(), 0o755);
    let bins = top.path().join("bin");
    std::fs::create_dir(&bins).unwrap();
    let exe = runnable_by_all(&bin(), &bins);
    // The shared workspace, as the README says: group, setgid, 2770.
    let d = top.path().join("考评2018");
    std::fs::create_dir(&d).unwrap();
    std::os::unix::fs::chown(&d, None, Some(gid)).unwrap();
    chmod(&d, 0o2770);
    fill(&d);
    let run = |user: &str, umask: u32, args: &[&str]| -> Output {
        let uid = id_of(&["-u", user]);
        let mut c = Command::new(&exe);
        c.args(args)
            .arg(&d)
            .env("USER", user)
            .env("LOGNAME", user)
            .env("HOME", "/");
        as_login(&mut c, uid, gid, umask);
        c.stdin(Stdio::null()).output().unwrap()
    };
    let (a, b) = (logins.users[0].clone(), logins.users[1].clone());
    let adjust = |user: &str, umask: u32, office: &str, ind: &str, reason: &str| {
        let o = run(
            user,
            umask,
            &[
                "adjust",
                "--office",
                office,
                "--indicator",
                ind,
                "--score",
                "1",
                "--reason",
                reason,
            ],
        );
        assert!(
            o.status.success(),
            "{user}: {}{}",
            text(&o.stdout),
            text(&o.stderr)
        );
    };
    // The first one creates the store; the second must be able to write it.
    adjust(&a, 0o022, "广州海关", "A1", "甲的第一次");
    adjust(&b, 0o077, "北京海关", "A1", "乙的第一次");
    // Then both at once, a few times.
    std::thread::scope(|s| {
        for (user, office, umask) in [(&a, "广州海关", 0o022), (&b, "北京海关", 0o077)] {
            let adjust = &adjust;
            s.spawn(move || {
                for (i, ind) in ["A2", "A3", "A4", "A5"].into_iter().enumerate() {
                    adjust(user, umask, office, ind, &format!("{user}第{i}次"));
                }
            });
        }
    });
    for user in [&a, &b] {
        let h = ok(&run(user, 0o022, &["history", "--format", "csv"]));
        assert_eq!(h.lines().count(), 11, "{user}: {h}");
        assert!(h.contains("甲的第一次") && h.contains("乙的第一次"), "{h}");
        for other in [&a, &b] {
            assert_eq!(
                h.lines().filter(|l| l.contains(other.as_str())).count(),
                5,
                "{user} sees {other}'s decisions: {h}"
            );
        }
        let csv = ok(&run(user, 0o022, &["score", "--format", "csv"]));
        assert_eq!(a3(&csv, "广州海关"), "1.00");
        assert_eq!(a3(&csv, "北京海关"), "1.00");
    }
    let m = std::fs::metadata(d.join(FILE)).unwrap();
    assert_eq!(m.mode() & 0o777, 0o660);
    assert_eq!(m.gid(), gid);
    assert_eq!(m.uid(), id_of(&["-u", &a]), "made by the first login");
    for f in ["kaoping.db-wal", "kaoping.db-shm"] {
        if let Ok(m) = std::fs::metadata(d.join(f)) {
            assert_eq!((m.mode() & 0o777, m.gid()), (0o660, gid), "{f}");
        }
    }
    drop(logins);
}

// ---------------------------------------------------------------------------------------
// 9. Veto decisions (是 / 否): kept with the same history, in schema 3; older stores work.

/// A folder with the returns of 深圳海关 (no veto reported) and 上海海关 (veto reported).
fn veto_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["深圳海关", "上海海关"] {
        let s = sample(part);
        std::fs::copy(&s, dir.path().join(s.file_name().unwrap())).unwrap();
    }
    dir
}

fn veto(office: &str, v: bool, reason: &str) -> Decision {
    Decision {
        office: office.into(),
        indicator: "V1".into(),
        value: Decided::Veto(v),
        reason: reason.into(),
        evaluator: "张三".into(),
        at: now(),
        file_sha256: None,
        source: None,
    }
}

/// The rows of a table as text, for what the store holds on disk.
fn rows(dir: &Path, sql: &str) -> Vec<Vec<Option<String>>> {
    let conn = rusqlite::Connection::open(dir.join(FILE)).unwrap();
    let mut st = conn.prepare(sql).unwrap();
    let n = st.column_count();
    st.query_map([], |r| {
        (0..n)
            .map(|i| r.get::<_, Option<String>>(i))
            .collect::<Result<Vec<_>, _>>()
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn veto_decisions_are_kept_with_who_when_old_and_new_append_only() {
    let dir = veto_workspace();
    let d = dir.path();
    let mut s = Store::open(d).unwrap().checked(&DataSet::builtin());
    assert_eq!(s.version().unwrap(), MIGRATIONS.len() as i64);
    assert_eq!(s.decide(&veto("深圳海关", true, "泄露")).unwrap(), None);
    assert_eq!(
        s.decide(&veto("深圳海关", false, "复核后撤销")).unwrap(),
        Some("是".into())
    );
    assert_eq!(
        s.clear("深圳海关", "V1", "退回单位报送", "李四").unwrap(),
        "否"
    );
    assert_eq!(
        s.decide(&veto("上海海关", false, "依法应公开")).unwrap(),
        None
    );
    let got = s.decisions().unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(
        (got[0].office.as_str(), got[0].value),
        ("上海海关", Decided::Veto(false))
    );
    let h = s.history(None).unwrap();
    use Decided::Veto;
    assert_eq!(
        h.iter()
            .map(|c| (
                c.office.clone(),
                c.old,
                c.new,
                c.kind.clone(),
                c.evaluator.clone()
            ))
            .collect::<Vec<_>>(),
        [
            (
                "深圳海关".into(),
                None,
                Some(Veto(true)),
                "set".into(),
                "张三".into()
            ),
            (
                "深圳海关".into(),
                Some(Veto(true)),
                Some(Veto(false)),
                "set".into(),
                "张三".into()
            ),
            (
                "深圳海关".into(),
                Some(Veto(false)),
                None,
                "clear".into(),
                "李四".into()
            ),
            (
                "上海海关".into(),
                None,
                Some(Veto(false)),
                "set".into(),
                "张三".into()
            ),
        ]
    );
    assert!(h.iter().all(|c| c.is_veto() && !c.at.is_empty()));
    assert!(s.take_warnings().is_empty());
    // Kept over a return that changed since: confirmed as it is.
    s.confirm("上海海关", "V1", "王五", &"0".repeat(64))
        .unwrap();
    let c = s.history(None).unwrap().pop().unwrap();
    assert_eq!(
        (c.kind.as_str(), c.old, c.new),
        ("confirm", Some(Veto(false)), Some(Veto(false)))
    );
    assert_eq!(s.decisions().unwrap()[0].file_sha256, Some("0".repeat(64)));
    // On disk: `what` says the values are 是 / 否.
    assert_eq!(
        rows(d, "SELECT office, indicator, score, what FROM decisions"),
        [[
            Some("上海海关".into()),
            Some("V1".into()),
            Some("否".into()),
            Some("veto".into())
        ]]
    );
    assert_eq!(
        rows(d, "SELECT old, new, what FROM history ORDER BY id"),
        [
            [None, Some("是".into()), Some("veto".into())],
            [Some("是".into()), Some("否".into()), Some("veto".into())],
            [Some("否".into()), None, Some("veto".into())],
            [None, Some("否".into()), Some("veto".into())],
            [Some("否".into()), Some("否".into()), Some("veto".into())],
        ]
    );
    drop(s);
    let conn = rusqlite::Connection::open(d.join(FILE)).unwrap();
    assert!(conn.execute("DELETE FROM history", []).is_err());
    assert!(conn
        .execute("UPDATE history SET new = '是' WHERE what = 'veto'", [])
        .is_err());
}

/// A store of schema version 2 (before veto decisions) with one score decision.
fn v2_store(dir: &Path) {
    let mut conn = rusqlite::Connection::open(dir.join(FILE)).unwrap();
    migrate_to(&mut conn, 2).unwrap();
    conn.execute(
        "INSERT INTO decisions (office, indicator, score, reason, evaluator, decided_at) VALUES ('深圳海关', 'A3', '3.00', '旧版核定', '李四', '2019-01-05 10:00:00')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO history (at, evaluator, office, indicator, old, new, reason) VALUES ('2019-01-05 10:00:00', '李四', '深圳海关', 'A3', NULL, '3.00', '旧版核定')",
        [],
    )
    .unwrap();
}

#[test]
fn a_store_of_version_2_is_read_as_it_is_then_migrated_by_a_veto_decision() {
    let dir = veto_workspace();
    let d = dir.path();
    v2_store(d);
    // Read-only, the old schema is read as it is.
    let s = Store::open_read_only(d)
        .unwrap()
        .unwrap()
        .checked(&DataSet::builtin());
    assert_eq!(s.version().unwrap(), 2);
    assert_eq!(s.decisions().unwrap()[0].value.shown(), "3.00");
    assert_eq!(s.history(None).unwrap()[0].new.unwrap().shown(), "3.00");
    assert!(s.take_warnings().is_empty());
    drop(s);
    let o = kaoping(
        &[
            "adjust",
            "--office",
            "深圳海关",
            "--indicator",
            "V1",
            "--veto",
            "是",
            "--reason",
            "泄露个人隐私",
        ],
        d,
    );
    assert_eq!(ok(&o), "深圳海关 V1: 否 → 是（泄露个人隐私）\n");
    assert_eq!(version_of(d), MIGRATIONS.len() as i64);
    let csv = ok(&kaoping(&["score", "--format", "csv"], d));
    let row: Vec<&str> = csv
        .lines()
        .find(|l| l.contains(",深圳海关,"))
        .unwrap()
        .split(',')
        .collect();
    // The old decision (A3 3.00 instead of 4.00) and the new veto both count.
    assert_eq!(
        (row[2], row[3], row[4], row[12]),
        ("103.00", "良好", "是", "3.00")
    );
    let h = ok(&kaoping(&["history", "--format", "csv"], d));
    assert_eq!(
        h.lines()
            .skip(1)
            .map(|l| l.split(',').skip(3).take(4).collect::<Vec<_>>().join(","))
            .collect::<Vec<_>>(),
        ["A3,set,,3.00", "V1,set,,是"]
    );
}

#[test]
fn a_score_an_older_kaoping_set_on_the_veto_indicator_still_reads() {
    // Before veto decisions, V1 could be "decided" 0.00, its only score.
    let dir = veto_workspace();
    let d = dir.path();
    {
        let mut conn = rusqlite::Connection::open(d.join(FILE)).unwrap();
        migrate_to(&mut conn, 2).unwrap();
        conn.execute(
            "INSERT INTO decisions (office, indicator, score, reason, evaluator, decided_at) VALUES ('上海海关', 'V1', '0.00', '旧版', '李四', '2019-01-05 10:00:00')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO history (at, evaluator, office, indicator, old, new, reason, kind) VALUES ('2019-01-05 10:00:00', '李四', '上海海关', 'V1', NULL, '0.00', '旧版', 'set')",
            [],
        )
        .unwrap();
    }
    let o = kaoping(&["score", "--format", "csv"], d);
    let csv = ok(&o);
    assert!(o.stderr.is_empty(), "{}", text(&o.stderr));
    assert!(csv.contains(",上海海关,100.50,良好,是,"), "{csv}");
    // A veto decision replaces it; the history does not mix a score with 是 / 否.
    let mut s = Store::open(d).unwrap().checked(&DataSet::builtin());
    assert_eq!(
        s.decide(&veto("上海海关", false, "依法应公开")).unwrap(),
        None
    );
    let h = s.history(None).unwrap();
    assert_eq!(
        h.iter().map(|c| (c.old, c.new)).collect::<Vec<_>>(),
        [
            (None, Some(Decided::Score("0.00".parse().unwrap()))),
            (None, Some(Decided::Veto(false)))
        ]
    );
    assert!(s.take_warnings().is_empty());
    assert_eq!(s.decisions().unwrap()[0].value, Decided::Veto(false));
}

#[test]
fn bad_veto_rows_are_reported_and_ignored() {
    let dir = veto_workspace();
    let d = dir.path();
    drop(Store::open(d).unwrap());
    let conn = rusqlite::Connection::open(d.join(FILE)).unwrap();
    let row = |office: &str, ind: &str, value: &str, what: &str| {
        conn.execute(
            "INSERT INTO decisions (office, indicator, score, reason, evaluator, decided_at, what)
             VALUES (?1, ?2, ?3, '有据', '甲', '2019-01-05 10:00:00', ?4)",
            [office, ind, value, what],
        )
        .unwrap();
    };
    row("上海海关", "V1", "否", "veto");
    let bad = [
        ("深圳海关", "V1", "也许", "veto", "不是“是”或“否”"),
        ("深圳海关", "A3", "是", "veto", "不是一票否决指标"),
        ("深圳海关", "A4", "1", "bonus", "种类“bonus”未知"),
        ("深圳海关", "A5", "是", "score", "不是数字"),
    ];
    for (o, i, v, w, _) in bad {
        row(o, i, v, w);
    }
    let log = |old: Option<&str>, new: Option<&str>, what: &str| {
        conn.execute(
            "INSERT INTO history (at, evaluator, office, indicator, old, new, reason, kind, what)
             VALUES ('2019-01-05 10:00:00', '甲', '上海海关', 'V1', ?1, ?2, '有据', 'set', ?3)",
            rusqlite::params![old, new, what],
        )
        .unwrap();
    };
    log(None, Some("否"), "veto");
    log(None, Some("4.00"), "veto");
    log(Some("是"), Some("1"), "veto");
    drop(conn);
    let o = kaoping(&["score", "--format", "csv"], d);
    let csv = ok(&o);
    assert!(
        csv.contains(",上海海关,100.50,优秀,,"),
        "the good row counts: {csv}"
    );
    assert!(
        csv.contains(",深圳海关,104.00,优秀,,"),
        "no bad row counts: {csv}"
    );
    let err = text(&o.stderr);
    assert_eq!(
        err.lines().filter(|l| l.contains("已忽略")).count(),
        bad.len(),
        "{err}"
    );
    for (.., why) in bad {
        assert!(err.contains(why), "{why} missing in {err}");
    }
    let o = kaoping(&["history", "--format", "csv"], d);
    assert_eq!(ok(&o).lines().count(), 2);
    assert_eq!(
        text(&o.stderr)
            .lines()
            .filter(|l| l.contains("核定历史"))
            .count(),
        2
    );
}
