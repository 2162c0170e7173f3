//! Editorial zones (spec §0): headline, subhead, byline/dateline, caption, body.
//!
//! Heuristics on top of the Markdown structure. A paragraph whose first line is a byline
//! and that continues on the next line (a CMS export without a blank line) is split in two
//! so the byline and what follows get their own zones.

use super::markdown::is_whole_lines;
use super::{Block, BlockKind, Zone};
use crate::analysis::dates;
use crate::lint::Span;
use crate::re::Regex;
use std::sync::LazyLock;

static BYLINE_START: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"^\s*(?:By|BY|Posted by|Written by)\s+\p{Lu}").expect("valid regex")
});
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"\((?:Photo|Photos|Image|File photo|Credit)\s*(?::|by\b)|\(AP Photo/|Getty Images|/Reuters\)|\(Photo/|\((?:AP|Reuters|AFP) Photo\b")
        .expect("valid regex")
});

/// Is this single line a byline or a dateline line?
pub(crate) fn is_byline_line(line: &str) -> bool {
    if line.contains('|') && dates::first_full_date(line).is_some() {
        return true;
    }
    // The cheap tests first: most lines are sentences of a paragraph.
    if line.trim_end().ends_with(['.', '!', '?']) || line.split_whitespace().nth(14).is_some() {
        return false;
    }
    // "By Friday, the council had voted." is a sentence, not a byline.
    let second = line
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .trim_end_matches([',', '.']);
    let not_a_name = NOT_NAMES.contains(&second) || dates::month_number(second).is_some();
    BYLINE_START.is_match(line) && !not_a_name
}

/// Words that follow "By" in a sentence rather than in a byline.
const NOT_NAMES: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "The",
    "Then",
    "Now",
    "Law",
    "Noon",
    "Midnight",
    "Christmas",
    "Election",
    "Dawn",
    "Nightfall",
    "Sunday's",
    "Tonight",
    "Tomorrow",
    "Today",
    "Contrast",
    "Comparison",
    "Early",
    "Late",
    "Mid",
    "Next",
    "Last",
    "This",
    "That",
    "Some",
    "Most",
    "All",
];

/// Only blocks among the first this many can be split by [`classify`] (a byline line
/// opening a paragraph): an edit after them leaves the splits as they were.
pub(crate) const SPLIT_WINDOW: usize = 8;

/// What [`classify`] decided for the whole list, which an edit of a stretch further
/// down needs to know (see [`reclassify_stretch`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Classified {
    /// Blocks added by splitting byline-first paragraphs (all among the first
    /// [`SPLIT_WINDOW`]).
    pub added: usize,
    /// Index of the first H1, the headline.
    pub first_h1: Option<usize>,
}

/// Splits byline-first paragraphs, assigns a zone to every block and numbers them.
pub(crate) fn classify(source: &str, blocks: &mut Vec<Block>) -> Classified {
    let before = blocks.len();
    split_bylines(source, blocks);
    let first_h1 = blocks.iter().position(|b| b.kind == BlockKind::Heading(1));
    for (idx, block) in blocks.iter_mut().enumerate() {
        block.zone = zone_of(block, idx, first_h1);
        block.index = idx;
    }
    Classified {
        added: blocks.len() - before,
        first_h1,
    }
}

/// Classifies a list that [`classify`] classified (giving `old`) and in which the
/// blocks `stretch` have since replaced `old_len` blocks from `stretch.start` on, all
/// at or after [`SPLIT_WINDOW`]; the blocks after the stretch are the old ones, already
/// numbered anew. Zones are assigned to the stretch, and again to the blocks whose zone
/// hangs on which block is the first H1 when that changed. Gives what [`classify`]
/// gives on the whole list (tested), and whether every block outside the stretch kept
/// its zone (the first H1 is the same block).
pub(crate) fn reclassify_stretch(
    blocks: &mut [Block],
    stretch: std::ops::Range<usize>,
    old_len: usize,
    old: Classified,
) -> (Classified, bool) {
    debug_assert!(stretch.start >= SPLIT_WINDOW);
    let is_h1 = |b: &Block| b.kind == BlockKind::Heading(1);
    // Where the old first H1 is now, if it is still there.
    let old_end = stretch.start + old_len;
    let moved = |i: usize| i + stretch.end - old_end;
    let kept_h1 = match old.first_h1 {
        Some(i) if i < stretch.start => Some(Some(i)),
        Some(i) if i >= old_end => Some(Some(moved(i))),
        None => Some(None),
        // It was in the replaced stretch.
        Some(_) => None,
    };
    let first_h1 = match kept_h1 {
        Some(Some(i)) if i < stretch.start => Some(i),
        _ => match blocks[stretch.clone()].iter().position(is_h1) {
            Some(i) => Some(stretch.start + i),
            None => match kept_h1 {
                // The old first H1 came after the stretch, or there was none.
                Some(kept) => kept,
                None => blocks[stretch.end..]
                    .iter()
                    .position(is_h1)
                    .map(|i| stretch.end + i),
            },
        },
    };
    for idx in stretch {
        blocks[idx].zone = zone_of(&blocks[idx], idx, first_h1);
    }
    let outside_kept = first_h1 == kept_h1.flatten();
    if !outside_kept {
        // The first block (a headline when there is no H1), the old headline and the
        // new one.
        for idx in [Some(0), kept_h1.flatten(), first_h1].into_iter().flatten() {
            if let Some(block) = blocks.get(idx) {
                let zone = zone_of(block, idx, first_h1);
                blocks[idx].zone = zone;
            }
        }
    }
    (
        Classified {
            added: old.added,
            first_h1,
        },
        outside_kept,
    )
}

