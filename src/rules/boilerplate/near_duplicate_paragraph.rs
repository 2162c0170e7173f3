//! `boilerplate/near-duplicate-paragraph`: a paragraph left behind after an edit.

use super::block_deletion_span;
use crate::analysis::normalize::Prehashed;
use crate::analysis::BlockFacts;
use crate::declare_rule;
use crate::document::{BlockKind, Zone};
use crate::lint::{BlockColumn, DocumentContext, Edit, Finding, Fix, Followed, Rule, RuleMeta};
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

/// The number of values two sorted lists share.
fn overlap(a: &[u64], b: &[u64]) -> usize {
    overlap_where(a, b, |_| true)
}

/// The number of values two sorted lists share that `counts` accepts.
fn overlap_where(a: &[u64], b: &[u64], counts: impl Fn(u64) -> bool) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                if counts(a[i]) {
                    shared += 1;
                }
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    shared
}

/// Shingle postings and the near-duplicate candidate pairs of the draft's candidate
/// paragraphs, kept between analyses and updated with the blocks that changed. A pure
/// function of the current blocks: the count of a pair of blocks is the number of 3-word
/// shingles they share among shingles found in 2 to `MAX_POSTING` paragraphs ("active"
/// shingles), and the index keeps the pairs whose count is at least half the smaller
/// block's shingles ("hot"), with their counts, whatever the order of past edits.
///
/// Built for memory: a 1 MB draft holds some 170,000 distinct shingles, nearly all in
/// one paragraph only. Blocks get dense `u32` ids; a shingle held by one block costs one
/// 12-byte map entry (`single`: the shingle and the block's id; its copies are the
/// member's), and only shingles held by two or more blocks get a list (`shared`). (A map
/// of `Vec`s keyed by shingle took 20 MB for a 1 MB draft; 16-byte entries with the
/// copies, 4.5 MB; these, 3.4 MB.) The counts of pairs that are not hot are not kept:
/// an edit recounts the pairs of the blocks it changed from their posting lists, and the
/// pairs of a shingle whose list turned active or inactive from their shingles. (Every
/// pair's count, kept, took 6.8 MB on the generated 1 MB draft: 265,000 pairs.)
#[derive(Default)]
struct ShingleIndex {
    /// Block key → id.
    ids: HashMap<u64, u32, Prehashed>,
    /// Id → member; `None` for a free id.
    members: Vec<Option<Member>>,
    /// Ids free for reuse.
    free: Vec<u32>,
    /// Shingle → id of the one block holding it (its number of identical blocks is the
    /// member's `copies`).
    single: HashMap<Shingle, u32, Prehashed>,
    /// Shingle → (id, number of identical blocks) of each block holding it, for
    /// shingles held by two or more different blocks.
    shared: HashMap<u64, Vec<(u32, u32)>, Prehashed>,
    /// `pair_key(a, b)` → shared active shingles, for the pairs sharing at least half
    /// the shingles of the smaller block: the only ones worth comparing in full (most
    /// pairs share a common phrase or two).
    hot: HashMap<u64, u32, Prehashed>,
    /// Reused for one posting list while it is updated.
    scratch: Vec<(u32, u32)>,
    /// The shingles of the blocks whose lists an update needed last (see
    /// [`RecentShingles`]).
    recent: RecentShingles,
}

/// Most shingles [`RecentShingles`] holds (256 KB) before it starts afresh.
const RECENT_SHINGLES: usize = 32 * 1024;

/// Shingle lists an update computed, by block key, kept for the next updates: typing in
/// a paragraph takes its last version out of the index on every keystroke, and a phrase
/// shared by about [`MAX_POSTING`] paragraphs turns active and inactive with it, so the
/// same paragraphs' pairs are recounted keystroke after keystroke (in a generated 100 KB
/// draft, computing their shingles again was most of a keystroke). Bounded: cleared when
/// full.
#[derive(Default)]
struct RecentShingles {
    lists: HashMap<u64, Arc<[u64]>, Prehashed>,
    held: usize,
}

impl RecentShingles {
    /// The sorted shingles of the block with `key` and text `masked`.
    fn get(&mut self, key: u64, masked: &str) -> Arc<[u64]> {
        if let Some(list) = self.lists.get(&key) {
            return Arc::clone(list);
        }
        let list: Arc<[u64]> = BlockFacts::shingles3(masked).into();
        if self.held + list.len() > RECENT_SHINGLES {
            self.lists.clear();
            self.held = 0;
        }
        self.held += list.len();
        self.lists.insert(key, Arc::clone(&list));
        list
    }
}

/// A `u64` map key (a shingle hash) kept as two `u32` halves, so an entry with a `u32`
/// value takes 12 bytes (a `u64` key would align the entry to 16).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key64([u32; 2]);

/// A shingle hash as a [`Key64`].
type Shingle = Key64;

impl Key64 {
    fn new(value: u64) -> Key64 {
        Key64([(value >> 32) as u32, value as u32])
    }

