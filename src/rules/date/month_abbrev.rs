//! `date/month-abbrev`: month names abbreviated, or spelled out, against house style.

use super::profile::{profile, DateOrder};
use super::scan::{self, Shape};
use super::{format_severity, quoted, sentence_ends_at};
use crate::declare_rule;
use crate::lint::{BlockContext, Edit, Finding, Fix, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks how a month is written under the house style. AP abbreviates exactly seven
    /// months when a day number follows (`Jan.`, `Feb.`, `Aug.`, `Sept.`, `Oct.`, `Nov.`,
    /// `Dec.`), never abbreviates March through July, and spells every month out when it
    /// stands alone or with a year only. The Guardian profile spells every month out.
    ///
    /// A month word counts only with a day number or year after it (or, for an
    /// abbreviation, a preposition such as `in` before it), so "May" the verb, "Jan" the
    /// name and "March" the noun are left alone. Headlines, subheads, tables and quotations
    /// are skipped; in the byline the finding is `info`.
    ///
    /// ## Why is this bad?
    /// Mixed forms ("Sep. 4", "Sept. 4", "September 4") in one story read as careless copy.
    ///
    /// ## Example
    /// ```markdown
    /// The council met on February 4 and again on Jun. 12, after a vote in Feb. 2019.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The council met on Feb. 4 and again on June 12, after a vote in February 2019.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the replacement changes the spelling of the month only, never the date.
    ///
    /// ## References
    /// AP Stylebook, "months"; Guardian style guide, "dates".
    pub struct MonthAbbrev {
        id: "date/month-abbrev",
        summary: "Month abbreviated or spelled out against house style",
        severity: Warning,
        fix: Always,
        scope: Block,
    }
}

/// Words before a lone abbreviated month that show it names the month.
const MONTH_CONTEXT: [&str; 18] = [
    "in", "of", "since", "until", "through", "early", "late", "mid", "last", "next", "this", "by",
    "from", "to", "between", "before", "after", "during",
];

impl Rule for MonthAbbrev {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        super::check_outside_stamps(ctx, findings, |out| self.check(ctx, out));
    }
}

impl MonthAbbrev {
    fn check(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        let Some(severity) = format_severity(ctx, Self::META.default_severity) else {
            return;
        };
        let text = ctx.text();
        let profile = profile(ctx.config.style);
        for date in scan::dates_in(ctx).0.iter().cloned() {
            let token = &date.month;
            let written = &text[token.range.clone()];
            if date.embed_stamp || quoted(ctx, token.range.clone()) {
                continue;
            }
            let expected = if date.day.is_some() {
                let house_shape = match profile.order {
                    DateOrder::MonthDayYear => Shape::MonthDay,
                    DateOrder::DayMonthYear => Shape::DayMonth,
                };
                // Dates in the other order are `date/ordinal`'s business, except that a
                // profile that never abbreviates still spells the month out (`Sep. 5` →
                // `September 5` under the Guardian profile).
                let never_abbreviates = profile.month_with_day == profile.month_alone;
                if date.shape != house_shape && (token.full || !never_abbreviates) {
                    continue;
                }
                profile.month_with_day(token.month)
            } else {
                if token.full || (date.year.is_none() && !names_lone_month(text, token)) {
                    continue;
                }
                profile.month_alone(token.month)
            };
            if written == expected {
                continue;
            }
            // With a day, the finding and its edit cover the whole date (`February 4, 2019`
            // → `Feb. 4, 2019`), so editors show the date being rewritten. Alone, only the
            // month changes; `in Jan.` ending a sentence keeps its period, which ends the
            // sentence too.
            let (span, edit_range, new_text, message) = if date.day.is_some() {
                let whole = date.range.clone();
                let new_text = format!(
                    "{}{expected}{}",
                    &text[whole.start..token.range.start],
                    &text[token.range.end..whole.end]
                );
                let message = format!("Month written as `{written}` before a day number");
                (whole.clone(), whole, new_text, message)
            } else {
                let mut edit_range = token.range.clone();
                if token.period && sentence_ends_at(text, token.range.end) {
                    edit_range.end -= 1;
                }
                let message = format!("Month written as `{written}` without a day number");
                (
                    token.range.clone(),
                    edit_range,
                    expected.to_string(),
                    message,
                )
            };
            let title = format!("Replace with `{new_text}`");
            findings.push(
                Finding::new(&Self::META, ctx.span(span), message)
                    .with_severity(severity)
                    .with_fix(Fix::safe(
                        title,
                        Edit::replace(ctx.span(edit_range), new_text),
                    )),
            );
        }
    }
}

/// True when an abbreviated month with no day or year still clearly names the month:
/// `in Aug.`, `since Sept`, `mid-Oct.`. `Jan` or `Mar` without a period stays a word.
fn names_lone_month(text: &str, token: &scan::MonthToken) -> bool {
    let written = &text[token.range.clone()];
    let bare = written.trim_end_matches('.');
    let lone_ok = token.period || matches!(bare, "Sept" | "Sep" | "Feb" | "Oct" | "Nov");
    let context = scan::previous_word(text, token.range.start)
        .map(|w| w.to_ascii_lowercase())
        .is_some_and(|w| MONTH_CONTEXT.contains(&w.as_str()));
    let mid_prefix = text[..token.range.start].ends_with("mid-");
    lone_ok && (context || mid_prefix)
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Style};
    use crate::lint::fix::{fix_text, FixMode};
    use crate::lint::{lint, Severity};

    fn only_rule(style: Style) -> Config {
        let mut config = Config::only("date/month-abbrev");
        config.style = style;
        config
    }

    fn fixed(source: &str, style: Style) -> String {
        fix_text(source, &only_rule(style), FixMode::Safe).text
    }

    #[test]
    fn abbreviates_with_a_day_and_spells_out_without() {
        assert_eq!(
            fixed("Lead paragraph of the story follows here.\n\nThey met on February 4, 2019, and on Sep. 5 and Mar. 3, after talks in Feb. 2019 and in Aug.\n", Style::Ap),
            "Lead paragraph of the story follows here.\n\nThey met on Feb. 4, 2019, and on Sept. 5 and March 3, after talks in February 2019 and in August.\n"
        );
    }

    #[test]
    fn leaves_words_names_and_correct_forms_alone() {
        let source = "Lead paragraph of the story follows here.\n\nTheresa May 10 times said they may 4 days. Jan Smith spoke. The March 4 march went ahead on May 5 and June 2019, in Sept. 9 events, and “on February 4” stays.\n";
        let findings = lint(source, &only_rule(Style::Ap)).findings;
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn byline_is_info_and_guardian_spells_out() {
        let source = "Headline Here\n\nBy Jane Doe | February 4, 2019 | 4:23am EST\n\nBody text with a full sentence in it.\n";
        let findings = lint(source, &only_rule(Style::Ap)).findings;
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Info);
        assert_eq!(
            fixed(
                "Lead paragraph of the story follows here.\n\nThe talks on 4 Feb 2019 ended.\n",
                Style::Guardian
            ),
            "Lead paragraph of the story follows here.\n\nThe talks on 4 February 2019 ended.\n"
        );
    }
}
