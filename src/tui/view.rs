//! Drawing: a pure view of the state. Every width is measured in terminal cells, every text
//! from a return is sanitized, and columns are dropped by priority to fit the width.

use super::action::{hints, Scope, ViewId, BINDINGS};
use super::app::{App, MatrixMode, OfficeMode, RankCol, RowStatus, SortDir};
use super::strings::Msg;
use crate::domain::points::{fmt2, Decimal};
use crate::import::{FileStatus, Severity};
use crate::text::{pad_left, pad_right, sanitize, truncate, width};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::widgets::{Block, Clear, Widget};
use ratatui::Frame;

/// Height of the office view's lower pane (with its border).
pub const OFFICE_PANE_HEIGHT: u16 = 7;
/// Height of the import view's lower pane (with its border).
pub const IMPORT_PANE_HEIGHT: u16 = 7;

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

struct Theme {
    color: bool,
}

impl Theme {
    fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }
    /// A score rate: high, middle, low.
    fn rate(&self, pct: i64) -> Style {
        match pct {
            p if p >= 90 => self.fg(Color::Green),
            p if p >= 60 => self.fg(Color::Yellow),
            _ => self.fg(Color::Red),
        }
    }
    fn bad(&self) -> Style {
        self.fg(Color::Red)
    }
}

/// A table column: its title, width in cells, alignment, and how early it is dropped when
/// the width is short (0 = never; higher numbers go first). A `flex` column takes what is
/// left.
struct Column {
    title: String,
    width: usize,
    right: bool,
    drop: u8,
    flex: bool,
}

fn col(title: &str, width: usize, right: bool, drop: u8) -> Column {
    Column {
        title: title.to_string(),
        width: width.max(crate::text::width(title)),
        right,
        drop,
        flex: false,
    }
}

fn flex(title: &str, min: usize, drop: u8) -> Column {
    Column {
        title: title.to_string(),
        width: min,
        right: false,
        drop,
        flex: true,
    }
}

/// Which columns fit `avail` cells (one space between columns), and their widths.
fn fit(cols: &[Column], avail: usize) -> Vec<(usize, usize)> {
    let mut keep: Vec<usize> = (0..cols.len()).collect();
    let need = |keep: &[usize]| {
        keep.iter().map(|&i| cols[i].width).sum::<usize>() + keep.len().saturating_sub(1)
    };
    while need(&keep) > avail {
        // Drop the highest `drop`, the rightmost first.
        let Some(pos) = keep
            .iter()
            .enumerate()
            .filter(|(_, &i)| cols[i].drop > 0)
            .max_by_key(|(p, &i)| (cols[i].drop, *p))
            .map(|(p, _)| p)
        else {
            break;
        };
        keep.remove(pos);
    }
    let spare = avail.saturating_sub(need(&keep));
    let flexes = keep.iter().filter(|&&i| cols[i].flex).count();
    let mut out = Vec::new();
    let mut left = spare;
    let mut seen = 0;
    for &i in &keep {
        let mut w = cols[i].width;
        if cols[i].flex {
            seen += 1;
            let extra = if seen == flexes {
                left
            } else {
                spare / flexes.max(1)
            };
            w += extra;
            left -= extra;
        }
        out.push((i, w));
    }
    out
}

fn cell(text: &str, w: usize, right: bool) -> String {
    if right {
        pad_left(text, w)
    } else {
        pad_right(text, w)
    }
}

/// Writes a line of cells at (x, y).
fn put(buf: &mut Buffer, x: u16, y: u16, w: u16, text: &str, style: Style) {
    let a = buf.area;
    if y < a.y || y >= a.bottom() || x < a.x || x >= a.right() {
        return;
    }
    let w = w.min(a.right() - x) as usize;
    let t = truncate(text, w);
    buf.set_stringn(x, y, &t, w, style);
}

/// Draws a table: header, then `rows` from `offset`. `row(i)` gives each cell's text and
/// style; `selected` is reverse video; `mark_col` underlines one column's header.
#[allow(clippy::too_many_arguments)]
fn table(
    buf: &mut Buffer,
    area: Rect,
    cols: &[Column],
    len: usize,
    offset: usize,
    selected: Option<usize>,
    mark_col: Option<usize>,
    theme: &Theme,
    row: &dyn Fn(usize) -> Vec<(String, Style)>,
) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let layout = fit(cols, area.width as usize);
    let mut x = area.x;
    for &(i, w) in &layout {
        let mut style = theme.header();
        if mark_col == Some(i) {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        put(
            buf,
            x,
            area.y,
            w as u16,
            &cell(&cols[i].title, w, cols[i].right),
            style,
        );
        x += w as u16 + 1;
    }
    for (line, r) in (offset..len).take(area.height as usize - 1).enumerate() {
        let y = area.y + 1 + line as u16;
        let cells = row(r);
        let sel = selected == Some(r);
        if sel {
            buf.set_style(Rect::new(area.x, y, area.width, 1), theme.selected());
        }
        let mut x = area.x;
        for &(i, w) in &layout {
            let (text, mut style) = cells.get(i).cloned().unwrap_or_default();
            if sel {
                style = style.patch(theme.selected());
            }
            put(
                buf,
                x,
                y,
                w as u16,
                &cell(&sanitize(&text), w, cols[i].right),
                style,
            );
            x += w as u16 + 1;
        }
    }
}

fn block<'a>(app: &App, title: String) -> Block<'a> {
    let b = Block::bordered().title(title);
    if app.opts.ascii {
        b.border_set(ASCII_BORDER)
    } else {
        b
    }
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    render(buf, area, app);
}

