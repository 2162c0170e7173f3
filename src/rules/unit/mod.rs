//! `unit/`: measurements, percentages and money (spec §B). One quantity scanner
//! ([`scan`]) over each block's masked prose feeds every rule; units come from the data
//! table in [`table`], never from per-unit code.
//!
//! Quotations are never rewritten. Headlines, subheads, bylines and tables are not
//! checked: headline style abbreviates on purpose and tables carry their own headers.

pub mod conversion_mismatch;
pub mod currency;
pub mod mixed_system;
pub mod percent_form;
pub mod percentage_points;
pub mod scan;
pub mod spelling_variant;
pub mod table;
pub mod temperature;

use crate::config::Style;
use crate::document::{Block, Zone};
use crate::lint::{BlockContext, DocumentContext, HoverText};
use crate::re::Regex;
use scan::{Number, Quantity};
use std::sync::LazyLock;
use table::{Dimension, Unit};

/// A prose block the unit rules check, with its scanned quantities.
pub(crate) struct ScannedBlock<'a> {
    /// The block.
    pub block: &'a Block,
    /// Quantities in source order.
    pub quantities: crate::lint::MemoRef<'a, BlockQuantities>,
}

/// A block's scanned quantities, memoised per block (see [`crate::lint::BlockMemo`]):
/// scanned once when the block changes and shared by every unit rule.
pub(crate) struct BlockQuantities(pub Vec<Quantity>);
impl crate::lint::MemoValue for BlockQuantities {
    /// Every block without any shares one empty value.
    fn share_key(&self) -> Option<u8> {
        self.0.is_empty().then_some(0)
    }
}

impl std::ops::Deref for BlockQuantities {
    type Target = Vec<Quantity>;
    fn deref(&self) -> &Vec<Quantity> {
        &self.0
    }
}

/// The block's quantities, from its memo.
pub(crate) fn quantities(ctx: &BlockContext<'_>) -> std::sync::Arc<BlockQuantities> {
    ctx.memo(|| BlockQuantities(scan::scan(ctx.text(), ctx.facts)))
}

/// Whether the unit rules look at a block: body copy and captions outside tables.
pub(crate) fn eligible(block: &Block) -> bool {
    matches!(block.zone, Zone::Body | Zone::Caption) && !block.in_table
}

/// Block `i`'s quantities (memoised; scanned in the block pass).
fn quantities_of<'c>(
    ctx: &'c DocumentContext<'_>,
    i: usize,
) -> crate::lint::MemoRef<'c, BlockQuantities> {
    let block = &ctx.document.blocks[i];
    ctx.memo(i, || {
        BlockQuantities(scan::scan(&block.masked, &ctx.facts[i]))
    })
}

/// What the unit rules that compare a draft's quantities with each other need to know of
/// one block to tell whether the draft can have a finding at all: each counted
/// measurement's dimension and system, each compared spelling, and how many misspelt
/// units and temperatures it holds. A pure function of the block's cache key (its text,
/// placement and the configuration).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct UnitSummary {
    /// (dimension, system, is it inches) of each quantity `unit/mixed-system` counts.
    counted: Vec<(Dimension, table::System, bool)>,
    /// (unit, form) of each quantity `unit/spelling-variant` compares, misspelt ones
    /// apart.
    forms: Vec<(&'static str, table::FormClass)>,
    /// Quantities `unit/spelling-variant` compares whose unit is misspelt.
    wrong: u32,
    /// Temperatures outside quotations.
    temperatures: u32,
}

impl UnitSummary {
    fn of(quantities: &[Quantity], style: Style) -> UnitSummary {
        let mut summary = UnitSummary::default();
        for q in quantities {
            if mixed_system::counts(q, style) {
                summary
                    .counted
                    .push((q.unit.dimension, q.unit.system, q.unit.key == "inch"));
            }
            if spelling_variant::compared(q, style) {
                if q.class == table::FormClass::Wrong {
                    summary.wrong += 1;
                } else {
                    summary.forms.push((q.unit.key, q.class));
                }
            }
            if q.unit.dimension == Dimension::Temperature && !q.in_quote {
                summary.temperatures += 1;
            }
        }
        summary
    }
}

