//! Boilerplate facts per block: which catalogue pattern (spec §D.1) a block's text
//! matches, and word shingles and winnowed fingerprints (spec §D.2–D.3) for duplicate
//! detection within and across drafts. The catalogue is data: one row per pattern.

use super::normalize::Fnv64;
use crate::re::{Regex, RegexList};
use std::hash::Hasher;
use std::sync::LazyLock;

/// What kind of boilerplate line a block is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PromoKind {
    /// A donation appeal line ("Donate today", "$25 a month", "501(c)(3)").
    Donation,
    /// The salutation opening an appeal ("CNSNews Reader,", "Dear reader,").
    Salutation,
    /// The sign-off closing an appeal ("— The Newsroom Team").
    SignOff,
    /// A newsletter, subscription or app promotion.
    Newsletter,
    /// The header of a related-stories list ("See also:", "Related stories").
    RelatedHeader,
    /// Sharing and comment widgets ("Share this article", "Comments (12)").
    ShareUi,
    /// A photo or reporting credit, or a copyright line.
    Credit,
    /// A correction, update or editor's note.
    UpdateNote,
    /// A "developing story, check back" note.
    DevelopingNote,
}

/// The catalogue: (kind, case-insensitive pattern). Newsrooms extend it through their
/// boilerplate library rather than code.
pub const CATALOGUE: &[(PromoKind, &str)] = &[
    (
        PromoKind::Salutation,
        r"^(?:dear\s+)?[^\d,:;!?()\n]{0,40}\breaders?,$",
    ),
    (
        PromoKind::Salutation,
        r"^dear (?:friends?|supporters?|subscribers?),$",
    ),
    (
        PromoKind::SignOff,
        r"^[—–-]+\s*the\s+[^\d,:;!?()\n]{1,40}\s+team\.?$",
    ),
    (PromoKind::Donation, r"\bdonate\s+(?:today|now|here)\b"),
    (
        PromoKind::Donation,
        r"\bsupport\s+(?:our|independent|local|quality|nonprofit)\s+(?:\w+\s+)?journalism\b",
    ),
    (
        PromoKind::Donation,
        r"\bbecome\s+a\s+(?:member|supporter|patron|sustaining member)\b",
    ),
    (PromoKind::Donation, r"\$\d+\s+(?:a|per)\s+month\b"),
    (PromoKind::Donation, r"\btax[- ]deductible\b"),
    (PromoKind::Donation, r"\b501\(c\)\(3\)"),
    (
        PromoKind::Donation,
        r"\bmake\s+a\s+(?:gift|donation|contribution)\b",
    ),
    (
        PromoKind::Newsletter,
        r"\bsign\s+up\s+(?:for|to)\s+(?:our|the)\b.*\bnewsletters?\b",
    ),
    (
        PromoKind::Newsletter,
        r"^subscribe\s+(?:now|today)\b|\bsubscribe\s+(?:to|for)\s+(?:our|the)\s+(?:[\w’']+\s+){0,4}(?:newsletters?|podcasts?|channel|edition|updates|alerts|e-?mails?)\b",
    ),
    (
        PromoKind::Newsletter,
        r"\b(?:delivered\s+)?(?:straight\s+|directly\s+)?(?:to|in)\s+your\s+inbox\b",
    ),
    (PromoKind::Newsletter, r"\bfollow\s+us\s+on\b"),
    (
        PromoKind::Newsletter,
        r"\bdownload\s+(?:our|the)\s+(?:\w+\s+)?app\b",
    ),
    // "More from X": up to 30 letters or spaces, any non-ASCII character counting as a
    // letter (`\p{L}` repeated 30 times made this row 2 MB of automaton).
    (
        PromoKind::RelatedHeader,
        r"^(?:see\s+(?:also|earlier\s+stories|more|related)|related(?:\s+(?:stories|coverage|articles|content|links|reading))?|read\s+more|more\s+on\s+this\s+(?:story|topic)|also\s+read|recommended(?:\s+for\s+you)?|you\s+may\s+also\s+like|more\s+from\s+(?:[A-Za-z ]|[^\x00-\x7F]){1,30}|trending(?:\s+now)?|top\s+stories|most\s+read)\s*:?$",
    ),
    (
        PromoKind::ShareUi,
        r"^(?:share\s+this(?:\s+(?:article|story|page))?|click\s+to\s+share.*|comments?(?:\s*\(\d+\))?|\d+\s+comments?|tags?:.*|already\s+a\s+subscriber\?.*|log\s+in|sign\s+in|print\s+this\s+(?:article|page)|email\s+this\s+(?:article|story))\s*:?$",
    ),
    (
        PromoKind::ShareUi,
        r"^share\s+(?:on|via)\s+(?:facebook|twitter|x|linkedin|email|whatsapp)\b",
    ),
    (
        PromoKind::Credit,
        r"\((?:photo|photos|image):\s*[^)]*\)|\bAP Photo/|\bGetty Images\b|\(reporting by [^)]*;\s*editing by [^)]*\)|\bassociated press writers? .* contributed\b|^contributing:|©\s*\d{4}|\bcopyright\s+\d{4}\b|\ball rights reserved\b|\bthis material may not be published, broadcast, rewritten or redistributed\b",
    ),
    (
        PromoKind::UpdateNote,
        r"\bthis\s+(?:story|article)\s+has\s+been\s+updated\b|^updated\s+(?:at|on)\b|^update\s+\d|\beditor['’]s\s+note:|\ban\s+earlier\s+version\s+of\s+this\s+(?:story|article)\b|^correction:",
    ),
    (
        PromoKind::DevelopingNote,
        r"\bthis\s+is\s+a\s+(?:developing|breaking)\s+(?:news\s+)?story\b|\bcheck\s+back\s+(?:later\s+)?for\s+(?:updates|more)\b",
    ),
];

