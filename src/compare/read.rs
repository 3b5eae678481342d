//! Reading a previous result (`--compare PREV`): a kaoping workbook, or another folder of
//! returns scored with its own data files.
//!
//! - **A workbook** (`.kaoping.xlsx`, or any `.xlsx`/`.xls` holding kaoping's sheets) is
//!   opened through the importer, with a return's checks and per-file budget, so a hostile
//!   file is refused in little memory. It is known by the document property
//!   `kaoping-export` or by its sheets: 排名 (rank, office, total, 等次, the category
//!   columns `A 公开解读回应`), 指标得分 (each office's score on each indicator) and 指标体系
//!   (ids, titles, points, rule kinds, linked tasks). Headers are found by their labels in
//!   the first rows, columns in any order, so a copy re-saved by Excel or WPS reads too.
//! - **A folder** is imported and scored like `score` (its own `kaoping.db`'s decisions
//!   applied, opened read-only). It is scored with the data files in use now, except those
//!   it carries itself: in `PREV/indicators/`, else in `PREV/`, a `plan-*.toml` is the
//!   plan, `offices-*.toml` the registry, `calendar.toml` the calendar, and a file whose
//!   name starts with a year (`2017.toml`) the indicator set.
//!
//! Every refusal names the file, and the sheet and cell where there is one.

use super::{PrevCategory, PrevIndicator, PrevOffice, Previous};
use crate::data::{DataPaths, DataSet};
use crate::domain::indicators::{CategoryKind, MAX_INDICATORS};
use crate::domain::points::{Decimal, MAX_POINTS};
use crate::domain::scoring::Field;
use crate::import::cells;
use crate::import::layout::{cell_name, normalize_label, HEADER_SEARCH_ROWS};
use crate::import::workbook::{Refusal, Sheet, Workbook};
use calamine::Data;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The sheets a previous result is read from.
pub const RANKING: &str = "排名";
pub const SCORES: &str = "指标得分";
pub const SET: &str = "指标体系";

/// The most offices a previous result may list (the registry's own limit).
pub const MAX_OFFICES: usize = 20_000;

/// Reads the previous result at `path`: a kaoping workbook, or a folder of returns scored
/// with `current`'s data files unless it carries its own.
pub fn read(path: &Path, current: &DataSet) -> Result<Previous, String> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| format!("{shown}: 无法读取上年结果（{e}）；请检查 --compare 所给的路径"))?;
    if meta.is_dir() {
        read_folder(path, current)
    } else {
        read_workbook(path)
    }
}

// ---- a workbook --------------------------------------------------------------------------

fn refusal(shown: &str, r: Refusal) -> String {
    match r.at {
        Some(at) => format!("{shown}: {at}: {}", r.message),
        None => format!("{shown}: {}", r.message),
    }
}

/// What is said of a file that is not a kaoping result.
const NOT_A_RESULT: &str = "不是 kaoping 导出的考评结果工作簿（.kaoping.xlsx），不能作为上年结果";

/// Reads a kaoping workbook.
pub fn read_workbook(path: &Path) -> Result<Previous, String> {
    let shown = path.display().to_string();
    let bytes = crate::import::workbook::read(path).map_err(|r| refusal(&shown, r))?;
    let own = crate::import::workbook::is_own_export(&bytes);
    let wb = crate::import::workbook::open_form(&bytes).map_err(|r| refusal(&shown, r))?;
    drop(bytes);
    from_workbook(&wb, &shown, own)
}

