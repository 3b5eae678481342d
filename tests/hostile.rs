//! Text from a return is data: whatever a return holds, kaoping's standard output and
//! standard error carry no control character (the only one written is the line feed), and
//! a far larger sheet than any return is refused from its declared size, in little memory.

use assert_cmd::Command;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/returns")
        .join(name)
}

/// A character a terminal could act on: C0 but the line feed, DEL, C1, bidi overrides.
fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[test]
fn hostile_text_never_reaches_the_terminal_raw() {
    let file = fixture("hostile-text.xlsx");
    let runs: [&[&str]; 4] = [
        &["score", "--format", "table"],
        &["score", "--format", "csv"],
        &["score", "--format", "json"],
        &["check"],
    ];
    for args in runs {
        let out = Command::cargo_bin("kaoping")
            .unwrap()
            .args(args)
            .arg(&file)
            .output()
            .unwrap();
        for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8(bytes.clone()).expect("UTF-8 output");
            let bad: Vec<char> = text.chars().filter(|c| is_dangerous(*c)).collect();
            assert!(bad.is_empty(), "{args:?} {what} carries {bad:?}:\n{text}");
        }
        let all = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        // The hostile status is reported, visibly.
        if args[0] == "check" || args.contains(&"table") {
            assert!(all.contains("␛[31m完成"), "{args:?}: {all}");
        }
    }
    // The JSON keeps the text, escaped.
    let out = Command::cargo_bin("kaoping")
        .unwrap()
        .args(["score", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes: Vec<&str> = v["offices"][0]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["note"].as_str())
        .collect();
    assert!(
        notes.iter().any(|n| n.contains('\u{1b}')),
        "the note is kept as data: {notes:?}"
    );
}

#[test]
fn oversized_sheets_are_refused_in_little_memory() {
    let bin = assert_cmd::cargo::cargo_bin("kaoping");
    // 400 MB of address space: building the grid of a stray cell at XFD1048576 (or of a
    // 65536 × 256 .xls) would need far more.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 400000; exec '{}' check '{}' '{}' '{}'",
            bin.display(),
            fixture("stray-cell.xlsx").display(),
            fixture("stray-cell.xls").display(),
            fixture("too-many-rows.xlsx").display()
        ))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("过大").count(), 3, "{text}");
}
