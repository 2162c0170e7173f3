//! `boilerplate/update-note`: "developing story" notes and repeated update notes.

use crate::analysis::boilerplate::PromoKind;
use crate::declare_rule;
use crate::lint::{DocumentContext, Finding, Rule, RuleMeta};
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Corrections and editor's notes are never removed: this rule flags a "This is a
    /// developing story / check back for updates" note (to review once the story is
    /// complete) and an update or correction note that appears twice.
    ///
    /// ## Why is this bad?
    /// A stale "developing story" line on a finished story misleads readers; a doubled
    /// note is a paste error.
    ///
    /// ## Example
    /// ```markdown
    /// This is a developing story. Check back for updates.
    /// ```
    /// Use instead: remove the note once the story is complete.
    ///
    /// ## Fix safety
    /// No fix: notes to readers are an editor's call; the finding only points at them.
    pub struct UpdateNote {
        id: "boilerplate/update-note",
        summary: "Stale \"developing story\" note or repeated update note",
        severity: Info,
        fix: None,
        scope: Document,
    }
}

impl Rule for UpdateNote {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let blocks = &ctx.document.blocks;
        let mut seen: HashMap<u64, usize> = HashMap::new();
        for (idx, (block, facts)) in blocks.iter().zip(ctx.facts).enumerate() {
            match facts.promo {
                Some(PromoKind::DevelopingNote) => findings.push(Finding::new(
                    &Self::META,
                    block.span,
                    "\"Developing story\" note: remove it once the story is complete",
                )),
                Some(PromoKind::UpdateNote) => {
                    if let Some(&first) = seen.get(&facts.normalized_hash) {
                        let line = ctx.line_number(blocks[first].span.start);
                        findings.push(
                            Finding::new(
                                &Self::META,
                                block.span,
                                format!("Note repeats the one on line {line}"),
                            )
                            .with_related(blocks[first].span, "first note")
                            .unnecessary(),
                        );
                    } else {
                        seen.insert(facts.normalized_hash, idx);
                    }
                }
                _ => {}
            }
        }
    }
}
