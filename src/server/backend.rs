//! `impl LanguageServer for Backend`: thin handlers delegating to the document store,
//! the lint engine and the code-action builder.
//!
//! `didChange` applies its edits to the rope synchronously, before any `.await`, because
//! tower-lsp may poll several handlers concurrently (ebkalderon/tower-lsp#284). Analysis
//! is debounced, runs on a blocking thread, and its result is dropped if the document
//! changed meanwhile.

use super::code_actions::{self, fix_all_kind, minimal_edit};
use super::documents::{OpenDocument, Snapshot};
use super::memory;
use super::priority;
use super::settings::ClientSettings;
use super::to_proto;
use super::transport;
use super::workspace as ws;
use crate::config::{Config, ConfigError};
use crate::document::{LineIndex, PositionEncoding, TextPosition};
use crate::lint::fix::{fix_text, FixMode};
use crate::lint::workspace::WorkspaceIndex;
use crate::lint::{self, registry, LintEnv};
use dashmap::DashMap;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};

/// Delay before re-checking drafts that share a changed paragraph: opening or editing
/// many drafts in a row then costs one re-check per draft, not one per change.
const RECHECK_DELAY_MS: u64 = 200;

/// The command that returns a rule's documentation.
pub const EXPLAIN_RULE_COMMAND: &str = "copydesk.explainRule";

#[derive(Default)]
struct State {
    encoding: PositionEncoding,
    settings: ClientSettings,
    versioned_edits: bool,
    /// Whether the client runs `copydesk.applySnippet` (experimental capability).
    snippet_command: bool,
    pull_configuration: bool,
    /// Loaded config files by path, with their problems.
    file_configs: HashMap<PathBuf, (Config, Vec<ConfigError>)>,
    /// Messages already shown, so a bad config is reported once, not per keystroke.
    reported: HashSet<String>,
    /// Settings problems waiting for `initialized`.
    pending_messages: Vec<String>,
    /// Workspace folders to index.
    roots: Vec<PathBuf>,
    /// Whether the client accepts `window/workDoneProgress/create`.
    progress: bool,
    /// Whether the client lets us register file watchers.
    dynamic_watchers: bool,
}

struct Inner {
    client: Client,
    /// Ready-made message bodies for the output (publishDiagnostics; see
    /// `transport::muxed_output`).
    outbox: transport::Outbox,
    documents: DashMap<Url, OpenDocument>,
    state: RwLock<State>,
    workspace: ws::SharedIndex,
    /// Drafts that keep their block caches (see `memory`).
    recent: memory::Recent,
    /// Analyses run, for telling when the server went quiet.
    activity: memory::Activity,
    /// Edits first, re-checks of other drafts after (see `priority`).
    lanes: Arc<priority::Lanes>,
}

/// The language server.
#[derive(Clone)]
pub struct Backend {
    inner: Arc<Inner>,
}

impl Backend {
    /// A server talking to `client`, publishing diagnostics through `outbox`.
    pub fn new(client: Client, outbox: transport::Outbox) -> Backend {
        Backend {
            inner: Arc::new(Inner {
                client,
                outbox,
                documents: DashMap::new(),
                state: RwLock::new(State::default()),
                workspace: RwLock::new(WorkspaceIndex::default()),
                recent: memory::Recent::default(),
                activity: memory::Activity::default(),
                lanes: Arc::default(),
            }),
        }
    }

    /// Clears the diagnostics of `uri`.
    fn publish_clear(&self, uri: &Url, version: Option<i32>) {
        self.send_published(to_proto::clear_message(uri, version));
    }

    /// Queues a `publishDiagnostics` body made by [`to_proto::clear_message`] for the
    /// output task. Publishes queued reach the client in the order they were queued; an
    /// analysis writes its own from its blocking thread under the output's lock, which
    /// keeps that order too (see `analyze_and_publish`).
    fn send_published(&self, body: Vec<u8>) {
        if !self.inner.outbox.send(body) {
            tracing::debug!("output closed; diagnostics not sent");
        }
    }