    #[cfg(test)]
    fn get(self) -> u64 {
        (u64::from(self.0[0]) << 32) | u64::from(self.0[1])
    }
}

impl std::hash::Hash for Key64 {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64((u64::from(self.0[0]) << 32) | u64::from(self.0[1]));
    }
}

/// One block (or set of identical blocks) in the index.
struct Member {
    key: u64,
    /// Number of identical blocks.
    copies: usize,
    /// The block's masked text (shared with the block), from which its shingles are
    /// computed again when it leaves the index, changes its number of copies, or has a
    /// pair recounted.
    masked: Arc<str>,
    /// Number of distinct 3-word shingles.
    size: usize,
}

/// The masked text of the block at an index of the document.
type MaskedAt<'a> = dyn Fn(usize) -> Arc<str> + Sync + 'a;

/// The key of an unordered pair of ids.
fn pair_key(a: u32, b: u32) -> u64 {
    (u64::from(a.min(b)) << 32) | u64::from(a.max(b))
}

/// The ids of a pair key, smaller first.
fn pair_ids(pair: u64) -> (u32, u32) {
    ((pair >> 32) as u32, pair as u32)
}

/// Whether `count` shared active shingles make a pair of blocks of `size_a` and
/// `size_b` shingles hot.
fn is_hot(count: u32, size_a: usize, size_b: usize) -> bool {
    count > 0 && f64::from(count) >= 0.5 * size_a.min(size_b).max(1) as f64
}

impl ShingleIndex {
    /// Brings the index to the current candidate blocks (`positions`: key → indexes).
    fn sync(&mut self, positions: &HashMap<u64, Vec<usize>, Prehashed>, masked: &MaskedAt<'_>) {
        if self.members.is_empty() {
            self.build(positions, masked);
            return;
        }
        let mut deltas: Vec<(u64, isize, Option<Arc<str>>)> = Vec::new();
        for member in self.members.iter().flatten() {
            let now = positions.get(&member.key).map_or(0, Vec::len);
            if now != member.copies {
                deltas.push((member.key, now as isize - member.copies as isize, None));
            }
        }
        for (&key, indexes) in positions {
            if !self.ids.contains_key(&key) {
                deltas.push((key, indexes.len() as isize, Some(masked(indexes[0]))));
            }
        }
        self.update(&deltas);
    }

    /// The shingle count of a live member (0 for a free id).
    fn size(&self, id: u32) -> usize {
        self.members
            .get(id as usize)
            .and_then(Option::as_ref)
            .map_or(0, |m| m.size)
    }

    /// The posting list of `shingle` when it is active and held by two or more
    /// different blocks (the only lists that make pairs).
    fn active_list(&self, shingle: u64) -> Option<&[(u32, u32)]> {
        self.shared
            .get(&shingle)
            .map(Vec::as_slice)
            .filter(|list| is_active(list))
    }

    /// The hot pairs of block `id` (whose sorted shingles are `shingles`) with the
    /// blocks `partner` accepts, counted from the posting lists: `(pair key, count)`.
    fn hot_pairs_of(
        &self,
        id: u32,
        shingles: &[u64],
        partner: impl Fn(u32) -> bool,
        counts: &mut PartnerCounts,
    ) -> Vec<(u64, u32)> {
        counts.start(self.members.len());
        for &shingle in shingles {
            if let Some(list) = self.active_list(shingle) {
                for &(other, _) in list {
                    if other != id && partner(other) {
                        counts.add(other);
                    }
                }
            }
        }
        let size = self.size(id);
        counts.drain(|other, count| {
            is_hot(count, size, self.size(other)).then(|| (pair_key(id, other), count))
        })
    }

