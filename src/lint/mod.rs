//! The lint pipeline: `Document` → per-block facts and block rules (cached by block
//! content hash) → document rules → configured severities → suppressions → findings.
//!
//! Never fails and does no I/O: odd input yields no finding, never an error or a panic.

mod finding;
pub mod fix;
pub mod registry;
mod rule;
pub mod suppression;
pub mod workspace;

pub use finding::{
    escape_snippet, Applicability, Edit, Finding, Fix, HoverText, Related, Severity, Span,
};
pub use rule::{
    BlockContext, BlockMemo, DocStates, DocumentContext, FixAvailability, MemoRef, MemoValue, Rule,
    RuleMeta, Scope,
};

use crate::analysis::normalize::FastHash64;
use crate::analysis::BlockFacts;
use crate::config::Config;
use crate::document::Document;
#[cfg(test)]
pub(crate) use rule::{
    cached_equals_fresh, counted_per_version, kept_equals_fresh, story_versions,
    with_document_context,
};
pub(crate) use rule::{
    changed_stretch, flags_key, report_or_move, BlockColumn, Followed, KeptFindings,
    ReportsFindings,
};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The result of analysing one draft.
#[derive(Debug)]
pub struct Analysis {
    /// The parsed document.
    pub document: Document,
    /// Facts per block, parallel to `document.blocks` (a list shared with the cache).
    pub facts: Arc<Vec<Arc<BlockFacts>>>,
    /// Findings sorted by `span.start`, after configuration and suppressions.
    pub findings: Vec<Finding>,
    /// The source's line index, if a rule built one (for line numbers in messages) or the
    /// caller asked for it ([`LintEnv::want_lines`]): the server takes it instead of
    /// indexing the draft again.
    pub line_index: Option<Arc<crate::document::LineIndex>>,
}

struct CachedBlock {
    facts: Arc<BlockFacts>,
    /// Block-rule findings with spans relative to the block start (`None`: none).
    findings: Option<Arc<Vec<Finding>>>,
    /// Document rules' per-block values.
    memo: Arc<BlockMemo>,
    /// How many blocks of the latest run have this key.
    copies: usize,
}

/// The cached analyses of the latest run's blocks, in order (parallel to
/// `BlockCache::keys`): an edit replaces the stretch it changed and keeps the rest, so a
/// keystroke does not look every block up in the cache.
#[derive(Default)]
struct Gathered {
    /// Shared with the analysis handed out (spliced in place once it is dropped).
    facts: Arc<Vec<Arc<BlockFacts>>>,
    memos: Vec<Arc<BlockMemo>>,
    findings: Vec<Option<Arc<Vec<Finding>>>>,
}

/// Per-document cache of block analysis, keyed by a hash of the block's source, zone and
/// the document context (configuration, reference date). An edit re-analyses only the
/// blocks whose text changed. An entry leaves with the last block of the latest run that
/// had its key, so the cache never holds more than one document's worth of blocks.
#[derive(Default)]
pub struct BlockCache {
    entries: HashMap<u64, CachedBlock, crate::analysis::normalize::Prehashed>,
    /// Blocks analysed (not served from the cache) by the latest run.
    pub last_misses: usize,
    /// Parsed Markdown chunks of the latest version.
    parse: crate::document::ParseCache,
    /// Document rules' incremental state.
    states: DocStates,
    /// Block keys of the latest run, in order (every entry belongs to one of them).
    keys: Vec<u64>,
    /// The entries of those blocks, in the same order.
    gathered: Gathered,
    /// The line index of the latest run's source, if it built one: the next run updates
    /// it (with the source the parse cache kept) instead of indexing the draft afresh.
    lines: Option<Arc<crate::document::LineIndex>>,
    /// Analyses run with this cache ([`DocumentContext::epoch`]).
    epoch: u64,
    /// The document context `keys` were made in (see [`block_key`]).
    keys_context: Option<u64>,
}

impl BlockCache {
    /// The next analysis lints `text` (see [`crate::document::ParseCache::share`]): the
    /// cache keeps that copy of the source to compare the next version with, instead of
    /// copying it.
    pub fn share_source(&mut self, text: &std::sync::Arc<str>) {
        self.parse.share(text);
    }