/// What a block's own text says about its zone, computed when its chunk is parsed (and
/// cached with it), so assigning zones after an edit costs no text scan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ZoneTraits {
    /// Would be a headline if it opened a story without a `#` heading.
    headline_like: bool,
    /// A single byline or dateline line.
    byline: bool,
    /// Carries a photo credit.
    caption: bool,
    /// A short line without end punctuation (a subhead in all but name).
    fragment: bool,
}

impl ZoneTraits {
    /// The traits of `block` (its kind, flags and masked text).
    pub(crate) fn of(block: &Block) -> ZoneTraits {
        let text = block.masked.trim();
        let one_line = !text.contains('\n');
        let first_line = text.lines().next().unwrap_or("");
        ZoneTraits {
            headline_like: looks_like_headline(block, text),
            byline: !block.in_list && one_line && is_byline_line(first_line),
            caption: CAPTION.is_match(text),
            fragment: !block.in_list
                && one_line
                && text.split_whitespace().nth(7).is_none()
                && !ends_with_punctuation(text),
        }
    }
}

fn zone_of(block: &Block, idx: usize, first_h1: Option<usize>) -> Zone {
    if block.in_table {
        return Zone::Body;
    }
    let traits = block.traits;
    match first_h1 {
        Some(h1) if h1 == idx => return Zone::Headline,
        None if idx == 0 && traits.headline_like => return Zone::Headline,
        _ => {}
    }
    if let BlockKind::Heading(_) = block.kind {
        return Zone::Subhead;
    }
    if traits.byline {
        return Zone::Byline;
    }
    if traits.caption {
        return Zone::Caption;
    }
    if traits.fragment {
        return Zone::Subhead;
    }
    Zone::Body
}

fn looks_like_headline(block: &Block, text: &str) -> bool {
    !block.in_list
        && !block.in_blockquote
        && block.kind == BlockKind::Paragraph
        && !text.contains('\n')
        && !text.trim_end().ends_with('.')
        && text.split_whitespace().nth(25).is_none()
        && !is_byline_line(text)
}

fn ends_with_punctuation(text: &str) -> bool {
    let stripped = text
        .trim_end()
        .trim_end_matches(['”', '’', '"', '\'', ')', '*', '_']);
    stripped.ends_with(['.', '!', '?', ':', ';', ','])
}

fn split_bylines(source: &str, blocks: &mut Vec<Block>) {
    let mut idx = 0;
    while idx < blocks.len().min(8) {
        let block = &blocks[idx];
        let split = (block.kind == BlockKind::Paragraph && !block.in_list && !block.in_table)
            .then(|| block.masked.find('\n'))
            .flatten()
            .filter(|&nl| is_byline_line(&block.masked[..nl]));
        if let Some(nl) = split {
            let block = blocks[idx].clone();
            let first_len = block.masked[..nl].trim_end().len();
            let rest_start =
                nl + 1 + (block.masked[nl + 1..].len() - block.masked[nl + 1..].trim_start().len());
            let mut first = block.clone();
            first.span = Span::new(block.span.start, block.span.start + first_len);
            first.masked = block.masked[..first_len].into();
            first.whole_lines =
                block.whole_lines && is_whole_lines(source, &(first.span.start..first.span.end));
            let mut rest = block.clone();
            rest.span = Span::new(block.span.start + rest_start, block.span.end);
            rest.masked = block.masked[rest_start..].into();
            rest.whole_lines = is_whole_lines(source, &(rest.span.start..rest.span.end));
            first.traits = ZoneTraits::of(&first);
            rest.traits = ZoneTraits::of(&rest);
            blocks[idx] = first;
            blocks.insert(idx + 1, rest);
        }
        idx += 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Zone};

    #[test]
    fn seed_like_top_of_story() {
        let source = "Council Delays Vote on Bridge Plan\n\nBy Dana Reyes | March 3, 2025 | 9:15am EST\nThe bridge at dawn. (Photo: City of Easton)\n\nThe council met on Monday.\n\n‘A long wait’\n";
        let doc = Document::parse(source);
        let zones: Vec<Zone> = doc.blocks.iter().map(|b| b.zone).collect();
        assert_eq!(
            zones,
            vec![
                Zone::Headline,
                Zone::Byline,
                Zone::Caption,
                Zone::Body,
                Zone::Subhead
            ]
        );
        let reference = doc.info.reference_date.expect("byline date");
        assert_eq!(reference.date.to_string(), "2025-03-03");
    }

    #[test]
    fn sentences_starting_with_by_are_not_bylines() {
        use super::is_byline_line;
        assert!(is_byline_line("By Dana Reyes"));
        assert!(is_byline_line("By Jane Doe and John Roe, Associated Press"));
        assert!(!is_byline_line(
            "By Friday, the council had voted to approve it"
        ));
        assert!(!is_byline_line("By March the plan was dead."));
        assert!(!is_byline_line("By The Numbers"));
    }

    #[test]
    fn front_matter_date_wins() {
        let source =
            "---\ntitle: x\ndate: 2024-06-01\n---\n# Head\n\nBy A. Writer | March 3, 2025\n";
        let doc = Document::parse(source);
        assert_eq!(
            doc.info.reference_date.unwrap().date.to_string(),
            "2024-06-01"
        );
        assert_eq!(doc.blocks[0].zone, Zone::Headline);
    }
}
