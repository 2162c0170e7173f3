//! `unit/currency`: money written against house style (`$5.00`, `$4.2bn`, `5¢`), or in
//! several forms in one story.

use super::eligible;
use crate::analysis::BlockFacts;
use crate::config::Style;
use crate::declare_rule;
use crate::document::Block;
use crate::lint::{
    BlockColumn, BlockContext, DocumentContext, Edit, Finding, Fix, Rule, RuleMeta, Span,
};
use crate::re::Regex;
use std::ops::Range;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it does
    /// AP: flags `$5.00` (write `$5`), `$0.05` and `5¢` (write `5 cents`), `$4.2bn`,
    /// `$4.2B`, `$5M`, `$5m`, `$5mn`, `$5 mln` (write `$4.2 billion`, `$5 million`),
    /// `$5 million dollars` (write `$5 million`) and `USD 5` (write `$5`). The same
    /// abbreviations are expanded for `£`, `€` and qualified dollars (`C$`, `A$`).
    /// Guardian profile: `£5m` and `$5bn` are house style, so only a story that mixes
    /// `£5m` with `£5 million` is flagged, toward the abbreviation.
    /// Quotations are never flagged.
    ///
    /// ## Why is this bad?
    /// Several forms of money in one story read as careless copy; `$4.2B` is a headline
    /// or ticker form, and `$5.00` adds digits that say nothing.
    ///
    /// ## Example
    /// ```markdown
    /// The deal is worth $4.2bn, or $5.00 a share, up from $900M.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The deal is worth $4.2 billion, or $5 a share, up from $900 million.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the amount never changes, only how it is written.
    ///
    /// ## References
    /// Spec §B.2; AP Stylebook, "dollars", "cents", "millions, billions".
    pub struct Currency {
        id: "unit/currency",
        summary: "Money not written in house form",
        severity: Warning,
        fix: Always,
        scope: Document,
    }
}

static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?P<cur>US\$|C\$|A\$|NZ\$|HK\$|S\$|\$|£|€)\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:(?P<word>\s(?:thousand|million|billion|trillion))|(?P<abbr>\s?(?:mn|mln|bn|bln|tn|trn)|m|b|M|B|bil|mil))?\b(?P<dollars>\s+dollars)?").expect("money")
});

static CENTS: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?P<num>\b\d{1,2})\s?¢|\bUSD\s?(?P<usd>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<usdword>\s(?:million|billion|trillion))?\b").expect("cents")
});

static UNIT_PRICE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::compile(r"\$\d*\.\d+\s*/").expect("unit price"));

struct Money {
    range: Range<usize>,
    replacement: Option<String>,
    /// Written with an abbreviation (`m`, `bn`) or a word (`million`); `None` for plain.
    scale: Option<bool>,
    /// Span and text of the spelled-out word, for the Guardian consistency fix.
    word: Option<(Range<usize>, String)>,
}

/// Whether each block is checked and holds an amount that can give a finding: one to
/// rewrite, or (Guardian style, where the story's use of abbreviations decides) one
/// abbreviated or spelled out. A keystroke reads only those blocks' amounts: in the
/// generated 10 MB draft, reading every block with an amount was 9% of a keystroke.
#[derive(Default)]
struct MoneyColumn(BlockColumn<bool>);

impl MoneyColumn {
    /// Brings the column to `ctx`'s blocks.
    fn follow(&mut self, ctx: &DocumentContext<'_>) {
        let blocks = &ctx.document.blocks;
        let guardian = ctx.config.style == Style::Guardian;
        self.0.follow(ctx.keys, |i| {
            eligible(&blocks[i])
                && money_of(ctx, i).0.iter().any(|m| {
                    m.replacement.is_some()
                        || (guardian && (m.scale == Some(true) || m.word.is_some()))
                })
        });
    }
}

/// Block `i`'s amounts (memoised; found in the block pass).
fn money_of<'c>(ctx: &'c DocumentContext<'_>, i: usize) -> crate::lint::MemoRef<'c, BlockMoney> {
    let block = &ctx.document.blocks[i];
    ctx.memo(i, || block_money(block, &ctx.facts[i], ctx.config.style))
}

