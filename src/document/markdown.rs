//! Markdown → prose blocks, through pulldown-cmark's offset iterator.
//!
//! Decides what is prose: paragraphs, headings, list items and table cells are blocks;
//! fenced and indented code, HTML blocks and comments, inline code, link destinations,
//! autolinks, image alt text, front matter and bare URLs are blanked out of a block's
//! `masked` text (replaced by spaces, same byte length).

use super::{Block, BlockKind, FrontMatter, Zone};
use crate::lint::Span;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

pub(crate) struct Parsed {
    pub blocks: Vec<Block>,
    pub front_matter: Option<FrontMatter>,
    pub html_comments: Vec<Span>,
}

struct Leaf {
    kind: BlockKind,
    span: Range<usize>,
    pieces: Vec<Range<usize>>,
    in_list: bool,
    in_blockquote: bool,
    in_table: bool,
    /// Whether `span` came from the tag range (true) or grows with inline events.
    fixed_span: bool,
}

impl Leaf {
    fn extend(&mut self, range: &Range<usize>) {
        if !self.fixed_span {
            self.span.start = self.span.start.min(range.start);
            self.span.end = self.span.end.max(range.end);
        }
    }
}

/// Splits `source` into prose blocks. Never fails.
pub(crate) fn parse(source: &str) -> Parsed {
    let front_matter = detect_front_matter(source);
    let body_start = front_matter.as_ref().map_or(0, |f| f.span.end);
    let body = &source[body_start..];
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let parser = Parser::new_ext(body, options).into_offset_iter();

    let mut blocks = Vec::new();
    let mut html_comments = Vec::new();
    let mut leaf: Option<Leaf> = None;
    let (mut list_depth, mut quote_depth, mut table_depth) = (0usize, 0usize, 0usize);
    let mut in_code = false;
    let mut skip_inline = 0usize;
    let mut link_skips: Vec<bool> = Vec::new();

    for (event, range) in parser {
        let range = (range.start + body_start)..(range.end + body_start);
        let ctx = (list_depth > 0, quote_depth > 0, table_depth > 0);
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell => {
                    finish(source, leaf.take(), &mut blocks);
                    let kind = match tag {
                        Tag::Heading { level, .. } => BlockKind::Heading(level as u8),
                        Tag::TableCell => BlockKind::TableCell,
                        _ => BlockKind::Paragraph,
                    };
                    let span = trim_range(source, range.clone());
                    leaf = Some(Leaf {
                        kind,
                        span,
                        pieces: Vec::new(),
                        in_list: ctx.0,
                        in_blockquote: ctx.1,
                        in_table: ctx.2,
                        fixed_span: true,
                    });
                }
                Tag::List(_) => {
                    finish(source, leaf.take(), &mut blocks);
                    list_depth += 1;
                }
                Tag::Item | Tag::HtmlBlock | Tag::FootnoteDefinition(_) | Tag::DefinitionList => {
                    finish(source, leaf.take(), &mut blocks);
                }
                Tag::BlockQuote(_) => {
                    finish(source, leaf.take(), &mut blocks);
                    quote_depth += 1;
                }
                Tag::Table(_) => {
                    finish(source, leaf.take(), &mut blocks);
                    table_depth += 1;
                }
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) => {
                    finish(source, leaf.take(), &mut blocks);
                    in_code = true;
                }
                Tag::Link { link_type, .. } => {
                    let skip = matches!(link_type, LinkType::Autolink | LinkType::Email);
                    if skip {
                        skip_inline += 1;
                    }
                    link_skips.push(skip);
                    ensure_leaf(&mut leaf, &range, ctx).extend(&range);
                }
                Tag::Image { .. } => {
                    skip_inline += 1;
                    ensure_leaf(&mut leaf, &range, ctx).extend(&range);
                }
                _ => {
                    if let Some(open) = leaf.as_mut() {
                        open.extend(&range);
                    }
                }
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item => {
                    finish(source, leaf.take(), &mut blocks);
                }
                TagEnd::List(_) => {
                    finish(source, leaf.take(), &mut blocks);
                    list_depth = list_depth.saturating_sub(1);
                }
                TagEnd::BlockQuote(_) => {
                    finish(source, leaf.take(), &mut blocks);
                    quote_depth = quote_depth.saturating_sub(1);
                }
                TagEnd::Table => {
                    finish(source, leaf.take(), &mut blocks);
                    table_depth = table_depth.saturating_sub(1);
                }
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => in_code = false,
                TagEnd::Link if link_skips.pop() == Some(true) => {
                    skip_inline = skip_inline.saturating_sub(1);
                }
                TagEnd::Image => skip_inline = skip_inline.saturating_sub(1),
                _ => {}
            },
            Event::Text(_) => {
                if in_code {
                    continue;
                }
                let open = ensure_leaf(&mut leaf, &range, ctx);
                open.extend(&range);
                if skip_inline == 0 {
                    open.pieces.push(range);
                }
            }
            Event::Html(_) => html_comments.push(Span::from(range)),
            Event::InlineHtml(_) => {
                html_comments.push(Span::from(range.clone()));
                if let Some(open) = leaf.as_mut() {
                    open.extend(&range);
                }
            }
            Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::TaskListMarker(_) => {
                if let Some(open) = leaf.as_mut() {
                    open.extend(&range);
                }
            }
            Event::Rule => {}
        }
    }
    finish(source, leaf.take(), &mut blocks);
    Parsed {
        blocks,
        front_matter,
        html_comments,
    }
}

