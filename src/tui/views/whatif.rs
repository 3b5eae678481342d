//! The what-if view (模拟): the categories and indicators with their official and what-if
//! points on the left, every ranked office's official and what-if rank and 等次 on the
//! right, sorted by the what-if rank. `+` / `-` change the selected row's points by one,
//! `Enter` or `=` types a value, `b` keeps the base (rescaling the other indicators of the
//! category) or not, `0` / `Backspace` resets the row, `R` resets all, `w` writes the
//! what-if set as an indicator file. Each change scores every office again by the rules
//! ([`crate::domain::whatif`]); the official results never change.

use super::ListState;
use crate::domain::indicators::CategoryKind;
use crate::domain::whatif::{Model, Moved, Outcome, Target, WhatIf};
use crate::tui::app::{App, Effect};
use crate::tui::widgets::prelude::*;

/// Which list the moving keys move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    /// The points (left).
    #[default]
    Points,
    /// The offices (right).
    Offices,
}

/// A value being typed for a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointsInput {
    pub target: Target,
    pub text: String,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct WhatIfState {
    /// What the evaluator changed.
    pub whatif: WhatIf,
    /// Made from the report when the view is first shown, and again with every new report.
    pub model: Option<Model>,
    /// The what-if results against the official ones.
    pub outcome: Option<Outcome>,
    pub rows: ListState,
    pub offices: ListState,
    pub focus: Pane,
    pub input: Option<PointsInput>,
}

impl WhatIfState {
    pub fn new(set: &crate::domain::indicators::IndicatorSet) -> WhatIfState {
        WhatIfState {
            whatif: WhatIf::new(set),
            model: None,
            outcome: None,
            rows: ListState::default(),
            offices: ListState::default(),
            focus: Pane::Points,
            input: None,
        }
    }
}

/// The rows of points: each category that carries points, then its indicators.
pub fn targets(app: &App) -> Vec<Target> {
    let set = &app.data.set;
    let mut out = Vec::new();
    for (c, cat) in set.categories.iter().enumerate() {
        if cat.kind == CategoryKind::Veto {
            continue;
        }
        out.push(Target::Category(c));
        out.extend(
            (0..set.indicators.len())
                .filter(|&i| set.indicators[i].category == cat.id)
                .map(Target::Indicator),
        );
    }
    out
}

/// Where the view draws: the points (left) and the offices (right), each a border with a
/// table (header and rows) and a line below it.
pub struct ViewLayout {
    pub points: Rect,
    pub offices: Rect,
}

pub fn layout(area: Rect) -> ViewLayout {
    let left = (area.width * 2 / 5).clamp(30.min(area.width), 60);
    let [points, offices] =
        Layout::horizontal([Constraint::Length(left), Constraint::Min(1)]).areas(area);
    ViewLayout { points, offices }
}

/// A pane's table (header and rows) and its line below.
fn inside(pane: Rect) -> (Rect, Rect) {
    let inner = pane.inner(Margin::new(1, 1));
    let table = Rect::new(
        inner.x,
        inner.y,
        inner.width,
        inner.height.saturating_sub(1),
    );
    let foot = Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1);
    (table, foot)
}

/// Rows each pane's table shows in `area` (below its header), at least one.
pub fn list_rows(area: Rect) -> usize {
    (inside(layout(area).points).0.height as usize)
        .saturating_sub(1)
        .max(1)
}

impl App {
    /// Rows of the list the moving keys move.
    pub(crate) fn whatif_len(&self) -> usize {
        match self.whatif.focus {
            Pane::Points => targets(self).len(),
            Pane::Offices => self.whatif.outcome.as_ref().map_or(0, |o| o.moves.len()),
        }
    }

    pub(crate) fn whatif_list_mut(&mut self) -> &mut ListState {
        match self.whatif.focus {
            Pane::Points => &mut self.whatif.rows,
            Pane::Offices => &mut self.whatif.offices,
        }
    }

    /// The selected row of points.
    pub fn whatif_target(&self) -> Option<Target> {
        targets(self).get(self.whatif.rows.selected).copied()
    }

    /// Makes the model from the report (once) and scores it.
    pub(crate) fn whatif_enter(&mut self) {
        if self.whatif.model.is_none() {
            self.whatif_refresh(true);
        }
    }

    /// Scores the what-if again after a new report (re-import, decisions), when the view
    /// was shown (`force`: now).
    pub(crate) fn whatif_refresh(&mut self, force: bool) {
        if self.whatif.model.is_none() && !force {
            return;
        }
        self.whatif.model = Some(Model::new(&self.data.set, &self.report.results));
        self.whatif_rescore();
    }

