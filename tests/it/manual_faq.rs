//! Every message the importer, the findings reader, the data files' checks, the store, the
//! reader of a previous year's result, the command line, `choose` and `sample` can print is
//! in the evaluator's manual
//! (docs/使用说明.md, chapter 九、常见问题), and the offices' 填报说明 (docs/offices.md)
//! names the reasons a file is returned.
//!
//! The messages are found in the source: every string literal holding a Han character in the
//! non-test code (each file cut at its `#[cfg(test)]` module) of the files and folders of
//! [`SCANNED`]. A literal is split at its `{…}` placeholders into fixed fragments; it is
//! covered when its longest fragment, trimmed of surrounding punctuation and spaces, appears
//! in the manual. A literal that is not a message is listed in [`NOT_MESSAGES`], by group,
//! with why; an entry there that no longer occurs in the source fails the test too.

use std::path::{Path, PathBuf};

const MANUAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/使用说明.md");
const OFFICES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/offices.md");
/// Folders (every `.rs` file in them) and files scanned. Of src/domain, only the files that
/// load and check the data files: the rest of it words scores and rules, not messages.
const SCANNED: &[&str] = &[
    "src/import",
    "src/findings",
    "src/data.rs",
    "src/domain/data_error.rs",
    "src/domain/indicators/load.rs",
    "src/domain/plan.rs",
    "src/domain/registry.rs",
    "src/domain/calendar.rs",
    "src/store",
    "src/compare/read.rs",
    // The command line's own messages (its help texts are in src/cli/zh.rs and help/, which
    // a test of their own covers).
    "src/cli/mod.rs",
    "src/cli/common.rs",
    "src/cli/scoring.rs",
    "src/cli/decisions.rs",
    "src/cli/writing.rs",
    "src/cli/open.rs",
    "src/cli/man.rs",
    "src/choose.rs",
    "src/sample/mod.rs",
];

/// Literals (as they read once unescaped) that are not messages of their own.
const NOT_MESSAGES: &[&str] = &[
    // The command line's about text (clap's English, shown with --lang en; the Chinese one is
    // in src/cli/zh.rs), and the seed line robustness prints before its table: output, not
    // a message.
    "考评 — score the customs offices' government-disclosure self-assessments (政务公开自评表)",
    "kaoping: 种子 {seed}（{} 次，幅度 {}）",
    // Header labels and their synonyms, read from returns (layout.rs) and from findings
    // forms and checklists (findings/read.rs): words looked for in cells, never printed.
    "完成状态",
    "落实情况",
    "完成数",
    "次数",
    "应完成数",
    "完成日期",
    "自评分数",
    "自评说明",
    "情况说明",
    "证明材料",
    "开始日期",
    "公示日期",
    "答复日期",
    "备注",
    "指标代码",
    "核定数量",
    "核实数量",
    "核定分值",
    "是否一票否决",
    "核定理由",
    "核查理由",
    "核查依据",
    "来源",
    "出处",
    "事项编号",
    "事项标识",
    "抽查结果",
    // Labels of the 填报日期 cell looked for above the header (import/mod.rs).
    "填报时间",
    "填表日期",
    // Synonyms of the status words, read from 完成情况 (cells.rs).
    "全部完成",
    "部分完成",
    "未开展",
    // Names of the kernel's pseudo file systems, used inside the message
    // `这是系统的{fs}中的文件，不是自评表，不予读取` (files.rs), which is covered.
    "进程信息文件系统（/proc）",
    "内核对象文件系统（/sys）",
    "调试文件系统（debugfs）",
    "跟踪文件系统（tracefs）",
    "安全文件系统（securityfs）",
    "控制组文件系统（cgroup）",
    "BPF 文件系统",
    "配置文件系统（configfs）",
    "持久存储文件系统（pstore）",
    "EFI 变量文件系统（efivarfs）",
    // Names of formats read, given in `score --format json` as `format_label`; the two that
    // `check` prints (HTML 表格（…）, Excel 2003 XML) are in the manual.
    "Excel 97-2003 工作簿",
    "OpenDocument 电子表格",
    // What `findings template` writes into the form (findings/template.rs): the 说明
    // sheet, the notes on the header, the columns of the indicator list and the prompts and
    // error texts of the cells' data validation, which Excel shows, not kaoping.
    "单位：{}的名称（从下拉列表选择；也可写简称、别名）。",
    "指标：指标编号（从下拉列表选择）。每个单位的每个指标只能有一行。各指标适用的列见“{HELP_SHEET}”表。",
    "核查数量：总署核查的数量（整数，0 到 {MAX_COUNT}），替代单位报送的数量，按该指标的计分规则计分。只用于扣分、加分指标：{counts}。",
    "核定分：直接核定的得分（0 到该指标分值，最多两位小数）。用于除一票否决以外的指标：{scored}。",
    "一票否决：填“是”或“否”，替代单位报送的情况。只用于一票否决指标：{vetoes}。",
    "理由：必填，一行，最多 {MAX_REASON_CHARS} 字（含依据）。每行只填核查数量、核定分、一票否决中的一项。",
    "依据：可选，如通报文号、检查记录；记入理由后的括号中：理由（依据）。",
    "不在{}名单中；仍可填写简称或别名",
    "请从下拉列表选择指标编号",
    "核查数量应为 0 到 {MAX_COUNT} 之间的整数",
    "核定分应在 0 到该指标分值之间（最高 {}），最多两位小数",
    "请选择：是、否",
    "理由最多 {MAX_REASON_CHARS} 字",
    "总署在年度中核实的情况（如季度舆情通报、网站监测和年终检查、两微一端检查）逐条记入“核查记录”表，年终用 kaoping findings apply 一次导入：",
    "· 每行写一个单位的一个指标，只填核查数量、核定分、一票否决中的一项，并写理由；",
    "· 有一行有误（单位不在名单中、核定分超过分值、非一票否决指标填了一票否决、未写理由、同一单位同一指标有两行等），整份文件都不导入，并列出每个出错的单元格；",
    "· 同一份文件再次导入不作任何改动；文件修改后再导入，只改动有变化的行；从文件中删去的行，其核定随之清除。",
    "计分规则",
    "可填写的列",
    "核查数量 或 核定分",
    "总署核查记录：核查数量、核定分、一票否决",
    // Names of the texts of a data file that are checked (domain/indicators/load.rs,
    // plan.rs, registry.rs), used inside `{what}含控制字符 U+{:04X}…` and
    // `{what}有 {n} 个字符…` (data_error.rs), which are covered; the manual gives examples.
    "自评表标题",
    "考核评估名称",
    "完成情况用语",
    "一票否决的标注",
    "所含部分",
    "栏目名称",
    "任务内容",
    "性质",
    // Names of stored fields (store/**), used inside `{what}为空` and the other reasons of a
    // stored row's warning (`{what}不是有效的 UTF-8 文本`, …), which are covered.
    "核查人",
    "选定人",
    "选定文件",
    "清单文件",
    // How a stored value that is binary data is shown inside a warning's row (read.rs).
    "（{} 字节的二进制数据）",
    // The reason the history records when an evaluator keeps a decision over a changed
    // return (write.rs): shown by `kaoping history` as any reason is, not a message.
    "报送文件更新后确认核定",
    // A guard of `Store::choose` (choices.rs): the SHA-256 given is always the one kaoping
    // computed of the file, so this is never shown.
    "{}：文件摘要不是 SHA-256，未选定",
    // Header labels of a previous year's workbook (compare/read.rs), looked for in cells.
    "规则类型",
    "关联任务",
];

