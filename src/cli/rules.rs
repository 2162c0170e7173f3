//! `copydesk rules [ID]`: list every rule, or print one rule's documentation.

use crate::lint::registry;
use std::io::Write;
use std::process::ExitCode;

/// Lists rules or explains one.
pub fn run(id: Option<&str>, json: bool) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    if let Some(id) = id {
        let Some(rule) = registry::find(id) else {
            eprintln!("copydesk: unknown rule `{id}`; run `copydesk rules` for the list");
            return ExitCode::from(2);
        };
        let meta = rule.meta();
        let _ = writeln!(
            stdout,
            "# {}\n\n{}\n\nDefault severity: {}. Fix: {}.\n",
            meta.id,
            meta.summary,
            meta.default_severity.as_str(),
            meta.fix.as_str()
        );
        let _ = write!(stdout, "{}", meta.explanation());
        return ExitCode::SUCCESS;
    }
    if json {
        let rules: Vec<serde_json::Value> = registry::all_rules()
            .iter()
            .map(|r| {
                let m = r.meta();
                serde_json::json!({"id": m.id, "family": m.family(), "severity": m.default_severity.as_str(), "fix": m.fix.as_str(), "summary": m.summary})
            })
            .collect();
        let _ = writeln!(stdout, "{}", serde_json::Value::Array(rules));
        return ExitCode::SUCCESS;
    }
    let _ = writeln!(
        stdout,
        "{:<36} {:<12} {:<9} {:<10} SUMMARY",
        "RULE", "FAMILY", "SEVERITY", "FIX"
    );
    for rule in registry::all_rules() {
        let m = rule.meta();
        let _ = writeln!(
            stdout,
            "{:<36} {:<12} {:<9} {:<10} {}",
            m.id,
            m.family(),
            m.default_severity.as_str(),
            m.fix.as_str(),
            m.summary
        );
    }
    ExitCode::SUCCESS
}
