//! How every regex in copydesk is compiled.
//!
//! Word boundaries (`\b`, `\B`) are made ASCII (`(?-u:\b)`). A Unicode word boundary
//! cannot be decided by the `regex` crate's lazy DFA once the text holds a non-ASCII
//! byte, and news copy is full of them (curly quotes, dashes, accented names): every
//! search then falls back to the PikeVM or the backtracker, several times slower, and
//! compiling the Unicode look-around tables makes start-up slower too. With ASCII
//! boundaries the DFA runs every search.
//!
//! The one difference: an accented letter counts as a non-word character, so a pattern
//! word glued to one (`\bor\b` in "señor") can match. The rule patterns are English
//! words and numbers, and the corpus check behind this choice found no finding that
//! changed (see ARCHITECTURE.md, "Regexes").
//!
//! Digits (`\d`) are ASCII `[0-9]` too. Unicode `\d` holds some 70 ranges of digits from
//! other scripts; repeated in a pattern it multiplied the automata, and the lazy-DFA
//! caches of every thread with them (8 MB of the server's memory at start-up). English
//! copy writes its figures in ASCII digits; the corpus findings did not change.

use regex::{Regex, RegexSet};
use std::borrow::Cow;

/// Compiles `pattern` with ASCII word boundaries.
pub fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&ascii_boundaries(pattern))
}

/// Compiles a set of patterns with ASCII word boundaries.
pub fn compile_set<I, S>(patterns: I) -> Result<RegexSet, regex::Error>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    RegexSet::new(
        patterns
            .into_iter()
            .map(|p| ascii_boundaries(p.as_ref()).into_owned()),
    )
}

/// Regexes asked one after another over the same text (a table of trigger or cue
/// patterns), with a literal prefilter: one Aho-Corasick pass over the text tells which
/// patterns can match at all, so the others are never run. A pattern whose matches need
/// not start (or end) with a known literal is always run.
pub struct RegexList {
    /// The patterns as given (`ascii_boundaries` is applied when compiling).
    patterns: Vec<String>,
    /// Each pattern compiled on first use: a short draft runs few of them, and compiling
    /// a table of Unicode-aware patterns up front costs more than checking the draft.
    regexes: Vec<std::sync::OnceLock<Option<Regex>>>,
    /// Over the lower-cased required literals of every prefiltered pattern.
    literals: Option<aho_corasick::AhoCorasick>,
    /// Pattern index of each literal, parallel to the automaton's pattern ids.
    owner: Vec<usize>,
    /// Patterns without a usable literal set.
    always: Vec<usize>,
}

/// More literals than this for one pattern and it is simply always run.
const MAX_LITERALS: usize = 300;

impl RegexList {
    /// Compiles every pattern (with ASCII word boundaries) and derives its literals.
    pub fn new<I, S>(patterns: I) -> Result<RegexList, regex::Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut texts = Vec::new();
        let mut needles: Vec<Vec<u8>> = Vec::new();
        let mut owner = Vec::new();
        let mut always = Vec::new();
        for (idx, pattern) in patterns.into_iter().enumerate() {
            let pattern = pattern.as_ref();
            // Syntax errors surface here; compiling waits until the pattern is needed.
            regex_syntax::ParserBuilder::new()
                .build()
                .parse(&ascii_boundaries(pattern))
                .map_err(|e| regex::Error::Syntax(e.to_string()))?;
            texts.push(pattern.to_string());
            match required_literals(pattern) {
                Some(literals) => {
                    for literal in literals {
                        needles.push(literal);
                        owner.push(idx);
                    }
                }
                None => always.push(idx),
            }
        }
        let literals = if needles.is_empty() {
            None
        } else {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(&needles)
                .ok()
        };
        let regexes = texts.iter().map(|_| std::sync::OnceLock::new()).collect();
        if literals.is_none() {
            always = (0..texts.len()).collect();
        }
        Ok(RegexList {
            patterns: texts,
            regexes,
            literals,
            owner,
            always,
        })
    }

    /// Number of patterns.
    pub fn len(&self) -> usize {
        self.regexes.len()
    }

    /// True when there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.regexes.is_empty()
    }

    /// Pattern `idx`, compiled on first use; `None` if it cannot be compiled (a size
    /// limit: the syntax was checked by [`RegexList::new`]), and then it never matches.
    pub fn get(&self, idx: usize) -> Option<&Regex> {
        self.regexes
            .get(idx)?
            .get_or_init(|| compile(&self.patterns[idx]).ok())
            .as_ref()
    }

    /// For each pattern, whether it may match somewhere in `haystack` (false only when
    /// it certainly cannot).
    pub fn present(&self, haystack: &str) -> Vec<bool> {
        let mut present = vec![false; self.regexes.len()];
        for &idx in &self.always {
            present[idx] = true;
        }
        if let Some(ac) = &self.literals {
            for m in ac.find_overlapping_iter(haystack) {
                present[self.owner[m.pattern().as_usize()]] = true;
            }
        }
        present
    }

    /// The patterns that may match in `haystack`, in table order, with their index.
    pub fn candidates(&self, haystack: &str) -> impl Iterator<Item = (usize, &Regex)> {
        let present = self.present(haystack);
        (0..self.regexes.len())
            .filter(move |&idx| present[idx])
            .filter_map(|idx| Some((idx, self.get(idx)?)))
    }
}

