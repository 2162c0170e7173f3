//! `attribution/editorializing`: an evaluative sentence adverb ("Not surprisingly,",
//! "Ironically,") opening a sentence in the writer's voice.

use super::is_checked_block;
use super::tables::EDITORIALIZING;
use crate::declare_rule;
use crate::lint::{BlockContext, Edit, Finding, Fix, Rule, RuleMeta, Span};

declare_rule! {
    /// ## What it does
    /// Flags an evaluative adverb that opens a sentence in the writer's voice and is
    /// followed by a comma: `Not surprisingly,`, `Ironically,`, `Clearly,`, `Of course,`,
    /// `Sadly,`, `Fortunately,`, `Needless to say,` and similar. Sentences inside
    /// quotations are ignored.
    ///
    /// ## Why is this bad?
    /// The adverb tells readers what to think of the fact that follows. In news copy that
    /// judgment belongs to a source, not to the reporter.
    ///
    /// ## Example
    /// ```markdown
    /// Not surprisingly, the council rejected the plan.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The council rejected the plan.
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix deletes the adverb and capitalizes the next word. Dropping words
    /// is an editorial decision (the adverb may carry a contrast the sentence needs), so
    /// it is applied only with unsafe fixes enabled.
    pub struct Editorializing {
        id: "attribution/editorializing",
        summary: "Editorializing sentence adverb",
        severity: Info,
        fix: Sometimes,
        scope: Block,
    }
}

impl Rule for Editorializing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        if !is_checked_block(ctx) {
            return;
        }
        let text = ctx.text();
        for sentence in &ctx.facts.sentences {
            let s = &text[sentence.clone()];
            let lead = s.len() - s.trim_start_matches(['*', '_', ' ']).len();
            let start = sentence.start + lead;
            if ctx.facts.in_quote(start..start + 1) {
                continue;
            }
            let rest = &text[start..sentence.end];
            let Some(adverb) = EDITORIALIZING.iter().find(|a| {
                rest.get(..a.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(a))
                    && rest[a.len()..].starts_with(',')
            }) else {
                continue;
            };
            let adverb_end = start + adverb.len();
            let phrase = &text[start..adverb_end];
            let mut finding = Finding::new(
                &Self::META,
                ctx.span(start..adverb_end + 1),
                format!("Editorializing `{phrase}` in the writer's voice"),
            );
            // Delete "Adverb, " and capitalize the next word.
            let after = &text[adverb_end + 1..sentence.end];
            let gap = after.len() - after.trim_start().len();
            let next_start = adverb_end + 1 + gap;
            if let Some(next) = text[next_start..].chars().next() {
                if next.is_alphabetic() {
                    let upper: String = next.to_uppercase().collect();
                    finding = finding.with_fix(Fix::unsafe_edit(
                        format!("Delete `{phrase},` and capitalize"),
                        Edit::replace(
                            Span::new(ctx.abs(start), ctx.abs(next_start + next.len_utf8())),
                            upper,
                        ),
                    ));
                }
            }
            findings.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::lint::fix::{fix_text, FixMode};
    use crate::lint::lint;

    fn config() -> Config {
        Config::only("attribution/editorializing")
    }

    #[test]
    fn flags_and_fixes_sentence_adverb() {
        let source = "China objected. Not surprisingly, it has long opposed the limits.\n";
        let findings = lint(source, &config()).findings;
        assert_eq!(findings.len(), 1);
        assert_eq!(
            &source[findings[0].span.start..findings[0].span.end],
            "Not surprisingly,"
        );
        let fixed = fix_text(source, &config(), FixMode::Unsafe).text;
        assert_eq!(fixed, "China objected. It has long opposed the limits.\n");
        assert_eq!(fix_text(source, &config(), FixMode::Safe).text, source);
    }

    #[test]
    fn quotes_and_mid_sentence_uses_are_silent() {
        for source in [
            "“Sadly, we lost,” the coach said.\n",
            "The plan clearly failed, the mayor said.\n",
            "Of course the council met on Monday.\n",
        ] {
            assert!(lint(source, &config()).findings.is_empty(), "{source}");
        }
    }
}
