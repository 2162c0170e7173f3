//! `attribution/anonymous-source`: unnamed sources ("sources said", "a source", "people
//! familiar with the matter", "a senior official"). Bare ones are warnings, described
//! ones info.

use super::clauses::{self, word_before, ANONYMOUS};
use super::is_checked_block;
use super::tables::BARE_SOURCE_PREFIXES;
use crate::declare_rule;
use crate::lint::{BlockContext, Finding, Rule, RuleMeta, Severity};

declare_rule! {
    /// ## What it does
    /// Flags anonymous sourcing in the writer's voice. A bare source (`a source said`,
    /// `sources say`, `according to sources`) is a warning; a described one (`people
    /// familiar with the matter`, `a source close to the talks`, `a senior official who
    /// spoke on condition of anonymity`, `police sources said`) is info. Quotations are
    /// ignored; `a source of income` is not a source.
    ///
    /// ## Why is this bad?
    /// AP allows anonymous sources only when the material is essential, the source is
    /// reliable and as specific a description as possible is given, ideally with the
    /// reason for anonymity. A bare "a source" is almost always refused by the desk.
    ///
    /// ## Example
    /// ```markdown
    /// The company will cut 300 jobs, sources said.
    /// ```
    /// Use instead:
    /// ```markdown
    /// The company will cut 300 jobs, according to two managers who were briefed on the
    /// plan and spoke on condition of anonymity because it has not been announced.
    /// ```
    pub struct AnonymousSource {
        id: "attribution/anonymous-source",
        summary: "Anonymous source",
        severity: Info,
        fix: None,
        scope: Block,
    }
}

impl Rule for AnonymousSource {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        if !is_checked_block(ctx) {
            return;
        }
        let prose = clauses::prose_in(ctx);
        let text = &prose.text;
        let mut seen: Vec<std::ops::Range<usize>> = Vec::new();
        for (idx, re) in ANONYMOUS.candidates_from(prose.anonymous()) {
            let bare = &super::tables::ANONYMOUS[idx].1;
            for m in re.find_iter(text) {
                if seen.iter().any(|r| r.start < m.end() && m.start() < r.end) {
                    continue;
                }
                seen.push(m.range());
                let phrase = m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
                // "Police sources said" describes the source; "sources said" does not.
                // "said a source close to the probe" describes the source.
                let described_after = matches!(
                    clauses::word_after(text, m.end()).as_str(),
                    "close"
                        | "familiar"
                        | "in"
                        | "at"
                        | "with"
                        | "who"
                        | "inside"
                        | "within"
                        | "briefed"
                        | "involved"
                        | "knowledgeable"
                        | "near"
                );
                let bare = *bare
                    && !described_after
                    && (!(phrase.to_lowercase().starts_with("sources")
                        || phrase.to_lowercase().starts_with("insiders"))
                        || BARE_SOURCE_PREFIXES.contains(&word_before(text, m.start()).as_str()));
                let (severity, message) = if bare {
                    (
                        Severity::Warning,
                        format!("Bare anonymous source `{phrase}`: say who, or why they cannot be named"),
                    )
                } else {
                    (
                        Severity::Info,
                        format!("Anonymous source `{phrase}`: is anonymity essential here?"),
                    )
                };
                findings.push(
                    Finding::new(&Self::META, ctx.span(m.range()), message).with_severity(severity),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::lint::{lint, Severity};

    fn flagged(source: &str) -> Vec<(String, Severity)> {
        let config = Config::only("attribution/anonymous-source");
        lint(source, &config)
            .findings
            .iter()
            .map(|f| (source[f.span.start..f.span.end].to_string(), f.severity))
            .collect()
    }

    #[test]
    fn bare_and_described_sources() {
        assert_eq!(
            flagged("The company will cut 300 jobs, sources said.\n"),
            vec![("sources said".to_string(), Severity::Warning)]
        );
        assert_eq!(
            flagged("A source told the paper the deal was off.\n"),
            vec![("A source told".to_string(), Severity::Warning)]
        );
        assert_eq!(
            flagged("The talks stalled, according to people familiar with the matter.\n"),
            vec![("people familiar with".to_string(), Severity::Info)]
        );
        assert_eq!(
            flagged("The crew waited too long, said a source close to the probe.\n"),
            vec![("said a source".to_string(), Severity::Info)]
        );
        assert_eq!(
            flagged("Police sources said the driver fled.\n"),
            vec![("sources said".to_string(), Severity::Info)]
        );
        assert_eq!(
            flagged("A senior State Department official said the visit was canceled.\n"),
            vec![(
                "A senior State Department official said".to_string(),
                Severity::Info
            )]
        );
    }

    #[test]
    fn not_sources() {
        for source in [
            "Tourism is a source of income for the town.\n",
            "The mayor said the budget would pass.\n",
            "He said: “A source told me everything.”\n",
            "Renewable sources now supply a third of the grid, the utility said.\n",
        ] {
            assert!(
                flagged(source).is_empty(),
                "{source}: {:?}",
                flagged(source)
            );
        }
    }
}
