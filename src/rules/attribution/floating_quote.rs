//! `attribution/floating-quote`: a paragraph of direct quotation with no speaker, in the
//! paragraph or carried over from the one before it.

use super::clauses::{self, find_cues, WORD};
use super::{boilerplate_regions_in, checked_in};
use crate::analysis::BlockFacts;
use crate::config::Config;
use crate::declare_rule;
use crate::document::{Block, Zone};
use crate::lint::{
    Applicability, BlockContext, DocumentContext, Edit, Finding, Fix, Rule, RuleMeta, Span,
};
use std::sync::Arc;

declare_rule! {
    /// ## What it does
    /// Flags a body paragraph that consists of a direct quotation with no attribution in
    /// it (`he said`, `according to`) and no speaker carried over: the previous paragraph
    /// neither ends by naming a speaker (`…, Jones said.`, `She added:`) nor opens an AP
    /// multi-paragraph quote that this paragraph continues.
    ///
    /// ## Why is this bad?
    /// Readers cannot tell who is speaking. AP attributes every quote, and a quote
    /// paragraph that starts a new thought needs its speaker even when it is obvious to
    /// the writer.
    ///
    /// ## Example
    /// ```markdown
    /// The council approved the budget on Tuesday.
    ///
    /// “This is the best we could do with the money we have.”
    /// ```
    /// Use instead:
    /// ```markdown
    /// “This is the best we could do with the money we have,” Mayor Ana Ruiz said.
    /// ```
    ///
    /// ## Fix safety
    /// Suggestion only: the fix ends the first quoted sentence with `,” [SPEAKER] said.`,
    /// with `[SPEAKER]` as a snippet tab stop for the writer to fill in. Never applied
    /// automatically.
    pub struct FloatingQuote {
        id: "attribution/floating-quote",
        summary: "Quotation without a speaker",
        severity: Warning,
        fix: Sometimes,
        scope: Document,
    }
}

impl Rule for FloatingQuote {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn prepare_block(&self, ctx: &BlockContext<'_>) {
        // Blocks that open with a quotation are always asked; the paragraph before one
        // is asked (and memoised) on demand.
        if ctx.block.zone == Zone::Body && ctx.facts.quotes.opens_block {
            ctx.memo(|| compute_quote_facts(ctx.block, ctx.facts, ctx.config));
        }
    }

    fn check_document(&self, ctx: &DocumentContext<'_>, findings: &mut Vec<Finding>) {
        let regions = boilerplate_regions_in(ctx);
        let checked = checked_in(ctx);
        let blocks = &ctx.document.blocks;
        // The blocks that open with a quotation whose speaker the paragraph does not
        // name, kept between analyses and updated from the blocks an edit changed (a
        // keystroke reads neither every block's facts nor every quotation's).
        let opening: Vec<usize> = ctx.states.with(|column: &mut OpeningColumn| {
            column.follow(ctx);
            column.0.marked().collect()
        });
        for i in opening {
            let (block, facts) = (&blocks[i], &ctx.facts[i]);
            if regions[i] || !checked[i] {
                continue;
            }
            if speaker_carried_over(ctx, i) || speaker_named_after(blocks, ctx.facts, i, ctx.config)
            {
                continue;
            }
            let text = block.masked.trim_end();
            let span = Span::new(
                block.span.start + (text.len() - text.trim_start().len()),
                block.span.start + text.len(),
            );
            let mut finding = Finding::new(
                &Self::META,
                span,
                "Quotation with no speaker in this paragraph or the one before it",
            );
            if let Some(fix) = speaker_fix(block, facts) {
                finding = finding.with_fix(fix);
            }
            findings.push(finding);
        }
    }
}

/// Whether each block opens with a quotation and names no speaker itself (a function
/// of the block alone: its [`QuoteFacts`]).
#[derive(Default)]
struct OpeningColumn(crate::lint::BlockColumn<bool>);

