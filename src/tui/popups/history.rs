//! The history popup: an office's decisions, newest first.

use super::popup;
use crate::tui::app::App;
use crate::tui::widgets::prelude::*;

pub(crate) fn history(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    changes: &[crate::domain::decision::Change],
    theme: &Theme,
) {
    let office = app
        .office
        .office
        .map(|o| app.data.registry.offices[o].name.as_str())
        .unwrap_or("");
    let h = (changes.len() as u16 + 4).max(5);
    let inner = popup(
        buf,
        area,
        app,
        format!(" {} · {office} ", app.s(Msg::HistoryTitle)),
        area.width.saturating_sub(4),
        h,
    );
    if changes.is_empty() {
        put(
            buf,
            inner.x + 1,
            inner.y,
            inner.width - 1,
            app.s(Msg::NoHistory),
            theme.dim(),
        );
    }
    let rows = inner.height.saturating_sub(1) as usize;
    // Newest first.
    for (i, c) in changes.iter().rev().take(rows).enumerate() {
        // Scores, or 是 / 否 for a veto; none is the computed score, or the veto the
        // office reported.
        let lang = app.opts.lang;
        let score = |d: Option<crate::domain::decision::Decided>| match d {
            Some(crate::domain::decision::Decided::Score(v)) => fmt2(v),
            Some(crate::domain::decision::Decided::Veto(v)) => lang.yes_no(v).into(),
            Some(other) => other.shown(),
            None if c.is_veto() => app.s(Msg::Reported).into(),
            None if c.is_check() => crate::domain::decision::NOT_CHECKED.into(),
            None => app.s(Msg::ComputedScore).into(),
        };
        let line = match &c.file {
            // A choice of the return that counts: the files chosen before and now.
            Some(f) => format!(
                "{} {} {} {} → {}",
                c.at,
                c.evaluator,
                app.s(Msg::ChooseTitle),
                f.old.as_deref().unwrap_or("-"),
                f.new
            ),
            None => {
                let what = if c.item.is_empty() {
                    c.indicator.clone()
                } else {
                    format!(
                        "{} {}",
                        c.indicator,
                        crate::domain::checks::item_shown(&c.item)
                    )
                };
                format!(
                    "{} {} {} {} → {}  {}",
                    c.at,
                    c.evaluator,
                    what,
                    score(c.old),
                    score(c.new),
                    c.reason
                )
            }
        };
        put(
            buf,
            inner.x + 1,
            inner.y + i as u16,
            inner.width - 1,
            &sanitize(&line),
            Style::new(),
        );
    }
    put(
        buf,
        inner.x + 1,
        inner.y + inner.height - 1,
        inner.width - 1,
        app.s(Msg::HelpClose),
        theme.dim(),
    );
}
