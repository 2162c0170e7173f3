//! The workspace index: winnowed fingerprints of every draft's paragraphs, so a rule can
//! ask which other drafts (or boilerplate library snippets) share a paragraph.
//!
//! Built by the CLI from all the paths it is given and by the server from the workspace
//! folders, kept current as drafts change. Memory is a few bytes per word of the
//! workspace; a lookup costs one hash probe per fingerprint of the paragraph.
//!
//! A draft's own fingerprint lists are kept only while it is open in an editor (updated
//! with [`WorkspaceIndex::update_open`]; they are shared with its block facts then), where
//! every keystroke re-posts a paragraph. A file on disk keeps a digest per paragraph: an
//! update finds the paragraphs that changed by their digests, and the postings of those
//! (rare: a file changed on disk) are found by one pass over the postings.
//!
//! A draft open in an editor that is the only entry of the index is *held*: its postings
//! are not kept, since they would only answer lookups from other drafts and there are
//! none (for a lone 1 MB draft they were 2.8 MB of the server's memory). It is posted
//! again, from its kept lists, before anything else enters the index.

use crate::analysis::boilerplate::{sorted_unique, winnow, FINGERPRINT_K, FINGERPRINT_W};
use crate::analysis::normalize::{normalize_words, Prehashed};
use crate::document::{BlockKind, Document, Zone};
use crate::lint::Span;
use std::collections::HashMap;

/// Paragraphs with fewer words are not indexed (datelines, sign-offs, "he said.").
pub const MIN_INDEXED_WORDS: usize = 8;

/// A lookup reads at most this many paragraphs per fingerprint. A fingerprint found in
/// more is a template anyway, and reading every one of thousands of postings would make
/// each lookup cost grow with the size of the workspace.
pub const MAX_POSTINGS_READ: usize = 48;

/// One paragraph's fingerprints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParaPrint {
    /// Where the paragraph is in its draft.
    pub span: Span,
    /// Its winnowed fingerprints (sorted, deduplicated), shared with the block's facts.
    pub fingerprints: std::sync::Arc<[u64]>,
}

/// A paragraph's place and fingerprints, borrowed from its analysis (see
/// [`WorkspaceIndex::update_open_refs`]).
#[derive(Clone, Copy, Debug)]
pub struct ParaRef<'a> {
    /// Where the paragraph is in its draft.
    pub span: Span,
    /// Its winnowed fingerprints (sorted, deduplicated).
    pub fingerprints: &'a std::sync::Arc<[u64]>,
}

/// Fingerprints of the indexable paragraphs of `source`.
pub fn paragraph_prints(source: &str) -> Vec<ParaPrint> {
    let document = Document::parse(source);
    document
        .blocks
        .iter()
        .filter(|b| indexable(b.kind, b.zone))
        .filter_map(|block| {
            let normalized = normalize_words(&block.masked);
            let words: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
            (words.len() >= MIN_INDEXED_WORDS).then(|| ParaPrint {
                span: block.span,
                fingerprints: winnow(&words, FINGERPRINT_K, FINGERPRINT_W).into(),
            })
        })
        .collect()
}

/// Whether blocks of this kind and zone take part in cross-draft matching.
pub fn indexable(kind: BlockKind, zone: Zone) -> bool {
    matches!(kind, BlockKind::Paragraph | BlockKind::ListItem)
        && matches!(zone, Zone::Body | Zone::Caption)
}

#[derive(Clone)]
struct DocEntry {
    path: String,
    library: bool,
    paragraphs: Vec<StoredPara>,
}

impl DocEntry {
    /// Every fingerprint in the kept lists (an open draft's), paragraph by paragraph.
    fn kept_fingerprints(&self) -> impl Iterator<Item = u64> + '_ {
        self.paragraphs
            .iter()
            .flat_map(|p| p.fingerprints.iter().flat_map(|list| list.iter().copied()))
    }
}

/// A paragraph as the index keeps it.
#[derive(Clone)]
struct StoredPara {
    span: Span,
    /// Hash of the fingerprint list (equal lists, equal digests).
    digest: u64,
    /// The list itself, for a draft open in an editor.
    fingerprints: Option<std::sync::Arc<[u64]>>,
}

fn digest(fingerprints: &[u64]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::analysis::normalize::FastHash64::default();
    fingerprints.hash(&mut hasher);
    hasher.finish()
}

/// Another draft's paragraph sharing fingerprints with the one looked up.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkspaceMatch {
    /// The other draft (or library file).
    pub path: String,
    /// The matching paragraph there.
    pub span: Span,
    /// True for a boilerplate library snippet.
    pub library: bool,
    /// Share of the looked-up paragraph's fingerprints found in that paragraph.
    pub containment: f64,
    /// True when some fingerprint was in more paragraphs than a lookup reads: the
    /// paragraph is in even more drafts than the matches list.
    pub truncated: bool,
}

/// Fingerprint → (draft id, paragraph) lists, in insertion order. Most fingerprints of a
/// workspace sit in one paragraph only: those take one 16-byte map entry, and only
/// fingerprints in two or more paragraphs get a list (a map of `Vec`s took some 80 bytes
/// per fingerprint). Fingerprints are hashes already: a multiply spreads them.
#[derive(Clone, Default)]
struct Postings {
    single: HashMap<u64, (u32, u32), Prehashed>,
    multi: HashMap<u64, Vec<(u32, u32)>, Prehashed>,
}

impl Postings {
    /// Appends `entry` to the list of `fingerprint`.
    fn push(&mut self, fingerprint: u64, entry: (u32, u32)) {
        if let Some(list) = self.multi.get_mut(&fingerprint) {
            list.push(entry);
        } else if let Some(first) = self.single.remove(&fingerprint) {
            self.multi.insert(fingerprint, vec![first, entry]);
        } else {
            self.single.insert(fingerprint, entry);
        }
    }

    /// Keeps the entries of `fingerprint` for which `keep` holds.
    fn retain(&mut self, fingerprint: u64, keep: impl Fn(&(u32, u32)) -> bool) {
        if let Some(list) = self.multi.get_mut(&fingerprint) {
            list.retain(|e| keep(e));
            match list.len() {
                0 => {
                    self.multi.remove(&fingerprint);
                }
                1 => {
                    let only = list[0];
                    self.multi.remove(&fingerprint);
                    self.single.insert(fingerprint, only);
                }
                _ => {}
            }
        } else if self.single.get(&fingerprint).is_some_and(|e| !keep(e)) {
            self.single.remove(&fingerprint);
        }
    }

