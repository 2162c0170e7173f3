//! Date and time recognition shared by every `date/` and `time/` rule: a pass over a
//! block's masked prose yields typed matches (worded dates with their weekday, numeric
//! and ISO dates, clock times) with block-relative byte ranges. Judging them is the
//! rules' business; this module only says what the text contains.

use crate::analysis::dates::{month_number, CivilDate};
use crate::re::Regex;
use jiff::civil::Weekday;
use std::ops::Range;
use std::sync::LazyLock;

/// A month word: `February`, `Feb.`, `Sept`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthToken {
    /// The word, with its period when it has one.
    pub range: Range<usize>,
    /// 1–12.
    pub month: i8,
    /// Written as the full name.
    pub full: bool,
    /// Ends in a period.
    pub period: bool,
}

/// A number in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    /// Its digits.
    pub range: Range<usize>,
    /// Its value.
    pub value: i32,
}

/// A weekday word next to a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeekdayToken {
    /// The word, with its period when abbreviated (`Sat.`).
    pub range: Range<usize>,
    /// The day it names.
    pub weekday: Weekday,
    /// Written as an abbreviation (`Sat.`, `Tues`).
    pub abbreviated: bool,
}

/// How a worded date is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `Feb. 4`, `February 4, 2019`, or a month with no day (`February 2019`).
    MonthDay,
    /// `4 February 2019`.
    DayMonth,
    /// `the 4th of February`.
    DayOfMonth,
}

/// A date written with a month word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextDate {
    /// From the first to the last component (weekday excluded).
    pub range: Range<usize>,
    /// Layout.
    pub shape: Shape,
    /// The month word.
    pub month: MonthToken,
    /// The day number, when there is one.
    pub day: Option<Number>,
    /// An ordinal suffix after the day (`th`).
    pub suffix: Option<Range<usize>>,
    /// A four-digit year, when there is one.
    pub year: Option<Number>,
    /// A comma between the month (or day) and the year.
    pub year_comma: Option<Range<usize>>,
    /// A weekday written next to the date.
    pub weekday: Option<WeekdayToken>,
    /// The date stamps an embedded post (`— Name (@handle) December 22, 2014`) or closes
    /// a related-story link (`Headline (February 1, 2019)`): it belongs to quoted or
    /// linked material and is not restyled.
    pub embed_stamp: bool,
}

impl TextDate {
    /// The calendar date when day and year are both written and valid.
    pub fn civil(&self) -> Option<CivilDate> {
        let day = self.day.as_ref()?.value;
        let year = self.year.as_ref()?.value;
        CivilDate::new(year as i16, self.month.month, day as i8).ok()
    }
}

/// How a numeric date is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumericKind {
    /// `11/05/2024`, `2/3/19`.
    Slash,
    /// `03.02.2019`.
    Dot,
    /// `11-05-2024`.
    Dash,
    /// `2024-11-05` (ISO 8601).
    Iso,
}

/// An all-numeric date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumericDate {
    /// The whole date.
    pub range: Range<usize>,
    /// Layout.
    pub kind: NumericKind,
    /// First day-or-month field (the month for ISO).
    pub first: i32,
    /// Second day-or-month field (the day for ISO).
    pub second: i32,
    /// The year as written.
    pub year: i32,
    /// Digits in the year (2 or 4).
    pub year_digits: usize,
    /// An ISO timestamp follows (`T09:23Z`).
    pub timestamp: bool,
}

impl NumericDate {
    /// The year, with two-digit years read as 19xx (above 50) or 20xx.
    pub fn full_year(&self) -> i16 {
        match self.year_digits {
            2 if self.year > 50 => 1900 + self.year as i16,
            2 => 2000 + self.year as i16,
            _ => self.year as i16,
        }
    }

    /// Every valid reading: for ISO the one date; otherwise month/day and day/month.
    pub fn readings(&self) -> Vec<CivilDate> {
        let year = self.full_year();
        let pairs: &[(i32, i32)] = match self.kind {
            NumericKind::Iso => &[(self.first, self.second)],
            _ => &[(self.first, self.second), (self.second, self.first)],
        };
        let mut out: Vec<CivilDate> = Vec::new();
        for &(month, day) in pairs {
            if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
                continue;
            }
            if let Ok(date) = CivilDate::new(year, month as i8, day as i8) {
                if !out.contains(&date) {
                    out.push(date);
                }
            }
        }
        out
    }
}

