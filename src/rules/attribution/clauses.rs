//! Clause and cue-scope analysis shared by the attribution rules (spec §C.2–C.4).
//!
//! Works on a block's masked prose with direct quotations blanked out ([`unquoted`]), so
//! no trigger or cue inside a quote counts. Each sentence is cut into clauses: main
//! clauses (split at `;` and at `, and` / `, but` before a new clause) and nested
//! non-restrictive relative clauses (`…, which Russia says is …`) or dash asides. A cue in
//! a main clause covers the whole sentence; a cue in a nested clause covers only that
//! clause. A sentence with a main-clause cue also covers the sentences before it in the
//! same paragraph (trailing attribution). It deliberately does no parsing beyond that.

use super::tables::{self, ClaimClass, TriggerRow};
use crate::analysis::normalize::FastHash64;
use crate::analysis::quotes::Quotations;
use crate::analysis::BlockFacts;
use crate::config::Config;
use crate::re::Regex;
use crate::re::{LiteralHits, RegexList, SharedPrefilter};
use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::LazyLock;

/// Finds words: letters and digits, with inner apostrophes and hyphens (`Moscow’s`,
/// `so-called`): what `[\p{L}\p{N}]+(?:[’'\-][\p{L}\p{N}]+)*` matches, scanned by hand
/// because the rules ask for words of every sentence and a regex costs more per word.
pub static WORD: WordFinder = WordFinder;

/// See [`WORD`].
pub struct WordFinder;

impl WordFinder {
    /// The words of `text`, left to right.
    pub fn find_iter<'t>(&self, text: &'t str) -> WordIter<'t> {
        WordIter { text, pos: 0 }
    }

    /// The words of `text` from byte `pos` on (a character boundary where no word goes
    /// on: the end of a word, or a place outside any), offsets into the whole text.
    pub fn find_iter_from<'t>(&self, text: &'t str, pos: usize) -> WordIter<'t> {
        WordIter { text, pos }
    }
}

/// Iterator over the words of a text (see [`WORD`]).
pub struct WordIter<'t> {
    text: &'t str,
    pos: usize,
}

/// One word found by [`WORD`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordMatch<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> WordMatch<'t> {
    /// The word at `range` of `text`.
    pub fn new(text: &'t str, range: Range<usize>) -> WordMatch<'t> {
        WordMatch {
            text,
            start: range.start,
            end: range.end,
        }
    }

    /// The word.
    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
    /// Byte offset of its first character.
    pub fn start(&self) -> usize {
        self.start
    }
    /// Byte offset just past it.
    pub fn end(&self) -> usize {
        self.end
    }
    /// `start()..end()`.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

fn is_letter_or_digit(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric()
}

/// The character at byte `at` of `text` (a char boundary) and its length, reading an
/// ASCII byte directly.
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((char::from(byte), 1));
    }
    let c = text[at..].chars().next()?;
    Some((c, c.len_utf8()))
}

/// Whether `c` is a letter or digit (ASCII answered without the Unicode tables).
fn is_letter_or_digit_fast(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_letter_or_digit(c)
    }
}

impl<'t> Iterator for WordIter<'t> {
    type Item = WordMatch<'t>;

    fn next(&mut self) -> Option<WordMatch<'t>> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut at = self.pos;
        // ASCII bytes are classified in place (most of the copy); other characters are
        // decoded.
        let start = loop {
            let byte = *bytes.get(at)?;
            if byte.is_ascii() {
                if byte.is_ascii_alphanumeric() {
                    break at;
                }
                at += 1;
                continue;
            }
            let (c, len) = char_at(text, at)?;
            if is_letter_or_digit_fast(c) {
                break at;
            }
            at += len;
        };
        let mut at = start + 1;
        while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
            at += 1;
        }
        if bytes[start].is_ascii()
            && bytes
                .get(at)
                .is_none_or(|&b| b.is_ascii() && b != b'\'' && b != b'-')
        {
            // A plain ASCII word, ended by an ASCII character that cannot join it to
            // another (or by the end of the text).
            self.pos = at;
            return Some(WordMatch {
                text: self.text,
                start,
                end: at,
            });
        }
        let mut end = start;
        let mut at = start;
        while let Some((c, len)) = char_at(text, at) {
            if is_letter_or_digit_fast(c) {
                at += len;
                end = at;
                continue;
            }
            // An inner apostrophe or hyphen joins two runs of letters and digits.
            if matches!(c, '’' | '\'' | '-')
                && char_at(text, at + len).is_some_and(|(next, _)| is_letter_or_digit_fast(next))
            {
                at += len;
                continue;
            }
            break;
        }
        self.pos = end;
        Some(WordMatch {
            text: self.text,
            start,
            end,
        })
    }
}

/// The trigger table's rows and their compiled patterns (prefiltered together).
static TRIGGERS: LazyLock<(Vec<&'static TriggerRow>, RegexList)> = LazyLock::new(|| {
    let rows: Vec<&'static TriggerRow> = tables::TRIGGERS.iter().collect();
    let list = RegexList::new(rows.iter().map(|row| format!(r"(?i)\b(?:{})", row.pattern)))
        .expect("valid trigger patterns");
    (rows, list)
});

static RECORD_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(&format!("(?i){}", tables::RECORD_CONTEXT)).expect("valid regex")
});

static HISTORICAL: LazyLock<Regex> =
    LazyLock::new(|| crate::re::compile(tables::HISTORICAL).expect("valid regex"));

static COURT_RECORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(&format!("(?i){}", tables::COURT_RECORD)).expect("valid regex")
});

/// Every cue pattern: cue phrases, then vague sources, then anonymous sources.
static ALL_CUES: LazyLock<RegexList> = LazyLock::new(|| {
    list(
        tables::CUE_PHRASES
            .iter()
            .chain(tables::WEASELS)
            .chain(tables::ANONYMOUS.iter().map(|(p, _)| p)),
    )
});

/// The trigger and cue tables' literals, found in one pass over a block's prose.
static PROSE_LITERALS: LazyLock<SharedPrefilter> =
    LazyLock::new(|| SharedPrefilter::new(&[&TRIGGERS.1, &ALL_CUES, &VERB_WORDS, &LOADED_WORDS]));

/// The loaded attribution verbs (`attribution/loaded-verb`), as a list of literals.
static LOADED_WORDS: LazyLock<RegexList> = LazyLock::new(|| {
    let verbs: Vec<&str> = tables::LOADED_VERBS.iter().map(|(verb, _)| *verb).collect();
    RegexList::from_words(&verbs)
});

