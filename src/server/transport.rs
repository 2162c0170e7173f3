//! A guard in front of tower-lsp's stdin. tower-lsp (through tokio-util's `FramedRead`)
//! stops reading for good after the first undecodable message, which would end the server
//! on one client mistake. This task re-frames the byte stream, drops what cannot be a
//! JSON-RPC message (bad JSON, bad or huge `Content-Length`, garbage between messages),
//! repairs lone UTF-16 surrogate escapes, logs each problem, and passes only well-formed
//! messages on.

use serde::Deserialize;
use std::io::Write;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};

/// Largest message accepted (a generous bound for a draft in a `didOpen`).
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

/// Input buffer capacity kept between messages.
const KEEP_BUFFER_BYTES: usize = 256 * 1024;

/// What the framer found at the front of the buffer.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A well-formed message body.
    Message(Vec<u8>),
    /// Bytes dropped, with the reason.
    Dropped(String),
}

/// Set when the client sent `exit` without a `shutdown` first: the LSP exit code is 1.
pub static EXIT_WITHOUT_SHUTDOWN: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Set once the client's `exit` notification has been passed on.
static EXIT_REQUESTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The `method` of a well-formed message, if it has one.
fn method_of(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<Envelope<'_>>(body)
        .ok()?
        .method
        .map(|m| m.into_owned())
}

/// Spawns the guard task and returns the sanitised stream for tower-lsp. After the
/// client's `exit` notification the stream ends, so the server stops even when the client
/// keeps its end of the pipe open.
pub fn guarded<R: AsyncRead + Unpin + Send + 'static>(mut input: R) -> tokio::io::DuplexStream {
    let (reader, mut writer) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let mut buffer = Vec::new();
        let mut chunk = vec![0u8; 1 << 16];
        let mut shutdown_requested = false;
        'outer: loop {
            while let Some(frame) = next_frame(&mut buffer) {
                match frame {
                    Frame::Message(body) => {
                        // Only short messages can be `shutdown` or `exit`; skip parsing big ones.
                        let method = if body.len() < 512 {
                            method_of(&body)
                        } else {
                            None
                        };
                        let header = format!("Content-Length: {}\r\n\r\n", body.len());
                        if writer.write_all(header.as_bytes()).await.is_err()
                            || writer.write_all(&body).await.is_err()
                        {
                            return;
                        }
                        match method.as_deref() {
                            Some("shutdown") => shutdown_requested = true,
                            Some("exit") => {
                                EXIT_WITHOUT_SHUTDOWN.store(
                                    !shutdown_requested,
                                    std::sync::atomic::Ordering::SeqCst,
                                );
                                EXIT_REQUESTED.store(true, std::sync::atomic::Ordering::SeqCst);
                                break 'outer;
                            }
                            _ => {}
                        }
                    }
                    Frame::Dropped(reason) => {
                        tracing::error!("dropped a malformed LSP message: {reason}")
                    }
                }
            }
            // A large message (a whole draft in `didOpen`) leaves a large buffer behind:
            // give it back rather than hold it for the session.
            if buffer.is_empty() && buffer.capacity() > KEEP_BUFFER_BYTES {
                buffer = Vec::new();
            }
            match input.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        let exited = EXIT_REQUESTED.load(std::sync::atomic::Ordering::SeqCst);
        let _ = writer.shutdown().await;
        if exited {
            // tower-lsp's serve loop may still wait on a request the client will never
            // answer; after `exit` nothing more is owed to the client, so end the process
            // once tower-lsp has had a moment to see the notification.
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            let code = i32::from(EXIT_WITHOUT_SHUTDOWN.load(std::sync::atomic::Ordering::SeqCst));
            std::process::exit(code);
        }
    });
    reader
}

