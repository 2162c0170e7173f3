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
            if ch.is_ascii() {
                // Most of the copy: skips the Unicode case tables.
                out.push(ch.to_ascii_lowercase());
            } else {
                out.extend(ch.to_lowercase());
            }
        } else if matches!(ch, '\'' | '’' | '‘') {
            // Apostrophes join a word ("Moscow’s"), so they neither split nor survive.
        } else {
            pending_space = true;
        }
    }
    out
}

/// [`hash_str`] of [`normalize_words`]`(text)` and its number of words, computed as the
/// text is read (no normalized copy is built: a block's sentences are hashed this way).
pub fn normalized_hash(text: &str) -> (u64, usize) {
    let mut hasher = Fnv64::default();
    let mut words = 0;
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if pending_space && words > 0 {
                hasher.write_u8(b' ');
            }
            if pending_space || words == 0 {
                words += 1;
            }
            pending_space = false;
            write_lowercase(&mut hasher, ch);
        } else if matches!(ch, '\'' | '’' | '‘') {
            // Joins a word, as in `normalize_words`.
        } else {
            pending_space = true;
        }
    }
    // `str::hash` ends with this byte.
    hasher.write_u8(0xff);
    (hasher.finish(), words)
}

/// Feeds `ch` lower-cased (as `str::to_lowercase` does, ASCII without the Unicode
/// tables) to `hasher`, in UTF-8.
fn write_lowercase(hasher: &mut Fnv64, ch: char) {
    if ch.is_ascii() {
        hasher.write_u8(ch.to_ascii_lowercase() as u8);
    } else {
        let mut utf8 = [0u8; 4];
        for lower in ch.to_lowercase() {
            hasher.write(lower.encode_utf8(&mut utf8).as_bytes());
        }
    }
}

/// Whether `word`, lower-cased as `str::to_lowercase` does, equals `target` (a
/// lower-case ASCII word). An ASCII word is compared in place, without the copy: rules
/// that look every word of a draft up in a word list spent most of their time copying.
pub fn lowercases_to(word: &str, target: &str) -> bool {
    if word.is_ascii() {
        word.eq_ignore_ascii_case(target)
    } else {
        word.to_lowercase() == target
    }
}

/// The hash (FNV-1a) of each word of `text` as [`normalize_words`] writes it, in order,
/// without building the normalized text: the same words (runs of letters and digits,
/// lower-cased, apostrophes dropped inside them), so two texts have equal lists exactly
/// when their normalized words are equal (up to hash collisions).
pub fn word_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut word: Option<Fnv64> = None;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            write_lowercase(word.get_or_insert_with(Fnv64::default), ch);
        } else if matches!(ch, '\'' | '’' | '‘') {
            // Joins a word, as in `normalize_words`.
        } else if let Some(hasher) = word.take() {
            out.push(hasher.finish());
        }
    }
    if let Some(hasher) = word {
        out.push(hasher.finish());
    }
    out
}

