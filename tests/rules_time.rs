//! Fixture tests for the `time/` family: each fixture is linted with only its rule on,
//! and the findings and the fixed text are compared with insta snapshots.

use copydesk::config::{Config, RuleLevel, Style};
use copydesk::lint::fix::{fix_text, FixMode};
use copydesk::lint::{lint, registry, Applicability};

/// Config with every rule but `rule_id` off.
fn only(rule_id: &str, style: Style) -> Config {
    let mut config = Config {
        style,
        ..Config::default()
    };
    for rule in registry::all_rules() {
        if rule.meta().id != rule_id {
            config
                .rules
                .insert(rule.meta().id.to_string(), RuleLevel::Off);
        }
    }
    config
}

/// Findings as `line:col severity message`, with the flagged text and every fix.
fn report(source: &str, config: &Config) -> String {
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

/// Lints the fixture for `rule`, snapshots findings and fixed text, and checks that
/// fixing is idempotent and leaves the rule with nothing it could fix.
fn check(rule: &str, mode: FixMode, style: Style, snapshot: &str) {
    let name = rule.split('/').nth(1).unwrap();
    let family = rule.split('/').next().unwrap();
    let path = format!(
        "{}/tests/fixtures/{family}/{name}.md",
        env!("CARGO_MANIFEST_DIR")
    );
    let source = std::fs::read_to_string(&path).unwrap();
    let config = only(rule, style);
    insta::assert_snapshot!(format!("{snapshot}_findings"), report(&source, &config));
    let fixed = fix_text(&source, &config, mode).text;
    insta::assert_snapshot!(format!("{snapshot}_fixed"), fixed);
    assert_eq!(
        fix_text(&fixed, &config, mode).text,
        fixed,
        "fix is not idempotent"
    );
    for finding in lint(&fixed, &config).findings {
        assert!(
            finding.fixes.iter().all(|f| match mode {
                FixMode::Safe => f.applicability != Applicability::Safe,
                FixMode::Unsafe => f.applicability == Applicability::Suggestion,
            }),
            "{rule} still fixable after fixing: {finding:?}"
        );
    }
}

#[test]
fn am_pm() {
    check("time/am-pm", FixMode::Safe, Style::Ap, "am_pm");
}

#[test]
fn am_pm_guardian() {
    check(
        "time/am-pm",
        FixMode::Safe,
        Style::Guardian,
        "am_pm_guardian",
    );
}

#[test]
fn noon_midnight() {
    check(
        "time/noon-midnight",
        FixMode::Safe,
        Style::Ap,
        "noon_midnight",
    );
}

#[test]
fn zone() {
    check("time/zone", FixMode::Unsafe, Style::Ap, "zone");
}
