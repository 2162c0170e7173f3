//! Markdown → prose blocks, through pulldown-cmark's offset iterator.
//!
//! Decides what is prose: paragraphs, headings, list items and table cells are blocks;
//! fenced and indented code, HTML blocks and comments, inline code, link destinations,
//! autolinks, image alt text, front matter and bare URLs are blanked out of a block's
//! `masked` text (replaced by spaces, same byte length).

use super::{Block, BlockKind, FrontMatter, Zone};
use crate::lint::Span;
use crate::re::Regex;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

pub(crate) struct Parsed {
    /// The prose blocks, classified into zones and numbered (see `zones::classify`).
    pub blocks: Arc<Vec<Block>>,
    pub front_matter: Option<FrontMatter>,
    pub html_comments: Vec<Span>,
}

struct Leaf {
    kind: BlockKind,
    span: Range<usize>,
    pieces: Vec<Range<usize>>,
    in_list: bool,
    in_blockquote: bool,
    in_table: bool,
    /// Whether `span` came from the tag range (true) or grows with inline events.
    fixed_span: bool,
}

impl Leaf {
    fn extend(&mut self, range: &Range<usize>) {
        if !self.fixed_span {
            self.span.start = self.span.start.min(range.start);
            self.span.end = self.span.end.max(range.end);
        }
    }
}

/// Splits `source` into prose blocks. Never fails.
///
/// The body is cut into chunks at blank lines where no Markdown construct can continue
/// (see [`chunk_starts`]); each chunk is parsed on its own, and a chunk whose text was
/// parsed before (same bytes) is taken from `cache`, shifted to its new place. The result
/// is identical to parsing the whole body at once.
///
/// With a cache that holds the last version's blocks, an edit replaces only the blocks
/// of the chunks it changed: the blocks before them stay, the blocks after them are
/// moved by the edit's length (see [`splice`]), so a keystroke in a long draft no longer
/// copies every block.
pub(crate) fn parse(source: &str, cache: Option<&mut ParseCache>) -> Parsed {
    let front_matter = detect_front_matter(source);
    let body_start = front_matter.as_ref().map_or(0, |f| f.span.end);
    let body = &source[body_start..];
    let mut local = ParseCache::default();
    let keep_previous = cache.is_some();
    let cache = cache.unwrap_or(&mut local);
    let shared = cache.shared.take();
    let since = cache.since.take().filter(|_| {
        shared
            .as_ref()
            .is_some_and(|text| std::ptr::eq(text.as_ptr(), source.as_ptr()))
    });
    // The whole last source, when the caller shared it, is compared with this one once:
    // the line index is updated from the same comparison (see `ParseCache::last_diff`).
    cache.last_diff = None;
    let mut body_diff = None;
    if let Some(PreviousBody::Shared(old, old_body_start)) = &cache.previous {
        let diff = match since {
            Some((since, known)) if std::ptr::eq(since.as_ptr().cast::<u8>(), old.as_ptr()) => {
                known.within(old.len(), source.len())
            }
            _ => Diff::of(old.as_bytes(), source.as_bytes()),
        };
        debug_assert!(diff.holds(old.as_bytes(), source.as_bytes()), "{diff:?}");
        cache.last_diff = Some(diff);
        if *old_body_start == body_start && diff.head >= body_start {
            body_diff = Some(Diff {
                head: diff.head - body_start,
                tail: diff.tail,
            });
        }
    }
    let previous = match (&cache.layout, &cache.previous) {
        (Some(layout), Some(previous)) => Some((layout, previous.body())),
        _ => None,
    };
    let layout = chunk_layout(body, previous, body_diff);
    let old_layout = cache.layout.take();
    let last = cache.last.take();
    let spliced = match (old_layout, last) {
        (Some(old), Some(last)) if keep_previous => {
            splice(source, body_start, &layout, &old, last, cache)
        }
        _ => None,
    };
    cache.spliced = spliced.is_some();
    cache.last_stretch = spliced.as_ref().and_then(|(_, _, stretch)| *stretch);
    let (blocks, html_comments) = match spliced {
        Some((blocks, comments, _)) => (blocks, comments),
        None => assemble(source, body_start, &layout, cache, keep_previous),
    };
    cache.layout = Some(layout);
    // The next edit is compared with this body: the caller's shared copy of the source
    // when it gave one (the server keeps that copy anyway), else a copy of our own.
    cache.previous = keep_previous.then(|| match shared {
        Some(text)
            if std::ptr::eq(text.as_ptr(), source.as_ptr()) && text.len() == source.len() =>
        {
            PreviousBody::Shared(text, body_start)
        }
        _ => PreviousBody::Owned(body.into()),
    });
    Parsed {
        blocks,
        front_matter,
        html_comments,
    }
}

/// Parses the chunks of `keys` (indexes `which` into them) that `cache` lacks, each
/// distinct text once, and caches them.
fn parse_missing(body: &str, layout: &Layout, which: Range<usize>, cache: &mut ParseCache) {
    let keys = &layout.keys;
    let mut missing: Vec<usize> = Vec::new();
    {
        let mut seen = std::collections::HashSet::new();
        for i in which {
            if !cache.chunks.contains_key(&keys[i]) && seen.insert(keys[i]) {
                missing.push(i);
            }
        }
    }
    let parsed = crate::lint::par_map(&missing, 64, |&i| {
        parse_chunk(&body[layout.range(i, body.len())])
    });
    for (&i, chunk) in missing.iter().zip(parsed) {
        cache.chunks.insert(keys[i], (Arc::new(chunk), 0));
    }
}

/// The blocks and comments of the chunks `which` of `layout`, at their places in the
/// source, appended to `blocks` and `comments`; each chunk's use is counted.
fn place_chunks(
    body_start: usize,
    layout: &Layout,
    which: Range<usize>,
    cache: &mut ParseCache,
    blocks: &mut Vec<Block>,
    comments: &mut Vec<Span>,
    mut chunk_done: impl FnMut(usize, usize),
) {
    for i in which {
        let Some((chunk, uses)) = cache.chunks.get_mut(&layout.keys[i]) else {
            continue;
        };
        *uses += 1;
        let offset = body_start + layout.starts[i];
        blocks.extend(chunk.blocks.iter().map(|b| {
            let mut block = b.clone();
            block.span = Span::new(b.span.start + offset, b.span.end + offset);
            block
        }));
        comments.extend(
            chunk
                .html_comments
                .iter()
                .map(|c| Span::new(c.start + offset, c.end + offset)),
        );
        chunk_done(blocks.len(), comments.len());
    }
}

