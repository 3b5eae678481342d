//! The registry of offices assessed (`indicators/offices-2018.toml`), with the branches whose
//! returns are refused, and the matching of a written name to an office.

use super::data_error::{check_len, check_text, key_of, parse_toml, DataError};
use crate::text::fold;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    pub name: String,
    pub english: Option<String>,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    pub name: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Registry {
    pub name: String,
    /// In registry order (ties and every list use it).
    pub offices: Vec<Office>,
    pub branches: Vec<Branch>,
    /// Folded keys: (key, office index), for matching.
    office_keys: Vec<(String, usize)>,
    branch_keys: Vec<(String, usize)>,
    /// Automata over the keys, pattern i = key i.
    office_ac: aho_corasick::AhoCorasick,
    branch_ac: aho_corasick::AhoCorasick,
}

impl PartialEq for Registry {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.offices == other.offices && self.branches == other.branches
    }
}

impl Eq for Registry {}

/// What a written name identifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    Office(usize),
    /// A headquarters branch: not assessed.
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
    aliases: Vec<String>,
}

impl Registry {
    pub fn from_toml(file: &str, text: &str) -> Result<Registry, DataError> {
        let raw: RawRegistry = parse_toml(file, text)?;
        check_len(file, "office", raw.office.len(), MAX_OFFICES)?;
        check_len(file, "branch", raw.branch.len(), MAX_BRANCHES)?;
        if let Some(h) = &raw.registry {
            check_text(file, "registry.name", "the name", &h.name)?;
        }
        let mut names = 0usize;
        for (kind, name, english, aliases) in raw
            .office
            .iter()
            .map(|o| ("office", &o.name, o.english.as_ref(), &o.aliases))
            .chain(
                raw.branch
                    .iter()
                    .map(|b| ("branch", &b.name, None, &b.aliases)),
            )
        {
            let key = key_of(kind, name);
            check_text(file, &key, "the name", name)?;
            if let Some(e) = english {
                check_text(file, &key, "the English name", e)?;
            }
            check_len(file, &key, aliases.len(), MAX_ALIASES)?;
            for a in aliases {
                check_text(file, &key, "an alias", a)?;
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
                aliases: b.aliases,
            })
            .collect();
        if offices.is_empty() {
            return Err(DataError::new(
                file,
                "office",
                "the registry lists no office",
            ));
        }
        let mut office_keys = Vec::new();
        for (i, o) in offices.iter().enumerate() {
            for k in std::iter::once(&o.name).chain(&o.aliases) {
                let f = fold(k);
                if f.is_empty() {
                    return Err(DataError::new(
                        file,
                        key_of("office", &o.name),
                        "an empty name or alias",
                    ));
                }
                office_keys.push((f, i));
            }
        }
        let mut branch_keys = Vec::new();
        for (i, b) in branches.iter().enumerate() {
            for k in std::iter::once(&b.name).chain(&b.aliases) {
                let f = fold(k);
                if !f.is_empty() {
                    branch_keys.push((f, i));
                }
            }
        }
        let build = |keys: &[(String, usize)]| {
            aho_corasick::AhoCorasick::new(keys.iter().map(|(k, _)| k.as_str()))
                .map_err(|e| DataError::new(file, "", format!("cannot index the names: {e}")))
        };
        let office_ac = build(&office_keys)?;
        let branch_ac = build(&branch_keys)?;
        check_containment(file, &offices, &office_keys, &office_ac)?;
        Ok(Registry {
            name: raw.registry.map(|r| r.name).unwrap_or_default(),
            offices,
            branches,
            office_keys,
            branch_keys,
            office_ac,
            branch_ac,
        })
    }

    /// Identifies the office a text names (the 填报单位 cell, or a file name): branches
    /// first, then every office whose name or alias the folded text contains.
    pub fn identify(&self, text: &str) -> Match {
        let t = fold(text);
        if t.is_empty() {
            return Match::None;
        }
        if let Some(m) = self.branch_ac.find(&t) {
            return Match::Branch(self.branch_keys[m.pattern().as_usize()].1);
        }
        let mut found: Vec<usize> = self
            .office_ac
            .find_overlapping_iter(&t)
            .map(|m| self.office_keys[m.pattern().as_usize()].1)
            .collect();
        found.sort_unstable();
        found.dedup();
        match found.len() {
            0 => Match::None,
            1 => Match::Office(found[0]),
            _ => Match::Ambiguous(found),
        }
    }

    pub fn find_exact(&self, name: &str) -> Option<usize> {
        let f = fold(name);
        self.office_keys
            .iter()
            .find(|(k, _)| *k == f)
            .map(|(_, i)| *i)
    }

    pub fn len(&self) -> usize {
        self.offices.len()
    }

    pub fn is_empty(&self) -> bool {
        self.offices.is_empty()
    }
}

/// No office's name or alias may be contained in another office's: otherwise a text naming
/// the longer one would also name the shorter one. One pass of the automaton over each key.
fn check_containment(
    file: &str,
    offices: &[Office],
    keys: &[(String, usize)],
    ac: &aho_corasick::AhoCorasick,
) -> Result<(), DataError> {
    for (long, j) in keys {
        for m in ac.find_overlapping_iter(long.as_str()) {
            let (short, i) = &keys[m.pattern().as_usize()];
            if i != j {
                return Err(DataError::new(
                    file,
                    key_of("office", &offices[*i].name),
                    format!(
                        "`{short}` is contained in `{long}` of {}: a text naming {} would also name {}",
                        offices[*j].name, offices[*j].name, offices[*i].name
                    ),
                ));
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
    fn a_registry_whose_alias_names_another_office_is_refused() {
        let text = "[[office]]\nname = \"南京海关\"\naliases = [\"南京\"]\n[[office]]\nname = \"南京禄口海关\"\naliases=[\"南京禄口\"]\n";
        let e = Registry::from_toml("x.toml", text).unwrap_err();
        assert!(e.message.contains("`南京` is contained in"), "{e}");
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
        assert!(e.message.contains("control character"), "{e}");
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
        assert!(e.message.contains("at most 200"), "{e}");
        assert!(
            e.key.ends_with('…'),
            "a long name is cut in the key: {}",
            e.key
        );
    }
}