/// A previous result from an opened workbook; `own`: it carries kaoping's mark.
pub fn from_workbook(wb: &Workbook, shown: &str, own: bool) -> Result<Previous, String> {
    let sheet = |name: &str| wb.sheets.iter().find(|s| s.name.trim() == name);
    let (ranking, scores, set) = (sheet(RANKING), sheet(SCORES), sheet(SET));
    if !own && ranking.is_none() && scores.is_none() && set.is_none() {
        return Err(format!("{shown}: {NOT_A_RESULT}"));
    }
    fn need<'a>(s: Option<&'a Sheet>, shown: &str, name: &str) -> Result<&'a Sheet, String> {
        s.ok_or_else(|| format!("{shown}: 缺少“{name}”工作表，{NOT_A_RESULT}"))
    }
    let (ranking, scores, set) = (
        need(ranking, shown, RANKING)?,
        need(scores, shown, SCORES)?,
        need(set, shown, SET)?,
    );
    let at = |s: &Sheet, row: u32, col: u32| format!("{shown}: {}!{}", s.name, cell_name(row, col));

    // 排名: the category columns, then each office.
    let rk = Header::find(ranking, &["名次", "单位", "总分", "等次"]).ok_or_else(|| {
        format!(
            "{shown}: {}: 找不到表头（名次、单位、总分、等次）",
            ranking.name
        )
    })?;
    let mut categories: Vec<PrevCategory> = Vec::new();
    for (label, _) in &rk.raw {
        if let Some((id, name)) = category_label(label) {
            if !categories.iter().any(|c| c.id == id) {
                categories.push(PrevCategory {
                    id,
                    name,
                    kind: CategoryKind::Base,
                });
            }
        }
    }
    let (c_rank, c_office, c_total, c_grade) = (
        rk.col("名次").unwrap_or(0),
        rk.col("单位").unwrap_or(0),
        rk.col("总分").unwrap_or(0),
        rk.col("等次").unwrap_or(0),
    );
    let mut offices: Vec<PrevOffice> = Vec::new();
    let mut row_of: HashMap<String, usize> = HashMap::new();
    for row in rk.rows(ranking) {
        let name = text(ranking, row, c_office);
        if name.is_empty() {
            continue;
        }
        if offices.len() >= MAX_OFFICES {
            return Err(format!(
                "{}: 单位超过 {MAX_OFFICES} 个，不是考评结果",
                at(ranking, row, c_office)
            ));
        }
        if row_of.contains_key(&name) {
            return Err(format!(
                "{}: 单位“{name}”在排名中出现两次",
                at(ranking, row, c_office)
            ));
        }
        let rank = match number(ranking, row, c_rank) {
            Field::Blank => None,
            Field::Value(d)
                if d.is_integer() && d >= Decimal::ONE && d <= Decimal::from(MAX_OFFICES) =>
            {
                u32::try_from(d.mantissa() / 10i128.pow(d.scale())).ok()
            }
            _ => {
                return Err(format!(
                    "{}: 名次“{}”不是有效的名次",
                    at(ranking, row, c_rank),
                    text(ranking, row, c_rank)
                ))
            }
        };
        let total = match number(ranking, row, c_total) {
            Field::Blank => None,
            Field::Value(d) if d.abs() <= crate::domain::indicators::max_sum() => Some(d),
            _ => {
                return Err(format!(
                    "{}: 总分“{}”不是有效的分数",
                    at(ranking, row, c_total),
                    text(ranking, row, c_total)
                ))
            }
        };
        if rank.is_some() != total.is_some() {
            return Err(format!(
                "{}: 有名次的单位应有总分，没有名次的单位不应有总分",
                at(ranking, row, c_total)
            ));
        }
        let grade_shown = text(ranking, row, c_grade);
        let grade = grade_shown
            .split(['（', '('])
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        row_of.insert(name.clone(), offices.len());
        offices.push(PrevOffice {
            name,
            rank,
            total,
            grade,
            grade_shown,
            scores: Vec::new(),
        });
    }

    // 指标体系: the indicators.
    let st = Header::find(set, &["编号", "考核内容", "分值"])
        .ok_or_else(|| format!("{shown}: {}: 找不到表头（编号、考核内容、分值）", set.name))?;
    let cat_of_name: HashMap<&str, &str> = categories
        .iter()
        .map(|c| (c.name.as_str(), c.id.as_str()))
        .collect();
    let mut indicators: Vec<PrevIndicator> = Vec::new();
    let mut tasks: Vec<(u32, String)> = Vec::new();
    let c_id = st.col("编号").unwrap_or(0);
    for row in st.rows(set) {
        let id = text(set, row, c_id);
        if id.is_empty() {
            continue;
        }
        if indicators.len() >= MAX_INDICATORS {
            return Err(format!(
                "{}: 指标超过 {MAX_INDICATORS} 个，不是考评结果",
                at(set, row, c_id)
            ));
        }
        if indicators.iter().any(|i| i.id == id) {
            return Err(format!("{}: 指标编号 {id} 出现两次", at(set, row, c_id)));
        }
        let c_points = st.col("分值").unwrap_or(0);
        let points = match number(set, row, c_points) {
            Field::Value(d) if d >= Decimal::ZERO && d <= Decimal::from(MAX_POINTS) => d,
            _ => {
                return Err(format!(
                    "{}: {id} 的分值“{}”不是有效的分值",
                    at(set, row, c_points),
                    text(set, row, c_points)
                ))
            }
        };
        let kind = match st.col("规则类型").map(|c| text(set, row, c)).as_deref() {
            Some("加分") => CategoryKind::Bonus,
            Some("一票否决") => CategoryKind::Veto,
            _ => CategoryKind::Base,
        };
        let category_name = st
            .col("一级指标")
            .map(|c| text(set, row, c))
            .unwrap_or_default();
        let category = cat_of_name
            .get(category_name.as_str())
            .map(|id| id.to_string())
            .unwrap_or(category_name);
        let task = match st.col("关联任务").map(|c| number(set, row, c)) {
            Some(Field::Value(d)) if d.is_integer() && d >= Decimal::ZERO => {
                u32::try_from(d.mantissa() / 10i128.pow(d.scale())).ok()
            }
            _ => None,
        };
        if let Some(n) = task {
            if !tasks.iter().any(|(m, _)| *m == n) {
                let title = st
                    .col("任务内容")
                    .map(|c| text(set, row, c))
                    .unwrap_or_default();
                tasks.push((n, title));
            }
        }
        indicators.push(PrevIndicator {
            id,
            title: st
                .col("考核内容")
                .map(|c| text(set, row, c))
                .unwrap_or_default(),
            points,
            category,
            task,
            kind,
        });
    }
    tasks.sort_by_key(|(n, _)| *n);
    // A category's kind is its indicators': a bonus category holds only bonus indicators.
    for c in &mut categories {
        let mut kinds = indicators
            .iter()
            .filter(|i| i.category == c.id)
            .map(|i| i.kind);
        if let Some(first) = kinds.next() {
            if kinds.all(|k| k == first) {
                c.kind = first;
            }
        }
    }
    // The veto's category (not a column of 排名) by its name.
    for i in indicators.iter().filter(|i| i.kind == CategoryKind::Veto) {
        if !categories.iter().any(|c| c.id == i.category) {
            categories.push(PrevCategory {
                id: i.category.clone(),
                name: i.category.clone(),
                kind: CategoryKind::Veto,
            });
        }
    }

    // 指标得分: each office's score on each indicator.
    for o in &mut offices {
        o.scores = vec![None; indicators.len()];
    }
    let sc = Header::find(scores, &["单位"])
        .ok_or_else(|| format!("{shown}: {}: 找不到表头（单位）", scores.name))?;
    let index: HashMap<&str, usize> = indicators
        .iter()
        .enumerate()
        .map(|(k, i)| (i.id.as_str(), k))
        .collect();
    let columns: Vec<(u32, usize)> = sc
        .raw
        .iter()
        .filter_map(|(text, c)| index.get(text.trim()).map(|&k| (*c, k)))
        .collect();
    let c_office = sc.col("单位").unwrap_or(0);
    for row in sc.rows(scores) {
        let name = text(scores, row, c_office);
        let Some(&o) = row_of.get(&name) else {
            continue;
        };
        for &(c, k) in &columns {
            if indicators[k].kind == CategoryKind::Veto {
                continue;
            }
            offices[o].scores[k] = match number(scores, row, c) {
                Field::Value(d) if d.abs() <= Decimal::from(MAX_POINTS) => Some(d),
                Field::Blank => None,
                _ => {
                    return Err(format!(
                        "{}: {name} {} 的得分“{}”不是有效的分数",
                        at(scores, row, c),
                        indicators[k].id,
                        text(scores, row, c)
                    ))
                }
            };
        }
    }
    let title = ranking
        .cells
        .get_value((0, 0))
        .map(cells::text)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| shown.to_string());
    Ok(Previous {
        source: shown.to_string(),
        title,
        indicators,
        categories,
        tasks,
        offices,
    })
}

