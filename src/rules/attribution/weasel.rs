//! `attribution/weasel`: vague sources such as "critics say", "experts warn", "it is
//! widely believed", "studies show" and "reportedly". Multi-word patterns only: lone
//! words like "many" or "only" are never flagged.

use super::clauses::{self, word_before, WEASELS};
use super::is_checked_block;
use crate::declare_rule;
use crate::lint::{Applicability, BlockContext, Edit, Finding, Fix, Rule, RuleMeta, Span};

declare_rule! {
    /// ## What it does
    /// Flags vague attributions in the writer's voice: `critics say`, `some believe`,
    /// `experts warn`, `it is widely believed`, `studies show`, `according to reports`,
    /// `reportedly`, `there are claims that`. Only multi-word patterns (plus the adverb
    /// `reportedly`) are matched, on word boundaries; quotations are ignored.
    ///
    /// ## Why is this bad?
    /// A vague source gives a claim the look of attribution without telling readers who
    /// stands behind it. AP and Wikipedia's MOS:WEASEL ask for a named or described source.
    ///
    /// ## Example
    /// ```markdown
    /// Critics say the new stadium will never pay for itself.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The Taxpayers League says the new stadium will never pay for itself.
    /// ```
    ///
    /// ## Fix safety
    /// Suggestion only: where the vague source is a subject (`critics`, `some analysts`,
    /// `studies`), the fix replaces it with a `[SOURCE]` placeholder (a snippet tab stop)
    /// that the writer must fill in. Never applied automatically.
    pub struct Weasel {
        id: "attribution/weasel",
        summary: "Vague source",
        severity: Warning,
        fix: Sometimes,
        scope: Block,
    }
}

impl Rule for Weasel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        if !is_checked_block(ctx) {
            return;
        }
        let prose = clauses::prose_in(ctx);
        let text = &prose.text;
        if prose.first_person {
            return;
        }
        let mut seen: Vec<std::ops::Range<usize>> = Vec::new();
        for (_, re) in WEASELS.candidates_from(prose.weasels()) {
            for caps in re.captures_iter(text) {
                let Some(m) = caps.get(0) else { continue };
                if seen.iter().any(|r| r.start < m.end() && m.start() < r.end) {
                    continue;
                }
                let src = caps.name("src");
                // "a study by the Society for Consumer Research found": part of a name.
                let sentence_start = ctx
                    .facts
                    .sentences
                    .iter()
                    .find(|s| s.start <= m.start() && m.start() < s.end)
                    .map_or(0, |s| s.start);
                if m.start() > sentence_start && m.as_str().starts_with(char::is_uppercase) {
                    let head = text[sentence_start..m.start()].trim_end();
                    if head.ends_with(|c: char| c.is_alphanumeric()) {
                        continue;
                    }
                }
                // "The studies show" and "these experts said" name specific sources.
                let before = word_before(text, m.start());
                if src.is_some() && super::tables::SPECIFIC_DETERMINERS.contains(&before.as_str()) {
                    continue;
                }
                if matches!(before.as_str(), "how" | "for" | "of" | "as")
                    || before.starts_with(|c: char| c.is_ascii_digit())
                    || super::tables::NUMBER_WORDS.contains(&before.as_str())
                {
                    continue;
                }
                // "It is known as": an idiom; "reports from The Wrap": named.
                let after = clauses::word_after(text, m.end());
                let lower = m.as_str().to_lowercase();
                if after == "as"
                    || (lower.ends_with("reports") && matches!(after.as_str(), "from" | "by"))
                    // "wanted some say in the decision": the noun.
                    || (lower.ends_with(" say") && matches!(after.as_str(), "in" | "over" | "on"))
                {
                    continue;
                }
                // "it is alleged" in court copy is the legal form, not a vague source.
                if lower.ends_with("alleged") && clauses::is_court_record(text) {
                    continue;
                }
                // Numbered references ("(10, 11)", "[4]") or a hyperlink in the sentence
                // ("[studies show](https://…)") cite the studies.
                if sentence_cites(ctx, text, m.range()) || sentence_links(ctx, m.range()) {
                    continue;
                }
                // "officers reportedly found …, the sheriff said": attributed already.
                if m.as_str().eq_ignore_ascii_case("reportedly")
                    && sentence_has_other_cue(ctx, text, m.range())
                {
                    continue;
                }
                // "Opinion polls suggested …, he said.": a named speaker's reported
                // speech, not the writer's vague source.
                if reported_by_named_speaker(ctx, text, m.range()) {
                    continue;
                }
                seen.push(m.range());
                let phrase = m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
                let mut finding = Finding::new(
                    &Self::META,
                    ctx.span(m.range()),
                    format!("Vague source `{phrase}`"),
                );
                if let Some(src) = src {
                    let mut fix = Fix::new(
                        format!("Replace `{}` with a named source", src.as_str()),
                        Applicability::Suggestion,
                        Edit::replace(
                            Span::new(ctx.abs(src.start()), ctx.abs(src.end())),
                            "[SOURCE]",
                        ),
                    );
                    fix.snippet_placeholder = Some("[SOURCE]".into());
                    finding = finding.with_fix(fix);
                }
                findings.push(finding);
            }
        }
    }
}