    /// Removes every entry `(doc, para)` for which `drop(doc, para)` holds, in one pass
    /// over all postings; returns the fingerprints each removed paragraph had, by
    /// `(doc, para)` in order (each list sorted). The order of the other entries is kept.
    fn remove_where(&mut self, drop: impl Fn(u32, u32) -> bool) -> Vec<((u32, u32), Vec<u64>)> {
        let mut removed: Vec<((u32, u32), u64)> = Vec::new();
        self.single.retain(|&fingerprint, &mut (doc, para)| {
            let gone = drop(doc, para);
            if gone {
                removed.push(((doc, para), fingerprint));
            }
            !gone
        });
        let mut demoted = Vec::new();
        self.multi.retain(|&fingerprint, list| {
            list.retain(|&(doc, para)| {
                let gone = drop(doc, para);
                if gone {
                    removed.push(((doc, para), fingerprint));
                }
                !gone
            });
            if list.len() == 1 {
                demoted.push((fingerprint, list[0]));
            }
            list.len() > 1
        });
        for (fingerprint, entry) in demoted {
            self.single.insert(fingerprint, entry);
        }
        removed.sort_unstable();
        let mut by_para: Vec<((u32, u32), Vec<u64>)> = Vec::new();
        for (at, fingerprint) in removed {
            match by_para.last_mut() {
                Some((last, list)) if *last == at => list.push(fingerprint),
                _ => by_para.push((at, vec![fingerprint])),
            }
        }
        by_para
    }

    /// The entries of `fingerprint`, oldest first.
    fn get(&self, fingerprint: u64) -> &[(u32, u32)] {
        match self.single.get(&fingerprint) {
            Some(entry) => std::slice::from_ref(entry),
            None => self.multi.get(&fingerprint).map_or(&[], Vec::as_slice),
        }
    }

    /// Number of distinct fingerprints.
    fn len(&self) -> usize {
        self.single.len() + self.multi.len()
    }
}

/// Fingerprint → paragraphs, across the workspace.
#[derive(Clone, Default)]
pub struct WorkspaceIndex {
    docs: Vec<Option<DocEntry>>,
    by_path: HashMap<String, u32>,
    /// Fingerprint → (draft id, paragraph) in insertion order.
    postings: Postings,
    /// Changes so far (any draft added, changed or removed).
    epoch: u64,
    /// Changes made by each path's own updates.
    own: HashMap<String, u64>,
    /// The draft whose postings are held back: the only entry, open in an editor (every
    /// fingerprint list kept). `postings` is empty while it is set.
    held: Option<u32>,
}

impl WorkspaceIndex {
    /// Number of drafts and library files indexed.
    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    /// Whether anything other than `path` is indexed (a lookup for `path` can match).
    pub fn has_others(&self, path: &str) -> bool {
        self.by_path.len() > usize::from(self.by_path.contains_key(path))
    }

    /// Gives back the spare capacity of the posting lists (after indexing many drafts:
    /// lists grown by doubling hold a quarter more than their entries on average).
    pub fn shrink_to_fit(&mut self) {
        for list in self.postings.multi.values_mut() {
            list.shrink_to_fit();
        }
    }

    /// Number of distinct fingerprints.
    pub fn n_fingerprints(&self) -> usize {
        match self.held_entry() {
            Some((_, entry)) => sorted_unique(entry.kept_fingerprints().collect()).len(),
            None => self.postings.len(),
        }
    }

    /// Number of fingerprints posted (not counting a held draft's).
    pub fn n_posted(&self) -> usize {
        self.postings.len()
    }

    /// The held draft, if any, and its entry.
    fn held_entry(&self) -> Option<(u32, &DocEntry)> {
        let id = self.held?;
        Some((id, self.docs[id as usize].as_ref()?))
    }

    /// Whether a draft other than `path` is held: lookups for `path` are then answered
    /// from that draft's lists, one pass per lookup, until [`WorkspaceIndex::release_held`]
    /// posts it (what the server does before analysing `path`).
    pub fn holds_other_than(&self, path: &str) -> bool {
        self.held_entry()
            .is_some_and(|(_, entry)| entry.path != path)
    }

    /// Posts the held draft, if any, from its kept lists (in paragraph order).
    pub fn release_held(&mut self) {
        let Some(id) = self.held.take() else {
            return;
        };
        if let Some(entry) = self.docs[id as usize].as_ref() {
            post_lists(&mut self.postings, id, entry);
        }
    }

    /// Holds `path` back when it is the only entry and open in an editor: its postings
    /// (all the index has) are dropped, memory included.
    fn hold_if_alone(&mut self, path: &str) {
        if self.held.is_some() || self.by_path.len() != 1 {
            return;
        }
        let Some(&id) = self.by_path.get(path) else {
            return;
        };
        let open = self.docs[id as usize]
            .as_ref()
            .is_some_and(|e| !e.library && e.paragraphs.iter().all(|p| p.fingerprints.is_some()));
        if open {
            self.postings = Postings::default();
            self.held = Some(id);
        }
    }

    /// Replaces the entry for `path` (a file on disk: the index keeps a digest of each
    /// paragraph's fingerprints, not the list). Returns the fingerprints that were added or
    /// removed (empty when nothing changed), so callers can tell which other drafts to
    /// recheck.
    pub fn update(&mut self, path: &str, paragraphs: Vec<ParaPrint>, library: bool) -> Vec<u64> {
        self.update_with(path, paragraphs, library, false)
    }

    /// [`WorkspaceIndex::update`] for a draft open in an editor: its fingerprint lists are
    /// kept, so the next edit re-posts a changed paragraph without a pass over the postings.
    /// A draft that is then the only entry is held (see the module notes).
    pub fn update_open(&mut self, path: &str, paragraphs: Vec<ParaPrint>) -> Vec<u64> {
        let prints: Vec<ParaRef<'_>> = paragraphs
            .iter()
            .map(|p| ParaRef {
                span: p.span,
                fingerprints: &p.fingerprints,
            })
            .collect();
        self.update_open_refs(path, &prints)
    }