/// Lower-cased literals one of which every match of `pattern` starts or ends with
/// (ignoring case), whichever set has the longer shortest literal; `None` when neither
/// is a finite set of literals of at least [`MIN_LITERAL`] bytes (then the pattern is
/// always run: a needle like `a` would fire on every other word).
pub(crate) fn required_literals(pattern: &str) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    // Case is handled by lower-casing and a case-insensitive search, so parse without
    // `(?i)`: case-folded literal sets grow past any useful size.
    let plain = pattern.replace("(?i)", "").replace("(?i:", "(?:");
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&ascii_boundaries(&plain))
        .ok()?;
    let usable = |kind: ExtractKind| -> Option<Vec<Vec<u8>>> {
        let seq = Extractor::new().kind(kind).extract(&hir);
        let literals = seq.literals()?;
        if literals.is_empty() || literals.len() > MAX_LITERALS {
            return None;
        }
        let mut out = Vec::with_capacity(literals.len());
        for literal in literals {
            let text = std::str::from_utf8(literal.as_bytes()).ok()?;
            // Only ASCII letters are matched case-insensitively; a literal with another
            // cased letter could miss a differently cased match.
            if text.len() < MIN_LITERAL || text.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
            {
                return None;
            }
            out.push(text.to_ascii_lowercase().into_bytes());
        }
        Some(out)
    };
    let shortest = |set: &Vec<Vec<u8>>| set.iter().map(Vec::len).min().unwrap_or(0);
    match (usable(ExtractKind::Prefix), usable(ExtractKind::Suffix)) {
        (Some(p), Some(s)) => Some(if shortest(&s) > shortest(&p) { s } else { p }),
        (p, s) => p.or(s),
    }
}

/// Shortest literal worth searching for.
const MIN_LITERAL: usize = 3;

/// `pattern` with every `\b` and `\B` outside a character class turned into its ASCII
/// form, and every `\d` into `[0-9]` (`0-9` inside a class). Escaped backslashes
/// (`\\b`) are left alone.
pub fn ascii_boundaries(pattern: &str) -> Cow<'_, str> {
    if !pattern.contains("\\b") && !pattern.contains("\\B") && !pattern.contains("\\d") {
        return Cow::Borrowed(pattern);
    }
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut chars = pattern.chars().peekable();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push(c);
                    break;
                };
                if class_depth == 0 && (next == 'b' || next == 'B') {
                    out.push_str("(?-u:\\");
                    out.push(next);
                    out.push(')');
                } else if next == 'd' {
                    out.push_str(if class_depth == 0 { "[0-9]" } else { "0-9" });
                } else {
                    out.push(c);
                    out.push(next);
                }
            }
            '[' => {
                class_depth += 1;
                out.push(c);
                // A `]` or `^]` right after the opening bracket is a literal.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_become_ascii_outside_classes_only() {
        assert_eq!(
            ascii_boundaries(r"(?i)\bsaid\b"),
            r"(?i)(?-u:\b)said(?-u:\b)"
        );
        assert_eq!(ascii_boundaries(r"\Bx[\b]\\b"), r"(?-u:\B)x[\b]\\b");
        assert_eq!(ascii_boundaries(r"[]\b]\b"), r"[]\b](?-u:\b)");
        assert_eq!(ascii_boundaries(r"[^]a]\b"), r"[^]a](?-u:\b)");
        assert!(matches!(ascii_boundaries("plain"), Cow::Borrowed(_)));
        assert_eq!(ascii_boundaries(r"\d+[\d,.]\\d"), r"[0-9]+[0-9,.]\\d");
        let digits = compile(r"^\d+$").unwrap();
        assert!(digits.is_match("2025"));
        assert!(
            !digits.is_match("٢٠٢٥"),
            "Arabic-Indic digits are not figures here"
        );
    }

    #[test]
    fn regex_list_prefilter_never_hides_a_match() {
        let patterns = [
            r"(?i)\b(?:critics|experts) (?:say|said|warn)\b",
            r"(?i)\bit is (?:widely )?believed\b",
            r"(?i)\b\d+(?:\.\d+)?\s?%",
            r"(?i)[\p{L}]+ sources said",
            r"(?i)\bU\.S\. officials\b",
        ];
        let list = RegexList::new(patterns).unwrap();
        let text = "EXPERTS WARN of floods. Palace sources said 5%. It Is Widely Believed. u.s. officials.";
        assert_eq!(list.present(text), vec![true; 5]);
        for (idx, re) in list.candidates(text) {
            assert!(re.is_match(text), "pattern {idx}");
        }
        // Absent literals rule a pattern out (by prefix or, for the fourth, by suffix);
        // a pattern with no usable literal (`%` is too short) is always run.
        assert_eq!(
            list.present("The council met on Monday."),
            vec![false, false, true, false, false]
        );
        // On any text, every pattern that matches is reported present.
        for text in [
            "Critics say the plan fails.",
            "it is believed that",
            "“Critics said” no.",
            "the U.S. officials",
            "Rebel sources said.",
            "up 4.5 % on the year",
        ] {
            let present = list.present(text);
            for (idx, re) in patterns.iter().enumerate() {
                if compile(re).unwrap().is_match(text) {
                    assert!(present[idx], "{re} on {text}");
                }
            }
        }
    }

    #[test]
    fn compiled_patterns_match_like_unicode_ones_on_news_text() {
        let re = compile(r"(?i)\b(?:said|says)\b").unwrap();
        let text = "“We won,” said Zoë Müller, who says the vote — 6-3 — stands.";
        let found: Vec<&str> = re.find_iter(text).map(|m| m.as_str()).collect();
        assert_eq!(found, vec!["said", "says"]);
        assert!(!re.is_match("unsaid resaid sayso"));
        let set = compile_set([r"\bkm\b", r"\bmiles?\b"]).unwrap();
        assert_eq!(
            set.matches("5 km (3 miles)").iter().collect::<Vec<_>>(),
            vec![0, 1]
        );
    }
}
