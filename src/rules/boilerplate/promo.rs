//! Promo and scraper leftovers as blocks (spec §D.1): a trigger line from the catalogue
//! plus its extent — the salutation-to-sign-off envelope of an appeal, the list or
//! headline-like lines under a related-stories header, runs of sign-up or sharing lines.

use crate::analysis::boilerplate::{PromoKind, TRAILING_DATE};
use crate::document::{Block, BlockKind, Zone};
use crate::lint::{DocumentContext, Span};

/// How far (in blocks) a salutation may be from its sign-off.
const MAX_ENVELOPE_BLOCKS: usize = 24;
/// Related-story lines longer than this are body copy.
const MAX_HEADLINE_WORDS: usize = 30;

/// One promo block: blocks `first..=last` of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromoBlock {
    /// Donation, Newsletter, RelatedHeader or ShareUi.
    pub kind: PromoKind,
    /// First block index.
    pub first: usize,
    /// Last block index (inclusive).
    pub last: usize,
}

/// Whether each block can open a promo block: a catalogue line outside the headline.
#[derive(Default)]
struct TriggerColumn(crate::lint::BlockColumn<bool>);

impl TriggerColumn {
    /// Brings the column to `ctx`'s blocks.
    fn follow(&mut self, ctx: &DocumentContext<'_>) {
        let blocks = &ctx.document.blocks;
        self.0.follow(ctx.keys, |i| {
            blocks[i].zone != Zone::Headline && ctx.facts[i].promo.is_some()
        });
    }
}

/// The promo blocks of one analysis, found once for the rules that ask.
struct PromoBlocks(Vec<PromoBlock>);

/// Finds every promo block of the document, in order, non-overlapping.
pub fn promo_blocks(ctx: &DocumentContext<'_>) -> Vec<PromoBlock> {
    ctx.shared(|| PromoBlocks(find_promo_blocks(ctx))).0.clone()
}

fn find_promo_blocks(ctx: &DocumentContext<'_>) -> Vec<PromoBlock> {
    let blocks = &ctx.document.blocks;
    let kind_of = |i: usize| ctx.facts.get(i).and_then(|f| f.promo);
    // The trigger lines, kept between analyses and updated from the blocks an edit
    // changed (a keystroke does not read every block's facts).
    let triggers: Vec<usize> = ctx.states.with(|column: &mut TriggerColumn| {
        column.follow(ctx);
        column.0.marked().collect()
    });
    let mut found = Vec::new();
    // The first block not yet inside a promo block.
    let mut next = 0;
    for i in triggers {
        if i < next {
            continue;
        }
        let Some(kind) = kind_of(i) else {
            continue;
        };
        let block = match kind {
            PromoKind::Salutation => {
                let sign_off = (i + 1..blocks.len().min(i + MAX_ENVELOPE_BLOCKS))
                    .take_while(|&j| !matches!(blocks[j].kind, BlockKind::Heading(1 | 2)))
                    .find(|&j| kind_of(j) == Some(PromoKind::SignOff));
                match sign_off {
                    Some(last) => Some(PromoBlock {
                        kind: PromoKind::Donation,
                        first: i,
                        last,
                    }),
                    None => {
                        let last = run_end(i + 1, blocks.len(), |j| {
                            matches!(kind_of(j), Some(PromoKind::Donation | PromoKind::SignOff))
                        });
                        (last > i).then_some(PromoBlock {
                            kind: PromoKind::Donation,
                            first: i,
                            last,
                        })
                    }
                }
            }
            PromoKind::Donation => {
                let last = run_end(i, blocks.len(), |j| {
                    matches!(kind_of(j), Some(PromoKind::Donation | PromoKind::SignOff))
                });
                Some(PromoBlock {
                    kind: PromoKind::Donation,
                    first: i,
                    last,
                })
            }
            PromoKind::Newsletter | PromoKind::ShareUi => {
                let last = run_end(i, blocks.len(), |j| {
                    matches!(kind_of(j), Some(PromoKind::Newsletter | PromoKind::ShareUi))
                });
                Some(PromoBlock {
                    kind,
                    first: i,
                    last,
                })
            }
            PromoKind::RelatedHeader => {
                let last = run_end(i + 1, blocks.len(), |j| {
                    kind_of(j).is_none() && is_related_item(&blocks[j])
                });
                (last > i).then_some(PromoBlock {
                    kind,
                    first: i,
                    last,
                })
            }
            _ => None,
        };
        if let Some(block) = block {
            next = block.last + 1;
            found.push(block);
        }
    }
    found
}

/// The last index `j >= start` such that every block from `start` to `j` satisfies `ok`;
/// `start - 1` when the first one does not.
fn run_end(start: usize, len: usize, ok: impl Fn(usize) -> bool) -> usize {
    let mut last = start.wrapping_sub(1);
    let mut j = start;
    while j < len && ok(j) {
        last = j;
        j += 1;
    }
    last
}