    fn state(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.inner.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn state_mut(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.inner.state.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The effective configuration for a document, and messages not yet shown.
    fn config_for(&self, uri: &Url) -> (Config, Vec<String>) {
        let mut state = self.state_mut();
        let mut config = Config::default();
        let mut messages = Vec::new();
        let dir = uri
            .to_file_path()
            .ok()
            .and_then(|p| p.parent().map(PathBuf::from));
        if let Some(path) = dir.as_deref().and_then(Config::discover) {
            let (file_config, errors) = state
                .file_configs
                .entry(path.clone())
                .or_insert_with(|| Config::load(&path))
                .clone();
            config = file_config;
            for error in errors {
                let message =
                    format!("copydesk: bad configuration, using defaults where invalid: {error}");
                if state.reported.insert(message.clone()) {
                    messages.push(message);
                }
            }
        }
        state.settings.apply(&mut config);
        (config, messages)
    }

    async fn show_messages(&self, messages: Vec<String>, kind: MessageType) {
        for message in messages {
            tracing::warn!("{message}");
            self.inner.client.show_message(kind, message).await;
        }
    }

    fn schedule(&self, uri: Url) {
        self.schedule_after(uri, None);
    }

    /// Schedules an analysis after `delay` (default: the debounce setting). A later
    /// change to the document cancels it, so a burst of triggers costs one analysis.
    fn schedule_after(&self, uri: Url, delay: Option<u64>) {
        let Some(generation) = self.inner.documents.get(&uri).map(|d| d.generation) else {
            return;
        };
        let this = self.clone();
        let foreground = self.inner.lanes.foreground();
        tokio::spawn(async move {
            this.analyze_and_publish(uri, generation, delay, false)
                .await;
            drop(foreground);
        });
    }

    /// Schedules a re-check of `uri` in the background lane, after `delay`.
    fn schedule_recheck(&self, uri: Url, delay: u64) {
        let Some(generation) = self.inner.documents.get(&uri).map(|d| d.generation) else {
            return;
        };
        let this = self.clone();
        tokio::spawn(async move {
            this.analyze_and_publish(uri, generation, Some(delay), true)
                .await
        });
    }

    /// Re-checks every open draft in the background lane, as of its current version:
    /// an analysis already running for that version still publishes (the workspace
    /// index finishing used to discard it, so a long draft opened while the folder was
    /// being indexed was analysed twice before anything showed).
    fn recheck_all_open(&self) {
        let delay = RECHECK_DELAY_MS.max(self.state().settings.debounce_ms());
        for uri in self.open_uris() {
            self.schedule_recheck(uri, delay);
        }
    }

    /// The URIs of the open documents.
    fn open_uris(&self) -> Vec<Url> {
        self.inner
            .documents
            .iter()
            .map(|d| d.key().clone())
            .collect()
    }

    fn schedule_all(&self) {
        for uri in self.open_uris() {
            if let Some(mut doc) = self.inner.documents.get_mut(&uri) {
                doc.generation += 1;
            }
            self.schedule(uri);
        }
    }

    async fn analyze_and_publish(
        &self,
        uri: Url,
        generation: u64,
        delay: Option<u64>,
        background: bool,
    ) {
        let debounce = delay.unwrap_or_else(|| self.state().settings.debounce_ms());
        if debounce > 0 {
            tokio::time::sleep(Duration::from_millis(debounce)).await;
        }
        // Held to the end: one background analysis at a time, never beside an edit's.
        let _lane = if background {
            Some(self.inner.lanes.background().await)
        } else {
            None
        };
        let (text, since, version, cache, published_before) = {
            let Some(mut doc) = self.inner.documents.get_mut(&uri) else {
                return;
            };
            if doc.generation != generation {
                return;
            }
            let (text, since) = doc.take_text();
            // The published snapshot, when it is of the very text the edits since are
            // noted against (held weakly there, so an equal address is that text): its
            // diagnostics on lines the edits left alone are copied (see
            // `to_proto::Previous`).
            let published_before = since.as_ref().and_then(|(earlier, diff)| {
                let latest = doc.latest.as_ref()?;
                std::ptr::eq(earlier.as_ptr().cast::<u8>(), latest.text.as_ptr())
                    .then(|| (Arc::clone(latest), *diff))
            });
            (
                text,
                since,
                doc.version,
                Arc::clone(&doc.cache),
                published_before,
            )
        };
        let (config, messages) = self.config_for(&uri);
        self.show_messages(messages, MessageType::WARNING).await;
        let encoding = self.state().encoding;
        if text.len() > config.max_file_bytes {
            let message = format!(
                "copydesk: {} is {} bytes, above the {}-byte limit (setting maxFileBytes); not checked",
                uri, text.len(), config.max_file_bytes
            );
            let fresh = self.state_mut().reported.insert(message.clone());
            if fresh {
                self.show_messages(vec![message], MessageType::INFO).await;
            }
            self.publish_clear(&uri, Some(version));
            return;
        }
        let task_uri = uri.clone();
        let inner = Arc::clone(&self.inner);
        let joined = tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            if memory::fit_allocator_to(text.len()) {
                tracing::debug!(
                    len = text.len(),
                    "long draft: large allocations from the arenas"
                );
            }
            let key = ws::path_key(&task_uri);
            // An older analysis (of a huge draft, say) may still hold the block cache: a
            // fresh cache is only slower, while waiting would stall this newer version.
            let mut spare = lint::BlockCache::default();
            let mut shared = match cache.try_lock() {
                Ok(guard) => Some(guard),
                Err(std::sync::TryLockError::Poisoned(e)) => Some(e.into_inner()),
                Err(std::sync::TryLockError::WouldBlock) => None,
            };
            let cache = shared.as_deref_mut().unwrap_or(&mut spare);
            if ws::read(&inner.workspace).holds_other_than(&key) {
                // Another draft, alone in the index, holds its postings back: posted now, so
                // this draft's lookups find it with one probe per fingerprint.
                ws::write(&inner.workspace).release_held();
            }
            let (analysis, others_before) = {
                let index = ws::read(&inner.workspace);
                // The block pass of a long draft leaves the regex search caches of both
                // engine threads at their fullest: trimmed before the document rules add
                // their own peak (see `memory::MID_TRIM_BYTES`).
                let trim = |analysed: usize| {
                    if analysed >= memory::MID_TRIM_BYTES {
                        trim_memory(memory::QUIET_TRIMMED_CACHE);
                    }
                };
                let env = LintEnv {
                    path: Some(&key),
                    workspace: Some(&index),
                    between_passes: Some(&trim),
                    during_pass: Some(&memory::trim_during_pass),
                    want_lines: true,
                };
                cache.share_source_after(&text, since);
                (
                    lint::on_worker(|| lint::lint_with(&text, &config, cache, env)),
                    index.others_epoch(&key),
                )
            };
            let blocks_analysed = cache.last_misses;
            let lint_done = started.elapsed();
            // A draft nobody is typing in (re-checked because a shared paragraph changed
            // elsewhere, say) does not keep its cache; dropped below, outside the lock.
            let warm = inner.recent.is_warm(&task_uri);
            let evicted = (!warm).then(|| std::mem::take(cache));
            drop(shared);
            drop(evicted);
            // A newer version may have been analysed meanwhile: never index a stale one.
            let current = inner
                .documents
                .get(&task_uri)
                .is_some_and(|d| d.generation == generation);
            let (changed, others_moved) = if current {
                let mut index = ws::write(&inner.workspace);
                let changed = index.update_open_refs(&key, &ws::prints_from_analysis(&analysis));
                // Other drafts indexed while this one was being linted did not see it in
                // the index, so they could not ask for this recheck: ask for it here.
                (changed, index.others_epoch(&key) != others_before)
            } else {
                (Vec::new(), false)
            };
            let indexed = started.elapsed();
            let affected = if changed.is_empty() {
                Vec::new()
            } else {
                ws::read(&inner.workspace).drafts_sharing(&changed, &key)
            };

            let mut analysis = analysis;
            let converting = std::time::Instant::now();
            let line_index = analysis
                .line_index
                .take()
                .unwrap_or_else(|| Arc::new(LineIndex::new(&text)));
            let related = ws::RelatedLocations::new(&inner.documents, encoding);
            let resolve = |path: &str, span: crate::lint::Span| related.resolve(path, span);
            let mut convert = to_proto::Diagnostics::new(to_proto::Published {
                uri: &task_uri,
                text: &text,
                index: &line_index,
                version,
                encoding,
                resolve: &resolve,
            });
            // Taken from the snapshot it replaces (which keeps nothing then).
            let before_json = published_before
                .as_ref()
                .map(|(before, _)| before.take_serialised())
                .unwrap_or_default();
            let previous = published_before.as_ref().and_then(|(before, diff)| {
                let unmoved = to_proto::Unmoved::of(
                    &before.text,
                    &before.line_index,
                    text.len(),
                    &line_index,
                    *diff,
                )?;
                Some(to_proto::Previous {
                    findings: &before.findings,
                    serialised: &before_json,
                    unmoved,
                })
            });
            // Serialised here, off the async threads, straight from the typed values.
            let (published, serialised) =
                to_proto::publish_message(&mut convert, &analysis.findings, previous.as_ref());
            // The snapshot copied from goes now (it is replaced below anyway).
            drop(published_before);
            drop(before_json);
            // Only a draft being edited keeps its diagnostics' JSON for the next publish
            // (a hundred open drafts kept 30 MB of it).
            let serialised = if warm {
                serialised
            } else {
                to_proto::Serialised::default()
            };
            let published_count = analysis.findings.len();
            tracing::debug!(
                %task_uri,
                version,
                blocks_analysed,
                findings = published_count,
                copied = serialised.copied(),
                lint_us = lint_done.as_micros() as u64,
                index_us = (indexed - lint_done).as_micros() as u64,
                total_us = started.elapsed().as_micros() as u64,
                convert_us = converting.elapsed().as_micros() as u64,
                "analysed"
            );
            let lint::Analysis {
                document,
                facts,
                findings,
                ..
            } = analysis;
            let snapshot = Snapshot::new(
                version,
                text,
                line_index,
                findings,
                serialised,
                &document.blocks,
            );
            // The snapshot is stored and the diagnostics written from this thread, under
            // the output's lock: a `publishDiagnostics` queued before (a closed draft's
            // empty list, say) goes out first, and one queued after, after. An analysis
            // overtaken by an edit publishes nothing.
            let previous = {
                let mut out = inner.outbox.output().lock();
                let previous = match inner.documents.get_mut(&task_uri) {
                    Some(mut doc) if doc.generation == generation => {
                        Some(doc.latest.replace(Arc::new(snapshot)))
                    }
                    _ => None,
                };
                if previous.is_some() && out.message(&published).is_err() {
                    tracing::debug!("output closed; diagnostics not sent");
                }
                previous
            };
            let current = previous.is_some();
            // The version this one replaced goes after the diagnostics are out, as does
            // this analysis's parse: a long draft's block list, facts and findings are
            // tens of thousands of values to let go of.
            drop(previous);
            drop((document, facts));
            (current, affected, others_moved, blocks_analysed)
        })
        .await;
        let (current, affected, others_moved, blocks_analysed) = match joined {
            Ok(result) => result,
            Err(error) => {
                tracing::error!(%uri, "analysis failed: {error}");
                return;
            }
        };
        // The index was updated from this analysis even if the result is now outdated, so
        // the drafts that share the changed paragraphs are re-checked either way.
        self.recheck_paths(&affected);
        if !current {
            return;
        }
        if others_moved {
            self.recheck_paths(&[ws::path_key(&uri)]);
        }
        if blocks_analysed >= memory::BIG_ANALYSIS_BLOCKS {
            // After the diagnostics are out, so no one waits for it.
            tokio::task::spawn_blocking(|| trim_memory(memory::QUIET_TRIMMED_CACHE));
        }
        self.release_memory_when_quiet();
    }

