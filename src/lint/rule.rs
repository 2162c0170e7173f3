//! The `Rule` trait, its static metadata and the `declare_rule!` macro.
//!
//! A rule's doc comment is the single source of its documentation: the macro captures it
//! into `RuleMeta::docs`, which feeds `copydesk rules ID`, LSP hover and the diagnostic's
//! documentation link.

use super::{Finding, Severity, Span};
use crate::analysis::BlockFacts;
use crate::config::Config;
use crate::document::{Block, DocInfo, Document};
use std::any::{Any, TypeId};
use std::sync::Arc;

/// Whether a rule can attach fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixAvailability {
    /// The rule never offers a fix.
    None,
    /// Some findings carry a fix.
    Sometimes,
    /// Every finding carries a fix.
    Always,
}

impl FixAvailability {
    /// Lower-case name for rule listings.
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "none",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "always",
        }
    }
}

/// Whether a rule looks at one block at a time or at the whole document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Findings depend only on the block text, its zone and the document's reference
    /// date and configuration, so they are cached per block.
    Block,
    /// Findings depend on several blocks; recomputed from cached block facts each run.
    Document,
}

/// Static facts about a rule. One `const` per rule, produced by `declare_rule!`.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable public id, `family/kebab-name`. Never reused.
    pub id: &'static str,
    /// One line for rule lists and settings UIs.
    pub summary: &'static str,
    /// Markdown from the doc comment: What it does / Why is this bad? / Example / Fix safety.
    pub docs: &'static str,
    /// Severity unless the configuration or the rule itself says otherwise.
    pub default_severity: Severity,
    /// Whether findings carry fixes.
    pub fix: FixAvailability,
    /// Which pass runs the rule.
    pub scope: Scope,
    /// `file:line` of the declaration.
    pub location: &'static str,
}

impl RuleMeta {
    /// The family part of the id (`date` in `date/month-abbrev`).
    pub fn family(&self) -> &'static str {
        self.id.split('/').next().unwrap_or(self.id)
    }

    /// The documentation with the one leading space of each doc-comment line removed.
    pub fn explanation(&self) -> String {
        let mut out = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim_end().to_string() + "\n"
    }
}

/// What a block rule sees: one prose block and the document-wide facts it may use.
pub struct BlockContext<'a> {
    /// The whole document source.
    pub source: &'a str,
    /// The block being checked.
    pub block: &'a Block,
    /// Facts computed once per block (sentences, quotations).
    pub facts: &'a BlockFacts,
    /// Document-wide facts (reference date, zones).
    pub info: &'a DocInfo,
    /// Active configuration.
    pub config: &'a Config,
    /// This block's memo slots, shared with the document rules (see [`BlockMemo`]).
    pub memo: &'a BlockMemo,
    /// Memo slots for values only the block rules read, dropped when the block's
    /// analysis ends (see [`BlockContext::pass_memo`]); may be the same as `memo`.
    pub pass: &'a BlockMemo,
}

impl BlockContext<'_> {
    /// A value derived from this block alone, computed once per block content and shared
    /// by every rule (block or document) that asks for the same type.
    pub fn memo<T: MemoValue>(&self, compute: impl FnOnce() -> T) -> Arc<T> {
        self.memo.get_or_insert_arc(|| shared_value(compute()))
    }

    /// A value derived from this block alone that only block rules read (never a
    /// document rule, nor a rule's `prepare_block`): computed once per analysis of the
    /// block and shared by the block rules, then dropped with the analysis instead of
    /// kept with the cached block (block findings are cached, so no later analysis asks
    /// again). The dates, numeric dates and times of a block: 2 MB of the generated
    /// 1 MB draft's memos were its dates.
    pub fn pass_memo<T: MemoValue>(&self, compute: impl FnOnce() -> T) -> Arc<T> {
        self.pass.get_or_insert_arc(|| shared_value(compute()))
    }

    /// The block's prose with non-prose bytes (markup, code, URLs) blanked to spaces.
    /// Offsets into it plus [`Block::span`]`.start` are document offsets.
    pub fn text(&self) -> &str {
        &self.block.masked
    }

    /// Converts a block-relative offset into a document offset.
    pub fn abs(&self, relative: usize) -> usize {
        self.block.span.start + relative
    }

    /// Converts a block-relative range into a document span.
    pub fn span(&self, range: std::ops::Range<usize>) -> super::Span {
        super::Span::new(self.abs(range.start), self.abs(range.end))
    }
}

