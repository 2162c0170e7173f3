//! Engine micro-benchmarks (divan): Markdown parse, full check, and a one-character edit
//! with a warm cache, per document size and per rule family, on synthetic drafts from
//! `benches/support/gen.rs` (our own templates).
//!
//! ```text
//! cargo bench --bench engine                 # everything
//! cargo bench --bench engine -- edit         # only the edit benchmarks
//! ```

#[path = "support/gen.rs"]
mod gen;

use copydesk::config::{Config, RuleLevel};
use copydesk::document::Document;
use copydesk::lint::{lint, lint_cached, BlockCache};
use divan::Bencher;

fn main() {
    divan::main();
}

const SIZES: &[usize] = &[10_000, 60_000, 1_000_000];
const FAMILIES: &[&str] = &["all", "attribution", "boilerplate"];

fn draft(size: usize) -> String {
    gen::story(7, size)
}

fn config_for(family: &str) -> Config {
    let mut config = Config::default();
    if family != "all" {
        for other in ["date", "time", "unit", "attribution", "boilerplate"] {
            if other != family {
                config.set_level(other, RuleLevel::Off);
            }
        }
    }
    config
}

/// The draft and the same draft with one more character in a body paragraph.
fn edit_pair(size: usize) -> (String, String) {
    let text = draft(size);
    let at = gen::edit_point(&text);
    let mut edited = text.clone();
    edited.insert(at, 'x');
    (text, edited)
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn parse(bencher: Bencher, size: usize) {
    let text = draft(size);
    bencher.bench(|| Document::parse(divan::black_box(&text)));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn parse_unchunked(bencher: Bencher, size: usize) {
    let text = draft(size);
    bencher.bench(|| Document::parse_unchunked(divan::black_box(&text)));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn full_check(bencher: Bencher, size: usize) {
    let text = draft(size);
    let config = Config::default();
    bencher.bench(|| lint(divan::black_box(&text), &config));
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn edit(bencher: Bencher, size: usize) {
    let (text, edited) = edit_pair(size);
    let config = Config::default();
    let mut cache = BlockCache::default();
    lint_cached(&text, &config, &mut cache);
    let mut flip = false;
    bencher.bench_local(|| {
        flip = !flip;
        let source = if flip { &edited } else { &text };
        lint_cached(divan::black_box(source), &config, &mut cache)
    });
}

#[divan::bench(args = FAMILIES, sample_count = 5, sample_size = 1)]
fn family_full_check_60k(bencher: Bencher, family: &str) {
    let text = draft(60_000);
    let config = config_for(family);
    bencher.bench(|| lint(divan::black_box(&text), &config));
}

#[divan::bench(args = FAMILIES, sample_count = 20)]
fn family_edit_1m(bencher: Bencher, family: &str) {
    let (text, edited) = edit_pair(1_000_000);
    let config = config_for(family);
    let mut cache = BlockCache::default();
    lint_cached(&text, &config, &mut cache);
    let mut flip = false;
    bencher.bench_local(|| {
        flip = !flip;
        let source = if flip { &edited } else { &text };
        lint_cached(divan::black_box(source), &config, &mut cache)
    });
}
