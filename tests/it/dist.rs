//! What the tarball ships besides the binary, made through the binary: the man pages and
//! the shell completions name every subcommand of the command line (taken from clap's own
//! definition, so that a new subcommand is covered without touching this file); and the
//! build is named (`--version`, the properties of the workbook and the documents).

use assert_cmd::Command;
use clap::CommandFactory;
use kaoping::cli::Cli;
use std::io::Read;
use std::path::{Path, PathBuf};

fn kaoping() -> Command {
    Command::cargo_bin("kaoping").unwrap()
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every visible subcommand at any depth, as its path of names (`["findings", "apply"]`),
/// with its long options; `help` left out (the pages and completions have no `help`
/// subcommand, each command has `--help`).
fn subcommands() -> Vec<(Vec<String>, Vec<String>)> {
    fn walk(cmd: &clap::Command, path: &[String], out: &mut Vec<(Vec<String>, Vec<String>)>) {
        for sub in cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        {
            let mut p = path.to_vec();
            p.push(sub.get_name().to_string());
            let longs = sub
                .get_arguments()
                .filter(|a| !a.is_hide_set())
                .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
                .collect();
            out.push((p.clone(), longs));
            walk(sub, &p, out);
        }
    }
    let mut cmd = Cli::command();
    cmd.build();
    let mut out = Vec::new();
    walk(&cmd, &[], &mut out);
    out
}

/// roff's way of writing a text: each `-` as `\-`.
fn roff(s: &str) -> String {
    s.replace('-', "\\-")
}

#[test]
fn the_list_of_subcommands_is_clap_s_own() {
    let subs = subcommands();
    for must in [
        &["score"][..],
        &["open"],
        &["findings", "apply"],
        &["man"],
        &["completions"],
    ] {
        assert!(subs.iter().any(|(p, _)| p == must), "{must:?} in {subs:?}");
    }
}

#[test]
fn the_man_page_names_every_subcommand() {
    let page = stdout_of(kaoping().arg("man"));
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..200]
    );
    assert!(page.contains(".TH kaoping 1"), "{page}");
    assert!(
        page.contains(kaoping::VERSION_LINE),
        "the page names the build"
    );
    for (path, _) in subcommands().iter().filter(|(p, _)| p.len() == 1) {
        let see = format!("kaoping\\-{}(1)", roff(&path[0]));
        assert!(page.contains(&see), "{see} not in kaoping.1");
    }
}

#[test]
fn man_out_writes_a_page_for_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let printed = stdout_of(kaoping().arg("man").arg("--out").arg(&out));
    let main = std::fs::read_to_string(out.join("kaoping.1")).unwrap();
    assert_eq!(main, stdout_of(kaoping().arg("man")), "the same main page");
    let mut expected = vec!["kaoping.1".to_string()];
    for (path, longs) in subcommands() {
        let name = format!("kaoping-{}", path.join("-"));
        let file = out.join(format!("{name}.1"));
        let page =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(page.contains(&format!(".TH {name} 1")), "{name}: {page}");
        for l in longs {
            assert!(page.contains(&roff(&l)), "{l} not in {name}.1");
        }
        assert!(printed.contains(&file.display().to_string()), "{printed}");
        expected.push(format!("{name}.1"));
    }
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    expected.sort();
    assert_eq!(written, expected, "no page for `help`, none missing");
}

