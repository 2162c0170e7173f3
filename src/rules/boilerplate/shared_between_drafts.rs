//! `boilerplate/shared-between-drafts`: a paragraph that also appears in other drafts of
//! the workspace, or in the newsroom's boilerplate library.

use crate::declare_rule;
use crate::document::BlockKind;
use crate::lint::workspace::{indexable, WorkspaceMatch, MIN_INDEXED_WORDS};
use crate::lint::{DocumentContext, Finding, Related, Rule, RuleMeta, Severity};
use std::collections::HashMap;

/// Share of a paragraph's fingerprints that must be found elsewhere to count as shared.
const MIN_TEMPLATE_CONTAINMENT: f64 = 0.5;
/// Stricter share for "reused background" between just one or two drafts.
const MIN_REUSE_CONTAINMENT: f64 = 0.8;
/// In this many other drafts (or the library), a shared paragraph is template boilerplate.
const TEMPLATE_DRAFTS: usize = 3;

declare_rule! {
    /// ## What it does
    /// Compares each paragraph's winnowed fingerprints (normalised word 5-grams, window
    /// 4: any shared run of eight words is found, even after light edits) with the other
    /// drafts of the workspace and the boilerplate library. A paragraph found in three or
    /// more other drafts, or in the library, is template boilerplate (warning); one found
    /// in one or two other drafts is reused background to check (info). Related
    /// information lists where else it appears.
    ///
    /// ## Why is this bad?
    /// Templates (appeals, disclaimers, bios) pasted into the story text travel into
    /// syndication and archives; reused background paragraphs go stale when the facts
    /// move on.
    ///
    /// ## Example
    /// ```markdown
    /// The Riverside Ledger is a nonprofit newsroom supported by readers like you.
    /// ```
    /// (the same paragraph sits in many drafts of the workspace)
    ///
    /// ## Options
    /// `[boilerplate] library = ["path/to/snippets/"]` adds a folder or file of known
    /// boilerplate. The CLI treats all the paths it checks as one workspace; the server
    /// indexes the workspace folders.
    pub struct SharedBetweenDrafts {
        id: "boilerplate/shared-between-drafts",
        summary: "Paragraph shared with other drafts or the boilerplate library",
        severity: Warning,
        fix: None,
        scope: Document,
    }
}

/// Related locations listed per finding.
const MAX_RELATED: usize = 10;

/// What one block's workspace lookup yields: the finding's severity, message and related
/// locations (with a span relative to nothing: the block's own span is added on use), or
/// nothing. Kept instead of the match list, which can name hundreds of drafts.
type Verdict = Option<(Severity, String, Vec<Related>)>;

/// Verdicts by block key, valid for one state of the other drafts.
#[derive(Default)]
struct MatchCache {
    epoch: Option<(String, u64)>,
    entries: HashMap<u64, (Verdict, bool)>,
}

impl MatchCache {
    /// Starts an analysis: drops everything when the other drafts changed, and entries
    /// the previous analysis did not use.
    fn start(&mut self, epoch: &(String, u64)) {
        if self.epoch.as_ref() != Some(epoch) {
            self.entries.clear();
            self.epoch = Some(epoch.clone());
        }
        self.entries.retain(|_, (_, used)| std::mem::take(used));
    }

    /// The verdict for block `key`, cached.
    fn get(&mut self, key: u64, lookup: impl FnOnce() -> Verdict) -> &Verdict {
        let entry = self.entries.entry(key).or_insert_with(|| (lookup(), false));
        entry.1 = true;
        &entry.0
    }
}

/// The finding's parts for a paragraph found in `matches` (sorted by path).
fn verdict(matches: &[WorkspaceMatch]) -> Verdict {
    if matches.is_empty() {
        return None;
    }
    let in_library = matches.iter().any(|m| m.library);
    let drafts = matches.iter().filter(|m| !m.library).count();
    let (severity, message) = if in_library {
        (
            Severity::Warning,
            "Boilerplate from the library in the story text".to_string(),
        )
    } else if drafts >= TEMPLATE_DRAFTS {
        let more = if matches.iter().any(|m| m.truncated) {
            " or more"
        } else {
            ""
        };
        (
            Severity::Warning,
            format!("Template boilerplate: this paragraph is in {drafts}{more} other drafts"),
        )
    } else {
        let close = matches
            .iter()
            .filter(|m| m.containment >= MIN_REUSE_CONTAINMENT)
            .count();
        if close == 0 {
            return None;
        }
        let others = if close == 1 {
            "another draft".to_string()
        } else {
            format!("{close} other drafts")
        };
        (
            Severity::Info,
            format!("Reused background shared with {others}; check it is still accurate"),
        )
    };
    let related = matches
        .iter()
        .take(MAX_RELATED)
        .map(|found| Related {
            path: Some(found.path.clone()),
            span: found.span,
            message: format!("{:.0}% shared", found.containment * 100.0),
        })
        .collect();
    Some((severity, message, related))
}

impl Rule for SharedBetweenDrafts {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let (Some(workspace), Some(path)) = (ctx.workspace, ctx.path) else {
            return;
        };
        if !workspace.has_others(path) {
            // Nothing to share with (a lone draft): no pass over the blocks.
            return;
        }
        // Lookups are cached per block while no other draft changes, so an edit looks
        // up only the paragraphs it changed.
        let epoch = (path.to_string(), workspace.others_epoch(path));
        ctx.states.with(|cache: &mut MatchCache| {
            cache.start(&epoch);
            for (block, facts) in ctx.document.blocks.iter().zip(ctx.facts) {
                if !indexable(block.kind, block.zone)
                    || facts.n_words < MIN_INDEXED_WORDS
                    || block.kind == BlockKind::Heading(1)
                {
                    continue;
                }
                let verdict = cache.get(ctx.keys[block.index], || {
                    verdict(&workspace.matches(path, &facts.fingerprints, MIN_TEMPLATE_CONTAINMENT))
                });
                let Some((severity, message, related)) = verdict else {
                    continue;
                };
                let mut finding =
                    Finding::new(&Self::META, block.span, message.clone()).with_severity(*severity);
                finding.related = related.clone();
                findings.push(finding);
            }
        });
    }
}
