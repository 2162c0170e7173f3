//! `attribution/`: claims without a source, vague and anonymous sources, floating quotes,
//! editorializing adverbs, loaded and mixed-tense reporting verbs (spec §C).
//!
//! Only body copy is checked: headlines, captions, bylines, headline-like list items and
//! fragments, promo boilerplate and block quotes are skipped. Quotations are never
//! rewritten and never trigger a finding.

pub mod anonymous_source;
pub mod clauses;
pub mod editorializing;
pub mod floating_quote;
pub mod loaded_verb;
pub mod tables;
pub mod tense_mix;
pub mod unattributed_claim;
pub mod verb_order;
pub mod weasel;

use crate::document::{Block, BlockKind, Zone};
use crate::lint::DocumentContext;
use crate::re::Regex;
use std::sync::LazyLock;

static SALUTATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(
        r"(?i)^(?:dear\s+)?[^\d,:;!?()\n]{0,40}\b(?:readers?|friends?|subscribers?|supporters?),?\s*$",
    )
    .expect("valid regex")
});
static SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(
        r"(?i)^[—–-]+\s*(?:the\s+)?[^\d,:;!?()\n]{0,40}\b(?:team|editors?|staff|newsroom)\s*$",
    )
    .expect("valid regex")
});

/// Whether the attribution rules look at this block at all: body paragraphs and list
/// items that end like sentences, outside block quotes, tables and promo boilerplate.
pub(crate) fn is_checked(block: &Block) -> bool {
    if block.zone != Zone::Body
        || block.in_table
        || block.in_blockquote
        || !matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem)
    {
        return false;
    }
    let text = block.masked.trim();
    let end = text.trim_end_matches(['”', '’', '"', '\'', ')', ']', '*', '_', ' ']);
    // Fragments and headline-style lines (related-story lists) have no end punctuation.
    if !end.ends_with(['.', '!', '?', '…']) {
        return false;
    }
    !clauses::is_promo(text)
}

#[cfg(test)]
/// For each block of `document`: inside a reader appeal that runs from a salutation
/// ("CNSNews Reader,") to a sign-off ("— The CNSNews Team").
pub(crate) fn boilerplate_regions(document: &crate::document::Document) -> Vec<bool> {
    let mut flags = vec![false; document.blocks.len()];
    let mut open = false;
    for (i, block) in document.blocks.iter().enumerate() {
        let text = block.masked.trim();
        if !open && SALUTATION.is_match(text) {
            open = true;
        }
        flags[i] = open;
        if open && SIGN_OFF.is_match(text) {
            open = false;
        }
    }
    flags
}

/// What the document rules ask of every block, memoised per block (see
/// [`crate::lint::BlockMemo`]) so an edit does not re-run the regexes over the whole draft.
struct BlockFlags {
    checked: bool,
    salutation: bool,
    sign_off: bool,
}

impl crate::lint::MemoValue for BlockFlags {
    /// Three flags: each of the eight combinations is shared.
    fn share_key(&self) -> Option<u8> {
        let BlockFlags {
            checked,
            salutation,
            sign_off,
        } = *self;
        crate::lint::flags_key(&[checked, salutation, sign_off])
    }
}

fn block_flags(block: &Block) -> BlockFlags {
    let text = block.masked.trim();
    BlockFlags {
        checked: is_checked(block),
        salutation: SALUTATION.is_match(text),
        sign_off: SIGN_OFF.is_match(text),
    }
}

fn flags<'a>(ctx: &'a DocumentContext<'_>, block: &Block) -> crate::lint::MemoRef<'a, BlockFlags> {
    ctx.memo(block.index, || block_flags(block))
}

/// [`is_checked`] for a block rule, memoised with the block so the rules of the family
/// share one answer.
pub(crate) fn is_checked_block(ctx: &crate::lint::BlockContext<'_>) -> bool {
    ctx.memo(|| block_flags(ctx.block)).checked
}

/// [`is_checked`], memoised per block.
pub(crate) fn is_checked_in(ctx: &DocumentContext<'_>, block: &Block) -> bool {
    flags(ctx, block).checked
}

/// [`boilerplate_regions`] from memoised per-block matches, computed once per analysis
/// for the rules of the family that need it.
pub(crate) fn boilerplate_regions_in<'c>(ctx: &'c DocumentContext<'_>) -> &'c [bool] {
    &columns(ctx).region
}

/// [`is_checked`] of every block, by block index, computed once per analysis.
pub(crate) fn checked_in<'c>(ctx: &'c DocumentContext<'_>) -> &'c [bool] {
    &columns(ctx).checked
}

/// What the family's document rules ask of every block, by block index.
struct Columns {
    /// Inside a reader appeal (see [`boilerplate_regions`]).
    region: Vec<bool>,
    /// [`is_checked`].
    checked: Vec<bool>,
}