#[test]
fn the_completions_name_every_subcommand_and_option() {
    let bash = stdout_of(kaoping().args(["completions", "bash"]));
    let zsh = stdout_of(kaoping().args(["completions", "zsh"]));
    assert!(bash.contains("complete -F _kaoping"), "{bash}");
    assert!(zsh.starts_with("#compdef kaoping"), "{zsh}");
    let words = |s: &str| -> std::collections::HashSet<String> {
        s.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .map(str::to_string)
            .collect()
    };
    let (bash_words, zsh_words) = (words(&bash), words(&zsh));
    for (path, longs) in subcommands() {
        let name = path.last().unwrap();
        // bash: the case for the subcommand (`kaoping__subcmd__findings__subcmd__apply`).
        let case = format!("kaoping__subcmd__{}", path.join("__subcmd__"));
        assert!(bash.contains(&case), "{case} not in the bash completions");
        // zsh: the subcommand described (`'score:Import returns …'`).
        assert!(
            zsh.contains(&format!("'{name}:")),
            "{name} not in the zsh completions"
        );
        for l in longs {
            assert!(bash_words.contains(&l), "{l} of {path:?} not in bash");
            assert!(zsh_words.contains(&l), "{l} of {path:?} not in zsh");
        }
    }
    // The scripts are valid for their shells, where the shell is here.
    for (shell, script) in [("bash", &bash), ("zsh", &zsh)] {
        let Ok(out) = std::process::Command::new(shell)
            .arg("-n")
            .arg("-c")
            .arg(script)
            .output()
        else {
            continue;
        };
        assert!(
            out.status.success(),
            "{shell} -n: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    kaoping().args(["completions", "fish"]).assert().code(2);
}

/// `kaoping 0.1.0 (1a2b3c4 2026-05-02)`: the commit a short hex hash (`-dirty` after it
/// when the tree had changes), or `unknown` without git; the date YYYY-MM-DD.
#[test]
fn version_names_the_commit_and_the_date() {
    let line = stdout_of(kaoping().arg("--version"));
    let line = line.trim_end();
    assert_eq!(line, format!("kaoping {}", kaoping::VERSION_LINE));
    let rest = line
        .strip_prefix(&format!("kaoping {} (", env!("CARGO_PKG_VERSION")))
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{line}"));
    let (commit, date) = rest.split_once(' ').unwrap_or_else(|| panic!("{line}"));
    let hash = commit.strip_suffix("-dirty").unwrap_or(commit);
    assert!(
        commit == "unknown" || (hash.len() >= 7 && hash.chars().all(|c| c.is_ascii_hexdigit())),
        "{line}"
    );
    let d: Vec<&str> = date.split('-').collect();
    assert!(
        d.len() == 3
            && [4, 2, 2]
                .iter()
                .zip(&d)
                .all(|(n, p)| p.len() == *n && p.chars().all(|c| c.is_ascii_digit())),
        "{line}"
    );
    assert!(
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
        "{line}"
    );
    let info = kaoping::build_info();
    assert_eq!((info.commit, info.date), (commit, date));

    // Built from this checkout: its HEAD.
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(root())
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let top = git(&["rev-parse", "--show-toplevel"]).map(PathBuf::from);
    if top.and_then(|t| t.canonicalize().ok()) == root().canonicalize().ok() {
        let head = git(&["rev-parse", "HEAD"]).unwrap();
        assert!(head.starts_with(hash), "{line}: HEAD is {head}");
    }
}

fn part(package: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(package).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn the_workbook_and_the_documents_name_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let samples = root().join("samples/2018");
    let xlsx = dir.path().join("通报.xlsx");
    kaoping()
        .arg("export")
        .arg("--out")
        .arg(&xlsx)
        .arg(&samples)
        .assert()
        .success();
    let custom = part(&xlsx, "docProps/custom.xml");
    let build = kaoping::build_info().to_string();
    assert!(
        custom.contains(&format!(
            "name=\"kaoping-export\"><vt:lpwstr>{build}</vt:lpwstr>"
        )),
        "{custom}"
    );
    assert!(part(&xlsx, "docProps/core.xml").contains(&build));

    let docx = dir.path().join("通报.docx");
    kaoping()
        .arg("circular")
        .arg("--out")
        .arg(&docx)
        .arg(&samples)
        .assert()
        .success();
    let core = part(&docx, "docProps/core.xml");
    assert!(
        core.contains(&format!(
            "<dc:description>kaoping {build} 生成</dc:description>"
        )),
        "{core}"
    );
}