    /// [`WorkspaceIndex::update_open`] from borrowed lists. A keystroke's update (the
    /// same paragraphs, their lists mostly the very ones stored) changes the stored
    /// entry in place: spans moved, changed lists swapped and re-posted, no list of an
    /// unchanged paragraph cloned or dropped (in a 10 MB draft, cloning and dropping
    /// every paragraph's list twice per keystroke cost 4-5 ms).
    pub fn update_open_refs(&mut self, path: &str, prints: &[ParaRef<'_>]) -> Vec<u64> {
        let changed = match self.open_in_place(path, prints) {
            Some(changed) => changed,
            None => {
                let owned = prints
                    .iter()
                    .map(|p| ParaPrint {
                        span: p.span,
                        fingerprints: std::sync::Arc::clone(p.fingerprints),
                    })
                    .collect();
                self.update_with(path, owned, false, true)
            }
        };
        self.hold_if_alone(path);
        changed
    }

    /// The in-place update of an open draft's entry (see
    /// [`WorkspaceIndex::update_open_refs`]); `None` when the entry is not an open draft's
    /// with as many paragraphs (then the caller updates it the general way). Leaves the
    /// index as [`WorkspaceIndex::update_with`] would.
    fn open_in_place(&mut self, path: &str, prints: &[ParaRef<'_>]) -> Option<Vec<u64>> {
        let id = *self.by_path.get(path)?;
        let entry = self.docs[id as usize].as_ref()?;
        if entry.library
            || entry.paragraphs.len() != prints.len()
            || entry.paragraphs.iter().any(|p| p.fingerprints.is_none())
        {
            return None;
        }
        // As `update_with`: only the held draft's own open updates leave it held.
        if self.held.is_some_and(|held| held != id) {
            self.release_held();
        }
        let posted = self.held != Some(id);
        let Self { docs, postings, .. } = self;
        let entry = docs[id as usize].as_mut()?;
        let mut moved = false;
        // Paragraphs whose lists changed, with their old lists.
        let mut differing = Vec::new();
        for (i, (old, new)) in entry.paragraphs.iter_mut().zip(prints).enumerate() {
            moved |= old.span != new.span;
            old.span = new.span;
            let kept = old.fingerprints.as_ref()?;
            if std::sync::Arc::ptr_eq(kept, new.fingerprints) {
                continue;
            }
            let fresh = digest(new.fingerprints);
            let list = old
                .fingerprints
                .replace(std::sync::Arc::clone(new.fingerprints))?;
            if fresh != old.digest {
                old.digest = fresh;
                differing.push((i, list));
            }
        }
        let mut changed = Vec::new();
        if posted {
            for (i, old) in &differing {
                for &fingerprint in old.iter() {
                    postings.retain(fingerprint, |&(doc, para)| (doc, para) != (id, *i as u32));
                }
            }
            for (i, _) in &differing {
                for &fingerprint in prints[*i].fingerprints.iter() {
                    postings.push(fingerprint, (id, *i as u32));
                }
            }
        }
        for (i, old) in &differing {
            changed.extend(symmetric_difference(old, prints[*i].fingerprints));
        }
        changed.sort_unstable();
        changed.dedup();
        if moved || !changed.is_empty() {
            self.bump(path);
        }
        Some(changed)
    }

    /// [`WorkspaceIndex::update`] for many files on disk at once (a batch of file-watcher
    /// events); `None` removes a file. The postings of every file held as digests whose
    /// paragraphs changed come off in one pass over the index, instead of one pass per
    /// file. Returns the fingerprints added or removed across the files (sorted,
    /// deduplicated).
    pub fn update_files(&mut self, files: Vec<(String, Option<Vec<ParaPrint>>)>) -> Vec<u64> {
        self.release_held();
        // A path named twice counts once, with its last state.
        let mut seen = std::collections::HashSet::new();
        let mut files: Vec<_> = files
            .into_iter()
            .rev()
            .filter(|(path, _)| seen.insert(path.clone()))
            .collect();
        files.reverse();
        let mut changed = Vec::new();
        // Files held as digests that changed, whose postings come off in the shared pass:
        // (path, id, new paragraphs and how the index keeps them).
        type Leaving = (String, u32, Option<(Vec<ParaPrint>, Vec<StoredPara>)>);
        let mut batch: Vec<Leaving> = Vec::new();
        let mut leaving = std::collections::HashSet::new();
        for (path, paragraphs) in files {
            let cold = self
                .by_path
                .get(&path)
                .and_then(|&id| Some((id, self.docs[id as usize].as_ref()?)))
                .filter(|(_, entry)| entry.paragraphs.iter().any(|p| p.fingerprints.is_none()))
                .map(|(id, _)| id);
            match (cold, paragraphs) {
                (Some(id), paragraphs) => {
                    let paragraphs = paragraphs.map(|p| {
                        let stored = self.stored(&path, &p, false);
                        (p, stored)
                    });
                    let unchanged = paragraphs
                        .as_ref()
                        .is_some_and(|(_, stored)| self.holds(&path, false, stored));
                    if !unchanged {
                        leaving.insert(id);
                        batch.push((path, id, paragraphs));
                    }
                }
                (None, Some(paragraphs)) => changed.extend(self.update(&path, paragraphs, false)),
                (None, None) => changed.extend(self.remove(&path)),
            }
        }
        if !batch.is_empty() {
            let removed = self.postings.remove_where(|doc, _| leaving.contains(&doc));
            for (path, id, paragraphs) in batch {
                let from = removed.partition_point(|((doc, _), _)| *doc < id);
                let to = removed.partition_point(|((doc, _), _)| *doc <= id);
                let mut old: Vec<u64> = removed[from..to]
                    .iter()
                    .flat_map(|(_, list)| list.iter().copied())
                    .collect();
                old.sort_unstable();
                old.dedup();
                // As `remove`: the entry leaves the index.
                self.by_path.remove(&path);
                self.docs[id as usize] = None;
                self.epoch += 1;
                let Some((paragraphs, stored)) = paragraphs else {
                    changed.extend(old);
                    continue;
                };
                // As `update`: the new entry takes the freed place.
                changed.extend(symmetric_difference(
                    &old,
                    &sorted_fingerprints(&paragraphs),
                ));
                self.bump(&path);
                self.insert_entry(id, &path, false, &paragraphs, stored);
            }
        }
        changed.sort_unstable();
        changed.dedup();
        changed
    }

    fn update_with(
        &mut self,
        path: &str,
        paragraphs: Vec<ParaPrint>,
        library: bool,
        keep: bool,
    ) -> Vec<u64> {
        // Only the held draft's own open updates leave it held.
        let own_open = keep && !library && self.held_entry().is_some_and(|(_, e)| e.path == path);
        if !own_open {
            self.release_held();
        }
        let stored = self.stored(path, &paragraphs, keep);
        if let Some(changed) = self.update_in_place(path, &paragraphs, &stored, library) {
            let mut moved = false;
            if let Some(entry) = self
                .by_path
                .get(path)
                .and_then(|&id| self.docs[id as usize].as_mut())
            {
                moved = entry
                    .paragraphs
                    .iter()
                    .zip(&stored)
                    .any(|(old, new)| old.span != new.span);
                entry.paragraphs = stored;
            }
            if moved || !changed.is_empty() {
                self.bump(path);
            }
            return changed;
        }
        if self.holds(path, library, &stored) {
            return Vec::new();
        }
        let old = self.remove(path);
        let new = sorted_fingerprints(&paragraphs);
        let changed = symmetric_difference(&old, &new);
        self.bump(path);
        let id = match self.docs.iter().position(Option::is_none) {
            Some(free) => free as u32,
            None => {
                self.docs.push(None);
                (self.docs.len() - 1) as u32
            }
        };
        self.insert_entry(id, path, library, &paragraphs, stored);
        changed
    }

    /// Whether the entry for `path` already holds exactly these paragraphs.
    fn holds(&self, path: &str, library: bool, stored: &[StoredPara]) -> bool {
        self.by_path
            .get(path)
            .and_then(|&id| self.docs[id as usize].as_ref())
            .is_some_and(|entry| {
                entry.library == library
                    && entry.paragraphs.len() == stored.len()
                    && entry
                        .paragraphs
                        .iter()
                        .zip(stored)
                        .all(|(old, new)| old.span == new.span && old.digest == new.digest)
            })
    }

    /// Posts `paragraphs` as draft `id` (a free slot) and records its entry.
    fn insert_entry(
        &mut self,
        id: u32,
        path: &str,
        library: bool,
        paragraphs: &[ParaPrint],
        stored: Vec<StoredPara>,
    ) {
        let open = !library && stored.iter().all(|p| p.fingerprints.is_some());
        if open && self.by_path.is_empty() {
            // The only entry, open in an editor: held from the start.
            self.held = Some(id);
        } else {
            self.release_held();
            for (para_idx, paragraph) in paragraphs.iter().enumerate() {
                for &fingerprint in paragraph.fingerprints.iter() {
                    self.postings.push(fingerprint, (id, para_idx as u32));
                }
            }
        }
        self.docs[id as usize] = Some(DocEntry {
            path: path.to_string(),
            library,
            paragraphs: stored,
        });
        self.by_path.insert(path.to_string(), id);
    }

    /// `paragraphs` as the index keeps them; digests of lists that are the very ones
    /// stored for `path` already are not recomputed.
    fn stored(&self, path: &str, paragraphs: &[ParaPrint], keep: bool) -> Vec<StoredPara> {
        let old = self
            .by_path
            .get(path)
            .and_then(|&id| self.docs[id as usize].as_ref())
            .map_or(&[][..], |entry| entry.paragraphs.as_slice());
        paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let same_list = old.get(i).and_then(|o| {
                    o.fingerprints
                        .as_ref()
                        .filter(|f| std::sync::Arc::ptr_eq(f, &p.fingerprints))
                        .map(|_| o.digest)
                });
                StoredPara {
                    span: p.span,
                    digest: same_list.unwrap_or_else(|| digest(&p.fingerprints)),
                    fingerprints: keep.then(|| std::sync::Arc::clone(&p.fingerprints)),
                }
            })
            .collect()
    }

