//! Reliability: incremental sync equals full text (issue 9).
//!
//! An editor keeps its own copy of the draft and sends each edit as an LSP range in UTF-16
//! or UTF-8 units. Whatever the edits (inserts, deletes, replacements across lines,
//! multi-byte and astral-plane characters, CRLF and lone CR), the server's rope must end
//! up with exactly the editor's text, and the cached analysis of that rope must give the
//! same findings as a fresh analysis of the full text.

mod common;

use copydesk::config::Config;
use copydesk::document::{LineIndex, PositionEncoding, TextPosition};
use copydesk::lint::{lint, lint_cached, BlockCache};
use copydesk::server::{apply_content_change, position_to_char};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as ProptestConfig, RngAlgorithm, TestRng};
use ropey::Rope;
use serde_json::{json, Value};
use tower_lsp::lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// Pieces the generated drafts and edits are made of: prose, Markdown, quotes, CRLF,
/// lone CR, multi-byte and astral characters, combining marks.
const PIECES: &[&str] = &[
    "The council said on Tuesday",
    " that the plan would cost $4m.",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\r\n\r\n",
    "# Headline here\n",
    "By Ana Ruiz\n",
    "> “We will not stop,” she said.\n",
    "- item one\n- item two\n",
    "`code`",
    "```\nfenced\n```\n",
    "---\ndate: 2024-05-01\n---\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "[link](https://example.com)",
    "café ",
    "naïve ",
    "😀",
    "🎉 ",
    "𝔘𝔫𝔦",
    "e\u{301}",
    "中文报道",
    "\t",
    " ",
    "\"",
    "’",
    "Sign up for our newsletter.\n\n",
    "Share this article\n",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => "[a-z😀é\r\n ]{0,6}",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn text_strategy(max_pieces: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..max_pieces).prop_map(|p| p.concat())
}

/// An edit as fractions of the current text, resolved against it when applied.
#[derive(Clone, Debug)]
struct EditSpec {
    start: f64,
    len: f64,
    text: String,
}

fn edit_strategy() -> impl Strategy<Value = EditSpec> {
    (
        0.0..=1.0f64,
        prop_oneof![2 => Just(0.0), 3 => 0.0..0.05f64, 1 => 0.0..0.6f64],
        prop_oneof![1 => Just(String::new()), 3 => text_strategy(4)],
    )
        .prop_map(|(start, len, text)| EditSpec { start, len, text })
}

/// True when `offset` is a place an LSP position can name: a char boundary, not
/// between the `\r` and `\n` of a CRLF.
fn addressable(text: &str, offset: usize) -> bool {
    text.is_char_boundary(offset)
        && !(offset > 0
            && text.as_bytes()[offset - 1] == b'\r'
            && text.as_bytes().get(offset) == Some(&b'\n'))
}

fn snap(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !addressable(text, offset) {
        offset -= 1;
    }
    offset
}

/// The LSP position of byte `offset`, computed independently of the crate: lines end at
/// `\n`, `\r\n` or a lone `\r`; columns count UTF-16 code units or UTF-8 bytes.
fn position_of(text: &str, offset: usize, encoding: PositionEncoding) -> Position {
    let bytes = text.as_bytes();
    let mut line = 0u32;
    let mut line_start = 0usize;
    let mut i = 0;
    while i < offset {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let column = match encoding {
        PositionEncoding::Utf8 => offset - line_start,
        PositionEncoding::Utf16 => text[line_start..offset].encode_utf16().count(),
    };
    Position::new(line, column as u32)
}

fn encoding_strategy() -> impl Strategy<Value = PositionEncoding> {
    prop_oneof![Just(PositionEncoding::Utf16), Just(PositionEncoding::Utf8)]
}

/// Resolves `spec` against `text`: the byte range and the LSP change an editor sends.
fn resolve(
    text: &str,
    spec: &EditSpec,
    encoding: PositionEncoding,
) -> (usize, usize, TextDocumentContentChangeEvent) {
    let start = snap(text, (spec.start * text.len() as f64) as usize);
    let end = snap(text, start + (spec.len * text.len() as f64) as usize).max(start);
    let change = TextDocumentContentChangeEvent {
        range: Some(Range::new(
            position_of(text, start, encoding),
            position_of(text, end, encoding),
        )),
        range_length: None,
        text: spec.text.clone(),
    };
    (start, end, change)
}

fn findings_debug(text: &str, config: &Config, cache: Option<&mut BlockCache>) -> String {
    let analysis = match cache {
        Some(cache) => lint_cached(text, config, cache),
        None => lint(text, config),
    };
    format!("{:?}", analysis.findings)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    /// Rope edits from LSP ranges equal the editor's string edits, every step.
    #[test]
    fn incremental_edits_equal_the_editors_text(
        initial in text_strategy(12),
        edits in proptest::collection::vec(edit_strategy(), 1..16),
        encoding in encoding_strategy(),
    ) {
        let mut editor = initial.clone();
        let mut rope = Rope::from_str(&initial);
        for spec in &edits {
            let (start, end, change) = resolve(&editor, spec, encoding);
            editor.replace_range(start..end, &spec.text);
            let clamped = apply_content_change(&mut rope, &change, encoding);
            prop_assert!(!clamped, "an in-range edit was clamped: {change:?}");
            prop_assert_eq!(rope.to_string(), editor.clone());
        }
    }

    /// The crate's line index and the rope agree with the independent position mapping,
    /// in both directions, for every addressable offset.
    #[test]
    fn positions_round_trip(text in text_strategy(10), encoding in encoding_strategy()) {
        let index = LineIndex::new(&text);
        let rope = Rope::from_str(&text);
        for offset in (0..=text.len()).filter(|&o| addressable(&text, o)) {
            let expected = position_of(&text, offset, encoding);
            let got = index.position(&text, offset, encoding);
            prop_assert_eq!((got.line, got.character), (expected.line, expected.character));
            let back = index.offset(&text, TextPosition { line: got.line, character: got.character }, encoding);
            prop_assert_eq!(back, offset);
            let (char_idx, clamped) = position_to_char(&rope, expected, encoding);
            prop_assert!(!clamped);
            prop_assert_eq!(rope.char_to_byte(char_idx), offset);
        }
    }

    /// Any position, however wild, maps to a valid place and never panics.
    #[test]
    fn wild_positions_are_clamped(
        text in text_strategy(8),
        line in prop_oneof![0u32..8, any::<u32>()],
        character in prop_oneof![0u32..40, any::<u32>()],
        encoding in encoding_strategy(),
        replacement in text_strategy(2),
    ) {
        let mut rope = Rope::from_str(&text);
        let (char_idx, _) = position_to_char(&rope, Position::new(line, character), encoding);
        prop_assert!(char_idx <= rope.len_chars());
        let index = LineIndex::new(&text);
        let offset = index.offset(&text, TextPosition { line, character }, encoding);
        prop_assert!(offset <= text.len() && text.is_char_boundary(offset));
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(line, character), Position::new(line / 2, character / 3))),
            range_length: None,
            text: replacement,
        };
        apply_content_change(&mut rope, &change, encoding);
        prop_assert!(rope.to_string().len() <= text.len() + change.text.len());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The per-block cache the server keeps across edits never changes the findings:
    /// after each incremental edit, the cached analysis equals a fresh one.
    #[test]
    fn cached_analysis_after_edits_equals_fresh(
        initial in text_strategy(16),
        edits in proptest::collection::vec(edit_strategy(), 1..8),
        encoding in encoding_strategy(),
    ) {
        let config = Config::default();
        let mut cache = BlockCache::default();
        let mut rope = Rope::from_str(&initial);
        let mut editor = initial.clone();
        findings_debug(&initial, &config, Some(&mut cache));
        for spec in &edits {
            let (start, end, change) = resolve(&editor, spec, encoding);
            editor.replace_range(start..end, &spec.text);
            apply_content_change(&mut rope, &change, encoding);
            let text = rope.to_string();
            prop_assert_eq!(
                findings_debug(&text, &config, Some(&mut cache)),
                findings_debug(&editor, &config, None)
            );
        }
    }
}

