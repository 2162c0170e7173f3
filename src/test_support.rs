//! Helpers shared by the unit tests: the fixture drafts, and random texts for tests that
//! compare a fast path with the plain walk it replaces.

/// A small deterministic generator (xorshift64): the same numbers on every run.
pub(crate) struct XorShift(u64);

impl XorShift {
    /// A generator started from `seed` (not zero).
    pub(crate) fn new(seed: u64) -> XorShift {
        XorShift(seed.max(1))
    }

    /// A number below `n` (`n` > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// `count` texts of fewer than `max_pieces` pieces each, drawn at random from `pieces`
/// and run together.
pub(crate) fn random_texts(
    pieces: &[&str],
    count: usize,
    max_pieces: usize,
    seed: u64,
) -> Vec<String> {
    let mut rng = XorShift::new(seed);
    (0..count)
        .map(|_| {
            let len = rng.below(max_pieces);
            (0..len).map(|_| pieces[rng.below(pieces.len())]).collect()
        })
        .collect()
}

/// The text of every Markdown draft in `tests/fixtures/<dir>`, for each of `dirs`.
pub(crate) fn fixture_drafts(dirs: &[&str]) -> Vec<String> {
    let mut drafts = Vec::new();
    for dir in dirs {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(dir);
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("fixture entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.sort();
        for path in paths {
            drafts.push(std::fs::read_to_string(&path).expect("fixture draft"));
        }
    }
    drafts
}