    /// Changes the copy counts of blocks by key: `(key, delta, masked text)`, one entry
    /// per key, the text given for a key the index does not hold yet (whose delta is then
    /// positive). A block whose count reaches zero leaves the index.
    fn update(&mut self, deltas: &[(u64, isize, Option<Arc<str>>)]) {
        // Every posting-list change as (shingle, id, copies delta), sorted by shingle, so
        // each list touched is rewritten once (opening a draft adds thousands of blocks
        // at once).
        let mut changes: Vec<(u64, u32, i32)> = Vec::new();
        let push = |changes: &mut Vec<(u64, u32, i32)>, id: u32, shingles: &[u64], delta: isize| {
            let delta = delta.clamp(i32::MIN as isize, i32::MAX as isize) as i32;
            changes.extend(shingles.iter().map(|&shingle| (shingle, id, delta)));
        };
        let mut gone = Vec::new();
        let mut recent = std::mem::take(&mut self.recent);
        // The blocks whose copies changed, with their shingles: their pairs are recounted.
        let mut changed: Vec<(u32, Arc<[u64]>)> = Vec::new();
        for &(key, delta, ref masked) in deltas {
            if delta == 0 {
                continue;
            }
            if let Some(&id) = self.ids.get(&key) {
                let Some(member) = self.members[id as usize].as_mut() else {
                    continue;
                };
                let shingles = recent.get(key, &member.masked);
                push(&mut changes, id, &shingles, delta);
                member.copies = (member.copies as isize + delta).max(0) as usize;
                if member.copies == 0 {
                    gone.push(id);
                }
                changed.push((id, shingles));
                continue;
            }
            let (Some(masked), true) = (masked, delta > 0) else {
                continue;
            };
            let id = match self.free.pop() {
                Some(id) => id,
                None => {
                    self.members.push(None);
                    (self.members.len() - 1) as u32
                }
            };
            let shingles = recent.get(key, masked);
            push(&mut changes, id, &shingles, delta);
            self.members[id as usize] = Some(Member {
                key,
                copies: delta as usize,
                masked: Arc::clone(masked),
                size: shingles.len(),
            });
            self.ids.insert(key, id);
            changed.push((id, shingles));
        }
        changes.sort_unstable();
        // The ids on every list that turned active or inactive.
        let mut flipped: Vec<Vec<u32>> = Vec::new();
        let mut start = 0;
        while start < changes.len() {
            let shingle = changes[start].0;
            let end = start + changes[start..].partition_point(|c| c.0 == shingle);
            if let Some(ids) = self.apply(shingle, &changes[start..end]) {
                flipped.push(ids);
            }
            start = end;
        }
        for &id in &gone {
            if let Some(member) = self.members[id as usize].take() {
                self.ids.remove(&member.key);
            }
            self.free.push(id);
        }
        // The pairs of changed blocks: dropped, then counted afresh from the lists.
        let is_changed: std::collections::HashSet<u32, Prehashed> =
            changed.iter().map(|(id, _)| *id).collect();
        if !is_changed.is_empty() {
            self.hot.retain(|&pair, _| {
                let (a, b) = pair_ids(pair);
                !is_changed.contains(&a) && !is_changed.contains(&b)
            });
        }
        // The engine thread's table: a keystroke would otherwise allocate and zero one as
        // long as the member list (44,000 ids in a 10 MB draft).
        COUNTS.with(|counts| {
            let mut counts = counts.borrow_mut();
            for (id, shingles) in &changed {
                if self.members[*id as usize].is_none() {
                    continue;
                }
                let found = self.hot_pairs_of(*id, shingles, |_| true, &mut counts);
                self.hot.extend(found);
            }
        });
        // A pair of unchanged blocks changes count only through a shared shingle whose
        // list turned active or inactive; both blocks are on that list.
        let mut recount: std::collections::HashSet<u64, Prehashed> = Default::default();
        for ids in &flipped {
            let ids: Vec<u32> = ids
                .iter()
                .copied()
                .filter(|id| !is_changed.contains(id))
                .collect();
            for (x, &a) in ids.iter().enumerate() {
                for &b in &ids[x + 1..] {
                    recount.insert(pair_key(a, b));
                }
            }
        }
        if !recount.is_empty() {
            let mut shingles_of: HashMap<u32, Arc<[u64]>, Prehashed> = HashMap::default();
            for &pair in &recount {
                let (a, b) = pair_ids(pair);
                for id in [a, b] {
                    if let (Some(member), std::collections::hash_map::Entry::Vacant(slot)) =
                        (self.members[id as usize].as_ref(), shingles_of.entry(id))
                    {
                        slot.insert(recent.get(member.key, &member.masked));
                    }
                }
                let (Some(sa), Some(sb)) = (shingles_of.get(&a), shingles_of.get(&b)) else {
                    continue;
                };
                let count = self.shared_active(sa, sb);
                if is_hot(count, sa.len(), sb.len()) {
                    self.hot.insert(pair, count);
                } else {
                    self.hot.remove(&pair);
                }
            }
        }
        self.recent = recent;
    }

    /// The number of active shingles two blocks' sorted shingle lists share.
    fn shared_active(&self, a: &[u64], b: &[u64]) -> u32 {
        let shared = overlap_where(a, b, |shingle| self.active_list(shingle).is_some());
        u32::try_from(shared).unwrap_or(u32::MAX)
    }

