//! The terminal UI without a terminal: `update` driven by actions, and what each view
//! shows, as insta snapshots of a `TestBackend` at 80×24 and 120×40 with Chinese names; and
//! the pictures of the screens in docs/screens/ (`pictures`).

use kaoping::data::DataSet;
use kaoping::domain::decision::Decided;
use kaoping::report::Report;
use kaoping::tui::action::{map_key, Action, ViewId};
use kaoping::tui::app::{App, Effect, Options, RowStatus};
use kaoping::tui::strings::Lang;
use kaoping::tui::view;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;
use std::path::{Path, PathBuf};

#[path = "tui/pictures.rs"]
mod pictures;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn app_for(dir: &Path, opts: Options) -> App {
    let data = DataSet::builtin();
    let files = kaoping::import::collect(&[dir.to_path_buf()]).unwrap();
    let report = Report::build(&data, &files);
    App::new(data, report, dir.to_path_buf(), opts)
}

/// The samples by a relative path (tests run in the package root), so that the snapshots do
/// not depend on where the checkout is.
fn samples() -> App {
    app_for(Path::new("samples/2018"), Options::default())
}

/// The screen as text, one line per row, wide characters counted once.
fn screen(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut x = 0;
        let mut line = String::new();
        while x < area.width {
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn render(app: &mut App, w: u16, h: u16) -> Buffer {
    app.resize(w, h);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, app)).unwrap();
    t.backend().buffer().clone()
}

fn press(app: &mut App, keys: &[Action]) -> Vec<Effect> {
    keys.iter().flat_map(|a| app.update(*a)).collect()
}

#[test]
fn snapshots_of_every_view_at_both_sizes() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut app = samples();
        let shot = |app: &mut App, name: &str| {
            let text = screen(&render(app, w, h));
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
        };
        shot(&mut app, "ranking");
        app.update(Action::Enter);
        shot(&mut app, "office");
        app.update(Action::Edit);
        shot(&mut app, "form");
        app.update(Action::InputCancel);
        app.update(Action::ToggleMode);
        shot(&mut app, "office_tasks");
        app.update(Action::ToggleMode);
        shot(&mut app, "office_categories");
        app.update(Action::Show(ViewId::Tasks));
        shot(&mut app, "tasks");
        app.update(Action::Enter);
        shot(&mut app, "tasks_drill");
        app.update(Action::Show(ViewId::Matrix));
        shot(&mut app, "matrix");
        app.update(Action::ToggleMode);
        shot(&mut app, "matrix_tasks");
        app.update(Action::Show(ViewId::Import));
        shot(&mut app, "import");
        app.update(Action::Help);
        shot(&mut app, "help");
    }
}

/// A temporary folder by a relative path of fixed length (for stable snapshots).
fn relative_tempdir() -> tempfile::TempDir {
    std::fs::create_dir_all("target/tui-tests").unwrap();
    tempfile::tempdir_in("target/tui-tests").unwrap()
}

/// A count decided by headquarters (核查数量) is noted as the count, not as a score decided:
/// the score beside it is the rule's on that count (A1: 2 off per incident).
#[test]
fn a_count_decision_is_noted_as_the_count() {
    let mut app = samples();
    let d = kaoping::domain::decision::Decision {
        office: "深圳海关".into(),
        indicator: "A1".into(),
        value: Decided::Count(2),
        reason: "网站年度检查".into(),
        evaluator: "张三".into(),
        at: "2019-01-10 09:30:00".into(),
        file_sha256: None,
        source: None,
    };
    app.set_decisions(vec![d]);
    app.update(Action::Enter);
    let text = screen(&render(&mut app, 120, 40));
    let row = text.lines().find(|l| l.contains("A1 ")).unwrap();
    assert!(row.contains("核查数量 2：网站年度检查（张三）"), "{row}");
    assert!(!row.contains("核定："), "{row}");
}

#[test]
fn a_decision_shows_beside_computed_and_claimed() {
    let mut app = samples();
    let d = kaoping::domain::decision::Decision {
        office: "深圳海关".into(),
        indicator: "A3".into(),
        value: Decided::Score("3.50".parse().unwrap()),
        reason: "佐证不足".into(),
        evaluator: "张三".into(),
        at: "2019-01-10 09:30:00".into(),
        file_sha256: Some("an earlier version".into()),
        source: None,
    };
    app.set_decisions(vec![d]);
    app.update(Action::Enter);
    app.update(Action::Down);
    app.update(Action::Down);
    let text = screen(&render(&mut app, 80, 24));
    let row = text.lines().find(|l| l.contains("A3 ")).unwrap();
    // At 80 columns the flag is cut to fit, at a cell boundary.
    assert!(
        row.contains("!3.50") && row.contains("⚠ 报送文件已"),
        "{row}"
    );
    insta::assert_snapshot!("office_with_decision_80x24", text);
}

#[test]
fn import_view_of_refused_files_at_80x24() {
    let tmp = relative_tempdir();
    let rel = tmp
        .path()
        .strip_prefix(std::env::current_dir().unwrap())
        .unwrap_or(tmp.path())
        .to_path_buf();
    let dir = &rel;
    for f in ["empty.xlsx", "invalid-values.xlsx", "stray-cell.xlsx"] {
        std::fs::copy(root().join("tests/fixtures/returns").join(f), dir.join(f)).unwrap();
    }
    let mut app = app_for(dir, Options::default());
    app.update(Action::Show(ViewId::Import));
    app.update(Action::Down);
    let text = screen(&render(&mut app, 80, 24));
    assert!(text.contains("退回"), "{text}");
    assert!(
        text.contains("自评表!G5"),
        "the selected file's problems show with their cells:\n{text}"
    );
    // The temporary folder's name changes every run: mask it, at the same width.
    let name = dir.file_name().unwrap().to_str().unwrap();
    let text = text.replace(name, &"X".repeat(name.len()));
    insta::assert_snapshot!("import_refused_80x24", text);
}

#[test]
fn the_top_office_comes_first_and_enter_shows_its_indicators() {
    let mut app = samples();
    let text = screen(&render(&mut app, 80, 24));
    let first = text.lines().nth(3).unwrap();
    assert!(
        first.contains("深圳海关") && first.contains("104.00"),
        "{first}"
    );
    app.update(Action::Enter);
    assert_eq!(app.view, ViewId::Office);
    let text = screen(&render(&mut app, 80, 24));
    assert!(
        text.contains("深圳海关") && text.contains("A1") && text.contains("公告及业务规定"),
        "{text}"
    );
    app.update(Action::Back);
    assert_eq!(app.view, ViewId::Ranking);
}

#[test]
fn moving_paging_and_bounds() {
    let mut app = samples();
    app.resize(80, 24);
    press(&mut app, &[Action::Down, Action::Down]);
    assert_eq!(app.ranking.list.selected, 2);
    app.update(Action::Bottom);
    assert_eq!(app.ranking.list.selected, 41);
    assert!(
        app.ranking.list.offset > 0
            && app.ranking.list.offset + app.list_rows(ViewId::Ranking) > 41
    );
    app.update(Action::Down);
    assert_eq!(app.ranking.list.selected, 41);
    app.update(Action::Top);
    assert_eq!((app.ranking.list.selected, app.ranking.list.offset), (0, 0));
    app.update(Action::HalfPageDown);
    assert_eq!(
        app.ranking.list.selected,
        app.list_rows(ViewId::Ranking) / 2
    );
    app.update(Action::PageDown);
    assert!(app.ranking.list.selected > app.list_rows(ViewId::Ranking));
    app.update(Action::PageUp);
    app.update(Action::HalfPageUp);
    assert_eq!(app.ranking.list.selected, 0);
}

#[test]
fn sorting_by_the_current_column() {
    let mut app = samples();
    // Column 1 is the rank's interval (稳定性), column 2 the office: ascending is registry
    // order.
    press(&mut app, &[Action::Right, Action::Right, Action::SortAsc]);
    assert_eq!(
        app.data.registry.offices[app.rows[0].office].name,
        "北京海关"
    );
    // Column 3 is the total: ascending puts the lowest first.
    press(&mut app, &[Action::Right, Action::SortAsc]);
    assert_eq!(
        app.data.registry.offices[app.rows[0].office].name,
        "满洲里海关"
    );
    app.update(Action::SortDesc);
    assert_eq!(
        app.data.registry.offices[app.rows[0].office].name,
        "深圳海关"
    );
    // The selection follows its office through a sort.
    app.update(Action::Down);
    let o = app.rows[1].office;
    app.update(Action::SortAsc);
    assert_eq!(app.rows[app.ranking.list.selected].office, o);
}

#[test]
fn search_and_next_match() {
    let mut app = samples();
    assert_eq!(app.update(Action::Search), vec![]);
    for c in "海口".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::InputSubmit);
    assert_eq!(app.typing, None);
    assert_eq!(
        app.data.registry.offices[app.rows[app.ranking.list.selected].office].name,
        "海口海关"
    );
    // English names and aliases match too; n cycles through the matches.
    app.update(Action::Search);
    for c in "an".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::InputSubmit);
    let first = app.ranking.list.selected;
    app.update(Action::SearchNext);
    assert_ne!(app.ranking.list.selected, first);
    app.update(Action::SearchPrev);
    assert_eq!(app.ranking.list.selected, first);
    app.update(Action::Search);
    app.update(Action::Input('无'));
    app.update(Action::InputSubmit);
    assert!(app.message.as_deref().unwrap_or("").contains("没有找到"));
}

