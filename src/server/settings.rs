//! Client settings (`initializationOptions`, `workspace/didChangeConfiguration`, pulled
//! `workspace/configuration` section `copydesk`) → typed overrides of `Config`.

use crate::config::{Config, RuleLevel, Style};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Debounce before analysing after an edit, unless the client sets `debounceMs`.
pub const DEFAULT_DEBOUNCE_MS: u64 = 75;

/// What the client asked for. Every field is optional; unset fields keep the file config.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClientSettings {
    /// House style.
    pub style: Option<Style>,
    /// Rule (or family) levels.
    pub rules: BTreeMap<String, RuleLevel>,
    /// Boilerplate library paths.
    pub library: Option<Vec<PathBuf>>,
    /// Debounce in milliseconds.
    pub debounce_ms: Option<u64>,
    /// Size limit for analysed drafts.
    pub max_file_bytes: Option<usize>,
}

impl ClientSettings {
    /// Reads settings from JSON, with or without a `copydesk` wrapper object. Returns the
    /// settings understood and a message per value that was not.
    pub fn from_json(value: &Value) -> (ClientSettings, Vec<String>) {
        let mut settings = ClientSettings::default();
        let mut errors = Vec::new();
        let value = value.get("copydesk").unwrap_or(value);
        let Some(object) = value.as_object() else {
            // Lua clients send an empty table as `[]`.
            let empty = value.is_null() || value.as_array().is_some_and(Vec::is_empty);
            if !empty {
                errors.push("copydesk settings must be an object".to_string());
            }
            return (settings, errors);
        };
        for (key, item) in object {
            match key.as_str() {
                "style" => match item.as_str().and_then(Style::parse) {
                    Some(style) => settings.style = Some(style),
                    None => errors.push(format!(
                        "copydesk.style: unknown style {item}; expected one of {}",
                        Style::NAMES.join(", ")
                    )),
                },
                "rules" => match item.as_object() {
                    Some(rules) => {
                        for (rule, level) in rules {
                            match level.as_str().and_then(RuleLevel::parse) {
                                Some(level)
                                    if crate::lint::registry::is_known_rule_or_family(rule) =>
                                {
                                    settings.rules.insert(rule.clone(), level);
                                }
                                Some(_) => {
                                    errors.push(format!("copydesk.rules: unknown rule `{rule}`"))
                                }
                                None => errors
                                    .push(format!("copydesk.rules.{rule}: unknown level {level}")),
                            }
                        }
                    }
                    None => errors.push("copydesk.rules must be an object".to_string()),
                },
                "boilerplate" => match item.get("library").and_then(Value::as_array) {
                    Some(paths) => {
                        settings.library = Some(
                            paths
                                .iter()
                                .filter_map(Value::as_str)
                                .map(PathBuf::from)
                                .collect(),
                        )
                    }
                    None if item.is_object() && item.get("library").is_none() => {}
                    None => errors
                        .push("copydesk.boilerplate.library must be a list of paths".to_string()),
                },
                "debounceMs" => match item.as_u64() {
                    Some(ms) => settings.debounce_ms = Some(ms.min(10_000)),
                    None => errors.push(format!(
                        "copydesk.debounceMs: expected a number, got {item}"
                    )),
                },
                "maxFileBytes" => match item.as_u64() {
                    Some(bytes) if bytes > 0 => settings.max_file_bytes = Some(bytes as usize),
                    _ => errors.push(format!(
                        "copydesk.maxFileBytes: expected a positive number, got {item}"
                    )),
                },
                // Client-side settings the server has no use for.
                "trace" | "server" | "enable" => {}
                other => errors.push(format!("copydesk.{other}: unknown setting")),
            }
        }
        (settings, errors)
    }

    /// Applies these settings on top of a file configuration.
    pub fn apply(&self, config: &mut Config) {
        if let Some(style) = self.style {
            config.style = style;
        }
        for (rule, level) in &self.rules {
            config.set_level(rule, *level);
        }
        if let Some(library) = &self.library {
            config.boilerplate_library = library.clone();
        }
        if let Some(bytes) = self.max_file_bytes {
            config.max_file_bytes = bytes;
        }
    }

    /// The debounce to use.
    pub fn debounce_ms(&self) -> u64 {
        self.debounce_ms.unwrap_or(DEFAULT_DEBOUNCE_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wrapped_and_unwrapped_settings() {
        let (wrapped, errors) =
            ClientSettings::from_json(&json!({"copydesk": {"style": "guardian", "debounceMs": 0}}));
        assert!(errors.is_empty());
        assert_eq!(wrapped.style, Some(Style::Guardian));
        assert_eq!(wrapped.debounce_ms(), 0);
        let (plain, errors) =
            ClientSettings::from_json(&json!({"rules": {"boilerplate": "off"}, "style": 3}));
        assert_eq!(errors.len(), 1);
        let mut config = Config::default();
        plain.apply(&mut config);
        assert_eq!(
            config.rules.get("boilerplate/duplicate-paragraph"),
            Some(&RuleLevel::Off)
        );
    }
}
