//! Popups over the views: help, the decision form (score or veto), an office's history and
//! the export menu.

pub mod choose;
pub mod export;
pub mod form;
pub mod help;
pub mod history;

use crate::tui::app::App;
use crate::tui::widgets::prelude::*;

/// Clears a popup's area, and the wide characters of the view behind it that straddle its
/// left edge: a terminal draws such a character over both its cells, so it would hide the
/// popup's left border (ratatui's diff skips the cell after a wide character).
pub(crate) fn clear(r: Rect, buf: &mut Buffer) {
    Clear.render(r, buf);
    if r.x == 0 || r.x <= buf.area.x {
        return;
    }
    for y in r.top()..r.bottom() {
        if let Some(cell) = buf.cell_mut((r.x - 1, y)) {
            if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
}

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
    clear(r, buf);
    let b = block(app, title);
    let inner = b.inner(r);
    b.render(r, buf);
    inner
}
