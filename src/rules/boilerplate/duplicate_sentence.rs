//! `boilerplate/duplicate-sentence`: the same long sentence in two paragraphs.

use crate::analysis::normalize::Prehashed;
use crate::analysis::BlockFacts;
use crate::declare_rule;
use crate::document::{Block, BlockKind, Zone};
use crate::lint::{
    report_or_move, BlockColumn, DocumentContext, Finding, Followed, KeptFindings, ReportsFindings,
    Rule, RuleMeta, Span,
};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

/// Sentences shorter than this many words are not compared.
const MIN_WORDS: usize = 8;

declare_rule! {
    /// ## What it does
    /// Flags a sentence of eight or more words that already appeared, word for word
    /// (case, punctuation and quote marks folded), in another paragraph. Sentences inside
    /// direct quotations are exempt (a quote repeated in a box is deliberate), as are
    /// paragraphs that repeat whole (`boilerplate/duplicate-paragraph` reports those).
    ///
    /// ## Why is this bad?
    /// A repeated sentence is usually a leftover from moving text around.
    ///
    /// ## Example
    /// ```markdown
    /// The county will close the bridge for six months starting in May. Detours begin Monday.
    ///
    /// Officials met Tuesday. The county will close the bridge for six months starting in May.
    /// ```
    /// Use instead: keep the sentence once.
    pub struct DuplicateSentence {
        id: "boilerplate/duplicate-sentence",
        summary: "Sentence repeated in another paragraph",
        severity: Info,
        fix: None,
        scope: Document,
    }
}

impl Rule for DuplicateSentence {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        ctx.states.with(|index: &mut SentenceIndex| {
            let unaffected = index.follow(ctx);
            report_or_move(index, ctx, unaffected, findings);
        });
    }
}

/// Whether the rule compares a block's sentences at all. A function of the block's cache
/// key (text, kind, zone, quote), like everything else the index keeps per block.
fn compared(block: &Block, facts: &BlockFacts) -> bool {
    !block.in_blockquote
        && facts.promo.is_none()
        && matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem)
        && matches!(block.zone, Zone::Body)
}

/// A compared block's sentences that count: (hash, range in the block) of each of
/// `MIN_WORDS` or more words outside quotations, in order.
fn counted(facts: &BlockFacts) -> impl Iterator<Item = (u64, &Range<usize>)> {
    facts
        .sentences
        .iter()
        .zip(&facts.sentence_hashes)
        .filter(|&(range, &(_, n_words))| {
            n_words >= MIN_WORDS && !facts.quotes.overlaps(range.clone())
        })
        .map(|(range, &(hash, _))| (hash, range))
}

/// Every counted sentence of the draft by hash, kept between analyses and updated from
/// the blocks an edit changed (found by comparing block key lists), so a keystroke does
/// not hash every sentence of a long draft into a fresh table. Only the few sentences
/// that occur twice or more are then looked up in the draft. A pure function of the
/// current blocks, whatever the order of past edits.
#[derive(Default)]
struct SentenceIndex {
    /// Facts of each block the rule compares (`None` for the others).
    facts: BlockColumn<Option<Arc<BlockFacts>>>,
    table: SentenceTable,
    /// The findings of the last analysis (an edit to a paragraph none of whose
    /// sentences occurs twice, before or after, leaves every finding as it was).
    kept: KeptFindings,
}

/// Counted sentences of the draft by hash.
#[derive(Default)]
struct SentenceTable {
    /// Sentence hash → (occurrences, key of a block holding it).
    seen: HashMap<u64, (u32, u64), Prehashed>,
    /// Sentence hash → key of the block of each occurrence, for hashes occurring twice
    /// or more.
    repeated: HashMap<u64, Vec<u64>, Prehashed>,
}

impl SentenceTable {
    /// Counts the block's sentences; returns whether any of them now occurs twice or
    /// more.
    fn add(&mut self, key: u64, facts: &BlockFacts) -> bool {
        let mut repeats = false;
        for (hash, _) in counted(facts) {
            let entry = self.seen.entry(hash).or_insert((0, key));
            entry.0 += 1;
            repeats |= entry.0 >= 2;
            match entry.0 {
                1 => {}
                2 => {
                    self.repeated.insert(hash, vec![entry.1, key]);
                }
                _ => self.repeated.entry(hash).or_default().push(key),
            }
        }
        repeats
    }

