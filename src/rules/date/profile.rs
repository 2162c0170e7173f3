//! House-style tables for dates and times, one row per profile, keyed by `config::Style`.
//!
//! Every profile difference the `date/` and `time/` rules know about is data here, so a
//! new profile (Reuters, Chicago, The Economist) is a new table row, not new code.

use crate::config::Style;

/// The order of day and month in a full date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    /// `Feb. 4, 2019` (US profiles).
    MonthDayYear,
    /// `4 February 2019` (UK profiles).
    DayMonthYear,
}

/// How clock times are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeStyle {
    /// Between hour and minutes: `:` (AP `4:23 a.m.`) or `.` (Guardian `4.23am`).
    pub separator: char,
    /// The morning marker (`a.m.`, `am`).
    pub am: &'static str,
    /// The afternoon marker (`p.m.`, `pm`).
    pub pm: &'static str,
    /// Whether a space separates the figure from the marker.
    pub space: bool,
    /// Whether `:00` on the hour is dropped (`4 p.m.`, not `4:00 p.m.`).
    pub drop_zero_minutes: bool,
    /// The word for 12 noon.
    pub noon: &'static str,
    /// Other accepted words for 12 noon (`midday`).
    pub noon_alternatives: &'static [&'static str],
    /// The word for 12 midnight.
    pub midnight: &'static str,
}

/// Everything the date and time rules need to know about one house style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateProfile {
    /// The profile this row describes.
    pub style: Style,
    /// House form of each month when a day number goes with it (index 0 is January).
    pub month_with_day: [&'static str; 12],
    /// House form of each month alone or with a year only.
    pub month_alone: [&'static str; 12],
    /// Order of a full date.
    pub order: DateOrder,
    /// A comma between day and year (`Feb. 4, 2019`) and after the year mid-sentence.
    pub year_commas: bool,
    /// Ordinal suffixes on day numbers are required (`July 5th`, The Economist) rather than
    /// forbidden.
    pub ordinal_suffix: bool,
    /// `yesterday`, `tomorrow` and `last Tuesday` are flagged in news copy.
    pub flag_relative_days: bool,
    /// Elided decades take a leading apostrophe (`’90s`).
    pub decade_apostrophe: bool,
    /// Clock times.
    pub time: TimeStyle,
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

/// The profile table. Look rows up with [`profile`].
pub static PROFILES: [DateProfile; 2] = [
    DateProfile {
        style: Style::Ap,
        month_with_day: [
            "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
            "Nov.", "Dec.",
        ],
        month_alone: FULL_MONTHS,
        order: DateOrder::MonthDayYear,
        year_commas: true,
        ordinal_suffix: false,
        flag_relative_days: true,
        decade_apostrophe: true,
        time: TimeStyle {
            separator: ':',
            am: "a.m.",
            pm: "p.m.",
            space: true,
            drop_zero_minutes: true,
            noon: "noon",
            noon_alternatives: &[],
            midnight: "midnight",
        },
    },
    DateProfile {
        style: Style::Guardian,
        month_with_day: FULL_MONTHS,
        month_alone: FULL_MONTHS,
        order: DateOrder::DayMonthYear,
        year_commas: false,
        ordinal_suffix: false,
        flag_relative_days: false,
        decade_apostrophe: false,
        time: TimeStyle {
            separator: '.',
            am: "am",
            pm: "pm",
            space: false,
            drop_zero_minutes: true,
            noon: "noon",
            noon_alternatives: &["midday"],
            midnight: "midnight",
        },
    },
];

/// The table row for `style` (AP when a style has no row of its own).
pub fn profile(style: Style) -> &'static DateProfile {
    PROFILES
        .iter()
        .find(|p| p.style == style)
        .unwrap_or(&PROFILES[0])
}

impl DateProfile {
    /// The house form of a month (1–12) followed by a day number.
    pub fn month_with_day(&self, month: i8) -> &'static str {
        self.month_with_day[(month.clamp(1, 12) - 1) as usize]
    }

    /// The house form of a month (1–12) alone or with a year.
    pub fn month_alone(&self, month: i8) -> &'static str {
        self.month_alone[(month.clamp(1, 12) - 1) as usize]
    }

    /// A full or partial date in house form: `Feb. 4, 2019`, `4 February 2019`, `Feb. 4`.
    pub fn format_date(&self, month: i8, day: i8, year: Option<i16>) -> String {
        let month_name = self.month_with_day(month);
        match (self.order, year) {
            (DateOrder::MonthDayYear, Some(y)) if self.year_commas => {
                format!("{month_name} {day}, {y}")
            }
            (DateOrder::MonthDayYear, Some(y)) => format!("{month_name} {day} {y}"),
            (DateOrder::MonthDayYear, None) => format!("{month_name} {day}"),
            (DateOrder::DayMonthYear, Some(y)) => format!("{day} {month_name} {y}"),
            (DateOrder::DayMonthYear, None) => format!("{day} {month_name}"),
        }
    }

    /// A clock time in house form. `hour` is 1–12, `pm` picks the marker. Noon and
    /// midnight are the caller's business.
    pub fn format_time(&self, hour: u8, minute: u8, pm: bool) -> String {
        let style = &self.time;
        let marker = if pm { style.pm } else { style.am };
        let space = if style.space { " " } else { "" };
        if minute == 0 && style.drop_zero_minutes {
            format!("{hour}{space}{marker}")
        } else {
            format!("{hour}{}{minute:02}{space}{marker}", style.separator)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ap_and_guardian_rows() {
        let ap = profile(Style::Ap);
        assert_eq!(ap.format_date(2, 4, Some(2019)), "Feb. 4, 2019");
        assert_eq!(ap.format_date(3, 4, None), "March 4");
        assert_eq!(ap.format_time(4, 23, false), "4:23 a.m.");
        assert_eq!(ap.format_time(4, 0, true), "4 p.m.");
        let guardian = profile(Style::Guardian);
        assert_eq!(guardian.format_date(2, 4, Some(2019)), "4 February 2019");
        assert_eq!(guardian.format_time(4, 23, true), "4.23pm");
        assert_eq!(guardian.format_time(10, 0, false), "10am");
    }
}
