//! Fixture snapshots for the `boilerplate/` family: findings with only that rule enabled,
//! the text after fixes, idempotence, and no fixable finding left behind.

use copydesk::config::Config;
use copydesk::lint::fix::{fix_text, FixMode};
use copydesk::lint::{lint, registry};
use std::fmt::Write;

fn only(rule: &str) -> Config {
    assert!(registry::find(rule).is_some(), "unknown rule {rule}");
    Config::only(rule)
}

/// Renders the findings of `rule` on `source`, one per line with their fixes.
fn render(config: &Config, source: &str) -> String {
    let mut out = String::new();
    for finding in lint(source, config).findings {
        let line = source[..finding.span.start].matches('\n').count() + 1;
        let text = &source[finding.span.start..finding.span.end];
        let _ = writeln!(
            out,
            "{line}: {}[{}] {} `{}`",
            finding.severity.as_str(),
            finding.rule,
            finding.message,
            text.replace('\n', "⏎")
        );
        for related in &finding.related {
            let line = source[..related.span.start].matches('\n').count() + 1;
            let _ = writeln!(out, "    related: line {line}: {}", related.message);
        }
        for fix in &finding.fixes {
            let _ = writeln!(
                out,
                "    fix ({}): {}",
                fix.applicability.as_str(),
                fix.title
            );
        }
    }
    out
}

/// Snapshot of findings and fixed text; fixing twice changes nothing; nothing fixable remains.
fn check_fixture(rule: &str, name: &str, source: &str) {
    let config = only(rule);
    insta::assert_snapshot!(format!("{name}_findings"), render(&config, source));
    let fixed = fix_text(source, &config, FixMode::Unsafe);
    insta::assert_snapshot!(format!("{name}_fixed"), fixed.text);
    assert_eq!(
        fix_text(&fixed.text, &config, FixMode::Unsafe).text,
        fixed.text,
        "fixing twice changes nothing"
    );
    let remaining = lint(&fixed.text, &config).findings;
    assert!(
        remaining.iter().all(|f| f.fixes.is_empty()),
        "a fixable finding survived: {remaining:#?}"
    );
    assert_eq!(
        fix_text(source, &config, FixMode::Safe).text,
        source,
        "no safe fixes in this family"
    );
}

#[test]
fn duplicate_paragraph() {
    check_fixture(
        "boilerplate/duplicate-paragraph",
        "duplicate_paragraph",
        include_str!("fixtures/boilerplate/duplicate-paragraph.md"),
    );
}

#[test]
fn near_duplicate_paragraph() {
    check_fixture(
        "boilerplate/near-duplicate-paragraph",
        "near_duplicate_paragraph",
        include_str!("fixtures/boilerplate/near-duplicate-paragraph.md"),
    );
}

#[test]
fn duplicate_sentence() {
    check_fixture(
        "boilerplate/duplicate-sentence",
        "duplicate_sentence",
        include_str!("fixtures/boilerplate/duplicate-sentence.md"),
    );
}

#[test]
fn donation_appeal() {
    check_fixture(
        "boilerplate/donation-appeal",
        "donation_appeal",
        include_str!("fixtures/boilerplate/donation-appeal.md"),
    );
}

#[test]
fn newsletter() {
    check_fixture(
        "boilerplate/newsletter",
        "newsletter",
        include_str!("fixtures/boilerplate/newsletter.md"),
    );
}

#[test]
fn related_links() {
    check_fixture(
        "boilerplate/related-links",
        "related_links",
        include_str!("fixtures/boilerplate/related-links.md"),
    );
    // The second fix moves the links into front matter.
    let source = include_str!("fixtures/boilerplate/related-links.md");
    let findings = lint(source, &only("boilerplate/related-links")).findings;
    let moved = copydesk::lint::fix::apply_edits(source, &findings[0].fixes[1].edits);
    insta::assert_snapshot!("related_links_moved", moved);
}

#[test]
fn share_ui() {
    check_fixture(
        "boilerplate/share-ui",
        "share_ui",
        include_str!("fixtures/boilerplate/share-ui.md"),
    );
}

#[test]
fn credit() {
    check_fixture(
        "boilerplate/credit",
        "credit",
        include_str!("fixtures/boilerplate/credit.md"),
    );
}

#[test]
fn update_note() {
    check_fixture(
        "boilerplate/update-note",
        "update_note",
        include_str!("fixtures/boilerplate/update-note.md"),
    );
}

#[test]
fn seed_article_blocks() {
    // The seed article lives in ../shared (read-only, present in CI); its text is not
    // copied into the repo.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/seed/inf-treaty.md"
    );
    let source = std::fs::read_to_string(path).expect("shared seed article");
    let findings: Vec<_> = lint(&source, &Config::default())
        .findings
        .into_iter()
        .filter(|f| f.rule.starts_with("boilerplate/"))
        .map(|f| {
            (
                f.rule,
                source[..f.span.start].matches('\n').count() + 1,
                source[..f.span.end].matches('\n').count() + 1,
            )
        })
        .collect();
    assert_eq!(
        findings,
        vec![
            ("boilerplate/related-links", 64, 70),
            ("boilerplate/donation-appeal", 72, 84),
            ("boilerplate/newsletter", 88, 88)
        ]
    );
}
