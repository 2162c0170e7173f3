//! Fixture snapshots for the `attribution/` family (findings, fixed text, suggestions
//! applied), and precision/recall on the family's own gold set.

use copydesk::config::{Config, RuleLevel};
use copydesk::lint::fix::{apply_edits, fix_text, FixMode};
use copydesk::lint::{lint, registry, Edit, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// A configuration with only the rules for which `keep` is true.
fn config_with(keep: impl Fn(&str) -> bool) -> Config {
    let mut config = Config::default();
    for rule in registry::all_rules() {
        if !keep(rule.meta().id) {
            config
                .rules
                .insert(rule.meta().id.to_string(), RuleLevel::Off);
        }
    }
    config
}

/// Lints `source` with only `rule` enabled and renders the findings one per line.
fn render(rule: &str, source: &str) -> (Config, String) {
    let config = config_with(|id| id == rule);
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
                "    fix ({}): {}{}",
                fix.applicability.as_str(),
                fix.title,
                fix.snippet_placeholder
                    .as_ref()
                    .map(|p| format!(" [snippet {p}]"))
                    .unwrap_or_default()
            );
        }
    }
    (config, out)
}

/// The text with every finding's first fix applied (suggestions included).
fn with_first_fixes(source: &str, config: &Config) -> String {
    let edits: Vec<Edit> = lint(source, config)
        .findings
        .iter()
        .filter_map(|f| f.fixes.first())
        .flat_map(|f| f.edits.iter().cloned())
        .collect();
    apply_edits(source, &edits)
}

/// Snapshots findings, the `--unsafe` fixed text and the suggestions applied; checks that
/// fixing twice changes nothing and that the rule is silent where it offered a fix.
fn check_fixture(rule: &str, name: &str, source: &str) {
    let (config, findings) = render(rule, source);
    insta::assert_snapshot!(format!("{name}_findings"), findings);
    let fixed = fix_text(source, &config, FixMode::Unsafe);
    insta::assert_snapshot!(format!("{name}_fixed"), fixed.text);
    assert_eq!(
        fix_text(&fixed.text, &config, FixMode::Unsafe).text,
        fixed.text,
        "fixing twice changes nothing"
    );
    let suggested = with_first_fixes(&fixed.text, &config);
    insta::assert_snapshot!(format!("{name}_suggested"), suggested);
    let remaining = lint(&suggested, &config).findings;
    assert!(
        remaining.iter().all(|f| f.fixes.is_empty()),
        "every finding with a fix is gone after its fix: {remaining:#?}"
    );
    assert_eq!(
        with_first_fixes(&suggested, &config),
        suggested,
        "applying the fixes a second time changes nothing"
    );
}

#[test]
fn unattributed_claim() {
    check_fixture(
        "attribution/unattributed-claim",
        "unattributed_claim",
        include_str!("fixtures/attribution/unattributed-claim.md"),
    );
}

#[test]
fn weasel() {
    check_fixture(
        "attribution/weasel",
        "weasel",
        include_str!("fixtures/attribution/weasel.md"),
    );
}

#[test]
fn anonymous_source() {
    check_fixture(
        "attribution/anonymous-source",
        "anonymous_source",
        include_str!("fixtures/attribution/anonymous-source.md"),
    );
}

#[test]
fn floating_quote() {
    check_fixture(
        "attribution/floating-quote",
        "floating_quote",
        include_str!("fixtures/attribution/floating-quote.md"),
    );
}

#[test]
fn editorializing() {
    check_fixture(
        "attribution/editorializing",
        "editorializing",
        include_str!("fixtures/attribution/editorializing.md"),
    );
}

#[test]
fn loaded_verb() {
    check_fixture(
        "attribution/loaded-verb",
        "loaded_verb",
        include_str!("fixtures/attribution/loaded-verb.md"),
    );
}

#[test]
fn tense_mix() {
    check_fixture(
        "attribution/tense-mix",
        "tense_mix",
        include_str!("fixtures/attribution/tense-mix.md"),
    );
}

#[test]
fn verb_order() {
    check_fixture(
        "attribution/verb-order",
        "verb_order",
        include_str!("fixtures/attribution/verb-order.md"),
    );
}

