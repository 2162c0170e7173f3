//! Keeping the server's memory in proportion to what the writer is working on.
//!
//! An open draft's per-block cache (block findings, facts and the document rules'
//! per-block values) is what makes an edit cost a few blocks instead of the whole draft;
//! it holds about 14 bytes per byte of text. A writer types in one or two drafts at a
//! time, while an editor may hold dozens open. So:
//!
//! - **Warm drafts.** The caches of the [`WARM_DRAFTS`] drafts opened or edited most
//!   recently are kept. Any other draft gives its cache up after each analysis (a re-check
//!   because a shared paragraph changed elsewhere, say); its text, version and last
//!   findings stay, so code actions and hover work as before. The first edit in a cold
//!   draft analyses it in full (the cost of opening it) and warms it again.
//! - **Returning freed memory.** glibc keeps memory freed by the analysis threads in its
//!   arenas, where it counts as resident. When the server has been quiet for
//!   [`QUIET_MS`] (a pause in typing), `malloc_trim` hands it back to the system; and the
//!   server uses as many arenas as it has engine threads, plus one ([`limit_arenas`]).
//!   Blocks of [`MMAP_THRESHOLD`] bytes and more (a long draft's text, block list and
//!   published message, made anew at every keystroke) get their own mappings, which go
//!   back to the system as soon as they are freed ([`map_large_allocations`]), until a
//!   draft of [`LONG_DRAFT_BYTES`] opens ([`fit_allocator_to`]).
//! - **Regex caches.** The engine threads' regex search caches grow with the text they
//!   have searched. In the block pass of a long analysis each thread drops its caches
//!   over [`TRIMMED_CACHE`] after every [`PASS_TRIM_BYTES`] of text
//!   ([`trim_during_pass`], `crate::re::trim_caches`); between the passes, after an
//!   analysis of many blocks (opening a long draft, a paste, a re-check) and when the
//!   server has been quiet for [`TRIM_MS`], those over [`QUIET_TRIMMED_CACHE`], keeping
//!   the small ones, which are what the next keystroke needs. After [`IDLE_MS`] without
//!   an analysis they drop all of them (`crate::re::release_caches`); the next analysis
//!   builds them again.
//! - **Document-rule states.** After [`IDLE_MS`] too, every open draft's block cache
//!   drops the document rules' saved states (`BlockCache::drop_document_states`: the
//!   near-duplicate index, the columns that follow the edit), which the next analysis
//!   rebuilds from the cached blocks.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use tower_lsp::lsp_types::Url;

/// Drafts whose block caches are kept between analyses.
pub const WARM_DRAFTS: usize = 8;

/// Quiet time after the last analysis before freed memory is returned to the system.
/// Each keystroke's analysis leaves some garbage in the allocator's arenas (the text
/// snapshot, the parse, the published message: megabytes for a long draft); typing a
/// word into a real 1 MB draft with 300 ms between keystrokes, the server's RSS right
/// after the last one was 48.5 MB with this pause and 55.2 MB with a 1 s one. Returning
/// the memory takes 1 to 2 ms on a blocking thread; the next keystroke's analysis was as
/// fast (60 KB: 2.3 ms median against 2.1).
pub const QUIET_MS: u64 = 250;

/// Quiet time after the last analysis before the regex search caches over
/// [`QUIET_TRIMMED_CACHE`] are dropped (with the freed memory returned again). Not at every
/// pause in typing: a keystroke after a trim rebuilds what it needs of them, and with
/// the trim at 250 ms a keystroke into a 60 KB draft after a 300 ms pause took 2.9 ms
/// instead of 2.1.
pub const TRIM_MS: u64 = 1_000;
const _: () = assert!(TRIM_MS > QUIET_MS, "the trim comes after the first return");

