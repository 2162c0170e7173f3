//! `date/decade-apostrophe`: decades written `1990's`, `‘90s`, `’90's` or `mid 1990s`.

use super::profile::profile;
use super::{format_severity, quoted, sentence_at};
use crate::declare_rule;
use crate::lint::{BlockContext, Edit, Finding, Fix, Rule, RuleMeta};
use crate::re::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it does
    /// Flags the common decade mistakes:
    /// - `1990's` → `1990s` (a plural, not a possessive; only after `the`, `early`, `mid`
    ///   or `late`, so "1990's budget", the possessive of a year, is left alone);
    /// - `‘90s` → `’90s` (an opening quote that autocorrect put where the apostrophe
    ///   belongs) and `’90's` → `’90s`;
    /// - `mid 1990s` → `mid-1990s`;
    /// - under AP, a bare `90s` that is clearly a decade → `’90s`: only after a full decade
    ///   (`the 1980s and 90s`) or as "the (early/mid-/late) 90s" in a sentence that
    ///   also names a year, and never near words about ages or temperatures ("in her 30s",
    ///   "highs in the 90s").
    ///
    /// ## Why is this bad?
    /// The apostrophe marks the omitted century; a plural takes no apostrophe.
    ///
    /// ## Example
    /// ```markdown
    /// Prices rose in the 1990's and again in the ‘00s, as in the mid 1970s.
    /// ```
    /// Use instead:
    /// ```markdown
    /// Prices rose in the 1990s and again in the ’00s, as in the mid-1970s.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: only punctuation changes.
    ///
    /// ## References
    /// AP Stylebook, "decades"; spec §A.2 `date/decade-apostrophe`.
    pub struct DecadeApostrophe {
        id: "date/decade-apostrophe",
        summary: "Decade written with a wrong or missing apostrophe",
        severity: Warning,
        fix: Always,
        scope: Block,
    }
}

static FULL_POSSESSIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"\b(?P<decade>\d{3}0)['’]s\b").expect("valid decade regex")
});
static SHORT_FORMS: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?P<open>[‘'’])(?P<decade>\d0)(?P<apos>['’])?s\b")
        .expect("valid decade regex")
});
static MID_SPACE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"\b(?P<mid>[Mm]id) (?P<decade>\d{3}0s)\b").expect("valid decade regex")
});
static AFTER_FULL: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"\b\d{3}0s,?\s+(?:and|or|to|through|into|until)\s+(?:the\s+)?(?:early\s+|mid-|late\s+)?(?P<decade>\d0s)\b")
        .expect("valid decade regex")
});
static THE_BARE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"\b[Tt]he\s+(?:early\s+|mid-|late\s+)?(?P<decade>\d0s)\b")
        .expect("valid decade regex")
});
static YEAR_CUE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::compile(r"\b(?:1[89]|20)\d\ds?\b").expect("valid year regex"));
static AGE_OR_HEAT: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"(?i)\b(?:degrees?|temperatures?|highs?|lows?|heat|weather|forecast|fahrenheit|celsius|mph|miles|age[ds]?|aged|his|her|their|its|my|our|your|percent|yards|mark|points|score)\b")
        .expect("valid cue regex")
});

impl Rule for DecadeApostrophe {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_block(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        super::check_outside_stamps(ctx, findings, |out| self.check(ctx, out));
    }
}