/// The [`UnitSummary`] entries of every block of the draft, counted.
#[derive(Default)]
pub(crate) struct UnitTotals {
    counted: std::collections::HashMap<(Dimension, table::System, bool), u32>,
    forms: std::collections::HashMap<(&'static str, table::FormClass), u32>,
    wrong: u32,
    temperatures: u32,
}

impl UnitTotals {
    fn add(&mut self, summary: &UnitSummary) {
        for &key in &summary.counted {
            *self.counted.entry(key).or_insert(0) += 1;
        }
        for &key in &summary.forms {
            *self.forms.entry(key).or_insert(0) += 1;
        }
        self.wrong += summary.wrong;
        self.temperatures += summary.temperatures;
    }

    fn remove(&mut self, summary: &UnitSummary) {
        for key in &summary.counted {
            remove_one(&mut self.counted, key);
        }
        for key in &summary.forms {
            remove_one(&mut self.forms, key);
        }
        self.wrong = self.wrong.saturating_sub(summary.wrong);
        self.temperatures = self.temperatures.saturating_sub(summary.temperatures);
    }

    /// Whether some dimension has quantities of both systems (`device_story`: inches
    /// are screen sizes and not counted): `unit/mixed-system` can flag something.
    pub(crate) fn mixes_systems(&self, device_story: bool) -> bool {
        let mut systems: std::collections::HashMap<Dimension, (bool, bool)> =
            std::collections::HashMap::new();
        for (&(dimension, system, inch), &n) in &self.counted {
            if n == 0 || (device_story && inch) {
                continue;
            }
            let seen = systems.entry(dimension).or_default();
            match system {
                table::System::Customary => seen.0 = true,
                table::System::Metric => seen.1 = true,
                _ => {}
            }
        }
        systems
            .values()
            .any(|&(customary, metric)| customary && metric)
    }

    /// Whether a compared unit is misspelt or written two ways: `unit/spelling-variant`
    /// can flag something.
    pub(crate) fn spellings_vary(&self) -> bool {
        if self.wrong > 0 {
            return true;
        }
        let mut forms: std::collections::HashMap<&'static str, table::FormClass> =
            std::collections::HashMap::new();
        self.forms
            .iter()
            .filter(|(_, &n)| n > 0)
            .any(|(&(unit, class), _)| *forms.entry(unit).or_insert(class) != class)
    }

    /// Whether the draft has a temperature outside quotations: `unit/temperature` can
    /// flag something.
    pub(crate) fn has_temperatures(&self) -> bool {
        self.temperatures > 0
    }
}

fn remove_one<K: std::hash::Hash + Eq>(counts: &mut std::collections::HashMap<K, u32>, key: &K) {
    if let Some(n) = counts.get_mut(key) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            counts.remove(key);
        }
    }
}

/// Each eligible block's [`UnitSummary`] (`None` for a block without quantities or not
/// checked) and their totals, kept between analyses and updated from the blocks an edit
/// changed. One state for the unit rules that read every block's quantities: the first
/// to follow an edit updates it, the others find it current. From the totals a rule
/// tells, without reading any block, that the draft has nothing for it to flag (a draft
/// in one system, spelt one way, without temperatures: most of them), and reads the
/// blocks' quantities only when it may.
#[derive(Default)]
pub(crate) struct QuantityColumn {
    summaries: crate::lint::BlockColumn<Option<UnitSummary>>,
    totals: UnitTotals,
}

impl QuantityColumn {
    /// Brings the column to `ctx`'s blocks.
    pub(crate) fn follow(&mut self, ctx: &DocumentContext<'_>) {
        let blocks = &ctx.document.blocks;
        let style = ctx.config.style;
        let summary = |i: usize| {
            if !eligible(&blocks[i]) {
                return None;
            }
            let quantities = quantities_of(ctx, i);
            (!quantities.is_empty()).then(|| UnitSummary::of(&quantities, style))
        };
        match self.summaries.follow(ctx.keys, summary) {
            crate::lint::Followed::Rebuilt => {
                self.totals = UnitTotals::default();
                for summary in self.summaries.values().iter().flatten() {
                    self.totals.add(summary);
                }
            }
            crate::lint::Followed::Spliced { removed, added } => {
                for (_, summary) in removed {
                    if let Some(summary) = summary {
                        self.totals.remove(&summary);
                    }
                }
                for summary in self.summaries.values()[added].iter().flatten() {
                    self.totals.add(summary);
                }
            }
        }
    }
}

