//! Test support: a minimal LSP client that drives the real `copydesk server` binary over
//! stdio, as an editor would.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long any single wait may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A running server and the client end of its stdio.
pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications and requests seen while waiting for something else.
    pub backlog: Vec<Value>,
    /// Our end of the server's stdout pipe (held by the reader thread).
    #[cfg(unix)]
    stdout_fd: std::os::fd::RawFd,
}

impl Client {
    /// Starts `copydesk server --stdio`.
    pub fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(["server", "--stdio"])
            .env("COPYDESK_LOG", "copydesk=debug")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("COPYDESK_TEST_STDERR").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("start copydesk server");
        let stdout = child.stdout.take().expect("stdout");
        #[cfg(unix)]
        let stdout_fd = std::os::fd::AsRawFd::as_raw_fd(&stdout);
        let stdin = child.stdin.take();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let Some(length) = length else { return };
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let Ok(value) = serde_json::from_slice::<Value>(&body) else {
                    return;
                };
                if sender.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
            backlog: Vec::new(),
            #[cfg(unix)]
            stdout_fd,
        }
    }

    /// The size of the pipe the server writes to (Linux, `F_GETPIPE_SZ` on our end).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    pub fn output_pipe_bytes(&self) -> Option<usize> {
        // SAFETY: the descriptor is our end of the server's stdout pipe, open for as long
        // as the reader thread holds it (until the server exits); F_GETPIPE_SZ only reads.
        let size = unsafe { libc::fcntl(self.stdout_fd, libc::F_GETPIPE_SZ) };
        usize::try_from(size).ok()
    }

    /// Sends raw bytes (for malformed-message tests).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).expect("serialize");
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(&body);
        self.send_raw(&framed);
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        let mut message = json!({"jsonrpc": "2.0", "method": method});
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(&message);
    }

    /// Sends a request and waits for its response (answering server requests meanwhile).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({"jsonrpc": "2.0", "id": id, "method": method});
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(&message);
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// Waits for a message matching `pred`, answering server-to-client requests.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_for_within(TIMEOUT, pred)
    }

    /// Like `wait_for`, with its own time limit.
    pub fn wait_for_within(&mut self, timeout: Duration, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(pos) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(pos);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(remaining) {
                Ok(message) => {
                    if message.get("method").is_some() && message.get("id").is_some() {
                        // A server request: workspace/configuration, progress creation…
                        let id = message["id"].clone();
                        let result = if message["method"] == "workspace/configuration" {
                            json!([null])
                        } else {
                            Value::Null
                        };
                        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
                        continue;
                    }
                    if pred(&message) {
                        return message;
                    }
                    self.backlog.push(message);
                }
                Err(RecvTimeoutError::Timeout) => panic!("timed out; backlog: {:#?}", self.backlog),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("server closed its output; backlog: {:#?}", self.backlog)
                }
            }
        }
    }

    /// Waits for `publishDiagnostics` for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        self.diagnostics_within(TIMEOUT, uri, version)
    }

    /// [`Client::diagnostics`], waiting up to `timeout`.
    #[allow(dead_code)]
    pub fn diagnostics_within(&mut self, timeout: Duration, uri: &str, version: i64) -> Vec<Value> {
        let message = self.wait_for_within(timeout, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Initializes with the given client capabilities and initialization options.
    pub fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let result = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities, "initializationOptions": options}),
        );
        self.notify("initialized", json!({}));
        result
    }

    /// Sends shutdown and exit; returns the exit status code.
    pub fn shutdown(mut self) -> Option<i32> {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            assert!(Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The server's process id (to read its memory use from `/proc`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to end on its own (stdin left open); its exit code.
    pub fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            assert!(Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// True while the process runs.
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().map(|s| s.is_none()).unwrap_or(false)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Applies LSP text edits (ranges in `encoding` units) to `text`.
pub fn apply_lsp_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    use copydesk::document::{LineIndex, PositionEncoding, TextPosition};
    let encoding = if utf8 {
        PositionEncoding::Utf8
    } else {
        PositionEncoding::Utf16
    };
    let index = LineIndex::new(text);
    let to_offset = |p: &Value| {
        index.offset(
            text,
            TextPosition {
                line: p["line"].as_u64().unwrap() as u32,
                character: p["character"].as_u64().unwrap() as u32,
            },
            encoding,
        )
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                to_offset(&e["range"]["start"]),
                to_offset(&e["range"]["end"]),
                e["newText"]
                    .as_str()
                    .or(e["text"].as_str())
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new_text) in spans {
        out.replace_range(start..end, &new_text);
    }
    out
}