/// Builds the block list from every chunk of `layout` (the first parse of a draft, or
/// an edit [`splice`] cannot take), and remembers it in `cache` when `keep` is set.
fn assemble(
    source: &str,
    body_start: usize,
    layout: &Layout,
    cache: &mut ParseCache,
    keep: bool,
) -> (Arc<Vec<Block>>, Vec<Span>) {
    let body = &source[body_start..];
    parse_missing(body, layout, 0..layout.keys.len(), cache);
    for (_, uses) in cache.chunks.values_mut() {
        *uses = 0;
    }
    // Sized up front: grown by doubling, the list of a 1 MB draft was copied some ten
    // times.
    let total: usize = layout
        .keys
        .iter()
        .filter_map(|key| cache.chunks.get(key))
        .map(|(chunk, _)| chunk.blocks.len())
        .sum();
    let mut blocks = Vec::with_capacity(total);
    let mut comments = Vec::new();
    let mut block_starts = Vec::with_capacity(layout.keys.len() + 1);
    let mut comment_starts = Vec::with_capacity(layout.keys.len() + 1);
    block_starts.push(0);
    comment_starts.push(0);
    place_chunks(
        body_start,
        layout,
        0..layout.keys.len(),
        cache,
        &mut blocks,
        &mut comments,
        |b, c| {
            block_starts.push(b);
            comment_starts.push(c);
        },
    );
    cache.chunks.retain(|_, (_, uses)| *uses > 0);
    let classified = super::zones::classify(source, &mut blocks);
    let blocks = Arc::new(blocks);
    if keep && block_starts.len() == layout.keys.len() + 1 {
        cache.last = Some(LastParse::kept(
            &blocks,
            (block_starts, comment_starts),
            &comments,
            body_start..source.len(),
            classified,
        ));
    }
    (blocks, comments)
}

/// What [`splice`] gives: the blocks, the HTML comments, and the stretch of new blocks
/// when no block outside it changed but for its place (see [`ParseCache::last_stretch`]).
type Spliced = (Arc<Vec<Block>>, Vec<Span>, Option<(usize, usize, usize)>);

/// The block list of an edited draft from the last version's (`last`, made from the
/// chunks `old`): the chunks before and after the edit are the same text at the same
/// or a shifted place, so their blocks stay, moved by the edit's length; only the
/// blocks of the chunks in between are replaced. `None` when the edit reaches the
/// first blocks (where byline splits happen), the front matter changed length, or the
/// draft is one chunk: then the list is built afresh.
fn splice(
    source: &str,
    body_start: usize,
    layout: &Layout,
    old: &Layout,
    last: LastParse,
    cache: &mut ParseCache,
) -> Option<Spliced> {
    if last.body.start != body_start || old.keys.len() < 2 || layout.keys.len() < 2 {
        return None;
    }
    let body = &source[body_start..];
    let delta = body.len() as isize - last.body.len() as isize;
    let (n_old, n_new) = (old.keys.len(), layout.keys.len());
    let head = old
        .starts
        .iter()
        .zip(&old.keys)
        .zip(layout.starts.iter().zip(&layout.keys))
        .take_while(|(a, b)| a == b)
        .count();
    let tail = old
        .starts
        .iter()
        .zip(&old.keys)
        .rev()
        .zip(layout.starts.iter().zip(&layout.keys).rev())
        .take(n_old.min(n_new) - head)
        .take_while(|((&a_start, a_key), (&b_start, b_key))| {
            a_key == b_key && a_start as isize + delta == b_start as isize
        })
        .count();
    let raw_start = last.block_starts[head];
    let added = last.classified.added;
    if raw_start < super::zones::SPLIT_WINDOW
        || last.block_starts.len() != n_old + 1
        || last.blocks.len() != last.block_starts[n_old] + added
    {
        return None;
    }
    let old_raw_end = last.block_starts[n_old - tail];
    let (first, old_end) = (raw_start + added, old_raw_end + added);
    let (comment_start, old_comment_end) =
        (last.comment_starts[head], last.comment_starts[n_old - tail]);

    parse_missing(body, layout, head..n_new - tail, cache);
    let mut mid = Vec::new();
    let mut comments: Vec<Span> = last.comments[..comment_start].to_vec();
    let mut block_starts = last.block_starts[..=head].to_vec();
    let mut comment_starts = last.comment_starts[..=head].to_vec();
    place_chunks(
        body_start,
        layout,
        head..n_new - tail,
        cache,
        &mut mid,
        &mut comments,
        |b, c| {
            block_starts.push(raw_start + b);
            comment_starts.push(c);
        },
    );
    if block_starts.len() != n_new - tail + 1 {
        // A chunk went missing from the cache: build afresh.
        return None;
    }
    for key in &old.keys[head..n_old - tail] {
        if let Some((_, uses)) = cache.chunks.get_mut(key) {
            *uses = uses.saturating_sub(1);
            if *uses == 0 {
                cache.chunks.remove(key);
            }
        }
    }
    let shift = |span: &Span| {
        Span::new(
            (span.start as isize + delta) as usize,
            (span.end as isize + delta) as usize,
        )
    };
    comments.extend(last.comments[old_comment_end..].iter().map(shift));
    let raw_added = mid.len() as isize - (old_raw_end - raw_start) as isize;
    let comments_added = comments.len() as isize - last.comments.len() as isize;
    block_starts.extend(
        last.block_starts[n_old - tail + 1..]
            .iter()
            .map(|&s| (s as isize + raw_added) as usize),
    );
    comment_starts.extend(
        last.comment_starts[n_old - tail + 1..]
            .iter()
            .map(|&s| (s as isize + comments_added) as usize),
    );

    let LastParse {
        blocks: mut shared_blocks,
        classified,
        ..
    } = last;
    // Unchanged in place when the last version's document is gone (the usual case),
    // else copied.
    let blocks = Arc::make_mut(&mut shared_blocks);
    let mid_len = mid.len();
    blocks.splice(first..old_end, mid);
    let new_end = first + mid_len;
    if delta != 0 || new_end != old_end {
        for (idx, block) in blocks.iter_mut().enumerate().skip(new_end) {
            block.span = shift(&block.span);
            block.index = idx;
        }
    }
    let (classified, outside_kept) =
        super::zones::reclassify_stretch(blocks, first..new_end, old_end - first, classified);
    let stretch = outside_kept.then_some((first, old_end, new_end));
    for (idx, block) in blocks.iter_mut().enumerate().take(new_end).skip(first) {
        block.index = idx;
    }
    cache.last = Some(LastParse::kept(
        &shared_blocks,
        (block_starts, comment_starts),
        &comments,
        body_start..source.len(),
        classified,
    ));
    Some((shared_blocks, comments, stretch))
}

