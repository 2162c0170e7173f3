//! `time/noon-midnight`: `12 noon`, `12 p.m.`, `12 midnight`, `12 a.m.`.

use crate::declare_rule;
use crate::lint::{BlockContext, Finding, Fix, Rule, RuleMeta};
use crate::rules::date::profile::profile;
use crate::rules::date::{format_severity, quoted, scan};

declare_rule! {
    /// ## What it does
    /// Flags `12 noon`, `12 p.m.` and `12:00 p.m.` (→ `noon`) and `12 midnight`, `12 a.m.`
    /// and `12:00 a.m.` (→ `midnight`). `12:30 p.m.` is a normal time and is left to
    /// `time/am-pm`. The Guardian profile also accepts `midday`.
    ///
    /// ## Why is this bad?
    /// `12 noon` is redundant, and `12 a.m.`/`12 p.m.` are the two times readers most
    /// often get wrong. The words are unambiguous.
    ///
    /// ## Example
    /// ```markdown
    /// The market opens at 12 noon and closes at 12 a.m.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The market opens at noon and closes at midnight.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: 12 p.m. is noon and 12 a.m. is midnight by definition.
    ///
    /// ## References
    /// AP Stylebook, "noon" and "midnight".
    pub struct NoonMidnight {
        id: "time/noon-midnight",
        summary: "Noon or midnight written with 12",
        severity: Warning,
        fix: Always,
        scope: Block,
    }
}

impl Rule for NoonMidnight {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        crate::rules::date::check_outside_stamps(ctx, findings, |out| self.check(ctx, out));
    }
}

impl NoonMidnight {
    fn check(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        let Some(severity) = format_severity(ctx, Self::META.default_severity) else {
            return;
        };
        let text = ctx.text();
        let style = &profile(ctx.config.style).time;
        for time in scan::times_in(ctx).0.iter().cloned() {
            if quoted(ctx, time.range.clone()) {
                continue;
            }
            let replacement = if let Some(word) = &time.word {
                // A bare `noon` needs nothing; `12 noon` loses the figure.
                if word.start == time.range.start {
                    continue;
                }
                let written_word = &text[word.clone()];
                if written_word == "midnight" {
                    style.midnight
                } else if written_word == style.noon
                    || style.noon_alternatives.contains(&written_word)
                {
                    if written_word == style.noon {
                        style.noon
                    } else {
                        style.noon_alternatives[0]
                    }
                } else {
                    style.noon
                }
            } else if time.hour == 12 && time.minute.unwrap_or(0) == 0 {
                let Some(meridiem) = &time.meridiem else {
                    continue;
                };
                if meridiem.pm {
                    style.noon
                } else {
                    style.midnight
                }
            } else {
                continue;
            };
            let written = &text[time.range.clone()];
            findings.push(
                Finding::new(
                    &Self::META,
                    ctx.span(time.range.clone()),
                    format!("`{written}` written with 12"),
                )
                .with_severity(severity)
                .with_fix(Fix::safe(
                    format!("Replace with `{replacement}`"),
                    super::time_edit(ctx, time.range.clone(), replacement),
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
        let config = Config::only("time/noon-midnight");
        fix_text(source, &config, FixMode::Safe).text
    }

    #[test]
    fn rewrites_twelve() {
        let lead = "Lead paragraph of the story follows here.\n\n";
        assert_eq!(
            fixed(&format!("{lead}From 12 noon to 12 midnight, then 12 p.m. and 12:00 AM, not 12:30 p.m. It ends at 12 PM.\n")),
            format!("{lead}From noon to midnight, then noon and midnight, not 12:30 p.m. It ends at noon.\n")
        );
    }
}
