#!/usr/bin/env python3
"""Language-server latency and memory, side by side, over stdio (standard library only).

Usage:
  benches/lsp_bench.py [options] FILE [--server 'CMD ARGS'] [--server 'OTHER ARGS'] ...

Without --server it runs `target/release/copydesk server`. For every server and run a
fresh process is started; the script measures
  init      `initialize` request -> response
  open      didOpen -> first textDocument/publishDiagnostics for the draft (every time
            runs from the moment the client's message, already encoded, is written to
            the server to when the last byte of the server's answer arrives, so neither
            this client's JSON encoding nor its parsing is counted)
  edit      one-character didChange mid-document (the whole text to a server that syncs
            whole documents), each after the previous result ->
            publishDiagnostics for that version. --edit-mode type (default) types a
            new word letter by letter, so every version is text the server has never
            seen (no result cache can answer it); --edit-mode toggle inserts and
            deletes one "x" in turn (two versions, repeated: measures cache hits)
  rss       resident memory of the server process tree right after the edits, again after
            --idle-rss seconds of quiet (idle), and the peak (VmHWM)
and prints medians and percentiles per server, plus one JSON line per server with
--json. copydesk gets initializationOptions {"debounceMs": 0} (override with
--init-options); other servers get none unless given.

Memory scenarios: --open-copies N opens N copies of FILE (distinct URIs) before the
timed edits; --workspace DIR makes DIR the workspace root and waits for the server's
indexing progress to end (or --settle seconds of quiet) before opening FILE.
"""
import argparse
import json
import os
import queue
import shlex
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path


