//! Writing an indicator set as the TOML data file that [`IndicatorSet::from_toml`] reads,
//! in the shape of `indicators/2018.toml` (a what-if proposal of the 模拟 view, for one).

use super::{CategoryKind, IndicatorSet, RankingOrder, Rule, TieStyle};
use crate::domain::points::Decimal;
use std::fmt::Write;

/// The set as an indicator file, `comments` first (each line a `#` comment). Numbers are
/// written as integers where they are whole and as strings otherwise (`"3.89"`), never as
/// TOML floats, so that they stay exact decimals. Loading the text back gives the same set.
pub fn to_toml(set: &IndicatorSet, comments: &[String]) -> String {
    let mut out = String::new();
    for c in comments {
        for line in c.lines() {
            let line: String = line
                .chars()
                .map(|ch| if ch.is_control() { ' ' } else { ch })
                .collect();
            let _ = writeln!(out, "# {}", line.trim_end());
        }
    }
    if !comments.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "[set]");
    let _ = writeln!(out, "name = {}", quote(&set.name));
    let _ = writeln!(out, "return_title = {}", quote(&set.return_title));
    let _ = writeln!(out, "year = {}", set.year);
    let _ = writeln!(out, "assessment = {}", quote(&set.assessment));
    let ties = match set.ties {
        TieStyle::Competition => "competition",
        TieStyle::Dense => "dense",
    };
    let _ = writeln!(out, "ties = {}", quote(ties));
    let _ = writeln!(out, "overclaim_flag = {}", num(set.overclaim_flag));

    let _ = writeln!(out, "\n[levels]");
    for (word, factor) in &set.levels {
        let _ = writeln!(out, "{} = {}", quote(word), text(*factor));
    }
    let _ = writeln!(out, "\n[deadline]");
    let _ = writeln!(out, "late_factor = {}", text(set.deadline_late_factor));

    for g in &set.grades {
        let _ = writeln!(out, "\n[[grade]]");
        let _ = writeln!(out, "name = {}", quote(&g.name));
        let _ = writeln!(out, "min = {}", num(g.min));
    }
    let _ = writeln!(out, "\n[grades]");
    if let Some(share) = set.excellent_max_share {
        let _ = writeln!(out, "excellent_max_share = {}", text(share));
    }
    let order = match set.order {
        RankingOrder::Total => "total",
        RankingOrder::Grade => "grade",
    };
    let _ = writeln!(out, "\n[ranking]\norder = {}", quote(order));
    let _ = writeln!(out, "\n[veto]");
    let _ = writeln!(out, "cap = {}", quote(&set.veto_cap));
    let _ = writeln!(out, "label = {}", quote(&set.veto_label));

    for c in &set.categories {
        let _ = writeln!(out, "\n[[category]]");
        let _ = writeln!(out, "id = {}", quote(&c.id));
        let _ = writeln!(out, "name = {}", quote(&c.name));
        let sections: Vec<String> = c.sections.iter().map(|s| quote(s)).collect();
        let _ = writeln!(out, "sections = [{}]", sections.join(", "));
        let kind = match c.kind {
            CategoryKind::Base => "base",
            CategoryKind::Bonus => "bonus",
            CategoryKind::Veto => "veto",
        };
        let _ = writeln!(out, "kind = {}", quote(kind));
        let _ = writeln!(out, "max = {}", num(c.max));
    }

    for ind in &set.indicators {
        let _ = writeln!(out, "\n[[indicator]]");
        let _ = writeln!(out, "id = {}", quote(&ind.id));
        let _ = writeln!(out, "category = {}", quote(&ind.category));
        let _ = writeln!(out, "task = {}", ind.task);
        let _ = writeln!(out, "title = {}", quote(&ind.title));
        let _ = writeln!(out, "rule = {}", quote(ind.rule.kind_name()));
        match &ind.rule {
            Rule::Ratio { count, total } => {
                let _ = writeln!(out, "count = {}", quote(count));
                let _ = writeln!(out, "total = {}", quote(total));
            }
            Rule::Timeliness { days } => {
                let _ = writeln!(out, "days = {days}");
            }
            Rule::Deadline { deadline } => {
                let _ = writeln!(out, "deadline = {}", deadline.format("%Y-%m-%d"));
            }
            Rule::Deduction { per } | Rule::Bonus { per } => {
                let _ = writeln!(out, "per = {}", num(*per));
            }
            Rule::Level | Rule::Veto => {}
        }
        if let Some(e) = ind.extension_days {
            let _ = writeln!(out, "extension_days = {e}");
        }
        let _ = writeln!(out, "points = {}", num(ind.points));
    }
    out
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            '\r' => q.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(q, "\\u{:04X}", c as u32);
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// A number: an integer where it is whole, else a string.
fn num(d: Decimal) -> String {
    let d = d.normalize();
    if d.scale() == 0 {
        d.to_string()
    } else {
        text(d)
    }
}

/// A number as a string (`"0.6"`).
fn text(d: Decimal) -> String {
    quote(&d.normalize().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::points::parse;

    const BUILTIN: &str = include_str!("../../../indicators/2018.toml");

    #[test]
    fn the_2018_set_written_loads_back_the_same() {
        let set = IndicatorSet::from_toml("2018.toml", BUILTIN).unwrap();
        let text = to_toml(&set, &["模拟方案\n第二行\u{1b}[31m".into()]);
        assert!(
            text.starts_with("# 模拟方案\n# 第二行 [31m\n\n[set]\n"),
            "{text}"
        );
        let back = IndicatorSet::from_toml("x.toml", &text).unwrap();
        assert_eq!(back, set);
    }

    #[test]
    fn other_points_options_and_texts_load_back() {
        let mut set = IndicatorSet::from_toml("2018.toml", BUILTIN).unwrap();
        let d = |s: &str| parse(s).unwrap();
        set.indicators[0].points = d("6.35");
        set.indicators[1].points = d("3.65");
        set.indicators[2].title = "带\"引号\"和\\反斜杠的标题".into();
        set.ties = TieStyle::Dense;
        set.order = RankingOrder::Grade;
        set.excellent_max_share = Some(d("0.3"));
        set.overclaim_flag = d("2.5");
        let text = to_toml(&set, &[]);
        assert!(text.contains("points = \"6.35\""), "{text}");
        assert!(!text.contains("points = 6.35"), "no TOML float");
        let back = IndicatorSet::from_toml("x.toml", &text).unwrap();
        assert_eq!(back, set);
    }
}
