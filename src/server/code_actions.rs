//! Code actions: the fixes of the finding each diagnostic names (taken from the snapshot
//! of the version it was published for) as quick fixes (versioned edits, so a stale fix
//! cannot land on changed text), a "disable for this line" action, and
//! `source.fixAll.copydesk` computed on the current text.
//!
//! Fixes with a placeholder (`[SOURCE]`) go to clients that declare the experimental
//! client capability `copydeskSnippets` as a command instead of an edit: LSP 3.17 edits
//! cannot carry snippets, so the client runs [`APPLY_SNIPPET_COMMAND`] itself with
//! [`ApplySnippetArgs`] and inserts the snippet with a tab stop on the placeholder (the way
//! rust-analyzer did before 3.18's `SnippetTextEdit`). The server does not list that
//! command in `executeCommandProvider`: it only runs in the client.

use super::to_proto::{DiagnosticData, FixData, SOURCE};
use crate::lint::Applicability;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, Diagnostic, DocumentChanges,
    NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier, Position, Range,
    TextDocumentEdit, TextEdit, Url, WorkspaceEdit,
};

/// The client-side command that inserts a snippet (see the module docs).
pub const APPLY_SNIPPET_COMMAND: &str = "copydesk.applySnippet";

/// The experimental client capability (`capabilities.experimental.copydeskSnippets`)
/// saying the client implements [`APPLY_SNIPPET_COMMAND`].
pub const SNIPPET_CAPABILITY: &str = "copydeskSnippets";

/// The single argument of [`APPLY_SNIPPET_COMMAND`].
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ApplySnippetArgs {
    /// The document.
    pub uri: Url,
    /// The document version `range` refers to; the client refuses to insert into another.
    pub version: i32,
    /// The range the snippet replaces.
    pub range: Range,
    /// LSP snippet text, with a tab stop on the placeholder (`${1:source}`).
    pub snippet: String,
}

/// The fix-all code action kind.
pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.copydesk")
}

/// A workspace edit for one document: versioned when the client supports document
/// changes, a plain `changes` map otherwise.
pub fn document_edit(
    uri: &Url,
    version: i32,
    edits: Vec<TextEdit>,
    versioned: bool,
) -> WorkspaceEdit {
    if versioned {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// Quick fixes for the copydesk diagnostics in `diagnostics`. Diagnostics whose data was
/// computed for another version than `current_version` get no action (it would be
/// stale), nor do those `fixes_of` does not find: it gives the fixes of the finding a
/// diagnostic names, from the snapshot of that version (`None` when there is none, or the
/// finding there is not the diagnostic's). With `snippet_command`, fixes that have a
/// snippet form run [`APPLY_SNIPPET_COMMAND`] instead of carrying an edit.
/// `block_line_start` maps a diagnostic to the start of the line where its block begins,
/// for the suppression comment.
pub fn quick_fixes(
    uri: &Url,
    current_version: i32,
    diagnostics: &[Diagnostic],
    versioned: bool,
    snippet_command: bool,
    fixes_of: impl Fn(&Diagnostic, &DiagnosticData) -> Option<Vec<FixData>>,
    block_line_start: impl Fn(&Diagnostic) -> Position,
) -> Vec<CodeActionOrCommand> {
    let mut actions = Vec::new();
    for diagnostic in diagnostics {
        if diagnostic.source.as_deref() != Some(SOURCE) {
            continue;
        }
        let Some(data) = diagnostic
            .data
            .clone()
            .and_then(|d| serde_json::from_value::<DiagnosticData>(d).ok())
        else {
            continue;
        };
        if data.version != current_version {
            tracing::debug!(uri = %uri, data.version, current_version, "refusing stale fixes");
            continue;
        }
        let Some(fixes) = fixes_of(diagnostic, &data) else {
            tracing::debug!(uri = %uri, data.finding, "no such finding in the current snapshot");
            continue;
        };
        let mut preferred_given = false;
        for fix in &fixes {
            let preferred = fix.applicability == Applicability::Safe && !preferred_given;
            preferred_given |= preferred;
            let title = match fix.applicability {
                Applicability::Suggestion => format!("{} (suggestion)", fix.title),
                _ => fix.title.clone(),
            };
            let snippet = fix.snippet.as_ref().filter(|_| snippet_command);
            let (edit, command) = match snippet {
                Some(snippet) => {
                    let args = ApplySnippetArgs {
                        uri: uri.clone(),
                        version: current_version,
                        range: snippet.range,
                        snippet: snippet.snippet.clone(),
                    };
                    let command = Command {
                        title: title.clone(),
                        command: APPLY_SNIPPET_COMMAND.to_string(),
                        arguments: serde_json::to_value(args).ok().map(|a| vec![a]),
                    };
                    (None, Some(command))
                }
                None => (
                    Some(document_edit(
                        uri,
                        current_version,
                        fix.edits.clone(),
                        versioned,
                    )),
                    None,
                ),
            };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit,
                command,
                is_preferred: Some(preferred),
                ..CodeAction::default()
            }));
        }
        let rule = match &diagnostic.code {
            Some(NumberOrString::String(code)) => code.clone(),
            _ => data.rule.clone(),
        };
        let at = block_line_start(diagnostic);
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Disable {rule} for this paragraph"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            edit: Some(document_edit(
                uri,
                current_version,
                vec![TextEdit::new(
                    Range::new(at, at),
                    format!("<!-- copydesk-disable-next-line {rule} -->\n"),
                )],
                versioned,
            )),
            is_preferred: Some(false),
            ..CodeAction::default()
        }));
    }
    actions
}