/// The server's standard output, shared: every message is written whole under its lock,
/// so messages from tower-lsp and the backend's own never interleave. Writes block; they
/// run on blocking threads, never on the async workers (a client that stops reading
/// would stall them).
#[derive(Clone)]
pub struct Output(Arc<Mutex<Box<dyn Write + Send>>>);

impl Output {
    /// An output writing to `out`.
    pub fn new(out: impl Write + Send + 'static) -> Output {
        Output(Arc::new(Mutex::new(Box::new(out))))
    }

    /// The writer, locked: what the holder writes goes out between whole messages.
    pub fn lock(&self) -> OutputGuard<'_> {
        OutputGuard(self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// [`Output`] locked.
pub struct OutputGuard<'a>(MutexGuard<'a, Box<dyn Write + Send>>);

impl OutputGuard<'_> {
    /// Writes one message, header and `body`, and flushes.
    pub fn message(&mut self, body: &[u8]) -> std::io::Result<()> {
        write!(self.0, "Content-Length: {}\r\n\r\n", body.len())?;
        self.0.write_all(body)?;
        self.0.flush()
    }

    /// Writes bytes that are whole messages already (tower-lsp's), and flushes.
    fn whole(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.0.write_all(bytes)?;
        self.0.flush()
    }
}

/// Room asked for in the pipe to the client (Linux: `F_SETPIPE_SZ`), or the system's
/// limit for unprivileged processes if lower (`/proc/sys/fs/pipe-max-size`, 1 MB by
/// default).
pub const OUTPUT_PIPE_BYTES: usize = 1 << 20;

/// The pipe size [`widen_output_pipe`] asks for on this system.
pub fn output_pipe_target() -> usize {
    std::fs::read_to_string("/proc/sys/fs/pipe-max-size")
        .ok()
        .and_then(|max| max.trim().parse::<usize>().ok())
        .map_or(OUTPUT_PIPE_BYTES, |max| max.min(OUTPUT_PIPE_BYTES))
}

/// Widens the pipe on standard output, when it is one (see [`output_pipe_target`]): a
/// 1 MB draft's diagnostics (about 230 KB of JSON) then go out in one write the client
/// reads in one go, instead of four 64 KB rounds in which each side waits to be woken by
/// the other (a tenth of a keystroke in that draft). Returns the pipe's size, if it
/// could be set.
pub fn widen_output_pipe() -> Option<usize> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let bytes = libc::c_int::try_from(output_pipe_target()).ok()?;
        // SAFETY: fcntl on the process's standard output changes only the pipe's buffer
        // size (it fails harmlessly when the descriptor is not a pipe).
        let size = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_SETPIPE_SZ, bytes) };
        usize::try_from(size).ok()
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        None
    }
}

/// Where the backend sends the messages it serialised itself
/// (`textDocument/publishDiagnostics`: tower-lsp turns every notification into a
/// `serde_json::Value` tree first, which for a draft with hundreds of findings cost more
/// than linting it).
#[derive(Clone)]
pub struct Outbox {
    queue: tokio::sync::mpsc::UnboundedSender<Vec<u8>>,
    output: Output,
}

impl Outbox {
    /// Queues `body` for the output task (from async code: returns at once). Messages
    /// queued go out in the order they were queued.
    pub fn send(&self, body: Vec<u8>) -> bool {
        self.queue.send(body).is_ok()
    }

    /// The output itself, for a blocking thread to write a message without handing it
    /// to the output task: an analysis's diagnostics go out from the thread that made
    /// them, instead of waking the output task and then a blocking thread per 64 KB
    /// (half a millisecond of a 1 MB draft's keystroke on two cores).
    pub fn output(&self) -> &Output {
        &self.output
    }
}

