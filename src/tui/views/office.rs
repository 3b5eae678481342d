//! The office view: one office's indicators, tasks or categories, and the selected row's detail.

use super::ListState;
use crate::tui::app::App;
use crate::tui::widgets::prelude::*;

/// Height of the office view's lower pane (with its border).
pub const OFFICE_PANE_HEIGHT: u16 = 7;

/// Where the office view draws: its bordered table pane (`top`), the summary line, the
/// table (`list`, with its header) and the lower detail pane.
pub struct OfficeLayout {
    pub top: Rect,
    pub summary: Rect,
    pub list: Rect,
    pub pane: Rect,
}

/// The office view's areas in `area` (the body between title and status bars).
pub fn layout(area: Rect) -> OfficeLayout {
    let [top, pane] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(OFFICE_PANE_HEIGHT)]).areas(area);
    let inner = top.inner(Margin::new(1, 1));
    OfficeLayout {
        top,
        // The summary, then the rank's stability (稳定性).
        summary: Rect {
            height: inner.height.min(2),
            ..inner
        },
        list: Rect::new(
            inner.x,
            inner.y + 2,
            inner.width,
            inner.height.saturating_sub(2),
        ),
        pane,
    }
}

/// Rows the view's table shows in `area` (below its header), at least one.
pub fn list_rows(area: Rect) -> usize {
    (layout(area).list.height as usize).saturating_sub(1).max(1)
}

/// What the office view's table lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OfficeMode {
    #[default]
    Indicators,
    Tasks,
    Categories,
}

#[derive(Debug, Clone, Default)]
pub struct OfficeViewState {
    /// Registry index of the office shown.
    pub office: Option<usize>,
    pub mode: OfficeMode,
    pub list: ListState,
}

/// The office's previous rank (and its change), total and 等次 when comparing (同比), for
/// the summary line: `  上年：名次 3（↑2） 96.66 优秀`.
fn previous_text(app: &App, office: usize) -> String {
    let Some(c) = app.diff.as_ref().and_then(|d| d.office(office)) else {
        return String::new();
    };
    let lang = app.opts.lang;
    let said = match &c.previous {
        None => "-".to_string(),
        Some(p) => match (p.rank, p.total) {
            (Some(rank), Some(total)) => {
                let change = match c.change {
                    crate::compare::RankChange::New => app.s(Msg::NewEntrant).to_string(),
                    ch => ch.shown(),
                };
                // The total and 等次 follow this year's, labelled before them.
                format!(
                    "{} {} {} {}",
                    app.s(Msg::Rank),
                    lang.noted(&rank.to_string(), &change),
                    fmt2(total),
                    sanitize(&p.grade_shown)
                )
            }
            _ => sanitize(&p.grade_shown),
        },
    };
    format!("  {}", lang.labelled(app.s(Msg::PrevYear), &said))
}

/// The office's rank under random weightings: median, 90 % interval and share keeping its
/// 等次, with the draws' parameters; `…` until drawn.
fn stability_line(app: &App, office: usize) -> String {
    let label = app.s(Msg::Stability);
    let Some(st) = &app.stability else {
        return format!("{label} …");
    };
    let Some(s) = st.of(office) else {
        return String::new();
    };
    let p = &st.params;
    // The seed is the set's year (README): the line names the draws and the spread.
    let note = format!(
        "{} {} ±{}",
        p.draws,
        app.s(Msg::DrawsWord),
        p.spread.normalize()
    );
    let line = format!(
        "{label}  {} {}  {} {}  {} {}",
        app.s(Msg::MedianRank),
        s.median,
        app.s(Msg::Interval90),
        crate::output::robustness::interval(s),
        app.s(Msg::KeepsGrade),
        crate::output::robustness::percent(s, p.draws),
    );
    app.opts.lang.noted(&line, &note)
}

