//! Finding a return's tables: header rows anywhere in the first rows, labels with spaces,
//! brackets, units and synonyms, columns in any order.

use crate::text::fold;
use calamine::{Data, Range};

/// The columns kaoping reads, by their canonical label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Col {
    Id,
    Status,
    Count,
    Total,
    Date,
    Claimed,
    Note,
    Evidence,
    ItemName,
    Start,
    Publish,
    /// 延期 (optional: older templates lack it).
    Extension,
    Remark,
}

/// Canonical label first, then its synonyms (returns.md).
const LABELS: &[(Col, &[&str])] = &[
    (Col::Id, &["编号", "指标编号", "序号"]),
    (Col::Status, &["完成情况", "完成状态", "落实情况"]),
    (Col::Count, &["数量", "件数", "完成数", "次数"]),
    (Col::Total, &["总数", "总件数", "应完成数"]),
    (Col::Date, &["完成时间", "完成日期"]),
    (Col::Claimed, &["自评得分", "自评分", "自评分数"]),
    (Col::Note, &["自评说明", "说明", "情况说明"]),
    (Col::Evidence, &["佐证材料", "佐证", "证明材料"]),
    (Col::ItemName, &["事项名称"]),
    (Col::Start, &["起算日期", "开始日期"]),
    (Col::Publish, &["公开日期", "公示日期", "答复日期"]),
    (Col::Extension, &["延期"]),
    (Col::Remark, &["备注"]),
];

/// The canonical label of a column, for messages.
pub fn label(col: Col) -> &'static str {
    LABELS
        .iter()
        .find(|(c, _)| *c == col)
        .map(|(_, l)| l[0])
        .unwrap_or("")
}

/// Normalises a header label: no white space, full-width folded, a bracketed unit or
/// remark removed (`分值（分）` → `分值`), a trailing colon or star removed.
pub fn normalize_label(s: &str) -> String {
    let f = fold(s);
    let mut out = String::new();
    let mut depth = 0;
    for c in f.chars() {
        match c {
            '(' | '【' | '[' => depth += 1,
            ')' | '】' | ']' => depth = (depth - 1).max(0),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim_end_matches([':', '*', '：'])
        .trim_start_matches('*')
        .to_string()
}

/// The column a label names, and whether it is the canonical label (preferred over a
/// synonym when both appear).
fn classify(s: &str) -> Option<(Col, bool)> {
    let n = normalize_label(s);
    if n.is_empty() {
        return None;
    }
    LABELS
        .iter()
        .find_map(|(col, labels)| labels.iter().position(|l| *l == n).map(|p| (*col, p == 0)))
}

/// What kind of table a header row heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// 自评表: 编号 and at least one value column.
    Main,
    /// 时效明细: 编号, 起算日期 and 公开日期.
    Items,
}

/// A table found in a sheet: where its header is and which column holds what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub kind: TableKind,
    /// Absolute row index of the (last) header row; data follows it.
    pub header_row: u32,
    /// (column, absolute column index).
    pub columns: Vec<(Col, u32)>,
}

impl Table {
    pub fn col(&self, c: Col) -> Option<u32> {
        self.columns.iter().find(|(x, _)| *x == c).map(|(_, i)| *i)
    }
}

/// How many rows may stand above the header.
pub const HEADER_SEARCH_ROWS: u32 = 10;

/// Looks for a header in the first rows of a sheet. A second header row right below the
/// first (under a merged group label such as 自评情况) adds or overrides labels.
pub fn find_table(range: &Range<Data>) -> Option<Table> {
    let (r0, c0) = range.start()?;
    let (r1, c1) = range.end()?;
    let last = r1.min(r0 + HEADER_SEARCH_ROWS - 1);
    for r in r0..=last {
        let mut cols = row_labels(range, r, c0, c1);
        if !cols.iter().any(|(c, _, _)| *c == Col::Id) {
            continue;
        }
        let mut header_row = r;
        if r < r1 {
            let below = row_labels(range, r + 1, c0, c1);
            if below.iter().any(|(c, _, _)| *c != Col::Id) {
                for (c, i, canon) in below {
                    cols.retain(|(_, j, _)| *j != i);
                    cols.push((c, i, canon));
                }
                header_row = r + 1;
            }
        }
        let columns = pick(cols);
        let has = |c: Col| columns.iter().any(|(x, _)| *x == c);
        let kind = if has(Col::Start) && has(Col::Publish) {
            TableKind::Items
        } else if has(Col::Status) || has(Col::Count) || has(Col::Total) || has(Col::Date) {
            TableKind::Main
        } else {
            continue;
        };
        return Some(Table {
            kind,
            header_row,
            columns,
        });
    }
    None
}

fn row_labels(range: &Range<Data>, r: u32, c0: u32, c1: u32) -> Vec<(Col, u32, bool)> {
    (c0..=c1)
        .filter_map(|c| match range.get_value((r, c)) {
            Some(Data::String(s)) => classify(s).map(|(col, canon)| (col, c, canon)),
            _ => None,
        })
        .collect()
}

/// One column per kind: the canonical label wins over a synonym, then the leftmost.
fn pick(mut cols: Vec<(Col, u32, bool)>) -> Vec<(Col, u32)> {
    cols.sort_by_key(|(c, i, canon)| (*c, !*canon, *i));
    cols.dedup_by_key(|(c, _, _)| *c);
    cols.into_iter().map(|(c, i, _)| (c, i)).collect()
}

pub use crate::domain::scoring::col_name;

/// `A1`-style reference of 0-based (row, col).
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", col_name(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fold() {
        assert_eq!(normalize_label("分值（分）"), "分值");
        assert_eq!(normalize_label(" 自评\n得分 "), "自评得分");
        assert_eq!(classify("完成 状态"), Some((Col::Status, false)));
        assert_eq!(classify("编号："), Some((Col::Id, true)));
        assert_eq!(classify("考核内容"), None);
    }

    #[test]
    fn column_names() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(27), "AB");
        assert_eq!(cell_name(11, 7), "H12");
    }

    #[test]
    fn finds_a_header_below_a_title_and_a_two_row_header() {
        let mut r: Range<Data> = Range::new((0, 0), (6, 6));
        r.set_value((0, 0), Data::String("标题".into()));
        r.set_value((3, 0), Data::String("序号".into()));
        r.set_value((3, 1), Data::String("编号".into()));
        r.set_value((3, 2), Data::String("自评情况".into()));
        r.set_value((4, 2), Data::String("完成情况".into()));
        r.set_value((4, 3), Data::String("件数".into()));
        let t = find_table(&r).unwrap();
        assert_eq!(t.kind, TableKind::Main);
        assert_eq!(t.header_row, 4);
        assert_eq!(t.col(Col::Id), Some(1));
        assert_eq!(t.col(Col::Status), Some(2));
        assert_eq!(t.col(Col::Count), Some(3));
    }
}