/// The server's output: tower-lsp's messages, and between them those the backend sends
/// through the [`Outbox`] or writes to the [`Output`] itself. Returns the stream to give
/// tower-lsp, the outbox, and the task, which ends (after writing everything) once
/// tower-lsp drops its stream.
pub fn muxed_output(out: Output) -> (tokio::io::DuplexStream, Outbox, tokio::task::JoinHandle<()>) {
    let (server_side, mut from_server) = tokio::io::duplex(1 << 16);
    let (sender, mut extra) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    let outbox = Outbox {
        queue: sender,
        output: out.clone(),
    };
    // Each write on a blocking thread; the task waits for it, so messages keep their order.
    let write = move |job: WriteJob| {
        let out = out.clone();
        async move {
            matches!(
                tokio::task::spawn_blocking(move || job(&mut out.lock())).await,
                Ok(Ok(()))
            )
        }
    };
    let task = tokio::spawn(async move {
        let mut pending = Vec::new();
        let mut chunk = vec![0u8; 1 << 16];
        let mut extra_open = true;
        loop {
            tokio::select! {
                read = from_server.read(&mut chunk) => {
                    let n = match read {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    pending.extend_from_slice(&chunk[..n]);
                    // Only whole messages go out, so one of ours never lands inside one.
                    let mut whole = 0;
                    while let Some(len) = complete_message_len(&pending[whole..]) {
                        whole += len;
                    }
                    if whole > 0 {
                        // The whole messages go to the writer as they are (usually the
                        // buffer is nothing else), with their room: a large response (a
                        // fix-all edit) leaves none behind.
                        let rest = pending.split_off(whole);
                        let bytes = std::mem::replace(&mut pending, rest);
                        if !write(Box::new(move |out| out.whole(&bytes))).await {
                            break;
                        }
                    }
                }
                body = extra.recv(), if extra_open => {
                    let Some(body) = body else {
                        extra_open = false;
                        continue;
                    };
                    if !write(Box::new(move |out| out.message(&body))).await {
                        break;
                    }
                }
            }
        }
        if !pending.is_empty() {
            write(Box::new(move |out| out.whole(&pending))).await;
        }
        // What was queued before tower-lsp closed its stream goes out too.
        while let Ok(body) = extra.try_recv() {
            if !write(Box::new(move |out| out.message(&body))).await {
                break;
            }
        }
    });
    (server_side, outbox, task)
}

/// A write the output task hands to a blocking thread.
type WriteJob = Box<dyn FnOnce(&mut OutputGuard<'_>) -> std::io::Result<()> + Send>;

/// Length of the first message in `bytes` (header and body) if it is all there. tower-lsp
/// writes `Content-Length: N` CR LF CR LF and the body; anything unparseable counts as
/// incomplete, so it waits (and is flushed as it is at the end).
fn complete_message_len(bytes: &[u8]) -> Option<usize> {
    let header_end = find(bytes, b"\r\n\r\n")? + 4;
    let header = std::str::from_utf8(&bytes[..header_end]).ok()?;
    let length: usize = header.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())?
    })?;
    let total = header_end.checked_add(length)?;
    (bytes.len() >= total).then_some(total)
}

/// Bytes at the end of an incomplete body searched for an embedded header.
const RESYNC_WINDOW: usize = 160 * 1024;

/// The start of a complete `Content-Length: N` header block (ending in CR LF CR LF) in
/// `bytes`, if any.
fn embedded_header(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = find(&bytes[from..], b"Content-Length:") {
        let start = from + at;
        let rest = &bytes[start + b"Content-Length:".len()..];
        let digits = rest.trim_ascii_start();
        let n = digits.iter().take_while(|b| b.is_ascii_digit()).count();
        if n > 0 && digits[n..].starts_with(b"\r\n") {
            let after = &digits[n..];
            // Other header lines may follow; the block must end before any quote.
            if let Some(end) = find(after, b"\r\n\r\n") {
                if !after[..end].contains(&b'"') {
                    return Some(start);
                }
            }
        }
        from = start + 1;
    }
    None
}

