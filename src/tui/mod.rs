//! The evaluator's terminal UI (`kaoping open`): ranking, office, task, matrix and import
//! views. Key events map to one [`action::Action`] table; [`app::App::update`] changes the
//! state and returns effects; [`view::render`] draws a pure view of the state.

pub mod action;
pub mod app;
pub mod strings;
pub mod view;

use crate::data::DataSet;
use crate::report::Report;
use crate::store::{Store, StoreError};
use app::{App, Effect, Options};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::crossterm::terminal::{
    self, BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::Terminal;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use strings::Msg;

/// Set while the terminal is in raw mode on the alternate screen.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back, once, whoever asks first (normal exit, error return, panic).
fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = terminal::disable_raw_mode();
        let _ = execute!(io::stdout(), LeaveAlternateScreen, cursor::Show);
    }
}

/// Restores the terminal when dropped, on every return path.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// A panic restores the terminal first, so that its message is readable; but not a panic
/// inside a damaged return, which the importer contains (the file is returned, the UI goes
/// on).
fn restore_on_panic() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !crate::import::panic_is_contained() {
            restore();
        }
        previous(info);
    }));
}

fn enter() -> io::Result<Guard> {
    restore_on_panic();
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let guard = Guard;
    // No mouse capture: it would break text selection over SSH.
    execute!(io::stdout(), EnterAlternateScreen, cursor::Hide)?;
    Ok(guard)
}

