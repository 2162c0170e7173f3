//! `attribution/loaded-verb`: `claimed`, `admitted`, `insisted`, `conceded` used as
//! attribution verbs where neutral `said` would do.

use super::clauses::{self, is_passive, word_after, word_before, WORD};
use super::is_checked_block;
use super::tables::LOADED_VERBS;
use crate::declare_rule;
use crate::lint::{BlockContext, Edit, Finding, Fix, Rule, RuleMeta};

const SUBJECT_STARTS: &[&str] = &[
    "that", "he", "she", "it", "they", "we", "i", "you", "there", "this", "these", "those", "the",
];

/// Words before `claims`/`admitted` that make it a noun or a non-speech use.
const NOUN_DETERMINERS: &[&str] = &[
    "the",
    "a",
    "an",
    "these",
    "those",
    "his",
    "her",
    "its",
    "their",
    "such",
    "any",
    "new",
    "false",
    "similar",
    "of",
    "our",
    "my",
    "your",
    "no",
    "insurance",
    "to",
    "and",
    "or",
    "unsubstantiated",
    "unfounded",
    "baseless",
    "several",
    "many",
    "two",
    "three",
    "fresh",
    "further",
    "recent",
    "earlier",
    "on",
    "about",
    "with",
    "against",
    "despite",
    "amid",
    "over",
    "denied",
    "rejected",
    "dismissed",
    "disputed",
    "made",
    "making",
    "investigate",
    "investigating",
    "following",
    "after",
    "by",
    "in",
    "for",
    "at",
];

declare_rule! {
    /// ## What it does
    /// Flags `claims`/`claimed`, `admits`/`admitted`, `concedes`/`conceded` and
    /// `insists`/`insisted` when they introduce what someone said: followed by `that`, by
    /// a new clause (`Russia claims it is the U.S. that …`), or closing a sentence
    /// (`…, he insisted.`). Nouns (`the claims that`), passives (`was admitted to
    /// hospital`) and `claimed responsibility` are not flagged, nor anything in quotes.
    ///
    /// ## Why is this bad?
    /// `claimed` hints that the speaker is wrong; `admitted` and `conceded` imply a
    /// confession. AP prefers the neutral `said`/`says` unless the loaded sense is meant.
    ///
    /// ## Example
    /// ```markdown
    /// Russia claims it is the U.S. that is violating the agreement.
    /// ```
    /// Use instead:
    /// ```markdown
    /// Russia says it is the U.S. that is violating the agreement.
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: replacing the verb with `said`/`says` keeps the tense but changes the
    /// nuance, which may be intended (a real admission). Applied only with unsafe fixes.
    pub struct LoadedVerb {
        id: "attribution/loaded-verb",
        summary: "Loaded attribution verb",
        severity: Info,
        fix: Always,
        scope: Block,
    }
}

impl Rule for LoadedVerb {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        if !is_checked_block(ctx) {
            return;
        }
        // The block's unquoted prose, shared with the other attribution rules.
        let prose = clauses::prose_in(ctx);
        let text: &str = &prose.text;
        // The verbs where the paragraph's literal scan found them (the same whole words
        // as looking up every word, which ran for every word of the draft).
        let verbs = prose
            .loaded_verbs()
            .unwrap_or_else(|| loaded_verbs_by_words(text));
        for (range, idx) in verbs {
            let word = &text[range.clone()];
            let neutral = LOADED_VERBS[idx].1;
            let lower = word.to_lowercase();
            if !is_cue(text, range.clone(), &lower) {
                continue;
            }
            let replacement = if word.starts_with(char::is_uppercase) {
                let mut chars = neutral.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
                    .unwrap_or_default()
            } else {
                neutral.to_string()
            };
            findings.push(
                Finding::new(
                    &Self::META,
                    ctx.span(range.clone()),
                    format!("Loaded attribution verb `{word}`"),
                )
                .with_fix(Fix::unsafe_edit(
                    format!("Replace with `{replacement}`"),
                    Edit::replace(ctx.span(range), replacement),
                )),
            );
        }
    }
}

/// The loaded verbs among the words of `text`, each looked up: (range, index in
/// `LOADED_VERBS`), in order (when the block's literal scan could not be made).
fn loaded_verbs_by_words(text: &str) -> Vec<(std::ops::Range<usize>, usize)> {
    let mut found = Vec::new();
    for m in WORD.find_iter(text) {
        let word = m.as_str();
        // Looked up without copying the word. An ASCII word whose length and first
        // letter fit no verb is passed over at once (a non-ASCII word may lower-case to
        // another length: always compared).
        let may_be_verb = !word.is_ascii()
            || LOADED_VERBS.iter().any(|(v, _)| {
                v.len() == word.len() && v.as_bytes()[0] == word.as_bytes()[0] | 0x20
            });
        if !may_be_verb {
            continue;
        }
        if let Some(idx) = LOADED_VERBS
            .iter()
            .position(|(v, _)| crate::analysis::normalize::lowercases_to(word, v))
        {
            found.push((m.range(), idx));
        }
    }
    found
}