/// What a document rule sees: every block and its cached facts.
pub struct DocumentContext<'a> {
    /// The whole document source.
    pub source: &'a str,
    /// The parsed document.
    pub document: &'a Document,
    /// Facts for each block, parallel to `document.blocks`.
    pub facts: &'a [Arc<BlockFacts>],
    /// Document-wide facts.
    pub info: &'a DocInfo,
    /// Active configuration.
    pub config: &'a Config,
    /// The draft's path in the workspace, when known.
    pub path: Option<&'a str>,
    /// The workspace index (other drafts, boilerplate library), when there is one.
    pub workspace: Option<&'a super::workspace::WorkspaceIndex>,
    /// Line starts of `source`, built on first use.
    pub(crate) lines: std::sync::OnceLock<crate::document::LineIndex>,
    /// The line starts of the version before and its text, when the caller kept them:
    /// `lines` is then updated from them instead of built from scratch.
    pub(crate) previous_lines: Option<(&'a str, &'a crate::document::LineIndex)>,
    /// How the source differs from the previous one, when the parse compared them.
    pub(crate) source_diff: Option<crate::document::markdown::Diff>,
    /// Which analysis of the draft this is (counted by its cache): a rule's kept
    /// findings are moved to this one only if they come from the one before (see
    /// [`KeptFindings`]).
    pub(crate) epoch: u64,
    /// Per-block memo slots, parallel to `document.blocks` (may be empty: then
    /// [`DocumentContext::memo`] computes every time).
    pub memos: &'a [Arc<BlockMemo>],
    /// Cache key of each block (its text, placement and the document context), parallel
    /// to `document.blocks`: equal keys mean equal blocks, in this analysis and the next.
    pub keys: &'a [u64],
    /// State document rules keep between analyses of this draft (see [`DocStates`]).
    pub states: &'a DocStates,
    /// Values computed once per analysis for several document rules (see
    /// [`DocumentContext::shared`]).
    pub(crate) shared: BlockMemo,
}

/// Where the blocks of this analysis differ from those of the last one a rule saw (`old`:
/// the cache keys it kept, `new`: this analysis's): the stretch of old blocks that gave way
/// to a stretch of new ones, everything before and after being the same keys in the same
/// order. `None` when the rule should start afresh: nothing kept, or over half the draft
/// changed (another configuration changes every key). Two sequential scans of the key
/// lists: a rule that keeps state can update it from the changed stretch alone.
pub(crate) fn changed_stretch(
    old: &[u64],
    new: &[u64],
) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    if old.is_empty() {
        return None;
    }
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (old_mid, new_mid) = (head..old.len() - tail, head..new.len() - tail);
    if new_mid.len() * 2 > new.len().max(1) {
        return None;
    }
    Some((old_mid, new_mid))
}

/// A document rule's findings from the last analysis, given again, moved with the edit,
/// when the rule's own state shows that the edit cannot have changed them: a keystroke
/// in a long draft then neither walks every block for the rule nor builds its findings
/// afresh (a 10 MB draft repeats two thousand paragraphs and sentences, whose findings
/// the duplicate rules built on every keystroke). Only the moving is generic; whether
/// the edit leaves the findings alone is the rule's judgement.
#[derive(Default)]
pub(crate) struct KeptFindings {
    /// The rule's findings in the analysis numbered so ([`DocumentContext::epoch`]).
    kept: Option<(u64, Vec<Finding>)>,
}

impl KeptFindings {
    /// Appends the kept findings, moved to this version's text, to `out` and returns
    /// true when `unaffected` (the rule's word that the blocks the edit replaced report
    /// nothing, before or after it, and change nothing another block reports) and the
    /// edit can only have moved them: they are from the analysis just before this one,
    /// none of their spans (related places and fix edits included) touches the bytes
    /// the edit replaced, and the edit added or removed no line (messages quote line
    /// numbers). Otherwise appends nothing, forgets them and returns false: the rule
    /// reports afresh and keeps that ([`KeptFindings::keep`]).
    pub(crate) fn reuse(
        &mut self,
        ctx: &DocumentContext<'_>,
        unaffected: bool,
        out: &mut Vec<Finding>,
    ) -> bool {
        let Some((epoch, mut kept)) = self.kept.take() else {
            return false;
        };
        let (Some(diff), Some((old, old_lines))) = (ctx.source_diff, ctx.previous_lines) else {
            return false;
        };
        if !unaffected || epoch.wrapping_add(1) != ctx.epoch {
            return false;
        }
        let diff = diff.within(old.len(), ctx.source.len());
        let (head, old_end) = (diff.head, old.len() - diff.tail);
        let delta = ctx.source.len() as isize - old.len() as isize;
        // Before the replaced bytes, after them, or touching them (`None`). An empty
        // span at either edge of them (an insertion point) counts as touching.
        let moved = |span: Span| -> Option<Span> {
            if span.end < head || (span.end == head && !span.is_empty()) {
                Some(span)
            } else if span.start > old_end || (span.start == old_end && !span.is_empty()) {
                Some(span.shifted(delta))
            } else {
                None
            }
        };
        let all_move = kept.iter().all(|f| {
            moved(f.span).is_some()
                && f.related
                    .iter()
                    .all(|r| r.path.is_some() || moved(r.span).is_some())
                && f.fixes
                    .iter()
                    .all(|fix| fix.edits.iter().all(|e| moved(e.span).is_some()))
        });
        if !all_move || old_lines.line_count() != ctx.line_index().line_count() {
            return false;
        }
        if delta != 0 {
            let shift = |span: &mut Span| *span = moved(*span).unwrap_or(*span);
            for finding in &mut kept {
                shift(&mut finding.span);
                for related in finding.related.iter_mut().filter(|r| r.path.is_none()) {
                    shift(&mut related.span);
                }
                for edit in finding
                    .fixes
                    .iter_mut()
                    .flat_map(|fix| fix.edits.iter_mut())
                {
                    shift(&mut edit.span);
                }
            }
        }
        out.extend_from_slice(&kept);
        self.kept = Some((ctx.epoch, kept));
        true
    }

