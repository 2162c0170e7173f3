//! `boilerplate/related-links`: a related-stories list left in the story text.

use super::promo::{promo_blocks, PromoBlock};
use super::promo_finding;
use crate::analysis::boilerplate::{PromoKind, TRAILING_DATE};
use crate::declare_rule;
use crate::lint::{Applicability, DocumentContext, Edit, Finding, Fix, Rule, RuleMeta};
use crate::re::Regex;
use std::sync::LazyLock;

static LINK_TARGET: LazyLock<Regex> =
    LazyLock::new(|| crate::re::compile(r"\]\(\s*<?([^)\s>]+)").expect("valid regex"));
static RELATED_KEY: LazyLock<Regex> =
    LazyLock::new(|| crate::re::compile(r"(?m)^related\s*:").expect("valid regex"));

declare_rule! {
    /// ## What it does
    /// Flags a related-stories block left in the copy: a header such as "See earlier
    /// stories:", "Related coverage" or "Read more" followed by a list or by short
    /// headline-like lines (often with dates in parentheses). One finding covers the
    /// header and its entries.
    ///
    /// ## Why is this bad?
    /// Related links belong to the page template or the story's metadata; in the text
    /// they go stale and break the flow in syndication and print.
    ///
    /// ## Example
    /// ```markdown
    /// Related stories:
    ///
    /// - Council approves bridge contract (Feb. 11, 2025)
    /// - State finds 14 bridges deficient (Oct. 2, 2024)
    /// ```
    /// Use instead: delete the block, or move the links into front matter `related:`.
    ///
    /// ## Fix safety
    /// Unsafe: both fixes remove the block from the text in one edit. The second keeps
    /// the entries as `related:` items (title, date, link) in YAML front matter, creating
    /// the front matter when the draft has none.
    pub struct RelatedLinks {
        id: "boilerplate/related-links",
        summary: "Related-stories block left in the copy",
        severity: Warning,
        fix: Sometimes,
        scope: Document,
    }
}

impl Rule for RelatedLinks {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        for block in promo_blocks(ctx)
            .iter()
            .filter(|b| b.kind == PromoKind::RelatedHeader)
        {
            let n = block.last - block.first;
            let message = format!(
                "Related-stories block ({n} link{}) left in the copy",
                if n == 1 { "" } else { "s" }
            );
            let mut finding = promo_finding(
                ctx,
                block,
                &Self::META,
                message,
                "Delete the related-stories block",
            );
            if let Some(deletion) = finding.fixes.first().map(|f| f.edits[0].clone()) {
                if let Some(insert) = front_matter_insertion(ctx, block) {
                    finding = finding.with_fix(Fix {
                        title: "Move the links into front matter `related:`".into(),
                        applicability: Applicability::Unsafe,
                        edits: vec![insert, deletion],
                        snippet_placeholder: None,
                    });
                }
            }
            findings.push(finding);
        }
    }
}

fn yaml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The edit that adds the block's entries as `related:` items to YAML front matter.
fn front_matter_insertion(ctx: &DocumentContext<'_>, block: &PromoBlock) -> Option<Edit> {
    let mut items = String::from("related:\n");
    for idx in block.first + 1..=block.last {
        let entry = &ctx.document.blocks[idx];
        let text = entry
            .masked
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let (title, date) = match TRAILING_DATE.captures(&text) {
            Some(caps) => (
                text[..caps.get(0)?.start()].trim().to_string(),
                Some(caps[1].trim().to_string()),
            ),
            None => (text.trim().to_string(), None),
        };
        items.push_str(&format!("  - title: {}\n", yaml_string(&title)));
        if let Some(date) = date {
            items.push_str(&format!("    date: {}\n", yaml_string(&date)));
        }
        let source = &ctx.source[entry.span.start..entry.span.end];
        if let Some(url) = LINK_TARGET.captures(source) {
            items.push_str(&format!("    url: {}\n", yaml_string(&url[1])));
        }
    }
    match ctx.info.front_matter {
        None => Some(Edit::insert(0, format!("---\n{items}---\n\n"))),
        Some(span) => {
            let text = &ctx.source[span.start..span.end];
            if !text.trim_start_matches('\u{feff}').starts_with("---") || RELATED_KEY.is_match(text)
            {
                return None;
            }
            let body = text.trim_end_matches(['\n', '\r']);
            let closing = span.start + body.rfind('\n')? + 1;
            Some(Edit::insert(closing, items))
        }
    }
}