/// The eligible blocks of the document that hold quantities, in order (a keystroke reads
/// the quantities of those blocks only); none when the draft's totals say `can_flag`
/// is false (then no block is read at all).
pub(crate) fn scan_document<'a>(
    ctx: &'a DocumentContext<'a>,
    can_flag: impl FnOnce(&UnitTotals) -> bool,
) -> Vec<ScannedBlock<'a>> {
    ctx.states.with(|column: &mut QuantityColumn| {
        column.follow(ctx);
        if !can_flag(&column.totals) {
            return Vec::new();
        }
        let summaries = column.summaries.values();
        (0..summaries.len())
            .filter(|&i| summaries[i].is_some())
            .map(|i| ScannedBlock {
                block: &ctx.document.blocks[i],
                quantities: quantities_of(ctx, i),
            })
            .collect()
    })
}

/// Rounds `value` to `sig_figs` significant figures.
pub fn round_sig(value: f64, sig_figs: usize) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let magnitude = value.abs().log10().floor() as i32;
    let power = sig_figs as i32 - 1 - magnitude;
    let factor = 10f64.powi(power);
    (value * factor).round() / factor
}

/// Formats a computed figure the way a writer would: `sig_figs` significant figures, no
/// decimals at 100 and above, at most `max_decimals` decimals when given, thousands
/// commas, and a word for one to nine when `word` is set.
pub fn format_figure(
    value: f64,
    sig_figs: usize,
    max_decimals: Option<usize>,
    word: bool,
) -> String {
    let rounded = round_sig(value, sig_figs.max(1));
    let magnitude = if rounded == 0.0 {
        0
    } else {
        rounded.abs().log10().floor() as i32
    };
    let mut decimals = (sig_figs as i32 - 1 - magnitude).max(0) as usize;
    if rounded.abs() >= 100.0 {
        decimals = 0;
    }
    if let Some(max) = max_decimals {
        decimals = decimals.min(max);
    }
    let mut text = format!("{:.*}", decimals, rounded);
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if text == "-0" {
        text = "0".into();
    }
    if word {
        const WORDS: [&str; 10] = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        ];
        if let Ok(n) = text.parse::<usize>() {
            if (1..=9).contains(&n) {
                return WORDS[n].to_string();
            }
        }
    }
    with_commas(&text)
}

fn with_commas(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    if int.len() < 4 {
        return text.to_string();
    }
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// The house-style name of `unit`: AP spells out in US English; the Guardian uses its
/// symbols and UK spellings. Adjectival forms are singular. The flag says whether the
/// name is closed up to the figure (`10km`).
pub fn unit_name(
    unit: &Unit,
    style: Style,
    plural: bool,
    adjectival: bool,
) -> (&'static str, bool) {
    let (singular, plural_form, closed) = match style {
        Style::Ap => (unit.ap.0, unit.ap.1, false),
        Style::Guardian => (unit.uk.0, unit.uk.1, unit.uk_closed),
    };
    let name = if plural && !adjectival {
        plural_form
    } else {
        singular
    };
    (name, closed && !adjectival)
}

/// Writes `quantity` converted into `target`, in house style (`3.1 miles`, `310-mile`).
pub fn render_converted(text: &str, quantity: &Quantity, target: &Unit, style: Style) -> String {
    let figures: Vec<String> = quantity
        .numbers
        .iter()
        .map(|n| converted_figure(n, quantity.unit, target, false, None))
        .collect();
    let mut out = figures[0].clone();
    if let (Some(first), Some(second)) = (quantity.numbers.first(), quantity.numbers.get(1)) {
        // Keep the writer's range word or dash; a `million` after the first figure is
        // written once, after the last.
        let raw = &text[first.range.end..second.range.start];
        let between = if raw.contains("illion") || raw.contains("thousand") {
            raw.split_whitespace()
                .last()
                .map_or(" to ".to_string(), |w| format!(" {w} "))
        } else {
            raw.to_string()
        };
        out.push_str(&between);
        out.push_str(&figures[1]);
    }
    let last = quantity.numbers.last().expect("a quantity has a figure");
    out.push_str(multiplier_word(last.multiplier));
    let plural = quantity.numbers.len() > 1
        || figures[0] != "1" && figures[0] != "one"
        || quantity.adjectival;
    if target.dimension == Dimension::Temperature {
        return format!("{out}{}", temperature_name(text, quantity, target));
    }
    let (name, closed) = unit_name(target, style, plural, quantity.adjectival);
    let sep = if quantity.adjectival {
        "-"
    } else if closed {
        ""
    } else {
        " "
    };
    format!("{out}{sep}{name}")
}

/// The scale written the way the source temperature writes its own (`°C` → `°F`,
/// `degrees Celsius` → `degrees Fahrenheit`, ` C` → ` F`), with its separator.
pub fn temperature_name(text: &str, quantity: &Quantity, target: &Unit) -> String {
    let last = quantity.numbers.last().expect("figure");
    let written = &text[last.range.end..quantity.unit_range.end];
    if target.key == "degf" {
        written
            .replace("centigrade", "Fahrenheit")
            .replace("Celsius", "Fahrenheit")
            .replace('C', "F")
    } else {
        written.replace("Fahrenheit", "Celsius").replace('F', "C")
    }
}

fn multiplier_word(multiplier: f64) -> &'static str {
    match multiplier {
        1e3 => " thousand",
        1e6 => " million",
        1e9 => " billion",
        1e12 => " trillion",
        _ => "",
    }
}