    /// Fills an empty index (opening a draft): every block is new, so each posting list
    /// is filled first, then every block counts its pairs with the later blocks from the
    /// lists, on all cores, into a small table of its own. The unit test checks the
    /// result equals the incremental path's.
    fn build(&mut self, positions: &HashMap<u64, Vec<usize>, Prehashed>, masked: &MaskedAt<'_>) {
        use std::collections::hash_map::Entry;
        // Each block's shingles, on all cores (computed here rather than kept with the
        // block facts, and only for the candidates).
        let blocks: Vec<(u64, usize, Arc<str>)> = positions
            .iter()
            .map(|(&key, indexes)| (key, indexes.len(), masked(indexes[0])))
            .collect();
        let lists = crate::lint::par_map(&blocks, 64, |(_, _, text)| BlockFacts::shingles3(text));
        // Room for every different shingle: no table grows (and copies itself) while
        // it fills, and none is sized for the shingles counted once per block holding
        // them (the generated 1 MB draft: 161,000 of them, 23,000 different).
        self.single.reserve(distinct_estimate(&lists));
        for ((key, copies, text), shingles) in blocks.into_iter().zip(&lists) {
            let id = self.members.len() as u32;
            let entry = (id, copies_u32(copies));
            for &shingle in shingles {
                match self.single.entry(Shingle::new(shingle)) {
                    Entry::Occupied(first) => {
                        let first = first.remove();
                        let copies = self.members[first as usize]
                            .as_ref()
                            .map_or(0, |m| copies_u32(m.copies));
                        self.shared.insert(shingle, vec![(first, copies), entry]);
                    }
                    Entry::Vacant(slot) => match self.shared.get_mut(&shingle) {
                        Some(list) => list.push(entry),
                        None => {
                            slot.insert(id);
                        }
                    },
                }
            }
            self.members.push(Some(Member {
                key,
                copies,
                masked: text,
                size: shingles.len(),
            }));
            self.ids.insert(key, id);
        }
        // Room was made for every different shingle; on repetitive copy most are shared
        // (the generated 1 MB draft: 23,000 shingles, 12,600 held by one block).
        self.single.shrink_to_fit();
        // Ids are the positions in `lists`; each pair is counted by its smaller id.
        let items: Vec<(u32, &Vec<u64>)> = lists
            .iter()
            .enumerate()
            .map(|(id, shingles)| (id as u32, shingles))
            .collect();
        let this = &*self;
        let found = crate::lint::par_map(&items, 64, |&(id, shingles)| {
            COUNTS.with(|counts| {
                let mut counts = counts.borrow_mut();
                this.hot_pairs_of(id, shingles, |other| other > id, &mut counts)
            })
        });
        self.hot.extend(found.into_iter().flatten());
    }

    /// Applies copy-count changes of blocks (`(shingle, id, delta)`, all for `shingle`)
    /// to its posting list. When the list turns active or inactive (2 to `MAX_POSTING`
    /// blocks), returns the ids on it after the change.
    fn apply(&mut self, shingle: u64, deltas: &[(u64, u32, i32)]) -> Option<Vec<u32>> {
        let ShingleIndex {
            members,
            single,
            shared,
            scratch,
            ..
        } = self;
        let list = scratch;
        list.clear();
        if let Some(id) = single.remove(&Shingle::new(shingle)) {
            // The member's copies are already the new count: the list's entry had the
            // count before this change.
            let now = members
                .get(id as usize)
                .and_then(Option::as_ref)
                .map_or(0, |m| i64::try_from(m.copies).unwrap_or(i64::MAX));
            let delta = deltas
                .iter()
                .find(|d| d.1 == id)
                .map_or(0, |d| i64::from(d.2));
            list.push((id, (now - delta).clamp(0, u32::MAX.into()) as u32));
        } else if let Some(entries) = shared.get(&shingle) {
            list.extend_from_slice(entries);
        }
        let was_active = is_active(list);
        for &(_, id, delta) in deltas {
            if let Some(entry) = list.iter_mut().find(|(k, _)| *k == id) {
                entry.1 = (i64::from(entry.1) + i64::from(delta)).clamp(0, u32::MAX.into()) as u32;
            } else if delta > 0 {
                list.push((id, delta as u32));
            }
        }
        list.retain(|&(_, n)| n > 0);
        // A block whose entry did not change is on the list before and after, so the
        // ids after the change hold every unchanged block of the active side.
        let flipped =
            (was_active != is_active(list)).then(|| list.iter().map(|&(id, _)| id).collect());
        match list.len() {
            0 => {
                shared.remove(&shingle);
            }
            1 => {
                shared.remove(&shingle);
                single.insert(Shingle::new(shingle), list[0].0);
            }
            _ => match shared.get_mut(&shingle) {
                Some(entries) => {
                    entries.clear();
                    entries.extend_from_slice(list);
                }
                None => {
                    shared.insert(shingle, list.clone());
                }
            },
        }
        flipped
    }
}

/// One block's count of shared active shingles with each other block, by id: a table
/// as long as the member list (ids are dense) and the ids counted, which `drain` resets.
/// (A hash map of the partners took a fifth of the time to open the generated 1 MB
/// draft's index: 265,000 pairs counted, most of them over and over.)
#[derive(Default)]
struct PartnerCounts {
    counts: Vec<u32>,
    counted: Vec<u32>,
}

impl PartnerCounts {
    /// Makes room for ids below `members` (every count is zero between blocks).
    fn start(&mut self, members: usize) {
        if self.counts.len() < members {
            self.counts.resize(members, 0);
        }
    }

    fn add(&mut self, id: u32) {
        let count = &mut self.counts[id as usize];
        if *count == 0 {
            self.counted.push(id);
        }
        *count += 1;
    }