    /// [`BlockCache::share_source`], with how `text` differs from an earlier text of the
    /// draft when the caller knows it from the edits it applied: if the last analysis
    /// was of that text, the two are not compared again.
    pub fn share_source_after(
        &mut self,
        text: &std::sync::Arc<str>,
        since: Option<(std::sync::Weak<str>, crate::document::Diff)>,
    ) {
        self.parse.share_after(text, since);
    }

    /// Drops the document rules' saved states (the near-duplicate index, the columns that
    /// follow the edit): a cache of what the rules can rebuild, which the next analysis
    /// does from the cached blocks (the document-rule part of opening the draft). The
    /// block entries stay.
    pub fn drop_document_states(&mut self) {
        self.states = DocStates::default();
    }

    /// Number of cached blocks.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Lints one draft without a cache.
pub fn lint(source: &str, config: &Config) -> Analysis {
    lint_cached(source, config, &mut BlockCache::default())
}

/// Where a draft sits: its path and the workspace it belongs to (for cross-draft rules),
/// and what the caller wants done between the passes of its analysis.
#[derive(Clone, Copy, Default)]
pub struct LintEnv<'a> {
    /// The draft's path as the workspace index knows it.
    pub path: Option<&'a str>,
    /// The workspace index, when there is one.
    pub workspace: Option<&'a workspace::WorkspaceIndex>,
    /// Called after the block pass, before the document rules run, with the bytes of
    /// text the block pass analysed (the server returns memory there after a long one).
    pub between_passes: Option<&'a (dyn Fn(usize) + Sync)>,
    /// Called during a block pass that runs on several threads (a long draft opening, a
    /// long paste), after each block, on the thread that analysed it, with the block's
    /// length in bytes (the server trims that thread's regex caches every so often).
    pub during_pass: Option<&'a (dyn Fn(usize) + Sync)>,
    /// The caller wants the source's line index in [`Analysis::line_index`].
    pub want_lines: bool,
}

/// Lints one draft, reusing and updating `cache`.
pub fn lint_cached(source: &str, config: &Config, cache: &mut BlockCache) -> Analysis {
    lint_with(source, config, cache, LintEnv::default())
}

