//! `boilerplate/near-duplicate-paragraph`: a paragraph left behind after an edit.

use super::block_deletion_span;
use crate::declare_rule;
use crate::document::{BlockKind, Zone};
use crate::lint::{DocumentContext, Edit, Finding, Fix, Rule, RuleMeta};
use std::collections::HashMap;

/// Paragraphs shorter than this are not compared.
const MIN_WORDS: usize = 8;
/// Below this many words the comparison uses 3-grams, above it 5-grams (spec §D.2).
const SHORT_PARAGRAPH: usize = 25;
/// Shingles shared by more paragraphs than this are too common to suggest a pair.
const MAX_POSTING: usize = 64;

declare_rule! {
    /// ## What it does
    /// Flags a paragraph that is almost the same as another one in the draft: word
    /// shingles (5-grams, or 3-grams for paragraphs under 25 words) with Jaccard
    /// similarity of 0.8 or more, or 90% of the shorter paragraph contained in the longer.
    /// Exact repeats are `boilerplate/duplicate-paragraph`'s. The shorter (or, at equal
    /// length, the earlier) copy is flagged; related information points at its twin.
    ///
    /// ## Why is this bad?
    /// Rewriting a paragraph and forgetting to delete the old version leaves two
    /// slightly different statements of the same facts, sometimes with different figures.
    ///
    /// ## Example
    /// ```markdown
    /// The plant will employ 300 people when it opens next spring, the company said.
    ///
    /// The plant will employ about 320 people when it opens next spring, the company said.
    /// ```
    /// Use instead: keep one version.
    ///
    /// ## Fix safety
    /// Unsafe: the fix deletes the flagged copy; the editor must check which version has
    /// the right facts.
    pub struct NearDuplicateParagraph {
        id: "boilerplate/near-duplicate-paragraph",
        summary: "Paragraph nearly repeats another one in the draft",
        severity: Warning,
        fix: Sometimes,
        scope: Document,
    }
}

fn overlap(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    shared
}

impl Rule for NearDuplicateParagraph {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let blocks = &ctx.document.blocks;
        let candidates: Vec<usize> = (0..blocks.len())
            .filter(|&i| {
                let (block, facts) = (&blocks[i], &ctx.facts[i]);
                facts.n_words >= MIN_WORDS
                    && facts.promo.is_none()
                    && !block.in_blockquote
                    && matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem)
                    && matches!(block.zone, Zone::Body | Zone::Caption)
            })
            .collect();
        let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
        for &i in &candidates {
            for &shingle in &ctx.facts[i].shingles3 {
                postings.entry(shingle).or_default().push(i);
            }
        }
        let mut pair_counts: HashMap<(usize, usize), usize> = HashMap::new();
        for list in postings
            .values()
            .filter(|l| l.len() > 1 && l.len() <= MAX_POSTING)
        {
            for (x, &a) in list.iter().enumerate() {
                for &b in &list[x + 1..] {
                    *pair_counts.entry((a, b)).or_default() += 1;
                }
            }
        }
        let mut pairs: Vec<((usize, usize), f64)> = Vec::new();
        for ((a, b), shared3) in pair_counts {
            let (fa, fb) = (&ctx.facts[a], &ctx.facts[b]);
            if fa.normalized_hash == fb.normalized_hash {
                continue;
            }
            let smaller = fa.shingles3.len().min(fb.shingles3.len()).max(1);
            if (shared3 as f64) < 0.5 * smaller as f64 {
                continue;
            }
            let (sa, sb) = if fa.n_words.min(fb.n_words) < SHORT_PARAGRAPH {
                (&fa.shingles3, &fb.shingles3)
            } else {
                (&fa.shingles5, &fb.shingles5)
            };
            let shared = overlap(sa, sb);
            let union = sa.len() + sb.len() - shared;
            let jaccard = shared as f64 / union.max(1) as f64;
            let containment = shared as f64 / sa.len().min(sb.len()).max(1) as f64;
            if jaccard >= 0.8 || containment >= 0.9 {
                pairs.push(((a, b), jaccard.max(containment)));
            }
        }
        pairs.sort_by_key(|&((a, b), _)| (a, b));
        let mut flagged = vec![false; blocks.len()];
        for ((a, b), score) in pairs {
            // Flag the shorter copy; at equal length, the earlier one.
            let (copy, twin) = if ctx.facts[b].n_words < ctx.facts[a].n_words {
                (b, a)
            } else {
                (a, b)
            };
            if flagged[copy] || flagged[twin] {
                continue;
            }
            flagged[copy] = true;
            let line = ctx.line_number(blocks[twin].span.start);
            let mut finding = Finding::new(
                &Self::META,
                blocks[copy].span,
                format!(
                    "Paragraph nearly repeats the one on line {line} ({:.0}% overlap)",
                    score * 100.0
                ),
            )
            .with_related(blocks[twin].span, "the other version")
            .unnecessary();
            if let Some(span) = block_deletion_span(ctx.source, &blocks[copy]) {
                finding =
                    finding.with_fix(Fix::unsafe_edit("Delete this version", Edit::delete(span)));
            }
            findings.push(finding);
        }
    }
}
