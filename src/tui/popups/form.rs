//! The decision form (核定): a score, 是 / 否 on a veto indicator, or a removal, with a reason.

use super::popup;
use crate::domain::decision::Decided;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::app::Effect;
use crate::tui::widgets::prelude::*;

/// What the decision form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// Decide a score.
    Set,
    /// Decide a veto indicator: 是 or 否.
    Veto,
    Clear,
}

/// The decision form: a score (for `Set`) or a choice of 是 / 否 (for `Veto`), and a
/// reason, with the error of the last try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub office: usize,
    pub indicator: String,
    pub kind: FormKind,
    pub score: String,
    /// The veto chosen (`Veto`): none until the evaluator chooses.
    pub veto: Option<bool>,
    pub reason: String,
    /// 0 = score or veto, 1 = reason.
    pub field: usize,
    pub error: Option<String>,
}

/// The error of a veto form saved without a choice, or given a key that is not one.
pub const CHOOSE_VETO: &str = "请选择“是”或“否”：按 y 选“是”，按 n 选“否”";

pub(crate) fn form(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let Some(f) = &app.form else { return };
    let title = match f.kind {
        crate::tui::app::FormKind::Set => app.s(Msg::FormTitle),
        crate::tui::app::FormKind::Veto => app.s(Msg::FormVetoTitle),
        crate::tui::app::FormKind::Clear => app.s(Msg::FormClearTitle),
    };
    let lang = app.opts.lang;
    let office = &app.data.registry.offices[f.office].name;
    let ind = app.data.set.indicator(&f.indicator);
    let inner = popup(
        buf,
        area,
        app,
        format!(" {title} · {office} {} ", f.indicator),
        64,
        11,
    );
    let w = inner.width;
    let mut y = inner.y;
    if let (Some(ind), Some(r)) = (ind, app.result_of(f.office)) {
        put(buf, inner.x + 1, y, w - 1, &ind.title, Style::new());
        let veto = matches!(ind.rule, crate::domain::indicators::Rule::Veto);
        if let (true, Some(s)) = (veto, r.indicators.iter().find(|s| s.id == f.indicator)) {
            // A veto: as the office reported it, and as decided now.
            let mut line = format!("{} {}", app.s(Msg::Reported), lang.yes_no(s.veto));
            if let Some(v) = app.report.decided_veto(&app.data, f.office, &f.indicator) {
                line.push_str(&format!("  {} {}", app.s(Msg::ColDecided), lang.yes_no(v)));
            }
            put(buf, inner.x + 1, y + 1, w - 1, &line, theme.dim());
        } else if let Some(s) = r.indicators.iter().find(|s| s.id == f.indicator) {
            let line = format!(
                "{} {}  {} {}  {} {}",
                app.s(Msg::ColComputed),
                fmt2(s.computed),
                app.s(Msg::ColClaimed),
                s.claimed.map(fmt2).unwrap_or_else(|| "-".into()),
                app.s(Msg::ColPoints),
                fmt2(ind.points)
            );
            put(buf, inner.x + 1, y + 1, w - 1, &line, theme.dim());
        }
    }
    y += 1;
    y += 2;
    let field = |buf: &mut Buffer, y: u16, label: &str, value: &str, active: bool| {
        let label = format!("{label}：");
        let lw = width(&label) as u16;
        put(buf, inner.x + 1, y, lw, &label, theme.header());
        let style = if active {
            theme.selected()
        } else {
            Style::new()
        };
        let shown = format!("{}{}", sanitize(value), if active { "█" } else { "" });
        let fw = w.saturating_sub(lw + 2);
        buf.set_style(
            Rect::new(inner.x + 1 + lw, y, fw, 1).intersection(buf.area),
            style,
        );
        // Show the end of a long value: that is where the cursor is.
        let tail: String = {
            let mut t = shown.clone();
            while width(&t) > fw as usize {
                t.remove(0);
            }
            t
        };
        put(buf, inner.x + 1 + lw, y, fw, &tail, style);
    };
    match f.kind {
        crate::tui::app::FormKind::Set => {
            field(buf, y, app.s(Msg::FormScore), &f.score, f.field == 0);
            y += 2;
        }
        crate::tui::app::FormKind::Veto => {
            let chosen = f.veto.map(|v| lang.yes_no(v)).unwrap_or("");
            field(buf, y, app.s(Msg::FormVeto), chosen, f.field == 0);
            y += 2;
        }
        crate::tui::app::FormKind::Clear => {}
    }
    field(buf, y, app.s(Msg::FormReason), &f.reason, f.field == 1);
    y += 2;
    if let Some(e) = &f.error {
        put(buf, inner.x + 1, y, w - 1, &format!("✗ {e}"), theme.bad());
    }
    put(
        buf,
        inner.x + 1,
        inner.y + inner.height - 1,
        w - 1,
        app.s(if f.kind == crate::tui::app::FormKind::Veto {
            Msg::FormVetoHint
        } else {
            Msg::FormHint
        }),
        theme.dim(),
    );
}