pub(crate) fn office(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
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
    let areas = layout(area);
    let (top, pane) = (areas.top, areas.pane);
    let b = block(app, format!(" {name} · {mode} "));
    let inner = b.inner(top);
    b.render(top, buf);
    // Summary line.
    let claimed = match (r.claimed_total, r.claim_difference()) {
        (Some(c), Some(d)) => format!("  {} {}（{}）", app.s(Msg::Claimed), fmt2(c), signed(d)),
        _ => String::new(),
    };
    let summary = format!(
        "{} {}  {} {}  {} {}{}{claimed}",
        app.s(Msg::Rank),
        r.rank,
        app.s(Msg::Total),
        fmt2(r.total),
        app.s(Msg::Grade),
        grade_text(app, r),
        previous_text(app, o)
    );
    put(buf, inner.x, inner.y, inner.width, &summary, theme.header());
    put(
        buf,
        inner.x,
        inner.y + 1,
        inner.width,
        &stability_line(app, o),
        theme.dim(),
    );
    let list_area = areas.list;
    let l = app.office.list;
    // Headquarters' spot checks of this office (抽查), looked up once per frame.
    let checked = office_checks(app, o);
    match app.office.mode {
        OfficeMode::Indicators => {
            // Room for the mark of a checked claim after the id (`A1 ✓`).
            let id_w = app
                .data
                .set
                .indicators
                .iter()
                .map(|i| width(&i.id) + 2)
                .max()
                .unwrap_or(0)
                .max(4);
            let cols = vec![
                col(app.s(Msg::ColId), id_w, false, 0),
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
                // Headquarters' findings (a failed spot check) after the rule's notes.
                let mut notes = s
                    .notes
                    .iter()
                    .chain(&s.findings)
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join("；");
                if !s.errors.is_empty() {
                    notes = format!("⚠ {}", s.errors[0].message);
                }
                let decision = app.report.decision(&app.data, o, &ind.id);
                let stale = decision.is_some_and(|d| app.report.is_stale(o, d));
                if stale {
                    notes = format!("⚠ {}", app.s(Msg::Stale));
                } else if let Some(d) = decision {
                    let lang = app.opts.lang;
                    // A count decided (核查数量) says the count: the score is the rule's.
                    let label = match &d.value {
                        crate::domain::decision::Decided::Count(n) => {
                            format!("{} {n}", app.s(Msg::CountDecided))
                        }
                        _ => app.s(Msg::DecisionNote).to_string(),
                    };
                    notes = lang.labelled(&label, &lang.noted(&d.reason, &d.evaluator));
                }
                // The items checked go first: `抽查 ✓3 ✗1`.
                let counts = item_counts(app, &checked, &ind.id);
                if !counts.is_empty() && s.errors.is_empty() && !stale {
                    notes = [counts, notes]
                        .into_iter()
                        .filter(|n| !n.is_empty())
                        .collect::<Vec<_>>()
                        .join("；");
                }
                // A checked claim: its mark after the id.
                let id = match checked
                    .iter()
                    .find(|c| c.indicator == ind.id && c.item.is_empty())
                {
                    Some(c) if c.result.holds() => (
                        format!("{} {}", ind.id, check_mark(app, true)),
                        Style::new(),
                    ),
                    Some(_) => (
                        format!("{} {}", ind.id, check_mark(app, false)),
                        theme.bad(),
                    ),
                    None => (ind.id.clone(), Style::new()),
                };
                let decided = match (s.decided, stale) {
                    (Some(v), true) => (format!("!{}", fmt2(v)), theme.bad()),
                    (Some(v), false) => (fmt2(v), theme.header()),
                    (None, _) => (String::new(), Style::new()),
                };
                if matches!(ind.rule, crate::domain::indicators::Rule::Veto) {
                    let mut v = veto_row(
                        app,
                        ind,
                        s,
                        decision.and_then(|d| d.value.veto()),
                        stale,
                        notes,
                        theme,
                    );
                    v[0] = id;
                    return v;
                }
                let claim_style = if s.claim_differs() {
                    theme.bad()
                } else {
                    theme.dim()
                };
                vec![
                    id,
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
            // What headquarters' spot checks found: the claim, then each item checked.
            let lang = app.opts.lang;
            for c in checked.iter().filter(|c| c.indicator == s.id) {
                let what = if c.item.is_empty() {
                    app.s(Msg::SpotChecked).to_string()
                } else {
                    crate::domain::checks::item_shown(&c.item)
                };
                let found = lang.labelled(
                    &format!("{} {what}", check_mark(app, c.result.holds())),
                    app.s(super::checks::result_msg(c.result)),
                );
                lines.push((
                    lang.noted(&found, &c.reason),
                    if c.result.holds() {
                        Style::new()
                    } else {
                        theme.bad()
                    },
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

/// The office view's row of a veto indicator: no points, but 是 / 否 as the office
/// reported it, as headquarters decided it, and the one that counts.
pub(crate) fn veto_row(
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

pub(crate) fn category_bars(
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

/// The spot-check results of an office (by registry index), in the store's order.
fn office_checks(app: &App, office: usize) -> Vec<&crate::domain::checks::Check> {
    let name = &app.data.registry.offices[office].name;
    app.report
        .decisions
        .checks()
        .iter()
        .filter(|c| c.office == *name)
        .collect()
}

/// `抽查 ✓3 ✗1`: how many of an indicator's checked items held and how many did not
/// (empty when none was checked).
fn item_counts(app: &App, checked: &[&crate::domain::checks::Check], indicator: &str) -> String {
    let items = checked
        .iter()
        .filter(|c| c.indicator == indicator && !c.item.is_empty());
    let (held, failed) = items.fold((0, 0), |(h, f), c| {
        if c.result.holds() {
            (h + 1, f)
        } else {
            (h, f + 1)
        }
    });
    let mut parts = vec![app.s(Msg::SpotChecked).to_string()];
    if held > 0 {
        parts.push(format!("{}{held}", check_mark(app, true)));
    }
    if failed > 0 {
        parts.push(format!("{}{failed}", check_mark(app, false)));
    }
    if parts.len() == 1 {
        return String::new();
    }
    parts.join(" ")
}

impl App {
    pub fn office_rows(&self) -> usize {
        let Some(r) = self.office.office.and_then(|o| self.result_of(o)) else {
            return 0;
        };
        match self.office.mode {
            OfficeMode::Indicators => r.indicators.len(),
            OfficeMode::Tasks => r.gaps.tasks.len(),
            OfficeMode::Categories => r.gaps.categories.len(),
        }
    }

    /// Moves the office view to the previous/next office in rank order.
    pub(crate) fn step_office(&mut self, delta: isize) {
        let order: Vec<usize> = self.report.results.iter().map(|r| r.office).collect();
        if order.is_empty() {
            return;
        }
        let at = self
            .office
            .office
            .and_then(|o| order.iter().position(|x| *x == o))
            .unwrap_or(0) as isize;
        let next = (at + delta).clamp(0, order.len() as isize - 1) as usize;
        self.office.office = Some(order[next]);
        let (len, rows) = (self.office_rows(), self.list_rows(ViewId::Office));
        self.office.list.fit(len, rows);
    }

    /// The office and indicator of the selected row of the office view (indicators mode).
    pub fn selected_indicator(&self) -> Option<(usize, String)> {
        if self.view != ViewId::Office || self.office.mode != OfficeMode::Indicators {
            return None;
        }
        let o = self.office.office?;
        self.result_of(o)?;
        let ind = self.data.set.indicators.get(self.office.list.selected)?;
        Some((o, ind.id.clone()))
    }
}

/// `m`: indicators → tasks → categories.
pub(crate) fn toggle_mode(app: &mut App) {
    app.office.mode = match app.office.mode {
        OfficeMode::Indicators => OfficeMode::Tasks,
        OfficeMode::Tasks => OfficeMode::Categories,
        OfficeMode::Categories => OfficeMode::Indicators,
    };
    app.office.list = ListState::default();
}
