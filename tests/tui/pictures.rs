//! Pictures of the screens for the manual: each view at 120×40, drawn into the same
//! `TestBackend` buffer as the snapshots and written as SVG to `docs/screens/`. The test
//! fails when a committed picture no longer matches its buffer; `scripts/pictures.sh` (this
//! test with `KAOPING_PICTURES=write`) writes them again.
//!
//! The SVG is a grid of 10×20 px cells. Every glyph is placed at the centre of its cells
//! (one `<text>` per run of same-style glyphs, each glyph after the first in a `<tspan>` with
//! its own x: librsvg, which pandoc uses, ignores a list of x positions), so that a wide
//! character takes exactly two cells and columns line up whatever font the viewer has.
//! Box-drawing lines and block elements are drawn as rectangles, as terminals draw them,
//! so that borders join and bars are solid in any font. The bytes depend on the buffer only.

use super::*;
use ratatui::buffer::Cell;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A cell's size in pixels, the margin around the grid, the text's baseline in a cell.
const CELL_W: u32 = 10;
const CELL_H: u32 = 20;
const MARGIN: u32 = 10;
const BASELINE: u32 = 15;
const FONT_SIZE: u32 = 16;
/// A Latin monospace font first: the characters of ambiguous width that the UI counts as
/// one cell (“ ” … — ·) are narrow there, and full-width in a CJK font; Chinese falls back
/// to the CJK fonts.
const FONTS: &str = "'DejaVu Sans Mono', Menlo, Consolas, 'Noto Sans Mono CJK SC', \
                     'Sarasa Mono SC', 'Microsoft YaHei', monospace";

/// The sixteen colours (Windows Terminal's "Campbell" scheme), in ratatui's order: Black,
/// Red, Green, Yellow, Blue, Magenta, Cyan, Gray, DarkGray, LightRed, …, White.
const PALETTE: [(u8, u8, u8); 16] = [
    (0x0c, 0x0c, 0x0c),
    (0xc5, 0x0f, 0x1f),
    (0x13, 0xa1, 0x0e),
    (0xc1, 0x9c, 0x00),
    (0x00, 0x37, 0xda),
    (0x88, 0x17, 0x98),
    (0x3a, 0x96, 0xdd),
    (0xcc, 0xcc, 0xcc),
    (0x76, 0x76, 0x76),
    (0xe7, 0x48, 0x56),
    (0x16, 0xc6, 0x0c),
    (0xf9, 0xf1, 0xa5),
    (0x3b, 0x78, 0xff),
    (0xb4, 0x00, 0x9e),
    (0x61, 0xd6, 0xd6),
    (0xf2, 0xf2, 0xf2),
];
/// The terminal's own foreground and background (`Color::Reset`).
const DEFAULT_FG: (u8, u8, u8) = PALETTE[7];
const DEFAULT_BG: (u8, u8, u8) = PALETTE[0];

type Rgb = (u8, u8, u8);

fn rgb(c: Color, default: Rgb) -> Rgb {
    let named = |i: usize| PALETTE[i];
    match c {
        Color::Reset => default,
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) => match i {
            0..=15 => named(i as usize),
            16..=231 => {
                let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
                let i = i - 16;
                (level(i / 36), level(i / 6 % 6), level(i % 6))
            }
            232..=255 => {
                let v = 8 + 10 * (i - 232);
                (v, v, v)
            }
        },
    }
}

fn hex((r, g, b): Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Text for XML (in elements and double-quoted attributes): `&`, `<`, `>` and `"` escaped;
/// a character XML cannot carry (control characters) as U+FFFD.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The arms of a box-drawing character: left, right, up, down (light lines; rounded corners
/// as square ones).
fn box_arms(c: char) -> Option<[bool; 4]> {
    Some(match c {
        '─' => [true, true, false, false],
        '│' => [false, false, true, true],
        '┌' | '╭' => [false, true, false, true],
        '┐' | '╮' => [true, false, false, true],
        '└' | '╰' => [false, true, true, false],
        '┘' | '╯' => [true, false, true, false],
        '├' => [false, true, true, true],
        '┤' => [true, false, true, true],
        '┬' => [true, true, false, true],
        '┴' => [true, true, true, false],
        '┼' => [true, true, true, true],
        _ => return None,
    })
}

/// A block element as the part of its cell it fills: (x, y, width, height) in pixels of a
/// `CELL_W`×`CELL_H` cell.
fn block_part(c: char) -> Option<(u32, u32, u32, u32)> {
    let (w, h) = (CELL_W, CELL_H);
    Some(match c {
        '█' => (0, 0, w, h),
        '▀' => (0, 0, w, h / 2),
        '▐' => (w / 2, 0, w - w / 2, h),
        // Lower eighths ▁..▇ (▄ among them) and left eighths ▉..▏ (▌).
        '\u{2581}'..='\u{2587}' => {
            let n = c as u32 - 0x2580;
            let part = h * n / 8;
            (0, h - part, w, part)
        }
        '\u{2589}'..='\u{258F}' => {
            let n = 0x2590 - c as u32;
            (0, 0, w * n / 8, h)
        }
        _ => return None,
    })
}

/// What is drawn of one cell (the columns a wide character covers are part of it).
struct Glyph<'a> {
    x: u16,
    y: u16,
    width: u16,
    symbol: &'a str,
    fg: Rgb,
    bg: Rgb,
    modifier: Modifier,
}