#[test]
fn filter_keeps_offices_with_problems() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["invalid-values.xlsx", "baseline-openpyxl.xlsx"] {
        std::fs::copy(
            root().join("tests/fixtures/returns").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    let mut app = app_for(dir.path(), Options::default());
    assert_eq!(app.rows.len(), 42);
    app.update(Action::FilterProblems);
    assert_eq!(
        app.rows.len(),
        41,
        "40 not submitted and one with row errors"
    );
    assert!(app.rows.iter().all(|r| r.status != RowStatus::Imported));
    assert!(app.rows.iter().any(|r| r.status == RowStatus::RowErrors));
    app.update(Action::FilterProblems);
    assert_eq!(app.rows.len(), 42);
}

#[test]
fn views_tabs_quit_reimport_and_help() {
    let mut app = samples();
    app.update(Action::NextView);
    assert_eq!(app.view, ViewId::Office);
    app.update(Action::PrevView);
    app.update(Action::PrevView);
    assert_eq!(
        app.view,
        ViewId::WhatIf,
        "the seventh view is last in Tab order"
    );
    app.update(Action::PrevView);
    assert_eq!(app.view, ViewId::Checks);
    app.update(Action::PrevView);
    assert_eq!(app.view, ViewId::Import);
    app.update(Action::Help);
    assert!(app.help);
    // Keys other than help, Esc and quit are ignored under help.
    app.update(Action::Show(ViewId::Tasks));
    assert_eq!(app.view, ViewId::Import);
    app.update(Action::Back);
    assert!(!app.help);
    assert_eq!(app.update(Action::Reimport), vec![Effect::Reimport]);
    assert_eq!(app.update(Action::Quit), vec![Effect::Quit]);
}

#[test]
fn office_view_steps_through_offices_in_rank_order() {
    let mut app = samples();
    app.update(Action::Enter);
    let first = app.office.office;
    app.update(Action::Right);
    assert_ne!(app.office.office, first);
    assert_eq!(app.office.office, Some(app.report.results[1].office));
    app.update(Action::Left);
    app.update(Action::Left);
    assert_eq!(app.office.office, first);
}

#[test]
fn matrix_scrolls_horizontally_with_a_frozen_office_column() {
    let mut app = samples();
    app.resize(80, 24);
    app.update(Action::Show(ViewId::Matrix));
    for _ in 0..19 {
        app.update(Action::Right);
    }
    assert_eq!(app.matrix.col, 19);
    let text = screen(&render(&mut app, 80, 24));
    let header = text.lines().nth(2).unwrap();
    assert!(
        header.contains("单位") && header.contains("E2") && !header.contains(" A1 "),
        "{header}"
    );
    assert!(text.lines().nth(3).unwrap().contains("深圳海关"));
}

#[test]
fn hostile_text_renders_as_harmless_symbols() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/returns/hostile-text.xlsx"),
        dir.path().join("hostile-text.xlsx"),
    )
    .unwrap();
    let mut app = app_for(dir.path(), Options::default());
    app.update(Action::Enter);
    let mut seen = String::new();
    for _ in 0..app.data.set.indicators.len() {
        let buf = render(&mut app, 120, 40);
        for cell in buf.content() {
            let sym = cell.symbol();
            assert!(
                !sym.chars().any(|c| c.is_control()),
                "a control character reached the screen: {sym:?}"
            );
            seen.push_str(sym);
        }
        app.update(Action::Down);
    }
    assert!(seen.contains('␛'), "the escape shows as a visible symbol");
}

#[test]
fn no_color_keeps_selection_visible_by_reverse_video() {
    let dir = Path::new("samples/2018");
    let mut app = app_for(
        dir,
        Options {
            color: false,
            ..Options::default()
        },
    );
    let buf = render(&mut app, 80, 24);
    assert!(buf
        .content()
        .iter()
        .all(|c| c.fg == Color::Reset && c.bg == Color::Reset));
    // Row 3 is the selected first office.
    assert!(buf[(5, 3)].modifier.contains(Modifier::REVERSED));
    let mut app = app_for(
        dir,
        Options {
            ascii: true,
            ..Options::default()
        },
    );
    let text = screen(&render(&mut app, 80, 24));
    assert!(
        text.lines().nth(1).unwrap().starts_with("+ 排名 ---"),
        "{text}"
    );
    assert!(!text.contains('┌') && !text.contains('│'));
}

#[test]
fn english_labels() {
    let mut app = app_for(
        Path::new("samples/2018"),
        Options {
            lang: Lang::En,
            ..Options::default()
        },
    );
    let text = screen(&render(&mut app, 80, 24));
    assert!(text.contains("Ranking") && text.contains("Total"), "{text}");
}

#[test]
fn keys_reach_actions_through_the_table() {
    let k = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    assert_eq!(map_key(&k('?'), ViewId::Ranking, false), Some(Action::Help));
    assert_eq!(map_key(&k('q'), ViewId::Office, false), Some(Action::Quit));
    assert_eq!(
        map_key(
            &KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            ViewId::Ranking,
            false
        ),
        Some(Action::Enter)
    );
}

#[test]
fn tiny_terminals_do_not_panic() {
    let mut app = samples();
    for view in ViewId::ALL {
        app.update(Action::Show(view));
        for (w, h) in [(1, 1), (10, 3), (20, 5), (40, 10), (200, 60)] {
            render(&mut app, w, h);
        }
        app.update(Action::Help);
        render(&mut app, 12, 4);
        app.update(Action::Help);
    }
}

/// Labels only (not office names, grades or text from a return): any Han character?
fn has_han(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn english_mode_has_no_chinese_labels() {
    let dir = relative_tempdir();
    for e in std::fs::read_dir("samples/2018").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let mut store = kaoping::store::Store::open(dir.path()).unwrap();
    store
        .decide(&kaoping::domain::decision::Decision {
            office: "广州海关".into(),
            indicator: "A1".into(),
            value: Decided::Score("3".parse().unwrap()),
            reason: "reason".into(),
            evaluator: "alice".into(),
            at: "2019-01-10 09:00:00".into(),
            file_sha256: None,
            source: None,
        })
        .unwrap();
    let mut app = app_for(
        dir.path(),
        Options {
            lang: Lang::En,
            ..Options::default()
        },
    );
    app.set_decisions(store.decisions().unwrap());
    let mut store = Some(store);
    // The office view of 广州海关 with its decision note, then its history.
    let o = app
        .data
        .registry
        .offices
        .iter()
        .position(|o| o.name == "广州海关")
        .unwrap();
    app.office.office = Some(o);
    app.update(Action::Show(ViewId::Office));
    let text = screen(&render(&mut app, 120, 40));
    let line = text.lines().find(|l| l.contains("A1 ")).unwrap();
    assert!(line.contains("decided: reason (alice)"), "{line}");
    kaoping::tui::apply_effect(&mut app, &mut store, Effect::LoadHistory { office: o }).unwrap();
    let text = screen(&render(&mut app, 120, 40));
    assert!(text.contains("computed → 3.00"), "{text}");
    // Re-import: the count of files in English.
    kaoping::tui::apply_effect(&mut app, &mut store, Effect::Reimport).unwrap();
    assert_eq!(app.message.as_deref(), Some("re-imported: 42 files"));
    assert!(!has_han(app.message.as_deref().unwrap()));
}

#[test]
fn a_failed_reimport_is_shown_and_the_results_stay() {
    let dir = relative_tempdir();
    let folder = dir.path().join("returns");
    std::fs::create_dir(&folder).unwrap();
    for e in std::fs::read_dir("samples/2018").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, folder.join(p.file_name().unwrap())).unwrap();
    }
    let mut app = app_for(&folder, Options::default());
    let ranked = app.report.results.len();
    assert_eq!(ranked, 42);
    // The folder goes away (an unmounted share, a renamed folder).
    std::fs::rename(&folder, dir.path().join("moved")).unwrap();
    let mut store = None;
    kaoping::tui::apply_effect(&mut app, &mut store, Effect::Reimport).unwrap();
    let message = app.message.clone().unwrap();
    assert!(message.starts_with("✗ 重新导入失败："), "{message}");
    assert!(message.contains("returns"), "{message}");
    assert_eq!(app.report.results.len(), 42, "the previous results stay");
    app.update(Action::Show(ViewId::Import));
    let text = screen(&render(&mut app, 80, 24));
    assert!(text.contains("重新导入失败"), "{text}");
    // Back in place: the next re-import clears the error.
    std::fs::rename(dir.path().join("moved"), &folder).unwrap();
    kaoping::tui::apply_effect(&mut app, &mut store, Effect::Reimport).unwrap();
    assert!(app.import_error.is_none());
    let text = screen(&render(&mut app, 80, 24));
    assert!(!text.contains("重新导入失败"), "{text}");
}

/// A veto decision, as the store would give it.
fn veto_decision(office: &str, veto: bool, reason: &str) -> kaoping::domain::decision::Decision {
    kaoping::domain::decision::Decision {
        office: office.into(),
        indicator: "V1".into(),
        value: Decided::Veto(veto),
        reason: reason.into(),
        evaluator: "张三".into(),
        at: "2019-01-10 09:30:00".into(),
        file_sha256: None,
        source: None,
    }
}

/// The returns of 深圳海关 (no veto reported) and 上海海关 (a veto reported), which score
/// the same under every rule the samples were written for: snapshots that stay.
fn veto_app() -> (tempfile::TempDir, App) {
    let dir = relative_tempdir();
    for e in std::fs::read_dir("samples/2018").unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        if name.contains("深圳海关") || name.contains("上海海关") {
            std::fs::copy(&p, dir.path().join(name)).unwrap();
        }
    }
    let app = app_for(dir.path(), Options::default());
    assert_eq!(app.report.results.len(), 2);
    (dir, app)
}

