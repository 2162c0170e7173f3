//! `date/relative`: `yesterday`, `tomorrow`, `last Tuesday` in news copy (AP).

use super::profile::profile;
use super::scan;
use super::{add_days, format_severity, quoted};
use crate::declare_rule;
use crate::lint::{BlockContext, Edit, Finding, Fix, Rule, RuleMeta};
use crate::re::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it does
    /// Under AP, flags `yesterday` and `tomorrow`, and `last`/`next` before a weekday, in
    /// news copy. With a reference date (front matter or dateline) the fix names the day:
    /// `yesterday` in a story dated Monday becomes `Sunday`; `last Tuesday` becomes
    /// `Tuesday`, or the date when that Tuesday is a week back. Quotations are skipped,
    /// as are "the day before yesterday" and "of tomorrow". Off in the Guardian profile.
    ///
    /// ## Why is this bad?
    /// Copy is read after the day it was written; "yesterday" goes stale, the weekday does
    /// not. AP uses the weekday for the seven days around publication.
    ///
    /// ## Example
    /// ```markdown
    /// The council voted yesterday and meets again next Tuesday.
    /// ```
    /// Use instead (story dated Monday, Feb. 4, 2019):
    /// ```markdown
    /// The council voted Sunday and meets again Tuesday.
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the weekday is computed from the story's reference date, which is only as
    /// right as the dateline, and the writer may have meant a different day.
    ///
    /// ## References
    /// AP Stylebook, "today, tonight" and "yesterday"; spec §A.2 `date/relative`.
    pub struct Relative {
        id: "date/relative",
        summary: "Relative day in news copy",
        severity: Info,
        fix: Sometimes,
        scope: Block,
    }
}

static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"\b(?:(?P<day>[Yy]esterday|[Tt]omorrow)|(?P<rel>[Ll]ast|[Nn]ext)\s+(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b")
        .expect("valid relative regex")
});

impl Rule for Relative {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        super::check_outside_stamps(ctx, findings, |out| self.check(ctx, out));
    }
}

impl Relative {
    fn check(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        let Some(severity) = format_severity(ctx, Self::META.default_severity) else {
            return;
        };
        let profile = profile(ctx.config.style);
        if !profile.flag_relative_days {
            return;
        }
        let text = ctx.text();
        let reference = ctx.info.reference_date.map(|r| r.date);
        for caps in RELATIVE.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            if quoted(ctx, whole.range()) {
                continue;
            }
            let before = scan::previous_word(text, whole.start()).map(|w| w.to_ascii_lowercase());
            if matches!(before.as_deref(), Some("before" | "after" | "of" | "than")) {
                continue;
            }
            if caps.name("day").is_some() && figurative_possessive(&text[whole.end()..]) {
                continue;
            }
            let written = whole.as_str();
            let replacement = if let Some(day) = caps.name("day") {
                let offset = if day.as_str().eq_ignore_ascii_case("yesterday") {
                    -1
                } else {
                    1
                };
                reference
                    .and_then(|r| add_days(r, offset))
                    .map(|d| scan::weekday_name(d.weekday()).to_string())
            } else {
                let Some((weekday, _)) = scan::parse_weekday(&caps["wd"]) else {
                    continue;
                };
                let past = caps["rel"].eq_ignore_ascii_case("last");
                match reference {
                    Some(r) => {
                        let target = if past {
                            r.nth_weekday(-1, weekday).ok()
                        } else {
                            r.nth_weekday(1, weekday).ok()
                        };
                        target.map(|d| {
                            if super::days_between(d, r).abs() >= 7 {
                                profile.format_date(d.month(), d.day(), None)
                            } else {
                                scan::weekday_name(weekday).to_string()
                            }
                        })
                    }
                    None => Some(scan::weekday_name(weekday).to_string()),
                }
            };
            let mut finding = Finding::new(
                &Self::META,
                ctx.span(whole.range()),
                format!("`{written}` in news copy: AP names the day"),
            )
            .with_severity(severity);
            if let Some(replacement) = replacement {
                finding = finding.with_fix(Fix::unsafe_edit(
                    format!("Replace with `{replacement}`"),
                    Edit::replace(ctx.span(whole.range()), replacement),
                ));
            }
            findings.push(finding);
        }
    }
}

/// Nouns after `tomorrow's`/`yesterday's` that mean "of the future/past", not a day.
const FIGURATIVE_NOUNS: [&str; 20] = [
    "leaders",
    "world",
    "workforce",
    "generation",
    "technology",
    "technologies",
    "jobs",
    "workers",
    "children",
    "economy",
    "cities",
    "innovators",
    "engineers",
    "scientists",
    "problems",
    "challenges",
    "solutions",
    "news",
    "heroes",
    "talent",
];

/// True for `’s leaders` and the like after `tomorrow`/`yesterday`.
fn figurative_possessive(rest: &str) -> bool {
    let Some(after) = rest.strip_prefix("'s").or_else(|| rest.strip_prefix("’s")) else {
        return false;
    };
    let word: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    FIGURATIVE_NOUNS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Style};
    use crate::lint::fix::{fix_text, FixMode};
    use crate::lint::lint;

    fn config(style: Style) -> Config {
        let mut config = Config::only("date/relative");
        config.style = style;
        config
    }

    #[test]
    fn names_the_day_from_the_dateline() {
        let source = "Headline\n\nBy Jane Doe | Feb. 4, 2019\n\nThe council voted yesterday and meets next Tuesday, not last Monday, the day before yesterday, tomorrow's leaders or “tomorrow.”\n";
        assert_eq!(lint(source, &config(Style::Ap)).findings.len(), 3);
        assert_eq!(
            fix_text(source, &config(Style::Ap), FixMode::Unsafe).text,
            "Headline\n\nBy Jane Doe | Feb. 4, 2019\n\nThe council voted Sunday and meets Tuesday, not Jan. 28, the day before yesterday, tomorrow's leaders or “tomorrow.”\n"
        );
        assert!(lint(source, &config(Style::Guardian)).findings.is_empty());
    }
}
