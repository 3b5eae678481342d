//! The coordinator: the UI's shared state (report, message, popups) and each view's state,
//! and `update`, which dispatches an action to the current view's module (by [`ViewId`])
//! and returns effects for the runtime (quit, re-import, writes). Nothing here draws or
//! touches the terminal.

use super::action::{Action, ViewId};
use super::strings::{Lang, Msg};
use crate::data::DataSet;
use crate::domain::decision::Decided;
use crate::report::Report;
use crate::text::fold;
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
    /// Read the spot checks drawn into the 核查 view (`App::checks.draws`).
    LoadDraws,
    /// Write a workbook or documents into the folder (chosen in the export menu).
    Export(ExportKind),
    /// Choose the return that counts for an office (以此份为准): the file's SHA-256 and
    /// its path in the folder. The report is then rebuilt.
    Choose {
        office: usize,
        sha256: String,
        path: String,
    },
    /// Write the 模拟 view's indicator set into the folder as an indicator file, with
    /// `notes` (what changed) among its comments.
    WriteIndicators {
        set: Box<crate::domain::indicators::IndicatorSet>,
        notes: Vec<String>,
    },
}

/// Display options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub lang: Lang,
    /// Colours (off under NO_COLOR): selection is reverse video either way.
    pub color: bool,
    /// ASCII borders, for terminals that draw box characters double-width.
    pub ascii: bool,
    /// Watch the folder: new or replaced returns are imported without `r`.
    pub watch: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::Zh,
            color: true,
            ascii: false,
            watch: true,
        }
    }
}

pub use super::popups::choose::ChooseForm;
pub use super::popups::export::{ExportKind, ExportMenu, FEEDBACK_DIR};
pub use super::popups::form::{Form, FormKind, CHOOSE_VETO};
pub use super::views::checks::{CheckRow, ChecksFilter, ChecksState, Entry};
pub use super::views::matrix::{MatrixMode, MatrixState};
pub use super::views::office::{OfficeMode, OfficeViewState};
pub use super::views::ranking::{RankCol, RankRow, RankingState, RowStatus, SortDir};
pub use super::views::tasks::TasksState;
pub use super::views::whatif::{Pane, PointsInput, WhatIfState};
pub use super::views::ListState;

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
    /// The first import of the folder is still running (in the background).
    pub loading: bool,
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
    pub checks: ChecksState,
    /// The 模拟 view (what-if weights).
    pub whatif: WhatIfState,
    /// The open decision form.
    pub form: Option<Form>,
    /// The open confirmation of the return that counts (以此份为准).
    pub choose: Option<ChooseForm>,
    /// The open export menu (`x`).
    pub export: Option<ExportMenu>,
    /// The office history overlay, when shown.
    pub history: Option<Vec<crate::domain::decision::Change>>,
    /// Viewing only: decisions are off.
    pub read_only: bool,
    /// Background work under way: what, and files done of how many (a re-import).
    pub progress: Option<(Msg, usize, usize)>,
    /// A store write waits on another evaluator's (Esc gives it up).
    pub waiting: bool,
    /// The previous result compared with (同比, `open --compare PREV`).
    pub previous: Option<std::sync::Arc<crate::compare::Previous>>,
    /// The comparison of the report with [`App::previous`], made again with each report.
    pub diff: Option<crate::compare::Diff>,
    /// How robust each rank is (稳定性), computed in the background for the current report
    /// (`None`: not yet, shown as `…`).
    pub stability: Option<crate::domain::robustness::Stability>,
}

impl App {
    pub fn new(data: DataSet, report: Report, dir: PathBuf, opts: Options) -> App {
        let whatif = WhatIfState::new(&data.set);
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
            loading: false,
            size: (80, 24),
            rows: Vec::new(),
            task_summary: Vec::new(),
            ranking: RankingState::default(),
            office: OfficeViewState::default(),
            tasks: TasksState::default(),
            matrix: MatrixState::default(),
            import: ListState::default(),
            checks: ChecksState::default(),
            whatif,
            form: None,
            choose: None,
            export: None,
            history: None,
            read_only: false,
            progress: None,
            waiting: false,
            previous: None,
            diff: None,
            stability: None,
        };
        app.derive();
        app.summarize();
        app.derive_checks();
        app.office.office = app.report.results.first().map(|r| r.office);
        app
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

