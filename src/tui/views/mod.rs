//! The seven views. Each owns its state, its rows, its layout (used by drawing and by
//! navigation alike) and its drawing; the coordinator ([`crate::tui::app::App`]) dispatches
//! by [`crate::tui::action::ViewId`].

pub mod checks;
pub mod import;
pub mod matrix;
pub mod office;
pub mod ranking;
pub mod tasks;
pub mod whatif;

/// A selected row and the first row shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListState {
    pub selected: usize,
    pub offset: usize,
}

impl ListState {
    /// Moves by `delta` rows within `len`, keeping the selection inside `rows` shown rows.
    pub fn step(&mut self, delta: isize, len: usize, rows: usize) {
        if len == 0 {
            *self = ListState::default();
            return;
        }
        let s = self.selected as isize + delta;
        self.selected = s.clamp(0, len as isize - 1) as usize;
        self.fit(len, rows);
    }

    pub fn to(&mut self, index: usize, len: usize, rows: usize) {
        self.selected = index.min(len.saturating_sub(1));
        self.fit(len, rows);
    }

    /// Keeps the selection visible and the window inside the list.
    pub fn fit(&mut self, len: usize, rows: usize) {
        let rows = rows.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        self.offset = self.offset.min(len.saturating_sub(rows));
    }
}
