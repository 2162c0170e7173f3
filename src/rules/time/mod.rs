//! The `time/` family: clock-time forms (`time/am-pm`), noon and midnight
//! (`time/noon-midnight`) and U.S. daylight-time zone letters (`time/zone`). Recognition
//! and profile tables are shared with the `date/` family (`rules::date::scan`,
//! `rules::date::profile`).

pub mod am_pm;
pub mod noon_midnight;
pub mod zone;

use crate::lint::{BlockContext, Edit};
use std::ops::Range;

/// An edit replacing a time at `range` with `replacement`, keeping sentence punctuation
/// right: `4 PM.` → `4 p.m.` swallows the sentence's period, and `4 p.m. The` →
/// `4pm. The` keeps the one the old marker carried.
pub(crate) fn time_edit(ctx: &BlockContext<'_>, range: Range<usize>, replacement: &str) -> Edit {
    let text = ctx.text();
    let written = &text[range.clone()];
    let mut end = range.end;
    let mut new_text = replacement.to_string();
    if replacement.ends_with('.') && text[end..].starts_with('.') {
        end += 1;
    } else if written.ends_with('.')
        && !replacement.ends_with('.')
        && crate::rules::date::sentence_ends_at(text, range.end)
    {
        new_text.push('.');
    }
    Edit::replace(ctx.span(range.start..end), new_text)
}
