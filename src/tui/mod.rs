//! The evaluator's terminal UI (`kaoping open`): ranking, office, task, matrix and import
//! views. Key events map to one [`action::Action`] table; [`app::App::update`] changes the
//! state and returns effects; [`view::render`] draws a pure view of the state.

pub mod action;
pub mod app;
pub mod strings;
pub mod view;

use crate::data::DataSet;
use crate::report::Report;
use app::{App, Effect, Options};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::crossterm::terminal::{
    self, BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::Terminal;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

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

fn enter() -> io::Result<Guard> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
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
    let n = files.len();
    let mut err = io::stderr();
    let report = Report::build_with(data, &files, &mut |i, path| {
        let name = crate::text::truncate(&crate::text::sanitize(&path.display().to_string()), 50);
        let _ = write!(err, "\r\x1b[2K导入 {}/{n}  {name}", i + 1);
        let _ = err.flush();
    });
    let _ = write!(err, "\r\x1b[2K");
    Ok(report)
}

/// Runs the UI until the user quits.
pub fn run(data: DataSet, dir: &Path, opts: Options) -> io::Result<()> {
    let report = import_with_progress(&data, dir)?;
    let mut app = App::new(data, report, dir.to_path_buf(), opts);
    let _guard = enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.clear()?;
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    loop {
        execute!(io::stdout(), BeginSynchronizedUpdate)?;
        terminal.draw(|f| view::draw(f, &app))?;
        execute!(io::stdout(), EndSynchronizedUpdate)?;
        // Wait for one event, then take every pending one before drawing again: holding a
        // key down must not queue up redraws.
        let mut events = vec![event::read()?];
        while event::poll(Duration::ZERO)? {
            events.push(event::read()?);
        }
        for ev in events {
            match ev {
                // Only presses: Windows terminals also report releases.
                Event::Key(k) if k.kind == KeyEventKind::Press => {
                    let Some(action) = action::map_key(&k, app.view, app.typing.is_some()) else {
                        continue;
                    };
                    for effect in app.update(action) {
                        match effect {
                            Effect::Quit => return Ok(()),
                            Effect::Reimport => {
                                let files =
                                    crate::import::collect(&[app.dir.clone()]).unwrap_or_default();
                                let report = Report::build(&app.data, &files);
                                app.reload(report);
                            }
                        }
                    }
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
