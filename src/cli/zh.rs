//! The command line's help in Chinese: one entry per command (by its path below `kaoping`)
//! and per visible argument (by its clap id), with a text for each possible value. The
//! English is the derive's own (the doc comments and `after_help` in `src/cli/mod.rs` and
//! `src/cli/args.rs`); a unit test in [`super::help`] checks that this table covers every
//! command, argument and value and names nothing that is not there. Defaults and value
//! names are not written here: the help appends them from the argument's own definition
//! (［可选：…］［默认：…］).
//! Words per `shared/spec/terms.md`.

/// One command's Chinese help.
pub(super) struct Page {
    /// The command's path below `kaoping`: `""` for kaoping itself, `"findings apply"`.
    pub path: &'static str,
    pub about: &'static str,
    /// After the options: notes, examples and the exit statuses (退出状态).
    pub after: &'static str,
    /// The command's own arguments (those in [`SHARED`] are found there).
    pub args: &'static [Arg],
}

/// An argument: its clap id, its help, and a text for each of its possible values.
pub(super) type Arg = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// The `help` subcommand clap adds to each command that has subcommands.
pub(super) const HELP_SUBCOMMAND: &str = "打印本帮助，或所给命令的帮助";

/// Arguments that mean the same in every command that has them.
pub(super) static SHARED: &[Arg] = &[
    ("help", "打印帮助", &[]),
    ("version", "打印版本", &[]),
    (
        "lang",
        "帮助、手册页、补全和 open 界面的语言；不给时看环境变量 KAOPING_LANG（en 开头为英文），默认中文",
        &[("zh", "中文"), ("en", "英文")],
    ),
    (
        "indicators",
        "指标体系（TOML），代替内置的 indicators/2018.toml",
        &[],
    ),
    (
        "plan",
        "实施方案的任务（TOML），代替内置的 indicators/plan-2018.toml",
        &[],
    ),
    (
        "offices",
        "单位名单（TOML），代替内置的 indicators/offices-2018.toml",
        &[],
    ),
    (
        "calendar",
        "工作日日历（TOML），代替内置的 indicators/calendar.toml",
        &[],
    ),
    (
        "compare",
        "与以往结果比较（同比）：kaoping 生成的汇总表（.kaoping.xlsx），或一个自评表文件夹（用它所带的数据文件 PREV/indicators/*.toml 或 PREV/*.toml 计分，没有则用当前所用的）。增加各单位以往的名次、总分、等次及其变化，并列出无法比较的内容",
        &[],
    ),
];

const DIR_STORE: Arg = ("dir", "自评表所在的文件夹（其存储为 DIR/kaoping.db）", &[]);
const DIR_OPTIONAL: Arg = ("dir", "自评表所在的文件夹", &[]);
const PATHS: Arg = (
    "paths",
    "自评表（.xls/.xlsx），或在其中递归查找自评表的文件夹",
    &[],
);
const OFFICE: Arg = ("office", "单位，按单位名单中的名称（任一别名均可）", &[]);
const AUTHOR: Arg = ("evaluator", "文档作者（默认：登录名）", &[]);
const SEED: Arg = (
    "seed",
    "种子（0 … 18446744073709551615）；不给时由本机生成，并输出",
    &[],
);

const EXIT_SCORE: &str = "退出状态：0 全部文件已受理（允许有行错误）；1 有文件被退回或重复报送（其余照常计分并输出）；2 用法错误或数据文件无效。";

