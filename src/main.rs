//! The `copydesk` binary: parse arguments and dispatch. No logic here.

fn main() -> std::process::ExitCode {
    copydesk::cli::main()
}
