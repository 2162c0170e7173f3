//! How every regex in copydesk is compiled.
//!
//! Word boundaries (`\b`, `\B`) are made ASCII (`(?-u:\b)`). A Unicode word boundary
//! cannot be decided by the `regex` crate's lazy DFA once the text holds a non-ASCII
//! byte, and news copy is full of them (curly quotes, dashes, accented names): every
//! search then falls back to the PikeVM or the backtracker, several times slower, and
//! compiling the Unicode look-around tables makes start-up slower too. With ASCII
//! boundaries the DFA runs every search.
//!
//! The one difference: an accented letter counts as a non-word character, so a pattern
//! word glued to one (`\bor\b` in "señor") can match. The rule patterns are English
//! words and numbers, and the corpus check behind this choice found no finding that
//! changed (see ARCHITECTURE.md, "Regexes").
//!
//! Digits (`\d`) are ASCII `[0-9]` too. Unicode `\d` holds some 70 ranges of digits from
//! other scripts; repeated in a pattern it multiplied the automata, and the lazy-DFA
//! caches of every thread with them (8 MB of the server's memory at start-up). English
//! copy writes its figures in ASCII digits; the corpus findings did not change.

use regex_automata::meta;
use regex_automata::util::captures::Captures as Slots;
use regex_automata::util::iter::Searcher;
use regex_automata::{Anchored, Input};
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Compiles `pattern` with ASCII word boundaries.
pub fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&narrow_pattern(pattern))
}

/// A compiled regex, searched like `regex::Regex` (same engine, same configuration but no
/// literal prefilter and a smaller lazy-DFA cache, same results), whose search caches
/// copydesk owns.
///
/// The regex crate keeps a pool of caches inside every regex, one per thread that used
/// it, for the life of the regex; for the rule patterns (static, so forever) the lazy
/// DFAs in those caches grow to some 25 MB on the server's two engine threads. Here each
/// thread keeps its caches in a thread-local table instead, and [`release_caches`] drops
/// the calling thread's: the server does that on every engine thread when it goes quiet.
/// A search after that builds a fresh cache (slower until the lazy DFA has seen some
/// text again); results never change.
pub struct Regex {
    meta: meta::Regex,
    /// Slot of this regex in every thread's cache table (reused after the regex is
    /// dropped: a regex built for one call, such as a front-matter key, must not grow
    /// the tables for ever).
    id: usize,
    /// Never reused: tells this regex's cache from one a dropped regex left in a slot.
    uid: u64,
}

/// Next never-used slot in the per-thread cache tables.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);
/// Slots of dropped regexes, free for reuse.
static FREE_IDS: std::sync::Mutex<Vec<usize>> = std::sync::Mutex::new(Vec::new());
/// Next regex identity.
static NEXT_UID: AtomicU64 = AtomicU64::new(0);

/// A thread's cache for the regex with identity `.0`.
type Slot = Option<(u64, Box<meta::Cache>)>;

thread_local! {
    /// This thread's search cache for each regex, by [`Regex::id`]. A slot is empty while
    /// a search on this thread has its cache out (a nested search of the same regex then
    /// builds its own) and after [`release_caches`]; it may hold the cache of a dropped
    /// regex whose slot was reused, which the identity check throws away.
    static CACHES: RefCell<Vec<Slot>> = const { RefCell::new(Vec::new()) };
}

/// Drops every regex search cache of the calling thread (the memory goes back to the
/// allocator). Searches in progress keep theirs until they end.
pub fn release_caches() {
    let _ = CACHES.try_with(|caches| {
        if let Ok(mut caches) = caches.try_borrow_mut() {
            *caches = Vec::new();
        }
    });
}

/// Drops the calling thread's regex search caches that hold more than `limit` bytes (the
/// ones a long text grew), keeping the rest warm. Searches in progress keep theirs.
pub fn trim_caches(limit: usize) {
    let _ = CACHES.try_with(|caches| {
        if let Ok(mut caches) = caches.try_borrow_mut() {
            for slot in caches.iter_mut() {
                if slot
                    .as_ref()
                    .is_some_and(|(_, cache)| cache.memory_usage() > limit)
                {
                    *slot = None;
                }
            }
        }
    });
}

/// Bytes held by the calling thread's regex search caches.
pub fn cache_memory() -> usize {
    CACHES
        .try_with(|caches| {
            caches.try_borrow().map_or(0, |caches| {
                caches
                    .iter()
                    .flatten()
                    .map(|(_, cache)| cache.memory_usage())
                    .sum()
            })
        })
        .unwrap_or(0)
}

/// A cache taken out of the calling thread's table; goes back (to the table of the
/// thread that drops it) when dropped.
struct CacheGuard<'r> {
    regex: &'r Regex,
    cache: Option<Box<meta::Cache>>,
}

#[cfg(test)]
thread_local! {
    /// Caches this thread has built (tests check which searches build one).
    static BUILT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl CacheGuard<'_> {
    fn cache(&mut self) -> &mut meta::Cache {
        self.cache.get_or_insert_with(|| {
            #[cfg(test)]
            BUILT.with(|built| built.set(built.get() + 1));
            Box::new(self.regex.meta.create_cache())
        })
    }
}

impl Drop for CacheGuard<'_> {
    fn drop(&mut self) {
        let Some(cache) = self.cache.take() else {
            return;
        };
        let (id, uid) = (self.regex.id, self.regex.uid);
        let _ = CACHES.try_with(|caches| {
            if let Ok(mut caches) = caches.try_borrow_mut() {
                if caches.len() <= id {
                    caches.resize_with(id + 1, || None);
                }
                let slot = &mut caches[id];
                if slot.as_ref().is_none_or(|(owner, _)| *owner != uid) {
                    *slot = Some((uid, cache));
                }
            }
        });
    }
}

impl Drop for Regex {
    fn drop(&mut self) {
        // This thread's cache goes now; other threads' when the slot is reused or their
        // caches are released.
        let _ = CACHES.try_with(|caches| {
            if let Ok(mut caches) = caches.try_borrow_mut() {
                if let Some(slot) = caches.get_mut(self.id) {
                    if slot.as_ref().is_some_and(|(owner, _)| *owner == self.uid) {
                        *slot = None;
                    }
                }
            }
        });
        FREE_IDS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(self.id);
    }
}

/// Room for each lazy DFA's states, per regex and thread (the regex crate allows 2 MB).
/// A DFA that fills it starts again from empty, which the rule patterns rarely do on
/// copy: with 2 MB the server's caches grew to 16.4 MB on the two engine threads after a
/// 1 MB draft, with 256 KB to 13.0 MB, `check` of 1 MB the same (0.174 and 0.171 s) and a
/// keystroke in it 6.9 and 7.3 ms. At 128 KB `check` took 12% longer.
const LAZY_DFA_CACHE: usize = 256 * 1024;

