//! Applying fixes: pick each finding's first applicable fix, skip fixes that overlap one
//! already taken, apply, lint again, and repeat until nothing changes (with a cap).

use super::{lint, Applicability, Edit, Finding, Fix};
use crate::config::Config;

/// Most lint-and-fix passes before giving up (a fix that keeps producing new fixes).
pub const MAX_PASSES: usize = 10;

/// Which fixes may be applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixMode {
    /// Safe fixes only.
    Safe,
    /// Safe and unsafe fixes (never suggestions).
    Unsafe,
}

impl FixMode {
    fn allows(self, applicability: Applicability) -> bool {
        match applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => self == FixMode::Unsafe,
            Applicability::Suggestion => false,
        }
    }
}

/// What `fix_text` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixOutcome {
    /// The fixed text.
    pub text: String,
    /// Fixes applied over all passes.
    pub applied: usize,
    /// Passes run.
    pub passes: usize,
    /// True when the pass cap was reached while fixes were still being applied.
    pub hit_cap: bool,
}

/// Applies edits (non-overlapping, any order) to `source`.
pub fn apply_edits(source: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(source.len());
    let mut pos = 0;
    for edit in sorted {
        if edit.span.start < pos || edit.span.end > source.len() {
            continue;
        }
        out.push_str(&source[pos..edit.span.start]);
        out.push_str(&edit.new_text);
        pos = edit.span.end;
    }
    out.push_str(&source[pos..]);
    out
}

/// Chooses a non-overlapping set of fixes from `findings` under `mode`.
pub fn select_fixes(findings: &[Finding], mode: FixMode) -> Vec<&Fix> {
    let mut chosen: Vec<&Fix> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for finding in findings {
        let Some(fix) = finding
            .fixes
            .iter()
            .find(|f| mode.allows(f.applicability) && !f.edits.is_empty())
        else {
            continue;
        };
        let clashes = fix.edits.iter().any(|e| {
            taken.iter().any(|&(s, t)| {
                (e.span.start < t && s < e.span.end) || e.span.start == s || e.span.end == t
            })
        });
        if clashes {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| (e.span.start, e.span.end)));
        chosen.push(fix);
    }
    chosen
}

/// Lints and fixes `source` until no applicable fix remains (or `MAX_PASSES`).
/// When the text uses CRLF line endings, inserted newlines are written as CRLF too.
pub fn fix_text(source: &str, config: &Config, mode: FixMode) -> FixOutcome {
    let crlf = source.contains("\r\n");
    let mut text = source.to_string();
    let mut applied = 0;
    for pass in 1..=MAX_PASSES {
        let analysis = lint(&text, config);
        let fixes = select_fixes(&analysis.findings, mode);
        if fixes.is_empty() {
            return FixOutcome {
                text,
                applied,
                passes: pass,
                hit_cap: false,
            };
        }
        applied += fixes.len();
        let edits: Vec<Edit> = fixes
            .iter()
            .flat_map(|f| f.edits.iter())
            .map(|e| Edit {
                span: e.span,
                new_text: if crlf {
                    to_crlf(&e.new_text)
                } else {
                    e.new_text.clone()
                },
            })
            .collect();
        let next = apply_edits(&text, &edits);
        if next == text {
            return FixOutcome {
                text,
                applied,
                passes: pass,
                hit_cap: false,
            };
        }
        text = next;
    }
    FixOutcome {
        text,
        applied,
        passes: MAX_PASSES,
        hit_cap: true,
    }
}

fn to_crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev = '\0';
    for ch in text.chars() {
        if ch == '\n' && prev != '\r' {
            out.push('\r');
        }
        out.push(ch);
        prev = ch;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Span;

    #[test]
    fn applies_edits_in_any_order_and_skips_overlaps() {
        let edits = vec![
            Edit::replace(Span::new(6, 11), "there"),
            Edit::insert(0, ">> "),
            Edit::replace(Span::new(8, 9), "X"),
        ];
        assert_eq!(apply_edits("hello world", &edits), ">> hello there");
    }

    #[test]
    fn crlf_is_kept() {
        assert_eq!(to_crlf("a\nb\r\nc"), "a\r\nb\r\nc");
    }
}