impl OpeningColumn {
    /// Brings the column to `ctx`'s blocks.
    fn follow(&mut self, ctx: &DocumentContext<'_>) {
        self.0.follow(ctx.keys, |i| {
            ctx.facts[i].quotes.opens_block && !quote_facts(ctx, i).has_speaker
        });
    }
}

/// Attribution outside the quotes of this paragraph, or more than a stray word of
/// narrative (then it is not a quote paragraph).
/// `narrated`: the unquoted text has a cue or three words of narrative.
fn has_speaker(block: &Block, facts: &BlockFacts, config: &Config, narrated: bool) -> bool {
    if narrated {
        return true;
    }
    // Slogans, short sayings and one-line questions ("“Meth. We’re on it.”") are not speech to attribute.
    let words = WORD.find_iter(&block.masked).count();
    if words < 8
        || (facts.sentences.len() == 1
            && block
                .masked
                .trim_end()
                .trim_end_matches(['”', '"'])
                .ends_with('?'))
    {
        return true;
    }
    speaker_after_closing_mark(&block.masked, config)
}

/// `…,” he said` or `…,’’ Jones told the BBC` where the quote marks do not pair up (a
/// curly opening with a straight or doubled-apostrophe closing): a reporting verb within a
/// few words after a comma and a closing mark.
fn speaker_after_closing_mark(text: &str, config: &crate::config::Config) -> bool {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    chars.windows(2).any(|w| {
        let (_, a) = w[0];
        let (pos, b) = w[1];
        if !(matches!(a, ',' | '?' | '!') && matches!(b, '”' | '"' | '’' | '\'')) {
            return false;
        }
        let rest = &text[pos + b.len_utf8()..];
        let rest = rest.trim_start_matches(['”', '"', '’', '\'']);
        WORD.find_iter(rest)
            .take(16)
            .any(|m| clauses::is_reporting_verb(&m.as_str().to_lowercase(), config))
    })
}

/// What this rule asks of one block, memoised with the block (see
/// [`crate::lint::BlockMemo`]) so an edit elsewhere does not re-run the cue search.
struct QuoteFacts {
    /// [`has_speaker`] (asked only of blocks that open with a quotation).
    has_speaker: bool,
    /// An attribution cue anywhere outside the quotes.
    cue: bool,
    /// At least three words of narrative outside the quotes.
    narrative: bool,
    /// A cue in the last sentence.
    cue_in_last_sentence: bool,
}

impl crate::lint::MemoValue for QuoteFacts {
    /// Four flags: each of the sixteen combinations is shared.
    fn share_key(&self) -> Option<u8> {
        let QuoteFacts {
            has_speaker,
            cue,
            narrative,
            cue_in_last_sentence,
        } = *self;
        crate::lint::flags_key(&[has_speaker, cue, narrative, cue_in_last_sentence])
    }
}

fn quote_facts<'a>(
    ctx: &'a DocumentContext<'_>,
    index: usize,
) -> crate::lint::MemoRef<'a, QuoteFacts> {
    let (block, facts) = (&ctx.document.blocks[index], &ctx.facts[index]);
    ctx.memo(index, || compute_quote_facts(block, facts, ctx.config))
}

fn compute_quote_facts(block: &Block, facts: &BlockFacts, config: &Config) -> QuoteFacts {
    let text = clauses::unquoted(&block.masked, &facts.quotes);
    let cue = !find_cues(&text, 0..text.len(), config).is_empty();
    let narrative = WORD.find_iter(&text).count() >= 3;
    QuoteFacts {
        has_speaker: facts.quotes.opens_block
            && has_speaker(block, facts, config, cue || narrative),
        cue,
        narrative,
        cue_in_last_sentence: facts
            .sentences
            .last()
            .is_some_and(|last| !find_cues(&text, last.clone(), config).is_empty()),
    }
}