fn ensure_leaf<'a>(
    leaf: &'a mut Option<Leaf>,
    range: &Range<usize>,
    ctx: (bool, bool, bool),
) -> &'a mut Leaf {
    leaf.get_or_insert_with(|| Leaf {
        kind: BlockKind::ListItem,
        span: range.clone(),
        pieces: Vec::new(),
        in_list: ctx.0,
        in_blockquote: ctx.1,
        in_table: ctx.2,
        fixed_span: false,
    })
}

fn trim_range(source: &str, range: Range<usize>) -> Range<usize> {
    let text = &source[range.clone()];
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.start + text.trim_end().len();
    start..end.max(start)
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:https?://|ftp://|www\.)[^\s<>"“”]+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"#)
        .expect("valid URL regex")
});

/// Spans of bare URLs and e-mail addresses in `text`, trailing punctuation excluded.
pub fn url_spans(text: &str) -> Vec<Range<usize>> {
    // Every match contains `://`, `www.` (any case) or `@`: most prose has none, and the
    // scan for them is far cheaper than the regex.
    let bytes = text.as_bytes();
    let maybe_url = bytes.contains(&b'@')
        || text.contains("://")
        || bytes
            .windows(4)
            .any(|w| w[3] == b'.' && w[..3].eq_ignore_ascii_case(b"www"));
    if !maybe_url {
        return Vec::new();
    }
    URL.find_iter(text)
        .map(|m| {
            let matched = m
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '’', '\'']);
            m.start()..m.start() + matched.len()
        })
        .collect()
}

fn finish(source: &str, leaf: Option<Leaf>, blocks: &mut Vec<Block>) {
    let Some(leaf) = leaf else { return };
    let span = trim_range(source, leaf.span.clone());
    if span.is_empty() || leaf.pieces.is_empty() {
        return;
    }
    let mut bytes: Vec<u8> = source.as_bytes()[span.clone()]
        .iter()
        .map(|&b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect();
    for piece in &leaf.pieces {
        let start = piece.start.max(span.start);
        let end = piece.end.min(span.end);
        if start < end {
            bytes[start - span.start..end - span.start]
                .copy_from_slice(&source.as_bytes()[start..end]);
        }
    }
    // Every copied piece starts and ends on a char boundary of `source`, and every other
    // byte is ASCII, so this cannot fail; fall back to blanks rather than panic.
    let mut masked = String::from_utf8(bytes).unwrap_or_else(|e| " ".repeat(e.as_bytes().len()));
    for url in url_spans(&masked) {
        masked.replace_range(url.clone(), &" ".repeat(url.len()));
    }
    let whole_lines = is_whole_lines(source, &span);
    blocks.push(Block {
        index: 0,
        kind: leaf.kind,
        zone: Zone::Body,
        span: Span::from(span),
        masked,
        in_list: leaf.in_list,
        in_blockquote: leaf.in_blockquote,
        in_table: leaf.in_table,
        whole_lines,
    });
}

pub(crate) fn is_whole_lines(source: &str, span: &Range<usize>) -> bool {
    let line_start = source[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let prefix_ok = source[line_start..span.start]
        .chars()
        .all(|c| c == ' ' || c == '\t' || c == '>');
    let line_end = source[span.end..]
        .find('\n')
        .map_or(source.len(), |i| span.end + i);
    prefix_ok && source[span.end..line_end].trim().is_empty()
}

/// Finds YAML (`---`) or TOML (`+++`) front matter at the very top of the draft.
fn detect_front_matter(source: &str) -> Option<FrontMatter> {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &source[start..];
    let first_end = rest.find('\n')?;
    let fence = rest[..first_end].trim_end();
    if fence != "---" && fence != "+++" {
        return None;
    }
    let body_start = start + first_end + 1;
    let mut pos = body_start;
    while pos < source.len() {
        let line_end = source[pos..].find('\n').map_or(source.len(), |i| pos + i);
        let line = source[pos..line_end].trim_end();
        if line == fence || (fence == "---" && line == "...") {
            let end = (line_end + 1).min(source.len());
            return Some(FrontMatter {
                span: Span::new(0, end),
                body: Span::new(body_start, pos),
            });
        }
        pos = line_end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(source: &str) -> Vec<String> {
        parse(source)
            .blocks
            .iter()
            .map(|b| b.masked.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn code_front_matter_and_urls_are_not_prose() {
        let source = "---\ndate: 2019-02-04\n---\n# Title\n\nText with `Feb 4th` code and http://example.com/Feb.4 link.\n\n```\nFeb 4th\n```\n\n<!-- Feb 4th -->\n\n- item one\n- item [two](http://x.org/Jan-5)\n";
        let parsed = parse(source);
        assert_eq!(parsed.front_matter.as_ref().map(|f| f.span.end), Some(25));
        assert_eq!(
            prose(source),
            vec!["Title", "Text with code and link.", "item one", "item two"]
        );
        assert_eq!(parsed.html_comments.len(), 1);
        for block in &parsed.blocks {
            assert_eq!(block.masked.len(), block.span.len());
        }
    }

    #[test]
    fn table_cells_and_quotes_are_blocks() {
        let source = "> Quoted text here.\n> More.\n\n| a | b |\n|---|---|\n| Feb. 4 | x |\n";
        let blocks = parse(source).blocks;
        assert!(blocks[0].in_blockquote);
        assert!(blocks
            .iter()
            .any(|b| b.in_table && b.masked.trim() == "Feb. 4"));
    }

    #[test]
    fn multibyte_text_keeps_offsets() {
        let source = "Café — “naïve” 😀 `code ü` end.\n";
        let block = &parse(source).blocks[0];
        assert_eq!(block.masked.len(), block.span.len());
        assert!(block.masked.contains("😀"));
        assert!(!block.masked.contains("code"));
    }
}