    /// Keeps `found`, what the rule reported in this analysis, for the next one.
    pub(crate) fn keep(&mut self, ctx: &DocumentContext<'_>, found: &[Finding]) {
        self.kept = Some((ctx.epoch, found.to_vec()));
    }
}

/// A document rule's state that reports findings and keeps them (see [`KeptFindings`]).
pub(crate) trait ReportsFindings {
    /// The findings kept from the last analysis.
    fn kept(&mut self) -> &mut KeptFindings;
    /// Reports the draft's findings afresh.
    fn report(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>);
}

/// Gives `state`'s kept findings, moved with the edit, when `unaffected` allows (see
/// [`KeptFindings::reuse`]); else reports afresh and keeps what it reported.
pub(crate) fn report_or_move(
    state: &mut impl ReportsFindings,
    ctx: &DocumentContext<'_>,
    unaffected: bool,
    findings: &mut Vec<Finding>,
) {
    if state.kept().reuse(ctx, unaffected, findings) {
        return;
    }
    let start = findings.len();
    state.report(ctx, findings);
    state.kept().keep(ctx, &findings[start..]);
}

/// One value per block, kept by a document rule between analyses of a draft and brought
/// along each edit: values are computed only for the blocks in the stretch the edit
/// replaced (see [`changed_stretch`]), or for every block when the column starts afresh.
#[derive(Default)]
pub(crate) struct BlockColumn<T> {
    /// Block keys of the last analysis.
    keys: Vec<u64>,
    /// Value per block, parallel to `keys`.
    values: Vec<T>,
}

/// What [`BlockColumn::follow`] changed.
pub(crate) enum Followed<T> {
    /// Every value was computed afresh.
    Rebuilt,
    /// The values of the blocks that gave way (with their keys) were replaced by those of
    /// the blocks `added` (indexes in the current draft).
    Spliced {
        removed: Vec<(u64, T)>,
        added: std::ops::Range<usize>,
    },
}

impl<T> BlockColumn<T> {
    /// Brings the column to the blocks with `keys`, asking `value` for each new block.
    pub(crate) fn follow(&mut self, keys: &[u64], value: impl FnMut(usize) -> T) -> Followed<T> {
        let followed = match changed_stretch(&self.keys, keys) {
            Some((old_mid, new_mid)) => {
                let fresh: Vec<T> = new_mid.clone().map(value).collect();
                let removed = self.keys[old_mid.clone()]
                    .iter()
                    .copied()
                    .zip(self.values.splice(old_mid, fresh))
                    .collect();
                Followed::Spliced {
                    removed,
                    added: new_mid,
                }
            }
            None => {
                self.values.clear();
                self.values.extend((0..keys.len()).map(value));
                Followed::Rebuilt
            }
        };
        self.keys.clear();
        self.keys.extend_from_slice(keys);
        followed
    }

    /// The values, by block index.
    pub(crate) fn values(&self) -> &[T] {
        &self.values
    }
}

impl BlockColumn<bool> {
    /// The indexes of the blocks whose value is `true`, in order.
    pub(crate) fn marked(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.values.len()).filter(|&i| self.values[i])
    }
}

/// The drafts of a story headed `title` whose versions are given as lists of paragraphs
/// (for the follow-the-edit tests).
#[cfg(test)]
pub(crate) fn story_versions(title: &str, versions: &[&Vec<String>]) -> Vec<String> {
    versions
        .iter()
        .map(|paragraphs| format!("# {title}\n\n{}\n", paragraphs.join("\n\n")))
        .collect()
}

