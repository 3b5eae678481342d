//! The task view: the plan's tasks by mean gap, and one task's offices by lost points.

use super::ListState;
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

#[derive(Debug, Clone, Default)]
pub struct TasksState {
    pub list: ListState,
    /// The task whose offices are listed by gap, and that list's state.
    pub drill: Option<(u32, ListState)>,
}

pub(crate) fn tasks(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    if let Some((t, l)) = app.tasks.drill {
        let task = app.data.plan.task(t);
        let title = format!(
            " {} {t} {} · {} ",
            app.s(Msg::ColTask),
            task.map(|t| t.title.as_str()).unwrap_or(""),
            app.s(Msg::OfficesByGap)
        );
        let b = block(app, title);
        let inner = layout(area).list;
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
    let inner = layout(area).list;
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

impl App {
    /// Recomputes what depends on the report only (not on sorting or filtering).
    pub(crate) fn summarize(&mut self) {
        self.task_summary = self
            .data
            .plan
            .tasks
            .iter()
            .map(|t| {
                self.task_drill(t.number)
                    .into_iter()
                    .next()
                    .map(|(o, g)| (g, o))
            })
            .collect();
    }

    /// Offices ranked by their lost points on a task (most lost first), with the gap.
    pub fn task_drill(&self, task: u32) -> Vec<(usize, crate::domain::gaps::Gap)> {
        let key = task.to_string();
        let mut v: Vec<(usize, crate::domain::gaps::Gap)> = self
            .report
            .results
            .iter()
            .filter_map(|r| {
                r.gaps
                    .tasks
                    .iter()
                    .find(|g| g.key == key)
                    .map(|g| (r.office, g.clone()))
            })
            .collect();
        v.sort_by(|a, b| b.1.lost.cmp(&a.1.lost).then(a.0.cmp(&b.0)));
        v
    }
}

/// `Enter`: a task's offices by lost points, or (in that list) the selected office.
pub(crate) fn enter(app: &mut App) {
    match app.tasks.drill {
        Some((t, l)) => {
            if let Some((o, _)) = app.task_drill(t).get(l.selected) {
                app.open_office(*o);
            }
        }
        None => {
            if let Some(t) = app.data.plan.tasks.get(app.tasks.list.selected) {
                if !app.task_drill(t.number).is_empty() {
                    app.tasks.drill = Some((t.number, ListState::default()));
                }
            }
        }
    }
}