/// `a.m.` or `p.m.` in any spelling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meridiem {
    /// The marker as written (`AM`, `p.m.`), including a period that ends a sentence.
    pub range: Range<usize>,
    /// Afternoon.
    pub pm: bool,
}

/// A clock time: `4:23am`, `10 a.m.`, `12 noon`, or `noon` and `midnight`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClockTime {
    /// The time, from the hour to the end of the marker (zone excluded).
    pub range: Range<usize>,
    /// 0–23 as written (12 for `12 noon`).
    pub hour: u8,
    /// Minutes when written.
    pub minute: Option<u8>,
    /// Separator between hour and minutes (`:` or `.`).
    pub separator: Option<char>,
    /// The a.m./p.m. marker.
    pub meridiem: Option<Meridiem>,
    /// `noon` or `midnight` written as a word (possibly after `12`).
    pub word: Option<Range<usize>>,
    /// A time-zone abbreviation after the time.
    pub zone: Option<(Range<usize>, String)>,
}

/// The weekday names in Monday-first order.
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// AP weekday abbreviations (used only in tabular material, but writers use them).
const WEEKDAY_ABBREVIATIONS: [&[&str]; 7] = [
    &["Mon"],
    &["Tues", "Tue"],
    &["Wed"],
    &["Thurs", "Thur", "Thu"],
    &["Fri"],
    &["Sat"],
    &["Sun"],
];

/// The weekday for a monday-first index.
pub fn weekday_from_index(idx: usize) -> Weekday {
    Weekday::from_monday_one_offset(idx as i8 + 1).unwrap_or(Weekday::Monday)
}

/// The full English name of a weekday.
pub fn weekday_name(weekday: Weekday) -> &'static str {
    WEEKDAYS[(weekday.to_monday_one_offset() - 1) as usize]
}

/// The abbreviation (with period) of a weekday, AP form.
pub fn weekday_abbreviation(weekday: Weekday) -> String {
    format!(
        "{}.",
        WEEKDAY_ABBREVIATIONS[(weekday.to_monday_one_offset() - 1) as usize][0]
    )
}

/// Parses a weekday word (full or abbreviated, without period).
pub fn parse_weekday(word: &str) -> Option<(Weekday, bool)> {
    if let Some(idx) = WEEKDAYS.iter().position(|w| *w == word) {
        return Some((weekday_from_index(idx), false));
    }
    WEEKDAY_ABBREVIATIONS
        .iter()
        .position(|alts| alts.contains(&word))
        .map(|idx| (weekday_from_index(idx), true))
}

const FULL_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

static MONTH_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?")
        .expect("valid month regex")
});

/// Day number (and optional `the`/`of`) written before a month word.
static DAY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(
        r"(?:\b(?P<the>[Tt]he)\s+)?\b(?P<day>\d{1,2})(?P<suf>st|nd|rd|th)?(?P<of>\s+of)?\s+$",
    )
    .expect("valid day regex")
});

static WEEKDAY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)(?P<dot>\.)?(?P<sep>,\s*|\s+|\s*\(\s*)$")
        .expect("valid weekday regex")
});

static WEEKDAY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"^(?:\s*\(\s*(?P<wd1>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\.?\s*\)|,\s+an?\s+(?P<wd2>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)")
        .expect("valid weekday regex")
});

/// Words after a number that show it counts something rather than naming a day.
const NOT_A_DAY_AFTER: [&str; 16] = [
    "percent", "per", "million", "billion", "trillion", "thousand", "hundred", "points", "people",
    "years", "year-old", "times", "votes", "seats", "games", "goals",
];

/// Capitalised words that may precede a month without making it part of a name.
const FUNCTION_CAPS: [&str; 40] = [
    "On",
    "In",
    "By",
    "Since",
    "Until",
    "Till",
    "From",
    "Through",
    "Before",
    "After",
    "Last",
    "Next",
    "Early",
    "Late",
    "Mid",
    "Between",
    "During",
    "Each",
    "Every",
    "This",
    "The",
    "And",
    "But",
    "Or",
    "As",
    "Also",
    "Then",
    "Even",
    "Only",
    "Starting",
    "Beginning",
    "Effective",
    "Ending",
    "Dated",
    "Come",
    "Around",
    "About",
    "Circa",
    "Until",
    "Of",
];

