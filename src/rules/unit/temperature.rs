//! `unit/temperature`: temperature scales mixed within a story, and AP temperature forms
//! (`minus 10`, not `-10`; never "centigrade").

use super::scan::Quantity;
use super::table::{self, FormClass};
use super::{
    format_figure, is_temperature_difference, scan_document, temperature_name, ScannedBlock,
    UnitTotals,
};
use crate::config::Style;
use crate::declare_rule;
use crate::lint::{DocumentContext, Edit, Finding, Fix, Rule, RuleMeta, Span};

declare_rule! {
    /// ## What it does
    /// - Flags a temperature in the story's minority scale: `38 degrees Celsius` in a story
    ///   that otherwise gives Fahrenheit (in the AP profile a bare `95 degrees` counts as
    ///   Fahrenheit). Conversion pairs such as `104°F (40°C)` are correct and not counted;
    ///   whether a pair's figures agree is `unit/conversion-mismatch`'s job. On a tie the
    ///   profile decides (AP: Fahrenheit; Guardian: Celsius).
    /// - AP: a temperature below zero is `minus 10`, not `-10`.
    /// - Every profile: "centigrade" is "Celsius".
    ///
    /// Quotations are never flagged.
    ///
    /// ## Why is this bad?
    /// A reader cannot tell whether "38 degrees" is a fever or a frost when the story
    /// switches scales; a hyphen before a figure reads as a dash or a range.
    ///
    /// ## Example
    /// ```markdown
    /// Highs reached 95 degrees on Monday. By Friday it was 38 degrees Celsius, and
    /// overnight lows fell to -5 degrees.
    /// ```
    /// Use instead:
    /// ```markdown
    /// Highs reached 95 degrees on Monday. By Friday it was 100 degrees Fahrenheit, and
    /// overnight lows fell to minus 5 degrees.
    /// ```
    ///
    /// ## Fix safety
    /// `minus` and `Celsius` fixes are safe: the reading does not change. The scale fixes
    /// are unsafe: the first converts the temperature to the story's scale, the second
    /// adds the conversion in parentheses; both write new figures (a difference such as
    /// "rose 2 degrees Celsius" converts without the +32 offset).
    ///
    /// ## References
    /// Spec §B.2; AP Stylebook, "temperatures", "Celsius".
    pub struct Temperature {
        id: "unit/temperature",
        summary: "Temperature scale mixed or written against house style",
        severity: Warning,
        fix: Sometimes,
        scope: Document,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scale {
    F,
    C,
}

impl Rule for Temperature {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let style = ctx.config.style;
        let blocks = scan_document(ctx, UnitTotals::has_temperatures);
        let mut readings: Vec<(usize, usize, Scale)> = Vec::new();
        for (b, scanned) in blocks.iter().enumerate() {
            let text = &*scanned.block.masked;
            for (i, q) in scanned.quantities.iter().enumerate() {
                if q.unit.dimension != table::Dimension::Temperature || q.in_quote {
                    continue;
                }
                form_findings(scanned, q, style, findings);
                if q.partner.is_some() {
                    continue;
                }
                let scale = match q.unit.key {
                    "degf" => Scale::F,
                    "degc" => Scale::C,
                    _ if style == Style::Ap
                        && !matches!(q.value().abs() as i64, 90 | 180 | 270 | 360)
                        && !text[q.range.end..].trim_start().starts_with(['(', '-']) =>
                    {
                        Scale::F
                    }
                    _ => continue,
                };
                readings.push((b, i, scale));
            }
        }
        let f = readings.iter().filter(|r| r.2 == Scale::F).count();
        let c = readings.len() - f;
        if f == 0 || c == 0 {
            return;
        }
        let dominant = match f.cmp(&c) {
            std::cmp::Ordering::Greater => Scale::F,
            std::cmp::Ordering::Less => Scale::C,
            std::cmp::Ordering::Equal => match style {
                Style::Ap => Scale::F,
                Style::Guardian => Scale::C,
            },
        };
        let Some(&(fb, fi, _)) = readings.iter().find(|r| r.2 == dominant) else {
            return;
        };
        let first = span_of(&blocks[fb], &blocks[fb].quantities[fi]);
        for &(b, i, scale) in &readings {
            if scale == dominant {
                continue;
            }
            let scanned = &blocks[b];
            let q = &scanned.quantities[i];
            findings.push(scale_finding(scanned, q, dominant, first));
        }
    }
}

fn span_of(scanned: &ScannedBlock<'_>, q: &Quantity) -> Span {
    Span::new(
        scanned.block.span.start + q.range.start,
        scanned.block.span.start + q.range.end,
    )
}

fn form_findings(
    scanned: &ScannedBlock<'_>,
    q: &Quantity,
    style: Style,
    findings: &mut Vec<Finding>,
) {
    let text = &*scanned.block.masked;
    let base = scanned.block.span.start;
    if q.class == FormClass::Wrong {
        let written = &text[q.unit_range.clone()];
        let replacement = if written.to_ascii_lowercase().starts_with("degree") {
            let degrees = &written[..written.find(char::is_whitespace).unwrap_or(0)];
            format!("{degrees} Celsius")
        } else {
            "Celsius".to_string()
        };
        let span = Span::new(base + q.unit_range.start, base + q.unit_range.end);
        findings.push(
            Finding::new(
                &Temperature::META,
                span,
                format!("`{written}`: the scale is Celsius"),
            )
            .with_fix(Fix::safe(
                "Replace with `Celsius`",
                Edit::replace(span, replacement),
            )),
        );
    }
    let first = &q.numbers[0];
    if style == Style::Ap && first.value < 0.0 {
        let sign_end = first.range.start;
        let sign = &text[q.range.start..sign_end];
        if sign == "-" || sign == "−" {
            let span = Span::new(base + q.range.start, base + sign_end);
            let written = &text[q.range.clone()];
            findings.push(
                Finding::new(
                    &Temperature::META,
                    Span::new(base + q.range.start, base + q.range.end),
                    format!("`{written}`: below zero is written with `minus`"),
                )
                .with_fix(Fix::safe("Write `minus`", Edit::replace(span, "minus "))),
            );
        }
    }
}

fn scale_finding(
    scanned: &ScannedBlock<'_>,
    q: &Quantity,
    dominant: Scale,
    first: Span,
) -> Finding {
    let text = &*scanned.block.masked;
    let span = span_of(scanned, q);
    let written = &text[q.range.clone()];
    let (target, name) = match dominant {
        Scale::F => (table::unit("degf"), "Fahrenheit"),
        Scale::C => (table::unit("degc"), "Celsius"),
    };
    let finding = Finding::new(
        &Temperature::META,
        span,
        format!("`{written}` switches scale; this story gives temperatures in {name}"),
    )
    .with_related(first, format!("{name} here"));
    if q.unit.key == "deg" {
        return finding;
    }
    let difference = is_temperature_difference(text, q, None);
    let figures: Vec<String> = q
        .numbers
        .iter()
        .map(|n| {
            let value = table::convert(n.value, q.unit, target, difference);
            let figure = format_figure(value.abs(), n.sig_figs.max(2), Some(n.decimals), false);
            if value < 0.0 {
                format!("minus {figure}")
            } else {
                figure
            }
        })
        .collect();
    let mut converted = figures.join(" to ");
    converted.push_str(&temperature_name(text, q, target));
    finding
        .with_fix(Fix::unsafe_edit(
            format!("Convert to `{converted}`"),
            Edit::replace(span, converted.clone()),
        ))
        .with_fix(Fix::unsafe_edit(
            format!("Add `({converted})` after it"),
            Edit::insert(span.end, format!(" ({converted})")),
        ))
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Style};
    use crate::lint::fix::{fix_text, FixMode};
    use crate::lint::lint;

    fn config(style: Style) -> Config {
        let mut config = Config::only("unit/temperature");
        config.style = style;
        config
    }

    #[test]
    fn scale_mixing() {
        let text = "Highs reached 95 degrees on Monday and 97 degrees on Tuesday. By Friday it was 38 degrees Celsius.";
        let found = lint(text, &config(Style::Ap)).findings;
        assert_eq!(found.len(), 1);
        assert_eq!(
            &text[found[0].span.start..found[0].span.end],
            "38 degrees Celsius"
        );
        assert_eq!(
            fix_text(text, &config(Style::Ap), FixMode::Unsafe).text,
            "Highs reached 95 degrees on Monday and 97 degrees on Tuesday. By Friday it was 100 degrees Fahrenheit."
        );
        assert!(lint(
            "Highs hit 104°F (40°C) on Monday and 101°F on Tuesday.",
            &config(Style::Ap)
        )
        .findings
        .is_empty());
    }

    #[test]
    fn ap_forms() {
        assert_eq!(
            fix_text(
                "Lows fell to -10 degrees in the cold snap.",
                &config(Style::Ap),
                FixMode::Safe
            )
            .text,
            "Lows fell to minus 10 degrees in the cold snap."
        );
        assert_eq!(
            fix_text(
                "It was 30 degrees centigrade in the heat.",
                &config(Style::Ap),
                FixMode::Safe
            )
            .text,
            "It was 30 degrees Celsius in the heat."
        );
        assert!(lint("Lows fell to minus 10 degrees.", &config(Style::Ap))
            .findings
            .is_empty());
        assert!(
            lint("Lows fell to -10C in the cold.", &config(Style::Guardian))
                .findings
                .is_empty()
        );
    }
}
