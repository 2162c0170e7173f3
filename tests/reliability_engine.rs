//! Reliability: the engine never panics, whatever the input (issue 9).
//!
//! Proptests over arbitrary Unicode and Markdown-shaped text, plus a time-budgeted
//! random run (the stable-Rust fuzz target CI runs): `COPYDESK_FUZZ_SECS` sets its budget
//! (default 15 s), `COPYDESK_FUZZ_SEED` its seed. The coverage-guided libFuzzer target for
//! long runs is `fuzz/fuzz_targets/engine.rs` (nightly, `cargo fuzz run engine`).

use copydesk::config::{Config, Style};
use copydesk::document::{Document, LineIndex, PositionEncoding};
use copydesk::lint::fix::{fix_text, FixMode};
use copydesk::lint::{hover, lint};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as ProptestConfig, RngAlgorithm, TestRng, TestRunner};
use std::time::{Duration, Instant};

/// Markdown and news-copy tokens the shaped generator strings together.
const TOKENS: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "> ",
    "- ",
    "* ",
    "1. ",
    "| ",
    "|---|",
    "```",
    "~~~",
    "    ",
    "`",
    "**",
    "_",
    "[",
    "]",
    "(",
    ")",
    "![",
    "<!-- ",
    " -->",
    "<!-- copydesk-disable -->",
    "<!-- copydesk-disable-next-line boilerplate -->",
    "<div>",
    "</div>",
    "---\n",
    "+++\n",
    "date: 2024-03-05\n",
    "https://example.com/a?b=c",
    "“",
    "”",
    "‘",
    "’",
    "\"",
    "'",
    "—",
    "–",
    "…",
    "By ",
    "Jane Doe",
    " | ",
    "Feb. 4, 2019",
    "said",
    " said ",
    "according to",
    "officials",
    "sources say",
    "Updated",
    "Photo: Reuters",
    "Share",
    "Sign up",
    "newsletter",
    "Related:",
    "Read more",
    "donate",
    "The ",
    "council ",
    "voted ",
    "on ",
    "Tuesday",
    ".",
    ",",
    ":",
    ";",
    "?",
    "!",
    " ",
    "\t",
    "😀",
    "🇺🇦",
    "e\u{301}",
    "\u{200b}",
    "\u{feff}",
    "\u{2028}",
    "\u{85}",
    "\0",
    "中文",
    "עברית",
    "ß",
    "İ",
    "ﬁ",
    "$4.5m",
    "12%",
    "3 p.m.",
    "1,000",
    "Mr.",
    "U.S.",
    "St.",
    "et al.",
];

/// A sentence of prose repeated verbatim, so duplicate rules fire.
const PARAGRAPH: &str = "The council said on Tuesday that the new rules would take effect next week, according to officials.\n\n";

/// Text shaped like a Markdown news draft, from tokens, repeats and raw characters.
pub fn shaped_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        8 => proptest::sample::select(TOKENS).prop_map(str::to_string),
        2 => Just(PARAGRAPH.to_string()),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[a-zA-Z ]{1,12}",
    ];
    proptest::collection::vec(token, 0..120).prop_map(|t| t.concat())
}

fn configs() -> Vec<Config> {
    let guardian = Config {
        style: Style::Guardian,
        ..Config::default()
    };
    vec![Config::default(), guardian]
}