impl Regex {
    /// Compiles `pattern` as `regex::Regex::new` does (leftmost-first, UTF-8, the same
    /// NFA size limit), without changing its word boundaries (see [`compile`]); its lazy
    /// DFA gets [`LAZY_DFA_CACHE`] of room, and it has no literal prefilter.
    ///
    /// The regex crate puts a prefilter (Teddy or Aho-Corasick over the literals a match
    /// must start with) in front of the automata. It pays off on long haystacks; the rule
    /// patterns search a block or a sentence at a time, where the lazy DFA alone is as
    /// fast, and a case-insensitive word list gives hundreds of literals: the prefilters
    /// held 1.1 of the 5.7 MB the compiled patterns take (`(?i)\b(?:one|two|…|half)\b`
    /// alone 241 KB). Without them `check` took as long (1 MB real draft 0.185 s against
    /// 0.190, 60 KB 0.048 against 0.055), keystrokes as long, and the server's RSS was
    /// 1.3 to 1.8 MB lower.
    pub fn new(pattern: &str) -> Result<Regex, regex::Error> {
        let config = meta::Config::new()
            .nfa_size_limit(Some(10 * (1 << 20)))
            .hybrid_cache_capacity(LAZY_DFA_CACHE)
            .auto_prefilter(false)
            .match_kind(regex_automata::MatchKind::LeftmostFirst)
            .utf8_empty(true);
        let meta = meta::Builder::new()
            .configure(config)
            .syntax(regex_automata::util::syntax::Config::new().utf8(true))
            .build(pattern)
            .map_err(|error| match error.size_limit() {
                Some(limit) => regex::Error::CompiledTooBig(limit),
                None => regex::Error::Syntax(error.to_string()),
            })?;
        let reused = FREE_IDS.lock().unwrap_or_else(|e| e.into_inner()).pop();
        Ok(Regex {
            meta,
            id: reused.unwrap_or_else(|| NEXT_ID.fetch_add(1, Ordering::Relaxed)),
            uid: NEXT_UID.fetch_add(1, Ordering::Relaxed),
        })
    }

    fn guard(&self) -> CacheGuard<'_> {
        let cache = CACHES
            .try_with(|caches| {
                let mut caches = caches.try_borrow_mut().ok()?;
                match caches.get_mut(self.id)?.take()? {
                    (owner, cache) if owner == self.uid => Some(cache),
                    // Left by a dropped regex that had this slot: never searched with.
                    _ => None,
                }
            })
            .ok()
            .flatten();
        CacheGuard { regex: self, cache }
    }

    /// Whether the regex matches anywhere in `haystack`.
    pub fn is_match(&self, haystack: &str) -> bool {
        let input = Input::new(haystack).earliest(true);
        self.meta
            .search_half_with(self.guard().cache(), &input)
            .is_some()
    }

    /// The leftmost-first match in `haystack`.
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.find_at(haystack, 0)
    }

    /// The leftmost-first match in `haystack` starting at or after `start` (look-around
    /// sees the text before `start`).
    pub fn find_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Match<'h>> {
        let input = Input::new(haystack).span(start..haystack.len());
        self.meta
            .search_with(self.guard().cache(), &input)
            .map(|m| Match::new(haystack, m.start(), m.end()))
    }

    /// The matches [`Regex::find_iter`] gives in `haystack` for a regex whose every match
    /// starts at one of `starts` (ascending byte offsets; repeats allowed) and is not
    /// empty: an anchored search at each start not inside the previous match (look-around
    /// sees the whole haystack), so the text between the starts is never scanned.
    pub fn find_at_starts<'h>(
        &self,
        haystack: &'h str,
        starts: impl IntoIterator<Item = usize>,
    ) -> Vec<Match<'h>> {
        let mut guard = self.guard();
        let mut found = Vec::new();
        let mut next = 0;
        for start in starts {
            if start < next || start > haystack.len() {
                continue;
            }
            let input = Input::new(haystack)
                .span(start..haystack.len())
                .anchored(Anchored::Yes);
            if let Some(m) = self.meta.search_with(guard.cache(), &input) {
                // Matches do not overlap: the next starts at or after this one's end.
                next = m.end().max(start + 1);
                found.push(Match::new(haystack, m.start(), m.end()));
            }
        }
        found
    }

    /// Every successive non-overlapping match in `haystack`.
    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> Matches<'r, 'h> {
        Matches {
            haystack,
            guard: self.guard(),
            searcher: Searcher::new(Input::new(haystack)),
        }
    }

    /// The capture groups of the leftmost-first match in `haystack`.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        let mut slots = self.meta.create_captures();
        self.meta
            .search_captures_with(self.guard().cache(), &Input::new(haystack), &mut slots);
        slots.is_match().then_some(Captures { haystack, slots })
    }

    /// The capture groups of every successive non-overlapping match in `haystack`.
    pub fn captures_iter<'r, 'h>(&'r self, haystack: &'h str) -> CaptureMatches<'r, 'h> {
        CaptureMatches {
            haystack,
            slots: self.meta.create_captures(),
            guard: self.guard(),
            searcher: Searcher::new(Input::new(haystack)),
        }
    }
}

impl std::fmt::Debug for Regex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Regex").field("id", &self.id).finish()
    }
}

/// One match: byte offsets into the haystack and the text matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    fn new(haystack: &'h str, start: usize, end: usize) -> Match<'h> {
        Match {
            haystack,
            start,
            end,
        }
    }

    /// Byte offset where the match starts.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Byte offset just past the match.
    pub fn end(&self) -> usize {
        self.end
    }

    /// `start()..end()`.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Length of the match in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for an empty match.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text matched.
    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
}

/// The capture groups of one match (group 0 is the whole match).
#[derive(Clone, Debug)]
pub struct Captures<'h> {
    haystack: &'h str,
    slots: Slots,
}

impl<'h> Captures<'h> {
    /// Group `i`, if it took part in the match.
    pub fn get(&self, i: usize) -> Option<Match<'h>> {
        self.slots
            .get_group(i)
            .map(|span| Match::new(self.haystack, span.start, span.end))
    }

    /// The group named `name`, if the pattern has it and it took part in the match.
    pub fn name(&self, name: &str) -> Option<Match<'h>> {
        self.slots
            .get_group_by_name(name)
            .map(|span| Match::new(self.haystack, span.start, span.end))
    }

    /// The whole match.
    pub fn get_match(&self) -> Match<'h> {
        self.get(0).expect("a Captures value always holds a match")
    }

    /// Number of groups in the pattern, group 0 included.
    pub fn len(&self) -> usize {
        self.slots.group_len()
    }

    /// Never true: there is always group 0.
    pub fn is_empty(&self) -> bool {
        false
    }
}

impl<'h> std::ops::Index<usize> for Captures<'h> {
    type Output = str;

    /// The text of group `i`; panics if it did not take part (as `regex` does).
    fn index(&self, i: usize) -> &str {
        self.get(i)
            .map(|m| m.as_str())
            .unwrap_or_else(|| panic!("no group at index '{i}'"))
    }
}

impl<'h, 'n> std::ops::Index<&'n str> for Captures<'h> {
    type Output = str;

