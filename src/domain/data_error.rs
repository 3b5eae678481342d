//! Errors in the data files (indicator set, plan, registry, calendar).

use std::fmt;

/// What is wrong with a data file: the file, the key (a TOML path or an id), and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub file: String,
    pub key: String,
    pub message: String,
}

impl DataError {
    pub fn new(file: &str, key: impl Into<String>, message: impl Into<String>) -> Self {
        DataError {
            file: file.to_string(),
            key: key.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.key, self.message)
        }
    }
}

impl std::error::Error for DataError {}

/// Parses a TOML document into `T`, naming the file and the failing line on error. The
/// message is a Chinese sentence saying what kind of mistake it is and what to do, with
/// toml's own words in parentheses; the messages kaoping's own checks give during parsing
/// (a number's form) are Chinese already and kept as they are.
pub fn parse_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, DataError> {
    toml::from_str(text).map_err(|e| {
        let key = match e.span() {
            Some(span) => {
                let line = text[..span.start.min(text.len())].lines().count().max(1);
                format!("第 {line} 行")
            }
            None => String::new(),
        };
        DataError::new(file, key, toml_message(e.message()))
    })
}

/// A toml or serde error message in the evaluator's words, the original in parentheses.
fn toml_message(raw: &str) -> String {
    // One line, short: toml's message may quote the file's text.
    let raw: String = crate::text::sanitize(&crate::text::truncate(raw.trim(), 300));
    if raw.chars().any(is_han) {
        return raw;
    }
    const SAMPLE: &str = "请对照内置的同类文件（indicators/ 文件夹中）的写法";
    let (what, advice) = if raw.starts_with("missing field") {
        ("缺少必填的键", format!("{SAMPLE}补上"))
    } else if raw.starts_with("unknown field") {
        ("有未知的键", "请检查键名的拼写，或删去该键".to_string())
    } else if raw.starts_with("invalid type") || raw.starts_with("invalid value") {
        (
            "值的类型不对",
            format!("{SAMPLE}改正（文字加英文双引号，列表写在方括号中）"),
        )
    } else if raw.starts_with("data did not match any variant") {
        (
            "应为数字",
            "请写整数，或加英文双引号的小数（如 \"0.6\"）".to_string(),
        )
    } else if raw.starts_with("unknown variant") {
        (
            "取值不在可选的范围内",
            "请改为括号中 expected 之后所列的取值之一".to_string(),
        )
    } else if raw.starts_with("invalid length") {
        ("列表的项数不对", format!("{SAMPLE}改正"))
    } else if raw.contains("duplicate key") || raw.contains("redefine") {
        ("同一个键或表写了两次", "请删去重复的一处".to_string())
    } else {
        (
            "TOML 格式有误",
            "请改正该行：文字加英文双引号，表名写在方括号中，每行一个“键 = 值”".to_string(),
        )
    };
    format!("{what}（{raw}）；{advice}")
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// A text of a data file shown in a message: at most 40 characters, escaped.
pub fn shown(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(40)
        .collect::<String>()
        .escape_debug()
        .collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// A number in a data file: an integer or a decimal written as a string (`"0.6"`); TOML
/// floats are refused because they are binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num(pub rust_decimal::Decimal);

impl<'de> serde::Deserialize<'de> for Num {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(i64),
            Str(String),
            Float(f64),
        }
        match Raw::deserialize(d)? {
            Raw::Int(i) => Ok(Num(i.into())),
            Raw::Str(s) => super::points::parse(&s).map(Num).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "“{}”不是数字；请写整数，或加英文双引号的小数（如 \"0.6\"）",
                    shown(&s)
                ))
            }),
            Raw::Float(f) => Err(serde::de::Error::custom(format!(
                "小数 {f} 请加英文双引号写作 \"{f}\"，以免按二进制浮点数读入而失去精度"
            ))),
        }
    }
}

