//! The labels of results, in one place: an office's status, a file's status, the 等次 as
//! shown, a signed difference, lost points, a problem's level and the counts of errors.
//! The table, JSON, check, CSV and the workbook all take their words from here, in the
//! words of terms.md.

use crate::domain::assessment::OfficeResult;
use crate::domain::indicators::IndicatorSet;
use crate::domain::points::{fmt2, Decimal};
use crate::import::{FileStatus, ImportedFile, Severity};
use crate::report::{OfficeState, Report, NOT_SUBMITTED};

/// The label of an office whose return is ranked, where one word says so (JSON's
/// `status_label` of `ranked`).
pub const RANKED: &str = "有效报送";

/// Where an office stands, as the ranking shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficeStatus {
    /// Ranked, its return read without an error.
    Imported,
    /// Ranked, but its return has errors in some rows.
    RowErrors,
    /// No usable return.
    NotSubmitted,
    /// Two or more returns name it.
    Conflict,
}

impl OfficeStatus {
    /// The status of `office` in `report`.
    pub fn of(report: &Report, office: usize) -> OfficeStatus {
        match &report.states[office] {
            OfficeState::Ranked(_) => {
                if report.file_of(office).is_some_and(|f| errors(f) > 0) {
                    OfficeStatus::RowErrors
                } else {
                    OfficeStatus::Imported
                }
            }
            OfficeState::NotSubmitted => OfficeStatus::NotSubmitted,
            OfficeState::Conflict(_) => OfficeStatus::Conflict,
        }
    }

    /// 已受理 / 有错误 / 未报送 / 重复报送.
    pub fn label(self) -> &'static str {
        match self {
            OfficeStatus::Imported => "已受理",
            OfficeStatus::RowErrors => "有错误",
            OfficeStatus::NotSubmitted => NOT_SUBMITTED,
            OfficeStatus::Conflict => "重复报送",
        }
    }
}

/// The label of an office that is not ranked: 重复报送 where two returns name it, else
/// 未报送.
pub fn unranked_label(report: &Report, office: usize) -> &'static str {
    match report.states[office] {
        OfficeState::Conflict(_) => OfficeStatus::Conflict.label(),
        _ => OfficeStatus::NotSubmitted.label(),
    }
}

/// A file's status: 已受理 / 退回 / 重复报送 / 未采用.
pub fn file_status_label(s: FileStatus) -> &'static str {
    match s {
        FileStatus::Imported => "已受理",
        FileStatus::Refused => "退回",
        FileStatus::Conflict => "重复报送",
        FileStatus::Superseded => NOT_COUNTED,
    }
}

/// A file's status in the English words of terms.md: accepted (已受理), returned (退回),
/// duplicate (重复报送), superseded (未采用: another return of the office was chosen).
pub fn file_status_word(s: FileStatus) -> &'static str {
    match s {
        FileStatus::Imported => "accepted",
        FileStatus::Refused => "returned",
        FileStatus::Conflict => "duplicate",
        FileStatus::Superseded => "superseded",
    }
}

/// The status of a return set aside because another return of its office was chosen to
/// count (以此份为准).
pub const NOT_COUNTED: &str = "未采用";

/// The status of the return chosen to count among an office's returns.
pub const CHOSEN: &str = "已受理（以此份为准）";

/// A problem's level: 错误 / 警告.
pub fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
    }
}

/// The 等次 as shown: with the veto's label or the quota's note where one lowered it.
pub fn grade(r: &OfficeResult, set: &IndicatorSet) -> String {
    r.grade_shown(set)
}

/// The mark of an office whose 自评分 total exceeds its 最终得分 total by more than the
/// set's `overclaim_flag` (see [`crate::domain::sampling::overclaims`]).
pub const OVERCLAIM: &str = "自评虚高";

/// The 等次 as the ranking shows it: [`grade`], then [`OVERCLAIM`] where the office
/// overclaims (`良好 自评虚高`).
pub fn grade_marked(r: &OfficeResult, set: &IndicatorSet) -> String {
    let g = grade(r, set);
    if crate::domain::sampling::overclaims(set, r) {
        format!("{g} {OVERCLAIM}")
    } else {
        g
    }
}

/// A veto as a cell shows it: 是 where it counts, nothing where not.
pub fn veto_mark(veto: bool) -> &'static str {
    if veto {
        "是"
    } else {
        ""
    }
}

