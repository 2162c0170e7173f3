//! Byte offset ⇄ (line, column) conversion: the only place that knows UTF-16.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the LSP specification says. Columns are
//! counted in the negotiated encoding: UTF-16 code units (the LSP default) or UTF-8 bytes.

/// How LSP columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PositionEncoding {
    /// UTF-8 code units (bytes), negotiated with clients that offer `utf-8`.
    Utf8,
    /// UTF-16 code units: the LSP default.
    #[default]
    Utf16,
}

/// A 0-based line and column in some [`PositionEncoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct TextPosition {
    /// 0-based line.
    pub line: u32,
    /// 0-based column in the encoding's code units.
    pub character: u32,
}

/// Line starts of one text, for offset conversions in O(log lines + line length).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                line_starts.push(i + 1);
            }
        }
        LineIndex {
            line_starts,
            len: text.len(),
        }
    }

    /// The index of `new`, given this index of `old` (an earlier version of the same
    /// text): only the bytes that differ, and one either side, are searched for line
    /// breaks; the line starts before them are kept and those after them shifted. An edit
    /// in a long draft then costs a copy of the line starts, not a scan of its text.
    /// Equal to `LineIndex::new(new)` whenever `self` indexes `old`.
    pub fn updated(&self, old: &str, new: &str) -> LineIndex {
        self.updated_with(old, new, None)
    }

    /// [`LineIndex::updated`], given how `old` and `new` differ when the caller compared
    /// them already (a long draft is then not compared a second time).
    pub(crate) fn updated_with(
        &self,
        old: &str,
        new: &str,
        known: Option<crate::document::markdown::Diff>,
    ) -> LineIndex {
        if self.len != old.len() {
            return LineIndex::new(new);
        }
        let (ob, nb) = (old.as_bytes(), new.as_bytes());
        let crate::document::markdown::Diff { head, tail } =
            known.unwrap_or_else(|| crate::document::markdown::Diff::of(ob, nb));
        // A line starts at `x` when byte `x - 1` is `\n`, or a `\r` not followed by `\n`
        // at `x`: starts up to `head - 1` read only bytes before the change, starts from
        // `nb.len() - tail + 1` only bytes after it.
        let kept = self.line_starts.partition_point(|&x| x < head);
        let from = head.saturating_sub(1);
        let to = nb.len() - tail;
        let old_to = ob.len() - tail;
        let after = self.line_starts.partition_point(|&x| x <= old_to);
        let mut line_starts = Vec::with_capacity(kept + (self.line_starts.len() - after) + 16);
        line_starts.extend_from_slice(&self.line_starts[..kept.max(1)]);
        for i in memchr::memchr2_iter(b'\n', b'\r', &nb[from..to]) {
            let i = from + i;
            if nb[i] == b'\n' || nb.get(i + 1) != Some(&b'\n') {
                line_starts.push(i + 1);
            }
        }
        let shift = |x: usize| x + nb.len() - ob.len();
        line_starts.extend(self.line_starts[after..].iter().map(|&x| shift(x)));
        LineIndex {
            line_starts,
            len: new.len(),
        }
    }

    /// Number of lines (a text ending in a newline has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where `line` starts (clamped to the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line.min(self.line_starts.len() - 1)]
    }

    /// 0-based line containing byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    /// End of `line`'s content, before its line terminator.
    pub fn line_content_end(&self, text: &str, line: usize) -> usize {
        let line = line.min(self.line_starts.len() - 1);
        let mut end = self.line_starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > self.line_starts[line] && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > self.line_starts[line] && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        end
    }

    /// The position of byte `offset` (clamped, and moved back to a char boundary).
    pub fn position(&self, text: &str, offset: usize, encoding: PositionEncoding) -> TextPosition {
        let offset = self.clamp(text, offset);
        self.position_on(text, offset, self.line_of(offset), encoding)
    }

    /// [`LineIndex::position`] with `hint`, a line at or near the answer (the line of the
    /// last lookup, when offsets come in order): the line is searched from there, in
    /// steps that double, instead of over every line start (in a 10 MB draft a binary
    /// search misses the cache at nearly every step). `hint` becomes the answer's line.
    pub fn position_near(
        &self,
        text: &str,
        offset: usize,
        encoding: PositionEncoding,
        hint: &mut usize,
    ) -> TextPosition {
        let mut cursor = Cursor {
            line: *hint,
            ..Cursor::default()
        };
        let position = self.position_from(text, offset, encoding, &mut cursor);
        *hint = cursor.line;
        position
    }

    /// [`LineIndex::position_near`] from `cursor`, a position looked up before: when
    /// `offset` is on the cursor's line at or after it, the column is counted on from the
    /// cursor's instead of from the start of the line (a paragraph is one line, and its
    /// findings' starts and ends come in order). `cursor` becomes the answer.
    pub fn position_from(
        &self,
        text: &str,
        offset: usize,
        encoding: PositionEncoding,
        cursor: &mut Cursor,
    ) -> TextPosition {
        let offset = self.clamp(text, offset);
        let line = self.line_near(offset, cursor.line);
        let from_cursor = line == cursor.line
            && cursor.offset >= self.line_starts[line]
            && cursor.offset <= offset
            && text.is_char_boundary(cursor.offset);
        let position = if from_cursor {
            TextPosition {
                line: line as u32,
                character: cursor.character
                    + column_len(&text[cursor.offset..offset], encoding) as u32,
            }
        } else {
            self.position_on(text, offset, line, encoding)
        };
        *cursor = Cursor {
            line,
            offset,
            character: position.character,
        };
        position
    }

    /// `offset` clamped to the text and moved back to a char boundary.
    fn clamp(&self, text: &str, offset: usize) -> usize {
        let mut offset = offset.min(self.len).min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The position of byte `offset` (a char boundary) on `line`, the line holding it.
    fn position_on(
        &self,
        text: &str,
        offset: usize,
        line: usize,
        encoding: PositionEncoding,
    ) -> TextPosition {
        let prefix = &text[self.line_starts[line]..offset];
        TextPosition {
            line: line as u32,
            character: column_len(prefix, encoding) as u32,
        }
    }

    /// The line holding `offset` (≤ `self.len`), searched outwards from line `hint`.
    fn line_near(&self, offset: usize, hint: usize) -> usize {
        let starts = &self.line_starts;
        let hint = hint.min(starts.len() - 1);
        if starts[hint] <= offset {
            // Forward: the first start after `offset` lies within `hint + 1 ..`.
            let mut step = 1;
            let mut low = hint;
            while low + step < starts.len() && starts[low + step] <= offset {
                low += step;
                step *= 2;
            }
            let high = (low + step).min(starts.len());
            low + starts[low..high].partition_point(|&start| start <= offset) - 1
        } else {
            // Backward: the line starts before `hint`.
            let mut step = 1;
            let mut high = hint;
            while high >= step && starts[high - step] > offset {
                high -= step;
                step *= 2;
            }
            let low = high.saturating_sub(step);
            low + starts[low..high].partition_point(|&start| start <= offset) - 1
        }
    }

    /// The byte offset of `position`. A line past the end clamps to the end of the text; a
    /// column past the end of its line clamps to the line's end; a column inside a
    /// character moves to that character's start. Never panics.
    pub fn offset(&self, text: &str, position: TextPosition, encoding: PositionEncoding) -> usize {
        let line = position.line as usize;
        if line >= self.line_starts.len() {
            return self.len;
        }
        let start = self.line_starts[line];
        let end = self.line_content_end(text, line);
        let wanted = position.character as usize;
        let mut units = 0usize;
        for (idx, ch) in text[start..end].char_indices() {
            if units >= wanted {
                return start + idx;
            }
            units += match encoding {
                PositionEncoding::Utf8 => ch.len_utf8(),
                PositionEncoding::Utf16 => ch.len_utf16(),
            };
            if units > wanted {
                return start + idx;
            }
        }
        end
    }

    /// 1-based line and 1-based character (Unicode scalar) column, for human output.
    pub fn human_line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let col = text[self.line_starts[line]..offset].chars().count();
        (line + 1, col + 1)
    }
}