// ---- bounds on what a data file may hold ----------------------------------------------
//
// Every number in a data file is bounded so that no sum of scores can overflow, every text
// is short and printable, and every list is short enough to load in little memory and time.

/// The largest data file read (bytes); checked before it is parsed.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;
/// The longest name, title or other text (characters).
pub const MAX_TEXT_CHARS: usize = 200;
/// The longest id (`[A-Z][A-Z0-9]{0,7}`).
pub const MAX_ID_CHARS: usize = 8;

/// Checks a text of a data file: at most [`MAX_TEXT_CHARS`] characters, none of them a
/// control character (C0, DEL, C1) or a bidirectional override.
pub fn check_text(file: &str, key: &str, what: &str, text: &str) -> Result<(), DataError> {
    if let Some(c) = text.chars().find(|c| is_forbidden_char(*c)) {
        return Err(DataError::new(
            file,
            key,
            format!(
                "{what}含控制字符 U+{:04X}（如换行、制表符、ESC）；请删去该字符",
                c as u32
            ),
        ));
    }
    let n = text.chars().count();
    if n > MAX_TEXT_CHARS {
        return Err(DataError::new(
            file,
            key,
            format!("{what}有 {n} 个字符，最多 {MAX_TEXT_CHARS} 个；请缩短"),
        ));
    }
    Ok(())
}

/// A character no text of kaoping's may hold: control characters (C0 including line
/// breaks and tabs, DEL, C1) and the bidirectional controls that reorder what a terminal
/// shows.
pub fn is_forbidden_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// An id: an upper-case ASCII letter, then up to 7 upper-case letters or digits
/// (`[A-Z][A-Z0-9]{0,7}`).
pub fn is_valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_ID_CHARS
        && b[0].is_ascii_uppercase()
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Checks an id (see [`is_valid_id`]). The key shown is the id made printable.
pub fn check_id(file: &str, key: &str, id: &str) -> Result<(), DataError> {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(DataError::new(
            file,
            key,
            format!(
                "编号“{}”不合规：应以大写英文字母开头，其后最多 {} 个大写英文字母或数字（如 A1、V1）；请改正",
                shown(id),
                MAX_ID_CHARS - 1
            ),
        ))
    }
}

/// Checks the number of entries of a list.
pub fn check_len(file: &str, key: &str, len: usize, max: usize) -> Result<(), DataError> {
    if len > max {
        Err(DataError::new(
            file,
            key,
            format!("有 {len} 项，最多 {max} 项；请删去多余的"),
        ))
    } else {
        Ok(())
    }
}

/// Checks a number: `min ≤ v ≤ max` with at most `decimals` decimals.
pub fn check_num(
    file: &str,
    key: &str,
    v: rust_decimal::Decimal,
    min: rust_decimal::Decimal,
    max: rust_decimal::Decimal,
    decimals: u32,
) -> Result<(), DataError> {
    if v < min || v > max || v.normalize().scale() > decimals {
        Err(DataError::new(
            file,
            key,
            format!(
                "{} 超出范围或小数位数过多：应在 {} 到 {} 之间，最多 {decimals} 位小数；请改正",
                v.normalize(),
                min.normalize(),
                max.normalize()
            ),
        ))
    } else {
        Ok(())
    }
}

/// Checks a whole number: `min ≤ v ≤ max`.
pub fn check_int(file: &str, key: &str, v: i64, min: i64, max: i64) -> Result<(), DataError> {
    if v < min || v > max {
        Err(DataError::new(
            file,
            key,
            format!("{v} 超出范围：应在 {min} 到 {max} 之间；请改正"),
        ))
    } else {
        Ok(())
    }
}

/// The key of an entry named by a text of the file: the text made printable and short, so
/// that a hostile name cannot make the message itself long or unprintable.
pub fn key_of(prefix: &str, name: &str) -> String {
    format!("{prefix}.{}", shown(name))
}
