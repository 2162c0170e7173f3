//! `date/numeric-ambiguous`: all-numeric dates (`11/05/2024`, `03.02.2019`) in prose.

use super::profile::{profile, DateOrder};
use super::scan::{self, NumericKind};
use super::{format_severity, quoted};
use crate::declare_rule;
use crate::lint::{BlockContext, Edit, Finding, Fix, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an all-numeric date with three fields in prose (`11/05/2024`, `2/3/19`,
    /// `03.02.2019`, `11-05-2024`) and offers the house form. When only one reading is a
    /// real date (`13/02/2019`) the fix is certain; when both are (`11/05/2024` is Nov. 5
    /// in the U.S. and May 11 in Britain) both are offered as suggestions, the profile's
    /// own reading first.
    ///
    /// Two-field forms are never dates here, so `9/11`, `24/7`, `50/50`, fractions and
    /// fiscal years (`2013/14`) are left alone, as are versions, tables, code and URLs.
    ///
    /// ## Why is this bad?
    /// Half the English-speaking world reads `11/05/2024` as 11 May. News copy writes the
    /// month as a word so no reader has to guess.
    ///
    /// ## Example
    /// ```markdown
    /// The filing deadline is 11/05/2024.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The filing deadline is Nov. 5, 2024.
    /// ```
    ///
    /// ## Fix safety
    /// Safe when only one reading is a valid date and the year has four digits; otherwise
    /// the fixes are suggestions, because the writer must say which date was meant.
    ///
    /// ## References
    /// AP Stylebook, "dates"; spec §A.2 `date/numeric-ambiguous`.
    pub struct NumericAmbiguous {
        id: "date/numeric-ambiguous",
        summary: "All-numeric date in prose",
        severity: Warning,
        fix: Sometimes,
        scope: Block,
    }
}

impl Rule for NumericAmbiguous {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        super::check_outside_stamps(ctx, findings, |out| self.check(ctx, out));
    }
}

impl NumericAmbiguous {
    fn check(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        let Some(severity) = format_severity(ctx, Self::META.default_severity) else {
            return;
        };
        let text = ctx.text();
        let profile = profile(ctx.config.style);
        for numeric in scan::numeric_dates_in(ctx).0.iter().cloned() {
            if numeric.kind == NumericKind::Iso || quoted(ctx, numeric.range.clone()) {
                continue;
            }
            let version = scan::previous_word(text, numeric.range.start).is_some_and(|w| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "version" | "v" | "release" | "build" | "firmware" | "update" | "patch"
                )
            });
            if version {
                continue;
            }
            let mut readings = numeric.readings();
            if readings.is_empty() {
                continue;
            }
            if profile.order == DateOrder::DayMonthYear {
                readings.reverse();
            }
            let written = &text[numeric.range.clone()];
            let forms: Vec<String> = readings
                .iter()
                .map(|d| profile.format_date(d.month(), d.day(), Some(d.year())))
                .collect();
            let message = if forms.len() == 1 {
                format!("Numeric date `{written}`: write it as `{}`", forms[0])
            } else {
                format!(
                    "Ambiguous numeric date `{written}`: `{}` or `{}`",
                    forms[0], forms[1]
                )
            };
            let mut finding = Finding::new(&Self::META, ctx.span(numeric.range.clone()), message)
                .with_severity(severity);
            let certain = forms.len() == 1 && numeric.year_digits == 4;
            for form in &forms {
                let edit = Edit::replace(ctx.span(numeric.range.clone()), form.clone());
                finding = finding.with_fix(if certain {
                    Fix::safe(format!("Replace with `{form}`"), edit)
                } else {
                    Fix::suggestion(format!("Replace with `{form}`"), edit)
                });
            }
            findings.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Style};
    use crate::lint::{lint, Applicability, Finding};

    fn findings(source: &str, style: Style) -> Vec<Finding> {
        let mut config = Config::only("date/numeric-ambiguous");
        config.style = style;
        lint(source, &config).findings
    }

    #[test]
    fn ambiguous_dates_offer_both_readings() {
        let found = findings("Lead paragraph of the story follows here.\n\nThe deadline is 11/05/2024 and 13/02/2019.\n", Style::Ap);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].fixes.len(), 2);
        assert_eq!(found[0].fixes[0].title, "Replace with `Nov. 5, 2024`");
        assert_eq!(found[0].fixes[1].title, "Replace with `May 11, 2024`");
        assert_eq!(found[1].fixes[0].applicability, Applicability::Safe);
        assert_eq!(found[1].fixes[0].title, "Replace with `Feb. 13, 2019`");
        let guardian = findings(
            "Lead paragraph of the story follows here.\n\nThe deadline is 11/05/2024.\n",
            Style::Guardian,
        );
        assert_eq!(guardian[0].fixes[0].title, "Replace with `11 May 2024`");
    }

    #[test]
    fn leaves_non_dates_alone() {
        let found = findings("Lead paragraph of the story follows here.\n\nAfter 9/11, open 24/7, a 50/50 split, 3/4 mile, fiscal 2013/14, version 1.2.3, version 1.12.2019, score 3-2, call 555-12-2019, and “on 11/05/2024” said he.\n", Style::Ap);
        assert!(found.is_empty(), "{found:#?}");
    }
}