/// The cells as a terminal shows them: a wide character covers the cells after it (as
/// ratatui's own diff skips them), reverse video applied, hidden text blank.
fn glyphs(buf: &Buffer) -> Vec<Glyph<'_>> {
    let area = buf.area;
    let mut out = Vec::new();
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let cell: &Cell = &buf[(x, y)];
            let symbol = cell.symbol();
            let width =
                (unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16).min(area.right() - x);
            let (mut fg, mut bg) = (rgb(cell.fg, DEFAULT_FG), rgb(cell.bg, DEFAULT_BG));
            if cell.modifier.contains(Modifier::REVERSED) {
                std::mem::swap(&mut fg, &mut bg);
            }
            let hidden = cell.modifier.contains(Modifier::HIDDEN);
            out.push(Glyph {
                x: x - area.left(),
                y: y - area.top(),
                width,
                symbol: if hidden { " " } else { symbol },
                fg,
                bg,
                modifier: cell.modifier,
            });
            x += width;
        }
    }
    out
}

/// Rectangles of one colour, merged where they continue one another (runs of `─`, columns
/// of `│`, bars of `█`), as one path.
#[derive(Default)]
struct Rects(Vec<(u32, u32, u32, u32)>);

impl Rects {
    fn path(mut self) -> String {
        // Along rows, then down columns.
        self.0.sort_by_key(|&(x, y, w, h)| (y, h, x, w));
        let mut rows: Vec<(u32, u32, u32, u32)> = Vec::new();
        for r in self.0 {
            match rows.last_mut() {
                Some(p) if p.1 == r.1 && p.3 == r.3 && p.0 + p.2 >= r.0 => {
                    p.2 = p.2.max(r.0 + r.2 - p.0)
                }
                _ => rows.push(r),
            }
        }
        rows.sort_by_key(|&(x, y, w, h)| (x, w, y, h));
        let mut cols: Vec<(u32, u32, u32, u32)> = Vec::new();
        for r in rows {
            match cols.last_mut() {
                Some(p) if p.0 == r.0 && p.2 == r.2 && p.1 + p.3 >= r.1 => {
                    p.3 = p.3.max(r.1 + r.3 - p.1)
                }
                _ => cols.push(r),
            }
        }
        cols.sort_by_key(|&(x, y, w, h)| (y, x, h, w));
        let mut d = String::new();
        for (x, y, w, h) in cols {
            let _ = write!(d, "M{x} {y}h{w}v{h}h-{w}z");
        }
        d
    }
}