/// Lints `drafts` in turn with one cache, as the server does while a writer edits (each
/// version's text shared with the cache, its line index asked for): `each` gets the
/// version's number, its text and a call that runs the cached analysis.
#[cfg(test)]
fn each_cached<R>(
    drafts: &[String],
    config: &Config,
    mut each: impl FnMut(usize, &str, &mut dyn FnMut() -> super::Analysis) -> R,
) -> Vec<R> {
    let mut cache = super::BlockCache::default();
    let env = super::LintEnv {
        want_lines: true,
        ..super::LintEnv::default()
    };
    drafts
        .iter()
        .enumerate()
        .map(|(step, text)| {
            let shared: Arc<str> = Arc::from(text.as_str());
            cache.share_source(&shared);
            let mut cached = || super::lint_with(&shared, config, &mut cache, env);
            each(step, text, &mut cached)
        })
        .collect()
}

/// Lints `drafts` in turn with one cache, as the server does while a writer edits, checks
/// that each version's findings equal a fresh analysis's, and returns by how much
/// `count` (a rule's test counter of full reports, read on this thread: a short draft's
/// document rules run on the calling thread) grew during each cached analysis.
#[cfg(test)]
pub(crate) fn counted_per_version(
    drafts: &[String],
    config: &Config,
    count: impl Fn() -> usize,
) -> Vec<usize> {
    each_cached(drafts, config, |step, text, cached| {
        let before = count();
        let findings = cached().findings;
        let counted = count() - before;
        assert_eq!(
            findings,
            super::lint(text, config).findings,
            "version {step}"
        );
        counted
    })
}

/// Lints `drafts` in turn with one cache, as the server does while a writer edits, and
/// checks that each cached analysis equals a fresh one (findings and line index);
/// returns each version's findings.
#[cfg(test)]
pub(crate) fn cached_equals_fresh(drafts: &[String], config: &Config) -> Vec<Vec<Finding>> {
    each_cached(drafts, config, |step, text, cached| {
        let cached = cached();
        assert_eq!(
            cached.findings,
            super::lint(text, config).findings,
            "version {step}"
        );
        assert_eq!(
            cached.line_index.as_deref(),
            Some(&crate::document::LineIndex::new(text)),
            "version {step}"
        );
        cached.findings
    })
}

/// Brings one kept state (a default one at first) through `drafts` with `follow`, and
/// checks after each version that `view` of it equals `view` of a state that followed
/// only that version (built afresh).
#[cfg(test)]
pub(crate) fn kept_equals_fresh<S: Default, V: PartialEq + std::fmt::Debug>(
    drafts: &[String],
    follow: impl Fn(&mut S, &DocumentContext<'_>),
    view: impl Fn(&S) -> V,
) {
    let mut kept = S::default();
    for (step, text) in drafts.iter().enumerate() {
        with_document_context(text, |ctx| {
            follow(&mut kept, ctx);
            let mut fresh = S::default();
            follow(&mut fresh, ctx);
            assert_eq!(view(&kept), view(&fresh), "version {step}");
        });
    }
}

/// Runs `f` with a document context for `text` as an analysis without a cache builds it
/// (block keys with a zero context key), for tests of a rule's saved state.
#[cfg(test)]
pub(crate) fn with_document_context<R>(text: &str, f: impl FnOnce(&DocumentContext<'_>) -> R) -> R {
    let config = Config::default();
    let document = Document::parse(text);
    let facts: Vec<Arc<BlockFacts>> = document
        .blocks
        .iter()
        .map(|b| Arc::new(BlockFacts::compute(&b.masked)))
        .collect();
    let keys: Vec<u64> = document
        .blocks
        .iter()
        .map(|b| super::block_key(b, 0))
        .collect();
    let states = DocStates::default();
    let ctx = DocumentContext {
        source: text,
        document: &document,
        facts: &facts,
        info: &document.info,
        config: &config,
        path: None,
        workspace: None,
        lines: std::sync::OnceLock::new(),
        previous_lines: None,
        source_diff: None,
        epoch: 0,
        memos: &[],
        keys: &keys,
        states: &states,
        shared: BlockMemo::default(),
    };
    f(&ctx)
}

/// State a document rule keeps from one analysis of a draft to the next, such as an
/// index it updates with only the blocks that changed. One value per type. What a rule
/// reports must depend only on the current text, never on the order of past edits: the
/// state is a cache of something the rule could rebuild from scratch.
#[derive(Default)]
pub struct DocStates {
    /// One lock per state, so document rules running side by side (a large draft's
    /// analysis runs them in parallel) wait only for a rule using the same state.
    slots: std::sync::Mutex<Vec<(TypeId, StateSlot)>>,
}

type StateSlot = Arc<std::sync::Mutex<Box<dyn Any + Send>>>;

impl std::fmt::Debug for DocStates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DocStates")
    }
}

