//! The 核查 view: every decision (核定分, 核查数量, 一票否决) and spot-check result (抽查)
//! with who, when, why and where it came from (the findings or checklist workbook, or typed
//! by an evaluator), in registry, set and item order; filterable by office. Its header line
//! says which spot checks were drawn (read from the store by the worker).

use super::office::OfficeMode;
use super::ListState;
use crate::domain::checks::{item_shown, Check, CheckResult};
use crate::domain::decision::{source_file, source_short, Decided, Decision};
use crate::store::DrawRecord;
use crate::text::fold;
use crate::tui::app::App;
use crate::tui::widgets::prelude::*;

/// Height of the view's lower pane (with its border): the selected row in full.
pub const CHECKS_PANE_HEIGHT: u16 = 7;

/// Where the view draws: its bordered table pane (`top`), the line of spot checks drawn
/// (`draws`), the table (`list`, with its header) and the selected row's pane.
pub struct ChecksLayout {
    pub top: Rect,
    pub draws: Rect,
    pub list: Rect,
    pub pane: Rect,
}

/// The view's areas in `area` (the body between title and status bars).
pub fn layout(area: Rect) -> ChecksLayout {
    let [top, pane] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(CHECKS_PANE_HEIGHT)]).areas(area);
    let inner = top.inner(Margin::new(1, 1));
    ChecksLayout {
        top,
        draws: Rect {
            height: inner.height.min(1),
            ..inner
        },
        list: Rect::new(
            inner.x,
            inner.y + 1,
            inner.width,
            inner.height.saturating_sub(1),
        ),
        pane,
    }
}

/// Rows the view's table shows in `area` (below its header), at least one.
pub fn list_rows(area: Rect) -> usize {
    (layout(area).list.height as usize).saturating_sub(1).max(1)
}

/// Which offices the view lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChecksFilter {
    /// One office (by registry index): the view entered from that office's view.
    Office(usize),
    /// Offices whose name, alias or English name contains this (typed after `/`).
    Text(String),
}

/// What a row shows: a decision or a spot-check result (indices into the report's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Decision(usize),
    Check(usize),
}

/// One row of the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRow {
    /// Registry index (none for a name the registry no longer has).
    pub office: Option<usize>,
    /// Index in the set (none for an id the set does not have).
    pub indicator: Option<usize>,
    pub entry: Entry,
}

#[derive(Debug, Clone, Default)]
pub struct ChecksState {
    pub list: ListState,
    pub filter: Option<ChecksFilter>,
    /// The rows shown, in order (rebuilt when the report or the filter changes).
    pub rows: Vec<CheckRow>,
    /// The spot checks drawn, as the worker last read them (none until read).
    pub draws: Option<Vec<DrawRecord>>,
}

/// What a row's cells say.
struct Shown {
    office: String,
    indicator: String,
    item: String,
    /// The item's name (the beginning of `item`).
    name: Option<String>,
    finding: String,
    /// Whether a check held (属实); none for a decision.
    holds: Option<bool>,
    evaluator: String,
    at: String,
    reason: String,
    source: Option<String>,
}

pub(crate) fn result_msg(r: CheckResult) -> Msg {
    match r {
        CheckResult::True => Msg::CheckTrue,
        CheckResult::False => Msg::CheckFalse,
        CheckResult::NoEvidence => Msg::CheckNoEvidence,
    }
}

/// A decided value as the view shows it: `核定分 3.50`, `核查数量 2`, `一票否决 是`.
fn decided_text(app: &App, v: Decided) -> String {
    let lang = app.opts.lang;
    match v {
        Decided::Score(s) => format!("{} {}", app.s(Msg::ColDecided), fmt2(s)),
        Decided::Count(n) => format!("{} {n}", app.s(Msg::CountDecided)),
        Decided::Veto(b) => format!("{} {}", app.s(Msg::Veto), lang.yes_no(b)),
        Decided::Check(r) => app.s(result_msg(r)).to_string(),
    }
}

