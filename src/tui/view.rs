//! Drawing: a pure view of the state. The frame (title bar, the current view, status bar,
//! popups) is drawn here; each view and popup draws itself (`views/`, `popups/`) with the
//! widgets of `widgets/`.

use super::app::App;
use super::widgets::prelude::*;
use ratatui::Frame;

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
        ViewId::Ranking => super::views::ranking::ranking(buf, body, app, &theme),
        ViewId::Office => super::views::office::office(buf, body, app, &theme),
        ViewId::Tasks => super::views::tasks::tasks(buf, body, app, &theme),
        ViewId::Matrix => super::views::matrix::matrix(buf, body, app, &theme),
        ViewId::Import => super::views::import::import(buf, body, app, &theme),
        ViewId::Checks => super::views::checks::checks(buf, body, app, &theme),
        ViewId::WhatIf => super::views::whatif::whatif(buf, body, app, &theme),
    }
    status_bar(buf, bottom, app, &theme);
    if app.help {
        super::popups::help::help(buf, area, app, &theme);
    }
    if let Some(h) = &app.history {
        super::popups::history::history(buf, area, app, h, &theme);
    }
    if app.form.is_some() {
        super::popups::form::form(buf, area, app, &theme);
    }
    if app.choose.is_some() {
        super::popups::choose::choose(buf, area, app, &theme);
    }
    if app.export.is_some() {
        super::popups::export::export_menu(buf, area, app, &theme);
    }
}

pub(crate) fn view_name(app: &App, v: ViewId) -> &'static str {
    app.s(match v {
        ViewId::Ranking => Msg::ViewRanking,
        ViewId::Office => Msg::ViewOffice,
        ViewId::Tasks => Msg::ViewTasks,
        ViewId::Matrix => Msg::ViewMatrix,
        ViewId::Import => Msg::ViewImport,
        ViewId::Checks => Msg::ViewChecks,
        ViewId::WhatIf => Msg::ViewWhatIf,
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
    let work = work_text(app);
    let text = if let Some(t) = &app.typing {
        let prompt = if app.view == ViewId::Checks {
            Msg::FilterPrompt
        } else {
            Msg::SearchPrompt
        };
        format!("{}{}█", app.s(prompt), sanitize(t))
    } else if let Some(w) = &work {
        match &app.message {
            Some(m) => format!("{w}  {}", sanitize(m)),
            None => w.clone(),
        }
    } else if let Some(m) = &app.message {
        sanitize(m)
    } else {
        hints(app.view, app.opts.lang)
            .iter()
            .map(|(k, t)| format!("{k} {t}"))
            .collect::<Vec<_>>()
            .join("  ")
    };
    let style = if (app.message.is_some() || work.is_some()) && app.typing.is_none() {
        theme.header()
    } else {
        theme.dim()
    };
    put(buf, area.x, area.y, area.width, &text, style);
}

/// The background work under way, for the status bar: a write waiting on another
/// evaluator (and how to give it up), or what runs and how far it is.
fn work_text(app: &App) -> Option<String> {
    if app.waiting {
        return Some(format!(
            "{}（{}）",
            app.s(Msg::WaitingForColleague),
            app.s(Msg::EscCancels)
        ));
    }
    let (what, done, total) = app.progress?;
    Some(if total > 0 {
        format!("{}… {done}/{total}", app.s(what))
    } else {
        format!("{}…", app.s(what))
    })
}