/// Quiet time after the last analysis before the engine threads drop their regex search
/// caches (see `crate::re`). The caches are a fifth to a third of the server's memory
/// (about 13 MB after the start-up warm-up, 20 MB after a 1 MB draft), and they are what
/// makes a warm analysis fast: a 60 KB draft opened right after they were dropped took
/// 26 ms instead of 15, a first keystroke 3.5 ms instead of 2.1. So they go only when the
/// writer has stepped away, not at every pause in typing.
///
/// The open drafts' document-rule states go at the same time (the near-duplicate index
/// is most of them: some 5 MB for a 1 MB draft). With one real 1 MB draft open the
/// server then idles at 36 MB instead of 42; the first keystroke after it rebuilds them
/// from the cached blocks: 30 ms instead of 17 at 1 MB, 6.7 instead of 4.1 at 60 KB
/// (the keystroke after that is back to normal).
pub const IDLE_MS: u64 = 30_000;
const _: () = assert!(IDLE_MS > TRIM_MS, "the caches go after the trim");

/// Room a regex search cache may keep during the block pass of a long analysis (see
/// [`PASS_TRIM_BYTES`] and `crate::re::trim_caches`); between the passes and after the
/// analysis, [`QUIET_TRIMMED_CACHE`]. (Until session 11 the caches were trimmed to this
/// size after a big analysis too, and until session 16 between the passes; the figures
/// below are from then.)
/// After opening a 1 MB draft the two engine threads held 13.1 MB of caches; trimmed at
/// 64 KB, 4.1 MB (27 of 139 patterns went). With the freed memory returned to the
/// system at the same time, the server's RSS after opening a real 1 MB draft went from
/// 64 to 51 MB and after 40 keystrokes in it from 69 to 62 MB; the analyses of those
/// keystrokes took as long as before (they search a paragraph or two, and a dropped cache
/// is soon rebuilt). Opening a 60 KB draft right after took 12.0 ms instead of 9.0.
pub const TRIMMED_CACHE: usize = 64 * 1024;

/// Room a regex search cache may keep once the server has been quiet for [`TRIM_MS`]: less
/// than after a big analysis, which is often followed by another (the next draft opened),
/// while after a pause in typing the next analysis is a keystroke's, which rebuilds only
/// the few caches a paragraph needs. With one real 1 MB draft open and a keystroke after
/// every 1.2 s pause, the server's RSS was 40.8 MB with 16 KB and 42.9 MB with 32 KB
/// (44.0 with 64 KB), and the keystroke took 8.6 ms instead of 7.7 (7.5); in a 60 KB
/// draft 23.2 MB instead of 24.7 (26.8) and 3.3 ms as with 64 KB.
pub const QUIET_TRIMMED_CACHE: usize = 16 * 1024;
const _: () = assert!(QUIET_TRIMMED_CACHE <= TRIMMED_CACHE);

/// An analysis of at least this many blocks trims the regex caches after it, to
/// [`QUIET_TRIMMED_CACHE`]: the keystrokes that follow search a paragraph each and
/// rebuild only the few small caches that needs. With a real 1 MB draft open, the
/// server's RSS while typing in it was 42.1 MB with the trim at [`TRIMMED_CACHE`] and
/// 39.3 with this one (generated 1 MB draft: 41.8 and 39.4), keystrokes as fast (10.1
/// ms, 6.3-6.6 ms), and a 60 KB draft opened half a second after the 1 MB one as fast
/// (35 and 36 ms, medians of six runs, noisy).
///
/// A story-length draft is not big: after a 60 KB draft (160 blocks) opened, the trim made
/// the first keystroke 2.6-2.8 ms against 1.0-1.1 for the next ones (the caches the
/// paragraph needed were rebuilt), the slowest keystrokes of a session; without it the
/// caches it grew are trimmed when the writer pauses ([`TRIM_MS`]). Until session 16 this
/// was 128 blocks.
pub const BIG_ANALYSIS_BLOCKS: usize = 512;

