//! The unit table (spec §B.3): every unit the scanner recognises, with its dimension,
//! system, exact factor to the dimension's base unit and its canonical spellings per house
//! style. Adding a unit is a row here, never new code.
//!
//! Factors are exact where the definition is exact: international foot and yard (1959),
//! international avoirdupois pound, ounce = 1/16 pound, US liquid gallon = 231 cubic inches.

/// A physical dimension. Quantities of one dimension can be converted into each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// Base unit: meter.
    Length,
    /// Base unit: square meter.
    Area,
    /// Base unit: kilogram.
    Mass,
    /// Base unit: liter.
    Volume,
    /// Base unit: kilometer per hour.
    Speed,
    /// Degrees Celsius (affine; see [`to_celsius`]).
    Temperature,
}

impl Dimension {
    /// Lower-case name for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Length => "length",
            Dimension::Area => "area",
            Dimension::Mass => "mass",
            Dimension::Volume => "volume",
            Dimension::Speed => "speed",
            Dimension::Temperature => "temperature",
        }
    }
}

/// The measurement system a unit belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum System {
    /// US customary (miles, pounds, degrees Fahrenheit).
    Customary,
    /// Metric (kilometers, kilograms, degrees Celsius).
    Metric,
    /// Used in both systems' copy: knots, nautical miles, oil barrels, the ambiguous `ton`.
    Neutral,
}

impl System {
    /// Name for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            System::Customary => "US customary",
            System::Metric => "metric",
            System::Neutral => "neutral",
        }
    }
}

/// One unit of the table.
#[derive(Debug)]
pub struct Unit {
    /// Stable key (`km`, `mile`).
    pub key: &'static str,
    /// What it measures.
    pub dimension: Dimension,
    /// Customary, metric or neutral.
    pub system: System,
    /// Base units per one of this unit (meters, square meters, kilograms, liters, km/h).
    /// Temperature units have 1 here and convert through [`to_celsius`].
    pub factor: f64,
    /// AP form: US spelling, spelled out (singular, plural).
    pub ap: (&'static str, &'static str),
    /// Guardian form (singular, plural).
    pub uk: (&'static str, &'static str),
    /// The Guardian form is a symbol closed up to the figure (`10km`).
    pub uk_closed: bool,
    /// Key of the unit that hover and conversion fixes use in the other system.
    pub counterpart: &'static str,
    /// Not counted by `unit/mixed-system` (oil barrels, metric tons in commodities copy,
    /// medical milliliters).
    pub mixing_exempt: bool,
}

/// How a unit is written at one occurrence: the classes `unit/spelling-variant` compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormClass {
    /// A word spelled the same in US and UK English (`miles`).
    Word,
    /// US spelling (`kilometers`).
    UsWord,
    /// UK spelling (`kilometres`).
    UkWord,
    /// A symbol or abbreviation (`km`, `mph`).
    Symbol,
    /// Always wrong (`kms`, `kgs`, `Km`, `KM`, `centigrade`).
    Wrong,
}

/// One way of writing a unit.
#[derive(Debug)]
pub struct Surface {
    /// The text as written.
    pub text: &'static str,
    /// Key of the unit.
    pub unit: &'static str,
    /// Form class.
    pub class: FormClass,
    /// Matched case-insensitively (words); symbols are case-sensitive.
    pub any_case: bool,
}

macro_rules! unit {
    ($key:literal, $dim:ident, $sys:ident, $factor:expr, $ap:expr, $uk:expr, $closed:literal, $counter:literal, $exempt:literal) => {
        Unit {
            key: $key,
            dimension: Dimension::$dim,
            system: System::$sys,
            factor: $factor,
            ap: $ap,
            uk: $uk,
            uk_closed: $closed,
            counterpart: $counter,
            mixing_exempt: $exempt,
        }
    };
}

const FOOT: f64 = 0.3048;
const POUND: f64 = 0.453_592_37;
const US_GALLON: f64 = 3.785_411_784;