/// The reporting verbs, then the other verbs `attribution/verb-order` looks for, as a
/// list of literals (never compiled: only the places the literal scan finds are asked,
/// [`verb_cues`], [`BlockProse::verb_words`]).
static VERB_WORDS: LazyLock<RegexList> = LazyLock::new(|| {
    let mut words = tables::REPORTING_VERBS.to_vec();
    for verb in super::verb_order::VERBS {
        if !words.contains(verb) {
            words.push(verb);
        }
    }
    RegexList::from_words(&words)
});

/// Vague-source patterns, compiled (the same regexes as their part of [`ALL_CUES`]).
pub static WEASELS: LazyLock<RegexList> = LazyLock::new(|| {
    let start = tables::CUE_PHRASES.len();
    RegexList::part_of(&ALL_CUES, start..start + tables::WEASELS.len()).expect("valid patterns")
});

/// Anonymous-source patterns, compiled, parallel to `tables::ANONYMOUS` (whose second
/// field says whether the pattern is a bare source); the same regexes as their part of
/// [`ALL_CUES`].
pub static ANONYMOUS: LazyLock<RegexList> = LazyLock::new(|| {
    let start = tables::CUE_PHRASES.len() + tables::WEASELS.len();
    RegexList::part_of(&ALL_CUES, start..start + tables::ANONYMOUS.len()).expect("valid patterns")
});

/// The reporting verbs, hashed with the fast deterministic hasher (every word of every
/// sentence is looked up: SipHash took a fifth of the lookups' time).
static VERBS: LazyLock<HashSet<&'static str, BuildHasherDefault<FastHash64>>> =
    LazyLock::new(|| tables::REPORTING_VERBS.iter().copied().collect());

static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i),\s+(?:which|who|whom|whose)\b").expect("valid regex")
});

static COORDINATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i);\s+|,\s+(?:and|but|while|whereas|yet)\s+").expect("valid regex")
});

static PROMO: LazyLock<Regex> =
    LazyLock::new(|| crate::re::compile(tables::PROMO).expect("valid regex"));

fn list<'a>(patterns: impl IntoIterator<Item = &'a &'a str>) -> RegexList {
    RegexList::new(patterns.into_iter().map(|p| format!("(?i){p}"))).expect("valid patterns")
}

/// Compiles every table pattern now (they otherwise compile on first use): the server
/// does this at start-up so the first draft it opens does not wait for them.
pub fn compile_all_patterns() {
    for list in [&TRIGGERS.1, &*ALL_CUES, &*WEASELS, &*ANONYMOUS] {
        for idx in 0..list.len() {
            let _ = list.get(idx);
        }
    }
}

/// Where the table patterns' literals occur in a block's unquoted prose: computed once
/// per block, so each sentence runs only the patterns whose literals it holds (a block's
/// sentences ran every pattern whose literal was anywhere in the block: a fifth of the
/// claim analysis went to trigger and cue searches that found nothing).
pub struct Prefilter {
    triggers: LiteralHits,
    cues: LiteralHits,
    /// Where the reporting verbs ([`VERB_WORDS`]) occur.
    verbs: LiteralHits,
    /// Where the loaded verbs ([`LOADED_WORDS`]) occur.
    loaded: LiteralHits,
    /// Which cue patterns may match somewhere in the block.
    cues_in_block: Vec<bool>,
}

impl Prefilter {
    /// The prefilter for `text`, whose offsets the sentences asked about use.
    pub fn new(text: &str) -> Prefilter {
        let mut hits = PROSE_LITERALS.literal_hits(text, 0).into_iter();
        let triggers = hits.next().unwrap_or_default();
        let cues = hits.next().unwrap_or_default();
        let verbs = hits.next().unwrap_or_default();
        let loaded = hits.next().unwrap_or_default();
        Prefilter {
            triggers,
            cues_in_block: cues.present(),
            cues,
            verbs,
            loaded,
        }
    }
}

/// A block's prose with its quotations blanked ([`unquoted`]) and the table patterns
/// that can match in it ([`Prefilter`]). The claim analysis, `attribution/weasel` and
/// `attribution/anonymous-source` each made their own copy and their own literal passes
/// over it (six per block, a ninth of opening a draft); computed once per analysis of
/// the block now ([`prose_in`]).
pub struct BlockProse {
    /// The unquoted prose (same length as the block's masked text).
    pub text: String,
    /// Which trigger and cue patterns can match in it.
    pub prefilter: Prefilter,
    /// Whether the prose is in the first or second person ([`is_first_person`]).
    pub first_person: bool,
    /// [`BlockProse::verb_words`], found on first use (two rules ask for it).
    verb_words: std::sync::OnceLock<Option<Vec<Range<usize>>>>,
}

impl crate::lint::MemoValue for BlockProse {}

impl BlockProse {
    /// The prose of a block whose masked text is `masked`, with quotations `quotes`.
    pub fn new(masked: &str, quotes: &Quotations) -> BlockProse {
        let text = unquoted(masked, quotes);
        let prefilter = Prefilter::new(&text);
        let first_person = is_first_person(&text);
        BlockProse {
            text,
            prefilter,
            first_person,
            verb_words: std::sync::OnceLock::new(),
        }
    }

    /// Which [`WEASELS`] patterns can match in the prose.
    pub fn weasels(&self) -> &[bool] {
        let start = tables::CUE_PHRASES.len();
        self.prefilter
            .cues_in_block
            .get(start..start + tables::WEASELS.len())
            .unwrap_or(&[])
    }

    /// Where the prose holds a loaded verb (`attribution/loaded-verb`) as a whole word
    /// ([`WORD`]): (range, index in `tables::LOADED_VERBS`), in order. `None` when the
    /// literal scan could not be made (then every word must be looked up).
    pub fn loaded_verbs(&self) -> Option<Vec<(Range<usize>, usize)>> {
        whole_words(&self.prefilter.loaded, &self.text, 0)
    }

    /// Where the prose holds one of the verbs of [`VERB_WORDS`] (the reporting verbs
    /// and those of `attribution/verb-order`) as a whole word ([`WORD`]), in order;
    /// `None` when the literal scan could not be made.
    pub fn verb_words(&self) -> Option<&[Range<usize>]> {
        self.verb_words
            .get_or_init(|| {
                whole_words(&self.prefilter.verbs, &self.text, 0)
                    .map(|found| found.into_iter().map(|(range, _)| range).collect())
            })
            .as_deref()
    }

    /// Which [`ANONYMOUS`] patterns can match in the prose.
    pub fn anonymous(&self) -> &[bool] {
        let start = tables::CUE_PHRASES.len() + tables::WEASELS.len();
        self.prefilter
            .cues_in_block
            .get(start..start + tables::ANONYMOUS.len())
            .unwrap_or(&[])
    }
}

