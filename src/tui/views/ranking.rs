//! The ranking view: every office, ranked, sortable by any column, filterable to problems.

use super::ListState;
use crate::domain::sampling::overclaims;
use crate::report::OfficeState;
use crate::tui::app::App;
use crate::tui::widgets::prelude::*;

/// Where the view draws: its border (`block`) and the table inside (`list`, with its
/// header).
pub struct ViewLayout {
    pub block: Rect,
    pub list: Rect,
}

/// The view's areas in `area` (the body between title and status bars).
pub fn layout(area: Rect) -> ViewLayout {
    ViewLayout {
        block: area,
        list: area.inner(Margin::new(1, 1)),
    }
}

/// Rows the view's table shows in `area` (below its header), at least one.
pub fn list_rows(area: Rect) -> usize {
    (layout(area).list.height as usize).saturating_sub(1).max(1)
}
use std::cmp::Ordering;

/// Where an office stands, for the ranking's status column and its filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    Imported,
    RowErrors,
    NotSubmitted,
    Conflict,
}

impl RowStatus {
    pub fn msg(self) -> Msg {
        match self {
            RowStatus::Imported => Msg::StatusImported,
            RowStatus::RowErrors => Msg::StatusRowErrors,
            RowStatus::NotSubmitted => Msg::StatusNotSubmitted,
            RowStatus::Conflict => Msg::StatusConflict,
        }
    }
}

/// One office in the ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankRow {
    pub office: usize,
    /// Index into `report.results`.
    pub result: Option<usize>,
    pub status: RowStatus,
}

/// The ranking's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankCol {
    Rank,
    /// The change of rank against the previous result (同比: `open --compare PREV`).
    Change,
    /// The rank's 90 % interval under random weightings (稳定性), `…` until drawn.
    Interval,
    Office,
    Total,
    Grade,
    /// A scored category, by its index in the set.
    Cat(usize),
    Claimed,
    Diff,
    Status,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDir {
    Asc,
    Desc,
}

#[derive(Debug, Clone, Default)]
pub struct RankingState {
    pub list: ListState,
    /// Index into [`App::rank_columns`].
    pub col: usize,
    pub sort: Option<(RankCol, SortDir)>,
    pub problems_only: bool,
}

pub(crate) fn ranking(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let mut title = format!(" {} ", app.s(Msg::ViewRanking));
    if app.ranking.problems_only {
        title.push_str(&format!("· {} ", app.s(Msg::FilterOn)));
    }
    if let Some((c, d)) = app.ranking.sort {
        let name = rank_col_title(app, c);
        title.push_str(&format!(
            "· {name}{} ",
            if d == SortDir::Asc { "↑" } else { "↓" }
        ));
    }
    if let Some(d) = &app.diff {
        title.push_str(&compare_title(app, d));
    }
    let b = block(app, title);
    let inner = layout(area).list;
    b.render(area, buf);
    // The first import runs in the background: no office is shown as 未报送 meanwhile.
    if app.loading {
        put(
            buf,
            inner.x,
            inner.y,
            inner.width,
            app.s(Msg::Importing),
            theme.dim(),
        );
        return;
    }
    let columns = app.rank_columns();
    let cols: Vec<Column> = columns
        .iter()
        .map(|c| match c {
            RankCol::Rank => col(app.s(Msg::ColRank), 4, true, 0),
            RankCol::Change => col(
                app.s(Msg::ColRankChange),
                width(app.s(Msg::NewEntrant)).max(3),
                true,
                3,
            ),
            // Dropped first when the width is short.
            RankCol::Interval => col(app.s(Msg::ColInterval), interval_width(app), true, 6),
            RankCol::Office => col(app.s(Msg::ColOffice), app.name_width(), false, 0),
            RankCol::Total => col(app.s(Msg::ColTotal), 6, true, 0),
            RankCol::Grade => {
                // As wide as the widest grade shown (良好（一票否决）).
                let w = app
                    .report
                    .results
                    .iter()
                    .map(|r| width(&ranked_grade(app, r)));
                col(app.s(Msg::ColGrade), w.max().unwrap_or(0).max(4), false, 0)
            }
            RankCol::Cat(i) => {
                let c = &app.data.set.categories[*i];
                let drop = if c.kind == crate::domain::indicators::CategoryKind::Bonus {
                    5
                } else {
                    4
                };
                col(&c.id, 5, true, drop)
            }
            // Comparing, 自评分 gives way to Δ名次 first (自评偏差 still shows the gap).
            RankCol::Claimed => col(
                app.s(Msg::ColClaimed),
                6,
                true,
                if app.diff.is_some() { 5 } else { 3 },
            ),
            RankCol::Diff => col(app.s(Msg::ColDiff), 6, true, 2),
            RankCol::Status => col(app.s(Msg::ColStatus), 8, false, 1),
        })
        .collect();
    let row = |i: usize| -> Vec<(String, Style)> {
        let rr = &app.rows[i];
        let name = app.data.registry.offices[rr.office].name.clone();
        let status_style = match rr.status {
            RowStatus::Imported => Style::new(),
            _ => theme.bad(),
        };
        let status = (app.s(rr.status.msg()).to_string(), status_style);
        let Some(r) = rr.result.map(|k| &app.report.results[k]) else {
            return columns
                .iter()
                .map(|c| match c {
                    RankCol::Rank => ("-".to_string(), theme.dim()),
                    RankCol::Office => (name.clone(), Style::new()),
                    RankCol::Status => status.clone(),
                    _ => (String::new(), Style::new()),
                })
                .collect();
        };
        columns
            .iter()
            .map(|c| match c {
                RankCol::Rank => (r.rank.to_string(), Style::new()),
                RankCol::Change => rank_change(app, r.office, theme),
                RankCol::Interval => (interval_text(app, r.office), theme.dim()),
                RankCol::Office => (name.clone(), Style::new()),
                RankCol::Total => (fmt2(r.total), theme.header()),
                RankCol::Grade => (
                    ranked_grade(app, r),
                    if r.veto {
                        theme.bad()
                    } else if overclaims(&app.data.set, r) {
                        theme.fg(ratatui::style::Color::Yellow)
                    } else {
                        Style::new()
                    },
                ),
                RankCol::Cat(k) => (fmt2(r.categories[*k]), Style::new()),
                RankCol::Claimed => (r.claimed_total.map(fmt2).unwrap_or_default(), theme.dim()),
                RankCol::Diff => (
                    r.claim_difference().map(signed).unwrap_or_default(),
                    Style::new(),
                ),
                RankCol::Status => status.clone(),
            })
            .collect()
    };
    if app.rows.is_empty() {
        put(
            buf,
            inner.x,
            inner.y,
            inner.width,
            app.s(Msg::NoOffice),
            theme.dim(),
        );
        return;
    }
    let l = app.ranking.list;
    table(
        buf,
        inner,
        &cols,
        app.rows.len(),
        l.offset,
        Some(l.selected),
        Some(app.ranking.col),
        theme,
        &row,
    );
}

