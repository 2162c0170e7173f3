//! Shared analysis steps computed once per block and cached by the block's content hash:
//! sentences (news-aware splitter), quotations, normalised text for duplicate detection.
//!
//! Everything here is block-relative: offsets are into `Block::masked`, so a cached
//! result stays valid when the block moves within the document.

pub mod boilerplate;
pub mod dates;
pub mod normalize;
pub mod quotes;
pub mod sentences;

use std::ops::Range;

/// Facts about one block that several rules need.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlockFacts {
    /// Sentence ranges (block-relative, trimmed).
    pub sentences: Vec<Range<usize>>,
    /// Quotation analysis of the block.
    pub quotes: quotes::Quotations,
    /// Hash of the normalised text (case, whitespace, quote marks and punctuation folded).
    pub normalized_hash: u64,
    /// Number of words in the normalised text.
    pub n_words: usize,
    /// The boilerplate catalogue row the block matches, if any.
    pub promo: Option<boilerplate::PromoKind>,
    /// Winnowed fingerprints of word 5-grams, for cross-draft detection.
    pub fingerprints: std::sync::Arc<[u64]>,
    /// Per sentence: hash of its normalised words and its word count.
    pub sentence_hashes: Vec<(u64, usize)>,
}

impl BlockFacts {
    /// Analyses a block's masked prose.
    pub fn compute(masked: &str) -> BlockFacts {
        let normalized = normalize::normalize_words(masked);
        let words: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
        // The fingerprints' k-grams are the 5-word shingles (checked at compile time).
        const _: () = assert!(boilerplate::FINGERPRINT_K == 5);
        let five = boilerplate::kgram_hashes(&words, boilerplate::FINGERPRINT_K);
        let sentences = sentences::split(masked);
        let sentence_hashes = sentences
            .iter()
            .map(|range| normalize::normalized_hash(&masked[range.clone()]))
            .collect();
        BlockFacts {
            sentences,
            quotes: quotes::Quotations::find(masked),
            normalized_hash: normalize::hash_str(&normalized),
            n_words: words.len(),
            promo: boilerplate::classify(masked),
            fingerprints: boilerplate::winnow_hashes(&five, boilerplate::FINGERPRINT_W).into(),
            sentence_hashes,
        }
    }

    /// Word 3-gram shingles of a block's masked prose (sorted, deduplicated), for
    /// near-duplicate detection. Computed when asked rather than kept with the facts: the
    /// near-duplicate index computes them once per paragraph it takes in (and again for
    /// one it lets go), and keeping them took 1.3 MB for a 1 MB draft.
    pub fn shingles3(masked: &str) -> Vec<u64> {
        Self::shingles(masked, 3)
    }

    /// Word 5-gram shingles of a block's masked prose (sorted, deduplicated). Computed
    /// when asked rather than kept: only the rare near-duplicate pairs compare them, and
    /// keeping them took 1.2 MB for a 1 MB draft.
    pub fn shingles5(masked: &str) -> Vec<u64> {
        Self::shingles(masked, 5)
    }

    fn shingles(masked: &str, k: usize) -> Vec<u64> {
        boilerplate::shingles_of_word_hashes(&normalize::word_hashes(masked), k)
    }

    /// True when `range` (block-relative) overlaps a direct quotation.
    pub fn in_quote(&self, range: Range<usize>) -> bool {
        self.quotes.overlaps(range)
    }
}
