//! `date/weekday-mismatch`: a weekday written next to a date that falls on another day.

use super::scan::{self, TextDate};
use super::{
    add_days, candidate_dates, days_between, infer_date, quoted, reference_origin, sentence_at,
    tense_of,
};

/// Year-less dates this close to the reference date are plausible readings.
const PLAUSIBLE_DAYS: i64 = 200;
use crate::analysis::dates::CivilDate;
use crate::declare_rule;
use crate::lint::{BlockContext, Edit, Finding, Fix, Rule, RuleMeta, Severity};

declare_rule! {
    /// ## What it does
    /// Checks a weekday written next to a date (`Friday, April 9, 2025`, `Sat., Feb. 2`,
    /// `Feb. 2 (Saturday)`, `2 February 2019, a Saturday`, `2019-02-02 (Sat)`) against the calendar. When the
    /// date has no year, the year comes from the story's reference date (front matter,
    /// byline or dateline) as spec §A.3 describes, and the finding is a warning that names
    /// the assumed year; if the weekday matches the date in the inferred year or in any
    /// year that puts it within about six months of the reference date, or there is no
    /// reference date, the rule stays silent.
    ///
    /// ## Why is this bad?
    /// One of the two is wrong, and readers will notice. Which one is wrong only the
    /// reporter knows.
    ///
    /// ## Example
    /// ```markdown
    /// The hearing is set for Friday, April 9, 2025.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The hearing is set for Wednesday, April 9, 2025.
    /// ```
    /// or `Friday, April 11, 2025`.
    ///
    /// ## Fix safety
    /// Both fixes are suggestions, never applied automatically: one changes the weekday,
    /// the other moves the date to the nearest day with that weekday. Following the
    /// LanguageTool maintainers, the rule does not assume which part is wrong.
    ///
    /// ## References
    /// Spec §A.2 `date/weekday-mismatch`, §A.3.
    pub struct WeekdayMismatch {
        id: "date/weekday-mismatch",
        summary: "Weekday does not match the date",
        severity: Error,
        fix: Sometimes,
        scope: Block,
    }
}

impl Rule for WeekdayMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        if ctx.block.in_table {
            return;
        }
        let text = ctx.text();
        for date in scan::dates_in(ctx).0.iter().cloned() {
            let (Some(weekday), Some(day)) = (date.weekday.as_ref(), date.day.as_ref()) else {
                continue;
            };
            let (civil, inferred) = if date.year.is_some() {
                let Some(civil) = date.civil() else { continue };
                (civil, false)
            } else {
                let Some(reference) = ctx.info.reference_date else {
                    continue;
                };
                let tense = tense_of(&text[sentence_at(ctx, date.range.start)]);
                let Some(civil) =
                    infer_date(reference.date, date.month.month, day.value as i8, tense)
                else {
                    continue;
                };
                // The tense cue may be wrong: stay silent when the weekday fits the date in
                // any year that puts it within about six months of the story.
                let plausible = candidate_dates(reference.date, date.month.month, day.value as i8)
                    .into_iter()
                    .filter(|d| days_between(*d, reference.date).abs() <= PLAUSIBLE_DAYS);
                if plausible
                    .chain(std::iter::once(civil))
                    .any(|d| d.weekday() == weekday.weekday)
                {
                    continue;
                }
                (civil, true)
            };
            if civil.weekday() == weekday.weekday {
                continue;
            }
            let actual = scan::weekday_name(civil.weekday());
            let written_weekday = &text[weekday.range.clone()];
            let written_date = &text[date.range.clone()];
            let start = weekday.range.start.min(date.range.start);
            let end = weekday.range.end.max(date.range.end);
            let mut message =
                format!("`{written_weekday}` does not match `{written_date}`, which is a {actual}");
            if inferred {
                message.push_str(&format!(
                    " in {} (year from {})",
                    civil.year(),
                    reference_origin(ctx)
                ));
            }
            let mut finding = Finding::new(&Self::META, ctx.span(start..end), message)
                .with_severity(if inferred {
                    Severity::Warning
                } else {
                    Severity::Error
                });
            if !quoted(ctx, start..end) {
                let new_weekday = if weekday.abbreviated {
                    let abbreviation = scan::weekday_abbreviation(civil.weekday());
                    if written_weekday.ends_with('.') {
                        abbreviation
                    } else {
                        abbreviation.trim_end_matches('.').to_string()
                    }
                } else {
                    actual.to_string()
                };
                finding = finding.with_fix(Fix::suggestion(
                    format!("Change the weekday to `{new_weekday}`"),
                    Edit::replace(ctx.span(weekday.range.clone()), new_weekday),
                ));
                if let Some(fix) = move_date_fix(ctx, &date, civil, weekday.weekday) {
                    finding = finding.with_fix(fix);
                }
            }
            findings.push(finding);
        }
        self.check_iso(ctx, findings);
    }
}