fn shown(app: &App, row: &CheckRow) -> Shown {
    match row.entry {
        Entry::Decision(i) => {
            let d: &Decision = &app.report.decisions[i];
            Shown {
                office: d.office.clone(),
                indicator: d.indicator.clone(),
                item: String::new(),
                name: None,
                finding: decided_text(app, d.value),
                holds: None,
                evaluator: d.evaluator.clone(),
                at: d.at.clone(),
                reason: d.reason.clone(),
                source: d.source.clone(),
            }
        }
        Entry::Check(i) => {
            let c: &Check = &app.report.decisions.checks()[i];
            let holds = c.result.holds();
            Shown {
                office: c.office.clone(),
                indicator: c.indicator.clone(),
                item: if c.item.is_empty() {
                    String::new()
                } else {
                    item_shown(&c.item)
                },
                name: (!c.item.is_empty())
                    .then(|| crate::domain::checks::split_key(&c.item).0.to_string()),
                finding: format!("{} {}", check_mark(app, holds), app.s(result_msg(c.result))),
                holds: Some(holds),
                evaluator: c.evaluator.clone(),
                at: c.at.clone(),
                reason: c.reason.clone(),
                source: c.source.clone(),
            }
        }
    }
}

fn source_text(app: &App, s: &Shown) -> String {
    match &s.source {
        Some(src) => source_short(src),
        None => app.s(Msg::TypedByHand).to_string(),
    }
}

/// `text` in `w` cells, cutting its beginning `head` rather than what follows it: a
/// source's file name rather than its hash (`核查…（SHA-256 ab12cd34…）`), an item's name
/// rather than its date (`政府信息…（2018-03-05）`).
fn fit_head(text: &str, head: Option<&str>, w: usize) -> String {
    match head {
        Some(head) if width(text) > w && text.starts_with(head) => {
            let tail = &text[head.len()..];
            let room = w.saturating_sub(width(tail));
            if room >= 2 {
                format!("{}{tail}", crate::text::truncate(head, room))
            } else {
                text.to_string()
            }
        }
        _ => text.to_string(),
    }
}

/// `YYYY-MM-DD HH:MM` of a stored time.
fn minutes(at: &str) -> String {
    at.chars().take(16).collect()
}

/// The view's title: its name, the filter (and how to undo it), how many rows.
fn title(app: &App) -> String {
    let lang = app.opts.lang;
    let mut t = format!(" {} ", app.s(Msg::ViewChecks));
    let filter = match &app.checks.filter {
        Some(ChecksFilter::Office(o)) => app
            .data
            .registry
            .offices
            .get(*o)
            .map(|o| lang.labelled(app.s(Msg::ColOffice), &o.name)),
        Some(ChecksFilter::Text(q)) => {
            Some(lang.labelled(app.s(Msg::ColOffice), &format!("“{q}”")))
        }
        None => None,
    };
    if let Some(f) = filter {
        t.push_str(&format!("· {} ", lang.noted(&f, app.s(Msg::EscClears))));
    }
    t.push_str(&format!("· {} ", lang.in_all(app.checks.rows.len())));
    sanitize(&t)
}

/// The header line: the spot checks drawn.
fn draws_text(app: &App) -> String {
    match app.checks.draws.as_deref() {
        None => String::new(),
        Some([]) => app.s(Msg::NoDraws).to_string(),
        Some(all @ [.., last]) => {
            let file = std::path::Path::new(&last.out)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_else(|| last.out.clone());
            app.opts.lang.draws_line(
                all.len(),
                last.seed,
                last.per_office,
                last.drawn,
                &last.evaluator,
                &minutes(&last.at),
                &file,
            )
        }
    }
}

