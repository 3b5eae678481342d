//! Reading one cell as text, a number, a date or a status word, tolerantly: numbers as text
//! with full-width digits and units, dates as date cells or as text in the usual forms.

use crate::domain::points::{from_sheet_number, parse, Decimal};
use crate::domain::scoring::Field;
use crate::text::fold_char;
use calamine::Data;
use chrono::NaiveDate;

/// The cell as text, trimmed (numbers in their shortest form, dates as `YYYY-MM-DD`).
pub fn text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => from_sheet_number(*f)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|d| d.date().to_string())
            .unwrap_or_else(|| dt.as_f64().to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Folds full-width digits and letters, removes all white space.
fn fold_digits(s: &str) -> String {
    s.chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Units an office may write after a number.
const UNITS: &[char] = &['件', '次', '篇', '个', '项', '分', '条', '起'];

/// A number: a number cell, or text such as `３件`, `12 次`, `4.5分`.
pub fn number(c: &Data) -> Field<Decimal> {
    match c {
        Data::Empty => Field::Blank,
        Data::Int(i) => Field::Value(Decimal::from(*i)),
        Data::Float(f) => match from_sheet_number(*f) {
            Some(d) => Field::Value(d),
            None => Field::Invalid(text(c)),
        },
        Data::String(s) => number_text(s),
        other => Field::Invalid(text(other)),
    }
}

pub fn number_text(s: &str) -> Field<Decimal> {
    let t = fold_digits(s);
    if t.is_empty() {
        return Field::Blank;
    }
    let core = t.trim_end_matches(UNITS);
    match parse(core) {
        Some(d) if !core.is_empty() => Field::Value(d.normalize()),
        _ => Field::Invalid(s.trim().to_string()),
    }
}

/// A date: a date cell, a plausible serial number, or text (`2018-08-31`, `2018/8/31`,
/// `2018.8.31`, `2018年8月31日`, `20180831`).
pub fn date(c: &Data) -> Field<NaiveDate> {
    match c {
        Data::Empty => Field::Blank,
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) if dt.is_datetime() => Field::Value(d.date()),
            _ => Field::Invalid(text(c)),
        },
        Data::DateTimeIso(s) => date_text(s.get(..10).unwrap_or(s)),
        Data::Float(_) | Data::Int(_) => {
            let t = text(c);
            if t.len() == 8 && t.chars().all(|ch| ch.is_ascii_digit()) {
                return date_text(&t);
            }
            let serial = match c {
                Data::Int(i) => Some(*i),
                Data::Float(f) if f.fract() == 0.0 => Some(*f as i64),
                _ => None,
            };
            // 2000-01-01 … 2099-12-31 as an Excel serial (1900 system).
            match serial {
                Some(n) if (36526..=73050).contains(&n) => NaiveDate::from_ymd_opt(1899, 12, 30)
                    .and_then(|e| e.checked_add_days(chrono::Days::new(n as u64)))
                    .map(Field::Value)
                    .unwrap_or(Field::Invalid(t)),
                _ => Field::Invalid(t),
            }
        }
        Data::String(s) => date_text(s),
        other => Field::Invalid(text(other)),
    }
}

pub fn date_text(s: &str) -> Field<NaiveDate> {
    let t = fold_digits(s);
    if t.is_empty() {
        return Field::Blank;
    }
    let bad = || Field::Invalid(s.trim().to_string());
    // 20180831
    if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
        let (y, m, d) = (&t[..4], &t[4..6], &t[6..]);
        return ymd(y, m, d).map(Field::Value).unwrap_or_else(bad);
    }
    let t = t.strip_suffix('日').unwrap_or(&t);
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    match parts.as_slice() {
        [y, m, d] => ymd(y, m, d).map(Field::Value).unwrap_or_else(bad),
        _ => bad(),
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    if y.len() != 4 || !all_digits(y) || !all_digits(m) || !all_digits(d) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A status word, folded to the canonical one where it is a known synonym.
pub fn status(c: &Data) -> Field<String> {
    let raw = text(c);
    let t: String = fold_digits(&raw);
    if t.is_empty() {
        return Field::Blank;
    }
    let canonical = match t.as_str() {
        "完成" | "已完成" | "全部完成" => "完成",
        "基本完成" | "部分完成" => "基本完成",
        "未完成" | "未开展" => "未完成",
        "是" => "是",
        "否" => "否",
        _ => return Field::Value(raw),
    };
    Field::Value(canonical.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        parse(s).unwrap()
    }

    #[test]
    fn numbers_in_many_forms() {
        assert_eq!(number(&Data::Int(3)), Field::Value(d("3")));
        assert_eq!(number(&Data::Float(3.0)), Field::Value(d("3")));
        assert_eq!(number(&Data::String("３件".into())), Field::Value(d("3")));
        assert_eq!(
            number(&Data::String(" 12 次 ".into())),
            Field::Value(d("12"))
        );
        assert_eq!(
            number(&Data::String("4.5分".into())),
            Field::Value(d("4.5"))
        );
        assert_eq!(number(&Data::String("  ".into())), Field::Blank);
        assert_eq!(
            number(&Data::String("三件".into())),
            Field::Invalid("三件".into())
        );
        assert_eq!(
            number(&Data::String("件".into())),
            Field::Invalid("件".into())
        );
    }

    #[test]
    fn dates_in_many_forms() {
        let want = Field::Value(NaiveDate::from_ymd_opt(2018, 8, 31).unwrap());
        for s in [
            "2018-08-31",
            "2018/8/31",
            "2018.8.31",
            "2018年8月31日",
            " 2018 年 8 月 31 日 ",
            "２０１８-８-３１",
            "20180831",
        ] {
            assert_eq!(date(&Data::String(s.into())), want, "{s}");
        }
        assert_eq!(date(&Data::Float(43343.0)), want);
        assert_eq!(
            date(&Data::String("8月31日".into())),
            Field::Invalid("8月31日".into())
        );
        assert_eq!(
            date(&Data::String("2018-02-30".into())),
            Field::Invalid("2018-02-30".into())
        );
        assert_eq!(date(&Data::Float(12.0)), Field::Invalid("12".into()));
    }

    #[test]
    fn status_synonyms() {
        let s = |x: &str| status(&Data::String(x.into()));
        assert_eq!(s("已完成"), Field::Value("完成".into()));
        assert_eq!(s("全部完成"), Field::Value("完成".into()));
        assert_eq!(s("部分完成"), Field::Value("基本完成".into()));
        assert_eq!(s("未开展"), Field::Value("未完成".into()));
        assert_eq!(s(" 是 "), Field::Value("是".into()));
        assert_eq!(s("进行中"), Field::Value("进行中".into()));
        assert_eq!(s(""), Field::Blank);
    }
}