/// Gold set: each paragraph is preceded by `<!-- gold: RULE… -->` (or `none`). Scores each
/// rule per paragraph, and all findings at warning level.
#[test]
fn gold_set_precision_and_recall() {
    let source = include_str!("fixtures/attribution/gold.md");
    let config = config_with(|id| id.starts_with("attribution/"));
    let findings = lint(source, &config).findings;

    // Paragraph start offsets with their expected rules.
    let mut items: Vec<(usize, usize, BTreeSet<String>)> = Vec::new();
    let mut offset = 0;
    let mut pending: Option<BTreeSet<String>> = None;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("<!-- gold:") {
            let labels = rest.trim_end_matches("-->").split_whitespace();
            pending = Some(
                labels
                    .filter(|l| *l != "none")
                    .map(str::to_string)
                    .collect(),
            );
        } else if !trimmed.is_empty() {
            if let Some(expected) = pending.take() {
                items.push((offset, offset + line.len(), expected));
            }
        }
        offset += line.len();
    }
    assert!(items.len() >= 40, "gold set has {} items", items.len());

    let mut per_rule: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let (mut warn_tp, mut warn_fp) = (0, 0);
    for (start, end, expected) in &items {
        let here: Vec<_> = findings
            .iter()
            .filter(|f| f.span.start >= *start && f.span.start < *end)
            .collect();
        let predicted: BTreeSet<String> = here.iter().map(|f| f.rule.to_string()).collect();
        for rule in expected.union(&predicted) {
            let entry = per_rule.entry(rule.clone()).or_default();
            match (expected.contains(rule), predicted.contains(rule)) {
                (true, true) => entry.0 += 1,
                (false, true) => entry.1 += 1,
                (true, false) => entry.2 += 1,
                (false, false) => {}
            }
        }
        for finding in here.iter().filter(|f| f.severity == Severity::Warning) {
            if expected.contains(finding.rule) {
                warn_tp += 1;
            } else {
                warn_fp += 1;
            }
        }
    }
    let (tp, fp, fn_) = per_rule
        .values()
        .fold((0, 0, 0), |acc, v| (acc.0 + v.0, acc.1 + v.1, acc.2 + v.2));
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let warn_precision = warn_tp as f64 / (warn_tp + warn_fp).max(1) as f64;
    let mut report = String::new();
    for (rule, (tp, fp, fn_)) in &per_rule {
        let _ = writeln!(report, "{rule}: tp {tp} fp {fp} fn {fn_}");
    }
    let _ = writeln!(
        report,
        "items {} | precision {precision:.2} recall {recall:.2} | warning-level precision {warn_precision:.2} ({warn_tp}/{})",
        items.len(),
        warn_tp + warn_fp
    );
    eprintln!("{report}");
    assert!(precision >= 0.9, "{report}");
    assert!(warn_precision >= 0.9, "{report}");
    assert!(recall >= 0.7, "{report}");
}

/// The seed article: the annotated attribution findings, and nothing inside its
/// must-not-flag passages.
#[test]
fn seed_article_targets() {
    let Ok(source) = std::fs::read_to_string("/work/shared/corpus/seed/inf-treaty.md") else {
        return; // Measured on the shared corpus when it is present; never copied here.
    };
    let config = config_with(|id| id.starts_with("attribution/"));
    let findings = lint(&source, &config).findings;
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.rule, &source[f.span.start..f.span.end]))
        .collect();
    assert_eq!(got.len(), 5, "{got:#?}");
    assert!(got.contains(&("attribution/loaded-verb", "claims")));
    assert!(got.contains(&("attribution/editorializing", "Not surprisingly,")));
    assert!(
        got.iter()
            .any(|(r, t)| *r == "attribution/unattributed-claim"
                && t.starts_with("This would likely"))
    );
    assert!(got.iter().any(
        |(r, t)| *r == "attribution/unattributed-claim" && t.starts_with("China has the world")
    ));
    assert!(got
        .iter()
        .any(|(r, t)| *r == "attribution/unattributed-claim" && t.starts_with("most of its")));
}