/// One figure converted into `target`, expressed in the figure's own multiplier, with
/// the significant figures of the source (at least two), or of `like` when given.
pub fn converted_figure(
    number: &Number,
    from: &Unit,
    target: &Unit,
    difference: bool,
    like: Option<&Number>,
) -> String {
    let value = table::convert(number.value, from, target, difference);
    match like {
        Some(y) => {
            let max_decimals = Some(y.decimals);
            format_figure(
                value / y.multiplier,
                number.sig_figs.max(2),
                max_decimals,
                y.word,
            )
        }
        None => format_figure(
            value / number.multiplier,
            number.sig_figs.max(2),
            None,
            number.word,
        ),
    }
}

static DELTA_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i)(?:\b(?:rise|increase|drop|fall|warming|cooling|change|decline|jump|gain|swing|difference|spike|dip)s?\s+of|\bby|\brose|\brisen|\bincreased|\bfell|\bfallen|\bdropped|\bwarmed|\bcooled|\bclimbed|\bjumped|\bup|\bdown)\s+(?:(?:about|roughly|nearly|some|more\s+than|almost|around|up\s+to|at\s+least|an\s+additional|another)\s+)?$").expect("delta")
});

static DELTA_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i)^\s*(?:\([^)]*\)\s*)?(?:warmer|cooler|hotter|colder|higher|lower|more|less|of\s+warming|rise|increase|drop|(?:above|below)\s+(?:the\s+)?(?:pre-?industrial|average|normal|the\s+long-term|long-term|seasonal))\b").expect("delta after")
});

/// Whether a temperature quantity is a difference (`rose 2 degrees Celsius`) rather than
/// a reading.
pub fn is_temperature_difference(
    text: &str,
    quantity: &Quantity,
    partner: Option<&Quantity>,
) -> bool {
    let before = &text[scan::line_back(text, quantity.range.start, 40)..quantity.range.start];
    let end = partner.map_or(quantity.range.end, |p| p.range.end.max(quantity.range.end));
    let after = &text[end..scan::line_ahead(text, end, 60)];
    DELTA_BEFORE.is_match(before) || DELTA_AFTER.is_match(after)
}

/// The outcome of checking one conversion pair.
#[derive(Clone, Debug)]
pub struct PairCheck {
    /// Per end of the pair: the exact converted value of the first quantity, in the
    /// second quantity's unit.
    pub exact: Vec<f64>,
    /// Per end: whether the written value is acceptable.
    pub ok: Vec<bool>,
    /// Per end: relative error of the written value.
    pub error: Vec<f64>,
    /// The relative tolerance used (absolute degrees for temperatures).
    pub tolerance: f64,
    /// Checked as a temperature difference (no +32).
    pub difference: bool,
    /// The written value fits only the other kind of ton or gallon.
    pub fits_other_kind: bool,
}