/// Parses the body in one piece, without chunks: the reference the chunked parse must
/// match (tests and benchmarks).
pub(crate) fn parse_whole(source: &str) -> Parsed {
    let front_matter = detect_front_matter(source);
    let body_start = front_matter.as_ref().map_or(0, |f| f.span.end);
    let chunk = parse_chunk(&source[body_start..]);
    let mut blocks: Vec<Block> = chunk
        .blocks
        .into_iter()
        .map(|mut b| {
            b.span = Span::new(b.span.start + body_start, b.span.end + body_start);
            b
        })
        .collect();
    super::zones::classify(source, &mut blocks);
    Parsed {
        blocks: Arc::new(blocks),
        front_matter,
        html_comments: chunk
            .html_comments
            .into_iter()
            .map(|c| Span::new(c.start + body_start, c.end + body_start))
            .collect(),
    }
}

impl LastParse {
    /// What the next edit needs of a parse that gave `blocks` and `comments`, with the
    /// index of each chunk's first block and first comment (`starts`).
    fn kept(
        blocks: &Arc<Vec<Block>>,
        starts: (Vec<usize>, Vec<usize>),
        comments: &[Span],
        body: Range<usize>,
        classified: super::zones::Classified,
    ) -> LastParse {
        LastParse {
            blocks: Arc::clone(blocks),
            block_starts: starts.0,
            comment_starts: starts.1,
            comments: comments.to_vec(),
            body,
            classified,
        }
    }
}

/// What an edit needs of the last parse to replace only the blocks it changed (see
/// [`splice`]).
struct LastParse {
    /// The blocks as handed to the last version's document.
    blocks: Arc<Vec<Block>>,
    /// Per chunk of the last layout, the index of its first block before byline splits
    /// (one more entry at the end: their number).
    block_starts: Vec<usize>,
    /// Per chunk, the index of its first HTML comment (and their number at the end).
    comment_starts: Vec<usize>,
    /// The HTML comments.
    comments: Vec<Span>,
    /// Where the body was in the source (after front matter).
    body: Range<usize>,
    /// What classifying the blocks decided.
    classified: super::zones::Classified,
}

/// Parsed chunks of a draft's body by the hash of their text, kept between analyses of
/// the same document so an edit re-parses only the chunk it touched.
#[derive(Default)]
pub struct ParseCache {
    /// Each chunk with the number of places it fills in the current layout.
    chunks: HashMap<u64, (Arc<Chunk>, usize), crate::analysis::normalize::Prehashed>,
    /// The last version's blocks, for the next edit to splice (see [`splice`]).
    last: Option<LastParse>,
    /// Whether the latest parse spliced the blocks (tests).
    spliced: bool,
    /// The blocks the latest parse spliced in, when it left every other block as it was
    /// but for its place (no zone outside them reassigned): `(first, old_end, new_end)`,
    /// the new blocks `first..new_end` having replaced the old `first..old_end`.
    last_stretch: Option<(usize, usize, usize)>,
    /// How the latest parse's source differed from the shared source before it.
    last_diff: Option<Diff>,
    /// How the next source differs from an earlier one, as its caller knows (see
    /// [`ParseCache::share_after`]). Holds the earlier one weakly: its address cannot be
    /// taken by another text while this lives, so equal addresses mean the same text.
    since: Option<(std::sync::Weak<str>, Diff)>,
    /// The previous body and its chunk starts and keys: an edit rescans only from the
    /// chunk before the change to the first chunk start after it that also started a
    /// chunk before (see [`chunk_layout`]).
    layout: Option<Layout>,
    /// The body `layout` was made from.
    previous: Option<PreviousBody>,
    /// The source of the next parse, shared by the caller (see [`ParseCache::share`]).
    shared: Option<Arc<str>>,
}

/// The previous version's body.
enum PreviousBody {
    /// Within the caller's copy of the source, from the given offset.
    Shared(Arc<str>, usize),
    Owned(Box<str>),
}

impl PreviousBody {
    fn body(&self) -> &str {
        match self {
            PreviousBody::Shared(text, start) => &text[*start..],
            PreviousBody::Owned(body) => body,
        }
    }
}

/// A body cut into chunks: where each starts and the hash of its text.
#[derive(Clone, Default)]
struct Layout {
    starts: Vec<usize>,
    keys: Vec<u64>,
}

impl Layout {
    /// The byte range of chunk `i` in a body of `len` bytes.
    fn range(&self, i: usize, len: usize) -> Range<usize> {
        self.starts[i]..self.starts.get(i + 1).copied().unwrap_or(len)
    }

    /// The layout of `body` from scratch.
    fn of(body: &str) -> Layout {
        let starts = chunk_starts(body);
        let keys = chunk_keys(body, &starts, 0..starts.len());
        Layout { starts, keys }
    }
}

/// Hashes of the chunks `range` (indexes into `starts`) of `body`.
fn chunk_keys(body: &str, starts: &[usize], range: Range<usize>) -> Vec<u64> {
    range
        .map(|i| {
            let end = starts.get(i + 1).copied().unwrap_or(body.len());
            crate::analysis::normalize::fast_hash_str(&body[starts[i]..end])
        })
        .collect()
}

/// Where two versions of a text differ: the lengths of the head and the tail they share
/// (the tail no longer than what the head leaves of the shorter one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Diff {
    /// Bytes at the start that are the same.
    pub head: usize,
    /// Bytes at the end that are the same, outside `head`.
    pub tail: usize,
}

impl Diff {
    /// This diff cut down to fit texts of `old` and `new` bytes (the tail no longer than
    /// what the head leaves of the shorter one).
    pub fn within(self, old: usize, new: usize) -> Diff {
        let head = self.head.min(old).min(new);
        Diff {
            head,
            tail: self.tail.min(old.min(new) - head),
        }
    }

