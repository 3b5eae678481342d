//! The evaluator's terminal UI (`kaoping open`): ranking, office, task, matrix, import,
//! checks (核查) and what-if (模拟) views. Key events map to one [`action::Action`] table; [`app::App::update`] changes the
//! state and returns effects; [`view::render`] draws a pure view of the state.

pub mod action;
pub mod app;
pub mod popups;
pub mod session;
pub mod stability;
pub mod strings;
pub mod view;
pub mod views;
pub mod watch;
pub mod widgets;
pub mod worker;

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

/// Carries out one effect of `update` at once, on this thread (what the worker does in
/// the background, for callers without one); `Ok(true)` to quit.
pub fn apply_effect(
    app: &mut App,
    store: &mut Option<Store>,
    effect: Effect,
) -> Result<bool, StoreError> {
    use worker::Write;
    let name = |app: &App, o: usize| app.data.registry.offices[o].name.clone();
    let sha = |app: &App, o: usize| app.report.file_of(o).map(|f| f.sha256.clone());
    let (w, done) = match effect {
        Effect::Quit => return Ok(true),
        Effect::Reimport => {
            let decisions = app.report.decisions.clone();
            let mut cache = crate::import::cache::ImportCache::new();
            let (data, dir) = (&app.data, &app.dir);
            match worker::reimport(data, dir, decisions, store.as_mut(), &mut cache, &|_, _| {})? {
                Ok(report) => {
                    app.import_error = None;
                    app.reload(report);
                }
                Err(why) => {
                    // The folder could not be read: say so and keep what was shown.
                    let line = app.opts.lang.labelled(app.s(Msg::ReimportFailed), &why);
                    app.message = Some(format!("✗ {line}"));
                    app.import_error = Some(why);
                }
            }
            return Ok(false);
        }
        Effect::Export(kind) => {
            let (data, diff) = (&app.data, app.diff.as_ref());
            let r = worker::export(data, &app.report, &app.dir, kind, store.as_ref(), diff);
            app.message = Some(app.exported(kind, r));
            return Ok(false);
        }
        Effect::LoadHistory { office } => {
            let changes = match store.as_ref() {
                Some(s) => s.history(Some(&name(app, office)))?,
                None => Vec::new(),
            };
            app.history = Some(changes);
            return Ok(false);
        }
        Effect::WriteIndicators { set, notes } => {
            let r = worker::write_indicators(&app.dir, &set, &notes);
            app.message = Some(match r {
                Ok(p) => format!("{}：{}", app.s(Msg::WroteIndicators), p.display()),
                Err(e) => format!("✗ {e}"),
            });
            return Ok(false);
        }
        Effect::LoadDraws => {
            app.checks.draws = Some(match store.as_ref() {
                Some(s) => s.draws()?,
                None => Vec::new(),
            });
            return Ok(false);
        }
        Effect::Decide {
            office,
            indicator,
            value,
            reason,
        } => (
            Write::Decide {
                office: name(app, office),
                indicator,
                value,
                reason,
                file_sha256: sha(app, office),
            },
            Msg::Saved,
        ),
        Effect::Clear {
            office,
            indicator,
            reason,
        } => (
            Write::Clear {
                office: name(app, office),
                indicator,
                reason,
            },
            Msg::Cleared,
        ),
        Effect::Confirm { office, indicator } => (
            Write::Confirm {
                office: name(app, office),
                indicator,
                file_sha256: sha(app, office).unwrap_or_default(),
            },
            Msg::Confirmed,
        ),
        Effect::Choose {
            office,
            sha256,
            path,
        } => (
            Write::Choose {
                office: name(app, office),
                sha256,
                path,
            },
            Msg::Chosen,
        ),
    };
    let Some(s) = store.as_mut() else {
        return Ok(false);
    };
    app.set_decisions(worker::write(s, &w)?);
    // A new choice settles the office's returns again.
    if matches!(w, Write::Choose { .. }) {
        apply_effect(app, store, Effect::Reimport)?;
    }
    app.message = Some(app.s(done).to_string());
    Ok(false)
}

/// How long the loop waits for a key while the worker has work under way (its progress
/// and results are shown this often at least).
const TICK: Duration = Duration::from_millis(50);

/// Runs the UI until the user quits. `read_only` opens the store for viewing only;
/// `previous` is a result to compare with (同比).
pub fn run(
    data: DataSet,
    dir: &Path,
    opts: Options,
    read_only: bool,
    previous: Option<crate::compare::Previous>,
) -> Result<(), RunError> {
    let store = if read_only {
        Store::open_read_only(dir)?
    } else {
        Some(Store::open(dir)?)
    }
    .map(|s| s.checked(&data));
    // A folder that cannot be read is refused before the screen changes (exit 2); its
    // files are read in the background, with the UI already up.
    crate::import::collect(&[dir.to_path_buf()])
        .map_err(|(p, e)| {
            io::Error::new(
                e.kind(),
                format!(
                    "{}：无法读取（{e}）；请检查文件夹的路径和读权限",
                    p.display()
                ),
            )
        })
        .map_err(RunError::Folder)?;
    let decisions = match &store {
        Some(s) => s.decisions_and_checks()?.with_choices(s.choices()?),
        None => crate::report::Decisions::default(),
    };
    let report = Report::from_files_with(&data, Vec::new(), decisions);
    let mut app = App::new(data, report, dir.to_path_buf(), opts);
    app.read_only = read_only;
    app.loading = true;
    app.set_previous(previous);
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
    // From here the worker owns the store: the UI never waits on it.
    let mut session = session::Session::new(app, store);
    // The first import, on the worker: the UI draws and reads keys meanwhile, with the
    // progress in the status bar.
    session.reimport();
    let watching = session.watch_folder();
    let _guard = enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.clear()?;
    let size = terminal.size()?;
    session.app.resize(size.width, size.height);
    let mut last_poll = std::time::Instant::now();
    loop {
        execute!(io::stdout(), BeginSynchronizedUpdate)?;
        terminal.draw(|f| view::draw(f, &session.app))?;
        execute!(io::stdout(), EndSynchronizedUpdate)?;
        // Wait for an event or a result of the worker (checking the store meanwhile),
        // then take every pending event before drawing again: holding a key down must
        // not queue up redraws.
        let mut events = Vec::new();
        loop {
            let wait = if session.busy() || watching {
                TICK
            } else {
                POLL
            };
            if event::poll(wait)? {
                events.push(event::read()?);
                break;
            }
            if last_poll.elapsed() >= POLL {
                session.poll_store();
                last_poll = std::time::Instant::now();
            }
            let watched = session.tick();
            if session.apply_ready() || watched {
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
                    let app = &session.app;
                    let Some(action) = action::map_key(&k, app.view, app.typing()) else {
                        continue;
                    };
                    if session.handle(action) {
                        return Ok(());
                    }
                }
                Event::Resize(w, h) => {
                    session.app.resize(w, h);
                    terminal.autoresize()?;
                }
                _ => {}
            }
        }
        session.apply_ready();
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
