//! The registry of offices assessed (`indicators/offices-2018.toml`), with the branches and
//! schools whose returns are refused, and the matching of a written name to an office.
//!
//! Matching (spec `offices-2018.md`): a text names a unit when its folded form
//! ([`crate::text::fold`]: no spaces or invisible characters, any case, full width folded,
//! typographic apostrophes read as `'`) contains the unit's name or an alias. Where one
//! name found lies inside a longer one, the longer wins: `上海海关学院` is the college, not
//! 上海海关 through `上海` or `上海海关`.

use super::data_error::{check_len, check_text, key_of, parse_toml, DataError};
use crate::text::fold;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    pub name: String,
    pub english: Option<String>,
    pub aliases: Vec<String>,
}

/// A unit that is not assessed (a headquarters branch, a school): a return from one is
/// refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    pub name: String,
    /// What it is, for the refusal (`院校`, `海关总署派出机构`); may be empty.
    pub kind: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Registry {
    pub name: String,
    /// What an assessed unit is called (`直属海关`), for the refusal of a branch.
    pub unit: String,
    /// In registry order (ties and every list use it).
    pub offices: Vec<Office>,
    pub branches: Vec<Branch>,
    /// Folded keys, the offices' first, then the branches': (key, unit), for matching.
    keys: Vec<(String, Unit)>,
    /// One automaton over the keys, pattern i = key i.
    ac: aho_corasick::AhoCorasick,
    /// The longest key, in bytes.
    longest: usize,
}

/// The unit a key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Office(usize),
    Branch(usize),
}

impl PartialEq for Registry {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.unit == other.unit
            && self.offices == other.offices
            && self.branches == other.branches
    }
}

impl Eq for Registry {}

/// What a written name identifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    Office(usize),
    /// A headquarters branch or a school: not assessed.
    Branch(usize),
    /// No office.
    None,
    /// More than one office (indices in registry order).
    Ambiguous(Vec<usize>),
}

