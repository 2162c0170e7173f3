//! `boilerplate/duplicate-paragraph`: the same paragraph twice in one draft.

use super::block_deletion_span;
use crate::analysis::normalize::Prehashed;
use crate::analysis::BlockFacts;
use crate::declare_rule;
use crate::document::{Block, BlockKind, Zone};
use crate::lint::{
    report_or_move, BlockColumn, DocumentContext, Edit, Finding, Fix, Followed, KeptFindings,
    ReportsFindings, Rule, RuleMeta,
};
use std::collections::{HashMap, HashSet};

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
        ctx.states.with(|index: &mut ParagraphIndex| {
            let unaffected = index.follow(ctx);
            report_or_move(index, ctx, unaffected, findings);
        });
    }
}

/// The normalised hash of a block the rule compares (`None` for the others: short
/// blocks, block quotes, which repeat body text on purpose as pull quotes, headings,
/// table cells and headlines). A function of the block's cache key.
fn compared_hash(block: &Block, facts: &BlockFacts) -> Option<u64> {
    (facts.n_words >= MIN_WORDS
        && !block.in_blockquote
        && !matches!(block.kind, BlockKind::Heading(_) | BlockKind::TableCell)
        && block.zone != Zone::Headline)
        .then_some(facts.normalized_hash)
}

/// How many compared blocks have each normalised hash, kept between analyses and
/// updated from the blocks an edit changed (see [`changed_stretch`]); the draft is read
/// again only when some paragraph occurs twice. A pure function of the current blocks.
#[derive(Default)]
struct ParagraphIndex {
    /// Each block's [`compared_hash`].
    hashes: BlockColumn<Option<u64>>,
    counts: HashCounts,
    /// The findings of the last analysis (an edit to a paragraph that occurs once, and
    /// still does, leaves every other block's finding as it was).
    kept: KeptFindings,
}

/// Compared blocks per normalised hash.
#[derive(Default)]
struct HashCounts {
    /// Normalised hash → compared blocks with it.
    counts: HashMap<u64, u32, Prehashed>,
    /// Hashes of two or more compared blocks.
    repeated: HashSet<u64, Prehashed>,
}

impl HashCounts {
    /// Counts one more block with `hash`; returns whether the hash is now repeated.
    fn add(&mut self, hash: u64) -> bool {
        let count = self.counts.entry(hash).or_insert(0);
        *count += 1;
        if *count == 2 {
            self.repeated.insert(hash);
        }
        *count >= 2
    }

    /// Counts one block less with `hash`; returns whether the hash was repeated.
    fn remove(&mut self, hash: u64) -> bool {
        let Some(count) = self.counts.get_mut(&hash) else {
            return false;
        };
        let was_repeated = *count >= 2;
        *count = count.saturating_sub(1);
        match *count {
            0 => {
                self.counts.remove(&hash);
            }
            1 => {
                self.repeated.remove(&hash);
            }
            _ => {}
        }
        was_repeated
    }
}

impl ParagraphIndex {
    /// Brings the counts to `ctx`'s blocks. Returns whether the findings cannot have
    /// changed but for moving: the edit replaced blocks none of which was or is a
    /// repeated paragraph (so none was or is flagged, or the first copy of one).
    fn follow(&mut self, ctx: &DocumentContext<'_>) -> bool {
        let blocks = &ctx.document.blocks;
        let hash_of = |i: usize| compared_hash(&blocks[i], &ctx.facts[i]);
        match self.hashes.follow(ctx.keys, hash_of) {
            Followed::Rebuilt => {
                #[cfg(test)]
                REBUILDS.with(|n| n.set(n.get() + 1));
                self.counts = HashCounts::default();
                for &hash in self.hashes.values().iter().flatten() {
                    self.counts.add(hash);
                }
                false
            }
            Followed::Spliced { removed, added } => {
                let mut repeats = false;
                for hash in removed.into_iter().filter_map(|(_, hash)| hash) {
                    repeats |= self.counts.remove(hash);
                }
                for &hash in self.hashes.values()[added].iter().flatten() {
                    repeats |= self.counts.add(hash);
                }
                !repeats
            }
        }
    }
}

impl ReportsFindings for ParagraphIndex {
    fn kept(&mut self) -> &mut KeptFindings {
        &mut self.kept
    }

