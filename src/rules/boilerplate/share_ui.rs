//! `boilerplate/share-ui`: sharing buttons, comment counts and log-in prompts scraped
//! into the copy.

use super::promo::promo_blocks;
use super::promo_finding;
use crate::analysis::boilerplate::PromoKind;
use crate::declare_rule;
use crate::lint::{DocumentContext, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags the text of page widgets left in the copy: "Share this article", "Click to
    /// share on Twitter", "Comments (12)", "Tags: …", "Already a subscriber? Log in".
    ///
    /// ## Why is this bad?
    /// Scrapers and copy-paste from a live page bring these labels along; they mean
    /// nothing in the story text.
    ///
    /// ## Example
    /// ```markdown
    /// The vote is set for Tuesday.
    ///
    /// Share this article
    /// ```
    /// Use instead: delete the line.
    ///
    /// ## Fix safety
    /// Unsafe: the fix deletes the lines.
    pub struct ShareUi {
        id: "boilerplate/share-ui",
        summary: "Sharing or comment widget text left in the copy",
        severity: Warning,
        fix: Sometimes,
        scope: Document,
    }
}

impl Rule for ShareUi {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        for block in promo_blocks(ctx)
            .iter()
            .filter(|b| b.kind == PromoKind::ShareUi)
        {
            findings.push(promo_finding(
                ctx,
                block,
                &Self::META,
                "Sharing or comment widget text left in the copy".into(),
                "Delete the widget text",
            ));
        }
    }
}