/// A line that can be an entry of a related-stories list: a list item or a short,
/// single-line, headline-like paragraph (no sentence-final period unless it ends with a
/// parenthesised date).
pub fn is_related_item(block: &Block) -> bool {
    let text = block.masked.trim();
    if text.is_empty() || text.contains('\n') || matches!(block.kind, BlockKind::Heading(1 | 2)) {
        return false;
    }
    let words = text.split_whitespace().count();
    if words > MAX_HEADLINE_WORDS {
        return false;
    }
    if block.in_list {
        return true;
    }
    // The date ends the text (the pattern is anchored at the end).
    let date = TRAILING_DATE.find(text);
    let without_date = date.map_or(text, |m| &text[..m.start()]);
    let ends_sentence =
        without_date.trim_end().ends_with(['.', '!', '?']) || without_date.contains(" said");
    !ends_sentence && (date.is_some() || words <= 16)
}

/// Bytes to delete to remove blocks `first..=last` with their lines and one
/// surrounding blank line, or `None` when the blocks share a line with other text.
pub fn blocks_deletion_span(
    source: &str,
    blocks: &[Block],
    first: usize,
    last: usize,
) -> Option<Span> {
    let start_block = blocks.get(first)?;
    let end_block = blocks.get(last)?;
    let start = source[..start_block.span.start]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let prefix_ok = source[start..start_block.span.start].chars().all(|c| {
        c.is_whitespace() || matches!(c, '>' | '-' | '*' | '+' | '.' | ')') || c.is_ascii_digit()
    });
    let mut end = source[end_block.span.end..]
        .find('\n')
        .map_or(source.len(), |i| end_block.span.end + i + 1);
    if !prefix_ok || !source[end_block.span.end..end].trim().is_empty() {
        return None;
    }
    // Eat the blank lines after the region; at the end of the text, those before it.
    let mut eaten_after = false;
    while end < source.len() {
        let line_end = source[end..]
            .find('\n')
            .map_or(source.len(), |i| end + i + 1);
        if !source[end..line_end].trim().is_empty() {
            break;
        }
        end = line_end;
        eaten_after = true;
    }
    let mut start = start;
    if !eaten_after || end == source.len() {
        while start > 0 {
            let prev_start = source[..start - 1].rfind('\n').map_or(0, |i| i + 1);
            if !source[prev_start..start].trim().is_empty() {
                break;
            }
            start = prev_start;
        }
    }
    Some(Span::new(start, end))
}

/// Years mentioned in `text` later than the story's year, as a staleness hint.
pub fn later_years(text: &str, reference_year: Option<i16>) -> Vec<i16> {
    let Some(reference) = reference_year else {
        return Vec::new();
    };
    let mut years: Vec<i16> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| t.len() == 4)
        .filter_map(|t| t.parse::<i16>().ok())
        .filter(|&y| (1900..2200).contains(&y) && y > reference)
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

#[cfg(test)]
mod tests {
    /// Promo blocks come and go around ordinary copy (an appeal's envelope, a sign-up
    /// line, a related-coverage list, a headline that reads like a trigger): the kept
    /// trigger column equals a fresh one, and cached analyses equal fresh ones.
    #[test]
    fn small_edits_update_the_trigger_column_in_place() {
        let filler = |n: usize| {
            format!("The ferry made its {n}th crossing of the day before the storm hit.")
        };
        let base: Vec<String> = (0..30).map(filler).collect();
        let mut v1 = base.clone();
        v1[4] = "Sign up for our Weekend Plans newsletter to get events like this in your inbox."
            .into();
        v1[10] = "Valley Courier Reader,".into();
        v1[11] = "Donate today and your gift is tax-deductible.".into();
        v1[12] = "— The Valley Courier Team".into();
        let mut v2 = v1.clone();
        v2.insert(20, "Related coverage:".into());
        v2.insert(
            21,
            "- Island businesses brace for slower season (July 19, 2024)".into(),
        );
        let mut v3 = v2.clone();
        v3[12] = filler(77);
        v3.remove(4);
        let mut v4 = v3.clone();
        v4.insert(0, "# Sign up for our newsletter".into());
        let drafts = crate::lint::story_versions("Ferry", &[&base, &v1, &v2, &v3, &v4, &v1, &base]);
        let promo_rules = [
            "boilerplate/donation-appeal",
            "boilerplate/newsletter",
            "boilerplate/related-links",
            "boilerplate/share-ui",
        ];
        let per_version: Vec<usize> =
            crate::lint::cached_equals_fresh(&drafts, &crate::Config::default())
                .iter()
                .map(|findings| {
                    findings
                        .iter()
                        .filter(|f| promo_rules.contains(&f.rule))
                        .count()
                })
                .collect();
        assert_eq!(per_version[0], 0);
        assert!(per_version[2] > per_version[1], "{per_version:?}");
        assert!(per_version[1] > 0 && per_version[3] > 0, "{per_version:?}");
        crate::lint::kept_equals_fresh(&drafts, super::TriggerColumn::follow, |column| {
            column.0.values().to_vec()
        });
    }
}
