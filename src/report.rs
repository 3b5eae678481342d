//! One run over a set of returns: import every file, settle conflicts, score, rank and
//! compute gaps. What the command line, the TUI and the export all show.

use crate::data::DataSet;
use crate::domain::assessment::{assess, OfficeResult};
use crate::domain::checks::{failed_note, item_keys, Check};
use crate::domain::decision::{Decided, Decision, COUNT_LABEL};
use crate::domain::indicators::Rule;
use crate::domain::scoring::{
    score_indicator, score_indicator_failing, score_return, Cell, Field, IndicatorInput,
    IndicatorScore, Item, OfficeReturn,
};
use crate::import::{self, FileStatus, ImportedFile, Problem, Severity};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The evaluators' decisions, found by office and indicator through a map (not a scan of
/// the list for each cell shown), and headquarters' spot-check results (抽查). Read as a
/// slice of decisions, in the order given; where two name the same office and indicator
/// (and item), the first counts.
#[derive(Debug, Clone, Default)]
pub struct Decisions {
    list: Vec<Decision>,
    /// Office name → indicator id → index into `list`.
    by_key: HashMap<String, HashMap<String, usize>>,
    /// Which return counts where an office sent more than one (以此份为准).
    choices: Vec<crate::choose::Choice>,
    checks: Vec<Check>,
    /// Office name → (indicator id, item key) → index into `checks`.
    check_by_key: HashMap<String, HashMap<(String, String), usize>>,
    /// Office name → indicator id → the indices into `checks` of its items that failed (不属实
    /// or 无佐证), which count as not on time.
    failed: HashMap<String, HashMap<String, Vec<usize>>>,
}

impl Decisions {
    pub fn new(list: Vec<Decision>) -> Decisions {
        let mut by_key: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for (i, d) in list.iter().enumerate() {
            by_key
                .entry(d.office.clone())
                .or_default()
                .entry(d.indicator.clone())
                .or_insert(i);
        }
        Decisions {
            list,
            by_key,
            ..Decisions::default()
        }
    }

    /// The same decisions with these choices of the return that counts (以此份为准).
    pub fn with_choices(mut self, choices: Vec<crate::choose::Choice>) -> Decisions {
        self.choices = choices;
        self
    }

    /// The choices of the return that counts.
    pub fn choices(&self) -> &[crate::choose::Choice] {
        &self.choices
    }

    /// The choice of the return that counts for `office` (by name), if any.
    pub fn choice(&self, office: &str) -> Option<&crate::choose::Choice> {
        self.choices.iter().find(|c| c.office == office)
    }

    /// These decisions with these spot-check results.
    pub fn with_checks(mut self, checks: Vec<Check>) -> Decisions {
        self.check_by_key.clear();
        self.failed.clear();
        for (i, c) in checks.iter().enumerate() {
            let first = self
                .check_by_key
                .entry(c.office.clone())
                .or_default()
                .entry((c.indicator.clone(), c.item.clone()));
            if let std::collections::hash_map::Entry::Vacant(e) = first {
                e.insert(i);
                if c.fails_item() {
                    self.failed
                        .entry(c.office.clone())
                        .or_default()
                        .entry(c.indicator.clone())
                        .or_default()
                        .push(i);
                }
            }
        }
        self.checks = checks;
        self
    }

    /// The decision on `office`'s (by name) `indicator`, if any.
    pub fn get(&self, office: &str, indicator: &str) -> Option<&Decision> {
        self.by_key
            .get(office)
            .and_then(|m| m.get(indicator))
            .map(|&i| &self.list[i])
    }

    /// Every spot-check result, in the order given (the store's: office, indicator, item).
    pub fn checks(&self) -> &[Check] {
        &self.checks
    }

    /// The spot-check result of `office`'s (by name) `indicator` row (`item` empty) or of
    /// one of its 时效明细 items (by key), if any.
    pub fn check(&self, office: &str, indicator: &str, item: &str) -> Option<&Check> {
        self.check_by_key
            .get(office)
            .and_then(|m| m.get(&(indicator.to_string(), item.to_string())))
            .map(|&i| &self.checks[i])
    }

