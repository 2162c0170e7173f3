//! Shared analysis steps computed once per block and cached by the block's content hash:
//! sentences (news-aware splitter), quotations, normalised text for duplicate detection.
//!
//! Everything here is block-relative: offsets are into `Block::masked`, so a cached
//! result stays valid when the block moves within the document.

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
}

impl BlockFacts {
    /// Analyses a block's masked prose.
    pub fn compute(masked: &str) -> BlockFacts {
        let normalized = normalize::normalize_words(masked);
        BlockFacts {
            sentences: sentences::split(masked),
            quotes: quotes::Quotations::find(masked),
            normalized_hash: normalize::hash_str(&normalized),
            n_words: normalized.split(' ').filter(|w| !w.is_empty()).count(),
        }
    }

    /// True when `range` (block-relative) overlaps a direct quotation.
    pub fn in_quote(&self, range: Range<usize>) -> bool {
        self.quotes.overlaps(range)
    }
}
