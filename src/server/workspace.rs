//! The server's side of the workspace index: keys for documents, fingerprints taken from
//! an analysis, ranges for related information in other drafts, and the background scan
//! of the workspace folders with `$/progress` reporting.

use crate::document::{LineIndex, PositionEncoding};
use crate::lint::workspace::{
    indexable, paragraph_prints, ParaPrint, ParaRef, WorkspaceIndex, MIN_INDEXED_WORDS,
};
use crate::lint::{Analysis, Span};
use dashmap::DashMap;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::RwLock;
use tower_lsp::lsp_types::{Position, Range, Url};

use super::documents::OpenDocument;

/// The index key of a document: its file path, or the URI for unsaved buffers.
pub fn path_key(uri: &Url) -> String {
    uri.to_file_path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| uri.to_string())
}

/// The fingerprints of an analysed document's indexable paragraphs, borrowed from its
/// facts.
pub fn prints_from_analysis(analysis: &Analysis) -> Vec<ParaRef<'_>> {
    analysis
        .document
        .blocks
        .iter()
        .zip(analysis.facts.iter())
        .filter(|(block, facts)| {
            indexable(block.kind, block.zone) && facts.n_words >= MIN_INDEXED_WORDS
        })
        .map(|(block, facts)| ParaRef {
            span: block.span,
            fingerprints: &facts.fingerprints,
        })
        .collect()
}

/// The shared index. An analysis reads it under the read lock for as long as it lints
/// (analyses of different drafts read at once); a writer waits for them. (An earlier
/// design handed readers `Arc` snapshots and copied the index on write while one was
/// alive: with a 5,000-draft workspace and other drafts being rechecked, that copied the
/// whole index on nearly every edit.)
pub type SharedIndex = RwLock<WorkspaceIndex>;

/// Read access to the index, surviving a poisoned lock.
pub fn read(index: &SharedIndex) -> std::sync::RwLockReadGuard<'_, WorkspaceIndex> {
    index.read().unwrap_or_else(|e| e.into_inner())
}

/// Write access to the index, surviving a poisoned lock. Never call it while holding
/// [`read`] on the same thread.
pub fn write(index: &SharedIndex) -> std::sync::RwLockWriteGuard<'_, WorkspaceIndex> {
    index.write().unwrap_or_else(|e| e.into_inner())
}

/// Largest file read to resolve a related location or to index a draft from disk.
pub const MAX_DISK_BYTES: u64 = 20 * 1024 * 1024;

/// Resolves locations in other drafts for related information: from the open buffer when
/// the draft is open, else from disk. Each file on disk is read and indexed once per
/// resolver (one publish can point hundreds of findings at the same library file).
pub struct RelatedLocations<'a> {
    documents: &'a DashMap<Url, OpenDocument>,
    encoding: PositionEncoding,
    disk: RefCell<HashMap<String, DiskDraft>>,
    /// Path → URI, parsed once (a publish can point thousands of times at a few drafts).
    uris: RefCell<HashMap<String, Option<Url>>>,
}

/// A draft read from disk for [`RelatedLocations`].
enum DiskDraft {
    /// Unreadable or not a path: no location.
    Missing,
    /// Not a regular file, or too large to read: the URI without a range.
    Unread(Url),
    /// The text and its line index.
    Read(Url, String, LineIndex),
}

impl<'a> RelatedLocations<'a> {
    /// A resolver over the open `documents`, counting columns in `encoding`.
    pub fn new(documents: &'a DashMap<Url, OpenDocument>, encoding: PositionEncoding) -> Self {
        RelatedLocations {
            documents,
            encoding,
            disk: RefCell::new(HashMap::new()),
            uris: RefCell::new(HashMap::new()),
        }
    }

    /// The URI and range of `span` in the draft `path`.
    pub fn resolve(&self, path: &str, span: Span) -> Option<(Url, Range)> {
        let encoding = self.encoding;
        // Looked up before inserting: `entry` would allocate the key on every call.
        let cached = self.uris.borrow().get(path).cloned();
        let uri = match cached {
            Some(uri) => uri?,
            None => {
                let uri = Url::from_file_path(path)
                    .ok()
                    .or_else(|| Url::parse(path).ok());
                self.uris.borrow_mut().insert(path.to_string(), uri.clone());
                uri?
            }
        };
        if let Some(doc) = self.documents.get(&uri) {
            let rope = &doc.rope;
            let to_position = |byte: usize| {
                let char_idx = rope.byte_to_char(byte.min(rope.len_bytes()));
                let line = rope.char_to_line(char_idx);
                let line_start = rope.line_to_char(line);
                let column = match encoding {
                    PositionEncoding::Utf16 => {
                        rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_start)
                    }
                    PositionEncoding::Utf8 => {
                        rope.char_to_byte(char_idx) - rope.char_to_byte(line_start)
                    }
                };
                Position::new(line as u32, column as u32)
            };
            return Some((
                uri,
                Range::new(to_position(span.start), to_position(span.end)),
            ));
        }
        let mut disk = self.disk.borrow_mut();
        if !disk.contains_key(path) {
            disk.insert(path.to_string(), read_disk_draft(path, uri));
        }
        match &disk[path] {
            DiskDraft::Missing => None,
            DiskDraft::Unread(uri) => Some((uri.clone(), Range::default())),
            DiskDraft::Read(uri, text, index) => {
                let start = index.position(text, span.start, encoding);
                let end = index.position(text, span.end, encoding);
                Some((
                    uri.clone(),
                    Range::new(
                        Position::new(start.line, start.character),
                        Position::new(end.line, end.character),
                    ),
                ))
            }
        }
    }
}

fn read_disk_draft(path: &str, uri: Url) -> DiskDraft {
    let Ok(meta) = std::fs::metadata(path) else {
        return DiskDraft::Missing;
    };
    // Only regular files: reading a FIFO or a device would block or never end.
    if !meta.is_file() || meta.len() > MAX_DISK_BYTES {
        return DiskDraft::Unread(uri);
    }
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let index = LineIndex::new(&text);
            DiskDraft::Read(uri, text, index)
        }
        Err(_) => DiskDraft::Missing,
    }
}

/// Markdown files under the workspace roots (honouring `.gitignore`), sorted.
pub fn workspace_files(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = roots
        .iter()
        .flat_map(|root| crate::cli::walk_files(root, crate::cli::MARKDOWN).0)
        .collect();
    files.sort();
    files.dedup();
    files
}

/// Fingerprints of a draft on disk, or `None` when unreadable or too large.
pub fn prints_from_disk(path: &Path) -> Option<Vec<ParaPrint>> {
    let meta = std::fs::metadata(path).ok()?;
    // Only regular files: reading a FIFO named `x.md` blocked a server thread for good.
    if !meta.is_file() || meta.len() > MAX_DISK_BYTES {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    Some(paragraph_prints(&text))
}