    /// Whether rescoring needs the return of the office at registry index `office`: a spot
    /// check failed one of its 时效明细 items (for [`Report::build_keeping`]).
    pub fn keep(&self, data: &DataSet, office: usize) -> bool {
        data.registry
            .offices
            .get(office)
            .is_some_and(|o| self.failed.contains_key(&o.name))
    }
}

impl From<Vec<Decision>> for Decisions {
    fn from(list: Vec<Decision>) -> Decisions {
        Decisions::new(list)
    }
}

impl std::ops::Deref for Decisions {
    type Target = [Decision];
    fn deref(&self) -> &[Decision] {
        &self.list
    }
}

impl From<Decisions> for Vec<Decision> {
    fn from(d: Decisions) -> Vec<Decision> {
        d.list
    }
}

/// Where an office stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfficeState {
    /// Scored and ranked; the index into [`Report::results`].
    Ranked(usize),
    /// No usable return (none, or only refused ones).
    NotSubmitted,
    /// Two or more returns name it (the indices into [`Report::files`]).
    Conflict(Vec<usize>),
}

/// Sets each score's decision (or none) from `decisions`: a decided score replaces the
/// computed one (a decided veto is applied by [`decide_veto`]); a decided count (核查数量)
/// is scored by the indicator's rule in place of the office's 数量; failing that, the items
/// a spot check found 不属实 or 无佐证 count as not on time, and the rule scores the
/// indicator again. `kept` is what the return says of the indicators rescored so (see
/// [`kept_for_findings`]). Without counts or failed checks this is a lookup per indicator.
fn apply_decisions(
    data: &DataSet,
    office: usize,
    scores: &mut [IndicatorScore],
    decisions: &Decisions,
    kept: Option<&OfficeReturn>,
) {
    let name = &data.registry.offices[office].name;
    // Looked up once per office: most have no failed check.
    let failed_here = decisions.failed.get(name);
    for s in scores.iter_mut() {
        s.findings.clear();
        s.decided = match decisions.get(name, &s.id).map(|d| d.value) {
            Some(Decided::Score(v)) => Some(v),
            Some(Decided::Count(n)) => rescore_count(data, &s.id, kept, n, &mut s.findings),
            _ => None,
        };
        if s.decided.is_none() {
            if let Some(idx) = failed_here.and_then(|m| m.get(&s.id)) {
                let failed: Vec<&Check> = idx.iter().map(|&i| &decisions.checks[i]).collect();
                s.decided = rescore_failed(data, &s.id, kept, &failed, &mut s.findings);
            }
        }
    }
}

/// The rows a return's indicator was read from, in what was kept of it.
fn rows_of<'a>(kept: Option<&'a OfficeReturn>, id: &str) -> &'a [IndicatorInput] {
    kept.and_then(|k| k.rows.get(id))
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The score the rule gives `id` with headquarters' count `n` in place of the office's
/// 数量 (on the office's row, else on a row of its own); none when the rule cannot score
/// it.
fn rescore_count(
    data: &DataSet,
    id: &str,
    kept: Option<&OfficeReturn>,
    n: u32,
    findings: &mut Vec<String>,
) -> Option<crate::domain::points::Decimal> {
    let ind = data.set.indicator(id)?;
    let mut row = rows_of(kept, id).first().cloned().unwrap_or_default();
    row.count = Cell {
        value: Field::Value(n.into()),
        at: None,
    };
    let s = score_indicator(&data.set, &data.calendar, ind, &[row], &[]);
    if !s.errors.is_empty() {
        return None;
    }
    findings.push(format!("{COUNT_LABEL} {n}"));
    Some(s.computed)
}

