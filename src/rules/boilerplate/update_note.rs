//! `boilerplate/update-note`: "developing story" notes and repeated update notes.

use crate::analysis::boilerplate::PromoKind;
use crate::declare_rule;
use crate::lint::{
    report_or_move, BlockColumn, DocumentContext, Finding, Followed, KeptFindings, ReportsFindings,
    Rule, RuleMeta,
};
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Corrections and editor's notes are never removed: this rule flags a "This is a
    /// developing story / check back for updates" note (to review once the story is
    /// complete) and an update or correction note that appears twice.
    ///
    /// ## Why is this bad?
    /// A stale "developing story" line on a finished story misleads readers; a doubled
    /// note is a paste error.
    ///
    /// ## Example
    /// ```markdown
    /// This is a developing story. Check back for updates.
    /// ```
    /// Use instead: remove the note once the story is complete.
    ///
    /// ## Fix safety
    /// No fix: notes to readers are an editor's call; the finding only points at them.
    pub struct UpdateNote {
        id: "boilerplate/update-note",
        summary: "Stale \"developing story\" note or repeated update note",
        severity: Info,
        fix: None,
        scope: Document,
    }
}

impl Rule for UpdateNote {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        ctx.states.with(|notes: &mut NoteColumn| {
            let unaffected = notes.follow(ctx);
            report_or_move(notes, ctx, unaffected, findings);
        });
    }
}

/// The kind and normalised hash of each note block (`None` for the other blocks), kept
/// between analyses and updated from the blocks an edit changed: a keystroke reads no
/// other block's facts, and an edit that neither removes nor adds a note moves the
/// last findings (see [`KeptFindings`]).
#[derive(Default)]
struct NoteColumn {
    notes: BlockColumn<Option<(PromoKind, u64)>>,
    kept: KeptFindings,
}

impl NoteColumn {
    /// Brings the column to `ctx`'s blocks; returns whether the edit replaced only
    /// blocks that were and are no notes.
    fn follow(&mut self, ctx: &DocumentContext<'_>) -> bool {
        let note = |i: usize| {
            let facts = &ctx.facts[i];
            match facts.promo {
                Some(kind @ (PromoKind::DevelopingNote | PromoKind::UpdateNote)) => {
                    Some((kind, facts.normalized_hash))
                }
                _ => None,
            }
        };
        match self.notes.follow(ctx.keys, note) {
            Followed::Rebuilt => false,
            Followed::Spliced { removed, added } => {
                removed.iter().all(|(_, note)| note.is_none())
                    && self.notes.values()[added].iter().all(Option::is_none)
            }
        }
    }
}

impl ReportsFindings for NoteColumn {
    fn kept(&mut self) -> &mut KeptFindings {
        &mut self.kept
    }

    /// Flags every "developing story" note and every update note after the first with
    /// the same text.
    fn report(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        #[cfg(test)]
        REPORTS.with(|n| n.set(n.get() + 1));
        let blocks = &ctx.document.blocks;
        let mut seen: HashMap<u64, usize> = HashMap::new();
        for (idx, note) in self.notes.values().iter().enumerate() {
            match note {
                Some((PromoKind::DevelopingNote, _)) => findings.push(Finding::new(
                    &UpdateNote::META,
                    blocks[idx].span,
                    "\"Developing story\" note: remove it once the story is complete",
                )),
                Some((PromoKind::UpdateNote, hash)) => {
                    if let Some(&first) = seen.get(hash) {
                        let line = ctx.line_number(blocks[first].span.start);
                        findings.push(
                            Finding::new(
                                &UpdateNote::META,
                                blocks[idx].span,
                                format!("Note repeats the one on line {line}"),
                            )
                            .with_related(blocks[first].span, "first note")
                            .unnecessary(),
                        );
                    } else {
                        seen.insert(*hash, idx);
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Times this thread walked the draft for findings (rather than moving the kept ones).
    static REPORTS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
mod tests {
    use super::REPORTS;

    /// Typing outside the notes moves the kept findings; adding, rewording or removing a
    /// note reports afresh; every version equals a fresh analysis.
    #[test]
    fn keystrokes_outside_notes_move_the_kept_findings() {
        let note = "Update: This story has been updated with comment from the mayor.";
        let draft = |typed: &str, extra: &str| {
            format!(
                "# Bridge\n\nThis is a developing story. Check back for updates.\n\n{note}\n\n\
                 Crews worked through the night on the span{typed}.\n\n{extra}{note}\n"
            )
        };
        let drafts = [
            draft("", ""),
            draft(" a", ""),
            draft(" ag", ""),
            draft(" ag", "Editor's note: "),
            draft(" ag", ""),
        ];
        let reports =
            crate::lint::counted_per_version(&drafts, &crate::config::Config::default(), || {
                REPORTS.with(|n| n.get())
            });
        let first = crate::lint::lint(&drafts[0], &crate::config::Config::default()).findings;
        assert_eq!(
            first
                .iter()
                .filter(|f| f.rule == "boilerplate/update-note")
                .count(),
            2,
            "{first:#?}"
        );
        assert_eq!(reports, [1, 0, 0, 1, 1]);
    }
}