    /// The text of the group named `name`; panics if it did not take part.
    fn index(&self, name: &'n str) -> &str {
        self.name(name)
            .map(|m| m.as_str())
            .unwrap_or_else(|| panic!("no group named '{name}'"))
    }
}

/// Iterator over the matches of [`Regex::find_iter`].
pub struct Matches<'r, 'h> {
    haystack: &'h str,
    guard: CacheGuard<'r>,
    searcher: Searcher<'h>,
}

impl<'h> Iterator for Matches<'_, 'h> {
    type Item = Match<'h>;

    fn next(&mut self) -> Option<Match<'h>> {
        let meta = &self.guard.regex.meta;
        let cache = self.guard.cache();
        let m = self
            .searcher
            .advance(|input| Ok(meta.search_with(cache, input)))?;
        Some(Match::new(self.haystack, m.start(), m.end()))
    }
}

/// Iterator over the matches of [`Regex::captures_iter`].
pub struct CaptureMatches<'r, 'h> {
    haystack: &'h str,
    slots: Slots,
    guard: CacheGuard<'r>,
    searcher: Searcher<'h>,
}

impl<'h> Iterator for CaptureMatches<'_, 'h> {
    type Item = Captures<'h>;

    fn next(&mut self) -> Option<Captures<'h>> {
        let meta = &self.guard.regex.meta;
        let cache = self.guard.cache();
        let slots = &mut self.slots;
        self.searcher.advance(|input| {
            meta.search_captures_with(cache, input, slots);
            Ok(slots.get_match())
        })?;
        Some(Captures {
            haystack: self.haystack,
            slots: self.slots.clone(),
        })
    }
}

/// Regexes asked one after another over the same text (a table of trigger or cue
/// patterns), with a literal prefilter: one Aho-Corasick pass over the text tells which
/// patterns can match at all, so the others are never run. A pattern whose matches need
/// not start (or end) with a known literal is always run.
pub struct RegexList {
    /// The patterns as given (`narrow_pattern` is applied when compiling).
    patterns: Vec<String>,
    /// Each pattern compiled on first use: a short draft runs few of them, and compiling
    /// a table of Unicode-aware patterns up front costs more than checking the draft.
    regexes: Vec<std::sync::OnceLock<Option<Regex>>>,
    /// This list's own prefilter (a [`SharedPrefilter`] of it alone), built on first use:
    /// a list searched only through a prefilter shared with other lists never builds one.
    literals: std::sync::OnceLock<SharedPrefilter>,
    /// Pattern index of each literal, parallel to `needles`.
    owner: Vec<usize>,
    /// The lower-cased required literals of every prefiltered pattern.
    needles: Vec<Vec<u8>>,
    /// Patterns without a usable literal set.
    always: Vec<usize>,
    /// Patterns whose every match starts with one of their literals (searched only where
    /// one does: [`RegexList::find_in`]).
    starts_with_literal: Vec<bool>,
    /// For a list made by [`RegexList::part_of`]: the list whose compiled patterns this
    /// one uses, and where its patterns start there.
    whole: Option<(&'static RegexList, usize)>,
}

/// More literals than this for one pattern and it is simply always run.
const MAX_LITERALS: usize = 300;

impl RegexList {
    /// Compiles every pattern (with ASCII word boundaries) and derives its literals.
    pub fn new<I, S>(patterns: I) -> Result<RegexList, regex::Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut texts = Vec::new();
        let mut needles: Vec<Vec<u8>> = Vec::new();
        let mut owner = Vec::new();
        let mut always = Vec::new();
        let mut starts_with_literal = Vec::new();
        for (idx, pattern) in patterns.into_iter().enumerate() {
            let pattern = pattern.as_ref();
            // Syntax errors surface here; compiling waits until the pattern is needed.
            regex_syntax::ParserBuilder::new()
                .build()
                .parse(&narrow_pattern(pattern))
                .map_err(|e| regex::Error::Syntax(e.to_string()))?;
            texts.push(pattern.to_string());
            match required_literals(pattern) {
                Some((literals, place)) => {
                    for literal in literals {
                        needles.push(literal);
                        owner.push(idx);
                    }
                    starts_with_literal.push(place == LiteralPlace::Start);
                }
                None => {
                    always.push(idx);
                    starts_with_literal.push(false);
                }
            }
        }
        let regexes = texts.iter().map(|_| std::sync::OnceLock::new()).collect();
        if needles.is_empty() {
            always = (0..texts.len()).collect();
        }
        Ok(RegexList {
            patterns: texts,
            regexes,
            literals: std::sync::OnceLock::new(),
            owner,
            needles,
            always,
            starts_with_literal,
            whole: None,
        })
    }

    /// A list of plain words (matched whole or in part, ASCII case ignored), each its own
    /// literal: built without parsing a pattern per word. A word shorter than the
    /// shortest literal, or with a non-ASCII letter, is always run.
    pub fn from_words(words: &[&str]) -> RegexList {
        let mut list = RegexList {
            patterns: Vec::new(),
            regexes: Vec::new(),
            literals: std::sync::OnceLock::new(),
            owner: Vec::new(),
            needles: Vec::new(),
            always: Vec::new(),
            starts_with_literal: Vec::new(),
            whole: None,
        };
        for (idx, word) in words.iter().enumerate() {
            list.patterns.push(format!("(?i){}", regex::escape(word)));
            list.regexes.push(std::sync::OnceLock::new());
            if usable_literal(word) {
                list.needles.push(word.to_ascii_lowercase().into_bytes());
                list.owner.push(idx);
                list.starts_with_literal.push(true);
            } else {
                list.always.push(idx);
                list.starts_with_literal.push(false);
            }
        }
        list
    }

    /// The patterns `range` of `whole` as a list of their own (indexes from 0, its own
    /// literal prefilter) that searches with `whole`'s compiled regexes: a table that is
    /// also part of a larger list is compiled, and its search caches kept, once.
    pub fn part_of(
        whole: &'static RegexList,
        range: std::ops::Range<usize>,
    ) -> Result<RegexList, regex::Error> {
        let mut part = RegexList::new(&whole.patterns[range.clone()])?;
        part.whole = Some((whole, range.start));
        Ok(part)
    }

    /// Number of patterns.
    pub fn len(&self) -> usize {
        self.regexes.len()
    }