/// The score the rule gives timeliness indicator `id` with the items that failed their
/// spot check counted as not on time; none when no such item is in the return (it was
/// sent again without them) or the rule cannot score it.
fn rescore_failed(
    data: &DataSet,
    id: &str,
    kept: Option<&OfficeReturn>,
    failed: &[&Check],
    findings: &mut Vec<String>,
) -> Option<crate::domain::points::Decimal> {
    let ind = data.set.indicator(id)?;
    if !matches!(ind.rule, Rule::Timeliness { .. }) {
        return None;
    }
    let items: &[Item] = kept
        .and_then(|k| k.items.get(id))
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let keys = item_keys(items);
    let out: Vec<(usize, String)> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| {
            let c = failed.iter().find(|c| c.item == *k)?;
            Some((i, failed_note(c.result, &items[i].name)))
        })
        .collect();
    if out.is_empty() {
        return None;
    }
    let rows = rows_of(kept, id);
    let s = score_indicator_failing(&data.set, &data.calendar, ind, rows, items, &out);
    if !s.errors.is_empty() {
        return None;
    }
    findings.extend(out.into_iter().map(|(_, note)| note));
    Some(s.computed)
}

/// What rescoring with headquarters' findings reads of a return, kept once it is scored,
/// compactly: for each timeliness indicator as many rows as the return has (blank: with
/// items, the rule reads only whether there is one row), and the 时效明细 items with their
/// values (names, dates, 延期; not where they were read, nor their 备注). A count decided
/// on a deduction or bonus indicator is scored on a row of its own, so no other row is
/// kept. The rest is freed (a few hundred bytes an item stay, whatever the return was).
pub fn kept_for_findings(data: &DataSet, ret: &OfficeReturn) -> OfficeReturn {
    let timeliness = |id: &str| {
        data.set
            .indicator(id)
            .is_some_and(|i| matches!(i.rule, Rule::Timeliness { .. }))
    };
    let bare = |c: &Cell<_>| Cell {
        value: c.value.clone(),
        at: None,
    };
    OfficeReturn {
        rows: ret
            .rows
            .iter()
            .filter(|(id, _)| timeliness(id))
            .map(|(id, rows)| (id.clone(), vec![IndicatorInput::default(); rows.len()]))
            .collect(),
        items: ret
            .items
            .iter()
            .filter(|(id, _)| timeliness(id))
            .map(|(id, items)| {
                let items = items
                    .iter()
                    .map(|it| Item {
                        name: it.name.clone(),
                        start: bare(&it.start),
                        publish: bare(&it.publish),
                        extension: Cell {
                            value: it.extension.value.clone(),
                            at: None,
                        },
                        note: String::new(),
                        row: None,
                    })
                    .collect();
                (id.clone(), items)
            })
            .collect(),
        no_items_sheet: ret.no_items_sheet,
    }
}

/// Scores a file's return (taken from it), keeping what rescoring with findings reads
/// when `keep` says so of its office; a panic inside refuses this file only (see
/// [`score_contained`]).
pub(crate) fn score_file(
    data: &DataSet,
    f: &mut ImportedFile,
    keep: &(dyn Fn(usize) -> bool + Sync),
) {
    if let Some(ret) = f.data.take() {
        f.scores = score_contained(f, || score_return(&data.set, &data.calendar, &ret));
        if f.scores.is_some() && f.office.is_some_and(keep) {
            f.kept = Some(Arc::new(kept_for_findings(data, &ret)));
        }
    }
}

/// Keeps what rescoring with findings reads of every return.
pub(crate) fn keep_all(_: usize) -> bool {
    true
}

/// Applies headquarters' veto decisions (是 / 否) to an office's result: they replace the
/// veto the office reported, and the 等次 follows.
fn decide_veto(data: &DataSet, r: &mut OfficeResult, decisions: &Decisions) {
    let name = &data.registry.offices[r.office].name;
    r.decide_veto(&data.set, |id| {
        decisions.get(name, id).and_then(|d| d.value.veto())
    });
}

/// The refusal of a file whose scoring failed (a panic, which checked arithmetic rules
/// out: contained all the same, so that one file can never stop the run).
pub const SCORING_FAILED: &str =
    "测算得分时出错，本文件未能评分；请将此文件提供给系统维护人员，或用 Excel 或 WPS 打开、另存为 .xlsx 后重新报送";

/// Scores a file's return with `score`; a panic inside refuses this file, by name, and
/// prints nothing: the other files go on.
fn score_contained(
    f: &mut ImportedFile,
    score: impl FnOnce() -> Vec<IndicatorScore>,
) -> Option<Vec<IndicatorScore>> {
    let scores = import::quiet::catch(score);
    if scores.is_none() {
        f.status = FileStatus::Refused;
        f.problems.push(Problem {
            severity: Severity::Error,
            file: f.shown.clone(),
            at: None,
            message: SCORING_FAILED.into(),
        });
    }
    scores
}

