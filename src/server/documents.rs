//! Open documents: a `ropey::Rope` per URI, changed in order and synchronously, plus the
//! latest analysis snapshot. Edits outside the document are clamped, never a panic.

use crate::document::{Diff, LineIndex, PositionEncoding};
use crate::lint::{BlockCache, Finding, Span};
use ropey::Rope;
use std::sync::{Arc, Mutex};
use tower_lsp::lsp_types::{Position, TextDocumentContentChangeEvent};

/// What is kept of the analysis of one version of a document: enough for code actions
/// and hover. (Block facts and the parsed document stay in the block cache while the
/// draft is warm; hover parses the text again.)
pub struct Snapshot {
    /// Client version the analysis was made for.
    pub version: i32,
    /// The text analysed.
    pub text: Arc<str>,
    /// Line index of `text` (shared with the block cache, which updates it for the next
    /// version).
    pub line_index: Arc<LineIndex>,
    /// Findings, sorted by start.
    pub findings: Vec<Finding>,
    /// Their published JSON, for the next version's publish to copy from (taken by it;
    /// emptied when the draft is no longer being edited).
    serialised: std::sync::Mutex<super::to_proto::Serialised>,
    /// Spans of the prose blocks, in order.
    pub blocks: Vec<Span>,
}

impl Snapshot {
    /// The snapshot of an analysis of `text`: its findings and the spans of its blocks.
    pub fn new(
        version: i32,
        text: Arc<str>,
        line_index: Arc<LineIndex>,
        findings: Vec<Finding>,
        serialised: super::to_proto::Serialised,
        blocks: &[crate::document::Block],
    ) -> Snapshot {
        Snapshot {
            version,
            text,
            line_index,
            findings,
            serialised: std::sync::Mutex::new(serialised),
            blocks: blocks.iter().map(|b| b.span).collect(),
        }
    }

