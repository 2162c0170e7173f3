//! `unit/percent-form`: percentages written against house style, or in several forms in
//! one story.

use super::scan::{line_back, parse_value};
use super::{eligible, format_figure};
use crate::analysis::BlockFacts;
use crate::config::Style;
use crate::declare_rule;
use crate::document::Block;
use crate::lint::{BlockContext, DocumentContext, Edit, Finding, Fix, Rule, RuleMeta, Span};
use crate::re::Regex;
use std::ops::Range;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it does
    /// AP (since 2019): a percentage is a figure with `%` closed up — `40%`, `0.6%`.
    /// Flags `40 percent`, `40 per cent`, `40 %`, `40pc`, `40 pct`, `three percent` and
    /// `.6%`.
    /// Guardian profile: the story's own form is kept, but a story that mixes `%`,
    /// `per cent` and `percent` is flagged toward its most common form, and `40 %` is
    /// closed up. A percentage that opens a sentence is left alone (recasting the
    /// sentence is a job for a person), and so are quotations.
    ///
    /// ## Why is this bad?
    /// AP switched to `%` in 2019; several forms in one story read as careless copy.
    ///
    /// ## Example
    /// ```markdown
    /// Turnout rose to 61 percent, from 58 %.
    /// ```
    /// Use instead:
    /// ```markdown
    /// Turnout rose to 61%, from 58%.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the figure and its meaning stay the same; only the form changes.
    ///
    /// ## References
    /// Spec §B.2; AP Stylebook, "percent" (2019).
    pub struct PercentForm {
        id: "unit/percent-form",
        summary: "Percentage not in house form",
        severity: Warning,
        fix: Always,
        scope: Document,
    }
}

/// How a percentage is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum PercentStyle {
    /// `40%`.
    Symbol,
    /// `40 %`.
    SpacedSymbol,
    /// `40 percent`.
    Percent,
    /// `40 per cent`.
    PerCent,
    /// `40pc`.
    Pc,
}

/// One percentage in a block.
#[derive(Clone, Debug)]
pub(crate) struct Percentage {
    /// Block-relative bytes from the figure to the end of the sign or word.
    pub range: Range<usize>,
    /// Bytes of the figure.
    pub figure: Range<usize>,
    /// The value.
    pub value: f64,
    /// The form.
    pub style: PercentStyle,
    /// Written `.6` without a leading zero.
    pub bare_decimal: bool,
    /// Written as a word (`three`).
    pub word: bool,
    /// Inside a quotation.
    pub in_quote: bool,
    /// The figure opens its sentence.
    pub sentence_start: bool,
}

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?P<num>\b\d{1,3}(?:,\d{3})+(?:\.\d+)?|\b\d+(?:\.\d+)?|\.\d+|\b(?i:one|two|three|four|five|six|seven|eight|nine|ten))(?P<sep>\s|\u{a0}|-)?(?P<form>%|(?i:percent)\b|(?i:per[\s-]cent)\b|pc\b|pct\b)").expect("percent")
});

/// A block's percentages, memoised with the block: `unit/percent-form` and
/// `unit/percentage-points` both read them, and the document rule would otherwise scan
/// every block again on each keystroke.
pub(crate) struct BlockPercentages(pub Vec<Percentage>);
impl crate::lint::MemoValue for BlockPercentages {
    /// Every block without any shares one empty value.
    fn share_key(&self) -> Option<u8> {
        self.0.is_empty().then_some(0)
    }
}

