//! copydesk: a copy desk for news drafts in Markdown.
//!
//! Bird's-eye view: Markdown text → [`document::Document`] (prose blocks with zones; code,
//! front matter, HTML and URLs blanked out) → [`analysis`] facts per block (sentences,
//! quotations) cached by block hash → [`rules`] → [`lint::Finding`]s (byte spans, fixes)
//! → rendered by [`cli`] or converted to LSP by [`server`].
//!
//! Invariants: the engine (`document`, `analysis`, `lint`, `rules`) does no I/O and never
//! fails; only `server` knows LSP; offsets are UTF-8 byte offsets everywhere except at
//! the edges (`document::LineIndex`); rule ids are public API and never reused.

pub mod analysis;
pub mod cli;
pub mod config;
pub mod document;
pub mod lint;
pub mod re;
pub mod rules;
pub mod server;
#[cfg(test)]
mod test_support;

pub use config::Config;
pub use lint::{lint, lint_cached, Analysis, BlockCache, Finding};