/// The catalogue rows, compiled one by one. (A `RegexSet` of all rows was tried: its
/// lazy DFA has so many states that it thrashes its cache, about 20 times slower on a
/// long draft than asking each row in turn.)
/// The catalogue rows' patterns, in catalogue order, behind a literal prefilter: a short
/// block that passes [`KEYWORDS`] runs only the rows whose literals it holds (it ran
/// every row until one matched: 6,000 searches for the 160 blocks of a 60 KB story).
static CATALOGUE_RES: LazyLock<RegexList> = LazyLock::new(|| {
    RegexList::new(
        CATALOGUE
            .iter()
            .map(|(_, pattern)| format!("(?i){pattern}")),
    )
    .expect("valid catalogue")
});

/// Literal words at least one catalogue row needs. A block without any of them cannot
/// match, and checking literals is far cheaper than running the whole catalogue on every
/// paragraph of a long draft.
static KEYWORDS: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(
        r"(?i)reader|dear |team|donat|journalism|member|supporter|patron|month|deductible|501\(c\)|gift|contribution|sign up|subscribe|inbox|follow us|download|see |related|read more|more on this|also read|recommended|you may also|more from|trending|top stories|most read|share|comment|tag|log in|sign in|print this|email this|photo|image|getty|reporting by|associated press|contributing|©|copyright|rights reserved|this material|updat|editor|earlier version|correction|developing|breaking|check back",
    )
    .expect("valid keyword regex")
});

/// Blocks longer than this many words are body copy, whatever they mention.
const MAX_PROMO_WORDS: usize = 80;

