//! Turning command-line paths into the list of drafts to check, and per-file configs.

use crate::config::{Config, ConfigError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A draft to check: the path as shown to the user and its content (or why not).
pub struct Draft {
    /// Path as given or walked (relative paths stay relative).
    pub path: PathBuf,
    /// The text, or an error message.
    pub text: Result<String, String>,
}

/// Expands files and folders into drafts, in the order given (folders sorted).
/// Returns the drafts and errors for paths that do not exist.
pub fn collect(paths: &[PathBuf]) -> (Vec<Draft>, Vec<(PathBuf, String)>) {
    let mut drafts = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        let Ok(meta) = std::fs::metadata(path) else {
            errors.push((path.clone(), "no such file or directory".to_string()));
            continue;
        };
        let files: Vec<PathBuf> = if meta.is_dir() {
            let (files, walk_errors) = walk_files(path, MARKDOWN);
            errors.extend(walk_errors.into_iter().map(|e| (path.clone(), e)));
            files
        } else {
            vec![path.clone()]
        };
        for file in files {
            let key = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
            if seen.insert(key) {
                let text = read_draft(&file);
                drafts.push(Draft { path: file, text });
            }
        }
    }
    (drafts, errors)
}

/// Reads a draft as UTF-8, with a clear message when it cannot.
pub fn read_draft(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        // A FIFO or device would block or never end.
        return Err("not a regular file".to_string());
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    String::from_utf8(bytes)
        .map_err(|e| format!("not valid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
}

/// Configs by the file that defined them, discovered per draft directory.
#[derive(Default)]
pub struct Configs {
    explicit: Option<Arc<Config>>,
    by_dir: HashMap<PathBuf, Arc<Config>>,
    by_file: HashMap<PathBuf, Arc<Config>>,
    /// Problems found while loading, each reported once.
    pub errors: Vec<ConfigError>,
}

impl Configs {
    /// Uses `explicit` for every draft when given.
    pub fn new(explicit: Option<&Path>) -> Configs {
        let mut configs = Configs::default();
        if let Some(path) = explicit {
            let (config, errors) = if path.is_file() {
                Config::load(path)
            } else {
                (
                    Config::default(),
                    vec![ConfigError {
                        path: path.display().to_string(),
                        line: None,
                        column: None,
                        message: "config file not found".into(),
                    }],
                )
            };
            configs.errors.extend(errors);
            configs.explicit = Some(Arc::new(config));
        }
        configs
    }

    /// The config for a draft.
    pub fn for_draft(&mut self, draft: &Path) -> Arc<Config> {
        if let Some(config) = &self.explicit {
            return Arc::clone(config);
        }
        let dir = std::path::absolute(draft)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        if let Some(config) = self.by_dir.get(&dir) {
            return Arc::clone(config);
        }
        let config = match Config::discover(&dir) {
            Some(file) => {
                if let Some(config) = self.by_file.get(&file) {
                    Arc::clone(config)
                } else {
                    let (config, errors) = Config::load(&file);
                    self.errors.extend(errors);
                    let config = Arc::new(config);
                    self.by_file.insert(file, Arc::clone(&config));
                    config
                }
            }
            None => Arc::new(Config::default()),
        };
        self.by_dir.insert(dir, Arc::clone(&config));
        config
    }
}

/// Files of the boilerplate library: `*.md`, `*.markdown` and `*.txt` under each path.
pub fn collect_library(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(String, String)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
            continue;
        }
        if !path.is_dir() {
            errors.push((
                path.display().to_string(),
                "boilerplate library path not found".to_string(),
            ));
            continue;
        }
        files.extend(walk_files(path, LIBRARY).0);
    }
    (files, errors)
}

/// Extensions of drafts.
pub const MARKDOWN: &[&str] = &["md", "markdown"];
/// Extensions of boilerplate library files.
pub const LIBRARY: &[&str] = &["md", "markdown", "txt"];

/// Regular files with one of `extensions` under `root`, honouring `.gitignore` and hidden
/// files, not following symlinks, in sorted order; with the errors met on the way.
pub fn walk_files(root: &Path, extensions: &[&str]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(true)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let wanted = entry
                    .path()
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.contains(&e));
                if wanted && entry.file_type().is_some_and(|t| t.is_file()) {
                    files.push(entry.into_path());
                }
            }
            Err(error) => errors.push(format!("cannot walk: {error}")),
        }
    }
    (files, errors)
}
