//! The import view: every file read, its status, and the selected file's problems.

use crate::tui::app::App;
use crate::tui::widgets::prelude::*;

/// Height of the import view's lower pane (with its border).
pub const IMPORT_PANE_HEIGHT: u16 = 7;

/// Where the import view draws: the bordered file list (`top`), its table inside
/// (`list`, with its header), and the selected file's problems (`pane`).
pub struct ImportLayout {
    pub top: Rect,
    pub list: Rect,
    pub pane: Rect,
}

/// The import view's areas in `area` (the body between title and status bars).
pub fn layout(area: Rect) -> ImportLayout {
    let [top, pane] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(IMPORT_PANE_HEIGHT)]).areas(area);
    ImportLayout {
        top,
        list: top.inner(Margin::new(1, 1)),
        pane,
    }
}

/// Rows the view's table shows in `area` (below its header), at least one.
pub fn list_rows(area: Rect) -> usize {
    (layout(area).list.height as usize).saturating_sub(1).max(1)
}

pub(crate) fn import(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let areas = layout(area);
    let (top, pane) = (areas.top, areas.pane);
    let files = &app.report.files;
    let refused = files
        .iter()
        .filter(|f| !matches!(f.status, FileStatus::Imported | FileStatus::Superseded))
        .count();
    // The return chosen to count among its office's says so (以此份为准).
    let chosen: Vec<bool> = (0..files.len())
        .map(|i| crate::choose::chosen(&app.data, &app.report, i).is_some())
        .collect();
    let status_width = if chosen.contains(&true) {
        width(app.s(Msg::StatusChosen))
    } else {
        8
    };
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
        col(app.s(Msg::ColStatus), status_width, false, 0),
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
            FileStatus::Imported if chosen[i] => (Msg::StatusChosen, Style::new()),
            FileStatus::Imported => (Msg::StatusImported, Style::new()),
            FileStatus::Refused => (Msg::StatusRefused, theme.bad()),
            FileStatus::Conflict => (Msg::StatusConflict, theme.bad()),
            FileStatus::Superseded => (Msg::StatusSuperseded, theme.dim()),
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

/// `Enter`: on a 重复报送 or 未采用 file, the confirmation of 以此份为准; else the selected
/// file's office.
pub(crate) fn enter(app: &mut App) {
    let i = app.import.selected;
    if app
        .report
        .files
        .get(i)
        .is_some_and(|f| matches!(f.status, FileStatus::Conflict | FileStatus::Superseded))
    {
        app.open_choose(i);
        return;
    }
    if let Some(o) = app
        .report
        .files
        .get(app.import.selected)
        .and_then(|f| f.office)
    {
        app.open_office(o);
    }
}