impl Rule for Currency {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn prepare_block(&self, ctx: &BlockContext<'_>) {
        if eligible(ctx.block) {
            ctx.memo(|| block_money(ctx.block, ctx.facts, ctx.config.style));
        }
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let style = ctx.config.style;
        let blocks = &ctx.document.blocks;
        // Which blocks hold amounts that matter (see `MoneyColumn`), kept between analyses
        // and updated from the blocks an edit changed: a keystroke reads those only.
        let found: Vec<(usize, crate::lint::MemoRef<'_, BlockMoney>)> =
            ctx.states.with(|column: &mut MoneyColumn| {
                column.follow(ctx);
                column
                    .0
                    .marked()
                    .map(|i| (blocks[i].span.start, money_of(ctx, i)))
                    .collect()
            });
        let abbreviated = found
            .iter()
            .any(|(_, m)| m.0.iter().any(|m| m.scale == Some(true)));
        for (base, money) in found
            .iter()
            .flat_map(|(base, m)| m.0.iter().map(move |m| (base, m)))
        {
            let span = Span::new(base + money.range.start, base + money.range.end);
            let written = &ctx.source[span.start..span.end];
            if let Some(replacement) = &money.replacement {
                findings.push(
                    Finding::new(
                        &Currency::META,
                        span,
                        format!("Amount written as `{written}`"),
                    )
                    .with_fix(Fix::safe(
                        format!("Replace with `{replacement}`"),
                        Edit::replace(span, replacement.clone()),
                    )),
                );
            } else if style == Style::Guardian && abbreviated {
                if let Some((range, abbr)) = &money.word {
                    let word_span = Span::new(base + range.start, base + range.end);
                    findings.push(
                        Finding::new(
                            &Currency::META,
                            span,
                            format!("`{written}`: this story abbreviates amounts (`{abbr}`)"),
                        )
                        .with_fix(Fix::safe(
                            format!("Write `{abbr}`"),
                            Edit::replace(word_span, abbr.clone()),
                        )),
                    );
                }
            }
        }
    }
}

/// A block's amounts outside quotations, memoised with the block.
struct BlockMoney(Vec<Money>);
impl crate::lint::MemoValue for BlockMoney {
    /// Every block without any shares one empty value.
    fn share_key(&self) -> Option<u8> {
        self.0.is_empty().then_some(0)
    }
}

fn block_money(block: &Block, facts: &BlockFacts, style: Style) -> BlockMoney {
    let text = &*block.masked;
    if !text.contains(['$', '£', '€', '¢']) && !text.contains("USD") {
        return BlockMoney(Vec::new());
    }
    BlockMoney(
        scan_money(text, style)
            .into_iter()
            .filter(|money| !facts.in_quote(money.range.clone()))
            .collect(),
    )
}

fn scan_money(text: &str, style: Style) -> Vec<Money> {
    let mut out = Vec::new();
    for caps in MONEY.captures_iter(text) {
        let (Some(cur), Some(num)) = (caps.name("cur"), caps.name("num")) else {
            continue;
        };
        if text[..cur.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() && cur.as_str() == "$")
        {
            continue;
        }
        let whole = caps.get(0).expect("match");
        let figure = num.as_str();
        let symbol = cur.as_str();
        let mut scale = None;
        let mut word = None;
        let mut replacement = None;
        if let Some(abbr) = caps.name("abbr") {
            scale = Some(true);
            let long = match abbr.as_str().trim() {
                "m" | "M" | "mn" | "mln" | "mil" => "million",
                "b" | "B" | "bn" | "bln" | "bil" => "billion",
                _ => "trillion",
            };
            if style == Style::Ap {
                replacement = Some(format!("{symbol}{figure} {long}"));
            }
        } else if let Some(w) = caps.name("word") {
            scale = Some(false);
            let abbr = match w.as_str().trim() {
                "million" => Some("m"),
                "billion" => Some("bn"),
                _ => None,
            };
            if let Some(abbr) = abbr {
                word = Some((w.range(), abbr.to_string()));
            }
        } else if style == Style::Ap && symbol == "$" {
            if let Some(whole_dollars) = figure.strip_suffix(".00") {
                replacement = Some(format!("${whole_dollars}"));
            } else if let Some(cents) = figure.strip_prefix("0.").or(figure.strip_prefix('.')) {
                // Unit prices (`$0.23/W`) stay in dollars, and so do their neighbours.
                let rest = text[num.end()..].trim_start();
                let per_unit =
                    rest.starts_with('/') || rest.starts_with("per ") || UNIT_PRICE.is_match(text);
                if cents.len() == 2 && cents != "00" && !per_unit {
                    let n: u32 = cents.parse().unwrap_or(0);
                    let unit = if n == 1 { "cent" } else { "cents" };
                    replacement = Some(format!("{n} {unit}"));
                }
            }
        }
        let end = if caps.name("dollars").is_some() && symbol.ends_with('$') && scale.is_some() {
            let base = replacement.clone().unwrap_or_else(|| {
                text[whole.start()..caps.name("dollars").expect("dollars").start()].to_string()
            });
            replacement = Some(base);
            whole.end()
        } else {
            caps.name("dollars").map_or(whole.end(), |d| d.start())
        };
        out.push(Money {
            range: whole.start()..end,
            replacement,
            scale,
            word,
        });
    }
    if style == Style::Ap {
        for caps in CENTS.captures_iter(text) {
            let whole = caps.get(0).expect("match");
            if let Some(num) = caps.name("num") {
                let n: u32 = num.as_str().parse().unwrap_or(0);
                let unit = if n == 1 { "cent" } else { "cents" };
                out.push(Money {
                    range: whole.range(),
                    replacement: Some(format!("{n} {unit}")),
                    scale: None,
                    word: None,
                });
            } else if let Some(usd) = caps.name("usd") {
                let word = caps.name("usdword").map_or("", |w| w.as_str());
                out.push(Money {
                    range: whole.range(),
                    replacement: Some(format!("${}{word}", usd.as_str())),
                    scale: None,
                    word: None,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Style};
    use crate::lint::fix::{fix_text, FixMode};
    use crate::lint::lint;

    fn config(style: Style) -> Config {
        let mut config = Config::only("unit/currency");
        config.style = style;
        config
    }

    fn fixed(text: &str, style: Style) -> String {
        fix_text(text, &config(style), FixMode::Safe).text
    }

    /// Amounts added, an abbreviated one appearing and leaving (Guardian style asks the
    /// other amounts to follow it), amounts moved inside a quotation: the column updated
    /// in place equals a fresh one, and the findings equal a fresh analysis's.
    #[test]
    fn small_edits_update_the_money_column_in_place() {
        let filler = |n: usize| format!("Item {n} drew a crowd at the town hall on Monday night.");
        let base: Vec<String> = (0..30).map(filler).collect();
        let mut v1 = base.clone();
        v1[10] = "The bridge will cost 40 million dollars to repair.".into();
        v1[12] = "Tolls raise £3 million a year.".into();
        let mut v2 = v1.clone();
        v2.insert(14, "The state pledged £5bn last spring.".into());
        let mut v3 = v2.clone();
        v3[12] = "\u{201c}Tolls raise £3 million a year,\u{201d} she said.".into();
        let mut v4 = v3.clone();
        v4.remove(14);
        let drafts =
            crate::lint::story_versions("Bridge", &[&base, &v1, &v2, &v3, &v4, &v2, &base]);
        for style in [Style::Ap, Style::Guardian] {
            let flagged: usize = crate::lint::cached_equals_fresh(&drafts, &config(style))
                .iter()
                .map(Vec::len)
                .sum();
            assert!(flagged >= 2, "{style:?}: {flagged}");
        }
        crate::lint::kept_equals_fresh(&drafts, super::MoneyColumn::follow, |column| {
            column.0.values().to_vec()
        });
    }

    #[test]
    fn ap_forms() {
        assert_eq!(
            fixed(
                "The deal is worth $4.2bn, or $5.00 a share, up from $900M and $5 million dollars.",
                Style::Ap
            ),
            "The deal is worth $4.2 billion, or $5 a share, up from $900 million and $5 million."
        );
        assert_eq!(
            fixed("Stamps cost $0.05, or 5¢, or USD 7.", Style::Ap),
            "Stamps cost 5 cents, or 5 cents, or $7."
        );
        assert!(lint(
            "It cost $5.50, $1.5 million and 5 cents.",
            &config(Style::Ap)
        )
        .findings
        .is_empty());
        assert!(lint("“It cost $5.00,” she said.", &config(Style::Ap))
            .findings
            .is_empty());
        assert!(lint(
            "Costs fall from $0.23/W today to $0.10 by 2030.",
            &config(Style::Ap)
        )
        .findings
        .is_empty());
    }

    #[test]
    fn guardian_one_form() {
        assert_eq!(
            fixed(
                "The deal is worth £4.2bn, up from £900 million.",
                Style::Guardian
            ),
            "The deal is worth £4.2bn, up from £900m."
        );
        assert!(lint("It cost £5 million.", &config(Style::Guardian))
            .findings
            .is_empty());
    }
}