// ---- End to end: the real binary, incremental versus full sync ----

const DRAFT: &str = "# Café owners protest 😀 new rules\r\n\r\nBy Ana Ruiz\r\n\r\nCafé owners 😀 said the new rules would take effect next week, according to the city.\r\n\r\nA short line here.\r\n\r\nCafé owners 😀 said the new rules would take effect next week, according to the city.\r\n\r\nSign up for our newsletter to get the latest news.\r\n";

fn session_diagnostics(
    client: &mut common::Client,
    uri: &str,
    version: i64,
) -> Vec<(Value, Value, Value)> {
    let mut list: Vec<(Value, Value, Value)> = client
        .diagnostics(uri, version)
        .into_iter()
        .map(|d| (d["code"].clone(), d["range"].clone(), d["message"].clone()))
        .collect();
    list.sort_by_key(|d| d.1.to_string() + &d.0.to_string());
    list
}

fn start_session(offered: &Value, uri: &str) -> common::Client {
    let mut client = common::Client::start();
    client.initialize(
        json!({"general": {"positionEncodings": offered},
               "textDocument": {"publishDiagnostics": {"versionSupport": true}}}),
        json!({"copydesk": {"debounceMs": 0}}),
    );
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": DRAFT}}),
    );
    session_diagnostics(&mut client, uri, 1);
    client
}