    fn whatif_rescore(&mut self) {
        let Some(model) = &self.whatif.model else {
            return;
        };
        match Outcome::of(
            &self.whatif.whatif,
            &self.data.set,
            model,
            &self.report.results,
        ) {
            Ok(o) => self.whatif.outcome = Some(o),
            // Refused changes leave the state as it was: not reached.
            Err(e) => self.message = Some(format!("✗ {e}")),
        }
        let rows = self.list_rows(ViewId::WhatIf);
        let len = self.whatif.outcome.as_ref().map_or(0, |o| o.moves.len());
        self.whatif.offices.fit(len, rows);
    }

    /// Applies a change to the what-if; a refusal is shown, the state unchanged.
    fn whatif_change(
        &mut self,
        f: impl FnOnce(&mut WhatIf, &crate::domain::indicators::IndicatorSet) -> Result<(), String>,
    ) {
        self.whatif_enter();
        match f(&mut self.whatif.whatif, &self.data.set) {
            Ok(()) => self.whatif_rescore(),
            Err(e) => self.message = Some(format!("✗ {e}")),
        }
    }
}

/// `+` / `-`: the selected row's points up or down by one.
pub(crate) fn step(app: &mut App, up: bool) {
    let Some(t) = app.whatif_target() else { return };
    let d = if up { Decimal::ONE } else { -Decimal::ONE };
    app.whatif_change(|w, set| w.step(set, t, d));
}

/// `0` / `Backspace`: the selected row back to what follows from the others.
pub(crate) fn reset(app: &mut App) {
    let Some(t) = app.whatif_target() else { return };
    app.whatif_change(|w, set| w.reset(set, t));
}

/// `R`: the official points.
pub(crate) fn reset_all(app: &mut App) {
    app.whatif_change(|w, _| {
        w.reset_all();
        Ok(())
    });
}

/// `b`: keep the base, or not.
pub(crate) fn toggle_keep_base(app: &mut App) {
    app.whatif_change(|w, set| w.toggle_keep_base(set));
    let on = app.whatif.whatif.keeps_base();
    if app.message.is_none() {
        app.message = Some(keep_base_label(app, on));
    }
}

/// `←` / `→`: the points or the offices.
pub(crate) fn focus(app: &mut App, d: isize) {
    app.whatif.focus = if d < 0 { Pane::Points } else { Pane::Offices };
}

/// `Enter` / `=`: type the selected row's points.
pub(crate) fn enter(app: &mut App) {
    app.whatif_enter();
    let Some(t) = app.whatif_target() else { return };
    let now = app
        .whatif
        .whatif
        .points(&app.data.set)
        .map(|p| WhatIf::value(&app.data.set, &p, t))
        .unwrap_or_default();
    app.whatif.input = Some(PointsInput {
        target: t,
        text: fmt2(now),
        error: None,
    });
}

/// A key while a value is typed.
pub(crate) fn input_action(app: &mut App, action: crate::tui::action::Action) -> Vec<Effect> {
    use crate::tui::action::Action;
    let Some(input) = &mut app.whatif.input else {
        return vec![];
    };
    match action {
        Action::Input(c) => {
            input.text.push(c);
            input.error = None;
        }
        Action::InputBackspace => {
            input.text.pop();
        }
        Action::InputCancel | Action::Back => app.whatif.input = None,
        Action::InputSubmit => {
            let t = input.target;
            let text = input.text.trim().to_string();
            let shown: String = sanitize(&text).chars().take(20).collect();
            let Some(v) = crate::domain::points::parse(&text) else {
                input.error = Some(format!("分值“{shown}”不是数字"));
                return vec![];
            };
            match app.whatif.whatif.set(&app.data.set, t, v) {
                Ok(()) => {
                    app.whatif.input = None;
                    app.whatif_rescore();
                }
                Err(e) => {
                    if let Some(i) = &mut app.whatif.input {
                        i.error = Some(e);
                    }
                }
            }
        }
        Action::Quit => return vec![Effect::Quit],
        _ => {}
    }
    vec![]
}

