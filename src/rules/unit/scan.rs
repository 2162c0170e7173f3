//! The quantity scanner: one pass over a block's masked prose that turns `number unit`
//! text into typed [`Quantity`] values (spec §B.1), and pairs each quantity with its
//! conversion partner (`500 kilometers (310 miles)`).
//!
//! It recognises figures with thousands commas, decimals, the words one to nine,
//! `a dozen`, `half a`, `1½` and `1 1/2`, ranges (`5-7 km`, `300 to 3,400 miles`,
//! `between 300 and 3,400 miles`), hedges, adjectival forms (`4.5-mile`), compound units
//! and feet-and-inches (`5-foot-6`, `5'6"`). It does not treat scores, ratios, ages,
//! screen sizes, film and weapon calibers or figures glued to letters (`F-16`, `A380`) as
//! quantities a rule should touch.

use super::table::{self, Dimension, FormClass, Unit};
use crate::analysis::BlockFacts;
use crate::re::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// One written figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    /// Block-relative bytes of the figure (without any `million`).
    pub range: Range<usize>,
    /// The value, with any `million`/`billion` applied and the sign.
    pub value: f64,
    /// The multiplier written after the figure (1 when none).
    pub multiplier: f64,
    /// Significant figures written (trailing zeros of integers not counted; min 1).
    pub sig_figs: usize,
    /// Digits written after the decimal point.
    pub decimals: usize,
    /// Written as a word (`five`).
    pub word: bool,
}

/// A measured quantity found in a block.
#[derive(Clone, Debug)]
pub struct Quantity {
    /// Block-relative bytes from the first figure (or sign) to the end of the unit.
    pub range: Range<usize>,
    /// One figure, or the two ends of a range.
    pub numbers: Vec<Number>,
    /// The unit.
    pub unit: &'static Unit,
    /// Block-relative bytes of the unit text.
    pub unit_range: Range<usize>,
    /// How the unit is written.
    pub class: FormClass,
    /// A hedge (`about`, `roughly`, `up to` …) precedes it.
    pub hedge: bool,
    /// Adjectival hyphen form (`500-kilometer pipeline`).
    pub adjectival: bool,
    /// Inside a direct quotation.
    pub in_quote: bool,
    /// Index (in the block's list) of the conversion partner, if paired.
    pub partner: Option<usize>,
    /// This is the second member of a conversion pair (the parenthetical).
    pub is_conversion: bool,
    /// A fixed expression or domain the rules must not count (`100-meter dash`,
    /// `9 mm pistol`, aviation feet, football yards, screen sizes).
    pub exempt: bool,
}

impl Quantity {
    /// The first (or only) value.
    pub fn value(&self) -> f64 {
        self.numbers[0].value
    }

    /// Written in the plural (anything but exactly one, or a range).
    pub fn plural(&self) -> bool {
        self.numbers.len() > 1 || (self.value() - 1.0).abs() > f64::EPSILON
    }
}

const NUM: &str = r"(?:\b(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?[½¼¾⅓⅔⅛]|\s[1-9]/[1-9]\d?\b)?|\.\d+|[½¼¾]|\b(?i:one|two|three|four|five|six|seven|eight|nine|a\s+dozen|half\s+an?|a\s+half)\b)";
const MULT: &str = r"(?:\s(?:thousand|million|billion|trillion))";

static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    let mut surfaces: Vec<&table::Surface> = table::SURFACES.iter().collect();
    surfaces.sort_by_key(|s| std::cmp::Reverse(s.text.len()));
    let units: Vec<String> = surfaces
        .iter()
        .map(|s| {
            let escaped = regex::escape(s.text).replace(' ', r"\s+");
            if s.any_case {
                format!("(?i:{escaped})")
            } else {
                escaped
            }
        })
        .collect();
    crate::re::compile(&format!(
        r"(?P<neg>\bminus\s+|-|−)?(?P<n1>{NUM})(?P<m1>{MULT})?(?:(?P<rsep>\s*(?:-|–|to|and)\s*)(?P<n2>{NUM}))?(?P<m2>{MULT})?(?P<sep>\s-\s|\s|-|\u{{a0}})?(?P<unit>{})",
        units.join("|")
    ))
    .expect("quantity regex")
});