/// The label of an office with no usable return.
pub const NOT_SUBMITTED: &str = "未报送";

#[derive(Debug, Clone)]
pub struct Report {
    pub files: Vec<ImportedFile>,
    /// The evaluators' decisions applied (those of offices without a usable return are
    /// kept here but change nothing).
    pub decisions: Decisions,
    /// Ranked order.
    pub results: Vec<OfficeResult>,
    /// Per registry office.
    pub states: Vec<OfficeState>,
}

impl Report {
    /// Imports and scores the given files.
    pub fn build(data: &DataSet, paths: &[PathBuf]) -> Report {
        Report::build_with(data, paths, Decisions::default(), &|_| {})
    }

    /// Imports and scores with `decisions` (and the choices they carry, which settle
    /// conflicts), telling `progress` of each file once it is read.
    pub fn build_with(
        data: &DataSet,
        paths: &[PathBuf],
        decisions: impl Into<Decisions>,
        progress: &(dyn Fn(&std::path::Path) + Sync),
    ) -> Report {
        Report::build_keeping(data, paths, decisions, progress, &keep_all)
    }

    /// Imports and scores as [`Report::build_with`] does, keeping what rescoring with
    /// findings reads of the returns of the offices `keep` names (by registry index) only:
    /// for one run whose decisions are known, [`Decisions::keep`]. [`Report::rescore`] then
    /// applies failed spot checks of those offices only.
    pub fn build_keeping(
        data: &DataSet,
        paths: &[PathBuf],
        decisions: impl Into<Decisions>,
        progress: &(dyn Fn(&std::path::Path) + Sync),
        keep: &(dyn Fn(usize) -> bool + Sync),
    ) -> Report {
        use rayon::prelude::*;
        // In parallel across cores; the order of the files is kept.
        // A workbook kaoping exported into the folder is not a return: passed over.
        let files: Vec<ImportedFile> = paths
            .par_iter()
            .filter_map(|p| {
                let mut f = import::import_return(p, &data.set, &data.registry);
                // Score at once and free the cells: memory stays bounded by the scores and
                // what rescoring with findings reads.
                if let Some(f) = f.as_mut() {
                    score_file(data, f, keep);
                }
                progress(p);
                f
            })
            .collect();
        Report::from_files_with(data, files, decisions)
    }

    pub fn from_files(data: &DataSet, files: Vec<ImportedFile>) -> Report {
        Report::from_files_with(data, files, Decisions::default())
    }

    /// Scores the same files again with other decisions and checks (no re-import).
    ///
    /// Decisions change no computed score, so the computed scores are kept and only the
    /// sums, ranks and gaps are made again; an indicator with a count decided or an item
    /// that failed a spot check is scored again by its rule, from what was kept of the
    /// return. Conflicts stay settled as they were: the choices are the report's (a new
    /// choice takes [`Report::from_files_with`]).
    pub fn rescore(&self, data: &DataSet, decisions: impl Into<Decisions>) -> Report {
        let decisions = decisions
            .into()
            .with_choices(self.decisions.choices.clone());
        let results: Vec<OfficeResult> = self
            .results
            .iter()
            .map(|r| {
                let mut scores = r.indicators.clone();
                let kept = self.files.get(r.file).and_then(|f| f.kept.as_deref());
                apply_decisions(data, r.office, &mut scores, &decisions, kept);
                let mut n = OfficeResult::new(&data.set, r.office, scores);
                decide_veto(data, &mut n, &decisions);
                n.file = r.file;
                n
            })
            .collect();
        let results = assess(&data.set, &data.plan, results);
        let mut states = self.states.clone();
        for (k, r) in results.iter().enumerate() {
            states[r.office] = OfficeState::Ranked(k);
        }
        Report {
            files: self.files.clone(),
            decisions,
            results,
            states,
        }
    }

