//! Writes synthetic benchmark drafts (our own templates, no corpus text):
//!
//! ```text
//! cargo run --release --example gen_drafts -- OUT_DIR [--drafts N]
//! ```
//!
//! creates `OUT_DIR/draft-10k.md`, `-60k`, `-100k`, `-1m`, `-10m` and `OUT_DIR/workspace/`
//! with N drafts of about 6 KB (default 5,000, about 30 MB).

#[path = "../benches/support/gen.rs"]
mod gen;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "bench-data".into()));
    let mut drafts = 5000usize;
    while let Some(arg) = args.next() {
        if arg == "--drafts" {
            drafts = args.next().and_then(|n| n.parse().ok()).unwrap_or(drafts);
        }
    }
    std::fs::create_dir_all(out.join("workspace"))?;
    for (name, size) in [
        ("10k", 10_000),
        ("60k", 60_000),
        ("100k", 100_000),
        ("1m", 1_000_000),
        ("10m", 10_000_000),
    ] {
        let path = out.join(format!("draft-{name}.md"));
        std::fs::write(&path, gen::story(7, size))?;
        eprintln!("wrote {}", path.display());
    }
    for n in 0..drafts {
        let size = 3_000 + gen::Rng::new(n as u64).below(6_000);
        std::fs::write(
            out.join("workspace").join(format!("story-{n:05}.md")),
            gen::story(1000 + n as u64, size),
        )?;
    }
    eprintln!(
        "wrote {drafts} drafts to {}",
        out.join("workspace").display()
    );
    Ok(())
}
