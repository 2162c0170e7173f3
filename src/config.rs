//! Configuration: `copydesk.toml` / `.copydesk.toml`, found by walking up from a draft,
//! overridden by LSP settings. Loading reports every problem with file, line and column
//! and falls back to defaults for whatever could not be read; it never aborts.
//!
//! ```toml
//! style = "ap"                      # house style profile
//! fail_on = "warning"               # CLI: lowest severity that makes `check` exit 1
//! [rules]
//! "date/month-abbrev" = "off"       # or "error" | "warning" | "info" | "hint"
//! [boilerplate]
//! library = ["boilerplate/"]        # folders or files of known boilerplate snippets
//! snippets = ["Support our newsroom …"]  # or the snippets themselves
//! [attribution]
//! verbs = ["opined"]                # extra reporting verbs
//! ```

use crate::lint::{RuleMeta, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File names searched for, in order, in each directory walking up from a draft.
pub const CONFIG_FILE_NAMES: [&str; 2] = ["copydesk.toml", ".copydesk.toml"];

/// A house style profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Style {
    /// Associated Press Stylebook (post-2019): the default.
    #[default]
    Ap,
    /// The Guardian and Observer style guide (day–month–year, `10am`).
    Guardian,
}

impl Style {
    /// Every profile name accepted in configuration.
    pub const NAMES: [&'static str; 2] = ["ap", "guardian"];

    /// Parses a profile name.
    pub fn parse(name: &str) -> Option<Style> {
        match name.to_ascii_lowercase().as_str() {
            "ap" => Some(Style::Ap),
            "guardian" => Some(Style::Guardian),
            _ => None,
        }
    }

    /// The profile's configuration name.
    pub fn as_str(self) -> &'static str {
        match self {
            Style::Ap => "ap",
            Style::Guardian => "guardian",
        }
    }
}

/// A rule's configured level: off, or a severity replacing the rule's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleLevel {
    /// The rule does not run.
    Off,
    /// Every finding of the rule gets this severity.
    Severity(Severity),
}

impl RuleLevel {
    /// Parses `off` or a severity name.
    pub fn parse(name: &str) -> Option<RuleLevel> {
        if name == "off" {
            Some(RuleLevel::Off)
        } else {
            Severity::parse(name).map(RuleLevel::Severity)
        }
    }
}

/// Default for drafts above which the server skips analysis (spec: "generous").
pub const DEFAULT_MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// The effective configuration for one draft.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Config {
    /// House style profile.
    pub style: Style,
    /// Per-rule levels by rule id.
    pub rules: BTreeMap<String, RuleLevel>,
    /// Lowest severity that makes `copydesk check` exit with 1.
    pub fail_on: Severity,
    /// Boilerplate library folders or files (absolute, or relative to the config file).
    pub boilerplate_library: Vec<PathBuf>,
    /// Boilerplate paragraphs given inline in the config file.
    pub boilerplate_snippets: Vec<String>,
    /// Extra attribution (reporting) verbs.
    pub attribution_verbs: Vec<String>,
    /// Drafts larger than this many bytes are not analysed.
    pub max_file_bytes: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            style: Style::Ap,
            rules: BTreeMap::new(),
            fail_on: Severity::Warning,
            boilerplate_library: Vec::new(),
            boilerplate_snippets: Vec::new(),
            attribution_verbs: Vec::new(),
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
        }
    }
}