    /// Returns freed memory to the system once no analysis has run for
    /// `memory::QUIET_MS`, trims the engine threads' regex search caches once none has
    /// run for `memory::TRIM_MS`, and drops the caches altogether once none has run for
    /// `memory::IDLE_MS` (see `memory`).
    fn release_memory_when_quiet(&self) {
        let seen = self.inner.activity.bump();
        let inner = Arc::clone(&self.inner);
        tokio::spawn(async move {
            let mut waited = 0;
            for step in [QuietStep::Return, QuietStep::Trim, QuietStep::Idle] {
                let at = step.after_ms();
                tokio::time::sleep(Duration::from_millis(at - waited)).await;
                waited = at;
                if !inner.activity.still(seen) {
                    return;
                }
                let started = std::time::Instant::now();
                let idle = Arc::clone(&inner);
                let _ = tokio::task::spawn_blocking(move || step.run(&idle)).await;
                tracing::debug!(
                    elapsed_us = started.elapsed().as_micros() as u64,
                    "{}",
                    step.done()
                );
            }
        });
    }

    /// Marks `uri` as the draft in use; the draft that stops being one of the
    /// `memory::WARM_DRAFTS` most recent gives up its block cache.
    fn warm(&self, uri: &Url) {
        let Some(cold) = self.inner.recent.touch(uri) else {
            return;
        };
        let cache = match self.inner.documents.get(&cold) {
            Some(doc) => Arc::clone(&doc.cache),
            None => return,
        };
        // Its last diagnostics' JSON goes too (kept for the next keystroke's publish).
        let json = self
            .inner
            .documents
            .get(&cold)
            .and_then(|doc| doc.latest.as_ref().map(|latest| latest.take_serialised()));
        drop(json);
        // If an analysis holds it, that analysis sees the draft is cold and drops it.
        let evicted = match cache.try_lock() {
            Ok(mut guard) => std::mem::take(&mut *guard),
            Err(_) => return,
        };
        drop(evicted);
    }