static FEET_INCHES: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(
        r#"\b(?P<a>\d{1,2})-(?:foot|feet)-(?P<b>\d{1,2}(?:½)?)(?:-inch(?:es)?)?\b|\b(?P<c>\d{1,2})\s(?:feet|foot),?\s(?:and\s)?(?P<d>\d{1,2}(?:½)?)\s?inch(?:es)?\b|\b(?P<e>\d{1,2})['′’]\s?(?P<f>\d{1,2})(?:["″”]|'')|\b(?P<g>\d{1,2})\s?ft\s?(?P<h>\d{1,2})\s?in\b"#,
    )
    .expect("feet-inches regex")
});

static HEDGE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i)\b(?:about|roughly|nearly|some|more\s+than|up\s+to|at\s+least|almost|around|approximately|approx\.|an\s+estimated|over|under|less\s+than|fewer\s+than|close\s+to|upwards\s+of|just|as\s+(?:much|many|high|low|little|far|deep|long|wide|large)\s+as)\s+(?:between\s+)?$|~\s*$").expect("hedge regex")
});

static PAIR_GAP: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i)^(?:-(?:wide|long|high|deep|tall|thick|across))?\s*(?:(?:\(|\[|,?\s+or|—|–|\s-\s|/|,\s*or)\s*(?:or\s+)?(?:(?:about|roughly|approximately|around|some|nearly|almost|more\s+than|over|up\s+to|at\s+least|just\s+over|just\s+under|less\s+than|under|an\s+estimated)\s+)?|,\s*(?:about|roughly|approximately|around|some|nearly|almost|or\s+about|or\s+roughly)\s+)$").expect("pair regex")
});

/// Words after a closed-up or spaced `m` that make it meters rather than millions.
static METER_FOLLOW: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"^(?:\s*[)/]|\s+(?:tall|high|long|wide|deep|away|above|below|from|under|across|thick|in\s+(?:height|length|diameter|depth)|sprint|dash|race|hurdles|freestyle|butterfly|backstroke|breaststroke|relay|medley|final|event|title|world\s+record|of\s+(?:water|snow|rain|the|a|his|her|their|its|ground|track|road)))\b").expect("meter regex")
});

/// Temperature context that lets a bare `F` or `C` after a figure be a scale.
static TEMPERATURE_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i)temperat|degree|heat|warm|cool|cold|chill|freez|celsius|fahrenheit|°|weather|forecast|climat|thermomet|\bhighs?\b|\blows?\b|\bhot\b").expect("temp regex")
});

/// Nouns after an adjectival or plain quantity that make it a fixed expression.
static EXEMPT_FOLLOW: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i)^(?:\s*\)|\s*\([^)]*\))?\s*(?:-\s*)?(?:(?:\w+\s+){0,2}(?:dash|hurdles|sprint|freestyle|butterfly|backstroke|breaststroke|relay|medley|steeplechase|races?|run|events?|champion|championships?|record|title|pistols?|handguns?|guns?|rifles?|rounds?|ammunition|ammo|caliber|calibre|cannons?|howitzers?|artillery|shells?|mortars?|film|camera|lens|marker|screens?|displays?|monitors?|tvs?|televisions?|laptops?|tablets?|smartphones?|phones?|ipads?|iphones?|notebooks?|apart|closer)\b)").expect("exempt regex")
});

/// Sentence words that put feet in aviation, yards on a sports field, and nautical
/// distances at sea.
static DOMAIN_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i)\b(?:altitudes?|cruis(?:e|ing)|flights?|climb(?:s|ing)?|ascend(?:ed|ing)?|feet\s+(?:above|below)\s+sea|aircraft|airplanes?|planes?|jets?|airliners?|helicopters?|drones?|pilots?|runways?|climbed|descended|descent|take-?off|landing|flying|flew|touchdowns?|field\s+goals?|quarterback|rushing|receiving|punts?|kickoff|yard\s+line|interceptions?|fairways?|par\s+\d|holes?|putts?|tee\s+shot)\b").expect("domain regex")
});

/// Sentence words that make inches a screen or device size.
pub(crate) static DEVICE_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i)\b(?:screens?|displays?|monitors?|tvs?|televisions?|laptops?|tablets?|smartphones?|phones?|ipads?|iphones?|macbooks?|chromebooks?|imacs?|notebooks?|galaxy|pixel|retina|oled|lcd|bezels?)\b").expect("device regex")
});