impl DocStates {
    /// Runs `f` on the state of type `T`, created with `Default` on first use.
    pub fn with<T: Any + Send + Default, R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
            let key = TypeId::of::<T>();
            match slots.iter().find(|(k, _)| *k == key) {
                Some((_, slot)) => Arc::clone(slot),
                None => {
                    let slot: StateSlot = Arc::new(std::sync::Mutex::new(Box::new(T::default())));
                    slots.push((key, Arc::clone(&slot)));
                    slot
                }
            }
        };
        // A state left by a rule that panicked mid-update is rebuilt from scratch.
        let mut state = match slot.lock() {
            Ok(state) => state,
            Err(poisoned) => {
                let mut state = poisoned.into_inner();
                *state = Box::new(T::default());
                slot.clear_poison();
                state
            }
        };
        match state.downcast_mut::<T>() {
            Some(state) => f(state),
            None => f(&mut T::default()),
        }
    }
}

impl DocumentContext<'_> {
    /// The 1-based line number of byte `offset`, for messages ("repeats line 12"), from a
    /// line index built once per analysis: counting newlines per finding would make a
    /// rule quadratic on long drafts.
    pub fn line_number(&self, offset: usize) -> usize {
        self.line_index().line_of(offset) + 1
    }

    /// The line starts of `source`, built once per analysis (from the previous version's
    /// when the caller kept them).
    pub(crate) fn line_index(&self) -> &crate::document::LineIndex {
        self.lines.get_or_init(|| match self.previous_lines {
            Some((old, index)) => index.updated_with(old, self.source, self.source_diff),
            None => crate::document::LineIndex::new(self.source),
        })
    }
}

/// Values a document rule derives from one block, kept with the block's cached facts so
/// an edit elsewhere in the draft does not recompute them. A value stored here may depend
/// only on what a block rule may depend on: the block (text, kind, zone, flags), its
/// facts, the configuration and the reference date; never on other blocks.
///
/// Read on every keystroke by every document rule for every block (tens of thousands of
/// times per edit of a long draft), so a lookup takes no lock: a value goes into the
/// first free slot, once, and stays there until the block leaves the cache.
#[derive(Default)]
pub struct BlockMemo {
    slots: [std::sync::OnceLock<MemoSlot>; MEMO_SLOTS],
    /// Values of further types, should there be more than `MEMO_SLOTS`.
    overflow: std::sync::Mutex<Vec<MemoSlot>>,
}

/// A memoised value; its type is the key (read through the vtable: keeping the `TypeId`
/// beside it made a slot 40 bytes instead of 24, 0.6 MB over a 1 MB draft's blocks).
type MemoSlot = Arc<dyn Any + Send + Sync>;

/// Lock-free slots per block (24 bytes each): the rules keep eight types per block
/// (attribution flags, claims, quote facts and verbs; quantities, money, percentages and
/// unit-system flags; dates, numeric dates and times go in the analysis's own memo, see
/// [`BlockContext::pass_memo`]). Slots sit inline because a
/// lookup that chased pointers (a linked list was tried) missed the cache on every node:
/// an edit of a 10 MB draft took 268 ms instead of 112.
const MEMO_SLOTS: usize = 12;
const _: () = assert!(std::mem::size_of::<std::sync::OnceLock<MemoSlot>>() <= 24);

impl std::fmt::Debug for BlockMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlockMemo")
    }
}

/// The first inline slot a value of type `T` may take; it takes the first free one from
/// there on, wrapping round (a slot, once filled, is never emptied, so a lookup that
/// walks the same way and meets an empty slot knows the value is not there). Starting
/// every type at slot 0 made each lookup walk past the values of every type stored
/// before it: some six 40-byte slots, on the memo of every block for every rule on
/// every keystroke.
fn home_slot<T: Any>() -> usize {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::analysis::normalize::FastHash64::default();
    TypeId::of::<T>().hash(&mut hasher);
    (hasher.finish() % MEMO_SLOTS as u64) as usize
}

/// The value in `slot` as an `Arc<T>`, if it holds a `T`.
fn memo_value<T: Any + Send + Sync>(value: &MemoSlot) -> Option<Arc<T>> {
    // Checked first, so a slot of another type costs no reference count.
    if !(**value).is::<T>() {
        return None;
    }
    Arc::clone(value).downcast::<T>().ok()
}

impl BlockMemo {
    /// The value of type `T` for this block, computing and storing it on first use. Each
    /// rule uses its own private type, so the type is the key.
    pub fn get_or_insert<T: Any + Send + Sync>(&self, compute: impl FnOnce() -> T) -> Arc<T> {
        self.get_or_insert_arc(|| Arc::new(compute()))
    }

    /// [`BlockMemo::get_or_insert`] with the value computed as an `Arc` (which may be
    /// shared with other blocks, see [`MemoValue`]).
    fn get_or_insert_arc<T: Any + Send + Sync>(&self, compute: impl FnOnce() -> Arc<T>) -> Arc<T> {
        let (found, all_filled) = self.scan(home_slot::<T>(), memo_value);
        if let Some(value) = found {
            return value;
        }
        if all_filled {
            let overflow = self.overflow.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(found) = overflow.iter().find_map(memo_value) {
                return found;
            }
        }
        let value = compute();
        let entry: MemoSlot = value.clone();
        let home = home_slot::<T>();
        for k in 0..MEMO_SLOTS {
            // Another thread may fill the slot first, with this type or another.
            let filled = self.slots[(home + k) % MEMO_SLOTS].get_or_init(|| entry.clone());
            if let Some(value) = memo_value(filled) {
                return value;
            }
        }
        let mut overflow = self.overflow.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = overflow.iter().find_map(memo_value) {
            return found;
        }
        overflow.push(entry);
        value
    }

