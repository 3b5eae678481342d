//! Text as the terminal and the reports see it: sanitizing text that came from a return,
//! folding it for comparison, and measuring it in terminal cells.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Makes text from a return safe to print: every control character (C0, DEL, C1) becomes a
/// visible symbol, so that a return can never move the cursor, retitle or clear a terminal,
/// and every invisible format character (zero-width spaces and joiners, bidirectional
/// overrides, the byte-order mark, soft hyphens, tags) is written out as `⟨U+200B⟩`, so that
/// a name that looks right but does not match shows why. Line breaks and tabs become a space.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if (c as u32) < 0x20 => {
                // Control Pictures block: U+2400 + code.
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('�'));
            }
            '\u{7f}' => out.push('\u{2421}'),
            // C1 controls, and the noncharacters that no text should hold.
            '\u{80}'..='\u{9f}' | '\u{fdd0}'..='\u{fdef}' | '\u{fffe}' | '\u{ffff}' => {
                out.push('�')
            }
            c if is_invisible(c) => {
                use std::fmt::Write;
                let _ = write!(out, "⟨U+{:04X}⟩", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// An invisible format character (Unicode category Cf, and the fillers that render as
/// nothing): zero-width space, joiners, bidirectional marks and overrides, word joiner,
/// byte-order mark, soft hyphen, interlinear annotation marks, tag characters.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}'
        | '\u{600}'..='\u{605}'
        | '\u{61c}'
        | '\u{6dd}'
        | '\u{70f}'
        | '\u{180e}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206f}'
        | '\u{3164}'
        | '\u{feff}'
        | '\u{ffa0}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{e0001}'
        | '\u{e0020}'..='\u{e007f}')
}

/// The invisible format characters of a text (see [`is_invisible`]), each once, in the
/// order they first occur: what [`fold`] drops, so that a caller can say so.
pub fn invisible_chars(s: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in s.chars().filter(|c| is_invisible(*c)) {
        // Bounded: a text holds at most a few dozen distinct invisible characters worth
        // naming; the rest are counted in the same names.
        if !out.contains(&c) && out.len() < 16 {
            out.push(c);
        }
    }
    out
}

/// Names invisible characters for people: `U+200B（零宽空格）`, joined with `、`.
pub fn name_invisible(chars: &[char]) -> String {
    chars
        .iter()
        .map(|&c| {
            let what = match c {
                '\u{200b}' => "零宽空格",
                '\u{200c}' => "零宽非连接符",
                '\u{200d}' => "零宽连接符",
                '\u{2060}' => "零宽不换行空格",
                '\u{feff}' => "字节顺序标记 BOM",
                '\u{ad}' => "软连字符",
                '\u{200e}' | '\u{200f}' | '\u{61c}' => "方向标记",
                '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "双向文本控制符",
                _ => "不可见格式字符",
            };
            format!("U+{:04X}（{what}）", c as u32)
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// Folds text for matching: no white space and no invisible format characters, lower case,
/// full-width ASCII forms folded to half width (`Ａ１` → `a1`), ideographic space removed,
/// typographic apostrophes (’ ‘ ʼ) read as `'` (`Xi’an` → `xi'an`).
pub fn fold(s: &str) -> String {
    s.chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace() && !is_invisible(*c))
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Folds one full-width ASCII variant (U+FF01..U+FF5E) to its ASCII form, the ideographic
/// space to a space, and a typographic apostrophe (’ ‘ ʼ) to `'`; any other character is
/// returned as it is.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{2018}' | '\u{2019}' | '\u{2bc}' => '\'',
        c => c,
    }
}

/// Width of a text in terminal cells (CJK counts two).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts a text to at most `max` terminal cells, ending it with `…` when it was cut. The
/// cut falls on a character boundary and never splits a wide character.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Pads (or cuts) a text to exactly `w` cells, left-aligned.
pub fn pad_right(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let n = w.saturating_sub(width(&t));
    format!("{t}{}", " ".repeat(n))
}

/// Pads (or cuts) a text to exactly `w` cells, right-aligned.
pub fn pad_left(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let n = w.saturating_sub(width(&t));
    format!("{}{t}", " ".repeat(n))
}

/// Why a file could not be written, in the evaluator's words: the file, what to check, and
/// the system's own words in parentheses. Nothing is left half-written (files are written
/// whole or not at all).
pub fn not_written(path: &str, cause: &dyn std::fmt::Display) -> String {
    format!(
        "{path}：无法写入（{cause}）；请检查磁盘空间、所在文件夹的写权限，\
         以及同名文件是否正在 Excel、WPS 或 Word 中打开"
    )
}

/// Why a workbook or document could not be made (before anything is written).
pub fn not_made(path: &str, cause: &dyn std::fmt::Display) -> String {
    format!("{path}：生成文件时出错，未写出（{cause}）")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_turns_controls_into_symbols() {
        let s = sanitize("ok\x1b]0;pwned\x07\x1b[2J\r\nend\u{9b}\u{202e}");
        assert!(!s.chars().any(|c| c.is_control()));
        assert!(s.starts_with("ok␛]0;pwned␇␛[2J  end"));
        assert!(s.ends_with("⟨U+202E⟩"));
        assert_eq!(sanitize("a\u{fffe}b\u{ffff}"), "a�b�");
    }

    #[test]
    fn invisible_characters_are_shown_and_folded_away() {
        assert_eq!(
            sanitize("广州\u{200b}海关\u{feff}"),
            "广州⟨U+200B⟩海关⟨U+FEFF⟩"
        );
        assert_eq!(fold("广州\u{200b}海\u{200d}关"), "广州海关");
        assert!(!sanitize("a\u{2060}b\u{e0041}").chars().any(is_invisible));
    }

    #[test]
    fn invisible_characters_are_listed_and_named() {
        let t = "广州\u{200b}海关\u{feff}\u{200b}\u{202e}";
        assert_eq!(invisible_chars(t), ['\u{200b}', '\u{feff}', '\u{202e}']);
        assert_eq!(
            name_invisible(&invisible_chars(t)),
            "U+200B（零宽空格）、U+FEFF（字节顺序标记 BOM）、U+202E（双向文本控制符）"
        );
        assert!(invisible_chars("广州海关 Xi’an").is_empty());
        assert_eq!(invisible_chars(&"\u{200b}".repeat(100_000)).len(), 1);
    }

    #[test]
    fn typographic_apostrophes_fold_to_one() {
        for t in ["Xi’an", "Xi‘an", "Xiʼan", "Xi'an", "XI＇AN"] {
            assert_eq!(fold(t), "xi'an", "{t}");
        }
    }

    #[test]
    fn fold_handles_full_width_and_spaces() {
        assert_eq!(fold(" Ａ１ "), "a1");
        assert_eq!(fold("GUANGZHOU  Customs"), "guangzhoucustoms");
        assert_eq!(fold("广州\u{3000}海关"), "广州海关");
    }

    #[test]
    fn widths_count_cjk_as_two() {
        assert_eq!(width("广州海关"), 8);
        assert_eq!(truncate("乌鲁木齐海关", 7), "乌鲁木…");
        assert_eq!(width(&truncate("乌鲁木齐海关", 6)), 5);
        assert_eq!(pad_right("北京", 6), "北京  ");
        assert_eq!(pad_left("1.00", 6), "  1.00");
    }
}
