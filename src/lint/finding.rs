//! Findings: the plain data every rule produces and every front end renders.
//!
//! All offsets are UTF-8 byte offsets into the document source exactly as read (front
//! matter and CRLF line endings included). Conversion to LSP positions happens in
//! `document::line_index` and nowhere else.

use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered from least to most severe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A gentle suggestion, usually shown faded.
    Hint,
    /// Editorial judgment: the writer decides.
    Info,
    /// A style violation under the active profile, or an attribution gap.
    Warning,
    /// Objectively wrong: an impossible date, a wrong conversion.
    Error,
}

impl Severity {
    /// The lower-case name used in JSON, config files and human output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses a severity name (`error`, `warning`, `info`, `hint`).
    pub fn parse(name: &str) -> Option<Severity> {
        match name {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "information" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// Whether a fix may be applied without a human looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Mechanical and meaning-preserving; applied by `copydesk fix` and fix-all.
    Safe,
    /// Probably right but changes content (deletes text, changes a number).
    Unsafe,
    /// A template or a choice the writer must finish; never applied automatically.
    Suggestion,
}

impl Applicability {
    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::Suggestion => "suggestion",
        }
    }
}

/// A half-open byte range `[start, end)` into the document source.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct Span {
    /// First byte (inclusive).
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// Builds a span; `start > end` is normalised to an empty span at `start`.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for an empty span.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span moved right by `delta` bytes.
    pub fn shifted(self, delta: isize) -> Span {
        let start = (self.start as isize + delta).max(0) as usize;
        let end = (self.end as isize + delta).max(0) as usize;
        Span::new(start, end)
    }

    /// True when the two spans share at least one byte, or are identical empty spans.
    pub fn overlaps(&self, other: &Span) -> bool {
        (self.start < other.end && other.start < self.end)
            || (self.is_empty() && other.is_empty() && self.start == other.start)
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Span {
        Span::new(range.start, range.end)
    }
}

/// Replace the text in `span` with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// Bytes replaced.
    pub span: Span,
    /// Replacement text (plain text; see [`Fix::snippet`] for placeholders).
    pub new_text: String,
}

impl Edit {
    /// Replaces `span` with `new_text`.
    pub fn replace(span: impl Into<Span>, new_text: impl Into<String>) -> Edit {
        Edit {
            span: span.into(),
            new_text: new_text.into(),
        }
    }

    /// Deletes `span`.
    pub fn delete(span: impl Into<Span>) -> Edit {
        Edit {
            span: span.into(),
            new_text: String::new(),
        }
    }

    /// Inserts `text` at byte `at`.
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit {
            span: Span::new(at, at),
            new_text: text.into(),
        }
    }
}

/// One way to resolve a finding: a title and non-overlapping edits applied together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// What the fix does, imperative ("Replace with `Feb. 4`").
    pub title: String,
    /// Whether it may be applied automatically.
    pub applicability: Applicability,
    /// Non-overlapping edits; applying them all at once yields the fixed text.
    pub edits: Vec<Edit>,
    /// When set, the first occurrence of this text in the edits' `new_text` is a
    /// placeholder the writer must fill in. The CLI writes the edits as they are; the
    /// language server can send them as a snippet with the placeholder as a tab stop
    /// (`[SOURCE]` → `${1:source}`, see [`Fix::snippet`]).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub snippet_placeholder: Option<String>,
}

/// Escapes plain text for an LSP snippet: `$`, `}` and `\` get a backslash.
pub fn escape_snippet(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Fix {
    /// A fix with one edit.
    pub fn new(title: impl Into<String>, applicability: Applicability, edit: Edit) -> Fix {
        Fix {
            title: title.into(),
            applicability,
            edits: vec![edit],
            snippet_placeholder: None,
        }
    }

    /// A safe fix with one edit.
    pub fn safe(title: impl Into<String>, edit: Edit) -> Fix {
        Fix::new(title, Applicability::Safe, edit)
    }

    /// An unsafe fix with one edit.
    pub fn unsafe_edit(title: impl Into<String>, edit: Edit) -> Fix {
        Fix::new(title, Applicability::Unsafe, edit)
    }

    /// A suggestion with one edit.
    pub fn suggestion(title: impl Into<String>, edit: Edit) -> Fix {
        Fix::new(title, Applicability::Suggestion, edit)
    }

    /// The smallest span covering every edit.
    pub fn covering_span(&self) -> Span {
        let start = self.edits.iter().map(|e| e.span.start).min().unwrap_or(0);
        let end = self.edits.iter().map(|e| e.span.end).max().unwrap_or(0);
        Span::new(start, end)
    }

    /// The fix as one LSP snippet over the span covering all its edits (the text between
    /// edits copied from `source`), with the placeholder as tab stop `${1:label}`: the
    /// placeholder without its brackets, lower-cased (`[SOURCE]` → `${1:source}`).
    /// `None` when the fix has no placeholder, the placeholder is in no edit, or the
    /// edits overlap or fall outside `source`.
    pub fn snippet(&self, source: &str) -> Option<(Span, String)> {
        let placeholder = self.snippet_placeholder.as_deref()?;
        if placeholder.is_empty() {
            return None;
        }
        let label = placeholder
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_lowercase();
        let mut edits: Vec<&Edit> = self.edits.iter().collect();
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        let span = self.covering_span();
        let mut out = String::new();
        let mut at = span.start;
        let mut stop_placed = false;
        for edit in edits {
            out.push_str(&escape_snippet(source.get(at..edit.span.start)?));
            source.get(edit.span.start..edit.span.end)?;
            match edit.new_text.find(placeholder).filter(|_| !stop_placed) {
                Some(i) => {
                    out.push_str(&escape_snippet(&edit.new_text[..i]));
                    out.push_str("${1:");
                    out.push_str(&escape_snippet(&label));
                    out.push('}');
                    out.push_str(&escape_snippet(&edit.new_text[i + placeholder.len()..]));
                    stop_placed = true;
                }
                None => out.push_str(&escape_snippet(&edit.new_text)),
            }
            at = edit.span.end;
        }
        stop_placed.then_some((span, out))
    }

    pub(crate) fn shifted(mut self, delta: isize) -> Fix {
        for edit in &mut self.edits {
            edit.span = edit.span.shifted(delta);
        }
        self
    }
}

/// Another place that explains a finding (the first copy of a duplicate, say).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    /// Another file of the workspace, or `None` for the same document.
    pub path: Option<String>,
    /// Bytes in that file.
    pub span: Span,
    /// Why it is related ("first copy").
    pub message: String,
}