    /// Whether `old` and `new` do share this head and tail.
    pub fn holds(self, old: &[u8], new: &[u8]) -> bool {
        let Diff { head, tail } = self;
        head + tail <= old.len().min(new.len())
            && old[..head] == new[..head]
            && old[old.len() - tail..] == new[new.len() - tail..]
    }

    /// The diff of `old` and `new`, found by comparing them.
    pub fn of(old: &[u8], new: &[u8]) -> Diff {
        let head = common_prefix(old, new);
        let tail = common_suffix(old, new, old.len().min(new.len()) - head);
        Diff { head, tail }
    }
}

/// Length of the common prefix of `a` and `b`, compared a kilobyte at a time.
pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const STEP: usize = 1024;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + STEP <= n && a[i..i + STEP] == b[i..i + STEP] {
        i += STEP;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// Length of the common suffix of `a` and `b`, at most `limit`.
pub(crate) fn common_suffix(a: &[u8], b: &[u8], limit: usize) -> usize {
    const STEP: usize = 1024;
    let n = a.len().min(b.len()).min(limit);
    let (la, lb) = (a.len(), b.len());
    let mut i = 0;
    while i + STEP <= n && a[la - i - STEP..la - i] == b[lb - i - STEP..lb - i] {
        i += STEP;
    }
    while i < n && a[la - i - 1] == b[lb - i - 1] {
        i += 1;
    }
    i
}

/// The chunk layout of `body`, reusing `previous` (the layout of the last version).
///
/// The text before the line holding the first changed byte, and after the last changed
/// byte, is unchanged. Chunk starts before that line stand (a start depends only on the
/// text before it and on its own line); the scan resumes at the last of them, where the
/// scanner's state is known (every chunk start has the same state), and stops at the
/// first start inside the unchanged tail that was a start before too: from there on the
/// text, the state and so every later start are the old ones, shifted. Keys of chunks
/// wholly inside the unchanged head or tail are reused. The result equals
/// [`Layout::of`] (tested).
fn chunk_layout(body: &str, previous: Option<(&Layout, &str)>, known: Option<Diff>) -> Layout {
    let Some((old, old_body)) = previous else {
        return Layout::of(body);
    };
    let (ob, nb) = (old_body.as_bytes(), body.as_bytes());
    let Diff { head, tail } = known.unwrap_or_else(|| Diff::of(ob, nb));
    if head == ob.len() && head == nb.len() {
        return old.clone();
    }
    // Reference definitions make the body one chunk; leaving that state needs a full scan.
    if old.starts.len() == 1 {
        return Layout::of(body);
    }
    // The old body had no `]:` (it had several chunks), so a new one must touch the
    // changed bytes: only they and a byte either side are searched.
    let window = head.saturating_sub(1)..(nb.len() - tail + 1).min(nb.len());
    if memchr::memmem::find(&nb[window], b"]:").is_some() {
        return Layout::of(body);
    }
    let line_start = nb[..head]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // Old starts before the changed line stand; resume at the last of them.
    let kept = old
        .starts
        .partition_point(|&start| start < line_start)
        .max(1);
    let resume = old.starts[kept - 1];
    let delta = nb.len() as isize - ob.len() as isize;
    let tail_from = nb.len() - tail;
    let mut starts: Vec<usize> = old.starts[..kept].to_vec();
    let mut synced: Option<usize> = None;
    scan_chunk_starts(body, resume, |start| {
        starts.push(start);
        if start >= tail_from {
            let before = (start as isize - delta) as usize;
            if let Ok(i) = old.starts.binary_search(&before) {
                synced = Some(i);
                return false;
            }
        }
        true
    });
    // Keys: the kept chunks but the last (which reaches into the change) keep theirs.
    let mut keys: Vec<u64> = old.keys[..kept - 1].to_vec();
    match synced {
        Some(i) => {
            // `starts` ends with the synced start; later old starts follow, shifted.
            let scanned_end = starts.len() - 1;
            starts.extend(
                old.starts[i + 1..]
                    .iter()
                    .map(|&start| (start as isize + delta) as usize),
            );
            keys.extend(chunk_keys(body, &starts, kept - 1..scanned_end));
            keys.extend_from_slice(&old.keys[i..]);
        }
        None => keys.extend(chunk_keys(body, &starts, kept - 1..starts.len())),
    }
    Layout { starts, keys }
}

impl ParseCache {
    /// Tells the next parse that its source is `text` (same address and length), which
    /// the caller keeps: the cache then holds on to `text` for comparing the version after
    /// instead of copying the body. Ignored if the next parse is given other text.
    pub fn share(&mut self, text: &Arc<str>) {
        self.share_after(text, None);
    }

    /// [`ParseCache::share`], with how `text` differs from `since` when the caller knows
    /// it (from the edits it applied): when the last parse was of `since`, the next one
    /// takes that instead of comparing the two sources.
    pub fn share_after(&mut self, text: &Arc<str>, since: Option<(std::sync::Weak<str>, Diff)>) {
        self.shared = Some(Arc::clone(text));
        self.since = since;
    }

    /// The whole source of the last parse, when the caller shared it (see
    /// [`ParseCache::share`]).
    pub(crate) fn previous_source(&self) -> Option<Arc<str>> {
        match &self.previous {
            Some(PreviousBody::Shared(text, _)) => Some(Arc::clone(text)),
            _ => None,
        }
    }

    /// How the source of the latest parse differed from the source before it, when the
    /// caller shared that one (see [`ParseCache::share`]): the comparison the line index
    /// needs too.
    pub(crate) fn last_diff(&self) -> Option<Diff> {
        self.last_diff
    }

    /// The blocks the latest parse spliced in, `(first, old_end, new_end)`, when every
    /// other block is the last version's but for its place (see [`splice`]).
    pub(crate) fn last_stretch(&self) -> Option<(usize, usize, usize)> {
        self.last_stretch
    }

    /// Number of cached chunks.
    pub fn len(&self) -> usize {
        self.chunks.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }
}

/// One chunk's blocks and HTML comments, with offsets relative to the chunk start.
pub(crate) struct Chunk {
    blocks: Vec<Block>,
    html_comments: Vec<Span>,
}

/// Byte offsets where the body can be cut into independently parsed chunks: the start
/// of a line after a blank line, outside fenced code and multi-line HTML blocks, that
/// starts at column 0 with a character that cannot continue a list item or indented
/// code (not a space, tab, list marker or digit). A draft with anything that may be a
/// link reference definition (`]:`) is one chunk, since a definition applies to the
/// whole document.
pub(crate) fn chunk_starts(body: &str) -> Vec<usize> {
    if has_reference_definition(body) {
        return vec![0];
    }
    let mut starts = vec![0];
    scan_chunk_starts(body, 0, |start| {
        starts.push(start);
        true
    });
    starts
}

/// Whether `body` may hold a link reference definition (then it is one chunk).
fn has_reference_definition(body: &str) -> bool {
    memchr::memmem::find(body.as_bytes(), b"]:").is_some()
}

/// Scans `body` for chunk starts from `from`, which must be 0 or a chunk start (the
/// scanner's state is the same at every chunk start: outside fences and HTML blocks,
/// after a blank line). Calls `found` with each start after `from`; stops when it
/// returns false.
fn scan_chunk_starts(body: &str, from: usize, mut found: impl FnMut(usize) -> bool) {
    let mut fence: Option<(u8, usize)> = None;
    let mut html_end: Option<&'static str> = None;
    let mut prev_blank = from > 0;
    let mut pos = from;
    while pos < body.len() {
        let line_end = memchr_newline(body, pos);
        let line = &body[pos..line_end];
        let blank = line.trim().is_empty();
        if pos > 0
            && prev_blank
            && !blank
            && fence.is_none()
            && html_end.is_none()
            && !line.starts_with([
                ' ', '\t', '-', '*', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
            ])
            && pos > from
            && !found(pos)
        {
            return;
        }
        if let Some((ch, len)) = fence {
            if is_closing_fence(line, ch, len) {
                fence = None;
            }
        } else if let Some(end) = html_end {
            if contains_ignore_ascii_case(line, end) {
                html_end = None;
            }
        } else if let Some(open) = opening_fence(line) {
            fence = Some(open);
        } else if let Some((end, after)) = html_block_start(line) {
            if !contains_ignore_ascii_case(&line[after..], end) {
                html_end = Some(end);
            }
        }
        prev_blank = blank;
        pos = line_end + 1;
    }
}

fn memchr_newline(text: &str, from: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[from..]).map_or(text.len(), |i| from + i)
}

