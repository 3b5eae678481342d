//! The confirmation of the return that counts (以此份为准): `Enter` on a 重复报送 (or 未采用)
//! file in the import view. It names the file, the office's other returns (未采用), the
//! choice now in force, and which return is later (填报日期, then the file's time) as a hint
//! only; `Enter` confirms, `Esc` cancels.

use super::popup;
use crate::choose::{later, path_in, returns_of, LaterBy};
use crate::tui::action::Action;
use crate::tui::app::{App, Effect};
use crate::tui::widgets::prelude::*;

/// The open confirmation: what it shows, taken when it opened (a re-import meanwhile does
/// not change what is confirmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChooseForm {
    pub office: usize,
    /// The file to count: its SHA-256 and its path in the folder.
    pub sha256: String,
    pub path: String,
    /// The office's other returns, by their paths in the folder.
    pub others: Vec<String>,
    /// The later return, if one is: whether it is this one, its path, and what tells.
    pub later: Option<(bool, String, LaterBy)>,
    /// The choice in force: the file counting now, and who chose it when.
    pub now: Option<(String, String)>,
}

pub(crate) fn choose(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let Some(c) = &app.choose else { return };
    let lang = app.opts.lang;
    let office = &app.data.registry.offices[c.office].name;
    let inner = popup(
        buf,
        area,
        app,
        format!(" {} · {office} ", app.s(Msg::ChooseTitle)),
        72,
        9,
    );
    let w = inner.width.saturating_sub(1);
    let x = inner.x + 1;
    let mut lines: Vec<(String, Style)> = vec![(
        lang.labelled(app.s(Msg::ChooseThis), &c.path),
        theme.header(),
    )];
    if !c.others.is_empty() {
        let others = c.others.join("、");
        lines.push((
            lang.labelled(app.s(Msg::ChooseOthers), &others),
            Style::new(),
        ));
    }
    if let Some((file, by)) = &c.now {
        let now = lang.noted(file, by);
        lines.push((lang.labelled(app.s(Msg::ChooseNow), &now), Style::new()));
    }
    if let Some((this, file, by)) = &c.later {
        let when = match by {
            LaterBy::Filed(d) => format!("{} {}", app.s(Msg::FiledOn), d.format("%Y-%m-%d")),
            LaterBy::Modified(t) => format!(
                "{} {}",
                app.s(Msg::ModifiedAt),
                chrono::DateTime::<chrono::Local>::from(*t).format("%Y-%m-%d %H:%M:%S")
            ),
        };
        let which = if *this {
            app.s(Msg::ChooseThisOne)
        } else {
            file.as_str()
        };
        let later = lang.noted(which, &when);
        lines.push((lang.labelled(app.s(Msg::ChooseLater), &later), Style::new()));
        lines.push((app.s(Msg::ChooseHintOnly).to_string(), theme.dim()));
    }
    let rows = inner.height.saturating_sub(1);
    for (k, (line, style)) in lines.iter().take(rows as usize).enumerate() {
        put(buf, x, inner.y + k as u16, w, &sanitize(line), *style);
    }
    put(
        buf,
        x,
        inner.y + inner.height.saturating_sub(1),
        w,
        app.s(Msg::ChooseKeys),
        theme.dim(),
    );
}

impl App {
    /// Opens the confirmation on file `i` of the report (one of an office's returns).
    pub(crate) fn open_choose(&mut self, i: usize) {
        if self.read_only {
            self.message = Some(self.s(Msg::ReadOnly).to_string());
            return;
        }
        let files = &self.report.files;
        let Some((f, office)) = files.get(i).and_then(|f| Some((f, f.office?))) else {
            return;
        };
        let all = returns_of(&self.report, office);
        let name = |j: usize| path_in(&self.dir, &files[j].path);
        let now = all.iter().find_map(|&j| {
            crate::choose::chosen(&self.data, &self.report, j).map(|c| (name(j), c.by()))
        });
        let later = later(files, &all).map(|l| (l.file == i, name(l.file), l.by));
        self.choose = Some(ChooseForm {
            office,
            sha256: f.sha256.clone(),
            path: name(i),
            others: all.iter().filter(|&&j| j != i).map(|&j| name(j)).collect(),
            later,
            now,
        });
    }

    /// Handles a key while the confirmation is open.
    pub(crate) fn choose_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::InputSubmit | Action::Enter => match self.choose.take() {
                Some(c) => vec![Effect::Choose {
                    office: c.office,
                    sha256: c.sha256,
                    path: c.path,
                }],
                None => vec![],
            },
            Action::InputCancel | Action::Back => {
                self.choose = None;
                vec![]
            }
            _ => vec![],
        }
    }
}