/// A difference with its sign: `+1.00`, `-0.80`, `0.00`. The sign follows the digits
/// shown: what rounds to zero (`0.001`, `-0.004`, `-0`) is `0.00`, with no sign.
pub fn signed(d: Decimal) -> String {
    let shown = crate::domain::points::round2(d);
    if shown.is_zero() {
        fmt2(Decimal::ZERO)
    } else if shown > Decimal::ZERO {
        format!("+{}", fmt2(d))
    } else {
        fmt2(d)
    }
}

/// The points lost on an indicator: its points less the final score.
pub fn lost(points: Decimal, used: Decimal) -> String {
    fmt2(points - used)
}

/// The errors among a file's problems.
pub fn errors(f: &ImportedFile) -> usize {
    f.problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count()
}

/// The warnings among a file's problems.
pub fn warnings(f: &ImportedFile) -> usize {
    f.problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataSet;

    fn d(s: &str) -> Decimal {
        crate::domain::points::parse(s).unwrap()
    }

    #[test]
    fn a_difference_has_its_sign_and_zero_none() {
        assert_eq!(signed(d("1")), "+1.00");
        assert_eq!(signed(d("-0.8")), "-0.80");
        assert_eq!(signed(d("0")), "0.00");
        assert_eq!(signed(-d("0")), "0.00");
        assert_eq!(signed(d("0.001")), "0.00");
        assert_eq!(signed(d("-0.004")), "0.00");
        assert_eq!(signed(d("0.005")), "+0.01");
        assert_eq!(signed(d("-12.5")), "-12.50");
    }

    #[test]
    fn statuses_are_the_words_of_terms_md() {
        assert_eq!(OfficeStatus::Imported.label(), "已受理");
        assert_eq!(OfficeStatus::RowErrors.label(), "有错误");
        assert_eq!(OfficeStatus::NotSubmitted.label(), "未报送");
        assert_eq!(OfficeStatus::Conflict.label(), "重复报送");
        assert_eq!(file_status_label(FileStatus::Imported), "已受理");
        assert_eq!(file_status_label(FileStatus::Refused), "退回");
        assert_eq!(file_status_label(FileStatus::Conflict), "重复报送");
        assert_eq!(file_status_label(FileStatus::Superseded), "未采用");
        assert_eq!(file_status_word(FileStatus::Superseded), "superseded");
        assert_eq!(file_status_word(FileStatus::Imported), "accepted");
        assert_eq!(file_status_word(FileStatus::Refused), "returned");
        assert_eq!(file_status_word(FileStatus::Conflict), "duplicate");
        assert_eq!(severity_label(Severity::Error), "错误");
        assert_eq!(severity_label(Severity::Warning), "警告");
        assert_eq!(veto_mark(true), "是");
        assert_eq!(veto_mark(false), "");
    }

    #[test]
    fn lost_points_are_the_points_less_the_score() {
        assert_eq!(lost(d("5"), d("3.5")), "1.50");
        assert_eq!(lost(d("5"), d("5")), "0.00");
    }

    #[test]
    fn offices_of_a_report_get_their_status() {
        let data = DataSet::builtin();
        let dir = tempfile::tempdir().unwrap();
        let f = crate::export::template::write(&data, "拉萨海关", dir.path()).unwrap();
        let report = Report::build(&data, &[f]);
        let lhasa = data.registry.find_exact("拉萨海关").unwrap();
        let status = OfficeStatus::of(&report, lhasa);
        assert!(
            matches!(status, OfficeStatus::Imported | OfficeStatus::RowErrors),
            "{status:?}"
        );
        let file = report.file_of(lhasa).unwrap();
        assert_eq!(
            status == OfficeStatus::RowErrors,
            errors(file) > 0,
            "{:?}",
            file.problems
        );
        assert_eq!(errors(file) + warnings(file), file.problems.len());
        let other = (0..data.registry.len()).find(|&o| o != lhasa).unwrap();
        assert_eq!(OfficeStatus::of(&report, other), OfficeStatus::NotSubmitted);
        assert_eq!(unranked_label(&report, other), "未报送");
        let r = report.result_of(lhasa).unwrap();
        assert_eq!(grade(r, &data.set), r.grade_shown(&data.set));
    }
}
