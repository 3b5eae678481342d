//! The table widget: columns measured in terminal cells, dropped by priority to fit the
//! width, every cell sanitized.

use super::theme::Theme;
use crate::text::{pad_left, pad_right, sanitize, truncate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

/// A table column: its title, width in cells, alignment, and how early it is dropped when
/// the width is short (0 = never; higher numbers go first). A `flex` column takes what is
/// left.
pub(crate) struct Column {
    pub(crate) title: String,
    pub(crate) width: usize,
    pub(crate) right: bool,
    pub(crate) drop: u8,
    pub(crate) flex: bool,
}

pub(crate) fn col(title: &str, width: usize, right: bool, drop: u8) -> Column {
    Column {
        title: title.to_string(),
        width: width.max(crate::text::width(title)),
        right,
        drop,
        flex: false,
    }
}

pub(crate) fn flex(title: &str, min: usize, drop: u8) -> Column {
    Column {
        title: title.to_string(),
        width: min,
        right: false,
        drop,
        flex: true,
    }
}

/// Which columns fit `avail` cells (one space between columns), and their widths.
pub(crate) fn fit(cols: &[Column], avail: usize) -> Vec<(usize, usize)> {
    let mut keep: Vec<usize> = (0..cols.len()).collect();
    let need = |keep: &[usize]| {
        keep.iter().map(|&i| cols[i].width).sum::<usize>() + keep.len().saturating_sub(1)
    };
    while need(&keep) > avail {
        // Drop the highest `drop`, the rightmost first.
        let Some(pos) = keep
            .iter()
            .enumerate()
            .filter(|(_, &i)| cols[i].drop > 0)
            .max_by_key(|(p, &i)| (cols[i].drop, *p))
            .map(|(p, _)| p)
        else {
            break;
        };
        keep.remove(pos);
    }
    let spare = avail.saturating_sub(need(&keep));
    let flexes = keep.iter().filter(|&&i| cols[i].flex).count();
    let mut out = Vec::new();
    let mut left = spare;
    let mut seen = 0;
    for &i in &keep {
        let mut w = cols[i].width;
        if cols[i].flex {
            seen += 1;
            let extra = if seen == flexes {
                left
            } else {
                spare / flexes.max(1)
            };
            w += extra;
            left -= extra;
        }
        out.push((i, w));
    }
    out
}

pub(crate) fn cell(text: &str, w: usize, right: bool) -> String {
    if right {
        pad_left(text, w)
    } else {
        pad_right(text, w)
    }
}

/// Writes a line of cells at (x, y).
pub(crate) fn put(buf: &mut Buffer, x: u16, y: u16, w: u16, text: &str, style: Style) {
    let a = buf.area;
    if y < a.y || y >= a.bottom() || x < a.x || x >= a.right() {
        return;
    }
    let w = w.min(a.right() - x) as usize;
    let t = truncate(text, w);
    buf.set_stringn(x, y, &t, w, style);
}

/// Draws a table: header, then `rows` from `offset`. `row(i)` gives each cell's text and
/// style; `selected` is reverse video; `mark_col` underlines one column's header.
#[allow(clippy::too_many_arguments)]
pub(crate) fn table(
    buf: &mut Buffer,
    area: Rect,
    cols: &[Column],
    len: usize,
    offset: usize,
    selected: Option<usize>,
    mark_col: Option<usize>,
    theme: &Theme,
    row: &dyn Fn(usize) -> Vec<(String, Style)>,
) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let layout = fit(cols, area.width as usize);
    let mut x = area.x;
    for &(i, w) in &layout {
        let mut style = theme.header();
        if mark_col == Some(i) {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        put(
            buf,
            x,
            area.y,
            w as u16,
            &cell(&cols[i].title, w, cols[i].right),
            style,
        );
        x += w as u16 + 1;
    }
    for (line, r) in (offset..len).take(area.height as usize - 1).enumerate() {
        let y = area.y + 1 + line as u16;
        let cells = row(r);
        let sel = selected == Some(r);
        if sel {
            buf.set_style(Rect::new(area.x, y, area.width, 1), theme.selected());
        }
        let mut x = area.x;
        for &(i, w) in &layout {
            let (text, mut style) = cells.get(i).cloned().unwrap_or_default();
            if sel {
                style = style.patch(theme.selected());
            }
            put(
                buf,
                x,
                y,
                w as u16,
                &cell(&sanitize(&text), w, cols[i].right),
                style,
            );
            x += w as u16 + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_drop_by_priority() {
        let cols = vec![
            col("a", 10, false, 0),
            col("b", 10, false, 2),
            col("c", 10, false, 1),
            flex("d", 5, 0),
        ];
        let f = fit(&cols, 40);
        assert_eq!(f.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 1, 2, 3]);
        assert_eq!(f.iter().map(|(_, w)| w).sum::<usize>() + 3, 40);
        let f = fit(&cols, 30);
        assert_eq!(f.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 2, 3]);
        let f = fit(&cols, 18);
        assert_eq!(f.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 3]);
    }
}