#[test]
fn the_veto_form_chooses_yes_or_no_and_is_validated() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let (_dir, mut app) = veto_app();
        // 深圳海关 (first), its last row: V1.
        app.update(Action::Enter);
        app.update(Action::Bottom);
        assert_eq!(
            app.selected_indicator().map(|(_, i)| i).as_deref(),
            Some("V1")
        );
        app.update(Action::Edit);
        let form = app.form.as_ref().unwrap();
        assert_eq!(
            (form.kind, form.veto, form.field),
            (kaoping::tui::app::FormKind::Veto, None, 0)
        );
        insta::assert_snapshot!(
            format!("veto_form_{w}x{h}"),
            screen(&render(&mut app, w, h))
        );
        // Nothing chosen: not saved, and said why.
        app.update(Action::InputNextField);
        for c in "泄露".chars() {
            app.update(Action::Input(c));
        }
        app.update(Action::InputNextField);
        assert_eq!(app.update(Action::InputSubmit), vec![]);
        let form = app.form.as_ref().unwrap();
        assert_eq!(form.reason, "泄露");
        assert_eq!(form.error.as_deref(), Some(kaoping::tui::app::CHOOSE_VETO));
        // A key that is no choice is refused; y chooses 是, space switches, n 否.
        app.update(Action::Input('7'));
        assert_eq!(app.form.as_ref().unwrap().veto, None);
        app.update(Action::Input('y'));
        assert_eq!(app.form.as_ref().unwrap().veto, Some(true));
        assert!(app.form.as_ref().unwrap().error.is_none());
        app.update(Action::Input(' '));
        assert_eq!(app.form.as_ref().unwrap().veto, Some(false));
        app.update(Action::Input('是'));
        assert_eq!(app.form.as_ref().unwrap().veto, Some(true));
        insta::assert_snapshot!(
            format!("veto_form_chosen_{w}x{h}"),
            screen(&render(&mut app, w, h))
        );
        // A blank reason is refused too.
        app.update(Action::InputNextField);
        press(&mut app, &[Action::InputBackspace, Action::InputBackspace]);
        assert_eq!(app.update(Action::InputSubmit), vec![]);
        assert!(app
            .form
            .as_ref()
            .unwrap()
            .error
            .as_deref()
            .unwrap()
            .contains("理由"));
        // Esc cancels: nothing saved.
        app.update(Action::InputCancel);
        assert!(app.form.is_none());
        // Again, and Enter saves: the decision is the veto.
        app.update(Action::Edit);
        app.update(Action::Input('n'));
        app.update(Action::InputNextField);
        for c in "依法公开".chars() {
            app.update(Action::Input(c));
        }
        let effects = app.update(Action::InputSubmit);
        assert!(
            matches!(&effects[..], [Effect::Decide { indicator, value: Decided::Veto(false), reason, .. }] if indicator == "V1" && reason == "依法公开"),
            "{effects:?}"
        );
    }
}

#[test]
fn a_decided_veto_shows_in_the_ranking_the_office_view_and_the_history() {
    let (_dir, mut app) = veto_app();
    app.set_decisions(vec![
        veto_decision("深圳海关", true, "门户网站泄露个人隐私"),
        veto_decision("上海海关", false, "依法应当公开"),
    ]);
    let text = screen(&render(&mut app, 80, 24));
    let sz = text.lines().find(|l| l.contains("深圳海关")).unwrap();
    assert!(
        sz.contains("104.00") && sz.contains("良好（一票否决）"),
        "{sz}"
    );
    let sh = text.lines().find(|l| l.contains("上海海关")).unwrap();
    assert!(sh.contains("优秀") && !sh.contains("一票否决"), "{sh}");
    // The office view: 等次 in the summary; V1 as reported, decided and counting.
    app.update(Action::Enter);
    app.update(Action::Bottom);
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let text = screen(&render(&mut app, w, h));
        assert!(text.contains("等次 良好（一票否决）"), "{text}");
        let v1 = text.lines().find(|l| l.contains("V1 ")).unwrap();
        assert!(v1.contains("否") && v1.contains("是"), "{v1}");
        insta::assert_snapshot!(format!("office_with_veto_{w}x{h}"), text);
    }
    // Its history: 是 / 否, never a score.
    let o = app.office.office.unwrap();
    let change = |id, old, new, kind: &str| kaoping::domain::decision::Change {
        id,
        at: "2019-01-10 09:30:00".into(),
        evaluator: "张三".into(),
        office: app.data.registry.offices[o].name.clone(),
        indicator: "V1".into(),
        old,
        new,
        reason: "门户网站泄露个人隐私".into(),
        kind: kind.into(),
        item: String::new(),
        source: None,
        file: None,
    };
    app.history = Some(vec![
        change(1, None, Some(Decided::Veto(false)), "set"),
        change(
            2,
            Some(Decided::Veto(false)),
            Some(Decided::Veto(true)),
            "set",
        ),
        change(3, Some(Decided::Veto(true)), None, "clear"),
    ]);
    let text = screen(&render(&mut app, 80, 24));
    for want in ["V1 单位报送 → 否", "V1 否 → 是", "V1 是 → 单位报送"] {
        assert!(text.contains(want), "{want}: {text}");
    }
    // In English: yes / no.
    app.opts.lang = Lang::En;
    let text = screen(&render(&mut app, 120, 40));
    for want in ["V1 reported → no", "V1 no → yes", "V1 yes → reported"] {
        assert!(text.contains(want), "{want}: {text}");
    }
}

// ---------------------------------------------------------------------------------------
// Background work: the session (the UI without its terminal) and its worker thread.

/// Every sample return in a temporary folder.
fn samples_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join("samples/2018")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    dir
}

fn status_line(app: &mut App) -> String {
    let buf = render(app, 120, 40);
    screen(&buf).lines().last().unwrap_or_default().to_string()
}

#[test]
fn a_reimport_runs_in_the_background_and_a_second_r_is_coalesced() {
    use kaoping::tui::session::Session;
    let dir = samples_copy();
    let store = kaoping::store::Store::open(dir.path()).unwrap();
    let mut s = Session::new(app_for(dir.path(), Options::default()), Some(store));
    assert!(!s.handle(Action::Reimport));
    // The key is answered at once; the import runs on the worker, shown in the status bar.
    assert!(s.busy());
    assert!(status_line(&mut s.app).contains("正在导入"));
    s.handle(Action::NextView);
    assert_eq!(s.app.view, ViewId::Office);
    // Two more `r` while it runs: one more re-import after it, not two.
    s.handle(Action::Reimport);
    s.handle(Action::Reimport);
    assert!(s.wait_idle(std::time::Duration::from_secs(60)));
    assert_eq!(s.reimports(), 2);
    // The first read every file; the second found them unchanged and read none.
    assert_eq!(s.files_read(), 42);
    assert!(s.app.progress.is_none());
    assert!(s.app.message.as_deref().unwrap().contains("已重新导入"));
    assert_eq!(s.app.report.files.len(), 42);
    // Export goes the same way (`x`, then the menu's first item).
    s.handle(Action::Export);
    s.handle(Action::InputSubmit);
    assert!(s.wait_idle(std::time::Duration::from_secs(60)));
    assert!(s.app.message.as_deref().unwrap().contains("已导出"));
}

// ---------------------------------------------------------------------------------------
// The export menu (`x`): workbook, circular, feedback, written into the folder.

#[test]
fn x_opens_the_export_menu_at_both_sizes() {
    use kaoping::tui::app::ExportKind;
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut app = samples();
        assert!(app.update(Action::Export).is_empty());
        assert!(app.typing(), "the menu takes the keys");
        let text = screen(&render(&mut app, w, h));
        insta::assert_snapshot!(format!("export_menu_{w}x{h}"), text);
    }
    // Arrows move (and wrap), Enter writes the selected item; a digit writes its item.
    let mut app = samples();
    let up = KeyEvent::new(KeyCode::Up, KeyModifiers::NONE);
    let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
    app.update(Action::Export);
    for ev in [down, down, up, up, up] {
        let action = map_key(&ev, app.view, app.typing()).unwrap();
        assert!(app.update(action).is_empty());
    }
    assert_eq!(
        app.update(Action::InputSubmit),
        vec![Effect::Export(ExportKind::Feedback)]
    );
    assert!(app.export.is_none() && !app.typing());
    app.update(Action::Export);
    assert_eq!(
        app.update(Action::Input('3')),
        vec![Effect::Export(ExportKind::Circular)]
    );
    // Other keys do nothing; Esc cancels without writing.
    app.update(Action::Export);
    assert!(press(&mut app, &[Action::Input('9'), Action::Input('q')]).is_empty());
    assert!(app.export.is_some());
    assert!(app.update(Action::InputCancel).is_empty());
    assert!(app.export.is_none());
    assert_eq!(app.view, ViewId::Ranking);
}

