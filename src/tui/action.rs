//! One table of actions: it maps keys to actions, and the help overlay and the status-bar
//! hints are built from it, so they can never disagree.

use super::strings::Lang;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The views, in their Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewId {
    Ranking,
    Office,
    Tasks,
    Matrix,
    Import,
    /// Headquarters' findings and spot-check results (核查).
    Checks,
    /// What-if weights (模拟).
    WhatIf,
}

impl ViewId {
    pub const ALL: [ViewId; 7] = [
        ViewId::Ranking,
        ViewId::Office,
        ViewId::Tasks,
        ViewId::Matrix,
        ViewId::Import,
        ViewId::Checks,
        ViewId::WhatIf,
    ];

    pub fn index(self) -> usize {
        ViewId::ALL.iter().position(|v| *v == self).unwrap_or(0)
    }
}

/// Everything the user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    NextView,
    PrevView,
    Show(ViewId),
    Up,
    Down,
    Left,
    Right,
    Top,
    Bottom,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Enter,
    Back,
    SortAsc,
    SortDesc,
    Search,
    SearchNext,
    SearchPrev,
    FilterProblems,
    ToggleMode,
    Reimport,
    /// Decide (核定) the selected indicator: opens the form.
    Edit,
    /// Clear the selected indicator's decision (asks for a reason).
    ClearDecision,
    /// Keep a decision whose return has changed since.
    ConfirmDecision,
    /// The office's history of decisions.
    ShowHistory,
    /// Open the export menu (workbook, circular, feedback).
    Export,
    /// Typing a search.
    Input(char),
    InputBackspace,
    InputSubmit,
    InputCancel,
    /// The next field of a form.
    InputNextField,
    /// A menu's previous and next item.
    InputPrev,
    InputNext,
    /// The 模拟 view: the selected row's points up or down by one.
    PointsUp,
    PointsDown,
    /// The 模拟 view: keep the base (rescaling the other indicators of the category) or not.
    KeepBase,
    /// The 模拟 view: the selected row's points back, or all of them.
    ResetRow,
    ResetAll,
    /// The 模拟 view: write the what-if set as an indicator file.
    WriteIndicators,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    Views(&'static [ViewId]),
    /// While typing a search.
    Input,
}

