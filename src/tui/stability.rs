//! The rank intervals (稳定性) of the UI, computed on a thread of their own (and one core)
//! after each import or change of the decisions, so that the UI never waits for them and an
//! import keeps every core. Only the latest request
//! counts: requests that queued up meanwhile are skipped, and a result for an older report is
//! never shown.

use crate::domain::assessment::OfficeResult;
use crate::domain::indicators::IndicatorSet;
use crate::domain::robustness::{draws, ui_params, Stability};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

type Request = (u64, Vec<OfficeResult>);
type Answer = (u64, Result<Stability, String>);

pub struct Runner {
    jobs: Option<Sender<Request>>,
    done: Receiver<Answer>,
    thread: Option<JoinHandle<()>>,
    /// The number of the latest request.
    wanted: u64,
    /// The latest request is not answered yet.
    pending: bool,
}

impl Runner {
    /// Starts the thread, which draws with [`ui_params`] of `set`.
    pub fn start(set: IndicatorSet) -> Runner {
        let (jobs, rx) = channel::<Request>();
        let (tx, done) = channel::<Answer>();
        let thread = std::thread::Builder::new()
            .name("kaoping-stability".into())
            .spawn(move || {
                let params = ui_params(&set);
                // One thread of its own: imports keep every core (rayon's pool).
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .thread_name(|_| "kaoping-stability-draws".into())
                    .build()
                    .ok();
                while let Ok(mut job) = rx.recv() {
                    // Only the latest report counts.
                    while let Ok(later) = rx.try_recv() {
                        job = later;
                    }
                    let run = || draws(&set, &job.1, &params);
                    let answer = match &pool {
                        Some(p) => p.install(run),
                        None => run(),
                    };
                    if tx.send((job.0, answer)).is_err() {
                        break;
                    }
                }
            })
            .ok();
        Runner {
            jobs: Some(jobs),
            done,
            thread,
            wanted: 0,
            pending: false,
        }
    }

    /// Asks for the intervals of these results (a report's, in ranked order).
    pub fn request(&mut self, results: Vec<OfficeResult>) {
        self.wanted += 1;
        self.pending = self.thread.is_some();
        if let Some(j) = &self.jobs {
            let _ = j.send((self.wanted, results));
        }
    }

    /// Whether the latest request is not answered yet.
    pub fn pending(&self) -> bool {
        self.pending
    }

    /// The answer to the latest request, if it arrived (older answers are dropped).
    pub fn try_take(&mut self) -> Option<Result<Stability, String>> {
        while let Ok((n, answer)) = self.done.try_recv() {
            if n == self.wanted {
                self.pending = false;
                return Some(answer);
            }
        }
        None
    }

    /// The answer to the latest request, waiting at most `timeout`.
    pub fn wait(&mut self, timeout: Duration) -> Option<Result<Stability, String>> {
        let end = std::time::Instant::now() + timeout;
        loop {
            if let Some(a) = self.try_take() {
                return Some(a);
            }
            let left = end.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() || !self.pending {
                return None;
            }
            match self.done.recv_timeout(left) {
                Ok((n, answer)) if n == self.wanted => {
                    self.pending = false;
                    return Some(answer);
                }
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        // Closing the channel ends the thread after its current draws.
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