    /// Uncounts the block's sentences; returns whether any of them occurred twice or
    /// more.
    fn remove(&mut self, key: u64, facts: &BlockFacts) -> bool {
        let mut repeats = false;
        for (hash, _) in counted(facts) {
            let Some(entry) = self.seen.get_mut(&hash) else {
                continue;
            };
            repeats |= entry.0 >= 2;
            entry.0 = entry.0.saturating_sub(1);
            if entry.0 == 0 {
                self.seen.remove(&hash);
                continue;
            }
            let Some(holders) = self.repeated.get_mut(&hash) else {
                continue;
            };
            if let Some(at) = holders.iter().position(|&k| k == key) {
                holders.swap_remove(at);
            }
            if entry.0 == 1 {
                entry.1 = holders.first().copied().unwrap_or(entry.1);
                self.repeated.remove(&hash);
            }
        }
        repeats
    }
}

impl SentenceIndex {
    /// Brings the index to `ctx`'s blocks. Returns whether the findings cannot have
    /// changed but for moving: none of the sentences of the blocks the edit replaced
    /// occurred, or occurs, twice.
    fn follow(&mut self, ctx: &DocumentContext<'_>) -> bool {
        let blocks = &ctx.document.blocks;
        let compared_facts =
            |i: usize| compared(&blocks[i], &ctx.facts[i]).then(|| Arc::clone(&ctx.facts[i]));
        match self.facts.follow(ctx.keys, compared_facts) {
            Followed::Rebuilt => {
                #[cfg(test)]
                REBUILDS.with(|n| n.set(n.get() + 1));
                self.table = SentenceTable::default();
                for (i, facts) in self.facts.values().iter().enumerate() {
                    if let Some(facts) = facts {
                        self.table.add(ctx.keys[i], facts);
                    }
                }
                false
            }
            Followed::Spliced { removed, added } => {
                let mut repeats = false;
                for (key, facts) in removed {
                    if let Some(facts) = facts {
                        repeats |= self.table.remove(key, &facts);
                    }
                }
                for i in added {
                    if let Some(facts) = &self.facts.values()[i] {
                        repeats |= self.table.add(ctx.keys[i], facts);
                    }
                }
                !repeats
            }
        }
    }
}

impl ReportsFindings for SentenceIndex {
    fn kept(&mut self) -> &mut KeptFindings {
        &mut self.kept
    }

