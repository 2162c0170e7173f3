//! `boilerplate/credit`: photo and reporting credits repeated or stranded mid-story.

use crate::analysis::boilerplate::PromoKind;
use crate::declare_rule;
use crate::document::Zone;
use crate::lint::{DocumentContext, Finding, Rule, RuleMeta, Severity};
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Credits ("(Photo: …)", "Getty Images", "(Reporting by …; Editing by …)",
    /// copyright lines) are kept: this rule flags only a credit line that appears twice,
    /// and a reporting or copyright credit stranded between body paragraphs (info).
    ///
    /// ## Why is this bad?
    /// A doubled credit is a paste error; a wire credit in the middle of the story
    /// usually means two versions were merged.
    ///
    /// ## Example
    /// ```markdown
    /// (Reporting by Ana Ruiz; Editing by Tom Hale)
    ///
    /// More body text follows here, as if the story went on.
    /// ```
    /// Use instead: move the credit to the end, or remove the repeat.
    ///
    /// ## Fix safety
    /// No fix: credits are never deleted automatically; the finding points at the copy.
    pub struct Credit {
        id: "boilerplate/credit",
        summary: "Credit line repeated or stranded mid-story",
        severity: Info,
        fix: None,
        scope: Document,
    }
}

impl Rule for Credit {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let blocks = &ctx.document.blocks;
        let body: Vec<usize> = (0..blocks.len())
            .filter(|&i| {
                blocks[i].zone == Zone::Body
                    && ctx.facts[i].promo.is_none()
                    && ctx.facts[i].n_words >= 12
            })
            .collect();
        let mut seen: HashMap<u64, usize> = HashMap::new();
        for (idx, (block, facts)) in blocks.iter().zip(ctx.facts).enumerate() {
            if facts.promo != Some(PromoKind::Credit) {
                continue;
            }
            if let Some(&first) = seen.get(&facts.normalized_hash) {
                let line = ctx.line_number(blocks[first].span.start);
                findings.push(
                    Finding::new(
                        &Self::META,
                        block.span,
                        format!("Credit repeats the one on line {line}"),
                    )
                    .with_related(blocks[first].span, "first credit")
                    .unnecessary(),
                );
                continue;
            }
            seen.insert(facts.normalized_hash, idx);
            let stranded = block.zone == Zone::Body
                && body.iter().filter(|&&b| b < idx).count() >= 2
                && body.iter().filter(|&&b| b > idx).count() >= 2;
            if stranded {
                findings.push(
                    Finding::new(
                        &Self::META,
                        block.span,
                        "Credit line in the middle of the story",
                    )
                    .with_severity(Severity::Info),
                );
            }
        }
    }
}