    /// Settles conflicts, scores every usable return, applies the decisions, ranks.
    pub fn from_files_with(
        data: &DataSet,
        mut files: Vec<ImportedFile>,
        decisions: impl Into<Decisions>,
    ) -> Report {
        let decisions = decisions.into();
        let n = data.registry.len();
        let mut by_office: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, f) in files.iter().enumerate() {
            if let (FileStatus::Imported, Some(o)) = (f.status, f.office) {
                by_office[o].push(i);
            }
        }
        let mut states = vec![OfficeState::NotSubmitted; n];
        let mut scored = Vec::new();
        for (o, idx) in by_office.iter().enumerate() {
            match idx.as_slice() {
                [] => {}
                [i] => scored.push((o, *i)),
                many => {
                    let name = &data.registry.offices[o].name;
                    // The office's choice of the return that counts settles it.
                    let choice = decisions.choice(name);
                    if let Some(i) = crate::choose::settle(&mut files, many, choice) {
                        scored.push((o, i));
                        continue;
                    }
                    let note = crate::choose::conflict_note(&files, many, choice);
                    for &i in many {
                        let others: Vec<String> = many
                            .iter()
                            .filter(|&&j| j != i)
                            .map(|&j| files[j].shown.clone())
                            .collect();
                        let f = &mut files[i];
                        f.status = FileStatus::Conflict;
                        f.problems.push(Problem {
                            severity: Severity::Error,
                            file: f.shown.clone(),
                            at: None,
                            message: format!(
                                "与 {} 同为{name}的自评表，各份都暂不计分；请选定以此份为准（kaoping choose，或在导入视图按 Enter），或只留一份、删除或移走其余的后重新导入{note}",
                                others.join("、")
                            ),
                        });
                    }
                    states[o] = OfficeState::Conflict(many.to_vec());
                }
            }
        }
        let mut results = Vec::new();
        for (o, i) in scored {
            let f = &mut files[i];
            if f.scores.is_none() {
                score_file(data, f, &keep_all);
            }
            let Some(mut scores) = f.scores.take() else {
                continue;
            };
            apply_decisions(data, o, &mut scores, &decisions, f.kept.as_deref());
            for s in &scores {
                let errors = s.errors.iter().map(|e| (Severity::Error, e));
                let warnings = s.warnings.iter().map(|e| (Severity::Warning, e));
                for (severity, e) in errors.chain(warnings) {
                    f.problems.push(Problem {
                        severity,
                        file: f.shown.clone(),
                        at: e.at.clone(),
                        message: format!("{}：{}", s.id, e.message),
                    });
                }
            }
            let mut r = OfficeResult::new(&data.set, o, scores);
            decide_veto(data, &mut r, &decisions);
            r.file = i;
            results.push(r);
        }
        let results = assess(&data.set, &data.plan, results);
        for (k, r) in results.iter().enumerate() {
            states[r.office] = OfficeState::Ranked(k);
        }
        Report {
            files,
            decisions,
            results,
            states,
        }
    }

    /// An office's result, when it is ranked.
    pub fn result_of(&self, office: usize) -> Option<&OfficeResult> {
        match self.states.get(office) {
            Some(OfficeState::Ranked(k)) => self.results.get(*k),
            _ => None,
        }
    }

    /// The decision on an office's indicator, if any.
    pub fn decision(&self, data: &DataSet, office: usize, indicator: &str) -> Option<&Decision> {
        let name = &data.registry.offices[office].name;
        self.decisions.get(name, indicator)
    }

    /// The imported file of an office (the one scored).
    pub fn file_of(&self, office: usize) -> Option<&ImportedFile> {
        match self.states.get(office) {
            Some(OfficeState::Ranked(k)) => {
                self.results.get(*k).and_then(|r| self.files.get(r.file))
            }
            _ => None,
        }
    }

    /// The spot-check result of an office's indicator row (`item` empty) or 时效明细 item
    /// (by key), if any.
    pub fn check(
        &self,
        data: &DataSet,
        office: usize,
        indicator: &str,
        item: &str,
    ) -> Option<&Check> {
        let name = &data.registry.offices[office].name;
        self.decisions.check(name, indicator, item)
    }

    /// The 时效明细 items of an office's indicator in its scored return, with their keys
    /// (empty when it has none, or no scored return).
    pub fn items(&self, office: usize, indicator: &str) -> Vec<(String, &Item)> {
        let items: &[Item] = self
            .file_of(office)
            .and_then(|f| f.kept.as_deref())
            .and_then(|k| k.items.get(indicator))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        item_keys(items).into_iter().zip(items).collect()
    }

    /// The veto headquarters decided on an office's indicator (是 `true`, 否 `false`), if
    /// any.
    pub fn decided_veto(&self, data: &DataSet, office: usize, indicator: &str) -> Option<bool> {
        self.decision(data, office, indicator)
            .and_then(|d| d.value.veto())
    }

    /// A decision made on an earlier version of the office's return (报送文件已更新), until
    /// an evaluator confirms or clears it.
    pub fn is_stale(&self, office: usize, d: &Decision) -> bool {
        match (self.file_of(office), &d.file_sha256) {
            (Some(f), Some(h)) => f.sha256 != *h,
            _ => false,
        }
    }

    /// The report of the shipped samples (samples/2018) under `data`, for the unit tests.
    #[cfg(test)]
    pub(crate) fn of_samples(data: &DataSet) -> Report {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2018");
        let files = crate::import::collect(&[dir]).expect("the samples can be listed");
        Report::build(data, &files)
    }

    /// Every problem, file by file.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.files.iter().flat_map(|f| f.problems.iter())
    }

    /// Any file refused or in conflict (exit status 1); a return set aside by a choice
    /// (未采用) is neither.
    pub fn any_refused(&self) -> bool {
        self.files
            .iter()
            .any(|f| !matches!(f.status, FileStatus::Imported | FileStatus::Superseded))
    }

    /// Offices with no usable return, in registry order.
    pub fn unranked(&self) -> impl Iterator<Item = usize> + '_ {
        self.states
            .iter()
            .enumerate()
            .filter(|(_, s)| !matches!(s, OfficeState::Ranked(_)))
            .map(|(o, _)| o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_are_found_by_office_and_indicator_the_first_counting() {
        use crate::domain::decision::Decided;
        let d = |office: &str, indicator: &str, reason: &str| Decision {
            office: office.into(),
            indicator: indicator.into(),
            value: Decided::Veto(true),
            reason: reason.into(),
            evaluator: "张三".into(),
            at: "2019-01-15 09:30:00".into(),
            file_sha256: None,
            source: None,
        };
        let all = Decisions::from(vec![
            d("广州海关", "A3", "一"),
            d("广州海关", "V1", "二"),
            d("拉萨海关", "A3", "三"),
            d("广州海关", "A3", "四"),
        ]);
        assert_eq!(all.len(), 4);
        assert_eq!(all.get("广州海关", "A3").unwrap().reason, "一");
        assert_eq!(all.get("广州海关", "V1").unwrap().reason, "二");
        assert_eq!(all.get("拉萨海关", "A3").unwrap().reason, "三");
        assert!(all.get("拉萨海关", "V1").is_none());
        assert!(all.get("兰州海关", "A3").is_none());
        assert_eq!(Vec::from(all.clone()).len(), 4);
    }

    #[test]
    fn a_panic_while_scoring_refuses_that_file_by_name_and_the_others_go_on() {
        let data = DataSet::builtin();
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<ImportedFile> = ["北京海关", "天津海关"]
            .iter()
            .map(|o| {
                let p = crate::export::template::write(&data, o, dir.path()).unwrap();
                import::import_file(&p, &data.set, &data.registry)
            })
            .collect();
        let mut files = files;
        assert!(files.iter().all(|f| f.data.is_some()));
        // The first one's scoring panics.
        let broken = &mut files[0];
        let got = score_contained(broken, || panic!("Multiplication overflowed"));
        assert!(got.is_none());
        assert_eq!(broken.status, FileStatus::Refused);
        broken.data = None;
        let report = Report::from_files(&data, files);
        let p = report.files[0].problems.last().unwrap();
        assert_eq!(p.message, SCORING_FAILED);
        assert!(p.to_string().contains("北京海关"), "{p}");
        assert!(report.any_refused());
        assert_eq!(report.states[0], OfficeState::NotSubmitted);
        assert!(report.result_of(1).is_some(), "天津海关 is scored");
    }
}