/// The smallest single edit turning `old` into `new` (common prefix and suffix kept), as
/// byte offsets into `old` and the replacement text.
pub fn minimal_edit(old: &str, new: &str) -> (usize, usize, String) {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    (
        prefix,
        old.len() - suffix,
        new[prefix..new.len() - suffix].to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::to_proto::{FixData, SnippetEdit};

    fn claim_fixes() -> Vec<FixData> {
        let at = Range::new(Position::new(2, 10), Position::new(2, 10));
        vec![FixData {
            title: "Add source".into(),
            applicability: Applicability::Suggestion,
            edits: vec![TextEdit::new(at, ", according to [SOURCE]".into())],
            snippet: Some(SnippetEdit {
                range: at,
                snippet: ", according to ${1:source}".into(),
            }),
        }]
    }

    fn claim_diagnostic(version: i32) -> Diagnostic {
        let data = DiagnosticData {
            version,
            rule: "attribution/unattributed-claim".into(),
            finding: 0,
        };
        Diagnostic {
            range: Range::new(Position::new(2, 0), Position::new(2, 10)),
            source: Some(SOURCE.into()),
            code: Some(NumberOrString::String(data.rule.clone())),
            data: serde_json::to_value(data).ok(),
            ..Diagnostic::default()
        }
    }

    /// The snapshot holds the claim as finding 0 of version 4.
    fn snapshot_fixes(_: &Diagnostic, data: &DiagnosticData) -> Option<Vec<FixData>> {
        (data.version == 4 && data.finding == 0).then(claim_fixes)
    }

    fn first_action(actions: &[CodeActionOrCommand]) -> &CodeAction {
        match &actions[0] {
            CodeActionOrCommand::CodeAction(action) => action,
            other => panic!("not a code action: {other:?}"),
        }
    }

    #[test]
    fn snippet_fixes_become_the_client_command_only_when_declared() {
        let uri = Url::parse("file:///d/story.md").unwrap();
        let diagnostics = [claim_diagnostic(4)];
        let line = |_: &Diagnostic| Position::new(2, 0);
        let with = quick_fixes(&uri, 4, &diagnostics, true, true, snapshot_fixes, line);
        let action = first_action(&with);
        assert!(action.edit.is_none());
        let command = action.command.as_ref().expect("command");
        assert_eq!(command.command, APPLY_SNIPPET_COMMAND);
        let args: ApplySnippetArgs =
            serde_json::from_value(command.arguments.as_ref().unwrap()[0].clone()).unwrap();
        assert_eq!(args.uri, uri);
        assert_eq!(args.version, 4);
        assert_eq!(args.snippet, ", according to ${1:source}");
        assert_eq!(args.range.start, Position::new(2, 10));
        // The suppression action stays an edit.
        assert!(matches!(&with[1], CodeActionOrCommand::CodeAction(a) if a.edit.is_some()));

        let without = quick_fixes(&uri, 4, &diagnostics, true, false, snapshot_fixes, line);
        let action = first_action(&without);
        assert!(action.command.is_none());
        assert!(action.edit.is_some());

        // Data computed for version 4 gives no action at version 5.
        let stale = quick_fixes(&uri, 5, &diagnostics, true, true, snapshot_fixes, line);
        assert!(stale.is_empty(), "{stale:?}");
        // Nor does a diagnostic whose finding the snapshot does not hold.
        let unknown = quick_fixes(&uri, 4, &diagnostics, true, true, |_, _| None, line);
        assert!(unknown.is_empty(), "{unknown:?}");
    }

    #[test]
    fn minimal_edit_keeps_common_ends() {
        assert_eq!(
            minimal_edit("Feb 4 and Sep 5", "Feb. 4 and Sept. 5"),
            (3, 13, ". 4 and Sept.".to_string())
        );
        assert_eq!(minimal_edit("same", "same"), (4, 4, String::new()));
        assert_eq!(minimal_edit("aé", "aè"), (1, 3, "è".to_string()));
    }
}
