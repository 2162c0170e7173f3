//! Direct quotations in a block: curly and straight double quotes, and single-quoted
//! spans outside them (headline-style ‘quotes’). Apostrophes (`Moscow’s`, `CBS’`,
//! `’90s`) are not delimiters.
//!
//! AP multi-paragraph quotes open each paragraph with `“` and close only the last one:
//! a quote still open at the end of the block is recorded as running to the block end
//! (`unclosed_at_end`), which is exactly how such a paragraph reads.

use std::ops::Range;

/// The quotations found in one block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quotations {
    /// Quoted spans, delimiters included, in order, non-overlapping.
    pub spans: Vec<Range<usize>>,
    /// A quotation opened in this block is still open at its end.
    pub unclosed_at_end: bool,
    /// The block's first character opens a quotation.
    pub opens_block: bool,
}

impl Quotations {
    /// Finds quotations in `text`.
    pub fn find(text: &str) -> Quotations {
        let mut spans = Vec::new();
        let mut open: Option<(usize, char)> = None;
        // Only the quotation marks act: the scan jumps from one to the next (the marks
        // are `"` and three-byte characters led by 0xE2), so a paragraph without any
        // costs one vectorised byte search.
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(found) = memchr::memchr2(b'"', 0xE2, &bytes[from..]) {
            let pos = from + found;
            let ch = text[pos..].chars().next().unwrap_or('"');
            from = pos + ch.len_utf8();
            if !matches!(ch, '“' | '”' | '"' | '‘' | '’') {
                continue;
            }
            let prev = text[..pos].chars().next_back();
            let next = text[from..].chars().next();
            match (open, ch) {
                (None, '“') => open = Some((pos, '“')),
                (None, '"') if opens_straight(prev, next) => open = Some((pos, '"')),
                (None, '‘')
                    if prev.is_none_or(|c| !c.is_alphanumeric())
                        && next.is_some_and(char::is_alphabetic)
                        && closes_single_later(&text[from..]) =>
                {
                    open = Some((pos, '‘'));
                }
                // `…uncertain. "It is …`: a straight mark after a sentence end and a space,
                // before a word, opens the next quoted paragraph of a multi-paragraph
                // quote run together in one block; the open quote ends before it.
                (Some((start, '"')), '"')
                    if opens_straight(prev, next) && after_sentence_end(&text[..pos]) =>
                {
                    spans.push(start..pos);
                    open = Some((pos, '"'));
                }
                (Some((start, '“')), '”') | (Some((start, '"')), '"') => {
                    spans.push(start..pos + ch.len_utf8());
                    open = None;
                }
                (Some((start, '‘')), '’') if !next.is_some_and(char::is_alphabetic) => {
                    spans.push(start..pos + ch.len_utf8());
                    open = None;
                }
                // A new opening curly quote while one is open: the writer forgot to close
                // the first; restart there rather than swallow the rest of the block.
                (Some((start, _)), '“') => {
                    spans.push(start..pos);
                    open = Some((pos, '“'));
                }
                _ => {}
            }
        }
        let unclosed_at_end = open.is_some();
        if let Some((start, _)) = open {
            spans.push(start..text.len());
        }
        let first = text.trim_start().chars().next();
        let opens_block = matches!(first, Some('“') | Some('"'))
            && spans
                .first()
                .is_some_and(|s| text[..s.start].trim().is_empty());
        Quotations {
            spans,
            unclosed_at_end,
            opens_block,
        }
    }

    /// True when `range` overlaps a quotation.
    pub fn overlaps(&self, range: Range<usize>) -> bool {
        let idx = self.spans.partition_point(|s| s.end <= range.start);
        self.spans
            .get(idx)
            .is_some_and(|s| s.start < range.end.max(range.start + 1))
    }

    /// True when `range` lies entirely inside one quotation.
    pub fn contains(&self, range: Range<usize>) -> bool {
        self.spans
            .iter()
            .any(|s| s.start <= range.start && range.end <= s.end)
    }
}

fn opens_straight(prev: Option<char>, next: Option<char>) -> bool {
    let after_boundary = prev.is_none_or(|c| c.is_whitespace() || "([{—–-/".contains(c));
    after_boundary && next.is_some_and(|c| !c.is_whitespace())
}

/// The text before a mark ends with a sentence-final `.`, `?` or `!` and a space.
fn after_sentence_end(before: &str) -> bool {
    before.chars().next_back().is_some_and(char::is_whitespace)
        && before
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '.' | '?' | '!'))
}