    /// Looks through the filled inline slots from `home` on (wrapping round), as a value
    /// of the type is stored (see [`home_slot`]), for the one `pick` accepts; also says
    /// whether every inline slot is filled (then the value may be in the overflow list).
    fn scan<'s, R>(
        &'s self,
        home: usize,
        pick: impl Fn(&'s MemoSlot) -> Option<R>,
    ) -> (Option<R>, bool) {
        for k in 0..MEMO_SLOTS {
            match self.slots[(home + k) % MEMO_SLOTS].get() {
                Some(filled) => {
                    if let Some(found) = pick(filled) {
                        return (Some(found), true);
                    }
                }
                None => return (None, false),
            }
        }
        (None, true)
    }
}

#[cfg(test)]
impl BlockMemo {
    /// Whether a value of type `T` is stored (without computing one).
    pub(crate) fn holds<T: Any + Send + Sync>(&self) -> bool {
        let (found, all_filled) = self.scan(home_slot::<T>(), memo_ref::<T>);
        found.is_some()
            || (all_filled
                && self
                    .overflow
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .iter()
                    .any(|value| memo_ref::<T>(value).is_some()))
    }
}

/// The value in `slot`, borrowed, if it holds a `T`.
fn memo_ref<T: Any + Send + Sync>(value: &MemoSlot) -> Option<&T> {
    (**value).downcast_ref::<T>()
}

impl BlockMemo {
    /// [`BlockMemo::get_or_insert`], borrowed: no reference count is touched when the
    /// value is there (document rules ask for every block's values on every keystroke,
    /// from both engine threads). A stored value is never replaced or removed while the
    /// memo lives, so the borrow is valid for as long as the memo is.
    pub fn get_ref<T: Any + Send + Sync>(&self, compute: impl FnOnce() -> T) -> &T {
        self.get_ref_arc(|| Arc::new(compute()))
    }

    /// [`BlockMemo::get_ref`] with the value computed as an `Arc`.
    fn get_ref_arc<T: Any + Send + Sync>(&self, compute: impl FnOnce() -> Arc<T>) -> &T {
        if let (Some(value), _) = self.scan(home_slot::<T>(), memo_ref) {
            return value;
        }
        let stored = self.get_or_insert_arc(compute);
        let ptr = Arc::as_ptr(&stored);
        drop(stored);
        // SAFETY: `get_or_insert` returned the value stored in a slot or the overflow
        // list, where it stays (holding a reference) for the life of `self`.
        unsafe { &*ptr }
    }
}

/// A per-block memo value (see [`BlockContext::memo`]). Most blocks hold one of a few
/// values of each type (no dates, no amounts, no percentages, the same flags), and blocks
/// whose values have the same [`MemoValue::share_key`] share one allocation (per engine
/// thread) instead of one each: 0.7 MB of a real 1 MB draft's memos were such values.
pub trait MemoValue: Any + Send + Sync {
    /// The same for values that are equal, `None` for a value kept on its own (the
    /// default). Values with the same key must be interchangeable.
    fn share_key(&self) -> Option<u8> {
        None
    }
}

/// The share key of a value made of flags (at most eight): one bit each, so values with
/// the same flags share.
pub(crate) fn flags_key(flags: &[bool]) -> Option<u8> {
    debug_assert!(flags.len() <= 8, "{} flags do not fit a key", flags.len());
    Some(
        flags
            .iter()
            .enumerate()
            .fold(0u8, |key, (i, &on)| key | u8::from(on) << (i % 8)),
    )
}

thread_local! {
    /// The shared memo values made on this thread, with their keys.
    static SHARED_VALUES: std::cell::RefCell<Vec<(u8, MemoSlot)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// `value` in an `Arc`: the one this thread shares for its key when it has one.
fn shared_value<T: MemoValue>(value: T) -> Arc<T> {
    let Some(key) = value.share_key() else {
        return Arc::new(value);
    };
    let found = SHARED_VALUES
        .try_with(|shared| {
            let shared = shared.try_borrow().ok()?;
            shared
                .iter()
                .filter(|(k, _)| *k == key)
                .find_map(|(_, slot)| memo_value::<T>(slot))
        })
        .ok()
        .flatten();
    if let Some(found) = found {
        return found;
    }
    let fresh = Arc::new(value);
    let _ = SHARED_VALUES.try_with(|shared| {
        if let Ok(mut shared) = shared.try_borrow_mut() {
            shared.push((key, fresh.clone()));
        }
    });
    fresh
}

/// A block's memoised value as a document rule sees it: borrowed from the block cache,
/// or computed on the spot when the analysis has no memos.
pub enum MemoRef<'a, T> {
    /// Stored in the block's memo.
    Cached(&'a T),
    /// Computed for this call only.
    Fresh(T),
}

impl<T> std::ops::Deref for MemoRef<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self {
            MemoRef::Cached(value) => value,
            MemoRef::Fresh(value) => value,
        }
    }
}