/// The flagged texts of `rule` in `source`.
fn flagged(rule: &str, source: &str) -> Vec<String> {
    let config = config_with(|id| id == rule);
    lint(source, &config)
        .findings
        .iter()
        .map(|f| source[f.span.start..f.span.end].to_string())
        .collect()
}

/// The quick paths of the attribution rules (a word passed over by length and first
/// letter, a paragraph without `said`/`says` skipped, first person decided once per
/// paragraph) leave the findings of the cases they touch as they were.
#[test]
fn quick_paths_keep_the_attribution_findings() {
    // Loaded verbs in any case; a word of a verb's length and first letter is not one.
    let source = "The mayor denied it, the lawyer INSISTED.\n\n\
                  Insists the lawyer that the deal is off.\n\n\
                  The claimer was not named, and the company conceded nothing.\n\n\
                  The council Conceded that the budget was late.\n";
    assert_eq!(
        flagged("attribution/loaded-verb", source),
        vec!["INSISTED", "Insists", "Conceded"]
    );
    let config = config_with(|id| id == "attribution/loaded-verb");
    let fixed = fix_text(source, &config, FixMode::Unsafe).text;
    assert!(
        fixed.contains("the lawyer Said.")
            && fixed.contains("Says the lawyer")
            && fixed.contains("council Said that")
            && fixed.contains("The claimer was not named"),
        "{fixed}"
    );

    // Tense mix: paragraphs without either verb are skipped; `Says` at a sentence start
    // is still counted against the story's `said`.
    let source = "The bridge reopened Monday, officials said.\n\n\
                  Engineers said the repairs took two years.\n\n\
                  The span carries 40,000 cars a day.\n\n\
                  Traffic was light on the first morning, the mayor said.\n\n\
                  Says the engineer: the bolts were the problem.\n";
    assert_eq!(flagged("attribution/tense-mix", source), vec!["Says"]);

    // First person (a column, a letter) turns off vague-source and claim findings for the
    // whole paragraph, and only for it.
    let source = "Critics say the plan is the biggest waste ever. I disagree.\n\n\
                  Critics say the plan is the biggest waste ever.\n";
    let weasels = lint(source, &config_with(|id| id == "attribution/weasel")).findings;
    assert_eq!(weasels.len(), 1);
    assert!(weasels[0].span.start > source.find("\n\n").unwrap());
    let claims = lint(
        source,
        &config_with(|id| id == "attribution/unattributed-claim"),
    )
    .findings;
    assert!(claims
        .iter()
        .all(|f| f.span.start > source.find("\n\n").unwrap()));
}

/// The rule patterns' letter classes cover Latin, Greek and Cyrillic names with their
/// accents (`copydesk::re::LETTER_SCRIPTS`): a vague source inside speech closed by such a
/// speaker is the speaker's, like an ASCII one's. A name in another script, even one with
/// capital letters (Armenian), is not a capitalised name to these patterns, and the vague
/// source is flagged; nor is one in a script without capitals (Chinese).
#[test]
fn named_speakers_in_latin_greek_and_cyrillic_scripts_carry_the_attribution() {
    let config = config_with(|id| id == "attribution/weasel");
    let weasels = |speaker: &str| {
        let source =
            format!("Critics say the stadium will never pay for itself, {speaker} said.\n");
        lint(&source, &config).findings.len()
    };
    for speaker in [
        "Dana Reyes",
        "Zoë Ångström",
        "Łukasz Żebrowski",
        "Nguyễn Thị Lý",
        "Νίκος Παππάς",
        "Олена Коваль",
    ] {
        assert_eq!(weasels(speaker), 0, "{speaker} is a named speaker");
    }
    assert_eq!(weasels("Արամ Պետրոսյան"), 1, "not a name to the patterns");
    assert_eq!(weasels("王伟"), 1, "not a name to the patterns");
    // Without a speaker the vague source is flagged whatever the copy around it.
    assert_eq!(
        lint(
            "Critics say the stadium will never pay for itself.\n",
            &config
        )
        .findings
        .len(),
        1
    );
}