/// The block's [`BlockProse`], computed once per analysis of the block.
pub fn prose_in(ctx: &crate::lint::BlockContext<'_>) -> std::sync::Arc<BlockProse> {
    ctx.pass_memo(|| BlockProse::new(ctx.text(), &ctx.facts.quotes))
}

const BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "’s", "'s", "isn’t", "wasn’t",
];

/// `masked` with every quotation blanked to spaces (newlines kept): same length, so
/// offsets stay valid.
pub fn unquoted(masked: &str, quotes: &Quotations) -> String {
    let mut out = masked.as_bytes().to_vec();
    for span in &quotes.spans {
        for b in &mut out[span.start..span.end.min(masked.len())] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Only whole characters were replaced (quote spans start and end on char boundaries).
    String::from_utf8(out).unwrap_or_else(|_| masked.to_string())
}

/// The lower-cased word ending before `pos` (empty at the start of `text`).
pub fn word_before(text: &str, pos: usize) -> String {
    let head = text[..pos].trim_end();
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(head.len(), |(i, _)| i);
    head[start..].to_lowercase()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '’' || c == '\'' || c == '-'
}

/// The lower-cased word starting after `pos` (empty when punctuation or the end follows).
pub fn word_after(text: &str, pos: usize) -> String {
    let tail = text[pos..].trim_start();
    tail.chars()
        .take_while(|&c| is_word_char(c))
        .collect::<String>()
        .to_lowercase()
}

/// One claim trigger found in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TriggerHit {
    /// Block-relative bytes.
    pub range: Range<usize>,
    /// Claim class.
    pub class: ClaimClass,
    /// Weight 1–3.
    pub weight: u8,
}

/// Claim triggers in `text[range]` (`text` is the unquoted block prose).
pub fn find_triggers(text: &str, range: Range<usize>, prefilter: &Prefilter) -> Vec<TriggerHit> {
    let sentence = &text[range.clone()];
    // A court record drops the accusations, a record of results or history the
    // statistics and rankings. Asked only of a sentence where a row of those classes
    // matched (most sentences match none): the same hits as asking every sentence first.
    let court = std::cell::OnceCell::new();
    let record = std::cell::OnceCell::new();
    let first_word_start = sentence.find(|c: char| c.is_alphanumeric()).unwrap_or(0);
    let mut hits = Vec::new();
    let (rows, list) = &*TRIGGERS;
    let present = prefilter.triggers.present_in(range.clone());
    for (idx, row) in rows.iter().enumerate() {
        if !present[idx] {
            continue;
        }
        let matches = list.find_in(idx, sentence, range.start, &prefilter.triggers);
        if matches.is_empty() {
            continue;
        }
        if row.class == ClaimClass::Accusation
            && *court.get_or_init(|| COURT_RECORD.is_match(sentence))
        {
            continue;
        }
        if matches!(row.class, ClaimClass::Statistic | ClaimClass::Superlative)
            && *record.get_or_init(|| {
                RECORD_CONTEXT.is_match(sentence)
                    || is_tabular(sentence)
                    || HISTORICAL.is_match(sentence)
            })
        {
            continue;
        }
        for m in matches {
            // Trailing word boundary: the match must not stop inside a word.
            let last = m.as_str().chars().next_back();
            let next = sentence[m.end()..].chars().next();
            if last.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric) {
                continue;
            }
            let before = word_before(sentence, m.start());
            if row.not_after_word.contains(&before.as_str()) {
                continue;
            }
            let after = word_after(sentence, m.end());
            if row.not_before_word.contains(&after.as_str()) {
                continue;
            }
            // Superlatives inside proper names: "Best Buy", "Most Valuable Player";
            // "Revenue Per Thousand".
            if row.class == ClaimClass::Superlative
                && in_proper_name(sentence, m.range(), first_word_start)
            {
                continue;
            }
            if row.class == ClaimClass::Statistic
                && m.start() != first_word_start
                && m.as_str().starts_with(char::is_uppercase)
            {
                continue;
            }
            if row.class == ClaimClass::Statistic && is_measure(sentence, m.end(), &after) {
                continue;
            }
            // Sports scores after change verbs: "fell 3-2".
            // (The dash may be `–`, three bytes: step over the whole character.)
            let after_dash = sentence[m.end()..]
                .strip_prefix(['-', '–'])
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
            if row.class == ClaimClass::Statistic && after_dash {
                continue;
            }
            hits.push(TriggerHit {
                range: range.start + m.start()..range.start + m.end(),
                class: row.class,
                weight: row.weight,
            });
        }
    }
    hits.sort_by_key(|h| h.range.start);
    hits
}

/// After a figure: a measure of progress or extent (`7% complete`, `64% of the way
/// through`, `one-fifth of the distance`) rather than a statistic.
fn is_measure(sentence: &str, end: usize, after: &str) -> bool {
    let last = sentence[..end].trim_end();
    if tables::PROGRESS_WORDS.contains(&after) && last.ends_with(['%', 't']) {
        return true;
    }
    // The fraction patterns end after `of the `: their next word is `after`.
    let after_of = [" of", " of the", " of its", " of their"]
        .iter()
        .any(|tail| last.to_lowercase().ends_with(tail));
    if after_of && tables::MEASURE_NOUNS.contains(&after) {
        return true;
    }
    if after != "of" {
        return false;
    }
    let mut rest = WORD.find_iter(&sentence[end..]).skip(1);
    let next = rest.next().map(|w| w.as_str().to_lowercase());
    let noun = match next.as_deref() {
        Some("the" | "its" | "their") => rest.next().map(|w| w.as_str().to_lowercase()),
        other => other.map(str::to_string),
    };
    noun.is_some_and(|n| tables::MEASURE_NOUNS.contains(&n.as_str()))
}

/// A line of figures (a sports box score, a price table) rather than a sentence.
fn is_tabular(sentence: &str) -> bool {
    let (mut words, mut numbers) = (0usize, 0usize);
    for w in WORD.find_iter(sentence) {
        words += 1;
        if w.as_str().starts_with(|c: char| c.is_ascii_digit()) {
            numbers += 1;
        }
    }
    (numbers >= 4 && numbers * 10 >= words * 3) || (numbers >= 2 && words <= 8)
}