/// `A 公开解读回应` → (`A`, `公开解读回应`): a category column of 排名.
fn category_label(label: &str) -> Option<(String, String)> {
    let (id, name) = label.trim().split_once(char::is_whitespace)?;
    let ok = id.len() <= 8
        && id.starts_with(|c: char| c.is_ascii_uppercase())
        && id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    ok.then(|| (id.to_string(), name.trim().to_string()))
}

fn text(s: &Sheet, row: u32, col: u32) -> String {
    s.cells
        .get_value((row, col))
        .map(cells::text)
        .unwrap_or_default()
}

fn number(s: &Sheet, row: u32, col: u32) -> Field<Decimal> {
    s.cells
        .get_value((row, col))
        .map(cells::number)
        .unwrap_or(Field::Blank)
}

/// A header row found by its labels.
struct Header {
    row: u32,
    /// (normalized label, column).
    labels: Vec<(String, u32)>,
    /// (the cell's text, column).
    raw: Vec<(String, u32)>,
}

impl Header {
    /// The first row, among the first rows of the sheet, holding all of `required`.
    fn find(sheet: &Sheet, required: &[&str]) -> Option<Header> {
        let (start, end) = (sheet.cells.start()?, sheet.cells.end()?);
        let last = end.0.min(start.0.saturating_add(HEADER_SEARCH_ROWS));
        for row in start.0..=last {
            let mut labels = Vec::new();
            let mut raw = Vec::new();
            for col in start.1..=end.1 {
                let Some(v) = sheet.cells.get_value((row, col)) else {
                    continue;
                };
                if matches!(v, Data::Empty) {
                    continue;
                }
                let t = cells::text(v);
                labels.push((normalize_label(&t), col));
                raw.push((t, col));
            }
            if required.iter().all(|r| labels.iter().any(|(l, _)| l == r)) {
                return Some(Header { row, labels, raw });
            }
        }
        None
    }