/// Checks `second` as a conversion of `first` (spec §B.2 `unit/conversion-mismatch`).
/// `None` when the pair cannot be compared (a range against a single figure).
pub fn check_pair(
    text: &str,
    first: &Quantity,
    second: &Quantity,
    style: Style,
) -> Option<PairCheck> {
    if first.numbers.len() != second.numbers.len()
        || first.unit.dimension != second.unit.dimension
        || first.unit.key == "deg"
        || second.unit.key == "deg"
    {
        return None;
    }
    let temperature = first.unit.dimension == Dimension::Temperature;
    let explicit_difference = temperature && is_temperature_difference(text, first, Some(second));
    // Figures written as words are round by nature: treat them as hedged.
    let words = first.numbers.iter().chain(&second.numbers).any(|n| n.word);
    let tolerance = match (temperature, first.hedge || second.hedge || words) {
        (true, false) => {
            if second.unit.key == "degf" {
                1.5
            } else {
                1.0
            }
        }
        (true, true) => {
            if second.unit.key == "degf" {
                3.0
            } else {
                2.0
            }
        }
        (false, false) => 0.05,
        (false, true) => 0.10,
    };
    let mut check = PairCheck {
        exact: Vec::new(),
        ok: Vec::new(),
        error: Vec::new(),
        tolerance,
        difference: explicit_difference,
        fits_other_kind: false,
    };
    for (x, y) in first.numbers.iter().zip(&second.numbers) {
        if temperature {
            let reading = table::convert(x.value, first.unit, second.unit, false);
            let delta = table::convert(x.value, first.unit, second.unit, true);
            // Within the absolute tolerance, or rounded to the figures the writer gave
            // (`minus 60` for -62.2), or within 2% for extreme readings.
            let fits = |e: f64| {
                let off = (y.value - e).abs();
                off <= tolerance
                    || (round_sig(e, y.sig_figs) - y.value).abs() < 1e-9 && off <= 3.0
                    || off / e.abs().max(1.0) <= 0.02
            };
            // A difference scales like any other unit: relative tolerance (5%, 10% with
            // a hedge) or rounding to the writer's significant figures.
            let hedged = first.hedge || second.hedge || words;
            let fits_difference = |e: f64| {
                let relative = if hedged { 0.10 } else { 0.05 };
                (round_sig(e, y.sig_figs) - y.value).abs() < 1e-9
                    || e != 0.0 && ((y.value - e) / e).abs() <= relative
            };
            let (exact, ok) = if explicit_difference {
                (delta, fits_difference(delta))
            } else if fits(reading) {
                (reading, true)
            } else if fits_difference(delta) {
                check.difference = true;
                (delta, true)
            } else {
                (reading, false)
            };
            check.exact.push(exact);
            check.ok.push(ok);
            check.error.push((y.value - exact).abs());
            continue;
        }
        let factors = alternative_factors(first.unit, second.unit, style);
        let fits = |ratio: f64| {
            let exact = x.value * ratio;
            let y_scaled = y.value / y.multiplier;
            let rounded = round_sig(exact / y.multiplier, y.sig_figs);
            (rounded - y_scaled).abs() <= 1e-9 * y_scaled.abs().max(1.0)
                || exact != 0.0 && ((y.value - exact) / exact).abs() <= tolerance
        };
        let primary = factors[0];
        let exact = x.value * primary;
        let ok = fits(primary);
        if !ok && factors[1..].iter().any(|&f| fits(f)) {
            check.fits_other_kind = true;
        }
        check.exact.push(exact);
        check.ok.push(ok);
        check.error.push(if exact == 0.0 {
            0.0
        } else {
            ((y.value - exact) / exact).abs()
        });
    }
    Some(check)
}

/// Ratios from `from` to `to`: the house reading first, then the other kind of ton or
/// gallon a writer may have meant.
fn alternative_factors(from: &Unit, to: &Unit, style: Style) -> Vec<f64> {
    const METRIC_TON: f64 = 1000.0;
    const LONG_TON: f64 = 1_016.046_908_8;
    let kinds = |unit: &Unit| -> Vec<f64> {
        match unit.key {
            "ton" if style == Style::Guardian => vec![METRIC_TON, unit.factor, LONG_TON],
            "ton" => vec![unit.factor, METRIC_TON, LONG_TON],
            "gallon" | "pint" | "quart" => {
                let imperial = unit.factor * table::IMPERIAL_GALLON / (3.785_411_784);
                if style == Style::Guardian {
                    vec![imperial, unit.factor]
                } else {
                    vec![unit.factor, imperial]
                }
            }
            _ => vec![unit.factor],
        }
    };
    let mut out = Vec::new();
    let from_kinds = kinds(from);
    let to_kinds = kinds(to);
    out.push(from_kinds[0] / to_kinds[0]);
    for f in &from_kinds {
        for t in &to_kinds {
            out.push(f / t);
        }
    }
    out
}