/// An office's rank interval (`3–7`), `…` until the draws are done.
pub(crate) fn interval_text(app: &App, office: usize) -> String {
    match &app.stability {
        Some(st) => st
            .of(office)
            .map(crate::output::robustness::interval)
            .unwrap_or_default(),
        None => "…".into(),
    }
}

/// The width of the interval column: its widest interval, at least its title.
fn interval_width(app: &App) -> usize {
    let widest = app.stability.as_ref().map(|st| {
        st.offices
            .iter()
            .map(|o| width(&crate::output::robustness::interval(o)))
            .max()
            .unwrap_or(0)
    });
    widest.unwrap_or(1).max(width(app.s(Msg::ColInterval)))
}

/// The 等次 as the ranking shows it: with the 自评虚高 mark after it where the office
/// overclaims (its 自评分 total exceeds its 总分 by more than the set's `overclaim_flag`).
fn ranked_grade(app: &App, r: &crate::domain::assessment::OfficeResult) -> String {
    let g = grade_text(app, r);
    if overclaims(&app.data.set, r) {
        format!("{g} {}", app.s(Msg::Overclaim))
    } else {
        g
    }
}

/// What the ranking's title says of a comparison: against what, and how many things were
/// not compared (listed in the help, `?`).
fn compare_title(app: &App, d: &crate::compare::Diff) -> String {
    let lang = app.opts.lang;
    let file = std::path::Path::new(&d.source)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| d.source.clone());
    let mut t = format!(
        "· {} ",
        lang.labelled(app.s(Msg::PrevYear), &sanitize(&file))
    );
    if !d.not_comparable.is_empty() {
        let n = lang.noted(&d.not_comparable.len().to_string(), "?");
        t.push_str(&format!(
            "· {} ",
            lang.labelled(app.s(Msg::NotComparable), &n)
        ));
    }
    t
}

/// The change of an office's rank against the previous result, as the ranking shows it
/// (`↑3` green, `↓2` red, `—`, `新参评`).
fn rank_change(app: &App, office: usize, theme: &Theme) -> (String, Style) {
    use crate::compare::RankChange;
    let Some(c) = app.diff.as_ref().and_then(|d| d.office(office)) else {
        return (String::new(), Style::new());
    };
    match c.change {
        RankChange::Up(_) => (c.change.shown(), theme.fg(ratatui::style::Color::Green)),
        RankChange::Down(_) => (c.change.shown(), theme.bad()),
        RankChange::New => (app.s(Msg::NewEntrant).to_string(), theme.dim()),
        _ => (c.change.shown(), theme.dim()),
    }
}

pub(crate) fn rank_col_title(app: &App, c: RankCol) -> String {
    match c {
        RankCol::Rank => app.s(Msg::ColRank).into(),
        RankCol::Change => app.s(Msg::ColRankChange).into(),
        RankCol::Interval => app.s(Msg::ColInterval).into(),
        RankCol::Office => app.s(Msg::ColOffice).into(),
        RankCol::Total => app.s(Msg::ColTotal).into(),
        RankCol::Grade => app.s(Msg::ColGrade).into(),
        RankCol::Cat(i) => app.data.set.categories[i].id.clone(),
        RankCol::Claimed => app.s(Msg::ColClaimed).into(),
        RankCol::Diff => app.s(Msg::ColDiff).into(),
        RankCol::Status => app.s(Msg::ColStatus).into(),
    }
}