/// A session over a copy of eight sample returns (few, so as not to load the machine under
/// the tests that time the UI), with its store, the first import done.
fn export_session() -> (tempfile::TempDir, kaoping::tui::session::Session) {
    use kaoping::tui::session::Session;
    let dir = tempfile::tempdir().unwrap();
    let mut samples: Vec<PathBuf> = std::fs::read_dir(root().join("samples/2018"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    samples.sort();
    for p in samples.iter().take(8) {
        std::fs::copy(p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let store = kaoping::store::Store::open(dir.path()).unwrap();
    let mut s = Session::new(app_for(dir.path(), Options::default()), Some(store));
    s.reimport();
    assert!(s.wait_idle(std::time::Duration::from_secs(60)));
    (dir, s)
}

/// The files of a folder (not below it) whose names end so.
fn files_ending(dir: &Path, end: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_str().unwrap().ends_with(end))
        .collect();
    v.sort();
    v
}

/// The office names and totals of a report, in ranking order.
fn totals(r: &Report) -> Vec<(usize, String)> {
    r.results
        .iter()
        .map(|o| (o.office, o.total.to_string()))
        .collect()
}

#[test]
fn the_circular_is_written_in_the_background_and_the_importer_passes_over_it() {
    let (dir, mut s) = export_session();
    let before = kaoping::import::collect(&[dir.path().to_path_buf()]).unwrap();
    let scored = totals(&s.app.report);
    s.handle(Action::Export);
    s.handle(Action::Input('3'));
    // The key is answered at once; the worker writes.
    assert!(s.app.export.is_none());
    assert!(status_line(&mut s.app).contains("正在导出"));
    assert!(s.wait_idle(std::time::Duration::from_secs(60)));
    let status = status_line(&mut s.app);
    assert!(status.contains("已写出通报："), "{status}");
    let written = files_ending(dir.path(), ".kaoping.docx");
    assert_eq!(written.len(), 1, "{written:?}");
    let name = written[0].file_name().unwrap().to_str().unwrap();
    assert!(name.starts_with("通报（征求意见稿）-"), "{name}");
    assert!(s.app.message.as_deref().unwrap().contains(name));
    let bytes = std::fs::read(&written[0]).unwrap();
    assert!(bytes.starts_with(b"PK"), "a .docx is a zip");
    // Then the feedback letters and both workbooks: the folder of returns now holds
    // .kaoping.docx files, a 反馈意见 subfolder of them and .kaoping.xlsx files.
    for key in ['4', '1', '2'] {
        s.handle(Action::Export);
        s.handle(Action::Input(key));
        assert!(s.wait_idle(std::time::Duration::from_secs(60)));
        let msg = s.app.message.clone().unwrap();
        assert!(!msg.starts_with('✗'), "{msg}");
    }
    assert_eq!(files_ending(dir.path(), ".kaoping.xlsx").len(), 2);
    assert!(dir.path().join("反馈意见").is_dir());
    // The importer reads only returns: the same files, the same results.
    let after = kaoping::import::collect(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(after, before);
    s.handle(Action::Reimport);
    assert!(s.wait_idle(std::time::Duration::from_secs(60)));
    assert_eq!(s.app.report.files.len(), 8);
    assert_eq!(totals(&s.app.report), scored);
}

#[test]
fn feedback_writes_one_letter_per_ranked_office_into_the_subfolder() {
    use kaoping::documents::{feedback::file_name, OWN_DOCX_SUFFIX};
    let (dir, mut s) = export_session();
    s.handle(Action::Export);
    for _ in 0..3 {
        s.handle(Action::InputNext);
    }
    s.handle(Action::InputSubmit);
    assert!(s.wait_idle(std::time::Duration::from_secs(120)));
    let sub = dir.path().join("反馈意见");
    let written = files_ending(&sub, OWN_DOCX_SUFFIX);
    let app = &s.app;
    let ranked: Vec<usize> = (0..app.data.registry.len())
        .filter(|&o| app.result_of(o).is_some())
        .collect();
    assert_eq!(ranked.len(), 8);
    let mut expected: Vec<PathBuf> = ranked
        .iter()
        .map(|&o| sub.join(file_name(&app.data, o, OWN_DOCX_SUFFIX)))
        .collect();
    expected.sort();
    assert_eq!(written, expected);
    // Nothing else there (no temporary file left), nothing beside the returns.
    assert_eq!(std::fs::read_dir(&sub).unwrap().count(), ranked.len());
    assert!(files_ending(dir.path(), ".docx").is_empty());
    let status = status_line(&mut s.app);
    assert!(status.contains("已写出反馈意见："), "{status}");
    assert!(
        status.contains(&format!("（{} 个文件）", ranked.len())),
        "{status}"
    );
}

#[test]
fn a_write_waiting_on_a_colleague_says_so_and_can_be_cancelled() {
    use kaoping::tui::session::Session;
    use std::time::{Duration, Instant};
    let dir = samples_copy();
    let store = kaoping::store::Store::open(dir.path()).unwrap();
    let mut s = Session::new(app_for(dir.path(), Options::default()), Some(store));
    // A colleague holds the write lock.
    let colleague = rusqlite::Connection::open(dir.path().join(kaoping::store::FILE)).unwrap();
    colleague.execute_batch("BEGIN IMMEDIATE").unwrap();
    for a in [Action::Enter, Action::Down, Action::Down, Action::Edit] {
        s.handle(a);
    }
    s.handle(Action::InputNextField);
    for c in "复核".chars() {
        s.handle(Action::Input(c));
    }
    s.handle(Action::InputSubmit);
    assert!(s.app.form.is_none());
    let start = Instant::now();
    while !s.app.waiting && start.elapsed() < Duration::from_secs(5) {
        s.wait_result(Duration::from_millis(50));
    }
    assert!(s.app.waiting, "the write waits on the colleague");
    assert!(status_line(&mut s.app).contains("等待其他评分人…"));
    // Keys still work while it waits.
    s.handle(Action::Down);
    // Esc gives the wait up, long before the store's 10 s.
    s.handle(Action::Back);
    assert_eq!(
        s.app.view,
        ViewId::Office,
        "Esc cancelled the wait, not the view"
    );
    assert!(s.wait_idle(Duration::from_secs(5)));
    assert!(start.elapsed() < Duration::from_secs(8));
    assert!(!s.app.waiting);
    assert!(s.app.message.as_deref().unwrap().contains("已取消"));
    colleague.execute_batch("ROLLBACK").unwrap();
    let after = kaoping::store::Store::open(dir.path()).unwrap();
    assert!(after.decisions().unwrap().is_empty(), "nothing was saved");
    // Without the colleague the same write is saved.
    s.handle(Action::Edit);
    s.handle(Action::InputNextField);
    for c in "复核".chars() {
        s.handle(Action::Input(c));
    }
    s.handle(Action::InputSubmit);
    assert!(s.wait_idle(Duration::from_secs(10)));
    assert!(s.app.message.as_deref().unwrap().contains("已保存"));
    assert_eq!(after.decisions().unwrap().len(), 1);
}

#[test]
fn a_return_copied_into_the_watched_folder_appears_without_a_keypress() {
    // No speed is asserted here (that is for benchmarks): the waits are bounds against a
    // hang, generous for a loaded machine.
    use kaoping::tui::session::Session;
    use std::time::{Duration, Instant};
    let dir = samples_copy();
    // One return is held back, and copied in while the UI is open.
    let held = tempfile::tempdir().unwrap();
    let first = std::fs::read_dir(dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let kept = held.path().join(first.file_name().unwrap());
    std::fs::rename(&first, &kept).unwrap();
    let mut s = Session::new(app_for(dir.path(), Options::default()), None);
    assert_eq!(s.app.report.files.len(), 41);
    assert!(s.watch_folder());
    let start = Instant::now();
    std::fs::copy(&kept, &first).unwrap();
    while s.app.report.files.len() < 42 && start.elapsed() < Duration::from_secs(30) {
        s.tick();
        s.wait_result(Duration::from_millis(20));
    }
    assert_eq!(s.app.report.files.len(), 42);
    assert!(s.app.message.as_deref().unwrap().contains("文件夹有变动"));
    assert!(status_line(&mut s.app).contains("文件夹有变动"));
    // The first re-import read every file (the session began without a cache); a
    // replaced return is read alone.
    let read = s.files_read();
    std::fs::remove_file(&first).unwrap();
    std::fs::copy(&kept, &first).unwrap();
    let start = Instant::now();
    while s.files_read() == read && start.elapsed() < Duration::from_secs(30) {
        s.tick();
        s.wait_result(Duration::from_millis(20));
    }
    assert!(s.wait_idle(Duration::from_secs(10)));
    assert_eq!(s.files_read(), read + 1);
    // A file that is not a return changes nothing, and is not announced.
    s.app.message = None;
    std::fs::write(dir.path().join("说明.txt"), "不是自评表").unwrap();
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(1200) {
        s.tick();
        s.wait_result(Duration::from_millis(20));
    }
    assert!(s.wait_idle(Duration::from_secs(10)));
    assert_eq!(s.app.report.files.len(), 42);
    assert!(!s
        .app
        .message
        .as_deref()
        .unwrap_or_default()
        .contains("文件夹有变动"));

    // `open --no-watch`: the folder is not watched.
    let opts = Options {
        watch: false,
        ..Options::default()
    };
    let mut s = Session::new(app_for(dir.path(), opts), None);
    assert!(!s.watch_folder());
    std::fs::remove_file(&first).unwrap();
    std::thread::sleep(Duration::from_millis(600));
    assert!(!s.tick());
    assert!(!s.busy());
    assert_eq!(s.app.report.files.len(), 42);
}

#[test]
fn the_first_import_runs_in_the_background_and_the_ranking_starts_at_the_top() {
    use kaoping::tui::session::Session;
    let data = DataSet::builtin();
    let dir = PathBuf::from("samples/2018");
    // As `open` starts: no file read yet, the first import sent to the worker.
    let report = Report::from_files(&data, Vec::new());
    let mut app = App::new(data, report, dir, Options::default());
    app.loading = true;
    let mut s = Session::new(app, None);
    s.reimport();
    let text = screen(&render(&mut s.app, 80, 24));
    assert!(text.contains("正在导入"), "{text}");
    assert!(
        !text.contains("未报送"),
        "no office shown as 未报送 while loading:\n{text}"
    );
    // Keys are answered while the worker reads.
    s.handle(Action::NextView);
    assert_eq!(s.app.view, ViewId::Office);
    assert!(s.wait_idle(std::time::Duration::from_secs(30)));
    assert!(!s.app.loading);
    assert_eq!(s.app.report.results.len(), 42);
    s.handle(Action::Show(ViewId::Ranking));
    let text = screen(&render(&mut s.app, 80, 24));
    assert!(text.lines().nth(3).unwrap().contains("深圳海关"), "{text}");
    // And it is selected: not the office first in the registry, listed while loading.
    assert_eq!(s.app.ranking.list.selected, 0);
    s.handle(Action::Enter);
    let top = s.app.report.results[0].office;
    assert_eq!(s.app.office.office, Some(top));
}

#[test]
fn rank_intervals_are_drawn_after_the_first_import_and_shown_beside_each_rank() {
    use kaoping::domain::robustness::{draws, ui_params};
    use kaoping::tui::session::Session;
    let data = DataSet::builtin();
    // As `open` starts: no file read yet, the first import sent to the worker.
    let report = Report::from_files(&data, Vec::new());
    let mut app = App::new(
        data,
        report,
        PathBuf::from("samples/2018"),
        Options::default(),
    );
    app.loading = true;
    let mut s = Session::new(app, None);
    s.reimport();
    assert!(s.busy());
    // The import and then the draws run in the background; `…` until they are done.
    while s.app.loading {
        s.wait_result(std::time::Duration::from_secs(30));
    }
    if s.app.stability.is_none() {
        let text = screen(&render(&mut s.app, 120, 40));
        assert!(text.lines().nth(3).unwrap().contains('…'), "{text}");
    }
    assert!(s.wait_idle(std::time::Duration::from_secs(60)));
    assert!(!s.busy());
    // The intervals are those of `kaoping robustness` with the UI's parameters (1000
    // draws, spread 0.2, the set's year as the seed).
    let st = s.app.stability.clone().expect("the intervals were drawn");
    assert_eq!(
        (
            st.params.draws,
            st.params.spread.to_string(),
            st.params.seed
        ),
        (1000, "0.2".to_string(), 2018)
    );
    let again = draws(
        &s.app.data.set,
        &s.app.report.results,
        &ui_params(&s.app.data.set),
    );
    assert_eq!(Some(st), again.ok());
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        s.handle(Action::Show(ViewId::Ranking));
        let text = screen(&render(&mut s.app, w, h));
        insta::assert_snapshot!(format!("ranking_intervals_{w}x{h}"), text);
        // At 80 columns the interval is the first column dropped.
        assert_eq!(text.contains("区间"), w == 120, "{text}");
        s.handle(Action::Enter);
        let text = screen(&render(&mut s.app, w, h));
        insta::assert_snapshot!(format!("office_intervals_{w}x{h}"), text);
        assert!(text.contains("稳定性  中位名次 1  90%区间 1"), "{text}");
    }
}

/// Another version of 兰州海关's return: the template with a few values, filed
/// `2018年12月29日` (as text), later than the sample's 2018-12-27.
fn lanzhou_resent(path: &Path) {
    use kaoping::export::template::{FIRST_ROW, MAIN_SHEET};
    let data = DataSet::builtin();
    let mut wb = kaoping::export::template::build(&data, "兰州海关").unwrap();
    let ws = wb.worksheet_from_name(MAIN_SHEET).unwrap();
    ws.write_string(1, 3, "2018年12月29日").unwrap();
    for k in 0..3 {
        ws.write_string(FIRST_ROW + k, 5, "完成").unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn a_resent_return_is_chosen_in_the_import_view() {
    use kaoping::tui::session::Session;
    use std::time::Duration;
    // A folder of fixed name, for stable snapshots (the messages name the files by path).
    let dir = PathBuf::from("target/tui-tests/choose");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let sample = |part: &str| {
        std::fs::read_dir(root().join("samples/2018"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_str().unwrap().contains(part))
            .unwrap()
    };
    std::fs::copy(sample("兰州海关"), dir.join("兰州海关-初稿.xlsx")).unwrap();
    lanzhou_resent(&dir.join("兰州海关-修改稿.xlsx"));
    let other = sample("南昌海关");
    std::fs::copy(&other, dir.join(other.file_name().unwrap())).unwrap();
    let store = kaoping::store::Store::open(&dir).unwrap();
    let mut s = Session::new(app_for(&dir, Options::default()), Some(store));
    s.handle(Action::Show(ViewId::Import));
    let second = s
        .app
        .report
        .files
        .iter()
        .position(|f| f.path.ends_with("兰州海关-修改稿.xlsx"))
        .unwrap();
    for _ in 0..second {
        s.handle(Action::Down);
    }
    // Who chose when: masked at the same width.
    let mask = |text: String, chosen: Option<&kaoping::choose::Choice>| {
        let mut text = text;
        if let Some(c) = chosen {
            text = text.replace(&c.at, "2019-01-15 09:30:00");
            let w = unicode_width::UnicodeWidthStr::width(c.evaluator.as_str());
            text = text.replace(
                &format!("（{} ", c.evaluator),
                &format!("（{} ", "X".repeat(w)),
            );
        }
        text
    };
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let text = screen(&render(&mut s.app, w, h));
        assert_eq!(text.matches("重复报送").count(), 2, "{text}");
        assert!(
            text.contains("较新："),
            "the conflict says which is later:\n{text}"
        );
        insta::assert_snapshot!(format!("choose_conflict_{w}x{h}"), mask(text, None));
    }
    // Enter on a 重复报送 file: the confirmation, with the hint, nothing chosen yet.
    assert!(!s.handle(Action::Enter));
    assert!(s.app.choose.is_some());
    assert!(s.app.typing(), "Enter and Esc now confirm and cancel");
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let text = screen(&render(&mut s.app, w, h));
        assert!(text.contains("以此份为准：兰州海关-修改稿.xlsx"), "{text}");
        assert!(text.contains("未采用：兰州海关-初稿.xlsx"), "{text}");
        assert!(text.contains("较新：本份（填报日期 2018-12-29）"), "{text}");
        insta::assert_snapshot!(format!("choose_confirm_{w}x{h}"), mask(text, None));
    }
    // Esc cancels; Enter again and confirm with Enter (a key press, through the table).
    s.handle(Action::InputCancel);
    assert!(s.app.choose.is_none() && !s.busy());
    s.handle(Action::Enter);
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    let action = map_key(&enter, s.app.view, s.app.typing()).unwrap();
    assert_eq!(action, Action::InputSubmit);
    s.handle(action);
    assert!(s.app.choose.is_none());
    // The worker writes the choice and re-imports.
    assert!(s.wait_idle(Duration::from_secs(60)));
    let stored = kaoping::store::Store::open(&dir)
        .unwrap()
        .choices()
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].office, "兰州海关");
    assert_eq!(stored[0].path, "兰州海关-修改稿.xlsx");
    let files = s.app.report.files.clone();
    assert_eq!(files[second].status, kaoping::import::FileStatus::Imported);
    let first = files
        .iter()
        .position(|f| f.path.ends_with("兰州海关-初稿.xlsx"))
        .unwrap();
    assert_eq!(files[first].status, kaoping::import::FileStatus::Superseded);
    let o = s.app.data.registry.find_exact("兰州海关").unwrap();
    assert_eq!(
        s.app.report.file_of(o).map(|f| f.path.clone()),
        Some(files[second].path.clone()),
        "the chosen return counts"
    );
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let text = screen(&render(&mut s.app, w, h));
        assert!(text.contains("已受理（以此份为准）"), "{text}");
        assert!(text.contains("未采用"), "{text}");
        assert!(!text.contains("重复报送"), "{text}");
        assert!(
            text.contains(&stored[0].at),
            "who and when are shown:\n{text}"
        );
        insta::assert_snapshot!(
            format!("choose_chosen_{w}x{h}"),
            mask(text, Some(&stored[0]))
        );
    }
    // The other file offers the switch back, saying which counts now.
    s.handle(Action::Show(ViewId::Import));
    for _ in 0..files.len() {
        s.handle(Action::Up);
    }
    for _ in 0..first {
        s.handle(Action::Down);
    }
    s.handle(Action::Enter);
    let text = screen(&render(&mut s.app, 120, 40));
    assert!(
        text.contains("现以此为准：兰州海关-修改稿.xlsx（"),
        "{text}"
    );
    s.handle(Action::InputCancel);
    // A colleague chooses the other one: the open UI settles the folder again.
    let mut colleague = kaoping::store::Store::open(&dir).unwrap();
    colleague
        .choose(&kaoping::choose::Choice {
            office: "兰州海关".into(),
            sha256: files[first].sha256.clone(),
            path: "兰州海关-初稿.xlsx".into(),
            evaluator: "李四".into(),
            at: kaoping::local::now(),
        })
        .unwrap();
    let start = std::time::Instant::now();
    while s.app.report.files[first].status != kaoping::import::FileStatus::Imported
        && start.elapsed() < Duration::from_secs(10)
    {
        s.poll_store();
        s.wait_result(Duration::from_millis(50));
    }
    assert!(s.wait_idle(Duration::from_secs(30)));
    assert_eq!(
        s.app.report.files[second].status,
        kaoping::import::FileStatus::Superseded
    );
    let text = screen(&render(&mut s.app, 120, 40));
    assert!(text.contains("以此份为准（李四 "), "{text}");
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------
// Headquarters' findings and spot checks: the 核查 view and the ✓ / ✗ marks.

/// Runs the binary; its standard output (it must succeed).
fn kaoping_ok(args: &[&str]) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(0), "{args:?}\n{out}\n{err}");
    out.into_owned()
}

/// Writes a workbook of one sheet: `header` in row `at`, then the rows (text; a number
/// when it parses as one; a date when written `D:YYYY-MM-DD`; nothing when empty).
fn sheet_xlsx(path: &Path, sheet: &str, lead: &[&str], header: &[&str], rows: &[Vec<String>]) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name(sheet).unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let at = lead.len() as u32;
    for (r, t) in lead.iter().enumerate() {
        ws.write_string(r as u32, 0, *t).unwrap();
    }
    for (c, h) in header.iter().enumerate() {
        ws.write_string(at, c as u16, *h).unwrap();
    }
    for (k, row) in rows.iter().enumerate() {
        let r = at + 1 + k as u32;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            if v.is_empty() {
                continue;
            }
            if let Some(d) = v.strip_prefix("D:") {
                let d = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
                use chrono::Datelike;
                let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                    .unwrap();
                ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
            } else if let Ok(n) = v.parse::<f64>() {
                ws.write_number(r, c, n).unwrap();
            } else {
                ws.write_string(r, c, v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

fn cells(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// A copy of the samples with headquarters' findings applied by `kaoping findings apply`:
/// a 核查记录 (a count on 广州海关's A9, a score on 深圳海关's B1, 否 on 上海海关's V1), a
/// filled checklist of 沈阳海关 (D1: one item 不属实, one 属实; the claims C2 属实 and C3
/// 无佐证 with a 核定分), a decision typed by 李四 (沈阳海关 A5), and a spot check drawn
/// with `kaoping sample`. Returns the folder and D1's two checked items as shown
/// (`名称（起算日期）`).
fn findings_workspace() -> (tempfile::TempDir, tempfile::TempDir, [String; 2]) {
    let dir = samples_copy();
    let d = dir.path().to_str().unwrap().to_string();
    let out = tempfile::tempdir().unwrap();
    let findings = out.path().join("核查记录.xlsx");
    sheet_xlsx(
        &findings,
        "核查记录",
        &[],
        &[
            "单位",
            "指标",
            "核查数量",
            "核定分",
            "一票否决",
            "理由",
            "依据",
        ],
        &[
            cells(&[
                "广州海关",
                "A9",
                "2",
                "",
                "",
                "季度舆情通报",
                "署办〔2018〕12号",
            ]),
            cells(&["深圳海关", "B1", "", "7.5", "", "网站年度检查", ""]),
            cells(&["上海海关", "V1", "", "", "否", "复核后不予否决", ""]),
        ],
    );
    kaoping_ok(&[
        "findings",
        "apply",
        &d,
        findings.to_str().unwrap(),
        "--evaluator",
        "张三",
    ]);
    // 沈阳海关's D1 items, as its sample return has them.
    let data = DataSet::builtin();
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_str().unwrap().contains("沈阳海关"))
        .unwrap();
    let report = Report::build(&data, &[file]);
    let o = data.registry.find_exact("沈阳海关").unwrap();
    let items: Vec<(String, String)> = report
        .items(o, "D1")
        .into_iter()
        .map(|(_, it)| match it.start.value {
            kaoping::domain::scoring::Field::Value(d) => (it.name.clone(), format!("D:{d}")),
            _ => panic!("a sample item has its date"),
        })
        .collect();
    let (bad, good) = (&items[2], &items[4]);
    let checklist = out.path().join("抽查清单-2018.xlsx");
    let blank = |office: &str, ind: &str, item: &(String, String), result: &str, reason: &str| {
        cells(&[
            office, ind, &item.0, &item.1, "", "", "", "", "", result, "", reason, "",
        ])
    };
    let claim = |ind: &str, result: &str, score: &str, reason: &str| {
        cells(&[
            "沈阳海关",
            ind,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            result,
            score,
            reason,
            "",
        ])
    };
    sheet_xlsx(
        &checklist,
        "抽查清单",
        &[
            "2018年度直属海关政务公开考核评估抽查清单",
            "随机种子：2018  每单位抽取：3  抽取时间：2019-01-20 10:00:00  抽取人：张三",
        ],
        // The checklist's header without 事项编号, as a checklist made before that column.
        &kaoping::sample::checklist::HEADER[..13],
        &[
            claim("C2", "属实", "", ""),
            claim("C3", "无佐证", "3", "未提供佐证材料"),
            blank(
                "沈阳海关",
                "D1",
                bad,
                "不属实",
                "答复书落款日期晚于公开日期",
            ),
            blank("沈阳海关", "D1", good, "属实", ""),
        ],
    );
    kaoping_ok(&[
        "findings",
        "apply",
        &d,
        checklist.to_str().unwrap(),
        "--evaluator",
        "张三",
    ]);
    let drawn = out.path().join("抽查清单-2018-抽取.xlsx");
    kaoping_ok(&[
        "sample",
        &d,
        "--per-office",
        "1",
        "--seed",
        "2018",
        "--evaluator",
        "张三",
        "--out",
        drawn.to_str().unwrap(),
    ]);
    let mut store = kaoping::store::Store::open(dir.path()).unwrap();
    store
        .decide(&kaoping::domain::decision::Decision {
            office: "沈阳海关".into(),
            indicator: "A5".into(),
            value: Decided::Score("3".parse().unwrap()),
            reason: "收费公示不全".into(),
            evaluator: "李四".into(),
            at: "2019-01-10 09:30:00".into(),
            file_sha256: None,
            source: None,
        })
        .unwrap();
    let shown = |(name, date): &(String, String)| format!("{name}（{}）", &date[2..]);
    (dir, out, [shown(bad), shown(good)])
}

/// The screen with what changes from run to run masked at the same width: the times of
/// applying and drawing, and the workbooks' hashes.
fn masked(text: String, store: &kaoping::store::Store) -> String {
    let mut text = text;
    for (from, to) in mask_pairs(store) {
        text = text.replace(&from, &to);
    }
    text
}

/// What `masked` replaces, in order: each text and what it becomes.
fn mask_pairs(store: &kaoping::store::Store) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut times: Vec<String> = store.draws().unwrap().into_iter().map(|d| d.at).collect();
    let decided = store.decisions_and_checks().unwrap();
    times.extend(decided.iter().map(|d| d.at.clone()));
    times.extend(decided.checks().iter().map(|c| c.at.clone()));
    let mut sources: Vec<String> = decided.iter().filter_map(|d| d.source.clone()).collect();
    sources.extend(decided.checks().iter().filter_map(|c| c.source.clone()));
    times.retain(|t| !t.starts_with("2019-01-10"));
    // Whole times first, then to the minute, then days (two may differ by a second).
    for (n, to) in [
        (19, "2019-01-20 10:00:00"),
        (16, "2019-01-20 10:00"),
        (10, "2019-01-20"),
    ] {
        for t in &times {
            pairs.push((t[..n].to_string(), to.to_string()));
        }
    }
    for s in sources {
        let hash = s.rsplit_once("SHA-256 ").unwrap().1;
        pairs.push((hash[..8].to_string(), "ab12cd34".to_string()));
    }
    pairs
}

#[test]
fn the_checks_view_lists_findings_and_spot_checks_with_their_sources() {
    use kaoping::tui::session::Session;
    use std::time::Duration;
    let (dir, _out, [bad, good]) = findings_workspace();
    let store = kaoping::store::Store::open(dir.path()).unwrap();
    let mut app = app_for(dir.path(), Options::default());
    app.set_decisions(store.decisions_and_checks().unwrap());
    let mut s = Session::new(app, Some(kaoping::store::Store::open(dir.path()).unwrap()));
    // `6`, through the key table: the view, and the spot checks drawn read by the worker.
    let six = KeyEvent::new(KeyCode::Char('6'), KeyModifiers::NONE);
    let action = map_key(&six, s.app.view, false).unwrap();
    assert_eq!(action, Action::Show(ViewId::Checks));
    s.handle(action);
    assert_eq!(s.app.view, ViewId::Checks);
    assert!(s.wait_idle(Duration::from_secs(30)));
    assert_eq!(s.app.checks.draws.as_ref().map(Vec::len), Some(1));
    // 3 findings, 4 checks, the typed decision and the 核定分 of the failed claim: 9 rows.
    assert_eq!(s.app.checks.rows.len(), 9);
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let text = masked(screen(&render(&mut s.app, w, h)), &store);
        assert!(text.contains("6核查"), "{text}");
        assert!(text.contains("随机种子 2018"), "{text}");
        for want in [
            "核查数量 2",
            "核定分 7.50",
            "一票否决 否",
            "✗ 不属实",
            "✓ 属实",
            "✗ 无佐证",
        ] {
            assert!(text.contains(want), "{want}:\n{text}");
        }
        if w == 120 {
            assert!(
                text.contains("核查记录.xlsx（SHA-256 ab12cd34…）"),
                "{text}"
            );
            assert!(text.contains("手工核定"), "{text}");
        }
        // An item's name is cut before its date.
        let date = &bad[bad.rfind('（').unwrap()..];
        assert!(
            text.lines()
                .any(|l| l.contains(&format!("…{date}")) && l.contains("✗ 不属实")),
            "{text}"
        );
        insta::assert_snapshot!(format!("checks_{w}x{h}"), text);
    }
    // Sorted by office (registry order), indicator (set order), then the claim's decision,
    // its check and the items.
    let order: Vec<(usize, usize)> = s
        .app
        .checks
        .rows
        .iter()
        .map(|r| (r.office.unwrap(), r.indicator.unwrap()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    // The pane shows the selected row in full: D1's items (the 5th and 6th rows).
    for _ in 0..4 {
        s.handle(Action::Down);
    }
    let text = masked(screen(&render(&mut s.app, 80, 24)), &store);
    assert!(text.contains("沈阳海关 D1 "), "{text}");
    assert!(
        pane_text(&text, "详情").contains(&format!("· {bad}")),
        "{text}"
    );
    assert!(
        text.contains("✗ 不属实  张三 2019-01-20 10:00:00"),
        "{text}"
    );
    assert!(
        text.contains("来源：抽查清单-2018.xlsx（SHA-256 ab12cd34…）"),
        "{text}"
    );
    s.handle(Action::Down);
    let text = screen(&render(&mut s.app, 80, 24));
    assert!(
        pane_text(&text, "详情").contains(&format!("· {good}")),
        "{text}"
    );
    // `/` filters by office; Esc clears the filter, and then goes back.
    s.handle(Action::Search);
    for c in "沈阳".chars() {
        s.handle(Action::Input(c));
    }
    let text = screen(&render(&mut s.app, 80, 24));
    assert!(text.contains("筛选单位：沈阳"), "{text}");
    s.handle(Action::InputSubmit);
    assert_eq!(s.app.checks.rows.len(), 6);
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let text = masked(screen(&render(&mut s.app, w, h)), &store);
        assert!(text.contains("单位：“沈阳”（Esc 清除）"), "{text}");
        assert!(!text.contains("广州海关"), "{text}");
        insta::assert_snapshot!(format!("checks_filtered_{w}x{h}"), text);
    }
    s.handle(Action::Back);
    assert_eq!(s.app.checks.rows.len(), 9);
    assert_eq!(s.app.view, ViewId::Checks);
    // Enter: the office's view at the row's indicator (广州海关 A9, last but one).
    s.handle(Action::Bottom);
    s.handle(Action::Up);
    s.handle(Action::Enter);
    assert_eq!(s.app.view, ViewId::Office);
    let gz = s.app.data.registry.find_exact("广州海关").unwrap();
    assert_eq!(s.app.office.office, Some(gz));
    assert_eq!(
        s.app.data.set.indicators[s.app.office.list.selected].id,
        "A9"
    );
    let text = screen(&render(&mut s.app, 120, 40));
    let a9 = text.lines().find(|l| l.contains("│A9 ")).unwrap();
    assert!(
        a9.contains("0.00") && a9.contains("核查数量 2：季度舆情通报"),
        "{a9}"
    );
    s.handle(Action::Back);
    assert_eq!(s.app.view, ViewId::Checks);
    s.handle(Action::Back);
    assert_ne!(s.app.view, ViewId::Checks);
}

/// The text of a pane on the left (by its title), its lines joined.
fn pane_text(screen: &str, title: &str) -> String {
    let mut lines = screen
        .lines()
        .skip_while(|l| !l.contains(&format!("┌ {title} ")))
        .skip(1);
    let mut out = String::new();
    for l in lines.by_ref() {
        if l.starts_with('└') {
            break;
        }
        let inner = l.trim_start_matches('│');
        out.push_str(inner.split('│').next().unwrap_or_default().trim_end());
    }
    out
}

#[test]
fn the_office_view_marks_checked_claims_and_items() {
    let (dir, _out, [bad, good]) = findings_workspace();
    let store = kaoping::store::Store::open(dir.path()).unwrap();
    let mut app = app_for(dir.path(), Options::default());
    app.set_decisions(store.decisions_and_checks().unwrap());
    let sy = app.data.registry.find_exact("沈阳海关").unwrap();
    app.office.office = Some(sy);
    app.update(Action::Show(ViewId::Office));
    let d1 = app
        .data
        .set
        .indicators
        .iter()
        .position(|i| i.id == "D1")
        .unwrap();
    for _ in 0..d1 {
        app.update(Action::Down);
    }
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let text = screen(&render(&mut app, w, h));
        let line = |id: &str| {
            text.lines()
                .find(|l| l.contains(&format!("│{id} ")))
                .unwrap_or_else(|| panic!("{id}:\n{text}"))
                .to_string()
        };
        assert!(line("C2").contains("C2 ✓"), "{text}");
        assert!(line("C3").contains("C3 ✗"), "{text}");
        assert!(line("D1").contains("抽查 ✓1 ✗1"), "{text}");
        // D1 rescored by the rule: 6 × 6/7.
        assert!(line("D1").contains("5.14"), "{text}");
        // The pane lists the items checked, with their reasons.
        let pane = pane_text(&text, "自评说明");
        assert!(
            pane.starts_with(&format!("✗ {bad}：不属实（答复书落款日期晚于公开日期）")),
            "{pane}"
        );
        if h == 40 {
            assert!(line("A5").contains("3.00"), "{text}");
            assert!(
                pane.contains(&format!("✓ {good}：属实（抽查属实）")),
                "{pane}"
            );
        }
        insta::assert_snapshot!(format!("office_checked_{w}x{h}"), text);
    }
    // With --ascii: v / x.
    app.opts.ascii = true;
    let text = screen(&render(&mut app, 120, 40));
    assert!(text.contains("C2 v") && text.contains("C3 x"), "{text}");
    assert!(text.contains("抽查 v1 x1"), "{text}");
    assert!(!text.contains('✓') && !text.contains('✗'), "{text}");
    app.opts.ascii = false;
    // `6` from here: this office's findings only, at the selected indicator; Esc clears.
    let effects = app.update(Action::Show(ViewId::Checks));
    assert_eq!(effects, vec![Effect::LoadDraws]);
    assert_eq!(
        app.checks.filter,
        Some(kaoping::tui::app::ChecksFilter::Office(sy))
    );
    assert_eq!(app.checks.rows.len(), 6);
    let selected = &app.checks.rows[app.checks.list.selected];
    assert_eq!(selected.indicator, Some(d1));
    let text = masked(screen(&render(&mut app, 80, 24)), &store);
    assert!(text.contains("单位：沈阳海关（Esc 清除）"), "{text}");
    insta::assert_snapshot!("checks_from_office_80x24", text);
    app.update(Action::Back);
    assert_eq!(app.checks.filter, None);
    assert_eq!(app.checks.rows.len(), 9);
    assert_eq!(app.view, ViewId::Checks);
    app.update(Action::Back);
    assert_eq!(app.view, ViewId::Office);
    // In English, no Chinese label in the view (names and reasons are data).
    app.opts.lang = Lang::En;
    app.update(Action::Show(ViewId::Checks));
    app.update(Action::Back);
    let text = screen(&render(&mut app, 120, 40));
    for want in [
        "Checks",
        "Finding",
        "count 2",
        "Decided 7.50",
        "veto no",
        "✗ untrue",
        "typed",
    ] {
        assert!(text.contains(want), "{want}:\n{text}");
    }
}

/// The 模拟 view's row of a category or indicator, by id.
fn whatif_row(app: &App, id: &str) -> usize {
    use kaoping::domain::whatif::Target;
    let set = &app.data.set;
    kaoping::tui::views::whatif::targets(app)
        .iter()
        .position(|t| match *t {
            Target::Category(c) => set.categories[c].id == id,
            Target::Indicator(i) => set.indicators[i].id == id,
        })
        .unwrap()
}

/// Selects a row of the 模拟 view by its id, with the arrow keys.
fn whatif_select(app: &mut App, id: &str) {
    app.update(Action::Top);
    for _ in 0..whatif_row(app, id) {
        app.update(Action::Down);
    }
}

/// Types `value` for the selected row of the 模拟 view.
fn whatif_type(app: &mut App, value: &str) {
    app.update(Action::Enter);
    assert!(app.typing(), "Enter opens the points' input");
    for _ in 0..12 {
        app.update(Action::InputBackspace);
    }
    for c in value.chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::InputSubmit);
}

/// The what-if's summary line: (offices, ranks changed, 等次 changed).
fn whatif_summary(app: &App) -> (usize, usize, usize) {
    let s = app.whatif.outcome.as_ref().unwrap().summary;
    (s.offices, s.rank_changed, s.grade_changed)
}

#[test]
fn the_whatif_view_before_and_after_changing_d() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut app = samples();
        let official = app.report.results.clone();
        assert_eq!(
            map_key(
                &KeyEvent::new(KeyCode::Char('7'), KeyModifiers::NONE),
                ViewId::Ranking,
                false
            ),
            Some(Action::Show(ViewId::WhatIf))
        );
        app.update(Action::Show(ViewId::WhatIf));
        let text = screen(&render(&mut app, w, h));
        insta::assert_snapshot!(format!("whatif_{w}x{h}"), text);
        assert_eq!(whatif_summary(&app), (42, 0, 0));
        // D (制度规范) from 15 to 10 points, keeping the base: A, B and C share 90.
        whatif_select(&mut app, "D");
        whatif_type(&mut app, "10");
        assert!(!app.typing());
        let text = screen(&render(&mut app, w, h));
        insta::assert_snapshot!(format!("whatif_d10_{w}x{h}"), text);
        assert!(text.contains("*10.00"), "{text}");
        let (n, ranks, grades) = whatif_summary(&app);
        assert_eq!(n, 42);
        assert!(ranks > 0 && grades > 0, "{ranks} {grades}");
        // The official results never change.
        assert_eq!(app.report.results, official);
        app.update(Action::Show(ViewId::Ranking));
        let ranking = screen(&render(&mut app, w, h));
        insta::assert_snapshot!(format!("ranking_{w}x{h}"), ranking);
    }
}

