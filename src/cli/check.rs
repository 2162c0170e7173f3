//! `copydesk check`: read every draft, index them as one workspace (plus the boilerplate
//! library), lint them on all cores, print, pick the exit code.

use super::output::{self, CheckedFile};
use super::walk::{self, Configs, Draft};
use super::Format;
use crate::lint::workspace::{paragraph_prints, WorkspaceIndex};
use crate::lint::{self, BlockCache, LintEnv, Severity};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `f` over `items` on every core (the engine's worker threads); results keep the
/// input order.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use rayon::prelude::*;
    items.par_iter().map(&f).collect()
}

/// Builds the workspace index from the drafts and the configured boilerplate libraries.
pub fn build_index(
    drafts: &[Draft],
    libraries: &[PathBuf],
    snippets: &[String],
    max_bytes: usize,
) -> (WorkspaceIndex, Vec<(String, String)>) {
    let mut index = WorkspaceIndex::default();
    let mut errors = Vec::new();
    // A lone draft with no library has nothing to share paragraphs with (a lookup never
    // matches the draft itself): skip fingerprinting it.
    if drafts.len() <= 1 && libraries.is_empty() && snippets.is_empty() {
        return (index, errors);
    }
    let prints = parallel_map(drafts, |draft| match &draft.text {
        Ok(text) if text.len() <= max_bytes => Some(paragraph_prints(text)),
        _ => None,
    });
    for (draft, prints) in drafts.iter().zip(prints) {
        if let Some(prints) = prints {
            index.update(&draft.path.display().to_string(), prints, false);
        }
    }
    let (library_files, walk_errors) = walk::collect_library(libraries);
    errors.extend(walk_errors);
    for file in library_files {
        match walk::read_draft(&file) {
            Ok(text) if text.len() <= max_bytes => {
                index.update(&file.display().to_string(), paragraph_prints(&text), true);
            }
            Ok(_) => errors.push((
                file.display().to_string(),
                "library file above the size limit; skipped".into(),
            )),
            Err(message) => errors.push((
                file.display().to_string(),
                format!("boilerplate library: {message}"),
            )),
        }
    }
    for (n, snippet) in snippets.iter().enumerate() {
        index.update(
            &format!("copydesk.toml snippet {}", n + 1),
            paragraph_prints(snippet),
            true,
        );
    }
    index.shrink_to_fit();
    (index, errors)
}

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
    let mut libraries: Vec<PathBuf> = draft_configs
        .iter()
        .flat_map(|c| c.boilerplate_library.iter().cloned())
        .collect();
    libraries.sort();
    libraries.dedup();
    let max_bytes = draft_configs
        .iter()
        .map(|c| c.max_file_bytes)
        .max()
        .unwrap_or(crate::config::DEFAULT_MAX_FILE_BYTES);
    let mut snippets: Vec<String> = draft_configs
        .iter()
        .flat_map(|c| c.boilerplate_snippets.iter().cloned())
        .collect();
    snippets.sort();
    snippets.dedup();
    let (index, library_errors) = build_index(&drafts, &libraries, &snippets, max_bytes);
    for (path, message) in &library_errors {
        eprintln!("copydesk: {path}: {message}");
    }

    let indexed: Vec<(usize, &Draft)> = drafts.iter().enumerate().collect();
    let files: Vec<CheckedFile> = parallel_map(&indexed, |&(idx, draft)| {
        let config = &draft_configs[idx];
        match &draft.text {
            Ok(text) if text.len() > config.max_file_bytes => CheckedFile::error(
                &draft.path,
                format!(
                    "file is {} bytes, above the {}-byte limit (max_file_bytes); not checked",
                    text.len(),
                    config.max_file_bytes
                ),
            ),
            Ok(text) => {
                let path = draft.path.display().to_string();
                let env = LintEnv {
                    path: Some(&path),
                    workspace: Some(&index),
                    ..LintEnv::default()
                };
                let analysis = lint::lint_with(text, config, &mut BlockCache::default(), env);
                CheckedFile::new(&draft.path, text, analysis.findings)
            }
            Err(message) => CheckedFile::error(&draft.path, message.clone()),
        }
    });

    let cli_fail_on = fail_on.and_then(Severity::parse);
    let failing = files.iter().zip(&draft_configs).any(|(file, config)| {
        let threshold = cli_fail_on.unwrap_or(config.fail_on);
        file.findings.iter().any(|f| f.severity >= threshold)
    });
    let mut errors: Vec<(String, String)> = walk_errors
        .into_iter()
        .map(|(p, m)| (p.display().to_string(), m))
        .collect();
    errors.extend(library_errors);
    match format {
        Format::Json => output::print_json(&files, &errors),
        Format::Human => output::print_human(&files, &errors),
    }
    let has_errors =
        !errors.is_empty() || !configs.errors.is_empty() || files.iter().any(|f| f.error.is_some());
    if has_errors {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
