//! Fixture tests for the `time/` family: each fixture is linted with only its rule on,
//! and the findings and the fixed text are compared with insta snapshots.

use copydesk::config::Style;
use copydesk::lint::fix::FixMode;

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{fix_and_verify, fixture, only, report};

/// Lints the fixture for `rule`, snapshots findings and fixed text, and checks that
/// fixing is idempotent and leaves the rule with nothing it could fix.
fn check(rule: &str, mode: FixMode, style: Style, snapshot: &str) {
    let source = fixture(rule);
    let config = only(rule, style);
    insta::assert_snapshot!(format!("{snapshot}_findings"), report(&source, &config));
    insta::assert_snapshot!(
        format!("{snapshot}_fixed"),
        fix_and_verify(rule, &source, &config, mode)
    );
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