/// The writer speaks in the first person or addresses the reader (a column, a review,
/// an advice piece): claims there are the writer's own, by design.
pub fn is_first_person(unquoted: &str) -> bool {
    WORD.find_iter(unquoted).any(|w| {
        matches!(
            w.as_str(),
            "I" | "I’m"
                | "I'm"
                | "I’ve"
                | "I've"
                | "I'd"
                | "I’d"
                | "I’ll"
                | "I'll"
                | "we"
                | "We"
                | "we’ve"
                | "we've"
                | "We’ve"
                | "We've"
                | "we’re"
                | "we're"
                | "We’re"
                | "We're"
                | "our"
                | "Our"
                | "my"
                | "My"
                | "us"
                | "me"
                | "you"
                | "You"
                | "your"
                | "Your"
        )
    })
}

/// A capitalised superlative inside the match that is not the sentence's first word:
/// part of a name ("the Best Picture award", "Greatest Hits").
fn in_proper_name(sentence: &str, range: Range<usize>, first_word_start: usize) -> bool {
    const SUPERLATIVES: &[&str] = &[
        "largest", "biggest", "best", "most", "first", "greatest", "only", "highest", "worst",
        "top", "record",
    ];
    WORD.find_iter(&sentence[range.clone()]).any(|w| {
        let start = range.start + w.start();
        start != first_word_start
            && w.as_str().starts_with(char::is_uppercase)
            && SUPERLATIVES.contains(&w.as_str().to_lowercase().as_str())
    })
}

/// Court or police copy: charges, pleas, trials, prosecutors.
pub fn is_court_record(text: &str) -> bool {
    COURT_RECORD.is_match(text)
}

/// True when `word` (lower case) is a reporting verb: from the table or the config.
pub fn is_reporting_verb(word: &str, config: &Config) -> bool {
    if VERBS.contains(word) {
        return true;
    }
    config.attribution_verbs.iter().any(|v| {
        let v = v.trim().to_lowercase();
        !v.is_empty()
            && (word == v
                || word
                    .strip_prefix(v.as_str())
                    .is_some_and(|rest| matches!(rest, "s" | "es" | "ed" | "d" | "ing"))
                || v.strip_suffix('e')
                    .is_some_and(|stem| word.strip_prefix(stem) == Some("ing")))
    })
}

/// `word` lower-cased as `str::to_lowercase` does; a short ASCII word (nearly every
/// word of a sentence, each asked whether it is a reporting verb) is lower-cased into
/// `buffer` instead of a new string.
fn lower_word<'b>(word: &str, buffer: &'b mut [u8; 24]) -> std::borrow::Cow<'b, str> {
    if word.is_ascii() && word.len() <= buffer.len() {
        let out = &mut buffer[..word.len()];
        out.copy_from_slice(word.as_bytes());
        out.make_ascii_lowercase();
        // ASCII bytes stay ASCII.
        std::borrow::Cow::Borrowed(std::str::from_utf8(out).unwrap_or_default())
    } else {
        std::borrow::Cow::Owned(word.to_lowercase())
    }
}

/// Start offsets (block-relative) of the attribution cues in `text[range]`: reporting
/// verbs not in a passive (`is expected to` is a trigger, not a cue), `according to`,
/// nominal cues, and vague or anonymous sources (which other rules report).
pub fn find_cues(text: &str, range: Range<usize>, config: &Config) -> Vec<usize> {
    // Only the cue patterns are asked here: skip the trigger table's prefilter pass.
    let cues = ALL_CUES.literal_hits(&text[range.clone()], range.start);
    let verbs = VERB_WORDS.literal_hits(&text[range.clone()], range.start);
    let prefilter = Prefilter {
        triggers: LiteralHits::default(),
        cues_in_block: Vec::new(),
        cues,
        verbs,
        loaded: LiteralHits::default(),
    };
    find_cues_with(text, range, config, &prefilter)
}

/// [`find_cues`] with a prefilter computed for the whole block.
pub fn find_cues_with(
    text: &str,
    range: Range<usize>,
    config: &Config,
    prefilter: &Prefilter,
) -> Vec<usize> {
    let sentence = &text[range.clone()];
    let mut cues = verb_cues(text, range.clone(), config, &prefilter.verbs);
    let present = prefilter.cues.present_in(range.clone());
    for idx in (0..ALL_CUES.len()).filter(|&idx| present[idx]) {
        cues.extend(
            ALL_CUES
                .find_in(idx, sentence, range.start, &prefilter.cues)
                .iter()
                .map(|m| range.start + m.start()),
        );
    }
    cues.sort_unstable();
    cues.dedup();
    cues
}

/// Where reporting verbs used as cues start in `text[range]` (block offsets): words that
/// are reporting verbs, not passive (unless `by` follows) and not nouns.
///
/// With the built-in verbs only, the verbs are looked up where the paragraph's literal
/// scan found one (`verbs`), kept when it is a whole word as [`WORD`] cuts them: the
/// same words as walking every word of the sentence and looking each up, which cost a
/// twentieth of opening a draft. Configured verbs (with their inflections) walk the words.
fn verb_cues(text: &str, range: Range<usize>, config: &Config, verbs: &LiteralHits) -> Vec<usize> {
    let by_words = !config.attribution_verbs.is_empty() || !verbs.is_complete();
    verb_cues_by(text, range, config, verbs, by_words)
}

/// [`verb_cues`], walking every word (`by_words`) or from the literal places.
fn verb_cues_by(
    text: &str,
    range: Range<usize>,
    config: &Config,
    verbs: &LiteralHits,
    by_words: bool,
) -> Vec<usize> {
    let sentence = &text[range.clone()];
    let mut cues = Vec::new();
    let mut cue = |start: usize, end: usize, lower: &str| {
        if is_passive(sentence, start) && word_after(sentence, end) != "by" {
            return;
        }
        if AMBIGUOUS_NOUNS.contains(&lower) {
            let before = word_before(sentence, start);
            // "ignored calls for help", "answering calls": the object of a verb.
            let after_verb =
                before.len() > 4 && (before.ends_with("ed") || before.ends_with("ing"));
            if NOUN_BEFORE.contains(&before.as_str()) || after_verb {
                return;
            }
        }
        cues.push(range.start + start);
    };
    let mut buffer = [0u8; 24];
    if !by_words {
        for (word, idx) in whole_words(verbs, sentence, range.start).unwrap_or_default() {
            if idx >= tables::REPORTING_VERBS.len() {
                // A verb of `attribution/verb-order` only.
                continue;
            }
            let lower = lower_word(&sentence[word.clone()], &mut buffer);
            cue(word.start, word.end, &lower);
        }
    } else {
        for m in WORD.find_iter(sentence) {
            let lower = lower_word(m.as_str(), &mut buffer);
            if is_reporting_verb(&lower, config) {
                cue(m.start(), m.end(), &lower);
            }
        }
    }
    cues
}