/// `w`: the what-if set, written as an indicator file into the folder (by the worker).
pub(crate) fn write(app: &mut App) -> Vec<Effect> {
    app.whatif_enter();
    let set = &app.data.set;
    let w = &app.whatif.whatif;
    let (points, derived) = match (w.points(set), w.derived_set(set)) {
        (Ok(p), Ok(d)) => (p, d),
        (Err(e), _) | (_, Err(e)) => {
            app.message = Some(format!("✗ {e}"));
            return vec![];
        }
    };
    // The file's comments are in Chinese whatever the UI's language.
    let mut notes = vec![format!(
        "保持基础分{}（按比例调整同类别其余指标）：{}",
        set.base_max().normalize(),
        if w.keeps_base() { "是" } else { "否" }
    )];
    let changed: Vec<String> = targets(app)
        .into_iter()
        .filter_map(|t| {
            let (old, new) = (WhatIf::official(set, t), WhatIf::value(set, &points, t));
            (old != new).then(|| format!("{} {} → {}", row_name(app, t), fmt2(old), fmt2(new)))
        })
        .collect();
    if changed.is_empty() {
        notes.push("与现行指标体系的分值相同".into());
    } else {
        notes.push("改动的分值（现行 → 模拟）：".into());
        notes.extend(changed.into_iter().map(|c| format!("  {c}")));
    }
    vec![Effect::WriteIndicators {
        set: Box::new(derived),
        notes,
    }]
}

/// A row's id and name (`D 制度规范`, `D1 依申请公开…`).
fn row_name(app: &App, t: Target) -> String {
    let set = &app.data.set;
    match t {
        Target::Category(c) => format!("{} {}", set.categories[c].id, set.categories[c].name),
        Target::Indicator(i) => format!("{} {}", set.indicators[i].id, set.indicators[i].title),
    }
}

fn keep_base_label(app: &App, on: bool) -> String {
    let base = app.data.set.base_max().normalize();
    if on {
        format!("{}{base}", app.s(Msg::KeepBase))
    } else {
        app.s(Msg::KeepBaseOff).to_string()
    }
}

/// A change of rank: `↑3`, `↓2`, `—`.
pub fn rank_change(m: &Moved) -> String {
    match m.rank_change() {
        0 => "—".into(),
        d if d > 0 => format!("↑{d}"),
        d => format!("↓{}", -d),
    }
}

pub(crate) fn whatif(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let l = layout(area);
    points(buf, l.points, app, theme);
    offices(buf, l.offices, app, theme);
    if let Some(input) = &app.whatif.input {
        popup(buf, area, app, input, theme);
    }
}

fn points(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let set = &app.data.set;
    let w = &app.whatif.whatif;
    let title = format!(
        " {} · {} ",
        app.s(Msg::WhatIfPoints),
        keep_base_label(app, w.keeps_base())
    );
    block(app, title).render(area, buf);
    let (table_area, foot) = inside(area);
    let rows = targets(app);
    let points = w.points(set).unwrap_or_default();
    let cols = vec![
        col(app.s(Msg::ColId), 4, false, 0),
        flex(app.s(Msg::ColName), 4, 1),
        col(app.s(Msg::ColOfficial), 6, true, 0),
        col(app.s(Msg::ViewWhatIf), 6, true, 0),
    ];
    let changed = theme
        .fg(ratatui::style::Color::Yellow)
        .add_modifier(Modifier::BOLD);
    let row = |k: usize| -> Vec<(String, Style)> {
        let t = rows[k];
        let (old, new) = (WhatIf::official(set, t), WhatIf::value(set, &points, t));
        let given = w.given(t).is_some();
        let (id, name, style) = match t {
            Target::Category(c) => (
                set.categories[c].id.clone(),
                set.categories[c].name.clone(),
                theme.header(),
            ),
            Target::Indicator(i) => (
                format!(" {}", set.indicators[i].id),
                set.indicators[i].title.clone(),
                Style::new(),
            ),
        };
        // A value given by the evaluator is marked; one that follows from it is coloured.
        let mark = if given { "*" } else { "" };
        vec![
            (id, style),
            (name, style),
            (fmt2(old), theme.dim()),
            (
                format!("{mark}{}", fmt2(new)),
                if old != new { changed } else { style },
            ),
        ]
    };
    let l = app.whatif.rows;
    table(
        buf,
        table_area,
        &cols,
        rows.len(),
        l.offset,
        Some(l.selected),
        None,
        theme,
        &row,
    );
    let base = |p: &dyn Fn(usize) -> Decimal| -> Decimal {
        set.categories
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == CategoryKind::Base)
            .map(|(c, _)| p(c))
            .sum()
    };
    let old = set.base_max();
    let new = base(&|c| WhatIf::value(set, &points, Target::Category(c)));
    let line = format!(
        "{} {} → {}  {}",
        app.s(Msg::BaseScore),
        fmt2(old),
        fmt2(new),
        app.s(Msg::GivenMark)
    );
    put(
        buf,
        foot.x,
        foot.y,
        foot.width,
        &line,
        if old == new { theme.dim() } else { changed },
    );
}

