//! Engine data → LSP types: spans to ranges in the negotiated encoding, findings to
//! diagnostics whose `data` names the version they were computed for and the finding's
//! place in that version's snapshot (code actions take its fixes from there).

use crate::document::{Cursor, LineIndex, PositionEncoding, TextPosition};
use crate::lint::{Applicability, Finding, Severity, Span};
use serde::{Deserialize, Serialize};
use tower_lsp::lsp_types::{DiagnosticSeverity, DiagnosticTag, Position, Range, TextEdit, Url};

/// The source name on every diagnostic.
pub const SOURCE: &str = "copydesk";

/// Turns a location in another draft (path, span) into its URI and range.
pub type Resolver<'a> = dyn Fn(&str, Span) -> Option<(Url, Range)> + 'a;

/// A fix in LSP terms, as code actions offer it.
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

/// `Diagnostic.data`: the document version the diagnostic was computed for and which
/// finding of that version's snapshot it is. A code action takes the finding's fixes from
/// the snapshot (when it is still the current version), so a keystroke's
/// `publishDiagnostics` does not carry every fix of the draft: for a long draft the fixes
/// were two fifths of the message, and converting and sending them a third of a
/// keystroke's time.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DiagnosticData {
    /// Document version the diagnostic was computed for.
    pub version: i32,
    /// Rule id (repeated so actions need not trust `code`).
    pub rule: String,
    /// Index of the finding in the published list (the snapshot's findings).
    pub finding: usize,
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
    data: WireData,
}

/// `DiagnosticRelatedInformation`, borrowing its message (and the draft's URI for a
/// place in the same draft).
#[derive(Debug, Serialize)]
struct WireRelated<'a> {
    location: WireLocation<'a>,
    message: &'a str,
}

/// A `Location`.
#[derive(Debug, Serialize)]
struct WireLocation<'a> {
    uri: std::borrow::Cow<'a, Url>,
    range: Range,
}

/// [`DiagnosticData`], without copying the rule id.
#[derive(Debug, Serialize)]
struct WireData {
    version: i32,
    rule: &'static str,
    finding: usize,
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

/// One version of a draft whose findings are published: where its positions come from.
pub struct Published<'a> {
    /// The draft.
    pub uri: &'a Url,
    /// Its text at `version`.
    pub text: &'a str,
    /// The line index of `text`.
    pub index: &'a LineIndex,
    /// The version the findings were computed for.
    pub version: i32,
    /// How columns are counted.
    pub encoding: PositionEncoding,
    /// Turns a location in another draft into its URI and range.
    pub resolve: &'a Resolver<'a>,
}

/// Converts the findings published for one version of a draft to diagnostics, in
/// order: positions are counted on from the last one (see [`LineIndex::position_from`]).
pub struct Diagnostics<'a> {
    of: Published<'a>,
    /// The last start looked up.
    at: Cursor,
}

impl<'a> Diagnostics<'a> {
    /// A converter for the findings of `of`.
    pub fn new(of: Published<'a>) -> Diagnostics<'a> {
        Diagnostics {
            of,
            at: Cursor::default(),
        }
    }

    /// The range of `span`: its start counted on from the last start, its end from its
    /// start (see [`LineIndex::position_from`]).
    fn range(&mut self, span: Span) -> Range {
        let Published {
            text,
            index,
            encoding,
            ..
        } = self.of;
        let start = index.position_from(text, span.start, encoding, &mut self.at);
        let mut end_at = self.at;
        let end = index.position_from(text, span.end, encoding, &mut end_at);
        Range::new(position(start), position(end))
    }

    /// The diagnostic of `finding`, the `nth` published.
    pub fn diagnostic<'f>(&mut self, finding: &'f Finding, nth: usize) -> WireDiagnostic<'f>
    where
        'a: 'f,
    {
        let range = self.range(finding.span);
        // Related places elsewhere in the draft are looked up apart, so the cursor stays
        // with the findings' own (ordered) positions.
        let at = self.at;
        let related_information = finding
            .related
            .iter()
            .filter_map(|related| {
                let (uri, range) = match &related.path {
                    None => (
                        std::borrow::Cow::Borrowed(self.of.uri),
                        self.range(related.span),
                    ),
                    Some(path) => {
                        let (uri, range) = (self.of.resolve)(path, related.span)?;
                        (std::borrow::Cow::Owned(uri), range)
                    }
                };
                Some(WireRelated {
                    location: WireLocation { uri, range },
                    message: &related.message,
                })
            })
            .collect();
        self.at = at;
        WireDiagnostic {
            range,
            severity: severity(finding.severity),
            code: finding.rule,
            source: SOURCE,
            message: &finding.message,
            related_information,
            tags: finding.unnecessary.then_some([DiagnosticTag::UNNECESSARY]),
            data: WireData {
                version: self.of.version,
                rule: finding.rule,
                finding: nth,
            },
        }
    }
}

