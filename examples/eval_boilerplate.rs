//! Measures boilerplate findings against the line labels of the scraped pages in
//! `../shared/corpus/boilerplate` (ARTICLE / BOILERPLATE per line): precision and recall
//! per source, plus samples of misses and false alarms. Reads the corpus at run time;
//! none of its text is part of the repository.
//!
//! ```text
//! cargo run --release --example eval_boilerplate [-- [--no-duplicates] CORPUS_DIR]
//! ```

#![allow(clippy::print_stdout)]

use copydesk::lint::workspace::{paragraph_prints, WorkspaceIndex};
use copydesk::lint::{lint_with, BlockCache, LintEnv};
use copydesk::Config;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

struct Page {
    name: String,
    /// The page as a draft: one paragraph per labelled line.
    text: String,
    /// Byte start of each line's paragraph, and its label.
    lines: Vec<(usize, usize, bool)>,
}

fn load(labels: &Path) -> Option<Page> {
    let tsv = std::fs::read_to_string(labels).ok()?;
    let mut text = String::new();
    let mut lines = Vec::new();
    for row in tsv.lines().skip(1) {
        let mut cols = row.splitn(3, '\t');
        let (_, label, line) = (cols.next()?, cols.next()?, cols.next().unwrap_or(""));
        if line.trim().is_empty() {
            continue;
        }
        let start = text.len();
        text.push_str(line.trim());
        lines.push((start, text.len(), label == "BOILERPLATE"));
        text.push_str("\n\n");
    }
    Some(Page {
        name: labels.file_name()?.to_string_lossy().to_string(),
        text,
        lines,
    })
}

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    pages: usize,
    false_alarms: Vec<String>,
    misses: Vec<String>,
}

/// Rules about repeated text rather than page chrome; `--no-duplicates` leaves them out.
const DUPLICATE_RULES: [&str; 3] = [
    "boilerplate/duplicate-paragraph",
    "boilerplate/near-duplicate-paragraph",
    "boilerplate/duplicate-sentence",
];

fn main() {
    let duplicates = !std::env::args().any(|a| a == "--no-duplicates");
    let root = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/corpus/boilerplate"));
    let sets = [
        ("zyte scraped", "zyte", ".scraped.labels.tsv"),
        ("zyte page", "zyte", ".page.labels.tsv"),
        ("readability page", "readability", ".page.labels.tsv"),
    ];
    let config = Config::default();
    let mut report: BTreeMap<&str, Counts> = BTreeMap::new();
    for (set, dir, suffix) in sets {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            eprintln!("cannot read {}", root.join(dir).display());
            std::process::exit(2);
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .collect();
        files.sort();
        let pages: Vec<Page> = files.iter().filter_map(|p| load(p)).collect();
        let mut index = WorkspaceIndex::default();
        for page in &pages {
            index.update(&page.name, paragraph_prints(&page.text), false);
        }
        let counts = report.entry(set).or_default();
        for page in &pages {
            counts.pages += 1;
            let env = LintEnv {
                path: Some(&page.name),
                workspace: Some(&index),
                ..LintEnv::default()
            };
            let analysis = lint_with(&page.text, &config, &mut BlockCache::default(), env);
            let flagged: Vec<(usize, usize)> = analysis
                .findings
                .iter()
                .filter(|f| {
                    f.rule.starts_with("boilerplate/")
                        && !matches!(f.rule, "boilerplate/credit" | "boilerplate/update-note")
                        && (duplicates || !DUPLICATE_RULES.contains(&f.rule))
                })
                .map(|f| (f.span.start, f.span.end))
                .collect();
            for &(start, end, boilerplate) in &page.lines {
                let hit = flagged.iter().any(|&(s, e)| s < end && start < e);
                let line = &page.text[start..end];
                let sample = format!(
                    "{}: {}",
                    page.name,
                    line.chars().take(90).collect::<String>()
                );
                match (hit, boilerplate) {
                    (true, true) => counts.tp += 1,
                    (true, false) => {
                        counts.fp += 1;
                        counts.false_alarms.push(sample);
                    }
                    (false, true) => {
                        counts.fn_ += 1;
                        counts.misses.push(sample);
                    }
                    _ => {}
                }
            }
        }
    }
    println!("| source | pages | flagged lines | precision | recall |");
    println!("|---|---|---|---|---|");
    for (set, c) in &report {
        let precision = c.tp as f64 / (c.tp + c.fp).max(1) as f64;
        let recall = c.tp as f64 / (c.tp + c.fn_).max(1) as f64;
        println!(
            "| {set} | {} | {} | {:.2} | {:.2} |",
            c.pages,
            c.tp + c.fp,
            precision,
            recall
        );
    }
    for (set, c) in &report {
        println!("\n## {set}: false alarms ({})", c.false_alarms.len());
        for line in c.false_alarms.iter().take(15) {
            println!("- {line}");
        }
        println!("\n## {set}: sample of misses ({})", c.misses.len());
        for line in c
            .misses
            .iter()
            .step_by((c.misses.len() / 25).max(1))
            .take(25)
        {
            println!("- {line}");
        }
    }
}