/// A stable 64-bit hash (FNV-1a) of a string; stable across runs and platforms.
pub fn hash_str(text: &str) -> u64 {
    let mut hasher = Fnv64::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// A fast stable 64-bit hash of a string (see [`FastHash64`]), for cache keys.
pub fn fast_hash_str(text: &str) -> u64 {
    let mut hasher = FastHash64::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// FNV-1a, byte by byte: the hash behind shingles and winnowed fingerprints, whose
/// selection (the minimum hash in each window) depends on the exact hash function.
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

/// A deterministic hasher for cache keys and equality tests (never SipHash's random
/// keys): a multiply-xor step taken eight bytes at a time, so hashing a long draft's
/// chunks and blocks on every keystroke costs a fraction of a millisecond, with a final
/// avalanche (MurmurHash3's) so every output bit depends on every input bit.
#[derive(Clone, Copy, Debug)]
pub struct FastHash64(u64);

impl Default for FastHash64 {
    fn default() -> FastHash64 {
        FastHash64(0xcbf2_9ce4_8422_2325)
    }
}

const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

impl FastHash64 {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(MULTIPLIER).rotate_left(29);
    }
}

impl Hasher for FastHash64 {
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for chunk in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length keeps "ab" and "ab\0" apart.
            self.mix(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streamed hash is the hash of the normalized text, with its word count, on
    /// every kind of text a sentence can be.
    #[test]
    fn normalized_hash_is_the_hash_of_the_normalized_words() {
        for text in [
            "",
            "   ",
            "— “Quoted,” she said.",
            "The mayor’s plan cost $4.5 million (about €4 million).",
            "ÉCOLE Zoë's café: 12 PERCENT!!",
            "İstanbul and ǅemal, ΣΊΣΥΦΟΣ.",
            "word",
            "'tis the season’s end'",
            "a  b\n\tc",
        ] {
            let normalized = normalize_words(text);
            let words = normalized.split(' ').filter(|w| !w.is_empty()).count();
            assert_eq!(
                normalized_hash(text),
                (hash_str(&normalized), words),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        /// The in-place comparison answers as lower-casing a copy does: targets in any
        /// case, with the Kelvin sign for `k` (it lower-cases to an ASCII `k`) or a
        /// dotted capital I, and unrelated words.
        #[test]
        fn comparing_in_place_equals_lower_casing(
            target in "[a-z]{1,8}",
            upper in proptest::prelude::any::<u16>(),
            odd in 0u8..3,
            other in "[a-zA-ZİKß]{1,8}",
        ) {
            let variant: String = target
                .chars()
                .enumerate()
                .map(|(i, c)| match c {
                    'k' if odd == 1 => '\u{212A}',
                    'i' if odd == 2 => '\u{130}',
                    c if upper >> (i % 16) & 1 == 1 => c.to_ascii_uppercase(),
                    c => c,
                })
                .collect();
            for word in [&variant, &other, &target] {
                proptest::prop_assert_eq!(
                    lowercases_to(word, &target),
                    word.to_lowercase() == target,
                    "{} vs {}", word, target
                );
            }
        }
    }

    proptest::proptest! {
        /// The word hashes are those of `normalize_words`' words, in order, whatever the
        /// text: letters and digits in any script and case, apostrophes inside and
        /// around words, punctuation, spaces and line breaks.
        #[test]
        fn word_hashes_are_the_hashes_of_the_normalized_words(
            text in "[a-zA-Z0-9 ’'‘.,\n—éÉßİΣσ漢-]{0,80}"
        ) {
            let expected: Vec<u64> = normalize_words(&text)
                .split(' ')
                .filter(|word| !word.is_empty())
                .map(|word| {
                    let mut hasher = Fnv64::default();
                    hasher.write(word.as_bytes());
                    hasher.finish()
                })
                .collect();
            proptest::prop_assert_eq!(word_hashes(&text), expected);
        }

        /// The streamed sentence hash is that of the normalized text, whatever the text.
        #[test]
        fn normalized_hash_equals_hashing_the_normalized_text(
            text in "[a-zA-Z0-9 ’'‘.,\n—éÉßİΣσ漢-]{0,80}"
        ) {
            let normalized = normalize_words(&text);
            let words = normalized.split(' ').filter(|w| !w.is_empty()).count();
            proptest::prop_assert_eq!(normalized_hash(&text), (hash_str(&normalized), words));
        }
    }

    #[test]
    fn stable_hash_separates_near_strings() {
        let words = [
            "",
            "a",
            "a\0",
            "ab",
            "ba",
            "abcdefgh",
            "abcdefgh\0",
            "abcdefghi",
            "abcdefgi",
        ];
        let hashes: std::collections::HashSet<u64> =
            words.iter().map(|w| fast_hash_str(w)).collect();
        assert_eq!(hashes.len(), words.len());
        assert_eq!(fast_hash_str("same text"), fast_hash_str("same text"));
        // Low bits vary too (hash maps index by them).
        let low: std::collections::HashSet<u64> = (0..64)
            .map(|n| fast_hash_str(&n.to_string()) & 0xff)
            .collect();
        assert!(low.len() > 32, "{}", low.len());
    }

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
