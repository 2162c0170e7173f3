//! `attribution/tense-mix`: a story that attributes with both `said` and `says`.

use super::clauses::{self, is_passive, WORD};
use super::{boilerplate_regions_in, is_checked_block, is_checked_in};
use crate::analysis::BlockFacts;
use crate::declare_rule;
use crate::document::Block;
use crate::lint::{BlockContext, DocumentContext, Edit, Finding, Fix, Rule, RuleMeta, Span};

declare_rule! {
    /// ## What it does
    /// Counts `said` and `says` used as attribution verbs outside quotations in the body
    /// of one story. When both occur, flags each use of the less frequent form (on a tie,
    /// `says`, since AP hard news uses `said`).
    ///
    /// ## Why is this bad?
    /// Switching tense between sources reads as careless and can suggest that one source's
    /// view is current and another's is not. Pick one form per story.
    ///
    /// ## Example
    /// ```markdown
    /// The mayor said the bridge will reopen in May.
    ///
    /// “We are on schedule,” the engineer says.
    /// ```
    /// Use instead: `the engineer said`.
    ///
    /// ## Fix safety
    /// Unsafe: the fix switches the verb to the story's majority form. Feature stories
    /// sometimes mix tenses on purpose (present for a lasting view, past for an event),
    /// so the change is left to the writer.
    pub struct TenseMix {
        id: "attribution/tense-mix",
        summary: "Attribution mixes `said` and `says`",
        severity: Info,
        fix: Always,
        scope: Document,
    }
}

impl Rule for TenseMix {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn prepare_block(&self, ctx: &BlockContext<'_>) {
        if is_checked_block(ctx) {
            ctx.memo(|| BlockVerbs(reporting_verbs(ctx.block, ctx.facts)));
        }
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let regions = boilerplate_regions_in(ctx);
        let mut said = Vec::new();
        let mut says = Vec::new();
        for (block, facts) in ctx.document.blocks.iter().zip(ctx.facts) {
            if regions[block.index] || !is_checked_in(ctx, block) {
                continue;
            }
            let verbs = ctx.memo(block.index, || BlockVerbs(reporting_verbs(block, facts)));
            for &(range, says_form, capital) in &verbs.0 {
                let target = if says_form { &mut says } else { &mut said };
                target.push((
                    Span::new(block.span.start + range.0, block.span.start + range.1),
                    capital,
                ));
            }
        }
        // A story that mixes freely (BBC style: `says` for standing views) is a choice;
        // only a clear majority form makes the odd one out a slip.
        if said.is_empty()
            || says.is_empty()
            || said.len().max(says.len()) < 2 * said.len().min(says.len())
        {
            return;
        }
        let (minority, majority, form, count) = if says.len() <= said.len() {
            (&says, "said", "says", said.len())
        } else {
            (&said, "says", "said", says.len())
        };
        for &(span, capital) in minority {
            let replacement = if capital {
                majority[..1].to_uppercase() + &majority[1..]
            } else {
                majority.to_string()
            };
            findings.push(
                Finding::new(
                    &Self::META,
                    span,
                    format!("Attribution in `{form}` while the story mostly uses `{majority}` ({count} times)"),
                )
                .with_fix(Fix::unsafe_edit(
                    format!("Replace with `{replacement}`"),
                    Edit::replace(span, replacement),
                )),
            );
        }
    }
}

/// Documents speak in the present tense in any story ("the report says").
const DOCUMENT_SUBJECTS: &[&str] = &[
    "report",
    "study",
    "survey",
    "analysis",
    "website",
    "law",
    "rule",
    "rules",
    "policy",
    "document",
    "statement",
    "sign",
    "label",
    "letter",
    "filing",
    "lawsuit",
    "complaint",
    "guidance",
    "constitution",
    "bill",
    "contract",
    "it",
];

/// Bytes before `said`/`says` searched for a relative pronoun (four words fit easily).
const RELATIVE_WINDOW: usize = 160;

/// `…, which Russia says is …`: a standing position inside a relative clause, where the
/// present tense is normal even in a `said` story.
fn in_relative_clause(text: &str, pos: usize) -> bool {
    // Only the last few words matter: look at a bounded window, not the whole block, so
    // a huge one-line block stays linear (a 1 MB line took minutes).
    let mut from = pos.saturating_sub(RELATIVE_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let head = &text[from..pos];
    let window: Vec<&str> = WORD.find_iter(head).map(|m| m.as_str()).collect();
    window
        .iter()
        .rev()
        .take(4)
        .any(|w| matches!(*w, "which" | "who" | "that" | "what" | "as"))
}

/// A block's attributing `said`/`says` (block-relative range, `says` form, capitalised),
/// memoised per block.
struct BlockVerbs(Vec<((usize, usize), bool, bool)>);

fn reporting_verbs(block: &Block, facts: &BlockFacts) -> Vec<((usize, usize), bool, bool)> {
    let text = clauses::unquoted(&block.masked, &facts.quotes);
    let mut verbs = Vec::new();
    for m in WORD.find_iter(&text) {
        let says_form = match m.as_str() {
            "said" | "Said" => false,
            "says" | "Says" => true,
            _ => continue,
        };
        if is_passive(&text, m.start())
            || in_relative_clause(&text, m.start())
            || DOCUMENT_SUBJECTS.contains(&clauses::word_before(&text, m.start()).as_str())
        {
            continue;
        }
        verbs.push(((m.start(), m.end()), says_form, m.as_str().starts_with('S')));
    }
    verbs
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::lint::fix::{fix_text, FixMode};
    use crate::lint::lint;

    fn config() -> Config {
        Config::only("attribution/tense-mix")
    }

    #[test]
    fn flags_minority_form() {
        let source = "The mayor said the bridge will reopen.\n\nThe council said it agreed.\n\n“We are on schedule,” the engineer says.\n";
        let findings = lint(source, &config()).findings;
        assert_eq!(findings.len(), 1);
        assert_eq!(
            &source[findings[0].span.start..findings[0].span.end],
            "says"
        );
        let fixed = fix_text(source, &config(), FixMode::Unsafe).text;
        assert!(fixed.ends_with("the engineer said.\n"));
        assert!(lint(&fixed, &config()).findings.is_empty());
    }

    #[test]
    fn one_form_or_quoted_use_is_silent() {
        let source = "The mayor said the bridge will reopen.\n\n“He says a lot,” the engineer said.\n\nIt is a missile, which Russia says is new.\n";
        assert!(lint(source, &config()).findings.is_empty());
    }
}
