//! `--help` of every command, run through the binary: Chinese by default (clap's English
//! words too), English with `--lang en` (before or after the subcommand) or
//! `KAOPING_LANG=en`; the exit statuses in both; lines that fit the terminal's width in
//! cells; usage errors in Chinese on standard error with exit status 2.

use assert_cmd::Command;
use clap::CommandFactory;
use kaoping::cli::Cli;
use unicode_width::UnicodeWidthStr;

/// The binary with no language from the environment (the tests' own may have one).
fn kaoping() -> Command {
    let mut c = Command::cargo_bin("kaoping").unwrap();
    c.env_remove("KAOPING_LANG");
    c
}

/// Every command's path of names: `[]` for kaoping itself, `["findings", "apply"]`;
/// `help` left out.
fn paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: &[String], out: &mut Vec<Vec<String>>) {
        out.push(path.to_vec());
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut p = path.to_vec();
            p.push(sub.get_name().to_string());
            walk(sub, &p, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &[], &mut out);
    out
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn assert_chinese(text: &str, what: &str) {
    assert!(text.contains("用法：kaoping"), "{what}: {text}");
    assert!(text.contains("退出状态"), "{what}: {text}");
    assert!(text.contains("打印帮助"), "{what}: {text}");
    for english in [
        "Usage:",
        "Options:",
        "Arguments:",
        "Commands:",
        "Print help",
        "Print version",
        "[OPTIONS]",
        "<COMMAND>",
        "[default:",
        "[possible values:",
        "Possible values",
        "Exit status",
        "subcommand(s)",
    ] {
        assert!(!text.contains(english), "{what}: {english} in {text}");
    }
}

fn assert_english(text: &str, what: &str) {
    assert!(text.contains("Usage: kaoping"), "{what}: {text}");
    assert!(text.contains("Exit status"), "{what}: {text}");
    assert!(text.contains("Print help"), "{what}: {text}");
    assert!(
        !text.contains("用法") && !text.contains("退出状态"),
        "{what}: {text}"
    );
}

#[test]
fn every_command_s_help_is_chinese_by_default_with_its_exit_statuses() {
    let paths = paths();
    assert!(paths.len() >= 18, "{paths:?}");
    assert!(paths.contains(&vec!["findings".to_string(), "apply".to_string()]));
    for p in &paths {
        for flag in ["--help", "-h"] {
            let text = stdout(kaoping().args(p).arg(flag));
            assert_chinese(&text, &format!("{p:?} {flag}"));
        }
        // `kaoping help …` gives the same page.
        if !p.is_empty() {
            let text = stdout(kaoping().arg("help").args(p));
            assert_chinese(&text, &format!("help {p:?}"));
        }
    }
    let main = stdout(kaoping().arg("--help"));
    for w in [
        "命令：",
        "选项：",
        "-V, --version",
        "打印版本",
        "<命令>",
        "[选项]",
    ] {
        assert!(main.contains(w), "{w}: {main}");
    }
    let score = stdout(kaoping().args(["score", "--help"]));
    for w in [
        "参数：",
        "［可选：table 终端里对齐的表格；",
        "［默认：table］",
        "退出状态：0 全部文件已受理",
    ] {
        assert!(score.contains(w), "{w}: {score}");
    }
}

#[test]
fn lang_en_gives_english_help_in_either_place_and_so_does_the_environment() {
    for p in paths() {
        let after = stdout(kaoping().args(&p).args(["--help", "--lang", "en"]));
        assert_english(&after, &format!("{p:?} --help --lang en"));
        let before = stdout(kaoping().arg("--lang=en").args(&p).arg("--help"));
        assert_eq!(before, after, "{p:?}");
        let env = stdout(
            kaoping()
                .env("KAOPING_LANG", "en_US.UTF-8")
                .args(&p)
                .arg("--help"),
        );
        assert_eq!(env, after, "{p:?}");
        // --lang zh wins over the environment.
        let zh = stdout(
            kaoping()
                .env("KAOPING_LANG", "en")
                .args(&p)
                .args(["--lang", "zh", "--help"]),
        );
        assert_chinese(&zh, &format!("{p:?} --lang zh"));
    }
    // Anything but en… is Chinese.
    let zh = stdout(kaoping().env("KAOPING_LANG", "zh_CN.UTF-8").arg("--help"));
    assert_chinese(&zh, "KAOPING_LANG=zh_CN.UTF-8");
}

#[test]
fn chinese_help_fits_the_terminal_width_in_cells() {
    for columns in [80, 60] {
        for p in paths() {
            let text = stdout(
                kaoping()
                    .env("COLUMNS", columns.to_string())
                    .args(&p)
                    .arg("--help"),
            );
            for line in text.lines() {
                assert!(
                    line.width() <= columns,
                    "{p:?} at {columns} columns: {} cells: {line}",
                    line.width()
                );
                for mark in ["，", "。", "；", "：", "、", "）", "］"] {
                    assert!(
                        !line.trim_start().starts_with(mark),
                        "{p:?} at {columns}: a line starts with {mark}: {line}"
                    );
                }
            }
        }
    }
}

/// The English help is clap's, measured in terminal cells too (clap's `unicode` feature), so
/// the Chinese it quotes (file names, 等次) does not push a line past the terminal.
#[test]
fn english_help_fits_the_terminal_width_in_cells() {
    for p in paths() {
        let text = stdout(
            kaoping()
                .env("COLUMNS", "80")
                .env("KAOPING_LANG", "en")
                .args(&p)
                .arg("--help"),
        );
        // clap never wraps the usage line; everything else must fit.
        for line in text.lines().filter(|l| !l.starts_with("Usage: ")) {
            assert!(line.width() <= 80, "{p:?}: {} cells: {line}", line.width());
        }
    }
}

#[test]
fn usage_errors_are_chinese_on_standard_error_with_status_2() {
    let out = kaoping()
        .args(["score", "--frmat", "csv", "samples/2018"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    for w in [
        "错误：未知的参数 '--frmat'",
        "提示：是否想用 '--format'？",
        "用法：kaoping score ",
        "更多信息请用 '--help'。",
    ] {
        assert!(err.contains(w), "{w}: {err}");
    }
    assert!(!err.contains("error:") && !err.contains("Usage"), "{err}");

    for (args, words) in [
        (
            &["score", "--format", "xml", "x"][..],
            &["错误：'xml' 不是 --format <FORMAT> 的有效值［可选：table、csv、json］"][..],
        ),
        (&["check"], &["错误：缺少必需的参数：<PATH>..."]),
        (
            &["scroe"],
            &[
                "错误：未知的命令 'scroe'",
                "'score'？",
                "用法：kaoping [选项] <命令>",
            ],
        ),
        (
            &["robustness", "--draws", "0"],
            &["错误：'0' 不是 --draws <N> 的有效值：应在 1 至 100000 之间"],
        ),
        (
            &["--lang", "fr", "score", "x"],
            &["错误：'fr' 不是 --lang <LANG> 的有效值"],
        ),
    ] {
        let out = kaoping().args(args).assert().code(2).get_output().clone();
        let err = String::from_utf8(out.stderr).unwrap();
        for w in words {
            assert!(err.contains(w), "{args:?}: {w}: {err}");
        }
    }

    // In English, clap's own words.
    let out = kaoping()
        .args(["score", "--frmat", "csv", "x", "--lang", "en"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("error: unexpected argument '--frmat' found"),
        "{err}"
    );
    assert!(err.contains("Usage: kaoping score "), "{err}");

    // No subcommand: the help, on standard error, status 2.
    let out = kaoping().assert().code(2).get_output().clone();
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("用法：kaoping [选项] <命令>"));
}

#[test]
fn version_is_the_same_in_both_languages() {
    let zh = stdout(kaoping().arg("--version"));
    assert_eq!(zh, stdout(kaoping().arg("-V")));
    assert_eq!(zh, stdout(kaoping().args(["--lang", "en", "--version"])));
    assert_eq!(zh.trim_end(), format!("kaoping {}", kaoping::VERSION_LINE));
}

#[test]
fn man_pages_and_completions_follow_the_language() {
    let zh = stdout(kaoping().args(["man"]));
    assert!(
        zh.contains(".SH 名称") && zh.contains(".SH 退出状态"),
        "{zh}"
    );
    let en = stdout(kaoping().args(["--lang", "en", "man"]));
    assert!(
        en.contains(".SH NAME") && en.contains(".SH \"EXIT STATUS\""),
        "{en}"
    );
    assert_eq!(en, stdout(kaoping().env("KAOPING_LANG", "en").arg("man")));
    let zsh = stdout(kaoping().args(["completions", "zsh"]));
    assert!(zsh.contains("'score:导入自评表"), "{zsh}");
    let zsh = stdout(kaoping().args(["completions", "zsh", "--lang", "en"]));
    assert!(zsh.contains("'score:Import returns"), "{zsh}");
}
