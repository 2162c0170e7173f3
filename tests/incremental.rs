//! Incremental analysis gives exactly what a full analysis gives: the same blocks and the
//! same findings, whatever was cached from earlier versions of the draft.

use copydesk::config::Config;
use copydesk::document::Document;
use copydesk::lint::{lint, lint_cached, BlockCache};

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
    "[ref]: http://example.com\n",
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
    let incremental = lint_cached(text, config, cache);
    let full = lint(text, config);
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
}

#[test]
fn random_edits_match_full_analysis() {
    let config = Config::default();
    let mut text = base_draft();
    let mut cache = BlockCache::default();
    let mut rng = Lcg(0x5eed);
    assert_same(&text, &mut cache, &config, 0);
    for step in 1..=160 {
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