/// The text after an opening `‘` holds a `’` that closes it: not its first character,
/// not after whitespace, not before a letter (`’s`).
fn closes_single_later(rest: &str) -> bool {
    rest.match_indices('’').any(|(at, mark)| {
        at > 0
            && !rest[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_whitespace)
            && !rest[at + mark.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        Quotations::find(text)
            .spans
            .iter()
            .map(|r| &text[r.clone()])
            .collect()
    }

    #[test]
    fn curly_straight_and_single() {
        assert_eq!(quoted("He said “we won,” and left."), vec!["“we won,”"]);
        assert_eq!(quoted("He said \"we won\" twice."), vec!["\"we won\""]);
        assert_eq!(
            quoted("‘Retaliatory measures’"),
            vec!["‘Retaliatory measures’"]
        );
        assert!(quoted("Moscow’s view and CBS’ show in the ’90s").is_empty());
    }

    #[test]
    fn straight_quote_reopened_after_a_sentence_end() {
        let text = r#"Mr Frost added: "Prices are uncertain. "It is widely accepted that risks grow." The bank said."#;
        assert_eq!(
            quoted(text),
            vec![
                r#""Prices are uncertain. "#,
                r#""It is widely accepted that risks grow.""#
            ]
        );
        let text = r#""We won," she said. "We will win again.""#;
        assert_eq!(quoted(text).len(), 2);
    }

    #[test]
    fn unclosed_multi_paragraph_quote_runs_to_end() {
        let q = Quotations::find("“We will go on. We will not stop.");
        assert!(q.unclosed_at_end && q.opens_block);
        assert_eq!(q.spans, vec![0..q.spans[0].end]);
        assert!(q.overlaps(10..12));
    }

    /// The quotation finder as it was before it jumped from mark to mark (a character
    /// list of the whole block): the reference the faster scan must agree with.
    fn reference_find(text: &str) -> Quotations {
        // Only these marks open a quotation: a paragraph without any has none (most
        // paragraphs; no character list is built for them).
        if !text.contains(['“', '"', '‘']) {
            return Quotations {
                spans: Vec::new(),
                unclosed_at_end: false,
                opens_block: false,
            };
        }
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut spans = Vec::new();
        let mut open: Option<(usize, char)> = None;
        for (i, &(pos, ch)) in chars.iter().enumerate() {
            let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
            let next = chars.get(i + 1).map(|&(_, c)| c);
            match (open, ch) {
                (None, '“') => open = Some((pos, '“')),
                (None, '"') if opens_straight(prev, next) => open = Some((pos, '"')),
                (None, '‘')
                    if prev.is_none_or(|c| !c.is_alphanumeric())
                        && next.is_some_and(char::is_alphabetic)
                        && reference_closes_single_later(&chars[i + 1..]) =>
                {
                    open = Some((pos, '‘'));
                }
                // `…uncertain. "It is …`: a straight mark after a sentence end and a space,
                // before a word, opens the next quoted paragraph of a multi-paragraph
                // quote run together in one block; the open quote ends before it.
                (Some((start, '"')), '"')
                    if opens_straight(prev, next) && reference_after_sentence_end(&chars[..i]) =>
                {
                    spans.push(start..pos);
                    open = Some((pos, '"'));
                }
                (Some((start, '“')), '”') | (Some((start, '"')), '"') => {
                    spans.push(start..pos + ch.len_utf8());
                    open = None;
                }
                (Some((start, '‘')), '’') if !next.is_some_and(char::is_alphabetic) => {
                    spans.push(start..pos + ch.len_utf8());
                    open = None;
                }
                // A new opening curly quote while one is open: the writer forgot to close
                // the first; restart there rather than swallow the rest of the block.
                (Some((start, _)), '“') => {
                    spans.push(start..pos);
                    open = Some((pos, '“'));
                }
                _ => {}
            }
        }
        let unclosed_at_end = open.is_some();
        if let Some((start, _)) = open {
            spans.push(start..text.len());
        }
        let first = text.trim_start().chars().next();
        let opens_block = matches!(first, Some('“') | Some('"'))
            && spans
                .first()
                .is_some_and(|s| text[..s.start].trim().is_empty());
        Quotations {
            spans,
            unclosed_at_end,
            opens_block,
        }
    }

    /// The characters before a mark end with a sentence-final `.`, `?` or `!` and a space.
    fn reference_after_sentence_end(before: &[(usize, char)]) -> bool {
        let mut rev = before.iter().rev().map(|&(_, c)| c);
        rev.next().is_some_and(char::is_whitespace)
            && rev
                .find(|c| !c.is_whitespace())
                .is_some_and(|c| matches!(c, '.' | '?' | '!'))
    }

    fn reference_closes_single_later(rest: &[(usize, char)]) -> bool {
        rest.iter().enumerate().any(|(i, &(_, c))| {
            c == '’'
                && !rest.get(i + 1).is_some_and(|&(_, n)| n.is_alphabetic())
                && i > 0
                && !rest[i - 1].1.is_whitespace()
        })
    }

    #[test]
    fn the_mark_to_mark_scan_finds_what_the_character_walk_found() {
        let pieces = [
            "“", "”", "\"", "‘", "’", "'", " ", "  ", "\n", "We", "won", "it", "s", ".", "?", "!",
            ",", "—", "–", "(", "-", "/", "é", "Zoë", "90s", "\u{2028}", "…",
        ];
        let mut with_spans = 0;
        for text in crate::test_support::random_texts(&pieces, 5000, 30, 0x2545_f491_4f6c_dd1d) {
            let found = Quotations::find(&text);
            assert_eq!(found, reference_find(&text), "{text:?}");
            with_spans += usize::from(!found.spans.is_empty());
        }
        assert!(with_spans > 1000, "{with_spans}");
    }
}
