//! Line breaking for the Chinese help: a text cut into lines measured in terminal cells,
//! between Chinese characters where the marks allow ([`break_points`], also used by the man
//! pages), and an example command line broken only between its words.

use crate::text::width as cells;

/// A shell command line in lines of at most `width` cells where its words allow: each line
/// but the last ends in ` \\`, the continuations are indented by four spaces; a quoted
/// argument is one word.
pub(super) fn shell_lines(cmd: &str, width: usize) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut quoted = false;
    for c in cmd.chars() {
        if c == ' ' && !quoted {
            words.push(String::new());
            continue;
        }
        if c == '"' {
            quoted = !quoted;
        }
        match words.last_mut() {
            Some(w) => w.push(c),
            None => words.push(c.to_string()),
        }
    }
    let mut lines: Vec<String> = vec![String::new()];
    for w in words.into_iter().filter(|w| !w.is_empty()) {
        let indent = if lines.len() > 1 { 4 } else { 0 };
        let last = lines.last().map(|l| cells(l)).unwrap_or(0);
        if last > 0 && indent + last + 1 + cells(&w) + 2 > width {
            lines.push(String::new());
        }
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&w);
    }
    let n = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let lead = if i > 0 { "    " } else { "" };
            let tail = if i + 1 < n { " \\" } else { "" };
            format!("{lead}{l}{tail}")
        })
        .collect()
}

fn wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

/// Marks a line never starts with.
const CLOSING: &str = "，。、；：！？）》」』】〕〉］”’…％";
/// Marks a line never ends with.
const OPENING: &str = "（《「『【〔〈［“‘";

/// Whether a line may break between two characters that are not spaces: where one of them
/// is wide (Chinese), the other wide too or a letter or digit, with no closing mark after
/// the break, no opening mark before it, not after a colon before a name (［默认：table］)
/// nor inside a label (［可选：）; and after a comma in a list of names. `before` is the
/// character before `a`.
fn may_break(before: Option<char>, a: char, b: char) -> bool {
    if before == Some('［') {
        // ［可选：…］, ［默认：…］: the label stays whole.
        return false;
    }
    if a == ',' && b.is_ascii_alphabetic() {
        // A list of names (`rank,office,total`).
        return true;
    }
    if !(wide(a) || wide(b)) || CLOSING.contains(b) || OPENING.contains(a) {
        return false;
    }
    if a == '：' && b.is_ascii_alphanumeric() {
        // ［默认：table］ stays whole.
        return false;
    }
    (wide(a) || a.is_alphanumeric()) && (wide(b) || b.is_alphanumeric())
}

/// Where a line of `text` may break between two characters that are not spaces (as
/// [`may_break`] says): the byte offset of each character a new line may start with. The
/// help's lines and the man pages' break points (`\:`) both come from here.
pub(crate) fn break_points(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut before, mut prev): (Option<char>, Option<char>) = (None, None);
    for (i, c) in text.char_indices() {
        if let Some(p) = prev {
            if p != ' ' && c != ' ' && may_break(before, p, c) {
                out.push(i);
            }
        }
        (before, prev) = (prev, Some(c));
    }
    out
}

/// A line of text cut into lines of at most `width` cells: at spaces (dropped there) and
/// at its [`break_points`]; a word longer than the width is cut where it must be.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    // Pieces that stay together; a run of spaces is a piece of its own.
    let mut pieces: Vec<String> = Vec::new();
    let mut breaks = break_points(text).into_iter().peekable();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let at_break = breaks.next_if_eq(&i).is_some();
        let new = match prev {
            None => true,
            Some(p) => (p == ' ') != (c == ' ') || at_break,
        };
        if new {
            pieces.push(String::new());
        }
        if let Some(last) = pieces.last_mut() {
            last.push(c);
        }
        prev = Some(c);
    }
    let mut lines: Vec<String> = vec![String::new()];
    let mut used = 0;
    for piece in pieces {
        let w = cells(&piece);
        let space = piece.starts_with(' ');
        if used + w > width && used > 0 {
            lines.push(String::new());
            used = 0;
            if space {
                continue;
            }
        }
        if space && used == 0 && lines.len() > 1 {
            continue;
        }
        let Some(line) = lines.last_mut() else {
            break;
        };
        if w <= width - used {
            line.push_str(&piece);
            used += w;
            continue;
        }
        // Longer than a line: cut it.
        for c in piece.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + cw > width && used > 0 {
                lines.push(String::new());
                used = 0;
            }
            if let Some(line) = lines.last_mut() {
                line.push(c);
            }
            used += cw;
        }
    }
    for l in &mut lines {
        l.truncate(l.trim_end().len());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_example_command_breaks_between_words_with_a_backslash_and_rejoins() {
        let cmd = r#"kaoping adjust samples/2018 --office 广州海关 --indicator A3 --score 4 --reason "补充 佐证后核定""#;
        let lines = shell_lines(cmd, 40);
        assert!(lines.len() > 1, "{lines:?}");
        for l in &lines[..lines.len() - 1] {
            assert!(l.ends_with(" \\"), "{l}");
            assert!(cells(l) <= 40, "{l}");
        }
        let joined: Vec<&str> = lines
            .iter()
            .map(|l| l.trim_end_matches(" \\").trim_start())
            .collect();
        assert_eq!(joined.join(" "), cmd);
        assert!(lines.iter().any(|l| l.contains(r#""补充 佐证后核定""#)));
        assert_eq!(
            shell_lines("kaoping man", 40),
            vec!["kaoping man".to_string()]
        );
    }

    #[test]
    fn chinese_wraps_between_characters_and_keeps_words_and_marks() {
        let t = "导入自评表，输出各单位的得分和名次（.xls/.xlsx）；默认为 indicators/2018.toml。";
        for w in [10, 16, 22, 33, 80] {
            let lines = wrap(t, w);
            assert_eq!(lines.concat().replace(' ', ""), t.replace(' ', ""), "{w}");
            for l in &lines {
                assert!(cells(l) <= w, "{w}: {l}");
            }
            // Where the longest word fits, it is whole and the marks are in place.
            if w >= 22 {
                assert!(
                    lines.iter().any(|l| l.contains("indicators/2018.toml")),
                    "{w}: {lines:?}"
                );
                for l in &lines {
                    assert!(!CLOSING.contains(l.chars().next().unwrap()), "{w}: {l}");
                    assert!(!OPENING.contains(l.chars().last().unwrap()), "{w}: {l}");
                }
            }
        }
        assert_eq!(
            wrap("输出格式［默认：table］", 16),
            vec!["输出格式", "［默认：table］"]
        );
        assert_eq!(wrap("abc def", 3), vec!["abc", "def"]);
        assert_eq!(wrap("abcdef", 4), vec!["abcd", "ef"]);
    }
}