/// UTF-16 code units in `text`, counted over bytes: one unit per character (every byte
/// that is not a UTF-8 continuation byte), plus one for each four-byte character (a
/// surrogate pair). A branch-free loop the compiler vectorises.
/// Columns `text` spans in `encoding`.
fn column_len(text: &str, encoding: PositionEncoding) -> usize {
    match encoding {
        PositionEncoding::Utf8 => text.len(),
        PositionEncoding::Utf16 => utf16_len(text),
    }
}

/// A position known in a text: its line, byte offset and column (see
/// [`LineIndex::position_from`]). The default is the start of the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    line: usize,
    offset: usize,
    character: u32,
}

fn utf16_len(text: &str) -> usize {
    text.as_bytes()
        .iter()
        .map(|&b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// An index updated from the last version's equals one built afresh, for edits
        /// anywhere (splitting `\r\n` pairs, at either end, across line breaks).
        #[test]
        fn an_updated_index_equals_a_fresh_one(
            old in "[ab\r\n]{0,40}",
            cuts in proptest::collection::vec((0usize..48, 0usize..6, "[ab\r\n]{0,5}"), 1..4),
        ) {
            let mut text = old.clone();
            let mut index = LineIndex::new(&text);
            for (at, len, insert) in cuts {
                let at = at.min(text.len());
                let end = (at + len).min(text.len());
                let mut next = text.clone();
                next.replace_range(at..end, &insert);
                let updated = index.updated(&text, &next);
                proptest::prop_assert_eq!(&updated, &LineIndex::new(&next), "{:?} -> {:?}", text, next);
                text = next;
                index = updated;
            }
        }
    }

    proptest::proptest! {
        /// A lookup from any hint gives what a lookup without one gives.
        #[test]
        fn a_position_near_any_hint_is_the_position(
            text in "[ab\r\n]{0,60}",
            offset in 0usize..64,
            hint in 0usize..70,
        ) {
            let index = LineIndex::new(&text);
            let mut near = hint;
            let expected = index.position(&text, offset, PositionEncoding::Utf16);
            let found = index.position_near(&text, offset, PositionEncoding::Utf16, &mut near);
            proptest::prop_assert_eq!(found, expected);
            proptest::prop_assert_eq!(near, expected.line as usize);
        }
    }

    #[test]
    fn an_index_of_other_text_is_rebuilt() {
        let stale = LineIndex::new("one\ntwo\n");
        let text = "a much longer text\r\nwith\rthree breaks\n";
        assert_eq!(stale.updated("x", text), LineIndex::new(text));
    }

    /// Positions counted on from a cursor equal positions counted from the line start,
    /// for offsets in order (as findings come), out of order, inside characters and
    /// past the end, in both encodings.
    #[test]
    fn positions_from_a_cursor_equal_fresh_ones() {
        let text = "Zoë’s café 😀 line\r\nsecond “quoted” line\rlone CR\n\nafter a blank 𝄞 end";
        let mut rng = crate::test_support::XorShift::new(0xc0de);
        let index = LineIndex::new(text);
        for encoding in [PositionEncoding::Utf16, PositionEncoding::Utf8] {
            let mut cursor = Cursor::default();
            let mut offsets: Vec<usize> = (0..200).map(|_| rng.below(text.len() + 4)).collect();
            offsets[..100].sort_unstable();
            for offset in offsets {
                let fresh = index.position(text, offset, encoding);
                let mut hint = cursor.line;
                assert_eq!(
                    index.position_near(text, offset, encoding, &mut hint),
                    fresh
                );
                assert_eq!(
                    index.position_from(text, offset, encoding, &mut cursor),
                    fresh,
                    "{offset} {encoding:?}"
                );
            }
        }
    }

    #[test]
    fn utf16_len_matches_char_count() {
        for text in ["", "plain", "a😀b", "çé x", "“quoted” — 5 km²", "𝄞𝄞 and ẞ"]
        {
            let expected: usize = text.chars().map(char::len_utf16).sum();
            assert_eq!(utf16_len(text), expected, "{text}");
        }
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "a😀b\r\nçé x\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let b = text.find('b').unwrap();
        assert_eq!(
            index.position(text, b, PositionEncoding::Utf16),
            TextPosition {
                line: 0,
                character: 3
            }
        );
        assert_eq!(
            index.position(text, b, PositionEncoding::Utf8),
            TextPosition {
                line: 0,
                character: 5
            }
        );
        let x = text.find('x').unwrap();
        assert_eq!(
            index.position(text, x, PositionEncoding::Utf16),
            TextPosition {
                line: 1,
                character: 3
            }
        );
        assert_eq!(
            index.offset(
                text,
                TextPosition {
                    line: 1,
                    character: 3
                },
                PositionEncoding::Utf16
            ),
            x
        );
        // Past the end of a line clamps to its content end (before \r\n).
        assert_eq!(
            index.offset(
                text,
                TextPosition {
                    line: 0,
                    character: 99
                },
                PositionEncoding::Utf16
            ),
            6
        );
        // Past the last line clamps to the end of text.
        assert_eq!(
            index.offset(
                text,
                TextPosition {
                    line: 9,
                    character: 0
                },
                PositionEncoding::Utf16
            ),
            text.len()
        );
        // Inside a surrogate pair moves to the character start.
        assert_eq!(
            index.offset(
                text,
                TextPosition {
                    line: 0,
                    character: 2
                },
                PositionEncoding::Utf16
            ),
            1
        );
    }

    #[test]
    fn lone_cr_ends_a_line() {
        let text = "one\rtwo";
        let index = LineIndex::new(text);
        assert_eq!(
            index.position(text, 4, PositionEncoding::Utf16),
            TextPosition {
                line: 1,
                character: 0
            }
        );
    }
}
