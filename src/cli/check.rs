//! `copydesk check`: lint every draft (on all cores), print, pick the exit code.

use super::output::{self, CheckedFile};
use super::walk::{self, Configs};
use super::Format;
use crate::lint::{self, Severity};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Runs `check` and returns the exit code (0 clean, 1 findings, 2 errors).
pub fn run(
    paths: &[PathBuf],
    format: Format,
    config_path: Option<&Path>,
    fail_on: Option<&str>,
) -> ExitCode {
    let (drafts, walk_errors) = walk::collect(paths);
    let mut configs = Configs::new(config_path);
    let draft_configs: Vec<_> = drafts.iter().map(|d| configs.for_draft(&d.path)).collect();
    for error in &configs.errors {
        eprintln!("copydesk: configuration error (defaults used where invalid): {error}");
    }

    // Lint in parallel; results keep the input order.
    let results: Vec<Mutex<Option<CheckedFile>>> =
        drafts.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(drafts.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let idx = next.fetch_add(1, Ordering::Relaxed);
                let Some(draft) = drafts.get(idx) else { break };
                let checked = match &draft.text {
                    Ok(text) if text.len() > draft_configs[idx].max_file_bytes => CheckedFile::error(
                        &draft.path,
                        format!("file is {} bytes, above the {}-byte limit (max_file_bytes); not checked", text.len(), draft_configs[idx].max_file_bytes),
                    ),
                    Ok(text) => {
                        let analysis = lint::lint(text, &draft_configs[idx]);
                        CheckedFile::new(&draft.path, text, analysis.findings)
                    }
                    Err(message) => CheckedFile::error(&draft.path, message.clone()),
                };
                *results[idx].lock().unwrap_or_else(|e| e.into_inner()) = Some(checked);
            });
        }
    });
    let files: Vec<CheckedFile> = results
        .into_iter()
        .filter_map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect();

    let cli_fail_on = fail_on.and_then(Severity::parse);
    let failing = files.iter().zip(&draft_configs).any(|(file, config)| {
        let threshold = cli_fail_on.unwrap_or(config.fail_on);
        file.findings.iter().any(|f| f.severity >= threshold)
    });
    let walk_errors: Vec<(String, String)> = walk_errors
        .into_iter()
        .map(|(p, m)| (p.display().to_string(), m))
        .collect();
    match format {
        Format::Json => output::print_json(&files, &walk_errors),
        Format::Human => output::print_human(&files, &walk_errors),
    }
    let has_errors = !walk_errors.is_empty()
        || !configs.errors.is_empty()
        || files.iter().any(|f| f.error.is_some());
    if has_errors {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