impl DocumentContext<'_> {
    /// A value of this analysis that several document rules need (each asks with the same
    /// private type), computed by the first to ask. Rules running side by side may both
    /// compute it; one result is kept and every caller gets that one.
    pub fn shared<T: Any + Send + Sync>(&self, compute: impl FnOnce() -> T) -> &T {
        self.shared.get_ref(compute)
    }

    /// A value derived from block `index` alone (see [`BlockMemo`]), computed once per
    /// block content and reused across edits to other blocks.
    pub fn memo<T: MemoValue>(&self, index: usize, compute: impl FnOnce() -> T) -> MemoRef<'_, T> {
        match self.memos.get(index) {
            Some(memo) => MemoRef::Cached(memo.get_ref_arc(|| shared_value(compute()))),
            None => MemoRef::Fresh(compute()),
        }
    }
}

/// A lint rule. Implementations are unit structs declared with `declare_rule!`.
pub trait Rule: Send + Sync {
    /// The rule's static metadata.
    fn meta(&self) -> &'static RuleMeta;

    /// Checks one block (for `Scope::Block` rules). Never fails.
    fn check_block(&self, _ctx: &BlockContext<'_>, _findings: &mut Vec<Finding>) {}

    /// For `Scope::Document` rules: computes, in the block pass (cached per block and
    /// run on all cores), the per-block values `check_document` will ask
    /// [`DocumentContext::memo`] for, storing them with [`BlockContext::memo`] under the
    /// same type. Never fails.
    fn prepare_block(&self, _ctx: &BlockContext<'_>) {}

    /// Checks the whole document (for `Scope::Document` rules). Never fails.
    fn check_document(&self, _ctx: &DocumentContext<'_>, _findings: &mut Vec<Finding>) {}
}

/// Declares a rule struct and its `META` constant from a doc comment and a few fields.
///
/// ```text
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub struct MonthAbbrev {
///         id: "date/month-abbrev",
///         summary: "Month abbreviation does not follow house style",
///         severity: Warning,
///         fix: Always,
///         scope: Block,
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            id: $id:literal,
            summary: $summary:literal,
            severity: $severity:ident,
            fix: $fix:ident,
            scope: $scope:ident $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            /// Static metadata of this rule.
            pub const META: $crate::lint::RuleMeta = $crate::lint::RuleMeta {
                id: $id,
                summary: $summary,
                docs: concat!($($doc, "\n",)*),
                default_severity: $crate::lint::Severity::$severity,
                fix: $crate::lint::FixAvailability::$fix,
                scope: $crate::lint::Scope::$scope,
                location: concat!(file!(), ":", line!()),
            };
        }
    };
}

#[cfg(test)]
mod memo_tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Tag<const N: usize>(usize);

    fn fill<const N: usize>(memo: &BlockMemo, calls: &std::sync::atomic::AtomicUsize) -> usize {
        memo.get_or_insert(|| {
            calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Tag::<N>(N * 10)
        })
        .0
    }

    fn fill_ref<const N: usize>(memo: &BlockMemo, calls: &std::sync::atomic::AtomicUsize) -> usize {
        let first: &Tag<N> = memo.get_ref(|| {
            calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Tag::<N>(N * 10)
        });
        // Every borrow is of the one stored value, the one `get_or_insert` shares.
        let again: &Tag<N> = memo.get_ref(|| unreachable!("stored"));
        assert!(std::ptr::eq(first, again));
        assert!(std::ptr::eq(first, &*memo.get_or_insert(|| Tag::<N>(0))));
        first.0
    }

    macro_rules! fill_refs {
        ($memo:expr, $calls:expr, $($n:literal)*) => { vec![$(fill_ref::<$n>($memo, $calls)),*] };
    }

    macro_rules! fill_all {
        ($memo:expr, $calls:expr, $($n:literal)*) => { vec![$(fill::<$n>($memo, $calls)),*] };
    }

    type Calls = std::sync::atomic::AtomicUsize;

