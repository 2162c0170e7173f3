//! `boilerplate/near-duplicate-paragraph`: a paragraph left behind after an edit.

use super::block_deletion_span;
use crate::analysis::normalize::Prehashed;
use crate::analysis::BlockFacts;
use crate::declare_rule;
use crate::document::{BlockKind, Zone};
use crate::lint::{DocumentContext, Edit, Finding, Fix, Rule, RuleMeta};
use std::collections::HashMap;
use std::sync::Arc;

/// Paragraphs shorter than this are not compared.
const MIN_WORDS: usize = 8;
/// Below this many words the comparison uses 3-grams, above it 5-grams (spec §D.2).
const SHORT_PARAGRAPH: usize = 25;
/// Shingles shared by more paragraphs than this are too common to suggest a pair.
const MAX_POSTING: usize = 64;

declare_rule! {
    /// ## What it does
    /// Flags a paragraph that is almost the same as another one in the draft: word
    /// shingles (5-grams, or 3-grams for paragraphs under 25 words) with Jaccard
    /// similarity of 0.8 or more, or 90% of the shorter paragraph contained in the longer.
    /// Exact repeats are `boilerplate/duplicate-paragraph`'s. The shorter (or, at equal
    /// length, the earlier) copy is flagged; related information points at its twin.
    ///
    /// ## Why is this bad?
    /// Rewriting a paragraph and forgetting to delete the old version leaves two
    /// slightly different statements of the same facts, sometimes with different figures.
    ///
    /// ## Example
    /// ```markdown
    /// The plant will employ 300 people when it opens next spring, the company said.
    ///
    /// The plant will employ about 320 people when it opens next spring, the company said.
    /// ```
    /// Use instead: keep one version.
    ///
    /// ## Fix safety
    /// Unsafe: the fix deletes the flagged copy; the editor must check which version has
    /// the right facts.
    pub struct NearDuplicateParagraph {
        id: "boilerplate/near-duplicate-paragraph",
        summary: "Paragraph nearly repeats another one in the draft",
        severity: Warning,
        fix: Sometimes,
        scope: Document,
    }
}

fn overlap(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    shared
}

/// Shingle postings and pair counts over the draft's candidate paragraphs, kept between
/// analyses and updated with the blocks that changed. A pure function of the current
/// blocks: `pairs[(a, b)]` counts the 3-word shingles blocks `a` and `b` share among
/// shingles found in 2 to `MAX_POSTING` paragraphs, whatever the order of past edits.
#[derive(Default)]
struct ShingleIndex {
    /// Block key → (number of identical blocks, their facts).
    members: HashMap<u64, (usize, Arc<BlockFacts>), Prehashed>,
    /// Shingle → (block key, number of identical blocks) holding it.
    postings: HashMap<u64, Vec<(u64, usize)>, Prehashed>,
    /// (key, key), smaller key first → shared active shingles.
    pairs: HashMap<(u64, u64), u32>,
    /// The pairs sharing at least half the shingles of the smaller block: the only ones
    /// worth comparing in full (most pairs share a common phrase or two).
    hot: std::collections::HashSet<(u64, u64)>,
}

impl ShingleIndex {
    /// Brings the index to the current candidate blocks (`positions`: key → indexes).
    fn sync(&mut self, positions: &HashMap<u64, Vec<usize>, Prehashed>, facts: &[Arc<BlockFacts>]) {
        // Every posting-list change, grouped by shingle, so each list touched has its
        // pairs recounted once (opening a draft adds thousands of blocks at once).
        let mut changes: HashMap<u64, Vec<(u64, isize)>, Prehashed> = HashMap::default();
        let mut push = |key: u64, block_facts: &BlockFacts, delta: isize| {
            for &shingle in &block_facts.shingles3 {
                changes.entry(shingle).or_default().push((key, delta));
            }
        };
        let mut gone = Vec::new();
        for (&key, (n, old)) in self.members.iter_mut() {
            let now = positions.get(&key).map_or(0, Vec::len);
            if now != *n {
                push(key, old, now as isize - *n as isize);
                *n = now;
                if now == 0 {
                    gone.push(key);
                }
            }
        }
        for (&key, indexes) in positions {
            if let std::collections::hash_map::Entry::Vacant(slot) = self.members.entry(key) {
                let block_facts = Arc::clone(&facts[indexes[0]]);
                push(key, &block_facts, indexes.len() as isize);
                slot.insert((indexes.len(), block_facts));
            }
        }
        // Blocks that left stay in `members` until their lists are updated: the pair
        // counts they drop out of are judged against their size.
        for (shingle, deltas) in &changes {
            self.apply(*shingle, deltas);
        }
        for key in gone {
            self.members.remove(&key);
        }
    }

