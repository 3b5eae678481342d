//! The UI's worker thread: import, re-import, export and store writes run here, so that
//! the UI keeps drawing and reading keys. Jobs go in by one channel, results and progress
//! come back by another; the worker owns the store.

use crate::data::DataSet;
use crate::domain::decision::{Change, Decided, Decision};
use crate::import::cache::ImportCache;
use crate::local::{login_name, now};
use crate::report::Report;
use crate::store::{Store, StoreError};
use crate::tui::popups::export::{ExportKind, FEEDBACK_DIR};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// How long a store write waits on another evaluator's before it gives up (SQLite's busy
/// timeout, as the store sets it).
const BUSY_LIMIT: Duration = Duration::from_secs(10);
/// How long the busy handler sleeps between tries.
const BUSY_STEP: Duration = Duration::from_millis(20);

/// A store write, with the office named as the store names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    Decide {
        office: String,
        indicator: String,
        value: Decided,
        reason: String,
        file_sha256: Option<String>,
    },
    Clear {
        office: String,
        indicator: String,
        reason: String,
    },
    Confirm {
        office: String,
        indicator: String,
        file_sha256: String,
    },
    /// The return that counts for an office (以此份为准): by SHA-256, and its path in the
    /// folder.
    Choose {
        office: String,
        sha256: String,
        path: String,
    },
}

/// What the worker is asked to do.
pub enum Job {
    /// Read the folder again; the decisions are applied to the result.
    Reimport {
        decisions: crate::report::Decisions,
    },
    Write(Write),
    /// Write a workbook or documents of this report into the folder; the comparison with a
    /// previous result (同比) where there is one.
    Export(ExportKind, Box<Report>, Option<Box<crate::compare::Diff>>),
    History {
        office: String,
    },
    /// Read the spot checks drawn (for the 核查 view).
    Draws,
    /// Write the 模拟 view's indicator set into the folder (see [`write_indicators`]).
    WriteIndicators {
        set: Box<crate::domain::indicators::IndicatorSet>,
        notes: Vec<String>,
    },
    /// Check whether another evaluator changed the decisions.
    Poll,
}

/// What comes back.
pub enum Done {
    /// Files read so far of a (re-)import.
    Progress {
        done: usize,
        total: usize,
    },
    /// A store write waits on another evaluator's.
    Waiting,
    /// A re-import: the report, or why the folder could not be read.
    Reimported(Result<Result<Report, String>, StoreError>),
    /// A write: the decisions (and spot checks) after it; `cancelled` when the wait was
    /// cancelled.
    Written {
        write: Write,
        result: Result<crate::report::Decisions, StoreError>,
        cancelled: bool,
    },
    /// An export: the files written, or why not.
    Exported(ExportKind, Result<Vec<PathBuf>, String>),
    /// The 模拟 view's indicator file: where it was written, or why not.
    WroteIndicators(Result<PathBuf, String>),
    History(Result<Vec<Change>, StoreError>),
    /// The spot checks drawn (none without a store).
    Draws(Result<Vec<crate::store::DrawRecord>, StoreError>),
    /// Another evaluator's decisions (and headquarters' spot checks).
    Decisions(crate::report::Decisions),
    /// Another evaluator chose another return that counts: the folder is settled again by
    /// a re-import.
    ChoicesChanged,
    /// A store error outside a write (reading decisions, recording imports).
    Failed(StoreError),
}

/// The worker thread and its channels.
pub struct Worker {
    jobs: Option<Sender<Job>>,
    done: Receiver<Done>,
    cancel: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// Re-imports started (for tests of coalescing).
    pub reimports: Arc<AtomicUsize>,
    /// Files read by re-imports (not taken from the cache).
    pub reads: Arc<AtomicUsize>,
}

