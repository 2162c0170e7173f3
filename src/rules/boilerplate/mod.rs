//! `boilerplate/`: duplicated paragraphs, promo and scraper leftovers, text shared
//! between drafts (spec §D).

pub mod credit;
pub mod donation_appeal;
pub mod duplicate_paragraph;
pub mod duplicate_sentence;
pub mod near_duplicate_paragraph;
pub mod newsletter;
pub mod promo;
pub mod related_links;
pub mod share_ui;
pub mod shared_between_drafts;
pub mod update_note;

use crate::document::Block;
use crate::lint::Span;

/// The bytes to delete to remove `block` with one surrounding blank line, so that no
/// paragraphs merge and no double blank line is left. `None` when the block shares its
/// lines with other content (a table cell, a list item's marker).
pub(crate) fn block_deletion_span(source: &str, block: &Block) -> Option<Span> {
    if !block.whole_lines {
        return None;
    }
    let start = source[..block.span.start].rfind('\n').map_or(0, |i| i + 1);
    let mut end = source[block.span.end..]
        .find('\n')
        .map_or(source.len(), |i| block.span.end + i + 1);
    // Prefer eating the blank line after the block; else the one before it.
    let next_line_end = source[end..].find('\n').map(|i| end + i + 1);
    if let Some(next_end) = next_line_end.filter(|&e| source[end..e].trim().is_empty()) {
        end = next_end;
        return Some(Span::new(start, end));
    }
    if end == source.len() && start > 0 {
        // Last block: remove the blank line before it and the block's own line ending.
        let before = source[..start.saturating_sub(1)]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        if source[before..start].trim().is_empty() {
            return Some(Span::new(before, end));
        }
    }
    Some(Span::new(start, end))
}

/// The finding for one promo block: the whole block flagged, an unsafe fix deleting it
/// with its surrounding blank lines in one edit.
pub(crate) fn promo_finding(
    ctx: &crate::lint::DocumentContext<'_>,
    block: &promo::PromoBlock,
    meta: &'static crate::lint::RuleMeta,
    message: String,
    fix_title: &str,
) -> crate::lint::Finding {
    let blocks = &ctx.document.blocks;
    let span = Span::new(blocks[block.first].span.start, blocks[block.last].span.end);
    let mut finding = crate::lint::Finding::new(meta, span, message).unnecessary();
    if let Some(deletion) = promo::blocks_deletion_span(ctx.source, blocks, block.first, block.last)
    {
        finding = finding.with_fix(crate::lint::Fix::unsafe_edit(
            fix_title,
            crate::lint::Edit::delete(deletion),
        ));
    }
    finding
}
