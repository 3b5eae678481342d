//! The page setup every workbook kaoping writes shares: A4, one page wide (as many pages
//! tall as it takes), the header rows (and on a wide matrix the first column) repeated on
//! every page, the workbook's title in the page header, `第 &P 页 共 &N 页` in the footer, and
//! margins that leave room for both.

use super::limits::fit_line;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// A4 in Excel's paper sizes.
pub const A4: u8 = 9;
/// The footer: the page and the count of pages, centred.
pub const FOOTER: &str = "&C第 &P 页 共 &N 页";
/// The most characters of a title in the page header (Excel holds 255 with the codes).
const HEADER_TITLE: usize = 120;

/// How a sheet prints.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    /// The title in the page header (a workbook's title; cut to one short line).
    pub title: &'a str,
    pub landscape: bool,
    /// Rows repeated at the top of every page (0-based, first and last).
    pub rows: Option<(u32, u32)>,
    /// Columns repeated at the left of every page (0-based, first and last).
    pub cols: Option<(u16, u16)>,
    /// Pages tall: 0 for as many as it takes, 1 to shrink a short table onto one page.
    pub tall: u16,
}

impl<'a> Page<'a> {
    /// A landscape page with `title` in its header, nothing repeated.
    pub fn landscape(title: &'a str) -> Self {
        Page {
            title,
            landscape: true,
            rows: None,
            cols: None,
            tall: 0,
        }
    }

    /// A portrait page with `title` in its header, nothing repeated.
    pub fn portrait(title: &'a str) -> Self {
        Page {
            landscape: false,
            ..Page::landscape(title)
        }
    }

    /// The header row `row` repeated on every page.
    pub fn repeat_row(self, row: u32) -> Self {
        self.repeat_rows(row, row)
    }

    /// Rows `first..=last` repeated on every page.
    pub fn repeat_rows(self, first: u32, last: u32) -> Self {
        Page {
            rows: Some((first, last)),
            ..self
        }
    }

    /// On one page (wide and tall): for a table short enough to read shrunk, such as a
    /// ranking of a few dozen offices with its notes.
    pub fn one_page(self) -> Self {
        Page { tall: 1, ..self }
    }

    /// The first column (the office's) repeated on every page.
    pub fn repeat_first_col(self) -> Self {
        Page {
            cols: Some((0, 0)),
            ..self
        }
    }
}

/// The page header: the title, centred, with `&` (a code in headers) written as `＆`, on
/// one line within Excel's limit.
pub fn header(title: &str) -> String {
    let t = fit_line(&title.replace('&', "＆"), HEADER_TITLE);
    format!("&C{t}")
}

/// Sets up a worksheet's printing as [`Page`] says.
pub fn setup(ws: &mut Worksheet, page: &Page) -> Result<(), XlsxError> {
    paper(ws, page);
    // One page wide, as many tall as it takes (or as the page says).
    ws.set_print_fit_to_pages(1, page.tall);
    ws.set_print_center_horizontally(true);
    if let Some((first, last)) = page.rows {
        ws.set_repeat_rows(first, last)?;
    }
    if let Some((first, last)) = page.cols {
        ws.set_repeat_columns(first, last)?;
    }
    Ok(())
}

/// Sets up a chart sheet's printing: A4, the orientation, header and footer (a chart sheet
/// fills its page; it has no rows to repeat).
pub fn setup_chartsheet(ws: &mut Worksheet, page: &Page) {
    paper(ws, page);
    // Narrower margins: the chart takes the page.
    ws.set_margins(0.4, 0.4, 0.6, 0.5, 0.25, 0.2);
}

fn paper(ws: &mut Worksheet, page: &Page) {
    ws.set_paper_size(A4);
    if page.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    // Inches: 1.5 cm left and right, 2 cm top and bottom, the header and footer 0.8 cm
    // from the edge.
    ws.set_margins(0.6, 0.6, 0.8, 0.8, 0.3, 0.3);
    ws.set_header(header(page.title));
    ws.set_footer(FOOTER);
}

/// How many lines a text takes in a wrapped cell `cols` East-Asian cells wide (the width
/// of Excel's columns, less a margin): rows whose height is set from it never hide text,
/// in Excel or in LibreOffice, which do not both size rows of wrapped text on opening.
pub fn lines_in(text: &str, cols: f64) -> usize {
    let per_line = (cols as usize).saturating_sub(1).max(1);
    text.split('\n')
        .map(|l| crate::text::width(l).div_ceil(per_line).max(1))
        .sum::<usize>()
        .max(1)
}

/// The height in points of a row of `lines` lines of text in the default 11-point font,
/// within Excel's tallest row (409 points).
pub fn row_height(lines: usize) -> f64 {
    (15.0 * lines as f64 + 3.0).min(409.0)
}
