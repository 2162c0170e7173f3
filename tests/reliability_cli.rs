//! Reliability and security of the CLI and of file access (issue 9): failing writes never
//! leave a half-written draft, special files are skipped, symlinks do not lead out of the
//! tree, nothing in a config or a draft runs a program, and there is no network code.

#![cfg(unix)]

mod common;

use serde_json::{json, Value};
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output};

fn copydesk(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run copydesk")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

const PARA: &str = "The mayor said the budget would pass by a wide margin on Tuesday, after a long debate in the council chamber that ran late into the night.";

/// A draft of a few KiB whose unsafe fix deletes repeated paragraphs.
fn long_draft() -> String {
    let mut text = String::from("# Budget passes after long debate\n\n");
    for i in 0..30 {
        text.push_str(&format!(
            "Paragraph {i} tells a different part of the story in its own words.\n\n"
        ));
    }
    text.push_str(PARA);
    text.push_str("\n\nCouncil members disagreed.\n\n");
    text.push_str(PARA);
    text.push('\n');
    text
}

/// Runs `copydesk fix --unsafe` under a 1-block file-size limit, so writing the fixed
/// draft fails part-way. `ignore_signal` makes the write fail with EFBIG instead of the
/// process being killed by SIGXFSZ.
fn fix_with_failing_write(dir: &Path, ignore_signal: bool) -> Output {
    let trap = if ignore_signal { "trap '' XFSZ; " } else { "" };
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -f 1; {trap}exec \"$0\" fix --unsafe s.md"))
        .arg(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(dir)
        .output()
        .expect("run sh")
}

fn others(dir: &Path, keep: &str) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|name| name != keep)
        .collect()
}

#[test]
fn a_failing_write_leaves_the_draft_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.md");
    let original = long_draft();
    fs::write(&path, &original).unwrap();
    // The write fails with an error: exit 2, a message, the draft as it was, no debris.
    let output = fix_with_failing_write(dir.path(), true);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot write"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), original);
    assert!(others(dir.path(), "s.md").is_empty());
    // The process is killed mid-write: the draft is still whole (a stray temporary file
    // may remain, never a half-written draft).
    let output = fix_with_failing_write(dir.path(), false);
    assert_ne!(output.status.code(), Some(0));
    assert_eq!(fs::read_to_string(&path).unwrap(), original);
    for name in others(dir.path(), "s.md") {
        assert!(name.starts_with(".copydesk-"), "unexpected file {name}");
    }
    // And without the limit the same fix goes through.
    let output = copydesk(&["fix", "--unsafe", "s.md"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(&path).unwrap().matches(PARA).count(), 1);
}

#[test]
fn a_read_only_folder_refuses_the_write_cleanly() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("ro");
    fs::create_dir(&sub).unwrap();
    let path = sub.join("s.md");
    let original = long_draft();
    fs::write(&path, &original).unwrap();
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o555)).unwrap();
    let output = copydesk(&["fix", "--unsafe", "ro/s.md"], dir.path());
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
    // As root the folder is writable anyway: then the fix simply succeeds.
    let root = others(&sub, "s.md").is_empty() && output.status.code() == Some(0);
    if !root {
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("cannot create a temporary file"),
            "{}",
            stderr(&output)
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), original);
    }
    assert!(others(&sub, "s.md").is_empty());
}

#[test]
fn special_files_and_symlink_loops_are_skipped_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("good.md"), long_draft()).unwrap();
    let fifo = root.join("pipe.md");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "mkfifo failed");
    fs::create_dir(root.join("sub")).unwrap();
    symlink(root, root.join("sub/loop")).unwrap();
    symlink("loop2.md", root.join("loop1.md")).unwrap();
    symlink("loop1.md", root.join("loop2.md")).unwrap();
    // A folder walk skips the FIFO and the loops.
    let output = copydesk(&["check", "."], root);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    // Named explicitly, a FIFO is an error (exit 2), not a hang.
    let output = copydesk(&["check", "pipe.md", "good.md"], root);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("not a regular file"),
        "{}",
        stderr(&output)
    );
    let output = copydesk(&["fix", "pipe.md", "loop1.md"], root);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn symlinks_out_of_the_tree_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), long_draft()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("clean.md"), "A short clean story.\n").unwrap();
    symlink(outside.path(), root.join("outside")).unwrap();
    symlink(
        outside.path().join("secret.md"),
        root.join("secret-link.md"),
    )
    .unwrap();
    let output = copydesk(&["check", "--format", "json", "."], root);
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(!report.contains("secret"), "{report}");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // Fixing the tree leaves the outside draft alone.
    let output = copydesk(&["fix", "--unsafe", "."], root);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(outside.path().join("secret.md")).unwrap(),
        long_draft()
    );
}

