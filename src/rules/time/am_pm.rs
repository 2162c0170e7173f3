//! `time/am-pm`: clock times not in the house form (`4:23am`, `4:00 PM`).

use crate::declare_rule;
use crate::lint::{BlockContext, Finding, Fix, Rule, RuleMeta};
use crate::rules::date::profile::profile;
use crate::rules::date::{format_severity, quoted, scan, time_house_form};

declare_rule! {
    /// ## What it does
    /// Rewrites a clock time with an a.m./p.m. marker in the house form. AP: lower-case
    /// `a.m.`/`p.m.` with periods, a space after the figure, and no `:00` on the hour
    /// (`4:23am`, `4:23 AM`, `4:23 A.M.` → `4:23 a.m.`; `4:00 p.m.` → `4 p.m.`). Guardian:
    /// `4.23pm`, `10am`. A colon number without a marker (`2:1`, `3:30 left`) is a ratio or
    /// a clock reading and is not touched; `12 p.m.`/`12 a.m.` are `time/noon-midnight`'s.
    ///
    /// ## Why is this bad?
    /// Consistent time forms are one of the first things a copy desk fixes.
    ///
    /// ## Example
    /// ```markdown
    /// The polls close at 8:00 PM and open at 6:30am.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The polls close at 8 p.m. and open at 6:30 a.m.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the time stays the same; only its written form changes.
    ///
    /// ## References
    /// AP Stylebook, "a.m., p.m." and "times"; Guardian style guide, "times".
    pub struct AmPm {
        id: "time/am-pm",
        summary: "Clock time not in the house form",
        severity: Warning,
        fix: Always,
        scope: Block,
    }
}

impl Rule for AmPm {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        crate::rules::date::check_outside_stamps(ctx, findings, |out| self.check(ctx, out));
    }
}

impl AmPm {
    fn check(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        let Some(severity) = format_severity(ctx, Self::META.default_severity) else {
            return;
        };
        let text = ctx.text();
        let profile = profile(ctx.config.style);
        for time in scan::times_in(ctx).0.iter().cloned() {
            if time.meridiem.is_none() || quoted(ctx, time.range.clone()) {
                continue;
            }
            if time.hour == 12 && time.minute.unwrap_or(0) == 0 {
                continue;
            }
            let Some(house) = time_house_form(profile, &time) else {
                continue;
            };
            let written = &text[time.range.clone()];
            let same = written == house
                || (written.ends_with('.')
                    && !house.ends_with('.')
                    && written.trim_end_matches('.') == house);
            if same {
                continue;
            }
            // A zone after the time belongs to it (`4:23am EST` → `4:23 a.m. EST`): the
            // finding and the edit take it in, so the whole expression is rewritten.
            let (range, replacement) = match &time.zone {
                Some((zone_range, _)) => (
                    time.range.start..zone_range.end,
                    format!("{house}{}", &text[time.range.end..zone_range.end]),
                ),
                None => (time.range.clone(), house.clone()),
            };
            findings.push(
                Finding::new(
                    &Self::META,
                    ctx.span(range.clone()),
                    format!("Time written as `{written}`"),
                )
                .with_severity(severity)
                .with_fix(Fix::safe(
                    format!("Replace with `{replacement}`"),
                    super::time_edit(ctx, range, &replacement),
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
        let mut config = Config::only("time/am-pm");
        config.style = style;
        fix_text(source, &config, FixMode::Safe).text
    }

    #[test]
    fn ap_forms() {
        let lead = "Lead paragraph of the story follows here.\n\n";
        assert_eq!(
            fixed(
                &format!(
                    "{lead}At 4:23am EST, 4:23 AM, 4:23 A.M. and 4:00 p.m. it ended at 9 PM.\n"
                ),
                Style::Ap
            ),
            format!("{lead}At 4:23 a.m. EST, 4:23 a.m., 4:23 a.m. and 4 p.m. it ended at 9 p.m.\n")
        );
    }

    #[test]
    fn cms_stamp_lines_are_info() {
        let config = Config::only("time/am-pm");
        let source = "Lead paragraph of the story follows here.\n\nPosted: Thursday, Oct. 17, 2013, 8:09 PM\nThe vote is at 8:09 PM, officials said.\n";
        let findings = crate::lint::lint(source, &config).findings;
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].severity, crate::lint::Severity::Info);
        assert_eq!(findings[1].severity, crate::lint::Severity::Warning);
    }

    #[test]
    fn guardian_forms_and_ratios() {
        let lead = "Lead paragraph of the story follows here.\n\n";
        assert_eq!(
            fixed(&format!("{lead}It opens at 10 a.m. and closes at 4:30 p.m. The score was 2:1 with 3:30 left.\n"), Style::Guardian),
            format!("{lead}It opens at 10am and closes at 4.30pm. The score was 2:1 with 3:30 left.\n")
        );
        let ok =
            format!("{lead}The score was 2:1 with 3:30 left at 4 p.m. and “4:23am” was quoted.\n");
        assert_eq!(fixed(&ok, Style::Ap), ok);
    }
}
