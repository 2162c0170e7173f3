//! Command-line front end: `check`, `fix`, `rules`, `server`. Only `output.rs` and the
//! diff/rules printers write to stdout; everything else reports on stderr.

mod check;
mod fix;
mod output;
mod rules;
mod walk;

pub use check::parallel_map;
pub use walk::{walk_files, MARKDOWN};

/// Files of a boilerplate library (folders walked for `*.md`, `*.markdown`, `*.txt`).
pub fn walk_library(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(String, String)>) {
    walk::collect_library(paths)
}

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  copydesk check examples/story.md            Check one draft
  copydesk check --format json drafts/        Check a folder as one workspace, JSON output
  copydesk fix --dry-run drafts/story.md      Show the safe fixes as a diff
  copydesk fix --unsafe drafts/               Apply safe and unsafe fixes in place
  copydesk rules                              List every rule
  copydesk rules date/month-abbrev            Explain one rule
  copydesk server                             Run the language server on stdio";

/// A copy desk for news drafts: dates and times, units, attribution, boilerplate.
#[derive(Parser, Debug)]
#[command(name = "copydesk", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check drafts and report findings (exit 0: clean, 1: findings, 2: errors).
    Check(CheckArgs),
    /// Apply fixes in place (safe ones; unsafe ones with --unsafe; never suggestions).
    Fix(FixArgs),
    /// List the rules, or explain one.
    Rules(RulesArgs),
    /// Run the language server on stdin/stdout.
    Server {
        /// Accepted and ignored: stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

/// Output format of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: severity[rule] message`, fix titles and a summary.
    Human,
    /// One JSON document, as specified in check-json.md.
    Json,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Files or folders (*.md, *.markdown; folders walked honouring .gitignore).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Use this config file instead of discovering copydesk.toml.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1 (default: from config, else warning).
    #[arg(long, value_parser = ["error", "warning", "info", "hint"])]
    fail_on: Option<String>,
}

#[derive(clap::Args, Debug)]
struct FixArgs {
    /// Files or folders to fix.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Also apply unsafe fixes (deleting duplicates, changing figures).
    #[arg(long = "unsafe")]
    unsafe_fixes: bool,
    /// Print a unified diff instead of writing files.
    #[arg(long)]
    dry_run: bool,
    /// Use this config file instead of discovering copydesk.toml.
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct RulesArgs {
    /// A rule id to explain.
    id: Option<String>,
    /// List as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check(args) => check::run(
            &args.paths,
            args.format,
            args.config.as_deref(),
            args.fail_on.as_deref(),
        ),
        Command::Fix(args) => fix::run(
            &args.paths,
            args.unsafe_fixes,
            args.dry_run,
            args.config.as_deref(),
        ),
        Command::Rules(args) => rules::run(args.id.as_deref(), args.json),
        Command::Server { stdio: _ } => match crate::server::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("copydesk: server error: {error:#}");
                ExitCode::from(2)
            }
        },
    }
}
