//! The running UI without its terminal: the [`App`] and the [`Worker`] that does its slow
//! work. Keys change the state at once; re-imports, exports and store writes go to the
//! worker, and their results are applied when they arrive. Tests drive a session as the
//! terminal loop does: `handle` actions, then `apply_ready` (or `wait_idle`).

use super::action::Action;
use super::app::{App, Effect};
use super::strings::Msg;
use super::worker::{Done, Job, Worker, Write};
use crate::import::cache::ImportCache;
use crate::store::Store;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

pub struct Session {
    pub app: App,
    worker: Worker,
    /// A re-import runs.
    reimporting: bool,
    /// Another re-import was asked for while one ran: one more runs after it.
    again: bool,
    /// Jobs sent and not yet answered.
    pending: usize,
    /// The watched folder, when watched.
    watch: Option<super::watch::FolderWatch>,
    /// The running re-import was started by the watched folder.
    watched: bool,
    /// What the status bar says once the running re-import is applied (a choice saved).
    announce: Option<String>,
    /// The rank intervals (稳定性), drawn on their own thread for each new report.
    stability: super::stability::Runner,
}

impl Session {
    /// Starts the worker with this store (none: viewing without one). Its re-imports read
    /// only the files changed since the last one read them.
    pub fn new(app: App, store: Option<Store>) -> Session {
        let worker = Worker::start(app.data.clone(), app.dir.clone(), store, ImportCache::new());
        let stability = super::stability::Runner::start(app.data.set.clone());
        Session {
            app,
            worker,
            reimporting: false,
            again: false,
            pending: 0,
            watch: None,
            watched: false,
            announce: None,
            stability,
        }
    }

    /// Whether the worker has work of ours under way, or the rank intervals are being drawn.
    pub fn busy(&self) -> bool {
        self.pending > 0 || self.stability.pending()
    }

    /// Draws the rank intervals of the report shown (in the background; `…` meanwhile).
    fn request_stability(&mut self) {
        self.app.stability = None;
        self.stability.request(self.app.report.results.clone());
    }

    /// Shows the rank intervals if they arrived; whether they did.
    fn take_stability(&mut self) -> bool {
        match self.stability.try_take() {
            Some(answer) => {
                self.show_stability(answer);
                true
            }
            None => false,
        }
    }

    fn show_stability(&mut self, answer: Result<crate::domain::robustness::Stability, String>) {
        match answer {
            Ok(st) => self.app.stability = Some(st),
            Err(e) => self.app.message = Some(format!("✗ {e}")),
        }
    }

    /// Re-imports started so far.
    pub fn reimports(&self) -> usize {
        self.worker.reimports.load(Ordering::SeqCst)
    }

    /// Files read by re-imports so far (unchanged files are not read again).
    pub fn files_read(&self) -> usize {
        self.worker.reads.load(Ordering::SeqCst)
    }

    /// Applies an action; `true` to quit. Nothing here waits on the worker.
    pub fn handle(&mut self, action: Action) -> bool {
        // Esc while a write waits on another evaluator: give the write up.
        if self.app.waiting && matches!(action, Action::Back | Action::InputCancel) {
            self.worker.cancel_wait();
            return false;
        }
        for effect in self.app.update(action) {
            if self.effect(effect) {
                return true;
            }
        }
        false
    }

    fn send(&mut self, job: Job) {
        self.pending += 1;
        self.worker.send(job);
    }

