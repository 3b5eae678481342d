//! The UI's state and `update`: actions change state and return effects for the runtime
//! (quit, re-import). Nothing here draws or touches the terminal.

use super::action::{Action, ViewId};
use super::strings::{Lang, Msg};
use crate::data::DataSet;
use crate::domain::decision::Decided;
use crate::domain::points::Decimal;
use crate::report::{OfficeState, Report};
use crate::text::fold;
use std::cmp::Ordering;
use std::path::PathBuf;

/// What the runtime must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    Reimport,
    /// Save a decision (核定): a score, or 是 / 否 on a veto indicator.
    Decide {
        office: usize,
        indicator: String,
        value: Decided,
        reason: String,
    },
    /// Remove a decision, with a reason.
    Clear {
        office: usize,
        indicator: String,
        reason: String,
    },
    /// Keep a decision over a return that changed since.
    Confirm {
        office: usize,
        indicator: String,
    },
    /// Load an office's history into [`App::history`].
    LoadHistory {
        office: usize,
    },
    /// Write the ranking workbook into the folder.
    Export,
}

/// What the decision form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// Decide a score.
    Set,
    /// Decide a veto indicator: 是 or 否.
    Veto,
    Clear,
}

/// The decision form: a score (for `Set`) or a choice of 是 / 否 (for `Veto`), and a
/// reason, with the error of the last try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub office: usize,
    pub indicator: String,
    pub kind: FormKind,
    pub score: String,
    /// The veto chosen (`Veto`): none until the evaluator chooses.
    pub veto: Option<bool>,
    pub reason: String,
    /// 0 = score or veto, 1 = reason.
    pub field: usize,
    pub error: Option<String>,
}

/// The error of a veto form saved without a choice, or given a key that is not one.
pub const CHOOSE_VETO: &str = "请选择“是”或“否”：按 y 选“是”，按 n 选“否”";

/// Display options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub lang: Lang,
    /// Colours (off under NO_COLOR): selection is reverse video either way.
    pub color: bool,
    /// ASCII borders, for terminals that draw box characters double-width.
    pub ascii: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::Zh,
            color: true,
            ascii: false,
        }
    }
}

/// A selected row and the first row shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListState {
    pub selected: usize,
    pub offset: usize,
}

impl ListState {
    /// Moves by `delta` rows within `len`, keeping the selection inside `rows` shown rows.
    pub fn step(&mut self, delta: isize, len: usize, rows: usize) {
        if len == 0 {
            *self = ListState::default();
            return;
        }
        let s = self.selected as isize + delta;
        self.selected = s.clamp(0, len as isize - 1) as usize;
        self.fit(len, rows);
    }

    pub fn to(&mut self, index: usize, len: usize, rows: usize) {
        self.selected = index.min(len.saturating_sub(1));
        self.fit(len, rows);
    }

    /// Keeps the selection visible and the window inside the list.
    pub fn fit(&mut self, len: usize, rows: usize) {
        let rows = rows.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        self.offset = self.offset.min(len.saturating_sub(rows));
    }
}

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

