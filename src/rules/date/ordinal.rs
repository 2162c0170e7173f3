//! `date/ordinal`: `st`/`nd`/`rd`/`th` after a day number in a date.

use super::profile::{profile, DateOrder};
use super::scan::{self, Shape};
use super::{format_severity, quoted};
use crate::declare_rule;
use crate::lint::{BlockContext, Edit, Finding, Fix, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an ordinal suffix on the day of a date (`Feb. 4th`, `the 4th of February`,
    /// `4th February`) and rewrites the date in the house form (`Feb. 4`; Guardian
    /// `4 February`). A day without a month ("by the 15th") and the holiday names
    /// "Fourth of July"/"4th of July" are left alone.
    ///
    /// ## Why is this bad?
    /// AP, Reuters, the Guardian and Chicago all write dates with cardinal figures; the
    /// suffix is noise that copy desks remove.
    ///
    /// ## Example
    /// ```markdown
    /// The deadline is Feb. 4th, and the vote is on the 12th of March.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The deadline is Feb. 4, and the vote is on March 12.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the day, month and year stay the same; only their written form changes.
    ///
    /// ## References
    /// AP Stylebook, "dates"; Guardian style guide, "dates".
    pub struct Ordinal {
        id: "date/ordinal",
        summary: "Ordinal suffix on the day of a date",
        severity: Warning,
        fix: Always,
        scope: Block,
    }
}

impl Rule for Ordinal {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        super::check_outside_stamps(ctx, findings, |out| self.check(ctx, out));
    }
}

impl Ordinal {
    fn check(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        let Some(severity) = format_severity(ctx, Self::META.default_severity) else {
            return;
        };
        let text = ctx.text();
        let profile = profile(ctx.config.style);
        if profile.ordinal_suffix {
            return;
        }
        for date in scan::dates_in(ctx).0.iter().cloned() {
            let (Some(day), Some(suffix)) = (date.day.as_ref(), date.suffix.as_ref()) else {
                continue;
            };
            if date.embed_stamp || quoted(ctx, date.range.clone()) {
                continue;
            }
            if date.month.month == 7 && day.value == 4 && date.shape == Shape::DayOfMonth {
                continue;
            }
            let written = &text[date.range.clone()];
            let house_order = profile.order == DateOrder::MonthDayYear;
            let (edit, replacement) = match date.shape {
                Shape::MonthDay if house_order => {
                    (Edit::delete(ctx.span(suffix.clone())), String::new())
                }
                _ => {
                    let house = profile.format_date(
                        date.month.month,
                        day.value as i8,
                        date.year.as_ref().map(|y| y.value as i16),
                    );
                    (
                        Edit::replace(ctx.span(date.range.clone()), house.clone()),
                        house,
                    )
                }
            };
            let title = if replacement.is_empty() {
                format!("Remove `{}`", &text[suffix.clone()])
            } else {
                format!("Replace with `{replacement}`")
            };
            findings.push(
                Finding::new(
                    &Self::META,
                    ctx.span(date.range.clone()),
                    format!("Ordinal day in date `{written}`"),
                )
                .with_severity(severity)
                .with_fix(Fix::safe(title, edit)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Style};
    use crate::lint::fix::{fix_text, FixMode};

    fn fixed(source: &str, style: Style) -> String {
        let mut config = Config::only("date/ordinal");
        config.style = style;
        fix_text(source, &config, FixMode::Safe).text
    }

    #[test]
    fn removes_suffixes_and_reorders() {
        let lead = "Lead paragraph of the story follows here.\n\n";
        assert_eq!(
            fixed(
                &format!(
                    "{lead}It ends Feb. 4th, and on the 4th of February 2019 and 21st March.\n"
                ),
                Style::Ap
            ),
            format!("{lead}It ends Feb. 4, and on Feb. 4, 2019 and March 21.\n")
        );
        assert_eq!(
            fixed(
                &format!("{lead}It ends on 4th February and February 5th, 2019.\n"),
                Style::Guardian
            ),
            format!("{lead}It ends on 4 February and 5 February 2019.\n")
        );
    }

    #[test]
    fn leaves_holidays_and_lone_days() {
        let source = "Lead paragraph of the story follows here.\n\nThe 4th of July parade is due by the 15th, or on the 21st, and “Feb. 4th” stays.\n";
        assert_eq!(fixed(source, Style::Ap), source);
    }
}
