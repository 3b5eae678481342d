//! What a workbook can hold, and text made to fit it: whatever a return, a store or a data
//! file says, the export writes it (cut and cleaned where it must), and never fails on it.
//!
//! Excel counts characters in UTF-16 code units, as rust_xlsxwriter checks them; XML 1.0
//! cannot hold the C0 controls but tab, line feed and carriage return, nor U+FFFE and
//! U+FFFF. rust_xlsxwriter escapes those in cell and element text (`_xHHHH_`), but not in
//! attributes (a custom property's name, say), where they make the XML malformed; and
//! it refuses a cell over 32,767 characters, a note over 32,713 (room for the author),
//! a validation list or message over 255, and passes over a note author over 52
//! (printing to standard error).

use std::borrow::Cow;

/// Characters in a cell.
pub const CELL: usize = 32_767;
/// Characters in a note (Excel's cell limit less room for the author's name).
pub const NOTE: usize = CELL - 54;
/// Characters in a note's author.
pub const NOTE_AUTHOR: usize = 52;
/// Characters in a document property (its name or text), a chart title, a data
/// validation list (with its commas) or message.
pub const SHORT: usize = 255;
/// Characters in a data validation's title.
pub const VALIDATION_TITLE: usize = 32;
/// The last row (0-based) and column of a sheet.
pub const LAST_ROW: u32 = 1_048_575;
pub const LAST_COL: u16 = 16_383;

/// What ends a text that was cut.
pub const CUT_MARK: &str = "…（已截断）";

/// Length as Excel counts it.
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

fn xml_bad(c: char) -> bool {
    ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// Replaces what XML cannot hold by a visible symbol: a C0 control by its Control
/// Picture (`\u{1}` → `␁`), U+FFFE and U+FFFF by U+FFFD. Tab and line breaks are kept.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(xml_bad) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                c if (c as u32) < 0x20 && xml_bad(c) => {
                    char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')
                }
                c if xml_bad(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

/// [`xml_safe`] on one line: tab and line breaks become spaces too (for names and
/// titles, which XML attributes would fold anyway).
pub fn one_line(s: &str) -> Cow<'_, str> {
    let s = xml_safe(s);
    if !s.contains(['\t', '\n', '\r']) {
        return s;
    }
    Cow::Owned(s.replace(['\t', '\n', '\r'], " "))
}

/// Cuts a text to at most `max` characters (UTF-16 code units) on a character boundary,
/// ending it with [`CUT_MARK`] when it was cut; the result is never longer than `max`.
pub fn cut(s: &str, max: usize) -> Cow<'_, str> {
    // A UTF-8 text has at least as many bytes as UTF-16 units.
    if s.len() <= max || utf16_len(s) <= max {
        return Cow::Borrowed(s);
    }
    let mark = utf16_len(CUT_MARK);
    if max < mark {
        return Cow::Owned(prefix(s, max).to_string());
    }
    Cow::Owned(format!("{}{CUT_MARK}", prefix(s, max - mark)))
}

/// The longest prefix of at most `units` UTF-16 code units.
fn prefix(s: &str, units: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += c.len_utf16();
        if used > units {
            return &s[..i];
        }
    }
    s
}

/// [`xml_safe`] and [`cut`]: text as a cell or a note can hold it.
pub fn fit(s: &str, max: usize) -> Cow<'_, str> {
    match xml_safe(s) {
        Cow::Borrowed(b) => cut(b, max),
        Cow::Owned(o) => Cow::Owned(cut(&o, max).into_owned()),
    }
}

/// [`one_line`] and [`cut`]: text as a property, a title or an author can hold it.
pub fn fit_line(s: &str, max: usize) -> String {
    cut(&one_line(s), max).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_clean_text_is_kept() {
        assert!(matches!(fit("广州海关\t A1\n", CELL), Cow::Borrowed(_)));
        assert_eq!(fit("", 3), "");
    }

    #[test]
    fn long_text_is_cut_visibly_within_the_limit() {
        let long = "海".repeat(40_000);
        let got = fit(&long, CELL);
        assert_eq!(utf16_len(&got), CELL);
        assert!(got.ends_with(CUT_MARK));
        assert!(got.starts_with("海海海"));
        // Exactly at the limit: kept whole.
        let exact = "a".repeat(CELL);
        assert_eq!(fit(&exact, CELL), exact);
        let over = "a".repeat(CELL + 1);
        assert_eq!(utf16_len(&fit(&over, CELL)), CELL);
    }

    #[test]
    fn a_cut_never_splits_a_character() {
        // U+1F600 takes two UTF-16 units: the cut may leave one unit unused, never half.
        let s = "😀".repeat(100);
        for max in 6..40 {
            let got = cut(&s, max);
            assert!(utf16_len(&got) <= max, "{max}");
            assert!(got.ends_with(CUT_MARK));
            assert!(got.trim_end_matches(CUT_MARK).chars().all(|c| c == '😀'));
        }
        assert_eq!(cut(&s, 3), "😀");
        assert_eq!(cut(&s, 0), "");
    }

    #[test]
    fn what_xml_cannot_hold_is_replaced_visibly() {
        let s = "a\u{0}b\u{1}c\u{1b}d\u{fffe}e\u{ffff}f\tg\nh\ri\u{7f}";
        assert_eq!(xml_safe(s), "a␀b␁c␛d\u{fffd}e\u{fffd}f\tg\nh\ri\u{7f}");
        assert_eq!(one_line(s), "a␀b␁c␛d\u{fffd}e\u{fffd}f g h i\u{7f}");
        assert_eq!(fit_line("\u{1}x\n", 255), "␁x ");
    }
}
