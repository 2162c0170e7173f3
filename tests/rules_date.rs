//! Fixture tests for the `date/` family: each fixture is linted with only its rule on,
//! and the findings and the fixed text are compared with insta snapshots.

use copydesk::config::{Config, RuleLevel, Style};
use copydesk::lint::fix::{fix_text, FixMode};
use copydesk::lint::{lint, registry};

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
fn month_abbrev() {
    check(
        "date/month-abbrev",
        FixMode::Safe,
        Style::Ap,
        "month_abbrev",
    );
}

#[test]
fn month_abbrev_guardian() {
    check(
        "date/month-abbrev",
        FixMode::Safe,
        Style::Guardian,
        "month_abbrev_guardian",
    );
}

#[test]
fn ordinal() {
    check("date/ordinal", FixMode::Safe, Style::Ap, "ordinal");
}

#[test]
fn order() {
    check("date/order", FixMode::Safe, Style::Ap, "order");
}

#[test]
fn order_guardian() {
    check(
        "date/order",
        FixMode::Safe,
        Style::Guardian,
        "order_guardian",
    );
}

#[test]
fn invalid() {
    check("date/invalid", FixMode::Safe, Style::Ap, "invalid");
}

#[test]
fn weekday_mismatch() {
    check(
        "date/weekday-mismatch",
        FixMode::Unsafe,
        Style::Ap,
        "weekday_mismatch",
    );
}

#[test]
fn numeric_ambiguous() {
    check(
        "date/numeric-ambiguous",
        FixMode::Safe,
        Style::Ap,
        "numeric_ambiguous",
    );
}

#[test]
fn iso_in_body() {
    check("date/iso-in-body", FixMode::Safe, Style::Ap, "iso_in_body");
}

#[test]
fn decade_apostrophe() {
    check(
        "date/decade-apostrophe",
        FixMode::Safe,
        Style::Ap,
        "decade_apostrophe",
    );
}

#[test]
fn comma() {
    check("date/comma", FixMode::Safe, Style::Ap, "comma");
}

#[test]
fn relative() {
    check("date/relative", FixMode::Unsafe, Style::Ap, "relative");
}

#[test]
fn relative_is_off_in_guardian() {
    let path = format!(
        "{}/tests/fixtures/date/relative.md",
        env!("CARGO_MANIFEST_DIR")
    );
    let source = std::fs::read_to_string(path).unwrap();
    assert!(lint(&source, &only("date/relative", Style::Guardian))
        .findings
        .is_empty());
}

#[test]
fn hover_shows_weekday_and_inferred_year() {
    let source = "---\ndate: 2019-02-04\n---\n# Headline\n\nThe vote was on Feb. 2 and on Friday, Feb. 1, 2019, at 4:00 PM.\n";
    let config = Config::default();
    let analysis = lint(source, &config);
    let at = |needle: &str| source.find(needle).unwrap() + 1;
    // Call the family's provider directly; the server's provider list is wired by the lead.
    let hover = |offset: usize| {
        let block = analysis.document.block_at(offset)?;
        let ctx = copydesk::lint::BlockContext {
            source,
            block,
            facts: &analysis.facts[block.index],
            info: &analysis.document.info,
            config: &config,
            memo: &Default::default(),
            pass: &Default::default(),
        };
        copydesk::rules::date::hover(&ctx, offset - block.span.start).map(|h| h.markdown)
    };
    assert_eq!(
        hover(at("Feb. 2")).as_deref(),
        Some("Saturday, 2019-02-02 (year from the front matter)")
    );
    assert_eq!(hover(at("Feb. 1")).as_deref(), Some("Friday, 2019-02-01"));
    assert_eq!(hover(at("4:00")).as_deref(), Some("House form: `4 p.m.`"));
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of date and time copy, glued in random order with random separators.
    const PIECES: &[&str] = &[
        "Feb.",
        "February",
        "Sept",
        "May",
        "4",
        "4th",
        "31",
        "2019",
        ",",
        " ",
        "\n",
        "(",
        ")",
        "Saturday",
        "Sat.",
        "the",
        "of",
        "12",
        "noon",
        "p.m.",
        "PM",
        "4:23am",
        "EDT",
        "11/05/2024",
        "2019-02-30",
        "1990's",
        "‘90s",
        "yesterday",
        "last Tuesday",
        "“",
        "”",
        "é",
        "—",
        ".",
        "mid",
        "Jan.",
        "13/13/2024",
        "2019-02-02 (Fri)",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn any_mix_lints_and_fixes_stably(picks in proptest::collection::vec(0..PIECES.len(), 0..40), guardian in any::<bool>()) {
            let mut source = String::from("---\ndate: 2019-02-04\n---\n# Headline\n\n");
            for (i, pick) in picks.iter().enumerate() {
                source.push_str(PIECES[*pick]);
                if i % 3 == 0 {
                    source.push(' ');
                }
            }
            source.push('\n');
            // Only this family and `time/`, so other families cannot make this flaky.
            let mut config = Config::default();
            for rule in registry::all_rules() {
                if !matches!(rule.meta().family(), "date" | "time") {
                    config.rules.insert(rule.meta().id.to_string(), RuleLevel::Off);
                }
            }
            if guardian {
                config.style = Style::Guardian;
            }
            let _ = lint(&source, &config);
            let fixed = fix_text(&source, &config, FixMode::Safe).text;
            prop_assert_eq!(fix_text(&fixed, &config, FixMode::Safe).text, fixed);
        }
    }
}
