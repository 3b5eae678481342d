//! The watched folder: a return copied into the folder, or replaced, is imported without
//! `r`. File-system events (inotify) are gathered until the folder has been quiet for a
//! moment (a file being copied sends many), then one re-import runs, reading only the new
//! or changed files.

use notify::{RecursiveMode, Watcher};
use std::path::Path;
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// How long the folder must be quiet after a change before it is re-imported.
pub const QUIET: Duration = Duration::from_millis(300);

pub struct FolderWatch {
    _watcher: notify::RecommendedWatcher,
    events: Receiver<()>,
    /// The last change not yet re-imported.
    last: Option<Instant>,
}

impl FolderWatch {
    /// Watches `dir` (and the folders inside it); none when the system cannot.
    pub fn start(dir: &Path) -> Option<FolderWatch> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(move |r: notify::Result<notify::Event>| {
            let Ok(ev) = r else { return };
            if ev.kind.is_access() || ev.kind.is_other() {
                return;
            }
            // The store's own files change with every decision: not news.
            let ours = |p: &std::path::PathBuf| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(crate::store::FILE))
            };
            if ev.paths.iter().all(ours) && !ev.paths.is_empty() {
                return;
            }
            let _ = tx.send(());
        })
        .ok()?;
        watcher.watch(dir, RecursiveMode::Recursive).ok()?;
        Some(FolderWatch {
            _watcher: watcher,
            events,
            last: None,
        })
    }

    /// Whether the folder changed and has been quiet for [`QUIET`] since (once per
    /// change).
    pub fn settled(&mut self) -> bool {
        while self.events.try_recv().is_ok() {
            self.last = Some(Instant::now());
        }
        match self.last {
            Some(t) if t.elapsed() >= QUIET => {
                self.last = None;
                true
            }
            _ => false,
        }
    }

    /// Whether a change waits to settle.
    pub fn pending(&self) -> bool {
        self.last.is_some()
    }
}