#[derive(Debug, Clone, Default)]
pub struct TasksState {
    pub list: ListState,
    /// The task whose offices are listed by gap, and that list's state.
    pub drill: Option<(u32, ListState)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MatrixMode {
    #[default]
    Indicators,
    Tasks,
}

#[derive(Debug, Clone, Default)]
pub struct MatrixState {
    pub rows: ListState,
    pub col: usize,
    pub col_offset: usize,
    pub mode: MatrixMode,
}

pub struct App {
    pub data: DataSet,
    pub report: Report,
    pub dir: PathBuf,
    pub opts: Options,
    pub view: ViewId,
    pub back: Vec<ViewId>,
    pub help: bool,
    /// The search being typed.
    pub typing: Option<String>,
    /// The last search.
    pub query: String,
    pub message: Option<String>,
    /// Why the last re-import failed (the folder could not be read): shown in the status
    /// bar and the import view until a re-import succeeds. The previous results stay.
    pub import_error: Option<String>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    pub rows: Vec<RankRow>,
    /// Per plan task (in plan order): its mean gap and the office that lost most on it,
    /// computed once per report rather than on every frame.
    pub task_summary: Vec<Option<(crate::domain::gaps::Gap, usize)>>,
    pub ranking: RankingState,
    pub office: OfficeViewState,
    pub tasks: TasksState,
    pub matrix: MatrixState,
    pub import: ListState,
    /// The open decision form.
    pub form: Option<Form>,
    /// The office history overlay, when shown.
    pub history: Option<Vec<crate::domain::decision::Change>>,
    /// Viewing only: decisions are off.
    pub read_only: bool,
}

impl App {
    pub fn new(data: DataSet, report: Report, dir: PathBuf, opts: Options) -> App {
        let mut app = App {
            data,
            report,
            dir,
            opts,
            view: ViewId::Ranking,
            back: Vec::new(),
            help: false,
            typing: None,
            query: String::new(),
            message: None,
            import_error: None,
            size: (80, 24),
            rows: Vec::new(),
            task_summary: Vec::new(),
            ranking: RankingState::default(),
            office: OfficeViewState::default(),
            tasks: TasksState::default(),
            matrix: MatrixState::default(),
            import: ListState::default(),
            form: None,
            history: None,
            read_only: false,
        };
        app.derive();
        app.summarize();
        app.office.office = app.report.results.first().map(|r| r.office);
        app
    }

    pub fn s(&self, m: Msg) -> &'static str {
        self.opts.lang.s(m)
    }

    /// Replaces the report (after a re-import), keeping what is selected where it can.
    pub fn reload(&mut self, report: Report) {
        let selected = self.selected_rank_row().map(|r| r.office);
        self.report = report;
        self.derive();
        self.summarize();
        if let Some(o) = selected {
            if let Some(i) = self.rows.iter().position(|r| r.office == o) {
                self.ranking.list.selected = i;
            }
        }
        if self
            .office
            .office
            .is_none_or(|o| self.result_of(o).is_none())
        {
            self.office.office = self.report.results.first().map(|r| r.office);
        }
        self.clamp_all();
        let count = format!("{} {}", self.report.files.len(), self.s(Msg::FilesCount));
        self.message = Some(self.opts.lang.labelled(self.s(Msg::Reimported), &count));
    }

    /// Applies another set of decisions (saved here or by another evaluator): the same
    /// files, scored again.
    pub fn set_decisions(&mut self, decisions: Vec<crate::domain::decision::Decision>) {
        let selected = self.selected_rank_row().map(|r| r.office);
        self.report = self.report.rescore(&self.data, decisions);
        self.derive();
        self.summarize();
        self.keep_office_selected(selected);
        self.clamp_all();
    }