    /// `keep(id, count)` of every id counted, and every count back to zero.
    fn drain<T>(&mut self, mut keep: impl FnMut(u32, u32) -> Option<T>) -> Vec<T> {
        let PartnerCounts { counts, counted } = self;
        let kept = counted
            .iter()
            .filter_map(|&id| keep(id, counts[id as usize]))
            .collect();
        for id in counted.drain(..) {
            counts[id as usize] = 0;
        }
        kept
    }
}

thread_local! {
    /// Each engine thread's partner counts, reused block to block and analysis to
    /// analysis.
    static COUNTS: std::cell::RefCell<PartnerCounts> =
        std::cell::RefCell::new(PartnerCounts::default());
}

/// About how many different values `lists` hold (within a few percent: linear counting
/// over a bitmap of a bit per value, at most 1 MB), a little over rather than under.
fn distinct_estimate(lists: &[Vec<u64>]) -> usize {
    let total: usize = lists.iter().map(Vec::len).sum();
    let bits = total.clamp(64, 8 << 20).next_power_of_two();
    let mut seen = vec![0u64; bits / 64];
    for &value in lists.iter().flatten() {
        // Shingles are hashes already; the multiply spreads their high bits down.
        let bit = (value.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & (bits - 1);
        seen[bit / 64] |= 1 << (bit % 64);
    }
    let empty = seen.iter().map(|w| w.count_zeros() as usize).sum::<usize>();
    if empty == 0 {
        return total;
    }
    let estimate = -(bits as f64) * (empty as f64 / bits as f64).ln();
    ((estimate * 1.05) as usize + 16).min(total)
}

/// A number of copies as a posting-list count.
fn copies_u32(copies: usize) -> u32 {
    u32::try_from(copies).unwrap_or(u32::MAX)
}

/// Whether a posting list counts towards pair overlaps: held by 2 to `MAX_POSTING`
/// blocks (a shingle in more is too common to say anything).
fn is_active(list: &[(u32, u32)]) -> bool {
    let total: usize = list.iter().map(|&(_, n)| n as usize).sum();
    (2..=MAX_POSTING).contains(&total)
}

/// Whether a block is compared at all. A function of its cache key (text, kind, zone,
/// quote), so equal keys agree.
fn is_candidate(block: &crate::document::Block, facts: &BlockFacts) -> bool {
    facts.n_words >= MIN_WORDS
        && facts.promo.is_none()
        && !block.in_blockquote
        && matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem)
        && matches!(block.zone, Zone::Body | Zone::Caption)
}

/// The rule's state between analyses of a draft: the index, and the block keys and
/// candidate flags it was last brought to, so an edit is found by comparing key lists
/// (two sequential scans) and only the blocks in the changed stretch touch the index.
#[derive(Default)]
struct NearDupState {
    index: ShingleIndex,
    /// [`is_candidate`] of each block.
    candidate: BlockColumn<bool>,
    /// The exact score of each hot pair of the last analysis, by the blocks' keys (see
    /// [`pair_score`]): a keystroke elsewhere recomputed both paragraphs' shingles for
    /// every pair of a draft with many near-copies (half of a keystroke in a generated
    /// 100 KB draft).
    scores: HashMap<(u64, u64), Option<f64>, Prehashed>,
}

/// How nearly blocks `a` and `b` repeat each other (the larger of their Jaccard index
/// and containment, over 3-word shingles for short paragraphs, 5-word ones otherwise),
/// if they do (Jaccard at least 0.8 or containment at least 0.9). A function of the two
/// texts.
fn pair_score(ctx: &DocumentContext<'_>, a: usize, b: usize) -> Option<f64> {
    let blocks = &ctx.document.blocks;
    let (fa, fb) = (&ctx.facts[a], &ctx.facts[b]);
    let (sa, sb) = if fa.n_words.min(fb.n_words) < SHORT_PARAGRAPH {
        (
            BlockFacts::shingles3(&blocks[a].masked),
            BlockFacts::shingles3(&blocks[b].masked),
        )
    } else {
        (
            BlockFacts::shingles5(&blocks[a].masked),
            BlockFacts::shingles5(&blocks[b].masked),
        )
    };
    let (sa, sb) = (&sa, &sb);
    let shared = overlap(sa, sb);
    let union = sa.len() + sb.len() - shared;
    let jaccard = shared as f64 / union.max(1) as f64;
    let containment = shared as f64 / sa.len().min(sb.len()).max(1) as f64;
    (jaccard >= 0.8 || containment >= 0.9).then_some(jaccard.max(containment))
}