    fn effect(&mut self, effect: Effect) -> bool {
        let app = &self.app;
        let name = |o: usize| app.data.registry.offices[o].name.clone();
        let sha = |o: usize| app.report.file_of(o).map(|f| f.sha256.clone());
        let write = match effect {
            Effect::Quit => return true,
            Effect::Reimport => {
                self.reimport();
                return false;
            }
            Effect::Export(kind) => {
                let report = Box::new(self.app.report.clone());
                self.app.progress = Some((Msg::Exporting, 0, 0));
                let diff = self.app.diff.clone().map(Box::new);
                self.send(Job::Export(kind, report, diff));
                return false;
            }
            Effect::LoadHistory { office } => {
                let office = name(office);
                self.send(Job::History { office });
                return false;
            }
            Effect::LoadDraws => {
                self.send(Job::Draws);
                return false;
            }
            Effect::WriteIndicators { set, notes } => {
                self.app.progress = Some((Msg::WritingIndicators, 0, 0));
                self.send(Job::WriteIndicators { set, notes });
                return false;
            }
            Effect::Decide {
                office,
                indicator,
                value,
                reason,
            } => Write::Decide {
                office: name(office),
                indicator,
                value,
                reason,
                file_sha256: sha(office),
            },
            Effect::Clear {
                office,
                indicator,
                reason,
            } => Write::Clear {
                office: name(office),
                indicator,
                reason,
            },
            Effect::Confirm { office, indicator } => Write::Confirm {
                office: name(office),
                indicator,
                file_sha256: sha(office).unwrap_or_default(),
            },
            Effect::Choose {
                office,
                sha256,
                path,
            } => Write::Choose {
                office: name(office),
                sha256,
                path,
            },
        };
        self.app.progress = Some((Msg::Saving, 0, 0));
        self.send(Job::Write(write));
        false
    }

    /// Starts a re-import, or (while one runs) asks for one more after it.
    pub fn reimport(&mut self) {
        if self.reimporting {
            self.again = true;
            return;
        }
        self.reimporting = true;
        self.app.progress = Some((Msg::Importing, 0, 0));
        let decisions = self.app.report.decisions.clone();
        self.send(Job::Reimport { decisions });
    }

    /// Watches the folder (when the app's options say so); whether it is watched.
    pub fn watch_folder(&mut self) -> bool {
        if self.app.opts.watch && self.watch.is_none() {
            self.watch = super::watch::FolderWatch::start(&self.app.dir);
        }
        self.watch.is_some()
    }

    /// Re-imports when the watched folder changed and has settled; whether it did.
    pub fn tick(&mut self) -> bool {
        if !self.watch.as_mut().is_some_and(|w| w.settled()) {
            return false;
        }
        if !self.reimporting {
            self.watched = true;
        }
        self.reimport();
        true
    }

    /// Asks the worker whether another evaluator changed the decisions.
    pub fn poll_store(&mut self) {
        self.worker.send(Job::Poll);
    }

    /// Applies every result that has arrived; whether any did.
    pub fn apply_ready(&mut self) -> bool {
        let mut any = false;
        while let Some(done) = self.worker.try_recv() {
            self.apply(done);
            any = true;
        }
        self.take_stability() || any
    }

    /// Waits for one result, at most `timeout`, and applies it with any others that
    /// arrived; whether any did.
    pub fn wait_result(&mut self, timeout: Duration) -> bool {
        if self.pending == 0 && self.stability.pending() {
            return match self.stability.wait(timeout) {
                Some(answer) => {
                    self.show_stability(answer);
                    self.apply_ready();
                    true
                }
                None => false,
            };
        }
        let end = Instant::now() + timeout;
        loop {
            // While the intervals are drawn too, the worker is waited on in short steps.
            let left = end.saturating_duration_since(Instant::now());
            let step = if self.stability.pending() {
                left.min(Duration::from_millis(10))
            } else {
                left
            };
            if let Some(done) = self.worker.recv_timeout(step) {
                self.apply(done);
                self.apply_ready();
                return true;
            }
            if self.take_stability() {
                return true;
            }
            if Instant::now() >= end {
                return false;
            }
        }
    }

    /// Applies results until nothing of ours is under way, at most `timeout`; whether
    /// the worker became idle.
    pub fn wait_idle(&mut self, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        while self.busy() {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            self.wait_result(left);
        }
        true
    }

    fn finished(&mut self) {
        self.pending = self.pending.saturating_sub(1);
        if self.pending == 0 {
            self.app.progress = None;
        }
        self.app.waiting = false;
    }