/// The literal places of `hits` inside `haystack` (which starts at byte `base` of the
/// text the hits were found in) that are whole words as [`WORD`] cuts `haystack`:
/// (range in `haystack`, list index), in order, one per place (two literals of a list
/// may start at one place, but only one of them can be the whole word; the first listed
/// is kept). `None` when the hits are not complete (the literal scan could not be made).
fn whole_words(
    hits: &LiteralHits,
    haystack: &str,
    base: usize,
) -> Option<Vec<(Range<usize>, usize)>> {
    if !hits.is_complete() {
        return None;
    }
    let mut found: Vec<(Range<usize>, usize)> = Vec::new();
    for (start, end, idx) in hits.spots_in(base..base + haystack.len()) {
        let (start, end) = (start - base, end - base);
        if found.last().is_some_and(|(word, _)| word.start == start)
            || !is_whole_word(haystack, start, end)
        {
            continue;
        }
        found.push((start..end, idx));
    }
    Some(found)
}

/// Whether `text[start..end]` is one whole word as [`WORD`] finds them: not continued by
/// a letter or digit on either side, nor joined to one by an apostrophe or hyphen.
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let joined = |c: char, beyond: Option<char>| {
        is_letter_or_digit_fast(c)
            || (matches!(c, '’' | '\'' | '-') && beyond.is_some_and(is_letter_or_digit_fast))
    };
    let mut before = text[..start].chars().rev();
    let continued_before = before
        .next()
        .is_some_and(|c| joined(c, before.clone().next()));
    let mut after = text[end..].chars();
    let continued_after = after
        .next()
        .is_some_and(|c| joined(c, after.clone().next()));
    !continued_before && !continued_after
}

/// Reporting verbs that are also nouns ("signed false reports", "the calls").
const AMBIGUOUS_NOUNS: &[&str] = &[
    "report",
    "reports",
    "calls",
    "claims",
    "claim",
    "estimates",
    "estimate",
    "forecast",
    "forecasts",
    "shows",
    "show",
    "notes",
    "charges",
    "promises",
    "pledges",
    "findings",
    "projects",
    "states",
    "warning",
    "questions",
    "tweet",
    "tweets",
    "comments",
    "comment",
    "email",
    "emails",
    "rules",
    "lists",
    "dispute",
    "disputes",
    "releases",
    "highlights",
    "stress",
    "fears",
    "hopes",
];

/// Words before a noun: determiners, adjectives of reports, prepositions.
const NOUN_BEFORE: &[&str] = &[
    "the",
    "a",
    "an",
    "false",
    "his",
    "her",
    "its",
    "their",
    "these",
    "those",
    "this",
    "that",
    "news",
    "media",
    "police",
    "annual",
    "several",
    "two",
    "three",
    "many",
    "some",
    "new",
    "such",
    "of",
    "in",
    "on",
    "for",
    "with",
    "and",
    "or",
    "about",
    "earlier",
    "recent",
    "further",
    "fresh",
    "phone",
    "tv",
    "television",
    "our",
    "my",
    "your",
    "no",
    "any",
    "inflated",
    "fake",
];

/// True when the word at `pos` follows a form of "be" (allowing one adverb between).
pub fn is_passive(text: &str, pos: usize) -> bool {
    let prev = word_before(text, pos);
    if BE.contains(&prev.as_str()) {
        return true;
    }
    let is_adverb = prev.ends_with("ly")
        || matches!(
            prev.as_str(),
            "also" | "not" | "now" | "still" | "often" | "long"
        );
    if is_adverb {
        let head = text[..pos].trim_end();
        let prev_start = head.len() - prev.len().min(head.len());
        if head.is_char_boundary(prev_start) {
            let prev2 = word_before(text, prev_start);
            return BE.contains(&prev2.as_str());
        }
    }
    false
}

/// A clause of a sentence.
#[derive(Clone, Debug)]
pub struct Clause {
    /// Block-relative bytes of the clause, trimmed of edge punctuation (a main clause
    /// stops before a nested clause that ends it).
    pub range: Range<usize>,
    /// A non-restrictive relative clause or dash aside.
    pub nested: bool,
    /// Triggers in the clause.
    pub triggers: Vec<TriggerHit>,
    /// A cue inside the clause itself.
    pub has_cue: bool,
    /// Attribution covers the clause (its own cue, the sentence's main cue, or a later
    /// sentence of the paragraph).
    pub covered: bool,
}

impl Clause {
    /// Total trigger weight.
    pub fn weight(&self) -> u32 {
        self.triggers.iter().map(|t| u32::from(t.weight)).sum()
    }
}

/// A sentence with its clauses.
#[derive(Clone, Debug)]
pub struct Sentence {
    /// Block-relative bytes.
    pub range: Range<usize>,
    /// Main and nested clauses, in order of their start.
    pub clauses: Vec<Clause>,
    /// A cue in a main clause.
    pub main_cue: bool,
    /// Ends with a question mark.
    pub question: bool,
    /// Contains a direct quotation.
    pub has_quote: bool,
}

/// Analyses every sentence of one block.
pub fn analyze_block(masked: &str, facts: &BlockFacts, config: &Config) -> Vec<Sentence> {
    let prose = BlockProse::new(masked, &facts.quotes);
    analyze_block_linked(masked, masked, facts, config, &prose)
}

/// [`analyze_block`] with the block's Markdown source (`raw`, the same length as
/// `masked`): a hyperlink in a sentence cites a source, like a reporting verb at the
/// link text. `prose` is the block's [`BlockProse`].
pub fn analyze_block_linked(
    masked: &str,
    raw: &str,
    facts: &BlockFacts,
    config: &Config,
    prose: &BlockProse,
) -> Vec<Sentence> {
    let (text, prefilter) = (&prose.text, &prose.prefilter);
    let raw = if raw.len() == masked.len() {
        raw
    } else {
        masked
    };
    let mut sentences: Vec<Sentence> = facts
        .sentences
        .iter()
        .map(|r| {
            let links = link_positions(raw, r.clone());
            analyze_sentence(masked, text, r.clone(), facts, config, prefilter, &links)
        })
        .collect();
    // Trailing attribution: a later main-clause cue covers earlier sentences. Reported
    // speech also runs on into the next sentence ("He added … The rate was 62%.").
    let mut later_cue = false;
    for i in (0..sentences.len()).rev() {
        let previous_cue = i > 0 && sentences[i - 1].main_cue;
        if later_cue || previous_cue {
            for clause in &mut sentences[i].clauses {
                clause.covered = true;
            }
        }
        later_cue |= sentences[i].main_cue;
    }
    sentences
}

