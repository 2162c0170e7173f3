//! Renderers for `check`: human-readable lines and the JSON contract (check-json.md).
//! The only code in the CLI that prints findings to stdout.

use crate::document::{LineIndex, PositionEncoding};
use crate::lint::{Applicability, Finding, Severity, Span};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// One checked draft: its findings with positions, or the error that stopped it.
pub struct CheckedFile {
    /// Path as shown.
    pub path: String,
    /// Findings sorted by span start.
    pub findings: Vec<Finding>,
    /// Why the file could not be checked.
    pub error: Option<String>,
    text: String,
    line_index: Option<LineIndex>,
}

impl CheckedFile {
    /// A checked draft.
    pub fn new(path: &Path, text: &str, findings: Vec<Finding>) -> CheckedFile {
        CheckedFile {
            path: path.display().to_string(),
            findings,
            error: None,
            text: text.to_string(),
            line_index: Some(LineIndex::new(text)),
        }
    }

    /// A draft that could not be checked.
    pub fn error(path: &Path, message: String) -> CheckedFile {
        CheckedFile {
            path: path.display().to_string(),
            findings: Vec::new(),
            error: Some(message),
            text: String::new(),
            line_index: None,
        }
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    files: Vec<JsonFile<'a>>,
    errors: Vec<JsonError<'a>>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    span: Span,
    range: JsonRange,
    related: Vec<JsonRelated<'a>>,
    fixes: Vec<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonRange {
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Serialize)]
struct JsonPosition {
    line: u32,
    character: u32,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: &'a str,
    span: Span,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    span: Span,
    new_text: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    message: &'a str,
}

/// Prints the JSON report (one document on stdout).
pub fn print_json(files: &[CheckedFile], walk_errors: &[(String, String)]) {
    let mut report = JsonReport {
        version: 1,
        files: Vec::new(),
        errors: Vec::new(),
    };
    for file in files {
        if let Some(message) = &file.error {
            report.errors.push(JsonError {
                path: &file.path,
                message,
            });
            continue;
        }
        let Some(index) = &file.line_index else {
            continue;
        };
        let position = |offset: usize| {
            let p = index.position(&file.text, offset, PositionEncoding::Utf16);
            JsonPosition {
                line: p.line,
                character: p.character,
            }
        };
        let findings = file
            .findings
            .iter()
            .map(|f| JsonFinding {
                rule: f.rule,
                severity: f.severity,
                message: &f.message,
                span: f.span,
                range: JsonRange {
                    start: position(f.span.start),
                    end: position(f.span.end),
                },
                related: f
                    .related
                    .iter()
                    .map(|r| JsonRelated {
                        path: r.path.as_deref().unwrap_or(&file.path),
                        span: r.span,
                        message: &r.message,
                    })
                    .collect(),
                fixes: f
                    .fixes
                    .iter()
                    .map(|x| JsonFix {
                        title: &x.title,
                        applicability: x.applicability,
                        edits: x
                            .edits
                            .iter()
                            .map(|e| JsonEdit {
                                span: e.span,
                                new_text: &e.new_text,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        report.files.push(JsonFile {
            path: &file.path,
            findings,
        });
    }
    for (path, message) in walk_errors {
        report.errors.push(JsonError { path, message });
    }
    let mut stdout = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut stdout, &report);
    let _ = writeln!(stdout);
}

/// Prints findings as `path:line:col: severity[rule] message` with fix titles, then a summary.
pub fn print_human(files: &[CheckedFile], walk_errors: &[(String, String)]) {
    let mut stdout = std::io::stdout().lock();
    let mut counts = [0usize; 4];
    let (mut safe, mut unsafe_fixes) = (0usize, 0usize);
    for file in files {
        if let Some(message) = &file.error {
            eprintln!("copydesk: {}: {message}", file.path);
            continue;
        }
        let Some(index) = &file.line_index else {
            continue;
        };
        for finding in &file.findings {
            let (line, col) = index.human_line_col(&file.text, finding.span.start);
            let _ = writeln!(
                stdout,
                "{}:{}:{}: {}[{}] {}",
                file.path,
                line,
                col,
                finding.severity.as_str(),
                finding.rule,
                finding.message
            );
            for fix in &finding.fixes {
                let _ = writeln!(
                    stdout,
                    "  = fix ({}): {}",
                    fix.applicability.as_str(),
                    fix.title
                );
            }
            counts[finding.severity as usize] += 1;
            match finding.fixes.iter().map(|f| f.applicability).min() {
                Some(Applicability::Safe) => safe += 1,
                Some(Applicability::Unsafe) => unsafe_fixes += 1,
                _ => {}
            }
        }
    }
    for (path, message) in walk_errors {
        eprintln!("copydesk: {path}: {message}");
    }
    let total: usize = counts.iter().sum();
    let checked = files.iter().filter(|f| f.error.is_none()).count();
    if total == 0 {
        let _ = writeln!(stdout, "No findings in {checked} file{}.", plural(checked));
        return;
    }
    let _ = writeln!(
        stdout,
        "Found {total} finding{} ({} error{}, {} warning{}, {} info, {} hint{}) in {checked} file{}.",
        plural(total),
        counts[3],
        plural(counts[3]),
        counts[2],
        plural(counts[2]),
        counts[1],
        counts[0],
        plural(counts[0]),
        plural(checked)
    );
    if safe + unsafe_fixes > 0 {
        let _ = writeln!(
            stdout,
            "{safe} fixable with `copydesk fix`; {unsafe_fixes} more with `copydesk fix --unsafe`."
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