/// Strings that would run a program if anything passed them to a shell.
fn payloads(marker: &Path) -> Vec<String> {
    let m = marker.display();
    vec![
        format!("$(touch {m})"),
        format!("`touch {m}`"),
        format!("; touch {m}"),
        format!("| touch {m}"),
        format!("{m}; touch {m}"),
    ]
}

#[test]
fn nothing_in_a_config_or_a_draft_runs_a_program() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let marker = root.join("pwned");
    let payloads = payloads(&marker);
    let list = payloads
        .iter()
        .map(|p| format!("{p:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    fs::write(
        root.join("copydesk.toml"),
        format!(
            "style = {first:?}\ncommand = {first:?}\n[hooks]\npre = {first:?}\n[boilerplate]\nlibrary = [{list}]\n[rules]\n{first:?} = \"error\"\n",
            first = payloads[0]
        ),
    )
    .unwrap();
    let mut draft = String::from("---\ntitle: x\nlibrary: /etc\ninclude: /etc/passwd\n");
    for p in &payloads {
        draft.push_str(&format!("exec: {p:?}\n"));
    }
    draft.push_str("---\n# Story\n\n");
    for p in &payloads {
        draft.push_str(&format!(
            "The mayor said {p} was typed here.\n\n<!-- copydesk: exec {p} -->\n\n[link]({p})\n\n```sh\n{p}\n```\n\n"
        ));
    }
    fs::write(root.join("story.md"), &draft).unwrap();
    for args in [
        &["check", "story.md"][..],
        &["check", "--format", "json", "."][..],
        &["fix", "--unsafe", "--dry-run", "."][..],
        &["fix", "--unsafe", "."][..],
    ] {
        let output = copydesk(args, root);
        assert!(
            matches!(output.status.code(), Some(0..=2)),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!marker.exists(), "{args:?} ran a program");
    }
    // The language server, given the same workspace and settings, runs nothing either.
    let mut client = common::Client::start();
    let uri = format!("file://{}", root.display());
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri, "capabilities": {},
               "initializationOptions": {"copydesk": {"debounceMs": 0,
                   "boilerplate": {"library": payloads}, "style": payloads[0]}}}),
    );
    client.notify("initialized", json!({}));
    let story = format!("file://{}", root.join("story.md").display());
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": story, "languageId": "markdown", "version": 1, "text": draft}}),
    );
    client.diagnostics(&story, 1);
    client.notify(
        "workspace/executeCommand",
        json!({"command": payloads[0], "arguments": payloads}),
    );
    let response = client.request(
        "workspace/executeCommand",
        json!({"command": payloads[1], "arguments": payloads}),
    );
    assert!(response.get("error").is_some());
    assert_eq!(client.shutdown(), Some(0));
    assert!(!marker.exists(), "the server ran a program");
}

#[test]
fn the_server_does_not_index_through_symlinks_out_of_the_workspace() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), long_draft()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    symlink(outside.path(), root.join("outside")).unwrap();
    symlink(
        outside.path().join("secret.md"),
        root.join("secret-link.md"),
    )
    .unwrap();
    let mut client = common::Client::start();
    let uri = format!("file://{}", root.display());
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri,
               "capabilities": {"window": {"workDoneProgress": true}},
               "initializationOptions": {"copydesk": {"debounceMs": 0}}}),
    );
    client.notify("initialized", json!({}));
    let end =
        client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    assert_eq!(end["params"]["value"]["message"], "0 drafts indexed");
    // A draft sharing the outside draft's paragraphs draws no cross-draft finding.
    let story = format!("file://{}", root.join("story.md").display());
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": story, "languageId": "markdown", "version": 1, "text": long_draft()}}),
    );
    let diagnostics: Vec<Value> = client.diagnostics(&story, 1);
    assert!(
        diagnostics
            .iter()
            .all(|d| d["code"] != "boilerplate/shared-between-drafts"),
        "{diagnostics:#?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

/// No network, no subprocesses: the source has no API for either, and no dependency
/// brings an HTTP or socket client.
#[test]
fn no_process_or_network_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![root.join("src")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            for api in [
                "process::Command",
                "std::net",
                "TcpStream",
                "UdpSocket",
                "TcpListener",
                "UnixStream",
                "tokio::net",
                "libc::exec",
                "libloading",
            ] {
                assert!(!text.contains(api), "{} uses {api}", path.display());
            }
        }
    }
    let lock = fs::read_to_string(root.join("Cargo.lock")).unwrap();
    for name in [
        "hyper",
        "reqwest",
        "ureq",
        "curl",
        "isahc",
        "surf",
        "attohttpc",
        "openssl",
        "rustls",
        "native-tls",
        "socket2",
        "mio-uds",
    ] {
        assert!(
            !lock.contains(&format!("name = \"{name}\"")),
            "a dependency brings {name}"
        );
    }
}