    /// Applies copy-count changes of blocks to the posting list of `shingle`, keeping the
    /// pair counts of active lists (2 to `MAX_POSTING` blocks) in step.
    fn apply(&mut self, shingle: u64, deltas: &[(u64, isize)]) {
        let ShingleIndex {
            members,
            postings,
            pairs,
            hot,
        } = self;
        let size = |key: &u64| members.get(key).map_or(0, |(_, f)| f.shingles3.len());
        let is_hot = |(a, b): (u64, u64), count: u32| {
            let smaller = size(&a).min(size(&b)).max(1);
            f64::from(count) >= 0.5 * smaller as f64
        };
        let list = postings.entry(shingle).or_default();
        let active = |l: &[(u64, usize)]| {
            let total: usize = l.iter().map(|(_, n)| n).sum();
            (2..=MAX_POSTING).contains(&total)
        };
        if active(list) {
            for_pairs(list, |pair| {
                if let Some(count) = pairs.get_mut(&pair) {
                    *count -= 1;
                    let count = *count;
                    if count == 0 {
                        pairs.remove(&pair);
                    }
                    if !is_hot(pair, count) {
                        hot.remove(&pair);
                    }
                }
            });
        }
        for &(key, delta) in deltas {
            if let Some(entry) = list.iter_mut().find(|(k, _)| *k == key) {
                entry.1 = (entry.1 as isize + delta).max(0) as usize;
            } else if delta > 0 {
                list.push((key, delta as usize));
            }
        }
        list.retain(|(_, n)| *n > 0);
        if active(list) {
            for_pairs(list, |pair| {
                let count = pairs.entry(pair).or_default();
                *count += 1;
                if is_hot(pair, *count) {
                    hot.insert(pair);
                }
            });
        }
        if list.is_empty() {
            postings.remove(&shingle);
        }
    }
}

/// Every pair of distinct keys in a posting list, smaller key first.
fn for_pairs(list: &[(u64, usize)], mut f: impl FnMut((u64, u64))) {
    for (x, &(a, _)) in list.iter().enumerate() {
        for &(b, _) in &list[x + 1..] {
            f((a.min(b), a.max(b)));
        }
    }
}