/// Renders into a buffer (what `draw` does, usable without a terminal).
pub fn render(buf: &mut Buffer, area: Rect, app: &App) {
    let theme = Theme {
        color: app.opts.color,
    };
    let area = area.intersection(buf.area);
    if area.width < 20 || area.height < 6 {
        // Too small for any view: say so rather than draw garbage.
        for (i, line) in ["kaoping", "窗口太小", "window too small"]
            .iter()
            .enumerate()
        {
            put(
                buf,
                area.x,
                area.y + i as u16,
                area.width,
                line,
                theme.header(),
            );
        }
        return;
    }
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    title_bar(buf, top, app, &theme);
    match app.view {
        ViewId::Ranking => ranking(buf, body, app, &theme),
        ViewId::Office => office(buf, body, app, &theme),
        ViewId::Tasks => tasks(buf, body, app, &theme),
        ViewId::Matrix => matrix(buf, body, app, &theme),
        ViewId::Import => import(buf, body, app, &theme),
    }
    status_bar(buf, bottom, app, &theme);
    if app.help {
        help(buf, area, app, &theme);
    }
    if let Some(h) = &app.history {
        history(buf, area, app, h, &theme);
    }
    if app.form.is_some() {
        form(buf, area, app, &theme);
    }
}

fn view_name(app: &App, v: ViewId) -> &'static str {
    app.s(match v {
        ViewId::Ranking => Msg::ViewRanking,
        ViewId::Office => Msg::ViewOffice,
        ViewId::Tasks => Msg::ViewTasks,
        ViewId::Matrix => Msg::ViewMatrix,
        ViewId::Import => Msg::ViewImport,
    })
}

fn title_bar(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let mut x = area.x;
    let end = area.x + area.width;
    let app_name = format!(" {} ", app.s(Msg::AppTitle));
    put(buf, x, area.y, end - x, &app_name, theme.header());
    x += width(&app_name) as u16;
    for (i, v) in ViewId::ALL.iter().enumerate() {
        let label = format!(" {}{} ", i + 1, view_name(app, *v));
        if x >= end {
            return;
        }
        let style = if *v == app.view {
            theme.selected()
        } else {
            Style::new()
        };
        put(buf, x, area.y, end - x, &label, style);
        x += width(&label) as u16;
    }
    if app.read_only && x + 2 < end {
        let ro = format!("[{}]", app.s(Msg::ReadOnlyTag));
        put(buf, x + 1, area.y, end - x - 1, &ro, theme.bad());
        x += width(&ro) as u16 + 1;
    }
    if x + 2 < end {
        put(
            buf,
            x + 2,
            area.y,
            end - x - 2,
            &app.data.set.name,
            theme.dim(),
        );
    }
}

fn status_bar(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let text = if let Some(t) = &app.typing {
        format!("{}{}█", app.s(Msg::SearchPrompt), sanitize(t))
    } else if let Some(m) = &app.message {
        sanitize(m)
    } else {
        hints(app.view, app.opts.lang)
            .iter()
            .map(|(k, t)| format!("{k} {t}"))
            .collect::<Vec<_>>()
            .join("  ")
    };
    let style = if app.message.is_some() && app.typing.is_none() {
        theme.header()
    } else {
        theme.dim()
    };
    put(buf, area.x, area.y, area.width, &text, style);
}

fn grade_text(app: &App, r: &crate::domain::assessment::OfficeResult) -> String {
    r.grade_shown(&app.data.set)
}

/// The office view's row of a veto indicator: no points, but 是 / 否 as the office
/// reported it, as headquarters decided it, and the one that counts.
fn veto_row(
    app: &App,
    ind: &crate::domain::indicators::Indicator,
    s: &crate::domain::scoring::IndicatorScore,
    decided: Option<bool>,
    stale: bool,
    notes: String,
    theme: &Theme,
) -> Vec<(String, Style)> {
    let lang = app.opts.lang;
    let counts = decided.unwrap_or(s.veto);
    let decided = match (decided, stale) {
        (Some(v), true) => (format!("!{}", lang.yes_no(v)), theme.bad()),
        (Some(v), false) => (lang.yes_no(v).to_string(), theme.header()),
        (None, _) => (String::new(), Style::new()),
    };
    vec![
        (ind.id.clone(), Style::new()),
        (ind.title.clone(), Style::new()),
        ("—".into(), theme.dim()),
        (lang.yes_no(s.veto).to_string(), Style::new()),
        (String::new(), Style::new()),
        decided,
        (
            lang.yes_no(counts).to_string(),
            if counts { theme.bad() } else { theme.header() },
        ),
        (String::new(), Style::new()),
        (
            notes,
            if s.errors.is_empty() {
                theme.dim()
            } else {
                theme.bad()
            },
        ),
    ]
}

fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", fmt2(d))
    } else {
        fmt2(d)
    }
}