/// One problem found in a draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The stable public rule id, `family/kebab-name`.
    pub rule: &'static str,
    /// Severity after configuration has been applied.
    pub severity: Severity,
    /// What is wrong, quoting the text in backticks.
    pub message: String,
    /// The flagged bytes.
    pub span: Span,
    /// Other places that explain the finding.
    pub related: Vec<Related>,
    /// Ways to fix it, best first.
    pub fixes: Vec<Fix>,
    /// Marks text the writer can delete (duplicates); editors fade it.
    pub unnecessary: bool,
}

impl Finding {
    /// A finding with the rule's default severity and no fix.
    pub fn new(
        meta: &'static super::RuleMeta,
        span: impl Into<Span>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule: meta.id,
            severity: meta.default_severity,
            message: message.into(),
            span: span.into(),
            related: Vec::new(),
            fixes: Vec::new(),
            unnecessary: false,
        }
    }

    /// Sets the severity.
    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// Adds a fix.
    pub fn with_fix(mut self, fix: Fix) -> Finding {
        self.fixes.push(fix);
        self
    }

    /// Adds a related location in the same document.
    pub fn with_related(mut self, span: impl Into<Span>, message: impl Into<String>) -> Finding {
        self.related.push(Related {
            path: None,
            span: span.into(),
            message: message.into(),
        });
        self
    }

    /// Marks the flagged text as unnecessary (shown faded by editors).
    pub fn unnecessary(mut self) -> Finding {
        self.unnecessary = true;
        self
    }

    pub(crate) fn shifted(mut self, delta: isize) -> Finding {
        self.span = self.span.shifted(delta);
        for related in &mut self.related {
            if related.path.is_none() {
                related.span = related.span.shifted(delta);
            }
        }
        self.fixes = self.fixes.into_iter().map(|f| f.shifted(delta)).collect();
        self
    }
}

/// Text shown when hovering a span (a date's weekday, a quantity converted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverText {
    /// The hovered construct, in document bytes.
    pub span: Span,
    /// Markdown shown to the user.
    pub markdown: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_escaping_follows_the_lsp_grammar() {
        assert_eq!(escape_snippet("plain text"), "plain text");
        assert_eq!(escape_snippet("$5 {a} C:\\x"), "\\$5 {a\\} C:\\\\x");
        assert_eq!(escape_snippet("${1:x}"), "\\${1:x\\}");
    }

    #[test]
    fn snippet_puts_a_tab_stop_on_the_placeholder() {
        let source = "Costs rose 40%. Next.";
        let mut fix = Fix::suggestion("Add source", Edit::insert(14, ", according to [SOURCE]"));
        assert_eq!(fix.snippet(source), None, "no placeholder, no snippet");
        fix.snippet_placeholder = Some("[SOURCE]".into());
        assert_eq!(
            fix.snippet(source),
            Some((Span::new(14, 14), ", according to ${1:source}".to_string()))
        );
    }

    #[test]
    fn snippet_covers_several_edits_and_escapes_the_text_between() {
        // `“Cut $5 now.” Then` → `“Cut $5 now,” [SPEAKER] said. Then`
        let source = "“Cut $5 now.” Then";
        let dot = source.find(".”").unwrap();
        let after = dot + 1 + "”".len();
        let fix = Fix {
            title: "Add speaker".into(),
            applicability: Applicability::Suggestion,
            edits: vec![
                Edit::insert(after, " [SPEAKER] said."),
                Edit::replace(Span::new(dot, dot + 1), ","),
            ],
            snippet_placeholder: Some("[SPEAKER]".into()),
        };
        assert_eq!(
            fix.snippet(source),
            Some((Span::new(dot, after), ",” ${1:speaker} said.".to_string()))
        );
        let money = Fix {
            edits: vec![Edit::replace(Span::new(0, 3), "[SOURCE] paid $5}")],
            snippet_placeholder: Some("[SOURCE]".into()),
            ..fix.clone()
        };
        assert_eq!(
            money.snippet("abc"),
            Some((Span::new(0, 3), "${1:source} paid \\$5\\}".to_string()))
        );
        let missing = Fix {
            snippet_placeholder: Some("[NAME]".into()),
            ..fix.clone()
        };
        assert_eq!(missing.snippet(source), None);
        assert_eq!(fix.snippet("short"), None, "edits outside the text");
    }
}