    /// True when there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.regexes.is_empty()
    }

    /// Pattern `idx`, compiled on first use; `None` if it cannot be compiled (a size
    /// limit: the syntax was checked by [`RegexList::new`]), and then it never matches.
    pub fn get(&self, idx: usize) -> Option<&Regex> {
        if let Some((whole, start)) = self.whole {
            return if idx < self.regexes.len() {
                whole.get(start + idx)
            } else {
                None
            };
        }
        self.regexes
            .get(idx)?
            .get_or_init(|| compile(&self.patterns[idx]).ok())
            .as_ref()
    }

    /// For each pattern, whether it may match somewhere in `haystack` (false only when
    /// it certainly cannot).
    pub fn present(&self, haystack: &str) -> Vec<bool> {
        self.literal_hits(haystack, 0).present()
    }

    /// Where the literals of this list's patterns occur in `haystack` (one pass), to ask
    /// which patterns may match in any stretch of it ([`LiteralHits::present_in`]):
    /// a block's sentences each run only the patterns whose literals they hold, not
    /// every pattern whose literal is somewhere in the block. `base` is added to every
    /// offset (the haystack's place in a longer text whose offsets are asked about).
    pub fn literal_hits(&self, haystack: &str, base: usize) -> LiteralHits {
        self.literals
            .get_or_init(|| SharedPrefilter::new(&[self]))
            .literal_hits(haystack, base)
            .pop()
            .unwrap_or_else(|| LiteralHits::everything(self.regexes.len()))
    }

    /// Every successive non-overlapping match of pattern `idx` in `haystack`, as
    /// `get(idx).find_iter(haystack)` gives them; `hits` are this list's literal places
    /// in a text where `haystack` starts at byte `base` ([`RegexList::literal_hits`] or a
    /// [`SharedPrefilter`] pass over the whole text).
    ///
    /// A pattern whose every match starts with one of its literals is tried only where
    /// one of them starts inside `haystack`, anchored there ([`Regex::find_at_starts`]),
    /// instead of scanning the whole haystack: the same matches (a match starts with a
    /// literal wholly inside the haystack, and the prefilter found every occurrence), and
    /// the search needs no reverse automaton to find where a match starts.
    pub fn find_in<'h>(
        &self,
        idx: usize,
        haystack: &'h str,
        base: usize,
        hits: &LiteralHits,
    ) -> Vec<Match<'h>> {
        let Some(re) = self.get(idx) else {
            return Vec::new();
        };
        if self.starts_with_literal.get(idx) == Some(&true) && !hits.always_runs(idx) {
            re.find_at_starts(haystack, hits.starts_in(base..base + haystack.len(), idx))
        } else {
            re.find_iter(haystack).collect()
        }
    }

    /// The patterns that may match in `haystack`, in table order, with their index.
    pub fn candidates(&self, haystack: &str) -> impl Iterator<Item = (usize, &Regex)> {
        let present = self.present(haystack);
        (0..self.regexes.len())
            .filter(move |&idx| present[idx])
            .filter_map(|idx| Some((idx, self.get(idx)?)))
    }

    /// [`RegexList::candidates`] from a [`RegexList::present`] already computed (for
    /// this list's patterns, or a superset of the text: a pattern run needlessly finds
    /// nothing).
    pub fn candidates_from<'a>(
        &'a self,
        present: &'a [bool],
    ) -> impl Iterator<Item = (usize, &'a Regex)> + 'a {
        (0..self.regexes.len())
            .filter(move |&idx| present.get(idx).copied().unwrap_or(true))
            .filter_map(|idx| Some((idx, self.get(idx)?)))
    }
}

/// The automaton over a list's literals (ASCII case ignored), if there are any.
fn literal_automaton(needles: &[Vec<u8>]) -> Option<aho_corasick::AhoCorasick> {
    if needles.is_empty() {
        return None;
    }
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(needles)
        .ok()
}

/// One literal pass over a text for several [`RegexList`]s searched over the same text:
/// their literals in one automaton, each hit credited to its list's pattern. A block's
/// prose was scanned once for the claim triggers and again for the attribution cues.
pub struct SharedPrefilter {
    literals: Option<aho_corasick::AhoCorasick>,
    /// The automaton could not be built: every pattern must be run.
    failed: bool,
    /// (list, pattern) of each literal, parallel to the automaton's pattern ids.
    owner: Vec<(usize, usize)>,
    /// Each list's number of patterns and always-run patterns.
    lists: Vec<(usize, Vec<usize>)>,
}

impl SharedPrefilter {
    /// The prefilter of `lists`, in that order.
    pub fn new(lists: &[&RegexList]) -> SharedPrefilter {
        let mut needles = Vec::new();
        let mut owner = Vec::new();
        for (which, list) in lists.iter().enumerate() {
            for (needle, &idx) in list.needles.iter().zip(&list.owner) {
                needles.push(needle.clone());
                owner.push((which, idx));
            }
        }
        let literals = literal_automaton(&needles);
        SharedPrefilter {
            failed: literals.is_none() && !needles.is_empty(),
            literals,
            owner,
            lists: lists
                .iter()
                .map(|list| (list.len(), list.always.clone()))
                .collect(),
        }
    }

    /// For each list, what its [`RegexList::literal_hits`] gives on `haystack`.
    pub fn literal_hits(&self, haystack: &str, base: usize) -> Vec<LiteralHits> {
        if self.failed {
            return self
                .lists
                .iter()
                .map(|(len, _)| LiteralHits::everything(*len))
                .collect();
        }
        let mut spots: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); self.lists.len()];
        if let Some(ac) = &self.literals {
            for m in ac.find_overlapping_iter(haystack) {
                let (which, idx) = self.owner[m.pattern().as_usize()];
                spots[which].push((base + m.start(), base + m.end(), idx));
            }
        }
        self.lists
            .iter()
            .zip(spots)
            .map(|((len, always), mut spots)| {
                spots.sort_unstable();
                spots.dedup();
                LiteralHits {
                    len: *len,
                    always: always.clone(),
                    spots,
                }
            })
            .collect()
    }
}

/// The literal occurrences a [`RegexList`] found in a text ([`RegexList::literal_hits`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LiteralHits {
    /// Number of patterns in the list.
    len: usize,
    /// Patterns without literals (always run).
    always: Vec<usize>,
    /// (start, end, pattern) of every literal occurrence, sorted.
    spots: Vec<(usize, usize, usize)>,
}

impl LiteralHits {
    /// Hits that rule no pattern out (of a list of `len` patterns).
    fn everything(len: usize) -> LiteralHits {
        LiteralHits {
            len,
            always: (0..len).collect(),
            spots: Vec::new(),
        }
    }

    /// Every literal occurrence wholly inside `range`: (start, end, pattern), in order.
    /// Only complete when [`LiteralHits::is_complete`].
    pub fn spots_in(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        let first = self.spots.partition_point(|&(at, _, _)| at < range.start);
        self.spots[first..]
            .iter()
            .take_while(move |&&(at, _, _)| at < range.end)
            .filter(move |&&(_, end, _)| end <= range.end)
            .copied()
    }

    /// Whether every pattern has its literal occurrences here (none is always run, as
    /// when the automaton could not be built), so [`LiteralHits::spots_in`] lists every
    /// place a match can start or end at.
    pub fn is_complete(&self) -> bool {
        self.always.is_empty()
    }

    /// Whether pattern `idx` has no literals to go by (it is always run).
    fn always_runs(&self, idx: usize) -> bool {
        self.always.binary_search(&idx).is_ok()
    }

