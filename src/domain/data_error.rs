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
