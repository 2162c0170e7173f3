//! `attribution/verb-order`: an inverted pronoun attribution (`said he`, `says she`,
//! `said they`) where AP puts the subject first (`he said`).

use super::clauses::{self, WORD};
use super::is_checked_block;
use crate::declare_rule;
use crate::lint::{BlockContext, Edit, Finding, Fix, Rule, RuleMeta};

/// Reporting verbs that get inverted after a quote or a clause (`…,” said he.`).
pub(crate) const VERBS: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "asked",
    "asks",
    "explained",
    "explains",
    "continued",
    "continues",
    "replied",
    "replies",
    "noted",
    "notes",
    "wrote",
    "writes",
    "recalled",
    "recalls",
    "insisted",
    "insists",
];

/// Subject pronouns: a named source or a long identifier may follow the verb (`said
/// Jones, a neighbor`), a pronoun may not.
const PRONOUNS: &[&str] = &["he", "she", "they"];

declare_rule! {
    /// ## What it does
    /// Flags a reporting verb followed by a subject pronoun that closes the attribution
    /// (`“We will rebuild,” said he.`, `…, says she, …`) outside quotations, and offers
    /// `he said`. Inverted order with a name or a long identifier (`said Jones, a
    /// neighbor`) is left alone, and so is a pronoun that starts a clause of its own
    /// (`The mayor said he would resign`).
    ///
    /// ## Why is this bad?
    /// AP puts the pronoun first: `he said`, never `said he`, which reads as archaic or
    /// literary in news copy.
    ///
    /// ## Example
    /// ```markdown
    /// “We will rebuild the school,” said she.
    /// ```
    /// Use instead:
    /// ```markdown
    /// “We will rebuild the school,” she said.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: it swaps the two words, keeps their capitalisation at the start of a sentence
    /// (`Said he:` → `He said:`), lower-cases a capital after a quote, comma or dash
    /// (`“We will,” Said she.` → `“We will,” she said.`) and leaves the punctuation
    /// around them untouched.
    pub struct VerbOrder {
        id: "attribution/verb-order",
        summary: "Inverted pronoun attribution",
        severity: Info,
        fix: Always,
        scope: Block,
    }
}

impl Rule for VerbOrder {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        if !is_checked_block(ctx) {
            return;
        }
        let masked = ctx.text();
        // The block's unquoted prose, shared with the other attribution rules.
        let prose = clauses::prose_in(ctx);
        let text: &str = &prose.text;
        for (verb, pronoun) in verb_pronoun_pairs(&prose) {
            if !lowercases_to_one_of(pronoun.as_str(), PRONOUNS) {
                continue;
            }
            let verb_lower = verb.as_str().to_lowercase();
            let pronoun_lower = pronoun.as_str().to_lowercase();
            // Only spaces between the two words.
            if !text[verb.end()..pronoun.start()].chars().all(|c| c == ' ') {
                continue;
            }
            // The pronoun closes the attribution: punctuation or the end follows.
            let after = text[pronoun.end()..].trim_start_matches(' ');
            if !(after.is_empty() || after.starts_with(['.', ',', ';', ':', '!', '?', '—', '–']))
            {
                continue;
            }
            // The verb follows a quote, a comma or a dash, or opens the sentence.
            let before = masked[..verb.start()].trim_end_matches([' ', '*', '_']);
            let capital = verb.as_str().starts_with(char::is_uppercase);
            let after_mark = before.ends_with([',', '”', '"', '’', '\'', '—', '–', ':']);
            let opens = before.is_empty() || before.ends_with(['.', '!', '?']);
            if !(after_mark || (opens && capital)) {
                continue;
            }
            let (first, second) = if capital && opens {
                // Opening the sentence, the pronoun takes the capital.
                (capitalise(&pronoun_lower), verb_lower.clone())
            } else if capital {
                // After a quote, a comma or a dash the attribution goes on with the
                // sentence: `“We will,” Said she.` becomes `“We will,” she said.`
                (pronoun_lower.clone(), verb_lower.clone())
            } else {
                (pronoun.as_str().to_string(), verb.as_str().to_string())
            };
            let replacement = format!("{first} {second}");
            let span = ctx.span(verb.start()..pronoun.end());
            findings.push(
                Finding::new(
                    &Self::META,
                    span,
                    format!(
                        "Inverted attribution `{} {}`: AP puts the pronoun first",
                        verb.as_str(),
                        pronoun.as_str()
                    ),
                )
                .with_fix(Fix::safe(
                    format!("Write `{replacement}`"),
                    Edit::replace(span, replacement),
                )),
            );
        }
    }
}