impl App {
    pub(crate) fn open_form(&mut self, kind: FormKind) {
        if self.read_only {
            self.message = Some(self.s(Msg::ReadOnly).to_string());
            return;
        }
        let Some((office, indicator)) = self.selected_indicator() else {
            return;
        };
        let decision = self.report.decision(&self.data, office, &indicator);
        if kind == FormKind::Clear && decision.is_none() {
            self.message = Some(self.s(Msg::NoDecision).to_string());
            return;
        }
        // A veto indicator is decided 是 or 否, never scored.
        let kind = match kind {
            FormKind::Set if crate::domain::decision::is_veto(&self.data.set, &indicator) => {
                FormKind::Veto
            }
            k => k,
        };
        let current = self
            .result_of(office)
            .and_then(|r| r.indicators.iter().find(|s| s.id == indicator))
            .map(|s| crate::domain::points::fmt2(s.used()))
            .unwrap_or_default();
        self.form = Some(Form {
            office,
            indicator,
            kind,
            score: if kind == FormKind::Set {
                current
            } else {
                String::new()
            },
            veto: None,
            reason: String::new(),
            field: if kind == FormKind::Clear { 1 } else { 0 },
            error: None,
        });
    }

    /// Handles a key while the form is open.
    pub(crate) fn form_action(&mut self, action: Action) -> Vec<Effect> {
        let Some(form) = &mut self.form else {
            return vec![];
        };
        match action {
            // The veto's choice: y / 是 or n / 否, a space switches; nothing is typed.
            Action::Input(c) if form.kind == FormKind::Veto && form.field == 0 => {
                let chosen = match c {
                    ' ' => Some(!form.veto.unwrap_or(false)),
                    c => crate::domain::decision::parse_veto(&c.to_string()),
                };
                match chosen {
                    Some(v) => {
                        form.veto = Some(v);
                        form.error = None;
                    }
                    None => form.error = Some(CHOOSE_VETO.into()),
                }
            }
            Action::InputBackspace if form.kind == FormKind::Veto && form.field == 0 => {
                form.veto = None;
            }
            Action::Input(c) => {
                if form.field == 0 {
                    &mut form.score
                } else {
                    &mut form.reason
                }
                .push(c);
            }
            Action::InputBackspace => {
                if form.field == 0 {
                    &mut form.score
                } else {
                    &mut form.reason
                }
                .pop();
            }
            Action::InputNextField if form.kind != FormKind::Clear => form.field = 1 - form.field,
            Action::InputCancel => self.form = None,
            Action::InputSubmit => {
                use crate::domain::decision::{validate_reason, validate_score_decision};
                let value = match form.kind {
                    FormKind::Set => {
                        match validate_score_decision(&self.data.set, &form.indicator, &form.score)
                        {
                            Ok(s) => Some(Decided::Score(s)),
                            Err(e) => {
                                form.error = Some(e);
                                form.field = 0;
                                return vec![];
                            }
                        }
                    }
                    FormKind::Veto => match form.veto {
                        Some(v) => Some(Decided::Veto(v)),
                        None => {
                            form.error = Some(CHOOSE_VETO.into());
                            form.field = 0;
                            return vec![];
                        }
                    },
                    FormKind::Clear => None,
                };
                let reason = match validate_reason(&form.reason) {
                    Ok(r) => r,
                    Err(e) => {
                        form.error = Some(e);
                        form.field = 1;
                        return vec![];
                    }
                };
                let (office, indicator) = (form.office, form.indicator.clone());
                self.form = None;
                return vec![match value {
                    Some(value) => Effect::Decide {
                        office,
                        indicator,
                        value,
                        reason,
                    },
                    None => Effect::Clear {
                        office,
                        indicator,
                        reason,
                    },
                }];
            }
            _ => {}
        }
        vec![]
    }
}
