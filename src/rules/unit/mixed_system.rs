//! `unit/mixed-system`: one dimension measured in both US customary and metric units in
//! the same story, outside a conversion pair.

use super::scan::Quantity;
use super::table::{self, Dimension, System};
use super::{render_converted, scan_document, ScannedBlock};
use crate::config::Style;
use crate::declare_rule;
use crate::lint::{
    BlockColumn, BlockContext, DocumentContext, Edit, Finding, Fix, Rule, RuleMeta, Span,
};
use crate::re::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it does
    /// Flags quantities of one dimension (length, area, mass, volume, speed) written in
    /// the story's minority system when the story also measures that dimension in the
    /// other system, outside conversion pairs such as `100 kilometers (62 miles)`. The
    /// majority system wins; on a tie the profile's primary system does (AP: US
    /// customary; Guardian: metric). Temperatures are left to `unit/temperature`.
    ///
    /// Not counted: fixed expressions (`100-meter dash`, `9 mm pistol`, `35 mm film`,
    /// `mile marker`, `miles apart`, `inch closer`), screen sizes, aviation feet,
    /// football and golf yards, knots and nautical miles, oil barrels, metric tons in
    /// commodities copy, medical milliliters, quotations, and — in the Guardian profile —
    /// miles, mph, feet, inches and pints. A story that states a general equivalence once
    /// ("A kilometer equals about five-eighths of a mile") is not checked.
    ///
    /// ## Why is this bad?
    /// Readers cannot compare "a 500-kilometer pipeline" with "20 miles from the border".
    /// AP puts US units first and metric in parentheses when a source supplied them.
    ///
    /// ## Example
    /// ```markdown
    /// The 500-kilometer pipeline ends 20 miles from the border, 40 miles from the port.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The 310-mile pipeline ends 20 miles from the border, 40 miles from the port.
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the first fix replaces the quantity with its conversion into the dominant
    /// system, rounded to the figure's significant figures (at least two); the second adds
    /// that conversion in parentheses instead. Both write new figures, and rounding is an
    /// editorial call.
    ///
    /// ## References
    /// Spec §B.2; AP Stylebook, "metric system".
    pub struct MixedSystem {
        id: "unit/mixed-system",
        summary: "Same dimension measured in US customary and metric units",
        severity: Warning,
        fix: Sometimes,
        scope: Document,
    }
}

static EQUIVALENCE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i)\b(?:a|one|1)\s+(?:kilomet(?:er|re)|mile|met(?:er|re)|foot|yard|inch|kilogram|pound|lit(?:er|re)|gallon|hectare|acre|centimet(?:er|re))\s+(?:equals|is|is\s+equal\s+to|is\s+equivalent\s+to|equates\s+to|works\s+out\s+to|is\s+about|is\s+roughly|is\s+approximately)\b").expect("equivalence")
});

/// Per-block answers (memoised with the block) that set the tone of the whole story.
struct StoryFlags {
    /// States an equivalence ("a mile is about 1.6 kilometers"): a story explaining
    /// units mixes them on purpose.
    equivalence: bool,
    /// Mentions screens or devices.
    device: bool,
}

impl crate::lint::MemoValue for StoryFlags {
    /// Two flags: each of the four combinations is shared.
    fn share_key(&self) -> Option<u8> {
        let StoryFlags {
            equivalence,
            device,
        } = *self;
        crate::lint::flags_key(&[equivalence, device])
    }
}

/// [`StoryFlags`] of each eligible block (`EQUIVALENCE_BIT` and `DEVICE_BIT`), kept between
/// analyses and updated from the blocks an edit changed.
#[derive(Default)]
struct FlagColumn(BlockColumn<u8>);

const EQUIVALENCE_BIT: u8 = 1;
const DEVICE_BIT: u8 = 2;

impl FlagColumn {
    /// Brings the column to `ctx`'s blocks; returns whether any eligible block sets out an
    /// equivalence, and whether any speaks of devices.
    fn follow(&mut self, ctx: &DocumentContext<'_>) -> (bool, bool) {
        let blocks = &ctx.document.blocks;
        self.0.follow(ctx.keys, |i| {
            let block = &blocks[i];
            if !super::eligible(block) {
                return 0;
            }
            let flags = ctx.memo(i, || story_flags(&block.masked));
            u8::from(flags.equivalence) * EQUIVALENCE_BIT + u8::from(flags.device) * DEVICE_BIT
        });
        let any = self.0.values().iter().fold(0, |all, bits| all | bits);
        (any & EQUIVALENCE_BIT != 0, any & DEVICE_BIT != 0)
    }
}