/// A length or volume followed by `per gallon` or `per liter`.
static FUEL_ECONOMY: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(
        r"(?i)^\s*(?:per|a|/)\s*(?:gallon|liter|litre|l\b|gal\b|kwh|kilowatt|charge|tank)",
    )
    .expect("fuel regex")
});

/// Words after a bare `degrees` that make it an angle.
static ANGLE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i)^\s*(?:from|off|angle|to\s+the\s+(?:left|right)|north|south|east|west|latitude|longitude|tilt|incline|arc|turn|rotation|view|field|camera)\b").expect("angle regex")
});

/// Ounces of a drink are fluid ounces.
static LIQUID: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i)^\s+(?:\([^)]*\)\s+)?of\s+(?:\w+\s+)?(?:water|milk|juice|beer|wine|soda|coffee|tea|liquid|fluid|alcohol|liquor|spirits)\b").expect("liquid regex")
});

/// Scans one block's masked text. `facts` supplies quotations.
pub fn scan(text: &str, facts: &BlockFacts) -> Vec<Quantity> {
    if !text.bytes().any(|b| b.is_ascii_digit()) && !has_word_number(text) {
        return Vec::new();
    }
    let mut found: Vec<Quantity> = Vec::new();
    for caps in FEET_INCHES.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let (feet, inches) = match (
            caps.name("a"),
            caps.name("c"),
            caps.name("e"),
            caps.name("g"),
        ) {
            (Some(a), _, _, _) => (a, caps.name("b")),
            (_, Some(c), _, _) => (c, caps.name("d")),
            (_, _, Some(e), _) => (e, caps.name("f")),
            (_, _, _, Some(g)) => (g, caps.name("h")),
            _ => continue,
        };
        let Some(inches) = inches else { continue };
        let (Some(ft), Some(inch)) = (parse_value(feet.as_str()), parse_value(inches.as_str()))
        else {
            continue;
        };
        if inch >= 12.0 || !preceded_ok(text, whole.start()) {
            continue;
        }
        let value = ft + inch / 12.0;
        found.push(Quantity {
            range: whole.range(),
            numbers: vec![Number {
                range: whole.range(),
                value,
                multiplier: 1.0,
                sig_figs: 3,
                decimals: 0,
                word: false,
            }],
            unit: table::unit("foot"),
            unit_range: feet.end()..whole.end(),
            class: FormClass::Word,
            hedge: false,
            adjectival: whole.as_str().contains("-foot-") || whole.as_str().contains("-feet-"),
            in_quote: false,
            partner: None,
            is_conversion: false,
            exempt: false,
        });
    }
    let taken: Vec<Range<usize>> = found.iter().map(|q| q.range.clone()).collect();
    for caps in QUANTITY.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        if taken
            .iter()
            .any(|r| r.start < whole.end() && whole.start() < r.end)
        {
            continue;
        }
        if let Some(quantity) = quantity_from(text, &caps) {
            found.push(quantity);
        }
    }
    found.sort_by_key(|q| q.range.start);
    for q in &mut found {
        q.in_quote = facts.in_quote(q.range.clone());
        q.hedge = HEDGE_BEFORE.is_match(&text[line_back(text, q.range.start, 40)..q.range.start]);
        q.exempt = is_exempt(text, q, facts);
    }
    for i in 1..found.len() {
        // `17 ounces (500 ml)`: ounces paired with a volume are fluid ounces.
        for (a, b) in [(i - 1, i), (i, i - 1)] {
            if found[a].unit.key == "oz" && found[b].unit.dimension == Dimension::Volume {
                found[a].unit = table::unit("floz");
            }
        }
        let (first, second) = (&found[i - 1], &found[i]);
        if first.unit.dimension != second.unit.dimension
            || first.unit.key == second.unit.key
            || first.unit.key == "deg"
            || second.unit.key == "deg"
            || first.partner.is_some()
        {
            continue;
        }
        let gap = &text[first.range.end..second.range.start];
        if gap.len() > 40 || !PAIR_GAP.is_match(gap) {
            continue;
        }
        let hedge = first.hedge || second.hedge;
        found[i - 1].partner = Some(i);
        found[i].partner = Some(i - 1);
        found[i].is_conversion = true;
        found[i - 1].hedge = hedge;
        found[i].hedge = hedge;
    }
    found
}

