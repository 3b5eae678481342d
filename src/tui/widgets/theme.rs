//! Colours and borders: colour only when allowed (NO_COLOR), selection always reverse video.

use crate::tui::app::App;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::widgets::Block;

pub(crate) const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

pub(crate) struct Theme {
    pub(crate) color: bool,
}

impl Theme {
    pub(crate) fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub(crate) fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub(crate) fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    pub(crate) fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }
    /// A score rate: high, middle, low.
    pub(crate) fn rate(&self, pct: i64) -> Style {
        match pct {
            p if p >= 90 => self.fg(Color::Green),
            p if p >= 60 => self.fg(Color::Yellow),
            _ => self.fg(Color::Red),
        }
    }
    pub(crate) fn bad(&self) -> Style {
        self.fg(Color::Red)
    }
}

pub(crate) fn block<'a>(app: &App, title: String) -> Block<'a> {
    let b = Block::bordered().title(title);
    if app.opts.ascii {
        b.border_set(ASCII_BORDER)
    } else {
        b
    }
}

/// The mark of a spot-checked claim or item: ✓ when it holds (属实), ✗ when not (不属实,
/// 无佐证); `v` / `x` under `--ascii`, for terminals that draw such symbols badly.
pub(crate) fn check_mark(app: &App, holds: bool) -> &'static str {
    match (app.opts.ascii, holds) {
        (false, true) => "✓",
        (false, false) => "✗",
        (true, true) => "v",
        (true, false) => "x",
    }
}
