//! `boilerplate/newsletter`: newsletter, subscription and app promotions in the copy.

use super::promo::promo_blocks;
use super::promo_finding;
use crate::analysis::boilerplate::PromoKind;
use crate::declare_rule;
use crate::lint::{DocumentContext, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags newsletter sign-ups, subscription pitches, "follow us" and app-download
    /// lines left in the copy ("Sign up for our Morning Briefing newsletter").
    ///
    /// ## Why is this bad?
    /// They are page furniture, not part of the story, and read as clutter when the text
    /// is syndicated or archived.
    ///
    /// ## Example
    /// ```markdown
    /// The council meets again in May.
    ///
    /// Sign up for our Morning Briefing newsletter to get stories like this in your inbox.
    /// ```
    /// Use instead: delete the line.
    ///
    /// ## Fix safety
    /// Unsafe: the fix deletes the line (and adjacent promo lines) with its blank line.
    pub struct Newsletter {
        id: "boilerplate/newsletter",
        summary: "Newsletter or subscription promotion left in the copy",
        severity: Warning,
        fix: Sometimes,
        scope: Document,
    }
}

impl Rule for Newsletter {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        for block in promo_blocks(ctx)
            .iter()
            .filter(|b| b.kind == PromoKind::Newsletter)
        {
            findings.push(promo_finding(
                ctx,
                block,
                &Self::META,
                "Newsletter sign-up left in the copy".into(),
                "Delete the sign-up line",
            ));
        }
    }
}