    /// Re-analyses the open drafts among `paths` (their shared paragraphs changed).
    fn recheck_paths(&self, paths: &[String]) {
        if paths.is_empty() {
            return;
        }
        let uris: Vec<Url> = self
            .inner
            .documents
            .iter()
            .filter(|entry| paths.contains(&ws::path_key(entry.key())))
            .map(|entry| entry.key().clone())
            .collect();
        for uri in uris {
            if let Some(mut doc) = self.inner.documents.get_mut(&uri) {
                doc.generation += 1;
            }
            let delay = RECHECK_DELAY_MS.max(self.state().settings.debounce_ms());
            self.schedule_recheck(uri, delay);
        }
    }

    /// Indexes the workspace folders and boilerplate library in the background,
    /// reporting progress, then re-checks the open drafts.
    async fn index_workspace(&self) {
        let (roots, progress, library) = {
            let state = self.state();
            let library = state.settings.library.clone().unwrap_or_default();
            (state.roots.clone(), state.progress, library)
        };
        let token = NumberOrString::String("copydesk/indexing".to_string());
        if progress {
            let created = self
                .inner
                .client
                .send_request::<request::WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
                    token: token.clone(),
                })
                .await;
            if created.is_ok() {
                self.progress(
                    &token,
                    WorkDoneProgress::Begin(WorkDoneProgressBegin {
                        title: "copydesk: indexing drafts".into(),
                        cancellable: Some(false),
                        message: None,
                        percentage: Some(0),
                    }),
                )
                .await;
            }
        }
        let started = std::time::Instant::now();
        let files = tokio::task::spawn_blocking(move || ws::workspace_files(&roots))
            .await
            .unwrap_or_default();
        let (library_files, _) = crate::cli::walk_library(&library);
        let total = files.len() + library_files.len();
        let mut done = 0usize;
        for chunk in files.chunks(64) {
            let open: Vec<String> = self
                .inner
                .documents
                .iter()
                .map(|d| ws::path_key(d.key()))
                .collect();
            let chunk: Vec<PathBuf> = chunk.to_vec();
            let prints = tokio::task::spawn_blocking(move || {
                chunk
                    .into_iter()
                    .filter(|p| !open.contains(&p.display().to_string()))
                    .filter_map(|p| {
                        lint::on_worker(|| ws::prints_from_disk(&p)).map(|prints| (p, prints))
                    })
                    .collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default();
            // The write lock waits for every analysis reading the index (a long draft's
            // lint takes seconds): waited for on a blocking thread, not an async one.
            let inner = Arc::clone(&self.inner);
            let _ = tokio::task::spawn_blocking(move || {
                let mut index = ws::write(&inner.workspace);
                for (path, prints) in prints {
                    index.update(&path.display().to_string(), prints, false);
                }
            })
            .await;
            done += 64.min(total - done);
            if progress && total > 0 {
                self.progress(
                    &token,
                    WorkDoneProgress::Report(WorkDoneProgressReport {
                        cancellable: Some(false),
                        message: Some(format!("{done}/{total} drafts")),
                        percentage: Some((done * 100 / total) as u32),
                    }),
                )
                .await;
            }
        }
        let inner = Arc::clone(&self.inner);
        let indexed = tokio::task::spawn_blocking(move || {
            for path in library_files {
                if let Some(prints) = ws::prints_from_disk(&path) {
                    ws::write(&inner.workspace).update(&path.display().to_string(), prints, true);
                }
            }
            let mut index = ws::write(&inner.workspace);
            index.shrink_to_fit();
            index.len()
        })
        .await
        .unwrap_or_default();
        tracing::info!(
            indexed,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "workspace indexed"
        );
        if progress {
            self.progress(
                &token,
                WorkDoneProgress::End(WorkDoneProgressEnd {
                    message: Some(format!("{indexed} drafts indexed")),
                }),
            )
            .await;
        }
        self.recheck_all_open();
    }

    async fn progress(&self, token: &NumberOrString, value: WorkDoneProgress) {
        self.inner
            .client
            .send_notification::<notification::Progress>(ProgressParams {
                token: token.clone(),
                value: ProgressParamsValue::WorkDone(value),
            })
            .await;
    }

    /// Indexes `uris` as they are on disk (a file gone or unreadable leaves the index), all
    /// in one pass over the postings, skipping any opened meanwhile (the index holds their
    /// buffers), and re-checks the open drafts that shared what changed.
    fn reindex_from_disk(&self, uris: &[Url]) {
        let files: Vec<(String, Option<Vec<crate::lint::workspace::ParaPrint>>)> = uris
            .iter()
            .map(|uri| {
                let prints = uri
                    .to_file_path()
                    .ok()
                    .and_then(|p| ws::prints_from_disk(&p));
                (ws::path_key(uri), prints)
            })
            .collect();
        let changed = {
            let mut index = ws::write(&self.inner.workspace);
            let files = files
                .into_iter()
                .zip(uris)
                .filter(|(_, uri)| !self.inner.documents.contains_key(*uri))
                .map(|(file, _)| file)
                .collect();
            index.update_files(files)
        };
        if !changed.is_empty() {
            let affected = ws::read(&self.inner.workspace).drafts_sharing(&changed, "");
            self.recheck_paths(&affected);
        }
    }

    async fn pull_settings(&self) {
        if !self.state().pull_configuration {
            return;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("copydesk".to_string()),
        };
        match self.inner.client.configuration(vec![item]).await {
            Ok(values) => {
                if let Some(value) = values.into_iter().next().filter(|v| !v.is_null()) {
                    self.update_settings(&value).await;
                }
            }
            Err(error) => tracing::warn!("workspace/configuration failed: {error}"),
        }
    }

    async fn update_settings(&self, value: &Value) {
        let (settings, errors) = ClientSettings::from_json(value);
        self.state_mut().settings = settings;
        self.show_messages(
            errors
                .into_iter()
                .map(|e| format!("copydesk: {e}"))
                .collect(),
            MessageType::WARNING,
        )
        .await;
    }

    /// Current text and snapshot (analysing now if the latest is outdated).
    fn current_snapshot(&self, uri: &Url) -> Option<(i32, Arc<Snapshot>)> {
        // The text is copied only when there is no current snapshot (a code action is
        // asked for on every move of the cursor).
        let (version, text) = {
            let doc = self.inner.documents.get(uri)?;
            if let Some(snapshot) = doc.current_snapshot() {
                return Some((doc.version, snapshot));
            }
            (doc.version, doc.rope.to_string())
        };
        let (config, _) = self.config_for(uri);
        if text.len() > config.max_file_bytes {
            return None;
        }
        let analysis = lint::lint(&text, &config);
        let line_index = Arc::new(LineIndex::new(&text));
        Some((
            version,
            Arc::new(Snapshot::new(
                version,
                Arc::from(text),
                line_index,
                analysis.findings,
                // Not published, so nothing to copy from it.
                Default::default(),
                &analysis.document.blocks,
            )),
        ))
    }
}