    /// Flags every compared block after the first with the same normalised hash.
    fn report(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        #[cfg(test)]
        REPORTS.with(|n| n.set(n.get() + 1));
        let repeated = &self.counts.repeated;
        if repeated.is_empty() {
            return;
        }
        let mut first_seen: HashMap<u64, usize, Prehashed> = HashMap::default();
        for (idx, hash) in self.hashes.values().iter().enumerate() {
            let Some(hash) = hash.filter(|hash| repeated.contains(hash)) else {
                continue;
            };
            let Some(&first_idx) = first_seen.get(&hash) else {
                first_seen.insert(hash, idx);
                continue;
            };
            let block = &ctx.document.blocks[idx];
            let first = &ctx.document.blocks[first_idx];
            let line = ctx.line_number(first.span.start);
            let mut finding = Finding::new(
                &DuplicateParagraph::META,
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
thread_local! {
    /// Times this thread counted the draft afresh.
    static REBUILDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Times this thread walked the draft for findings (rather than moving the kept ones).
    static REPORTS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
mod tests {
    use super::{ParagraphIndex, REBUILDS, REPORTS};
    use crate::config::Config;
    use crate::lint::{
        fix::{fix_text, FixMode},
        lint,
    };

    /// A paragraph pasted twice, one copy reworded, the first deleted, a copy inside a
    /// block quote, and back: the counts updated in place equal fresh ones, and the
    /// findings equal a fresh analysis's.
    #[test]
    fn small_edits_update_the_counts_in_place() {
        let places = [
            "harbor", "county", "school", "transit", "water", "budget", "housing",
        ];
        let paragraph = |n: usize| {
            format!(
                "Item {n} on the {} agenda drew a long line of speakers at the town hall.",
                places[n % 7]
            )
        };
        let copy = "Crews expect the west span of the bridge to reopen before the first snow.";
        let base: Vec<String> = (0..24).map(paragraph).collect();
        let mut v1 = base.clone();
        v1.insert(10, copy.to_string());
        v1.insert(12, copy.to_string());
        let mut v2 = v1.clone();
        v2.insert(14, copy.to_uppercase());
        let mut v3 = v2.clone();
        v3[12] = copy.replace("west", "east");
        let mut v4 = v3.clone();
        v4.remove(10);
        let mut v5 = v4.clone();
        v5[15] = format!("> {copy}");
        let versions = [&base, &v1, &v2, &v3, &v4, &v5, &v2, &base];
        let draft = |v: &Vec<String>| format!("# Bridge\n\n{}\n", v.join("\n\n"));
        let config = Config::default();
        let drafts: Vec<String> = versions.into_iter().map(draft).collect();
        let flagged = crate::lint::cached_equals_fresh(&drafts, &config)
            .iter()
            .flatten()
            .filter(|f| f.rule == "boilerplate/duplicate-paragraph")
            .count();
        assert!(flagged >= 5, "{flagged}");
        let before = REBUILDS.with(|n| n.get());
        crate::lint::kept_equals_fresh(
            &drafts,
            |index: &mut ParagraphIndex, ctx| {
                index.follow(ctx);
            },
            |i| {
                let mut counts: Vec<(u64, u32)> =
                    i.counts.counts.iter().map(|(&h, &n)| (h, n)).collect();
                counts.sort_unstable();
                let mut repeated: Vec<u64> = i.counts.repeated.iter().copied().collect();
                repeated.sort_unstable();
                (counts, repeated, i.hashes.values().to_vec())
            },
        );
        assert_eq!(REBUILDS.with(|n| n.get()) - before, 1 + versions.len());
    }

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

    /// Typing in a paragraph that occurs once moves the kept findings (spans, related
    /// places and fixes) instead of walking the draft; typing in a repeated paragraph,
    /// or a line break (the messages quote line numbers), reports afresh. Every version
    /// equals a fresh analysis.
    #[test]
    fn keystrokes_elsewhere_move_the_kept_findings() {
        let copy = "Crews expect the west span of the bridge to reopen before the first snow.";
        let other = "Item six on the harbor agenda drew a long line of speakers at the town hall";
        let draft = |typed: &str, second: &str| {
            format!(
                "# Bridge\n\n{copy}\n\n{other}{typed}.\n\n{second}\n\nThe last paragraph \
                 has words enough to count here.\n"
            )
        };
        let drafts = [
            draft("", copy),
            draft(" t", copy),
            draft(" to", copy),
            draft(" tod", copy),
            // Before the first copy and after the second, no paragraph changes.
            draft(" tod", copy).replacen("# Bridge", "# Bridges", 1),
            draft(" tod", copy)
                .replacen("# Bridge", "# Bridges", 1)
                .replace("count here", "count here!"),
            // The second copy reworded, then back: its finding goes and comes.
            draft(" tod", &copy.replace("west", "east")),
            draft(" tod", copy),
            // A line break inside the other paragraph: later lines moved.
            draft("\nday", copy),
            draft("\ndays", copy),
        ];
        let reports = crate::lint::counted_per_version(&drafts, &Config::default(), || {
            REPORTS.with(|n| n.get())
        });
        assert_eq!(reports, [1, 0, 0, 0, 0, 0, 1, 1, 1, 0]);
    }
}