#[test]
fn whatif_keys_step_type_keep_the_base_reset_and_write() {
    use kaoping::domain::whatif::{Target, WhatIf};
    let key = |c: char| {
        map_key(
            &KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            ViewId::WhatIf,
            false,
        )
        .unwrap()
    };
    let mut app = samples();
    app.update(Action::Show(ViewId::WhatIf));
    render(&mut app, 120, 40);
    let set = app.data.set.clone();
    let points = |app: &App, id: &str| {
        let p = app.whatif.whatif.points(&set).unwrap();
        WhatIf::value(&set, &p, Target::Indicator(set.index_of(id).unwrap()))
    };
    let d = |s: &str| s.parse::<kaoping::domain::points::Decimal>().unwrap();
    // `+` on D1: 7 points, D2 and D3 share the 8 left of D's 15.
    whatif_select(&mut app, "D1");
    app.update(key('+'));
    assert_eq!(points(&app, "D1"), d("7"));
    assert_eq!(points(&app, "D2") + points(&app, "D3"), d("8"));
    // `-` twice: 5.
    app.update(key('-'));
    app.update(key('-'));
    assert_eq!(points(&app, "D1"), d("5"));
    // `b`: the base is no longer kept; D2 and D3 their official points, the base 99.
    app.update(key('b'));
    assert!(!app.whatif.whatif.keeps_base());
    assert_eq!(app.message.as_deref(), Some("不保持基础分"));
    assert_eq!((points(&app, "D2"), points(&app, "D3")), (d("5"), d("4")));
    let text = screen(&render(&mut app, 120, 40));
    assert!(text.contains("基础分 100.00 → 99.00"), "{text}");
    assert!(text.contains("不保持基础分"), "{text}");
    app.update(key('b'));
    assert!(app.whatif.whatif.keeps_base());
    // `0` (or Backspace): D1 back to 6.
    app.update(key('0'));
    assert_eq!(points(&app, "D1"), d("6"));
    assert_eq!(whatif_summary(&app), (42, 0, 0));
    // A value that cannot be: refused in the input, the state unchanged; Esc cancels.
    app.update(key('='));
    assert!(app.typing());
    for _ in 0.."6.00".len() {
        app.update(Action::InputBackspace);
    }
    for c in "-3".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::InputSubmit);
    assert!(app.typing(), "the input stays open");
    let text = screen(&render(&mut app, 120, 40));
    assert!(text.contains("不能为负数"), "{text}");
    app.update(Action::InputCancel);
    assert!(!app.typing());
    assert_eq!(points(&app, "D1"), d("6"));
    whatif_type(&mut app, "abc");
    let text = screen(&render(&mut app, 120, 40));
    assert!(text.contains("不是数字"), "{text}");
    app.update(Action::InputCancel);
    // A category more than the base: refused in the status bar by `+`.
    whatif_select(&mut app, "A");
    whatif_type(&mut app, "100");
    app.update(key('+'));
    assert!(
        app.message.as_deref().unwrap_or("").contains("超过基础分"),
        "{:?}",
        app.message
    );
    // A is the whole base: A1 its share, 6 of 45 (a hundredth more by its remainder).
    assert_eq!(points(&app, "A1"), d("13.34"));
    // `R`: the official points again.
    app.update(key('R'));
    assert!(app.whatif.whatif.is_official());
    assert_eq!(whatif_summary(&app), (42, 0, 0));
    // `←` / `→`: the moving keys move the offices' list, then the points' again.
    app.update(Action::Right);
    app.update(Action::Bottom);
    assert_eq!(app.whatif.offices.selected, 41);
    app.update(Action::Left);
    app.update(Action::Top);
    assert_eq!(app.whatif.rows.selected, 0);
    assert_eq!(app.whatif.offices.selected, 41);
    // `w`: the what-if set goes to the worker as an indicator file.
    let effects = app.update(key('w'));
    assert!(
        matches!(effects.as_slice(), [Effect::WriteIndicators { set, .. }] if **set == app.data.set),
        "{effects:?}"
    );
}

