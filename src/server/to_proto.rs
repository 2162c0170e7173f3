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
/// to the JSON of a `Diagnostic` (without copying every message, rule id and fix into
/// owned LSP values first: a long draft republishes hundreds of them on every
/// keystroke). Its `data`, a [`DiagnosticData`], names the version, so it is written
/// apart (see [`publish_message`]) and the rest can be kept for the next version.
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

/// The diagnostics of a published version, each serialised without its `data` (which
/// names the version) and without its closing brace, kept with the version's snapshot:
/// the next version's publish copies those of the findings that an edit only moved
/// (same text, same positions) instead of converting and serialising them again (in a
/// 10 MB draft that republishes two thousand findings, a fifth of a keystroke).
#[derive(Debug, Default)]
pub struct Serialised {
    bytes: Vec<u8>,
    /// Where each finding's JSON ends in `bytes`, in published order.
    ends: Vec<usize>,
    /// How many were copied from the previous publish.
    copied: usize,
}

impl Serialised {
    /// How many findings' JSON was copied from the previous publish.
    pub fn copied(&self) -> usize {
        self.copied
    }

    /// The JSON of the `nth` finding.
    fn get(&self, nth: usize) -> Option<&[u8]> {
        let end = *self.ends.get(nth)?;
        let start = nth.checked_sub(1).map_or(0, |before| self.ends[before]);
        self.bytes.get(start..end)
    }
}

/// What the last publish of a draft left, and how its text became the one published now:
/// a finding it published whose places all lie on lines the edit left alone, with the
/// same text, is copied from `serialised`.
pub struct Previous<'a> {
    /// The findings published then.
    pub findings: &'a [Finding],
    /// Their JSON.
    pub serialised: &'a Serialised,
    /// Where their positions still hold: see [`Unmoved`].
    pub unmoved: Unmoved,
}

/// The stretches of an earlier text whose LSP positions an edit left as they were: the
/// lines before the edited ones, and those after them when the edit added or removed no
/// line break (their bytes then only moved by `delta`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unmoved {
    /// Offsets up to this one (the start of the first edited line) kept their places.
    before: usize,
    /// Offsets from this one on (the start of the line after the last edited one) are
    /// `delta` bytes further on in the new text, at the same positions.
    after: usize,
    delta: isize,
}

impl Unmoved {
    /// For an edit of `old` (indexed by `old_index`) into a text of `new_len` bytes
    /// (indexed by `new_index`) that left `diff`'s head and tail alone; `None` when it
    /// changed the number of lines (every position after it moved).
    pub fn of(
        old: &str,
        old_index: &LineIndex,
        new_len: usize,
        new_index: &LineIndex,
        diff: crate::document::Diff,
    ) -> Option<Unmoved> {
        if old_index.line_count() != new_index.line_count() {
            return None;
        }
        let diff = diff.within(old.len(), new_len);
        let old_end = old.len() - diff.tail;
        let before = old_index.line_start(old_index.line_of(diff.head));
        let last = old_index.line_of(old_end);
        let after = if last + 1 < old_index.line_count() {
            old_index.line_start(last + 1)
        } else {
            usize::MAX
        };
        Some(Unmoved {
            before,
            after,
            delta: new_len as isize - old.len() as isize,
        })
    }

    /// Where the old span `span` is now, if its positions did not change.
    fn moved(&self, span: Span) -> Option<Span> {
        if span.end <= self.before {
            Some(span)
        } else if span.start >= self.after {
            Some(span.shifted(self.delta))
        } else {
            None
        }
    }

    /// Whether old finding `old` is `new` moved, on lines the edit left alone, so that
    /// it is published the same (fixes are not part of a diagnostic).
    fn same(&self, old: &Finding, new: &Finding) -> bool {
        old.rule == new.rule
            && old.severity == new.severity
            && old.unnecessary == new.unnecessary
            && self.moved(old.span) == Some(new.span)
            && old.message == new.message
            && old.related.len() == new.related.len()
            && old.related.iter().zip(&new.related).all(|(a, b)| {
                a.path.is_none()
                    && b.path.is_none()
                    && a.message == b.message
                    && self.moved(a.span) == Some(b.span)
            })
    }
}

