//! Shared helpers for the fixture snapshot tests of the `date/` and `time/` families:
//! a config with one rule on, a findings report, and fixing checked for idempotence.
//! Snapshot assertions stay in the test files so snapshot names keep their module.
#![allow(dead_code)]

use copydesk::config::{Config, Style};
use copydesk::lint::fix::{fix_text, FixMode};
use copydesk::lint::{lint, Applicability};

/// Config with every rule but `rule_id` off.
pub fn only(rule_id: &str, style: Style) -> Config {
    let mut config = Config::only(rule_id);
    config.style = style;
    config
}

/// Findings as `line:col rule severity message`, with the flagged text and every fix.
pub fn report(source: &str, config: &Config) -> String {
    let mut out = String::new();
    for finding in lint(source, config).findings {
        let line = source[..finding.span.start].matches('\n').count() + 1;
        let line_start = source[..finding.span.start]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let column = source[line_start..finding.span.start].chars().count() + 1;
        out.push_str(&format!(
            "{line}:{column} {} {} {}\n    text: `{}`\n",
            finding.rule,
            finding.severity.as_str(),
            finding.message,
            &source[finding.span.start..finding.span.end]
        ));
        for fix in &finding.fixes {
            out.push_str(&format!(
                "    fix ({}): {}\n",
                fix.applicability.as_str(),
                fix.title
            ));
        }
    }
    out
}

/// The fixture `tests/fixtures/<family>/<name>.md` of a rule id.
pub fn fixture(rule: &str) -> String {
    let (family, name) = rule.split_once('/').expect("family/name rule id");
    let path = format!(
        "{}/tests/fixtures/{family}/{name}.md",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Fixes `source`, asserts that fixing again changes nothing and that nothing `mode`
/// could fix is left, and returns the fixed text.
pub fn fix_and_verify(rule: &str, source: &str, config: &Config, mode: FixMode) -> String {
    let fixed = fix_text(source, config, mode).text;
    assert_eq!(
        fix_text(&fixed, config, mode).text,
        fixed,
        "fix is not idempotent"
    );
    for finding in lint(&fixed, config).findings {
        assert!(
            finding.fixes.iter().all(|f| match mode {
                FixMode::Safe => f.applicability != Applicability::Safe,
                FixMode::Unsafe => f.applicability == Applicability::Suggestion,
            }),
            "{rule} still fixable after fixing: {finding:?}"
        );
    }
    fixed
}