#[test]
fn whatif_view_in_english() {
    let mut app = app_for(
        Path::new("samples/2018"),
        Options {
            lang: Lang::En,
            ..Options::default()
        },
    );
    app.update(Action::Show(ViewId::WhatIf));
    let text = screen(&render(&mut app, 120, 40));
    assert!(
        text.contains("What-if results") && text.contains("base kept at 100"),
        "{text}"
    );
    assert!(
        text.contains("42 offices: 0 change rank, 0 change grade"),
        "{text}"
    );
    let labels: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("Points") || l.contains("ΔRank") || l.contains("Base"))
        .collect();
    assert!(labels.len() >= 3, "{text}");
    for l in labels {
        // The header rows and the footer (office and category names are data).
        let l = l.replace("公开解读回应", "");
        assert!(!has_han(&l) || l.contains("海关"), "{l}");
    }
}

/// A previous result for the samples: their own, with 深圳海关 not ranked then (新参评),
/// 上海海关 5th (now 2nd: ↑3), 沈阳海关 2nd (now 5th: ↓3), and A3 worth 5 points then
/// (not comparable).
fn last_year(app: &App) -> kaoping::compare::Previous {
    let mut prev =
        kaoping::compare::Previous::of_report(&app.data, &app.report, "上年.kaoping.xlsx");
    prev.title = "2017年度直属海关政务公开考核评估结果汇总表".into();
    for o in &mut prev.offices {
        match o.name.as_str() {
            "深圳海关" => {
                (o.rank, o.total) = (None, None);
                o.grade = "未报送".into();
                o.grade_shown = "未报送".into();
            }
            "上海海关" => o.rank = Some(5),
            "沈阳海关" => o.rank = Some(2),
            _ => {}
        }
    }
    let a3 = app.data.set.index_of("A3").unwrap();
    prev.indicators[a3].points = 5.into();
    prev
}

