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

/// Parses a TOML document into `T`, naming the file and the failing key on error.
pub fn parse_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, DataError> {
    toml::from_str(text).map_err(|e| {
        let msg = e.message().to_string();
        let key = match e.span() {
            Some(span) => {
                let line = text[..span.start.min(text.len())].lines().count().max(1);
                format!("line {line}")
            }
            None => String::new(),
        };
        DataError::new(file, key, msg)
    })
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
            Raw::Str(s) => super::points::parse(&s)
                .map(Num)
                .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a decimal number"))),
            Raw::Float(f) => Err(serde::de::Error::custom(format!(
                "write the decimal {f} as a string (\"{f}\") so that it stays exact"
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
            format!("{what} holds the control character U+{:04X}", c as u32),
        ));
    }
    let n = text.chars().count();
    if n > MAX_TEXT_CHARS {
        return Err(DataError::new(
            file,
            key,
            format!("{what} has {n} characters; at most {MAX_TEXT_CHARS} are allowed"),
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
                "the id `{}` must be an upper-case letter followed by at most {} upper-case letters or digits",
                id.escape_debug(),
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
            format!("{len} entries; at most {max} are allowed"),
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
                "{} must lie between {} and {} with at most {decimals} decimals",
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
            format!("{v} must lie between {min} and {max}"),
        ))
    } else {
        Ok(())
    }
}

/// The key of an entry named by a text of the file: the text made printable and short, so
/// that a hostile name cannot make the message itself long or unprintable.
pub fn key_of(prefix: &str, name: &str) -> String {
    let mut shown: String = name
        .chars()
        .take(40)
        .collect::<String>()
        .escape_debug()
        .collect();
    if name.chars().count() > 40 {
        shown.push('…');
    }
    format!("{prefix}.{shown}")
}