/// The SVG of a buffer: deterministic, the same bytes for the same buffer.
pub fn svg(buf: &Buffer, title: &str) -> String {
    let (cols, rows) = (buf.area.width as u32, buf.area.height as u32);
    let (width, height) = (cols * CELL_W + 2 * MARGIN, rows * CELL_H + 2 * MARGIN);
    let glyphs = glyphs(buf);
    let left = |g: &Glyph| MARGIN + g.x as u32 * CELL_W;
    let top = |g: &Glyph| MARGIN + g.y as u32 * CELL_H;

    // Backgrounds, and the lines and blocks drawn in the foreground colour.
    let mut backgrounds: BTreeMap<Rgb, Rects> = BTreeMap::new();
    let mut shapes: BTreeMap<Rgb, Rects> = BTreeMap::new();
    for g in &glyphs {
        let (x0, y0, w) = (left(g), top(g), g.width as u32 * CELL_W);
        if g.bg != DEFAULT_BG {
            backgrounds
                .entry(g.bg)
                .or_default()
                .0
                .push((x0, y0, w, CELL_H));
        }
        let mut chars = g.symbol.chars();
        let single = match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        };
        let shape = shapes.entry(g.fg).or_default();
        if let Some([l, r, u, d]) = single.and_then(box_arms) {
            let (mx, my) = (x0 + CELL_W / 2, y0 + CELL_H / 2);
            let (x1, y1) = (x0 + w, y0 + CELL_H);
            if l || r {
                let from = if l { x0 } else { mx };
                let to = if r { x1 } else { mx + 1 };
                shape.0.push((from, my, to - from, 1));
            }
            if u || d {
                let from = if u { y0 } else { my };
                let to = if d { y1 } else { my + 1 };
                shape.0.push((mx, from, 1, to - from));
            }
        } else if let Some((bx, by, bw, bh)) = single.and_then(block_part) {
            shape.0.push((x0 + bx, y0 + by, bw, bh));
        }
        if g.modifier.contains(Modifier::UNDERLINED) {
            shape.0.push((x0, y0 + CELL_H - 3, w, 1));
        }
        if g.modifier.contains(Modifier::CROSSED_OUT) {
            shape.0.push((x0, y0 + CELL_H / 2 + 1, w, 1));
        }
    }

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"{}\" font-size=\"{FONT_SIZE}\">",
        xml(FONTS)
    );
    let _ = writeln!(out, "<title>{}</title>", xml(title));
    let _ = writeln!(
        out,
        "<rect width=\"{width}\" height=\"{height}\" fill=\"{}\"/>",
        hex(DEFAULT_BG)
    );
    for (colour, rects) in backgrounds {
        let _ = writeln!(
            out,
            "<path fill=\"{}\" d=\"{}\"/>",
            hex(colour),
            rects.path()
        );
    }
    for (colour, rects) in shapes {
        if !rects.0.is_empty() {
            let _ = writeln!(
                out,
                "<path fill=\"{}\" d=\"{}\"/>",
                hex(colour),
                rects.path()
            );
        }
    }

    // Text: per row, runs of glyphs of the same colour and style; blanks, lines and blocks
    // are not text.
    let _ = writeln!(out, "<g text-anchor=\"middle\">");
    let style_of = |g: &Glyph| {
        let m = g.modifier;
        (
            g.fg,
            m.contains(Modifier::BOLD),
            m.contains(Modifier::ITALIC),
            m.contains(Modifier::DIM),
        )
    };
    let mut run: Vec<&Glyph> = Vec::new();
    let flush = |run: &mut Vec<&Glyph>, out: &mut String| {
        let Some(first) = run.first() else { return };
        let (fg, bold, italic, dim) = style_of(first);
        let centre = |g: &Glyph| left(g) + g.width as u32 * CELL_W / 2;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" fill=\"{}\"",
            centre(first),
            top(first) + BASELINE,
            hex(fg)
        );
        if bold {
            out.push_str(" font-weight=\"bold\"");
        }
        if italic {
            out.push_str(" font-style=\"italic\"");
        }
        if dim {
            out.push_str(" opacity=\"0.6\"");
        }
        let _ = write!(out, ">{}", xml(first.symbol));
        for g in &run[1..] {
            let _ = write!(out, "<tspan x=\"{}\">{}</tspan>", centre(g), xml(g.symbol));
        }
        out.push_str("</text>\n");
        run.clear();
    };
    for g in &glyphs {
        let mut chars = g.symbol.chars();
        let single = match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        };
        let blank = g.symbol.trim().is_empty();
        let drawn = single.is_some_and(|c| box_arms(c).is_some() || block_part(c).is_some());
        if blank || drawn {
            continue;
        }
        // A run stays on its row and its style.
        if run
            .last()
            .is_some_and(|p| p.y != g.y || style_of(p) != style_of(g))
        {
            flush(&mut run, &mut out);
        }
        run.push(g);
    }
    flush(&mut run, &mut out);
    out.push_str("</g>\n</svg>\n");
    out
}

// ---------------------------------------------------------------------------------------
// The scenes: the shipped samples, nothing that changes from run to run.

/// The samples with their rank intervals drawn (as the UI shows them a moment after
/// opening: the worker's draws, with the UI's parameters).
fn samples_with_intervals() -> App {
    use kaoping::domain::robustness::{draws, ui_params};
    let mut app = samples();
    let st = draws(
        &app.data.set,
        &app.report.results,
        &ui_params(&app.data.set),
    );
    app.stability = Some(st.expect("the intervals are drawn"));
    app
}

