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

pub use finding::{Applicability, Edit, Finding, Fix, HoverText, Related, Severity, Span};
pub use rule::{BlockContext, DocumentContext, FixAvailability, Rule, RuleMeta, Scope};

use crate::analysis::normalize::Fnv64;
use crate::analysis::BlockFacts;
use crate::config::Config;
use crate::document::Document;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The result of analysing one draft.
#[derive(Debug)]
pub struct Analysis {
    /// The parsed document.
    pub document: Document,
    /// Facts per block, parallel to `document.blocks`.
    pub facts: Vec<Arc<BlockFacts>>,
    /// Findings sorted by `span.start`, after configuration and suppressions.
    pub findings: Vec<Finding>,
}

struct CachedBlock {
    facts: Arc<BlockFacts>,
    /// Block-rule findings with spans relative to the block start.
    findings: Arc<Vec<Finding>>,
    last_used: u64,
}

/// Per-document cache of block analysis, keyed by a hash of the block's source, zone and
/// the document context (configuration, reference date). An edit re-analyses only the
/// blocks whose text changed. Entries unused by the latest run are dropped, so the cache
/// never holds more than one document's worth of blocks.
#[derive(Default)]
pub struct BlockCache {
    entries: HashMap<u64, CachedBlock>,
    generation: u64,
    /// Blocks analysed (not served from the cache) by the latest run.
    pub last_misses: usize,
}

impl BlockCache {
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

/// Where a draft sits: its path and the workspace it belongs to (for cross-draft rules).
#[derive(Clone, Copy, Default)]
pub struct LintEnv<'a> {
    /// The draft's path as the workspace index knows it.
    pub path: Option<&'a str>,
    /// The workspace index, when there is one.
    pub workspace: Option<&'a workspace::WorkspaceIndex>,
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
    let document = Document::parse(source);
    let rules: Vec<&'static dyn Rule> = registry::all_rules()
        .iter()
        .copied()
        .filter(|r| config.is_enabled(r.meta()))
        .collect();

    let mut context_hasher = Fnv64::default();
    config.hash(&mut context_hasher);
    document
        .info
        .reference_date
        .map(|r| (r.date, r.source))
        .hash(&mut context_hasher);
    let context_key = context_hasher.finish();

    cache.generation += 1;
    cache.last_misses = 0;
    let generation = cache.generation;
    let mut findings = Vec::new();
    let mut facts = Vec::with_capacity(document.blocks.len());
    for block in &document.blocks {
        let mut hasher = Fnv64::default();
        context_key.hash(&mut hasher);
        source[block.span.start..block.span.end].hash(&mut hasher);
        (
            block.kind,
            block.zone,
            block.in_list,
            block.in_blockquote,
            block.in_table,
            block.whole_lines,
        )
            .hash(&mut hasher);
        let key = hasher.finish();
        let entry = cache.entries.entry(key).or_insert_with(|| {
            let block_facts = BlockFacts::compute(&block.masked);
            let ctx = BlockContext {
                source,
                block,
                facts: &block_facts,
                info: &document.info,
                config,
            };
            let mut block_findings = Vec::new();
            for rule in rules.iter().filter(|r| r.meta().scope == Scope::Block) {
                rule.check_block(&ctx, &mut block_findings);
            }
            let relative = block_findings
                .into_iter()
                .map(|f| f.shifted(-(block.span.start as isize)))
                .collect();
            CachedBlock {
                facts: Arc::new(block_facts),
                findings: Arc::new(relative),
                last_used: 0,
            }
        });
        if entry.last_used == 0 {
            cache.last_misses += 1;
        }
        entry.last_used = generation;
        findings.extend(
            entry
                .findings
                .iter()
                .map(|f| f.clone().shifted(block.span.start as isize)),
        );
        facts.push(Arc::clone(&entry.facts));
    }
    cache
        .entries
        .retain(|_, entry| entry.last_used == generation);

    let ctx = DocumentContext {
        source,
        document: &document,
        facts: &facts,
        info: &document.info,
        config,
        path: env.path,
        workspace: env.workspace,
        lines: std::sync::OnceLock::new(),
    };
    for rule in rules.iter().filter(|r| r.meta().scope == Scope::Document) {
        rule.check_document(&ctx, &mut findings);
    }

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
        facts,
        findings,
    }
}

/// What to show when hovering byte `offset`: asks each rule family that knows how
/// (dates and times, quantities). `None` when nothing there is worth explaining.
pub fn hover(
    source: &str,
    analysis: &Analysis,
    config: &Config,
    offset: usize,
) -> Option<HoverText> {
    let block = analysis.document.block_at(offset)?;
    let facts = analysis.facts.get(block.index)?;
    let ctx = BlockContext {
        source,
        block,
        facts,
        info: &analysis.document.info,
        config,
    };
    let relative = offset - block.span.start;
    let providers: &[fn(&BlockContext<'_>, usize) -> Option<HoverText>] =
        &crate::rules::HOVER_PROVIDERS;
    providers
        .iter()
        .find_map(|provider| provider(&ctx, relative))
}