fn story_flags(text: &str) -> StoryFlags {
    StoryFlags {
        equivalence: EQUIVALENCE.is_match(text),
        device: super::scan::DEVICE_CONTEXT.is_match(text),
    }
}

impl Rule for MixedSystem {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn prepare_block(&self, ctx: &BlockContext<'_>) {
        if super::eligible(ctx.block) {
            super::quantities(ctx);
            ctx.memo(|| story_flags(ctx.text()));
        }
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let style = ctx.config.style;
        let (equivalence, device_story) = ctx
            .states
            .with(|column: &mut FlagColumn| column.follow(ctx));
        if equivalence {
            return;
        }
        let blocks = scan_document(ctx, |totals| totals.mixes_systems(device_story));
        // In a story about phones or laptops, inches are screen sizes even where the
        // sentence drops the noun ("the 16-inch base").
        let mut by_dimension: BTreeMap<Dimension, Vec<(usize, usize)>> = BTreeMap::new();
        for (b, scanned) in blocks.iter().enumerate() {
            for (i, q) in scanned.quantities.iter().enumerate() {
                if counts(q, style) && !(device_story && q.unit.key == "inch") {
                    by_dimension
                        .entry(q.unit.dimension)
                        .or_default()
                        .push((b, i));
                }
            }
        }
        for occurrences in by_dimension.values() {
            let customary = occurrences
                .iter()
                .filter(|&&(b, i)| blocks[b].quantities[i].unit.system == System::Customary)
                .count();
            let metric = occurrences.len() - customary;
            if customary == 0 || metric == 0 {
                continue;
            }
            let dominant = match customary.cmp(&metric) {
                std::cmp::Ordering::Greater => System::Customary,
                std::cmp::Ordering::Less => System::Metric,
                std::cmp::Ordering::Equal => match style {
                    Style::Ap => System::Customary,
                    Style::Guardian => System::Metric,
                },
            };
            let Some(&(first_b, first_i)) = occurrences
                .iter()
                .find(|&&(b, i)| blocks[b].quantities[i].unit.system == dominant)
            else {
                continue;
            };
            let first = &blocks[first_b];
            let first_span = span_of(first, &first.quantities[first_i]);
            for &(b, i) in occurrences {
                let scanned = &blocks[b];
                let q = &scanned.quantities[i];
                if q.unit.system == dominant {
                    continue;
                }
                findings.push(finding(scanned, q, dominant, style, first_span));
            }
        }
    }
}

/// Whether `q` counts towards its dimension's systems.
pub(super) fn counts(q: &Quantity, style: Style) -> bool {
    if q.exempt
        || q.in_quote
        || q.partner.is_some()
        || q.unit.mixing_exempt
        || q.unit.system == System::Neutral
        || q.unit.dimension == Dimension::Temperature
    {
        return false;
    }
    !(style == Style::Guardian && matches!(q.unit.key, "mile" | "mph" | "foot" | "inch" | "pint"))
}

fn span_of(scanned: &ScannedBlock<'_>, q: &Quantity) -> Span {
    Span::new(
        scanned.block.span.start + q.range.start,
        scanned.block.span.start + q.range.end,
    )
}