pub(crate) fn checks(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let areas = layout(area);
    block(app, title(app)).render(areas.top, buf);
    put(
        buf,
        areas.draws.x,
        areas.draws.y,
        areas.draws.width,
        &sanitize(&draws_text(app)),
        theme.dim(),
    );
    let rows = &app.checks.rows;
    let all: Vec<Shown> = rows.iter().map(|r| shown(app, r)).collect();
    let widest = |f: &dyn Fn(&Shown) -> usize, min: usize, max: usize| {
        all.iter().map(f).max().unwrap_or(0).clamp(min, max)
    };
    let finding_w = widest(&|s| width(&s.finding), 4, 16);
    let source_w = widest(&|s| width(&source_text(app, s)), 4, 40);
    let evaluator_w = widest(&|s| width(&s.evaluator), 4, 10);
    // Narrower, 时间, 核定人 and 来源 give way, in that order (the pane below shows the
    // selected row in full).
    let cols = vec![
        col(app.s(Msg::ColOffice), app.name_width(), false, 0),
        col(app.s(Msg::ColId), 4, false, 0),
        flex(app.s(Msg::ColItem), 24, 0),
        col(app.s(Msg::ColFinding), finding_w, false, 0),
        col(app.s(Msg::ColEvaluator), evaluator_w, false, 4),
        col(app.s(Msg::ColTime), 10, false, 5),
        flex(app.s(Msg::ColReason), 10, 0),
        col(app.s(Msg::ColSource), source_w, false, 3),
    ];
    // The widths the item and the source get, to cut the item's name rather than its date
    // and the source's file name rather than its hash.
    let fitted = fit(&cols, areas.list.width as usize);
    let room = |c: usize| fitted.iter().find(|(i, _)| *i == c).map_or(0, |(_, w)| *w);
    let (item_room, source_room) = (room(2), room(7));
    if rows.is_empty() {
        let why = if app.checks.filter.is_some() {
            Msg::NoFindingsFor
        } else {
            Msg::NoFindings
        };
        put(
            buf,
            areas.list.x,
            areas.list.y,
            areas.list.width,
            app.s(why),
            theme.dim(),
        );
    } else {
        let row = |i: usize| -> Vec<(String, Style)> {
            let s = &all[i];
            let finding_style = match s.holds {
                Some(false) => theme.bad(),
                _ => theme.header(),
            };
            let source_style = if s.source.is_some() {
                Style::new()
            } else {
                theme.dim()
            };
            vec![
                (s.office.clone(), Style::new()),
                (s.indicator.clone(), Style::new()),
                (
                    fit_head(&s.item, s.name.as_deref(), item_room),
                    Style::new(),
                ),
                (s.finding.clone(), finding_style),
                (s.evaluator.clone(), Style::new()),
                (s.at.chars().take(10).collect(), theme.dim()),
                (s.reason.clone(), Style::new()),
                (
                    fit_head(
                        &source_text(app, s),
                        s.source.as_deref().and_then(source_file),
                        source_room,
                    ),
                    source_style,
                ),
            ]
        };
        let l = app.checks.list;
        table(
            buf,
            areas.list,
            &cols,
            rows.len(),
            l.offset,
            Some(l.selected),
            None,
            theme,
            &row,
        );
    }
    // The lower pane: the selected row in full.
    let b = block(app, format!(" {} ", app.s(Msg::Details)));
    let text_area = b.inner(areas.pane);
    b.render(areas.pane, buf);
    let Some((r, s)) = rows
        .get(app.checks.list.selected)
        .map(|r| (r, &all[app.checks.list.selected]))
    else {
        return;
    };
    let lang = app.opts.lang;
    let title = r
        .indicator
        .and_then(|k| app.data.set.indicators.get(k))
        .map(|i| i.title.as_str())
        .unwrap_or_default();
    let mut head = format!("{} {} {title}", s.office, s.indicator);
    if !s.item.is_empty() {
        head.push_str(&format!(" · {}", s.item));
    }
    let finding_style = match s.holds {
        Some(false) => theme.bad(),
        _ => Style::new(),
    };
    let lines = vec![
        (head, theme.header()),
        (
            format!("{}  {} {}", s.finding, s.evaluator, s.at),
            finding_style,
        ),
        (
            lang.labelled(app.s(Msg::ColReason), &s.reason),
            Style::new(),
        ),
        (
            lang.labelled(app.s(Msg::ColSource), &source_text(app, s)),
            theme.dim(),
        ),
    ];
    wrap_lines(buf, text_area, &lines);
}

/// Where a row sorts: office (registry order, then name), indicator (set order, then id),
/// the decision before the indicator row's check before the items' (by key).
type SortKey<'a> = (usize, &'a str, usize, &'a str, u8, &'a str);