/// Up to three spaces of indentation; `None` when the line is indented more (or by a tab).
fn strip_indent(line: &str) -> Option<&str> {
    let spaces = line.bytes().take_while(|&b| b == b' ').count();
    (spaces <= 3 && !line[spaces..].starts_with('\t')).then(|| &line[spaces..])
}

/// A CommonMark opening code fence: its character and length.
fn opening_fence(line: &str) -> Option<(u8, usize)> {
    let rest = strip_indent(line)?;
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == ch).count();
    if len < 3 {
        return None;
    }
    if ch == b'`' && rest[len..].contains('`') {
        return None;
    }
    Some((ch, len))
}

fn is_closing_fence(line: &str, ch: u8, len: usize) -> bool {
    let Some(rest) = strip_indent(line) else {
        return false;
    };
    let run = rest.bytes().take_while(|&b| b == ch).count();
    run >= len
        && rest[run..]
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// The start of an HTML block that may span blank lines (CommonMark types 1–5): the
/// string that ends it and the offset in `line` after the opener.
fn html_block_start(line: &str) -> Option<(&'static str, usize)> {
    let rest = strip_indent(line)?;
    let indent = line.len() - rest.len();
    let bytes = rest.as_bytes();
    if bytes.first() != Some(&b'<') {
        return None;
    }
    for (tag, end) in [
        ("script", "</script>"),
        ("pre", "</pre>"),
        ("style", "</style>"),
        ("textarea", "</textarea>"),
    ] {
        let after = 1 + tag.len();
        if bytes.len() >= after
            && bytes[1..after].eq_ignore_ascii_case(tag.as_bytes())
            && matches!(bytes.get(after), None | Some(b' ' | b'\t' | b'>' | b'\r'))
        {
            return Some((end, indent + after));
        }
    }
    if rest.starts_with("<!--") {
        return Some(("-->", indent + 4));
    }
    if rest.starts_with("<?") {
        return Some(("?>", indent + 2));
    }
    if rest.starts_with("<![CDATA[") {
        return Some(("]]>", indent + 9));
    }
    if bytes.len() > 2 && bytes[1] == b'!' && bytes[2].is_ascii_alphabetic() {
        return Some((">", indent + 2));
    }
    None
}

fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Parses one self-contained piece of Markdown; offsets are relative to it.
fn parse_chunk(source: &str) -> Chunk {
    let body_start = 0;
    let body = source;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let parser = Parser::new_ext(body, options).into_offset_iter();

    let mut blocks = Vec::new();
    let mut html_comments = Vec::new();
    let mut leaf: Option<Leaf> = None;
    let (mut list_depth, mut quote_depth, mut table_depth) = (0usize, 0usize, 0usize);
    let mut in_code = false;
    let mut skip_inline = 0usize;
    let mut link_skips: Vec<bool> = Vec::new();

    for (event, range) in parser {
        let range = (range.start + body_start)..(range.end + body_start);
        let ctx = (list_depth > 0, quote_depth > 0, table_depth > 0);
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell => {
                    finish(source, leaf.take(), &mut blocks);
                    let kind = match tag {
                        Tag::Heading { level, .. } => BlockKind::Heading(level as u8),
                        Tag::TableCell => BlockKind::TableCell,
                        _ => BlockKind::Paragraph,
                    };
                    let span = trim_range(source, range.clone());
                    leaf = Some(Leaf {
                        kind,
                        span,
                        pieces: Vec::new(),
                        in_list: ctx.0,
                        in_blockquote: ctx.1,
                        in_table: ctx.2,
                        fixed_span: true,
                    });
                }
                Tag::List(_) => {
                    finish(source, leaf.take(), &mut blocks);
                    list_depth += 1;
                }
                Tag::Item | Tag::HtmlBlock | Tag::FootnoteDefinition(_) | Tag::DefinitionList => {
                    finish(source, leaf.take(), &mut blocks);
                }
                Tag::BlockQuote(_) => {
                    finish(source, leaf.take(), &mut blocks);
                    quote_depth += 1;
                }
                Tag::Table(_) => {
                    finish(source, leaf.take(), &mut blocks);
                    table_depth += 1;
                }
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) => {
                    finish(source, leaf.take(), &mut blocks);
                    in_code = true;
                }
                Tag::Link { link_type, .. } => {
                    let skip = matches!(link_type, LinkType::Autolink | LinkType::Email);
                    if skip {
                        skip_inline += 1;
                    }
                    link_skips.push(skip);
                    ensure_leaf(&mut leaf, &range, ctx).extend(&range);
                }
                Tag::Image { .. } => {
                    skip_inline += 1;
                    ensure_leaf(&mut leaf, &range, ctx).extend(&range);
                }
                _ => {
                    if let Some(open) = leaf.as_mut() {
                        open.extend(&range);
                    }
                }
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item => {
                    finish(source, leaf.take(), &mut blocks);
                }
                TagEnd::List(_) => {
                    finish(source, leaf.take(), &mut blocks);
                    list_depth = list_depth.saturating_sub(1);
                }
                TagEnd::BlockQuote(_) => {
                    finish(source, leaf.take(), &mut blocks);
                    quote_depth = quote_depth.saturating_sub(1);
                }
                TagEnd::Table => {
                    finish(source, leaf.take(), &mut blocks);
                    table_depth = table_depth.saturating_sub(1);
                }
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => in_code = false,
                TagEnd::Link if link_skips.pop() == Some(true) => {
                    skip_inline = skip_inline.saturating_sub(1);
                }
                TagEnd::Image => skip_inline = skip_inline.saturating_sub(1),
                _ => {}
            },
            Event::Text(_) => {
                if in_code {
                    continue;
                }
                let open = ensure_leaf(&mut leaf, &range, ctx);
                open.extend(&range);
                if skip_inline == 0 {
                    open.pieces.push(range);
                }
            }
            Event::Html(_) => html_comments.push(Span::from(range)),
            Event::InlineHtml(_) => {
                html_comments.push(Span::from(range.clone()));
                if let Some(open) = leaf.as_mut() {
                    open.extend(&range);
                }
            }
            Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::TaskListMarker(_) => {
                if let Some(open) = leaf.as_mut() {
                    open.extend(&range);
                }
            }
            Event::Rule => {}
        }
    }
    finish(source, leaf.take(), &mut blocks);
    Chunk {
        blocks,
        html_comments,
    }
}