/// Random edits sent as incremental `didChange` to one server and as full text to
/// another: both publish the same diagnostics at every version, and `source.fixAll`
/// computes the same edit. Runs in a UTF-16 and a UTF-8 session.
#[test]
fn server_incremental_and_full_sync_publish_the_same_diagnostics() {
    let uri = "file:///tmp/copydesk-rel/story.md";
    for (encoding, offered) in [
        (PositionEncoding::Utf16, json!(["utf-16"])),
        (PositionEncoding::Utf8, json!(["utf-8", "utf-16"])),
    ] {
        let mut inc = start_session(&offered, uri);
        let mut full = start_session(&offered, uri);
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
        let strategy = proptest::collection::vec(edit_strategy(), 1..5);
        let mut runner =
            proptest::test_runner::TestRunner::new_with_rng(ProptestConfig::default(), rng);
        let mut editor = DRAFT.to_string();
        for version in 2..14i64 {
            let batch = strategy.new_tree(&mut runner).unwrap().current();
            let mut changes = Vec::new();
            for spec in &batch {
                let (start, end, change) = resolve(&editor, spec, encoding);
                editor.replace_range(start..end, &spec.text);
                changes.push(serde_json::to_value(&change).unwrap());
            }
            inc.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
            );
            full.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": editor}]}),
            );
            let a = session_diagnostics(&mut inc, uri, version);
            let b = session_diagnostics(&mut full, uri, version);
            assert_eq!(
                a, b,
                "diagnostics differ at version {version}; text {editor:?}"
            );
        }
        let fix_all = |client: &mut common::Client| {
            client.request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri},
                       "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                       "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
            )["result"]
                .clone()
        };
        assert_eq!(fix_all(&mut inc), fix_all(&mut full));
        assert_eq!(inc.shutdown(), Some(0));
        assert_eq!(full.shutdown(), Some(0));
    }
}

/// A writer types one character at a time (before, between and on the lines of
/// findings, and a line break) in a draft with repeated paragraphs and sentences: the
/// server that follows the keystrokes (and copies the diagnostics a keystroke only moved
/// from its last publish) publishes exactly what a server sent each whole text
/// publishes: ranges, messages, related places, tags and `data`.
#[test]
fn keystrokes_publish_what_a_fresh_analysis_publishes() {
    let uri = "file:///tmp/copydesk-rel/keys.md";
    let offered = json!(["utf-16"]);
    let mut inc = start_session(&offered, uri);
    let mut full = start_session(&offered, uri);
    let twice = "The café’s owners 😀 said the new rules would take effect next week and \
                 cost them “thousands” of dollars.";
    let mut editor = format!(
        "# Café owners protest new rules\n\nBy Ana Ruiz\n\n{twice}\n\nA short line here about \
         the meeting.\n\nThe council met on Tuesday night. {twice}\n\n{twice}\n\nIt rained \
         on Feb 4th, 2025, at 4:23 AM.\n\nSign up for our newsletter to get the latest \
         news.\n\nThe program is the most successful in the history of the state.\n"
    );
    let mut version = 1i64;
    fn published_whole(
        inc: &mut common::Client,
        full: &mut common::Client,
        version: &mut i64,
        text: &str,
    ) {
        *version += 1;
        for client in [inc, full] {
            client.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": "file:///tmp/copydesk-rel/keys.md", "version": *version},
                       "contentChanges": [{"text": text}]}),
            );
            client.diagnostics("file:///tmp/copydesk-rel/keys.md", *version);
        }
    }
    // Both start from this draft (sessions open with `DRAFT`).
    published_whole(&mut inc, &mut full, &mut version, &editor);
    let mut send = |inc: &mut common::Client,
                    full: &mut common::Client,
                    editor: &String,
                    change: Value| {
        version += 1;
        inc.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        );
        full.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": editor}]}),
        );
        let a = inc.diagnostics(uri, version);
        let b = full.diagnostics(uri, version);
        assert_eq!(a, b, "version {version}; text {editor:?}");
        a.len()
    };
    // (line, text typed there, one character at a time, at the line's end or start)
    let places: [(&str, &str, bool); 6] = [
        ("A short line", " again", false),
        ("It rained", "Then ", true),
        ("The council", " Later", false),
        ("The program", "!", false),
        ("# Café", " again", false),
        ("A short line", "\nmore", false),
    ];
    let mut published = 0;
    for (line_start, typed, at_start) in places {
        for (nth, ch) in typed.chars().enumerate() {
            let line = editor.lines().position(|l| l.contains(line_start)).unwrap();
            let text_line = editor.lines().nth(line).unwrap();
            // Typed at the start: after the `nth` characters typed there already (ASCII).
            let (column, within) = if at_start {
                (nth, nth)
            } else {
                (text_line.encode_utf16().count(), text_line.len())
            };
            let offset = editor
                .lines()
                .take(line)
                .map(|l| l.len() + 1)
                .sum::<usize>()
                + within;
            editor.insert(offset, ch);
            let position = json!({"line": line, "character": column});
            published += send(
                &mut inc,
                &mut full,
                &editor,
                json!({"range": {"start": position, "end": position}, "text": ch.to_string()}),
            );
        }
    }
    assert!(published > 100, "{published}");
    assert_eq!(inc.shutdown(), Some(0));
    assert_eq!(full.shutdown(), Some(0));
}