/// Drafts linted at start-up on every worker thread (see [`warm_up`]): the test fixtures,
/// written for this project, exercise every rule family on varied copy.
const WARM_UP_DRAFTS: &[&str] = &[
    include_str!("../../examples/story.md"),
    include_str!("../../tests/fixtures/attribution/anonymous-source.md"),
    include_str!("../../tests/fixtures/attribution/editorializing.md"),
    include_str!("../../tests/fixtures/attribution/floating-quote.md"),
    include_str!("../../tests/fixtures/attribution/gold.md"),
    include_str!("../../tests/fixtures/attribution/loaded-verb.md"),
    include_str!("../../tests/fixtures/attribution/tense-mix.md"),
    include_str!("../../tests/fixtures/attribution/unattributed-claim.md"),
    include_str!("../../tests/fixtures/attribution/verb-order.md"),
    include_str!("../../tests/fixtures/attribution/weasel.md"),
    include_str!("../../tests/fixtures/boilerplate/credit.md"),
    include_str!("../../tests/fixtures/boilerplate/donation-appeal.md"),
    include_str!("../../tests/fixtures/boilerplate/duplicate-paragraph.md"),
    include_str!("../../tests/fixtures/boilerplate/duplicate-sentence.md"),
    include_str!("../../tests/fixtures/boilerplate/near-duplicate-paragraph.md"),
    include_str!("../../tests/fixtures/boilerplate/newsletter.md"),
    include_str!("../../tests/fixtures/boilerplate/related-links.md"),
    include_str!("../../tests/fixtures/boilerplate/share-ui.md"),
    include_str!("../../tests/fixtures/boilerplate/update-note.md"),
    include_str!("../../tests/fixtures/date/comma.md"),
    include_str!("../../tests/fixtures/date/decade-apostrophe.md"),
    include_str!("../../tests/fixtures/date/invalid.md"),
    include_str!("../../tests/fixtures/date/iso-in-body.md"),
    include_str!("../../tests/fixtures/date/month-abbrev.md"),
    include_str!("../../tests/fixtures/date/numeric-ambiguous.md"),
    include_str!("../../tests/fixtures/date/order.md"),
    include_str!("../../tests/fixtures/date/ordinal.md"),
    include_str!("../../tests/fixtures/date/relative.md"),
    include_str!("../../tests/fixtures/date/weekday-mismatch.md"),
    include_str!("../../tests/fixtures/time/am-pm.md"),
    include_str!("../../tests/fixtures/time/noon-midnight.md"),
    include_str!("../../tests/fixtures/time/zone.md"),
    include_str!("../../tests/fixtures/unit/conversion-mismatch.md"),
    include_str!("../../tests/fixtures/unit/currency-guardian.md"),
    include_str!("../../tests/fixtures/unit/currency.md"),
    include_str!("../../tests/fixtures/unit/mixed-system-equivalence.md"),
    include_str!("../../tests/fixtures/unit/mixed-system.md"),
    include_str!("../../tests/fixtures/unit/percent-form-guardian.md"),
    include_str!("../../tests/fixtures/unit/percent-form.md"),
    include_str!("../../tests/fixtures/unit/percentage-points.md"),
    include_str!("../../tests/fixtures/unit/spelling-variant-guardian.md"),
    include_str!("../../tests/fixtures/unit/spelling-variant.md"),
    include_str!("../../tests/fixtures/unit/temperature.md"),
];