/// Months that are also common names or words (`Theresa May`, `Jan Smith`, `April Ryan`).
const NAME_LIKE_MONTHS: [i8; 7] = [1, 3, 4, 5, 6, 7, 8];

/// Every worded date and month mention in `text`.
/// A block's dates, times and numeric dates, scanned once per block content and shared
/// by the date and time rules (see [`crate::lint::BlockMemo`]).
pub(crate) struct BlockDates(pub Vec<TextDate>);
pub(crate) struct BlockNumericDates(pub Vec<NumericDate>);
pub(crate) struct BlockTimes(pub Vec<ClockTime>);

impl crate::lint::MemoValue for BlockDates {
    /// Every block without any shares one empty value.
    fn share_key(&self) -> Option<u8> {
        self.0.is_empty().then_some(0)
    }
}

impl crate::lint::MemoValue for BlockNumericDates {
    /// Every block without any shares one empty value.
    fn share_key(&self) -> Option<u8> {
        self.0.is_empty().then_some(0)
    }
}

impl crate::lint::MemoValue for BlockTimes {
    /// Every block without any shares one empty value.
    fn share_key(&self) -> Option<u8> {
        self.0.is_empty().then_some(0)
    }
}

/// [`dates`] of the block's text, memoised.
pub(crate) fn dates_in(ctx: &crate::lint::BlockContext<'_>) -> std::sync::Arc<BlockDates> {
    ctx.pass_memo(|| BlockDates(dates(ctx.text())))
}

/// [`numeric_dates`] of the block's text, memoised.
pub(crate) fn numeric_dates_in(
    ctx: &crate::lint::BlockContext<'_>,
) -> std::sync::Arc<BlockNumericDates> {
    ctx.pass_memo(|| BlockNumericDates(numeric_dates(ctx.text())))
}

/// [`times`] of the block's text, memoised.
pub(crate) fn times_in(ctx: &crate::lint::BlockContext<'_>) -> std::sync::Arc<BlockTimes> {
    ctx.pass_memo(|| BlockTimes(times(ctx.text())))
}

pub fn dates(text: &str) -> Vec<TextDate> {
    let mut out = Vec::new();
    for m in MONTH_WORD.find_iter(text) {
        let word = m.as_str();
        let Some(month) = month_number(word) else {
            continue;
        };
        let month = month as i8;
        let bare = word.trim_end_matches('.');
        let full = FULL_MONTHS.contains(&bare);
        // A period after a full name ends the sentence; it is not part of the month.
        let end = if full {
            m.start() + bare.len()
        } else {
            m.end()
        };
        let token = MonthToken {
            range: m.start()..end,
            month,
            full,
            period: !full && word.ends_with('.'),
        };
        if NAME_LIKE_MONTHS.contains(&month) && follows_capitalised_name(text, m.start()) {
            continue;
        }
        if let Some(date) = month_day(text, &token) {
            out.push(date);
            continue;
        }
        if let Some(date) = day_month(text, &token) {
            out.push(date);
            continue;
        }
        // A month with no day: keep it (possibly with a year) for month-alone rules. A
        // number that was not accepted as a day ("in May 5 sessions") leaves it undecided.
        let (year, year_comma) = year_after(text, token.range.end, true);
        let next = skip_spaces(text, token.range.end);
        if year.is_none()
            && next > token.range.end
            && text[next..].starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let end = year.as_ref().map_or(token.range.end, |y| y.range.end);
        out.push(TextDate {
            range: token.range.start..end,
            shape: Shape::MonthDay,
            month: token,
            day: None,
            suffix: None,
            year,
            year_comma,
            weekday: None,
            embed_stamp: false,
        });
    }
    for date in &mut out {
        if date.day.is_some() {
            date.weekday = weekday_near(text, date.range.clone());
        }
        date.embed_stamp = after_embed_credit(text, date.range.start)
            || closes_related_link(text, date.range.clone());
    }
    out
}