/// Every unit. Order matters only for documentation.
#[rustfmt::skip]
pub static UNITS: &[Unit] = &[
    unit!("inch", Length, Customary, 0.0254, ("inch", "inches"), ("inch", "inches"), false, "cm", false),
    unit!("foot", Length, Customary, FOOT, ("foot", "feet"), ("foot", "feet"), false, "m", false),
    unit!("yard", Length, Customary, 0.9144, ("yard", "yards"), ("yard", "yards"), false, "m", false),
    unit!("mile", Length, Customary, 1609.344, ("mile", "miles"), ("mile", "miles"), false, "km", false),
    unit!("nmi", Length, Neutral, 1852.0, ("nautical mile", "nautical miles"), ("nautical mile", "nautical miles"), false, "km", false),
    unit!("mm", Length, Metric, 0.001, ("millimeter", "millimeters"), ("mm", "mm"), true, "inch", false),
    unit!("cm", Length, Metric, 0.01, ("centimeter", "centimeters"), ("cm", "cm"), true, "inch", false),
    unit!("m", Length, Metric, 1.0, ("meter", "meters"), ("metre", "metres"), false, "foot", false),
    unit!("km", Length, Metric, 1000.0, ("kilometer", "kilometers"), ("km", "km"), true, "mile", false),
    unit!("sqft", Area, Customary, FOOT * FOOT, ("square foot", "square feet"), ("sq ft", "sq ft"), false, "m2", false),
    unit!("sqmi", Area, Customary, 1609.344 * 1609.344, ("square mile", "square miles"), ("sq mile", "sq miles"), false, "km2", false),
    unit!("acre", Area, Customary, 4_046.856_422_4, ("acre", "acres"), ("acre", "acres"), false, "ha", false),
    unit!("m2", Area, Metric, 1.0, ("square meter", "square meters"), ("sq metre", "sq metres"), false, "sqft", false),
    unit!("km2", Area, Metric, 1e6, ("square kilometer", "square kilometers"), ("sq km", "sq km"), false, "sqmi", false),
    unit!("ha", Area, Metric, 10_000.0, ("hectare", "hectares"), ("hectare", "hectares"), false, "acre", false),
    unit!("oz", Mass, Customary, POUND / 16.0, ("ounce", "ounces"), ("ounce", "ounces"), false, "g", false),
    unit!("lb", Mass, Customary, POUND, ("pound", "pounds"), ("pound", "pounds"), false, "kg", false),
    unit!("ton", Mass, Neutral, 2000.0 * POUND, ("ton", "tons"), ("ton", "tons"), false, "tonne", false),
    unit!("tonne", Mass, Metric, 1000.0, ("metric ton", "metric tons"), ("tonne", "tonnes"), false, "ton", true),
    // Grams are the unit of US nutrition and drug copy: never counted as mixing.
    unit!("g", Mass, Metric, 0.001, ("gram", "grams"), ("gram", "grams"), false, "oz", true),
    unit!("kg", Mass, Metric, 1.0, ("kilogram", "kilograms"), ("kg", "kg"), true, "lb", false),
    unit!("floz", Volume, Customary, US_GALLON / 128.0, ("fluid ounce", "fluid ounces"), ("fl oz", "fl oz"), false, "ml", false),
    unit!("pint", Volume, Customary, US_GALLON / 8.0, ("pint", "pints"), ("pint", "pints"), false, "l", false),
    unit!("quart", Volume, Customary, US_GALLON / 4.0, ("quart", "quarts"), ("quart", "quarts"), false, "l", false),
    unit!("gallon", Volume, Customary, US_GALLON, ("gallon", "gallons"), ("gallon", "gallons"), false, "l", false),
    unit!("barrel", Volume, Neutral, 42.0 * US_GALLON, ("barrel", "barrels"), ("barrel", "barrels"), false, "l", true),
    unit!("cuft", Volume, Customary, FOOT * FOOT * FOOT * 1000.0, ("cubic foot", "cubic feet"), ("cubic foot", "cubic feet"), false, "m3", false),
    unit!("l", Volume, Metric, 1.0, ("liter", "liters"), ("litre", "litres"), false, "gallon", false),
    unit!("ml", Volume, Metric, 0.001, ("milliliter", "milliliters"), ("ml", "ml"), true, "floz", true),
    unit!("m3", Volume, Metric, 1000.0, ("cubic meter", "cubic meters"), ("cubic metre", "cubic metres"), false, "cuft", false),
    unit!("mph", Speed, Customary, 1.609344, ("mph", "mph"), ("mph", "mph"), false, "kmh", false),
    unit!("kmh", Speed, Metric, 1.0, ("kilometer per hour", "kilometers per hour"), ("km/h", "km/h"), true, "mph", false),
    unit!("knot", Speed, Neutral, 1.852, ("knot", "knots"), ("knot", "knots"), false, "kmh", false),
    unit!("degf", Temperature, Customary, 1.0, ("degree Fahrenheit", "degrees Fahrenheit"), ("F", "F"), true, "degc", false),
    unit!("degc", Temperature, Metric, 1.0, ("degree Celsius", "degrees Celsius"), ("C", "C"), true, "degf", false),
    // Bare `degrees`: a temperature whose scale the reader infers (or an angle).
    unit!("deg", Temperature, Neutral, 1.0, ("degree", "degrees"), ("degree", "degrees"), false, "deg", true),
];

