//! The only module that knows LSP: tower-lsp backend, document store (ropes), position
//! encoding, diagnostics, code actions, hover. Everything else speaks byte spans.

mod backend;
mod code_actions;
mod documents;
mod settings;
mod to_proto;
pub mod transport;
mod workspace;

pub use documents::{apply_content_change, position_to_char};
pub use settings::ClientSettings;

use tower_lsp::{LspService, Server};

/// Runs the language server on stdin/stdout until the client exits.
pub fn run() -> anyhow::Result<()> {
    init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (service, socket) = LspService::build(backend::Backend::new).finish();
        let input = transport::guarded(tokio::io::stdin());
        Server::new(input, tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    // Dropping the runtime would wait for every blocking task: an analysis of a huge
    // draft still running would hold `exit` for as long as it takes. Give in-flight work
    // a moment, then leave.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    Ok(())
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("COPYDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("copydesk=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}