/// Block-relative starts of the hyperlinks in `raw[range]` (outside quotations or not):
/// the `[` of a Markdown link `[text](url)` or the `<` of an HTML `<a href=…>`.
pub fn link_positions(raw: &str, range: Range<usize>) -> Vec<usize> {
    let Some(sentence) = raw.get(range.clone()) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (i, _) in sentence.match_indices("](") {
        if let Some(open) = sentence[..i].rfind('[') {
            found.push(range.start + open);
        }
    }
    for (i, _) in sentence.match_indices("<a ") {
        found.push(range.start + i);
    }
    found.sort_unstable();
    found
}

fn analyze_sentence(
    masked: &str,
    text: &str,
    range: Range<usize>,
    facts: &BlockFacts,
    config: &Config,
    prefilter: &Prefilter,
    links: &[usize],
) -> Sentence {
    let s = &text[range.clone()];
    let question = masked[range.clone()]
        .trim_end_matches(['”', '’', '"', '\'', ')', '*', '_', ' '])
        .ends_with('?');
    let has_quote = facts.in_quote(range.clone());

    // Nested clauses (sentence-relative).
    let mut nested: Vec<Range<usize>> = Vec::new();
    for m in RELATIVE.find_iter(s) {
        let rest = &s[m.end()..];
        let end = rest
            .find([',', ';', '—', '–', '('])
            .map_or(s.len(), |i| m.end() + i);
        nested.push(m.start()..end);
    }
    let dashes: Vec<usize> = s
        .char_indices()
        .filter(|&(_, c)| c == '—' || c == '–')
        .map(|(i, _)| i)
        .collect();
    for pair in dashes.chunks(2) {
        if let [a, b] = pair {
            nested.push(*a..*b);
        }
    }
    nested.sort_by_key(|r| r.start);
    let in_nested = |pos: usize| nested.iter().position(|r| r.start <= pos && pos < r.end);

    // Main-clause boundaries: (end of previous clause, start of next clause).
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for m in COORDINATE.find_iter(s) {
        if in_nested(m.start()).is_some() {
            continue;
        }
        let rest = &s[m.end()..];
        let upto = rest.find([',', ';']).unwrap_or(rest.len());
        if WORD.find_iter(&rest[..upto]).count() >= 4 {
            cuts.push((m.start(), m.end()));
        }
    }

    let mut cue_positions = find_cues_with(text, range.clone(), config, prefilter);
    cue_positions.extend_from_slice(links);
    let mut main_cue = false;
    let mut nested_cue = vec![false; nested.len()];
    for &pos in &cue_positions {
        match in_nested(pos - range.start) {
            Some(i) => nested_cue[i] = true,
            None => main_cue = true,
        }
    }

    let mut clauses: Vec<Clause> = Vec::new();
    let mut start = 0;
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    for &(end, next) in &cuts {
        bounds.push((start, end));
        start = next;
    }
    bounds.push((start, s.len()));
    for (a, z) in bounds {
        // A nested clause running to the clause end cuts the main clause there.
        let mut end = z;
        for r in &nested {
            if r.start >= a && r.start < end && r.end >= z.min(trim_end_pos(s, z)) {
                end = r.start;
            }
        }
        let a = if a == 0 { skip_dateline(s) } else { a };
        let Some(trimmed) = trim(s, a..end.max(a)) else {
            continue;
        };
        clauses.push(Clause {
            range: range.start + trimmed.start..range.start + trimmed.end,
            nested: false,
            triggers: Vec::new(),
            has_cue: false,
            covered: main_cue,
        });
    }
    for (i, r) in nested.iter().enumerate() {
        let Some(trimmed) = trim(s, r.clone()) else {
            continue;
        };
        clauses.push(Clause {
            range: range.start + trimmed.start..range.start + trimmed.end,
            nested: true,
            triggers: Vec::new(),
            has_cue: nested_cue[i],
            covered: main_cue || nested_cue[i],
        });
    }
    clauses.sort_by_key(|c| c.range.start);

    for hit in find_triggers(text, range.clone(), prefilter) {
        let rel = hit.range.start - range.start;
        // A ranking inside a relative clause or an aside describes a noun in passing
        // ("…, who was caught up in the country’s biggest banking scandal"): background,
        // not the sentence's claim.
        if hit.class == ClaimClass::Superlative
            && (in_nested(rel).is_some() || after_relative_who(&s[..rel]))
        {
            continue;
        }
        let target = match in_nested(rel) {
            Some(i) => {
                let r = &nested[i];
                clauses
                    .iter()
                    .position(|c| c.nested && c.range.start >= range.start + r.start)
            }
            None => clauses
                .iter()
                .rposition(|c| !c.nested && c.range.start <= hit.range.start)
                .or_else(|| clauses.iter().position(|c| !c.nested)),
        };
        if let Some(idx) = target {
            clauses[idx].triggers.push(hit);
        }
    }
    for c in clauses.iter_mut().filter(|c| !c.nested) {
        c.has_cue = main_cue;
    }

    Sentence {
        range,
        clauses,
        main_cue,
        question,
        has_quote,
    }
}

/// `head` (a sentence up to a trigger) ends inside a `who`/`whose` relative clause with
/// no comma since: "a minister under Karzai who was caught up in …".
fn after_relative_who(head: &str) -> bool {
    let tail = head.rsplit([',', ';', '—', '–']).next().unwrap_or(head);
    WORD.find_iter(tail)
        .any(|w| matches!(w.as_str(), "who" | "whose"))
}

/// Past a dateline opening the sentence ("EASTON — ", "WASHINGTON (AP) — ").
fn skip_dateline(s: &str) -> usize {
    static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
        crate::re::compile(r"^\s*[\p{Lu}][\p{Lu}.,’' -]+(?:\([^)]*\))?\s*[—–-]{1,2}\s+")
            .expect("valid regex")
    });
    DATELINE.find(s).map_or(0, |m| m.end())
}

/// The end of `s[..end]` without trailing spaces and punctuation.
fn trim_end_pos(s: &str, end: usize) -> usize {
    s[..end]
        .trim_end_matches(|c: char| c.is_whitespace() || ".,;:!?".contains(c))
        .len()
}

/// `range` of `s` without leading/trailing spaces, commas, conjunction punctuation and
/// sentence-final marks. `None` when nothing is left.
fn trim(s: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = &s[range.clone()];
    let lead = slice.len()
        - slice
            .trim_start_matches(|c: char| c.is_whitespace() || ",;:—–".contains(c))
            .len();
    let kept = slice[lead..]
        .trim_end_matches(|c: char| c.is_whitespace() || ",;:.!?—–".contains(c))
        .len();
    (kept > 0).then(|| range.start + lead..range.start + lead + kept)
}