/// The most offices a registry may list (a provincial registry has a few thousand units).
pub const MAX_OFFICES: usize = 20_000;
/// The most branches (refused returns' senders).
pub const MAX_BRANCHES: usize = 1000;
/// The most aliases of one office or branch.
pub const MAX_ALIASES: usize = 50;
/// The most names and aliases in all: what the matching automaton holds.
pub const MAX_NAMES: usize = 100_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegistry {
    #[serde(default)]
    registry: Option<RawHead>,
    office: Vec<RawOffice>,
    #[serde(default)]
    branch: Vec<RawBranch>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHead {
    name: String,
    /// What an assessed unit is called; default `参评单位`.
    #[serde(default)]
    unit: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffice {
    name: String,
    english: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBranch {
    name: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

impl Registry {
    pub fn from_toml(file: &str, text: &str) -> Result<Registry, DataError> {
        let raw: RawRegistry = parse_toml(file, text)?;
        check_len(file, "office", raw.office.len(), MAX_OFFICES)?;
        check_len(file, "branch", raw.branch.len(), MAX_BRANCHES)?;
        if let Some(h) = &raw.registry {
            check_text(file, "registry.name", "名称", &h.name)?;
            if let Some(u) = &h.unit {
                check_text(file, "registry.unit", "参评单位的称呼", u)?;
            }
        }
        let mut names = 0usize;
        for (kind, name, english, aliases) in raw
            .office
            .iter()
            .map(|o| ("office", &o.name, o.english.as_ref(), &o.aliases))
            .chain(
                raw.branch
                    .iter()
                    .map(|b| ("branch", &b.name, b.kind.as_ref(), &b.aliases)),
            )
        {
            let key = key_of(kind, name);
            check_text(file, &key, "名称", name)?;
            if let Some(e) = english {
                let what = if kind == "office" {
                    "英文名"
                } else {
                    "性质"
                };
                check_text(file, &key, what, e)?;
            }
            check_len(file, &key, aliases.len(), MAX_ALIASES)?;
            for a in aliases {
                check_text(file, &key, "简称或别名", a)?;
            }
            names += 1 + aliases.len();
        }
        check_len(file, "office", names, MAX_NAMES)?;
        let offices: Vec<Office> = raw
            .office
            .into_iter()
            .map(|o| Office {
                name: o.name,
                english: o.english,
                aliases: o.aliases,
            })
            .collect();
        let branches: Vec<Branch> = raw
            .branch
            .into_iter()
            .map(|b| Branch {
                name: b.name,
                kind: b.kind.unwrap_or_default(),
                aliases: b.aliases,
            })
            .collect();
        if offices.is_empty() {
            return Err(DataError::new(
                file,
                "office",
                "名单中没有参评单位；请至少写一个 [[office]]",
            ));
        }
        let mut keys: Vec<(String, Unit)> = Vec::new();
        for (i, o) in offices.iter().enumerate() {
            for k in std::iter::once(&o.name).chain(&o.aliases) {
                let f = fold(k);
                if f.is_empty() {
                    return Err(DataError::new(
                        file,
                        key_of("office", &o.name),
                        "名称或简称、别名为空（或只有空白）；请填写或删去",
                    ));
                }
                keys.push((f, Unit::Office(i)));
            }
        }
        for (i, b) in branches.iter().enumerate() {
            for k in std::iter::once(&b.name).chain(&b.aliases) {
                let f = fold(k);
                if !f.is_empty() {
                    keys.push((f, Unit::Branch(i)));
                }
            }
        }
        let ac =
            aho_corasick::AhoCorasick::new(keys.iter().map(|(k, _)| k.as_str())).map_err(|e| {
                DataError::new(
                    file,
                    "",
                    format!("名称和别名过多或过长，无法建立索引（{e}）；请删减"),
                )
            })?;
        check_containment(file, &offices, &branches, &keys, &ac)?;
        let (name, unit) = match raw.registry {
            Some(h) => (h.name, h.unit),
            None => (String::new(), None),
        };
        Ok(Registry {
            name,
            unit: unit.unwrap_or_else(|| DEFAULT_UNIT.to_string()),
            offices,
            branches,
            longest: keys.iter().map(|(k, _)| k.len()).max().unwrap_or(0),
            keys,
            ac,
        })
    }

    /// Identifies the office a text names (the 填报单位 cell, or a file name). Every name
    /// and alias the folded text contains is found; one that lies inside a longer one found
    /// is dropped (the longest match wins). Of what remains, a branch or school refuses the
    /// text; else one office is the match, two or more are ambiguous.
    pub fn identify(&self, text: &str) -> Match {
        let t = fold(text);
        if t.is_empty() {
            return Match::None;
        }
        // Aho-Corasick reports every match when the search reaches its end, so by end. A
        // match is kept while no longer one found contains it; once no match still to come
        // could (they end later, and are no longer than the longest key), it is final. So
        // the work is one pass, and the memory a few matches, whatever the text.
        let mut pending: std::collections::VecDeque<(usize, usize, Unit)> = Default::default();
        let mut offices: std::collections::BTreeSet<usize> = Default::default();
        let mut branch: Option<usize> = None;
        let mut settle = |(_, _, unit): (usize, usize, Unit)| match unit {
            Unit::Office(i) => {
                offices.insert(i);
            }
            Unit::Branch(b) => {
                branch.get_or_insert(b);
            }
        };
        for m in self.ac.find_overlapping_iter(&t) {
            let (start, end) = (m.start(), m.end());
            while pending.back().is_some_and(|p| p.0 >= start && p.1 <= end) {
                pending.pop_back();
            }
            if pending.back().is_some_and(|p| p.0 <= start && p.1 >= end) {
                continue;
            }
            pending.push_back((start, end, self.keys[m.pattern().as_usize()].1));
            while pending.front().is_some_and(|p| p.0 + self.longest < end) {
                if let Some(p) = pending.pop_front() {
                    settle(p);
                }
            }
        }
        pending.into_iter().for_each(&mut settle);
        if let Some(b) = branch {
            return Match::Branch(b);
        }
        let offices: Vec<usize> = offices.into_iter().collect();
        match offices.len() {
            0 => Match::None,
            1 => Match::Office(offices[0]),
            _ => Match::Ambiguous(offices),
        }
    }

    /// Why a return from branch `b` is refused: it is not an assessed unit (a sentence to
    /// follow the text that named it).
    pub fn branch_refusal(&self, b: usize) -> String {
        let br = &self.branches[b];
        let kind = if br.kind.is_empty() {
            String::new()
        } else {
            format!("（{}）", br.kind)
        };
        format!(
            "是{}{kind}，不是{unit}，不参加考核评估，文件退回；如为{unit}报送，请在填报单位栏填写本单位全称",
            br.name,
            unit = self.unit
        )
    }

    pub fn find_exact(&self, name: &str) -> Option<usize> {
        let f = fold(name);
        self.keys.iter().find_map(|(k, u)| match u {
            Unit::Office(i) if *k == f => Some(*i),
            _ => None,
        })
    }

    pub fn len(&self) -> usize {
        self.offices.len()
    }

    pub fn is_empty(&self) -> bool {
        self.offices.is_empty()
    }
}

/// What an assessed unit is called when the registry does not say.
pub const DEFAULT_UNIT: &str = "参评单位";

/// No office's name or alias may be contained in another office's: the registry would make
/// one office's return name another, which the longest match must not be left to settle.
/// A branch or school may contain an office's name (上海海关学院 holds 上海海关: the longer
/// wins), but no branch may share a name or alias with an office, which no match could
/// tell apart. One pass of the automaton over each key.
fn check_containment(
    file: &str,
    offices: &[Office],
    branches: &[Branch],
    keys: &[(String, Unit)],
    ac: &aho_corasick::AhoCorasick,
) -> Result<(), DataError> {
    for (long, outer) in keys {
        for m in ac.find_overlapping_iter(long.as_str()) {
            let (short, inner) = &keys[m.pattern().as_usize()];
            match (outer, inner) {
                (Unit::Office(j), Unit::Office(i)) if i != j => {
                    return Err(DataError::new(
                        file,
                        key_of("office", &offices[*i].name),
                        format!(
                            "“{short}”包含在{}的“{long}”中：写{}的文字也会被认作{}；请删去或改写其中一个名称或别名",
                            offices[*j].name, offices[*j].name, offices[*i].name
                        ),
                    ));
                }
                (Unit::Branch(b), Unit::Office(i)) | (Unit::Office(i), Unit::Branch(b))
                    if short == long =>
                {
                    return Err(DataError::new(
                        file,
                        key_of("branch", &branches[*b].name),
                        format!(
                            "“{short}”既是{}的名称或别名，又是{}的：无法区分；请删去或改写其中一个",
                            offices[*i].name, branches[*b].name
                        ),
                    ));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg() -> Registry {
        Registry::from_toml(
            "offices",
            include_str!("../../indicators/offices-2018.toml"),
        )
        .unwrap()
    }

    #[test]
    fn the_2018_registry_has_42_offices() {
        let r = reg();
        assert_eq!(r.len(), 42);
        assert_eq!(r.offices[0].name, "北京海关");
        assert_eq!(r.offices[41].name, "银川海关");
    }

    #[test]
    fn every_way_of_writing_an_office_resolves() {
        let r = reg();
        let gz = r.find_exact("广州海关").unwrap();
        for t in [
            "广州海关",
            "中华人民共和国广州海关",
            "广州海关办公室",
            "广州关区",
            "Guangzhou Customs",
            "GUANGZHOU  CUSTOMS",
            "ＧＵＡＮＧＺＨＯＵ　Ｃｕｓｔｏｍｓ",
            "广州海关-自评表.xls",
            "2018年政务公开自评表（广州海关）.xlsx",
            "guangzhou_2018.xlsx",
        ] {
            assert_eq!(r.identify(t), Match::Office(gz), "{t}");
        }
        let xa = r.find_exact("西安海关").unwrap();
        assert_eq!(r.identify("xian_2018.xlsx"), Match::Office(xa));
        assert_eq!(r.identify("Xi'an Customs"), Match::Office(xa));
        assert_eq!(
            r.identify("xiamen_2018.xlsx"),
            Match::Office(r.find_exact("厦门海关").unwrap())
        );
    }

    #[test]
    fn branches_none_and_two() {
        let r = reg();
        assert!(matches!(r.identify("海关总署广东分署"), Match::Branch(_)));
        assert!(matches!(r.identify("天津特派办"), Match::Branch(_)));
        assert_eq!(r.identify("海关总署"), Match::None);
        assert_eq!(r.identify(""), Match::None);
        assert!(
            matches!(r.identify("北京海关、天津海关联合报送"), Match::Ambiguous(v) if v == vec![0, 1])
        );
    }

    #[test]
    fn the_longest_match_wins_so_the_college_is_refused_as_a_school() {
        let r = reg();
        let sh = r.find_exact("上海海关").unwrap();
        for t in [
            "上海海关学院",
            "上海海关学院办公室",
            "2018年政务公开自评表（上海海关学院）.xlsx",
            "SHANGHAI CUSTOMS COLLEGE",
            "海关学院",
            "院校",
        ] {
            let Match::Branch(b) = r.identify(t) else {
                panic!("{t}: {:?}", r.identify(t))
            };
            assert_eq!(r.branches[b].name, "上海海关学院", "{t}");
            assert_eq!(r.branches[b].kind, "院校");
        }
        // The office itself, however written, is still the office.
        for t in [
            "上海海关",
            "中华人民共和国上海海关",
            "上海关区",
            "Shanghai Customs",
        ] {
            assert_eq!(r.identify(t), Match::Office(sh), "{t}");
        }
        // The branches of headquarters hold an office's city, too.
        for t in [
            "上海特派办",
            "海关总署驻上海特派员办事处",
            "天津特派员办事处",
        ] {
            assert!(matches!(r.identify(t), Match::Branch(_)), "{t}");
        }
        let Match::Branch(b) = r.identify("上海海关学院") else {
            unreachable!()
        };
        let why = r.branch_refusal(b);
        assert_eq!(
            why,
            "是上海海关学院（院校），不是直属海关，不参加考核评估，文件退回；如为直属海关报送，请在填报单位栏填写本单位全称"
        );
    }

    #[test]
    fn typographic_apostrophes_and_invisible_characters() {
        let r = reg();
        let xa = r.find_exact("西安海关").unwrap();
        for t in [
            "Xi’an Customs",
            "Xi‘an Customs",
            "Xiʼan Customs",
            "XI＇AN CUSTOMS",
            "Xi’an_2018.xlsx",
            "西\u{200b}安\u{feff}海关",
            "\u{202d}西安海关\u{202c}",
        ] {
            assert_eq!(r.identify(t), Match::Office(xa), "{t}");
        }
        // Every English name of the registry names its own office.
        for (i, o) in r.offices.iter().enumerate() {
            let e = o.english.as_deref().unwrap();
            assert_eq!(r.identify(e), Match::Office(i), "{e}");
            assert_eq!(r.identify(&e.replace('\'', "’")), Match::Office(i), "{e}");
        }
    }

    #[test]
    fn a_long_text_is_matched_in_little_memory_and_still_finds_two_offices() {
        let r = reg();
        let mut t = "北京海关".repeat(200_000);
        t.push_str("天津海关");
        assert_eq!(r.identify(&t), Match::Ambiguous(vec![0, 1]));
        let t = "上海海关学院".repeat(100_000);
        assert!(matches!(r.identify(&t), Match::Branch(_)));
    }

    #[test]
    fn a_branch_may_hold_an_office_name_but_not_share_one() {
        let ok = "[[office]]\nname = \"南京海关\"\naliases = [\"南京\"]\n[[branch]]\nname = \"南京海关学校\"\n";
        let r = Registry::from_toml("x.toml", ok).unwrap();
        assert_eq!(r.identify("南京海关学校"), Match::Branch(0));
        assert_eq!(r.identify("南京海关"), Match::Office(0));
        assert_eq!(r.unit, DEFAULT_UNIT);
        let shared = "[[office]]\nname = \"南京海关\"\naliases = [\"南京\"]\n[[branch]]\nname = \"南京学校\"\naliases = [\" 南 京 \"]\n";
        let e = Registry::from_toml("x.toml", shared).unwrap_err();
        assert_eq!(e.key, "branch.南京学校");
        assert!(
            e.message
                .contains("既是南京海关的名称或别名，又是南京学校的"),
            "{e}"
        );
    }

    #[test]
    fn a_registry_whose_alias_names_another_office_is_refused() {
        let text = "[[office]]\nname = \"南京海关\"\naliases = [\"南京\"]\n[[office]]\nname = \"南京禄口海关\"\naliases=[\"南京禄口\"]\n";
        let e = Registry::from_toml("x.toml", text).unwrap_err();
        assert!(
            e.message.contains("“南京”包含在南京禄口海关的“南京禄口"),
            "{e}"
        );
    }

    #[test]
    fn ten_thousand_units_load_and_more_than_the_bound_are_refused() {
        let r = Registry::from_toml("big", &crate::synth::registry_toml(10_000)).unwrap();
        assert_eq!(r.len(), 10_000);
        let text = "[[office]]\nname = \"x\"\n".repeat(MAX_OFFICES + 1);
        let e = Registry::from_toml("x.toml", &text).unwrap_err();
        assert_eq!(e.key, "office");
        let e = Registry::from_toml("x.toml", "[[office]]\nname = \"北京\\u001b[31m海关\"\n")
            .unwrap_err();
        assert!(e.message.contains("控制字符 U+001B"), "{e}");
        assert!(!e.to_string().contains('\u{1b}'), "{e:?}");
        let aliases = vec!["\"别名\""; MAX_ALIASES + 1].join(",");
        let e = Registry::from_toml(
            "x.toml",
            &format!("[[office]]\nname = \"北京海关\"\naliases = [{aliases}]\n"),
        )
        .unwrap_err();
        assert_eq!(e.key, "office.北京海关");
        let long = "关".repeat(201);
        let e = Registry::from_toml(
            "x.toml",
            &format!("[[branch]]\nname = \"{long}\"\n[[office]]\nname = \"北京海关\"\n"),
        )
        .unwrap_err();
        assert!(e.message.contains("最多 200 个"), "{e}");
        assert!(
            e.key.ends_with('…'),
            "a long name is cut in the key: {}",
            e.key
        );
    }
}