impl Worker {
    /// Starts the worker over `dir` with this store (none: viewing without a store).
    pub fn start(
        data: DataSet,
        dir: PathBuf,
        mut store: Option<Store>,
        mut cache: ImportCache,
    ) -> Worker {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Done>();
        let cancel = Arc::new(AtomicBool::new(false));
        let reimports = Arc::new(AtomicUsize::new(0));
        if let Some(s) = store.as_mut() {
            let (cancel, tx) = (cancel.clone(), done_tx.clone());
            let limit = (BUSY_LIMIT.as_millis() / BUSY_STEP.as_millis()) as i32;
            // A failure here leaves the store's own busy timeout in place.
            let _ = s.set_busy_handler(move |n| {
                if n == 0 {
                    let _ = tx.send(Done::Waiting);
                }
                if cancel.load(Ordering::SeqCst) || n >= limit {
                    return false;
                }
                std::thread::sleep(BUSY_STEP);
                true
            });
        }
        let reads = Arc::new(AtomicUsize::new(0));
        let counter = reimports.clone();
        let read_counter = reads.clone();
        let cancel_w = cancel.clone();
        let thread = std::thread::Builder::new()
            .name("kaoping-worker".into())
            .spawn(move || {
                let mut version = store.as_ref().and_then(|s| s.data_version().ok());
                // The choices of the return that counts the last re-import settled with.
                let mut choices = None;
                for job in job_rx {
                    // A cancel given for an earlier wait does not carry over.
                    if !matches!(job, Job::Poll) {
                        cancel_w.store(false, Ordering::SeqCst);
                    }
                    let out = match job {
                        Job::Reimport { decisions } => {
                            counter.fetch_add(1, Ordering::SeqCst);
                            let tx = done_tx.clone();
                            let progress = move |done, total| {
                                let _ = tx.send(Done::Progress { done, total });
                            };
                            let before = cache.reads();
                            // The choices as the store has them now.
                            let decisions = match store.as_ref().map(Store::choices) {
                                Some(Ok(c)) => {
                                    choices = Some(c.clone());
                                    decisions.with_choices(c)
                                }
                                Some(Err(e)) => {
                                    let _ = done_tx.send(Done::Failed(e));
                                    decisions
                                }
                                None => decisions,
                            };
                            let r = reimport(&data, &dir, decisions, None, &mut cache, &progress);
                            read_counter.fetch_add(cache.reads() - before, Ordering::SeqCst);
                            // The results reach the UI first; the import snapshot is written
                            // after them, so that neither its time nor a colleague's lock on
                            // the store delays what the evaluator sees.
                            let files = match (&r, store.as_ref()) {
                                (Ok(Ok(report)), Some(s)) if !s.is_read_only() => {
                                    Some(report.files.clone())
                                }
                                _ => None,
                            };
                            if done_tx.send(Done::Reimported(r)).is_err() {
                                break;
                            }
                            let (Some(files), Some(s)) = (files, store.as_mut()) else {
                                continue;
                            };
                            let name = |o: usize| data.registry.offices[o].name.clone();
                            match s.record_imports(&files, &name) {
                                Ok(_) => {
                                    // Our own commit is not news.
                                    version = s.data_version().ok();
                                    continue;
                                }
                                Err(e) => Done::Failed(e),
                            }
                        }
                        Job::Write(w) => {
                            let result = match store.as_mut() {
                                Some(s) => write(s, &w),
                                None => Ok(crate::report::Decisions::default()),
                            };
                            // Our own choice is not news: the session re-imports for it.
                            if let (Ok(_), Write::Choose { .. }, Some(s)) =
                                (&result, &w, store.as_ref())
                            {
                                choices = s.choices().ok();
                            }
                            let cancelled =
                                result.is_err() && cancel_w.swap(false, Ordering::SeqCst);
                            Done::Written {
                                write: w,
                                result,
                                cancelled,
                            }
                        }
                        Job::Export(kind, report, diff) => Done::Exported(
                            kind,
                            export(&data, &report, &dir, kind, store.as_ref(), diff.as_deref()),
                        ),
                        Job::History { office } => Done::History(match store.as_ref() {
                            Some(s) => s.history(Some(&office)),
                            None => Ok(Vec::new()),
                        }),
                        Job::WriteIndicators { set, notes } => {
                            Done::WroteIndicators(write_indicators(&dir, &set, &notes))
                        }
                        Job::Draws => Done::Draws(match store.as_ref() {
                            Some(s) => s.draws(),
                            None => Ok(Vec::new()),
                        }),
                        Job::Poll => {
                            let now = store.as_ref().and_then(|s| s.data_version().ok());
                            if now.is_some() && now != version {
                                version = now;
                                // Another evaluator's choice: settled again by a re-import.
                                let chosen = store.as_ref().and_then(|s| s.choices().ok());
                                if chosen.is_some() && choices.is_some() && chosen != choices {
                                    choices = chosen;
                                    if done_tx.send(Done::ChoicesChanged).is_err() {
                                        break;
                                    }
                                }
                                match store.as_ref().map(|s| s.decisions_and_checks()) {
                                    Some(Ok(d)) => Done::Decisions(d),
                                    Some(Err(e)) => Done::Failed(e),
                                    None => continue,
                                }
                            } else {
                                continue;
                            }
                        }
                    };
                    // Our own commits are not news.
                    version = store.as_ref().and_then(|s| s.data_version().ok());
                    if done_tx.send(out).is_err() {
                        break;
                    }
                }
            })
            .expect("the worker thread starts");
        Worker {
            jobs: Some(jobs),
            done,
            cancel,
            thread: Some(thread),
            reimports,
            reads,
        }
    }