/// Imports `dir` showing progress on standard error.
pub fn import_with_progress(data: &DataSet, dir: &Path) -> io::Result<Report> {
    let files = crate::import::collect(&[dir.to_path_buf()])
        .map_err(|(p, e)| io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
    let bar = crate::progress::bar(files.len() as u64, "导入");
    let report = Report::build_with(data, &files, &|_| bar.inc(1));
    bar.finish_and_clear();
    Ok(report)
}

/// Notices commits by other connections (another evaluator's decision), by
/// `PRAGMA data_version`.
pub struct Watcher {
    last: Option<i64>,
}

impl Watcher {
    pub fn new(store: Option<&Store>) -> Watcher {
        Watcher {
            last: store.and_then(|s| s.data_version().ok()),
        }
    }

    /// Whether the store changed since the last call.
    pub fn changed(&mut self, store: Option<&Store>) -> bool {
        let now = store.and_then(|s| s.data_version().ok());
        let changed = now.is_some() && now != self.last;
        self.last = now;
        changed
    }
}

/// How often the store is checked for other evaluators' decisions.
const POLL: Duration = Duration::from_millis(500);

/// Carries out one effect of `update` that needs the store or the files; `Ok(true)` to quit.
pub fn apply_effect(
    app: &mut App,
    store: &mut Option<Store>,
    effect: Effect,
) -> Result<bool, StoreError> {
    use crate::domain::decision::Decision;
    use crate::local::{login_name, now};
    let name = |app: &App, o: usize| app.data.registry.offices[o].name.clone();
    match effect {
        Effect::Quit => return Ok(true),
        Effect::Reimport => {
            let files = match crate::import::collect(std::slice::from_ref(&app.dir)) {
                Ok(files) => files,
                Err((p, e)) => {
                    // The folder could not be read: say so and keep what was shown.
                    let why = format!("{}: {e}", p.display());
                    let line = app.opts.lang.labelled(app.s(Msg::ReimportFailed), &why);
                    app.message = Some(format!("✗ {line}"));
                    app.import_error = Some(why);
                    return Ok(false);
                }
            };
            app.import_error = None;
            let report = Report::build(&app.data, &files);
            let report = report.rescore(&app.data, app.report.decisions.clone());
            if let Some(s) = store.as_mut().filter(|s| !s.is_read_only()) {
                let data = &app.data;
                s.record_imports(&report.files, &|o| data.registry.offices[o].name.clone())?;
            }
            app.reload(report);
        }
        Effect::Decide {
            office,
            indicator,
            value,
            reason,
        } => {
            let Some(s) = store.as_mut() else {
                return Ok(false);
            };
            let d = Decision {
                office: name(app, office),
                indicator,
                value,
                reason,
                evaluator: login_name(),
                at: now(),
                file_sha256: app.report.file_of(office).map(|f| f.sha256.clone()),
            };
            s.decide(&d)?;
            app.set_decisions(s.decisions()?);
            app.message = Some(app.s(Msg::Saved).to_string());
        }
        Effect::Clear {
            office,
            indicator,
            reason,
        } => {
            let Some(s) = store.as_mut() else {
                return Ok(false);
            };
            s.clear(&name(app, office), &indicator, &reason, &login_name())?;
            app.set_decisions(s.decisions()?);
            app.message = Some(app.s(Msg::Cleared).to_string());
        }
        Effect::Confirm { office, indicator } => {
            let Some(s) = store.as_mut() else {
                return Ok(false);
            };
            let hash = app
                .report
                .file_of(office)
                .map(|f| f.sha256.clone())
                .unwrap_or_default();
            s.confirm(&name(app, office), &indicator, &login_name(), &hash)?;
            app.set_decisions(s.decisions()?);
            app.message = Some(app.s(Msg::Confirmed).to_string());
        }
        Effect::Export => {
            use crate::export::workbook::{default_path, write, ExportInfo};
            let changes = match store.as_ref() {
                Some(s) => s.history(None)?,
                None => Vec::new(),
            };
            let at = now();
            let author = login_name();
            let out = default_path(&app.dir, &at);
            let info = ExportInfo {
                changes: &changes,
                author: &author,
                at: &at,
            };
            app.message = Some(match write(&app.data, &app.report, &info, &out) {
                Ok(p) => format!("{}：{}", app.s(Msg::Exported), p.display()),
                Err(e) => format!("✗ {e}"),
            });
        }
        Effect::LoadHistory { office } => {
            let changes = match store.as_ref() {
                Some(s) => s.history(Some(&name(app, office)))?,
                None => Vec::new(),
            };
            app.history = Some(changes);
        }
    }
    Ok(false)
}

/// Runs the UI until the user quits. `read_only` opens the store for viewing only.
pub fn run(data: DataSet, dir: &Path, opts: Options, read_only: bool) -> Result<(), RunError> {
    let mut store = if read_only {
        Store::open_read_only(dir)?
    } else {
        Some(Store::open(dir)?)
    }
    .map(|s| s.checked(&data));
    let report = import_with_progress(&data, dir).map_err(RunError::Folder)?;
    let decisions = match &store {
        Some(s) => s.decisions()?,
        None => Vec::new(),
    };
    if let Some(s) = store.as_mut().filter(|s| !s.is_read_only()) {
        s.record_imports(&report.files, &|o| data.registry.offices[o].name.clone())?;
    }
    let report = report.rescore(&data, decisions);
    let mut app = App::new(data, report, dir.to_path_buf(), opts);
    app.read_only = read_only;
    // Stored rows left out as invalid: the first one, and how many.
    let warnings = store
        .as_ref()
        .map(|s| s.take_warnings())
        .unwrap_or_default();
    if let Some(w) = warnings.first() {
        let lang = app.opts.lang;
        let shown = lang.noted(&crate::text::sanitize(w), &lang.in_all(warnings.len()));
        app.message = Some(format!("⚠ {shown}"));
    }
    let mut watcher = Watcher::new(store.as_ref());
    let _guard = enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.clear()?;
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    loop {
        execute!(io::stdout(), BeginSynchronizedUpdate)?;
        terminal.draw(|f| view::draw(f, &app))?;
        execute!(io::stdout(), EndSynchronizedUpdate)?;
        // Wait for an event (checking the store meanwhile), then take every pending one
        // before drawing again: holding a key down must not queue up redraws.
        let mut events = Vec::new();
        while events.is_empty() {
            if event::poll(POLL)? {
                events.push(event::read()?);
            } else if watcher.changed(store.as_ref()) {
                if let Some(s) = &store {
                    app.set_decisions(s.decisions()?);
                }
                break;
            }
        }
        while event::poll(Duration::ZERO)? {
            events.push(event::read()?);
        }
        for ev in events {
            match ev {
                // Only presses: Windows terminals also report releases.
                Event::Key(k) if k.kind == KeyEventKind::Press => {
                    let Some(action) = action::map_key(&k, app.view, app.typing()) else {
                        continue;
                    };
                    for effect in app.update(action) {
                        match apply_effect(&mut app, &mut store, effect) {
                            Ok(true) => return Ok(()),
                            Ok(false) => {}
                            // A failed write is shown, never swallowed.
                            Err(e) => app.message = Some(format!("✗ {}", e)),
                        }
                    }
                    // Our own commits are not news.
                    watcher.changed(store.as_ref());
                }
                Event::Resize(w, h) => {
                    app.resize(w, h);
                    terminal.autoresize()?;
                }
                _ => {}
            }
        }
    }
}

/// Why the UI could not run.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The folder (or a folder inside it) could not be read.
    #[error("{0}")]
    Folder(io::Error),
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("{0}")]
    Store(#[from] StoreError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contained_reader_panic_leaves_the_terminal_alone() {
        restore_on_panic();
        ACTIVE.store(true, Ordering::SeqCst);
        // A damaged return: the importer contains the reader's panic.
        assert!(crate::import::contain(|| panic!("damaged return")).is_none());
        assert!(
            ACTIVE.load(Ordering::SeqCst),
            "the UI's terminal was left alone"
        );
        // Any other panic restores the terminal before its message is printed.
        assert!(std::panic::catch_unwind(|| panic!("a bug")).is_err());
        assert!(!ACTIVE.load(Ordering::SeqCst), "the terminal was restored");
    }
}
