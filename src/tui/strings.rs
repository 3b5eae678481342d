//! Every string of the terminal UI, in Chinese (the default) and English (`--lang en`).

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// A UI string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    AppTitle,
    ViewRanking,
    ViewOffice,
    ViewTasks,
    ViewMatrix,
    ViewImport,
    ColRank,
    ColOffice,
    ColTotal,
    ColGrade,
    ColClaimed,
    ColDiff,
    /// The rank's 90 % interval under random weightings (稳定性).
    ColInterval,
    Stability,
    MedianRank,
    Interval90,
    KeepsGrade,
    DrawsWord,
    ColStatus,
    ColId,
    ColTitle,
    ColName,
    ColPoints,
    ColComputed,
    ColUsed,
    ColLost,
    ColNotes,
    ColTask,
    ColSection,
    ColUnits,
    ColDeadline,
    ColScope,
    ColMeanRate,
    ColMostLost,
    ColScore,
    ColBest,
    ColMean,
    ColVsMean,
    ColFile,
    ColErrors,
    ColWarnings,
    StatusImported,
    StatusRowErrors,
    StatusNotSubmitted,
    StatusConflict,
    StatusRefused,
    /// The mark beside the 等次 of an office whose 自评分 total exceeds its 总分 by more
    /// than the set's `overclaim_flag`.
    Overclaim,
    /// 同比 (`open --compare PREV`): the ranking's Δ名次 column, a newly ranked office, the
    /// office view's previous values, and what was not comparable.
    ColRankChange,
    NewEntrant,
    PrevYear,
    NotComparable,
    AllComparable,
    ScopeOffices,
    ScopeHq,
    Help,
    HelpTitle,
    HelpClose,
    NoOffice,
    NoFiles,
    SelfNote,
    Evidence,
    Problems,
    CategoryBars,
    ModeIndicators,
    ModeTasks,
    ModeCategories,
    SearchPrompt,
    NotFound,
    FilterOn,
    Reimported,
    Veto,
    Rank,
    Total,
    Grade,
    Claimed,
    OfficesByGap,
    Mean,
    Legend,
    KeysGlobal,
    KeysView,
    KeysSearch,
    FormTitle,
    FormClearTitle,
    FormVetoTitle,
    FormVeto,
    FormVetoHint,
    Reported,
    Yes,
    No,
    FormScore,
    FormReason,
    FormHint,
    ReadOnly,
    Saved,
    Cleared,
    Confirmed,
    Stale,
    NotStale,
    NoDecision,
    HistoryTitle,
    NoHistory,
    ColDecided,
    ReadOnlyTag,
    Exported,
    /// The export menu (`x`): its title, the folder, its items and keys, and what was
    /// written.
    ExportTitle,
    ExportInto,
    ExportInternal,
    ExportOffices,
    ExportCircular,
    ExportFeedback,
    ExportKeys,
    WroteCircular,
    WroteFeedback,
    FilesCount,
    DecisionNote,
    ComputedScore,
    ReimportFailed,
    /// Background work under way (status bar).
    Importing,
    Exporting,
    Saving,
    /// A store write waits on another evaluator's (SQLite busy).
    WaitingForColleague,
    EscCancels,
    WriteCancelled,
    /// The watched folder: new or replaced returns imported.
    FolderChanged,
    /// A return set aside: another of its office's was chosen (未采用).
    StatusSuperseded,
    /// The return chosen to count among its office's (以此份为准).
    StatusChosen,
    /// The confirmation of a choice of the return that counts.
    ChooseTitle,
    ChooseThis,
    ChooseOthers,
    ChooseNow,
    ChooseLater,
    ChooseThisOne,
    ChooseHintOnly,
    ChooseKeys,
    /// Enter on a file that is no duplicate.
    Chosen,
    FiledOn,
    ModifiedAt,
    /// The 核查 view: headquarters' findings and spot-check results, with their sources.
    ViewChecks,
    ColItem,
    /// What was decided or found (核查数量 2, 核定分 3.50, 一票否决 是, 不属实).
    ColFinding,
    ColEvaluator,
    ColTime,
    ColReason,
    ColSource,
    /// The source of a decision typed by an evaluator (adjust, the UI's form).
    TypedByHand,
    /// 核查数量 (a count decided on a deduction or bonus indicator).
    CountDecided,
    CheckTrue,
    CheckFalse,
    CheckNoEvidence,
    /// 抽查: before the ✓ / ✗ counts of an indicator's checked items.
    SpotChecked,
    NoFindings,
    NoFindingsFor,
    FilterPrompt,
    /// How the filter of the 核查 view is undone.
    EscClears,
    Details,
    NoDraws,
    /// The 模拟 view: what-if weights.
    ViewWhatIf,
    /// The official points, rank, total or 等次 beside the what-if ones.
    ColOfficial,
    ColOfficialRank,
    ColOfficialTotal,
    ColOfficialGrade,
    WhatIfPoints,
    WhatIfResults,
    /// Followed by the base maximum (保持基础分100).
    KeepBase,
    KeepBaseOff,
    BaseScore,
    /// What the `*` before a what-if value means.
    GivenMark,
    PointsTitle,
    PointsHint,
    /// The what-if set written as an indicator file.
    WroteIndicators,
    WritingIndicators,
}

