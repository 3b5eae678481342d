//! Popups over the views: help, the decision form (score or veto), an office's history and
//! the export menu.

pub mod choose;
pub mod export;
pub mod form;
pub mod help;
pub mod history;

use crate::tui::app::App;
use crate::tui::widgets::prelude::*;

/// A centered popup of `w` × `h` cells, cleared, with a border; returns its inner area.
pub(crate) fn popup(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    title: String,
    w: u16,
    h: u16,
) -> Rect {
    let w = w.min(area.width.saturating_sub(2)).max(10);
    let h = h.min(area.height.saturating_sub(1)).max(3);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(r, buf);
    let b = block(app, title);
    let inner = b.inner(r);
    b.render(r, buf);
    inner
}