fn month_day(text: &str, token: &MonthToken) -> Option<TextDate> {
    let pos = skip_spaces(text, token.range.end);
    if pos == token.range.end {
        return None;
    }
    let (day, suffix, after_day) = day_number(text, pos)?;
    if counts_something(text, after_day) {
        return None;
    }
    let (year, year_comma) = year_after(text, after_day, true);
    if year.is_none() {
        // "in February 12 people died": after `in`/`during`, a bare number counts things.
        let prev = previous_word(text, token.range.start);
        if matches!(prev, Some("in" | "In" | "during" | "During")) {
            return None;
        }
    }
    let end = year.as_ref().map_or(after_day, |y| y.range.end);
    Some(TextDate {
        range: token.range.start..end,
        shape: Shape::MonthDay,
        month: token.clone(),
        day: Some(day),
        suffix,
        year,
        year_comma,
        weekday: None,
        embed_stamp: false,
    })
}

fn day_month(text: &str, token: &MonthToken) -> Option<TextDate> {
    let window_start = floor_char_boundary(text, token.range.start.saturating_sub(24));
    let before = &text[window_start..token.range.start];
    let caps = DAY_BEFORE.captures(before)?;
    let day_match = caps.name("day")?;
    let day_start = window_start + day_match.start();
    if text[..day_start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '$' | '/' | ':' | '-'))
    {
        return None;
    }
    let value: i32 = day_match.as_str().parse().ok()?;
    if !(1..=31).contains(&value) {
        return None;
    }
    let suffix = caps
        .name("suf")
        .map(|s| window_start + s.start()..window_start + s.end());
    let of_form = caps.name("of").is_some();
    if of_form && suffix.is_none() {
        return None;
    }
    let (year, year_comma) = year_after(text, token.range.end, true);
    let start = if of_form {
        caps.name("the")
            .map_or(day_start, |t| window_start + t.start())
    } else {
        day_start
    };
    if !of_form && year.is_none() && suffix.is_none() {
        let preceded = previous_word(text, day_start).is_some_and(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "on" | "by" | "until" | "till" | "from" | "since" | "before" | "after" | "of"
            )
        });
        if !preceded && weekday_before(text, day_start).is_none() {
            return None;
        }
    }
    let end = year.as_ref().map_or(token.range.end, |y| y.range.end);
    Some(TextDate {
        range: start..end,
        shape: if of_form {
            Shape::DayOfMonth
        } else {
            Shape::DayMonth
        },
        month: token.clone(),
        day: Some(Number {
            range: day_start..day_start + day_match.len(),
            value,
        }),
        suffix,
        year,
        year_comma,
        weekday: None,
        embed_stamp: false,
    })
}

/// A 1–31 day number at `pos`, its ordinal suffix, and the offset after both.
fn day_number(text: &str, pos: usize) -> Option<(Number, Option<Range<usize>>, usize)> {
    let bytes = text.as_bytes();
    let mut end = pos;
    while end < bytes.len() && end - pos < 3 && bytes[end].is_ascii_digit() {
        end += 1;
    }
    if end == pos || end - pos > 2 {
        return None;
    }
    let value: i32 = text[pos..end].parse().ok()?;
    if !(1..=31).contains(&value) {
        return None;
    }
    let mut after = end;
    let mut suffix = None;
    for candidate in ["st", "nd", "rd", "th"] {
        if text[end..].starts_with(candidate) {
            suffix = Some(end..end + 2);
            after = end + 2;
            break;
        }
    }
    // The number must end here: not `4.5`, `4,000`, `4:30`, `4%`, `4th-century`, `4a`.
    let rest = &text[after..];
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(c), _) if c.is_alphanumeric() || matches!(c, '%' | '/' | '\'' | '’') => {
            return None
        }
        (Some('.' | ',' | ':'), Some(d)) if d.is_ascii_digit() => return None,
        (Some('-'), Some(d)) if d.is_alphabetic() => return None,
        _ => {}
    }
    Some((
        Number {
            range: pos..end,
            value,
        },
        suffix,
        after,
    ))
}