impl Lang {
    /// `标签：值` in Chinese, `label: value` in English.
    pub fn labelled(self, label: &str, value: &str) -> String {
        match self {
            Lang::Zh => format!("{label}：{value}"),
            Lang::En => format!("{label}: {value}"),
        }
    }

    /// `共 N 条` in Chinese, `N in all` in English.
    pub fn in_all(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("共 {n} 条"),
            Lang::En => format!("{n} in all"),
        }
    }

    /// `值（注）` in Chinese, `value (note)` in English.
    pub fn noted(self, value: &str, note: &str) -> String {
        match self {
            Lang::Zh => format!("{value}（{note}）"),
            Lang::En => format!("{value} ({note})"),
        }
    }

    /// The spot checks drawn, for the 核查 view's header: how many, and the latest one's
    /// seed, count per office, things drawn, who, when and the checklist's file name.
    #[allow(clippy::too_many_arguments)]
    pub fn draws_line(
        self,
        n: usize,
        seed: u64,
        per_office: u32,
        drawn: u64,
        who: &str,
        at: &str,
        file: &str,
    ) -> String {
        let (zh, en) = if n > 1 {
            (
                format!("抽查 {n} 次，最近："),
                format!("{n} spot checks drawn, latest: "),
            )
        } else {
            ("抽查：".to_string(), "Spot check: ".to_string())
        };
        match self {
            Lang::Zh => format!(
                "{zh}随机种子 {seed}，每单位 {per_office} 项，共 {drawn} 项，{file}（{who} {at}）"
            ),
            Lang::En => format!(
                "{en}seed {seed}, {per_office} per office, {drawn} in all, {file} ({who} {at})"
            ),
        }
    }

    /// 是 / 否 (yes / no).
    /// The 模拟 view's summary: of `n` ranked offices, how many change rank and 等次.
    pub fn whatif_summary(self, n: usize, ranks: usize, grades: usize) -> String {
        match self {
            Lang::Zh => format!("{n} 个单位：名次变化 {ranks} 个，等次变化 {grades} 个"),
            Lang::En => format!("{n} offices: {ranks} change rank, {grades} change grade"),
        }
    }

    pub fn yes_no(self, b: bool) -> &'static str {
        self.s(if b { Msg::Yes } else { Msg::No })
    }

    pub fn s(self, m: Msg) -> &'static str {
        let (zh, en) = match m {
            Msg::AppTitle => ("考评", "kaoping"),
            Msg::ViewRanking => ("排名", "Ranking"),
            Msg::ViewOffice => ("单位", "Office"),
            Msg::ViewTasks => ("任务", "Tasks"),
            Msg::ViewMatrix => ("矩阵", "Matrix"),
            Msg::ViewImport => ("导入", "Import"),
            Msg::ColRank => ("名次", "Rank"),
            Msg::ColOffice => ("单位", "Office"),
            Msg::ColTotal => ("总分", "Total"),
            Msg::ColGrade => ("等次", "Grade"),
            Msg::ColClaimed => ("自评分", "Self"),
            Msg::ColDiff => ("自评偏差", "Self gap"),
            Msg::ColInterval => ("区间", "Range"),
            Msg::Stability => ("稳定性", "Robustness"),
            Msg::MedianRank => ("中位名次", "median rank"),
            Msg::Interval90 => ("90%区间", "90% range"),
            Msg::KeepsGrade => ("保持等次", "keeps grade"),
            Msg::DrawsWord => ("次扰动", "draws"),
            Msg::ColStatus => ("状态", "Status"),
            Msg::ColId => ("编号", "Id"),
            Msg::ColTitle => ("考核内容", "Indicator"),
            Msg::ColName => ("名称", "Name"),
            Msg::ColPoints => ("分值", "Pts"),
            Msg::ColComputed => ("测算分", "Computed"),
            Msg::ColUsed => ("最终得分", "Final"),
            Msg::ColLost => ("失分", "Lost"),
            Msg::ColNotes => ("说明", "Notes"),
            Msg::ColTask => ("任务", "Task"),
            Msg::ColSection => ("部分", "Sect"),
            Msg::ColUnits => ("责任单位", "Units"),
            Msg::ColDeadline => ("完成时限", "Deadline"),
            Msg::ColScope => ("范围", "Scope"),
            Msg::ColMeanRate => ("平均得分率", "Mean rate"),
            Msg::ColMostLost => ("失分最多", "Lost most"),
            Msg::ColScore => ("得分", "Score"),
            Msg::ColBest => ("最高", "Best"),
            Msg::ColMean => ("平均", "Mean"),
            Msg::ColVsMean => ("比平均", "vs mean"),
            Msg::ColFile => ("文件", "File"),
            Msg::ColErrors => ("错误", "Err"),
            Msg::ColWarnings => ("警告", "Warn"),
            Msg::StatusImported => ("已受理", "accepted"),
            Msg::StatusRowErrors => ("有错误", "row errors"),
            Msg::StatusNotSubmitted => ("未报送", "not submitted"),
            Msg::StatusConflict => ("重复报送", "duplicate"),
            Msg::StatusRefused => ("退回", "returned"),
            Msg::Overclaim => (crate::labels::OVERCLAIM, "overclaim"),
            Msg::ColRankChange => ("Δ名次", "ΔRank"),
            Msg::NewEntrant => (crate::compare::diff::NEW_ENTRANT, "new"),
            Msg::PrevYear => ("上年", "last year"),
            Msg::NotComparable => ("未比较", "not compared"),
            Msg::AllComparable => ("各指标均可比较", "all indicators compared"),
            Msg::ScopeOffices => ("各直属海关", "offices"),
            Msg::ScopeHq => ("总署", "HQ only"),
            Msg::Help => ("帮助", "help"),
            Msg::HelpTitle => ("按键", "Keys"),
            Msg::HelpClose => ("按 Esc 关闭", "Esc closes"),
            Msg::NoOffice => ("没有可显示的单位", "no office to show"),
            Msg::NoFiles => (
                "文件夹中没有 .xls/.xlsx 文件",
                "no .xls/.xlsx file in the folder",
            ),
            Msg::SelfNote => ("自评说明", "Office's note"),
            Msg::Evidence => ("佐证材料", "Evidence"),
            Msg::Problems => ("问题", "Problems"),
            Msg::CategoryBars => ("得分率（|为平均）", "Rate (| = mean)"),
            Msg::ModeIndicators => ("指标", "indicators"),
            Msg::ModeTasks => ("任务", "tasks"),
            Msg::ModeCategories => ("类别", "categories"),
            Msg::SearchPrompt => ("搜索单位：", "Search office: "),
            Msg::NotFound => ("没有找到", "not found"),
            Msg::FilterOn => ("只看有问题的单位", "offices with problems only"),
            Msg::Reimported => ("已重新导入", "re-imported"),
            Msg::Veto => ("一票否决", "veto"),
            Msg::Rank => ("名次", "rank"),
            Msg::Total => ("总分", "total"),
            Msg::Grade => ("等次", "grade"),
            Msg::Claimed => ("自评分", "self-assessed"),
            Msg::OfficesByGap => ("各单位失分", "offices by lost points"),
            Msg::Mean => ("平均", "mean"),
            Msg::Legend => (
                "≥90 高  60–89 中  <60 低（数字为得分率%）",
                ">=90 high  60-89 mid  <60 low (rate %)",
            ),
            Msg::KeysGlobal => ("通用", "Everywhere"),
            Msg::KeysView => ("本视图", "This view"),
            Msg::KeysSearch => (
                "输入时（搜索、核定表单、菜单）",
                "While typing (search, form, menu)",
            ),
            Msg::FormTitle => ("核定分数", "Decide the score"),
            Msg::FormClearTitle => ("清除核定", "Clear the decision"),
            Msg::FormVetoTitle => ("核定一票否决", "Decide the veto"),
            Msg::FormVeto => ("一票否决", "Veto"),
            Msg::FormVetoHint => (
                "y 是  n 否  Tab 换栏  Enter 保存  Esc 取消",
                "y yes  n no  Tab next field  Enter save  Esc cancel",
            ),
            Msg::Reported => ("单位报送", "reported"),
            Msg::Yes => ("是", "yes"),
            Msg::No => ("否", "no"),
            Msg::FormScore => ("核定分数", "Score"),
            Msg::FormReason => ("理由", "Reason"),
            Msg::FormHint => (
                "Tab 换栏  Enter 保存  Esc 取消",
                "Tab next field  Enter save  Esc cancel",
            ),
            Msg::ReadOnly => ("只读模式：不能核定", "read-only: decisions are off"),
            Msg::Saved => ("已保存核定", "decision saved"),
            Msg::Cleared => ("已清除核定", "decision cleared"),
            Msg::Confirmed => ("已确认核定", "decision confirmed"),
            Msg::Stale => ("报送文件已更新", "return changed since"),
            Msg::NotStale => ("该核定无需确认", "nothing to confirm"),
            Msg::NoDecision => ("本行没有核定", "no decision on this row"),
            Msg::HistoryTitle => ("核定记录", "Decisions history"),
            Msg::NoHistory => ("尚无核定记录", "no decision yet"),
            Msg::ColDecided => ("核定分", "Decided"),
            Msg::ReadOnlyTag => ("只读", "read-only"),
            Msg::Exported => ("已导出", "exported"),
            Msg::ExportTitle => ("导出", "Export"),
            Msg::ExportInto => ("写入文件夹", "into the folder"),
            Msg::ExportInternal => ("汇总表（内部）", "workbook (internal)"),
            Msg::ExportOffices => ("汇总表（送各单位）", "workbook (for the offices)"),
            Msg::ExportCircular => ("通报（征求意见稿）", "circular (draft)"),
            Msg::ExportFeedback => ("反馈意见（各单位）", "feedback (each office)"),
            Msg::ExportKeys => (
                "↑↓ 选择  Enter 或 1–4 写出  Esc 取消",
                "↑↓ choose  Enter or 1-4 write  Esc cancel",
            ),
            Msg::WroteCircular => ("已写出通报", "circular written"),
            Msg::WroteFeedback => ("已写出反馈意见", "feedback written"),
            Msg::FilesCount => ("个文件", "files"),
            Msg::DecisionNote => ("核定", "decided"),
            Msg::ComputedScore => ("测算分", "computed"),
            Msg::ReimportFailed => ("重新导入失败", "re-import failed"),
            Msg::Importing => ("正在导入", "importing"),
            Msg::Exporting => ("正在导出", "exporting"),
            Msg::Saving => ("正在保存", "saving"),
            Msg::WaitingForColleague => ("等待其他评分人…", "waiting for another evaluator…"),
            Msg::EscCancels => ("Esc 取消", "Esc cancels"),
            Msg::WriteCancelled => ("已取消，未保存", "cancelled, not saved"),
            Msg::FolderChanged => ("文件夹有变动，已重新读取", "folder changed, imported"),
            Msg::StatusSuperseded => ("未采用", "not counted"),
            Msg::StatusChosen => ("已受理（以此份为准）", "accepted (counts)"),
            Msg::ChooseTitle => ("以此份为准", "This return counts"),
            Msg::ChooseThis => ("以此份为准", "counts"),
            Msg::ChooseOthers => ("未采用", "not counted"),
            Msg::ChooseNow => ("现以此为准", "counts now"),
            Msg::ChooseLater => ("较新", "later"),
            Msg::ChooseThisOne => ("本份", "this one"),
            Msg::ChooseHintOnly => (
                "较新与否仅供参考：由评分人选定，kaoping 不自行选定",
                "which is later is only a hint: the evaluator chooses",
            ),
            Msg::ChooseKeys => (
                "Enter 以此份为准  Esc 取消",
                "Enter this one counts  Esc cancel",
            ),
            Msg::Chosen => ("已选定以此份为准", "chosen: this return counts"),
            Msg::FiledOn => ("填报日期", "filed"),
            Msg::ModifiedAt => ("文件修改时间", "modified"),
            Msg::ViewChecks => ("核查", "Checks"),
            Msg::ColItem => ("事项", "Item"),
            Msg::ColFinding => ("结论", "Finding"),
            Msg::ColEvaluator => ("核定人", "By"),
            Msg::ColTime => ("时间", "Time"),
            Msg::ColReason => ("理由", "Reason"),
            Msg::ColSource => ("来源", "Source"),
            Msg::TypedByHand => ("手工核定", "typed"),
            Msg::CountDecided => (crate::domain::decision::COUNT_LABEL, "count"),
            Msg::CheckTrue => ("属实", "true"),
            Msg::CheckFalse => ("不属实", "untrue"),
            Msg::CheckNoEvidence => ("无佐证", "no evidence"),
            Msg::SpotChecked => ("抽查", "checked"),
            Msg::NoFindings => (
                "尚无核定或抽查结果（kaoping findings apply）",
                "no finding yet (kaoping findings apply)",
            ),
            Msg::NoFindingsFor => ("没有该单位的核定或抽查结果", "no finding for this office"),
            Msg::FilterPrompt => ("筛选单位：", "Filter office: "),
            Msg::EscClears => ("Esc 清除", "Esc clears"),
            Msg::Details => ("详情", "Details"),
            Msg::NoDraws => (
                "尚未抽查（kaoping sample）",
                "no spot check drawn yet (kaoping sample)",
            ),
            Msg::ViewWhatIf => ("模拟", "What-if"),
            Msg::ColOfficial => ("现行", "Official"),
            Msg::ColOfficialRank => ("原名次", "Was"),
            Msg::ColOfficialTotal => ("原总分", "Was"),
            Msg::ColOfficialGrade => ("原等次", "Was"),
            Msg::WhatIfPoints => ("分值", "Points"),
            Msg::WhatIfResults => ("模拟结果", "What-if results"),
            Msg::KeepBase => ("保持基础分", "base kept at "),
            Msg::KeepBaseOff => ("不保持基础分", "base not kept"),
            Msg::BaseScore => ("基础分", "Base"),
            Msg::GivenMark => ("*指定", "*given"),
            Msg::PointsTitle => ("输入分值", "Points"),
            Msg::PointsHint => ("Enter 确定  Esc 取消", "Enter apply  Esc cancel"),
            Msg::WroteIndicators => ("已写出模拟指标文件", "what-if indicators written"),
            Msg::WritingIndicators => ("正在写出模拟指标文件", "writing the what-if indicators"),
        };
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