/// A problem in a configuration file, with its location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The file (or `LSP settings`).
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                write!(f, "{}:{}:{}: {}", self.path, line, column, self.message)
            }
            _ => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    style: Option<toml::Spanned<String>>,
    fail_on: Option<toml::Spanned<String>>,
    max_file_bytes: Option<toml::Spanned<i64>>,
    #[serde(default)]
    rules: BTreeMap<String, toml::Spanned<String>>,
    boilerplate: Option<RawBoilerplate>,
    attribution: Option<RawAttribution>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBoilerplate {
    #[serde(default)]
    library: Vec<String>,
    #[serde(default)]
    snippets: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttribution {
    #[serde(default)]
    verbs: Vec<String>,
}

/// Largest config file read; anything bigger is refused with an error.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

impl Config {
    /// The level of a rule: configured, or the rule's default severity.
    pub fn level(&self, meta: &RuleMeta) -> RuleLevel {
        self.rules
            .get(meta.id)
            .copied()
            .unwrap_or(RuleLevel::Severity(meta.default_severity))
    }

    /// Whether a rule runs.
    pub fn is_enabled(&self, meta: &RuleMeta) -> bool {
        self.level(meta) != RuleLevel::Off
    }

    /// The configured severity override of a rule, if any.
    pub fn severity_override(&self, rule_id: &str) -> Option<Severity> {
        match self.rules.get(rule_id) {
            Some(RuleLevel::Severity(severity)) => Some(*severity),
            _ => None,
        }
    }

    /// Finds the nearest `copydesk.toml` or `.copydesk.toml` in `dir` or its ancestors.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        dir.ancestors().find_map(|ancestor| {
            CONFIG_FILE_NAMES
                .iter()
                .map(|name| ancestor.join(name))
                .find(|candidate| candidate.is_file())
        })
    }

    /// Reads and parses a config file. Problems are returned next to the best config
    /// that could be made (defaults for anything unreadable).
    pub fn load(path: &Path) -> (Config, Vec<ConfigError>) {
        let display = path.display().to_string();
        let error = |message: String| ConfigError {
            path: display.clone(),
            line: None,
            column: None,
            message,
        };
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() => {
                return (
                    Config::default(),
                    vec![error("config is not a regular file".to_string())],
                );
            }
            Ok(meta) if meta.len() > MAX_CONFIG_BYTES => {
                return (
                    Config::default(),
                    vec![error(format!(
                        "config file is {} bytes; the limit is {MAX_CONFIG_BYTES}",
                        meta.len()
                    ))],
                );
            }
            Err(e) => {
                return (
                    Config::default(),
                    vec![error(format!("cannot read config: {e}"))],
                )
            }
            _ => {}
        }
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                return (
                    Config::default(),
                    vec![error(format!("cannot read config: {e}"))],
                )
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                return (
                    Config::default(),
                    vec![error(format!(
                        "config is not valid UTF-8 at byte {}",
                        e.utf8_error().valid_up_to()
                    ))],
                )
            }
        };
        let base = path.parent().unwrap_or(Path::new("."));
        Config::parse(&text, &display, base)
    }

    /// Parses config text; `path` names it in errors, `base` resolves relative paths.
    pub fn parse(text: &str, path: &str, base: &Path) -> (Config, Vec<ConfigError>) {
        let mut errors = Vec::new();
        let located = |span: Option<std::ops::Range<usize>>, message: String| {
            let (line, column) = span.map(|s| line_col(text, s.start)).unzip();
            ConfigError {
                path: path.to_string(),
                line,
                column,
                message,
            }
        };
        let raw: RawConfig = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let message = e.message().trim().to_string();
                return (Config::default(), vec![located(e.span(), message)]);
            }
        };
        let mut config = Config::default();
        if let Some(style) = raw.style {
            match Style::parse(style.get_ref()) {
                Some(parsed) => config.style = parsed,
                None => errors.push(located(
                    Some(style.span()),
                    format!(
                        "unknown style `{}`; expected one of: {}",
                        style.get_ref(),
                        Style::NAMES.join(", ")
                    ),
                )),
            }
        }
        if let Some(fail_on) = raw.fail_on {
            match Severity::parse(fail_on.get_ref()) {
                Some(severity) => config.fail_on = severity,
                None => errors.push(located(
                    Some(fail_on.span()),
                    format!(
                        "unknown severity `{}`; expected error, warning, info or hint",
                        fail_on.get_ref()
                    ),
                )),
            }
        }
        if let Some(max) = raw.max_file_bytes {
            match usize::try_from(*max.get_ref()) {
                Ok(value) if value > 0 => config.max_file_bytes = value,
                _ => errors.push(located(
                    Some(max.span()),
                    "max_file_bytes must be a positive number".into(),
                )),
            }
        }
        for (rule_id, level) in raw.rules {
            let Some(parsed) = RuleLevel::parse(level.get_ref()) else {
                errors.push(located(
                    Some(level.span()),
                    format!("unknown level `{}` for `{rule_id}`; expected off, error, warning, info or hint", level.get_ref()),
                ));
                continue;
            };
            if !crate::lint::registry::is_known_rule_or_family(&rule_id) {
                errors.push(located(
                    find_key(text, &rule_id),
                    format!("unknown rule `{rule_id}`"),
                ));
                continue;
            }
            config.set_level(&rule_id, parsed);
        }
        if let Some(boilerplate) = raw.boilerplate {
            config.boilerplate_library = boilerplate
                .library
                .into_iter()
                .map(|p| base.join(p))
                .collect();
            config.boilerplate_snippets = boilerplate.snippets;
        }
        if let Some(attribution) = raw.attribution {
            config.attribution_verbs = attribution.verbs;
        }
        (config, errors)
    }

    /// Sets the level of a rule id, or of every rule in a family (`date`).
    pub fn set_level(&mut self, rule_or_family: &str, level: RuleLevel) {
        if rule_or_family.contains('/') {
            self.rules.insert(rule_or_family.to_string(), level);
        } else {
            for rule in crate::lint::registry::all_rules() {
                if rule.meta().family() == rule_or_family {
                    self.rules.insert(rule.meta().id.to_string(), level);
                }
            }
        }
    }

    /// The default configuration with every rule but `rule_id` turned off: one rule at a
    /// time, as the rule tests check them.
    pub fn only(rule_id: &str) -> Config {
        let mut config = Config::default();
        for rule in crate::lint::registry::all_rules() {
            if rule.meta().id != rule_id {
                config
                    .rules
                    .insert(rule.meta().id.to_string(), RuleLevel::Off);
            }
        }
        config
    }
}

fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let start = text.find(key)?;
    Some(start..start + key.len())
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_config() {
        let text = "style = \"guardian\"\nfail_on = \"error\"\n[rules]\n\"boilerplate/duplicate-paragraph\" = \"off\"\n[boilerplate]\nlibrary = [\"lib\"]\n";
        let (config, errors) = Config::parse(text, "copydesk.toml", Path::new("/news"));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(config.style, Style::Guardian);
        assert_eq!(config.fail_on, Severity::Error);
        assert_eq!(
            config.rules.get("boilerplate/duplicate-paragraph"),
            Some(&RuleLevel::Off)
        );
        assert_eq!(config.boilerplate_library, vec![PathBuf::from("/news/lib")]);
    }

    #[test]
    fn errors_carry_line_and_column_and_defaults_remain() {
        let (config, errors) = Config::parse("style = \"ap\"\n[rules\n", "c.toml", Path::new("."));
        assert_eq!(config, Config::default());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(2));

        let (config, errors) = Config::parse(
            "style = \"fancy\"\n[rules]\n\"nope/rule\" = \"off\"\n",
            "c.toml",
            Path::new("."),
        );
        assert_eq!(config.style, Style::Ap);
        assert_eq!(errors.len(), 2);
        assert_eq!((errors[0].line, errors[0].column), (Some(1), Some(9)));
        assert!(errors[1].message.contains("unknown rule"));
        assert_eq!(errors[1].line, Some(3));
    }
}
