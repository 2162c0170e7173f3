//! `boilerplate/donation-appeal`: a fundraising appeal pasted into the story.

use super::promo::{later_years, promo_blocks};
use super::promo_finding;
use crate::analysis::boilerplate::PromoKind;
use crate::declare_rule;
use crate::lint::{DocumentContext, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a donation or membership appeal left in the copy: the whole envelope from
    /// the salutation ("Daily Planet Reader,") to the sign-off ("— The Daily Planet
    /// Team"), or a run of appeal lines ("Donate today", "$10 a month", "501(c)(3)"), as
    /// one finding. When the appeal mentions years after the story's date, the message
    /// says so: a template appended later.
    ///
    /// ## Why is this bad?
    /// Appeals are page furniture added by the CMS or a scraper; inside the story text
    /// they end up in syndication feeds, archives and print.
    ///
    /// ## Example
    /// ```markdown
    /// Dear Reader,
    ///
    /// Independent reporting costs money. Donate today: $10 a month keeps us going.
    ///
    /// — The Riverside Ledger Team
    /// ```
    /// Use instead: delete the block.
    ///
    /// ## Fix safety
    /// Unsafe: the fix deletes the whole block and its surrounding blank lines in one
    /// edit, which removes text.
    pub struct DonationAppeal {
        id: "boilerplate/donation-appeal",
        summary: "Donation appeal left in the copy",
        severity: Warning,
        fix: Sometimes,
        scope: Document,
    }
}

impl Rule for DonationAppeal {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let reference_year = ctx.info.reference_date.map(|r| r.date.year());
        for block in promo_blocks(ctx)
            .iter()
            .filter(|b| b.kind == PromoKind::Donation)
        {
            let blocks = &ctx.document.blocks;
            let text = &ctx.source[blocks[block.first].span.start..blocks[block.last].span.end];
            let years = later_years(text, reference_year);
            let mut message = "Donation appeal left in the copy".to_string();
            if !years.is_empty() {
                let list: Vec<String> = years.iter().map(i16::to_string).collect();
                message.push_str(&format!(
                    " (it mentions {}, after the story's date)",
                    list.join(", ")
                ));
            }
            findings.push(promo_finding(
                ctx,
                block,
                &Self::META,
                message,
                "Delete the appeal",
            ));
        }
    }
}