class Client:
    def __init__(self, argv, stderr):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=stderr, bufsize=0)
        self.q = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.q.put((time.perf_counter(), None))
                    return
                line = line.strip()
                if not line:
                    break
                key, _, value = line.decode("ascii", "replace").partition(":")
                if key.lower() == "content-length":
                    length = int(value)
            # Read into one buffer: appending chunk by chunk to a bytes object copies
            # the body again on every pipe-sized read (milliseconds on a 1 MB publish).
            body = bytearray(length or 0)
            view, got = memoryview(body), 0
            while got < len(body):
                n = out.readinto(view[got:])
                if not n:
                    self.q.put((time.perf_counter(), None))
                    return
                got += n
            # Stamped when the last byte arrives: the client's own JSON parsing (several
            # milliseconds for a large publish in Python) is not the server's latency.
            arrived = time.perf_counter()
            self.q.put((arrived, json.loads(body)))

    def send(self, msg):
        msg["jsonrpc"] = "2.0"
        data = json.dumps(msg, ensure_ascii=False).encode("utf-8")
        framed = b"Content-Length: %d\r\n\r\n" % len(data) + data
        # Times start when the message is handed to the server, after this client has
        # encoded it (encoding a 1 MB draft's didOpen takes Python about 7 ms).
        self.sent_at = time.perf_counter()
        self.proc.stdin.write(framed)
        self.proc.stdin.flush()

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params})
        return rid

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def wait(self, pred, timeout):
        """Messages until pred(msg) holds; answers server requests. Returns (t, msg)."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            try:
                t, msg = self.q.get(timeout=left)
            except queue.Empty:
                return None
            if msg is None:
                raise RuntimeError("server exited (code %s)" % self.proc.poll())
            if "method" in msg and "id" in msg:
                result = None
                if msg["method"] == "workspace/configuration":
                    result = [None for _ in msg.get("params", {}).get("items", [])]
                self.send({"id": msg["id"], "result": result})
                continue
            if pred(msg):
                return t, msg

    def quiet(self, seconds, limit):
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            if self.wait(lambda m: True, seconds) is None:
                return

    def rss_kb(self):
        """(current VmRSS, peak VmHWM) summed over the process tree, in KiB."""
        current = peak = 0
        stack, seen = [self.proc.pid], set()
        while stack:
            pid = stack.pop()
            if pid in seen:
                continue
            seen.add(pid)
            try:
                with open(f"/proc/{pid}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            current += int(line.split()[1])
                        elif line.startswith("VmHWM:"):
                            peak += int(line.split()[1])
                for tid in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{tid}/children") as f:
                        stack += [int(x) for x in f.read().split()]
            except OSError:
                pass
        return current, peak

    def close(self):
        try:
            rid = self.request("shutdown", None)
            self.wait(lambda m: m.get("id") == rid, 5)
            self.notify("exit", None)
            self.proc.wait(timeout=5)
        except Exception:
            self.proc.kill()
            self.proc.wait()


def edit_line(lines):
    mid = len(lines) // 2
    for off in range(len(lines)):
        for cand in (mid + off, mid - off):
            if 0 <= cand < len(lines) and lines[cand][:1].isalpha():
                return cand
    return mid


def one_run(args, argv, init_options, text):
    path = Path(args.file).resolve()
    root = Path(args.workspace).resolve() if args.workspace else path.parent
    uri = path.as_uri()
    client = Client(argv, open(args.stderr_log, "ab") if args.stderr_log else subprocess.DEVNULL)
    res = {}
    try:
        rid = client.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": {
                "workspace": {"configuration": True, "workspaceFolders": True},
                "textDocument": {"publishDiagnostics": {"versionSupport": True,
                                                         "relatedInformation": True}},
                "window": {"workDoneProgress": True},
            },
            "initializationOptions": init_options,
        })
        t0 = client.sent_at
        reply = client.wait(lambda m: m.get("id") == rid, args.timeout)
        if reply is None:
            raise RuntimeError("initialize timed out")
        res["init_ms"] = (reply[0] - t0) * 1000
        # A server that syncs whole documents (TextDocumentSyncKind.Full, as harper-ls)
        # takes each change's text as the new document: it gets the whole edited text.
        sync = ((reply[1].get("result") or {}).get("capabilities") or {}).get("textDocumentSync")
        full_sync = (sync if isinstance(sync, int) else (sync or {}).get("change", 2)) == 1
        client.notify("initialized", {})
        if args.workspace:
            t_index = time.perf_counter()
            ended = client.wait(lambda m: m.get("method") == "$/progress" and
                                (m.get("params", {}).get("value", {}) or {}).get("kind") == "end",
                                args.timeout if args.wait_progress else args.settle)
            res["index_s"] = (time.perf_counter() - t_index) if ended else None
        client.quiet(args.settle, 30)

        def published(target_uri, version=None):
            return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                              and m["params"]["uri"] == target_uri
                              and (version is None or m["params"].get("version") is None
                                   or m["params"]["version"] >= version))

        for n in range(args.open_copies):
            copy_uri = (root / f"copy-{n}.md").as_uri()
            client.notify("textDocument/didOpen", {"textDocument": {
                "uri": copy_uri, "languageId": "markdown", "version": 1, "text": text}})
            client.wait(published(copy_uri), args.timeout)
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        t_open = client.sent_at
        got = client.wait(published(uri), args.timeout)
        if got is None:
            raise RuntimeError("no diagnostics after didOpen")
        res["open_ms"] = (got[0] - t_open) * 1000
        res["diagnostics"] = len(got[1]["params"]["diagnostics"])
        # A server that publishes without a version (harper-ls) cannot say which edit a
        # publication answers: a late one for the previous edit would pass for the next
        # edit's. Such a server is left quiet for --versionless-settle seconds before
        # every edit, so the first publication after an edit is its own.
        versioned = got[1]["params"].get("version") is not None
        client.quiet(args.settle, 30)

        lines = text.split("\n")
        line = edit_line(lines)
        edited = lines[line]
        edits = []
        typed = "reportedly" * (args.edits // 10 + 1)
        for k in range(args.edits):
            version = k + 2
            if args.edit_mode == "type":
                change = {"range": {"start": {"line": line, "character": k},
                                    "end": {"line": line, "character": k}}, "text": typed[k]}
            elif k % 2 == 0:
                change = {"range": {"start": {"line": line, "character": 0},
                                    "end": {"line": line, "character": 0}}, "text": "x"}
            else:
                change = {"range": {"start": {"line": line, "character": 0},
                                    "end": {"line": line, "character": 1}}, "text": ""}
            # The edited line as the server will have it (LSP counts UTF-16 units, Python
            # code points: the same outside the astral planes).
            if args.edit_mode == "type":
                edited = edited[:k] + typed[k] + edited[k:]
            elif k % 2 == 0:
                edited = "x" + edited
            else:
                edited = edited[1:]
            if full_sync:
                change = {"text": "\n".join(lines[:line] + [edited] + lines[line + 1:])}
            if not versioned:
                client.quiet(args.versionless_settle, 30)
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
            t_edit = client.sent_at
            got = client.wait(published(uri, version), args.timeout)
            edits.append((got[0] - t_edit) * 1000 if got else None)
            client.quiet(args.gap, 5)
        res["edits_ms"] = edits
        res["rss_kb"], res["peak_rss_kb"] = client.rss_kb()
        if args.idle_rss > 0:
            # Resident size once the server has been left alone (servers may give memory
            # back when quiet; copydesk does after one second).
            client.quiet(args.idle_rss, args.idle_rss + 5)
            res["idle_rss_kb"], _ = client.rss_kb()
    except Exception as error:  # a failing peer must not stop the others
        res["error"] = str(error)
    finally:
        client.close()
    return res


def pct(values, p):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def fmt(value, digits=1):
    return "-" if value is None else f"{value:.{digits}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--server", action="append", help="server command line (repeatable)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--edits", type=int, default=40)
    ap.add_argument("--init-options", help="JSON initializationOptions for every server")
    ap.add_argument("--workspace", help="workspace root to index before opening FILE")
    ap.add_argument("--wait-progress", action="store_true",
                    help="with --workspace: wait for the $/progress end notification")
    ap.add_argument("--open-copies", type=int, default=0)
    ap.add_argument("--edit-mode", choices=["type", "toggle"], default="type")
    ap.add_argument("--settle", type=float, default=0.3, help="quiet seconds between steps")
    ap.add_argument("--gap", type=float, default=0.02, help="quiet seconds between edits")
    ap.add_argument("--versionless-settle", type=float, default=0.5,
                    help="quiet seconds before each edit for a server whose publications "
                         "carry no version (so a late one is not taken for the next edit's)")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--idle-rss", type=float, default=2.0,
                    help="seconds of quiet after the edits before reading the idle RSS (0: skip)")
    ap.add_argument("--stderr-log")
    ap.add_argument("--json", action="store_true", help="also print one JSON line per server")
    args = ap.parse_args()
    text = Path(args.file).read_text(encoding="utf-8")
    here = Path(__file__).resolve().parent.parent
    servers = args.server or [f"{here}/target/release/copydesk server"]
    print(f"{args.file}: {len(text.encode()):,} bytes, {args.runs} runs x {args.edits} edits ({args.edit_mode})"
          + (f", {args.open_copies} other copies open" if args.open_copies else "")
          + (f", workspace {args.workspace}" if args.workspace else ""))
    header = ("server", "init ms", "open ms (med/min/max)", "edit ms p50", "p90", "p99", "max",
              "p99/p50", "RSS MB", "idle MB", "peak MB", "diags")
    rows = []
    for server in servers:
        argv = shlex.split(server)
        if args.init_options:
            init_options = json.loads(args.init_options)
        elif "copydesk" in Path(argv[0]).name:
            init_options = {"debounceMs": 0}
        else:
            init_options = None
        runs = [one_run(args, argv, init_options, text) for _ in range(args.runs)]
        edits = [e for r in runs for e in r.get("edits_ms", [])]
        opens = [r["open_ms"] for r in runs if "open_ms" in r]
        p50, p99 = pct(edits, 50), pct(edits, 99)
        summary = {
            "server": server,
            "init_ms": pct([r.get("init_ms") for r in runs], 50),
            "open_ms": pct(opens, 50), "open_min": min(opens, default=None),
            "open_max": max(opens, default=None),
            "edit_p50": p50, "edit_p90": pct(edits, 90), "edit_p99": p99,
            "edit_max": max((e for e in edits if e is not None), default=None),
            "rss_mb": (pct([r.get("rss_kb") for r in runs], 50) or 0) / 1024,
            "idle_rss_mb": (pct([r.get("idle_rss_kb") for r in runs], 50) or 0) / 1024 or None,
            "peak_mb": (pct([r.get("peak_rss_kb") for r in runs], 50) or 0) / 1024,
            "diagnostics": pct([r.get("diagnostics") for r in runs], 50),
            "index_s": pct([r.get("index_s") for r in runs], 50),
            "errors": [r["error"] for r in runs if "error" in r],
            "lost_edits": sum(1 for e in edits if e is None),
        }
        rows.append(summary)
        if args.json:
            print(json.dumps(summary))
    print(" | ".join(header))
    for s in rows:
        name = Path(shlex.split(s["server"])[0]).name
        ratio = (s["edit_p99"] / s["edit_p50"]) if s["edit_p50"] else None
        print(" | ".join([
            name, fmt(s["init_ms"]),
            f"{fmt(s['open_ms'])} / {fmt(s['open_min'])} / {fmt(s['open_max'])}",
            fmt(s["edit_p50"], 2), fmt(s["edit_p90"], 2), fmt(s["edit_p99"], 2),
            fmt(s["edit_max"], 2), fmt(ratio, 2), fmt(s["rss_mb"]), fmt(s["idle_rss_mb"]), fmt(s["peak_mb"]),
            fmt(s["diagnostics"], 0)]))
        if s["index_s"] is not None:
            print(f"  {name}: workspace indexed in {s['index_s']:.2f} s")
        for error in s["errors"]:
            print(f"  {name}: error: {error}")
        if s["lost_edits"]:
            print(f"  {name}: {s['lost_edits']} edits got no diagnostics")


if __name__ == "__main__":
    main()
