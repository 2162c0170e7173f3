//! `Document`: a Markdown draft split into prose blocks with zones, plus document facts.
//!
//! Built once per analysis from the source text; immutable afterwards. Code, front matter,
//! HTML and URLs never reach a block's `masked` text, so no rule can lint them.

mod line_index;
pub(crate) mod markdown;
pub mod zones;

pub use line_index::{Cursor, LineIndex, PositionEncoding, TextPosition};
pub use markdown::{url_spans, Diff, ParseCache};

use crate::analysis::dates::{self, CivilDate};
use crate::lint::Span;

/// What Markdown construct a block came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// A paragraph (also inside list items and block quotes).
    Paragraph,
    /// An ATX or setext heading with its level (1–6).
    Heading(u8),
    /// The inline text of a tight list item.
    ListItem,
    /// One table cell.
    TableCell,
}

/// The editorial zone of a block (spec §0): rules decide where they run by zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Zone {
    /// The story's headline: the first H1, or the first line when there is no heading.
    Headline,
    /// A subhead: a heading, or a short line without end punctuation.
    Subhead,
    /// A byline or dateline line ("By …", "… | Feb. 4, 2019 | …").
    Byline,
    /// A photo caption.
    Caption,
    /// Body copy.
    Body,
}

impl Zone {
    /// Lower-case name for messages and debugging.
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Headline => "headline",
            Zone::Subhead => "subhead",
            Zone::Byline => "byline",
            Zone::Caption => "caption",
            Zone::Body => "body",
        }
    }
}

/// One prose block of the draft.
#[derive(Clone, Debug)]
pub struct Block {
    /// Position in `Document::blocks`.
    pub index: usize,
    /// Markdown construct.
    pub kind: BlockKind,
    /// Editorial zone.
    pub zone: Zone,
    /// Source bytes of the block (its inline content, without the list marker).
    pub span: Span,
    /// The block's source with every non-prose byte (markup, inline code, HTML, link
    /// destinations, bare URLs) replaced by a space and newlines kept, so it has exactly
    /// `span.len()` bytes and offsets map one to one.
    pub masked: std::sync::Arc<str>,
    /// Inside a list.
    pub in_list: bool,
    /// Inside a block quote.
    pub in_blockquote: bool,
    /// Inside a table.
    pub in_table: bool,
    /// The block starts and ends its lines (only markup or whitespace beside it), so
    /// whole-line edits such as deleting the block are safe.
    pub whole_lines: bool,
    /// Text traits behind the zone (computed with the parse, cached with the chunk).
    pub traits: zones::ZoneTraits,
    /// Hash of the block's source bytes (`source[span]`), computed with the parse and
    /// cached with the chunk: the analysis cache keys blocks by it instead of hashing the
    /// whole draft's text again on every keystroke.
    pub source_hash: u64,
}

/// Where the story's reference date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReferenceSource {
    /// Front matter `date`, `published` or `dateline_date`.
    FrontMatter,
    /// A byline or dateline date.
    Byline,
}

/// The story's date, used to infer years and weekdays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReferenceDate {
    /// The calendar date.
    pub date: CivilDate,
    /// Where it was found.
    pub source: ReferenceSource,
    /// Where in the document it was found.
    pub span: Span,
}

/// Document-wide facts that block rules may read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct DocInfo {
    /// The story's date, if any.
    pub reference_date: Option<ReferenceDate>,
    /// The front matter block, if any (never linted).
    pub front_matter: Option<Span>,
}

/// The prose blocks of a draft in source order: a shared list, which the parse cache
/// keeps to splice the next version's blocks into (in place once the document that
/// held it is dropped).
#[derive(Clone, Debug, Default)]
pub struct Blocks(std::sync::Arc<Vec<Block>>);

impl std::ops::Deref for Blocks {
    type Target = [Block];

    fn deref(&self) -> &[Block] {
        &self.0
    }
}

impl<'a> IntoIterator for &'a Blocks {
    type Item = &'a Block;
    type IntoIter = std::slice::Iter<'a, Block>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A parsed draft.
#[derive(Clone, Debug)]
pub struct Document {
    /// Prose blocks in source order.
    pub blocks: Blocks,
    /// Document-wide facts.
    pub info: DocInfo,
    /// HTML comments (block or inline), for suppression directives.
    pub html_comments: Vec<Span>,
}

impl Document {
    /// Parses Markdown source. Never fails: any text is a document.
    pub fn parse(source: &str) -> Document {
        Document::build(source, markdown::parse(source, None))
    }

    /// Parses Markdown source, reusing the chunks of an earlier version of the same
    /// draft from `cache` (and updating it). Same result as [`Document::parse`].
    pub fn parse_cached(source: &str, cache: &mut ParseCache) -> Document {
        Document::build(source, markdown::parse(source, Some(cache)))
    }

    /// Parses the whole body in one pass, without chunks: the reference that
    /// [`Document::parse`] must match. For tests and benchmarks.
    #[doc(hidden)]
    pub fn parse_unchunked(source: &str) -> Document {
        Document::build(source, markdown::parse_whole(source))
    }

    fn build(source: &str, parsed: markdown::Parsed) -> Document {
        let blocks = Blocks(parsed.blocks);
        let reference_date = reference_date(source, &parsed.front_matter, &blocks);
        Document {
            blocks,
            info: DocInfo {
                reference_date,
                front_matter: parsed.front_matter.map(|f| f.span),
            },
            html_comments: parsed.html_comments,
        }
    }

    /// The block containing byte `offset`, if any.
    pub fn block_at(&self, offset: usize) -> Option<&Block> {
        let idx = self.blocks.partition_point(|b| b.span.end <= offset);
        self.blocks.get(idx).filter(|b| b.span.start <= offset)
    }
}

/// Front matter found at the top of the draft.
#[derive(Clone, Debug)]
pub(crate) struct FrontMatter {
    pub span: Span,
    /// The inner text (between the fences) and its offset.
    pub body: Span,
}

fn reference_date(
    source: &str,
    front_matter: &Option<FrontMatter>,
    blocks: &[Block],
) -> Option<ReferenceDate> {
    if let Some(front) = front_matter {
        let body = &source[front.body.start..front.body.end];
        for key in dates::FRONT_MATTER_DATE_KEYS {
            if let Some((range, date)) = dates::front_matter_date(body, key) {
                let span = Span::new(front.body.start + range.start, front.body.start + range.end);
                return Some(ReferenceDate {
                    date,
                    source: ReferenceSource::FrontMatter,
                    span,
                });
            }
        }
    }
    // Only the top of the story carries the dateline; look at the first few blocks.
    for block in blocks.iter().take(6) {
        if block.zone != Zone::Byline {
            continue;
        }
        if let Some((range, date)) = dates::first_full_date(&block.masked) {
            let span = Span::new(block.span.start + range.start, block.span.start + range.end);
            return Some(ReferenceDate {
                date,
                source: ReferenceSource::Byline,
                span,
            });
        }
    }
    None
}