fn ranking(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
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
    let b = block(app, title);
    let inner = b.inner(area);
    b.render(area, buf);
    let columns = app.rank_columns();
    let cols: Vec<Column> = columns
        .iter()
        .map(|c| match c {
            RankCol::Rank => col(app.s(Msg::ColRank), 4, true, 0),
            RankCol::Office => col(app.s(Msg::ColOffice), app.name_width(), false, 0),
            RankCol::Total => col(app.s(Msg::ColTotal), 6, true, 0),
            RankCol::Grade => {
                // As wide as the widest grade shown (良好（一票否决）).
                let w = app
                    .report
                    .results
                    .iter()
                    .map(|r| width(&grade_text(app, r)));
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
            RankCol::Claimed => col(app.s(Msg::ColClaimed), 6, true, 3),
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
            let mut v = vec![("-".to_string(), theme.dim()), (name, Style::new())];
            v.resize(columns.len() - 1, (String::new(), Style::new()));
            v.push(status);
            return v;
        };
        columns
            .iter()
            .map(|c| match c {
                RankCol::Rank => (r.rank.to_string(), Style::new()),
                RankCol::Office => (name.clone(), Style::new()),
                RankCol::Total => (fmt2(r.total), theme.header()),
                RankCol::Grade => (
                    grade_text(app, r),
                    if r.veto { theme.bad() } else { Style::new() },
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

fn rank_col_title(app: &App, c: RankCol) -> String {
    match c {
        RankCol::Rank => app.s(Msg::ColRank).into(),
        RankCol::Office => app.s(Msg::ColOffice).into(),
        RankCol::Total => app.s(Msg::ColTotal).into(),
        RankCol::Grade => app.s(Msg::ColGrade).into(),
        RankCol::Cat(i) => app.data.set.categories[i].id.clone(),
        RankCol::Claimed => app.s(Msg::ColClaimed).into(),
        RankCol::Diff => app.s(Msg::ColDiff).into(),
        RankCol::Status => app.s(Msg::ColStatus).into(),
    }
}

fn office(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let Some((o, r)) = app
        .office
        .office
        .and_then(|o| app.result_of(o).map(|r| (o, r)))
    else {
        let b = block(app, format!(" {} ", app.s(Msg::ViewOffice)));
        let inner = b.inner(area);
        b.render(area, buf);
        put(
            buf,
            inner.x,
            inner.y,
            inner.width,
            app.s(Msg::NoOffice),
            theme.dim(),
        );
        return;
    };
    let name = &app.data.registry.offices[o].name;
    let mode = app.s(match app.office.mode {
        OfficeMode::Indicators => Msg::ModeIndicators,
        OfficeMode::Tasks => Msg::ModeTasks,
        OfficeMode::Categories => Msg::ModeCategories,
    });
    let [top, pane] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(OFFICE_PANE_HEIGHT)]).areas(area);
    let b = block(app, format!(" {name} · {mode} "));
    let inner = b.inner(top);
    b.render(top, buf);
    // Summary line.
    let claimed = match (r.claimed_total, r.claim_difference()) {
        (Some(c), Some(d)) => format!("  {} {}（{}）", app.s(Msg::Claimed), fmt2(c), signed(d)),
        _ => String::new(),
    };
    let summary = format!(
        "{} {}  {} {}  {} {}{claimed}",
        app.s(Msg::Rank),
        r.rank,
        app.s(Msg::Total),
        fmt2(r.total),
        app.s(Msg::Grade),
        grade_text(app, r)
    );
    put(buf, inner.x, inner.y, inner.width, &summary, theme.header());
    let list_area = Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    );
    let l = app.office.list;
    match app.office.mode {
        OfficeMode::Indicators => {
            let cols = vec![
                col(app.s(Msg::ColId), 4, false, 0),
                flex(app.s(Msg::ColTitle), 10, 0),
                col(app.s(Msg::ColPoints), 5, true, 3),
                col(app.s(Msg::ColComputed), 6, true, 0),
                col(app.s(Msg::ColClaimed), 6, true, 2),
                col(app.s(Msg::ColDecided), 7, true, 0),
                col(app.s(Msg::ColUsed), 6, true, 4),
                col(app.s(Msg::ColLost), 6, true, 1),
                flex(app.s(Msg::ColNotes), 8, 5),
            ];
            let row = |i: usize| -> Vec<(String, Style)> {
                let ind = &app.data.set.indicators[i];
                let s = &r.indicators[i];
                let bonus =
                    app.data.set.kind_of(ind) != crate::domain::indicators::CategoryKind::Base;
                let mut notes = s.notes.join("；");
                if !s.errors.is_empty() {
                    notes = format!("⚠ {}", s.errors[0].message);
                }
                let decision = app.report.decision(&app.data, o, &ind.id);
                let stale = decision.is_some_and(|d| app.report.is_stale(o, d));
                if stale {
                    notes = format!("⚠ {}", app.s(Msg::Stale));
                } else if let Some(d) = decision {
                    let lang = app.opts.lang;
                    notes = lang.labelled(
                        app.s(Msg::DecisionNote),
                        &lang.noted(&d.reason, &d.evaluator),
                    );
                }
                let decided = match (s.decided, stale) {
                    (Some(v), true) => (format!("!{}", fmt2(v)), theme.bad()),
                    (Some(v), false) => (fmt2(v), theme.header()),
                    (None, _) => (String::new(), Style::new()),
                };
                if matches!(ind.rule, crate::domain::indicators::Rule::Veto) {
                    return veto_row(
                        app,
                        ind,
                        s,
                        decision.and_then(|d| d.value.veto()),
                        stale,
                        notes,
                        theme,
                    );
                }
                let claim_style = if s.claim_differs() {
                    theme.bad()
                } else {
                    theme.dim()
                };
                vec![
                    (ind.id.clone(), Style::new()),
                    (ind.title.clone(), Style::new()),
                    (
                        if ind.points.is_zero() {
                            "—".into()
                        } else {
                            fmt2(ind.points)
                        },
                        theme.dim(),
                    ),
                    (fmt2(s.computed), Style::new()),
                    (s.claimed.map(fmt2).unwrap_or_default(), claim_style),
                    decided,
                    (fmt2(s.used()), theme.header()),
                    (
                        if bonus {
                            String::new()
                        } else {
                            fmt2(ind.points - s.used())
                        },
                        Style::new(),
                    ),
                    (
                        notes,
                        if s.errors.is_empty() {
                            theme.dim()
                        } else {
                            theme.bad()
                        },
                    ),
                ]
            };
            table(
                buf,
                list_area,
                &cols,
                r.indicators.len(),
                l.offset,
                Some(l.selected),
                None,
                theme,
                &row,
            );
        }
        OfficeMode::Tasks | OfficeMode::Categories => {
            let gaps = if app.office.mode == OfficeMode::Tasks {
                &r.gaps.tasks
            } else {
                &r.gaps.categories
            };
            let first = if app.office.mode == OfficeMode::Tasks {
                Msg::ColTask
            } else {
                Msg::ColId
            };
            let cols = vec![
                col(app.s(first), 4, true, 0),
                flex(app.s(Msg::ColName), 8, 0),
                col(app.s(Msg::ColScore), 6, true, 0),
                col(app.s(Msg::ColPoints), 6, true, 3),
                col(app.s(Msg::ColLost), 6, true, 0),
                col(app.s(Msg::ColBest), 6, true, 2),
                col(app.s(Msg::ColMean), 6, true, 1),
                col(app.s(Msg::ColVsMean), 6, true, 1),
            ];
            let row = |i: usize| -> Vec<(String, Style)> {
                let g = &gaps[i];
                let title = if app.office.mode == OfficeMode::Tasks {
                    g.key
                        .parse()
                        .ok()
                        .and_then(|n| app.data.plan.task(n))
                        .map(|t| t.title.clone())
                        .unwrap_or_default()
                } else {
                    app.data
                        .set
                        .category(&g.key)
                        .map(|c| c.name.clone())
                        .unwrap_or_default()
                };
                let vs = if g.vs_mean < Decimal::ZERO {
                    theme.bad()
                } else {
                    Style::new()
                };
                vec![
                    (g.key.clone(), Style::new()),
                    (title, Style::new()),
                    (fmt2(g.score), theme.header()),
                    (fmt2(g.max), theme.dim()),
                    (g.lost.map(fmt2).unwrap_or_default(), Style::new()),
                    (fmt2(g.best), Style::new()),
                    (fmt2(g.mean), Style::new()),
                    (signed(g.vs_mean), vs),
                ]
            };
            table(
                buf,
                list_area,
                &cols,
                gaps.len(),
                l.offset,
                Some(l.selected),
                None,
                theme,
                &row,
            );
        }
    }
    // The lower pane: the selected row's text, and the category bars.
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(pane);
    let pane_title = if app.office.mode == OfficeMode::Indicators {
        Msg::SelfNote
    } else {
        Msg::ColNotes
    };
    let b = block(app, format!(" {} ", app.s(pane_title)));
    let text_area = b.inner(left);
    b.render(left, buf);
    let mut lines: Vec<(String, Style)> = Vec::new();
    if app.office.mode == OfficeMode::Tasks {
        let task = r
            .gaps
            .tasks
            .get(l.selected)
            .and_then(|g| g.key.parse().ok())
            .and_then(|n| app.data.plan.task(n));
        if let Some(t) = task {
            lines.push((
                format!("{}（{}）{}", t.number, t.section, t.title),
                theme.header(),
            ));
            lines.push((t.units.join("、"), Style::new()));
            lines.push((t.deadline_text.clone(), theme.dim()));
        }
    } else if app.office.mode == OfficeMode::Categories {
        if let Some(c) = r
            .gaps
            .categories
            .get(l.selected)
            .and_then(|g| app.data.set.category(&g.key))
        {
            lines.push((
                format!("{} {}（{}）", c.id, c.name, fmt2(c.max)),
                theme.header(),
            ));
            for ind in app
                .data
                .set
                .indicators
                .iter()
                .filter(|i| i.category == c.id)
            {
                lines.push((format!("{} {}", ind.id, ind.title), Style::new()));
            }
        }
    } else {
        if let Some(s) = r.indicators.get(l.selected) {
            for e in &s.errors {
                lines.push((
                    format!("⚠ {} {}", e.at.clone().unwrap_or_default(), e.message),
                    theme.bad(),
                ));
            }
            for w in &s.warnings {
                lines.push((
                    format!("! {} {}", w.at.clone().unwrap_or_default(), w.message),
                    theme.bad(),
                ));
            }
            if !s.note.is_empty() {
                lines.push((s.note.clone(), Style::new()));
            }
            if !s.evidence.is_empty() {
                lines.push((
                    format!("{}：{}", app.s(Msg::Evidence), s.evidence),
                    theme.dim(),
                ));
            }
            if !s.notes.is_empty() {
                lines.push((s.notes.join("；"), theme.dim()));
            }
        }
    }
    wrap_lines(buf, text_area, &lines);
    let b = block(app, format!(" {} ", app.s(Msg::CategoryBars)));
    let bars = b.inner(right);
    b.render(right, buf);
    category_bars(buf, bars, app, r, theme);
}

/// Writes lines, wrapping each at the area's width (in cells), as many as fit.
fn wrap_lines(buf: &mut Buffer, area: Rect, lines: &[(String, Style)]) {
    let w = area.width as usize;
    if w == 0 {
        return;
    }
    let mut y = area.y;
    for (text, style) in lines {
        let mut rest = sanitize(text);
        while !rest.is_empty() {
            if y >= area.y + area.height {
                return;
            }
            let mut piece = String::new();
            let mut used = 0;
            let mut cut = rest.len();
            for (i, c) in rest.char_indices() {
                let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if used + cw > w {
                    cut = i;
                    break;
                }
                used += cw;
                piece.push(c);
            }
            buf.set_stringn(area.x, y, &piece, w, *style);
            rest = rest[cut..].to_string();
            y += 1;
        }
    }
}

fn rate_pct(score: Decimal, max: Decimal) -> i64 {
    if max.is_zero() {
        return 100;
    }
    crate::domain::points::mul_ratio(Decimal::from(100), score, max)
        .round()
        .try_into()
        .unwrap_or(0)
}

fn category_bars(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    r: &crate::domain::assessment::OfficeResult,
    theme: &Theme,
) {
    let label_w = 2usize;
    let pct_w = 5usize;
    let bar_w = (area.width as usize).saturating_sub(label_w + pct_w + 2);
    for (i, g) in r
        .gaps
        .categories
        .iter()
        .enumerate()
        .take(area.height as usize)
    {
        let y = area.y + i as u16;
        let pct = rate_pct(g.score, g.max).clamp(0, 100);
        let mean = rate_pct(g.mean, g.max).clamp(0, 100);
        let filled = (pct as usize * bar_w).div_ceil(100).min(bar_w);
        let mean_at = ((mean as usize * bar_w) / 100).min(bar_w.saturating_sub(1));
        let mut bar: Vec<char> = (0..bar_w)
            .map(|k| if k < filled { '█' } else { '·' })
            .collect();
        if bar_w > 0 {
            bar[mean_at] = '|';
        }
        let bar: String = bar.into_iter().collect();
        put(buf, area.x, y, label_w as u16, &g.key, theme.header());
        put(
            buf,
            area.x + label_w as u16 + 1,
            y,
            bar_w as u16,
            &bar,
            theme.rate(pct),
        );
        let p = pad_left(&format!("{pct}%"), pct_w);
        put(
            buf,
            area.x + (label_w + 1 + bar_w + 1) as u16,
            y,
            pct_w as u16,
            &p,
            Style::new(),
        );
    }
    let _ = app;
}

fn tasks(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    if let Some((t, l)) = app.tasks.drill {
        let task = app.data.plan.task(t);
        let title = format!(
            " {} {t} {} · {} ",
            app.s(Msg::ColTask),
            task.map(|t| t.title.as_str()).unwrap_or(""),
            app.s(Msg::OfficesByGap)
        );
        let b = block(app, title);
        let inner = b.inner(area);
        b.render(area, buf);
        let list = app.task_drill(t);
        let cols = vec![
            col(app.s(Msg::ColOffice), app.name_width(), false, 0),
            col(app.s(Msg::ColScore), 6, true, 0),
            col(app.s(Msg::ColPoints), 6, true, 2),
            col(app.s(Msg::ColLost), 6, true, 0),
            col(app.s(Msg::ColBest), 6, true, 3),
            col(app.s(Msg::ColVsMean), 7, true, 1),
        ];
        let row = |i: usize| -> Vec<(String, Style)> {
            let (o, g) = &list[i];
            vec![
                (app.data.registry.offices[*o].name.clone(), Style::new()),
                (fmt2(g.score), theme.header()),
                (fmt2(g.max), theme.dim()),
                (
                    g.lost.map(fmt2).unwrap_or_default(),
                    theme.rate(rate_pct(g.score, g.max)),
                ),
                (fmt2(g.best), Style::new()),
                (
                    signed(g.vs_mean),
                    if g.vs_mean < Decimal::ZERO {
                        theme.bad()
                    } else {
                        Style::new()
                    },
                ),
            ]
        };
        table(
            buf,
            inner,
            &cols,
            list.len(),
            l.offset,
            Some(l.selected),
            None,
            theme,
            &row,
        );
        return;
    }
    let b = block(
        app,
        format!(" {} · {} ", app.s(Msg::ViewTasks), app.data.plan.document),
    );
    let inner = b.inner(area);
    b.render(area, buf);
    let cols = vec![
        col(app.s(Msg::ColTask), 4, true, 0),
        col(app.s(Msg::ColSection), 6, false, 4),
        flex(app.s(Msg::ColName), 12, 0),
        flex(app.s(Msg::ColUnits), 10, 5),
        col(app.s(Msg::ColDeadline), 10, false, 3),
        col(app.s(Msg::ColScope), 10, false, 0),
        col(app.s(Msg::ColMeanRate), 10, true, 1),
        col(app.s(Msg::ColMostLost), app.name_width(), false, 2),
    ];
    let row = |i: usize| -> Vec<(String, Style)> {
        let t = &app.data.plan.tasks[i];
        let (mean, most) = match app.task_summary.get(i).and_then(|s| s.as_ref()) {
            Some((g, o)) => {
                let pct = rate_pct(g.mean, g.max);
                let most = if g.lost.is_some_and(|l| l > Decimal::ZERO) {
                    app.data.registry.offices[*o].name.clone()
                } else {
                    String::new()
                };
                (format!("{pct}%"), most)
            }
            None => (String::new(), String::new()),
        };
        let scope = if t.offices {
            app.s(Msg::ScopeOffices)
        } else {
            app.s(Msg::ScopeHq)
        };
        vec![
            (t.number.to_string(), Style::new()),
            (format!("（{}）", t.section), theme.dim()),
            (t.title.clone(), Style::new()),
            (t.units.join("、"), theme.dim()),
            (t.deadline_text.clone(), Style::new()),
            (
                scope.to_string(),
                if t.offices {
                    theme.header()
                } else {
                    theme.dim()
                },
            ),
            (mean, Style::new()),
            (most, theme.bad()),
        ]
    };
    let l = app.tasks.list;
    table(
        buf,
        inner,
        &cols,
        app.data.plan.tasks.len(),
        l.offset,
        Some(l.selected),
        None,
        theme,
        &row,
    );
}

/// Cells per matrix column (a rate up to 100, and a space).
pub const MATRIX_CELL: usize = 4;

fn matrix(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let mode = app.s(match app.matrix.mode {
        MatrixMode::Indicators => Msg::ModeIndicators,
        MatrixMode::Tasks => Msg::ModeTasks,
    });
    let b = block(app, format!(" {} · {mode} ", app.s(Msg::ViewMatrix)));
    let inner = b.inner(area);
    b.render(area, buf);
    if inner.height < 3 {
        return;
    }
    let results = &app.report.results;
    let gaps_of = |r: &crate::domain::assessment::OfficeResult| -> Vec<crate::domain::gaps::Gap> {
        match app.matrix.mode {
            MatrixMode::Indicators => r.gaps.indicators.clone(),
            MatrixMode::Tasks => r.gaps.tasks.clone(),
        }
    };
    let keys: Vec<String> = results
        .first()
        .map(|r| gaps_of(r).into_iter().map(|g| g.key).collect())
        .unwrap_or_default();
    let nw = app.name_width();
    let visible = app.matrix_visible();
    let sel_col = app.matrix.col;
    let offset = matrix_offset(sel_col, app.matrix.col_offset, visible, keys.len());
    // Header.
    put(
        buf,
        inner.x,
        inner.y,
        nw as u16,
        &pad_right(app.s(Msg::ColOffice), nw),
        theme.header(),
    );
    for (k, key) in keys.iter().enumerate().skip(offset).take(visible) {
        let x = inner.x + (nw + 1 + (k - offset) * (MATRIX_CELL + 1)) as u16;
        let mut style = theme.header();
        if k == sel_col {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        put(
            buf,
            x,
            inner.y,
            MATRIX_CELL as u16,
            &pad_left(key, MATRIX_CELL),
            style,
        );
    }
    let rows_h = inner.height as usize - 2;
    let l = app.matrix.rows;
    for (line, i) in (l.offset..results.len()).take(rows_h).enumerate() {
        let y = inner.y + 1 + line as u16;
        let r = &results[i];
        let sel_row = i == l.selected;
        let name_style = if sel_row {
            theme.selected()
        } else {
            Style::new()
        };
        put(
            buf,
            inner.x,
            y,
            nw as u16,
            &pad_right(&app.data.registry.offices[r.office].name, nw),
            name_style,
        );
        let gaps = gaps_of(r);
        for (k, g) in gaps.iter().enumerate().skip(offset).take(visible) {
            let x = inner.x + (nw + 1 + (k - offset) * (MATRIX_CELL + 1)) as u16;
            let pct = rate_pct(g.score, g.max);
            let mut style = theme.rate(pct);
            if sel_row && k == sel_col {
                style = style.patch(theme.selected());
            } else if sel_row || k == sel_col {
                style = style.add_modifier(Modifier::BOLD);
            }
            put(
                buf,
                x,
                y,
                MATRIX_CELL as u16,
                &pad_left(&pct.to_string(), MATRIX_CELL),
                style,
            );
        }
    }
    let legend = format!(
        "{}  {}/{}",
        app.s(Msg::Legend),
        (sel_col + 1).min(keys.len()),
        keys.len()
    );
    put(
        buf,
        inner.x,
        inner.y + inner.height - 1,
        inner.width,
        &legend,
        theme.dim(),
    );
}

/// The first matrix column shown: the stored offset, moved just enough to show the
/// selected column.
pub fn matrix_offset(sel: usize, stored: usize, visible: usize, len: usize) -> usize {
    let mut off = stored.min(len.saturating_sub(visible));
    if sel < off {
        off = sel;
    } else if sel >= off + visible {
        off = sel + 1 - visible;
    }
    off
}

fn import(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let [top, pane] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(IMPORT_PANE_HEIGHT)]).areas(area);
    let files = &app.report.files;
    let refused = files
        .iter()
        .filter(|f| f.status != FileStatus::Imported)
        .count();
    let b = block(
        app,
        format!(
            " {} · {} · {} {} ",
            app.s(Msg::ViewImport),
            sanitize(&app.dir.display().to_string()),
            refused,
            app.s(Msg::StatusRefused)
        ),
    );
    let inner = b.inner(top);
    b.render(top, buf);
    if files.is_empty() {
        put(
            buf,
            inner.x,
            inner.y,
            inner.width,
            app.s(Msg::NoFiles),
            theme.dim(),
        );
    }
    let cols = vec![
        flex(app.s(Msg::ColFile), 12, 0),
        col(app.s(Msg::ColOffice), app.name_width(), false, 0),
        col(app.s(Msg::ColStatus), 8, false, 0),
        col(app.s(Msg::ColErrors), 4, true, 1),
        col(app.s(Msg::ColWarnings), 4, true, 2),
    ];
    let row = |i: usize| -> Vec<(String, Style)> {
        let f = &files[i];
        let name = f
            .path
            .strip_prefix(&app.dir)
            .unwrap_or(&f.path)
            .display()
            .to_string();
        let errors = f
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count();
        let warnings = f.problems.len() - errors;
        let (status, style) = match f.status {
            FileStatus::Imported => (Msg::StatusImported, Style::new()),
            FileStatus::Refused => (Msg::StatusRefused, theme.bad()),
            FileStatus::Conflict => (Msg::StatusConflict, theme.bad()),
        };
        vec![
            (name, Style::new()),
            (
                f.office
                    .map(|o| app.data.registry.offices[o].name.clone())
                    .unwrap_or_else(|| "-".into()),
                Style::new(),
            ),
            (app.s(status).to_string(), style),
            (
                errors.to_string(),
                if errors > 0 { theme.bad() } else { theme.dim() },
            ),
            (warnings.to_string(), theme.dim()),
        ]
    };
    let l = app.import;
    table(
        buf,
        inner,
        &cols,
        files.len(),
        l.offset,
        Some(l.selected),
        None,
        theme,
        &row,
    );
    let b = block(app, format!(" {} ", app.s(Msg::Problems)));
    let text = b.inner(pane);
    b.render(pane, buf);
    // A failed re-import comes first: the list above is the previous import's.
    let mut lines: Vec<(String, Style)> = app
        .import_error
        .iter()
        .map(|e| {
            let line = app.opts.lang.labelled(app.s(Msg::ReimportFailed), e);
            (format!("✗ {line}"), theme.bad())
        })
        .collect();
    if let Some(f) = files.get(l.selected) {
        lines.extend(f.problems.iter().map(|p| {
            let style = if p.severity == Severity::Error {
                theme.bad()
            } else {
                theme.dim()
            };
            match &p.at {
                Some(at) => (format!("{at}: {}", p.message), style),
                None => (p.message.clone(), style),
            }
        }));
    }
    wrap_lines(buf, text, &lines);
}

fn help(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let lang = app.opts.lang;
    let mut lines: Vec<(String, Style)> = Vec::new();
    let key_w = BINDINGS.iter().map(|b| width(b.label)).max().unwrap_or(4);
    let section = |title: &str,
                   pick: &dyn Fn(&super::action::Binding) -> bool,
                   lines: &mut Vec<(String, Style)>| {
        let items: Vec<&super::action::Binding> = BINDINGS.iter().filter(|b| pick(b)).collect();
        if items.is_empty() {
            return;
        }
        lines.push((title.to_string(), theme.header()));
        for b in items {
            lines.push((
                format!("  {} {}", pad_right(b.label, key_w), b.text(lang)),
                Style::new(),
            ));
        }
    };
    let view = app.view;
    section(
        &format!("{}（{}）", app.s(Msg::KeysView), view_name(app, view)),
        &|b| matches!(b.scope, Scope::Views(_)) && b.scope.covers(view),
        &mut lines,
    );
    section(
        app.s(Msg::KeysGlobal),
        &|b| b.scope == Scope::Global,
        &mut lines,
    );
    section(
        app.s(Msg::KeysSearch),
        &|b| b.scope == Scope::Input,
        &mut lines,
    );
    // One column if it fits the height, else as many columns as it needs.
    let avail_h = area.height.saturating_sub(4).max(1) as usize;
    let ncols = lines.len().div_ceil(avail_h).max(1);
    let rows = lines.len().div_ceil(ncols);
    let col_w = lines.iter().map(|(t, _)| width(t)).max().unwrap_or(20) + 2;
    let w = (col_w * ncols).max(width(app.s(Msg::HelpClose)) + 2) as u16 + 2;
    let w = w.min(area.width.saturating_sub(2)).max(10);
    let h = (rows as u16 + 3).min(area.height.saturating_sub(1)).max(3);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(popup, buf);
    let b = block(app, format!(" {} ", app.s(Msg::HelpTitle)));
    let inner = b.inner(popup);
    b.render(popup, buf);
    let cw = (inner.width as usize / ncols).max(1) as u16;
    for (i, (t, s)) in lines.iter().enumerate() {
        let (c, r) = (i / rows, i % rows);
        if r as u16 >= inner.height.saturating_sub(1) {
            continue;
        }
        put(
            buf,
            inner.x + 1 + c as u16 * cw,
            inner.y + r as u16,
            cw.saturating_sub(1),
            t,
            *s,
        );
    }
    put(
        buf,
        inner.x + 1,
        inner.y + inner.height - 1,
        inner.width.saturating_sub(1),
        app.s(Msg::HelpClose),
        theme.dim(),
    );
}

/// A centered popup of `w` × `h` cells, cleared, with a border; returns its inner area.
fn popup(buf: &mut Buffer, area: Rect, app: &App, title: String, w: u16, h: u16) -> Rect {
    let w = w.min(area.width.saturating_sub(2)).max(10);
    let h = h.min(area.height.saturating_sub(1)).max(3);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(r, buf);
    let b = block(app, title);
    let inner = b.inner(r);
    b.render(r, buf);
    inner
}

fn form(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let Some(f) = &app.form else { return };
    let title = match f.kind {
        super::app::FormKind::Set => app.s(Msg::FormTitle),
        super::app::FormKind::Veto => app.s(Msg::FormVetoTitle),
        super::app::FormKind::Clear => app.s(Msg::FormClearTitle),
    };
    let lang = app.opts.lang;
    let office = &app.data.registry.offices[f.office].name;
    let ind = app.data.set.indicator(&f.indicator);
    let inner = popup(
        buf,
        area,
        app,
        format!(" {title} · {office} {} ", f.indicator),
        64,
        11,
    );
    let w = inner.width;
    let mut y = inner.y;
    if let (Some(ind), Some(r)) = (ind, app.result_of(f.office)) {
        put(buf, inner.x + 1, y, w - 1, &ind.title, Style::new());
        let veto = matches!(ind.rule, crate::domain::indicators::Rule::Veto);
        if let (true, Some(s)) = (veto, r.indicators.iter().find(|s| s.id == f.indicator)) {
            // A veto: as the office reported it, and as decided now.
            let mut line = format!("{} {}", app.s(Msg::Reported), lang.yes_no(s.veto));
            if let Some(v) = app.report.decided_veto(&app.data, f.office, &f.indicator) {
                line.push_str(&format!("  {} {}", app.s(Msg::ColDecided), lang.yes_no(v)));
            }
            put(buf, inner.x + 1, y + 1, w - 1, &line, theme.dim());
        } else if let Some(s) = r.indicators.iter().find(|s| s.id == f.indicator) {
            let line = format!(
                "{} {}  {} {}  {} {}",
                app.s(Msg::ColComputed),
                fmt2(s.computed),
                app.s(Msg::ColClaimed),
                s.claimed.map(fmt2).unwrap_or_else(|| "-".into()),
                app.s(Msg::ColPoints),
                fmt2(ind.points)
            );
            put(buf, inner.x + 1, y + 1, w - 1, &line, theme.dim());
        }
    }
    y += 1;
    y += 2;
    let field = |buf: &mut Buffer, y: u16, label: &str, value: &str, active: bool| {
        let label = format!("{label}：");
        let lw = width(&label) as u16;
        put(buf, inner.x + 1, y, lw, &label, theme.header());
        let style = if active {
            theme.selected()
        } else {
            Style::new()
        };
        let shown = format!("{}{}", sanitize(value), if active { "█" } else { "" });
        let fw = w.saturating_sub(lw + 2);
        buf.set_style(
            Rect::new(inner.x + 1 + lw, y, fw, 1).intersection(buf.area),
            style,
        );
        // Show the end of a long value: that is where the cursor is.
        let tail: String = {
            let mut t = shown.clone();
            while width(&t) > fw as usize {
                t.remove(0);
            }
            t
        };
        put(buf, inner.x + 1 + lw, y, fw, &tail, style);
    };
    match f.kind {
        super::app::FormKind::Set => {
            field(buf, y, app.s(Msg::FormScore), &f.score, f.field == 0);
            y += 2;
        }
        super::app::FormKind::Veto => {
            let chosen = f.veto.map(|v| lang.yes_no(v)).unwrap_or("");
            field(buf, y, app.s(Msg::FormVeto), chosen, f.field == 0);
            y += 2;
        }
        super::app::FormKind::Clear => {}
    }
    field(buf, y, app.s(Msg::FormReason), &f.reason, f.field == 1);
    y += 2;
    if let Some(e) = &f.error {
        put(buf, inner.x + 1, y, w - 1, &format!("✗ {e}"), theme.bad());
    }
    put(
        buf,
        inner.x + 1,
        inner.y + inner.height - 1,
        w - 1,
        app.s(if f.kind == super::app::FormKind::Veto {
            Msg::FormVetoHint
        } else {
            Msg::FormHint
        }),
        theme.dim(),
    );
}

fn history(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    changes: &[crate::domain::decision::Change],
    theme: &Theme,
) {
    let office = app
        .office
        .office
        .map(|o| app.data.registry.offices[o].name.as_str())
        .unwrap_or("");
    let h = (changes.len() as u16 + 4).max(5);
    let inner = popup(
        buf,
        area,
        app,
        format!(" {} · {office} ", app.s(Msg::HistoryTitle)),
        area.width.saturating_sub(4),
        h,
    );
    if changes.is_empty() {
        put(
            buf,
            inner.x + 1,
            inner.y,
            inner.width - 1,
            app.s(Msg::NoHistory),
            theme.dim(),
        );
    }
    let rows = inner.height.saturating_sub(1) as usize;
    // Newest first.
    for (i, c) in changes.iter().rev().take(rows).enumerate() {
        // Scores, or 是 / 否 for a veto; none is the computed score, or the veto the
        // office reported.
        let lang = app.opts.lang;
        let score = |d: Option<crate::domain::decision::Decided>| match d {
            Some(crate::domain::decision::Decided::Score(v)) => fmt2(v),
            Some(crate::domain::decision::Decided::Veto(v)) => lang.yes_no(v).into(),
            None if c.is_veto() => app.s(Msg::Reported).into(),
            None => app.s(Msg::ComputedScore).into(),
        };
        let line = format!(
            "{} {} {} {} → {}  {}",
            c.at,
            c.evaluator,
            c.indicator,
            score(c.old),
            score(c.new),
            c.reason
        );
        put(
            buf,
            inner.x + 1,
            inner.y + i as u16,
            inner.width - 1,
            &sanitize(&line),
            Style::new(),
        );
    }
    put(
        buf,
        inner.x + 1,
        inner.y + inner.height - 1,
        inner.width - 1,
        app.s(Msg::HelpClose),
        theme.dim(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_drop_by_priority() {
        let cols = vec![
            col("a", 10, false, 0),
            col("b", 10, false, 2),
            col("c", 10, false, 1),
            flex("d", 5, 0),
        ];
        let f = fit(&cols, 40);
        assert_eq!(f.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 1, 2, 3]);
        assert_eq!(f.iter().map(|(_, w)| w).sum::<usize>() + 3, 40);
        let f = fit(&cols, 30);
        assert_eq!(f.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 2, 3]);
        let f = fit(&cols, 18);
        assert_eq!(f.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 3]);
    }

    #[test]
    fn matrix_scrolls_just_enough() {
        assert_eq!(matrix_offset(0, 0, 5, 20), 0);
        assert_eq!(matrix_offset(7, 0, 5, 20), 3);
        assert_eq!(matrix_offset(2, 3, 5, 20), 2);
        assert_eq!(matrix_offset(19, 0, 5, 20), 15);
    }
}