fn finding(
    scanned: &ScannedBlock<'_>,
    q: &Quantity,
    dominant: System,
    style: Style,
    first_span: Span,
) -> Finding {
    let text = &*scanned.block.masked;
    let span = span_of(scanned, q);
    let target = table::unit(q.unit.counterpart);
    let written = &text[q.range.clone()];
    let message = format!(
        "`{written}` is {}, but this story measures {} in {} units",
        q.unit.system.as_str(),
        q.unit.dimension.as_str(),
        dominant.as_str()
    );
    let mut finding = Finding::new(&MixedSystem::META, span, message)
        .with_related(first_span, format!("{} unit here", dominant.as_str()));
    if target.system != dominant {
        return finding;
    }
    let converted = render_converted(text, q, target, style);
    finding = finding.with_fix(Fix::unsafe_edit(
        format!("Convert to `{converted}`"),
        Edit::replace(span, converted.clone()),
    ));
    let inserted = format!(" ({converted})");
    finding.with_fix(Fix::unsafe_edit(
        format!("Add `({converted})` after it"),
        Edit::insert(span.end, inserted),
    ))
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Style};
    use crate::lint::fix::{fix_text, FixMode};
    use crate::lint::{lint, Finding};

    fn config(style: Style) -> Config {
        let mut config = Config::only("unit/mixed-system");
        config.style = style;
        config
    }

    fn findings(text: &str) -> Vec<Finding> {
        lint(text, &config(Style::Ap)).findings
    }

    #[test]
    fn flags_minority_and_converts() {
        let text = "The 500-kilometer pipeline ends 20 miles from the border.\n\nTrucks drive 40 miles to the port.\n";
        let found = findings(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            &text[found[0].span.start..found[0].span.end],
            "500-kilometer"
        );
        let fixed = fix_text(text, &config(Style::Ap), FixMode::Unsafe).text;
        assert!(fixed.starts_with("The 310-mile pipeline"), "{fixed}");
        assert_eq!(found[0].fixes[1].edits[0].new_text, " (310-mile)");
    }

    #[test]
    fn tie_goes_to_profile() {
        let text = "He ran 5 kilometers, then walked 2 miles.\n";
        let found = findings(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].fixes[0].edits[0].new_text, "3.1 miles");
        let found = lint(text, &config(Style::Guardian)).findings;
        // Miles are a customary exception in the Guardian profile.
        assert!(found.is_empty());
    }

    /// An equivalence and a device mention come and go: the kept flag column equals a
    /// fresh one, and cached analyses equal fresh ones (the rule goes quiet while the
    /// story explains its units, and inches stop counting in a story about screens).
    #[test]
    fn small_edits_update_the_flag_column_in_place() {
        let filler = |n: usize| format!("Crew {n} worked on the road through the night.");
        let base: Vec<String> = (0..30).map(filler).collect();
        let mut v1 = base.clone();
        v1[4] = "The road runs 40 kilometers to the coast.".into();
        v1[8] = "The new span adds 12 kilometers of ramps.".into();
        v1[12] = "Its signs are 30 inches tall.".into();
        let mut v2 = v1.clone();
        v2.insert(
            20,
            "A kilometer equals about five-eighths of a mile.".into(),
        );
        let mut v3 = v1.clone();
        v3[25] = "Drivers read the signs on their phones.".into();
        let mut v4 = v3.clone();
        v4.insert(2, "A mile is about 1.6 kilometers.".into());
        let drafts =
            crate::lint::story_versions("Road", &[&base, &v1, &v2, &v1, &v3, &v4, &v3, &v1]);
        let per_version: Vec<usize> = crate::lint::cached_equals_fresh(&drafts, &config(Style::Ap))
            .iter()
            .map(Vec::len)
            .collect();
        // The inches are flagged among kilometers, except while an equivalence stands
        // or the story is about screens.
        assert_eq!(per_version, [0, 1, 0, 1, 0, 0, 0, 1]);
        crate::lint::kept_equals_fresh(
            &drafts,
            |column: &mut super::FlagColumn, ctx| {
                column.follow(ctx);
            },
            |column| column.0.values().to_vec(),
        );
    }

    #[test]
    fn exemptions() {
        for ok in [
            "He won the 100-meter dash. The track is a quarter mile from the 3-mile trail.",
            "Police found a 9 mm pistol 2 miles from the house.",
            "The jet climbed to 30,000 feet. It landed 8 kilometers from the city.",
            "He vowed to walk 100 kilometers (62 miles). The road runs 20 miles.",
            "A kilometer equals about five-eighths of a mile. She ran 5 kilometers, then 2 miles.",
            "The 6.1-inch screen is bright. The phone weighs 170 grams and ships 3,000 miles.",
            "“We walked 40 kilometers,” she said of the 20-mile route.",
        ] {
            assert!(findings(ok).is_empty(), "{ok}: {:?}", findings(ok));
        }
    }
}