    /// The published JSON of the findings, taken out (an empty one is left).
    pub fn take_serialised(&self) -> super::to_proto::Serialised {
        std::mem::take(&mut *self.serialised.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The span of the block holding byte `offset`, if any.
    pub fn block_at(&self, offset: usize) -> Option<Span> {
        let idx = self.blocks.partition_point(|b| b.end <= offset);
        self.blocks.get(idx).copied().filter(|b| b.start <= offset)
    }
}

/// One open document.
pub struct OpenDocument {
    /// Current text.
    pub rope: Rope,
    /// Client version of `rope`.
    pub version: i32,
    /// Bumped on every change; a scheduled analysis runs only if it is still current.
    pub generation: u64,
    /// Per-block cache shared with the analysis worker.
    pub cache: Arc<Mutex<BlockCache>>,
    /// Latest published analysis.
    pub latest: Option<Arc<Snapshot>>,
    /// How the rope differs from the text the latest analysis took of it (see
    /// [`OpenDocument::take_text`]), kept from the edits as they are applied.
    unchanged: Option<Unchanged>,
}

/// The head and tail a document's rope shares with an earlier text of it, known from the
/// edits applied since: the engine then need not compare the two texts to find where a
/// keystroke landed (a second pass over a long draft; see
/// `lint::BlockCache::share_source_after`).
struct Unchanged {
    /// The earlier text (not kept alive by this).
    since: std::sync::Weak<str>,
    diff: Diff,
}

impl OpenDocument {
    /// A freshly opened document.
    pub fn new(text: &str, version: i32) -> OpenDocument {
        OpenDocument {
            rope: Rope::from_str(text),
            version,
            generation: 0,
            cache: Arc::new(Mutex::new(BlockCache::default())),
            latest: None,
            unchanged: None,
        }
    }

    /// Applies one `didChange` content change (see [`apply_content_change`]) and notes
    /// which bytes it replaced. Returns whether the range had to be clamped.
    pub fn apply_change(
        &mut self,
        change: &TextDocumentContentChangeEvent,
        encoding: PositionEncoding,
    ) -> bool {
        let len = self.rope.len_bytes();
        let (clamped, replaced) = apply_content_change_at(&mut self.rope, change, encoding);
        if let Some(unchanged) = &mut self.unchanged {
            let (start, end) = (replaced.start.min(len), replaced.end.min(len));
            unchanged.diff.head = unchanged.diff.head.min(start);
            unchanged.diff.tail = unchanged.diff.tail.min(len - end);
        }
        clamped
    }

    /// The current text as one shared string (see [`shared_text`]), and how it differs
    /// from the text the last call gave, when that is known from the edits applied since
    /// (a document replaced whole shares nothing with it; the head and tail are bounds,
    /// cut to the texts' lengths by the parse, `Diff::within`). The edits that follow are
    /// noted against this text.
    pub fn take_text(&mut self) -> (Arc<str>, Option<(std::sync::Weak<str>, Diff)>) {
        let text = shared_text(&self.rope);
        let before = self.unchanged.take().map(|u| (u.since, u.diff));
        self.unchanged = Some(Unchanged {
            since: Arc::downgrade(&text),
            diff: Diff {
                head: usize::MAX,
                tail: usize::MAX,
            },
        });
        (text, before)
    }

    /// The latest snapshot if it matches the current version.
    pub fn current_snapshot(&self) -> Option<Arc<Snapshot>> {
        self.latest
            .as_ref()
            .filter(|s| s.version == self.version)
            .cloned()
    }
}

/// The text of `rope` as one shared string, copied once into its final allocation.
/// (Building a `String` and converting it with `Arc::from` copies a long draft twice on
/// every keystroke: two fresh mappings of its size, faulted in page by page, and one
/// given back, with the other core's TLB flushed; that was a tenth of a 1 MB draft's
/// keystroke.)
pub fn shared_text(rope: &Rope) -> Arc<str> {
    let len = rope.len_bytes();
    let mut bytes: Arc<[std::mem::MaybeUninit<u8>]> = Arc::new_uninit_slice(len);
    let slots = Arc::get_mut(&mut bytes).expect("a fresh allocation has one owner");
    let mut filled = 0;
    for chunk in rope.chunks() {
        let Some(room) = slots.get_mut(filled..filled + chunk.len()) else {
            break;
        };
        // SAFETY: `room` is `chunk.len()` bytes of the fresh allocation (checked above),
        // which cannot overlap the rope's chunk; `MaybeUninit<u8>` has `u8`'s layout.
        // (A loop writing byte by byte stayed a byte loop, not a copy.)
        unsafe {
            std::ptr::copy_nonoverlapping(chunk.as_ptr(), room.as_mut_ptr().cast(), chunk.len());
        }
        filled += chunk.len();
    }
    // The rope's chunks are its whole text, `len_bytes` long; anything else would be a
    // ropey bug, and a copy through a `String` is the safe way out of it.
    if filled != len {
        return Arc::from(rope.to_string());
    }
    // SAFETY: every one of the `len` bytes was written above (`filled == len`).
    let bytes: Arc<[u8]> = unsafe { bytes.assume_init() };
    // Checking the bytes would cost a pass over the draft: they are the concatenation
    // of `str` chunks, each valid UTF-8 on its own, so the whole is valid UTF-8.
    debug_assert!(std::str::from_utf8(&bytes).is_ok());
    // SAFETY: `str` and `[u8]` have the same layout, and the bytes are valid UTF-8
    // (above), so the pointer cast keeps the allocation and its length as they are.
    unsafe { Arc::from_raw(Arc::into_raw(bytes) as *const str) }
}

/// The char index of an LSP position in `rope`. Lines past the end clamp to the end of
/// the text, columns past the end of a line clamp to the line's end (before its line
/// break), and a column inside a character moves to the character's start. Returns the
/// index and whether clamping happened.
pub fn position_to_char(
    rope: &Rope,
    position: Position,
    encoding: PositionEncoding,
) -> (usize, bool) {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return (rope.len_chars(), true);
    }
    let line_start = rope.line_to_char(line);
    let slice = rope.line(line);
    let mut content_chars = slice.len_chars();
    while content_chars > 0 && matches!(slice.char(content_chars - 1), '\n' | '\r') {
        content_chars -= 1;
    }
    let line_end = line_start + content_chars;
    let column = position.character as usize;
    match encoding {
        PositionEncoding::Utf16 => {
            let base = rope.char_to_utf16_cu(line_start);
            let end = rope.char_to_utf16_cu(line_end);
            if base + column > end {
                (line_end, true)
            } else {
                (rope.utf16_cu_to_char(base + column), false)
            }
        }
        PositionEncoding::Utf8 => {
            let base = rope.char_to_byte(line_start);
            let end = rope.char_to_byte(line_end);
            if base + column > end {
                (line_end, true)
            } else {
                (rope.byte_to_char(base + column), false)
            }
        }
    }
}

/// Applies one `didChange` content change to `rope`. A change without a range replaces
/// the whole text. Returns `true` when the range had to be clamped (positions past the
/// end, or a reversed range).
pub fn apply_content_change(
    rope: &mut Rope,
    change: &TextDocumentContentChangeEvent,
    encoding: PositionEncoding,
) -> bool {
    apply_content_change_at(rope, change, encoding).0
}

/// [`apply_content_change`], also giving the byte range of the text before the change
/// that it replaced (all of it for a change without a range).
fn apply_content_change_at(
    rope: &mut Rope,
    change: &TextDocumentContentChangeEvent,
    encoding: PositionEncoding,
) -> (bool, std::ops::Range<usize>) {
    let Some(range) = change.range else {
        let all = 0..rope.len_bytes();
        *rope = Rope::from_str(&change.text);
        return (false, all);
    };
    let (mut start, clamped_start) = position_to_char(rope, range.start, encoding);
    let (mut end, clamped_end) = position_to_char(rope, range.end, encoding);
    let reversed = start > end;
    if reversed {
        std::mem::swap(&mut start, &mut end);
    }
    let replaced = rope.char_to_byte(start)..rope.char_to_byte(end);
    rope.remove(start..end);
    rope.insert(start, &change.text);
    (clamped_start || clamped_end || reversed, replaced)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp::lsp_types::Range;

    fn change(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn the_shared_text_is_the_whole_rope() {
        let mut text = String::new();
        for i in 0..4_000 {
            text.push_str(&format!("Zoë’s {i}th line — café\r\n"));
        }
        let mut rope = Rope::from_str(&text);
        rope.insert(1234, "€ inserted ");
        assert!(rope.chunks().count() > 10, "several chunks");
        let shared = shared_text(&rope);
        assert_eq!(&*shared, rope.to_string().as_str());
        assert_eq!(&*shared_text(&Rope::new()), "");
    }

    /// The head and tail noted from the edits applied between two texts are shared by
    /// them, and for a single edit they are all the text around it.
    #[test]
    fn edits_note_what_the_text_keeps() {
        let mut doc = OpenDocument::new("# Title\n\nOne café line.\n\nTwo 😀 lines\nhere.\n", 1);
        let (mut before, since) = doc.take_text();
        assert!(since.is_none(), "nothing to compare the first text with");
        let mut rng = crate::test_support::XorShift::new(0x1234_5678);
        let mut next = |bound: u32| rng.below(bound.max(1) as usize) as u32;
        for round in 0..300 {
            let edits = 1 + next(3);
            let mut last = (false, 0);
            for _ in 0..edits {
                let lines = doc.rope.len_lines() as u32;
                let (l1, l2) = (next(lines + 1), next(lines + 1));
                let text = ["", "x", "é", "\n", "😀 ", "ab\r\n"][next(6) as usize];
                let whole = next(40) == 0;
                let change = TextDocumentContentChangeEvent {
                    range: (!whole).then(|| {
                        Range::new(
                            Position::new(l1.min(l2), next(8)),
                            Position::new(l1.max(l2), next(8)),
                        )
                    }),
                    range_length: None,
                    text: if whole {
                        format!("Whole {round}\n\n")
                    } else {
                        text.into()
                    },
                };
                last = (whole, change.text.len());
                doc.apply_change(&change, PositionEncoding::Utf16);
            }
            let (after, since) = doc.take_text();
            let (since, diff) = since.expect("edits since the last text");
            assert!(std::ptr::eq(since.as_ptr().cast::<u8>(), before.as_ptr()));
            assert!(diff.holds(before.as_bytes(), after.as_bytes()), "{diff:?}");
            if edits == 1 && !last.0 {
                // One edit: the head and tail are all the text around it.
                assert_eq!(diff.head + last.1 + diff.tail, after.len(), "round {round}");
            } else if last.0 {
                assert_eq!((diff.head, diff.tail), (0, 0));
            }
            before = after;
        }
    }

    #[test]
    fn utf16_edits_after_emoji_and_crlf() {
        let mut rope = Rope::from_str("a😀b\r\ncafé\n");
        assert!(!apply_content_change(
            &mut rope,
            &change(0, 3, 0, 4, "B"),
            PositionEncoding::Utf16
        ));
        assert_eq!(rope.to_string(), "a😀B\r\ncafé\n");
        apply_content_change(&mut rope, &change(1, 3, 1, 4, "e"), PositionEncoding::Utf16);
        assert_eq!(rope.to_string(), "a😀B\r\ncafe\n");
    }

    #[test]
    fn utf8_edits_and_clamping() {
        let mut rope = Rope::from_str("café\nx");
        apply_content_change(&mut rope, &change(0, 5, 0, 5, "!"), PositionEncoding::Utf8);
        assert_eq!(rope.to_string(), "café!\nx");
        assert!(apply_content_change(
            &mut rope,
            &change(7, 0, 9, 9, " end"),
            PositionEncoding::Utf8
        ));
        assert_eq!(rope.to_string(), "café!\nx end");
        assert!(apply_content_change(
            &mut rope,
            &change(0, 99, 0, 2, ""),
            PositionEncoding::Utf16
        ));
        assert_eq!(rope.to_string(), "ca\nx end");
    }
}
