//! `date/order`: day and month in the order the profile does not use.

use super::profile::{profile, DateOrder};
use super::scan::{self, Shape};
use super::{format_severity, quoted};
use crate::declare_rule;
use crate::lint::{BlockContext, Edit, Finding, Fix, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Enforces the profile's order of a worded date: month–day–year under AP
    /// (`4 February 2019` → `Feb. 4, 2019`), day–month–year under the Guardian
    /// (`February 4, 2019` → `4 February 2019`). The month is a word, so the rewrite is
    /// certain. A day–month date without a year counts only after `on`, `by`, `until` and
    /// the like, or next to a weekday, so "about 5 May be" and "10 March" used as a
    /// count are left alone. Dates with an ordinal suffix are `date/ordinal`'s.
    ///
    /// ## Why is this bad?
    /// A story that mixes "4 February" and "Feb. 4" reads as two writers' copy pasted
    /// together; every style guide fixes one order.
    ///
    /// ## Example
    /// ```markdown
    /// The treaty was signed on 8 December 1987.
    /// ```
    /// Use instead (AP):
    /// ```markdown
    /// The treaty was signed on Dec. 8, 1987.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: day, month and year are unchanged; only their order and punctuation change.
    ///
    /// ## References
    /// AP Stylebook, "dates"; Guardian style guide, "dates"; spec §A.2 `date/order`.
    pub struct Order {
        id: "date/order",
        summary: "Day and month in the wrong order for the house style",
        severity: Warning,
        fix: Always,
        scope: Block,
    }
}

impl Rule for Order {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        super::check_outside_stamps(ctx, findings, |out| self.check(ctx, out));
    }
}

impl Order {
    fn check(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        let Some(severity) = format_severity(ctx, Self::META.default_severity) else {
            return;
        };
        let text = ctx.text();
        let profile = profile(ctx.config.style);
        let wrong_shape = match profile.order {
            DateOrder::MonthDayYear => Shape::DayMonth,
            DateOrder::DayMonthYear => Shape::MonthDay,
        };
        for date in scan::dates_in(ctx).0.iter().cloned() {
            let Some(day) = date.day.as_ref() else {
                continue;
            };
            if date.shape != wrong_shape
                || date.suffix.is_some()
                || date.embed_stamp
                || quoted(ctx, date.range.clone())
            {
                continue;
            }
            let house = profile.format_date(
                date.month.month,
                day.value as i8,
                date.year.as_ref().map(|y| y.value as i16),
            );
            let written = &text[date.range.clone()];
            findings.push(
                Finding::new(
                    &Self::META,
                    ctx.span(date.range.clone()),
                    format!("Date `{written}` is not in house order"),
                )
                .with_severity(severity)
                .with_fix(Fix::safe(
                    format!("Replace with `{house}`"),
                    Edit::replace(ctx.span(date.range.clone()), house),
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Style};
    use crate::lint::fix::{fix_text, FixMode};

    fn fixed(source: &str, style: Style) -> String {
        let mut config = Config::only("date/order");
        config.style = style;
        fix_text(source, &config, FixMode::Safe).text
    }

    #[test]
    fn reorders_for_each_profile() {
        let lead = "Lead paragraph of the story follows here.\n\n";
        assert_eq!(
            fixed(
                &format!("{lead}It was signed on 8 December 1987 and ratified by 27 May.\n"),
                Style::Ap
            ),
            format!("{lead}It was signed on Dec. 8, 1987 and ratified by May 27.\n")
        );
        assert_eq!(
            fixed(
                &format!("{lead}It was signed on December 8, 1987, and ratified May 27.\n"),
                Style::Guardian
            ),
            format!("{lead}It was signed on 8 December 1987, and ratified 27 May.\n")
        );
    }

    #[test]
    fn leaves_counts_and_house_forms() {
        let source = "Lead paragraph of the story follows here.\n\nAbout 10 March marchers came; the vote on Feb. 4, 2019, stood, and “on 4 February” was quoted.\n";
        assert_eq!(fixed(source, Style::Ap), source);
    }
}
