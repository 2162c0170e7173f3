//! `date/invalid`: dates that do not exist (`Feb. 30`, `April 31`, `Feb. 29, 2019`).

use super::scan::{self, NumericKind};
use crate::analysis::dates::CivilDate;
use crate::declare_rule;
use crate::lint::{BlockContext, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a date whose day is beyond the month's length (`Feb. 30`, `April 31`), a
    /// Feb. 29 in a year that is not a leap year, and numeric dates that no reading makes
    /// valid (`2019-13-05`, `02/30/2019`). A Feb. 29 without a year is accepted. Runs in
    /// every zone, quotations included.
    ///
    /// ## Why is this bad?
    /// An impossible date is a factual error: something in the reporting went wrong.
    ///
    /// ## Example
    /// ```markdown
    /// The contract expired on April 31.
    /// ```
    /// Use instead: check the source and write the real date, such as `April 30`.
    ///
    /// ## References
    /// Spec §A.2 `date/invalid`.
    pub struct Invalid {
        id: "date/invalid",
        summary: "Date that does not exist",
        severity: Error,
        fix: None,
        scope: Block,
    }
}

impl Rule for Invalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        if ctx.block.in_table {
            return;
        }
        let text = ctx.text();
        for date in scan::dates_in(ctx).0.iter().cloned() {
            let Some(day) = date.day.as_ref() else {
                continue;
            };
            // Without a year, Feb. 29 may be a leap day: test against a leap year.
            let year = date.year.as_ref().map_or(2000, |y| y.value as i16);
            if CivilDate::new(year, date.month.month, day.value as i8).is_ok() {
                continue;
            }
            let length = CivilDate::new(year, date.month.month, 1)
                .map(|d| d.days_in_month())
                .unwrap_or(31);
            let month_name =
                super::profile::profile(crate::config::Style::Ap).month_alone(date.month.month);
            let detail = match &date.year {
                Some(y) if date.month.month == 2 && day.value == 29 => {
                    format!("{} is not a leap year", y.value)
                }
                Some(y) => format!("{month_name} {} has {length} days", y.value),
                None => format!("{month_name} has {length} days"),
            };
            let written = &text[date.range.clone()];
            findings.push(Finding::new(
                &Self::META,
                ctx.span(date.range.clone()),
                format!("`{written}` is not a date: {detail}"),
            ));
        }
        for numeric in scan::numeric_dates_in(ctx).0.iter().cloned() {
            let plausible = match numeric.kind {
                NumericKind::Iso => (1..=31).contains(&numeric.second) && numeric.first >= 1,
                _ => {
                    (1..=31).contains(&numeric.first)
                        && (1..=31).contains(&numeric.second)
                        && (numeric.first <= 12 || numeric.second <= 12)
                        && numeric.year_digits == 4
                }
            };
            if !plausible || !numeric.readings().is_empty() {
                continue;
            }
            let written = &text[numeric.range.clone()];
            findings.push(Finding::new(
                &Self::META,
                ctx.span(numeric.range.clone()),
                format!("`{written}` is not a date in any reading"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {

    fn rules_hit(source: &str) -> Vec<String> {
        crate::lint::flagged_text(source, "date/invalid")
    }

    #[test]
    fn flags_impossible_dates() {
        let hits = rules_hit("Lead paragraph of the story follows here.\n\nOn Feb. 30 and April 31 and Feb. 29, 2019, and 2019-13-05 and 02/30/2019.\n");
        assert_eq!(
            hits,
            [
                "Feb. 30",
                "April 31",
                "Feb. 29, 2019",
                "2019-13-05",
                "02/30/2019"
            ]
        );
    }

    #[test]
    fn accepts_real_dates() {
        let hits = rules_hit("Lead paragraph of the story follows here.\n\nOn Feb. 29, 2020, Feb. 29, April 30, 9/11, 24/7, 2013/14 and 12/31/2019.\n");
        assert!(hits.is_empty(), "{hits:?}");
    }
}
