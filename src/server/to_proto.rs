//! Engine data → LSP types: spans to ranges in the negotiated encoding, findings to
//! diagnostics whose `data` carries their fixes and the version they were computed for.

use crate::document::{LineIndex, PositionEncoding, TextPosition};
use crate::lint::{Applicability, Finding, Severity, Span};
use serde::{Deserialize, Serialize};
use tower_lsp::lsp_types::{
    DiagnosticSeverity, DiagnosticTag, Location, Position, Range, TextEdit, Url,
};

/// The source name on every diagnostic.
pub const SOURCE: &str = "copydesk";

/// Turns a location in another draft (path, span) into its URI and range.
pub type Resolver<'a> = dyn Fn(&str, Span) -> Option<(Url, Range)> + 'a;

/// A fix as carried in `Diagnostic.data`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FixData {
    /// Fix title.
    pub title: String,
    /// Safe, unsafe or suggestion.
    pub applicability: Applicability,
    /// Edits in LSP ranges of the version below.
    pub edits: Vec<TextEdit>,
    /// The same fix as one snippet with a tab stop on its placeholder, for clients that
    /// run `copydesk.applySnippet` (see `code_actions`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub snippet: Option<SnippetEdit>,
}

/// A snippet replacing a range: LSP snippet syntax (`${1:source}`), text escaped.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SnippetEdit {
    /// Range replaced, in the version the fix was computed for.
    pub range: Range,
    /// Snippet text.
    pub snippet: String,
}

/// `Diagnostic.data`: fixes plus the document version they apply to.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DiagnosticData {
    /// Document version the fixes were computed for.
    pub version: i32,
    /// Rule id (repeated so actions need not trust `code`).
    pub rule: String,
    /// Fixes, best first.
    pub fixes: Vec<FixData>,
}

/// Converts an engine position to LSP.
pub fn position(pos: TextPosition) -> Position {
    Position::new(pos.line, pos.character)
}

/// Converts a byte span to an LSP range.
pub fn range(index: &LineIndex, text: &str, span: Span, encoding: PositionEncoding) -> Range {
    Range::new(
        position(index.position(text, span.start, encoding)),
        position(index.position(text, span.end, encoding)),
    )
}

/// Converts a severity.
pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A diagnostic as published, borrowing its texts from the finding: serialised straight
/// to the JSON of a `Diagnostic` whose `data` is a [`DiagnosticData`] (see
/// [`publish_message`]), without copying every message, rule id and fix into owned LSP
/// values first (a long draft republishes hundreds of them on every keystroke).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireDiagnostic<'a> {
    range: Range,
    severity: DiagnosticSeverity,
    code: &'static str,
    source: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_information: Vec<WireRelated<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<[DiagnosticTag; 1]>,
    data: WireData<'a>,
}

/// `DiagnosticRelatedInformation`, borrowing its message.
#[derive(Debug, Serialize)]
struct WireRelated<'a> {
    location: Location,
    message: &'a str,
}

/// [`DiagnosticData`], borrowing its texts.
#[derive(Debug, Serialize)]
struct WireData<'a> {
    version: i32,
    rule: &'static str,
    fixes: Vec<WireFix<'a>>,
}

/// [`FixData`], borrowing its texts.
#[derive(Debug, Serialize)]
struct WireFix<'a> {
    title: &'a str,
    applicability: Applicability,
    edits: Vec<WireEdit<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<SnippetEdit>,
}

/// A `TextEdit`, borrowing its text.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct WireEdit<'a> {
    range: Range,
    new_text: &'a str,
}

/// The body of a `textDocument/publishDiagnostics` notification.
pub fn publish_message(
    uri: &Url,
    version: Option<i32>,
    diagnostics: &[WireDiagnostic<'_>],
) -> Vec<u8> {
    #[derive(Serialize)]
    struct Params<'a, 'b> {
        uri: &'a Url,
        diagnostics: &'a [WireDiagnostic<'b>],
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<i32>,
    }
    #[derive(Serialize)]
    struct Notification<'a, 'b> {
        jsonrpc: &'static str,
        method: &'static str,
        params: Params<'a, 'b>,
    }
    // Room for a typical diagnostic up front: grown by doubling, the message for a long
    // draft (700 KB) was copied some ten times over.
    let mut message = Vec::with_capacity(256 + diagnostics.len() * 512);
    match serde_json::to_writer(
        &mut message,
        &Notification {
            jsonrpc: "2.0",
            method: "textDocument/publishDiagnostics",
            params: Params {
                uri,
                diagnostics,
                version,
            },
        },
    ) {
        Ok(()) => message,
        Err(_) => Vec::new(),
    }
}