/// Replaces text on the screen, cell by cell, in the styles it had: `from` and `to` are
/// ASCII of the same length (times and hashes that change from run to run).
fn mask_buffer(buf: &mut Buffer, from: &str, to: &str) {
    assert!(from.is_ascii() && to.is_ascii() && from.len() == to.len() && !from.is_empty());
    let area = buf.area;
    for y in area.top()..area.bottom() {
        // The row as text, with the cell each byte comes from.
        let mut text = String::new();
        let mut at = Vec::new();
        let mut x = area.left();
        while x < area.right() {
            let sym = buf[(x, y)].symbol().to_string();
            at.extend(std::iter::repeat_n(x, sym.len()));
            text.push_str(&sym);
            x += unicode_width::UnicodeWidthStr::width(sym.as_str()).max(1) as u16;
        }
        let starts: Vec<usize> = text.match_indices(from).map(|(i, _)| i).collect();
        for i in starts {
            for (k, c) in to.chars().enumerate() {
                buf[(at[i] + k as u16, y)].set_char(c);
            }
        }
    }
}

/// The 核查 view of `findings_workspace()`, its times and hashes masked as in its snapshot.
fn checks_scene() -> Buffer {
    use kaoping::tui::session::Session;
    let (dir, _out, _) = findings_workspace();
    let store = kaoping::store::Store::open(dir.path()).unwrap();
    let mut app = app_for(dir.path(), Options::default());
    app.set_decisions(store.decisions_and_checks().unwrap());
    let mut s = Session::new(app, Some(kaoping::store::Store::open(dir.path()).unwrap()));
    s.handle(Action::Show(ViewId::Checks));
    assert!(s.wait_idle(std::time::Duration::from_secs(30)));
    let mut buf = render(&mut s.app, W, H);
    for (from, to) in mask_pairs(&store) {
        mask_buffer(&mut buf, &from, &to);
    }
    buf
}

const W: u16 = 120;
const H: u16 = 40;

/// Every picture: its file name (without `.svg`), its title and its buffer.
fn scenes() -> Vec<(&'static str, &'static str, Buffer)> {
    let mut v = Vec::new();
    let mut app = samples_with_intervals();
    v.push(("ranking", "排名", render(&mut app, W, H)));
    app.update(Action::Enter);
    v.push(("office", "单位", render(&mut app, W, H)));
    app.update(Action::Edit);
    v.push(("form", "核定分数", render(&mut app, W, H)));
    app.update(Action::InputCancel);
    app.update(Action::Show(ViewId::Tasks));
    v.push(("tasks", "任务", render(&mut app, W, H)));
    app.update(Action::Show(ViewId::Matrix));
    v.push(("matrix", "矩阵", render(&mut app, W, H)));
    app.update(Action::Show(ViewId::Import));
    // 重庆海关's return, whose error shows in the 问题 pane.
    let chongqing = app
        .report
        .files
        .iter()
        .position(|f| f.path.to_string_lossy().contains("重庆海关"))
        .unwrap();
    for _ in 0..chongqing {
        app.update(Action::Down);
    }
    v.push(("import", "导入", render(&mut app, W, H)));
    v.push(("checks", "核查", checks_scene()));
    app.update(Action::Show(ViewId::WhatIf));
    // D (制度规范) from 15 to 10 points, keeping the base: ranks and 等次 move.
    whatif_select(&mut app, "D");
    whatif_type(&mut app, "10");
    v.push(("whatif", "模拟", render(&mut app, W, H)));
    app.update(Action::Show(ViewId::Ranking));
    app.update(Action::Export);
    v.push(("export-menu", "导出", render(&mut app, W, H)));
    app.update(Action::InputCancel);
    app.update(Action::Help);
    v.push(("help", "帮助", render(&mut app, W, H)));
    v
}