/// An analysis whose block pass read at least this many bytes of new text trims the
/// regex caches (to [`QUIET_TRIMMED_CACHE`]) and returns the freed memory before its
/// document rules run, not only after it is published. The block pass leaves the caches
/// of both engine threads at their fullest, and the document rules (the near-duplicate
/// index above all) then allocate their own few megabytes on top: opening a real 1 MB
/// draft, the server's peak RSS was 54.6 MB at that moment, and 45 MB with the trim in
/// between (to [`TRIMMED_CACHE`], session 11). In session 16, with the trim during the
/// pass too ([`PASS_TRIM_BYTES`]), the peak came while the document rules ran: 40.3 MB
/// (generated 1 MB draft: 39.8) trimming to 64 KB here, 37.0 (35.0) to 16 KB, the open
/// as fast.
pub const MID_TRIM_BYTES: usize = 256 * 1024;

/// In the block pass of a long analysis (on several threads), each engine thread drops
/// its regex caches over [`TRIMMED_CACHE`] after analysing this much text. The lazy DFAs
/// of the busiest patterns grow as a pass goes on, on both threads at once, and were what
/// set the server's peak while a real 1 MB draft opened. Peak RSS and median time to
/// publication (10-12 opens each, same run, with the trim between the passes at
/// [`QUIET_TRIMMED_CACHE`]): without this trim 39.8 MB, 111-113 ms; every 256 KB 37.6-38.0
/// MB, 121-124 ms; every 128 KB 37.0 MB, 124-131 ms (the dropped DFAs are rebuilt for the
/// next paragraphs). The generated 1 MB draft peaks in its document rules instead (36 MB).
pub const PASS_TRIM_BYTES: usize = 256 * 1024;

