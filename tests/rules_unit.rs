//! Fixture tests for the `unit/` rules: each fixture is linted with only its rule on, and
//! the findings and the text after applying fixes are compared with insta snapshots.

use copydesk::config::{Config, Style};
use copydesk::lint::fix::{fix_text, FixMode};
use copydesk::lint::{lint, Finding};

fn config_for(rule_id: &str, style: Style) -> Config {
    let mut config = Config::only(rule_id);
    config.style = style;
    config
}

fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn render(source: &str, findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        let (line, column) = line_col(source, finding.span.start);
        out.push_str(&format!(
            "{line}:{column} {} {} `{}`: {}\n",
            finding.severity.as_str(),
            finding.rule,
            &source[finding.span.start..finding.span.end],
            finding.message
        ));
        for fix in &finding.fixes {
            let edits: Vec<String> = fix
                .edits
                .iter()
                .map(|e| {
                    format!(
                        "`{}` -> `{}`",
                        &source[e.span.start..e.span.end],
                        e.new_text
                    )
                })
                .collect();
            out.push_str(&format!(
                "    fix ({}) {}: {}\n",
                fix.applicability.as_str(),
                fix.title,
                edits.join(", ")
            ));
        }
    }
    out
}

/// Lints `fixture` with only `rule_id` on, snapshots findings and fixed text, and checks
/// that fixing is idempotent and leaves only findings that never had a fix.
fn check(rule_id: &str, fixture: &str, style: Style) -> Vec<Finding> {
    let path = format!(
        "{}/tests/fixtures/unit/{fixture}.md",
        env!("CARGO_MANIFEST_DIR")
    );
    let source = std::fs::read_to_string(&path).expect("fixture");
    let config = config_for(rule_id, style);
    let findings = lint(&source, &config).findings;
    assert!(findings.iter().all(|f| f.rule == rule_id));
    let fixed = fix_text(&source, &config, FixMode::Unsafe).text;
    insta::assert_snapshot!(
        fixture,
        format!("{}\n---- fixed ----\n{fixed}", render(&source, &findings))
    );
    assert_eq!(fix_text(&fixed, &config, FixMode::Unsafe).text, fixed);
    let remaining = lint(&fixed, &config).findings;
    assert!(
        remaining.iter().all(|f| f.fixes.is_empty()),
        "{fixture}: fixable findings remain after fixing: {remaining:?}"
    );
    let fixless = findings.iter().filter(|f| f.fixes.is_empty()).count();
    assert!(remaining.len() <= fixless, "{fixture}: {remaining:?}");
    findings
}

#[test]
fn mixed_system() {
    let findings = check("unit/mixed-system", "mixed-system", Style::Ap);
    // Every exemption in the fixture stays silent: only the four metric figures of the
    // first paragraphs are flagged.
    assert_eq!(findings.len(), 4);
    assert!(check("unit/mixed-system", "mixed-system-equivalence", Style::Ap).is_empty());
}

#[test]
fn spelling_variant() {
    assert_eq!(
        check("unit/spelling-variant", "spelling-variant", Style::Ap).len(),
        6
    );
    check(
        "unit/spelling-variant",
        "spelling-variant-guardian",
        Style::Guardian,
    );
}

#[test]
fn conversion_mismatch() {
    let findings = check("unit/conversion-mismatch", "conversion-mismatch", Style::Ap);
    let errors = findings
        .iter()
        .filter(|f| f.severity == copydesk::lint::Severity::Error)
        .count();
    assert_eq!(errors, 4);
}

#[test]
fn percent_form() {
    assert_eq!(
        check("unit/percent-form", "percent-form", Style::Ap).len(),
        6
    );
    assert_eq!(
        check(
            "unit/percent-form",
            "percent-form-guardian",
            Style::Guardian
        )
        .len(),
        2
    );
}

#[test]
fn percentage_points() {
    assert_eq!(
        check("unit/percentage-points", "percentage-points", Style::Ap).len(),
        2
    );
}

#[test]
fn temperature() {
    check("unit/temperature", "temperature", Style::Ap);
}

#[test]
fn currency() {
    assert_eq!(check("unit/currency", "currency", Style::Ap).len(), 7);
    assert_eq!(
        check("unit/currency", "currency-guardian", Style::Guardian).len(),
        1
    );
}