    pub fn s(&self, m: Msg) -> &'static str {
        self.opts.lang.s(m)
    }

    /// Compares with a previous result (同比) from now on; `None`: no comparison.
    pub fn set_previous(&mut self, previous: Option<crate::compare::Previous>) {
        self.previous = previous.map(std::sync::Arc::new);
        self.compare_again();
        self.derive();
        self.clamp_all();
    }

    fn compare_again(&mut self) {
        let (data, report) = (&self.data, &self.report);
        self.diff = self
            .previous
            .as_ref()
            .map(|p| crate::compare::diff(data, report, p));
    }

    /// Replaces the report (after a re-import), keeping what is selected where it can.
    pub fn reload(&mut self, report: Report) {
        let selected = self.selected_rank_row().map(|r| r.office);
        self.report = report;
        self.compare_again();
        self.derive();
        self.summarize();
        self.derive_checks();
        self.whatif_refresh(false);
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
    /// files, scored again (and settled as they were: a new choice of the return that
    /// counts takes a re-import).
    pub fn set_decisions(&mut self, decisions: impl Into<crate::report::Decisions>) {
        let selected = self.selected_rank_row().map(|r| r.office);
        self.report = self.report.rescore(&self.data, decisions);
        self.compare_again();
        self.derive();
        self.summarize();
        self.derive_checks();
        self.whatif_refresh(false);
        self.keep_office_selected(selected);
        self.clamp_all();
    }

    /// Typing goes to a search or a form rather than to the key table.
    pub fn typing(&self) -> bool {
        self.typing.is_some()
            || self.form.is_some()
            || self.choose.is_some()
            || self.export.is_some()
            || self.whatif.input.is_some()
    }

    pub fn result_of(&self, office: usize) -> Option<&crate::domain::assessment::OfficeResult> {
        self.report.result_of(office)
    }

    /// The body between the title and status bars, at the current size.
    pub fn body(&self) -> ratatui::layout::Rect {
        let (w, h) = self.size;
        ratatui::layout::Rect::new(0, 1, w, h.saturating_sub(2))
    }

    /// Rows shown by a view's main list at the current size: the view's own layout, the
    /// one it draws with.
    pub fn list_rows(&self, view: ViewId) -> usize {
        use super::views::{checks, import, matrix, office, ranking, tasks, whatif};
        let body = self.body();
        match view {
            ViewId::Ranking => ranking::list_rows(body),
            ViewId::Office => office::list_rows(body),
            ViewId::Tasks => tasks::list_rows(body),
            ViewId::Matrix => matrix::list_rows(body),
            ViewId::Import => import::list_rows(body),
            ViewId::Checks => checks::list_rows(body),
            ViewId::WhatIf => whatif::list_rows(body),
        }
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
            ViewId::Checks => self.checks.rows.len(),
            ViewId::WhatIf => self.whatif_len(),
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
            ViewId::Checks => &mut self.checks.list,
            ViewId::WhatIf => self.whatif_list_mut(),
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
        // The 模拟 view's other list (the one not moved by the keys now).
        let rows = self.list_rows(ViewId::WhatIf);
        let points = super::views::whatif::targets(self).len();
        self.whatif.rows.fit(points, rows);
        let offices = self.whatif.outcome.as_ref().map_or(0, |o| o.moves.len());
        self.whatif.offices.fit(offices, rows);
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
            // The 核查 view entered from an office's: that office's findings.
            if v == ViewId::Checks && self.view == ViewId::Office {
                super::views::checks::enter_from_office(self);
            }
            if v == ViewId::WhatIf {
                self.whatif_enter();
            }
            self.back.push(self.view);
            self.view = v;
        }
    }

    pub(crate) fn open_office(&mut self, office: usize) {
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
        let found = hit
            .into_iter()
            .find(|&i| self.office_matches(offices[i], &q));
        match found {
            Some(i) => {
                let (len, rows) = (self.list_len(), self.list_rows(self.view));
                self.list_mut().to(i, len, rows);
                self.message = None;
            }
            None => self.message = Some(format!("{}“{}”", self.s(Msg::NotFound), self.query)),
        }
    }

    /// Whether an office's name, an alias or its English name contains `q` (folded).
    pub(crate) fn office_matches(&self, office: usize, q: &str) -> bool {
        let o = &self.data.registry.offices[office];
        fold(&o.name).contains(q)
            || o.aliases.iter().any(|a| fold(a).contains(q))
            || o.english.as_deref().is_some_and(|e| fold(e).contains(q))
    }

    /// Applies an action; returns what the runtime must do. Keys that mean something
    /// different in each view go to that view's module. Entering the 核查 view asks for
    /// the spot checks drawn.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let before = self.view;
        let mut effects = self.update_view(action);
        if self.view == ViewId::Checks && before != ViewId::Checks {
            effects.push(Effect::LoadDraws);
        }
        effects
    }

    fn update_view(&mut self, action: Action) -> Vec<Effect> {
        if !matches!(action, Action::Input(_) | Action::InputBackspace) {
            self.message = None;
        }
        if self.form.is_some() {
            return self.form_action(action);
        }
        if self.choose.is_some() {
            return self.choose_action(action);
        }
        if self.export.is_some() {
            return self.export_action(action);
        }
        if self.whatif.input.is_some() {
            return super::views::whatif::input_action(self, action);
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
        use super::views::{checks, import, matrix, office, ranking, tasks, whatif};
        let half = (self.list_rows(self.view) / 2).max(1) as isize;
        let page = self.list_rows(self.view).max(1) as isize;
        match action {
            Action::Quit => return vec![Effect::Quit],
            Action::Help => self.help = true,
            Action::Reimport => return vec![Effect::Reimport],
            Action::Export => self.open_export(),
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
                    ViewId::Ranking => ranking::step_column(self, d),
                    ViewId::Matrix => matrix::step_column(self, d),
                    ViewId::Office => self.step_office(d),
                    ViewId::WhatIf => whatif::focus(self, d),
                    _ => {}
                }
            }
            Action::Enter => match self.view {
                ViewId::Ranking => ranking::enter(self),
                ViewId::Matrix => matrix::enter(self),
                ViewId::Import => import::enter(self),
                ViewId::Tasks => tasks::enter(self),
                ViewId::Checks => checks::enter(self),
                ViewId::WhatIf => whatif::enter(self),
                ViewId::Office => {}
            },
            Action::Back => {
                if self.view == ViewId::Tasks && self.tasks.drill.is_some() {
                    self.tasks.drill = None;
                } else if self.view == ViewId::Checks && self.checks.filter.is_some() {
                    // The 核查 view's Esc clears its filter first.
                    self.filter_checks(None);
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
                ViewId::Office => office::toggle_mode(self),
                ViewId::Matrix => matrix::toggle_mode(self),
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
                    if self.view == ViewId::Checks {
                        // The 核查 view lists the matching offices only.
                        let q = q.trim().to_string();
                        self.filter_checks((!q.is_empty()).then_some(ChecksFilter::Text(q)));
                    } else {
                        self.query = q;
                        self.search(0, true, false);
                    }
                }
            }
            Action::InputCancel => self.typing = None,
            Action::InputNextField | Action::InputPrev | Action::InputNext => {}
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
            Action::PointsUp | Action::PointsDown => whatif::step(self, action == Action::PointsUp),
            Action::KeepBase => whatif::toggle_keep_base(self),
            Action::ResetRow => whatif::reset(self),
            Action::ResetAll => whatif::reset_all(self),
            Action::WriteIndicators => return whatif::write(self),
            Action::SortAsc | Action::SortDesc | Action::FilterProblems => {}
        }
        vec![]
    }
}