    /// Where the literals of pattern `idx` that lie wholly inside `range` start,
    /// relative to `range.start`, ascending (a place twice when two literals start there).
    fn starts_in(
        &self,
        range: std::ops::Range<usize>,
        idx: usize,
    ) -> impl Iterator<Item = usize> + '_ {
        let from = range.start;
        self.spots_in(range)
            .filter(move |&(_, _, pattern)| pattern == idx)
            .map(move |(at, _, _)| at - from)
    }

    /// For each pattern, whether it may match somewhere in the whole text (as
    /// [`RegexList::present`]).
    pub fn present(&self) -> Vec<bool> {
        self.present_in(0..usize::MAX)
    }

    /// For each pattern, whether it may match in the stretch `range` of the text
    /// searched on its own (false only when it certainly cannot: every match holds one
    /// of the pattern's literals, and none lies inside the stretch).
    pub fn present_in(&self, range: std::ops::Range<usize>) -> Vec<bool> {
        let mut present = vec![false; self.len];
        for &idx in &self.always {
            present[idx] = true;
        }
        let first = self.spots.partition_point(|&(at, _, _)| at < range.start);
        for &(at, end, idx) in &self.spots[first..] {
            if at >= range.end {
                break;
            }
            if end <= range.end {
                present[idx] = true;
            }
        }
        present
    }
}

/// Lower-cased literals one of which every match of `pattern` starts or ends with
/// (ignoring case), whichever set has the longer shortest literal; `None` when neither
/// is a finite set of literals of at least [`MIN_LITERAL`] bytes (then the pattern is
/// always run: a needle like `a` would fire on every other word).
pub(crate) fn required_literals(pattern: &str) -> Option<(Vec<Vec<u8>>, LiteralPlace)> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    // Case is handled by lower-casing and a case-insensitive search, so parse without
    // `(?i)`: case-folded literal sets grow past any useful size.
    let plain = pattern.replace("(?i)", "").replace("(?i:", "(?:");
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&narrow_pattern(&plain))
        .ok()?;
    let usable = |kind: ExtractKind| -> Option<Vec<Vec<u8>>> {
        let seq = Extractor::new().kind(kind).extract(&hir);
        let literals = seq.literals()?;
        if literals.is_empty() || literals.len() > MAX_LITERALS {
            return None;
        }
        let mut out = Vec::with_capacity(literals.len());
        for literal in literals {
            let text = std::str::from_utf8(literal.as_bytes()).ok()?;
            if !usable_literal(text) {
                return None;
            }
            out.push(text.to_ascii_lowercase().into_bytes());
        }
        Some(out)
    };
    let shortest = |set: &Vec<Vec<u8>>| set.iter().map(Vec::len).min().unwrap_or(0);
    match (usable(ExtractKind::Prefix), usable(ExtractKind::Suffix)) {
        (Some(p), Some(s)) if shortest(&s) > shortest(&p) => Some((s, LiteralPlace::End)),
        (Some(p), _) => Some((p, LiteralPlace::Start)),
        (None, s) => s.map(|s| (s, LiteralPlace::End)),
    }
}

/// Where a pattern's required literals ([`required_literals`]) sit in its matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LiteralPlace {
    /// Every match starts with one of them.
    Start,
    /// Every match ends with one of them.
    End,
}

/// Shortest literal worth searching for.
const MIN_LITERAL: usize = 3;

/// Whether `literal` can stand for a pattern in the prefilter: long enough, and with no
/// cased letter outside ASCII (only ASCII letters are matched case-insensitively, so
/// such a literal could miss a differently cased match).
fn usable_literal(literal: &str) -> bool {
    literal.len() >= MIN_LITERAL && !literal.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
}

/// The letters that `\w`, `\p{..}` and their negations stand for in copydesk's
/// patterns: the scripts written in one or two UTF-8 bytes up to Cyrillic (Latin with
/// its extensions and the spacing modifiers such as the Hawaiian ʻokina, combining
/// accents, Greek, Cyrillic), and Latin and Greek Extended (Vietnamese, polytonic
/// Greek). See [`narrow_pattern`].
pub const LETTER_SCRIPTS: &str = r"\x00-\u{52F}\u{1E00}-\u{1FFF}";