/// The `textDocument/publishDiagnostics` notification of `findings`, converted by
/// `convert` (the `nth` finding is published with `data.finding` = `nth`), and the
/// findings' JSON to keep for the next version's publish. Findings that `previous`
/// published the same are copied from there.
pub fn publish_message(
    convert: &mut Diagnostics<'_>,
    findings: &[Finding],
    previous: Option<&Previous<'_>>,
) -> (Vec<u8>, Serialised) {
    let uri = convert.of.uri;
    let version = convert.of.version;
    // Room for a typical diagnostic up front: grown by doubling, the message for a long
    // draft (1 MB) was copied some ten times over.
    let mut message = Vec::with_capacity(256 + findings.len() * 512);
    let mut serialised = Serialised {
        bytes: Vec::with_capacity(findings.len() * 448),
        ends: Vec::with_capacity(findings.len()),
        copied: 0,
    };
    message.extend_from_slice(
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
    );
    write_json(&mut message, uri);
    message.extend_from_slice(br#","diagnostics":["#);
    // The previous findings are in order, as these are: a cursor walks them once.
    let mut old_at = 0;
    for (nth, finding) in findings.iter().enumerate() {
        let start = serialised.bytes.len();
        let kept = previous.and_then(|previous| {
            let unmoved = previous.unmoved;
            let old = previous.findings;
            while old_at < old.len() {
                match unmoved.moved(old[old_at].span) {
                    Some(span)
                        if (span.start, span.end, old[old_at].rule)
                            >= (finding.span.start, finding.span.end, finding.rule) =>
                    {
                        break
                    }
                    _ => old_at += 1,
                }
            }
            let mut at = old_at;
            while at < old.len() && unmoved.moved(old[at].span) == Some(finding.span) {
                if old[at].rule == finding.rule && unmoved.same(&old[at], finding) {
                    return previous.serialised.get(at);
                }
                at += 1;
            }
            None
        });
        match kept {
            Some(json) => {
                serialised.bytes.extend_from_slice(json);
                serialised.copied += 1;
            }
            None => {
                write_json(&mut serialised.bytes, &convert.diagnostic(finding));
                // Without the closing brace: `data` follows.
                if serialised.bytes.last() == Some(&b'}') {
                    serialised.bytes.pop();
                }
            }
        }
        serialised.ends.push(serialised.bytes.len());
        if nth > 0 {
            message.push(b',');
        }
        message.extend_from_slice(&serialised.bytes[start..]);
        message.extend_from_slice(br#","data":"#);
        write_json(
            &mut message,
            &WireData {
                version,
                rule: finding.rule,
                finding: nth,
            },
        );
        message.push(b'}');
    }
    message.push(b']');
    message.extend_from_slice(br#","version":"#);
    write_json(&mut message, &version);
    message.extend_from_slice(b"}}");
    (message, serialised)
}

/// The `textDocument/publishDiagnostics` notification that clears `uri`'s diagnostics.
pub fn clear_message(uri: &Url, version: Option<i32>) -> Vec<u8> {
    let mut message = Vec::with_capacity(128);
    message.extend_from_slice(
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
    );
    write_json(&mut message, uri);
    message.extend_from_slice(br#","diagnostics":[]"#);
    if let Some(version) = version {
        message.extend_from_slice(br#","version":"#);
        write_json(&mut message, &version);
    }
    message.extend_from_slice(b"}}");
    message
}

/// Appends `value`'s JSON (values made here always serialise).
fn write_json(out: &mut Vec<u8>, value: &impl Serialize) {
    let start = out.len();
    if let Err(error) = serde_json::to_writer(&mut *out, value) {
        tracing::error!("could not serialise a diagnostic: {error}");
        out.truncate(start);
        out.extend_from_slice(b"null");
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

    /// The diagnostic of `finding` (its `data` is written apart).
    pub fn diagnostic<'f>(&mut self, finding: &'f Finding) -> WireDiagnostic<'f>
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
        let (message, _) = publish_message(&mut convert, findings, None);
        let body: serde_json::Value = serde_json::from_slice(&message).unwrap();
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
            serde_json::from_slice(&clear_message(&uri, None)).unwrap();
        assert_eq!(
            cleared["params"],
            serde_json::json!({"uri": "file:///tmp/story.md", "diagnostics": []})
        );
    }

    /// The publish of `new`, made fresh and made copying from the publish of `old` (linted
    /// with one cache, as the server does): the two messages must be the same bytes.
    /// Returns how many diagnostics were copied.
    fn republished(old: &str, new: &str) -> usize {
        let uri = Url::parse("file:///tmp/story.md").unwrap();
        let resolve = |_: &str, _: Span| None;
        let config = Config::default();
        let mut cache = crate::lint::BlockCache::default();
        let old_findings = crate::lint::lint_cached(old, &config, &mut cache).findings;
        let new_findings = crate::lint::lint_cached(new, &config, &mut cache).findings;
        let (old_index, new_index) = (LineIndex::new(old), LineIndex::new(new));
        let publish = |text: &str, index: &LineIndex, findings: &[Finding], version, previous| {
            let mut convert = Diagnostics::new(Published {
                uri: &uri,
                text,
                index,
                version,
                encoding: PositionEncoding::Utf16,
                resolve: &resolve,
            });
            publish_message(&mut convert, findings, previous)
        };
        let (_, old_json) = publish(old, &old_index, &old_findings, 1, None);
        let (fresh, fresh_json) = publish(new, &new_index, &new_findings, 2, None);
        let diff = crate::document::Diff::of(old.as_bytes(), new.as_bytes());
        let copied = match Unmoved::of(old, &old_index, new.len(), &new_index, diff) {
            Some(unmoved) => {
                let previous = Previous {
                    findings: &old_findings,
                    serialised: &old_json,
                    unmoved,
                };
                let (copying, copying_json) =
                    publish(new, &new_index, &new_findings, 2, Some(&previous));
                assert_eq!(
                    String::from_utf8_lossy(&copying),
                    String::from_utf8_lossy(&fresh)
                );
                assert_eq!(copying_json.bytes, fresh_json.bytes);
                assert_eq!(copying_json.ends, fresh_json.ends);
                copying_json.copied()
            }
            None => 0,
        };
        serde_json::from_slice::<serde_json::Value>(&fresh).expect("valid JSON");
        copied
    }

    /// A keystroke's publish copies the diagnostics on lines it left alone and converts
    /// the rest: the message is the same bytes as one converted afresh, whether the edit
    /// is before, between or on the lines of findings, moves a line, adds or removes one.
    #[test]
    fn republish_copies_what_an_edit_only_moved() {
        let twice = "The council met for four hours on Tuesday night and voted to close the \
                     bridge until the inspectors finish their “work” in the spring.";
        let old = format!(
            "# Bridge — closure\n\nOfficials said costs rose 12 percent on Feb 4th.\n\n\
             {twice}\n\nThe mayor said it “was a mistake.” Residents wrote letters.\n\n\
             {twice}\n\nIt rained on Feb 4th, 2025, at 4:23 AM.\n\nSign up for our newsletter.\n\n\
             The program is the most successful in the history of the state.\n"
        );
        let findings = crate::lint::lint(&old, &Config::default()).findings;
        assert!(findings.len() >= 6, "{findings:?}");
        let at = |needle: &str| old.find(needle).unwrap();
        let edit = |offset: usize, remove: usize, insert: &str| {
            let mut new = old.clone();
            new.replace_range(offset..offset + remove, insert);
            new
        };
        let n = findings.len();
        // A word typed in a paragraph without findings: every finding is copied.
        let typed = edit(at("Residents"), 0, "Many ");
        let copied = republished(&old, &typed);
        let on_line = findings
            .iter()
            .filter(|f| {
                let line = |o: usize| old[..o].matches('\n').count();
                let edited = line(at("Residents"));
                line(f.span.start) == edited
                    || line(f.span.end) == edited
                    || f.related.iter().any(|r| line(r.span.start) == edited)
            })
            .count();
        assert_eq!(copied, n - on_line, "{findings:#?}");
        assert!(copied > 0);
        // On the line of a finding: that one (and those pointing at it) converted afresh.
        let on_finding = edit(at("It rained") + 3, 0, "x");
        let copied = republished(&old, &on_finding);
        assert!(copied > 0 && copied < n, "{copied} of {n}");
        // A character deleted at the very start, and one typed at the very end.
        assert!(republished(&old, &edit(0, 1, "")) > 0);
        assert_eq!(republished(&old, &edit(old.len(), 0, "More.")), n);
        // A line break added or removed: every later position moved, nothing copied.
        assert_eq!(republished(&old, &edit(at("Residents"), 0, "\n")), 0);
        assert_eq!(republished(&old, &edit(at("The mayor") - 1, 1, "")), 0);
        // A finding's text changed (its message quotes it): converted afresh.
        let reworded = edit(at("Feb 4th, 2025") + 4, 1, "5");
        assert!(republished(&old, &reworded) < n);
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