/// Whether `word`, lower-cased, is one of `list` (lower-case ASCII words), without
/// copying it (this runs for every pair of words in the draft).
/// Each word of `VERBS` in the prose with the word after it. The verbs come from the
/// paragraph's literal scan for verbs (which looks for every word of `VERBS`), so the
/// words between are never walked; without that scan every word is looked at.
fn verb_pronoun_pairs<'t>(
    prose: &'t clauses::BlockProse,
) -> Vec<(clauses::WordMatch<'t>, clauses::WordMatch<'t>)> {
    let text: &str = &prose.text;
    let Some(verbs) = prose.verb_words() else {
        return verb_pronoun_pairs_by_words(text);
    };
    verbs
        .iter()
        .filter(|range| lowercases_to_one_of(&text[(*range).clone()], VERBS))
        .filter_map(|range| {
            let verb = clauses::WordMatch::new(text, range.clone());
            // The next word, as the word walk would find it after the verb.
            let next = WORD.find_iter_from(text, range.end).next()?;
            Some((verb, next))
        })
        .collect()
}

/// [`verb_pronoun_pairs`] by looking at every pair of neighbouring words.
fn verb_pronoun_pairs_by_words(
    text: &str,
) -> Vec<(clauses::WordMatch<'_>, clauses::WordMatch<'_>)> {
    let words: Vec<_> = WORD.find_iter(text).collect();
    words
        .windows(2)
        .filter(|pair| lowercases_to_one_of(pair[0].as_str(), VERBS))
        .map(|pair| (pair[0], pair[1]))
        .collect()
}

fn lowercases_to_one_of(word: &str, list: &[&str]) -> bool {
    list.iter()
        .any(|target| crate::analysis::normalize::lowercases_to(word, target))
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::lint::fix::{fix_text, FixMode};

    /// The verb-pronoun pairs taken from the literal scan's reporting verbs are the
    /// pairs of neighbouring words: on the fixture drafts and on random texts.
    #[test]
    fn pairs_from_the_literal_scan_match_the_word_walk() {
        use crate::analysis::quotes::Quotations;
        use crate::rules::attribution::clauses::BlockProse;
        let check = |text: &str| -> usize {
            let prose = BlockProse::new(text, &Quotations::find(text));
            let walk = super::verb_pronoun_pairs_by_words(&prose.text);
            assert_eq!(super::verb_pronoun_pairs(&prose), walk, "{text:?}");
            walk.len()
        };
        let drafts = crate::test_support::fixture_drafts(&["attribution", "boilerplate", "date"]);
        let found: usize = drafts.iter().flat_map(|d| d.split("\n\n")).map(check).sum();
        assert!(found > 10, "{found}");
        let pieces = [
            "said", "Says", "ASKED", "wrote", "he", "She", "they", " ", " ", ",", ".", "-", "’",
            "'", "x", "é", "“", "”",
        ];
        let texts = crate::test_support::random_texts(&pieces, 3000, 14, 0x2545_f491_4f6c_dd1d);
        let random: usize = texts.iter().map(|t| check(t)).sum();
        assert!(random > 200, "{random}");
    }

    #[test]
    fn word_lists_are_lower_case_ascii() {
        for word in super::VERBS.iter().chain(super::PRONOUNS) {
            assert!(word.bytes().all(|b| b.is_ascii_lowercase()), "{word}");
        }
    }

    fn config() -> Config {
        Config::only("attribution/verb-order")
    }

    fn flagged(source: &str) -> Vec<String> {
        crate::lint::flagged_text(source, "attribution/verb-order")
    }

    fn fixed(source: &str) -> String {
        fix_text(source, &config(), FixMode::Safe).text
    }

    #[test]
    fn flags_pronoun_inversions_and_swaps_them() {
        let source = "“We will rebuild the school,” said she.\n";
        assert_eq!(flagged(source), vec!["said she"]);
        assert_eq!(fixed(source), "“We will rebuild the school,” she said.\n");
        assert_eq!(
            fixed("The plan is dead, says he, and the council knows it.\n"),
            "The plan is dead, he says, and the council knows it.\n"
        );
        assert_eq!(
            fixed("The council met on Monday.\n\nThe vote was close. Said they: “We lost.”\n"),
            "The council met on Monday.\n\nThe vote was close. They said: “We lost.”\n"
        );
        assert_eq!(
            fixed("“It is over,” added he — and walked out.\n"),
            "“It is over,” he added — and walked out.\n"
        );
        let once = fixed(source);
        assert_eq!(fixed(&once), once);
        assert!(flagged(&once).is_empty());
    }

    #[test]
    fn names_clauses_and_quotes_are_silent() {
        for source in [
            "“We heard a bang,” said Jones, a neighbor.\n",
            "The mayor said he would resign in June.\n",
            "She said they were ready, and he said she was right.\n",
            "He was asked what he said. He said he did not remember.\n",
            "The neighbor recalled: “Then, said he, we ran.”\n",
            "“It’s over,” he said.\n",
        ] {
            assert!(
                flagged(source).is_empty(),
                "{source}: {:?}",
                flagged(source)
            );
        }
    }
}
