//! Incremental analysis gives exactly what a full analysis gives: the same blocks and the
//! same findings, whatever was cached from earlier versions of the draft.

use copydesk::config::Config;
use copydesk::document::Document;
use copydesk::lint::{lint, lint_cached, lint_with, BlockCache, LintEnv};

/// Our own drafts: every fixture plus the example story, in one document.
fn base_draft() -> String {
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    for family in ["attribution", "boilerplate"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(family);
        for entry in std::fs::read_dir(dir).expect("fixture dir").flatten() {
            paths.push(entry.path());
        }
    }
    paths.sort();
    paths.push(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/story.md"));
    let mut text = String::new();
    for path in paths {
        text.push_str(&std::fs::read_to_string(path).expect("fixture"));
        text.push_str("\n\n");
    }
    text
}

/// Markdown that changes structure when it lands between blocks: fences, comments,
/// list markers, quotes, headings, link definitions, indentation.
const INSERTS: &[&str] = &[
    "x",
    " ",
    "\n",
    "\n\n",
    "```\n",
    "\n```\n",
    "~~~~\n",
    "<!-- ",
    " -->",
    "<!-- copydesk-disable-next-line -->\n",
    "- ",
    "1. ",
    "> ",
    "# ",
    "    ",
    "\t",
    "[ref]",
    "“",
    "”",
    "\"",
    "By Dana Reyes | March 3, 2025\n",
    "The mayor said.",
    "According to officials, ",
    "---\n",
    "<script>\n\n",
    "| a | b |\n|---|---|\n",
    "café 😀 ",
    "[ref]: https://example.org/ref\n",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

fn char_floor(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn assert_same(text: &str, cache: &mut BlockCache, config: &Config, step: usize) {
    // Every other version is shared with the cache as the server shares it (the cache
    // then compares the next version with this copy, once, for the parse and the line
    // index), the others copied.
    let shared: std::sync::Arc<str> = std::sync::Arc::from(text);
    if step.is_multiple_of(2) {
        cache.share_source(&shared);
    }
    let incremental = lint_with(
        &shared,
        config,
        cache,
        LintEnv {
            want_lines: true,
            ..LintEnv::default()
        },
    );
    let lines: Vec<usize> = (0..text.len())
        .step_by(97)
        .map(|at| {
            incremental
                .line_index
                .as_ref()
                .expect("lines wanted")
                .line_of(at)
        })
        .collect();
    let fresh_lines = copydesk::document::LineIndex::new(text);
    let expected: Vec<usize> = (0..text.len())
        .step_by(97)
        .map(|at| fresh_lines.line_of(at))
        .collect();
    assert_eq!(lines, expected, "step {step}: line index");
    let full = lint(text, config);
    // The cache holds the current blocks and nothing else: entries of blocks an edit
    // removed are gone (a fresh cache holds exactly the current blocks).
    let mut fresh = BlockCache::default();
    let _ = lint_cached(text, config, &mut fresh);
    assert_eq!(cache.len(), fresh.len(), "step {step}: cached blocks");
    let full_doc = Document::parse(text);
    assert_eq!(
        incremental.document.blocks.len(),
        full_doc.blocks.len(),
        "step {step}: block count"
    );
    for (a, b) in incremental.document.blocks.iter().zip(&full_doc.blocks) {
        assert_eq!(
            (
                a.span,
                &a.masked,
                a.kind,
                a.zone,
                a.in_list,
                a.in_blockquote,
                a.in_table,
                a.whole_lines,
                (a.traits, a.source_hash, a.index)
            ),
            (
                b.span,
                &b.masked,
                b.kind,
                b.zone,
                b.in_list,
                b.in_blockquote,
                b.in_table,
                b.whole_lines,
                (b.traits, b.source_hash, b.index)
            ),
            "step {step}: block differs"
        );
    }
    assert_eq!(
        incremental.document.info, full_doc.info,
        "step {step}: info"
    );
    assert_eq!(
        incremental.document.html_comments, full_doc.html_comments,
        "step {step}: comments"
    );
    assert_eq!(incremental.findings, full.findings, "step {step}: findings");
    assert_same_blocks(&Document::parse_unchunked(text), &full_doc, step);
}

/// The chunked parse gives the blocks a parse of the whole body gives.
fn assert_same_blocks(whole: &Document, chunked: &Document, step: usize) {
    assert_eq!(
        whole.blocks.len(),
        chunked.blocks.len(),
        "step {step}: chunked parse block count"
    );
    for (a, b) in whole.blocks.iter().zip(&chunked.blocks) {
        assert_eq!(
            (
                a.span,
                &a.masked,
                a.kind,
                a.zone,
                a.in_list,
                a.in_blockquote,
                a.in_table,
                a.whole_lines
            ),
            (
                b.span,
                &b.masked,
                b.kind,
                b.zone,
                b.in_list,
                b.in_blockquote,
                b.in_table,
                b.whole_lines
            ),
            "step {step}: chunked parse differs"
        );
    }
    assert_eq!(whole.info, chunked.info, "step {step}: chunked info");
    assert_eq!(
        whole.html_comments, chunked.html_comments,
        "step {step}: chunked comments"
    );
}

/// Markdown whose constructs run across blank lines: cutting there would change blocks.
#[test]
fn chunked_parse_matches_whole_parse_on_tricky_markdown() {
    let cases = [
        "Para one.\n\n```\ncode\n\nStill code.\n```\n\nAfter code.\n",
        "Para.\n\n~~~~\n~~~\n\nin fence\n~~~~\n\nOut.\n",
        "``` a `b` ```\n\nText.\n\n```\n\nfence\n```\n\nEnd.\n",
        "<!-- open\n\nstill comment\n\n-->\n\nProse.\n",
        "<script>\nx\n\ny\n</script>\n\nProse.\n",
        "<pre>\n\nText\n</pre>\n\nMore.\n",
        "<?php\n\n?>\n\nMore.\n",
        "<!DOCTYPE\n\nhtml>\n\nMore.\n",
        "- one\n\n- two\n\nPara.\n",
        "1. one\n\n2. two\n\nPara.\n",
        "- item\n\n  continued para\n\nOut.\n",
        "> quote\n\n> again\n\nText.\n",
        "    code\n\n    more code\n\nText.\n",
        "Text with [a link][ref].\n\nMore.\n\n[ref]: http://example.com\n",
        "| a | b |\n|---|---|\n| c | d |\n\nAfter table.\n",
        "Heading\n=======\n\nBody.\n\n---\n\nAfter rule.\n",
        "- ```\n  code\n\n  more\n```\n\nafter\n\n```\n",
        "> ```\n> code\n\n```\n\ninside\n",
        "---\ndate: 2024-06-01\n---\n\nBody text.\n\nMore body.\n",
        "Text\r\n\r\n```\r\ncode\r\n\r\n```\r\n\r\nEnd.\r\n",
        "*emph\n\nnot closed* here.\n\n**bold**\n",
        "<div>\n\nMarkdown *in* html.\n\n</div>\n\nText.\n",
        "   ```\n\n   ```\n\nText.\n",
        "\t```\n\nText.\n",
    ];
    for (i, case) in cases.iter().enumerate() {
        assert_same_blocks(&Document::parse_unchunked(case), &Document::parse(case), i);
        let findings = lint(case, &Config::default()).findings;
        let mut cache = BlockCache::default();
        assert_eq!(
            lint_cached(case, &Config::default(), &mut cache).findings,
            findings
        );
    }
}

#[test]
fn random_edits_match_full_analysis() {
    for seed in [0x5eed, 0xc0ffee] {
        random_edits(seed, 100);
    }
}

fn random_edits(seed: u64, steps: usize) {
    let config = Config::default();
    let mut text = base_draft();
    let mut cache = BlockCache::default();
    let mut rng = Lcg(seed);
    assert_same(&text, &mut cache, &config, 0);
    for step in 1..=steps {
        let at = char_floor(&text, rng.next(text.len() + 1));
        match rng.next(3) {
            0 => {
                let end = char_floor(&text, at + rng.next(40));
                text.replace_range(at..end.max(at), "");
            }
            _ => {
                // Prefer line starts, where Markdown structure changes.
                let at = if rng.next(2) == 0 {
                    text[..at].rfind('\n').map_or(0, |i| i + 1)
                } else {
                    at
                };
                text.insert_str(at, INSERTS[rng.next(INSERTS.len())]);
            }
        }
        assert_same(&text, &mut cache, &config, step);
    }
}

#[test]
fn typing_a_paragraph_matches_full_analysis() {
    let config = Config::default();
    let mut text = base_draft();
    let mut cache = BlockCache::default();
    let mut at = text.len() / 2;
    at = text[..at].rfind("\n\n").map_or(0, |i| i + 2);
    for (step, c) in "\"We will not wait,\" the mayor said on Feb 4th. ```\n\nMore."
        .chars()
        .enumerate()
    {
        text.insert(at, c);
        at += c.len_utf8();
        assert_same(&text, &mut cache, &config, step);
    }
}

/// The near-duplicate index is updated with only the changed paragraphs: making a pair,
/// breaking it, pasting exact copies (several blocks with one cache key) and removing
/// them again must each give what a fresh analysis gives.
#[test]
fn near_duplicate_index_follows_edits() {
    let config = Config::default();
    let original = "The county board voted on Tuesday to close the old river bridge for repairs through the end of the summer season.";
    let edited = "The county board voted on Tuesday to close the old river bridge for repairs through the end of the autumn season.";
    let other = "Drivers will detour along Route 9, which adds about ten minutes to the morning commute for most residents.";
    let versions = [
        format!("# Bridge\n\n{original}\n\n{other}\n"),
        format!("# Bridge\n\n{original}\n\n{other}\n\n{edited}\n"),
        format!("# Bridge\n\n{original}\n\n{other}\n\n{edited}\n\n{edited}\n"),
        format!("# Bridge\n\n{original}\n\n{edited}\n\n{other}\n\n{edited}\n\n{original}\n"),
        format!("# Bridge\n\n{other}\n\n{edited}\n"),
        format!("# Bridge\n\n{original}\n\n{other}\n\n{edited}\n"),
        format!("# Bridge\n\n{original}\n\n{other}\n"),
    ];
    let mut cache = BlockCache::default();
    let mut saw_pair = false;
    for (step, text) in versions.iter().enumerate() {
        let cached = lint_cached(text, &config, &mut cache).findings;
        assert_eq!(cached, lint(text, &config).findings, "version {step}");
        saw_pair |= cached
            .iter()
            .any(|f| f.rule == "boilerplate/near-duplicate-paragraph");
    }
    assert!(saw_pair, "the versions must exercise the rule");
}