impl NearDupState {
    /// Brings the index to `ctx`'s blocks.
    fn follow(&mut self, ctx: &DocumentContext<'_>) {
        let blocks = &ctx.document.blocks;
        let keys = ctx.keys;
        let candidate = |i: usize| is_candidate(&blocks[i], &ctx.facts[i]);
        match self.candidate.follow(keys, candidate) {
            Followed::Rebuilt => {
                #[cfg(test)]
                REBUILDS.with(|n| n.set(n.get() + 1));
                let mut positions: HashMap<u64, Vec<usize>, Prehashed> = HashMap::default();
                for (i, &key) in keys.iter().enumerate() {
                    if self.candidate.values()[i] {
                        positions.entry(key).or_default().push(i);
                    }
                }
                self.index = ShingleIndex::default();
                self.index
                    .sync(&positions, &|i| Arc::clone(&blocks[i].masked));
            }
            Followed::Spliced { removed, added } => {
                // Net change of each key's copies over the changed stretch.
                let mut net: HashMap<u64, (isize, Option<usize>), Prehashed> = HashMap::default();
                for (key, was) in removed {
                    if was {
                        net.entry(key).or_default().0 -= 1;
                    }
                }
                for i in added {
                    if self.candidate.values()[i] {
                        let entry = net.entry(keys[i]).or_default();
                        entry.0 += 1;
                        entry.1 = Some(i);
                    }
                }
                let deltas: Vec<(u64, isize, Option<Arc<str>>)> = net
                    .iter()
                    .filter(|(_, (delta, _))| *delta != 0)
                    .map(|(&key, &(delta, at))| {
                        (key, delta, at.map(|i| Arc::clone(&blocks[i].masked)))
                    })
                    .collect();
                self.index.update(&deltas);
            }
        }
    }
}

