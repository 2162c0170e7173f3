//! `attribution/tense-mix`: a story that attributes with both `said` and `says`.

use super::clauses::{self, is_passive, WORD};
use super::{boilerplate_regions_in, is_checked_block, is_checked_in};
use crate::analysis::BlockFacts;
use crate::declare_rule;
use crate::document::Block;
use crate::lint::{
    BlockColumn, BlockContext, DocumentContext, Edit, Finding, Fix, Followed, Rule, RuleMeta, Span,
};

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
            ctx.memo(|| {
                let prose = clauses::prose_in(ctx);
                BlockVerbs(
                    reporting_verbs_in(&prose)
                        .unwrap_or_else(|| reporting_verbs(ctx.block, ctx.facts)),
                )
            });
        }
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let regions = boilerplate_regions_in(ctx);
        ctx.states.with(|counts: &mut VerbCounts| {
            counts.follow(ctx);
            let (mut said, mut says) = (0usize, 0usize);
            for (&(a, b), &in_region) in counts.counts.values().iter().zip(regions) {
                if !in_region {
                    said += a as usize;
                    says += b as usize;
                }
            }
            // A story that mixes freely (BBC style: `says` for standing views) is a
            // choice; only a clear majority form makes the odd one out a slip.
            if said == 0 || says == 0 || said.max(says) < 2 * said.min(says) {
                return;
            }
            let minority_says = says <= said;
            let (majority, form, count) = if minority_says {
                ("said", "says", said)
            } else {
                ("says", "said", says)
            };
            let blocks = &ctx.document.blocks;
            for (i, (&(a, b), &in_region)) in counts.counts.values().iter().zip(regions).enumerate() {
                if in_region || (if minority_says { b } else { a }) == 0 {
                    continue;
                }
                let (block, facts) = (&blocks[i], &ctx.facts[i]);
                let verbs = ctx.memo(i, || BlockVerbs(reporting_verbs(block, facts)));
                for &(range, says_form, capital) in &verbs.0 {
                    if says_form != minority_says {
                        continue;
                    }
                    let span = Span::new(block.span.start + range.0, block.span.start + range.1);
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
        });
    }
}

/// `said` and `says` attribution verbs of each block (zero for a block the family does
/// not check), kept between analyses and updated from the blocks an edit changed (see
/// [`changed_stretch`]): a keystroke adds up two compact columns instead of visiting
/// every block's verbs. Reader-appeal regions can change anywhere after an edit, so they
/// are applied when adding up, not stored.
#[derive(Default)]
struct VerbCounts {
    /// (said, says) per block.
    counts: BlockColumn<(u32, u32)>,
}