/// A four-digit year after `pos` (`, 2019` or ` 2019`), with the comma's range.
fn year_after(text: &str, pos: usize, allow_comma: bool) -> (Option<Number>, Option<Range<usize>>) {
    let mut at = pos;
    let mut comma = None;
    if allow_comma && text[at..].starts_with(',') {
        comma = Some(at..at + 1);
        at += 1;
    }
    let digits_at = skip_spaces(text, at);
    if digits_at == at {
        return (None, None);
    }
    let bytes = text.as_bytes();
    let mut end = digits_at;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    if end - digits_at != 4 {
        return (None, None);
    }
    let rest = &text[end..];
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(c), _) if c.is_alphanumeric() || matches!(c, '%' | '/' | '\'' | '’' | '-') => {
            return (None, None)
        }
        (Some('.' | ',' | ':'), Some(d)) if d.is_ascii_digit() => return (None, None),
        _ => {}
    }
    let Ok(value) = text[digits_at..end].parse::<i32>() else {
        return (None, None);
    };
    if !(1000..=2199).contains(&value) {
        return (None, None);
    }
    (
        Some(Number {
            range: digits_at..end,
            value,
        }),
        comma,
    )
}

fn counts_something(text: &str, pos: usize) -> bool {
    let rest = text[pos..].trim_start();
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-')
        .collect();
    NOT_A_DAY_AFTER.contains(&word.to_ascii_lowercase().as_str())
}

/// A weekday written next to the date at `range`: `Saturday, ` before it, or ` (Sat.)`
/// or `, a Saturday` after it.
pub fn weekday_near(text: &str, range: Range<usize>) -> Option<WeekdayToken> {
    if let Some(found) = weekday_before(text, range.start) {
        return Some(found);
    }
    let caps = WEEKDAY_AFTER.captures(&text[range.end..])?;
    let found = caps.name("wd1").or_else(|| caps.name("wd2"))?;
    let (weekday, abbreviated) = parse_weekday(found.as_str())?;
    let start = range.end + found.start();
    let mut end = range.end + found.end();
    if abbreviated && text[end..].starts_with('.') {
        end += 1;
    }
    Some(WeekdayToken {
        range: start..end,
        weekday,
        abbreviated,
    })
}

fn weekday_before(text: &str, start: usize) -> Option<WeekdayToken> {
    let window_start = floor_char_boundary(text, start.saturating_sub(16));
    let caps = WEEKDAY_BEFORE.captures(&text[window_start..start])?;
    let found = caps.name("wd")?;
    let (weekday, abbreviated) = parse_weekday(found.as_str())?;
    let has_dot = caps.name("dot").is_some();
    let separator = caps.name("sep").map_or("", |s| s.as_str());
    // `Sun` and `Sat` are ordinary words too: an abbreviation needs its period or comma.
    if abbreviated && !has_dot && !separator.contains(',') {
        return None;
    }
    // A full name followed by a period ends a sentence ("on Sunday. Feb. 2 was").
    if !abbreviated && has_dot {
        return None;
    }
    let begin = window_start + found.start();
    let end = window_start + found.end() + usize::from(has_dot);
    Some(WeekdayToken {
        range: begin..end,
        weekday,
        abbreviated,
    })
}

static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"\b(?P<a>\d{1,4})(?P<s1>[/.\-])(?P<b>\d{1,2})(?P<s2>[/.\-])(?P<y>\d{2,4})")
        .expect("valid numeric date regex")
});

/// Every all-numeric date in `text` (`11/05/2024`, `2024-11-05`, `03.02.2019`).
pub fn numeric_dates(text: &str) -> Vec<NumericDate> {
    let mut out = Vec::new();
    for caps in NUMERIC_DATE.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let (a, b, y) = (&caps["a"], &caps["b"], &caps["y"]);
        let (s1, s2) = (&caps["s1"], &caps["s2"]);
        if s1 != s2 {
            continue;
        }
        let kind = match (s1, a.len(), b.len(), y.len()) {
            ("-", 4, 2, 2) => NumericKind::Iso,
            ("/", 1..=2, _, 2 | 4) => NumericKind::Slash,
            (".", 1..=2, _, 4) => NumericKind::Dot,
            ("-", 1..=2, _, 4) => NumericKind::Dash,
            _ => continue,
        };
        let before = text[..whole.start()].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || "/.-_$#:+€£@".contains(c)) {
            continue;
        }
        let rest = &text[whole.end()..];
        let mut chars = rest.chars();
        let after = chars.next();
        let after2 = chars.next();
        let timestamp = kind == NumericKind::Iso
            && after == Some('T')
            && after2.is_some_and(|c| c.is_ascii_digit());
        if !timestamp {
            if after.is_some_and(|c| c.is_alphanumeric() || "/-_%".contains(c)) {
                continue;
            }
            if matches!(after, Some('.' | ',' | ':')) && after2.is_some_and(|c| c.is_alphanumeric())
            {
                continue;
            }
        }
        let (Ok(a), Ok(b), Ok(year)) = (a.parse(), b.parse(), y.parse()) else {
            continue;
        };
        let (first, second) = if kind == NumericKind::Iso {
            (b, year)
        } else {
            (a, b)
        };
        let year = if kind == NumericKind::Iso { a } else { year };
        out.push(NumericDate {
            range: whole.range(),
            kind,
            first,
            second,
            year,
            year_digits: if kind == NumericKind::Iso { 4 } else { y.len() },
            timestamp,
        });
    }
    out
}