    /// Four threads ask a fresh memo for twenty types, fifty times each, with `fill_20`;
    /// every answer must be right. Racing threads may compute a value twice before one
    /// is stored, never more than once per thread. Returns the memo and the count.
    fn race(fill_20: impl Fn(&BlockMemo, &Calls) -> Vec<usize> + Sync) -> (BlockMemo, Calls) {
        let memo = BlockMemo::default();
        let calls = Calls::new(0);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..50 {
                        let got = fill_20(&memo, &calls);
                        assert_eq!(got, (0..20).map(|n| n * 10).collect::<Vec<_>>());
                    }
                });
            }
        });
        let count = calls.load(std::sync::atomic::Ordering::SeqCst);
        assert!((20..=80).contains(&count), "{count} computations");
        assert_eq!(memo.overflow.lock().unwrap().len(), 20 - MEMO_SLOTS);
        (memo, calls)
    }

    /// Borrowed lookups see the same values, in the slots and past them, from threads
    /// asking at once.
    #[test]
    fn borrowed_values_are_the_stored_ones() {
        race(
            |memo, calls| fill_refs!(memo, calls, 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19),
        );
    }

    /// Each type gets its own value, computed once, also past the lock-free slots and
    /// with threads asking at once; every later lookup is served from the memo.
    #[test]
    fn every_type_is_computed_once_and_keeps_its_value() {
        let (memo, calls) = race(
            |memo, calls| fill_all!(memo, calls, 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19),
        );
        let before = calls.load(std::sync::atomic::Ordering::SeqCst);
        fill_all!(&memo, &calls, 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19);
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), before);
        assert!(memo.slots.iter().all(|slot| slot.get().is_some()));
        assert_eq!(memo.overflow.lock().unwrap().len(), 20 - MEMO_SLOTS);
    }

    /// A memo value: a list shared by every block when empty.
    struct Names(Vec<&'static str>);

    impl MemoValue for Names {
        fn share_key(&self) -> Option<u8> {
            self.0.is_empty().then_some(0)
        }
    }

    /// Flag sets share a key exactly when every flag is the same.
    #[test]
    fn flag_keys_tell_every_combination_apart() {
        let sets: Vec<[bool; 3]> = (0..8u8)
            .map(|bits| [bits & 1 != 0, bits & 2 != 0, bits & 4 != 0])
            .collect();
        for a in &sets {
            for b in &sets {
                assert_eq!(flags_key(a) == flags_key(b), a == b, "{a:?} {b:?}");
            }
        }
    }

    /// Blocks whose values have a share key hold one allocation; other values stay their
    /// own, and every block reads back what it computed.
    #[test]
    fn equal_shareable_values_share_one_allocation() {
        let memos: Vec<BlockMemo> = (0..4).map(|_| BlockMemo::default()).collect();
        let got: Vec<Arc<Names>> = memos
            .iter()
            .enumerate()
            .map(|(i, memo)| {
                memo.get_or_insert_arc(|| {
                    shared_value(Names(if i % 2 == 0 {
                        Vec::new()
                    } else {
                        vec!["Reyes"]
                    }))
                })
            })
            .collect();
        assert!(Arc::ptr_eq(&got[0], &got[2]));
        assert!(!Arc::ptr_eq(&got[1], &got[3]));
        for (i, names) in got.iter().enumerate() {
            assert_eq!(names.0.is_empty(), i % 2 == 0);
            let again = memos[i].get_ref(|| Names(vec!["never computed"]));
            assert!(std::ptr::eq(again, &**names));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Counter(u32);

    #[derive(Default)]
    struct Other(Vec<u8>);

    /// Each state has its own lock: a rule holding one does not stop another rule from
    /// using a different one; and a state a panicking rule left half-updated is rebuilt.
    #[test]
    fn states_lock_separately_and_recover_from_a_panic() {
        let states = DocStates::default();
        states.with(|c: &mut Counter| c.0 += 1);
        let (holding_tx, holding_rx) = std::sync::mpsc::channel();
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let states_ref = &states;
        let other_used_meanwhile = std::thread::scope(|s| {
            let holder = s.spawn(move || {
                states_ref.with(|c: &mut Counter| {
                    holding_tx.send(()).unwrap();
                    c.0 += 1;
                    // Holds Counter until the other state has been used (with one lock
                    // for all states, that never happens and this times out).
                    done_rx
                        .recv_timeout(std::time::Duration::from_secs(5))
                        .is_ok()
                })
            });
            holding_rx.recv().unwrap();
            states.with(|o: &mut Other| o.0.push(1));
            let _ = done_tx.send(());
            holder.join().unwrap()
        });
        assert!(other_used_meanwhile);
        assert_eq!(states.with(|c: &mut Counter| c.0), 2);
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            states.with(|c: &mut Counter| {
                c.0 = 99;
                panic!("rule failed mid-update");
            })
        }));
        assert!(panicked.is_err());
        assert_eq!(
            states.with(|c: &mut Counter| c.0),
            0,
            "rebuilt from Default"
        );
        assert_eq!(states.with(|o: &mut Other| o.0.clone()), vec![1]);
    }
}
