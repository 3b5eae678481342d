//! The matrix view: offices × indicators (or tasks), each cell a score rate.

use super::ListState;
use crate::tui::app::App;
use crate::tui::widgets::prelude::*;

/// Where the view draws: its border (`block`) and the table inside (`list`, with its
/// header and a footer line).
pub struct ViewLayout {
    pub block: Rect,
    pub list: Rect,
}

/// The view's areas in `area` (the body between title and status bars).
pub fn layout(area: Rect) -> ViewLayout {
    ViewLayout {
        block: area,
        list: area.inner(Margin::new(1, 1)),
    }
}

/// Rows the view's table shows in `area` (below its header), at least one.
pub fn list_rows(area: Rect) -> usize {
    (layout(area).list.height as usize).saturating_sub(2).max(1)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MatrixMode {
    #[default]
    Indicators,
    Tasks,
}

#[derive(Debug, Clone, Default)]
pub struct MatrixState {
    pub rows: ListState,
    pub col: usize,
    pub col_offset: usize,
    pub mode: MatrixMode,
}

/// Cells per matrix column (a rate up to 100, and a space).
pub const MATRIX_CELL: usize = 4;

pub(crate) fn matrix(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let mode = app.s(match app.matrix.mode {
        MatrixMode::Indicators => Msg::ModeIndicators,
        MatrixMode::Tasks => Msg::ModeTasks,
    });
    let b = block(app, format!(" {} · {mode} ", app.s(Msg::ViewMatrix)));
    let inner = layout(area).list;
    b.render(area, buf);
    if inner.height < 3 {
        return;
    }
    let results = &app.report.results;
    let gaps_of = |r: &crate::domain::assessment::OfficeResult| -> Vec<crate::domain::gaps::Gap> {
        match app.matrix.mode {
            MatrixMode::Indicators => r.gaps.indicators.clone(),
            MatrixMode::Tasks => r.gaps.tasks.clone(),
        }
    };
    let keys: Vec<String> = results
        .first()
        .map(|r| gaps_of(r).into_iter().map(|g| g.key).collect())
        .unwrap_or_default();
    let nw = app.name_width();
    let visible = app.matrix_visible();
    let sel_col = app.matrix.col;
    let offset = matrix_offset(sel_col, app.matrix.col_offset, visible, keys.len());
    // Header.
    put(
        buf,
        inner.x,
        inner.y,
        nw as u16,
        &pad_right(app.s(Msg::ColOffice), nw),
        theme.header(),
    );
    for (k, key) in keys.iter().enumerate().skip(offset).take(visible) {
        let x = inner.x + (nw + 1 + (k - offset) * (MATRIX_CELL + 1)) as u16;
        let mut style = theme.header();
        if k == sel_col {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        put(
            buf,
            x,
            inner.y,
            MATRIX_CELL as u16,
            &pad_left(key, MATRIX_CELL),
            style,
        );
    }
    let rows_h = inner.height as usize - 2;
    let l = app.matrix.rows;
    for (line, i) in (l.offset..results.len()).take(rows_h).enumerate() {
        let y = inner.y + 1 + line as u16;
        let r = &results[i];
        let sel_row = i == l.selected;
        let name_style = if sel_row {
            theme.selected()
        } else {
            Style::new()
        };
        put(
            buf,
            inner.x,
            y,
            nw as u16,
            &pad_right(&app.data.registry.offices[r.office].name, nw),
            name_style,
        );
        let gaps = gaps_of(r);
        for (k, g) in gaps.iter().enumerate().skip(offset).take(visible) {
            let x = inner.x + (nw + 1 + (k - offset) * (MATRIX_CELL + 1)) as u16;
            let pct = rate_pct(g.score, g.max);
            let mut style = theme.rate(pct);
            if sel_row && k == sel_col {
                style = style.patch(theme.selected());
            } else if sel_row || k == sel_col {
                style = style.add_modifier(Modifier::BOLD);
            }
            put(
                buf,
                x,
                y,
                MATRIX_CELL as u16,
                &pad_left(&pct.to_string(), MATRIX_CELL),
                style,
            );
        }
    }
    let legend = format!(
        "{}  {}/{}",
        app.s(Msg::Legend),
        (sel_col + 1).min(keys.len()),
        keys.len()
    );
    put(
        buf,
        inner.x,
        inner.y + inner.height - 1,
        inner.width,
        &legend,
        theme.dim(),
    );
}

/// The first matrix column shown: the stored offset, moved just enough to show the
/// selected column.
pub fn matrix_offset(sel: usize, stored: usize, visible: usize, len: usize) -> usize {
    let mut off = stored.min(len.saturating_sub(visible));
    if sel < off {
        off = sel;
    } else if sel >= off + visible {
        off = sel + 1 - visible;
    }
    off
}

impl App {
    /// Ranked offices in rank order (the matrix rows).
    pub fn matrix_len(&self) -> usize {
        self.report.results.len()
    }

    /// Matrix columns that fit the width (the same computation the view makes).
    pub fn matrix_visible(&self) -> usize {
        let inner = layout(self.body()).list.width as usize;
        let nw = self.name_width();
        (inner.saturating_sub(nw + 1) / (MATRIX_CELL + 1)).max(1)
    }

    /// Matrix columns: indicators with points, or office-scoped tasks with indicators.
    pub fn matrix_columns(&self) -> usize {
        match self.matrix.mode {
            MatrixMode::Indicators => self
                .report
                .results
                .first()
                .map(|r| r.gaps.indicators.len())
                .unwrap_or(0),
            MatrixMode::Tasks => self
                .report
                .results
                .first()
                .map(|r| r.gaps.tasks.len())
                .unwrap_or(0),
        }
    }
}

/// `←` / `→`: the selected column, scrolled into view.
pub(crate) fn step_column(app: &mut App, d: isize) {
    let n = app.matrix_columns();
    app.matrix.col = (app.matrix.col as isize + d).clamp(0, (n as isize - 1).max(0)) as usize;
    app.matrix.col_offset = matrix_offset(
        app.matrix.col,
        app.matrix.col_offset,
        app.matrix_visible(),
        n,
    );
}

/// `Enter`: the selected row's office.
pub(crate) fn enter(app: &mut App) {
    if let Some(o) = app
        .report
        .results
        .get(app.matrix.rows.selected)
        .map(|r| r.office)
    {
        app.open_office(o);
    }
}

/// `m`: indicators ↔ tasks.
pub(crate) fn toggle_mode(app: &mut App) {
    app.matrix.mode = match app.matrix.mode {
        MatrixMode::Indicators => MatrixMode::Tasks,
        MatrixMode::Tasks => MatrixMode::Indicators,
    };
    app.matrix.col = 0;
    app.matrix.col_offset = 0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_scrolls_just_enough() {
        assert_eq!(matrix_offset(0, 0, 5, 20), 0);
        assert_eq!(matrix_offset(7, 0, 5, 20), 3);
        assert_eq!(matrix_offset(2, 3, 5, 20), 2);
        assert_eq!(matrix_offset(19, 0, 5, 20), 15);
    }
}
