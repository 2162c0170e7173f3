//! Fixture snapshots for the `boilerplate/` family: findings, and the text after fixes.

use copydesk::config::{Config, RuleLevel};
use copydesk::lint::fix::{fix_text, FixMode};
use copydesk::lint::{lint, registry};
use std::fmt::Write;

/// Lints `fixture` with only `rule` enabled and renders the findings one per line.
fn render(rule: &str, source: &str) -> (Config, String) {
    let mut config = Config::default();
    for other in registry::all_rules() {
        if other.meta().id != rule {
            config
                .rules
                .insert(other.meta().id.to_string(), RuleLevel::Off);
        }
    }
    let mut out = String::new();
    for finding in lint(source, &config).findings {
        let line = source[..finding.span.start].matches('\n').count() + 1;
        let _ = writeln!(
            out,
            "{line}: {}[{}] {} `{}`",
            finding.severity.as_str(),
            finding.rule,
            finding.message,
            &source[finding.span.start..finding.span.end]
        );
        for fix in &finding.fixes {
            let _ = writeln!(
                out,
                "    fix ({}): {}",
                fix.applicability.as_str(),
                fix.title
            );
        }
    }
    (config, out)
}

#[test]
fn duplicate_paragraph() {
    let source = include_str!("fixtures/boilerplate/duplicate-paragraph.md");
    let (config, findings) = render("boilerplate/duplicate-paragraph", source);
    insta::assert_snapshot!("duplicate_paragraph_findings", findings);
    let fixed = fix_text(source, &config, FixMode::Unsafe);
    insta::assert_snapshot!("duplicate_paragraph_fixed", fixed.text);
    assert_eq!(
        fix_text(&fixed.text, &config, FixMode::Unsafe).text,
        fixed.text,
        "fixing twice changes nothing"
    );
    let remaining = lint(&fixed.text, &config).findings;
    assert!(
        remaining.iter().all(|f| f.fixes.is_empty()),
        "every fixable finding was fixed: {remaining:#?}"
    );
    assert_eq!(
        remaining.len(),
        1,
        "the duplicated list item has no whole-line fix"
    );
}