fn has_word_number(text: &str) -> bool {
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        crate::re::compile(r"(?i)\b(?:one|two|three|four|five|six|seven|eight|nine|dozen|half)\b")
            .expect("words")
    });
    WORDS.is_match(text)
}

/// Start of a look-back window of at most `max` bytes, on a char boundary.
pub(crate) fn line_back(text: &str, end: usize, max: usize) -> usize {
    let mut start = end.saturating_sub(max);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    start
}

/// End of a look-ahead window of at most `max` bytes, on a char boundary.
pub(crate) fn line_ahead(text: &str, start: usize, max: usize) -> usize {
    let mut end = (start + max).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// The character before `start` does not glue the figure to something else
/// (`F-16`, `$5`, `2:1`, `3/4`, `A380`).
fn preceded_ok(text: &str, start: usize) -> bool {
    let mut before = text[..start].chars().rev();
    match before.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some('$' | '£' | '€' | '¥' | '/' | ':' | '_' | '#' | '.' | ',' | '\'' | '’' | '@') => {
            false
        }
        Some('-' | '–') => !before.next().is_some_and(|c| c.is_alphanumeric()),
        _ => true,
    }
}

/// `nine` in `fifty nine` or `fifty-nine` is part of a larger number.
pub(crate) fn after_tens_word(text: &str, start: usize) -> bool {
    static TENS: LazyLock<Regex> = LazyLock::new(|| {
        crate::re::compile(r"(?i)\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)[\s-]$").expect("tens")
    });
    TENS.is_match(&text[line_back(text, start, 12)..start])
}

fn quantity_from(text: &str, caps: &crate::re::Captures<'_>) -> Option<Quantity> {
    let n1 = caps.name("n1")?;
    let unit_match = caps.name("unit")?;
    let surface = table::surface(&normalize_space(unit_match.as_str()))?;
    let unit = table::unit(surface.unit);
    let neg = caps.name("neg");
    let start = neg.map_or(n1.start(), |m| m.start());
    if !preceded_ok(text, start) || after_tens_word(text, n1.start()) {
        return None;
    }
    // The unit must end at a word boundary.
    let after = &text[unit_match.end()..];
    let next = after.chars().next();
    if next.is_some_and(|c| c.is_alphanumeric() || c == '²' || c == '³')
        && !unit_match.as_str().ends_with('.')
    {
        return None;
    }
    let sep = caps.name("sep").map_or("", |m| m.as_str());
    let multiplied = caps.name("m1").is_some() || caps.name("m2").is_some();
    match surface.text {
        "m" if multiplied || !METER_FOLLOW.is_match(after) => return None,
        "g" | "L"
            if multiplied
                || !(after.starts_with(" of ") || after.trim_start().starts_with([')', '/'])) =>
        {
            return None
        }
        "F" | "C" | "°" => {
            let number = n1.as_str();
            if multiplied
                || number.contains(',')
                || number.len() > 3
                || sep == "-"
                || after.starts_with('.') && after[1..].starts_with(|c: char| c.is_alphabetic())
                || !TEMPERATURE_CONTEXT.is_match(text)
                || after.starts_with(['\'', '’', '-'])
            {
                return None;
            }
        }
        _ => {}
    }
    if unit.key == "lb" {
        let lower = after.trim_start().to_ascii_lowercase();
        if lower.starts_with("sterling") || (multiplied && !lower.starts_with("of ")) {
            return None;
        }
    }
    let unit = if unit.key == "oz" && LIQUID.is_match(after) {
        table::unit("floz")
    } else {
        unit
    };
    if unit.key == "deg" && (!TEMPERATURE_CONTEXT.is_match(text) || ANGLE_AFTER.is_match(after)) {
        return None;
    }
    // A sign belongs only to temperatures; elsewhere a hyphen before the figure is a dash.
    let negative = neg.is_some() && unit.dimension == Dimension::Temperature;
    let start = if negative { start } else { n1.start() };
    let sign = if negative { -1.0 } else { 1.0 };
    let m1 = caps.name("m1").map(|m| multiplier(m.as_str()));
    let m2 = caps.name("m2").map(|m| multiplier(m.as_str()));
    let mut numbers = vec![number(n1, m1.or(m2).unwrap_or(1.0), sign)?];
    if let Some(n2) = caps.name("n2") {
        let rsep = caps.name("rsep").map_or("", |m| m.as_str()).trim();
        // `5-7 km` is a range only between figures; `and` only after `between`.
        if rsep == "and"
            && !text[line_back(text, start, 12)..start]
                .to_ascii_lowercase()
                .trim_end()
                .ends_with("between")
            && !HEDGE_BEFORE.is_match(&text[line_back(text, start, 30)..start])
        {
            return None;
        }
        numbers.push(number(n2, m2.or(m1).unwrap_or(1.0), 1.0)?);
    }
    Some(Quantity {
        range: start..unit_match.end(),
        numbers,
        unit,
        unit_range: unit_match.range(),
        class: surface.class,
        hedge: false,
        adjectival: sep.trim() == "-",
        in_quote: false,
        partner: None,
        is_conversion: false,
        exempt: false,
    })
}

fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn multiplier(word: &str) -> f64 {
    match word.trim() {
        "thousand" => 1e3,
        "million" => 1e6,
        "billion" => 1e9,
        "trillion" => 1e12,
        _ => 1.0,
    }
}

fn number(m: crate::re::Match<'_>, multiplier: f64, sign: f64) -> Option<Number> {
    let text = m.as_str();
    let value = parse_value(text)?;
    let word = text.starts_with(|c: char| c.is_alphabetic());
    let (sig_figs, decimals) = if word {
        (1, 0)
    } else {
        significant_figures(text)
    };
    Some(Number {
        range: m.range(),
        value: sign * value * multiplier,
        multiplier,
        sig_figs,
        decimals,
        word,
    })
}

/// Significant figures and decimals written in a figure (`3,400` → (2, 0); `4.50` → (3, 2)).
pub fn significant_figures(text: &str) -> (usize, usize) {
    let digits: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    if text.contains(['½', '¼', '¾', '⅓', '⅔', '⅛', '/']) {
        return (digits.len().max(1) + 1, 1);
    }
    if let Some((int, frac)) = digits.split_once('.') {
        let all = format!("{int}{frac}");
        let trimmed = all.trim_start_matches('0');
        (trimmed.len().max(1), frac.len())
    } else {
        let trimmed = digits.trim_start_matches('0').trim_end_matches('0');
        (trimmed.len().max(1), 0)
    }
}

/// The value of a written figure: `3,400`, `4.5`, `.6`, `1½`, `1 1/2`, `five`, `a dozen`.
pub fn parse_value(text: &str) -> Option<f64> {
    let lower = text.trim().to_ascii_lowercase();
    let words = normalize_space(&lower);
    let word_value = match words.as_str() {
        "one" => Some(1.0),
        "two" => Some(2.0),
        "three" => Some(3.0),
        "four" => Some(4.0),
        "five" => Some(5.0),
        "six" => Some(6.0),
        "seven" => Some(7.0),
        "eight" => Some(8.0),
        "nine" => Some(9.0),
        "a dozen" => Some(12.0),
        "half a" | "half an" | "a half" => Some(0.5),
        _ => None,
    };
    if word_value.is_some() {
        return word_value;
    }
    let mut value = 0.0;
    let mut rest = text.trim();
    let fraction = |c: char| match c {
        '½' => Some(0.5),
        '¼' => Some(0.25),
        '¾' => Some(0.75),
        '⅓' => Some(1.0 / 3.0),
        '⅔' => Some(2.0 / 3.0),
        '⅛' => Some(0.125),
        _ => None,
    };
    if let Some(last) = rest.chars().last().and_then(fraction) {
        value += last;
        rest = rest[..rest.len() - rest.chars().last()?.len_utf8()].trim_end();
        if rest.is_empty() {
            return Some(value);
        }
    }
    if let Some((whole, frac)) = rest.split_once(' ') {
        let (num, den) = frac.split_once('/')?;
        let (num, den): (f64, f64) = (num.parse().ok()?, den.parse().ok()?);
        if den == 0.0 {
            return None;
        }
        return Some(whole.replace(',', "").parse::<f64>().ok()? + num / den + value);
    }
    Some(rest.replace(',', "").parse::<f64>().ok()? + value)
}