/// A string literal found in a source file: its line and its text, unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Literal {
    line: usize,
    text: String,
}

/// The source before its test module (`#[cfg(test)]` followed by a `mod`); a `#[cfg(test)]`
/// on a single item elsewhere does not end the code.
fn without_tests(src: &str) -> &str {
    let mut from = 0;
    while let Some(i) = src[from..].find("#[cfg(test)]") {
        let at = from + i;
        let rest = src[at + "#[cfg(test)]".len()..].trim_start();
        let rest = rest
            .strip_prefix("pub(crate)")
            .or_else(|| rest.strip_prefix("pub"))
            .map(str::trim_start)
            .unwrap_or(rest);
        if rest.starts_with("mod ") {
            return &src[..at];
        }
        from = at + 1;
    }
    src
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The string literals of Rust source, unescaped: normal, raw (`r"…"`, `r#"…"#`) and byte
/// strings; comments, character literals and lifetimes are passed over.
fn literals(src: &str) -> Vec<Literal> {
    let s: Vec<char> = src.chars().collect();
    let at = |i: usize| s.get(i).copied();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        let prev_ident = i > 0 && is_ident(s[i - 1]);
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c == '/' && at(i + 1) == Some('/') {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == Some('*') {
            // Block comments nest.
            let mut depth = 0;
            while i < s.len() {
                if s[i] == '/' && at(i + 1) == Some('*') {
                    depth += 1;
                    i += 2;
                } else if s[i] == '*' && at(i + 1) == Some('/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if s[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if !prev_ident && (c == 'r' || (c == 'b' && at(i + 1) == Some('r'))) && {
            let mut j = if c == 'b' { i + 2 } else { i + 1 };
            while at(j) == Some('#') {
                j += 1;
            }
            at(j) == Some('"')
        } {
            let start = if c == 'b' { i + 2 } else { i + 1 };
            let hashes = (start..).take_while(|&j| at(j) == Some('#')).count();
            let mut j = start + hashes + 1;
            let first = line;
            let mut text = String::new();
            while j < s.len() {
                if s[j] == '"' && (1..=hashes).all(|k| at(j + k) == Some('#')) {
                    break;
                }
                if s[j] == '\n' {
                    line += 1;
                }
                text.push(s[j]);
                j += 1;
            }
            out.push(Literal { line: first, text });
            i = j + 1 + hashes;
        } else if c == '"' || (c == 'b' && !prev_ident && at(i + 1) == Some('"')) {
            let mut j = if c == 'b' { i + 2 } else { i + 1 };
            let first = line;
            let mut text = String::new();
            while j < s.len() && s[j] != '"' {
                if s[j] == '\\' {
                    j += 1;
                    match at(j) {
                        Some('n') => text.push('\n'),
                        Some('t') => text.push('\t'),
                        Some('r') => text.push('\r'),
                        Some('0') => text.push('\0'),
                        Some('x') => {
                            let hex: String = s[j + 1..(j + 3).min(s.len())].iter().collect();
                            if let Some(ch) =
                                u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                            {
                                text.push(ch);
                            }
                            j += 2;
                        }
                        Some('u') => {
                            let close = (j..s.len()).find(|&k| s[k] == '}').unwrap_or(j);
                            let hex: String = s[(j + 2).min(close)..close].iter().collect();
                            if let Some(ch) =
                                u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                            {
                                text.push(ch);
                            }
                            j = close;
                        }
                        // A line continuation: the line break and the next line's
                        // leading white space are not part of the string.
                        Some('\n') => {
                            line += 1;
                            while at(j + 1).is_some_and(char::is_whitespace) {
                                if s[j + 1] == '\n' {
                                    line += 1;
                                }
                                j += 1;
                            }
                        }
                        Some(other) => text.push(other),
                        None => {}
                    }
                } else {
                    if s[j] == '\n' {
                        line += 1;
                    }
                    text.push(s[j]);
                }
                j += 1;
            }
            out.push(Literal { line: first, text });
            i = j + 1;
        } else if c == '\'' {
            // A character literal ('"', '\'', '\u{feff}', 'x'), else a lifetime ('a).
            if at(i + 1) == Some('\\') {
                let close = (i + 3..s.len()).find(|&k| s[k] == '\'').unwrap_or(i + 1);
                i = close + 1;
            } else if at(i + 2) == Some('\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

fn has_han(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
    })
}

/// The fixed text of a literal between its `{…}` placeholders (`{{` and `}}` are braces).
fn fragments(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                cur.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                cur.push('}');
            }
            '{' => {
                out.push(std::mem::take(&mut cur));
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
            }
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// The part of a literal looked for in the manual: its longest fragment, trimmed of
/// punctuation and spaces at both ends.
fn key(s: &str) -> String {
    fragments(s)
        .iter()
        .map(|f| f.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .max_by_key(|f| f.chars().count())
        .unwrap_or_default()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Every literal with Han in it, in the scanned code: (file, literal).
fn han_literals() -> Vec<(String, Literal)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for d in SCANNED {
        let p = root.join(d);
        if p.is_dir() {
            rust_files(&p, &mut files);
        } else {
            assert!(p.is_file(), "{d} is neither a folder nor a file");
            files.push(p);
        }
    }
    assert!(files.len() > 25, "the scanned folders hold {files:?}");
    let mut out = Vec::new();
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        let shown = f.strip_prefix(root).unwrap().display().to_string();
        for l in literals(without_tests(&src)) {
            if has_han(&l.text) {
                out.push((shown.clone(), l));
            }
        }
    }
    out
}

#[test]
fn every_message_of_the_importer_the_findings_reader_the_data_files_and_the_store_is_in_the_manual()
{
    let manual = std::fs::read_to_string(MANUAL).expect("docs/使用说明.md");
    let found = han_literals();
    // The scan finds the messages it must (a broken extractor would find none).
    for m in [
        "文件已加密，请去除密码后报送",
        "{whence}“{office_text}”与登记的{}都不相符，请在填报单位栏填写单位全称",
        "{v} 超出范围：应在 {min} 到 {max} 之间；请改正",
        "{}：以只读方式打开，不能保存；要核定的，请不加 --read-only 重新打开（没有写权限的，{}）",
        "{}: 单位“{name}”在排名中出现两次",
        "XML：{what}=\"{s}\" 不是整数",
        "未找到核查记录表头（单位、指标、核查数量、核定分、一票否决、理由、依据）或抽查清单表头（单位、指标、事项、起算日期、核查结果、核定分、理由）",
    ] {
        assert!(
            found.iter().any(|(_, l)| l.text == m),
            "the scan missed {m:?}"
        );
    }
    let missing: Vec<String> = found
        .iter()
        .filter(|(_, l)| !NOT_MESSAGES.contains(&l.text.as_str()))
        .filter(|(_, l)| !manual.contains(&key(&l.text)))
        .map(|(f, l)| {
            format!(
                "{f}:{}: {:?} (looked for {:?})",
                l.line,
                l.text,
                key(&l.text)
            )
        })
        .collect();
    let exempt = found
        .iter()
        .filter(|(_, l)| NOT_MESSAGES.contains(&l.text.as_str()))
        .count();
    eprintln!(
        "{} literals with Han: {} covered by the manual, {exempt} not messages",
        found.len(),
        found.len() - exempt - missing.len()
    );
    assert!(
        missing.is_empty(),
        "messages not in docs/使用说明.md (add them to 九、常见问题 with cause and advice, or, if \
         they are not messages, to NOT_MESSAGES with why):\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_exemption_still_names_a_literal_of_the_source() {
    let found = han_literals();
    let stale: Vec<&str> = NOT_MESSAGES
        .iter()
        .copied()
        .filter(|m| !found.iter().any(|(_, l)| l.text == *m))
        .collect();
    assert!(
        stale.is_empty(),
        "NOT_MESSAGES entries no longer in the scanned source: {stale:?}"
    );
    let mut seen = std::collections::HashSet::new();
    let twice: Vec<&&str> = NOT_MESSAGES.iter().filter(|m| !seen.insert(**m)).collect();
    assert!(twice.is_empty(), "listed twice: {twice:?}");
}

#[test]
fn the_offices_are_told_what_returns_a_file() {
    let text = std::fs::read_to_string(OFFICES).expect("docs/offices.md");
    assert!(text.starts_with("# 2018年度政务公开考核评估自评表填报说明"));
    // The file-level refusals, in the offices' words.
    for reason in [
        "不是 Excel 工作簿",
        "网页（HTML）",
        "Word 文档",
        ".xlsb",
        "空文件（0 字节）",
        "格式过旧",
        "已损坏",
        "打开密码",
        "10 MB",
        "10000 行",
        "没有数据",
        "所有工作表都被隐藏",
        "表头",
        "填报单位栏填写本单位全称",
        "两个以上单位",
        "广东分署",
        "另存为 .xlsx",
        "重复报送",
        "以此份为准",
        "无此项业务",
        "延期",
        "佐证材料",
    ] {
        assert!(
            text.contains(reason),
            "docs/offices.md does not say {reason:?}"
        );
    }
    // Nothing internal: the store, the tool's commands, the draw's seed.
    for internal in ["kaoping", "种子", ".db", "核定人"] {
        assert!(
            !text.contains(internal),
            "docs/offices.md mentions {internal:?}"
        );
    }
}

#[test]
fn the_extractor_reads_raw_strings_escapes_comments_and_placeholders() {
    let src = r####"
// a comment with "no literal" and 中文
/* a block /* nested "x" */ still "comment" */
fn f<'a>(x: &'a str) -> char {
    let q = '"';
    let e = '\'';
    let u = '\u{feff}';
    let a = "第一 \"引号\" 与 \\ 反斜杠";
    let b = r"原样 \n 不转义";
    let c = r#"带 "引号" 的原样"#;
    let d = "续行：\
             第二行";
    let b2 = b"PK\x03\x04";
    let fmt = format!("{who}的{{花括号}}与 {n} 个");
    'x'
}
#[cfg(test)]
fn helper() { let _ = "测试外的代码"; }
#[cfg(test)]
mod tests { const T: &str = "测试模块"; }
"####;
    let code = without_tests(src);
    assert!(code.contains("测试外的代码"));
    assert!(!code.contains("测试模块"));
    let lits: Vec<String> = literals(code).into_iter().map(|l| l.text).collect();
    assert_eq!(
        lits,
        [
            "第一 \"引号\" 与 \\ 反斜杠",
            "原样 \\n 不转义",
            "带 \"引号\" 的原样",
            "续行：第二行",
            "PK\u{3}\u{4}",
            "{who}的{{花括号}}与 {n} 个",
            "测试外的代码",
        ]
    );
    let l = literals(code);
    assert_eq!(l[0].line, 8, "{l:?}");
    assert_eq!(l[3].line, 11, "{l:?}");
    assert_eq!(l[4].line, 13, "{l:?}");
    assert_eq!(
        fragments("{who}的{{花括号}}与 {n} 个"),
        ["", "的{花括号}与 ", " 个"]
    );
    assert_eq!(key("{who}的{{花括号}}与 {n} 个"), "的{花括号}与");
    assert_eq!(key("XML：{what}=\"{s}\" 不是整数"), "不是整数");
    assert_eq!(
        key("{whence}“{office_text}”同时指向{}，请在填报单位栏填写单位全称"),
        "请在填报单位栏填写单位全称"
    );
    assert!(has_han("表") && !has_han("Excel 2003 XML"));
}