pub(super) static PAGES: &[Page] = &[
    Page {
        path: "",
        about: "考评：为各直属海关的政务公开自评表计分、排名，导出汇总表、通报和反馈意见",
        after: "各命令的 --help 列出其退出状态。\n退出状态（score 与 check）：0 全部文件已受理（允许有行错误）；1 有文件被退回或重复报送（其余照常计分并输出）；2 用法错误或数据文件无效。",
        args: &[],
    },
    Page {
        path: "score",
        about: "导入自评表，输出各单位的得分和名次",
        after: EXIT_SCORE,
        args: &[
            (
                "format",
                "输出格式",
                &[
                    ("table", "终端里对齐的表格"),
                    (
                        "csv",
                        "约定的 CSV 列（rank,office,total,grade,veto,categories…,indicators…）",
                    ),
                    ("json", "全部内容，逐个单位、逐项指标"),
                ],
            ),
            PATHS,
        ],
    },
    Page {
        path: "check",
        about: "导入自评表，只输出导入报告（到标准输出）：每个文件识别出的单位、状态，以及每条警告和错误及其单元格",
        after: EXIT_SCORE,
        args: &[PATHS],
    },
    Page {
        path: "template",
        about: "为每个单位生成空白自评表（模板）",
        after: "逐行输出写出的每个文件。即使标准输出提前关闭（例如经管道交给 head），也会写完全部模板。\n退出状态：0 全部模板已写出；1 有模板或文件夹无法写入（其余模板照常写出）；2 用法错误或数据文件无效。",
        args: &[
            ("out", "存放模板的文件夹（不存在时创建）", &[]),
            (
                "office",
                "只为此单位生成（可多次给出）；不给时为单位名单中的全部单位",
                &[],
            ),
        ],
    },
    Page {
        path: "open",
        about: "在终端界面中打开自评表文件夹：排名、单位、任务、矩阵、导入、核查（核查记录）和模拟七个视图。标准输出不是终端时，改为输出排名",
        after: "按键：Tab 或 1–7 切换视图，方向键或 hjkl 移动，Enter 查看详情，Esc 返回，? 帮助，q 退出。颜色遵从 NO_COLOR；不占用鼠标。\n退出状态：0 正常退出；1 终端或存储出错；2 用法错误、数据文件无效或文件夹无法读取。",
        args: &[
            (
                "ascii",
                "用 ASCII 字符画边框，适用于把制表符显示为双倍宽度的终端",
                &[],
            ),
            ("read_only", "只查看：以只读方式打开存储（不能核定）", &[]),
            (
                "no_watch",
                "不监视文件夹（新增或替换的自评表只在按 r 后出现）",
                &[],
            ),
            DIR_OPTIONAL,
        ],
    },
    Page {
        path: "adjust",
        about: "核定某单位某项指标的得分，或就否决项指标（V1）核定是否一票否决，须写明核定理由；也可撤销核定。核定记入 DIR/kaoping.db（含核定人和时间），score、export 和界面都采用",
        after: "示例：\n  kaoping adjust samples/2018 --office 广州海关 --indicator A3 --score 4 --reason \"补充佐证后核定\"\n  kaoping adjust samples/2018 --office 深圳海关 --indicator V1 --veto 是 --reason \"经核查发生泄露个人隐私事件\"\n退出状态：0 已保存；1 存储无法写入；2 用法错误（单位或指标不存在；核定分不在 0 至该指标分值之间或超过两位小数；在否决项指标上用 --score，或在其他指标上用 --veto；--veto 不是 是/否/yes/no；核定理由为空、超过 500 字或多于一行；核定人为空）。",
        args: &[
            DIR_STORE,
            OFFICE,
            ("indicator", "指标编号（A1 … V1）", &[]),
            (
                "score",
                "核定分：0 ≤ X ≤ 该指标分值，至多两位小数（否决项指标不用此项）",
                &[],
            ),
            (
                "veto",
                "仅用于否决项指标（V1）：是否一票否决，是 或 否（也可写 yes 或 no）；取代单位报送的结果",
                &[],
            ),
            (
                "clear",
                "撤销核定：恢复测算分（或单位报送的否决结果）",
                &[],
            ),
            ("reason", "核定理由（必填；一行，至多 500 字）", &[]),
            ("evaluator", "核定人（默认：登录名；至多 64 字）", &[]),
        ],
    },
    Page {
        path: "history",
        about: "列出核定的每一次变更：时间、核定人、单位、指标、原值 → 新值、核定理由",
        after: "退出状态：0 已列出（尚无核定时也是 0）；1 存储无法读取；2 用法错误。",
        args: &[
            DIR_STORE,
            ("office", "只列出此单位的变更", &[]),
            (
                "format",
                "输出格式",
                &[("table", "表格"), ("csv", "CSV 格式")],
            ),
        ],
    },
    Page {
        path: "export",
        about: "生成年度考核评估结果汇总表（.xlsx）：排名、各任务失分、含核定的指标得分、核定记录、导入报告、指标体系和总分图表",
        after: "退出状态：0 已写出；1 无法写出（不会留下写了一半的文件）；2 用法错误、数据文件无效，或 --out 是某份自评表。",
        args: &[
            (
                "out",
                "要写出的汇总表（.xlsx）。先写入旁边的临时文件，再改名",
                &[],
            ),
            AUTHOR,
            (
                "audience",
                "汇总表给谁看",
                &[
                    (
                        "internal",
                        "总署内部，全部内容：结果、核定及核定人和核定理由、导入报告及文件路径和 SHA-256、文档属性中的哈希值",
                    ),
                    (
                        "offices",
                        "可转发各单位的内容：排名及等次、任务失分、指标体系和总分图表；不含文件路径、哈希值、核定、核定人和导入报告",
                    ),
                ],
            ),
            DIR_OPTIONAL,
        ],
    },
    Page {
        path: "sample",
        about: "抽查：每个单位从其时效明细和自评满分的指标中抽取 N 项（被标为自评虚高的单位加倍），用种子抽取、可以重现，列入抽查清单（工作簿），填好后交给 findings apply",
        after: "输出种子、每个被标为自评虚高的单位一行，以及写出的抽查清单。抽查记入 DIR/kaoping.db。同样的种子和同样的自评表，在任何机器上抽中的都相同。\n示例：\n  kaoping sample samples/2018 --per-office 3 --seed 2018 --out 抽查清单.xlsx\n退出状态：0 已写出；1 抽查清单或存储无法写入（不会留下写了一半的文件），或抽查期间有自评表被改动；2 用法错误（--per-office 不在 1 至 10000 之间，--seed 不是 0 至 18446744073709551615 的整数）、数据文件无效，或 --out 是某份自评表。",
        args: &[
            DIR_STORE,
            (
                "per_office",
                "每个单位抽取的项数（被标为自评虚高的单位加倍；不足时全部抽取）",
                &[],
            ),
            SEED,
            ("evaluator", "抽查人（默认：登录名）", &[]),
            (
                "out",
                "要写出的抽查清单（.xlsx）。先写入旁边的临时文件，再改名",
                &[],
            ),
        ],
    },
    Page {
        path: "choose",
        about: "某单位报送了多份自评表时，选定计分的一份（以此份为准），其余不采用（未采用）。选定记入 DIR/kaoping.db（含选定人和时间）；再次选定即替换",
        after: "示例：\n  kaoping choose DIR --office 广州海关 --file DIR/广州海关-定稿.xlsx\n所选文件不变，选定就一直有效：之后改动或删除文件，这几份自评表又成为重复报送。kaoping 可能提示哪一份较晚（先看填报日期，再看文件时间），但从不自行选定。\n退出状态：0 已选定；1 存储无法写入；2 用法错误（单位不存在，PATH 不是 DIR 中该单位的自评表，选定人为空）。",
        args: &[
            DIR_STORE,
            OFFICE,
            ("file", "计分的那一份：DIR 中该单位的自评表之一", &[]),
            ("evaluator", "选定人（默认：登录名；至多 64 字）", &[]),
        ],
    },
    Page {
        path: "findings",
        about: "总署核查记录：生成空白的核查记录工作簿，或把填好的核查记录（或填好的抽查清单）用于核定，要么全部写入，要么一项也不写",
        after: "退出状态：见各子命令（kaoping findings template --help、kaoping findings apply --help）；未给子命令或用法错误时为 2。",
        args: &[],
    },
    Page {
        path: "findings template",
        about: "生成空白的核查记录工作簿（.xlsx）：工作表“核查记录”，表头为 单位 | 指标 | 核查数量 | 核定分 | 一票否决 | 理由 | 依据，单位和指标可从下拉列表选择",
        after: "退出状态：0 已写出；1 无法写出；2 用法错误、数据文件无效，或 --out 已存在（绝不覆盖填好的工作簿）。",
        args: &[("out", "要写出的工作簿（.xlsx）；不得已存在", &[])],
    },
    Page {
        path: "findings apply",
        about: "应用核查记录（或填好的抽查清单），.xls 或 .xlsx：先检查每一行，有一行出错就一项也不写。再次应用同一文件不会改变任何核定；同名文件的早先版本设置过、现在已没有的核定会被撤销",
        after: "输出每一项变更（单位 指标：原值 → 新值（理由））和汇总：新设、改变、不变、撤销、尚未核查各多少。问题输出到标准错误，格式为 文件: 工作表!单元格: 说明。\n退出状态：0 已应用（或无需变更）；1 工作簿有错误（未写入任何核定），或存储无法写入；2 用法错误（DIR 不是文件夹，FILE 不存在，--evaluator 有误，数据文件无效）。",
        args: &[
            DIR_STORE,
            (
                "file",
                "核查记录或填好的抽查清单（.xls 或 .xlsx）",
                &[],
            ),
            ("evaluator", "核定人（默认：登录名；至多 64 字）", &[]),
            ("dry_run", "只列出将发生的变更，不写入任何内容", &[]),
        ],
    },
    Page {
        path: "circular",
        about: "生成通报（征求意见稿），.docx，按公文格式排版：模板中的语句填入结果中的各项数字，附件列出各单位的等次",
        after: "模板（默认：内置的 indicators/circular-2018.txt）每行一段，行首为标记（@title、@to、@h1、@h2、@p、@label、@right、@blank、@pagebreak、@table），文字中可用 {占位符}；完整列表见 README。\n退出状态：0 已写出；1 无法写出（不会留下写了一半的文件）；2 用法错误、数据文件无效、--out 不以 .docx 结尾，或模板中有未知的或无法填入的占位符（会指出是哪一个）。",
        args: &[
            (
                "out",
                "要写出的文档（.docx）。先写入旁边的临时文件，再改名",
                &[],
            ),
            (
                "list",
                "优秀单位的列法",
                &[
                    ("unordered", "按单位名单的顺序，排名不分先后"),
                    ("rank", "按名次"),
                ],
            ),
            ("with_scores", "附件同时列出各单位的总分和名次", &[]),
            (
                "template",
                "文字模板，代替内置的 indicators/circular-2018.txt",
                &[],
            ),
            AUTHOR,
            DIR_OPTIONAL,
        ],
    },
    Page {
        path: "feedback",
        about: "为每个单位生成反馈意见（.docx）：总分和等次、每项失分的指标及原因、逾期或未按期完成的时效明细，以及供签字的评分表",
        after: "文件名为 2018年度政务公开考核评估反馈意见（××海关）.docx。没有可用自评表的单位（未报送）不生成（在标准错误中列出）。\n退出状态：0 已写出；1 有文件无法写出；2 用法错误、数据文件无效，或 --office 所指的单位没有可用的自评表。",
        args: &[
            ("out", "写入的文件夹（不存在时创建）", &[]),
            (
                "office",
                "只为此单位生成（按单位名单中的名称，任一别名均可）",
                &[],
            ),
            ("with_rank", "写明该单位的名次", &[]),
            AUTHOR,
            DIR_OPTIONAL,
        ],
    },
    Page {
        path: "robustness",
        about: "名次的稳健性：在基础指标的大量随机权重下给每个单位重新排名；每个单位给出名次中位数、90% 区间和保持原等次的比例",
        after: "方法：每次抽样把每项基础指标的分值乘以一个独立的系数（在 [1 − 幅度, 1 + 幅度) 内均匀分布），把基础分重新缩放到满分（100），再按精确得分率给每个单位重新排名（加分和一票否决不变）。\n每个单位给出：正式名次、名次中位数、90% 区间（第 5 至第 95 百分位，取最近名次）和保持原等次的抽样比例；以浮点数计算，按种子抽样（ChaCha8，每次抽样一个流），并输出种子。\n示例：\n  kaoping robustness samples/2018 --draws 1000 --spread 0.2 --seed 2018\n退出状态：0 全部文件已受理；1 有文件被退回或重复报送（其余照常排名并输出）；2 用法错误（--draws 不在 1 至 100000 之间，--spread 不在 0 至 0.9 之间，--draws 乘以参与排名的单位数超过 50000000，--seed 不是 0 至 18446744073709551615 的整数）、数据文件无效，或 DIR 不是文件夹。",
        args: &[
            DIR_OPTIONAL,
            ("draws", "抽样次数（1 … 100000）", &[]),
            ("spread", "指标分值的最大相对变动，即幅度（0 … 0.9）", &[]),
            SEED,
            (
                "format",
                "输出格式",
                &[
                    ("table", "终端里对齐的表格（80 列）"),
                    (
                        "csv",
                        "CSV，列为 office,rank,median_rank,p5_rank,p95_rank,keep_grade_share",
                    ),
                    ("json", "方法说明和全部单位"),
                ],
            ),
        ],
    },
    Page {
        path: "completions",
        about: "把 shell 补全脚本（bash 或 zsh）写到标准输出",
        after: "安装：bash：kaoping completions bash > /etc/bash_completion.d/kaoping（或 ~/.local/share/bash-completion/completions/kaoping）；zsh：kaoping completions zsh > DIR/_kaoping，DIR 须在 $fpath 中。补全中的说明文字用 --lang 所选的语言。\n退出状态：0 已写出；1 标准输出无法写入；2 用法错误。",
        args: &[(
            "shell",
            "shell 的种类",
            &[("bash", "bash 的补全脚本"), ("zsh", "zsh 的补全脚本（带说明）")],
        )],
    },
    Page {
        path: "man",
        about: "把手册页 kaoping.1（roff 格式）写到标准输出；用 --out DIR 时，把它和每个子命令的手册页（kaoping-score.1 等）写入 DIR",
        after: "阅读：kaoping man | man -l -\n手册页用 --lang 所选的语言（默认中文）。\n退出状态：0 已写出；1 有手册页或文件夹无法写入；2 用法错误。",
        args: &[(
            "out",
            "写入手册页的文件夹（不存在时创建），每页一个文件；逐行输出写出的每个文件",
            &[],
        )],
    },
];

/// The page of a command, by its path.
pub(super) fn page(path: &str) -> Option<&'static Page> {
    PAGES.iter().find(|p| p.path == path)
}

/// An argument of a command: its own entry, else the shared one.
pub(super) fn arg(page: Option<&'static Page>, id: &str) -> Option<&'static Arg> {
    page.and_then(|p| p.args.iter().find(|a| a.0 == id))
        .or_else(|| SHARED.iter().find(|a| a.0 == id))
}
