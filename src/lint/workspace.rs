//! The workspace index: winnowed fingerprints of every draft's paragraphs, so a rule can
//! ask which other drafts (or boilerplate library snippets) share a paragraph.
//!
//! Built by the CLI from all the paths it is given and by the server from the workspace
//! folders, kept current as drafts change. Memory is a few bytes per word of the
//! workspace; a lookup costs one hash probe per fingerprint of the paragraph.

use crate::analysis::boilerplate::{winnow, FINGERPRINT_K, FINGERPRINT_W};
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
    paragraphs: Vec<ParaPrint>,
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

    /// Number of distinct fingerprints.
    pub fn n_fingerprints(&self) -> usize {
        self.postings.len()
    }

    /// Replaces the entry for `path`. Returns the fingerprints that were added or removed
    /// (empty when nothing changed), so callers can tell which other drafts to recheck.
    pub fn update(&mut self, path: &str, paragraphs: Vec<ParaPrint>, library: bool) -> Vec<u64> {
        if let Some(changed) = self.update_in_place(path, &paragraphs, library) {
            let mut moved = false;
            if let Some(entry) = self
                .by_path
                .get(path)
                .and_then(|&id| self.docs[id as usize].as_mut())
            {
                moved = entry.paragraphs != paragraphs;
                entry.paragraphs = paragraphs;
            }
            if moved || !changed.is_empty() {
                self.bump(path);
            }
            return changed;
        }
        let old: Vec<u64> = self.fingerprints_of(path);
        let mut new: Vec<u64> = paragraphs
            .iter()
            .flat_map(|p| p.fingerprints.iter().copied())
            .collect();
        new.sort_unstable();
        new.dedup();
        let changed = symmetric_difference(&old, &new);
        let same_spans = self
            .by_path
            .get(path)
            .and_then(|&id| self.docs[id as usize].as_ref())
            .is_some_and(|entry| entry.paragraphs == paragraphs);
        if changed.is_empty() && same_spans {
            return changed;
        }
        self.remove(path);
        self.bump(path);
        let id = match self.docs.iter().position(Option::is_none) {
            Some(free) => free as u32,
            None => {
                self.docs.push(None);
                (self.docs.len() - 1) as u32
            }
        };
        for (para_idx, paragraph) in paragraphs.iter().enumerate() {
            for &fingerprint in paragraph.fingerprints.iter() {
                self.postings.push(fingerprint, (id, para_idx as u32));
            }
        }
        self.docs[id as usize] = Some(DocEntry {
            path: path.to_string(),
            library,
            paragraphs,
        });
        self.by_path.insert(path.to_string(), id);
        changed
    }

    /// The common edit: the same paragraphs, a few of them with new text (or none: only
    /// spans moved). Re-posts only the paragraphs whose fingerprints changed and returns
    /// their old and new fingerprints (a superset of the draft's changed fingerprints);
    /// `None` when the paragraph count changed or the draft is new (then [`update`]
    /// rebuilds the entry). The caller stores the new spans.
    ///
    /// [`update`]: WorkspaceIndex::update
    fn update_in_place(
        &mut self,
        path: &str,
        paragraphs: &[ParaPrint],
        library: bool,
    ) -> Option<Vec<u64>> {
        let id = *self.by_path.get(path)?;
        let entry = self.docs[id as usize].as_ref()?;
        if entry.library != library || entry.paragraphs.len() != paragraphs.len() {
            return None;
        }
        let differing: Vec<usize> = (0..paragraphs.len())
            .filter(|&i| {
                let (old, new) = (
                    &entry.paragraphs[i].fingerprints,
                    &paragraphs[i].fingerprints,
                );
                !std::sync::Arc::ptr_eq(old, new) && old != new
            })
            .collect();
        let mut changed = Vec::new();
        for &i in &differing {
            let old =
                std::mem::take(&mut self.docs[id as usize].as_mut()?.paragraphs[i].fingerprints);
            for &fingerprint in old.iter() {
                self.postings
                    .retain(fingerprint, |&(doc, para)| (doc, para) != (id, i as u32));
            }
            for &fingerprint in paragraphs[i].fingerprints.iter() {
                self.postings.push(fingerprint, (id, i as u32));
            }
            changed.extend(symmetric_difference(&old, &paragraphs[i].fingerprints));
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

    /// Removes `path`; returns its fingerprints.
    pub fn remove(&mut self, path: &str) -> Vec<u64> {
        let Some(id) = self.by_path.remove(path) else {
            return Vec::new();
        };
        self.epoch += 1;
        let removed = self.docs[id as usize].take();
        let mut fingerprints = Vec::new();
        if let Some(entry) = removed {
            for paragraph in &entry.paragraphs {
                for &fingerprint in paragraph.fingerprints.iter() {
                    self.postings.retain(fingerprint, |&(doc, _)| doc != id);
                    fingerprints.push(fingerprint);
                }
            }
        }
        fingerprints.sort_unstable();
        fingerprints.dedup();
        fingerprints
    }

    fn fingerprints_of(&self, path: &str) -> Vec<u64> {
        let Some(entry) = self
            .by_path
            .get(path)
            .and_then(|&id| self.docs[id as usize].as_ref())
        else {
            return Vec::new();
        };
        let mut all: Vec<u64> = entry
            .paragraphs
            .iter()
            .flat_map(|p| p.fingerprints.iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// Paths of drafts (other than `except`) holding any of `fingerprints`.
    pub fn drafts_sharing(&self, fingerprints: &[u64], except: &str) -> Vec<String> {
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
        let self_id = self.by_path.get(path).copied();
        // Keyed by (doc << 32 | paragraph), with a multiply hash: SipHash over these small
        // keys was a third of the lookup.
        let mut counts: HashMap<u64, usize, Prehashed> = HashMap::default();
        let mut truncated = false;
        for fingerprint in fingerprints {
            let list = self.postings.get(*fingerprint);
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
}
