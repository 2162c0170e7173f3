//! Code actions: each diagnostic's fixes as quick fixes (versioned edits, so a stale fix
//! cannot land on changed text), a "disable for this line" action, and
//! `source.fixAll.copydesk` computed on the current text.

use super::to_proto::{DiagnosticData, SOURCE};
use crate::lint::Applicability;
use std::collections::HashMap;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, DocumentChanges, NumberOrString,
    OneOf, OptionalVersionedTextDocumentIdentifier, Position, Range, TextDocumentEdit, TextEdit,
    Url, WorkspaceEdit,
};

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
/// computed for another version than `current_version` get no fix (it would be stale).
/// `block_line_start` maps a diagnostic to the start of the line where its block begins,
/// for the suppression comment.
pub fn quick_fixes(
    uri: &Url,
    current_version: i32,
    diagnostics: &[Diagnostic],
    versioned: bool,
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
        let mut preferred_given = false;
        for fix in &data.fixes {
            let preferred = fix.applicability == Applicability::Safe && !preferred_given;
            preferred_given |= preferred;
            let title = match fix.applicability {
                Applicability::Suggestion => format!("{} (suggestion)", fix.title),
                _ => fix.title.clone(),
            };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(document_edit(
                    uri,
                    current_version,
                    fix.edits.clone(),
                    versioned,
                )),
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