impl WeekdayMismatch {
    /// `2019-02-02 (Sat)`: an ISO date has its year, so a mismatch is always an error.
    fn check_iso(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        let text = ctx.text();
        for numeric in scan::numeric_dates_in(ctx).0.iter().cloned() {
            if numeric.kind != scan::NumericKind::Iso || numeric.timestamp {
                continue;
            }
            let Some(weekday) = scan::weekday_near(text, numeric.range.clone()) else {
                continue;
            };
            let Some(civil) = numeric.readings().first().copied() else {
                continue;
            };
            if civil.weekday() == weekday.weekday {
                continue;
            }
            let actual = scan::weekday_name(civil.weekday());
            let written_weekday = &text[weekday.range.clone()];
            let written_date = &text[numeric.range.clone()];
            let start = weekday.range.start.min(numeric.range.start);
            let end = weekday.range.end.max(numeric.range.end);
            let mut finding = Finding::new(
                &Self::META,
                ctx.span(start..end),
                format!("`{written_weekday}` does not match `{written_date}`, which is a {actual}"),
            );
            if !quoted(ctx, start..end) {
                let new_weekday = if weekday.abbreviated {
                    let abbreviation = scan::weekday_abbreviation(civil.weekday());
                    if written_weekday.ends_with('.') {
                        abbreviation
                    } else {
                        abbreviation.trim_end_matches('.').to_string()
                    }
                } else {
                    actual.to_string()
                };
                finding = finding.with_fix(Fix::suggestion(
                    format!("Change the weekday to `{new_weekday}`"),
                    Edit::replace(ctx.span(weekday.range.clone()), new_weekday),
                ));
                let target = (-3..=3)
                    .filter_map(|delta| add_days(civil, delta))
                    .find(|d| d.weekday() == weekday.weekday);
                if let Some(target) = target {
                    finding = finding.with_fix(Fix::suggestion(
                        format!("Move the date to `{target}`"),
                        Edit::replace(ctx.span(numeric.range.clone()), target.to_string()),
                    ));
                }
            }
            findings.push(finding);
        }
    }
}

/// The suggestion that keeps the weekday and moves the date to the nearest day that
/// falls on it (at most three days away), editing only the parts that change.
fn move_date_fix(
    ctx: &BlockContext<'_>,
    date: &TextDate,
    civil: CivilDate,
    weekday: jiff::civil::Weekday,
) -> Option<Fix> {
    let target = (-3..=3)
        .filter_map(|delta| add_days(civil, delta))
        .find(|d| d.weekday() == weekday)?;
    let text = ctx.text();
    let day = date.day.as_ref()?;
    let mut edits = vec![Edit::replace(
        ctx.span(day.range.clone()),
        target.day().to_string(),
    )];
    if target.month() != civil.month() {
        let profile = super::profile::profile(ctx.config.style);
        let month = if date.month.full {
            profile.month_alone(target.month())
        } else {
            profile.month_with_day(target.month())
        };
        edits.push(Edit::replace(ctx.span(date.month.range.clone()), month));
    }
    if let Some(year) = date.year.as_ref() {
        if target.year() != civil.year() {
            edits.push(Edit::replace(
                ctx.span(year.range.clone()),
                target.year().to_string(),
            ));
        }
    }
    edits.sort_by_key(|e| e.span.start);
    let mut preview = String::new();
    let mut pos = date.range.start;
    for edit in &edits {
        let relative = edit.span.start - ctx.block.span.start;
        preview.push_str(&text[pos..relative]);
        preview.push_str(&edit.new_text);
        pos = edit.span.end - ctx.block.span.start;
    }
    preview.push_str(&text[pos..date.range.end]);
    Some(Fix {
        title: format!("Move the date to `{preview}`"),
        applicability: crate::lint::Applicability::Suggestion,
        edits,
        snippet_placeholder: None,
    })
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::lint::fix::apply_edits;
    use crate::lint::{lint, Finding, Severity};

    fn findings(source: &str) -> Vec<Finding> {
        let config = Config::only("date/weekday-mismatch");
        lint(source, &config).findings
    }

    #[test]
    fn explicit_year_mismatch_offers_both_fixes() {
        let source = "Lead paragraph of the story follows here.\n\nThe hearing is set for Friday, April 9, 2025.\n";
        let found = findings(source);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        let fixes: Vec<String> = found[0]
            .fixes
            .iter()
            .map(|f| apply_edits(source, &f.edits))
            .collect();
        assert!(fixes[0].contains("Wednesday, April 9, 2025"));
        assert!(fixes[1].contains("Friday, April 11, 2025"));
    }

    #[test]
    fn inferred_year_uses_the_dateline() {
        let source = "Headline\n\nBy Jane Doe | February 4, 2019\n\nThey met on Friday, Feb. 2 and Sat., Feb. 2, and on Feb. 3 (Sunday), not Feb. 2 (Sunday).\n";
        let found = findings(source);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].message.contains("2019"));
        let moved = apply_edits(source, &found[0].fixes[1].edits);
        assert!(moved.contains("Friday, Feb. 1 and"));
    }

    #[test]
    fn iso_dates_with_weekdays() {
        let found = findings("Lead paragraph of the story follows here.\n\nLogged 2019-02-02 (Fri) and 2019-02-03 (Sun).\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].fixes.len(), 2);
        assert_eq!(found[0].fixes[1].title, "Move the date to `2019-02-01`");
    }

    #[test]
    fn silent_without_reference_or_on_matching_days() {
        assert!(findings(
            "Lead paragraph of the story follows here.\n\nThey met on Friday, Feb. 2.\n"
        )
        .is_empty());
        assert!(findings("Lead paragraph of the story follows here.\n\nOn Saturday, February 2, 2019, and Dec. 31, 2019 (Tuesday).\n").is_empty());
    }
}