/// Converts a finding to a diagnostic for `uri` at `version`.
/// `resolve` turns a location in another draft into its URI and range.
pub fn diagnostic<'a>(
    uri: &Url,
    text: &str,
    index: &LineIndex,
    finding: &'a Finding,
    version: i32,
    encoding: PositionEncoding,
    resolve: &Resolver<'_>,
) -> WireDiagnostic<'a> {
    let related_information = finding
        .related
        .iter()
        .filter_map(|related| {
            let (target, range) = match &related.path {
                None => (uri.clone(), range(index, text, related.span, encoding)),
                Some(path) => resolve(path, related.span)?,
            };
            Some(WireRelated {
                location: Location::new(target, range),
                message: &related.message,
            })
        })
        .collect();
    let fixes = finding
        .fixes
        .iter()
        .map(|fix| WireFix {
            title: &fix.title,
            applicability: fix.applicability,
            edits: fix
                .edits
                .iter()
                .map(|edit| WireEdit {
                    range: range(index, text, edit.span, encoding),
                    new_text: &edit.new_text,
                })
                .collect(),
            snippet: fix.snippet(text).map(|(span, snippet)| SnippetEdit {
                range: range(index, text, span, encoding),
                snippet,
            }),
        })
        .collect();
    WireDiagnostic {
        range: range(index, text, finding.span, encoding),
        severity: severity(finding.severity),
        code: finding.rule,
        source: SOURCE,
        message: &finding.message,
        related_information,
        tags: finding.unnecessary.then_some([DiagnosticTag::UNNECESSARY]),
        data: WireData {
            version,
            rule: finding.rule,
            fixes,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use tower_lsp::lsp_types::{Diagnostic, DiagnosticRelatedInformation, NumberOrString};

    /// The diagnostic as `lsp_types` builds it, with `data` as a value: the form the
    /// borrowed wire form must serialise to (clients and `code_actions` read it so).
    fn owned_diagnostic(
        uri: &Url,
        text: &str,
        index: &LineIndex,
        finding: &Finding,
        version: i32,
    ) -> Diagnostic {
        let encoding = PositionEncoding::Utf16;
        let related: Vec<DiagnosticRelatedInformation> = finding
            .related
            .iter()
            .map(|related| DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), range(index, text, related.span, encoding)),
                message: related.message.clone(),
            })
            .collect();
        let data = DiagnosticData {
            version,
            rule: finding.rule.to_string(),
            fixes: finding
                .fixes
                .iter()
                .map(|fix| FixData {
                    title: fix.title.clone(),
                    applicability: fix.applicability,
                    edits: fix
                        .edits
                        .iter()
                        .map(|edit| {
                            TextEdit::new(
                                range(index, text, edit.span, encoding),
                                edit.new_text.clone(),
                            )
                        })
                        .collect(),
                    snippet: fix.snippet(text).map(|(span, snippet)| SnippetEdit {
                        range: range(index, text, span, encoding),
                        snippet,
                    }),
                })
                .collect(),
        };
        Diagnostic {
            range: range(index, text, finding.span, encoding),
            severity: Some(severity(finding.severity)),
            code: Some(NumberOrString::String(finding.rule.to_string())),
            code_description: None,
            source: Some(SOURCE.to_string()),
            message: finding.message.clone(),
            related_information: (!related.is_empty()).then_some(related),
            tags: finding
                .unnecessary
                .then(|| vec![DiagnosticTag::UNNECESSARY]),
            data: Some(serde_json::to_value(data).unwrap()),
        }
    }

    /// The published JSON is what tower-lsp would have sent for the same `Diagnostic`
    /// with `data` as a value: clients (and `code_actions`) read it back that way.
    #[test]
    fn published_message_matches_the_lsp_types_form() {
        let twice = "The council met for four hours on Tuesday night and voted to close the \
                     bridge until the inspectors finish their work in the spring.";
        let text = format!(
            "Officials said costs rose 12 percent. Sources say the plan is the biggest ever.\n\n\
             {twice}\n\nThe mayor said it “was a mistake.”\n\n{twice}\n\n\
             It rained on Feb 4th, 2025.\n\nSign up for our newsletter.\n\n\
             The program is the most successful in the history of the state.\n"
        );
        let text = text.as_str();
        let analysis = crate::lint::lint(text, &Config::default());
        let findings = &analysis.findings;
        assert!(
            findings.iter().any(|f| !f.related.is_empty()),
            "{findings:?}"
        );
        assert!(findings.iter().any(|f| f.unnecessary), "{findings:?}");
        assert!(
            findings
                .iter()
                .any(|f| f.fixes.iter().any(|fix| fix.snippet(text).is_some())),
            "{findings:?}"
        );
        assert!(findings
            .iter()
            .any(|f| !f.fixes.is_empty() && f.related.is_empty()));
        let uri = Url::parse("file:///tmp/story.md").unwrap();
        let index = LineIndex::new(text);
        let resolve = |_: &str, _: Span| None;
        let wire: Vec<WireDiagnostic<'_>> = findings
            .iter()
            .map(|f| diagnostic(&uri, text, &index, f, 7, PositionEncoding::Utf16, &resolve))
            .collect();
        let body: serde_json::Value =
            serde_json::from_slice(&publish_message(&uri, Some(7), &wire)).unwrap();
        let expected_params = tower_lsp::lsp_types::PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics: findings
                .iter()
                .map(|f| owned_diagnostic(&uri, text, &index, f, 7))
                .collect(),
            version: Some(7),
        };
        assert_eq!(body["jsonrpc"], "2.0");
        assert_eq!(body["method"], "textDocument/publishDiagnostics");
        assert_eq!(
            body["params"],
            serde_json::to_value(expected_params).unwrap()
        );
        // What code actions read back.
        let data: DiagnosticData =
            serde_json::from_value(body["params"]["diagnostics"][0]["data"].clone()).unwrap();
        assert_eq!(data.version, 7);
        assert_eq!(data.rule, findings[0].rule);
        let cleared: serde_json::Value =
            serde_json::from_slice(&publish_message(&uri, None, &[])).unwrap();
        assert_eq!(
            cleared["params"],
            serde_json::json!({"uri": "file:///tmp/story.md", "diagnostics": []})
        );
    }
}
