//! `boilerplate/duplicate-sentence`: the same long sentence in two paragraphs.

use crate::analysis::normalize::Prehashed;
use crate::declare_rule;
use crate::document::{BlockKind, Zone};
use crate::lint::{DocumentContext, Finding, Rule, RuleMeta, Span};
use std::collections::HashMap;

/// Sentences shorter than this many words are not compared.
const MIN_WORDS: usize = 8;

declare_rule! {
    /// ## What it does
    /// Flags a sentence of eight or more words that already appeared, word for word
    /// (case, punctuation and quote marks folded), in another paragraph. Sentences inside
    /// direct quotations are exempt (a quote repeated in a box is deliberate), as are
    /// paragraphs that repeat whole (`boilerplate/duplicate-paragraph` reports those).
    ///
    /// ## Why is this bad?
    /// A repeated sentence is usually a leftover from moving text around.
    ///
    /// ## Example
    /// ```markdown
    /// The county will close the bridge for six months starting in May. Detours begin Monday.
    ///
    /// Officials met Tuesday. The county will close the bridge for six months starting in May.
    /// ```
    /// Use instead: keep the sentence once.
    pub struct DuplicateSentence {
        id: "boilerplate/duplicate-sentence",
        summary: "Sentence repeated in another paragraph",
        severity: Info,
        fix: None,
        scope: Document,
    }
}

impl Rule for DuplicateSentence {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        // The map's room is kept from one analysis of the draft to the next (emptied
        // first): on a long draft, growing it again on every keystroke cost more than
        // filling it.
        ctx.states
            .with(|first: &mut FirstSeen| self.check(ctx, &mut first.0, findings));
    }
}

/// First occurrence (block index, span) of each sentence hash; kept for its capacity.
#[derive(Default)]
struct FirstSeen(HashMap<u64, (usize, Span), Prehashed>);

impl DuplicateSentence {
    fn check(
        &self,
        ctx: &DocumentContext<'_>,
        first: &mut HashMap<u64, (usize, Span), Prehashed>,
        findings: &mut Vec<Finding>,
    ) {
        first.clear();
        let blocks = &ctx.document.blocks;
        for (idx, (block, facts)) in blocks.iter().zip(ctx.facts).enumerate() {
            if block.in_blockquote
                || facts.promo.is_some()
                || !matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem)
                || !matches!(block.zone, Zone::Body)
            {
                continue;
            }
            for (range, &(hash, n_words)) in facts.sentences.iter().zip(&facts.sentence_hashes) {
                if n_words < MIN_WORDS || facts.quotes.overlaps(range.clone()) {
                    continue;
                }
                let span = Span::new(block.span.start + range.start, block.span.start + range.end);
                match first.get(&hash) {
                    None => {
                        first.insert(hash, (idx, span));
                    }
                    Some(&(other, first_span)) => {
                        let same_paragraph = other == idx
                            || ctx.facts[other].normalized_hash == facts.normalized_hash;
                        if same_paragraph {
                            continue;
                        }
                        let line = ctx.line_number(first_span.start);
                        findings.push(
                            Finding::new(
                                &Self::META,
                                span,
                                format!("Sentence repeats one on line {line}"),
                            )
                            .with_related(first_span, "first occurrence"),
                        );
                    }
                }
            }
        }
    }
}