    fn col(&self, label: &str) -> Option<u32> {
        self.labels
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, c)| *c)
    }

    fn rows(&self, sheet: &Sheet) -> std::ops::RangeInclusive<u32> {
        let end = sheet.cells.end().map(|(r, _)| r).unwrap_or(self.row);
        self.row + 1..=end
    }
}

// ---- a folder ----------------------------------------------------------------------------

/// Imports and scores a folder of returns with its own data files where it has them (else
/// `current`'s), applying the decisions of its store (opened read-only).
pub fn read_folder(dir: &Path, current: &DataSet) -> Result<Previous, String> {
    let shown = dir.display().to_string();
    let data = folder_data(dir, current)?;
    let files = crate::import::collect(&[dir.to_path_buf()]).map_err(|(p, e)| {
        format!(
            "{}: 无法读取上年结果（{e}）；请检查 --compare 所给的文件夹",
            p.display()
        )
    })?;
    let decisions = match crate::store::Store::open_read_only(dir) {
        Ok(Some(s)) => {
            let s = s.checked(&data);
            let d = s
                .decisions_and_checks()
                .and_then(|d| Ok(d.with_choices(s.choices()?)))
                .map_err(|e| e.to_string())?;
            // Rows of its store left out as invalid change nothing here.
            let _ = s.take_warnings();
            d
        }
        Ok(None) => crate::report::Decisions::default(),
        Err(e) => return Err(e.to_string()),
    };
    let keep = |o: usize| decisions.keep(&data, o);
    let report =
        crate::report::Report::build_keeping(&data, &files, decisions.clone(), &|_| {}, &keep);
    Ok(Previous::of_report(&data, &report, &shown))
}

/// The data files a folder carries: in `DIR/indicators/`, else in `DIR/` (the first of the
/// two holding any); each one missing is `current`'s.
pub fn folder_data(dir: &Path, current: &DataSet) -> Result<DataSet, String> {
    let mut found: [Option<PathBuf>; 4] = Default::default();
    for place in [dir.join("indicators"), dir.to_path_buf()] {
        let Ok(entries) = std::fs::read_dir(&place) else {
            continue;
        };
        for e in entries.flatten().take(10_000) {
            let name = e.file_name().to_string_lossy().to_lowercase();
            let Some(stem) = name.strip_suffix(".toml") else {
                continue;
            };
            let slot = if stem == "calendar" {
                3
            } else if stem.starts_with("offices") {
                2
            } else if stem.starts_with("plan") {
                1
            } else if stem.len() >= 4 && stem.bytes().take(4).all(|b| b.is_ascii_digit()) {
                0
            } else {
                continue;
            };
            if let Some(other) = &found[slot] {
                return Err(format!(
                    "{}: 有两个同类数据文件（{} 与 {}），无法确定用哪一个",
                    place.display(),
                    other.display(),
                    e.path().display()
                ));
            }
            found[slot] = Some(e.path());
        }
        if found.iter().any(Option::is_some) {
            break;
        }
    }
    if found.iter().all(Option::is_none) {
        return Ok(current.clone());
    }
    let [set, plan, offices, calendar] = &found;
    let invalid = |e: crate::domain::DataError| format!("上年结果的数据文件无效：{e}");
    let loaded = DataSet::load(&DataPaths {
        indicators: set.as_deref(),
        plan: plan.as_deref(),
        offices: offices.as_deref(),
        calendar: calendar.as_deref(),
    })
    .map_err(invalid)?;
    let data = DataSet {
        set: if set.is_some() {
            loaded.set
        } else {
            current.set.clone()
        },
        plan: if plan.is_some() {
            loaded.plan
        } else {
            current.plan.clone()
        },
        registry: if offices.is_some() {
            loaded.registry
        } else {
            current.registry.clone()
        },
        calendar: if calendar.is_some() {
            loaded.calendar
        } else {
            current.calendar.clone()
        },
    };
    // The links checked at load, again with the files taken from `current`.
    for ind in &data.set.indicators {
        if data.plan.task(ind.task).is_none() {
            let file = set
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "indicators".into());
            return Err(format!(
                "上年结果的数据文件无效：{file}: indicator.{}: 关联的任务 {} 不在实施方案（{}）中；请改正该文件夹中的数据文件，使指标关联的任务都在实施方案中",
                ind.id, ind.task, data.plan.title
            ));
        }
    }
    Ok(data)
}
