//! `date/iso-in-body`: ISO 8601 dates (`2019-02-04`) in prose.

use super::profile::profile;
use super::scan::{self, NumericKind};
use super::{format_severity, quoted};
use crate::declare_rule;
use crate::lint::{BlockContext, Edit, Finding, Fix, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an ISO date (`2019-02-04`) in prose and rewrites it in the house form
    /// (`Feb. 4, 2019`; Guardian `4 February 2019`). An ISO timestamp
    /// (`2019-02-04T09:23Z`) is flagged without a fix, since the time would need a zone
    /// policy. Front matter, code, URLs, file names (`report-2019-02-04.pdf`), tables and
    /// "retrieved/accessed" citations are left alone.
    ///
    /// ## Why is this bad?
    /// ISO dates are for machines; readers of news copy expect the month as a word.
    ///
    /// ## Example
    /// ```markdown
    /// The report was filed on 2019-02-04.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The report was filed on Feb. 4, 2019.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: an ISO date has one reading, and the fix writes the same date in words.
    ///
    /// ## References
    /// Spec §A.2 `date/iso-in-body`.
    pub struct IsoInBody {
        id: "date/iso-in-body",
        summary: "ISO date in prose",
        severity: Warning,
        fix: Sometimes,
        scope: Block,
    }
}

impl Rule for IsoInBody {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        super::check_outside_stamps(ctx, findings, |out| self.check(ctx, out));
    }
}

impl IsoInBody {
    fn check(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        let Some(severity) = format_severity(ctx, Self::META.default_severity) else {
            return;
        };
        let text = ctx.text();
        let profile = profile(ctx.config.style);
        for numeric in scan::numeric_dates_in(ctx).0.iter().cloned() {
            if numeric.kind != NumericKind::Iso || quoted(ctx, numeric.range.clone()) {
                continue;
            }
            let citation = scan::previous_word(text, numeric.range.start).is_some_and(|w| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "retrieved" | "accessed" | "archived"
                )
            });
            let readings = numeric.readings();
            let (Some(date), false) = (readings.first(), citation) else {
                continue;
            };
            let written = &text[numeric.range.clone()];
            let house = profile.format_date(date.month(), date.day(), Some(date.year()));
            let mut finding = Finding::new(
                &Self::META,
                ctx.span(numeric.range.clone()),
                format!("ISO date `{written}` in prose"),
            )
            .with_severity(severity);
            if !numeric.timestamp {
                finding = finding.with_fix(Fix::safe(
                    format!("Replace with `{house}`"),
                    Edit::replace(ctx.span(numeric.range.clone()), house),
                ));
            }
            findings.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::lint::fix::{fix_text, FixMode};
    use crate::lint::lint;

    fn config() -> Config {
        Config::only("date/iso-in-body")
    }

    #[test]
    fn rewrites_iso_dates_in_prose() {
        let source = "Lead paragraph of the story follows here.\n\nFiled on 2019-02-04, at 2019-02-04T09:23Z, see report-2019-02-04.pdf and `2019-02-04`.\n";
        let found = lint(source, &config()).findings;
        assert_eq!(found.len(), 2);
        assert!(found[1].fixes.is_empty());
        assert_eq!(
            fix_text(source, &config(), FixMode::Safe).text,
            "Lead paragraph of the story follows here.\n\nFiled on Feb. 4, 2019, at 2019-02-04T09:23Z, see report-2019-02-04.pdf and `2019-02-04`.\n"
        );
    }
}