    /// Typing goes to a search or a form rather than to the key table.
    pub fn typing(&self) -> bool {
        self.typing.is_some() || self.form.is_some()
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

    fn open_form(&mut self, kind: FormKind) {
        if self.read_only {
            self.message = Some(self.s(Msg::ReadOnly).to_string());
            return;
        }
        let Some((office, indicator)) = self.selected_indicator() else {
            return;
        };
        let decision = self.report.decision(&self.data, office, &indicator);
        if kind == FormKind::Clear && decision.is_none() {
            self.message = Some(self.s(Msg::NoDecision).to_string());
            return;
        }
        // A veto indicator is decided 是 or 否, never scored.
        let kind = match kind {
            FormKind::Set if crate::domain::decision::is_veto(&self.data.set, &indicator) => {
                FormKind::Veto
            }
            k => k,
        };
        let current = self
            .result_of(office)
            .and_then(|r| r.indicators.iter().find(|s| s.id == indicator))
            .map(|s| crate::domain::points::fmt2(s.used()))
            .unwrap_or_default();
        self.form = Some(Form {
            office,
            indicator,
            kind,
            score: if kind == FormKind::Set {
                current
            } else {
                String::new()
            },
            veto: None,
            reason: String::new(),
            field: if kind == FormKind::Clear { 1 } else { 0 },
            error: None,
        });
    }

    /// Handles a key while the form is open.
    fn form_action(&mut self, action: Action) -> Vec<Effect> {
        let Some(form) = &mut self.form else {
            return vec![];
        };
        match action {
            // The veto's choice: y / 是 or n / 否, a space switches; nothing is typed.
            Action::Input(c) if form.kind == FormKind::Veto && form.field == 0 => {
                let chosen = match c {
                    ' ' => Some(!form.veto.unwrap_or(false)),
                    c => crate::domain::decision::parse_veto(&c.to_string()),
                };
                match chosen {
                    Some(v) => {
                        form.veto = Some(v);
                        form.error = None;
                    }
                    None => form.error = Some(CHOOSE_VETO.into()),
                }
            }
            Action::InputBackspace if form.kind == FormKind::Veto && form.field == 0 => {
                form.veto = None;
            }
            Action::Input(c) => {
                if form.field == 0 {
                    &mut form.score
                } else {
                    &mut form.reason
                }
                .push(c);
            }
            Action::InputBackspace => {
                if form.field == 0 {
                    &mut form.score
                } else {
                    &mut form.reason
                }
                .pop();
            }
            Action::InputNextField if form.kind != FormKind::Clear => form.field = 1 - form.field,
            Action::InputCancel => self.form = None,
            Action::InputSubmit => {
                use crate::domain::decision::{validate_reason, validate_score_decision};
                let value = match form.kind {
                    FormKind::Set => {
                        match validate_score_decision(&self.data.set, &form.indicator, &form.score)
                        {
                            Ok(s) => Some(Decided::Score(s)),
                            Err(e) => {
                                form.error = Some(e);
                                form.field = 0;
                                return vec![];
                            }
                        }
                    }
                    FormKind::Veto => match form.veto {
                        Some(v) => Some(Decided::Veto(v)),
                        None => {
                            form.error = Some(CHOOSE_VETO.into());
                            form.field = 0;
                            return vec![];
                        }
                    },
                    FormKind::Clear => None,
                };
                let reason = match validate_reason(&form.reason) {
                    Ok(r) => r,
                    Err(e) => {
                        form.error = Some(e);
                        form.field = 1;
                        return vec![];
                    }
                };
                let (office, indicator) = (form.office, form.indicator.clone());
                self.form = None;
                return vec![match value {
                    Some(value) => Effect::Decide {
                        office,
                        indicator,
                        value,
                        reason,
                    },
                    None => Effect::Clear {
                        office,
                        indicator,
                        reason,
                    },
                }];
            }
            _ => {}
        }
        vec![]
    }

    /// Recomputes what depends on the report only (not on sorting or filtering).
    fn summarize(&mut self) {
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

    /// Rebuilds the ranking rows from the report, in the current sort and filter.
    fn derive(&mut self) {
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

    fn result(&self, row: &RankRow) -> Option<&crate::domain::assessment::OfficeResult> {
        row.result.map(|k| &self.report.results[k])
    }

    pub fn result_of(&self, office: usize) -> Option<&crate::domain::assessment::OfficeResult> {
        self.report.result_of(office)
    }

    fn number(&self, col: RankCol, row: &RankRow) -> Option<Decimal> {
        let r = self.result(row)?;
        match col {
            RankCol::Rank => Some(Decimal::from(r.rank)),
            RankCol::Total => Some(r.total),
            RankCol::Cat(c) => r.categories.get(c).copied(),
            RankCol::Claimed => r.claimed_total,
            RankCol::Diff => r.claim_difference(),
            RankCol::Grade => Some(r.total),
            _ => None,
        }
    }

    fn sort_key_missing(&self, col: RankCol, row: &RankRow) -> bool {
        match col {
            RankCol::Office | RankCol::Status => false,
            _ => self.number(col, row).is_none(),
        }
    }

    fn compare(&self, col: RankCol, a: &RankRow, b: &RankRow) -> Ordering {
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
            RankCol::Office,
            RankCol::Total,
            RankCol::Grade,
        ];
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

    /// Ranked offices in rank order (the matrix rows).
    pub fn matrix_len(&self) -> usize {
        self.report.results.len()
    }

    /// Cells for an office name column: the longest registry name, at most 16.
    pub fn name_width(&self) -> usize {
        self.data
            .registry
            .offices
            .iter()
            .map(|o| crate::text::width(&o.name))
            .max()
            .unwrap_or(8)
            .min(16)
    }

    /// Matrix columns that fit the width (the same computation the view makes).
    pub fn matrix_visible(&self) -> usize {
        let inner = (self.size.0 as usize).saturating_sub(2);
        let nw = self.name_width();
        (inner.saturating_sub(nw + 1) / (super::view::MATRIX_CELL + 1)).max(1)
    }

    /// Matrix columns: indicators with points, or office-scoped tasks with indicators.
    pub fn matrix_columns(&self) -> usize {
        match self.matrix.mode {
            MatrixMode::Indicators => self
                .report
                .results
                .first()
                .map(|r| r.gaps.indicators.len())
                .unwrap_or(0),
            MatrixMode::Tasks => self
                .report
                .results
                .first()
                .map(|r| r.gaps.tasks.len())
                .unwrap_or(0),
        }
    }

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

    /// Rows shown by a view's main list at the current size (the same layout the views draw).
    pub fn list_rows(&self, view: ViewId) -> usize {
        let h = self.size.1 as usize;
        // Title, header row, status bar, borders.
        let chrome = 5;
        let rows = match view {
            ViewId::Office => {
                h.saturating_sub(chrome + super::view::OFFICE_PANE_HEIGHT as usize + 1)
            }
            ViewId::Import => h.saturating_sub(chrome + super::view::IMPORT_PANE_HEIGHT as usize),
            ViewId::Matrix => h.saturating_sub(chrome + 1),
            _ => h.saturating_sub(chrome),
        };
        rows.max(1)
    }

    fn list_len(&self) -> usize {
        match self.view {
            ViewId::Ranking => self.rows.len(),
            ViewId::Office => self.office_rows(),
            ViewId::Tasks => match self.tasks.drill {
                Some((t, _)) => self.task_drill(t).len(),
                None => self.data.plan.tasks.len(),
            },
            ViewId::Matrix => self.matrix_len(),
            ViewId::Import => self.report.files.len(),
        }
    }

    fn list_mut(&mut self) -> &mut ListState {
        match self.view {
            ViewId::Ranking => &mut self.ranking.list,
            ViewId::Office => &mut self.office.list,
            ViewId::Tasks => match &mut self.tasks.drill {
                Some((_, l)) => l,
                None => &mut self.tasks.list,
            },
            ViewId::Matrix => &mut self.matrix.rows,
            ViewId::Import => &mut self.import,
        }
    }

    fn move_rows(&mut self, delta: isize) {
        let (len, rows) = (self.list_len(), self.list_rows(self.view));
        self.list_mut().step(delta, len, rows);
    }

    fn clamp_all(&mut self) {
        for v in ViewId::ALL {
            let saved = self.view;
            self.view = v;
            let (len, rows) = (self.list_len(), self.list_rows(v));
            self.list_mut().fit(len, rows);
            self.view = saved;
        }
        let cols = self.matrix_columns();
        self.matrix.col = self.matrix.col.min(cols.saturating_sub(1));
        self.ranking.col = self.ranking.col.min(self.rank_columns().len() - 1);
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        self.clamp_all();
    }

    fn show(&mut self, v: ViewId) {
        if v != self.view {
            self.back.push(self.view);
            self.view = v;
        }
    }

    fn open_office(&mut self, office: usize) {
        if self.result_of(office).is_some() {
            if self.office.office != Some(office) {
                self.office.list = ListState::default();
            }
            self.office.office = Some(office);
            self.show(ViewId::Office);
        } else if let Some(i) = self
            .report
            .files
            .iter()
            .position(|f| f.office == Some(office))
        {
            self.import
                .to(i, self.report.files.len(), self.list_rows(ViewId::Import));
            self.show(ViewId::Import);
        } else {
            self.message = Some(format!(
                "{}：{}",
                self.data.registry.offices[office].name,
                self.s(Msg::StatusNotSubmitted)
            ));
        }
    }

    /// Moves the office view to the previous/next office in rank order.
    fn step_office(&mut self, delta: isize) {
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

    /// Offices listed by the current view, in its order (for search).
    fn searchable(&self) -> Vec<usize> {
        match self.view {
            ViewId::Ranking => self.rows.iter().map(|r| r.office).collect(),
            ViewId::Matrix => self.report.results.iter().map(|r| r.office).collect(),
            _ => Vec::new(),
        }
    }

    fn search(&mut self, from: usize, forward: bool, skip_current: bool) {
        let q = fold(&self.query);
        if q.is_empty() {
            return;
        }
        let offices = self.searchable();
        let n = offices.len();
        if n == 0 {
            return;
        }
        let hit = (0..n).map(|i| {
            let k = if skip_current { i + 1 } else { i };
            if forward {
                (from + k) % n
            } else {
                (from + n * 2 - k) % n
            }
        });
        let found = hit.into_iter().find(|&i| {
            let o = &self.data.registry.offices[offices[i]];
            fold(&o.name).contains(&q)
                || o.aliases.iter().any(|a| fold(a).contains(&q))
                || o.english.as_deref().is_some_and(|e| fold(e).contains(&q))
        });
        match found {
            Some(i) => {
                let (len, rows) = (self.list_len(), self.list_rows(self.view));
                self.list_mut().to(i, len, rows);
                self.message = None;
            }
            None => self.message = Some(format!("{}“{}”", self.s(Msg::NotFound), self.query)),
        }
    }

    /// Applies an action; returns what the runtime must do.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if !matches!(action, Action::Input(_) | Action::InputBackspace) {
            self.message = None;
        }
        if self.form.is_some() {
            return self.form_action(action);
        }
        if self.history.is_some() {
            match action {
                Action::ShowHistory | Action::Back | Action::InputCancel => self.history = None,
                Action::Quit => return vec![Effect::Quit],
                _ => {}
            }
            return vec![];
        }
        if self.help {
            match action {
                Action::Help | Action::Back => self.help = false,
                Action::Quit => return vec![Effect::Quit],
                _ => {}
            }
            return vec![];
        }
        let half = (self.list_rows(self.view) / 2).max(1) as isize;
        let page = self.list_rows(self.view).max(1) as isize;
        match action {
            Action::Quit => return vec![Effect::Quit],
            Action::Help => self.help = true,
            Action::Reimport => return vec![Effect::Reimport],
            Action::Export => return vec![Effect::Export],
            Action::NextView | Action::PrevView => {
                let i =
                    self.view.index() as isize + if action == Action::NextView { 1 } else { -1 };
                let v = ViewId::ALL[i.rem_euclid(ViewId::ALL.len() as isize) as usize];
                self.show(v);
            }
            Action::Show(v) => self.show(v),
            Action::Up => self.move_rows(-1),
            Action::Down => self.move_rows(1),
            Action::PageUp => self.move_rows(-page),
            Action::PageDown => self.move_rows(page),
            Action::HalfPageUp => self.move_rows(-half),
            Action::HalfPageDown => self.move_rows(half),
            Action::Top => self.move_rows(-(self.list_len() as isize)),
            Action::Bottom => self.move_rows(self.list_len() as isize),
            Action::Left | Action::Right => {
                let d: isize = if action == Action::Left { -1 } else { 1 };
                match self.view {
                    ViewId::Ranking => {
                        let n = self.rank_columns().len() as isize;
                        self.ranking.col = (self.ranking.col as isize + d).clamp(0, n - 1) as usize;
                    }
                    ViewId::Matrix => {
                        let n = self.matrix_columns();
                        self.matrix.col = (self.matrix.col as isize + d)
                            .clamp(0, (n as isize - 1).max(0))
                            as usize;
                        self.matrix.col_offset = super::view::matrix_offset(
                            self.matrix.col,
                            self.matrix.col_offset,
                            self.matrix_visible(),
                            n,
                        );
                    }
                    ViewId::Office => self.step_office(d),
                    _ => {}
                }
            }
            Action::Enter => match self.view {
                ViewId::Ranking => {
                    if let Some(o) = self.selected_rank_row().map(|r| r.office) {
                        self.open_office(o);
                    }
                }
                ViewId::Matrix => {
                    if let Some(o) = self
                        .report
                        .results
                        .get(self.matrix.rows.selected)
                        .map(|r| r.office)
                    {
                        self.open_office(o);
                    }
                }
                ViewId::Import => {
                    if let Some(o) = self
                        .report
                        .files
                        .get(self.import.selected)
                        .and_then(|f| f.office)
                    {
                        self.open_office(o);
                    }
                }
                ViewId::Tasks => match self.tasks.drill {
                    Some((t, l)) => {
                        if let Some((o, _)) = self.task_drill(t).get(l.selected) {
                            self.open_office(*o);
                        }
                    }
                    None => {
                        if let Some(t) = self.data.plan.tasks.get(self.tasks.list.selected) {
                            if !self.task_drill(t.number).is_empty() {
                                self.tasks.drill = Some((t.number, ListState::default()));
                            }
                        }
                    }
                },
                ViewId::Office => {}
            },
            Action::Back => {
                if self.view == ViewId::Tasks && self.tasks.drill.is_some() {
                    self.tasks.drill = None;
                } else if let Some(v) = self.back.pop() {
                    self.view = v;
                }
            }
            Action::SortAsc | Action::SortDesc if self.view == ViewId::Ranking => {
                let col = self.rank_columns()[self.ranking.col];
                let dir = if action == Action::SortAsc {
                    SortDir::Asc
                } else {
                    SortDir::Desc
                };
                let office = self.selected_rank_row().map(|r| r.office);
                self.ranking.sort = Some((col, dir));
                self.derive();
                self.keep_office_selected(office);
            }
            Action::FilterProblems if self.view == ViewId::Ranking => {
                let office = self.selected_rank_row().map(|r| r.office);
                self.ranking.problems_only = !self.ranking.problems_only;
                self.derive();
                self.keep_office_selected(office);
                if self.ranking.problems_only {
                    self.message = Some(self.s(Msg::FilterOn).to_string());
                }
            }
            Action::ToggleMode => match self.view {
                ViewId::Office => {
                    self.office.mode = match self.office.mode {
                        OfficeMode::Indicators => OfficeMode::Tasks,
                        OfficeMode::Tasks => OfficeMode::Categories,
                        OfficeMode::Categories => OfficeMode::Indicators,
                    };
                    self.office.list = ListState::default();
                }
                ViewId::Matrix => {
                    self.matrix.mode = match self.matrix.mode {
                        MatrixMode::Indicators => MatrixMode::Tasks,
                        MatrixMode::Tasks => MatrixMode::Indicators,
                    };
                    self.matrix.col = 0;
                    self.matrix.col_offset = 0;
                }
                _ => {}
            },
            Action::Search => self.typing = Some(String::new()),
            Action::SearchNext | Action::SearchPrev => {
                let from = self.list_mut().selected;
                self.search(from, action == Action::SearchNext, true);
            }
            Action::Input(c) => {
                if let Some(t) = &mut self.typing {
                    t.push(c);
                }
            }
            Action::InputBackspace => {
                if let Some(t) = &mut self.typing {
                    t.pop();
                }
            }
            Action::InputSubmit => {
                if let Some(q) = self.typing.take() {
                    self.query = q;
                    self.search(0, true, false);
                }
            }
            Action::InputCancel => self.typing = None,
            Action::InputNextField => {}
            Action::Edit => self.open_form(FormKind::Set),
            Action::ClearDecision => self.open_form(FormKind::Clear),
            Action::ConfirmDecision => {
                if self.read_only {
                    self.message = Some(self.s(Msg::ReadOnly).to_string());
                } else if let Some((office, indicator)) = self.selected_indicator() {
                    match self.report.decision(&self.data, office, &indicator) {
                        Some(d) if self.report.is_stale(office, d) => {
                            return vec![Effect::Confirm { office, indicator }];
                        }
                        _ => self.message = Some(self.s(Msg::NotStale).to_string()),
                    }
                }
            }
            Action::ShowHistory => {
                if let Some(o) = self.office.office {
                    return vec![Effect::LoadHistory { office: o }];
                }
            }
            Action::SortAsc | Action::SortDesc | Action::FilterProblems => {}
        }
        vec![]
    }

    fn keep_office_selected(&mut self, office: Option<usize>) {
        let i = office
            .and_then(|o| self.rows.iter().position(|r| r.office == o))
            .unwrap_or(0);
        let (len, rows) = (self.rows.len(), self.list_rows(ViewId::Ranking));
        self.ranking.list.to(i, len, rows);
    }
}