/// `pattern` as copydesk compiles it:
///
/// - every `\b` and `\B` outside a character class turned into its ASCII form;
/// - every `\d` into `[0-9]` (`0-9` inside a class);
/// - every `\w`, `\p{X}` and `\pX` into that class within [`LETTER_SCRIPTS`]
///   (`[\w&&[…]]`), and `\W`, `\P{X}` into the complement of that (`[^\w&&[…]]`).
///
/// The full Unicode classes hold hundreds of ranges of three- and four-byte characters
/// (CJK, Indic, Hangul…); each range is states in the compiled automata and in the lazy
/// DFAs' caches on every engine thread. The rule patterns look for English words, names
/// and figures: on the corpus the findings did not change, and the compiled patterns
/// took 1.9 MB less memory, their caches 1 MB less per engine thread.
///
/// Escaped backslashes (`\\b`) are left alone.
pub fn narrow_pattern(pattern: &str) -> Cow<'_, str> {
    if !["\\b", "\\B", "\\d", "\\w", "\\W", "\\p", "\\P"]
        .iter()
        .any(|escape| pattern.contains(escape))
    {
        return Cow::Borrowed(pattern);
    }
    let mut out = String::with_capacity(pattern.len() + 64);
    let mut chars = pattern.chars().peekable();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push(c);
                    break;
                };
                match next {
                    'b' | 'B' if class_depth == 0 => {
                        out.push_str("(?-u:\\");
                        out.push(next);
                        out.push(')');
                    }
                    'd' => out.push_str(if class_depth == 0 { "[0-9]" } else { "0-9" }),
                    'w' | 'W' | 'p' | 'P' => {
                        let negated = next.is_ascii_uppercase();
                        let mut class = String::from("\\");
                        class.push(next.to_ascii_lowercase());
                        if next != 'w' && next != 'W' {
                            // `\p{Name}` or the one-letter `\pL`.
                            match chars.next() {
                                Some('{') => {
                                    class.push('{');
                                    for c in chars.by_ref() {
                                        class.push(c);
                                        if c == '}' {
                                            break;
                                        }
                                    }
                                }
                                Some(letter) => class.push(letter),
                                None => {}
                            }
                        }
                        out.push_str(if negated { "[^" } else { "[" });
                        out.push_str(&class);
                        out.push_str("&&[");
                        out.push_str(LETTER_SCRIPTS);
                        out.push_str("]]");
                    }
                    _ => {
                        out.push(c);
                        out.push(next);
                    }
                }
            }
            '[' => {
                class_depth += 1;
                out.push(c);
                // A `]` or `^]` right after the opening bracket is a literal.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_become_ascii_outside_classes_only() {
        assert_eq!(narrow_pattern(r"(?i)\bsaid\b"), r"(?i)(?-u:\b)said(?-u:\b)");
        assert_eq!(narrow_pattern(r"\Bx[\b]\\b"), r"(?-u:\B)x[\b]\\b");
        assert_eq!(narrow_pattern(r"[]\b]\b"), r"[]\b](?-u:\b)");
        assert_eq!(narrow_pattern(r"[^]a]\b"), r"[^]a](?-u:\b)");
        assert!(matches!(narrow_pattern("plain"), Cow::Borrowed(_)));
        assert_eq!(narrow_pattern(r"\d+[\d,.]\\d"), r"[0-9]+[0-9,.]\\d");
        let digits = compile(r"^\d+$").unwrap();
        assert!(digits.is_match("2025"));
        assert!(
            !digits.is_match("٢٠٢٥"),
            "Arabic-Indic digits are not figures here"
        );
    }

    #[test]
    fn letter_classes_keep_to_the_scripts_of_quoted_names() {
        let scripts = LETTER_SCRIPTS;
        assert_eq!(
            narrow_pattern(r"\w+\W[\p{L}0-9]\pL\P{Lu}\\w"),
            format!(
                "[\\w&&[{scripts}]]+[^\\w&&[{scripts}]][[\\p{{L}}&&[{scripts}]]0-9]\
                 [\\pL&&[{scripts}]][^\\p{{Lu}}&&[{scripts}]]\\\\w"
            )
        );
        let word = compile(r"^\w+$").unwrap();
        for name in [
            "Zürich",
            "Łódź",
            "Hawaiʻi",
            "Việt",
            "Ελλάδα",
            "Москва",
            "naïve",
            "co2",
        ] {
            assert!(word.is_match(name), "{name} is a word");
        }
        for other in ["東京", "서울", "दिल्ली", "a b", "—"] {
            assert!(!word.is_match(other), "{other} is not a word here");
        }
        let capital = compile(r"^\p{Lu}\p{L}+$").unwrap();
        assert!(capital.is_match("Érik") && capital.is_match("Šimon"));
        assert!(!capital.is_match("érik"));
        let not_word = compile(r"^\W$").unwrap();
        assert!(not_word.is_match("—") && not_word.is_match("東"));
        assert!(!not_word.is_match("ß"));
        // Negated inside a negated class: neither a letter nor a digit.
        let other = compile(r"^[^\p{L}\d]$").unwrap();
        assert!(other.is_match("!") && other.is_match("東"));
        assert!(!other.is_match("é") && !other.is_match("7"));
    }

    #[test]
    fn a_part_of_a_list_searches_with_the_lists_compiled_regexes() {
        static WHOLE: std::sync::LazyLock<RegexList> = std::sync::LazyLock::new(|| {
            RegexList::new([
                r"(?i)\bofficials said\b",
                r"(?i)\bcritics say\b",
                r"(?i)\breportedly\b",
                r"(?i)\bsources told\b",
            ])
            .unwrap()
        });
        let part = RegexList::part_of(&WHOLE, 1..3).unwrap();
        assert_eq!(part.len(), 2);
        // Indexes from 0; the regexes are the whole list's own (same cache slot).
        assert_eq!(part.get(0).unwrap().id, WHOLE.get(1).unwrap().id);
        assert_eq!(part.get(1).unwrap().id, WHOLE.get(2).unwrap().id);
        assert!(part.get(2).is_none());
        let text = "Critics say it was reportedly late; officials said so.";
        assert_eq!(part.present(text), vec![true, true]);
        let found: Vec<usize> = part.candidates(text).map(|(idx, _)| idx).collect();
        assert_eq!(found, vec![0, 1]);
        assert_eq!(part.present("Sources told us."), vec![false, false]);
    }

    /// Table-like patterns: literals at the start, at the end (the fourth), and none
    /// usable (the third: `%` is too short).
    const SOURCE_PATTERNS: [&str; 5] = [
        r"(?i)\b(?:critics|experts) (?:say|said|warn)\b",
        r"(?i)\bit is (?:widely )?believed\b",
        r"(?i)\b\d+(?:\.\d+)?\s?%",
        r"(?i)[\p{L}]+ sources said",
        r"(?i)\bU\.S\. officials\b",
    ];

    #[test]
    fn regex_list_prefilter_never_hides_a_match() {
        let patterns = SOURCE_PATTERNS;
        let list = RegexList::new(patterns).unwrap();
        let text = "EXPERTS WARN of floods. Palace sources said 5%. It Is Widely Believed. u.s. officials.";
        assert_eq!(list.present(text), vec![true; 5]);
        for (idx, re) in list.candidates(text) {
            assert!(re.is_match(text), "pattern {idx}");
        }
        // Absent literals rule a pattern out (by prefix or, for the fourth, by suffix);
        // a pattern with no usable literal (`%` is too short) is always run.
        assert_eq!(
            list.present("The council met on Monday."),
            vec![false, false, true, false, false]
        );
        // On any text, every pattern that matches is reported present.
        for text in [
            "Critics say the plan fails.",
            "it is believed that",
            "“Critics said” no.",
            "the U.S. officials",
            "Rebel sources said.",
            "up 4.5 % on the year",
        ] {
            let present = list.present(text);
            for (idx, re) in patterns.iter().enumerate() {
                if compile(re).unwrap().is_match(text) {
                    assert!(present[idx], "{re} on {text}");
                }
            }
        }
    }

    /// The literal places of a text give, for any stretch of it, every pattern that
    /// matches there when the stretch is searched on its own, and for the whole text what
    /// `present` gives.
    #[test]
    fn literal_hits_answer_for_every_stretch_of_the_text() {
        let patterns = SOURCE_PATTERNS;
        let list = RegexList::new(patterns).unwrap();
        let text = "Critics say the plan fails. It is believed that U.S. officials knew. \
                    Rebel sources said 5% of EXPERTS WARN. The council met.";
        let hits = list.literal_hits(text, 0);
        assert_eq!(hits.present(), list.present(text));
        let sentences: Vec<std::ops::Range<usize>> = {
            let mut out = Vec::new();
            let mut start = 0;
            for (at, _) in text.match_indices(". ") {
                out.push(start..at + 1);
                start = at + 2;
            }
            out.push(start..text.len());
            out
        };
        let mut ruled_out = 0;
        for range in sentences {
            let present = hits.present_in(range.clone());
            for (idx, re) in patterns.iter().enumerate() {
                if compile(re).unwrap().is_match(&text[range.clone()]) {
                    assert!(present[idx], "{re} in {:?}", &text[range.clone()]);
                } else if !present[idx] {
                    ruled_out += 1;
                }
            }
            // The same answer from hits found in the stretch alone, placed by `base` (the
            // split after "U.S." leaves the literal `u.s. officials` running over the end
            // of a stretch: not counted in it).
            let own = list.literal_hits(&text[range.clone()], range.start);
            assert_eq!(own.present_in(range.clone()), present);
        }
        // Patterns whose literals are elsewhere in the text are ruled out per stretch.
        assert!(ruled_out >= 10, "{ruled_out}");
        // The last sentence has no literal: only the always-run pattern is left.
        let last = text.rfind("The council").unwrap();
        assert_eq!(
            hits.present_in(last..text.len()),
            vec![false, false, true, false, false]
        );
    }

    /// A pattern searched only where its literals start finds what a scan of the whole
    /// stretch finds, for stretches anywhere in a text (literal places from one pass over
    /// the text, as the claim analysis asks for each sentence of a block).
    #[test]
    fn searching_only_at_literal_starts_finds_what_a_full_scan_finds() {
        let patterns = [
            // Starts with a literal (several, one inside another; repeats back to back).
            r"(?i)\b(?:bigg|biggest|large|largest)\w*\b",
            r"(?i)\bthe (?:most|least) \w+",
            r"(?i)aaa(?:aa)?",
            // Ends with a literal, and one with none (always run).
            r"(?i)\w+ sources said",
            r"(?i)\b\d+(?:\.\d+)?\s?%",
        ];
        let list = RegexList::new(patterns).unwrap();
        assert_eq!(
            list.starts_with_literal,
            vec![true, true, true, false, false]
        );
        let words = [
            "the", "most", "least", "biggest", "bigger", "largest", "Large", "sources", "said",
            "aaaaaaa", "aaa", "12%", "4.5 %", "team", "Zoë", "café", "-", ",", ".", "THE", "MOST",
            "Biggest",
        ];
        let mut rng = crate::test_support::XorShift::new(0x9e37_79b9_7f4a_7c15);
        let mut next = |n: usize| rng.below(n);
        let mut checked = 0;
        for _ in 0..300 {
            let text: Vec<&str> = (0..40).map(|_| words[next(words.len())]).collect();
            let text = text.join(if next(3) == 0 { "" } else { " " });
            let hits = list.literal_hits(&text, 0);
            for _ in 0..8 {
                let mut a = next(text.len() + 1);
                let mut b = next(text.len() + 1);
                if a > b {
                    std::mem::swap(&mut a, &mut b);
                }
                while !text.is_char_boundary(a) {
                    a -= 1;
                }
                while !text.is_char_boundary(b) {
                    b += 1;
                }
                let stretch = &text[a..b];
                for (idx, pattern) in patterns.iter().enumerate() {
                    let full: Vec<(usize, usize)> = list
                        .get(idx)
                        .unwrap()
                        .find_iter(stretch)
                        .map(|m| (m.start(), m.end()))
                        .collect();
                    let found: Vec<(usize, usize)> = list
                        .find_in(idx, stretch, a, &hits)
                        .iter()
                        .map(|m| (m.start(), m.end()))
                        .collect();
                    assert_eq!(found, full, "{pattern} in {stretch:?}");
                    checked += full.len();
                }
            }
        }
        assert!(checked > 1000, "{checked}");
        // Without a prefilter (the automaton could not be built) every pattern is
        // scanned in full.
        let everything = LiteralHits::everything(patterns.len());
        let text = "The most biggest aaa 5% team sources said";
        for idx in 0..patterns.len() {
            assert_eq!(
                list.find_in(idx, text, 0, &everything),
                list.get(idx).unwrap().find_iter(text).collect::<Vec<_>>()
            );
        }
    }

    /// A word list built without parsing has the literals and places parsing gives.
    #[test]
    fn a_word_list_finds_what_the_parsed_list_finds() {
        let words = ["said", "Says", "to", "café", "a.m.", "told"];
        let fast = RegexList::from_words(&words);
        let parsed =
            RegexList::new(words.iter().map(|w| format!("(?i){}", regex::escape(w)))).unwrap();
        assert_eq!(fast.starts_with_literal, parsed.starts_with_literal);
        assert_eq!(fast.always, parsed.always);
        let text = "He SAID, she says: to a.m. Told café, said.";
        assert_eq!(fast.literal_hits(text, 3), parsed.literal_hits(text, 3));
        for idx in 0..words.len() {
            assert_eq!(
                fast.find_in(idx, text, 0, &fast.literal_hits(text, 0)),
                parsed.get(idx).unwrap().find_iter(text).collect::<Vec<_>>()
            );
        }
    }

    /// The wrapper answers exactly as `regex::Regex` on the same pattern.
    #[test]
    fn a_lazy_dfa_that_outgrows_its_room_still_answers_as_the_regex_crate_does() {
        // A case-insensitive alternation followed by a bounded run of a large class makes
        // a new DFA state for nearly every position of varied text: over 300 KB of it the
        // states need far more than LAZY_DFA_CACHE, so the cache is cleared and refilled
        // many times during the search.
        let pattern = r"(?i)\b(?:largest|biggest|oldest|most \w+)[^.;,]{0,40}?\b(?:ever|on record|in (?:the )?(?:[\w’'.-]+ ){0,2}history)";
        let words = [
            "the", "largest", "ever", "city", "biggest", "on", "record", "in", "its", "long",
            "history", "most", "famous", "oldest", "café", "Zoë", "said", "of", "a", "team",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut text = String::new();
        while text.len() < 300_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(words[(state % words.len() as u64) as usize]);
            text.push_str(match state >> 60 {
                0 => ". ",
                1 => ", ",
                _ => " ",
            });
        }
        let ours = Regex::new(pattern).unwrap();
        let theirs = regex::Regex::new(pattern).unwrap();
        let a: Vec<_> = ours.find_iter(&text).map(|m| m.range()).collect();
        let b: Vec<_> = theirs.find_iter(&text).map(|m| m.range()).collect();
        assert!(a.len() > 1000, "{} matches", a.len());
        assert_eq!(a, b);
        // The room is bounded (with 8 MB allowed, this search held 9.9 MB of cache).
        assert!(cache_memory() < 2 << 20, "{} bytes", cache_memory());
    }

    #[test]
    fn searches_answer_as_the_regex_crate_does() {
        let patterns = [
            r"(?i)\b(?:said|says)\b",
            r"(?P<n>[0-9]+)(?:\.(?P<frac>[0-9]+))?\s?(?P<unit>km|miles?)?",
            r"",
            r"x*",
            r"(?m)^\s*$",
            r"[\p{L}’'-]+",
            r"(a)|(b)",
        ];
        let texts = [
            "",
            "“We won,” said Zoë Müller, who says 6.5 km — or 4 miles.",
            "aé\n\n  \nb€x",
            "bab xx ☃ 12 miles, 3.25km",
        ];
        for pattern in patterns {
            let ours = Regex::new(pattern).unwrap();
            let theirs = regex::Regex::new(pattern).unwrap();
            for text in texts {
                assert_eq!(ours.is_match(text), theirs.is_match(text), "{pattern:?}");
                let a: Vec<_> = ours.find_iter(text).map(|m| m.range()).collect();
                let b: Vec<_> = theirs.find_iter(text).map(|m| m.range()).collect();
                assert_eq!(a, b, "{pattern:?} on {text:?}");
                for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    assert_eq!(
                        ours.find_at(text, start).map(|m| m.range()),
                        theirs.find_at(text, start).map(|m| m.range()),
                    );
                }
                let groups = |c: &Captures<'_>| -> Vec<Option<std::ops::Range<usize>>> {
                    (0..c.len()).map(|i| c.get(i).map(|m| m.range())).collect()
                };
                let theirs_groups =
                    |c: &regex::Captures<'_>| -> Vec<Option<std::ops::Range<usize>>> {
                        (0..c.len()).map(|i| c.get(i).map(|m| m.range())).collect()
                    };
                assert_eq!(
                    ours.captures(text).map(|c| groups(&c)),
                    theirs.captures(text).map(|c| theirs_groups(&c))
                );
                let a: Vec<_> = ours.captures_iter(text).map(|c| groups(&c)).collect();
                let b: Vec<_> = theirs
                    .captures_iter(text)
                    .map(|c| theirs_groups(&c))
                    .collect();
                assert_eq!(a, b, "{pattern:?} on {text:?}");
            }
        }
        let re = Regex::new(r"(?P<n>[0-9]+) (?P<unit>km|miles)").unwrap();
        let caps = re.captures("ran 12 km").unwrap();
        assert_eq!((&caps["n"], &caps[2]), ("12", "km"));
        assert_eq!(caps.name("unit").map(|m| m.start()), Some(7));
        assert!(caps.name("none").is_none());
    }

    /// A search inside an iteration of the same regex (its cache is out) still answers,
    /// and dropping the caches changes no answer.
    #[test]
    fn caches_are_per_thread_and_can_be_dropped() {
        let re = compile(r"(?i)\b(?:critics|officials) (?:say|said)\b").unwrap();
        let text = "Critics say no. Officials said yes. critics said maybe.";
        let mut nested = 0;
        for m in re.find_iter(text) {
            assert!(re.is_match(m.as_str()));
            nested += re.find_iter(&text[m.start()..]).count();
        }
        assert_eq!(nested, 3 + 2 + 1);
        assert!(
            cache_memory() > 0,
            "the cache went back to the thread's table"
        );
        release_caches();
        assert_eq!(cache_memory(), 0);
        assert_eq!(re.find_iter(text).count(), 3);
        assert!(cache_memory() > 0);
        // Another thread builds its own cache and leaves this one alone.
        let before = cache_memory();
        std::thread::scope(|s| {
            s.spawn(|| {
                assert_eq!(cache_memory(), 0);
                assert_eq!(re.find_iter(text).count(), 3);
                assert!(cache_memory() > 0);
                release_caches();
            });
        });
        assert_eq!(cache_memory(), before);
    }

    /// Trimming drops the caches a long search grew and keeps the small ones warm; no
    /// answer changes.
    #[test]
    fn trimming_drops_only_the_caches_over_the_limit() {
        release_caches();
        let wide = compile(r"(?i)\b(?:most|least) [\p{L}’'-]+(?: [\p{L}’'-]+){0,3} (?:ever|yet)\b")
            .unwrap();
        let narrow = compile(r"\bsaid\b").unwrap();
        let mut text = String::new();
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        while text.len() < 100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let word: String = (0..3 + state % 6)
                .map(|i| {
                    ['a', 'é', 'ß', 'o', 'n', 'ř', 't', 'ü'][((state >> (i * 3)) % 8) as usize]
                })
                .collect();
            text.push_str(if state.is_multiple_of(9) { "most " } else { "" });
            text.push_str(&word);
            text.push_str(if state.is_multiple_of(7) {
                " ever. "
            } else {
                " "
            });
        }
        let wide_matches = wide.find_iter(&text).count();
        assert!(wide_matches > 10, "{wide_matches}");
        assert!(narrow.is_match("he said so"));
        let grown = |re: &Regex| {
            CACHES.with(|caches| {
                caches.borrow()[re.id]
                    .as_ref()
                    .map(|(_, cache)| cache.memory_usage())
            })
        };
        let (big, small) = (grown(&wide).unwrap(), grown(&narrow).unwrap());
        assert!(big > 4 * small, "{big} vs {small}");
        trim_caches((big + small) / 2);
        assert_eq!(grown(&wide), None, "the grown cache goes");
        assert_eq!(grown(&narrow), Some(small), "the small one stays");
        assert_eq!(wide.find_iter(&text).count(), wide_matches);
        assert!(narrow.is_match("he said so"));
    }

    /// The owner of the calling thread's cache in slot `id`.
    fn slot(id: usize) -> Option<u64> {
        CACHES.with(|caches| Some(caches.borrow().get(id)?.as_ref()?.0))
    }

    /// Regexes built for one call (a front-matter key) give their slot back: the tables
    /// do not grow with every call, and a cache a dropped regex left on another thread
    /// is never used for the regex that takes its slot.
    #[test]
    fn dropped_regexes_give_back_their_slot_and_leave_no_cache_behind() {
        let before = NEXT_ID.load(Ordering::Relaxed);
        for n in 0..500 {
            let re = compile(&format!(r"\bkey{n}\b")).unwrap();
            assert!(re.is_match(&format!("a key{n} here")));
        }
        // Other tests may build their first regexes meanwhile, never 500.
        assert!(NEXT_ID.load(Ordering::Relaxed) - before < 100);

        let (to_worker, jobs) = std::sync::mpsc::channel::<Box<dyn FnOnce() + Send>>();
        let worker = std::thread::spawn(move || {
            for job in jobs {
                job();
            }
        });
        let run = |job: Box<dyn FnOnce() + Send>| {
            let (done, wait) = std::sync::mpsc::channel();
            to_worker
                .send(Box::new(move || {
                    job();
                    done.send(()).unwrap();
                }))
                .unwrap();
            wait.recv().unwrap();
        };
        let mut reused = 0;
        for n in 0..50 {
            // The worker thread keeps a cache for `first`, dropped here on this thread.
            let first = std::sync::Arc::new(compile(&format!("x{n}+")).unwrap());
            let (id, first_uid) = (first.id, first.uid);
            let used = std::sync::Arc::clone(&first);
            run(Box::new(move || {
                assert_eq!(used.find_iter(&format!("x{n} q x{n}")).count(), 2);
                assert_eq!(slot(id), Some(first_uid));
            }));
            drop(first);
            let second = std::sync::Arc::new(compile(r"y+").unwrap());
            if second.id != id {
                continue; // another test took the slot meanwhile
            }
            reused += 1;
            let used = std::sync::Arc::clone(&second);
            run(Box::new(move || {
                assert_eq!(
                    slot(id),
                    Some(first_uid),
                    "the dropped regex's cache is there"
                );
                let built = BUILT.with(|b| b.get());
                let found: Vec<_> = used.find_iter("yy x y").map(|m| m.range()).collect();
                assert_eq!(found, vec![0..2, 5..6]);
                assert_eq!(
                    BUILT.with(|b| b.get()),
                    built + 1,
                    "searched with a cache of its own, not the stale one"
                );
                assert_eq!(slot(id), Some(used.uid));
            }));
        }
        assert!(reused > 0);
        drop(to_worker);
        worker.join().unwrap();
    }

    #[test]
    fn compiled_patterns_match_like_unicode_ones_on_news_text() {
        let re = compile(r"(?i)\b(?:said|says)\b").unwrap();
        let text = "“We won,” said Zoë Müller, who says the vote — 6-3 — stands.";
        let found: Vec<&str> = re.find_iter(text).map(|m| m.as_str()).collect();
        assert_eq!(found, vec!["said", "says"]);
        assert!(!re.is_match("unsaid resaid sayso"));
    }
}
