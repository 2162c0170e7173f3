//! `unit/conversion-mismatch`: a conversion pair whose second figure is wrong.

use super::scan::Quantity;
use super::{check_pair, converted_figure, eligible};
use crate::declare_rule;
use crate::lint::{BlockContext, Edit, Finding, Fix, Rule, RuleMeta, Severity};

declare_rule! {
    /// ## What it does
    /// Checks conversion pairs — `X u1 (Y u2)`, `X-u1 (Y-u2)`, `X u1, or Y u2`,
    /// `X u1 — about Y u2`, `X u1/Y u2` and each end of a range — against exact factors
    /// (international foot and pound, avoirdupois ounce). `Y` is accepted when it equals
    /// the exact value rounded to the significant figures written in `Y`, or lies within
    /// 5% of it (10% with a hedge such as "about" or "roughly"). Temperatures are accepted
    /// within 1.5 °F or 1 °C; a temperature *difference* ("rose 2 degrees Celsius
    /// (3.6 degrees Fahrenheit)") converts without the +32 offset.
    ///
    /// ## Why is this bad?
    /// A wrong conversion is a factual error printed next to the right figure, and
    /// readers who know either system notice it.
    ///
    /// ## Example
    /// ```markdown
    /// The pipeline runs 500 kilometers (200 miles) to the coast.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The pipeline runs 500 kilometers (310 miles) to the coast.
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix changes a figure, assuming the first figure of the pair is the one
    /// the writer checked. It writes the exact conversion rounded to the first figure's
    /// significant figures (at least two, no decimals from 100 up, no more decimals than
    /// the writer used). A pair that fits only the other kind of ton or gallon gets an
    /// `info` asking the writer to say which, without a fix. Pairs inside quotations get
    /// an `info` without a fix.
    ///
    /// ## References
    /// Spec §B.2; AP Stylebook, "metric system".
    pub struct ConversionMismatch {
        id: "unit/conversion-mismatch",
        summary: "Converted figure does not match the original",
        severity: Error,
        fix: Sometimes,
        scope: Block,
    }
}

impl Rule for ConversionMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        if !eligible(ctx.block) {
            return;
        }
        let text = ctx.text();
        let quantities = super::quantities(ctx);
        for second in quantities.iter().filter(|q| q.is_conversion) {
            let Some(first) = second.partner.map(|i| &quantities[i]) else {
                continue;
            };
            if let Some(finding) = check(ctx, text, first, second) {
                findings.push(finding);
            }
        }
    }
}