fn speaker_carried_over(ctx: &DocumentContext<'_>, index: usize) -> bool {
    let (blocks, facts) = (&ctx.document.blocks, ctx.facts);
    let mut j = index;
    let mut skipped = 0;
    while j > 0 {
        j -= 1;
        let (prev, prev_facts) = (&blocks[j], &facts[j]);
        // An embed's credit line or a label between the quote and its speaker ("— City
        // Hall (@cityhall) May 2, 2025", "Club statement").
        if is_fragment(prev) && skipped < 3 && !matches!(prev.zone, Zone::Headline) {
            skipped += 1;
            continue;
        }
        if prev.zone != Zone::Body {
            return false;
        }
        let info = quote_facts(ctx, j);
        if prev_facts.quotes.unclosed_at_end {
            // This paragraph continues a multi-paragraph quote: the speaker is wherever
            // the quote began, named with a cue or introduced in narrative before it.
            if info.cue || info.narrative {
                return true;
            }
            if prev_facts.quotes.opens_block {
                continue;
            }
            return false;
        }
        if prev.masked.trim_end().ends_with(':') {
            return true;
        }
        // A quote paragraph with its speaker, followed by more quotation: the same voice
        // (also when stray quote marks hide that the quote runs on).
        let prev_quotes = !prev_facts.quotes.spans.is_empty() || prev.masked.contains(['"', '“']);
        if prev_quotes && info.cue {
            return true;
        }
        return info.cue_in_last_sentence;
    }
    false
}

/// A short line without sentence punctuation: a label, a credit or a signature.
fn is_fragment(block: &Block) -> bool {
    let text = block.masked.trim();
    !text.ends_with(['.', '!', '?', '…', ':', '”', '"', '’', '\'', ',', ';'])
        && WORD.find_iter(text).count() <= 12
}

/// The speaker follows the quote: a signature line under it (`— Maria, Ohio`, a
/// testimonial or an embed credit) or a next paragraph that opens by attributing it
/// (`A stranger once said this to me.`).
fn speaker_named_after(
    blocks: &[Block],
    facts: &[Arc<BlockFacts>],
    index: usize,
    config: &crate::config::Config,
) -> bool {
    let Some(next) = blocks.get(index + 1) else {
        return false;
    };
    let text = next.masked.trim_start();
    if text.starts_with(['—', '–', '-', '~']) && WORD.find_iter(text).count() <= 12 {
        return true;
    }
    let next_facts = &facts[index + 1];
    let Some(first) = next_facts.sentences.first() else {
        return false;
    };
    let unquoted = clauses::unquoted(&next.masked, &next_facts.quotes);
    let refers_back = WORD.find_iter(&unquoted[first.clone()]).any(|w| {
        matches!(
            w.as_str().to_lowercase().as_str(),
            "this" | "that" | "these" | "those" | "so"
        )
    });
    refers_back && !find_cues(&unquoted, first.clone(), config).is_empty()
}

