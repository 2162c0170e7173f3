//! `time/zone`: U.S. standard/daylight zone letters that contradict the date.

use crate::analysis::dates::CivilDate;
use crate::declare_rule;
use crate::lint::{BlockContext, Edit, Finding, Fix, Rule, RuleMeta};
use crate::rules::date::{
    days_between, format_severity, infer_date, quoted, scan, sentence_at, tense_of,
};
use jiff::civil::Weekday;

declare_rule! {
    /// ## What it does
    /// Flags a daylight-time abbreviation (`EDT`, `CDT`, `MDT`, `PDT`, `AKDT`) on a date
    /// outside U.S. daylight time, and a standard-time one (`EST`, `CST`, `PST`, `AKST`)
    /// inside it. Daylight time runs from the second Sunday in March to the first Sunday
    /// in November (first Sunday in April to last Sunday in October, 1987–2006). The date
    /// is the one written in the same sentence, or else the story's reference date when
    /// that is at least two weeks from a changeover. `MST` is never flagged (Arizona keeps
    /// it all year), nor are dates before 1987 or on changeover days.
    ///
    /// ## Why is this bad?
    /// `10 a.m. EDT` on Feb. 4 names an hour that does not exist on a clock that day;
    /// readers converting the time get it wrong by one hour.
    ///
    /// ## Example
    /// ```markdown
    /// The launch is at 10 a.m. EDT on Feb. 4, 2019.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The launch is at 10 a.m. EST on Feb. 4, 2019.
    /// ```
    ///
    /// ## Fix safety
    /// Safe when the date is written in the same sentence with its year; unsafe when the
    /// date was inferred (year-less date, or the story's reference date), because the
    /// event may fall on the other side of a changeover.
    ///
    /// ## References
    /// AP Stylebook, "time zones"; Energy Policy Act of 2005, §110.
    pub struct Zone {
        id: "time/zone",
        summary: "Daylight or standard time letter contradicts the date",
        severity: Warning,
        fix: Always,
        scope: Block,
    }
}

impl Rule for Zone {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        crate::rules::date::check_outside_stamps(ctx, findings, |out| self.check(ctx, out));
    }
}

impl Zone {
    fn check(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        let Some(severity) = format_severity(ctx, Self::META.default_severity) else {
            return;
        };
        // The block's times and dates as the other time and date rules share them.
        let times = scan::times_in(ctx);
        if times.0.iter().all(|t| t.zone.is_none()) {
            return;
        }
        let dates = scan::dates_in(ctx);
        let dates = &dates.0;
        for time in &times.0 {
            let Some((zone_range, zone)) = &time.zone else {
                continue;
            };
            let daylight = match zone.as_str() {
                "EDT" | "CDT" | "MDT" | "PDT" | "AKDT" => true,
                "EST" | "CST" | "PST" | "AKST" => false,
                _ => continue,
            };
            if quoted(ctx, zone_range.clone()) {
                continue;
            }
            let Some((date, certain)) = event_date(ctx, dates, time.range.start) else {
                continue;
            };
            let Some(in_dst) = in_daylight_time(date) else {
                continue;
            };
            if in_dst == daylight {
                continue;
            }
            let swapped = if daylight {
                zone.replacen('D', "S", 1)
            } else {
                zone.replacen('S', "D", 1)
            };
            let (kind, other) = if daylight {
                ("standard", "daylight")
            } else {
                ("daylight", "standard")
            };
            let edit = Edit::replace(ctx.span(zone_range.clone()), swapped.clone());
            let title = format!("Replace with `{swapped}`");
            findings.push(
                Finding::new(
                    &Self::META,
                    ctx.span(zone_range.clone()),
                    format!("`{zone}` is {other} time, but {date} is in {kind} time"),
                )
                .with_severity(severity)
                .with_fix(if certain {
                    Fix::safe(title, edit)
                } else {
                    Fix::unsafe_edit(title, edit)
                }),
            );
        }
    }
}