/// What the server does when it has been quiet long enough (see `memory`).
#[derive(Clone, Copy)]
enum QuietStep {
    /// Returns freed memory to the system.
    Return,
    /// Trims the regex caches that grew, and returns freed memory.
    Trim,
    /// Drops every regex cache and the open drafts' document-rule states.
    Idle,
}

impl QuietStep {
    /// Quiet time after the last analysis before the step runs.
    fn after_ms(self) -> u64 {
        match self {
            QuietStep::Return => memory::QUIET_MS,
            QuietStep::Trim => memory::TRIM_MS,
            QuietStep::Idle => memory::IDLE_MS,
        }
    }

    fn done(self) -> &'static str {
        match self {
            QuietStep::Return => "returned free memory",
            QuietStep::Trim => "trimmed regex caches",
            QuietStep::Idle => "dropped regex caches and document-rule states",
        }
    }

    /// Runs the step (on a blocking thread).
    fn run(self, inner: &Inner) {
        match self {
            QuietStep::Return => {
                memory::release_free_memory();
            }
            QuietStep::Trim => {
                trim_memory(memory::QUIET_TRIMMED_CACHE);
            }
            QuietStep::Idle => {
                lint::on_every_worker(crate::re::release_caches);
                let caches: Vec<_> = inner
                    .documents
                    .iter()
                    .map(|doc| Arc::clone(&doc.cache))
                    .collect();
                for cache in caches {
                    // An analysis holding it is work, not idleness: leave that one.
                    if let Ok(mut cache) = cache.try_lock() {
                        cache.drop_document_states();
                    }
                }
                memory::release_free_memory();
            }
        }
    }
}

/// Drops the regex search caches over `limit` bytes on every engine thread, then returns
/// freed memory (theirs and the analyses' garbage) to the system.
fn trim_memory(limit: usize) -> bool {
    lint::on_every_worker(|| crate::re::trim_caches(limit));
    memory::release_free_memory()
}

/// Compiles the rules' regexes (lazily built statics) while the client finishes its
/// handshake, so the first `didOpen` does not pay for them, and lints a sample on every
/// engine worker thread: the regex crate keeps its lazy-DFA caches per thread, and the
/// analyses run on those threads.
fn warm_up() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        let spawned = std::thread::Builder::new()
            .name("copydesk-warm-up".into())
            .spawn(|| {
                lint::on_every_worker(|| {
                    let sample =
                        "# Council Weighs Bridge Plan\n\nBy Dana Reyes | March 3, 2025\n\n\
                    “We will not wait,” the mayor said on Monday. Officials said costs rose \
                    12 percent, according to a report. Sources say the plan is the biggest \
                    ever. Sign up for our newsletter. (Photo: City of Easton)\n\n\
                    - See also: https://example.org/story\n";
                    crate::rules::attribution::clauses::compile_all_patterns();
                    let _ = lint::lint(sample, &Config::default());
                    // The example story and the fixtures exercise every rule family, so nearly
                    // every lazily compiled pattern is ready, and the lazy DFAs have met common
                    // English, before the first draft opens (a cold first open of a 60 KB story
                    // took a third longer).
                    let guardian = Config {
                        style: crate::config::Style::Guardian,
                        ..Config::default()
                    };
                    let _ = lint::lint(WARM_UP_DRAFTS[0], &guardian);
                    for draft in WARM_UP_DRAFTS {
                        let _ = lint::lint(draft, &Config::default());
                    }
                });
                // The samples' analyses are garbage now.
                memory::release_free_memory();
            });
        if let Err(error) = spawned {
            tracing::warn!("could not start the warm-up thread: {error}");
        }
    });
}

