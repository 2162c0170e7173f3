//! `unit/spelling-variant`: one unit written several ways in a story, or in a form that
//! is always wrong (`kms`, `kgs`).

use super::scan::Quantity;
use super::table::{self, Dimension, FormClass};
use super::{scan_document, unit_name, ScannedBlock, UnitTotals};
use crate::config::Style;
use crate::declare_rule;
use crate::lint::{DocumentContext, Edit, Finding, Fix, Rule, RuleMeta, Span};
use std::collections::{BTreeMap, BTreeSet};

declare_rule! {
    /// ## What it does
    /// Flags a unit written in more than one way in the same story (`km`, `kilometers`,
    /// `kilometres`; `meter` and `metre`; `mph` and `miles per hour`), and forms that are
    /// always wrong (`kms`, `kgs`, `Km`, `KM`). Every occurrence not in the profile's
    /// canonical form is flagged: AP spells units out in US spelling (`kilometers`,
    /// `meters`; `mph` is fine on all references); the Guardian profile uses `km`, `kg`,
    /// `cm` closed up to the figure and `metres`, `litres`, `tonnes`. Temperature scales
    /// are left to `unit/temperature`. Not counted: quotations, fixed expressions
    /// (`9 mm pistol`, `100m sprint`) and, in AP, symbols inside a conversion parenthetical
    /// (`3,000 meters (9,800 ft)`), which AP allows "for reference".
    ///
    /// ## Why is this bad?
    /// Several spellings of one unit read as careless copy, and plural symbols are wrong
    /// in every style.
    ///
    /// ## Example
    /// ```markdown
    /// The storm moved 40 km inland, then another 30 kilometres north.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The storm moved 40 kilometers inland, then another 30 kilometers north.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: only the spelling of the unit changes, never the figure.
    ///
    /// ## References
    /// Spec §B.2; AP Stylebook, "metric system"; Guardian style guide, "metric".
    pub struct SpellingVariant {
        id: "unit/spelling-variant",
        summary: "Unit written in several forms in one story",
        severity: Warning,
        fix: Always,
        scope: Document,
    }
}

impl Rule for SpellingVariant {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let style = ctx.config.style;
        let blocks = scan_document(ctx, UnitTotals::spellings_vary);
        let mut by_unit: BTreeMap<&'static str, Vec<(usize, usize)>> = BTreeMap::new();
        for (b, scanned) in blocks.iter().enumerate() {
            for (i, q) in scanned.quantities.iter().enumerate() {
                if compared(q, style) {
                    by_unit.entry(q.unit.key).or_default().push((b, i));
                }
            }
        }
        for (key, occurrences) in by_unit {
            let unit = table::unit(key);
            let canonical = canonical_class(unit, style);
            let classes: BTreeSet<FormClass> = occurrences
                .iter()
                .map(|&(b, i)| blocks[b].quantities[i].class)
                .filter(|c| *c != FormClass::Wrong)
                .collect();
            let mixed = classes.len() > 1;
            for &(b, i) in &occurrences {
                let q = &blocks[b].quantities[i];
                if q.class == FormClass::Wrong || (mixed && q.class != canonical) {
                    if let Some(finding) = finding(&blocks[b], q, style, mixed) {
                        findings.push(finding);
                    }
                }
            }
        }
    }
}

/// Whether the rule compares how `q`'s unit is written: not inside a quotation, not a
/// fixed expression (`9 mm pistol`, `100m sprint`), not a temperature, and not a symbol
/// that AP accepts "for reference" in a conversion parenthetical.
pub(super) fn compared(q: &Quantity, style: Style) -> bool {
    let reference = style == Style::Ap && q.is_conversion && q.class == FormClass::Symbol;
    !q.in_quote && !q.exempt && !reference && q.unit.dimension != Dimension::Temperature
}

fn canonical_class(unit: &table::Unit, style: Style) -> FormClass {
    let (name, _) = unit_name(unit, style, true, false);
    table::surface(name).map_or(FormClass::Word, |s| s.class)
}

fn finding(scanned: &ScannedBlock<'_>, q: &Quantity, style: Style, mixed: bool) -> Option<Finding> {
    let text = &*scanned.block.masked;
    let base = scanned.block.span.start;
    let written = &text[q.unit_range.clone()];
    let (name, closed) = unit_name(q.unit, style, q.plural(), q.adjectival);
    let last = q.numbers.last()?;
    let between = &text[last.range.end..q.unit_range.start];
    // Keep a `million` between figure and unit; set only the separator.
    let multiplier = between.trim_end_matches(['-', ' ', '\u{a0}']);
    let (edit_start, replacement) = if q.adjectival {
        (q.unit_range.start, name.to_string())
    } else if closed && multiplier.is_empty() {
        (last.range.end, name.to_string())
    } else {
        (last.range.end, format!("{multiplier} {name}"))
    };
    if text[edit_start..q.unit_range.end] == replacement {
        return None;
    }
    let message = if q.class == FormClass::Wrong {
        format!("`{written}` is not a correct form of the unit")
    } else if mixed {
        format!("`{written}` is one of several spellings of this unit in the story")
    } else {
        format!("`{written}` is not the house form of this unit")
    };
    let span = Span::new(base + q.unit_range.start, base + q.unit_range.end);
    Some(
        Finding::new(&SpellingVariant::META, span, message).with_fix(Fix::safe(
            format!("Write `{name}`"),
            Edit::replace(
                Span::new(base + edit_start, base + q.unit_range.end),
                replacement,
            ),
        )),
    )
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Style};
    use crate::lint::fix::{fix_text, FixMode};
    use crate::lint::lint;

    fn config(style: Style) -> Config {
        let mut config = Config::only("unit/spelling-variant");
        config.style = style;
        config
    }

    fn fixed(text: &str, style: Style) -> String {
        fix_text(text, &config(style), FixMode::Safe).text
    }

    #[test]
    fn normalises_to_profile() {
        let text =
            "The storm moved 40 km inland, then another 30 kilometres north on a 10-km front.";
        assert_eq!(lint(text, &config(Style::Ap)).findings.len(), 3);
        assert_eq!(
            fixed(text, Style::Ap),
            "The storm moved 40 kilometers inland, then another 30 kilometers north on a 10-kilometer front."
        );
        assert_eq!(
            fixed(text, Style::Guardian),
            "The storm moved 40 km inland, then another 30km north on a 10-km front."
        );
    }

    #[test]
    fn consistent_forms_pass_and_wrong_forms_always_fail() {
        assert!(lint("It is 40 km away and 30 km wide.", &config(Style::Ap))
            .findings
            .is_empty());
        assert!(
            lint("It is 40 miles away and runs 30 mph.", &config(Style::Ap))
                .findings
                .is_empty()
        );
        assert_eq!(
            fixed("It is 40 kms away.", Style::Ap),
            "It is 40 kilometers away."
        );
        assert_eq!(fixed("A 20 kgs bag.", Style::Guardian), "A 20kg bag.");
        assert_eq!(
            fixed(
                "It holds 2 million metres of cable, 3 meters deep.",
                Style::Guardian
            ),
            "It holds 2 million metres of cable, 3 metres deep."
        );
    }
}