impl App {
    /// Rebuilds the view's rows from the report's decisions and checks, in the filter:
    /// by office (registry order), indicator (set order), then the decision, the indicator
    /// row's check and the items' checks (by key).
    pub(crate) fn derive_checks(&mut self) {
        let (reg, set) = (&self.data.registry, &self.data.set);
        let query = match &self.checks.filter {
            Some(ChecksFilter::Text(q)) => fold(q),
            _ => String::new(),
        };
        let keep = |o: Option<usize>, name: &str| match &self.checks.filter {
            None => true,
            Some(ChecksFilter::Office(x)) => o == Some(*x),
            Some(ChecksFilter::Text(_)) => match o {
                Some(o) => self.office_matches(o, &query),
                None => fold(name).contains(&query),
            },
        };
        let ind_of = |id: &str| set.indicators.iter().position(|i| i.id == id);
        let mut keyed: Vec<(CheckRow, SortKey)> = Vec::new();
        for (i, d) in self.report.decisions.iter().enumerate() {
            let o = reg.find_exact(&d.office);
            if keep(o, &d.office) {
                let k = ind_of(&d.indicator);
                let key = (
                    o.unwrap_or(usize::MAX),
                    d.office.as_str(),
                    k.unwrap_or(usize::MAX),
                    d.indicator.as_str(),
                    0,
                    "",
                );
                keyed.push((
                    CheckRow {
                        office: o,
                        indicator: k,
                        entry: Entry::Decision(i),
                    },
                    key,
                ));
            }
        }
        for (i, c) in self.report.decisions.checks().iter().enumerate() {
            let o = reg.find_exact(&c.office);
            if keep(o, &c.office) {
                let k = ind_of(&c.indicator);
                let key = (
                    o.unwrap_or(usize::MAX),
                    c.office.as_str(),
                    k.unwrap_or(usize::MAX),
                    c.indicator.as_str(),
                    if c.item.is_empty() { 1 } else { 2 },
                    c.item.as_str(),
                );
                keyed.push((
                    CheckRow {
                        office: o,
                        indicator: k,
                        entry: Entry::Check(i),
                    },
                    key,
                ));
            }
        }
        keyed.sort_by(|a, b| a.1.cmp(&b.1));
        let rows = keyed.into_iter().map(|(r, _)| r).collect();
        self.checks.rows = rows;
        let (len, shown) = (self.checks.rows.len(), self.list_rows(ViewId::Checks));
        self.checks.list.fit(len, shown);
    }

    /// Shows these offices only (none: every office), from the first row.
    pub(crate) fn filter_checks(&mut self, filter: Option<ChecksFilter>) {
        self.checks.filter = filter;
        self.checks.list = ListState::default();
        self.derive_checks();
    }
}

/// Entering the view from the office view: that office only, at its selected indicator
/// when it has a finding there.
pub(crate) fn enter_from_office(app: &mut App) {
    let Some(o) = app.office.office else {
        return;
    };
    let at = (app.office.mode == OfficeMode::Indicators).then_some(app.office.list.selected);
    app.filter_checks(Some(ChecksFilter::Office(o)));
    let i = at
        .and_then(|k| app.checks.rows.iter().position(|r| r.indicator == Some(k)))
        .unwrap_or(0);
    let (len, rows) = (app.checks.rows.len(), app.list_rows(ViewId::Checks));
    app.checks.list.to(i, len, rows);
}

/// `Enter`: the row's office, in its view, at the row's indicator.
pub(crate) fn enter(app: &mut App) {
    let Some(row) = app.checks.rows.get(app.checks.list.selected).cloned() else {
        return;
    };
    let Some(o) = row.office else {
        return;
    };
    app.open_office(o);
    if app.view != ViewId::Office {
        return;
    }
    if app.office.mode != OfficeMode::Indicators {
        app.office.mode = OfficeMode::Indicators;
        app.office.list = ListState::default();
    }
    if let Some(k) = row.indicator {
        let (len, rows) = (app.office_rows(), app.list_rows(ViewId::Office));
        app.office.list.to(k, len, rows);
    }
}
