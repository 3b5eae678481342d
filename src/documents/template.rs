//! The circular's text template: one paragraph a line, a mark at the start of the line
//! saying what it is (`@title`, `@h1`, …; none for a paragraph of the body), and
//! `{placeholders}` filled from the results. `{{` and `}}` stand for the braces themselves;
//! lines starting with `#` are comments.
//!
//! The whole template is checked before anything is written: an unknown mark, an unknown
//! placeholder, a brace left open, or a placeholder that cannot be filled (the mean of no
//! offices) fails naming it and its line.

use std::collections::BTreeMap;

/// The built-in template (`indicators/circular-2018.txt`).
pub const BUILTIN: &str = include_str!("../../indicators/circular-2018.txt");
/// How the built-in template is named in messages.
pub const BUILTIN_NAME: &str = "（内置）indicators/circular-2018.txt";

/// What a line of the template is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `@title`: 2号 方正小标宋简体, centred.
    Title,
    /// `@to`: the addressee, flush left.
    To,
    /// `@h1`: a level-1 heading (一、).
    H1,
    /// `@h2`: a level-2 heading (（一）).
    H2,
    /// `@p` or no mark: a paragraph of the body.
    Body,
    /// `@label`: flush left in 黑体 (附件).
    Label,
    /// `@right`: flush right (落款, the date).
    Right,
    /// `@blank`: an empty line.
    Blank,
    /// `@pagebreak`.
    PageBreak,
    /// `@table`: the attachment's table of every office.
    Table,
}

const MARKS: [(&str, Kind); 10] = [
    ("@title", Kind::Title),
    ("@to", Kind::To),
    ("@h1", Kind::H1),
    ("@h2", Kind::H2),
    ("@p", Kind::Body),
    ("@label", Kind::Label),
    ("@right", Kind::Right),
    ("@blank", Kind::Blank),
    ("@pagebreak", Kind::PageBreak),
    ("@table", Kind::Table),
];

/// A piece of a line: literal text or a placeholder's name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Slot(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    number: usize,
    kind: Kind,
    pieces: Vec<Piece>,
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The file, as messages name it.
    pub name: String,
    lines: Vec<Line>,
}

/// A line filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled {
    pub kind: Kind,
    pub text: String,
}

impl Template {
    /// The built-in template.
    pub fn builtin() -> Template {
        Template::parse(BUILTIN_NAME, BUILTIN).expect("the built-in template is valid")
    }

    /// Reads a template file (a regular file, UTF-8, at most the data files' size bound).
    pub fn read(path: &std::path::Path) -> Result<Template, String> {
        let shown = path.display().to_string();
        let text =
            crate::data::read_bounded(path).map_err(|m| format!("{shown}：无法读取：{m}"))?;
        Template::parse(&shown, &text)
    }

    /// Parses a template; every problem is named with its line, all in one message.
    pub fn parse(name: &str, text: &str) -> Result<Template, String> {
        let mut lines = Vec::new();
        let mut problems = Vec::new();
        // A byte-order mark (Windows Notepad writes one) is not text.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (i, raw) in text.lines().enumerate() {
            let number = i + 1;
            let line = raw.trim_end_matches('\r');
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let (kind, rest) = if let Some(body) = trimmed.strip_prefix('@') {
                let word: String = body.chars().take_while(|c| !c.is_whitespace()).collect();
                let mark = format!("@{word}");
                match MARKS.iter().find(|(m, _)| *m == mark) {
                    Some((_, k)) => (*k, body[word.len()..].trim()),
                    _ => {
                        problems.push(format!("第 {number} 行：未知的标记 {mark}"));
                        continue;
                    }
                }
            } else {
                (Kind::Body, trimmed)
            };
            match pieces(rest) {
                Ok(p) => {
                    if matches!(kind, Kind::Blank | Kind::PageBreak | Kind::Table) && !p.is_empty()
                    {
                        problems.push(format!("第 {number} 行：标记后不应有文字"));
                    }
                    lines.push(Line {
                        number,
                        kind,
                        pieces: p,
                    })
                }
                Err(m) => problems.push(format!("第 {number} 行：{m}")),
            }
        }
        if problems.is_empty() {
            Ok(Template {
                name: name.to_string(),
                lines,
            })
        } else {
            Err(format!("{name}：{}", problems.join("；")))
        }
    }

    /// The placeholders the template uses, each once, in order.
    pub fn placeholders(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for l in &self.lines {
            for p in &l.pieces {
                if let Piece::Slot(s) = p {
                    if !out.contains(&s.as_str()) {
                        out.push(s);
                    }
                }
            }
        }
        out
    }

    /// Fills every placeholder from `values`: a name not there is unknown, a value `Err`
    /// cannot be filled (and says why); either fails naming the placeholder and its line.
    /// Lines of text left empty once filled are dropped.
    pub fn fill(
        &self,
        values: &BTreeMap<&str, Result<String, String>>,
    ) -> Result<Vec<Filled>, String> {
        let mut out = Vec::new();
        let mut problems = Vec::new();
        for l in &self.lines {
            let mut text = String::new();
            for p in &l.pieces {
                match p {
                    Piece::Text(t) => text.push_str(t),
                    Piece::Slot(s) => match values.get(s.as_str()) {
                        Some(Ok(v)) => text.push_str(v),
                        Some(Err(why)) => problems.push(format!(
                            "第 {} 行：占位符 {{{s}}} 无法填写：{why}",
                            l.number
                        )),
                        None => problems.push(format!("第 {} 行：未知的占位符 {{{s}}}", l.number)),
                    },
                }
            }
            let keep = match l.kind {
                Kind::Blank | Kind::PageBreak | Kind::Table => true,
                _ => !text.trim().is_empty(),
            };
            if keep {
                out.push(Filled { kind: l.kind, text });
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(format!("{}：{}", self.name, problems.join("；")))
        }
    }
}