fn negotiate_encoding(params: &InitializeParams) -> PositionEncoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
        PositionEncoding::Utf8
    } else {
        PositionEncoding::Utf16
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        warm_up();
        let encoding = negotiate_encoding(&params);
        {
            let mut state = self.state_mut();
            state.encoding = encoding;
            let workspace = params.capabilities.workspace.as_ref();
            state.versioned_edits = workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false);
            state.pull_configuration = workspace.and_then(|w| w.configuration).unwrap_or(false);
            state.snippet_command = params
                .capabilities
                .experimental
                .as_ref()
                .and_then(|e| e.get(code_actions::SNIPPET_CAPABILITY))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            state.dynamic_watchers = workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            state.progress = params
                .capabilities
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false);
            #[allow(deprecated)]
            let root_uri = params.root_uri.clone();
            let folders: Vec<Url> = match &params.workspace_folders {
                Some(folders) => folders.iter().map(|f| f.uri.clone()).collect(),
                None => root_uri.into_iter().collect(),
            };
            state.roots = folders
                .iter()
                .filter_map(|u| u.to_file_path().ok())
                .collect();
            if let Some(options) = &params.initialization_options {
                let (settings, errors) = ClientSettings::from_json(options);
                state.settings = settings;
                state
                    .pending_messages
                    .extend(errors.into_iter().map(|e| format!("copydesk: {e}")));
            }
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(match encoding {
                    PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
                    PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, fix_all_kind()]),
                        resolve_provider: Some(false),
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    },
                )),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![EXPLAIN_RULE_COMMAND.to_string()],
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "copydesk".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let pending = std::mem::take(&mut self.state_mut().pending_messages);
        self.show_messages(pending, MessageType::WARNING).await;
        self.pull_settings().await;
        if self.state().dynamic_watchers {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: [
                    "**/*.md",
                    "**/*.markdown",
                    "**/copydesk.toml",
                    "**/.copydesk.toml",
                ]
                .iter()
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(glob.to_string()),
                    kind: None,
                })
                .collect(),
            };
            let registration = Registration {
                id: "copydesk-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(error) = self
                .inner
                .client
                .register_capability(vec![registration])
                .await
            {
                tracing::warn!("could not register file watchers: {error}");
            }
        }
        let this = self.clone();
        tokio::spawn(async move { this.index_workspace().await });
        tracing::info!("copydesk {} ready", env!("CARGO_PKG_VERSION"));
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.inner
            .documents
            .insert(doc.uri.clone(), OpenDocument::new(&doc.text, doc.version));
        self.warm(&doc.uri);
        self.schedule(doc.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Synchronous until `schedule`: no `.await` may come before the edits are applied.
        let uri = params.text_document.uri;
        let encoding = self.state().encoding;
        {
            let Some(mut doc) = self.inner.documents.get_mut(&uri) else {
                tracing::warn!(%uri, "didChange for a document that is not open; ignored");
                return;
            };
            for change in &params.content_changes {
                if doc.apply_change(change, encoding) {
                    tracing::warn!(%uri, range = ?change.range, "edit range outside the document or reversed; clamped");
                }
            }
            if params.text_document.version < doc.version {
                tracing::warn!(%uri, old = doc.version, new = params.text_document.version, "document version went backwards");
            }
            doc.version = params.text_document.version;
            doc.generation += 1;
        }
        self.warm(&uri);
        self.schedule(uri);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if is_config_file(&params.text_document.uri) {
            self.reload_configs();
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.inner.documents.remove(&params.text_document.uri);
        self.inner.recent.remove(&params.text_document.uri);
        // The buffer may have held unsaved text: the index goes back to the file on disk.
        self.reindex_from_disk(std::slice::from_ref(&params.text_document.uri));
        self.publish_clear(&params.text_document.uri, None);
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let has_section = params.settings.get("copydesk").is_some();
        if has_section {
            self.update_settings(&params.settings).await;
        } else {
            self.pull_settings().await;
        }
        self.schedule_all();
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        if params.changes.iter().any(|c| is_config_file(&c.uri)) {
            self.reload_configs();
        }
        let drafts: Vec<Url> = params
            .changes
            .iter()
            .filter(|change| {
                let path = change.uri.path();
                (path.ends_with(".md") || path.ends_with(".markdown"))
                    && !self.inner.documents.contains_key(&change.uri)
            })
            .map(|change| change.uri.clone())
            .collect();
        if drafts.is_empty() {
            return;
        }
        // Reading, fingerprinting and re-indexing many files (a `git pull`; a changed file
        // costs a pass over the postings) is work for a blocking thread, not for the
        // threads that answer the editor.
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.reindex_from_disk(&drafts));
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = &params.text_document.uri;
        let Some(version) = self.inner.documents.get(uri).map(|d| d.version) else {
            return Ok(None);
        };
        let wants = |kind: &CodeActionKind| {
            params
                .context
                .only
                .as_ref()
                .is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
        };
        let (versioned, snippet_command) = {
            let state = self.state();
            (state.versioned_edits, state.snippet_command)
        };
        let mut actions = Vec::new();
        if wants(&CodeActionKind::QUICKFIX) {
            let snapshot = self
                .inner
                .documents
                .get(uri)
                .and_then(|d| d.current_snapshot());
            let encoding = self.state().encoding;
            // The fixes of the finding a diagnostic names, from the snapshot of the version
            // it was published for, if that finding is still the diagnostic's (same rule,
            // same range).
            let fixes_of = |diagnostic: &Diagnostic, data: &to_proto::DiagnosticData| {
                let snapshot = snapshot.as_ref().filter(|s| s.version == data.version)?;
                let finding = snapshot
                    .findings
                    .get(data.finding)
                    .filter(|f| f.rule == data.rule)?;
                let range =
                    to_proto::range(&snapshot.line_index, &snapshot.text, finding.span, encoding);
                (range == diagnostic.range).then(|| {
                    to_proto::fixes(&snapshot.text, &snapshot.line_index, finding, encoding)
                })
            };
            actions = code_actions::quick_fixes(
                uri,
                version,
                &params.context.diagnostics,
                versioned,
                snippet_command,
                fixes_of,
                |diagnostic| {
                    let line = snapshot
                        .as_ref()
                        .and_then(|s| {
                            let start = TextPosition {
                                line: diagnostic.range.start.line,
                                character: diagnostic.range.start.character,
                            };
                            let offset = s.line_index.offset(&s.text, start, encoding);
                            let block = s.block_at(offset)?;
                            Some(s.line_index.line_of(block.start) as u32)
                        })
                        .unwrap_or(diagnostic.range.start.line);
                    Position::new(line, 0)
                },
            );
        }
        if wants(&fix_all_kind()) {
            if let Some(action) = self.fix_all_action(uri, versioned) {
                actions.push(action);
            }
        }
        Ok(Some(actions))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = &params.text_document_position_params.text_document.uri;
        let position = params.text_document_position_params.position;
        let encoding = self.state().encoding;
        let Some((_, snapshot)) = self.current_snapshot(uri) else {
            return Ok(None);
        };
        let (config, _) = self.config_for(uri);
        let pos = TextPosition {
            line: position.line,
            character: position.character,
        };
        let offset = snapshot.line_index.offset(&snapshot.text, pos, encoding);
        let mut parts = Vec::new();
        let mut span = None;
        let document = crate::document::Document::parse(&snapshot.text);
        if let Some(hover) = lint::hover(&snapshot.text, &document, &config, offset) {
            parts.push(hover.markdown);
            span = Some(hover.span);
        }
        for finding in snapshot
            .findings
            .iter()
            .filter(|f| f.span.start <= offset && offset < f.span.end.max(f.span.start + 1))
        {
            if let Some(rule) = registry::find(finding.rule) {
                parts.push(format!(
                    "**{}**: {}\n\n{}",
                    finding.rule,
                    rule.meta().summary,
                    rule.meta().explanation()
                ));
                span.get_or_insert(finding.span);
            }
        }
        if parts.is_empty() {
            return Ok(None);
        }
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range: span.map(|s| to_proto::range(&snapshot.line_index, &snapshot.text, s, encoding)),
        }))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        if params.command != EXPLAIN_RULE_COMMAND {
            return Err(Error::invalid_params(format!(
                "unknown command `{}`",
                params.command
            )));
        }
        let Some(id) = params.arguments.first().and_then(Value::as_str) else {
            return Err(Error::invalid_params("expected a rule id argument"));
        };
        match registry::find(id) {
            Some(rule) => Ok(Some(Value::String(format!(
                "# {}\n\n{}\n\n{}",
                id,
                rule.meta().summary,
                rule.meta().explanation()
            )))),
            None => Err(Error::invalid_params(format!("unknown rule `{id}`"))),
        }
    }
}