/// Finds the percentages of one block.
pub(crate) fn percentages(text: &str, facts: &BlockFacts) -> Vec<Percentage> {
    if !text.contains('%') && !text.contains("cent") && !text.contains("pc") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for caps in PERCENT.captures_iter(text) {
        let (Some(num), Some(form)) = (caps.name("num"), caps.name("form")) else {
            continue;
        };
        let before = text[..num.start()].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || "$£€.,/:-".contains(c)) {
            continue;
        }
        if super::scan::after_tens_word(text, num.start()) {
            continue;
        }
        let sep = caps.name("sep").map_or("", |m| m.as_str());
        let form_text = form.as_str().to_ascii_lowercase();
        let style = match form_text.as_str() {
            "%" if sep.is_empty() => PercentStyle::Symbol,
            "%" if sep == "-" => continue,
            "%" => PercentStyle::SpacedSymbol,
            "percent" => PercentStyle::Percent,
            "pc" if sep.is_empty() => PercentStyle::Pc,
            "pc" => continue,
            "pct" => PercentStyle::Pc,
            _ => PercentStyle::PerCent,
        };
        let Some(value) = parse_value(num.as_str()) else {
            continue;
        };
        let word = num.as_str().starts_with(|c: char| c.is_alphabetic());
        if word && style == PercentStyle::Symbol {
            continue;
        }
        let range = num.start()..form.end();
        let sentence_start = facts
            .sentences
            .iter()
            .find(|s| s.start <= num.start() && num.start() < s.end.max(s.start + 1))
            .is_none_or(|s| {
                text[s.start..num.start()]
                    .chars()
                    .all(|c| !c.is_alphanumeric())
            })
            || text[line_back(text, num.start(), 4)..num.start()]
                .trim_end()
                .ends_with(['.', '!', '?', ':', '—']);
        out.push(Percentage {
            figure: num.range(),
            value: if num.as_str() == "ten" { 10.0 } else { value },
            bare_decimal: num.as_str().starts_with('.'),
            word,
            in_quote: facts.in_quote(range.clone()),
            sentence_start,
            range,
            style,
        });
    }
    out
}

/// Whether each block is eligible and holds percentages.
#[derive(Default)]
struct PercentColumn(crate::lint::BlockColumn<bool>);

impl PercentColumn {
    /// Brings the column to `ctx`'s blocks.
    fn follow(&mut self, ctx: &DocumentContext<'_>) {
        let blocks = &ctx.document.blocks;
        self.0.follow(ctx.keys, |i| {
            eligible(&blocks[i]) && !percentages_of(ctx, i).0.is_empty()
        });
    }
}

/// Block `i`'s percentages (memoised; found in the block pass).
fn percentages_of<'c>(
    ctx: &'c DocumentContext<'_>,
    i: usize,
) -> crate::lint::MemoRef<'c, BlockPercentages> {
    let block = &ctx.document.blocks[i];
    ctx.memo(i, || {
        BlockPercentages(percentages(&block.masked, &ctx.facts[i]))
    })
}