/// The sentence around `range` holds a hyperlink in the block's Markdown source.
fn sentence_links(ctx: &BlockContext<'_>, range: std::ops::Range<usize>) -> bool {
    let raw = ctx
        .source
        .get(ctx.block.span.start..ctx.block.span.end)
        .unwrap_or_default();
    if raw.len() != ctx.text().len() {
        return false;
    }
    ctx.facts
        .sentences
        .iter()
        .find(|s| s.start <= range.start && range.end <= s.end)
        .is_some_and(|s| !clauses::link_positions(raw, s.clone()).is_empty())
}

/// The sentence around `range` ends with numbered references: `(10, 11)` or `[4]`.
fn sentence_cites(ctx: &BlockContext<'_>, text: &str, range: std::ops::Range<usize>) -> bool {
    static CITATION: std::sync::LazyLock<crate::re::Regex> = std::sync::LazyLock::new(|| {
        crate::re::compile(r"[(\[]\d+(?:[,–-]\s*\d+)*[)\]]").expect("valid regex")
    });
    ctx.facts
        .sentences
        .iter()
        .find(|s| s.start <= range.start && range.end <= s.end)
        .is_some_and(|s| CITATION.is_match(&text[s.clone()]))
}

/// After `range`, the sentence closes with a trailing attribution to a pronoun or a named
/// speaker (`…, he said.`, `…, Lord Holme added.`).
fn reported_by_named_speaker(
    ctx: &BlockContext<'_>,
    text: &str,
    range: std::ops::Range<usize>,
) -> bool {
    static TRAILING: std::sync::LazyLock<crate::re::Regex> = std::sync::LazyLock::new(|| {
        crate::re::compile(
            r"[,—–]\s*(?:he|she|they|(?:Mr|Mrs|Ms|Dr|Lord|Lady|Sir)\.?\s+\p{Lu}[\p{L}’'-]+|\p{Lu}[\p{L}’'-]+(?:\s+\p{Lu}[\p{L}’'-]+){0,2})\s+(?:said|says|added|adds|told|tells|wrote|writes|argued|argues|noted|explained|explains|continued)\b[^.]{0,60}[.!?]?\s*$",
        )
        .expect("valid regex")
    });
    ctx.facts
        .sentences
        .iter()
        .find(|s| s.start <= range.start && range.end <= s.end)
        .is_some_and(|s| TRAILING.is_match(&text[range.end..s.end]))
}

/// The sentence around `range` has an attribution cue besides the match itself.
fn sentence_has_other_cue(
    ctx: &BlockContext<'_>,
    text: &str,
    range: std::ops::Range<usize>,
) -> bool {
    let Some(sentence) = ctx
        .facts
        .sentences
        .iter()
        .find(|s| s.start <= range.start && range.end <= s.end)
    else {
        return false;
    };
    clauses::find_cues(text, sentence.clone(), ctx.config)
        .into_iter()
        .any(|pos| pos != range.start)
}

#[cfg(test)]
mod tests {

    fn flagged(source: &str) -> Vec<String> {
        crate::lint::flagged_text(source, "attribution/weasel")
    }

    #[test]
    fn flags_vague_sources() {
        assert_eq!(
            flagged("Critics say the stadium will never pay for itself.\n"),
            vec!["Critics say"]
        );
        assert_eq!(
            flagged("It is widely believed that the mayor will resign.\n"),
            vec!["It is widely believed"]
        );
        assert_eq!(
            flagged("Studies show that the drug works.\n"),
            vec!["Studies show"]
        );
        assert_eq!(
            flagged("The singer has reportedly left the band.\n"),
            vec!["reportedly"]
        );
        assert_eq!(
            flagged("Some analysts believe the merger will fail.\n"),
            vec!["Some analysts believe"]
        );
    }

    #[test]
    fn trailing_vague_source_is_still_flagged() {
        assert_eq!(
            flagged("The rally will not last, market experts say.\n"),
            vec!["experts say"]
        );
        assert_eq!(
            flagged("Critics say the levy is too low, and the mayor agrees.\n"),
            vec!["Critics say"]
        );
    }

    #[test]
    fn specific_sources_lone_words_and_quotes_are_silent() {
        for source in [
            "The studies show a clear decline, the authors said.\n",
            "Many residents came to the meeting, and only three spoke.\n",
            "How many believe it is another matter, she said.\n",
            "He said: “Critics say a lot of things.”\n",
            "The bridge is known as the Iron Span. It is known as a landmark.\n",
            "Experts at the state university said the plan would work.\n",
            "Deputies reportedly found drugs in the car, the sheriff said.\n",
            "He will direct it, according to reports from two trade papers.\n",
            "One review of 14 studies found a small effect, the authors said.\n",
            "I think many believe the myth, but we know better.\n",
            "Her friends wanted some say in the funeral plans.\n",
            "A study by the Society for Consumer Research found the opposite.\n",
            "Other studies indicate that water helps (10, 11).\n",
            "The jury heard that on the same day it is alleged he stole the car.\n",
            "Opinion polls suggested the idea had wide backing, he said.\n",
            "Water cuts cravings, and [studies show](https://example.org/fiber) the effect lasts.\n",
            "Some research suggests that fiber helps, as a <a href=\"https://example.org\">2021 review</a> found.\n",
            "Critics say the levy is too low, Councilwoman Ana Ruiz added on Tuesday.\n",
        ] {
            assert!(
                flagged(source).is_empty(),
                "{source}: {:?}",
                flagged(source)
            );
        }
    }
}