/// The date a time at `offset` refers to, and whether it is written out in full: a date
/// in the same sentence, else the reference date when it is not near a changeover.
fn event_date(
    ctx: &BlockContext<'_>,
    dates: &[scan::TextDate],
    offset: usize,
) -> Option<(CivilDate, bool)> {
    let text = ctx.text();
    let sentence = sentence_at(ctx, offset);
    let nearest = dates
        .iter()
        .filter(|d| d.day.is_some() && sentence.contains(&d.range.start))
        .min_by_key(|d| d.range.start.abs_diff(offset));
    let reference = ctx.info.reference_date.map(|r| r.date);
    if let Some(date) = nearest {
        if let Some(civil) = date.civil() {
            return Some((civil, true));
        }
        let day = date.day.as_ref()?.value as i8;
        let civil = infer_date(reference?, date.month.month, day, tense_of(&text[sentence]))?;
        return Some((civil, false));
    }
    let reference = reference?;
    let (start, end) = changeovers(reference.year())?;
    let far =
        days_between(reference, start).abs() >= 14 && days_between(reference, end).abs() >= 14;
    far.then_some((reference, false))
}

/// The first and last day of U.S. daylight time in `year`, for 1987 onwards.
fn changeovers(year: i16) -> Option<(CivilDate, CivilDate)> {
    if year < 1987 {
        return None;
    }
    let (start, end) = if year >= 2007 {
        (
            CivilDate::new(year, 3, 1)
                .ok()?
                .nth_weekday_of_month(2, Weekday::Sunday)
                .ok()?,
            CivilDate::new(year, 11, 1)
                .ok()?
                .nth_weekday_of_month(1, Weekday::Sunday)
                .ok()?,
        )
    } else {
        (
            CivilDate::new(year, 4, 1)
                .ok()?
                .nth_weekday_of_month(1, Weekday::Sunday)
                .ok()?,
            CivilDate::new(year, 10, 1)
                .ok()?
                .nth_weekday_of_month(-1, Weekday::Sunday)
                .ok()?,
        )
    };
    Some((start, end))
}

/// Whether `date` is in U.S. daylight time; `None` on changeover days and before 1987.
fn in_daylight_time(date: CivilDate) -> Option<bool> {
    let (start, end) = changeovers(date.year())?;
    if date == start || date == end {
        return None;
    }
    Some(date > start && date < end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::lint::fix::{fix_text, FixMode};
    use crate::lint::lint;

    fn config() -> Config {
        Config::only("time/zone")
    }

    #[test]
    fn daylight_window() {
        assert_eq!(
            in_daylight_time(CivilDate::new(2019, 2, 4).unwrap()),
            Some(false)
        );
        assert_eq!(
            in_daylight_time(CivilDate::new(2019, 7, 4).unwrap()),
            Some(true)
        );
        assert_eq!(in_daylight_time(CivilDate::new(2019, 3, 10).unwrap()), None);
        assert_eq!(
            in_daylight_time(CivilDate::new(2019, 3, 11).unwrap()),
            Some(true)
        );
    }

    #[test]
    fn swaps_the_letter() {
        let source = "Lead paragraph of the story follows here.\n\nThe launch is at 10 a.m. EDT on Feb. 4, 2019, and at 9 a.m. EST on July 4, 2019, with 8 a.m. MST on July 5, 2019.\n";
        assert_eq!(
            fix_text(source, &config(), FixMode::Safe).text,
            "Lead paragraph of the story follows here.\n\nThe launch is at 10 a.m. EST on Feb. 4, 2019, and at 9 a.m. EDT on July 4, 2019, with 8 a.m. MST on July 5, 2019.\n"
        );
    }

    #[test]
    fn byline_est_in_february_is_fine() {
        let source = "Headline\n\nBy Jane Doe | February 4, 2019 | 4:23am EST\n\nBody text here at noon EDT today.\n";
        let found = lint(source, &config()).findings;
        assert_eq!(found.len(), 1);
        assert_eq!(&source[found[0].span.start..found[0].span.end], "EDT");
    }
}
