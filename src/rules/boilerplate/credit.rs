//! `boilerplate/credit`: photo and reporting credits repeated or stranded mid-story.

use crate::analysis::boilerplate::PromoKind;
use crate::declare_rule;
use crate::document::Zone;
use crate::lint::{BlockColumn, DocumentContext, Finding, Rule, RuleMeta, Severity};
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

/// A credit line.
const CREDIT: u8 = 1;
/// A body paragraph of 12 words or more that is not promo copy.
const BODY_PROSE: u8 = 2;

/// [`CREDIT`] and [`BODY_PROSE`] of each block.
#[derive(Default)]
struct CreditColumn(BlockColumn<u8>);

impl CreditColumn {
    /// Brings the column to `ctx`'s blocks.
    fn follow(&mut self, ctx: &DocumentContext<'_>) {
        let blocks = &ctx.document.blocks;
        self.0.follow(ctx.keys, |i| {
            let facts = &ctx.facts[i];
            let credit = facts.promo == Some(PromoKind::Credit);
            let body = blocks[i].zone == Zone::Body && facts.promo.is_none() && facts.n_words >= 12;
            u8::from(credit) * CREDIT + u8::from(body) * BODY_PROSE
        });
    }
}

impl Rule for Credit {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let blocks = &ctx.document.blocks;
        // What each block is to this rule, kept between analyses and updated from the
        // blocks an edit changed (a keystroke does not read every block's facts): the
        // credits, and the second and second-to-last body paragraphs (a credit between
        // them has two paragraphs of story on either side).
        let (credits, second, second_last) = ctx.states.with(|column: &mut CreditColumn| {
            column.follow(ctx);
            let roles = column.0.values();
            let credits: Vec<usize> = (0..roles.len())
                .filter(|&i| roles[i] & CREDIT != 0)
                .collect();
            let mut body = (0..roles.len()).filter(|&i| roles[i] & BODY_PROSE != 0);
            let second = body.nth(1);
            let mut body_back = (0..roles.len())
                .rev()
                .filter(|&i| roles[i] & BODY_PROSE != 0);
            let second_last = body_back.nth(1);
            (credits, second, second_last)
        });
        let mut seen: HashMap<u64, usize> = HashMap::new();
        for idx in credits {
            let (block, facts) = (&blocks[idx], &ctx.facts[idx]);
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
            // A credit is never a body paragraph itself, so "two before" is "after the
            // second" and "two after" is "before the second-to-last".
            let stranded = block.zone == Zone::Body
                && second.is_some_and(|b| b < idx)
                && second_last.is_some_and(|b| b > idx);
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

#[cfg(test)]
mod tests {
    use crate::config::Config;

    /// Credits come, repeat, move between the story's ends and its middle, and body
    /// paragraphs around them come and go: the kept column equals a fresh one, and
    /// cached analyses equal fresh ones.
    #[test]
    fn small_edits_update_the_credit_column_in_place() {
        let filler = |n: usize| {
            format!("Crew {n} worked through the night to restore power to the homes on the ridge road.")
        };
        let short = |n: usize| format!("Update {n} follows.");
        let wire = "(Reporting by Sam Lee; Editing by Ana Cruz)";
        let photo = "(Photo: Lena Ortiz/Valley Courier)";
        let base: Vec<String> = (0..12)
            .map(|n| if n % 3 == 0 { short(n) } else { filler(n) })
            .collect();
        let mut v1 = base.clone();
        v1.insert(6, wire.into());
        v1.push(photo.into());
        let mut v2 = v1.clone();
        v2.insert(3, photo.into());
        // One body paragraph left before the wire credit (and the first photo credit
        // gone): nothing to flag.
        let mut v3 = v2.clone();
        v3.drain(0..6);
        v3.insert(0, short(90));
        let mut v4 = v1.clone();
        v4.insert(1, wire.into());
        let drafts = crate::lint::story_versions("Storm", &[&base, &v1, &v2, &v3, &v4, &v1, &base]);
        let per_version: Vec<Vec<String>> =
            crate::lint::cached_equals_fresh(&drafts, &Config::only("boilerplate/credit"))
                .iter()
                .map(|findings| findings.iter().map(|f| f.message.clone()).collect())
                .collect();
        let stranded = "Credit line in the middle of the story";
        assert!(per_version[0].is_empty());
        assert_eq!(per_version[1], [stranded]);
        assert_eq!(per_version[2].len(), 2, "{:?}", per_version[2]);
        assert_eq!(per_version[2][0], stranded);
        assert!(
            per_version[2][1].starts_with("Credit repeats"),
            "{:?}",
            per_version[2]
        );
        assert!(per_version[3].is_empty(), "{:?}", per_version[3]);
        assert!(per_version[4]
            .iter()
            .any(|m| m.starts_with("Credit repeats")));
        crate::lint::kept_equals_fresh(&drafts, super::CreditColumn::follow, |column| {
            column.0.values().to_vec()
        });
    }
}
