//! The export menu (`x`): the workbook for headquarters or for the offices, the draft
//! circular, or every office's feedback, each written into the folder with kaoping's own
//! suffix (`.kaoping.xlsx`, `.kaoping.docx`) by the worker. `↑`/`↓` and `Enter`, or an
//! item's digit, choose; `Esc` cancels.

use super::popup;
use crate::tui::action::Action;
use crate::tui::app::{App, Effect};
use crate::tui::widgets::prelude::*;

/// What the menu writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The whole workbook (汇总表), for headquarters.
    Internal,
    /// The workbook with only what may be forwarded (送各单位).
    Offices,
    /// The draft circular (通报（征求意见稿）).
    Circular,
    /// One feedback letter per ranked office, into [`FEEDBACK_DIR`].
    Feedback,
}

impl ExportKind {
    /// The menu's items, in order (the digit of each is its place, from 1).
    pub const ALL: [ExportKind; 4] = [
        ExportKind::Internal,
        ExportKind::Offices,
        ExportKind::Circular,
        ExportKind::Feedback,
    ];

    fn label(self) -> Msg {
        match self {
            ExportKind::Internal => Msg::ExportInternal,
            ExportKind::Offices => Msg::ExportOffices,
            ExportKind::Circular => Msg::ExportCircular,
            ExportKind::Feedback => Msg::ExportFeedback,
        }
    }

    /// The file (or files) it writes into the folder, as the menu shows them.
    fn target(self) -> &'static str {
        match self {
            ExportKind::Internal => "考评排名-时间.kaoping.xlsx",
            ExportKind::Offices => "考评排名-送各单位-时间.kaoping.xlsx",
            ExportKind::Circular => "通报（征求意见稿）-时间.kaoping.docx",
            ExportKind::Feedback => "反馈意见/…（××海关）.kaoping.docx",
        }
    }
}

/// The subfolder of the folder of returns the UI writes the feedback letters into.
pub const FEEDBACK_DIR: &str = "反馈意见";

/// The open menu: the item selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExportMenu {
    pub selected: usize,
}

pub(crate) fn export_menu(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let Some(m) = &app.export else { return };
    let n = ExportKind::ALL.len() as u16;
    let inner = popup(
        buf,
        area,
        app,
        format!(" {} ", app.s(Msg::ExportTitle)),
        68,
        n + 6,
    );
    let w = inner.width.saturating_sub(1);
    let x = inner.x + 1;
    let dir = sanitize(&app.dir.display().to_string());
    let into = app.opts.lang.labelled(app.s(Msg::ExportInto), &dir);
    put(buf, x, inner.y, w, &into, theme.dim());
    let label_w = ExportKind::ALL
        .iter()
        .map(|k| width(app.s(k.label())))
        .max()
        .unwrap_or(0);
    for (i, k) in ExportKind::ALL.iter().enumerate() {
        let y = inner.y + 2 + i as u16;
        if y + 1 >= inner.y + inner.height {
            break;
        }
        let line = format!(
            "{} {}  {}",
            i + 1,
            pad_right(app.s(k.label()), label_w),
            k.target()
        );
        let style = if i == m.selected {
            theme.selected()
        } else {
            Style::new()
        };
        buf.set_style(Rect::new(x, y, w, 1).intersection(buf.area), style);
        put(buf, x, y, w, &line, style);
    }
    put(
        buf,
        x,
        inner.y + inner.height.saturating_sub(1),
        w,
        app.s(Msg::ExportKeys),
        theme.dim(),
    );
}

impl App {
    /// Opens the export menu (`x`).
    pub(crate) fn open_export(&mut self) {
        self.export = Some(ExportMenu::default());
    }

    /// What the status bar says of an export: the file written (the feedback letters: their
    /// folder and how many), or why not.
    pub(crate) fn exported(
        &self,
        kind: ExportKind,
        r: Result<Vec<std::path::PathBuf>, String>,
    ) -> String {
        let lang = self.opts.lang;
        match (kind, r) {
            (_, Err(e)) => format!("✗ {e}"),
            (ExportKind::Feedback, Ok(files)) => {
                let folder = self.dir.join(FEEDBACK_DIR);
                let count = format!("{} {}", files.len(), self.s(Msg::FilesCount));
                let value = lang.noted(&folder.display().to_string(), &count);
                lang.labelled(self.s(Msg::WroteFeedback), &value)
            }
            (kind, Ok(files)) => {
                let what = match kind {
                    ExportKind::Circular => Msg::WroteCircular,
                    _ => Msg::Exported,
                };
                let shown: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
                lang.labelled(self.s(what), &shown.join("、"))
            }
        }
    }

    /// Handles a key while the menu is open: `↑`/`↓` move, `Enter` or a digit writes,
    /// `Esc` cancels.
    pub(crate) fn export_action(&mut self, action: Action) -> Vec<Effect> {
        let Some(m) = &mut self.export else {
            return vec![];
        };
        let n = ExportKind::ALL.len();
        let chosen = match action {
            Action::InputPrev | Action::Up => {
                m.selected = (m.selected + n - 1) % n;
                None
            }
            Action::InputNext | Action::Down => {
                m.selected = (m.selected + 1) % n;
                None
            }
            Action::InputSubmit | Action::Enter => Some(m.selected),
            Action::Input(c) => c
                .to_digit(10)
                .and_then(|d| (d as usize).checked_sub(1))
                .filter(|&i| i < n),
            Action::InputCancel | Action::Back => {
                self.export = None;
                None
            }
            _ => None,
        };
        match chosen {
            Some(i) => {
                self.export = None;
                vec![Effect::Export(ExportKind::ALL[i])]
            }
            None => vec![],
        }
    }
}