fn ensure_leaf<'a>(
    leaf: &'a mut Option<Leaf>,
    range: &Range<usize>,
    ctx: (bool, bool, bool),
) -> &'a mut Leaf {
    leaf.get_or_insert_with(|| Leaf {
        kind: BlockKind::ListItem,
        span: range.clone(),
        pieces: Vec::new(),
        in_list: ctx.0,
        in_blockquote: ctx.1,
        in_table: ctx.2,
        fixed_span: false,
    })
}

fn trim_range(source: &str, range: Range<usize>) -> Range<usize> {
    let text = &source[range.clone()];
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.start + text.trim_end().len();
    start..end.max(start)
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(
        r#"(?i)\b(?:https?://|ftp://|www\.)[^\s<>"“”]+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"#,
    )
    .expect("valid URL regex")
});

/// Spans of bare URLs and e-mail addresses in `text`, trailing punctuation excluded.
pub fn url_spans(text: &str) -> Vec<Range<usize>> {
    // Every match contains `://`, `www.` (any case) or `@`: most prose has none, and the
    // scan for them is far cheaper than the regex.
    let bytes = text.as_bytes();
    let maybe_url = bytes.contains(&b'@')
        || text.contains("://")
        || text
            .match_indices('.')
            .any(|(at, _)| at >= 3 && bytes[at - 3..at].eq_ignore_ascii_case(b"www"));
    if !maybe_url {
        return Vec::new();
    }
    URL.find_iter(text)
        .map(|m| {
            let matched = m
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '’', '\'']);
            m.start()..m.start() + matched.len()
        })
        .collect()
}

fn finish(source: &str, leaf: Option<Leaf>, blocks: &mut Vec<Block>) {
    let Some(leaf) = leaf else { return };
    let span = trim_range(source, leaf.span.clone());
    if span.is_empty() || leaf.pieces.is_empty() {
        return;
    }
    let mut bytes: Vec<u8> = source.as_bytes()[span.clone()]
        .iter()
        .map(|&b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect();
    for piece in &leaf.pieces {
        let start = piece.start.max(span.start);
        let end = piece.end.min(span.end);
        if start < end {
            bytes[start - span.start..end - span.start]
                .copy_from_slice(&source.as_bytes()[start..end]);
        }
    }
    // Every copied piece starts and ends on a char boundary of `source`, and every other
    // byte is ASCII, so this cannot fail; fall back to blanks rather than panic.
    let mut masked = String::from_utf8(bytes).unwrap_or_else(|e| " ".repeat(e.as_bytes().len()));
    for url in url_spans(&masked) {
        masked.replace_range(url.clone(), &" ".repeat(url.len()));
    }
    let whole_lines = is_whole_lines(source, &span);
    let source_hash = source_hash(&source[span.clone()]);
    let mut block = Block {
        index: 0,
        kind: leaf.kind,
        zone: Zone::Body,
        span: Span::from(span),
        masked: masked.into(),
        in_list: leaf.in_list,
        in_blockquote: leaf.in_blockquote,
        in_table: leaf.in_table,
        whole_lines,
        traits: Default::default(),
        source_hash,
    };
    block.traits = super::zones::ZoneTraits::of(&block);
    blocks.push(block);
}

/// The hash a block's source bytes are keyed by (see `Block::source_hash`).
pub(crate) fn source_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::analysis::normalize::FastHash64::default();
    text.hash(&mut hasher);
    hasher.finish()
}