/// A computed value shown as exact: one decimal from 100 up, else up to two.
pub fn exact_figure(value: f64) -> String {
    let decimals = if value.abs() >= 100.0 { 1 } else { 2 };
    let text = format!("{:.*}", decimals, value);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    with_commas(text)
}

/// Hover for quantities: the value converted into the other system, or, on a conversion
/// pair, the exact value and whether the written one is within tolerance.
pub fn hover(ctx: &BlockContext<'_>, offset: usize) -> Option<HoverText> {
    if !eligible(ctx.block) {
        return None;
    }
    let text = ctx.text();
    let quantities = quantities(ctx);
    let idx = quantities
        .iter()
        .position(|q| q.range.start <= offset && offset <= q.range.end)?;
    let quantity = &quantities[idx];
    let written = |q: &Quantity| text[q.range.clone()].to_string();
    if let Some(partner_idx) = quantity.partner {
        let (first, second) = if quantity.is_conversion {
            (&quantities[partner_idx], quantity)
        } else {
            (quantity, &quantities[partner_idx])
        };
        let check = check_pair(text, first, second, ctx.config.style)?;
        let exact: Vec<String> = check.exact.iter().map(|v| exact_figure(*v)).collect();
        let (name, _) = unit_name(second.unit, Style::Ap, true, false);
        let verdict = if check.ok.iter().all(|ok| *ok) {
            "within tolerance"
        } else {
            "**outside tolerance**"
        };
        let tolerance = if first.unit.dimension == Dimension::Temperature {
            format!("±{} degrees", check.tolerance)
        } else {
            format!("{:.0}%", check.tolerance * 100.0)
        };
        let kind = if check.difference {
            " (as a difference)"
        } else {
            ""
        };
        let markdown = format!(
            "`{}` = {} {name} exactly{kind}; written `{}`: {verdict} ({tolerance})",
            written(first),
            exact.join("–"),
            written(second),
        );
        let span = first.range.start.min(second.range.start)..first.range.end.max(second.range.end);
        return Some(HoverText {
            span: ctx.span(span),
            markdown,
        });
    }
    if quantity.unit.key == "deg" {
        return None;
    }
    let target = table::unit(quantity.unit.counterpart);
    let converted = render_converted(text, quantity, target, Style::Ap);
    let converted = if target.dimension == Dimension::Temperature {
        let figures: Vec<String> = quantity
            .numbers
            .iter()
            .map(|n| {
                format_figure(
                    table::convert(n.value, quantity.unit, target, false),
                    3,
                    Some(1),
                    false,
                )
            })
            .collect();
        let scale = if target.key == "degf" { "°F" } else { "°C" };
        format!("{}{scale}", figures.join("–"))
    } else {
        converted
    };
    Some(HoverText {
        span: ctx.span(quantity.range.clone()),
        markdown: format!("{} ≈ {converted}", written(quantity)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paragraph `n` of a story about a road, with no quantity in it.
    fn filler(n: usize) -> String {
        format!("Crew {n} worked on the road through the night, the foreman said.")
    }

    /// Versions of a story in which quantities come and go, move into a table and out of
    /// it: the kept quantity column equals a fresh one, and the unit rules' findings from
    /// cached analyses equal fresh ones (mixed systems, spellings, temperatures).
    #[test]
    fn small_edits_update_the_quantity_column_in_place() {
        let base: Vec<String> = (0..30).map(filler).collect();
        let mut v1 = base.clone();
        v1[5] = "The road runs 40 miles to the coast.".into();
        v1[9] = "The new span adds 12 kilometers and 3 kms of ramps.".into();
        v1[20] = "It was 30C at noon and 86F by evening.".into();
        let mut v2 = v1.clone();
        v2.insert(11, "Trucks may carry 20 tonnes over 15 km of it.".into());
        let mut v3 = v2.clone();
        v3[5] = "| Stretch | Length |\n|---|---|\n| Coast | 40 miles |".into();
        let mut v4 = v3.clone();
        v4.remove(9);
        v4[19] = filler(99);
        let drafts =
            crate::lint::story_versions("Road", &[&base, &v1, &v2, &v3, &v4, &v2, &v1, &base]);
        for style in [Style::Ap, Style::Guardian] {
            let config = crate::Config {
                style,
                ..crate::Config::default()
            };
            let unit_findings = crate::lint::cached_equals_fresh(&drafts, &config)
                .iter()
                .flatten()
                .filter(|f| {
                    [
                        "unit/mixed-system",
                        "unit/spelling-variant",
                        "unit/temperature",
                    ]
                    .contains(&f.rule)
                })
                .count();
            assert!(unit_findings >= 6, "{style:?}: {unit_findings}");
        }
        crate::lint::kept_equals_fresh(&drafts, QuantityColumn::follow, |column| {
            let totals = &column.totals;
            let mut counted: Vec<_> = totals.counted.iter().map(|(k, n)| (*k, *n)).collect();
            counted.sort();
            let mut forms: Vec<_> = totals.forms.iter().map(|(k, n)| (*k, *n)).collect();
            forms.sort();
            (
                column.summaries.values().to_vec(),
                counted,
                forms,
                totals.wrong,
                totals.temperatures,
            )
        });
    }

    #[test]
    fn formats_like_a_writer() {
        assert_eq!(format_figure(310.686, 2, None, false), "310");
        assert_eq!(format_figure(3.218, 2, Some(0), false), "3");
        assert_eq!(format_figure(7.242, 2, None, false), "7.2");
        assert_eq!(format_figure(5472.0, 2, None, false), "5,500");
        assert_eq!(format_figure(8.04, 2, Some(0), true), "eight");
        assert_eq!(format_figure(1609.344, 4, None, false), "1,609");
    }

    #[test]
    fn hover_converts_and_judges_pairs() {
        let source = "The trail is 4.5 miles long. It runs 500 kilometers (200 miles) east.\n";
        let analysis = crate::lint::lint(source, &crate::config::Config::default());
        let config = crate::config::Config::default();
        let at = source.find("4.5").unwrap();
        let hover_text = crate::lint::hover(source, &analysis.document, &config, at);
        // The lead wires `hover` into HOVER_PROVIDERS; call it directly meanwhile.
        let _ = hover_text;
        let block = &analysis.document.blocks[0];
        let ctx = BlockContext {
            source,
            block,
            facts: &analysis.facts[0],
            info: &analysis.document.info,
            config: &config,
            memo: &Default::default(),
            pass: &Default::default(),
        };
        let shown = hover(&ctx, at - block.span.start).unwrap();
        assert_eq!(shown.markdown, "4.5 miles ≈ 7.2 kilometers");
        let at = source.find("200").unwrap() - block.span.start;
        let shown = hover(&ctx, at).unwrap();
        assert!(
            shown.markdown.contains("310.7 miles exactly"),
            "{}",
            shown.markdown
        );
        assert!(
            shown.markdown.contains("outside tolerance"),
            "{}",
            shown.markdown
        );
    }

    #[test]
    fn hover_on_temperatures() {
        let source = "Highs reached 104°F (40°C) and lows 50 degrees Fahrenheit in the heat.\n";
        let config = crate::config::Config::default();
        let analysis = crate::lint::lint(source, &config);
        let block = &analysis.document.blocks[0];
        let ctx = BlockContext {
            source,
            block,
            facts: &analysis.facts[0],
            info: &analysis.document.info,
            config: &config,
            memo: &Default::default(),
            pass: &Default::default(),
        };
        let at = |needle: &str| source.find(needle).unwrap() - block.span.start;
        let pair = hover(&ctx, at("40°C")).unwrap();
        assert_eq!(
            pair.markdown,
            "`104°F` = 40 degrees Celsius exactly; written `40°C`: within tolerance (±1 degrees)"
        );
        let single = hover(&ctx, at("50 degrees")).unwrap();
        assert_eq!(single.markdown, "50 degrees Fahrenheit ≈ 10°C");
    }
}