/// Lints one draft in a workspace, reusing and updating `cache`.
pub fn lint_with(
    source: &str,
    config: &Config,
    cache: &mut BlockCache,
    env: LintEnv<'_>,
) -> Analysis {
    // The last version's text and line index, to update the index from (taken before the
    // parse replaces the text).
    let previous_source = cache.parse.previous_source();
    let previous_lines = cache.lines.take();
    cache.epoch = cache.epoch.wrapping_add(1);
    let document = Document::parse_cached(source, &mut cache.parse);
    let rules: Vec<&'static dyn Rule> = registry::all_rules()
        .iter()
        .copied()
        .filter(|r| config.is_enabled(r.meta()))
        .collect();

    let mut context_hasher = FastHash64::default();
    config.hash(&mut context_hasher);
    document
        .info
        .reference_date
        .map(|r| (r.date, r.source))
        .hash(&mut context_hasher);
    let context_key = context_hasher.finish();

    cache.last_misses = 0;
    let keys = block_keys(&document, context_key, cache);

    // The stretch of blocks this version replaced (all of them when the cache starts
    // afresh): only those are looked up and, when the cache does not hold them,
    // analysed (each distinct key once, on all cores when there are many).
    let stretch = changed_stretch(&cache.keys, &keys)
        .filter(|_| cache.gathered.facts.len() == cache.keys.len());
    let new_mid = stretch
        .as_ref()
        .map_or(0..keys.len(), |(_, new_mid)| new_mid.clone());
    let mut missing: Vec<usize> = Vec::new();
    {
        let mut seen = std::collections::HashSet::new();
        for idx in new_mid.clone() {
            let key = keys[idx];
            if !cache.entries.contains_key(&key) && seen.insert(key) {
                missing.push(idx);
            }
        }
    }
    let block_rules: Vec<&'static dyn Rule> = rules
        .iter()
        .copied()
        .filter(|r| r.meta().scope == Scope::Block)
        .collect();
    let document_rules: Vec<&'static dyn Rule> = rules
        .iter()
        .copied()
        .filter(|r| r.meta().scope == Scope::Document)
        .collect();
    let analyse = |idx: usize| {
        let block = &document.blocks[idx];
        let block_facts = BlockFacts::compute(&block.masked);
        let memo = Arc::new(BlockMemo::default());
        let pass = BlockMemo::default();
        let ctx = BlockContext {
            source,
            block,
            facts: &block_facts,
            info: &document.info,
            config,
            memo: &memo,
            pass: &pass,
        };
        let mut block_findings = Vec::new();
        for rule in &block_rules {
            rule.check_block(&ctx, &mut block_findings);
        }
        for rule in &document_rules {
            rule.prepare_block(&ctx);
        }
        let relative: Vec<Finding> = block_findings
            .into_iter()
            .map(|f| f.shifted(-(block.span.start as isize)))
            .collect();
        CachedBlock {
            facts: Arc::new(block_facts),
            findings: (!relative.is_empty()).then(|| Arc::new(relative)),
            memo,
            copies: 0,
        }
    };
    let during_pass = env
        .during_pass
        .filter(|_| missing.len() >= PARALLEL_MIN_BLOCKS);
    let computed = par_map(&missing, PARALLEL_MIN_BLOCKS, |&idx| {
        let entry = analyse(idx);
        if let Some(during_pass) = during_pass {
            during_pass(document.blocks[idx].span.len());
        }
        entry
    });
    cache.last_misses = computed.len();
    if let Some(between_passes) = env.between_passes {
        between_passes(
            missing
                .iter()
                .map(|&idx| document.blocks[idx].span.len())
                .sum(),
        );
    }
    for (idx, entry) in missing.iter().zip(computed) {
        cache.entries.insert(keys[*idx], entry);
    }

    // The entries of the replaced stretch take the place of those that gave way; entries
    // no block has any more leave the cache (blocks that left can only be among those
    // that gave way, so a keystroke looks at those, not at every entry of a long draft).
    let BlockCache {
        entries,
        gathered,
        keys: old_keys,
        ..
    } = &mut *cache;
    // The entries of `range`, in block order: facts, memos and block findings.
    let fresh = |entries: &mut HashMap<u64, CachedBlock, _>, range: std::ops::Range<usize>| {
        let (mut facts, mut memos, mut findings) = (Vec::new(), Vec::new(), Vec::new());
        for idx in range {
            let entry = entries.get_mut(&keys[idx]).expect("analysed above");
            entry.copies += 1;
            facts.push(Arc::clone(&entry.facts));
            memos.push(Arc::clone(&entry.memo));
            findings.push(entry.findings.clone());
        }
        (facts, memos, findings)
    };
    match stretch {
        Some((old_mid, new_mid)) => {
            let (facts, memos, findings) = fresh(entries, new_mid);
            for key in &old_keys[old_mid.clone()] {
                if let Some(entry) = entries.get_mut(key) {
                    entry.copies = entry.copies.saturating_sub(1);
                    if entry.copies == 0 {
                        entries.remove(key);
                    }
                }
            }
            // In place when the last analysis (which shares the list) is gone, as it is
            // between keystrokes: copying tens of thousands of shared pointers touched
            // every block's facts.
            Arc::make_mut(&mut gathered.facts).splice(old_mid.clone(), facts);
            gathered.memos.splice(old_mid.clone(), memos);
            gathered.findings.splice(old_mid, findings);
        }
        None => {
            for entry in entries.values_mut() {
                entry.copies = 0;
            }
            let (facts, memos, findings) = fresh(entries, 0..keys.len());
            *gathered = Gathered {
                facts: Arc::new(facts),
                memos,
                findings,
            };
            entries.retain(|_, entry| entry.copies > 0);
        }
    }
    // The list is kept for the next version's comparison (moved, not copied: a long
    // draft has tens of thousands of blocks).
    cache.keys = keys;
    cache.keys_context = Some(context_key);
    let keys = &cache.keys;
    let mut findings = Vec::new();
    for (block, found) in document.blocks.iter().zip(&cache.gathered.findings) {
        if let Some(found) = found {
            findings.extend(
                found
                    .iter()
                    .map(|f| f.clone().shifted(block.span.start as isize)),
            );
        }
    }
    let facts = &cache.gathered.facts;
    let memos = &cache.gathered.memos;

    let ctx = DocumentContext {
        source,
        document: &document,
        facts,
        info: &document.info,
        config,
        path: env.path,
        workspace: env.workspace,
        lines: std::sync::OnceLock::new(),
        previous_lines: previous_source.as_deref().zip(previous_lines.as_deref()),
        source_diff: cache.parse.last_diff(),
        epoch: cache.epoch,
        memos,
        keys,
        states: &cache.states,
        shared: BlockMemo::default(),
    };
    if document.blocks.len() >= PARALLEL_MIN_BLOCKS {
        // A long draft's document rules run side by side (the near-duplicate index
        // alone can take a third of opening a draft); their findings are joined in rule
        // order, as the serial loop below gives them.
        for mut found in par_map(&document_rules, 2, |rule| {
            let mut found = Vec::new();
            rule.check_document(&ctx, &mut found);
            found
        }) {
            findings.append(&mut found);
        }
    } else {
        for rule in &document_rules {
            rule.check_document(&ctx, &mut findings);
        }
    }
    if env.want_lines {
        ctx.line_index();
    }
    let line_index = ctx.lines.into_inner().map(Arc::new);
    drop(previous_lines);
    cache.lines = line_index.clone();

    let suppressions = suppression::Suppressions::parse(source, &document);
    findings.retain(|f| !suppressions.is_suppressed(f.rule, f.span.start));
    for finding in &mut findings {
        if let Some(severity) = config.severity_override(finding.rule) {
            finding.severity = severity;
        }
        // A fix must never reach outside the text: drop any that would.
        finding.fixes.retain(|fix| {
            fix.edits.iter().all(|e| {
                e.span.end <= source.len()
                    && source.is_char_boundary(e.span.start)
                    && source.is_char_boundary(e.span.end)
            })
        });
    }
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
    });
    Analysis {
        document,
        facts: Arc::clone(facts),
        findings,
        line_index,
    }
}
/// The cache key of every block of `document` (see [`block_key`]). After a parse that
/// spliced new blocks into the last version's and left the others as they were (but for
/// their place), in the same document context, those keep their keys from the last run
/// and only the new blocks are hashed: a keystroke in a long draft then reads the few
/// blocks it changed, not every block of the draft.
fn block_keys(document: &Document, context_key: u64, cache: &BlockCache) -> Vec<u64> {
    let blocks = &document.blocks;
    let all = || -> Vec<u64> {
        blocks
            .iter()
            .map(|block| block_key(block, context_key))
            .collect()
    };
    let Some((first, old_end, new_end)) = cache.parse.last_stretch() else {
        return all();
    };
    let old = &cache.keys;
    if cache.keys_context != Some(context_key)
        || old_end > old.len()
        || first > new_end
        || old.len() - old_end + new_end != blocks.len()
    {
        return all();
    }
    let mut keys = Vec::with_capacity(blocks.len());
    keys.extend_from_slice(&old[..first]);
    keys.extend(
        blocks[first..new_end]
            .iter()
            .map(|block| block_key(block, context_key)),
    );
    keys.extend_from_slice(&old[old_end..]);
    debug_assert_eq!(keys, all(), "spliced keys");
    keys
}