    /// The common edit: the same paragraphs, a few of them with new text (or none: only
    /// spans moved). Re-posts only the paragraphs whose fingerprints changed and returns
    /// their old and new fingerprints (a superset of the draft's changed fingerprints);
    /// `None` when the paragraph count changed or the draft is new (then the caller
    /// rebuilds the entry). The caller stores the new paragraphs.
    fn update_in_place(
        &mut self,
        path: &str,
        paragraphs: &[ParaPrint],
        stored: &[StoredPara],
        library: bool,
    ) -> Option<Vec<u64>> {
        let id = *self.by_path.get(path)?;
        let entry = self.docs[id as usize].as_ref()?;
        if entry.library != library || entry.paragraphs.len() != paragraphs.len() {
            return None;
        }
        let differing: Vec<usize> = (0..paragraphs.len())
            .filter(|&i| entry.paragraphs[i].digest != stored[i].digest)
            .collect();
        if differing.is_empty() {
            return Some(Vec::new());
        }
        let mut changed = Vec::new();
        // A held draft has nothing posted (and every list kept).
        let posted = self.held != Some(id);
        // Old lists: kept for an open draft; otherwise taken off the postings in one pass.
        let mut unknown = Vec::new();
        for &i in &differing {
            let kept = self.docs[id as usize].as_mut()?.paragraphs[i]
                .fingerprints
                .take();
            match kept {
                Some(old) => {
                    for &fingerprint in old.iter().filter(|_| posted) {
                        self.postings
                            .retain(fingerprint, |&(doc, para)| (doc, para) != (id, i as u32));
                    }
                    changed.extend(symmetric_difference(&old, &paragraphs[i].fingerprints));
                }
                None => unknown.push(i as u32),
            }
        }
        if !unknown.is_empty() {
            let removed = self
                .postings
                .remove_where(|doc, para| doc == id && unknown.binary_search(&para).is_ok());
            for &para in &unknown {
                // A paragraph with nothing posted had an empty list.
                let old = removed
                    .binary_search_by_key(&(id, para), |(at, _)| *at)
                    .map_or(&[][..], |at| removed[at].1.as_slice());
                changed.extend(symmetric_difference(
                    old,
                    &paragraphs[para as usize].fingerprints,
                ));
            }
        }
        for &i in differing.iter().filter(|_| posted) {
            for &fingerprint in paragraphs[i].fingerprints.iter() {
                self.postings.push(fingerprint, (id, i as u32));
            }
        }
        changed.sort_unstable();
        changed.dedup();
        Some(changed)
    }

