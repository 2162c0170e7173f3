//! `date/comma`: commas around the year of a full date, and between month and year.

use super::profile::profile;
use super::scan::{self, Shape};
use super::{format_severity, quoted};
use crate::declare_rule;
use crate::lint::{BlockContext, Edit, Finding, Fix, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// In the US profiles, a full date in mid-sentence sets the year off with commas on
    /// both sides (`on Feb. 4, 2019, the board`), so a missing closing comma is flagged.
    /// In every profile, a comma between a month and a year alone is flagged
    /// (`February, 2019` → `February 2019`), as is one in a day–month–year date
    /// (`4 February, 2019` → `4 February 2019`).
    ///
    /// ## Why is this bad?
    /// The year is parenthetical after month and day; leaving one comma off makes the
    /// sentence trip. A month and year alone form one unit and take no comma.
    ///
    /// ## Example
    /// ```markdown
    /// The law took effect on Feb. 4, 2019 after a vote in February, 2018.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The law took effect on Feb. 4, 2019, after a vote in February 2018.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: only a comma is added or removed.
    ///
    /// ## References
    /// AP Stylebook, "dates" and "months".
    pub struct Comma {
        id: "date/comma",
        summary: "Comma missing after the year, or between month and year",
        severity: Info,
        fix: Always,
        scope: Block,
    }
}

impl Rule for Comma {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        super::check_outside_stamps(ctx, findings, |out| self.check(ctx, out));
    }
}

impl Comma {
    fn check(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        let Some(severity) = format_severity(ctx, Self::META.default_severity) else {
            return;
        };
        if ctx.block.zone == crate::document::Zone::Byline {
            return;
        }
        let text = ctx.text();
        let profile = profile(ctx.config.style);
        for date in scan::dates_in(ctx).0.iter().cloned() {
            let Some(year) = date.year.as_ref() else {
                continue;
            };
            if date.embed_stamp || quoted(ctx, date.range.clone()) {
                continue;
            }
            let written = &text[date.range.clone()];
            if date.day.is_none() {
                let Some(comma) = date.year_comma.clone() else {
                    continue;
                };
                if !date.month.full {
                    continue;
                }
                let fixed = format!("{} {}", &text[date.month.range.clone()], year.value);
                findings.push(
                    Finding::new(
                        &Self::META,
                        ctx.span(date.range.clone()),
                        format!("Comma between month and year in `{written}`"),
                    )
                    .with_severity(severity)
                    .with_fix(Fix::safe(
                        format!("Replace with `{fixed}`"),
                        Edit::delete(ctx.span(comma)),
                    )),
                );
                continue;
            }
            if let (Shape::DayMonth, Some(comma)) = (date.shape, date.year_comma.clone()) {
                // `4 February, 2019`: no style puts a comma between month and year here.
                findings.push(
                    Finding::new(
                        &Self::META,
                        ctx.span(date.range.clone()),
                        format!("Comma between month and year in `{written}`"),
                    )
                    .with_severity(severity)
                    .with_fix(Fix::safe(
                        "Remove the comma before the year",
                        Edit::delete(ctx.span(comma)),
                    )),
                );
                continue;
            }
            if !profile.year_commas || date.shape != Shape::MonthDay || date.year_comma.is_none() {
                continue;
            }
            let rest = &text[year.range.end..];
            let mut chars = rest.chars();
            let needs_comma =
                matches!(chars.next(), Some(' ')) && chars.next().is_some_and(char::is_alphabetic);
            if !needs_comma {
                continue;
            }
            findings.push(
                Finding::new(
                    &Self::META,
                    ctx.span(date.range.clone()),
                    format!("No comma after the year in `{written}`"),
                )
                .with_severity(severity)
                .with_fix(Fix::safe(
                    format!("Add a comma after `{}`", year.value),
                    Edit::insert(ctx.abs(year.range.end), ","),
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::lint::fix::{fix_text, FixMode};

    fn fixed(source: &str) -> String {
        let config = Config::only("date/comma");
        fix_text(source, &config, FixMode::Safe).text
    }

    #[test]
    fn adds_and_removes_commas() {
        let lead = "Lead paragraph of the story follows here.\n\n";
        assert_eq!(
            fixed(&format!(
                "{lead}On Feb. 4, 2019 the law passed after a vote in February, 2018.\n"
            )),
            format!("{lead}On Feb. 4, 2019, the law passed after a vote in February 2018.\n")
        );
    }

    #[test]
    fn leaves_correct_forms() {
        let source = "Lead paragraph of the story follows here.\n\nOn Feb. 4, 2019, it passed (Feb. 1, 2019) and on Feb. 4, 2019. In February 2019 and Feb. 4 2019 too.\n";
        assert_eq!(fixed(source), source);
    }
}