/// The cache key of a block: its source, where it sits (kind, zone, list, quote, table,
/// whole lines) and the document context (configuration, reference date).
pub(crate) fn block_key(block: &crate::document::Block, context_key: u64) -> u64 {
    let mut hasher = FastHash64::default();
    context_key.hash(&mut hasher);
    // The parse hashed the block's source bytes once, when its chunk was parsed.
    block.source_hash.hash(&mut hasher);
    (
        block.kind,
        block.zone,
        block.in_list,
        block.in_blockquote,
        block.in_table,
        block.whole_lines,
    )
        .hash(&mut hasher);
    hasher.finish()
}

/// The text each finding covers when `rule` is checked alone on `source` (rule tests).
#[cfg(test)]
pub(crate) fn flagged_text(source: &str, rule: &str) -> Vec<String> {
    lint(source, &Config::only(rule))
        .findings
        .iter()
        .map(|f| source[f.span.start..f.span.end].to_string())
        .collect()
}

/// Below this many blocks to analyse, one thread does it all (threads cost more than
/// they save on an edit or a short draft).
const PARALLEL_MIN_BLOCKS: usize = 128;

/// `f` over `items`, results in order; split over the available cores when there are at
/// least `min` items.
pub(crate) fn par_map<T: Sync, R: Send>(
    items: &[T],
    min: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    use rayon::prelude::*;
    let threads = rayon::current_num_threads();
    if threads < 2 || items.len() < min.max(2) {
        return items.iter().map(f).collect();
    }
    // Small pieces taken in turn balance long and short stretches of the draft.
    let chunk = items.len().div_ceil(threads * 4);
    items.par_iter().with_min_len(chunk).map(&f).collect()
}