#[test]
fn every_view_matches_its_picture_in_docs_screens() {
    let dir = root().join("docs/screens");
    let write = std::env::var("KAOPING_PICTURES").as_deref() == Ok("write");
    let scenes = scenes();
    let names: Vec<String> = scenes.iter().map(|(n, _, _)| format!("{n}.svg")).collect();
    let mut wrong = Vec::new();
    for (name, title, buf) in &scenes {
        let file = dir.join(format!("{name}.svg"));
        let picture = svg(buf, &format!("kaoping（考评）· {title} · {W}×{H}"));
        let old = std::fs::read_to_string(&file).ok();
        if old.as_deref() == Some(picture.as_str()) {
            continue;
        }
        if write {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&file, &picture).unwrap();
            eprintln!("wrote {}", file.display());
        } else {
            let why = match old {
                None => "missing".to_string(),
                Some(old) => {
                    let line = old
                        .lines()
                        .zip(picture.lines())
                        .position(|(a, b)| a != b)
                        .unwrap_or(old.lines().count().min(picture.lines().count()));
                    format!("differs from its buffer from line {}", line + 1)
                }
            };
            wrong.push(format!("docs/screens/{name}.svg {why}"));
        }
    }
    // A picture of a scene no longer made.
    for e in std::fs::read_dir(&dir).into_iter().flatten() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".svg") && !names.contains(&name) {
            if write {
                std::fs::remove_file(&p).unwrap();
                eprintln!("removed {}", p.display());
            } else {
                wrong.push(format!("docs/screens/{name} is no scene's picture"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{}\nRegenerate the pictures with scripts/pictures.sh \
         (KAOPING_PICTURES=write cargo test --test tui pictures::), then look at them.",
        wrong.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// The renderer itself.

fn buffer(lines: &[&str]) -> Buffer {
    Buffer::with_lines(lines.iter().copied())
}

#[test]
fn wide_characters_take_two_cells_and_each_glyph_is_placed() {
    let svg = svg(&buffer(&["名次 ab", "x海关"]), "t");
    // 名 at cells 0–1 (centre 10 + 10), 次 at 2–3, a at 5, b at 6.
    assert!(svg.contains(
        "<text x=\"20\" y=\"25\" fill=\"#cccccc\">名<tspan x=\"40\">次</tspan>\
         <tspan x=\"65\">a</tspan><tspan x=\"75\">b</tspan></text>"
    ));
    assert!(svg.contains(
        "<text x=\"15\" y=\"45\" fill=\"#cccccc\">x<tspan x=\"30\">海</tspan>\
         <tspan x=\"50\">关</tspan></text>"
    ));
    assert_eq!(
        svg,
        super::pictures::svg(&buffer(&["名次 ab", "x海关"]), "t")
    );
}

#[test]
fn text_is_escaped_and_control_characters_replaced() {
    let mut buf = buffer(&["<&>\"'"]);
    buf[(0, 0)].set_symbol("\u{1b}");
    let svg = svg(&buf, "a<b&c");
    assert!(svg.contains("<title>a&lt;b&amp;c</title>"), "{svg}");
    assert!(
        svg.contains(
            ">\u{FFFD}<tspan x=\"25\">&amp;</tspan><tspan x=\"35\">&gt;</tspan>\
             <tspan x=\"45\">&quot;</tspan><tspan x=\"55\">'</tspan></text>"
        ),
        "{svg}"
    );
    assert!(!svg.contains('\u{1b}'));
}

#[test]
fn borders_join_and_colours_and_styles_are_kept() {
    use ratatui::style::Style;
    let mut buf = buffer(&["┌─┐", "│█│", "└─┘"]);
    buf.set_style(
        ratatui::layout::Rect::new(0, 0, 3, 1),
        Style::new().fg(Color::Red),
    );
    buf[(1, 1)].set_style(Style::new().fg(Color::Indexed(46)));
    buf.set_style(
        ratatui::layout::Rect::new(0, 2, 3, 1),
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
    );
    let svg = svg(&buf, "t");
    // The top border in red, one bar across and the corners' arms down.
    assert!(
        svg.contains(
            "<path fill=\"#c50f1f\" d=\"M15 20h21v1h-21zM15 20h1v10h-1zM35 20h1v10h-1z\"/>"
        ),
        "{svg}"
    );
    // The block fills its cell; the sides join the corners below and above them.
    assert!(
        svg.contains("<path fill=\"#00ff00\" d=\"M20 30h10v20h-10z\"/>"),
        "{svg}"
    );
    assert!(svg.contains("M15 30h1v20h-1z"), "{svg}");
    // Reverse video: the default foreground as the background, the lines in black.
    assert!(
        svg.contains("<path fill=\"#cccccc\" d=\"M10 50h30v20h-30z\"/>"),
        "{svg}"
    );
    assert!(
        svg.contains(
            "<path fill=\"#0c0c0c\" d=\"M15 50h1v11h-1zM35 50h1v11h-1zM15 60h21v1h-21z\"/>"
        ),
        "{svg}"
    );
}
