//! `boilerplate/duplicate-paragraph`: the same paragraph twice in one draft.

use super::block_deletion_span;
use crate::analysis::normalize::Prehashed;
use crate::declare_rule;
use crate::document::{BlockKind, Zone};
use crate::lint::{DocumentContext, Edit, Finding, Fix, Rule, RuleMeta};
use std::collections::HashMap;

/// Paragraphs shorter than this many words ("he said.", subheads) are not compared.
const MIN_WORDS: usize = 6;

declare_rule! {
    /// ## What it does
    /// Flags a paragraph of six or more words that repeats an earlier paragraph of the
    /// same draft verbatim, after folding whitespace, letter case, quote marks and
    /// punctuation. The later copy is flagged; the finding points at the first copy.
    /// Block quotes (pull quotes repeat body text on purpose), headings and table cells
    /// are not compared.
    ///
    /// ## Why is this bad?
    /// A paragraph pasted twice, or left behind after a rewrite, is the most common
    /// production error in web copy and makes the story look unedited.
    ///
    /// ## Example
    /// ```markdown
    /// The council approved the budget after a four-hour debate on Tuesday night.
    ///
    /// Residents spoke for and against the plan.
    ///
    /// The council approved the budget after a four-hour debate on Tuesday night.
    /// ```
    /// Use instead: delete the second copy.
    ///
    /// ## Fix safety
    /// Unsafe: the fix deletes the later copy together with one surrounding blank line.
    /// Deleting text is an editorial decision, so it is applied only with `--unsafe`.
    pub struct DuplicateParagraph {
        id: "boilerplate/duplicate-paragraph",
        summary: "Paragraph repeated verbatim in the same draft",
        severity: Warning,
        fix: Sometimes,
        scope: Document,
    }
}

impl Rule for DuplicateParagraph {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        // The table's room is kept between analyses of the draft (emptied first), as
        // duplicate-sentence keeps its own: regrowing it on every keystroke of a long
        // draft cost more than filling it.
        ctx.states.with(|first: &mut FirstCopy| {
            first.0.clear();
            self.check(ctx, &mut first.0, findings);
        });
    }
}

/// First block (index) with each normalised paragraph hash; kept for its capacity.
#[derive(Default)]
struct FirstCopy(HashMap<u64, usize, Prehashed>);

impl DuplicateParagraph {
    fn check(
        &self,
        ctx: &DocumentContext<'_>,
        first_seen: &mut HashMap<u64, usize, Prehashed>,
        findings: &mut Vec<Finding>,
    ) {
        for (block, facts) in ctx.document.blocks.iter().zip(ctx.facts) {
            // A block quote repeating body text is a pull quote, repeated on purpose.
            if facts.n_words < MIN_WORDS
                || block.in_blockquote
                || matches!(block.kind, BlockKind::Heading(_) | BlockKind::TableCell)
                || block.zone == Zone::Headline
            {
                continue;
            }
            let Some(&first_idx) = first_seen.get(&facts.normalized_hash) else {
                first_seen.insert(facts.normalized_hash, block.index);
                continue;
            };
            let first = &ctx.document.blocks[first_idx];
            let line = ctx.line_number(first.span.start);
            let mut finding = Finding::new(
                &Self::META,
                block.span,
                format!("Paragraph repeats the one on line {line}"),
            )
            .with_related(first.span, "first copy")
            .unnecessary();
            if let Some(span) = block_deletion_span(ctx.source, block) {
                finding = finding.with_fix(Fix::unsafe_edit(
                    "Delete the repeated paragraph",
                    Edit::delete(span),
                ));
            }
            findings.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::lint::{
        fix::{fix_text, FixMode},
        lint,
    };

    #[test]
    fn flags_later_copy_and_fix_deletes_it_cleanly() {
        let source = "The mayor said the budget would pass by a wide margin.\n\nOther text here.\n\nThe Mayor said the budget would pass by a wide  margin!\n\nEnd of story here.\n";
        let findings = lint(source, &Config::default()).findings;
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].span.start, source.rfind("The Mayor").unwrap());
        assert_eq!(findings[0].related[0].span.start, 0);
        let fixed = fix_text(source, &Config::default(), FixMode::Unsafe).text;
        assert_eq!(fixed, "The mayor said the budget would pass by a wide margin.\n\nOther text here.\n\nEnd of story here.\n");
        assert_eq!(
            fix_text(source, &Config::default(), FixMode::Safe).text,
            source
        );
    }

    #[test]
    fn last_paragraph_duplicate_and_short_lines() {
        let source = "He said it was over, and left the room.\n\nHe said.\n\nHe said.\n\nHe said it was over, and left the room.\n";
        let findings = lint(source, &Config::default()).findings;
        assert_eq!(findings.len(), 1);
        let fixed = fix_text(source, &Config::default(), FixMode::Unsafe).text;
        assert_eq!(
            fixed,
            "He said it was over, and left the room.\n\nHe said.\n\nHe said.\n"
        );
    }
}