/// Splits a line into text and placeholders.
fn pieces(s: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut name = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    name.push(c);
                }
                if !closed {
                    return Err(format!(
                        "“{{{name}”缺少右花括号（花括号本身写作 {{{{ 和 }}}}）"
                    ));
                }
                let name = name.trim().to_string();
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return Err(format!("未知的占位符 {{{name}}}"));
                }
                if !text.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut text)));
                }
                out.push(Piece::Slot(name));
            }
            '}' => return Err("多余的右花括号（花括号本身写作 {{ 和 }}）".into()),
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values<'a>(
        v: &[(&'a str, Result<String, String>)],
    ) -> BTreeMap<&'a str, Result<String, String>> {
        v.iter().cloned().collect()
    }

    #[test]
    fn marks_placeholders_and_braces() {
        let t = Template::parse(
            "t",
            "# 注释\n@title 关于{year}年度\n\n@h1 一、{{字面}}\n正文{a}与{b}。\n@table\n@p {empty}\n",
        )
        .unwrap();
        assert_eq!(t.placeholders(), ["year", "a", "b", "empty"]);
        let v = values(&[
            ("year", Ok("2018".into())),
            ("a", Ok("甲".into())),
            ("b", Ok("<w:fldSimple/>".into())),
            ("empty", Ok(String::new())),
        ]);
        let f = t.fill(&v).unwrap();
        let got: Vec<(Kind, &str)> = f.iter().map(|l| (l.kind, l.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (Kind::Title, "关于2018年度"),
                (Kind::H1, "一、{字面}"),
                (Kind::Body, "正文甲与<w:fldSimple/>。"),
                (Kind::Table, ""),
            ]
        );
    }

    #[test]
    fn unknown_or_unfillable_placeholders_fail_by_name_and_line() {
        let t = Template::parse("t.txt", "@p {year}\n@p {nope}\n@p {mean_total}\n").unwrap();
        let v = values(&[
            ("year", Ok("2018".into())),
            ("mean_total", Err("没有有效报送的单位".into())),
        ]);
        let e = t.fill(&v).unwrap_err();
        assert!(e.contains("t.txt"), "{e}");
        assert!(e.contains("第 2 行：未知的占位符 {nope}"), "{e}");
        assert!(
            e.contains("第 3 行：占位符 {mean_total} 无法填写：没有有效报送的单位"),
            "{e}"
        );
    }

    #[test]
    fn a_byte_order_mark_and_windows_line_ends_are_not_text() {
        let t = Template::parse("t", "\u{feff}@title 通报\r\n@p 正文\r\n").unwrap();
        let f = t.fill(&values(&[])).unwrap();
        assert_eq!(
            f[0],
            Filled {
                kind: Kind::Title,
                text: "通报".into()
            }
        );
        assert_eq!(f[1].text, "正文");
    }

    #[test]
    fn bad_lines_are_named() {
        for (text, want) in [
            ("@bogus x", "第 1 行：未知的标记 @bogus"),
            ("@p {open", "缺少右花括号"),
            ("@p a}b", "多余的右花括号"),
            ("@p {a-b}", "未知的占位符 {a-b}"),
            ("\n@table x", "第 2 行：标记后不应有文字"),
        ] {
            let e = Template::parse("t", text).unwrap_err();
            assert!(e.contains(want), "{text}: {e}");
        }
    }

    #[test]
    fn the_builtin_template_parses() {
        let t = Template::builtin();
        assert!(t.placeholders().contains(&"mean_total"));
    }
}