#[test]
fn the_ranking_shows_the_change_of_rank_against_last_year() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut app = samples();
        let prev = last_year(&app);
        app.set_previous(Some(prev));
        let text = screen(&render(&mut app, w, h));
        let row = |office: &str| {
            text.lines()
                .find(|l| l.contains(office))
                .unwrap()
                .to_string()
        };
        assert!(text.contains("Δ名次"), "{text}");
        assert!(row("深圳海关").contains("新参评"), "{}", row("深圳海关"));
        assert!(row("上海海关").contains("↑3"), "{}", row("上海海关"));
        assert!(row("沈阳海关").contains("↓3"), "{}", row("沈阳海关"));
        assert!(row("大连海关").contains('—'), "{}", row("大连海关"));
        // The title says against what, and that something was not compared (see ?).
        assert!(
            text.lines()
                .nth(1)
                .unwrap()
                .contains("上年：上年.kaoping.xlsx · 未比较：3（?）"),
            "{text}"
        );
        insta::assert_snapshot!(format!("ranking_compare_{w}x{h}"), text);
        // The office view: its previous rank (and the change), total and 等次.
        app.update(Action::Down);
        app.update(Action::Enter);
        let text = screen(&render(&mut app, w, h));
        let summary = text.lines().nth(2).unwrap();
        // At 80 columns a 等次 with its note is cut at the edge.
        let said = if w == 80 {
            "上年：名次 5（↑3） 100.50 良好（…"
        } else {
            "上年：名次 5（↑3） 100.50 良好（一票否决）  自评分 100.50（0.00）"
        };
        assert!(summary.contains(said), "{summary}");
        // The help lists what was not compared, and why.
        app.update(Action::Help);
        let text = screen(&render(&mut app, w, h));
        let said = if w == 80 {
            // Cut at its column's edge in the three-column help of 80×24.
            "未比较：指标 A3：分值"
        } else {
            "未比较：指标 A3：分值不同（上年 5.00，本年 4.00）"
        };
        assert!(text.contains(said), "{text}");
    }
    // Sorted by Δ名次, highest first: those that rose most on top, 新参评 last.
    let mut app = samples();
    let prev = last_year(&app);
    app.set_previous(Some(prev));
    app.update(Action::Right);
    app.update(Action::SortDesc);
    let first = app
        .rows
        .first()
        .map(|r| app.data.registry.offices[r.office].name.clone());
    assert_eq!(first.as_deref(), Some("上海海关"));
    let last_ranked = app.rows[41].office;
    assert_eq!(app.data.registry.offices[last_ranked].name, "深圳海关");
    // English labels.
    let mut app = app_for(
        Path::new("samples/2018"),
        Options {
            lang: Lang::En,
            ..Options::default()
        },
    );
    let prev = last_year(&app);
    app.set_previous(Some(prev));
    let text = screen(&render(&mut app, 120, 40));
    assert!(text.contains("ΔRank") && text.contains("new"), "{text}");
}

#[test]
fn x_writes_the_comparison_sheet_when_comparing() {
    let dir = samples_copy();
    let mut app = app_for(dir.path(), Options::default());
    let prev = last_year(&app);
    app.set_previous(Some(prev));
    let mut store = None;
    kaoping::tui::apply_effect(
        &mut app,
        &mut store,
        Effect::Export(kaoping::tui::app::ExportKind::Internal),
    )
    .unwrap();
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".kaoping.xlsx"))
        .unwrap_or_else(|| panic!("nothing exported: {:?}", app.message));
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    use calamine::Reader;
    assert_eq!(wb.sheet_names().last().map(String::as_str), Some("同比"));
}
