//! Text normalisation for comparing paragraphs: case, whitespace, quote marks, dashes and
//! punctuation folded, so a pasted copy with re-typed quotes still matches.

use std::hash::{Hash, Hasher};

/// Lower-cases `text`, folds curly quotes and dashes, drops punctuation and collapses
/// whitespace, leaving words separated by single spaces.
pub fn normalize_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            for lower in ch.to_lowercase() {
                out.push(lower);
            }
        } else if matches!(ch, '\'' | '’' | '‘') {
            // Apostrophes join a word ("Moscow’s"), so they neither split nor survive.
        } else {
            pending_space = true;
        }
    }
    out
}

/// A stable 64-bit hash (FNV-1a) of a string; stable across runs and platforms.
pub fn hash_str(text: &str) -> u64 {
    let mut hasher = Fnv64::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// FNV-1a, used where a hash must be deterministic (caches, fingerprints).
#[derive(Clone, Copy, Debug)]
pub struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Fnv64 {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv64 {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_quotes_and_spacing() {
        assert_eq!(
            normalize_words("  “Hello,”  said   O’Neil —\nagain. "),
            "hello said oneil again"
        );
        assert_eq!(
            normalize_words("\"Hello,\" said O'Neil - again."),
            "hello said oneil again"
        );
    }
}

/// Hasher for keys that are already hashes (shingles, fingerprints): one multiply to
/// spread the bits, instead of SipHash over eight bytes.
#[derive(Clone, Copy, Debug, Default)]
pub struct PrehashedHasher(u64);

impl Hasher for PrehashedHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(byte)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }
}

/// A `HashMap`/`HashSet` hasher builder for pre-hashed `u64` keys.
pub type Prehashed = std::hash::BuildHasherDefault<PrehashedHasher>;