fn check(
    ctx: &BlockContext<'_>,
    text: &str,
    first: &Quantity,
    second: &Quantity,
) -> Option<Finding> {
    let result = check_pair(text, first, second, ctx.config.style)?;
    if result.ok.iter().all(|ok| *ok) {
        return None;
    }
    let written_first = &text[first.range.clone()];
    let written_second = &text[second.range.clone()];
    if result.fits_other_kind {
        let kind = if first.unit.key == "ton" || second.unit.key == "ton" {
            "short, metric or long tons"
        } else {
            "US or imperial measure"
        };
        return Some(
            Finding::new(
                &ConversionMismatch::META,
                ctx.span(second.range.clone()),
                format!("`{written_second}` fits `{written_first}` only for another kind of unit; say whether these are {kind}"),
            )
            .with_severity(Severity::Info),
        );
    }
    let mut edits = Vec::new();
    let mut replaced = text[second.range.clone()].to_string();
    for ((x, y), ok) in first
        .numbers
        .iter()
        .zip(&second.numbers)
        .zip(&result.ok)
        .rev()
    {
        if *ok {
            continue;
        }
        let figure = converted_figure(x, first.unit, second.unit, result.difference, Some(y));
        let local = y.range.start - second.range.start..y.range.end - second.range.start;
        replaced.replace_range(local, &figure);
        edits.push(Edit::replace(ctx.span(y.range.clone()), figure));
    }
    let exact: Vec<String> = result
        .exact
        .iter()
        .map(|v| super::exact_figure(*v))
        .collect();
    let exact = exact.join("–");
    let (unit, _) = super::unit_name(second.unit, crate::config::Style::Ap, true, false);
    let kind = if result.difference {
        " as a temperature difference"
    } else {
        ""
    };
    let message = format!("`{written_first}` is {exact} {unit}{kind}, not `{written_second}`");
    let mut finding = Finding::new(
        &ConversionMismatch::META,
        ctx.span(second.range.clone()),
        message,
    )
    .with_related(ctx.span(first.range.clone()), "converted from here");
    if first.in_quote || second.in_quote {
        return Some(finding.with_severity(Severity::Info));
    }
    if !edits.is_empty() {
        finding = finding.with_fix(Fix {
            title: format!("Replace with `{replaced}`"),
            applicability: crate::lint::Applicability::Unsafe,
            edits,
            snippet_placeholder: None,
        });
    }
    Some(finding)
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Style};
    use crate::lint::fix::{fix_text, FixMode};
    use crate::lint::{lint, Finding};

    fn config(style: Style) -> Config {
        let mut config = Config::only("unit/conversion-mismatch");
        config.style = style;
        config
    }

    fn findings(text: &str) -> Vec<Finding> {
        lint(text, &config(Style::Ap)).findings
    }

    fn fixed(text: &str) -> String {
        fix_text(text, &config(Style::Ap), FixMode::Unsafe).text
    }

    #[test]
    fn accepts_correct_pairs() {
        for ok in [
            "He vowed to walk 100 kilometers (62 miles) home.",
            "The flight covered 300 miles (480 kilometers).",
            "Highs reached 104°F (40°C) on Sunday.",
            "The range is 300 to 3,400 miles (480 to 5,470 kilometers).",
            "It is a 2-mile (3-kilometer) loop.",
            "Temperatures rose 2 degrees Celsius (3.6 degrees Fahrenheit) over the century.",
            "It weighs about 10 pounds (4.5 kilograms).",
            "The 5-foot-6 (1.68-meter) guard scored.",
            "It weighs 30 kilograms, or 66 pounds, when full.",
            "It is a 6 1/2-mile (10.5-kilometer) route.",
            "It holds 1.5 million barrels (238 million liters) of crude.",
            "She drank 17 ounces (500 ml) of water before meals.",
            "He hiked 8 miles, about 13 kilometers, through smoke.",
            "Add 1 pound (454 g) of flour and 1 quart (0.95 L) of milk.",
            "It was 86 degrees F (30 degrees C) at noon in the heat.",
            "The canyon is as much as 370 miles (600 km) wide.",
            "It is a 1,400-mile-wide (2,300 km) crater.",
            "Lows are about minus 80 degrees Fahrenheit (minus 60 degrees Celsius).",
            "Water lies in the upper three feet (one meter) of soil.",
        ] {
            assert!(findings(ok).is_empty(), "{ok}: {:?}", findings(ok));
        }
    }

    #[test]
    fn flags_and_fixes_wrong_pairs() {
        let text = "The pipeline runs 500 kilometers (200 miles) to the coast.";
        let found = findings(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, crate::lint::Severity::Error);
        assert_eq!(
            fixed(text),
            "The pipeline runs 500 kilometers (310 miles) to the coast."
        );
        assert_eq!(
            fixed("It is a 2-mile (5-kilometer) loop."),
            "It is a 2-mile (3-kilometer) loop."
        );
        assert_eq!(
            fixed("Temperatures rose 2 degrees Celsius (35.6 degrees Fahrenheit)."),
            "Temperatures rose 2 degrees Celsius (3.6 degrees Fahrenheit)."
        );
        assert_eq!(
            fixed("The range is 300 to 3,400 miles (480 to 3,400 kilometers)."),
            "The range is 300 to 3,400 miles (480 to 5,500 kilometers)."
        );
        assert_eq!(fixed("Highs hit 104°F (30°C)."), "Highs hit 104°F (40°C).");
        assert_eq!(
            fixed("Seas warmed by 1.5 degrees Fahrenheit (1.5 degrees Celsius) since 1900."),
            "Seas warmed by 1.5 degrees Fahrenheit (0.8 degrees Celsius) since 1900."
        );
        assert_eq!(
            fixed("He hiked 8 miles, about 20 kilometers, in smoke."),
            "He hiked 8 miles, about 13 kilometers, in smoke."
        );
    }

    #[test]
    fn quotes_get_info_without_fix() {
        let found = findings("“We drove 500 kilometers (200 miles),” she said.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, crate::lint::Severity::Info);
        assert!(found[0].fixes.is_empty());
    }

    #[test]
    fn other_ton_is_info() {
        let found = findings("The ship carries 12,500 tons (12,500 metric tons) of grain.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, crate::lint::Severity::Info);
    }
}
