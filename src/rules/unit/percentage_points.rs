//! `unit/percentage-points`: a change between two percentages stated as a percent when
//! the figure is their difference.

use super::eligible;
use super::percent_form::{percentages, BlockPercentages, Percentage};
use crate::declare_rule;
use crate::lint::{BlockContext, Edit, Finding, Fix, Rule, RuleMeta};
use crate::re::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it does
    /// Flags "rose from 5% to 7%, an increase of 2%" (and "fell 3% from 10% to 7%"):
    /// when a sentence gives two percentages and a change whose figure is exactly their
    /// arithmetic difference (and not the relative change), the writer meant percentage
    /// points.
    ///
    /// ## Why is this bad?
    /// A rise from 5% to 7% is an increase of 40%, or of 2 percentage points. "2%" is
    /// wrong by a factor the reader cannot guess.
    ///
    /// ## Example
    /// ```markdown
    /// The jobless rate rose from 5% to 7%, an increase of 2%.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The jobless rate rose from 5% to 7%, an increase of 2 percentage points.
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix rewrites `2%` as `2 percentage points`. The arithmetic is certain,
    /// but it changes what the sentence claims, so a person should confirm it.
    ///
    /// ## References
    /// Spec §B.2; AP Stylebook, "percentages".
    pub struct PercentagePoints {
        id: "unit/percentage-points",
        summary: "Difference of two percentages written as a percent",
        severity: Warning,
        fix: Sometimes,
        scope: Block,
    }
}

static FROM_TO: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i)\bfrom\s+(?:about\s+|roughly\s+|nearly\s+)?$").expect("from")
});

static TO_BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    // Up to 30 word characters, dots, commas or spaces; any non-ASCII character counts as
    // one. (Unicode `\w` repeated 30 times made this one pattern 2.5 MB of automaton.)
    crate::re::compile(r"(?i)^\s+(?:(?:in|at|on|last|this)\s+(?:[0-9A-Za-z_.,\s]|[^\x00-\x7F]){0,30}?)?to\s+(?:about\s+|roughly\s+|nearly\s+)?$").expect("to")
});

static CHANGE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i)\b(?:(?:increase|rise|drop|decrease|decline|fall|jump|gain|climb|reduction|cut|swing|growth|leap|slide|dip)\s+of|rose|fell|increased|decreased|dropped|declined|jumped|climbed|grew|slid|gained|lost|up|down|by)\s+(?:about\s+|roughly\s+|nearly\s+|some\s+|almost\s+)?$").expect("change")
});

impl Rule for PercentagePoints {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        if !eligible(ctx.block) {
            return;
        }
        let text = ctx.text();
        let memo = ctx.memo(|| BlockPercentages(percentages(text, ctx.facts)));
        let all = &memo.0;
        if all.len() < 3 {
            return;
        }
        for sentence in &ctx.facts.sentences {
            let inside: Vec<&Percentage> = all
                .iter()
                .filter(|p| sentence.start <= p.range.start && p.range.end <= sentence.end)
                .collect();
            for pair in inside.windows(2) {
                let (from, to) = (pair[0], pair[1]);
                if !FROM_TO.is_match(&text[sentence.start..from.range.start])
                    || !TO_BETWEEN.is_match(&text[from.range.end..to.range.start])
                {
                    continue;
                }
                let difference = (to.value - from.value).abs();
                let relative = if from.value == 0.0 {
                    f64::NAN
                } else {
                    difference / from.value * 100.0
                };
                for change in &inside {
                    if std::ptr::eq(*change, from) || std::ptr::eq(*change, to) {
                        continue;
                    }
                    if !CHANGE_BEFORE.is_match(&text[sentence.start..change.range.start])
                        || (change.value - difference).abs() > 0.051
                        || (change.value - relative).abs() < 0.51
                        || change.in_quote
                    {
                        continue;
                    }
                    let written = &text[change.range.clone()];
                    let figure = &text[change.figure.clone()];
                    let replacement = format!("{figure} percentage points");
                    let span = ctx.span(change.range.clone());
                    findings.push(
                        Finding::new(
                            &PercentagePoints::META,
                            span,
                            format!(
                                "`{written}` is the difference between `{}` and `{}`: that is percentage points",
                                &text[from.range.clone()],
                                &text[to.range.clone()]
                            ),
                        )
                        .with_fix(Fix::unsafe_edit(
                            format!("Replace with `{replacement}`"),
                            Edit::replace(span, replacement),
                        )),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::lint::fix::{fix_text, FixMode};
    use crate::lint::lint;

    fn config() -> Config {
        Config::only("unit/percentage-points")
    }

    #[test]
    fn flags_difference_written_as_percent() {
        let text = "The jobless rate rose from 5% to 7%, an increase of 2%.";
        assert_eq!(lint(text, &config()).findings.len(), 1);
        assert_eq!(
            fix_text(text, &config(), FixMode::Unsafe).text,
            "The jobless rate rose from 5% to 7%, an increase of 2 percentage points."
        );
        let text = "Support fell 3 percent, from 10 percent in May to 7 percent.";
        assert_eq!(lint(text, &config()).findings.len(), 1);
        // The words between "in" and "to": accented letters count, more than 30 do not.
        let text = "Support fell 3 percent, from 10 percent in São Paulo to 7 percent.";
        assert_eq!(lint(text, &config()).findings.len(), 1);
        let text = "Support fell 3 percent, from 10 percent in the weeks after the flood and the recount to 7 percent.";
        assert_eq!(lint(text, &config()).findings.len(), 0);
    }

    #[test]
    fn relative_change_and_points_pass() {
        assert!(lint(
            "The rate rose from 5% to 7%, an increase of 40%.",
            &config()
        )
        .findings
        .is_empty());
        assert!(lint(
            "The rate rose from 5% to 7%, an increase of 2 percentage points.",
            &config()
        )
        .findings
        .is_empty());
    }
}