/// The paragraph names a report, study or data set as a source ("The HTTP Archive
/// Report …", "a new study by …") with an attribution cue.
pub fn names_report(unquoted: &str, config: &Config) -> bool {
    static REPORT: LazyLock<Regex> = LazyLock::new(|| {
        crate::re::compile(r"(?i)\b(?:report|study|survey|poll|analysis|census|index|data|figures|research|archive|statistics)\b")
            .expect("valid regex")
    });
    REPORT.is_match(unquoted) && !find_cues(unquoted, 0..unquoted.len(), config).is_empty()
}

static HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"\b(?:[Pp]erhaps|[Mm]aybe|may|[Mm]ight|[Pp]ossibly|[Cc]an|chance)\b")
        .expect("valid regex")
});

/// The clause hedges its claim (`may have`, `perhaps`, `can be`, `a 30% chance`); the
/// month `May` is not a hedge.
pub fn is_hedged(clause: &str) -> bool {
    HEDGE.is_match(clause)
}

/// `The (federal) lawsuit alleges …` at the start of a paragraph: the document is the
/// source of the accusations that follow (spec §C.6).
static LEGAL_FRAME: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(&format!(
        r"(?i)^[\s*_]*the\s+(?:[\p{{L}}\d’'-]+\s+){{0,3}}?(?P<noun>{})\s+(?:also\s+|further\s+)?(?:alleges|alleged|says|said|claims|claimed|contends|contended|states|stated|charges|charged|accuses|accused|asserts|asserted)\b",
        tables::FRAME_DOCUMENTS
    ))
    .expect("valid regex")
});

static FRAME_DOCUMENT: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(&format!(r"(?i)\b(?:{})\b", tables::FRAME_DOCUMENTS)).expect("valid regex")
});

/// The paragraph opens an attribution frame: `The lawsuit alleges …`.
pub fn opens_legal_frame(unquoted: &str) -> bool {
    LEGAL_FRAME.is_match(unquoted)
}

/// The framing document's noun (`lawsuit`) when the paragraph opens a frame.
pub fn frame_noun(unquoted: &str) -> Option<&str> {
    LEGAL_FRAME
        .captures(unquoted)
        .and_then(|c| c.name("noun"))
        .map(|m| m.as_str())
}

/// The paragraph names a framing document (`the complaint`, `the filing`).
pub fn mentions_frame_document(unquoted: &str) -> bool {
    FRAME_DOCUMENT.is_match(unquoted)
}