fn offices(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let Some(out) = &app.whatif.outcome else {
        block(app, format!(" {} ", app.s(Msg::WhatIfResults))).render(area, buf);
        return;
    };
    let s = out.summary;
    let title = format!(" {} ", app.s(Msg::WhatIfResults));
    block(app, title).render(area, buf);
    let (table_area, foot) = inside(area);
    if app.loading {
        put(
            buf,
            table_area.x,
            table_area.y,
            table_area.width,
            app.s(Msg::Importing),
            theme.dim(),
        );
        return;
    }
    let grade_w = app
        .data
        .set
        .grades
        .iter()
        .map(|g| width(&g.name))
        .max()
        .unwrap_or(4);
    let cols = vec![
        col(app.s(Msg::ColRank), 4, true, 0),
        col(app.s(Msg::ColOffice), app.name_width(), false, 0),
        col(app.s(Msg::ColRankChange), 5, true, 0),
        col(app.s(Msg::ColOfficialRank), 4, true, 2),
        col(app.s(Msg::ColTotal), 6, true, 4),
        col(app.s(Msg::ColOfficialTotal), 6, true, 5),
        col(app.s(Msg::ColOfficialGrade), grade_w, false, 1),
        col(app.s(Msg::ColGrade), grade_w, false, 0),
    ];
    let lang = app.opts.lang;
    let row = |k: usize| -> Vec<(String, Style)> {
        let m = &out.moves[k];
        let name = app.data.registry.offices[m.office].name.clone();
        let d = m.rank_change();
        let moved = if d > 0 {
            theme.fg(ratatui::style::Color::Green)
        } else if d < 0 {
            theme.bad()
        } else {
            theme.dim()
        };
        let grade_style = if m.grade_changed {
            theme
                .fg(ratatui::style::Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        vec![
            (m.rank.to_string(), Style::new()),
            (name, Style::new()),
            (rank_change(m), moved),
            (m.official_rank.to_string(), theme.dim()),
            (fmt2(m.total), theme.header()),
            (fmt2(m.official_total), theme.dim()),
            (m.official_grade.clone(), theme.dim()),
            (m.grade.clone(), grade_style),
        ]
    };
    let l = app.whatif.offices;
    let selected = (app.whatif.focus == Pane::Offices).then_some(l.selected);
    table(
        buf,
        table_area,
        &cols,
        out.moves.len(),
        l.offset,
        selected,
        None,
        theme,
        &row,
    );
    let line = lang.whatif_summary(s.offices, s.rank_changed, s.grade_changed);
    let style = if s.rank_changed + s.grade_changed > 0 {
        theme.header()
    } else {
        theme.dim()
    };
    put(buf, foot.x, foot.y, foot.width, &line, style);
}

fn popup(buf: &mut Buffer, area: Rect, app: &App, input: &PointsInput, theme: &Theme) {
    let set = &app.data.set;
    let t = input.target;
    let title = format!(" {} · {} ", app.s(Msg::PointsTitle), row_name(app, t));
    let inner = crate::tui::popups::popup(buf, area, app, title, 52, 8);
    let w = inner.width;
    let now = app
        .whatif
        .whatif
        .points(set)
        .map(|p| WhatIf::value(set, &p, t))
        .unwrap_or_default();
    let line = format!(
        "{} {}  {} {}",
        app.s(Msg::ColOfficial),
        fmt2(WhatIf::official(set, t)),
        app.s(Msg::ViewWhatIf),
        fmt2(now)
    );
    put(buf, inner.x + 1, inner.y, w - 1, &line, theme.dim());
    let label = format!("{}：", app.s(Msg::ColPoints));
    let lw = width(&label) as u16;
    put(buf, inner.x + 1, inner.y + 2, lw, &label, theme.header());
    let fw = w.saturating_sub(lw + 2);
    buf.set_style(
        Rect::new(inner.x + 1 + lw, inner.y + 2, fw, 1).intersection(buf.area),
        theme.selected(),
    );
    let mut shown = format!("{}█", sanitize(&input.text));
    while width(&shown) > fw as usize {
        shown.remove(0);
    }
    put(
        buf,
        inner.x + 1 + lw,
        inner.y + 2,
        fw,
        &shown,
        theme.selected(),
    );
    if let Some(e) = &input.error {
        put(
            buf,
            inner.x + 1,
            inner.y + 4,
            w - 1,
            &format!("✗ {e}"),
            theme.bad(),
        );
    }
    put(
        buf,
        inner.x + 1,
        inner.y + inner.height.saturating_sub(1),
        w - 1,
        app.s(Msg::PointsHint),
        theme.dim(),
    );
}