impl Rule for PercentForm {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn prepare_block(&self, ctx: &BlockContext<'_>) {
        if eligible(ctx.block) {
            ctx.memo(|| BlockPercentages(percentages(ctx.text(), ctx.facts)));
        }
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let style = ctx.config.style;
        let blocks = &ctx.document.blocks;
        // Which blocks hold percentages, kept between analyses and updated from the blocks
        // an edit changed: a keystroke reads the percentages of those blocks only.
        let memos: Vec<(&Block, crate::lint::MemoRef<'_, BlockPercentages>)> =
            ctx.states.with(|column: &mut PercentColumn| {
                column.follow(ctx);
                column
                    .0
                    .marked()
                    .map(|i| (&blocks[i], percentages_of(ctx, i)))
                    .collect()
            });
        let all: Vec<(&Block, &Percentage)> = memos
            .iter()
            .flat_map(|(block, found)| found.0.iter().map(move |p| (*block, p)))
            .collect();
        // The Guardian profile keeps the story's own form: the most common one wins.
        let target = match style {
            Style::Ap => PercentStyle::Symbol,
            Style::Guardian => {
                let count = |s: PercentStyle| {
                    all.iter()
                        .filter(|(_, p)| !p.in_quote && normal(p.style) == s)
                        .count()
                };
                [
                    PercentStyle::Symbol,
                    PercentStyle::PerCent,
                    PercentStyle::Percent,
                ]
                .into_iter()
                .max_by_key(|s| (count(*s), *s == PercentStyle::Symbol))
                .unwrap_or(PercentStyle::Symbol)
            }
        };
        for (block, p) in &all {
            if p.in_quote || p.sentence_start {
                continue;
            }
            let wrong_form = normal(p.style) != target;
            let fixable_symbol = p.style == PercentStyle::SpacedSymbol || p.bare_decimal;
            if !(wrong_form || fixable_symbol || p.word && style == Style::Ap) {
                continue;
            }
            let text = &*block.masked;
            let figure = if p.word {
                format_figure(p.value, 3, None, false)
            } else if p.bare_decimal {
                format!("0{}", &text[p.figure.clone()])
            } else {
                text[p.figure.clone()].to_string()
            };
            let replacement = match target {
                PercentStyle::PerCent => format!("{figure} per cent"),
                PercentStyle::Percent => format!("{figure} percent"),
                _ => format!("{figure}%"),
            };
            let written = &text[p.range.clone()];
            if written == replacement {
                continue;
            }
            let span = Span::new(
                block.span.start + p.range.start,
                block.span.start + p.range.end,
            );
            let message = if style == Style::Guardian && wrong_form {
                format!("`{written}`: this story writes percentages as `{replacement}`")
            } else {
                format!("Percentage written as `{written}`")
            };
            findings.push(
                Finding::new(&PercentForm::META, span, message).with_fix(Fix::safe(
                    format!("Replace with `{replacement}`"),
                    Edit::replace(span, replacement),
                )),
            );
        }
    }
}

fn normal(style: PercentStyle) -> PercentStyle {
    match style {
        PercentStyle::SpacedSymbol | PercentStyle::Symbol => PercentStyle::Symbol,
        PercentStyle::Pc => PercentStyle::PerCent,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Style};
    use crate::lint::fix::{fix_text, FixMode};
    use crate::lint::lint;

    fn config(style: Style) -> Config {
        let mut config = Config::only("unit/percent-form");
        config.style = style;
        config
    }

    fn fixed(text: &str, style: Style) -> String {
        fix_text(text, &config(style), FixMode::Safe).text
    }

    /// Percentages come and go, one moves into a quotation and the Guardian majority
    /// changes hands: the kept column equals a fresh one, and cached analyses equal fresh
    /// ones.
    #[test]
    fn small_edits_update_the_percent_column_in_place() {
        let filler = |n: usize| format!("Council meeting {n} ran late into the night.");
        let base: Vec<String> = (0..30).map(filler).collect();
        let mut v1 = base.clone();
        v1[3] = "Turnout rose 12 per cent this year.".into();
        v1[7] = "Fares rose 4% and tolls 5 percent.".into();
        let mut v2 = v1.clone();
        v2.insert(15, "Rents rose 9% and wages 3%.".into());
        let mut v3 = v2.clone();
        v3[3] = "\u{201c}Turnout rose 12 per cent,\u{201d} she said.".into();
        let mut v4 = v3.clone();
        v4.remove(7);
        let drafts =
            crate::lint::story_versions("Council", &[&base, &v1, &v2, &v3, &v4, &v2, &base]);
        for style in [Style::Ap, Style::Guardian] {
            let flagged: usize = crate::lint::cached_equals_fresh(&drafts, &config(style))
                .iter()
                .map(Vec::len)
                .sum();
            assert!(flagged >= 4, "{style:?}: {flagged}");
        }
        crate::lint::kept_equals_fresh(&drafts, super::PercentColumn::follow, |column| {
            column.0.values().to_vec()
        });
    }

    #[test]
    fn ap_forms() {
        assert_eq!(
            fixed(
                "Turnout rose to 61 percent, from 58 %, with .6% spoiled and three percent blank.",
                Style::Ap
            ),
            "Turnout rose to 61%, from 58%, with 0.6% spoiled and 3% blank."
        );
        assert_eq!(
            fixed("It grew 40 per cent and a 10-percent rise.", Style::Ap),
            "It grew 40% and a 10% rise."
        );
        assert_eq!(fixed("Shares rose 4 pct.", Style::Ap), "Shares rose 4%.");
        assert!(lint("Turnout rose to 61%.", &config(Style::Ap))
            .findings
            .is_empty());
    }

    #[test]
    fn leaves_sentence_starts_quotes_and_percentage_points() {
        for ok in [
            "40 percent of voters stayed home.",
            "Voters were split. 40 percent stayed home.",
            "“It is 40 percent,” he said.",
            "Rates rose 2 percentage points.",
            "Sixty percent of voters stayed home.",
        ] {
            assert!(lint(ok, &config(Style::Ap)).findings.is_empty(), "{ok}");
        }
    }

    #[test]
    fn guardian_keeps_majority_form() {
        let text = "Prices rose 5 per cent in May and 4 per cent in June, after 3% in April.";
        assert_eq!(
            fixed(text, Style::Guardian),
            "Prices rose 5 per cent in May and 4 per cent in June, after 3 per cent in April."
        );
        assert!(lint("Prices rose 5 per cent.", &config(Style::Guardian))
            .findings
            .is_empty());
        assert_eq!(
            fixed("Prices rose 5 %.", Style::Guardian),
            "Prices rose 5%."
        );
    }
}
