//! `copydesk fix`: apply fixes in place, atomically (temporary file + rename, permissions
//! and line endings kept), or print a unified diff with `--dry-run`.

use super::walk::{self, Configs};
use crate::lint::fix::{fix_text, FixMode};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `fix` and returns the exit code (0 done, 2 when a file could not be fixed).
pub fn run(
    paths: &[PathBuf],
    unsafe_fixes: bool,
    dry_run: bool,
    config_path: Option<&Path>,
) -> ExitCode {
    let (drafts, walk_errors) = walk::collect(paths);
    let mut configs = Configs::new(config_path);
    let mut failed = !walk_errors.is_empty();
    for (path, message) in &walk_errors {
        eprintln!("copydesk: {}: {message}", path.display());
    }
    let roots: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| {
            let dir = if p.is_dir() {
                p.clone()
            } else {
                p.parent().map(Path::to_path_buf).unwrap_or_default()
            };
            std::fs::canonicalize(if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                &dir
            })
            .ok()
        })
        .collect();
    let mode = if unsafe_fixes {
        FixMode::Unsafe
    } else {
        FixMode::Safe
    };
    let (mut fixed_files, mut applied) = (0usize, 0usize);
    let mut stdout = std::io::stdout().lock();
    for draft in &drafts {
        let config = configs.for_draft(&draft.path);
        let text = match &draft.text {
            Ok(text) => text,
            Err(message) => {
                eprintln!("copydesk: {}: {message}; skipped", draft.path.display());
                failed = true;
                continue;
            }
        };
        if text.len() > config.max_file_bytes {
            eprintln!(
                "copydesk: {}: above the {}-byte limit; skipped",
                draft.path.display(),
                config.max_file_bytes
            );
            failed = true;
            continue;
        }
        let outcome = fix_text(text, &config, mode);
        if outcome.hit_cap {
            eprintln!(
                "copydesk: {}: fixes did not settle after {} passes",
                draft.path.display(),
                outcome.passes
            );
        }
        if outcome.text == *text {
            continue;
        }
        applied += outcome.applied;
        fixed_files += 1;
        if dry_run {
            let name = draft.path.display().to_string();
            let diff = similar::TextDiff::from_lines(text.as_str(), outcome.text.as_str());
            let _ = write!(stdout, "{}", diff.unified_diff().header(&name, &name));
            continue;
        }
        if let Err(message) = write_atomically(&draft.path, &outcome.text, &roots) {
            eprintln!("copydesk: {}: {message}", draft.path.display());
            failed = true;
        }
    }
    for error in &configs.errors {
        eprintln!("copydesk: configuration error (defaults used where invalid): {error}");
        failed = true;
    }
    let verb = if dry_run { "Would fix" } else { "Fixed" };
    eprintln!(
        "{verb} {applied} finding{} in {fixed_files} file{}.",
        if applied == 1 { "" } else { "s" },
        if fixed_files == 1 { "" } else { "s" }
    );
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes `text` to `path` through a temporary file in the same folder and a rename, so
/// a reader never sees a half-written draft. Keeps permissions. A symlink is followed
/// only when its target stays inside one of `roots`.
pub fn write_atomically(path: &Path, text: &str, roots: &[PathBuf]) -> Result<(), String> {
    let target = std::fs::canonicalize(path).map_err(|e| format!("cannot resolve path: {e}"))?;
    let is_link = std::fs::symlink_metadata(path)
        .map(|m| m.file_type().is_symlink())
        .unwrap_or(false);
    if is_link && !roots.iter().any(|root| target.starts_with(root)) {
        return Err(format!(
            "refusing to write through a symlink to {}, outside the checked tree",
            target.display()
        ));
    }
    let permissions = std::fs::metadata(&target)
        .map_err(|e| format!("cannot stat: {e}"))?
        .permissions();
    let dir = target.parent().ok_or("file has no parent folder")?;
    let mut temp = tempfile::Builder::new()
        .prefix(".copydesk-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file: {e}"))?;
    temp.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write: {e}"))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| format!("cannot sync: {e}"))?;
    std::fs::set_permissions(temp.path(), permissions)
        .map_err(|e| format!("cannot set permissions: {e}"))?;
    temp.persist(&target)
        .map_err(|e| format!("cannot replace the file: {}", e.error))?;
    Ok(())
}
