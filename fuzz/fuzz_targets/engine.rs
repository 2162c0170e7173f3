//! Coverage-guided fuzz target for the engine (nightly + cargo-fuzz):
//! `cargo +nightly fuzz run engine -s none -- -max_total_time=3600`.
//! The input's first byte picks the house style; the rest, as UTF-8 (lossy), is a draft.
//! Everything an editor would run on it must not panic, and fixes must settle.
#![no_main]

use copydesk::config::{Config, Style};
use copydesk::document::{LineIndex, PositionEncoding};
use copydesk::lint::fix::{fix_text, FixMode};
use copydesk::lint::{hover, lint};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let config = Config {
        style: if first & 1 == 0 { Style::Ap } else { Style::Guardian },
        ..Config::default()
    };
    let analysis = lint(&text, &config);
    for finding in &analysis.findings {
        assert!(finding.span.end <= text.len() && text.is_char_boundary(finding.span.start));
        assert!(text.is_char_boundary(finding.span.end));
        for edit in finding.fixes.iter().flat_map(|f| &f.edits) {
            assert!(edit.span.start <= edit.span.end && edit.span.end <= text.len());
            assert!(text.is_char_boundary(edit.span.start) && text.is_char_boundary(edit.span.end));
        }
    }
    let index = LineIndex::new(&text);
    let step = (text.len() / 8).max(1);
    for offset in (0..=text.len()).step_by(step) {
        if text.is_char_boundary(offset) {
            let _ = hover(&text, &analysis, &config, offset);
            let _ = index.position(&text, offset, PositionEncoding::Utf16);
        }
    }
    for mode in [FixMode::Safe, FixMode::Unsafe] {
        assert!(!fix_text(&text, &config, mode).hit_cap);
    }
});
