//! Working days: Monday–Friday, less the official holidays, plus the make-up working days
//! (调休上班). The calendar is data (`indicators/calendar.toml`).

use super::data_error::{check_int, check_len, check_text, key_of, parse_toml, DataError};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::ops::Bound::{Excluded, Included};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub name: String,
    /// Years fully covered.
    pub years: BTreeSet<i32>,
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

/// The most years, holiday ranges and make-up working days a calendar may hold.
pub const MAX_YEARS: usize = 50;
pub const MAX_HOLIDAYS: usize = 1000;
pub const MAX_WORKDAYS: usize = 1000;
/// Covered years lie in this range.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    calendar: RawHead,
    #[serde(default)]
    holiday: Vec<RawHoliday>,
    #[serde(default)]
    workday: Vec<RawWorkday>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHead {
    name: String,
    years: Vec<i32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    #[allow(dead_code)]
    name: String,
    from: toml::value::Datetime,
    to: toml::value::Datetime,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkday {
    date: toml::value::Datetime,
    #[allow(dead_code)]
    name: String,
}

/// Why a number of working days cannot be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideCalendar(pub NaiveDate);

fn to_date(file: &str, key: &str, dt: toml::value::Datetime) -> Result<NaiveDate, DataError> {
    dt.date
        .filter(|_| dt.time.is_none())
        .and_then(|d| NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32))
        .ok_or_else(|| {
            DataError::new(
                file,
                key,
                format!("“{dt}”不是日期；请写作 2018-10-01 这样的日期（不带时间）"),
            )
        })
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

impl Calendar {
    pub fn from_toml(file: &str, text: &str) -> Result<Calendar, DataError> {
        let raw: RawCalendar = parse_toml(file, text)?;
        if raw.calendar.years.is_empty() {
            return Err(DataError::new(
                file,
                "calendar.years",
                "没有列出覆盖的年份；请写明年份，如 years = [2017, 2018, 2019]",
            ));
        }
        check_text(file, "calendar.name", "名称", &raw.calendar.name)?;
        check_len(file, "calendar.years", raw.calendar.years.len(), MAX_YEARS)?;
        for y in &raw.calendar.years {
            check_int(
                file,
                "calendar.years",
                (*y).into(),
                (*YEARS.start()).into(),
                (*YEARS.end()).into(),
            )?;
        }
        check_len(file, "holiday", raw.holiday.len(), MAX_HOLIDAYS)?;
        check_len(file, "workday", raw.workday.len(), MAX_WORKDAYS)?;
        let mut holidays = BTreeSet::new();
        for h in &raw.holiday {
            let key = key_of("holiday", &h.name);
            check_text(file, &key, "名称", &h.name)?;
            let (from, to) = (to_date(file, &key, h.from)?, to_date(file, &key, h.to)?);
            if to < from || (to - from).num_days() > 31 {
                return Err(DataError::new(
                    file,
                    key,
                    format!(
                        "{from} 至 {to} 不是有效的假期：结束日期不能早于开始日期，一段假期最长 32 天；请改正"
                    ),
                ));
            }
            holidays.extend(from.iter_days().take_while(|d| *d <= to));
        }
        let mut workdays = BTreeSet::new();
        for w in &raw.workday {
            let key = key_of("workday", &w.name);
            check_text(file, &key, "名称", &w.name)?;
            let d = to_date(file, &key, w.date)?;
            if !is_weekend(d) {
                return Err(DataError::new(
                    file,
                    key,
                    format!("{d} 不是周六或周日：调休上班日只写落在周末的日子；请改正"),
                ));
            }
            if holidays.contains(&d) {
                return Err(DataError::new(
                    file,
                    key,
                    format!("{d} 同时列为假期和调休上班日；请删去其中一处"),
                ));
            }
            workdays.insert(d);
        }
        let years: BTreeSet<i32> = raw.calendar.years.into_iter().collect();
        // Every entry touches a covered year (a typo such as 2081 is not silently kept), and
        // every covered year has its holidays (a year without them would count 春节 as
        // working days).
        for h in &raw.holiday {
            let (from, to) = (to_date(file, "", h.from)?, to_date(file, "", h.to)?);
            if !years.contains(&from.year()) && !years.contains(&to.year()) {
                return Err(DataError::new(
                    file,
                    key_of("holiday", &h.name),
                    format!("{from} 至 {to} 不在覆盖的年份（calendar.years）内；请改正日期，或把该年加入 years"),
                ));
            }
        }
        for w in &raw.workday {
            let d = to_date(file, "", w.date)?;
            if !years.contains(&d.year()) {
                return Err(DataError::new(
                    file,
                    key_of("workday", &w.name),
                    format!(
                        "{d} 不在覆盖的年份（calendar.years）内；请改正日期，或把该年加入 years"
                    ),
                ));
            }
        }
        for y in &years {
            if !holidays.iter().any(|d| d.year() == *y && !is_weekend(*d)) {
                return Err(DataError::new(
                    file,
                    "calendar.years",
                    format!("{y} 年列为覆盖的年份，但没有列出该年的假期；请补上该年的节假日安排（[[holiday]]），或从 years 中删去该年"),
                ));
            }
        }
        Ok(Calendar {
            name: raw.calendar.name,
            years,
            holidays,
            workdays,
        })
    }

    pub fn covers(&self, d: NaiveDate) -> bool {
        self.years.contains(&d.year())
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.workdays.contains(&d) {
            return true;
        }
        !is_weekend(d) && !self.holidays.contains(&d)
    }

    /// The number of working days d with `start < d ≤ end` (the start day does not count,
    /// the end day does). Both dates must lie in covered years. Counted by arithmetic on
    /// weeks and a look-up of the holidays in between, so that a span of any length costs
    /// no more than a short one.
    pub fn working_days_between(
        &self,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<u32, OutsideCalendar> {
        for d in [start, end] {
            if !self.covers(d) {
                return Err(OutsideCalendar(d));
            }
        }
        if end <= start {
            return Ok(0);
        }
        let span = (Excluded(start), Included(end));
        let weekdays = weekdays_through(end) - weekdays_through(start);
        let off = self
            .holidays
            .range(span)
            .filter(|d| !is_weekend(**d))
            .count() as i64;
        let on = self.workdays.range(span).count() as i64;
        Ok(u32::try_from(weekdays - off + on).unwrap_or(u32::MAX))
    }
}

/// The number of weekdays (Monday–Friday) from 0001-01-01, a Monday, through `d`.
fn weekdays_through(d: NaiveDate) -> i64 {
    let n = i64::from(d.num_days_from_ce()) - 1;
    n.div_euclid(7) * 5 + (n.rem_euclid(7) + 1).min(5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal() -> Calendar {
        Calendar::from_toml(
            "calendar.toml",
            include_str!("../../indicators/calendar.toml"),
        )
        .unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn national_day_and_make_up_days() {
        let c = cal();
        assert_eq!(
            c.working_days_between(d(2018, 9, 28), d(2018, 10, 9)),
            Ok(4)
        );
        assert!(c.is_working_day(d(2018, 9, 29)));
        assert!(!c.is_working_day(d(2018, 10, 1)));
    }

    #[test]
    fn spring_festival() {
        let c = cal();
        // Fri 02-09 → Mon 02-12: the make-up Sunday 02-11 and Monday 02-12.
        assert_eq!(c.working_days_between(d(2018, 2, 9), d(2018, 2, 12)), Ok(2));
        // Wed 02-14 → Thu 02-22: the whole holiday week counts nothing but 02-22.
        assert_eq!(
            c.working_days_between(d(2018, 2, 14), d(2018, 2, 22)),
            Ok(1)
        );
        assert!(c.is_working_day(d(2018, 2, 24)));
    }

    #[test]
    fn the_calendar_covers_2017_2018_and_2019_with_249_250_250_working_days() {
        let c = cal();
        assert_eq!(c.years, BTreeSet::from([2017, 2018, 2019]));
        for (y, n) in [(2017, 249), (2018, 250), (2019, 250)] {
            // Working days d with 12-31 of the year before < d ≤ 12-31 of the year: the
            // start day is in 2016 or 2019 for the ends, so count from 01-01 by hand.
            let first = d(y, 1, 1);
            let days = u32::from(c.is_working_day(first))
                + c.working_days_between(first, d(y, 12, 31)).unwrap();
            assert_eq!(days, n, "{y}");
        }
        assert!(!c.is_working_day(d(2018, 1, 1)));
        assert!(c.is_working_day(d(2018, 12, 29)));
        assert!(!c.is_working_day(d(2018, 12, 31)));
        // 2017: 元旦 from Saturday 2016-12-31 to Monday 01-02; the make-up days of 春节.
        assert!(!c.is_working_day(d(2017, 1, 2)));
        assert!(c.is_working_day(d(2017, 1, 22)) && c.is_working_day(d(2017, 2, 4)));
        assert!(!c.is_working_day(d(2017, 10, 6)) && c.is_working_day(d(2017, 9, 30)));
        // 2019: 劳动节 as amended (05-01 … 05-04, make-up 04-28 and 05-05).
        assert!(!c.is_working_day(d(2019, 5, 2)) && !c.is_working_day(d(2019, 5, 3)));
        assert!(c.is_working_day(d(2019, 4, 28)) && c.is_working_day(d(2019, 5, 5)));
        assert!(c.is_working_day(d(2019, 2, 2)) && c.is_working_day(d(2019, 10, 12)));
    }

    #[test]
    fn items_count_across_the_years_ends() {
        let c = cal();
        // 2018-12-28 (Fri) → 2019-01-02 (Wed): 12-29 (make-up Saturday) and 01-02.
        assert_eq!(
            c.working_days_between(d(2018, 12, 28), d(2019, 1, 2)),
            Ok(2)
        );
        // 2017-12-27 → 2018-01-25: 20 working days (2017-12-30 … 2018-01-01 off).
        assert_eq!(
            c.working_days_between(d(2017, 12, 27), d(2018, 1, 25)),
            Ok(20)
        );
        // Across the whole calendar.
        assert_eq!(
            c.working_days_between(d(2017, 1, 1), d(2019, 12, 31)),
            Ok(249 + 250 + 250)
        );
    }

    #[test]
    fn counting_by_weeks_agrees_with_counting_day_by_day() {
        let c = cal();
        let first = d(2017, 1, 1);
        let day = |i: u64| first + chrono::Days::new(i);
        for a in (0..1095).step_by(7) {
            for b in (a..1095).step_by(11) {
                let (s, e) = (day(a), day(b));
                let slow = s
                    .iter_days()
                    .skip(1)
                    .take_while(|x| *x <= e)
                    .filter(|x| c.is_working_day(*x))
                    .count() as u32;
                assert_eq!(c.working_days_between(s, e), Ok(slow), "{s} … {e}");
            }
        }
        assert_eq!(weekdays_through(d(1, 1, 1)), 1);
    }

    #[test]
    fn a_calendar_with_hostile_entries_is_refused() {
        let base = include_str!("../../indicators/calendar.toml");
        let e = Calendar::from_toml(
            "c.toml",
            &base.replace("years = [2017, 2018, 2019]", "years = [99999]"),
        )
        .unwrap_err();
        assert_eq!(e.key, "calendar.years");
        let e = Calendar::from_toml(
            "c.toml",
            &base.replacen("name = \"元旦\"", "name = \"元\\u001b[2J旦\"", 1),
        )
        .unwrap_err();
        assert!(e.message.contains("控制字符 U+001B"), "{e}");
        let many: String = (0..1001)
            .map(|i| format!("[[workday]]\nname = \"w{i}\"\ndate = 2018-02-24\n"))
            .collect();
        let e = Calendar::from_toml("c.toml", &format!("{base}\n{many}")).unwrap_err();
        assert_eq!(e.key, "workday");
    }

    #[test]
    fn dates_outside_the_calendar_are_errors() {
        let c = cal();
        assert_eq!(
            c.working_days_between(d(2019, 12, 28), d(2020, 1, 3)),
            Err(OutsideCalendar(d(2020, 1, 3)))
        );
        assert_eq!(
            c.working_days_between(d(2016, 12, 30), d(2017, 1, 3)),
            Err(OutsideCalendar(d(2016, 12, 30)))
        );
        assert_eq!(c.working_days_between(d(2018, 3, 1), d(2018, 3, 1)), Ok(0));
    }

    #[test]
    fn a_covered_year_without_holidays_or_an_entry_outside_the_years_is_refused() {
        let base = include_str!("../../indicators/calendar.toml");
        let e = Calendar::from_toml(
            "c.toml",
            &base.replace(
                "years = [2017, 2018, 2019]",
                "years = [2017, 2018, 2019, 2020]",
            ),
        )
        .unwrap_err();
        assert_eq!(e.key, "calendar.years");
        assert!(e.message.contains("2020"), "{e}");
        let e = Calendar::from_toml(
            "c.toml",
            &base.replace("date = 2019-10-12", "date = 2091-10-13"),
        )
        .unwrap_err();
        assert!(e.message.contains("不在覆盖的年份"), "{e}");
        let e = Calendar::from_toml(
            "c.toml",
            &base.replace("years = [2017, 2018, 2019]", "years = [2018, 2019]"),
        )
        .unwrap_err();
        assert!(
            e.key.starts_with("holiday") || e.key.starts_with("workday"),
            "{e}"
        );
    }
}