/// Imperial volumes accepted as an alternative fit for pints and gallons.
pub const IMPERIAL_GALLON: f64 = 4.546_09;

macro_rules! surfaces {
    ($( $text:literal => $unit:literal, $class:ident, $case:ident; )*) => {
        &[$( Surface { text: $text, unit: $unit, class: FormClass::$class, any_case: surfaces!(@case $case) }, )*]
    };
    (@case ci) => { true };
    (@case cs) => { false };
}

/// Every recognised spelling. Restricted symbols (`m`, `g`, `F`, `C`) are checked for
/// context by the scanner; bare `in` and `"` are never inch markers (LanguageTool dropped
/// them for false positives), and `t` and `l` are not recognised as symbols. `L` and `g`
/// count only where the context makes them units (`(2 L)`, `500 g of`).
pub static SURFACES: &[Surface] = surfaces! {
    "inch" => "inch", Word, ci; "inches" => "inch", Word, ci;
    "foot" => "foot", Word, ci; "feet" => "foot", Word, ci; "ft" => "foot", Symbol, cs;
    "yard" => "yard", Word, ci; "yards" => "yard", Word, ci; "yd" => "yard", Symbol, cs; "yds" => "yard", Symbol, cs;
    "mile" => "mile", Word, ci; "miles" => "mile", Word, ci; "mi" => "mile", Symbol, cs;
    "nautical mile" => "nmi", Word, ci; "nautical miles" => "nmi", Word, ci;
    "millimeter" => "mm", UsWord, ci; "millimeters" => "mm", UsWord, ci;
    "millimetre" => "mm", UkWord, ci; "millimetres" => "mm", UkWord, ci; "mm" => "mm", Symbol, cs;
    "centimeter" => "cm", UsWord, ci; "centimeters" => "cm", UsWord, ci;
    "centimetre" => "cm", UkWord, ci; "centimetres" => "cm", UkWord, ci; "cm" => "cm", Symbol, cs;
    "meter" => "m", UsWord, ci; "meters" => "m", UsWord, ci;
    "metre" => "m", UkWord, ci; "metres" => "m", UkWord, ci; "m" => "m", Symbol, cs;
    "kilometer" => "km", UsWord, ci; "kilometers" => "km", UsWord, ci;
    "kilometre" => "km", UkWord, ci; "kilometres" => "km", UkWord, ci;
    "km" => "km", Symbol, cs; "kms" => "km", Wrong, cs; "Km" => "km", Wrong, cs; "KM" => "km", Wrong, cs;
    "square foot" => "sqft", Word, ci; "square feet" => "sqft", Word, ci; "sq ft" => "sqft", Symbol, cs;
    "sq. ft." => "sqft", Symbol, cs;
    "square mile" => "sqmi", Word, ci; "square miles" => "sqmi", Word, ci; "sq mi" => "sqmi", Symbol, cs;
    "sq mile" => "sqmi", Symbol, cs; "sq miles" => "sqmi", Symbol, cs;
    "acre" => "acre", Word, ci; "acres" => "acre", Word, ci;
    "square meter" => "m2", UsWord, ci; "square meters" => "m2", UsWord, ci;
    "square metre" => "m2", UkWord, ci; "square metres" => "m2", UkWord, ci;
    "sq metre" => "m2", UkWord, ci; "sq metres" => "m2", UkWord, ci;
    "m²" => "m2", Symbol, cs; "sq m" => "m2", Symbol, cs;
    "square kilometer" => "km2", UsWord, ci; "square kilometers" => "km2", UsWord, ci;
    "square kilometre" => "km2", UkWord, ci; "square kilometres" => "km2", UkWord, ci;
    "km²" => "km2", Symbol, cs; "sq km" => "km2", Symbol, cs;
    "hectare" => "ha", Word, ci; "hectares" => "ha", Word, ci; "ha" => "ha", Symbol, cs;
    "ounce" => "oz", Word, ci; "ounces" => "oz", Word, ci; "oz" => "oz", Symbol, cs;
    "pound" => "lb", Word, ci; "pounds" => "lb", Word, ci; "lb" => "lb", Symbol, cs; "lbs" => "lb", Symbol, cs;
    "ton" => "ton", Word, ci; "tons" => "ton", Word, ci;
    "metric ton" => "tonne", UsWord, ci; "metric tons" => "tonne", UsWord, ci;
    "metric tonne" => "tonne", UkWord, ci; "metric tonnes" => "tonne", UkWord, ci;
    "tonne" => "tonne", UkWord, ci; "tonnes" => "tonne", UkWord, ci;
    "gram" => "g", UsWord, ci; "grams" => "g", UsWord, ci; "gramme" => "g", UkWord, ci; "grammes" => "g", UkWord, ci;
    "g" => "g", Symbol, cs;
    "kilogram" => "kg", UsWord, ci; "kilograms" => "kg", UsWord, ci;
    "kilogramme" => "kg", UkWord, ci; "kilogrammes" => "kg", UkWord, ci;
    "kg" => "kg", Symbol, cs; "kgs" => "kg", Wrong, cs; "Kg" => "kg", Wrong, cs; "KG" => "kg", Wrong, cs;
    "fluid ounce" => "floz", Word, ci; "fluid ounces" => "floz", Word, ci; "fl oz" => "floz", Symbol, cs;
    "pint" => "pint", Word, ci; "pints" => "pint", Word, ci;
    "quart" => "quart", Word, ci; "quarts" => "quart", Word, ci;
    "gallon" => "gallon", Word, ci; "gallons" => "gallon", Word, ci;
    "barrel" => "barrel", Word, ci; "barrels" => "barrel", Word, ci; "bbl" => "barrel", Symbol, cs;
    "cubic foot" => "cuft", Word, ci; "cubic feet" => "cuft", Word, ci; "cu ft" => "cuft", Symbol, cs;
    "liter" => "l", UsWord, ci; "liters" => "l", UsWord, ci; "litre" => "l", UkWord, ci; "litres" => "l", UkWord, ci;
    "L" => "l", Symbol, cs;
    "milliliter" => "ml", UsWord, ci; "milliliters" => "ml", UsWord, ci;
    "millilitre" => "ml", UkWord, ci; "millilitres" => "ml", UkWord, ci;
    "ml" => "ml", Symbol, cs; "mL" => "ml", Symbol, cs;
    "cubic meter" => "m3", UsWord, ci; "cubic meters" => "m3", UsWord, ci;
    "cubic metre" => "m3", UkWord, ci; "cubic metres" => "m3", UkWord, ci; "m³" => "m3", Symbol, cs;
    "miles per hour" => "mph", Word, ci; "mph" => "mph", Symbol, cs; "m.p.h." => "mph", Symbol, cs;
    "MPH" => "mph", Symbol, cs;
    "kilometers per hour" => "kmh", UsWord, ci; "kilometres per hour" => "kmh", UkWord, ci;
    "kilometers an hour" => "kmh", UsWord, ci; "kilometres an hour" => "kmh", UkWord, ci;
    "km/h" => "kmh", Symbol, cs; "kph" => "kmh", Symbol, cs; "kmh" => "kmh", Symbol, cs;
    "km/hr" => "kmh", Symbol, cs;
    "knot" => "knot", Word, ci; "knots" => "knot", Word, ci;
    "degrees Fahrenheit" => "degf", Word, ci; "degree Fahrenheit" => "degf", Word, ci;
    "Fahrenheit" => "degf", Word, cs; "°F" => "degf", Symbol, cs; "° F" => "degf", Symbol, cs;
    "ºF" => "degf", Symbol, cs; "F" => "degf", Symbol, cs;
    "degrees Celsius" => "degc", Word, ci; "degree Celsius" => "degc", Word, ci;
    "Celsius" => "degc", Word, cs; "°C" => "degc", Symbol, cs; "° C" => "degc", Symbol, cs;
    "ºC" => "degc", Symbol, cs; "C" => "degc", Symbol, cs;
    "degrees F" => "degf", Symbol, cs; "deg F" => "degf", Symbol, cs;
    "degrees C" => "degc", Symbol, cs; "deg C" => "degc", Symbol, cs;
    "degrees centigrade" => "degc", Wrong, ci; "centigrade" => "degc", Wrong, ci;
    "degrees" => "deg", Word, ci; "degree" => "deg", Word, ci; "°" => "deg", Symbol, cs;
};