/// The verb at `range` introduces speech rather than naming a thing or a deed.
fn is_cue(text: &str, range: std::ops::Range<usize>, lower: &str) -> bool {
    let before = word_before(text, range.start);
    if NOUN_DETERMINERS.contains(&before.as_str())
        || before.ends_with("’s")
        || before.ends_with("'s")
        || is_passive(text, range.start)
    {
        return false;
    }
    let after = word_after(text, range.end);
    let base_form = matches!(lower, "claim" | "insist");
    if base_form {
        return after == "that";
    }
    if SUBJECT_STARTS.contains(&after.as_str()) {
        // "claimed the lives of", "admitted the charge": an object, not a clause.
        return after != "the" || !matches!(lower, "claimed" | "claims" | "admitted" | "admits");
    }
    if after.is_empty() {
        // Trailing position: "…, he insisted." / "…, she claimed, …".
        let next = text[range.end..].trim_start().chars().next();
        return matches!(next, Some('.') | Some(',') | None) && before != "and";
    }
    // "Jones claimed Monday that …"
    const WEEKDAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    if !WEEKDAYS.contains(&after.as_str()) {
        return false;
    }
    let gap = text[range.end..].len() - text[range.end..].trim_start().len();
    word_after(text, range.end + gap + after.len()) == "that"
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::lint::fix::{fix_text, FixMode};

    /// The loaded verbs found where the paragraph's literal scan saw them are the words
    /// looking up every word finds: on the fixture drafts and on random texts of verbs
    /// glued to letters, apostrophes and hyphens.
    #[test]
    fn loaded_verbs_from_literal_places_match_the_word_walk() {
        use crate::analysis::quotes::Quotations;
        use crate::rules::attribution::clauses::BlockProse;
        let check = |text: &str| -> usize {
            let prose = BlockProse::new(text, &Quotations::find(text));
            let walk = super::loaded_verbs_by_words(&prose.text);
            assert_eq!(prose.loaded_verbs(), Some(walk.clone()), "{text:?}");
            walk.len()
        };
        let drafts = crate::test_support::fixture_drafts(&["attribution", "boilerplate"]);
        let found: usize = drafts.iter().flat_map(|d| d.split("\n\n")).map(check).sum();
        assert!(found > 10, "{found}");
        let pieces = [
            "claimed", "Claims", "ADMITTED", "insist", "conceded", "claim", "the", " ", " ", "-",
            "’", "'", "s", "x", "é", "9", ",", ".", "“", "”",
        ];
        let texts = crate::test_support::random_texts(&pieces, 3000, 14, 0x9e37_79b9_7f4a_7c15);
        let random: usize = texts.iter().map(|t| check(t)).sum();
        assert!(random > 1000, "{random}");
    }

    #[test]
    fn loaded_verbs_are_lower_case_ascii() {
        for (verb, _) in super::LOADED_VERBS {
            assert!(verb.bytes().all(|b| b.is_ascii_lowercase()), "{verb}");
        }
    }

    fn config() -> Config {
        Config::only("attribution/loaded-verb")
    }

    fn flagged(source: &str) -> Vec<String> {
        crate::lint::flagged_text(source, "attribution/loaded-verb")
    }

    #[test]
    fn flags_loaded_cues_and_fixes_them() {
        let source = "Russia claims it is the U.S. that is violating the agreement.\n";
        assert_eq!(flagged(source), vec!["claims"]);
        assert_eq!(
            fix_text(source, &config(), FixMode::Unsafe).text,
            "Russia says it is the U.S. that is violating the agreement.\n"
        );
        assert_eq!(
            flagged("The plan will work, the mayor insisted.\n"),
            vec!["insisted"]
        );
        assert_eq!(
            flagged("She admitted that the count was wrong.\n"),
            vec!["admitted"]
        );
    }

    #[test]
    fn nouns_passives_and_objects_are_silent() {
        for source in [
            "He rejected the claims that he lied.\n",
            "She was admitted to hospital on Monday.\n",
            "The storm claimed the lives of three people.\n",
            "The group claimed responsibility for the attack.\n",
            "The mayor denied the union’s claims, saying they were false.\n",
            "An official cast doubt on claims that the ship sank.\n",
            "Zhang claimed his own reward in April.\n",
            "He said: “They claimed it was fine.”\n",
        ] {
            assert!(
                flagged(source).is_empty(),
                "{source}: {:?}",
                flagged(source)
            );
        }
    }
}