    fn apply(&mut self, done: Done) {
        let app = &mut self.app;
        match done {
            Done::Progress { done, total } => {
                if let Some(p) = app.progress.as_mut().filter(|p| p.0 == Msg::Importing) {
                    (p.1, p.2) = (done, total);
                }
                return;
            }
            Done::Waiting => {
                // Only our own work is shown waiting (not a check of the store).
                app.waiting = self.pending > 0;
                return;
            }
            Done::Decisions(d) => {
                app.set_decisions(d);
                self.request_stability();
                let app = &mut self.app;
                // A colleague may have drawn a spot check too: the 核查 view shows it.
                if app.view == super::action::ViewId::Checks {
                    self.send(Job::Draws);
                }
                return;
            }
            Done::ChoicesChanged => {
                self.reimport();
                return;
            }
            Done::Failed(e) => {
                app.message = Some(format!("✗ {e}"));
                return;
            }
            Done::Reimported(r) => {
                let first = std::mem::replace(&mut app.loading, false);
                match r {
                    Ok(Ok(report)) => {
                        app.import_error = None;
                        let before = app.message.take();
                        // Returns new or replaced since the last import.
                        let known: std::collections::HashSet<(&std::path::Path, &str)> = app
                            .report
                            .files
                            .iter()
                            .map(|f| (f.path.as_path(), f.sha256.as_str()))
                            .collect();
                        let new = report
                            .files
                            .iter()
                            .filter(|f| !known.contains(&(f.path.as_path(), f.sha256.as_str())))
                            .count();
                        // Before the first import every office was listed as not yet
                        // read: no selection to keep, the ranking starts at the top.
                        if first {
                            app.rows.clear();
                        }
                        app.reload(report);
                        self.request_stability();
                        let app = &mut self.app;
                        if let Some(m) = self.announce.take() {
                            app.message = Some(m);
                        } else if first {
                            // The first import is no news: the status bar keeps what it
                            // said (a warning about the store), else says nothing.
                            app.message = before;
                        } else if std::mem::take(&mut self.watched) {
                            // The watched folder: announced only when a return is new or
                            // replaced (not for the store's files or an export).
                            app.message = if new > 0 {
                                let n = format!("{new} {}", app.s(Msg::FilesCount));
                                Some(app.opts.lang.labelled(app.s(Msg::FolderChanged), &n))
                            } else {
                                before
                            };
                        }
                    }
                    Ok(Err(why)) => {
                        // The folder could not be read: say so and keep what was shown.
                        let line = app.opts.lang.labelled(app.s(Msg::ReimportFailed), &why);
                        app.message = Some(format!("✗ {line}"));
                        app.import_error = Some(why);
                    }
                    // A failed write is shown, never swallowed.
                    Err(e) => app.message = Some(format!("✗ {e}")),
                }
                self.reimporting = false;
                self.watched = false;
                self.finished();
                if std::mem::take(&mut self.again) {
                    self.reimport();
                }
                return;
            }
            Done::Written {
                write,
                result,
                cancelled,
            } => match result {
                Ok(decisions) => {
                    app.set_decisions(decisions);
                    self.request_stability();
                    let app = &mut self.app;
                    app.message = Some(
                        app.s(match write {
                            Write::Decide { .. } => Msg::Saved,
                            Write::Clear { .. } => Msg::Cleared,
                            Write::Confirm { .. } => Msg::Confirmed,
                            Write::Choose { .. } => Msg::Chosen,
                        })
                        .to_string(),
                    );
                    // A new choice settles the office's returns again: the folder is
                    // re-imported (unchanged files are not read again).
                    if matches!(write, Write::Choose { .. }) {
                        self.announce = app.message.clone();
                        self.reimport();
                    }
                }
                Err(_) if cancelled => app.message = Some(app.s(Msg::WriteCancelled).into()),
                Err(e) => app.message = Some(format!("✗ {e}")),
            },
            Done::Exported(kind, r) => app.message = Some(app.exported(kind, r)),
            Done::WroteIndicators(r) => {
                app.message = Some(match r {
                    Ok(p) => format!("{}：{}", app.s(Msg::WroteIndicators), p.display()),
                    Err(e) => format!("✗ {e}"),
                });
            }
            Done::History(r) => match r {
                Ok(changes) => app.history = Some(changes),
                Err(e) => app.message = Some(format!("✗ {e}")),
            },
            Done::Draws(r) => match r {
                Ok(draws) => app.checks.draws = Some(draws),
                Err(e) => app.message = Some(format!("✗ {e}")),
            },
        }
        self.finished();
    }
}