/// Runs `f` on one of the engine's worker threads (the calling thread waits), so every
/// analysis uses the same few threads and their warm regex caches. On a worker thread
/// already, runs `f` right there.
pub fn on_worker<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    rayon::scope(|_| f())
}

/// Runs `f` once on every worker thread (start-up warm-up of per-thread caches).
pub fn on_every_worker(f: impl Fn() + Sync) {
    rayon::broadcast(|_| f());
}

/// What to show when hovering byte `offset` of `source` (parsed as `document`): asks each
/// rule family that knows how (dates and times, quantities). `None` when nothing there is
/// worth explaining.
pub fn hover(
    source: &str,
    document: &Document,
    config: &Config,
    offset: usize,
) -> Option<HoverText> {
    let block = document.block_at(offset)?;
    let facts = BlockFacts::compute(&block.masked);
    let memo = BlockMemo::default();
    let ctx = BlockContext {
        source,
        block,
        facts: &facts,
        info: &document.info,
        config,
        memo: &memo,
        pass: &memo,
    };
    let relative = offset - block.span.start;
    let providers: &[fn(&BlockContext<'_>, usize) -> Option<HoverText>] =
        &crate::rules::HOVER_PROVIDERS;
    providers
        .iter()
        .find_map(|provider| provider(&ctx, relative))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An idle server drops the document rules' states: the next analysis rebuilds them
    /// from the cached blocks and reports what a fresh analysis does.
    #[test]
    fn an_analysis_after_the_document_states_were_dropped_equals_a_fresh_one() {
        let plant = "Crews from the county worked through the night on the old river bridge, and traffic resumed at dawn, officials said on Tuesday.";
        let body = |extra: &str| {
            format!(
                "# Plant\n\n{plant}\n\nThe road is 5 miles long.\n\nThe bridge spans 2 kilometers.\n\n\
                 Officials said the plant would open in May.\n\n{extra}\n"
            )
        };
        let v1 = body("Residents asked about traffic.");
        let v2 = body(
            "Crews from the county worked through the night on the old river bridge, and traffic resumed at dawn, officials said on Wednesday.",
        );
        let config = Config::default();
        let mut cache = BlockCache::default();
        let first = lint_cached(&v1, &config, &mut cache);
        assert_eq!(first.findings, lint(&v1, &config).findings);
        let held = cache.len();
        cache.drop_document_states();
        assert_eq!(cache.len(), held, "the block entries stay");
        let next = lint_cached(&v2, &config, &mut cache);
        assert_eq!(cache.last_misses, 1, "only the edited block is analysed");
        assert_eq!(next.findings, lint(&v2, &config).findings);
        let rules: Vec<&str> = next.findings.iter().map(|f| f.rule).collect();
        assert!(
            rules.contains(&"boilerplate/near-duplicate-paragraph"),
            "{rules:?}"
        );
        assert!(rules.contains(&"unit/mixed-system"), "{rules:?}");
    }

    /// The cache holds each distinct block of the latest version once, however many
    /// copies there are: a block stays while any copy remains, leaves with its last copy,
    /// and an edit analyses only blocks the cache does not hold. Findings equal a fresh
    /// analysis's at every step.
    #[test]
    fn cached_blocks_follow_their_copies() {
        let filler = |n: usize| format!("Item {n} of the council agenda was read aloud on Monday.");
        let twin = "Officials said the bridge would close, and critics say it never should.";
        let body: Vec<String> = (0..40).map(filler).collect();
        let version = |changes: &[(usize, &str)]| {
            let mut paragraphs = body.clone();
            for &(at, text) in changes {
                paragraphs[at] = text.to_string();
            }
            format!("# Council\n\n{}\n", paragraphs.join("\n\n"))
        };
        let config = Config::default();
        let mut cache = BlockCache::default();
        // (version, blocks analysed, blocks held): the twin in two places, then one copy
        // replaced, restored, the other replaced, both gone, back.
        let steps = [
            (version(&[(10, twin), (30, twin)]), 40, 40),
            (
                version(&[(10, twin), (30, "A new paragraph replaced the twin here.")]),
                1,
                41,
            ),
            (version(&[(10, twin), (30, twin)]), 0, 40),
            (
                version(&[(10, "Another paragraph took this place."), (30, twin)]),
                1,
                41,
            ),
            (
                version(&[
                    (10, "Another paragraph took this place."),
                    (30, "Gone too."),
                ]),
                1,
                41,
            ),
            (version(&[(10, twin), (30, "Gone too.")]), 1, 41),
        ];
        for (step, (text, analysed, held)) in steps.iter().enumerate() {
            let cached = lint_cached(text, &config, &mut cache);
            assert_eq!(cached.findings, lint(text, &config).findings, "step {step}");
            assert_eq!(cache.last_misses, *analysed, "step {step}: analysed");
            assert_eq!(cache.len(), *held, "step {step}: held");
        }
    }

    /// The lengths of `draft`'s blocks, each distinct block (by `cache`'s keys, which must
    /// be `draft`'s) once.
    fn distinct_block_lengths(draft: &str, cache: &BlockCache) -> Vec<usize> {
        let mut seen = std::collections::HashSet::new();
        Document::parse(draft)
            .blocks
            .iter()
            .zip(&cache.keys)
            .filter(|(_, key)| seen.insert(**key))
            .map(|(block, _)| block.span.len())
            .collect()
    }

    /// The hook between the passes hears of the text the block pass analysed (all blocks
    /// when the cache starts afresh, the edited paragraph after an edit), once per
    /// analysis; dropping every worker's regex caches there, as the server does after a
    /// long draft's block pass, changes no finding.
    #[test]
    fn the_hook_between_passes_hears_of_the_new_text() {
        let story = include_str!("../../examples/story.md");
        let draft = story.repeat(12);
        let config = Config::default();
        let heard = std::sync::Mutex::new(Vec::new());
        let hook = |analysed: usize| {
            heard.lock().unwrap().push(analysed);
            on_every_worker(crate::re::release_caches);
        };
        let env = LintEnv {
            between_passes: Some(&hook),
            ..LintEnv::default()
        };
        let mut cache = BlockCache::default();
        let first = on_worker(|| lint_with(&draft, &config, &mut cache, env));
        assert_eq!(first.findings, lint(&draft, &config).findings);
        // Each distinct block (by cache key) once.
        let distinct = distinct_block_lengths(&draft, &cache);
        assert!(
            distinct.len() < Document::parse(&draft).blocks.len(),
            "the draft repeats blocks"
        );
        assert_eq!(*heard.lock().unwrap(), vec![distinct.iter().sum::<usize>()]);
        // One new paragraph at the end.
        let added = "\nA new paragraph, written after the rest, says 40 percent agreed.\n";
        let edited = format!("{draft}{added}");
        let next = on_worker(|| lint_with(&edited, &config, &mut cache, env));
        assert_eq!(next.findings, lint(&edited, &config).findings);
        assert_eq!(heard.lock().unwrap().len(), 2);
        assert_eq!(heard.lock().unwrap()[1], added.trim().len());
    }

    /// The hook during a block pass hears of every block of a pass on several threads
    /// and of none of an edit's; dropping the regex caches of the thread it runs on
    /// there, as the server trims them, changes no finding.
    #[test]
    fn the_hook_during_a_long_pass_hears_of_each_block() {
        let story = include_str!("../../examples/story.md");
        // Distinct blocks, enough of them for a pass on several threads.
        let draft: String = (0..20)
            .flat_map(|n| {
                story
                    .split("\n\n")
                    .map(move |p| format!("{} Part {n}.", p.trim()))
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        let config = Config::default();
        let heard = std::sync::Mutex::new(Vec::new());
        let hook = |bytes: usize| {
            heard.lock().unwrap().push(bytes);
            crate::re::release_caches();
        };
        let env = LintEnv {
            during_pass: Some(&hook),
            ..LintEnv::default()
        };
        let mut cache = BlockCache::default();
        let first = on_worker(|| lint_with(&draft, &config, &mut cache, env));
        assert_eq!(first.findings, lint(&draft, &config).findings);
        assert!(cache.last_misses >= PARALLEL_MIN_BLOCKS);
        let mut heard_bytes = std::mem::take(&mut *heard.lock().unwrap());
        assert_eq!(
            heard_bytes.len(),
            cache.last_misses,
            "once per block analysed"
        );
        let mut lengths = distinct_block_lengths(&draft, &cache);
        heard_bytes.sort_unstable();
        lengths.sort_unstable();
        assert_eq!(heard_bytes, lengths);
        // An edit's pass (one paragraph, one thread) does not call it.
        let edited = draft.replacen("Part 3.", "Part 33.", 1);
        let next = on_worker(|| lint_with(&edited, &config, &mut cache, env));
        assert_eq!(next.findings, lint(&edited, &config).findings);
        assert!(cache.last_misses > 0);
        assert!(heard.lock().unwrap().is_empty());
    }

    /// The dates, numeric dates and times only block rules read are dropped with the
    /// block's analysis; the values document rules read stay with the cached block.
    #[test]
    fn cached_blocks_keep_no_values_only_block_rules_read() {
        use crate::rules::date::scan::{BlockDates, BlockNumericDates, BlockTimes};
        let draft = "# Storm\n\nThe storm hit on Tuesday, Feb. 4, 2020, at 4 p.m. and \
                     dropped 3 inches of rain by 11/05/2020, officials said.\n";
        let config = Config::default();
        let mut cache = BlockCache::default();
        let analysis = lint_with(draft, &config, &mut cache, LintEnv::default());
        assert!(analysis
            .findings
            .iter()
            .any(|f| f.rule.starts_with("date/")));
        let memo = &cache.gathered.memos[1];
        assert!(!memo.holds::<BlockDates>());
        assert!(!memo.holds::<BlockNumericDates>());
        assert!(!memo.holds::<BlockTimes>());
        assert!(memo.holds::<crate::rules::unit::BlockQuantities>());
    }

    /// What the server does after a long quiet spell: every engine thread drops its regex
    /// caches. The memory goes, and the next analysis finds exactly what the warm one did.
    #[test]
    fn dropping_the_workers_regex_caches_changes_no_finding() {
        let story = include_str!("../../examples/story.md");
        // Analysed on the workers as the server does, with enough blocks that both
        // worker threads search. The workers are a pool of this test's own: the tests
        // running beside it search on the global pool's threads, which would fill the
        // caches again between the release and the count.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("a pool of two threads");
        pool.install(|| {
            let draft = story.repeat(20);
            let config = Config::default();
            let warm = on_worker(|| lint(&draft, &config).findings);
            assert!(!warm.is_empty());
            let held = || -> usize {
                let per_thread = std::sync::Mutex::new(0);
                on_every_worker(|| *per_thread.lock().unwrap() += crate::re::cache_memory());
                per_thread.into_inner().unwrap()
            };
            assert!(held() > 0, "the analysis left caches on the workers");
            on_every_worker(crate::re::release_caches);
            assert_eq!(held(), 0);
            assert_eq!(on_worker(|| lint(&draft, &config).findings), warm);
            assert!(held() > 0);
        });
    }
}