thread_local! {
    /// Text this engine thread has analysed in long block passes since it last trimmed
    /// its regex caches.
    static PASSED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Notes that the calling engine thread analysed a block of `bytes` in a long block
/// pass, and trims its regex caches after every [`PASS_TRIM_BYTES`] (the server's
/// `LintEnv::during_pass`).
pub fn trim_during_pass(bytes: usize) {
    let passed = PASSED.with(|passed| {
        let now = passed.get().saturating_add(bytes);
        passed.set(if now >= PASS_TRIM_BYTES { 0 } else { now });
        now
    });
    if passed >= PASS_TRIM_BYTES {
        crate::re::trim_caches(TRIMMED_CACHE);
    }
}

/// The drafts opened or edited most recently, most recent first.
#[derive(Default)]
pub struct Recent {
    order: Mutex<VecDeque<Url>>,
}

impl Recent {
    /// Marks `uri` as the draft used last. Returns the draft that stopped being warm
    /// because of it, if any.
    pub fn touch(&self, uri: &Url) -> Option<Url> {
        let mut order = self.lock();
        if order.front() == Some(uri) {
            return None;
        }
        if let Some(at) = order.iter().position(|u| u == uri) {
            order.remove(at);
        }
        order.push_front(uri.clone());
        if order.len() > WARM_DRAFTS {
            order.pop_back()
        } else {
            None
        }
    }

    /// Whether `uri` keeps its cache.
    pub fn is_warm(&self, uri: &Url) -> bool {
        self.lock().contains(uri)
    }

    /// Forgets a closed draft.
    pub fn remove(&self, uri: &Url) {
        self.lock().retain(|u| u != uri);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Url>> {
        // The list is valid after any panic mid-update (each step leaves a list).
        self.order.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Counts analyses, so a timer can tell whether the server stayed quiet.
#[derive(Default)]
pub struct Activity {
    count: AtomicU64,
}

impl Activity {
    /// Records an analysis; returns the new count.
    pub fn bump(&self) -> u64 {
        self.count.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// True if nothing was recorded since `seen` was returned by [`Activity::bump`].
    pub fn still(&self, seen: u64) -> bool {
        self.count.load(Ordering::SeqCst) == seen
    }
}

/// Caps glibc's malloc arenas at one per engine worker thread plus one for the rest.
/// glibc gives a thread its own arena when others are busy, up to eight per core: the
/// server's runtime, blocking and engine threads then each keep their own free memory,
/// and a hundred open drafts cost a fifth more resident memory. Call before the threads
/// start. Returns whether the limit was set (false where the allocator has no such
/// setting).
pub fn limit_arenas(workers: usize) -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let arenas = i32::try_from(workers.saturating_add(1)).unwrap_or(i32::MAX);
        // SAFETY: mallopt only changes an allocator setting; it has no preconditions.
        unsafe { libc::mallopt(libc::M_ARENA_MAX, arenas) == 1 }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        let _ = workers;
        false
    }
}

/// Size from which an allocation gets a mapping of its own (returned to the system when
/// freed), until the server analyses a draft of [`LONG_DRAFT_BYTES`] or more. glibc's
/// own threshold starts at 128 KB but rises to the size of each large block freed (up
/// to 32 MB), after which a long draft's per-keystroke copies (its text, block list,
/// line index and published message) come from the arenas instead, and keystrokes typed
/// back to back leave them behind there as garbage faster than it is reused. Typing 40
/// letters back to back into a real 1 MB draft: RSS after the last one 49.8 MB with
/// glibc's moving threshold, 42.5-42.9 MB with this one (45.9 with 1 MB, 43.2 with
/// 512 KB), the keystroke 6.2-6.7 ms instead of 5.4 (mapping and faulting in fresh
/// pages). A 60 KB draft's keystrokes allocate nothing this large.
pub const MMAP_THRESHOLD: usize = 256 * 1024;

/// Draft length from which large allocations come from the arenas again (the mapping
/// threshold goes up to glibc's maximum, 32 MB, for the rest of the session): a
/// keystroke in a 10 MB draft allocates some 23 MB in large blocks, and faulting them
/// in afresh took it from 28.8 to 40.8 ms.
pub const LONG_DRAFT_BYTES: usize = 2 << 20;

/// The mapping threshold with a draft of [`LONG_DRAFT_BYTES`] open (glibc's maximum).
const LONG_DRAFT_MMAP_THRESHOLD: usize = 32 << 20;

/// Whether the mapping threshold was raised for a long draft.
static RAISED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Fixes the allocator's mapping threshold at [`MMAP_THRESHOLD`] (glibc's `mallopt`).
/// Returns whether it was set; elsewhere it does nothing and returns false.
pub fn map_large_allocations() -> bool {
    set_mmap_threshold(MMAP_THRESHOLD)
}

/// Raises the mapping threshold (once) when a draft of `len` bytes is at least
/// [`LONG_DRAFT_BYTES`] long. Returns whether this call raised it.
pub fn fit_allocator_to(len: usize) -> bool {
    len >= LONG_DRAFT_BYTES
        && !RAISED.swap(true, Ordering::Relaxed)
        && set_mmap_threshold(LONG_DRAFT_MMAP_THRESHOLD)
}

/// Sets the mapping threshold, and the trim threshold to twice it (what glibc's moving
/// threshold does: once the mapping threshold is set by hand, the trim threshold stays
/// at 128 KB, and the arenas would give back and fault in again a long draft's
/// per-keystroke blocks at every keystroke).
fn set_mmap_threshold(bytes: usize) -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let threshold = i32::try_from(bytes).unwrap_or(i32::MAX);
        let trim = threshold.saturating_mul(2);
        // SAFETY: mallopt only changes allocator settings; it has no preconditions.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, threshold) == 1
                && libc::mallopt(libc::M_TRIM_THRESHOLD, trim) == 1
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        let _ = bytes;
        false
    }
}

