//! Calendar facts shared by the engine: month names, full-date recognition for the
//! story's reference date. Calendar arithmetic is jiff's (`jiff::civil::Date`).

use crate::re::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A calendar date without time zone.
pub type CivilDate = jiff::civil::Date;

/// Month names: full name, AP abbreviation (with period, `None` for March–July), and
/// every other abbreviation writers use.
pub const MONTHS: [(&str, Option<&str>, &[&str]); 12] = [
    ("January", Some("Jan."), &["Jan"]),
    ("February", Some("Feb."), &["Feb"]),
    ("March", None, &["Mar"]),
    ("April", None, &["Apr"]),
    ("May", None, &[]),
    ("June", None, &["Jun"]),
    ("July", None, &["Jul"]),
    ("August", Some("Aug."), &["Aug"]),
    ("September", Some("Sept."), &["Sept", "Sep"]),
    ("October", Some("Oct."), &["Oct"]),
    ("November", Some("Nov."), &["Nov"]),
    ("December", Some("Dec."), &["Dec"]),
];

/// The month number (1–12) of a month name or abbreviation, with or without a period,
/// case-sensitive on the first letter (`May`, not `may`).
pub fn month_number(word: &str) -> Option<u8> {
    let bare = word.strip_suffix('.').unwrap_or(word);
    MONTHS
        .iter()
        .position(|(full, ap, others)| {
            *full == bare
                || ap.is_some_and(|a| a.trim_end_matches('.') == bare)
                || others.contains(&bare)
                || full.to_uppercase() == bare
        })
        .map(|i| i as u8 + 1)
}

/// A regex alternation of every month spelling (full names first).
pub const MONTH_PATTERN: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)";

static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(&format!(
        r"\b(?:(?P<m1>{MONTH_PATTERN})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})\b|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTH_PATTERN})\s+(?P<y2>\d{{4}})\b|(?P<y3>\d{{4}})-(?P<mo3>\d{{2}})-(?P<d3>\d{{2}})(?:\b|T))"
    ))
    .expect("valid date regex")
});

/// The first complete, valid date (month, day and year) in `text`, in any common form:
/// `February 4, 2019`, `Feb. 4, 2019`, `4 February 2019`, `2019-02-04`.
pub fn first_full_date(text: &str) -> Option<(Range<usize>, CivilDate)> {
    FULL_DATE.captures_iter(text).find_map(|caps| {
        let whole = caps.get(0)?;
        let mut range = whole.range();
        let (year, month, day) = if let Some(y) = caps.name("y1") {
            (y.as_str(), month_number(&caps["m1"])?, &caps["d1"])
        } else if let Some(y) = caps.name("y2") {
            (y.as_str(), month_number(&caps["m2"])?, &caps["d2"])
        } else {
            range.end = range.start + 10;
            (&caps["y3"], caps["mo3"].parse().ok()?, &caps["d3"])
        };
        let date = CivilDate::new(year.parse().ok()?, month as i8, day.parse().ok()?).ok()?;
        Some((range, date))
    })
}

/// Front matter keys that give a story's date, in order of preference.
pub const FRONT_MATTER_DATE_KEYS: [&str; 3] = ["date", "published", "dateline_date"];

fn front_matter_key_pattern(key: &str) -> String {
    format!(
        r#"(?m)^[ \t]*{}[ \t]*[:=][ \t]*["']?(?P<value>[^"'\r\n]+)"#,
        regex::escape(key)
    )
}

/// The patterns for [`FRONT_MATTER_DATE_KEYS`], compiled once (every analysis of a draft
/// with front matter asks for them).
static FRONT_MATTER_DATE_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    FRONT_MATTER_DATE_KEYS
        .iter()
        .map(|key| crate::re::compile(&front_matter_key_pattern(key)).expect("valid regex"))
        .collect()
});

/// The date under `key:` (YAML) or `key =` (TOML) in front matter text.
pub fn front_matter_date(front_matter: &str, key: &str) -> Option<(Range<usize>, CivilDate)> {
    let built;
    let re = match FRONT_MATTER_DATE_KEYS.iter().position(|k| *k == key) {
        Some(idx) => &FRONT_MATTER_DATE_PATTERNS[idx],
        None => {
            built = crate::re::compile(&front_matter_key_pattern(key)).ok()?;
            &built
        }
    };
    let caps = re.captures(front_matter)?;
    let value = caps.name("value")?;
    let (range, date) = first_full_date(value.as_str())?;
    Some((value.start() + range.start..value.start() + range.end, date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_full_dates() {
        let (range, date) = first_full_date("By X | February 4, 2019 | 4:23am EST").unwrap();
        assert_eq!(date.to_string(), "2019-02-04");
        assert_eq!(range, 7..23);
        assert_eq!(
            first_full_date("on 4 Feb 2019").unwrap().1.to_string(),
            "2019-02-04"
        );
        assert_eq!(
            first_full_date("at 2019-02-04T09:00")
                .unwrap()
                .1
                .to_string(),
            "2019-02-04"
        );
        assert!(first_full_date("Feb. 30, 2019").is_none());
    }

    #[test]
    fn front_matter_keys() {
        let fm = "title: x\npublished: \"2020-03-01T10:00:00Z\"\n";
        assert_eq!(
            front_matter_date(fm, "published").unwrap().1.to_string(),
            "2020-03-01"
        );
        assert!(front_matter_date(fm, "date").is_none());
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("may"), None);
    }
}