fn is_exempt(text: &str, q: &Quantity, facts: &BlockFacts) -> bool {
    let after = &text[q.range.end..line_ahead(text, q.range.end, 60)];
    let key = q.unit.key;
    if matches!(key, "m" | "mm" | "cm" | "inch" | "mile" | "km") && EXEMPT_FOLLOW.is_match(after) {
        return true;
    }
    let sentence = || {
        facts
            .sentences
            .iter()
            .find(|s| s.start <= q.range.start && q.range.end <= s.end)
            .map_or(text, |s| &text[s.clone()])
    };
    if matches!(key, "foot" | "yard") && DOMAIN_CONTEXT.is_match(sentence()) {
        return true;
    }
    // Device stories drop the noun ("the 16-inch base"): look at the whole block.
    if key == "inch" && DEVICE_CONTEXT.is_match(text) {
        return true;
    }
    // Fuel economy (`90 miles per gallon`) is a compound unit the table does not hold.
    if FUEL_ECONOMY.is_match(after) {
        return true;
    }
    // Race distances written as `5K`, `10K` never reach here; `mile marker 12` and
    // `Indianapolis 500` have no unit after the figure.
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_text(text: &str) -> Vec<Quantity> {
        scan(text, &BlockFacts::compute(text))
    }

    #[test]
    fn recognises_forms() {
        let qs = scan_text("It ran 4.5 miles, then a 500-kilometer leg and 5-7 km more at 60 mph.");
        let keys: Vec<&str> = qs.iter().map(|q| q.unit.key).collect();
        assert_eq!(keys, ["mile", "km", "km", "mph"]);
        assert!(qs[1].adjectival);
        assert_eq!(qs[2].numbers.len(), 2);
        assert_eq!(qs[2].numbers[1].value, 7.0);
    }

    #[test]
    fn seed_range_is_one_quantity_with_hedge() {
        let text = "missile with ranges between roughly 300 and 3,400 miles.";
        let qs = scan_text(text);
        assert_eq!(qs.len(), 1);
        assert!(qs[0].hedge);
        assert_eq!(qs[0].numbers[1].value, 3400.0);
        assert_eq!(qs[0].numbers[1].sig_figs, 2);
    }

    #[test]
    fn pairs_and_feet_inches() {
        let qs = scan_text(
            "He is 5-foot-6 and walked 100 kilometers (62 miles) in heat of 104°F (40°C).",
        );
        assert_eq!(qs[0].unit.key, "foot");
        assert!((qs[0].value() - 5.5).abs() < 1e-9);
        assert_eq!(qs[1].partner, Some(2));
        assert!(qs[2].is_conversion);
        assert_eq!(qs[3].unit.key, "degf");
        assert_eq!(qs[4].partner, Some(3));
    }

    #[test]
    fn ignores_glued_and_non_quantities() {
        assert!(scan_text("The F-16 flew. A $5 million bill. The 2:1 vote. 5m people").is_empty());
        assert!(scan_text("Grade 5 C students did well.").is_empty());
        assert!(scan_text("a 9 mm pistol")[0].exempt);
        assert!(scan_text("the 100-meter dash")[0].exempt);
        assert!(scan_text("a 6.1-inch screen")[0].exempt);
        assert!(scan_text("The plane climbed to 30,000 feet.")[0].exempt);
        assert_eq!(scan_text("He ran the 100m sprint")[0].unit.key, "m");
    }

    #[test]
    fn numbers_parse() {
        assert_eq!(parse_value("1½"), Some(1.5));
        assert_eq!(parse_value("1 1/2"), Some(1.5));
        assert_eq!(parse_value("3,400"), Some(3400.0));
        assert_eq!(parse_value("five"), Some(5.0));
        assert_eq!(significant_figures("300"), (1, 0));
        assert_eq!(significant_figures("4.50"), (3, 2));
        assert_eq!(significant_figures("0.06"), (1, 2));
    }

    #[test]
    fn angles_are_not_temperatures() {
        assert!(scan_text("On a hot day it is viewable 30 degrees from center.").is_empty());
    }

    #[test]
    fn temperatures_with_sign() {
        let qs = scan_text("Temperatures fell to -10 degrees and minus 5 C overnight.");
        assert_eq!(qs.len(), 2);
        assert_eq!(qs[0].value(), -10.0);
        assert_eq!(qs[1].value(), -5.0);
    }
}