impl Rule for NearDuplicateParagraph {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let blocks = &ctx.document.blocks;
        // Pairs of blocks sharing 3-word shingles, from an index updated with only the
        // blocks added or removed since the last analysis (this runs on every keystroke).
        // (block indexes, shared shingles, shingles of the smaller block)
        let pairs: Vec<((usize, usize), f64)> = ctx.states.with(|state: &mut NearDupState| {
            state.follow(ctx);
            let NearDupState {
                index,
                candidate,
                scores,
            } = state;
            let candidate = candidate.values();
            let member = |id: u32| index.members.get(id as usize).and_then(Option::as_ref);
            let key_of = |id: u32| member(id).map(|m| m.key);
            let size_of = |id: u32| member(id).map_or(0, |m| m.size);
            // Where the blocks of the hot pairs are: one pass over the keys, and
            // none at all in the usual draft, which has no hot pair.
            let mut positions: HashMap<u64, Vec<usize>, Prehashed> = HashMap::default();
            for &pair in index.hot.keys() {
                let (a, b) = pair_ids(pair);
                for key in [key_of(a), key_of(b)].into_iter().flatten() {
                    positions.entry(key).or_default();
                }
            }
            if !positions.is_empty() {
                for (i, key) in ctx.keys.iter().enumerate() {
                    if candidate[i] {
                        if let Some(list) = positions.get_mut(key) {
                            list.push(i);
                        }
                    }
                }
            }
            let mut pairs = Vec::new();
            let mut kept: HashMap<(u64, u64), Option<f64>, Prehashed> = HashMap::default();
            for (&pair, &shared3) in &index.hot {
                let (a, b) = pair_ids(pair);
                let (Some(ka), Some(kb)) = (key_of(a), key_of(b)) else {
                    continue;
                };
                let (Some(pa), Some(pb)) = (positions.get(&ka), positions.get(&kb)) else {
                    continue;
                };
                let smaller = size_of(a).min(size_of(b));
                if (shared3 as f64) < 0.5 * smaller.max(1) as f64 {
                    continue;
                }
                let scored = (ka.min(kb), ka.max(kb));
                for &a in pa {
                    for &b in pb {
                        if ctx.facts[a].normalized_hash == ctx.facts[b].normalized_hash {
                            continue;
                        }
                        let score = match kept.get(&scored).or_else(|| scores.get(&scored)) {
                            Some(&score) => score,
                            None => pair_score(ctx, a, b),
                        };
                        kept.insert(scored, score);
                        if let Some(score) = score {
                            pairs.push(((a.min(b), a.max(b)), score));
                        }
                    }
                }
            }
            // Only the current pairs' scores stay.
            *scores = kept;
            pairs
        });
        let mut pairs = pairs;
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
thread_local! {
    /// Times this thread built the index afresh.
    static REBUILDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kept lists are the blocks' shingles, the same list again for a key asked
    /// twice, and the store starts afresh rather than grow past its bound.
    #[test]
    fn distinct_shingles_are_estimated_within_a_few_percent() {
        let mut rng = crate::test_support::XorShift::new(7);
        for (lists, distinct) in [
            (1usize, 50usize),
            (40, 5_000),
            (300, 20_000),
            (300, 150_000),
        ] {
            let pool: Vec<u64> = (0..distinct)
                .map(|_| rng.below(usize::MAX) as u64)
                .collect();
            // Every value at least once, then repeats drawn from the pool.
            let mut all: Vec<Vec<u64>> = pool
                .chunks(distinct.div_ceil(lists))
                .map(<[u64]>::to_vec)
                .collect();
            for list in all.iter_mut() {
                for _ in 0..list.len() * 2 {
                    list.push(pool[rng.below(pool.len())]);
                }
            }
            let estimate = distinct_estimate(&all);
            let total: usize = all.iter().map(Vec::len).sum();
            assert!(
                estimate <= total,
                "never more than the values: {estimate} > {total}"
            );
            let low = distinct as f64 * 0.98;
            let high = distinct as f64 * 1.12 + 16.0;
            assert!(
                (low..=high).contains(&(estimate as f64)),
                "{distinct} different values among {total}: estimated {estimate}"
            );
        }
        assert_eq!(distinct_estimate(&[]), 0);
    }

    #[test]
    fn recent_shingles_are_the_blocks_and_stay_bounded() {
        let mut recent = RecentShingles::default();
        let text = "The county board met on Tuesday to weigh a plan for the old mill site.";
        let first = recent.get(1, text);
        assert_eq!(&first[..], &BlockFacts::shingles3(text)[..]);
        assert!(
            Arc::ptr_eq(&first, &recent.get(1, text)),
            "kept, not recomputed"
        );
        let mut words = String::new();
        for i in 0..RECENT_SHINGLES / 8 {
            words.push_str(&format!("w{i} "));
        }
        for key in 2..20 {
            recent.get(key, &words);
            assert!(recent.held <= RECENT_SHINGLES, "{}", recent.held);
        }
        assert!(recent.lists.len() < 18, "started afresh");
    }

    /// Edits to a long draft (a near copy pasted, pasted twice, reworded apart, its
    /// original deleted and restored, a paragraph split) update the index from the
    /// changed stretch only, and every version reports what a fresh analysis reports.
    #[test]
    fn small_edits_to_a_long_draft_update_the_index_in_place() {
        let words = [
            "harbor", "county", "school", "transit", "water", "budget", "housing",
        ];
        let paragraph = |n: usize| {
            format!(
                "Report {n} says the {} board met the {} group about the {} plan for week {n}.",
                words[n % 7],
                words[(n / 7) % 7],
                words[(n * 3 + 1) % 7]
            )
        };
        let base: Vec<String> = (0..30).map(paragraph).collect();
        let near = "Report 5 says the budget board met the harbor group about the school plan for week 5 again.";
        let apart = "Nobody expected the storm to close every ferry route before the long holiday weekend began.";
        let with = |v: &[String], at: usize, p: &str| {
            let mut v = v.to_vec();
            v.insert(at, p.to_string());
            v
        };
        let v1 = with(&base, 20, near);
        let v2 = with(&v1, 21, near);
        let mut v3 = v2.clone();
        v3[21] = apart.to_string();
        let mut v4 = v3.clone();
        v4.remove(5);
        let v5 = v3.clone();
        let mut v6 = v5.clone();
        let split = v6[12].replacen(" met ", " met.\n\nThey met ", 1);
        v6[12] = split;
        let config = crate::config::Config::default();
        let drafts: Vec<String> = [&base, &v1, &v2, &v3, &v4, &v5, &v6, &v1]
            .into_iter()
            .map(|version| format!("# Harbor news\n\n{}\n", version.join("\n\n")))
            .collect();
        let before = REBUILDS.with(|n| n.get());
        let saw_near = crate::lint::cached_equals_fresh(&drafts, &config)
            .iter()
            .flatten()
            .filter(|f| f.rule == "boilerplate/near-duplicate-paragraph")
            .count();
        // Built once by the cached analyses (each fresh analysis builds its own).
        assert_eq!(REBUILDS.with(|n| n.get()) - before, 1 + 8);
        assert!(saw_near >= 3, "{saw_near}");

        // The index itself, updated in place, equals one built from scratch.
        crate::lint::kept_equals_fresh(&drafts, NearDupState::follow, |state| {
            (snapshot(&state.index), state.candidate.values().to_vec())
        });
    }

    /// Blocks `texts` as the rule sees them: key → indexes, and the text per index.
    fn blocks(texts: &[String]) -> (HashMap<u64, Vec<usize>, Prehashed>, Vec<Arc<str>>) {
        let mut positions: HashMap<u64, Vec<usize>, Prehashed> = HashMap::default();
        for (i, text) in texts.iter().enumerate() {
            positions
                .entry(crate::analysis::normalize::hash_str(text))
                .or_default()
                .push(i);
        }
        (
            positions,
            texts.iter().map(|t| Arc::from(t.as_str())).collect(),
        )
    }

    type Snapshot = (
        Vec<(u64, usize)>,
        Vec<(u64, Vec<(u64, u32)>)>,
        Vec<((u64, u64), u32)>,
    );

    /// Everything the index holds, by block key (ids depend on history), in a canonical
    /// order; also checks the id bookkeeping.
    fn snapshot(index: &ShingleIndex) -> Snapshot {
        let key = |id: u32| index.members[id as usize].as_ref().expect("live id").key;
        let keys = |pair: u64| {
            let (a, b) = pair_ids(pair);
            (key(a).min(key(b)), key(a).max(key(b)))
        };
        let mut members: Vec<(u64, usize)> = Vec::new();
        for (id, slot) in index.members.iter().enumerate() {
            match slot {
                Some(m) => {
                    assert_eq!(index.ids.get(&m.key), Some(&(id as u32)));
                    members.push((m.key, m.copies));
                }
                None => assert!(index.free.contains(&(id as u32))),
            }
        }
        assert_eq!(index.ids.len(), members.len());
        members.sort_unstable();
        let mut postings: Vec<(u64, Vec<(u64, u32)>)> = Vec::new();
        for (s, &id) in &index.single {
            assert!(!index.shared.contains_key(&s.get()));
            let copies = index.members[id as usize].as_ref().expect("live id").copies;
            postings.push((s.get(), vec![(key(id), copies_u32(copies))]));
        }
        for (s, l) in &index.shared {
            assert!(l.len() >= 2);
            let mut l: Vec<(u64, u32)> = l.iter().map(|&(id, n)| (key(id), n)).collect();
            l.sort_unstable();
            postings.push((*s, l));
        }
        postings.sort_unstable();
        let mut hot: Vec<((u64, u64), u32)> =
            index.hot.iter().map(|(&p, &c)| (keys(p), c)).collect();
        hot.sort_unstable();
        (members, postings, hot)
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
        // Pairs at the edge of "hot": ten 3-word shingles each, sharing exactly five
        // (half: hot) and four (not hot); and a phrase in exactly MAX_POSTING and
        // MAX_POSTING + 1 paragraphs.
        let mut v4: Vec<String> = (0..MAX_POSTING)
            .map(|n| para(n, "and the ferry ran late."))
            .collect();
        v4.push("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima".into());
        v4.push(
            "alpha bravo charlie delta echo foxtrot golf zulu yankee xray whiskey victor".into(),
        );
        v4.push(
            "alpha bravo charlie delta echo foxtrot uniform tango sierra romeo quebec papa".into(),
        );
        let mut v5 = v4.clone();
        v5.insert(0, para(999, "and the ferry ran late."));
        let mut incremental = ShingleIndex::default();
        let mut saw_hot = false;
        for version in [&v1, &v2, &v3, &v1, &v4, &v5, &v4, &v3] {
            let (positions, texts) = blocks(version);
            let masked = |i: usize| Arc::clone(&texts[i]);
            incremental.sync(&positions, &masked);
            let mut fresh = ShingleIndex::default();
            fresh.sync(&positions, &masked);
            let expected = oracle(&positions, &texts);
            let got = snapshot(&incremental);
            assert_eq!(got.2, expected);
            assert_eq!(got, snapshot(&fresh));
            saw_hot |= !incremental.hot.is_empty();
        }
        assert!(saw_hot);
    }

    #[test]
    fn opening_a_repetitive_draft_counts_its_pairs_on_all_cores_as_defined() {
        // Two groups of 50 paragraphs, each sharing a long sentence: enough blocks for
        // the pairs to be counted on every core, and every pair in a group hot.
        let texts: Vec<String> = (0..100)
            .map(|n| {
                let sentence = if n % 2 == 0 {
                    "The county board voted on Tuesday to close the old river bridge to \
                     trucks heavier than ten tons until engineers finish a full review of \
                     its steel supports and deck"
                } else {
                    "Harbor officials said the ferry schedule would shrink through the \
                     winter months while crews repaint the terminal and replace the worn \
                     loading ramps at both landings"
                };
                format!("{sentence}, notice {n} said.")
            })
            .collect();
        let (positions, texts) = blocks(&texts);
        let expected = oracle(&positions, &texts);
        let mut index = ShingleIndex::default();
        index.sync(&positions, &|i| Arc::clone(&texts[i]));
        let got = snapshot(&index);
        assert_eq!(got.2, expected);
        assert_eq!(got.2.len(), 2 * 50 * 49 / 2, "every pair in a group is hot");
    }

    /// Hot pairs and their counts straight from the definition, by block key, in order.
    fn oracle(
        positions: &HashMap<u64, Vec<usize>, Prehashed>,
        texts: &[Arc<str>],
    ) -> Vec<((u64, u64), u32)> {
        let mut lists: std::collections::BTreeMap<u64, Vec<(u64, usize)>> = Default::default();
        for (&key, indexes) in positions {
            for &shingle in &BlockFacts::shingles3(&texts[indexes[0]]) {
                lists.entry(shingle).or_default().push((key, indexes.len()));
            }
        }
        let mut counts: std::collections::BTreeMap<(u64, u64), u32> = Default::default();
        for list in lists.values() {
            let total: usize = list.iter().map(|(_, n)| n).sum();
            if !(2..=MAX_POSTING).contains(&total) {
                continue;
            }
            for (i, &(a, _)) in list.iter().enumerate() {
                for &(b, _) in &list[i + 1..] {
                    *counts.entry((a.min(b), a.max(b))).or_default() += 1;
                }
            }
        }
        let size = |key: u64| BlockFacts::shingles3(&texts[positions[&key][0]]).len();
        counts
            .into_iter()
            .filter(|&((a, b), count)| f64::from(count) >= 0.5 * size(a).min(size(b)).max(1) as f64)
            .collect()
    }
}