impl Rule for NearDuplicateParagraph {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let blocks = &ctx.document.blocks;
        // Candidate blocks by cache key (equal keys: identical blocks), in document order.
        let mut positions: HashMap<u64, Vec<usize>, Prehashed> = HashMap::default();
        for (i, (block, facts)) in blocks.iter().zip(ctx.facts).enumerate() {
            if facts.n_words >= MIN_WORDS
                && facts.promo.is_none()
                && !block.in_blockquote
                && matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem)
                && matches!(block.zone, Zone::Body | Zone::Caption)
            {
                positions.entry(ctx.keys[i]).or_default().push(i);
            }
        }
        // Pairs of blocks sharing 3-word shingles, from an index updated with only the
        // blocks added or removed since the last analysis (this runs on every keystroke).
        let pair_counts: Vec<((usize, usize), usize)> =
            ctx.states.with(|index: &mut ShingleIndex| {
                index.sync(&positions, ctx.facts);
                let mut out = Vec::new();
                for &(ka, kb) in &index.hot {
                    let (Some(pa), Some(pb)) = (positions.get(&ka), positions.get(&kb)) else {
                        continue;
                    };
                    let shared = index.pairs.get(&(ka, kb)).copied().unwrap_or(0);
                    for &a in pa {
                        for &b in pb {
                            out.push(((a.min(b), a.max(b)), shared as usize));
                        }
                    }
                }
                out
            });
        let mut pairs: Vec<((usize, usize), f64)> = Vec::new();
        for ((a, b), shared3) in pair_counts {
            let (fa, fb) = (&ctx.facts[a], &ctx.facts[b]);
            if fa.normalized_hash == fb.normalized_hash {
                continue;
            }
            let smaller = fa.shingles3.len().min(fb.shingles3.len()).max(1);
            if (shared3 as f64) < 0.5 * smaller as f64 {
                continue;
            }
            let (sa, sb) = if fa.n_words.min(fb.n_words) < SHORT_PARAGRAPH {
                (&fa.shingles3, &fb.shingles3)
            } else {
                (&fa.shingles5, &fb.shingles5)
            };
            let shared = overlap(sa, sb);
            let union = sa.len() + sb.len() - shared;
            let jaccard = shared as f64 / union.max(1) as f64;
            let containment = shared as f64 / sa.len().min(sb.len()).max(1) as f64;
            if jaccard >= 0.8 || containment >= 0.9 {
                pairs.push(((a, b), jaccard.max(containment)));
            }
        }
        pairs.sort_by_key(|&((a, b), _)| (a, b));
        let mut flagged = vec![false; blocks.len()];
        for ((a, b), score) in pairs {
            // Flag the shorter copy; at equal length, the earlier one.
            let (copy, twin) = if ctx.facts[b].n_words < ctx.facts[a].n_words {
                (b, a)
            } else {
                (a, b)
            };
            if flagged[copy] || flagged[twin] {
                continue;
            }
            flagged[copy] = true;
            let line = ctx.line_number(blocks[twin].span.start);
            let mut finding = Finding::new(
                &Self::META,
                blocks[copy].span,
                format!(
                    "Paragraph nearly repeats the one on line {line} ({:.0}% overlap)",
                    score * 100.0
                ),
            )
            .with_related(blocks[twin].span, "the other version")
            .unnecessary();
            if let Some(span) = block_deletion_span(ctx.source, &blocks[copy]) {
                finding =
                    finding.with_fix(Fix::unsafe_edit("Delete this version", Edit::delete(span)));
            }
            findings.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks `texts` as the rule sees them: key → indexes, and facts per index.
    fn blocks(texts: &[String]) -> (HashMap<u64, Vec<usize>, Prehashed>, Vec<Arc<BlockFacts>>) {
        let mut positions: HashMap<u64, Vec<usize>, Prehashed> = HashMap::default();
        let mut facts = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            positions
                .entry(crate::analysis::normalize::hash_str(text))
                .or_default()
                .push(i);
            facts.push(Arc::new(BlockFacts::compute(text)));
        }
        (positions, facts)
    }

    type Snapshot = (
        Vec<(u64, usize)>,
        Vec<(u64, Vec<(u64, usize)>)>,
        Vec<((u64, u64), u32)>,
        Vec<(u64, u64)>,
    );

    /// Everything the index holds, in a canonical order.
    fn snapshot(index: &ShingleIndex) -> Snapshot {
        let mut members: Vec<(u64, usize)> =
            index.members.iter().map(|(k, (n, _))| (*k, *n)).collect();
        members.sort_unstable();
        let mut postings: Vec<(u64, Vec<(u64, usize)>)> = index
            .postings
            .iter()
            .map(|(s, l)| {
                let mut l = l.clone();
                l.sort_unstable();
                (*s, l)
            })
            .collect();
        postings.sort_unstable();
        let mut pairs: Vec<((u64, u64), u32)> = index.pairs.iter().map(|(p, c)| (*p, *c)).collect();
        pairs.sort_unstable();
        let mut hot: Vec<(u64, u64)> = index.hot.iter().copied().collect();
        hot.sort_unstable();
        (members, postings, pairs, hot)
    }

    #[test]
    fn index_after_edits_equals_index_built_from_scratch() {
        let para = |n: usize, tail: &str| {
            format!("Crews from the county worked through the night on the bridge, report number {n} said, {tail}")
        };
        // 70 paragraphs share a phrase (its posting list crosses MAX_POSTING), pairs of
        // near copies come and go, and exact copies share one key.
        let mut v1: Vec<String> = (0..70)
            .map(|n| para(n, "and traffic resumed at dawn."))
            .collect();
        v1.push(
            "The mayor thanked the crews and promised a full review of the repairs next month."
                .into(),
        );
        let mut v2 = v1.clone();
        v2.truncate(60);
        v2.push(
            "The mayor thanked the crews and promised a full review of the repairs next week."
                .into(),
        );
        v2.push(v1[70].clone());
        v2.push(v1[70].clone());
        let mut v3 = v2.clone();
        v3.retain(|t| !t.contains("next week"));
        v3.extend((0..8).map(|n| para(n + 100, "and the ferry ran late.")));
        let mut incremental = ShingleIndex::default();
        let mut saw_hot = false;
        for version in [&v1, &v2, &v3, &v1, &v3] {
            let (positions, facts) = blocks(version);
            incremental.sync(&positions, &facts);
            let mut fresh = ShingleIndex::default();
            fresh.sync(&positions, &facts);
            assert_eq!(snapshot(&incremental), snapshot(&fresh));
            saw_hot |= !incremental.hot.is_empty();
        }
        assert!(saw_hot);
    }
}