/// Runs everything an editor or the CLI would on `text` and checks the invariants that
/// keep the server alive: spans and edits on char boundaries inside the text, fixes that
/// settle, hover anywhere.
pub fn exercise(text: &str, config: &Config) {
    let analysis = lint(text, config);
    for finding in &analysis.findings {
        let span = finding.span;
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{}: span {span:?} outside {} bytes",
            finding.rule,
            text.len()
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{}: span {span:?} splits a character",
            finding.rule
        );
        for fix in &finding.fixes {
            for edit in &fix.edits {
                assert!(
                    edit.span.start <= edit.span.end
                        && edit.span.end <= text.len()
                        && text.is_char_boundary(edit.span.start)
                        && text.is_char_boundary(edit.span.end),
                    "{}: fix edit {:?} is not a valid range",
                    finding.rule,
                    edit.span
                );
            }
        }
        for related in &finding.related {
            if related.path.is_none() {
                assert!(related.span.end <= text.len(), "{}", finding.rule);
            }
        }
    }
    let index = LineIndex::new(text);
    let step = (text.len() / 16).max(1);
    for offset in (0..=text.len()).step_by(step) {
        if text.is_char_boundary(offset) {
            let _ = hover(text, &analysis.document, config, offset);
            let inside_crlf = offset > 0
                && text.as_bytes()[offset - 1] == b'\r'
                && text.as_bytes().get(offset) == Some(&b'\n');
            if inside_crlf {
                continue;
            }
            for encoding in [PositionEncoding::Utf16, PositionEncoding::Utf8] {
                let position = index.position(text, offset, encoding);
                assert_eq!(index.offset(text, position, encoding), offset);
            }
        }
    }
    for mode in [FixMode::Safe, FixMode::Unsafe] {
        let outcome = fix_text(text, config, mode);
        assert!(
            !outcome.hit_cap,
            "{mode:?} fixes did not settle on {text:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_unicode(text in any::<String>()) {
        let _ = Document::parse(&text);
        exercise(&text, &Config::default());
    }

    #[test]
    fn never_panics_on_markdown_shaped_text(text in shaped_text(), guardian in any::<bool>()) {
        let config = &configs()[usize::from(guardian)];
        exercise(&text, config);
    }
}

/// Byte-level mutations of a valid seed: what a fuzzer does, kept to valid UTF-8.
fn mutate(seed: &str, runner: &mut TestRunner) -> String {
    let ops = proptest::collection::vec(
        (0u8..6, any::<proptest::sample::Index>(), shaped_text()),
        1..6,
    );
    let mut text = seed.to_string();
    for (op, index, insert) in ops.new_tree(runner).unwrap().current() {
        let mut at = index.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        match op {
            0 | 1 => text.insert_str(at, &insert),
            2 => {
                let mut end = (at + insert.len()).min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.replace_range(at..end, "");
            }
            3 => {
                let copy = text[at..].chars().take(200).collect::<String>();
                text.push_str(&copy);
            }
            4 => text = text.replace('\n', "\r\n"),
            _ => text.truncate(at),
        }
    }
    text
}

fn fixture_seeds() -> Vec<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut seeds = vec![String::new(), PARAGRAPH.repeat(3)];
    for family in std::fs::read_dir(root).expect("tests/fixtures") {
        for file in std::fs::read_dir(family.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                seeds.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    seeds
}

/// The stable-Rust fuzz run: random shaped text and mutated fixtures until the time
/// budget is spent. Prints the number of inputs tried.
#[test]
fn fuzz_for_a_time_budget() {
    let secs: u64 = std::env::var("COPYDESK_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    let seed: u64 = std::env::var("COPYDESK_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(9);
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        ProptestConfig::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &key),
    );
    let seeds = fixture_seeds();
    let configs = configs();
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut executions = 0u64;
    while Instant::now() < deadline {
        let pick = any::<proptest::sample::Index>()
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let text = if executions.is_multiple_of(3) {
            shaped_text().new_tree(&mut runner).unwrap().current()
        } else {
            mutate(&seeds[pick.index(seeds.len())], &mut runner)
        };
        let config = &configs[(executions % 2) as usize];
        let outcome = std::panic::catch_unwind(|| exercise(&text, config));
        if outcome.is_err() {
            let path = std::env::temp_dir().join(format!("copydesk-fuzz-crash-{seed}.md"));
            let _ = std::fs::write(&path, &text);
            panic!(
                "input {executions} (seed {seed}) panicked; saved to {}",
                path.display()
            );
        }
        executions += 1;
    }
    eprintln!("fuzz: {executions} inputs in {secs} s (seed {seed}), no panic");
    assert!(executions > 0);
}