static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"\b(?P<h>\d{1,2})(?:(?P<sep>[:.])(?P<m>\d{2}))?\s?(?P<mer>(?P<ap>[aApP])(?:\.\s?)?[mM]\b\.?)")
        .expect("valid clock regex")
});

static NOON_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"\b(?:(?P<twelve>12(?:[:.]00)?)\s+)?(?P<word>noon|midnight|midday)\b")
        .expect("valid noon regex")
});

static ZONE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(
        r"^\s?\(?(?P<z>EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|HST|ET|CT|MT|PT|GMT|UTC|BST)\b",
    )
    .expect("valid zone regex")
});

/// Every clock time in `text`: figures with a.m./p.m., and `noon`/`midnight`.
pub fn times(text: &str) -> Vec<ClockTime> {
    let mut out = Vec::new();
    for caps in CLOCK.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let before = text[..whole.start()].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || ".,:$/-£€#".contains(c)) {
            continue;
        }
        let Ok(hour) = caps["h"].parse::<u8>() else {
            continue;
        };
        let minute = caps.name("m").and_then(|m| m.as_str().parse::<u8>().ok());
        if hour > 12 || minute.is_some_and(|m| m > 59) {
            continue;
        }
        let mer = caps.name("mer").map(|m| m.range()).unwrap_or_default();
        let marker = &text[mer.clone()];
        // A lone lower-case `am` after a number can be the verb ("4 am I"): require a
        // following non-letter, which `\b` already gives, and no pronoun after it.
        if marker == "am" && text[mer.end..].trim_start().starts_with("I ") {
            continue;
        }
        let pm = caps["ap"].eq_ignore_ascii_case("p");
        let zone = ZONE_AFTER.captures(&text[mer.end..]).and_then(|z| {
            let found = z.name("z")?;
            Some((
                mer.end + found.start()..mer.end + found.end(),
                found.as_str().to_string(),
            ))
        });
        out.push(ClockTime {
            range: whole.start()..mer.end,
            hour,
            minute,
            separator: caps.name("sep").and_then(|s| s.as_str().chars().next()),
            meridiem: Some(Meridiem { range: mer, pm }),
            word: None,
            zone,
        });
    }
    for caps in NOON_WORD.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let Some(word) = caps.name("word") else {
            continue;
        };
        let zone = ZONE_AFTER.captures(&text[whole.end()..]).and_then(|z| {
            let found = z.name("z")?;
            Some((
                whole.end() + found.start()..whole.end() + found.end(),
                found.as_str().to_string(),
            ))
        });
        out.push(ClockTime {
            range: whole.range(),
            hour: if word.as_str() == "midnight" { 0 } else { 12 },
            minute: None,
            separator: None,
            meridiem: None,
            word: Some(word.range()),
            zone,
        });
    }
    out.sort_by_key(|t| t.range.start);
    out
}

/// Offset after any run of spaces (including no-break spaces and newlines) at `pos`.
pub fn skip_spaces(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    pos + (rest.len()
        - rest
            .trim_start_matches([' ', '\t', '\n', '\r', '\u{a0}'])
            .len())
}

