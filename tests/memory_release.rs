//! Freed memory goes back to the system (the language server does this when it has been
//! quiet). A test binary of its own: resident size is per process, and no other test may
//! allocate while it measures.

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn freed_memory_goes_back_to_the_system() {
    use copydesk::server::memory::release_free_memory;

    fn resident_kb() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
    // 64 MB in 1 KB blocks (below the mmap threshold), freed except every 64th: glibc
    // keeps the free space inside its heap, resident, until it is trimmed.
    let mut blocks: Vec<Vec<u8>> = (0..64 * 1024).map(|i| vec![i as u8; 1024]).collect();
    let keep: Vec<Vec<u8>> = blocks
        .drain(..)
        .enumerate()
        .filter_map(|(i, block)| (i % 64 == 0).then_some(block))
        .collect();
    let before = resident_kb();
    let released = release_free_memory();
    let after = resident_kb();
    assert_eq!(keep.len(), 1024);
    assert!(released, "malloc_trim released nothing");
    assert!(
        after + 32 * 1024 < before,
        "resident {before} kB before, {after} kB after trimming 63 MB of freed blocks"
    );
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_arena_limit_is_accepted() {
    assert!(copydesk::server::memory::limit_arenas(2));
}