/// A finding's fixes in LSP terms, for the text (and its line index) they were computed
/// on.
pub fn fixes(
    text: &str,
    index: &LineIndex,
    finding: &Finding,
    encoding: PositionEncoding,
) -> Vec<FixData> {
    finding
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
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use tower_lsp::lsp_types::{
        Diagnostic, DiagnosticRelatedInformation, Location, NumberOrString,
    };

    /// The diagnostic as `lsp_types` builds it, with `data` as a value: the form the
    /// borrowed wire form must serialise to (clients and `code_actions` read it so).
    fn owned_diagnostic(
        uri: &Url,
        text: &str,
        index: &LineIndex,
        finding: &Finding,
        nth: usize,
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
            finding: nth,
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
        let uri = Url::parse("file:///tmp/story.md").unwrap();
        let index = LineIndex::new(text);
        let resolve = |_: &str, _: Span| None;
        let mut convert = Diagnostics::new(Published {
            uri: &uri,
            text,
            index: &index,
            version: 7,
            encoding: PositionEncoding::Utf16,
            resolve: &resolve,
        });
        let wire: Vec<WireDiagnostic<'_>> = findings
            .iter()
            .enumerate()
            .map(|(nth, f)| convert.diagnostic(f, nth))
            .collect();
        let body: serde_json::Value =
            serde_json::from_slice(&publish_message(&uri, Some(7), &wire)).unwrap();
        let expected_params = tower_lsp::lsp_types::PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics: findings
                .iter()
                .enumerate()
                .map(|(nth, f)| owned_diagnostic(&uri, text, &index, f, nth, 7))
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
        assert_eq!(data.finding, 0);
        let cleared: serde_json::Value =
            serde_json::from_slice(&publish_message(&uri, None, &[])).unwrap();
        assert_eq!(
            cleared["params"],
            serde_json::json!({"uri": "file:///tmp/story.md", "diagnostics": []})
        );
    }

    /// A finding's fixes in LSP terms: edits and the snippet form in UTF-16 columns of the
    /// text they were computed on (a code action reads them from the snapshot).
    #[test]
    fn fixes_convert_to_lsp_ranges_and_snippets() {
        let text =
            "# Café “report”\n\nThe program is the most successful in the history of the state.\n";
        let analysis = crate::lint::lint(text, &Config::default());
        let claim = analysis
            .findings
            .iter()
            .find(|f| f.rule == "attribution/unattributed-claim")
            .expect("a claim");
        let index = LineIndex::new(text);
        let fixes = fixes(text, &index, claim, PositionEncoding::Utf16);
        assert_eq!(fixes.len(), claim.fixes.len());
        let according = &fixes[0];
        assert_eq!(according.applicability, Applicability::Suggestion);
        assert_eq!(according.title, claim.fixes[0].title);
        let end = text.lines().nth(2).unwrap().len() as u32 - 1;
        let at = Range::new(Position::new(2, end), Position::new(2, end));
        assert_eq!(
            according.edits,
            vec![TextEdit::new(at, ", according to [SOURCE]".into())]
        );
        let snippet = according.snippet.as_ref().expect("snippet form");
        assert_eq!(snippet.range, at);
        assert_eq!(snippet.snippet, ", according to ${1:source}");
    }
}