/// The word right before `pos`, skipping spaces only (punctuation in between gives `None`).
pub fn previous_word(text: &str, pos: usize) -> Option<&str> {
    let head = text[..pos].trim_end_matches([' ', '\t', '\u{a0}']);
    if head.len() == pos {
        return None;
    }
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '-' || *c == '\'')
        .last()
        .map(|(i, _)| i)?;
    Some(&head[start..])
}

/// True when the date is a parenthesised stamp that ends the block, as after a
/// related-story headline: `Pelosi Attacks Trump (Feb. 1, 2019)`.
fn closes_related_link(text: &str, range: Range<usize>) -> bool {
    text[..range.start].trim_end().ends_with('(') && {
        let rest = text[range.end..].trim_start();
        rest.strip_prefix(')').is_some_and(|r| r.trim().is_empty())
    }
}

/// True when `pos` follows an embedded post's credit, `(@handle)`.
fn after_embed_credit(text: &str, pos: usize) -> bool {
    let head = text[..pos].trim_end();
    let Some(inner) = head.strip_suffix(')') else {
        return false;
    };
    inner
        .rfind('(')
        .is_some_and(|open| inner[open + 1..].starts_with('@'))
}

fn follows_capitalised_name(text: &str, pos: usize) -> bool {
    let Some(word) = previous_word(text, pos) else {
        return false;
    };
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    capitalised
        && !FUNCTION_CAPS.contains(&word)
        && parse_weekday(word).is_none()
        && word.chars().skip(1).all(char::is_lowercase)
}

/// The largest char boundary at or below `pos`.
pub fn floor_char_boundary(text: &str, mut pos: usize) -> usize {
    while pos > 0 && !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worded_dates_and_weekdays() {
        let found = dates("on Saturday, February 2, 2019, and Sat., Feb. 9 and Feb. 16 (Sunday).");
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].civil().unwrap().to_string(), "2019-02-02");
        assert_eq!(
            found[0].weekday.as_ref().unwrap().weekday,
            Weekday::Saturday
        );
        assert_eq!(
            found[1].weekday.as_ref().unwrap().weekday,
            Weekday::Saturday
        );
        assert!(found[1].year.is_none());
        assert_eq!(found[2].weekday.as_ref().unwrap().weekday, Weekday::Sunday);
    }

    #[test]
    fn embed_stamps_are_marked() {
        let found =
            dates("Snow today. — Jane Roe (@janeroe) December 22, 2014 and on December 23.");
        assert!(found[0].embed_stamp);
        assert!(!found[1].embed_stamp);
        assert!(dates("Senate Passes Bill (February 1, 2019)")[0].embed_stamp);
        assert!(dates("on Sunday. Feb. 2 was cold")[0].weekday.is_none());
    }

    #[test]
    fn names_and_counts_are_not_dates() {
        assert!(dates("Theresa May 10 times")
            .iter()
            .all(|d| d.day.is_none()));
        assert!(dates("in February 12 people died")
            .iter()
            .all(|d| d.day.is_none()));
        assert!(dates("March 5 percent").iter().all(|d| d.day.is_none()));
        assert!(dates("Janet 4").is_empty());
        assert!(dates("they may 4").is_empty());
    }

    #[test]
    fn day_month_and_of_forms() {
        let found = dates("on 4 February 2019 and the 4th of March");
        assert_eq!(found[0].shape, Shape::DayMonth);
        assert_eq!(found[0].civil().unwrap().to_string(), "2019-02-04");
        assert_eq!(found[1].shape, Shape::DayOfMonth);
        assert_eq!(found[1].range.start, "on 4 February 2019 and ".len());
    }

    #[test]
    fn numeric_dates_skip_fractions_and_paths() {
        let text =
            "on 11/05/2024 and 2024-11-05, not 9/11, 24/7, 3/4, 2013/14, v1.2.2019 or a/1/2/2020";
        let found = numeric_dates(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].readings().len(), 2);
        assert_eq!(found[1].kind, NumericKind::Iso);
    }

    #[test]
    fn clock_times() {
        let found = times("at 4:23am EST, 10 A.M. and 12 noon, not 2:1 or 3:30 left");
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].zone.as_ref().unwrap().1, "EST");
        assert!(!found[1].meridiem.as_ref().unwrap().pm);
        assert!(found[2].word.is_some());
    }
}