/// Returns memory freed by earlier work to the system, where the allocator can (glibc's
/// `malloc_trim`, which also releases free pages inside every thread's arena). Returns
/// whether any memory was released; elsewhere it does nothing and returns false.
pub fn release_free_memory() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim only walks the allocator's own free lists, under its locks;
        // it has no preconditions.
        unsafe { libc::malloc_trim(0) == 1 }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The trim during a long pass comes once every `PASS_TRIM_BYTES` of text, and drops
    /// the caches that grew past `TRIMMED_CACHE`.
    #[test]
    fn a_long_pass_trims_the_grown_caches_every_so_often() {
        crate::re::release_caches();
        let wide = crate::re::compile(
            r"(?i)\b(?:most|least) [\p{L}’'-]+(?: [\p{L}’'-]+){0,3} (?:ever|yet)\b",
        )
        .unwrap();
        let mut rng = crate::test_support::XorShift::new(11);
        let mut text = String::new();
        while text.len() < 400_000 {
            let word: String = (0..3 + rng.below(6))
                .map(|_| ['a', 'é', 'ß', 'o', 'n', 'ř', 't', 'ü', 'q', 'ł'][rng.below(10)])
                .collect();
            text.push_str(["most ", "", "least ", ""][rng.below(4)]);
            text.push_str(&word);
            text.push_str([" ever. ", " ", " yet ", " "][rng.below(4)]);
        }
        let found = wide.find_iter(&text).count();
        let grown = crate::re::cache_memory();
        assert!(
            grown > TRIMMED_CACHE,
            "a cache grew past the room: {grown} bytes"
        );
        trim_during_pass(PASS_TRIM_BYTES - 10);
        assert_eq!(crate::re::cache_memory(), grown, "not yet");
        trim_during_pass(10);
        let trimmed = crate::re::cache_memory();
        assert!(
            trimmed <= TRIMMED_CACHE,
            "the grown cache goes: {trimmed} bytes"
        );
        // The answers do not change, and the count starts again.
        assert_eq!(wide.find_iter(&text).count(), found);
        let regrown = crate::re::cache_memory();
        assert!(regrown > TRIMMED_CACHE);
        trim_during_pass(PASS_TRIM_BYTES - 10);
        assert_eq!(crate::re::cache_memory(), regrown, "not yet again");
        trim_during_pass(10);
        assert!(crate::re::cache_memory() <= TRIMMED_CACHE);
        crate::re::release_caches();
    }

    fn url(n: usize) -> Url {
        Url::parse(&format!("file:///drafts/{n}.md")).unwrap()
    }

    #[test]
    fn the_least_recently_used_draft_turns_cold() {
        let recent = Recent::default();
        for n in 0..WARM_DRAFTS {
            assert_eq!(recent.touch(&url(n)), None);
        }
        // Using the oldest again makes the next-oldest the one to go.
        assert_eq!(recent.touch(&url(0)), None);
        assert_eq!(recent.touch(&url(100)), Some(url(1)));
        assert!(!recent.is_warm(&url(1)));
        assert!(recent.is_warm(&url(0)) && recent.is_warm(&url(100)));
        // Touching a warm draft again turns nothing cold.
        assert_eq!(recent.touch(&url(100)), None);
        assert_eq!(recent.touch(&url(5)), None);
        // A closed draft frees its place.
        recent.remove(&url(0));
        assert!(!recent.is_warm(&url(0)));
        assert_eq!(recent.touch(&url(101)), None);
        assert_eq!(recent.touch(&url(102)), Some(url(2)));
    }

    /// The first draft of `LONG_DRAFT_BYTES` raises the mapping threshold, once; shorter
    /// drafts leave it alone. (No other test in this binary analyses a draft that long
    /// through the server.)
    #[test]
    fn only_the_first_long_draft_raises_the_mapping_threshold() {
        assert!(!fit_allocator_to(LONG_DRAFT_BYTES - 1));
        assert!(!RAISED.load(Ordering::Relaxed));
        let raised = fit_allocator_to(LONG_DRAFT_BYTES);
        assert_eq!(raised, cfg!(all(target_os = "linux", target_env = "gnu")));
        assert!(RAISED.load(Ordering::Relaxed));
        assert!(!fit_allocator_to(4 * LONG_DRAFT_BYTES));
    }

    #[test]
    fn activity_tells_whether_anything_happened_since() {
        let activity = Activity::default();
        let seen = activity.bump();
        assert!(activity.still(seen));
        activity.bump();
        assert!(!activity.still(seen));
    }
}