/// The unit with this key. Panics only on a typo in the static tables (checked by tests).
pub fn unit(key: &str) -> &'static Unit {
    UNITS
        .iter()
        .find(|u| u.key == key)
        .unwrap_or_else(|| panic!("unknown unit key {key}"))
}

/// The surface entry for `text` as written, if any.
pub fn surface(text: &str) -> Option<&'static Surface> {
    SURFACES
        .iter()
        .find(|s| !s.any_case && s.text == text)
        .or_else(|| {
            SURFACES
                .iter()
                .find(|s| s.any_case && s.text.eq_ignore_ascii_case(text))
        })
}

/// Degrees Celsius for a temperature in `unit` (affine).
pub fn to_celsius(unit: &Unit, value: f64) -> f64 {
    if unit.key == "degf" {
        (value - 32.0) * 5.0 / 9.0
    } else {
        value
    }
}

/// A temperature in degrees Celsius expressed in `unit` (affine).
pub fn from_celsius(unit: &Unit, celsius: f64) -> f64 {
    if unit.key == "degf" {
        celsius * 9.0 / 5.0 + 32.0
    } else {
        celsius
    }
}

/// Converts `value` from one unit to another of the same dimension. Temperatures convert
/// as absolute readings unless `difference` is set (then without the +32 offset).
pub fn convert(value: f64, from: &Unit, to: &Unit, difference: bool) -> f64 {
    if from.dimension == Dimension::Temperature {
        if difference {
            let scale = |u: &Unit| if u.key == "degf" { 5.0 / 9.0 } else { 1.0 };
            return value * scale(from) / scale(to);
        }
        return from_celsius(to, to_celsius(from, value));
    }
    value * from.factor / to.factor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_resolves_and_factors_are_exact() {
        for u in UNITS {
            assert!(u.factor > 0.0);
            assert_eq!(unit(u.counterpart).dimension, u.dimension, "{}", u.key);
        }
        for s in SURFACES {
            unit(s.unit);
        }
        // Avoirdupois: 16 ounces to the pound, not LanguageTool's 12.
        assert!((convert(16.0, unit("oz"), unit("lb"), false) - 1.0).abs() < 1e-12);
        assert!((convert(1.0, unit("mile"), unit("km"), false) - 1.609344).abs() < 1e-12);
        assert!((convert(1.0, unit("foot"), unit("inch"), false) - 12.0).abs() < 1e-12);
        assert!((convert(104.0, unit("degf"), unit("degc"), false) - 40.0).abs() < 1e-12);
        assert!((convert(2.0, unit("degc"), unit("degf"), true) - 3.6).abs() < 1e-12);
        assert!((convert(1.0, unit("barrel"), unit("gallon"), false) - 42.0).abs() < 1e-9);
    }

    #[test]
    fn surfaces_resolve_by_case() {
        assert_eq!(surface("Kilometres").unwrap().class, FormClass::UkWord);
        assert_eq!(surface("KM").unwrap().class, FormClass::Wrong);
        assert_eq!(surface("km").unwrap().class, FormClass::Symbol);
        assert!(surface("Mph").is_none());
    }
}