/// Classifies a block's text (one line or a short paragraph) against the catalogue.
/// Salutations and sign-offs win over other matches; otherwise the first row matching.
pub fn classify(text: &str) -> Option<PromoKind> {
    let trimmed = text.trim().trim_matches(['*', '_']).trim();
    if trimmed.is_empty()
        || trimmed.split_whitespace().nth(MAX_PROMO_WORDS).is_some()
        || !KEYWORDS.is_match(trimmed)
    {
        return None;
    }
    let single_line = collapse_whitespace(trimmed);
    // Rows in catalogue order: salutations and sign-offs come first and win.
    let whole = CATALOGUE_RES
        .candidates(&single_line)
        .find(|(_, re)| re.is_match(&single_line))
        .map(|(idx, _)| CATALOGUE[idx].0);
    if whole.is_some() || !trimmed.contains('\n') {
        return whole;
    }
    // A block of widget lines ("Comments (14)" / "Tags: …"): every line must match.
    let kinds: Vec<Option<PromoKind>> = trimmed
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(classify)
        .collect();
    if kinds.iter().all(Option::is_some) {
        kinds.first().copied().flatten()
    } else {
        None
    }
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Word `k`-gram shingles from the hashes of the words
/// ([`super::normalize::word_hashes`]), sorted, each once: each word is hashed once, not
/// once per `k`-gram holding it. Only equality of shingles matters to their users
/// (near-duplicate paragraphs), so they need not be the hashes of the `k`-grams' text;
/// winnowed fingerprints, whose selection depends on the exact hash, keep
/// [`kgram_hashes`].
pub fn shingles_of_word_hashes(words: &[u64], k: usize) -> Vec<u64> {
    if words.len() < k || k == 0 {
        return Vec::new();
    }
    sorted_unique(
        words
            .windows(k)
            .map(|window| {
                window
                    .iter()
                    .fold(0x9e37_79b9_7f4a_7c15_u64, |acc, &word| mix64(acc ^ word))
            })
            .collect(),
    )
}

/// SplitMix64's finalizer: a bijection whose every output bit depends on every input
/// bit, so a fold of word hashes through it depends on their order.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The hash of every word `k`-gram, in text order (empty when there are fewer words).
pub fn kgram_hashes(words: &[&str], k: usize) -> Vec<u64> {
    if words.len() < k || k == 0 {
        return Vec::new();
    }
    words.windows(k).map(hash_words).collect()
}

/// `hashes` sorted, each once.
pub fn sorted_unique(mut hashes: Vec<u64>) -> Vec<u64> {
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

fn hash_words(words: &[&str]) -> u64 {
    let mut hasher = Fnv64::default();
    for word in words {
        hasher.write(word.as_bytes());
        hasher.write_u8(0x1f);
    }
    hasher.finish()
}

/// Winnowing (Schleimer, Wilkerson & Aiken 2003) over word `k`-grams with window `w`:
/// the minimum hash of each window (rightmost on ties), deduplicated and sorted. Any
/// shared run of `k + w - 1` words is guaranteed to share a fingerprint.
pub fn winnow(words: &[&str], k: usize, w: usize) -> Vec<u64> {
    winnow_hashes(&kgram_hashes(words, k), w)
}

/// [`winnow`] over k-gram hashes already computed ([`kgram_hashes`]).
pub fn winnow_hashes(hashes: &[u64], w: usize) -> Vec<u64> {
    if hashes.is_empty() {
        return Vec::new();
    }
    if hashes.len() <= w {
        return vec![*hashes.iter().min().expect("non-empty")];
    }
    let mut picked = Vec::new();
    let mut last: Option<usize> = None;
    for start in 0..=hashes.len() - w {
        let window = &hashes[start..start + w];
        let mut min_idx = start;
        for (offset, &h) in window.iter().enumerate() {
            if h <= hashes[min_idx] {
                min_idx = start + offset;
            }
        }
        if last != Some(min_idx) {
            picked.push(hashes[min_idx]);
            last = Some(min_idx);
        }
    }
    sorted_unique(picked)
}

/// Shared parameters: word 5-grams winnowed with a window of 4 (any shared run of 8
/// words is found), as the spec suggests for prose.
pub const FINGERPRINT_K: usize = 5;
/// Winnowing window.
pub const FINGERPRINT_W: usize = 4;

/// Matches a parenthesised date at the end of a related-story line: `(Feb. 1, 2019)`.
pub static TRAILING_DATE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::compile(r"\s*\(([^()]*\d{4})\)\s*$").expect("valid regex"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_follow_the_normalized_words_in_order() {
        use crate::analysis::normalize::word_hashes;
        let overlap_len = |a: &[u64], b: &[u64]| a.iter().filter(|x| b.contains(x)).count();
        let shingles = |text: &str| shingles_of_word_hashes(&word_hashes(text), 3);
        let plain = shingles("the mayors plan was never put to a vote");
        assert_eq!(plain.len(), 7);
        assert_eq!(
            shingles("The Mayor’s plan — was never put to a vote."),
            plain,
            "case, apostrophes and punctuation do not count"
        );
        let swapped = shingles("the plan mayors was never put to a vote");
        assert_eq!(
            overlap_len(&swapped, &plain),
            4,
            "only the windows after the swap"
        );
        assert!(shingles("two words").is_empty());
        assert_ne!(shingles("a b c"), shingles("c b a"));
    }

    #[test]
    fn catalogue_rows() {
        assert_eq!(
            classify("More from São Paulo:"),
            Some(PromoKind::RelatedHeader)
        );
        assert_eq!(
            classify("More from the council meeting on the bridge budget"),
            None,
            "a sentence, not a header: over 30 letters after \"more from\""
        );
        assert_eq!(
            classify("Daily Planet Reader,"),
            Some(PromoKind::Salutation)
        );
        assert_eq!(
            classify("— The Daily Planet Team"),
            Some(PromoKind::SignOff)
        );
        assert_eq!(
            classify("Donate today so we can keep reporting. $10 a month helps."),
            Some(PromoKind::Donation)
        );
        assert_eq!(
            classify("Sign up for our Morning Briefing newsletter."),
            Some(PromoKind::Newsletter)
        );
        assert_eq!(
            classify("See earlier stories:"),
            Some(PromoKind::RelatedHeader)
        );
        assert_eq!(classify("Related coverage"), Some(PromoKind::RelatedHeader));
        assert_eq!(classify("Share this article"), Some(PromoKind::ShareUi));
        assert_eq!(
            classify("Comments (14)\nTags: water, roads"),
            Some(PromoKind::ShareUi)
        );
        assert_eq!(
            classify("Comments (14)\nThe mayor spoke for an hour."),
            None
        );
        assert_eq!(classify("(Photo: City of Easton)"), Some(PromoKind::Credit));
        assert_eq!(
            classify("This is a developing story. Check back for updates."),
            Some(PromoKind::DevelopingNote)
        );
        assert_eq!(
            classify("Correction: An earlier version misspelled her name."),
            Some(PromoKind::UpdateNote)
        );
        assert_eq!(
            classify("Readers wrote in to say the bridge was closed."),
            None
        );
        assert_eq!(
            classify("The council said it would subscribe to the state plan for readers."),
            None
        );
    }

    #[test]
    fn winnowing_finds_shared_runs() {
        let a: Vec<&str> = "the quick brown fox jumps over the lazy dog near the river bank today"
            .split(' ')
            .collect();
        let b: Vec<&str> = "yesterday the quick brown fox jumps over the lazy dog near a barn"
            .split(' ')
            .collect();
        let fa = winnow(&a, 5, 4);
        let fb = winnow(&b, 5, 4);
        assert!(fa.iter().any(|h| fb.contains(h)));
        let c: Vec<&str> = "an entirely different sentence about city budgets and school buses"
            .split(' ')
            .collect();
        assert!(!winnow(&c, 5, 4).iter().any(|h| fa.contains(h)));
    }
}
