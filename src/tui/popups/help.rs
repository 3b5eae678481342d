//! The help popup: every binding of the one table, by scope.

use crate::tui::app::App;
use crate::tui::view::view_name;
use crate::tui::widgets::prelude::*;

pub(crate) fn help(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let lang = app.opts.lang;
    let mut lines: Vec<(String, Style)> = Vec::new();
    let key_w = BINDINGS.iter().map(|b| width(b.label)).max().unwrap_or(4);
    let section = |title: &str,
                   pick: &dyn Fn(&crate::tui::action::Binding) -> bool,
                   lines: &mut Vec<(String, Style)>| {
        let items: Vec<&crate::tui::action::Binding> =
            BINDINGS.iter().filter(|b| pick(b)).collect();
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
    // Comparing (同比): against what, and what was not compared, and why.
    if let Some(d) = &app.diff {
        let against = format!("{}（{}）", d.title, d.source);
        let head = lang.labelled(app.s(Msg::PrevYear), &against);
        lines.push((sanitize(&head), theme.header()));
        if d.not_comparable.is_empty() {
            lines.push((format!("  {}", app.s(Msg::AllComparable)), Style::new()));
        }
        for n in &d.not_comparable {
            let line = format!("  {}：{}", app.s(Msg::NotComparable), n.shown());
            lines.push((sanitize(&line), Style::new()));
        }
    }
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
    super::clear(popup, buf);
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
