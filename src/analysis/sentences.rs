//! A news-aware sentence splitter (spec §C.2).
//!
//! A period ends a sentence only when whitespace (after any closing quotes or brackets)
//! and then an upper-case letter, digit or opening quote follow, and the word before it
//! is not a title, a state abbreviation or an initial (`Gen.`, `Calif.`, `John F.`).
//! Abbreviations that can end a sentence (`U.S.`, `a.m.`, `Inc.`, `Feb.`) end one only
//! before a common sentence opener or at the end of the block. Never splits inside
//! parentheses.

use std::ops::Range;

/// Titles and other abbreviations that never end a sentence.
const NON_TERMINAL: &[&str] = &[
    "Gen.", "Lt.", "Col.", "Maj.", "Capt.", "Sgt.", "Cpl.", "Pvt.", "Adm.", "Cmdr.", "Gov.",
    "Sen.", "Rep.", "Rev.", "Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "Pres.", "Supt.", "Det.",
    "Insp.", "Atty.", "St.", "Mt.", "Ft.", "No.", "vs.", "v.", "Ala.", "Ariz.", "Ark.", "Calif.",
    "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.", "Kan.", "Ky.", "La.", "Md.", "Mass.",
    "Mich.", "Minn.", "Miss.", "Mo.", "Mont.", "Neb.", "Nev.", "N.H.", "N.J.", "N.M.", "N.Y.",
    "N.C.", "N.D.", "Okla.", "Ore.", "Pa.", "R.I.", "S.C.", "S.D.", "Tenn.", "Vt.", "Va.", "Wash.",
    "W.Va.", "Wis.", "Wyo.", "Gens.", "Sens.", "Reps.", "Msgr.", "Hon.", "Fr.", "Sr.Lt.",
    "approx.", "e.g.", "i.e.", "Nos.",
];

/// Abbreviations that may end a sentence.
const TERMINAL_CAPABLE: &[&str] = &[
    "U.S.", "U.N.", "U.K.", "D.C.", "E.U.", "a.m.", "p.m.", "Inc.", "Corp.", "Co.", "Ltd.", "Jr.",
    "Sr.", "etc.", "Jan.", "Feb.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "L.A.",
    "Bros.", "Mar.", "Apr.", "Jun.", "Jul.",
];

/// Words that start sentences after a terminal-capable abbreviation.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "But",
    "And",
    "In",
    "On",
    "At",
    "For",
    "This",
    "That",
    "Those",
    "These",
    "His",
    "Her",
    "Its",
    "Their",
    "There",
    "When",
    "While",
    "After",
    "Before",
    "If",
    "As",
    "Meanwhile",
    "However",
    "Our",
    "You",
    "Some",
    "Many",
    "Officials",
    "Police",
    "What",
    "Why",
    "How",
    "So",
    "Still",
    "Yet",
    "Now",
    "Then",
    "Last",
    "Next",
    "Earlier",
    "Later",
];

/// Splits `text` into sentence ranges (trimmed, non-empty).
pub fn split(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut sentences = Vec::new();
    let mut start = 0usize;
    let mut paren_depth = 0i32;
    let mut pos = 0;
    // Only brackets and terminators act, all ASCII but `…` (led by the byte 0xE2, which
    // starts a character wherever it occurs): the bytes between them are stepped over
    // one at a time, without decoding characters.
    while let Some(&byte) = bytes.get(pos) {
        let ch = match byte {
            b'(' | b'[' => {
                paren_depth += 1;
                pos += 1;
                continue;
            }
            b')' | b']' => {
                paren_depth = (paren_depth - 1).max(0);
                pos += 1;
                continue;
            }
            b'.' | b'?' | b'!' => char::from(byte),
            0xE2 if text[pos..].starts_with('…') => '…',
            _ => {
                pos += 1;
                continue;
            }
        };
        if paren_depth > 0 {
            pos += ch.len_utf8();
            continue;
        }
        // Swallow runs of terminators ("?!", "...") and closing quotes/brackets.
        let mut end = pos + ch.len_utf8();
        for c in text[end..].chars() {
            if !matches!(
                c,
                '.' | '?' | '!' | '…' | '”' | '’' | '"' | '\'' | ')' | ']' | '*' | '_'
            ) {
                break;
            }
            end += c.len_utf8();
        }
        if is_boundary(text, pos, ch, end) {
            push_trimmed(text, start..end, &mut sentences);
            start = end;
        }
        pos = end;
    }
    push_trimmed(text, start..text.len(), &mut sentences);
    sentences
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trimmed_len = slice.trim().len();
    if trimmed_len > 0 {
        out.push(range.start + lead..range.start + lead + trimmed_len);
    }
}

fn is_boundary(text: &str, pos: usize, ch: char, end: usize) -> bool {
    let rest = &text[end..];
    let after = rest.trim_start();
    if after.is_empty() {
        return true;
    }
    if rest.len() == after.len() {
        // No whitespace after the terminator: "3.5", "U.S.-led", "“Why?”he".
        return false;
    }
    let Some(next) = after.chars().next() else {
        return true;
    };
    let next_ok = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '“' | '"' | '‘' | '(' | '[' | '*' | '_');
    if !next_ok {
        return false;
    }
    match ch {
        '…' => next.is_uppercase(),
        '.' => {
            let token = token_before(text, pos + 1);
            let token = token.trim_start_matches(['(', '“', '"', '‘', '\'', '[', '*', '_']);
            if NON_TERMINAL.contains(&token) {
                return false;
            }
            if is_initial(token) {
                return false;
            }
            if TERMINAL_CAPABLE.contains(&token) {
                let next_word: String = after.chars().take_while(|c| c.is_alphanumeric()).collect();
                return OPENERS.contains(&next_word.as_str()) || matches!(next, '“' | '"');
            }
            true
        }
        _ => true,
    }
}

