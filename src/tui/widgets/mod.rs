//! Drawing helpers shared by the views and popups: the table widget, the theme, and the
//! few formatted values every view shows the same way.

pub mod table;
pub mod theme;

use crate::domain::points::Decimal;
use crate::text::sanitize;
use crate::tui::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// What the views and popups import: the widgets and the ratatui types they draw with.
pub(crate) mod prelude {
    pub(crate) use super::table::*;
    pub(crate) use super::theme::*;
    pub(crate) use super::{grade_text, rate_pct, signed, wrap_lines};
    pub(crate) use crate::domain::points::{fmt2, Decimal};
    pub(crate) use crate::import::{FileStatus, Severity};
    pub(crate) use crate::text::{pad_left, pad_right, sanitize, width};
    pub(crate) use crate::tui::action::{hints, Scope, ViewId, BINDINGS};
    pub(crate) use crate::tui::strings::Msg;
    pub(crate) use ratatui::buffer::Buffer;
    pub(crate) use ratatui::layout::{Constraint, Layout, Margin, Rect};
    pub(crate) use ratatui::style::{Modifier, Style};
    pub(crate) use ratatui::widgets::{Clear, Widget};
}

/// The 等次 as shown (with the veto's or the quota's note), as everywhere else.
pub(crate) fn grade_text(app: &App, r: &crate::domain::assessment::OfficeResult) -> String {
    crate::labels::grade(r, &app.data.set)
}

/// A signed difference, as everywhere else (`+1.00`, `-0.80`, `0.00`).
pub(crate) fn signed(d: Decimal) -> String {
    crate::labels::signed(d)
}

/// Writes lines, wrapping each at the area's width (in cells), as many as fit.
pub(crate) fn wrap_lines(buf: &mut Buffer, area: Rect, lines: &[(String, Style)]) {
    let w = area.width as usize;
    if w == 0 {
        return;
    }
    let mut y = area.y;
    for (text, style) in lines {
        let mut rest = sanitize(text);
        while !rest.is_empty() {
            if y >= area.y + area.height {
                return;
            }
            let mut piece = String::new();
            let mut used = 0;
            let mut cut = rest.len();
            for (i, c) in rest.char_indices() {
                let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if used + cw > w {
                    cut = i;
                    break;
                }
                used += cw;
                piece.push(c);
            }
            buf.set_stringn(area.x, y, &piece, w, *style);
            rest = rest[cut..].to_string();
            y += 1;
        }
    }
}

pub(crate) fn rate_pct(score: Decimal, max: Decimal) -> i64 {
    if max.is_zero() {
        return 100;
    }
    crate::domain::points::mul_ratio(Decimal::from(100), score, max)
        .round()
        .try_into()
        .unwrap_or(0)
}