/// The first occurrence of `needle` in `haystack`. Vectorised: while a large message
/// arrives, the tail of its pending body is searched for an embedded header on every
/// chunk read, and a window-by-window comparison made that 2 ms of a 1 MB `didOpen`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// Takes the next frame off the front of `buffer`, or `None` when more input is needed.
pub fn next_frame(buffer: &mut Vec<u8>) -> Option<Frame> {
    if buffer.is_empty() {
        return None;
    }
    // Skip garbage before a header.
    if !buffer.starts_with(b"Content-") {
        let skip = match find(buffer, b"Content-Length") {
            Some(at) => at,
            None if buffer.len() > 64 * 1024 => buffer.len(),
            None if buffer.iter().all(u8::is_ascii_whitespace) => buffer.len(),
            None => return None,
        };
        if skip > 0 {
            let dropped: Vec<u8> = buffer.drain(..skip).collect();
            let shown = String::from_utf8_lossy(&dropped[..dropped.len().min(60)])
                .trim()
                .to_string();
            if shown.is_empty() {
                return next_frame(buffer);
            }
            return Some(Frame::Dropped(format!(
                "{} stray bytes before a header: {shown:?}",
                dropped.len()
            )));
        }
    }
    let Some(header_end) = find(buffer, b"\r\n\r\n") else {
        if buffer.len() > 8 * 1024 {
            let at = find(&buffer[1..], b"Content-Length").map_or(buffer.len(), |p| p + 1);
            buffer.drain(..at);
            return Some(Frame::Dropped("header without an end".into()));
        }
        return None;
    };
    let headers = String::from_utf8_lossy(&buffer[..header_end]).to_string();
    let length = headers.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse::<usize>().ok())?
    });
    let body_start = header_end + 4;
    let Some(length) = length.filter(|&l| l <= MAX_MESSAGE_BYTES) else {
        buffer.drain(..body_start);
        return Some(Frame::Dropped(format!(
            "bad Content-Length in headers {headers:?}"
        )));
    };
    if buffer.len() < body_start + length {
        // A Content-Length too long swallows the messages after it, and the client then
        // waits for answers that never come. A complete header inside the pending body
        // gives it away: raw CR LF CR LF cannot occur inside a JSON string, nor a
        // `Content-Length:` line outside one. Only the recent tail is searched (input
        // arrives in chunks of at most 64 KiB), so a big message stays linear.
        let tail_from = buffer.len().saturating_sub(RESYNC_WINDOW).max(body_start);
        if let Some(at) = embedded_header(&buffer[tail_from..]) {
            let header_at = tail_from + at;
            let prefix = buffer[body_start..header_at].trim_ascii().to_vec();
            buffer.drain(..header_at);
            if is_json_rpc(&prefix) {
                tracing::warn!("Content-Length {length} too long; message ends at the next header");
                return Some(Frame::Message(prefix));
            }
            return Some(Frame::Dropped(format!(
                "Content-Length {length} too long and the body is not a message"
            )));
        }
        return None;
    }
    let mut body: Vec<u8> = buffer[body_start..body_start + length].to_vec();
    if let Some(repaired) = repair_lone_surrogates(&body) {
        tracing::warn!("replaced lone UTF-16 surrogate escapes with U+FFFD");
        body = repaired;
    }
    if is_json_rpc(&body) {
        buffer.drain(..body_start + length);
        return Some(Frame::Message(body));
    }
    // A wrong Content-Length: resynchronise at the next header inside the body, if any.
    let consumed = match find(&body, b"Content-Length") {
        Some(at) => body_start + at,
        None => body_start + length,
    };
    let preview = String::from_utf8_lossy(&body[..body.len().min(60)]).to_string();
    buffer.drain(..consumed);
    Some(Frame::Dropped(format!(
        "body is not a JSON object: {preview:?}"
    )))
}