impl Scope {
    pub fn covers(self, view: ViewId) -> bool {
        match self {
            Scope::Global => true,
            Scope::Views(v) => v.contains(&view),
            Scope::Input => false,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Key(pub KeyCode, pub KeyModifiers);

const fn k(c: char) -> Key {
    Key(KeyCode::Char(c), KeyModifiers::NONE)
}
const fn code(c: KeyCode) -> Key {
    Key(c, KeyModifiers::NONE)
}
const fn ctrl(c: char) -> Key {
    Key(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// One row of the table: the action, its keys, how the keys are written, what it does,
/// where it applies, and whether the status bar shows it.
pub struct Binding {
    pub action: Action,
    pub keys: &'static [Key],
    pub label: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub scope: Scope,
    pub hint: bool,
}

impl Binding {
    pub fn text(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

use ViewId::*;
const LISTS: &[ViewId] = &[Ranking, Office, Tasks, Matrix, Import, Checks, WhatIf];
const SORTABLE: &[ViewId] = &[Ranking];
const DRILL: &[ViewId] = &[Ranking, Tasks, Matrix];
const IMPORT: &[ViewId] = &[Import];
const MODES: &[ViewId] = &[Office, Matrix];
const SEARCHABLE: &[ViewId] = &[Ranking, Matrix];
const DECIDE: &[ViewId] = &[Office];
const CHECKS: &[ViewId] = &[Checks];
const WHATIF: &[ViewId] = &[WhatIf];

macro_rules! b {
    ($action:expr, [$($key:expr),*], $label:literal, $zh:literal, $en:literal, $scope:expr, $hint:literal) => {
        Binding { action: $action, keys: &[$($key),*], label: $label, zh: $zh, en: $en, scope: $scope, hint: $hint }
    };
}

pub static BINDINGS: &[Binding] = &[
    b!(
        Action::Up,
        [code(KeyCode::Up), k('k')],
        "↑/k",
        "上移",
        "up",
        Scope::Views(LISTS),
        true
    ),
    b!(
        Action::Down,
        [code(KeyCode::Down), k('j')],
        "↓/j",
        "下移",
        "down",
        Scope::Views(LISTS),
        false
    ),
    b!(
        Action::Left,
        [code(KeyCode::Left), k('h')],
        "←/h",
        "左移／上一单位",
        "left / previous office",
        Scope::Views(LISTS),
        false
    ),
    b!(
        Action::Right,
        [code(KeyCode::Right), k('l')],
        "→/l",
        "右移／下一单位",
        "right / next office",
        Scope::Views(LISTS),
        false
    ),
    b!(
        Action::Top,
        [k('g'), code(KeyCode::Home)],
        "g",
        "到顶",
        "to the top",
        Scope::Views(LISTS),
        false
    ),
    b!(
        Action::Bottom,
        [k('G'), code(KeyCode::End)],
        "G",
        "到底",
        "to the bottom",
        Scope::Views(LISTS),
        false
    ),
    b!(
        Action::HalfPageDown,
        [ctrl('d')],
        "Ctrl-d",
        "下翻半页",
        "half a page down",
        Scope::Views(LISTS),
        false
    ),
    b!(
        Action::HalfPageUp,
        [ctrl('u')],
        "Ctrl-u",
        "上翻半页",
        "half a page up",
        Scope::Views(LISTS),
        false
    ),
    b!(
        Action::PageDown,
        [code(KeyCode::PageDown)],
        "PgDn",
        "下翻一页",
        "page down",
        Scope::Views(LISTS),
        false
    ),
    b!(
        Action::PageUp,
        [code(KeyCode::PageUp)],
        "PgUp",
        "上翻一页",
        "page up",
        Scope::Views(LISTS),
        false
    ),
    b!(
        Action::Enter,
        [code(KeyCode::Enter)],
        "Enter",
        "详情",
        "details",
        Scope::Views(DRILL),
        true
    ),
    b!(
        Action::Enter,
        [code(KeyCode::Enter)],
        "Enter",
        "详情／以此份为准",
        "details / on a duplicate: this one counts",
        Scope::Views(IMPORT),
        true
    ),
    b!(
        Action::Enter,
        [code(KeyCode::Enter)],
        "Enter",
        "到该单位该指标",
        "to the office, at this indicator",
        Scope::Views(CHECKS),
        true
    ),
    b!(
        Action::Enter,
        [code(KeyCode::Enter), k('=')],
        "Enter/=",
        "输入分值",
        "type the points",
        Scope::Views(WHATIF),
        true
    ),
    b!(
        Action::PointsUp,
        [k('+')],
        "+",
        "加1分",
        "one point more",
        Scope::Views(WHATIF),
        true
    ),
    b!(
        Action::PointsDown,
        [k('-')],
        "-",
        "减1分",
        "one point less",
        Scope::Views(WHATIF),
        true
    ),
    b!(
        Action::KeepBase,
        [k('b')],
        "b",
        "保持基础分（调整同类别其余指标）／不保持",
        "keep the base (rescale the category's other indicators) or not",
        Scope::Views(WHATIF),
        true
    ),
    b!(
        Action::ResetRow,
        [k('0'), code(KeyCode::Backspace)],
        "0",
        "恢复本行分值",
        "reset this row",
        Scope::Views(WHATIF),
        false
    ),
    b!(
        Action::ResetAll,
        [k('R')],
        "R",
        "全部恢复现行分值",
        "reset every row to the official points",
        Scope::Views(WHATIF),
        false
    ),
    b!(
        Action::WriteIndicators,
        [k('w')],
        "w",
        "写出模拟指标文件",
        "write the what-if indicator file",
        Scope::Views(WHATIF),
        true
    ),
    b!(
        Action::Back,
        [code(KeyCode::Esc)],
        "Esc",
        "返回",
        "back",
        Scope::Global,
        false
    ),
    b!(
        Action::SortAsc,
        [k('[')],
        "[",
        "按当前列升序",
        "sort ascending by this column",
        Scope::Views(SORTABLE),
        true
    ),
    b!(
        Action::SortDesc,
        [k(']')],
        "]",
        "按当前列降序",
        "sort descending by this column",
        Scope::Views(SORTABLE),
        true
    ),
    b!(
        Action::Search,
        [k('/')],
        "/",
        "搜索单位",
        "search an office",
        Scope::Views(SEARCHABLE),
        true
    ),
    b!(
        Action::Search,
        [k('/')],
        "/",
        "筛选单位（Esc 清除）",
        "filter by office (Esc clears)",
        Scope::Views(CHECKS),
        true
    ),
    b!(
        Action::SearchNext,
        [k('n')],
        "n",
        "下一个匹配",
        "next match",
        Scope::Views(SEARCHABLE),
        false
    ),
    b!(
        Action::SearchPrev,
        [k('N')],
        "N",
        "上一个匹配",
        "previous match",
        Scope::Views(SEARCHABLE),
        false
    ),
    b!(
        Action::FilterProblems,
        [k('f')],
        "f",
        "只看有问题的单位",
        "offices with problems only",
        Scope::Views(SORTABLE),
        true
    ),
    b!(
        Action::ToggleMode,
        [k('m')],
        "m",
        "切换指标／任务／类别",
        "indicators / tasks / categories",
        Scope::Views(MODES),
        true
    ),
    b!(
        Action::Edit,
        [k('e')],
        "e",
        "核定本行分数",
        "decide this row's score",
        Scope::Views(DECIDE),
        true
    ),
    b!(
        Action::ClearDecision,
        [k('D')],
        "D",
        "清除核定（需理由）",
        "clear the decision (with a reason)",
        Scope::Views(DECIDE),
        false
    ),
    b!(
        Action::ConfirmDecision,
        [k('C')],
        "C",
        "确认报送文件更新后的核定",
        "keep a decision over a changed return",
        Scope::Views(DECIDE),
        false
    ),
    b!(
        Action::ShowHistory,
        [k('H')],
        "H",
        "本单位核定记录",
        "this office's decisions history",
        Scope::Views(DECIDE),
        true
    ),
    b!(
        Action::NextView,
        [code(KeyCode::Tab)],
        "Tab",
        "下一个视图",
        "next view",
        Scope::Global,
        false
    ),
    b!(
        Action::PrevView,
        [code(KeyCode::BackTab)],
        "Shift-Tab",
        "上一个视图",
        "previous view",
        Scope::Global,
        false
    ),
    b!(
        Action::Show(Ranking),
        [k('1')],
        "1",
        "排名",
        "ranking",
        Scope::Global,
        false
    ),
    b!(
        Action::Show(Office),
        [k('2')],
        "2",
        "单位",
        "office",
        Scope::Global,
        false
    ),
    b!(
        Action::Show(Tasks),
        [k('3')],
        "3",
        "任务",
        "tasks",
        Scope::Global,
        false
    ),
    b!(
        Action::Show(Matrix),
        [k('4')],
        "4",
        "矩阵",
        "matrix",
        Scope::Global,
        false
    ),
    b!(
        Action::Show(Import),
        [k('5')],
        "5",
        "导入",
        "import",
        Scope::Global,
        false
    ),
    b!(
        Action::Show(Checks),
        [k('6')],
        "6",
        "核查",
        "checks",
        Scope::Global,
        false
    ),
    b!(
        Action::Show(WhatIf),
        [k('7')],
        "7",
        "模拟",
        "what-if",
        Scope::Global,
        false
    ),
    b!(
        Action::Export,
        [k('x')],
        "x",
        "导出：汇总表、通报、反馈",
        "export: workbook, circular, feedback",
        Scope::Global,
        false
    ),
    b!(
        Action::Reimport,
        [k('r')],
        "r",
        "重新导入文件夹",
        "re-import the folder",
        Scope::Global,
        false
    ),
    b!(
        Action::Help,
        [k('?'), code(KeyCode::F(1))],
        "?",
        "帮助",
        "help",
        Scope::Global,
        true
    ),
    b!(
        Action::Quit,
        [k('q'), ctrl('c')],
        "q",
        "退出",
        "quit",
        Scope::Global,
        true
    ),
    b!(
        Action::InputSubmit,
        [code(KeyCode::Enter)],
        "Enter",
        "确定（搜索或保存）",
        "confirm (search or save)",
        Scope::Input,
        false
    ),
    b!(
        Action::InputCancel,
        [code(KeyCode::Esc)],
        "Esc",
        "取消",
        "cancel",
        Scope::Input,
        false
    ),
    b!(
        Action::InputBackspace,
        [code(KeyCode::Backspace)],
        "Backspace",
        "删除一个字",
        "delete a character",
        Scope::Input,
        false
    ),
    b!(
        Action::InputNextField,
        [code(KeyCode::Tab)],
        "Tab",
        "表单：下一栏",
        "form: next field",
        Scope::Input,
        false
    ),
    b!(
        Action::InputPrev,
        [code(KeyCode::Up)],
        "↑",
        "菜单：上一项",
        "menu: previous item",
        Scope::Input,
        false
    ),
    b!(
        Action::InputNext,
        [code(KeyCode::Down)],
        "↓",
        "菜单：下一项",
        "menu: next item",
        Scope::Input,
        false
    ),
];

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    // Shifted characters (G, N, ?) arrive with SHIFT set on some terminals, not on others.
    let mods = if matches!(ev.code, KeyCode::Char(_)) {
        ev.modifiers - KeyModifiers::SHIFT
    } else {
        ev.modifiers
    };
    key.0 == ev.code && key.1 == mods
}

/// The action of a key press in a view (or while typing a search).
pub fn map_key(ev: &KeyEvent, view: ViewId, typing: bool) -> Option<Action> {
    if typing {
        if let Some(b) = BINDINGS
            .iter()
            .find(|b| b.scope == Scope::Input && b.keys.iter().any(|k| matches(k, ev)))
        {
            return Some(b.action);
        }
        return match ev.code {
            KeyCode::Char(c) if !ev.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(Action::Input(c))
            }
            _ => None,
        };
    }
    BINDINGS
        .iter()
        .find(|b| b.scope.covers(view) && b.keys.iter().any(|k| matches(k, ev)))
        .map(|b| b.action)
}

/// The status bar's hints for a view: `key text` pairs.
pub fn hints(view: ViewId, lang: Lang) -> Vec<(&'static str, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.hint && b.scope.covers(view))
        .map(|b| (b.label, b.text(lang)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(c: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(c, m)
    }

    #[test]
    fn keys_map_by_view() {
        let ev = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(map_key(&ev, ViewId::Ranking, false), Some(Action::Down));
        let ev = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map_key(&ev, ViewId::Matrix, false), Some(Action::Bottom));
        let ev = press(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(
            map_key(&ev, ViewId::Office, false),
            Some(Action::HalfPageDown)
        );
        let ev = press(KeyCode::Char('f'), KeyModifiers::NONE);
        assert_eq!(map_key(&ev, ViewId::Tasks, false), None);
        let ev = press(KeyCode::Char('3'), KeyModifiers::NONE);
        assert_eq!(
            map_key(&ev, ViewId::Import, false),
            Some(Action::Show(ViewId::Tasks))
        );
    }

    #[test]
    fn typing_a_search_takes_characters() {
        let ev = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(
            map_key(&ev, ViewId::Ranking, true),
            Some(Action::Input('q'))
        );
        let ev = press(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(
            map_key(&ev, ViewId::Ranking, true),
            Some(Action::InputCancel)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for view in ViewId::ALL {
            let mut seen: Vec<(KeyCode, KeyModifiers)> = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.scope.covers(view)) {
                for key in b.keys {
                    assert!(
                        !seen.contains(&(key.0, key.1)),
                        "{:?} bound twice in {view:?}",
                        key.0
                    );
                    seen.push((key.0, key.1));
                }
            }
        }
    }

    #[test]
    fn hints_come_from_the_table() {
        let h = hints(ViewId::Ranking, Lang::Zh);
        assert!(h.contains(&("/", "搜索单位")));
        assert!(h.contains(&("q", "退出")));
        assert!(!hints(ViewId::Tasks, Lang::Zh)
            .iter()
            .any(|(k, _)| *k == "/"));
    }
}