impl App {
    /// Rebuilds the ranking rows from the report, in the current sort and filter.
    pub(crate) fn derive(&mut self) {
        let mut rows: Vec<RankRow> = Vec::new();
        for (k, r) in self.report.results.iter().enumerate() {
            let has_errors = self.report.files.get(r.file).is_some_and(|f| {
                f.problems
                    .iter()
                    .any(|p| p.severity == crate::import::Severity::Error)
            });
            rows.push(RankRow {
                office: r.office,
                result: Some(k),
                status: if has_errors {
                    RowStatus::RowErrors
                } else {
                    RowStatus::Imported
                },
            });
        }
        for o in self.report.unranked() {
            let status = match self.report.states[o] {
                OfficeState::Conflict(_) => RowStatus::Conflict,
                _ => RowStatus::NotSubmitted,
            };
            rows.push(RankRow {
                office: o,
                result: None,
                status,
            });
        }
        if self.ranking.problems_only {
            rows.retain(|r| r.status != RowStatus::Imported);
        }
        if let Some((col, dir)) = self.ranking.sort {
            rows.sort_by(|a, b| {
                let ord = self.compare(col, a, b);
                // Rows without a value stay last whatever the direction.
                match (self.sort_key_missing(col, a), self.sort_key_missing(col, b)) {
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    _ if dir == SortDir::Desc => ord.reverse(),
                    _ => ord,
                }
            });
        }
        self.rows = rows;
    }

    pub(crate) fn result(&self, row: &RankRow) -> Option<&crate::domain::assessment::OfficeResult> {
        row.result.map(|k| &self.report.results[k])
    }

    pub(crate) fn number(&self, col: RankCol, row: &RankRow) -> Option<Decimal> {
        let r = self.result(row)?;
        match col {
            RankCol::Rank => Some(Decimal::from(r.rank)),
            // Places gained: `]` puts those that rose most first.
            RankCol::Change => self
                .diff
                .as_ref()
                .and_then(|d| d.office(r.office))
                .and_then(|c| c.change.gained())
                .map(Decimal::from),
            RankCol::Total => Some(r.total),
            RankCol::Cat(c) => r.categories.get(c).copied(),
            RankCol::Claimed => r.claimed_total,
            RankCol::Diff => r.claim_difference(),
            RankCol::Grade => Some(r.total),
            // By the lower end, then the upper end.
            RankCol::Interval => self
                .stability
                .as_ref()?
                .of(r.office)
                .map(|o| Decimal::from(o.p5) + Decimal::from(o.p95) / Decimal::from(1_000_000)),
            _ => None,
        }
    }

    pub(crate) fn sort_key_missing(&self, col: RankCol, row: &RankRow) -> bool {
        match col {
            RankCol::Office | RankCol::Status => false,
            _ => self.number(col, row).is_none(),
        }
    }

    pub(crate) fn compare(&self, col: RankCol, a: &RankRow, b: &RankRow) -> Ordering {
        let by = match col {
            RankCol::Office => a.office.cmp(&b.office),
            RankCol::Status => (a.status as u8).cmp(&(b.status as u8)),
            _ => self.number(col, a).cmp(&self.number(col, b)),
        };
        by.then(a.office.cmp(&b.office))
    }

    /// The ranking's columns, in order.
    pub fn rank_columns(&self) -> Vec<RankCol> {
        let mut cols = vec![
            RankCol::Rank,
            RankCol::Interval,
            RankCol::Office,
            RankCol::Total,
            RankCol::Grade,
        ];
        if self.diff.is_some() {
            cols.insert(1, RankCol::Change);
        }
        cols.extend(
            self.data
                .set
                .categories
                .iter()
                .enumerate()
                .filter(|(_, c)| c.kind != crate::domain::indicators::CategoryKind::Veto)
                .map(|(i, _)| RankCol::Cat(i)),
        );
        cols.extend([RankCol::Claimed, RankCol::Diff, RankCol::Status]);
        cols
    }

    pub fn selected_rank_row(&self) -> Option<&RankRow> {
        self.rows.get(self.ranking.list.selected)
    }

    pub(crate) fn keep_office_selected(&mut self, office: Option<usize>) {
        let i = office
            .and_then(|o| self.rows.iter().position(|r| r.office == o))
            .unwrap_or(0);
        let (len, rows) = (self.rows.len(), self.list_rows(ViewId::Ranking));
        self.ranking.list.to(i, len, rows);
    }
}

/// `←` / `→`: the column sorted by `<` / `>`.
pub(crate) fn step_column(app: &mut App, d: isize) {
    let n = app.rank_columns().len() as isize;
    app.ranking.col = (app.ranking.col as isize + d).clamp(0, n - 1) as usize;
}

/// `Enter`: the selected office.
pub(crate) fn enter(app: &mut App) {
    if let Some(o) = app.selected_rank_row().map(|r| r.office) {
        app.open_office(o);
    }
}