    pub fn send(&self, job: Job) {
        if let Some(j) = &self.jobs {
            let _ = j.send(job);
        }
    }

    /// A result, if one arrived.
    pub fn try_recv(&self) -> Option<Done> {
        self.done.try_recv().ok()
    }

    /// A result, waiting at most `timeout`.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Done> {
        self.done.recv_timeout(timeout).ok()
    }

    /// Gives up the store write that waits on another evaluator's.
    pub fn cancel_wait(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::SeqCst);
        // Closing the channel ends the thread after its current job.
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Reads the folder again and scores it with `decisions`, recording the imports in the
/// store; `Ok(Err(why))` when the folder could not be read.
pub fn reimport(
    data: &DataSet,
    dir: &Path,
    decisions: crate::report::Decisions,
    store: Option<&mut Store>,
    cache: &mut ImportCache,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Result<Report, String>, StoreError> {
    let files = match crate::import::collect(&[dir.to_path_buf()]) {
        Ok(files) => files,
        Err((p, e)) => {
            return Ok(Err(format!(
                "{}：无法读取（{e}）；请检查文件夹是否还在、是否有读权限",
                p.display()
            )))
        }
    };
    let total = files.len();
    let read = AtomicUsize::new(0);
    // At most about a hundred updates, whatever the number of files.
    let step = (total / 100).max(1);
    progress(0, total);
    // Only new or changed files are read.
    let imported = cache.import(data, &files, &|_| {
        let n = read.fetch_add(1, Ordering::Relaxed) + 1;
        if n.is_multiple_of(step) || n == total {
            progress(n, total);
        }
    });
    // The choices of the return that counts as the store has them now.
    let decisions = match store.as_deref() {
        Some(s) => decisions.with_choices(s.choices()?),
        None => decisions,
    };
    let report = Report::from_files_with(data, imported, decisions);
    if let Some(s) = store.filter(|s| !s.is_read_only()) {
        s.record_imports(&report.files, &|o| data.registry.offices[o].name.clone())?;
    }
    Ok(Ok(report))
}

/// Carries out a store write; the decisions (and spot checks) after it.
pub fn write(store: &mut Store, w: &Write) -> Result<crate::report::Decisions, StoreError> {
    match w.clone() {
        Write::Decide {
            office,
            indicator,
            value,
            reason,
            file_sha256,
        } => {
            store.decide(&Decision {
                office,
                indicator,
                value,
                reason,
                evaluator: login_name(),
                at: now(),
                file_sha256,
                source: None,
            })?;
        }
        Write::Clear {
            office,
            indicator,
            reason,
        } => {
            store.clear(&office, &indicator, &reason, &login_name())?;
        }
        Write::Confirm {
            office,
            indicator,
            file_sha256,
        } => {
            store.confirm(&office, &indicator, &login_name(), &file_sha256)?;
        }
        Write::Choose {
            office,
            sha256,
            path,
        } => {
            store.choose(&crate::choose::Choice {
                office,
                sha256,
                path,
                evaluator: login_name(),
                at: now(),
            })?;
        }
    }
    store.decisions_and_checks()
}

/// Writes what the export menu chose into `dir`, each file with kaoping's own suffix (so
/// that the importer passes it over): the workbook for headquarters or for the offices
/// (`考评排名-…kaoping.xlsx`), the draft circular, or one feedback letter per ranked office
/// into the subfolder [`FEEDBACK_DIR`] (`….kaoping.docx`). The author is the login name, as
/// for a decision. The files written, or why not (a permission error worded as the store's). With `diff`, the workbooks
/// have the 同比 sheet.
pub fn export(
    data: &DataSet,
    report: &Report,
    dir: &Path,
    kind: ExportKind,
    store: Option<&Store>,
    diff: Option<&crate::compare::Diff>,
) -> Result<Vec<PathBuf>, String> {
    use crate::documents::{self, DocError, DocInfo, OWN_DOCX_SUFFIX};
    use crate::export::workbook::{default_path, write_full, Audience, ExportError, ExportInfo};
    let at = now();
    let author = login_name();
    let doc = DocInfo {
        author: &author,
        date: chrono::Local::now().date_naive(),
    };
    let stamp: String = at.chars().filter(|c| c.is_ascii_digit()).collect();
    let doc_error = |e: DocError| match e {
        DocError::Io { path, source } => unwritable(Path::new(&path), &source),
        e => e.to_string(),
    };
    match kind {
        ExportKind::Internal | ExportKind::Offices => {
            let changes = match (store, kind) {
                (Some(s), ExportKind::Internal) => s.history(None).map_err(|e| e.to_string())?,
                _ => Vec::new(),
            };
            let info = ExportInfo {
                changes: &changes,
                author: &author,
                at: &at,
            };
            let (audience, out) = match kind {
                ExportKind::Offices => (
                    Audience::Offices,
                    dir.join(format!(
                        "考评排名-送各单位-{stamp}{}",
                        crate::own_export::EXPORT_SUFFIX
                    )),
                ),
                _ => (Audience::Internal, default_path(dir, &at)),
            };
            match write_full(data, report, &info, audience, &out, diff) {
                Ok(p) => Ok(vec![p]),
                Err(ExportError::Io { source, .. }) => Err(unwritable(&out, &source)),
                Err(e) => Err(e.to_string()),
            }
        }
        ExportKind::Circular => {
            let draws = match store {
                Some(s) => s.draws().map_err(|e| e.to_string())?,
                None => Vec::new(),
            };
            let template = documents::Template::builtin();
            let improved = diff
                .map(|d| crate::compare::most_improved(d, 5))
                .unwrap_or_default();
            let info = documents::CircularInfo {
                doc,
                template: &template,
                draws: &draws,
                list: documents::ListOrder::default(),
                with_scores: false,
                improved: &improved,
            };
            let out = dir.join(format!("通报（征求意见稿）-{stamp}{OWN_DOCX_SUFFIX}"));
            documents::write_circular(data, report, &info, &out)
                .map(|p| vec![p])
                .map_err(doc_error)
        }
        ExportKind::Feedback => {
            let info = documents::FeedbackInfo {
                doc,
                with_rank: false,
                office: None,
                suffix: OWN_DOCX_SUFFIX,
            };
            documents::write_feedback(data, report, &info, &dir.join(FEEDBACK_DIR))
                .map_err(doc_error)
        }
    }
}

/// Why `path` could not be written: for missing rights, worded as the store words them
/// (the folder, its owner, group and mode, what to do); else the error as it is.
pub fn unwritable(path: &Path, e: &std::io::Error) -> String {
    use std::io::ErrorKind::{PermissionDenied, ReadOnlyFilesystem};
    let folder = if path.is_dir() {
        path
    } else {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    };
    match e.kind() {
        PermissionDenied | ReadOnlyFilesystem => crate::store::unwritable_folder(folder, path, e),
        _ => crate::text::not_written(&path.display().to_string(), e),
    }
}

/// The name of the 模拟 view's indicator files: `指标-模拟-YYYYMMDD-HHMMSS.toml`.
pub const WHATIF_PREFIX: &str = "指标-模拟-";

/// Writes the 模拟 view's indicator set into `dir` as `指标-模拟-YYYYMMDD-HHMMSS.toml` (a
/// proposal for next year, in the shape of `indicators/2018.toml`), its comments saying so,
/// with the date, the evaluator and `notes` (what changed). The file is first written beside
/// its name and loaded back with the loader of every indicator file; only a file that loads,
/// as the same set, is kept, and never over another file. Its path, or why not.
pub fn write_indicators(
    dir: &Path,
    set: &crate::domain::indicators::IndicatorSet,
    notes: &[String],
) -> Result<PathBuf, String> {
    use crate::domain::indicators::{to_toml, IndicatorSet};
    use std::io::Write as _;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let name = format!("{WHATIF_PREFIX}{stamp}.toml");
    let failed =
        |p: &Path, e: &dyn std::fmt::Display| format!("无法写出模拟指标文件 {}：{e}", p.display());
    let mut comments = vec![
        "模拟方案（what-if）：对下一年度指标分值的建议，不是现行的指标体系。".to_string(),
        format!(
            "由 kaoping open 的模拟视图写出：{}，评分人 {}；底本为现行指标体系，仅分值不同。",
            now(),
            login_name()
        ),
    ];
    comments.extend(notes.iter().cloned());
    comments.push(format!(
        "用法：kaoping score --indicators {name} 文件夹（按本方案的分值评分、排名）"
    ));
    let mut proposal = set.clone();
    proposal.name = format!("{}（模拟方案）", set.name);
    let text = to_toml(&proposal, &comments);
    let target = dir.join(&name);
    let mut tmp = tempfile::Builder::new()
        .prefix(".指标-模拟-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| failed(&target, &e))?;
    tmp.write_all(text.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| failed(&target, &e))?;
    // Validated as any indicator file is, from what is on disk.
    let back = std::fs::read_to_string(tmp.path()).map_err(|e| failed(&target, &e))?;
    match IndicatorSet::from_toml(&name, &back) {
        Ok(loaded) if loaded == proposal => {}
        Ok(_) => return Err(failed(&target, &"读回的指标体系与模拟方案不一致")),
        Err(e) => return Err(failed(&target, &e)),
    }
    let mut path = target;
    for k in 2..100 {
        match tmp.persist_noclobber(&path) {
            Ok(_) => return Ok(path),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                tmp = e.file;
                path = dir.join(format!("{WHATIF_PREFIX}{stamp}-{k}.toml"));
            }
            Err(e) => return Err(failed(&path, &e.error)),
        }
    }
    Err(failed(&path, &"同名文件过多"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_permission_error_names_the_folder_its_owner_and_mode() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("通报（征求意见稿）-1.kaoping.docx");
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let m = unwritable(&file, &denied);
        let shown = dir.path().display().to_string();
        assert!(
            m.starts_with(&format!("{shown}：文件夹不可写（属主 ")),
            "{m}"
        );
        assert!(
            m.contains("权限 0") && m.contains(&file.display().to_string()),
            "{m}"
        );
        // A folder that exists is named itself (the feedback's subfolder).
        assert!(unwritable(dir.path(), &denied).starts_with(&format!("{shown}：")));
        let ro = std::io::Error::from(std::io::ErrorKind::ReadOnlyFilesystem);
        assert!(unwritable(&file, &ro).contains("所在的文件系统是只读的"));
        // Anything else with the file, what to check, and the system's words.
        let other = std::io::Error::other("No space left on device");
        let m = unwritable(&file, &other);
        assert!(
            m.starts_with(&format!(
                "{}：无法写入（No space left on device）；请检查磁盘空间",
                file.display()
            )),
            "{m}"
        );
    }
}