impl VerbCounts {
    fn follow(&mut self, ctx: &DocumentContext<'_>) {
        let blocks = &ctx.document.blocks;
        let count = |i: usize| {
            let block = &blocks[i];
            if !is_checked_in(ctx, block) {
                return (0, 0);
            }
            let verbs = ctx.memo(i, || BlockVerbs(reporting_verbs(block, &ctx.facts[i])));
            let says = verbs.0.iter().filter(|v| v.1).count() as u32;
            (verbs.0.len() as u32 - says, says)
        };
        if let Followed::Rebuilt = self.counts.follow(ctx.keys, count) {
            #[cfg(test)]
            REBUILDS.with(|n| n.set(n.get() + 1));
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Times this thread counted the draft's verbs afresh.
    static REBUILDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
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
impl crate::lint::MemoValue for BlockVerbs {
    /// Every block without any shares one empty value.
    fn share_key(&self) -> Option<u8> {
        self.0.is_empty().then_some(0)
    }
}

/// [`reporting_verbs`] from the block's shared prose: `said` and `says` where the
/// paragraph's literal scan found them as whole words, not every word walked. `None`
/// when the scan could not be made.
fn reporting_verbs_in(prose: &clauses::BlockProse) -> Option<Vec<Verb>> {
    let text: &str = &prose.text;
    let mut verbs = Vec::new();
    for range in prose.verb_words()?.iter().cloned() {
        let word = &text[range.clone()];
        let Some(says_form) = said_or_says(word) else {
            continue;
        };
        if is_passive(text, range.start)
            || in_relative_clause(text, range.start)
            || DOCUMENT_SUBJECTS.contains(&clauses::word_before(text, range.start).as_str())
        {
            continue;
        }
        verbs.push(((range.start, range.end), says_form, word.starts_with('S')));
    }
    Some(verbs)
}

/// A `said` or `says` that attributes: (place, whether `says`, whether capitalised).
type Verb = ((usize, usize), bool, bool);

/// `Some(false)` for `said`, `Some(true)` for `says` (lower case or capitalised).
fn said_or_says(word: &str) -> Option<bool> {
    match word {
        "said" | "Said" => Some(false),
        "says" | "Says" => Some(true),
        _ => None,
    }
}

/// The `said` and `says` of a block's unquoted prose that attribute: (place, whether
/// `says`, whether capitalised).
fn reporting_verbs(block: &Block, facts: &BlockFacts) -> Vec<Verb> {
    // Most paragraphs hold neither word: no copy and no word walk for them.
    if !["said", "Said", "says", "Says"]
        .iter()
        .any(|verb| block.masked.contains(verb))
    {
        return Vec::new();
    }
    let text = clauses::unquoted(&block.masked, &facts.quotes);
    let mut verbs = Vec::new();
    for m in WORD.find_iter(&text) {
        let Some(says_form) = said_or_says(m.as_str()) else {
            continue;
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

    /// `said` and `says` taken from the literal scan are those walking every word finds,
    /// on every block of the fixture drafts and of random paragraphs.
    #[test]
    fn verbs_from_the_literal_scan_match_the_word_walk() {
        use crate::analysis::BlockFacts;
        use crate::document::Document;
        use crate::rules::attribution::clauses::BlockProse;
        let check = |draft: &str| -> usize {
            let document = Document::parse(draft);
            let mut found = 0;
            for block in &document.blocks {
                let facts = BlockFacts::compute(&block.masked);
                let walk = super::reporting_verbs(block, &facts);
                let prose = BlockProse::new(&block.masked, &facts.quotes);
                assert_eq!(
                    super::reporting_verbs_in(&prose),
                    Some(walk.clone()),
                    "{:?}",
                    block.masked
                );
                found += walk.len();
            }
            found
        };
        let drafts = crate::test_support::fixture_drafts(&["attribution", "boilerplate", "date"]);
        let found: usize = drafts.iter().map(|d| check(d)).sum();
        assert!(found > 20, "{found}");
        let pieces = [
            "said", "Said", "SAID", "says", "Says", "was", "which", "report", "he", " ", " ", ", ",
            ". ", "-", "’", "x", "é", "“", "”",
        ];
        let texts = crate::test_support::random_texts(&pieces, 2000, 14, 0x9e37_79b9_7f4a_7c15);
        let random: usize = texts.iter().map(|t| check(&format!("{t}\n"))).sum();
        assert!(random > 300, "{random}");
    }

    fn config() -> Config {
        Config::only("attribution/tense-mix")
    }

    /// Verbs added and removed, the majority switching sides, a reader appeal opening
    /// before the verbs (its region covers blocks the edit never touched) and closing
    /// again: the counts updated in place equal fresh ones, and the findings equal a
    /// fresh analysis's.
    #[test]
    fn small_edits_update_the_verb_counts_in_place() {
        let line =
            |n: usize, verb: &str| format!("The clerk {verb} item {n} will be heard next month.");
        let base: Vec<String> = (0..30)
            .map(|n| {
                if n % 3 == 0 {
                    line(n, "said")
                } else {
                    format!("Item {n} drew a crowd at the hall.")
                }
            })
            .collect();
        let mut v1 = base.clone();
        v1[14] = line(14, "says");
        let mut v2 = v1.clone();
        for n in [16, 17, 19, 20] {
            v2[n] = line(n, "says");
        }
        let mut v3 = v2.clone();
        v3.insert(13, "Dear Reader,".to_string());
        let mut v4 = v3.clone();
        v4.insert(22, "— The Gazette Team".to_string());
        let mut v5 = v4.clone();
        v5.remove(13);
        let versions = [&base, &v1, &v2, &v3, &v4, &v5, &v1, &base];
        let draft = |v: &Vec<String>| format!("# Hearing\n\n{}\n", v.join("\n\n"));
        let drafts: Vec<String> = versions.into_iter().map(draft).collect();
        let flagged: usize = crate::lint::cached_equals_fresh(&drafts, &config())
            .iter()
            .map(Vec::len)
            .sum();
        assert!(flagged >= 3, "{flagged}");
        let before = super::REBUILDS.with(|n| n.get());
        crate::lint::kept_equals_fresh(&drafts, super::VerbCounts::follow, |c| {
            c.counts.values().to_vec()
        });
        assert_eq!(
            super::REBUILDS.with(|n| n.get()) - before,
            1 + versions.len()
        );
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