impl Backend {
    fn reload_configs(&self) {
        {
            let mut state = self.state_mut();
            state.file_configs.clear();
            state.reported.clear();
        }
        self.schedule_all();
    }

    fn fix_all_action(&self, uri: &Url, versioned: bool) -> Option<CodeActionOrCommand> {
        let (version, text) = {
            let doc = self.inner.documents.get(uri)?;
            (doc.version, doc.rope.to_string())
        };
        let (config, _) = self.config_for(uri);
        if text.len() > config.max_file_bytes {
            return None;
        }
        let outcome = fix_text(&text, &config, FixMode::Safe);
        if outcome.text == text {
            return None;
        }
        let (start, end, new_text) = minimal_edit(&text, &outcome.text);
        let index = LineIndex::new(&text);
        let encoding = self.state().encoding;
        let range = to_proto::range(&index, &text, crate::lint::Span::new(start, end), encoding);
        Some(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Fix all safe copydesk findings ({})", outcome.applied),
            kind: Some(fix_all_kind()),
            edit: Some(code_actions::document_edit(
                uri,
                version,
                vec![TextEdit::new(range, new_text)],
                versioned,
            )),
            ..CodeAction::default()
        }))
    }
}

fn is_config_file(uri: &Url) -> bool {
    uri.path()
        .rsplit('/')
        .next()
        .is_some_and(|name| crate::config::CONFIG_FILE_NAMES.contains(&name))
}
