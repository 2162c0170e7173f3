//! The only module that knows LSP: tower-lsp backend, document store (ropes), position
//! encoding, diagnostics, code actions, hover. Everything else speaks byte spans.

mod backend;
mod code_actions;
mod documents;
pub mod memory;
mod priority;
mod settings;
mod to_proto;
pub mod transport;
mod workspace;

pub use documents::{apply_content_change, position_to_char};
pub use settings::ClientSettings;

use tower_lsp::{LspService, Server};

/// Runs the language server on stdin/stdout until the client exits; then ends the process
/// (exit code 0 after `shutdown`, 1 when `exit` came without it, as the LSP says).
pub fn run() -> anyhow::Result<()> {
    init_logging();
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    if !memory::limit_arenas(workers) {
        tracing::debug!("malloc arena limit not set");
    }
    if !memory::map_large_allocations() {
        tracing::debug!("malloc mapping threshold not set");
    }
    // The engine threads get names (`top -H`, profilers); left to rayon they were built
    // by the start-up warm-up thread and showed its name.
    if let Err(error) = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .thread_name(|i| format!("copydesk-engine-{i}"))
        .build_global()
    {
        tracing::debug!("engine threads already set up: {error}");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("copydesk-io")
        .enable_all()
        .build()?;
    runtime.block_on(async {
        if let Some(bytes) = transport::widen_output_pipe() {
            tracing::debug!(bytes, "output pipe widened");
        }
        let (output, outbox, writer) =
            transport::muxed_output(transport::Output::new(std::io::stdout()));
        let (service, socket) =
            LspService::build(move |client| backend::Backend::new(client, outbox)).finish();
        let input = transport::guarded(tokio::io::stdin());
        Server::new(input, output, socket).serve(service).await;
        // Everything tower-lsp wrote, and every publish sent before, reaches stdout.
        let _ = writer.await;
    });
    // Exit now: the blocking thread reading stdin may still wait for input the client
    // never sends, and the runtime would wait for it on drop.
    let without_shutdown =
        transport::EXIT_WITHOUT_SHUTDOWN.load(std::sync::atomic::Ordering::SeqCst);
    std::process::exit(i32::from(without_shutdown));
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