fn columns<'c>(ctx: &'c DocumentContext<'_>) -> &'c Columns {
    ctx.shared(|| {
        ctx.states.with(|flags: &mut FlagColumn| {
            flags.follow(ctx);
            flags.columns()
        })
    })
}

/// Bits of [`BlockFlags`] in a [`FlagColumn`].
const FLAG_CHECKED: u8 = 1;
const FLAG_SALUTATION: u8 = 2;
const FLAG_SIGN_OFF: u8 = 4;

/// Each block's [`BlockFlags`] as one byte, kept between analyses and updated from the
/// blocks an edit changed (see [`crate::lint::changed_stretch`]): the regions of a
/// reader appeal, which an edit can move anywhere, are then worked out from this column
/// instead of from every block's memo.
#[derive(Default)]
struct FlagColumn {
    /// Flag bits per block.
    flags: crate::lint::BlockColumn<u8>,
}

impl FlagColumn {
    fn follow(&mut self, ctx: &DocumentContext<'_>) {
        let blocks = &ctx.document.blocks;
        let bits = |i: usize| {
            let f = flags(ctx, &blocks[i]);
            [
                (f.checked, FLAG_CHECKED),
                (f.salutation, FLAG_SALUTATION),
                (f.sign_off, FLAG_SIGN_OFF),
            ]
            .into_iter()
            .filter(|&(on, _)| on)
            .fold(0, |bits, (_, bit)| bits | bit)
        };
        self.flags.follow(ctx.keys, bits);
    }

    fn columns(&self) -> Columns {
        #[cfg(test)]
        REGION_PASSES.with(|n| n.set(n.get() + 1));
        let flags = self.flags.values();
        let mut region = Vec::with_capacity(flags.len());
        let mut open = false;
        for &bits in flags {
            if !open && bits & FLAG_SALUTATION != 0 {
                open = true;
            }
            region.push(open);
            if open && bits & FLAG_SIGN_OFF != 0 {
                open = false;
            }
        }
        let checked = flags.iter().map(|&bits| bits & FLAG_CHECKED != 0).collect();
        Columns { region, checked }
    }
}

#[cfg(test)]
thread_local! {
    /// Times this thread worked out the reader-appeal regions.
    static REGION_PASSES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    #[test]
    fn the_families_rules_share_one_regions_pass_per_analysis() {
        let draft = "The vote passed 6-3 on Monday, the largest margin ever.\n\nDear Reader,\n\nWe are the only paper that tells the truth.\n\n— The Gazette Team\n\n\u{201c}We will appeal,\u{201d} the lawyer said. The court is expected to rule soon.\n";
        let rules = [
            "attribution/unattributed-claim",
            "attribution/floating-quote",
            "attribution/tense-mix",
        ];
        let mut config = crate::config::Config::default();
        for rule in crate::lint::registry::all_rules() {
            if !rules.contains(&rule.meta().id) {
                config
                    .rules
                    .insert(rule.meta().id.to_string(), crate::config::RuleLevel::Off);
            }
        }
        let before = REGION_PASSES.with(|n| n.get());
        let analysis = crate::lint::lint(draft, &config);
        assert_eq!(REGION_PASSES.with(|n| n.get()) - before, 1);
        // Nothing inside the appeal is flagged; the claim outside it is.
        let flagged: Vec<&str> = analysis
            .findings
            .iter()
            .map(|f| &draft[f.span.start..f.span.end])
            .collect();
        assert!(
            flagged.iter().any(|t| t.contains("largest margin")),
            "{flagged:?}"
        );
        assert!(
            !flagged.iter().any(|t| t.contains("only paper")),
            "{flagged:?}"
        );
    }

    #[test]
    fn reader_appeal_region_and_fragments() {
        let doc = Document::parse(
            "Head line here\n\nThe vote passed 6-3 on Monday.\n\nDear Reader,\n\nWe are the only paper that tells the truth.\n\n— The Gazette Team\n\nThe council adjourned at 9 p.m.\n",
        );
        let flags = boilerplate_regions(&doc);
        let texts: Vec<(&str, bool)> = doc
            .blocks
            .iter()
            .zip(&flags)
            .map(|(b, f)| (b.masked.trim(), *f))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("Head line here", false),
                ("The vote passed 6-3 on Monday.", false),
                ("Dear Reader,", true),
                ("We are the only paper that tells the truth.", true),
                ("— The Gazette Team", true),
                ("The council adjourned at 9 p.m.", false),
            ]
        );
        assert!(is_checked(&doc.blocks[1]));
        assert!(!is_checked(&doc.blocks[0]));
    }
}