    /// Flags each later occurrence of a repeated sentence outside the paragraph (or an
    /// identical copy of the paragraph) of its first occurrence.
    fn report(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        #[cfg(test)]
        REPORTS.with(|n| n.set(n.get() + 1));
        let repeated = &self.table.repeated;
        if repeated.is_empty() {
            return;
        }
        let holders: HashSet<u64, Prehashed> = repeated.values().flatten().copied().collect();
        let mut first: HashMap<u64, (usize, Span), Prehashed> = HashMap::default();
        let blocks = &ctx.document.blocks;
        for (idx, key) in ctx.keys.iter().enumerate() {
            if self.facts.values()[idx].is_none() || !holders.contains(key) {
                continue;
            }
            let (block, facts) = (&blocks[idx], &ctx.facts[idx]);
            for (hash, range) in counted(facts) {
                if !repeated.contains_key(&hash) {
                    continue;
                }
                let span = Span::new(block.span.start + range.start, block.span.start + range.end);
                match first.get(&hash) {
                    None => {
                        first.insert(hash, (idx, span));
                    }
                    Some(&(other, first_span)) => {
                        let same_paragraph = other == idx
                            || ctx.facts[other].normalized_hash == facts.normalized_hash;
                        if same_paragraph {
                            continue;
                        }
                        let line = ctx.line_number(first_span.start);
                        findings.push(
                            Finding::new(
                                &DuplicateSentence::META,
                                span,
                                format!("Sentence repeats one on line {line}"),
                            )
                            .with_related(first_span, "first occurrence"),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Times this thread built the index afresh.
    static REBUILDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Times this thread walked the draft for findings (rather than moving the kept ones).
    static REPORTS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Occurrences (and, for a single one, its block) of each sentence, and the holders
    /// of repeated ones, in a canonical order; checks counts and holder lists agree.
    type Snapshot = (Vec<(u64, u32, Option<u64>)>, Vec<(u64, Vec<u64>)>);

    fn snapshot(index: &SentenceIndex) -> Snapshot {
        let index = &index.table;
        let mut seen: Vec<(u64, u32, Option<u64>)> = index
            .seen
            .iter()
            .map(|(&hash, &(n, key))| (hash, n, (n == 1).then_some(key)))
            .collect();
        seen.sort_unstable();
        let mut repeated: Vec<(u64, Vec<u64>)> = index
            .repeated
            .iter()
            .map(|(&hash, holders)| {
                assert_eq!(index.seen[&hash].0 as usize, holders.len());
                let mut holders = holders.clone();
                holders.sort_unstable();
                (hash, holders)
            })
            .collect();
        repeated.sort_unstable();
        assert_eq!(
            repeated.len(),
            seen.iter().filter(|(_, n, _)| *n >= 2).count()
        );
        (seen, repeated)
    }

    /// A sentence repeated in other paragraphs, three times, its first occurrence
    /// deleted, a paragraph pasted twice whole, a repeat inside a quotation, and back:
    /// the index updated in place equals a fresh one, and the findings equal a fresh
    /// analysis's.
    #[test]
    fn small_edits_update_the_sentence_index_in_place() {
        let places = [
            "harbor", "county", "school", "transit", "water", "budget", "housing",
        ];
        let paragraph = |n: usize| {
            format!(
                "Item {n} on the {} agenda drew a long line of speakers at the hall. The {} panel will vote on item {n} within two weeks, officials said.",
                places[n % 7],
                places[(n * 3 + 2) % 7]
            )
        };
        let repeat = "Crews expect the west span of the bridge to reopen before the first snow.";
        let base: Vec<String> = (0..24).map(paragraph).collect();
        let mut v1 = base.clone();
        v1[10] = format!("{} {repeat}", v1[10]);
        v1[12] = format!("{} {repeat}", v1[12]);
        let mut v2 = v1.clone();
        v2[14] = format!("{repeat} {}", v2[14]);
        let mut v3 = v2.clone();
        v3.remove(10);
        let mut v4 = v3.clone();
        v4.insert(12, v4[11].clone());
        let mut v5 = v4.clone();
        v5[13] = format!("{} \u{201c}{repeat}\u{201d}", paragraph(13));
        let versions = [&base, &v1, &v2, &v3, &v4, &v5, &v2, &base];
        let draft = |v: &Vec<String>| format!("# Bridge\n\n{}\n", v.join("\n\n"));

        let config = crate::config::Config::default();
        let drafts: Vec<String> = versions.into_iter().map(draft).collect();
        let flagged = crate::lint::cached_equals_fresh(&drafts, &config)
            .iter()
            .flatten()
            .filter(|f| f.rule == "boilerplate/duplicate-sentence")
            .count();
        assert!(flagged >= 4, "{flagged}");

        let before = REBUILDS.with(|n| n.get());
        crate::lint::kept_equals_fresh(
            &drafts,
            |index: &mut SentenceIndex, ctx| {
                index.follow(ctx);
            },
            snapshot,
        );
        // The kept index was built once; each fresh one once.
        assert_eq!(REBUILDS.with(|n| n.get()) - before, 1 + versions.len());
    }

    /// Typing in a paragraph whose sentences occur once moves the kept findings instead
    /// of walking the draft; typing in a repeated sentence, or a line break, reports
    /// afresh. Every version equals a fresh analysis.
    #[test]
    fn keystrokes_elsewhere_move_the_kept_findings() {
        let repeated = "The county will close the bridge for six months starting in May.";
        let draft = |typed: &str, second: &str| {
            format!(
                "# Bridge\n\n{repeated} Detours begin Monday.\n\nOfficials met on Tuesday \
                 night to hear the plan{typed}.\n\nResidents asked questions. {second}\n"
            )
        };
        let drafts = [
            draft("", repeated),
            draft(" a", repeated),
            draft(" ag", repeated),
            draft(" ag", &repeated.replace("six", "seven")),
            draft(" ag", repeated),
            draft("\nagain", repeated),
            draft("\nagain!", repeated),
        ];
        let reports =
            crate::lint::counted_per_version(&drafts, &crate::config::Config::default(), || {
                REPORTS.with(|n| n.get())
            });
        assert_eq!(reports, [1, 0, 0, 1, 1, 1, 0]);
    }
}