impl DecadeApostrophe {
    fn check(&self, ctx: &BlockContext<'_>, findings: &mut Vec<Finding>) {
        let Some(severity) = format_severity(ctx, Self::META.default_severity) else {
            return;
        };
        let text = ctx.text();
        if !has_decade_ending(text) {
            return;
        }
        let profile = profile(ctx.config.style);
        let push =
            |range: std::ops::Range<usize>, replacement: String, findings: &mut Vec<Finding>| {
                if quoted(ctx, range.clone()) {
                    return;
                }
                let written = &text[range.clone()];
                findings.push(
                    Finding::new(
                        &Self::META,
                        ctx.span(range.clone()),
                        format!("Decade written as `{written}`"),
                    )
                    .with_severity(severity)
                    .with_fix(Fix::safe(
                        format!("Replace with `{replacement}`"),
                        Edit::replace(ctx.span(range), replacement),
                    )),
                );
            };
        for caps in FULL_POSSESSIVE.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            let before =
                super::scan::previous_word(text, whole.start()).map(|w| w.to_ascii_lowercase());
            let decade_context = before
                .as_deref()
                .is_some_and(|w| matches!(w, "the" | "early" | "mid" | "late"))
                || text[..whole.start()].ends_with("mid-")
                || after_listed_decade(text, whole.start());
            if decade_context {
                push(whole.range(), format!("{}s", &caps["decade"]), findings);
            }
        }
        for caps in SHORT_FORMS.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            let open = &caps["open"];
            let preceded_by_word = text[..whole.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            if preceded_by_word || (open != "‘" && caps.name("apos").is_none()) {
                continue;
            }
            // A straight apostrophe stays straight; only the stray `'s` goes.
            let apostrophe = if open == "'" { "'" } else { "’" };
            push(
                whole.range(),
                format!("{apostrophe}{}s", &caps["decade"]),
                findings,
            );
        }
        for caps in MID_SPACE.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            push(
                whole.range(),
                format!("{}-{}", &caps["mid"], &caps["decade"]),
                findings,
            );
        }
        if !profile.decade_apostrophe {
            return;
        }
        let mut bare: Vec<std::ops::Range<usize>> = Vec::new();
        for caps in AFTER_FULL.captures_iter(text) {
            if let Some(decade) = caps.name("decade") {
                bare.push(decade.range());
            }
        }
        for caps in THE_BARE.captures_iter(text) {
            let Some(decade) = caps.name("decade") else {
                continue;
            };
            let sentence = &text[sentence_at(ctx, decade.start())];
            if YEAR_CUE.is_match(sentence) && !AGE_OR_HEAT.is_match(sentence) {
                bare.push(decade.range());
            }
        }
        bare.sort_by_key(|r| r.start);
        bare.dedup();
        for range in bare {
            let sentence = &text[sentence_at(ctx, range.start)];
            if AGE_OR_HEAT.is_match(sentence) {
                continue;
            }
            let replacement = format!("’{}", &text[range.clone()]);
            push(range, replacement, findings);
        }
    }
}

/// Whether `text` holds `0s`, `0'` or `0’`: every decade form the rule looks at ends a
/// figure in one of them, so most blocks skip its five patterns after three quick scans.
fn has_decade_ending(text: &str) -> bool {
    ["0s", "0'", "0’"]
        .iter()
        .any(|ending| memchr::memmem::find(text.as_bytes(), ending.as_bytes()).is_some())
}

static LISTED_DECADE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::compile(r"\b\d{3}0['’]?s,?\s+(?:and|or|to|through|until|into)\s+$")
        .expect("valid decade regex")
});

/// True after "the 1980s and" (or "1980's to"): the next `1990's` is a decade too.
fn after_listed_decade(text: &str, pos: usize) -> bool {
    let start = super::scan::floor_char_boundary(text, pos.saturating_sub(24));
    LISTED_DECADE.is_match(&text[start..pos])
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::lint::fix::{fix_text, FixMode};

    proptest::proptest! {
        /// The quick scan never skips a block one of the rule's patterns matches.
        #[test]
        fn the_quick_scan_lets_every_decade_through(
            text in "(?:[0-9 ’'‘s,]|the |mid |[Mm]id |early |and |19|0s){0,24}"
        ) {
            let patterns = [
                &*super::FULL_POSSESSIVE,
                &*super::SHORT_FORMS,
                &*super::MID_SPACE,
                &*super::AFTER_FULL,
                &*super::THE_BARE,
            ];
            if patterns.iter().any(|re| re.is_match(&text)) {
                proptest::prop_assert!(super::has_decade_ending(&text), "{text:?}");
            }
        }
    }

    fn fixed(source: &str) -> String {
        let config = Config::only("date/decade-apostrophe");
        fix_text(source, &config, FixMode::Safe).text
    }

    #[test]
    fn fixes_decades() {
        let lead = "Lead paragraph of the story follows here.\n\n";
        assert_eq!(
            fixed(&format!("{lead}In the 1990's and the ‘00s, like the mid 1970s, the 1980s and 90s were wild, as were the 1960's and 1970's.\n")),
            format!("{lead}In the 1990s and the ’00s, like the mid-1970s, the 1980s and ’90s were wild, as were the 1960s and 1970s.\n")
        );
    }

    #[test]
    fn leaves_ages_temperatures_and_possessives() {
        let source = "Lead paragraph of the story follows here.\n\nShe is in her 30s. Highs in the 90s are expected in 2019. In 1990's budget talks, the ’90s were fun, and in the 1990s he was in his 40s.\n";
        assert_eq!(fixed(source), source);
    }
}