/// `“A.” …` → `“A,” [SPEAKER] said. …`; `“A. B.` (quote still open) → `“A,” [SPEAKER]
/// said. “B.`; `“A?”` → `“A?” [SPEAKER] said.`
fn speaker_fix(block: &Block, facts: &BlockFacts) -> Option<Fix> {
    let text = &block.masked;
    let first = facts.sentences.first()?.clone();
    let sentence = &text[first.clone()];
    let base = block.span.start;
    let closing = sentence.chars().next_back()?;
    let mut edits = Vec::new();
    if matches!(closing, '”' | '"') {
        let inner_end = first.end - closing.len_utf8();
        let mark = text[..inner_end].chars().next_back()?;
        match mark {
            '.' => {
                edits.push(Edit::replace(
                    Span::new(base + inner_end - 1, base + inner_end),
                    ",",
                ));
                edits.push(Edit::insert(base + first.end, " [SPEAKER] said."));
            }
            '?' | '!' => edits.push(Edit::insert(base + first.end, " [SPEAKER] said.")),
            _ => return None,
        }
    } else if closing == '.' && facts.in_quote(first.end - 1..first.end) {
        edits.push(Edit::replace(
            Span::new(base + first.end - 1, base + first.end),
            ",” [SPEAKER] said.",
        ));
        if let Some(next) = facts.sentences.get(1) {
            let opens = text[next.clone()].starts_with(['“', '"']);
            if !opens {
                edits.push(Edit::insert(base + next.start, "“"));
            }
        }
    } else {
        return None;
    }
    Some(Fix {
        title: "Add `[SPEAKER] said`".into(),
        applicability: Applicability::Suggestion,
        edits,
        snippet_placeholder: Some("[SPEAKER]".into()),
    })
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::lint::lint;

    fn config() -> Config {
        Config::only("attribution/floating-quote")
    }

    fn flagged(source: &str) -> Vec<String> {
        crate::lint::flagged_text(source, "attribution/floating-quote")
    }

    /// Quotation paragraphs come and go, and the paragraph before one gains and loses
    /// its speaker: the kept column equals a fresh one, and cached analyses equal fresh
    /// ones.
    #[test]
    fn small_edits_update_the_opening_column_in_place() {
        let filler = |n: usize| {
            format!("The council met for the {n}th time on Monday night, and the vote was close.")
        };
        let quote = "\u{201c}We will not pay for a bridge that nobody in this town has asked for, not now and not ever.\u{201d}";
        let base: Vec<String> = (0..30).map(filler).collect();
        let mut v1 = base.clone();
        v1[6] = quote.into();
        v1[18] = quote.replace("bridge", "road");
        let mut v2 = v1.clone();
        v2[5] = "Mayor Dana Reyes said the plan was dead.".into();
        let mut v3 = v2.clone();
        v3.insert(12, quote.replace("bridge", "tunnel"));
        let mut v4 = v3.clone();
        v4.remove(6);
        let drafts =
            crate::lint::story_versions("Council", &[&base, &v1, &v2, &v3, &v4, &v1, &base]);
        let per_version: Vec<usize> = crate::lint::cached_equals_fresh(&drafts, &config())
            .iter()
            .map(Vec::len)
            .collect();
        assert_eq!(per_version, [0, 2, 1, 2, 2, 2, 0]);
        crate::lint::kept_equals_fresh(&drafts, super::OpeningColumn::follow, |column| {
            column.0.values().to_vec()
        });
    }

    #[test]
    fn flags_quote_without_speaker() {
        let source = "The council approved the budget on Tuesday.\n\n“This is the best we could do. We had no choice.”\n";
        assert_eq!(
            flagged(source),
            vec!["“This is the best we could do. We had no choice.”"]
        );
        let findings = lint(source, &config()).findings;
        let fixed = crate::lint::fix::apply_edits(source, &findings[0].fixes[0].edits);
        assert!(
            fixed.contains("“This is the best we could do,” [SPEAKER] said. “We had no choice.”"),
            "{fixed}"
        );
        assert!(flagged(&fixed).is_empty());
    }

    #[test]
    fn carried_speakers_are_silent() {
        for source in [
            "Mayor speaks\n\nThe mayor spoke first. She said:\n\n“We will rebuild.”\n",
            "“We will go on,” the mayor said.\n\n“We will not stop.”\n",
            "The mayor said the city would rebuild. “We will not stop.\n\n“We will go on until it is done.”\n",
            "“We will go on,” the mayor said Tuesday.\n",
            "The mayor spoke.\n\n“We will go on and on and on,’’ Mayor Ruiz told reporters.\n",
            "The mayor spoke.\n\n“Meth. We’re on it.”\n",
            "Readers wrote in.\n\n“The tour was lovely and the guide knew every street by name.”\n\n– Maria G., Ohio\n",
            "Riverton hired a coach.\n\nThe club said in a statement: “He is a great coach with a long record.\n\nClub statement\n\n— Riverton FC (@RivertonFC) May 2, 2025\n\n“He has won the league in three different countries.”\n",
            "People say odd things to adoptees.\n\n“You know your birth mother never wanted you.”\n\nA stranger once said this to me at a party.\n",
            "The doctor spoke.\n\n\"The pills worked within two days,\" Taylor wrote. \" The course ran 12 months.\n\n\"I have not had any dizzy turns since recovering at all.\"\n",
        ] {
            assert!(flagged(source).is_empty(), "{source}: {:?}", flagged(source));
        }
    }
}