/// The whitespace-delimited token ending at `end` (exclusive).
fn token_before(text: &str, end: usize) -> &str {
    // Unicode whitespace can be several bytes (U+0085, U+2028, U+3000…): step over the
    // whole character, not one byte.
    let start = text[..end]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[start..end]
}

/// A single capital initial such as `F.` in "John F. Kennedy".
fn is_initial(token: &str) -> bool {
    let mut chars = token.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn multibyte_whitespace_before_a_period() {
        // Regression (found by the reliability fuzz run): U+2028 and U+3000 are
        // whitespace of several bytes; the token before a full stop must not split them.
        for text in [
            "a\u{2028}b. Next one.",
            "Mr.\u{3000}Smith said so. Then left.",
            "\u{85}x. Y.",
        ] {
            let _ = sentences(text);
        }
        assert_eq!(token_before("a\u{2028}b.", "a\u{2028}b.".len()), "b.");
    }

    #[test]
    fn abbreviations_titles_and_initials() {
        assert_eq!(
            sentences("Gen. Mark Lee met Sen. Jo Ann Park (D-Calif.) on Feb. 4 in St. Louis. John F. Kennedy said no."),
            vec!["Gen. Mark Lee met Sen. Jo Ann Park (D-Calif.) on Feb. 4 in St. Louis.", "John F. Kennedy said no."]
        );
    }

    #[test]
    fn terminal_capable_abbreviations() {
        assert_eq!(
            sentences("He lives in the U.S. The rest moved."),
            vec!["He lives in the U.S.", "The rest moved."]
        );
        assert_eq!(
            sentences("the U.S. formal notice came in the U.S. Congress today."),
            vec!["the U.S. formal notice came in the U.S. Congress today."]
        );
        assert_eq!(
            sentences("It ends with the U.S."),
            vec!["It ends with the U.S."]
        );
        assert_eq!(
            sentences("We met at 10 a.m. Officials left."),
            vec!["We met at 10 a.m.", "Officials left."]
        );
    }

    #[test]
    fn quotes_questions_and_numbers() {
        assert_eq!(
            sentences(
                "“We won,” he said. “They lost.” Prices rose 3.5% in 2019. Why? Nobody knows!"
            ),
            vec![
                "“We won,” he said.",
                "“They lost.”",
                "Prices rose 3.5% in 2019.",
                "Why?",
                "Nobody knows!"
            ]
        );
        assert_eq!(sentences("“Why?” he asked."), vec!["“Why?” he asked."]);
        assert_eq!(
            sentences("A (see p. 4. Or not.) B."),
            vec!["A (see p. 4. Or not.) B."]
        );
    }

    /// The splitter as it was before it stepped over bytes (a walk over every
    /// character): the reference the byte scan must agree with.
    fn reference_split(text: &str) -> Vec<Range<usize>> {
        let bytes = text.as_bytes();
        let mut sentences = Vec::new();
        let mut start = 0usize;
        let mut paren_depth = 0i32;
        let mut iter = text.char_indices().peekable();
        while let Some((pos, ch)) = iter.next() {
            match ch {
                '(' | '[' => paren_depth += 1,
                ')' | ']' => paren_depth = (paren_depth - 1).max(0),
                '.' | '?' | '!' | '…' if paren_depth == 0 => {
                    // Swallow runs of terminators ("?!", "...") and closing quotes/brackets.
                    let mut end = pos + ch.len_utf8();
                    while let Some(&(p, c)) = iter.peek() {
                        if matches!(
                            c,
                            '.' | '?' | '!' | '…' | '”' | '’' | '"' | '\'' | ')' | ']' | '*' | '_'
                        ) {
                            end = p + c.len_utf8();
                            iter.next();
                        } else {
                            break;
                        }
                    }
                    if is_boundary(text, pos, ch, end) {
                        push_trimmed(text, start..end, &mut sentences);
                        start = end;
                    }
                }
                _ => {}
            }
        }
        let _ = bytes;
        push_trimmed(text, start..text.len(), &mut sentences);
        sentences
    }

    #[test]
    fn the_byte_scan_splits_as_the_character_walk_did() {
        let pieces = [
            ".", "?", "!", "…", "...", "”", "’", "\"", "'", ")", "(", "[", "]", "*", "_", " ",
            "  ", "\n", "\u{2028}", "The", "he", "U.S.", "Gen.", "F.", "a.m.", "3.5", "Zoë", "—",
            "“", "É", "won",
        ];
        let mut several = 0;
        for text in crate::test_support::random_texts(&pieces, 5000, 30, 0x9e37_79b9_7f4a_7c15) {
            let found = split(&text);
            assert_eq!(found, reference_split(&text), "{text:?}");
            several += usize::from(found.len() > 1);
        }
        assert!(several > 500, "{several}");
    }
}