    /// Counts a change made by `path`'s own update.
    fn bump(&mut self, path: &str) {
        self.epoch += 1;
        *self.own.entry(path.to_string()).or_default() += 1;
    }

    /// A number that changes whenever any draft other than `path` changes in the index:
    /// lookups for `path`'s paragraphs (which never match `path` itself) give the same
    /// answers while it stays the same.
    pub fn others_epoch(&self, path: &str) -> u64 {
        self.epoch - self.own.get(path).copied().unwrap_or(0)
    }

    /// Removes `path`; returns its fingerprints (sorted, deduplicated).
    pub fn remove(&mut self, path: &str) -> Vec<u64> {
        let Some(&id) = self.by_path.get(path) else {
            return Vec::new();
        };
        if self.held == Some(id) {
            // Nothing posted: the lists say what leaves.
            self.held = None;
            self.by_path.remove(path);
            self.epoch += 1;
            return self.docs[id as usize]
                .take()
                .map_or_else(Vec::new, |entry| {
                    sorted_unique(entry.kept_fingerprints().collect())
                });
        }
        self.release_held();
        self.by_path.remove(path);
        self.epoch += 1;
        let Some(entry) = self.docs[id as usize].take() else {
            return Vec::new();
        };
        let mut fingerprints = Vec::new();
        if entry.paragraphs.iter().all(|p| p.fingerprints.is_some()) {
            for list in entry
                .paragraphs
                .iter()
                .filter_map(|p| p.fingerprints.as_ref())
            {
                for &fingerprint in list.iter() {
                    self.postings.retain(fingerprint, |&(doc, _)| doc != id);
                    fingerprints.push(fingerprint);
                }
            }
        } else {
            for (_, list) in self.postings.remove_where(|doc, _| doc == id) {
                fingerprints.extend(list);
            }
        }
        fingerprints.sort_unstable();
        fingerprints.dedup();
        fingerprints
    }

    /// Paths of drafts (other than `except`) holding any of `fingerprints`.
    pub fn drafts_sharing(&self, fingerprints: &[u64], except: &str) -> Vec<String> {
        if let Some((_, entry)) = self.held_entry() {
            // The only entry: is it another draft, holding any of them? (Asked after each
            // keystroke in the held draft itself, which the first test answers.)
            if entry.path == except {
                return Vec::new();
            }
            let sorted = sorted_unique(fingerprints.to_vec());
            let shares = entry
                .kept_fingerprints()
                .any(|f| sorted.binary_search(&f).is_ok());
            return if shares {
                vec![entry.path.clone()]
            } else {
                Vec::new()
            };
        }
        let mut ids: Vec<u32> = fingerprints
            .iter()
            .flat_map(|f| self.postings.get(*f).iter().map(|&(doc, _)| doc))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(|id| self.docs[id as usize].as_ref())
            .filter(|entry| entry.path != except && !entry.library)
            .map(|entry| entry.path.clone())
            .collect()
    }

    /// For a paragraph of the draft `path`, the best-matching paragraph in each other
    /// draft or library file, with the share of fingerprints found there (≥ `min`).
    pub fn matches(&self, path: &str, fingerprints: &[u64], min: f64) -> Vec<WorkspaceMatch> {
        if fingerprints.is_empty() {
            return Vec::new();
        }
        if let Some((id, entry)) = self.held_entry() {
            if entry.path == path {
                // The only entry is the draft asking: nothing else to match.
                return Vec::new();
            }
            // Asked for a draft not in the index while another is held: answered from a
            // posting of the held draft made for this lookup.
            let mut postings = Postings::default();
            post_lists(&mut postings, id, entry);
            return self.matches_in(&postings, path, fingerprints, min);
        }
        self.matches_in(&self.postings, path, fingerprints, min)
    }

    fn matches_in(
        &self,
        postings: &Postings,
        path: &str,
        fingerprints: &[u64],
        min: f64,
    ) -> Vec<WorkspaceMatch> {
        let self_id = self.by_path.get(path).copied();
        // Keyed by (doc << 32 | paragraph), with a multiply hash: SipHash over these small
        // keys was a third of the lookup.
        let mut counts: HashMap<u64, usize, Prehashed> = HashMap::default();
        let mut truncated = false;
        for fingerprint in fingerprints {
            let list = postings.get(*fingerprint);
            if list.is_empty() {
                continue;
            }
            truncated |= list.len() > MAX_POSTINGS_READ;
            // Postings keep insertion order, so every fingerprint of a template reads the
            // same first drafts and their counts stay whole.
            for &(doc, para) in list.iter().take(MAX_POSTINGS_READ) {
                if Some(doc) != self_id {
                    *counts
                        .entry((u64::from(doc) << 32) | u64::from(para))
                        .or_default() += 1;
                }
            }
        }
        let mut best: HashMap<u64, (u32, usize), Prehashed> = HashMap::default();
        for (key, count) in counts {
            let (doc, para) = ((key >> 32) as u32, key as u32);
            let entry = best.entry(u64::from(doc)).or_insert((para, 0));
            if count > entry.1 || (count == entry.1 && para < entry.0) {
                *entry = (para, count);
            }
        }
        let mut found: Vec<WorkspaceMatch> = best
            .into_iter()
            .filter_map(|(doc, (para, count))| {
                let containment = count as f64 / fingerprints.len() as f64;
                let entry = self.docs[doc as usize].as_ref()?;
                (containment >= min).then(|| WorkspaceMatch {
                    path: entry.path.clone(),
                    span: entry.paragraphs[para as usize].span,
                    library: entry.library,
                    containment,
                    truncated,
                })
            })
            .collect();
        found.sort_by(|a, b| a.path.cmp(&b.path));
        found
    }
}