/// A paragraph of promotional boilerplate (donation appeal, newsletter sign-up) that
/// addresses the reader.
pub fn is_promo(text: &str) -> bool {
    if !PROMO.is_match(text) {
        return false;
    }
    WORD.find_iter(text).any(|w| {
        matches!(
            w.as_str().to_lowercase().as_str(),
            "you" | "your" | "we" | "our" | "us" | "here" | "today"
        )
    }) || WORD.find_iter(text).count() < 25
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The block's one prefilter pass tells the vague- and anonymous-source tables the
    /// same patterns as their own passes did.
    #[test]
    fn the_block_prose_prefilters_the_source_tables_as_their_own_passes() {
        // The shared pass finds what each table's own pass finds.
        for text in [
            "Critics say 12% of voters, one in five, were misled, according to a report.",
            "It is widely believed the biggest ever surge came, officials said [4].",
            "",
        ] {
            let shared = PROSE_LITERALS.literal_hits(text, 7);
            assert_eq!(shared[0], TRIGGERS.1.literal_hits(text, 7), "{text}");
            assert_eq!(shared[1], ALL_CUES.literal_hits(text, 7), "{text}");
        }
        let texts = [
            "Critics say the plan is flawed, according to sources familiar with the talks.",
            "Some experts believe the cuts went too far, a senior official said.",
            "It is widely believed that officials speaking on condition of anonymity knew.",
            "The council voted 7-2 on Tuesday.",
        ];
        let mut any = (false, false);
        for text in texts {
            let prose = BlockProse::new(text, &Quotations::find(text));
            let ids = |list: Vec<(usize, &crate::re::Regex)>| -> Vec<usize> {
                list.into_iter().map(|(idx, _)| idx).collect()
            };
            let weasels = ids(WEASELS.candidates_from(prose.weasels()).collect());
            assert_eq!(
                weasels,
                ids(WEASELS.candidates(&prose.text).collect()),
                "{text}"
            );
            let anonymous = ids(ANONYMOUS.candidates_from(prose.anonymous()).collect());
            assert_eq!(
                anonymous,
                ids(ANONYMOUS.candidates(&prose.text).collect()),
                "{text}"
            );
            any.0 |= !weasels.is_empty();
            any.1 |= !anonymous.is_empty();
        }
        assert!(any.0 && any.1);
    }

    /// The trigger and cue tables searched only where their literals start (each
    /// sentence of a block, literal places from the block's one pass) find what scanning
    /// each sentence finds, for every pattern, on the fixture drafts.
    #[test]
    fn table_searches_at_literal_starts_match_full_scans() {
        let mut matched = 0;
        let drafts =
            crate::test_support::fixture_drafts(&["attribution", "unit", "date", "boilerplate"]);
        for draft in &drafts {
            for text in draft.split("\n\n") {
                let prefilter = Prefilter::new(text);
                for range in crate::analysis::sentences::split(text) {
                    let sentence = &text[range.clone()];
                    for (list, hits) in [
                        (&TRIGGERS.1, &prefilter.triggers),
                        (&*ALL_CUES, &prefilter.cues),
                    ] {
                        for idx in 0..list.len() {
                            let full: Vec<_> = list.get(idx).unwrap().find_iter(sentence).collect();
                            assert_eq!(
                                list.find_in(idx, sentence, range.start, hits),
                                full,
                                "pattern {idx} in {sentence:?}"
                            );
                            matched += full.len();
                        }
                    }
                }
            }
        }
        assert!(matched > 100, "{matched}");
    }

    /// Reporting verbs looked up only where the literal scan found one give the cues
    /// that walking every word gave: on every sentence of the fixture drafts, and on
    /// random texts of verbs glued to letters, apostrophes, hyphens and accents.
    #[test]
    fn verb_cues_from_literal_places_match_the_word_walk() {
        assert!(VERB_WORDS.literal_hits("", 0).is_complete());
        let config = Config::default();
        let check = |text: &str| -> usize {
            let prefilter = Prefilter::new(text);
            let mut found = 0;
            for range in crate::analysis::sentences::split(text)
                .into_iter()
                .chain(std::iter::once(0..text.len()))
            {
                let walk = verb_cues_by(text, range.clone(), &config, &prefilter.verbs, true);
                let literal = verb_cues_by(text, range.clone(), &config, &prefilter.verbs, false);
                assert_eq!(literal, walk, "{:?}", &text[range]);
                found += walk.len();
            }
            found
        };
        let drafts = crate::test_support::fixture_drafts(&[
            "attribution",
            "unit",
            "date",
            "boilerplate",
            "time",
        ]);
        let found: usize = drafts.iter().flat_map(|d| d.split("\n\n")).map(check).sum();
        assert!(found > 100, "{found}");
        let pieces = [
            "said", "Says", "SAID", "told", "calls", "report", "reports", "the", "was", "by", " ",
            " ", ". ", "-", "’", "'", "x", "é", "9", "so", "un", "ed", "ing", ",", "“", "”",
        ];
        let texts = crate::test_support::random_texts(&pieces, 3000, 16, 0x2545_f491_4f6c_dd1d);
        let random: usize = texts.iter().map(|t| check(t)).sum();
        assert!(random > 1000, "{random}");
    }

    fn analyze(text: &str) -> Vec<Sentence> {
        analyze_block(text, &BlockFacts::compute(text), &Config::default())
    }

    fn clause_texts(text: &str) -> Vec<(String, bool, bool, u32)> {
        analyze(text)
            .into_iter()
            .flat_map(|s| s.clauses)
            .map(|c| {
                (
                    text[c.range.clone()].to_string(),
                    c.nested,
                    c.covered,
                    c.weight(),
                )
            })
            .collect()
    }

    #[test]
    fn relative_clause_cue_covers_only_its_clause() {
        let text = "This would likely be a modification of the Kinzhal (Dagger) missile, which Russia says is the first of its kind in the world.";
        let clauses = clause_texts(text);
        assert_eq!(clauses.len(), 2);
        assert_eq!(
            clauses[0].0,
            "This would likely be a modification of the Kinzhal (Dagger) missile"
        );
        assert!(!clauses[0].2 && clauses[0].3 >= 2);
        assert_eq!(
            clauses[1].0,
            "which Russia says is the first of its kind in the world"
        );
        assert!(clauses[1].1 && clauses[1].2);
    }

    #[test]
    fn coordinate_clauses_are_split() {
        let text = "China has the world’s fifth-largest nuclear weapons arsenal, and most of its nuclear and conventional missiles fall within the range prohibited by the treaty.";
        let clauses = clause_texts(text);
        assert_eq!(clauses.len(), 2, "{clauses:?}");
        assert_eq!(
            clauses[0].0,
            "China has the world’s fifth-largest nuclear weapons arsenal"
        );
        assert!(clauses[1].0.starts_with("most of its"));
        assert!(clauses.iter().all(|c| !c.2 && c.3 >= 2));
    }

    #[test]
    fn main_cue_covers_nested_and_trailing_attribution_covers_earlier_sentences() {
        let text = "The Pentagon disputes that the shield, which is designed to stop Iranian missiles, violates the treaty.";
        assert!(clause_texts(text).iter().all(|c| c.2));
        let text = "Sales rose 12% last year. Profit doubled. The figures were released by the company on Monday, its chief executive said.";
        assert!(clause_texts(text).iter().all(|c| c.2));
    }

    #[test]
    fn passive_cue_verbs_do_not_count_and_quotes_are_ignored() {
        let text = "The plant is expected to close by June.";
        let clauses = clause_texts(text);
        assert!(!clauses[0].2 && clauses[0].3 >= 2);
        let text = "He called it “the biggest fraud in history, 90% rigged.”";
        assert!(clause_texts(text).iter().all(|c| c.3 == 0));
    }

    #[test]
    fn ranking_cue_in_relative_clause() {
        let text = "The district, which the state ranks as the worst-performing in the county, hired a new superintendent in June.";
        let clauses = clause_texts(text);
        assert!(clauses.iter().all(|c| c.2 || c.3 < 2), "{clauses:?}");
    }

    #[test]
    fn nouns_that_look_like_verbs_are_not_cues() {
        let text = "The inspector knowingly signed false reports for a decade.";
        let clauses = clause_texts(text);
        assert!(!clauses[0].2 && clauses[0].3 >= 2, "{clauses:?}");
        let text = "The inspector knowingly signed off, the agency reports.";
        assert!(clause_texts(text)[0].2);
    }

    #[test]
    fn configured_verbs_are_cues() {
        let mut config = Config::default();
        config.attribution_verbs.push("opine".into());
        assert!(is_reporting_verb("opined", &config));
        assert!(is_reporting_verb("opining", &config));
        assert!(!is_reporting_verb("opined", &Config::default()));
    }

    #[test]
    fn every_table_pattern_compiles() {
        for list in [&TRIGGERS.1, &*ALL_CUES, &*WEASELS, &*ANONYMOUS] {
            for idx in 0..list.len() {
                assert!(list.get(idx).is_some(), "pattern {idx}");
            }
        }
    }

    #[test]
    fn word_finder_matches_the_word_pattern() {
        let re = crate::re::Regex::new(r"[\p{L}\p{N}]+(?:[’'\-][\p{L}\p{N}]+)*").unwrap();
        for text in [
            "Moscow’s so-called “plan” -- 3.5% rise, rock'n'roll ’90s don't- -x x- a--b",
            "Zoë Müller’s naïve café—São Paulo; 東京 2024-25 '’ ’' end’",
            "",
            "   ",
            "a",
        ] {
            let expected: Vec<(usize, usize)> =
                re.find_iter(text).map(|m| (m.start(), m.end())).collect();
            let found: Vec<(usize, usize)> =
                WORD.find_iter(text).map(|m| (m.start(), m.end())).collect();
            assert_eq!(found, expected, "{text}");
        }
        // Random strings over letters, digits, joiners and other characters, ASCII or not.
        let alphabet: Vec<char> = "aZ09 -'’.,éß東😀\n\u{2013}_Ⅻ٣".chars().collect();
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..12 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            let expected: Vec<(usize, usize)> =
                re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            let found: Vec<(usize, usize)> = WORD
                .find_iter(&text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn word_helpers() {
        assert_eq!(word_before("pleaded guilty of", 8), "pleaded");
        assert_eq!(word_after("most of its life", 11), "life");
        assert!(is_passive("it is widely believed", 15));
        assert!(!is_passive("experts believed", 8));
    }
}