/// The shape tower-lsp accepts: `jsonrpc: "2.0"` and either a `method` (request or
/// notification) or an `id` with `result` or `error` (a response to our request).
#[derive(serde::Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    jsonrpc: std::borrow::Cow<'a, str>,
    #[serde(borrow, default)]
    method: Option<std::borrow::Cow<'a, str>>,
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "present")]
    result: bool,
    #[serde(default, deserialize_with = "present")]
    error: bool,
}

/// True when the field is present, whatever its value (`null` included).
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    serde::de::IgnoredAny::deserialize(deserializer).map(|_| true)
}

fn is_json_rpc(body: &[u8]) -> bool {
    let Ok(envelope) = serde_json::from_slice::<Envelope<'_>>(body) else {
        return false;
    };
    let id_ok = envelope
        .id
        .as_ref()
        .is_none_or(|id| id.is_null() || id.is_string() || id.is_i64() || id.is_u64());
    envelope.jsonrpc == "2.0"
        && id_ok
        && (envelope.method.is_some()
            || (envelope.id.is_some() && (envelope.result || envelope.error)))
}

/// Replaces `\uD800`–`\uDFFF` escapes that are not a valid surrogate pair with `\uFFFD`.
/// Returns `None` when there was nothing to repair.
fn repair_lone_surrogates(body: &[u8]) -> Option<Vec<u8>> {
    let hex = |at: usize| -> Option<u16> {
        let digits = std::str::from_utf8(body.get(at..at + 4)?).ok()?;
        u16::from_str_radix(digits, 16).ok()
    };
    // Nearly every message has no surrogate escape at all (clients send text as UTF-8):
    // one vectorised search for `\u` tells, without copying a whole draft byte by byte.
    let surrogate_at = |at: usize| hex(at + 2).is_some_and(|unit| (0xD800..0xE000).contains(&unit));
    if !memchr::memmem::find_iter(body, b"\\u").any(surrogate_at) {
        return None;
    }
    let mut out = Vec::with_capacity(body.len());
    let mut changed = false;
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'\\' && i + 1 < body.len() {
            if body[i + 1] == b'u' {
                if let Some(unit) = hex(i + 2) {
                    let is_high = (0xD800..0xDC00).contains(&unit);
                    let is_low = (0xDC00..0xE000).contains(&unit);
                    let pair_follows = body.get(i + 6) == Some(&b'\\')
                        && body.get(i + 7) == Some(&b'u')
                        && hex(i + 8).is_some_and(|next| (0xDC00..0xE000).contains(&next));
                    if is_high && pair_follows {
                        out.extend_from_slice(&body[i..i + 12]);
                        i += 12;
                        continue;
                    }
                    if is_high || is_low {
                        out.extend_from_slice(b"\\uFFFD");
                        changed = true;
                        i += 6;
                        continue;
                    }
                }
            }
            out.extend_from_slice(&body[i..i + 2]);
            i += 2;
            continue;
        }
        out.push(body[i]);
        i += 1;
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut buffer = input.to_vec();
        std::iter::from_fn(|| next_frame(&mut buffer)).collect()
    }

    fn message(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    #[test]
    fn complete_message_length() {
        let one = message(r#"{"a":1}"#);
        assert_eq!(complete_message_len(&one), Some(one.len()));
        assert_eq!(complete_message_len(&one[..one.len() - 1]), None);
        assert_eq!(complete_message_len(b"Content-Length: 3\r\n"), None);
        let mut two = one.clone();
        two.extend(message("{}"));
        assert_eq!(complete_message_len(&two), Some(one.len()));
    }

    /// A writer keeping everything written.
    #[derive(Clone, Default)]
    struct Recorder(Arc<Mutex<Vec<u8>>>);

    impl Write for Recorder {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Recorder {
        /// The message bodies written, in order; panics on a broken frame.
        fn bodies(&self) -> Vec<String> {
            frames(&self.0.lock().unwrap())
                .into_iter()
                .map(|f| match f {
                    Frame::Message(body) => String::from_utf8(body).unwrap(),
                    Frame::Dropped(reason) => panic!("broken output: {reason}"),
                })
                .collect()
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn muxed_output_keeps_messages_whole() {
        let recorder = Recorder::default();
        let (mut to_mux, outbox, task) = muxed_output(Output::new(recorder.clone()));
        let first = message(r#"{"jsonrpc":"2.0","id":1,"result":"first"}"#);
        let second = message(r#"{"jsonrpc":"2.0","id":2,"result":"second"}"#);
        // tower-lsp's first message arrives in two pieces; one of ours is queued and one
        // written directly in between.
        to_mux.write_all(&first[..10]).await.unwrap();
        to_mux.flush().await.unwrap();
        tokio::task::yield_now().await;
        assert!(outbox.send(br#"{"jsonrpc":"2.0","method":"queued"}"#.to_vec()));
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let direct = outbox.output().clone();
        tokio::task::spawn_blocking(move || {
            direct
                .lock()
                .message(br#"{"jsonrpc":"2.0","method":"direct"}"#)
                .unwrap()
        })
        .await
        .unwrap();
        to_mux.write_all(&first[10..]).await.unwrap();
        to_mux.write_all(&second).await.unwrap();
        drop(to_mux);
        task.await.unwrap();
        let bodies = recorder.bodies();
        assert_eq!(bodies.len(), 4, "{bodies:?}");
        assert!(bodies[0].contains("queued"), "{bodies:?}");
        assert!(bodies[1].contains("direct"), "{bodies:?}");
        assert!(bodies[2].contains("first") && bodies[3].contains("second"));
    }

    /// Large messages written at once from several threads and through the task come
    /// out whole, each thread's in its order.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn large_messages_from_several_threads_go_out_whole() {
        let recorder = Recorder::default();
        let (mut to_mux, outbox, task) = muxed_output(Output::new(recorder.clone()));
        let big = |tag: &str, n: usize| {
            format!(
                r#"{{"jsonrpc":"2.0","method":"{tag}","params":"{}"}}"#,
                n.to_string().repeat(100_000)
            )
        };
        let writers: Vec<_> = ["a", "b"]
            .into_iter()
            .map(|tag| {
                let output = outbox.output().clone();
                std::thread::spawn(move || {
                    for n in 0..5 {
                        output.lock().message(big(tag, n).as_bytes()).unwrap();
                    }
                })
            })
            .collect();
        for n in 0..5 {
            assert!(outbox.send(big("queued", n).into_bytes()));
            to_mux.write_all(&message(&big("theirs", n))).await.unwrap();
        }
        for writer in writers {
            writer.join().unwrap();
        }
        drop(to_mux);
        task.await.unwrap();
        let bodies = recorder.bodies();
        assert_eq!(bodies.len(), 20);
        for tag in ["a", "b", "queued", "theirs"] {
            let of_tag: Vec<&String> = bodies
                .iter()
                .filter(|b| b.contains(&format!(r#""method":"{tag}""#)))
                .collect();
            let expected: Vec<String> = (0..5).map(|n| big(tag, n)).collect();
            assert_eq!(of_tag, expected.iter().collect::<Vec<_>>(), "{tag}");
        }
    }

    #[test]
    fn passes_good_messages_and_drops_bad_ones() {
        let mut input = message(r#"{"jsonrpc":"2.0","method":"a"}"#);
        input.extend(b"Content-Length: 9\r\n\r\n{garbage}");
        input.extend(message(
            r#"{"jsonrpc":"2.0","method":"b","params":{"x":[1]}}"#,
        ));
        input.extend(message(r#"{"jsonrpc":"2.0","params":7}"#));
        input.extend(message(r#"{"jsonrpc":"2.0","id":3,"result":null}"#));
        let out = frames(&input);
        assert_eq!(out.len(), 5);
        assert_eq!(
            out[0],
            Frame::Message(br#"{"jsonrpc":"2.0","method":"a"}"#.to_vec())
        );
        assert!(matches!(out[1], Frame::Dropped(_)));
        assert!(matches!(out[2], Frame::Message(_)));
        assert!(matches!(out[3], Frame::Dropped(_)));
        assert!(matches!(out[4], Frame::Message(_)));
    }

    #[test]
    fn resynchronises_after_a_wrong_content_length() {
        let mut input = b"Content-Length: 60\r\n\r\n{\"a\":1}".to_vec();
        input.extend(message(r#"{"jsonrpc":"2.0","method":"b"}"#));
        input.extend(message(r#"{"jsonrpc":"2.0","method":"c"}"#));
        let out = frames(&input);
        assert!(matches!(out[0], Frame::Dropped(_)));
        assert!(out.contains(&Frame::Message(
            br#"{"jsonrpc":"2.0","method":"c"}"#.to_vec()
        )));
    }

    #[test]
    fn a_content_length_too_long_ends_at_the_next_header() {
        // Regression: the message after a too-long Content-Length used to be swallowed
        // and the client waited for an answer forever.
        let first = r#"{"jsonrpc":"2.0","method":"a"}"#;
        let mut input = format!("Content-Length: 300\r\n\r\n{first}").into_bytes();
        input.extend(message(r#"{"jsonrpc":"2.0","id":1,"method":"b"}"#));
        let out = frames(&input);
        assert_eq!(
            out,
            vec![
                Frame::Message(first.as_bytes().to_vec()),
                Frame::Message(br#"{"jsonrpc":"2.0","id":1,"method":"b"}"#.to_vec())
            ]
        );
        // A header-like string inside a JSON string is not a header.
        let body = r#"{"jsonrpc":"2.0","method":"c","params":"Content-Length: 5\r\n\r\n"}"#;
        let mut partial =
            format!("Content-Length: {}\r\n\r\n{}", body.len(), &body[..50]).into_bytes();
        assert_eq!(next_frame(&mut partial), None);
    }

    #[test]
    fn repairs_lone_surrogates_and_keeps_pairs() {
        let out = frames(&message(
            r#"{"jsonrpc":"2.0","method":"a\ud800b\ud83d\ude00\\ud800"}"#,
        ));
        assert_eq!(
            out,
            vec![Frame::Message(
                br#"{"jsonrpc":"2.0","method":"a\uFFFDb\ud83d\ude00\\ud800"}"#.to_vec()
            )]
        );
    }

    /// The quick search before the repair's copy lets through every surrogate escape
    /// (lone or paired; an escaped backslash before `u` is none) and answers `None`, as
    /// the repair did, for a body without one.
    #[test]
    fn surrogate_repair_quick_search_keeps_every_answer() {
        assert_eq!(
            repair_lone_surrogates(br#"{"a":"caf\u00e9 \\ud800 \u"}"#),
            None
        );
        assert_eq!(repair_lone_surrogates(&[b'x'; 100_000]), None);
        assert_eq!(
            repair_lone_surrogates(br#"{"a":"\udc00"}"#),
            Some(br#"{"a":"\uFFFD"}"#.to_vec())
        );
        // A well-formed pair passes the quick search and is kept as it is.
        assert_eq!(repair_lone_surrogates(br#"{"a":"\ud83d\ude00"}"#), None);
    }

    #[test]
    fn garbage_and_bad_lengths() {
        let mut input = b"hello there".to_vec();
        input.extend(b"Content-Length: nope\r\n\r\n");
        input.extend(message(r#"{"jsonrpc":"2.0","method":"ok"}"#));
        let out = frames(&input);
        assert!(matches!(out[0], Frame::Dropped(_)));
        assert!(matches!(out[1], Frame::Dropped(_)));
        assert_eq!(
            out[2],
            Frame::Message(br#"{"jsonrpc":"2.0","method":"ok"}"#.to_vec())
        );
    }
}