/// Posts the kept fingerprint lists of `entry` (draft `id`) in paragraph order.
fn post_lists(postings: &mut Postings, id: u32, entry: &DocEntry) {
    for (para_idx, paragraph) in entry.paragraphs.iter().enumerate() {
        for &fingerprint in paragraph.fingerprints.iter().flat_map(|l| l.iter()) {
            postings.push(fingerprint, (id, para_idx as u32));
        }
    }
}

/// Every fingerprint of `paragraphs`, sorted and deduplicated.
fn sorted_fingerprints(paragraphs: &[ParaPrint]) -> Vec<u64> {
    sorted_unique(
        paragraphs
            .iter()
            .flat_map(|p| p.fingerprints.iter().copied())
            .collect(),
    )
}

fn symmetric_difference(a: &[u64], b: &[u64]) -> Vec<u64> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => {
                out.push(*x);
                i += 1;
            }
            (Some(_), Some(y)) => {
                out.push(*y);
                j += 1;
            }
            (Some(x), None) => {
                out.push(*x);
                i += 1;
            }
            (None, Some(y)) => {
                out.push(*y);
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const APPEAL: &str = "Our reporting depends on readers like you, so please consider a gift to the newsroom this year.";

    #[test]
    fn postings_keep_order_through_promotion_and_demotion() {
        let mut p = Postings::default();
        p.push(7, (1, 0));
        assert_eq!(p.get(7), &[(1, 0)]);
        p.push(7, (2, 3));
        p.push(7, (3, 1));
        assert_eq!(p.get(7), &[(1, 0), (2, 3), (3, 1)]);
        p.retain(7, |&(doc, _)| doc != 2);
        assert_eq!(p.get(7), &[(1, 0), (3, 1)]);
        p.retain(7, |&(doc, _)| doc != 1);
        assert_eq!(p.get(7), &[(3, 1)]);
        assert!(p.multi.is_empty() && p.single.len() == 1);
        p.push(7, (4, 0));
        assert_eq!(p.get(7), &[(3, 1), (4, 0)]);
        p.retain(7, |_| false);
        assert!(p.get(7).is_empty());
        assert_eq!(p.len(), 0);
        p.retain(9, |_| false);
        assert!(p.get(9).is_empty());
    }

    #[test]
    fn finds_shared_paragraphs_across_drafts() {
        let mut index = WorkspaceIndex::default();
        let a =
            format!("Story A opens with its own lede about the county budget vote.\n\n{APPEAL}\n");
        let b =
            format!("Story B is about a bridge closing for repairs over the summer.\n\n{APPEAL}\n");
        index.update("a.md", paragraph_prints(&a), false);
        let changed = index.update("b.md", paragraph_prints(&b), false);
        assert!(!changed.is_empty());
        let prints = paragraph_prints(&a);
        let matches = index.matches("a.md", &prints[1].fingerprints, 0.5);
        assert_eq!(matches.len(), 1);
        assert_eq!(matches[0].path, "b.md");
        assert_eq!(&b[matches[0].span.start..matches[0].span.end], APPEAL);
        assert!(index
            .matches("a.md", &prints[0].fingerprints, 0.5)
            .is_empty());
        assert_eq!(
            index.drafts_sharing(&prints[1].fingerprints, "a.md"),
            vec!["b.md".to_string()]
        );
        assert!(
            index.update("b.md", paragraph_prints(&b), false).is_empty(),
            "unchanged draft"
        );
        index.remove("b.md");
        assert!(index
            .matches("a.md", &prints[1].fingerprints, 0.5)
            .is_empty());
        assert_eq!(index.len(), 1);
    }

    /// An open draft whose indexed paragraph only moved (a short line above it changed)
    /// changes nothing posted, but its new span is what other drafts' lookups give, and
    /// they learn of it through their epoch (they re-check). With a second draft in the
    /// index, so the first is posted, not held.
    #[test]
    fn an_open_draft_whose_paragraph_moved_reports_the_new_span() {
        let before = format!("Short.\n\n{APPEAL}\n");
        let after = format!("Short, and a few words more.\n\n{APPEAL}\n");
        let other = format!("Story B is about a bridge closing for repairs.\n\n{APPEAL}\n");
        let mut index = WorkspaceIndex::default();
        index.update("b.md", paragraph_prints(&other), false);
        index.update_open("a.md", paragraph_prints(&before));
        let epoch = index.others_epoch("b.md");
        let changed = index.update_open("a.md", paragraph_prints(&after));
        assert!(changed.is_empty(), "{changed:?}");
        assert_ne!(index.others_epoch("b.md"), epoch, "b must re-check");
        let appeal = &paragraph_prints(&other)[1].fingerprints;
        let found = index.matches("b.md", appeal, 0.5);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&after[found[0].span.start..found[0].span.end], APPEAL);
    }

    /// Typing in one paragraph re-posts only that paragraph; lookups then give what an
    /// index built from the final texts gives, and moved spans are current.
    #[test]
    fn in_place_updates_match_a_fresh_index() {
        let a =
            format!("Story A opens with its own lede about the county budget vote.\n\n{APPEAL}\n");
        let b1 =
            format!("Story B is about a bridge closing for repairs over the summer.\n\n{APPEAL}\n");
        let b2 = "Story B is about a bridge closing for repairs over the long hot summer months.\n\nOur reporting depends on readers like you, so please consider a gift to the newsroom today.\n".to_string();
        let b3 = format!("Story B is about a bridge closing for repairs over the long hot summer months.\n\n{APPEAL}\n");
        let mut index = WorkspaceIndex::default();
        index.update("a.md", paragraph_prints(&a), false);
        index.update("b.md", paragraph_prints(&b1), false);
        for b in [&b2, &b3] {
            let changed = index.update("b.md", paragraph_prints(b), false);
            assert!(!changed.is_empty());
            let mut fresh = WorkspaceIndex::default();
            fresh.update("a.md", paragraph_prints(&a), false);
            fresh.update("b.md", paragraph_prints(b), false);
            for print in paragraph_prints(&a) {
                assert_eq!(
                    index.matches("a.md", &print.fingerprints, 0.5),
                    fresh.matches("a.md", &print.fingerprints, 0.5)
                );
            }
            assert_eq!(index.n_fingerprints(), fresh.n_fingerprints());
        }
        // The appeal is back and its span moved with the longer first paragraph.
        let appeal = &paragraph_prints(&a)[1].fingerprints;
        let found = index.matches("a.md", appeal, 0.5);
        assert_eq!(&b3[found[0].span.start..found[0].span.end], APPEAL);
    }

    /// Drafts updated at random, as files on disk (digests only) and as open drafts
    /// (fingerprint lists kept), in any order: every lookup, the drafts sharing each
    /// fingerprint and the fingerprint count equal those of an index built afresh from
    /// the final texts, and each update reports at least the fingerprints that came or
    /// went (and none the draft never had).
    #[test]
    fn updates_on_disk_and_open_match_a_fresh_index() {
        let pool = [
            APPEAL.to_string(),
            "The county board met on Tuesday to weigh a plan for the old mill site by the river."
                .to_string(),
            "Residents packed the hall and many spoke against the plan for more than two hours."
                .to_string(),
            "The bridge on Route 9 will close for repairs from June until the end of August."
                .to_string(),
            "Sign up for our morning newsletter to get the day's top stories in your inbox."
                .to_string(),
            "A spokesperson for the mayor said the city would respond to the report next week."
                .to_string(),
            "Short one.".to_string(),
        ];
        let mut next = xorshift(0x2545_f491_4f6c_dd1d_u64);
        let paths = ["a.md", "b.md", "c.md", "d.md"];
        let mut texts: Vec<Option<String>> = vec![None; paths.len()];
        let mut index = WorkspaceIndex::default();
        let all_prints = |text: &Option<String>| all_fingerprints(std::slice::from_ref(text));
        for step in 0..400 {
            let d = next(paths.len());
            let before = all_prints(&texts[d]);
            let changed = if next(10) == 0 {
                texts[d] = None;
                index.remove(paths[d])
            } else {
                // Mostly small changes to an existing draft: one paragraph swapped,
                // added or dropped; sometimes a whole new text.
                let mut paras: Vec<String> = match &texts[d] {
                    Some(t) if next(4) != 0 => t.split("\n\n").map(str::to_string).collect(),
                    _ => (0..1 + next(4))
                        .map(|_| pool[next(pool.len())].clone())
                        .collect(),
                };
                match next(3) {
                    0 => {
                        let at = next(paras.len());
                        paras[at] = format!("{} {}", pool[next(pool.len())], step % 3);
                    }
                    1 => paras.insert(next(paras.len() + 1), pool[next(pool.len())].clone()),
                    _ if paras.len() > 1 => {
                        paras.remove(next(paras.len()));
                    }
                    _ => {}
                }
                let text = paras.join("\n\n");
                texts[d] = Some(text.clone());
                if next(2) == 0 {
                    index.update_open(paths[d], paragraph_prints(&text))
                } else {
                    index.update(paths[d], paragraph_prints(&text), false)
                }
            };
            let after = all_prints(&texts[d]);
            assert_changed(&before, &after, &changed, &format!("step {step}"));

            let mut fresh = WorkspaceIndex::default();
            for (path, text) in paths.iter().zip(&texts) {
                if let Some(text) = text {
                    fresh.update(path, paragraph_prints(text), false);
                }
            }
            assert_same_answers(&index, &fresh, &paths, &texts, &format!("step {step}"));
        }
    }

    /// A draft open in an editor posts nothing while it is the only entry, whatever is
    /// typed into it; it is posted once another draft enters (or a disk update of its own
    /// file), and held again when it is alone at its next open update. Lookups, from a
    /// draft outside the index too, answer throughout as an index holding nothing back.
    #[test]
    fn a_lone_open_draft_is_held_and_answers_as_if_posted() {
        let texts = [
            format!("The county board met on Tuesday to weigh a plan for the old mill site.\n\n{APPEAL}\n"),
            format!("The county board met on Tuesday to weigh a plan for the old mill site by the river.\n\n{APPEAL}\n"),
            format!("The county board met on Tuesday to weigh a plan for the old mill site by the river.\n\nResidents packed the hall and many spoke against the plan for more than two hours.\n\n{APPEAL}\n"),
        ];
        let other =
            format!("Story B is about a bridge closing for repairs over the summer.\n\n{APPEAL}\n");
        let paths = ["a.md", "b.md"];
        let fresh = |a: &str, b: Option<&str>| {
            let mut fresh = WorkspaceIndex::default();
            fresh.update("a.md", paragraph_prints(a), false);
            if let Some(b) = b {
                fresh.update("b.md", paragraph_prints(b), false);
            }
            fresh
        };
        let mut index = WorkspaceIndex::default();
        // Typing: the same paragraphs changed in place, then one more paragraph.
        for (step, a) in texts.iter().enumerate() {
            let changed = index.update_open("a.md", paragraph_prints(a));
            assert!(!changed.is_empty(), "step {step}");
            assert_eq!(index.n_posted(), 0, "step {step}: held");
            assert!(index.holds_other_than("b.md") && !index.holds_other_than("a.md"));
            assert!(!index.has_others("a.md") && index.has_others("b.md"));
            let want = [Some(a.clone()), None];
            assert_same_answers(
                &index,
                &fresh(a, None),
                &paths,
                &want,
                &format!("step {step}"),
            );
            // A draft not yet in the index finds the shared appeal in the held one.
            let appeal = &paragraph_prints(&other)[1].fingerprints;
            let found = index.matches("b.md", appeal, 0.5);
            assert_eq!(found.len(), 1, "step {step}");
            assert_eq!(&a[found[0].span.start..found[0].span.end], APPEAL);
            assert_eq!(
                index.drafts_sharing(appeal, "b.md"),
                vec!["a.md".to_string()]
            );
            assert!(index.drafts_sharing(appeal, "a.md").is_empty());
        }
        let a = &texts[2];
        // Another draft enters: the held one is posted first.
        index.update_open("b.md", paragraph_prints(&other));
        assert!(index.has_others("a.md") && index.has_others("b.md"));
        let both = fresh(a, Some(&other));
        assert_eq!(index.n_posted(), both.n_fingerprints());
        let want = [Some(a.clone()), Some(other.clone())];
        assert_same_answers(&index, &both, &paths, &want, "two open");
        // Alone again: held at its next open update, not before.
        let gone = index.remove("b.md");
        assert!(!gone.is_empty());
        assert!(index.n_posted() > 0);
        index.update_open("a.md", paragraph_prints(a));
        assert_eq!(index.n_posted(), 0);
        assert_same_answers(
            &index,
            &fresh(a, None),
            &paths,
            &[Some(a.clone()), None],
            "alone",
        );
        // Its own file saved on disk: posted, the lists no longer kept.
        index.update("a.md", paragraph_prints(&texts[0]), false);
        assert_eq!(index.n_posted(), fresh(&texts[0], None).n_fingerprints());
        let want = [Some(texts[0].clone()), None];
        assert_same_answers(&index, &fresh(&texts[0], None), &paths, &want, "on disk");
        // Removing the held draft reports its fingerprints and empties the index.
        index.update_open("a.md", paragraph_prints(a));
        assert_eq!(index.n_posted(), 0);
        let removed = index.remove("a.md");
        assert_eq!(removed, all_fingerprints(&[Some(a.clone())]));
        assert!(index.is_empty() && index.n_fingerprints() == 0);
    }

    /// A batch of file-watcher updates (changed, removed, new and repeated paths, over
    /// drafts held as digests and drafts open in an editor) leaves the index answering as
    /// the same updates made one by one, and reports every fingerprint that came or went.
    #[test]
    fn batched_disk_updates_match_one_by_one() {
        let pool = [
            APPEAL,
            "The county board met on Tuesday to weigh a plan for the old mill site by the river.",
            "Residents packed the hall and many spoke against the plan for more than two hours.",
            "The bridge on Route 9 will close for repairs from June until the end of August.",
            "Sign up for our morning newsletter to get the day's top stories in your inbox.",
            "A spokesperson for the mayor said the city would respond to the report next week.",
        ];
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15_u64);
        let paths: Vec<String> = (0..8).map(|n| format!("d{n}.md")).collect();
        for round in 0..60 {
            let text = |next: &mut dyn FnMut(usize) -> usize| -> String {
                (0..1 + next(4))
                    .map(|_| format!("{} {}", pool[next(pool.len())], next(3)))
                    .collect::<Vec<_>>()
                    .join("\n\n")
            };
            let mut batched = WorkspaceIndex::default();
            let mut single = WorkspaceIndex::default();
            let mut texts: Vec<Option<String>> = vec![None; paths.len()];
            for (d, path) in paths.iter().enumerate() {
                if next(4) == 0 {
                    continue;
                }
                let t = text(&mut next);
                let open = next(3) == 0;
                for index in [&mut batched, &mut single] {
                    if open {
                        index.update_open(path, paragraph_prints(&t));
                    } else {
                        index.update(path, paragraph_prints(&t), false);
                    }
                }
                texts[d] = Some(t);
            }
            let before: Vec<u64> = all_fingerprints(&texts);
            let mut batch = Vec::new();
            for _ in 0..1 + next(6) {
                let d = next(paths.len());
                let new = match next(4) {
                    0 => None,
                    1 => texts[d].clone(),
                    _ => Some(text(&mut next)),
                };
                batch.push((paths[d].clone(), new.as_deref().map(paragraph_prints)));
                texts[d] = new;
            }
            for (path, prints) in batch.clone() {
                match prints {
                    Some(prints) => single.update(&path, prints, false),
                    None => single.remove(&path),
                };
            }
            let changed = batched.update_files(batch);
            let after = all_fingerprints(&texts);
            assert_changed(&before, &after, &changed, &format!("round {round}"));
            assert_same_answers(&batched, &single, &paths, &texts, &format!("round {round}"));
        }
    }

    /// A small deterministic random source: `next(n)` is in `0..n`.
    fn xorshift(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        }
    }

    /// `changed` (sorted) holds every fingerprint in `before` or `after` but not both, and
    /// none outside them.
    fn assert_changed(before: &[u64], after: &[u64], changed: &[u64], at: &str) {
        let truth = symmetric_difference(before, after);
        assert!(
            truth.iter().all(|f| changed.binary_search(f).is_ok()),
            "{at}: changed misses fingerprints"
        );
        assert!(
            changed
                .iter()
                .all(|f| before.binary_search(f).is_ok() || after.binary_search(f).is_ok()),
            "{at}: changed names fingerprints that were never there"
        );
    }

    /// `index` answers every lookup (matches, drafts sharing, counts) for the paragraphs
    /// of `texts` as `want` does.
    fn assert_same_answers(
        index: &WorkspaceIndex,
        want: &WorkspaceIndex,
        paths: &[impl AsRef<str>],
        texts: &[Option<String>],
        at: &str,
    ) {
        assert_eq!(index.n_fingerprints(), want.n_fingerprints(), "{at}");
        assert_eq!(index.len(), want.len(), "{at}");
        for (path, text) in paths.iter().map(AsRef::as_ref).zip(texts) {
            for print in text.as_deref().map(paragraph_prints).unwrap_or_default() {
                // Asked as the draft itself and as a draft not in the index.
                for path in [path, "elsewhere.md"] {
                    let mut got = index.matches(path, &print.fingerprints, 0.3);
                    let mut expected = want.matches(path, &print.fingerprints, 0.3);
                    // Ties between drafts may be listed in another insertion order.
                    for list in [&mut got, &mut expected] {
                        list.sort_by(|a, b| (&a.path, a.span.start).cmp(&(&b.path, b.span.start)));
                    }
                    assert_eq!(got, expected, "{at}, {path}");
                    let mut got = index.drafts_sharing(&print.fingerprints, path);
                    let mut expected = want.drafts_sharing(&print.fingerprints, path);
                    got.sort();
                    expected.sort();
                    assert_eq!(got, expected, "{at}, {path}");
                }
            }
        }
    }

    /// Every fingerprint of the given texts (sorted, deduplicated).
    fn all_fingerprints(texts: &[Option<String>]) -> Vec<u64> {
        let prints: Vec<ParaPrint> = texts
            .iter()
            .flatten()
            .flat_map(|t| paragraph_prints(t))
            .collect();
        sorted_fingerprints(&prints)
    }
}