pub(crate) fn is_whole_lines(source: &str, span: &Range<usize>) -> bool {
    let line_start = source[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let prefix_ok = source[line_start..span.start]
        .chars()
        .all(|c| c == ' ' || c == '\t' || c == '>');
    let line_end = source[span.end..]
        .find('\n')
        .map_or(source.len(), |i| span.end + i);
    prefix_ok && source[span.end..line_end].trim().is_empty()
}

/// Finds YAML (`---`) or TOML (`+++`) front matter at the very top of the draft.
fn detect_front_matter(source: &str) -> Option<FrontMatter> {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &source[start..];
    let first_end = rest.find('\n')?;
    let fence = rest[..first_end].trim_end();
    if fence != "---" && fence != "+++" {
        return None;
    }
    let body_start = start + first_end + 1;
    let mut pos = body_start;
    while pos < source.len() {
        let line_end = source[pos..].find('\n').map_or(source.len(), |i| pos + i);
        let line = source[pos..line_end].trim_end();
        if line == fence || (fence == "---" && line == "...") {
            let end = (line_end + 1).min(source.len());
            return Some(FrontMatter {
                span: Span::new(0, end),
                body: Span::new(body_start, pos),
            });
        }
        pos = line_end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick test for `://`, `www.` and `@` never hides a URL or address the pattern
    /// finds.
    #[test]
    fn url_prefilter_never_hides_a_match() {
        for text in [
            "Read more at WWW.Example.org/story, or www.city.gov.",
            "Mail tips@example.com today.",
            "Visit https://example.org/a?b=c!",
            "ftp://files.example.net/x",
            "The www. prefix alone, and a.www.b, and ww.x.com.",
            "No links in this sentence at all.",
            "www",
            ".www.",
        ] {
            let all: Vec<Range<usize>> = URL
                .find_iter(text)
                .map(|m| {
                    let kept = m
                        .as_str()
                        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '’', '\'']);
                    m.start()..m.start() + kept.len()
                })
                .collect();
            assert_eq!(url_spans(text), all, "{text}");
        }
        assert_eq!(url_spans("Read more at WWW.Example.org/story.").len(), 1);
    }

    #[test]
    fn a_shared_source_is_kept_instead_of_copied() {
        let first: Arc<str> = Arc::from("---\ntitle: x\n---\n# Title\n\nOne paragraph.\n\nTwo.\n");
        let mut cache = ParseCache::default();
        cache.share(&first);
        let _ = parse(&first, Some(&mut cache));
        // Kept from where the body starts, after the front matter.
        assert!(matches!(cache.previous, Some(PreviousBody::Shared(_, 17))));
        assert_eq!(
            cache.previous.as_ref().unwrap().body(),
            "# Title\n\nOne paragraph.\n\nTwo.\n"
        );
        assert_eq!(Arc::strong_count(&first), 2);
        // Shared text that is not the source parsed is not kept.
        let second = first.replace("Two.", "Two and three.");
        cache.share(&first);
        let parsed = parse(&second, Some(&mut cache));
        assert!(matches!(cache.previous, Some(PreviousBody::Owned(_))));
        assert_eq!(Arc::strong_count(&first), 1);
        let whole = parse_whole(&second);
        let spans = |p: &Parsed| p.blocks.iter().map(|b| b.span).collect::<Vec<_>>();
        assert_eq!(spans(&parsed), spans(&whole));
    }

    /// One random edit at `at` (a char boundary of `text`): a third of the time a
    /// deletion of up to `longest` bytes, else one of `inserts`.
    fn delete_or_insert(
        text: &mut String,
        at: usize,
        next: &mut impl FnMut(usize) -> usize,
        longest: usize,
        inserts: &[&str],
    ) {
        if next(3) == 0 && at < text.len() {
            let mut end = (at + 1 + next(longest)).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(at..end, "");
        } else {
            text.insert_str(at, inserts[next(inserts.len())]);
        }
    }

    /// The example story and three fixture drafts, each followed by `gap`.
    fn sample_drafts(gap: &str) -> String {
        let mut text = String::new();
        for part in [
            include_str!("../../examples/story.md"),
            include_str!("../../tests/fixtures/attribution/gold.md"),
            include_str!("../../tests/fixtures/boilerplate/donation-appeal.md"),
            include_str!("../../tests/fixtures/boilerplate/related-links.md"),
        ] {
            text.push_str(part);
            text.push_str(gap);
        }
        text
    }

    /// The incremental layout equals the layout from scratch through random edits that
    /// open and close fences, HTML blocks, lists and reference definitions.
    #[test]
    fn incremental_chunk_layout_matches_a_fresh_one() {
        let mut text = sample_drafts("\n\n");
        // What decides a chunk start: blank lines, fences opening and closing, HTML
        // blocks, list markers and indentation at column 0, a non-ASCII space, headings.
        let inserts = [
            "\n\n",
            "Para.\n\nNext",
            "```\n",
            "\n```\n",
            "~~~~\n",
            "<script>\n\n",
            "</script>\n",
            "<!-- ",
            " -->",
            "- ",
            "1. ",
            "> ",
            "    ",
            "\t",
            "\u{a0}",
            "# Head\n\n",
            "\n",
            "x",
            "café 😀 ",
        ];
        const DEFINITION: &str = "[ref]: https://example.org\n";
        let mut incremental_steps = 0;
        let mut seed: u64 = 0x5eed;
        let mut next = |bound: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % bound.max(1)
        };
        let mut layout = Layout::of(&text);
        let mut previous = text.clone();
        for step in 0..2000 {
            // Edits land anywhere, and often right at a line start or just before one,
            // where a chunk start is decided.
            let mut at = next(text.len() + 1);
            let mode = next(3);
            if mode > 0 {
                let line_starts: Vec<usize> = std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect();
                at = line_starts[next(line_starts.len())].saturating_sub(mode - 1);
            }
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            if step == 150 {
                text.insert_str(at, DEFINITION);
            } else if step == 180 {
                let found = text.find(DEFINITION).expect("definition still there");
                text.replace_range(found..found + DEFINITION.len(), "");
            } else {
                delete_or_insert(&mut text, at, &mut next, 40, &inserts);
            }
            let incremental = chunk_layout(&text, Some((&layout, &previous)), None);
            let fresh = Layout::of(&text);
            if fresh.starts.len() > 1 && layout.starts.len() > 1 {
                incremental_steps += 1;
            }
            assert_eq!(incremental.starts, fresh.starts, "step {step}: starts");
            assert_eq!(incremental.keys, fresh.keys, "step {step}: keys");
            layout = incremental;
            previous.clone_from(&text);
        }
        assert!(
            incremental_steps > 1500,
            "{incremental_steps} incremental steps"
        );
    }

    /// A `]:` made by an edit (typed whole, typed one half beside the other, or left
    /// when the text between its halves is deleted) makes the body one chunk, though
    /// the incremental layout searches only the changed bytes.
    #[test]
    fn an_edit_that_makes_a_reference_definition_makes_one_chunk() {
        let base =
            "# Title\n\nFirst see [1] and more.\n\nSecond: a colon.\n\nThird ] x: y.\n\nLast.\n";
        let bracket = base.find("[1]").unwrap() + 3;
        let colon = base.find("Second:").unwrap() + 6;
        let between = base.find("] x:").unwrap();
        let edits: [(usize, usize, &str); 4] = [
            (bracket, bracket, ":"),
            (colon, colon, "]"),
            (between + 1, between + 3, ""),
            (base.len() - 6, base.len() - 6, "[r]: /u\n\n"),
        ];
        let old = Layout::of(base);
        assert!(old.starts.len() > 3);
        for (from, to, text) in edits {
            let mut edited = base.to_string();
            edited.replace_range(from..to, text);
            let incremental = chunk_layout(&edited, Some((&old, base)), None);
            assert_eq!(incremental.starts, vec![0], "{edited:?}");
            assert_eq!(incremental.keys, Layout::of(&edited).keys);
            // And back: the definition gone, the chunks return.
            let back = chunk_layout(base, Some((&incremental, &edited)), None);
            assert_eq!(back.starts, old.starts);
            assert_eq!(back.keys, old.keys);
        }
        // An edit beside a lone half leaves the chunks.
        let mut edited = base.to_string();
        edited.insert_str(bracket, " x");
        let incremental = chunk_layout(&edited, Some((&old, base)), None);
        assert_eq!(incremental.starts, Layout::of(&edited).starts);
        assert!(incremental.starts.len() > 3);
    }

    type BlockFields<'a> = (
        Span,
        &'a str,
        BlockKind,
        Zone,
        [bool; 4],
        super::super::zones::ZoneTraits,
        u64,
        usize,
    );

    fn fields(block: &Block) -> BlockFields<'_> {
        (
            block.span,
            &block.masked,
            block.kind,
            block.zone,
            [
                block.in_list,
                block.in_blockquote,
                block.in_table,
                block.whole_lines,
            ],
            block.traits,
            block.source_hash,
            block.index,
        )
    }

    /// Edits spliced into the last version's blocks give the blocks, zones, numbers and
    /// comments of a parse from scratch, through random edits that open and close
    /// fences, lists, comments and headlines (first H1s appearing, moving and leaving),
    /// in a draft with a headline at the top and in one without any.
    #[test]
    fn spliced_blocks_match_a_fresh_parse() {
        let with_h1 = sample_drafts("\n\n<!-- a comment -->\n\n");
        let without_h1 = with_h1.replace("\n# ", "\n## ").replacen("# ", "## ", 1);
        assert!(with_h1.starts_with("# ") || with_h1.contains("\n# "));
        let inserts = [
            "\n\n",
            "Para.\n\nNext",
            "```\n",
            "\n```\n",
            "<!-- ",
            " -->",
            "<!-- note -->\n\n",
            "- ",
            "> ",
            "    ",
            "# ",
            "# Headline here\n\n",
            "\n",
            "x",
            "By Dana Reyes | March 3, 2025\n",
            "café 😀 ",
        ];
        let mut rng = crate::test_support::XorShift::new(0xb10c);
        let mut next = |bound: usize| rng.below(bound.max(1));
        let (mut spliced, mut headline_moves) = (0, 0);
        for mut text in [with_h1, without_h1] {
            let mut cache = ParseCache::default();
            let mut last_h1 = None;
            for step in 0..700_usize {
                let mut at = next(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                if next(2) == 0 {
                    at = text[..at].rfind('\n').map_or(0, |i| i + 1);
                }
                delete_or_insert(&mut text, at, &mut next, 60, &inserts);
                // Shared as the server shares it every other step (the parse then
                // compares the whole sources once), copied by the cache the others.
                let shared: Arc<str> = Arc::from(text.as_str());
                if step.is_multiple_of(2) {
                    cache.share(&shared);
                }
                let parsed = parse(&shared, Some(&mut cache));
                assert_eq!(
                    cache.last_diff.is_some(),
                    step % 2 == 1 && step > 0,
                    "{step}"
                );
                let whole = parse_whole(&text);
                let fresh: Vec<_> = whole.blocks.iter().map(fields).collect();
                let got: Vec<_> = parsed.blocks.iter().map(fields).collect();
                assert_eq!(got, fresh, "step {step}");
                assert_eq!(parsed.html_comments, whole.html_comments, "step {step}");
                let h1 = whole
                    .blocks
                    .iter()
                    .position(|b| b.kind == BlockKind::Heading(1));
                if cache.spliced {
                    spliced += 1;
                    headline_moves += usize::from(h1 != last_h1);
                }
                last_h1 = h1;
            }
        }
        assert!(spliced > 800, "{spliced} spliced edits");
        assert!(headline_moves > 20, "{headline_moves} headline moves");
    }

    fn prose(source: &str) -> Vec<String> {
        parse(source, None)
            .blocks
            .iter()
            .map(|b| b.masked.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn code_front_matter_and_urls_are_not_prose() {
        let source = "---\ndate: 2019-02-04\n---\n# Title\n\nText with `Feb 4th` code and http://example.com/Feb.4 link.\n\n```\nFeb 4th\n```\n\n<!-- Feb 4th -->\n\n- item one\n- item [two](http://x.org/Jan-5)\n";
        let parsed = parse(source, None);
        assert_eq!(parsed.front_matter.as_ref().map(|f| f.span.end), Some(25));
        assert_eq!(
            prose(source),
            vec!["Title", "Text with code and link.", "item one", "item two"]
        );
        assert_eq!(parsed.html_comments.len(), 1);
        for block in parsed.blocks.iter() {
            assert_eq!(block.masked.len(), block.span.len());
        }
    }

    #[test]
    fn table_cells_and_quotes_are_blocks() {
        let source = "> Quoted text here.\n> More.\n\n| a | b |\n|---|---|\n| Feb. 4 | x |\n";
        let blocks = parse(source, None).blocks;
        assert!(blocks[0].in_blockquote);
        assert!(blocks
            .iter()
            .any(|b| b.in_table && b.masked.trim() == "Feb. 4"));
    }

    #[test]
    fn multibyte_text_keeps_offsets() {
        let source = "Café — “naïve” 😀 `code ü` end.\n";
        let block = &parse(source, None).blocks[0];
        assert_eq!(block.masked.len(), block.span.len());
        assert!(block.masked.contains("😀"));
        assert!(!block.masked.contains("code"));
    }
}
