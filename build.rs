//! Names the build: the git commit (short hash, `-dirty` when the tree has uncommitted
//! changes) and the build date (UTC), for `kaoping --version` and the properties of every
//! workbook and document written (`kaoping::build_info()`).
//!
//! The commit comes from git when this source tree is a git checkout (its own, not one
//! that merely contains it); else from `KAOPING_COMMIT` (set by the vendored tarball's
//! `.cargo/config.toml`); else `unknown`. The date is `KAOPING_BUILD_DATE` if set, else
//! the UTC date of `SOURCE_DATE_EPOCH` (reproducible builds), else today's (UTC).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    for var in ["KAOPING_COMMIT", "KAOPING_BUILD_DATE", "SOURCE_DATE_EPOCH"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    println!("cargo:rerun-if-changed=build.rs");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let commit = git_commit(&dir)
        .or_else(|| env_nonempty("KAOPING_COMMIT").map(|c| clean(&c)))
        .unwrap_or_else(|| "unknown".to_string());
    let date = env_nonempty("KAOPING_BUILD_DATE")
        .map(|d| clean(&d))
        .or_else(|| {
            env_nonempty("SOURCE_DATE_EPOCH")
                .and_then(|s| s.trim().parse::<i64>().ok())
                .map(utc_date)
        })
        .unwrap_or_else(|| {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            utc_date(now)
        });
    println!("cargo:rustc-env=KAOPING_BUILD_COMMIT={commit}");
    println!("cargo:rustc-env=KAOPING_BUILD_DATE_UTC={date}");
}

fn env_nonempty(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|v| !v.trim().is_empty())
}

/// At most 40 characters of `[0-9A-Za-z.-]`: what goes into a version line and a document's
/// properties, whatever the environment held.
fn clean(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
        .take(40)
        .collect()
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The short hash of HEAD, `-dirty` if a tracked file differs from it; None when git is
/// missing or this tree is not the top of a git checkout. Registers the files whose change
/// means another commit or another dirty state (HEAD, its branch's ref, the index, the
/// sources), so that the build script does not run on every build.
fn git_commit(dir: &Path) -> Option<String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same(Path::new(&top), dir) {
        return None;
    }
    let hash = git(dir, &["rev-parse", "--short", "HEAD"])?;
    let mut watched = vec!["HEAD".to_string(), "index".to_string()];
    if let Some(r) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(r);
    }
    watched.push("packed-refs".to_string());
    for w in watched {
        if let Some(p) = git(dir, &["rev-parse", "--git-path", &w]) {
            let p = dir.join(p);
            if p.exists() {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
    }
    for p in ["src", "Cargo.toml", "Cargo.lock", "indicators"] {
        println!("cargo:rerun-if-changed={p}");
    }
    let dirty = // Without taking the index lock or refreshing the index: a write to it would be a
    // change to a watched file, and the script would run on every build.
    git(
        dir,
        &["--no-optional-locks", "status", "--porcelain", "--untracked-files=no"],
    )
        .is_some_and(|s| !s.is_empty());
    Some(if dirty { format!("{hash}-dirty") } else { hash })
}

/// The UTC date (YYYY-MM-DD) of a Unix time (days to the civil date, after Howard
/// Hinnant's `civil_from_days`).
fn utc_date(secs: i64) -> String {
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
