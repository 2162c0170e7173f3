//! Several drafts in a temporary workspace: paragraphs shared between drafts are found by
//! the CLI (paths checked together) and by the server (drafts open side by side).

mod common;

use common::Client;
use serde_json::{json, Value};
use std::fs;
use std::path::Path;
use std::process::Command;

const APPEAL: &str = "The Harbor Gazette is a nonprofit newsroom, and readers like you keep our reporters at city hall, in the courts and at every school board meeting.";
const SIGNUP: &str =
    "Get the Harbor Gazette morning email with the day's top local stories from our newsroom.";

const LEDES: [&str; 4] = [
    "The county commission voted 4-1 on Tuesday to raise the property tax rate for the first time since 2011.\n\nCommissioners said the increase would pay for road repairs and two new deputies.",
    "The Ocean Avenue drawbridge will close for six weeks this spring while crews replace its worn gears.\n\nDrivers heading downtown will be routed across the Pine Street causeway instead.",
    "Island ferry riders will see fewer winter sailings after the operator lost three licensed captains.\n\nThe last boat back to the mainland will leave at 7 p.m. instead of 10 p.m.",
    "Harbor Middle School will start classes forty minutes later next fall after a year of parent surveys.\n\nBus schedules for the whole district are being redrawn to make the change possible.",
];

fn draft(n: usize, _topic: &str) -> String {
    format!("# Story {n}\n\n{}\n\n{APPEAL}\n\n{SIGNUP}\n", LEDES[n])
}

fn check_json(dir: &Path, args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).expect("json")
}

fn rules_in(file: &Value) -> Vec<(String, String)> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn cli_finds_template_and_reused_paragraphs_across_drafts() {
    let dir = tempfile::tempdir().unwrap();
    for (n, topic) in ["budget", "bridge", "ferry", "school"].iter().enumerate() {
        fs::write(dir.path().join(format!("d{n}.md")), draft(n, topic)).unwrap();
    }
    // A fifth draft reuses one background paragraph of d0 only.
    let reuse = "# Story 5\n\nAn unrelated lede about the county fair and its prize-winning pumpkins this year.\n\nCommissioners said the increase would pay for road repairs and two new deputies.\n";
    fs::write(dir.path().join("d5.md"), reuse).unwrap();

    let report = check_json(dir.path(), &["."]);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 5);
    for file in &files[..4] {
        let shared: Vec<_> = rules_in(file)
            .into_iter()
            .filter(|(r, severity)| {
                r == "boilerplate/shared-between-drafts" && severity == "warning"
            })
            .collect();
        assert_eq!(
            shared.len(),
            2,
            "appeal and sign-up in {}: {file:#}",
            file["path"]
        );
        let related = &file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| {
                f["rule"] == "boilerplate/shared-between-drafts" && f["severity"] == "warning"
            })
            .unwrap()["related"];
        assert_eq!(
            related.as_array().unwrap().len(),
            3,
            "lists the other drafts"
        );
    }
    // d5 reuses one background paragraph of d0: info on both sides.
    for file in [&files[0], &files[4]] {
        let reused: Vec<_> = rules_in(file)
            .into_iter()
            .filter(|(r, severity)| r == "boilerplate/shared-between-drafts" && severity == "info")
            .collect();
        assert_eq!(reused.len(), 1, "{file:#}");
    }

    // Checked alone, a draft has no workspace to share with.
    let alone = check_json(dir.path(), &["d0.md"]);
    assert!(rules_in(&alone["files"][0])
        .iter()
        .all(|(r, _)| r != "boilerplate/shared-between-drafts"));
}

#[test]
fn cli_uses_the_boilerplate_library() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("library")).unwrap();
    fs::write(dir.path().join("library/appeal.md"), format!("{APPEAL}\n")).unwrap();
    fs::write(
        dir.path().join("copydesk.toml"),
        "[boilerplate]\nlibrary = [\"library\"]\n",
    )
    .unwrap();
    // Slightly edited copy of the library paragraph.
    let edited = APPEAL.replace("every school board meeting", "each school board meeting");
    fs::write(dir.path().join("story.md"), format!("# Head\n\nA lede paragraph of the story that is only in this draft and nowhere else.\n\n{edited}\n")).unwrap();
    let report = check_json(dir.path(), &["story.md"]);
    let findings = report["files"][0]["findings"].as_array().unwrap();
    let found = findings
        .iter()
        .find(|f| f["rule"] == "boilerplate/shared-between-drafts")
        .expect("library match");
    assert_eq!(
        found["message"],
        "Boilerplate from the library in the story text"
    );
    assert!(found["related"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with("appeal.md"));
}

#[test]
fn server_finds_paragraphs_shared_by_open_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start();
    client.initialize(
        json!({"workspace": {"workspaceEdit": {"documentChanges": true}}}),
        json!({"copydesk": {"debounceMs": 0}}),
    );
    let mut uris = Vec::new();
    for (n, topic) in ["budget", "bridge", "ferry", "school"].iter().enumerate() {
        let path = dir.path().join(format!("open{n}.md"));
        let uri = format!("file://{}", path.display());
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": draft(n, topic)}}),
        );
        uris.push(uri);
    }
    // The second draft finds the first, which was alone in the index (its postings held
    // back) until the second arrived.
    let second = uris[1].clone();
    client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == second.as_str()
            && m["params"]["diagnostics"].as_array().is_some_and(|d| {
                d.iter().any(|x| {
                    x["code"] == "boilerplate/shared-between-drafts"
                        && x["relatedInformation"].as_array().is_some_and(|r| {
                            r.iter().any(|r| r["location"]["uri"] == uris[0].as_str())
                        })
                })
            })
    });
    // The first draft is re-checked as the others arrive; wait until it sees all three.
    let first = uris[0].clone();
    let message = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == first.as_str()
            && m["params"]["diagnostics"].as_array().is_some_and(|d| {
                d.iter()
                    .filter(|x| {
                        x["code"] == "boilerplate/shared-between-drafts" && x["severity"] == 2
                    })
                    .count()
                    == 2
            })
    });
    let diagnostics = message["params"]["diagnostics"].as_array().unwrap();
    let shared = diagnostics
        .iter()
        .find(|d| d["code"] == "boilerplate/shared-between-drafts")
        .unwrap();
    let related = shared["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), 3);
    assert!(related
        .iter()
        .all(|r| r["location"]["uri"].as_str().unwrap().contains("/open")));
    assert!(
        related
            .iter()
            .all(|r| r["location"]["range"]["start"]["line"] == 6),
        "{related:#?}"
    );
    // Editing the appeal out of one draft re-checks the others: they now share it with two.
    let text = draft(1, "");
    let edited = text.replace(
        APPEAL,
        "A paragraph of this draft's own, about nothing else at all in the folder.",
    );
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": second, "version": 2}, "contentChanges": [{"text": edited}]}));
    client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == first.as_str()
            && m["params"]["diagnostics"].as_array().is_some_and(|d| {
                d.iter().any(|x| {
                    x["code"] == "boilerplate/shared-between-drafts"
                        && x["relatedInformation"].as_array().map(Vec::len) == Some(2)
                })
            })
    });
    assert_eq!(client.shutdown(), Some(0));
}

/// Drafts on disk that are not open: the index keeps only digests of their paragraphs.
/// When one of them changes on disk (`didChangeWatchedFiles`), the paragraphs that
/// changed leave the index and the open drafts that shared them are re-checked.
#[test]
fn server_follows_drafts_changed_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    for n in 1..4 {
        fs::write(dir.path().join(format!("disk{n}.md")), draft(n, "")).unwrap();
    }
    let open_path = dir.path().join("open0.md");
    fs::write(&open_path, draft(0, "")).unwrap();
    let root = format!("file://{}", dir.path().display());
    let open_uri = format!("file://{}", open_path.display());
    let mut client = Client::start();
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": {},
               "initializationOptions": {"copydesk": {"debounceMs": 0}}}),
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": open_uri, "languageId": "markdown", "version": 1, "text": draft(0, "")}}),
    );
    let shared_with = |m: &Value, n: usize| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == open_uri.as_str()
            && m["params"]["diagnostics"].as_array().is_some_and(|d| {
                d.iter().any(|x| {
                    x["code"] == "boilerplate/shared-between-drafts"
                        && x["relatedInformation"].as_array().map(Vec::len) == Some(n)
                })
            })
    };
    // The appeal and the sign-up are in all three drafts on disk.
    client.wait_for(|m| shared_with(m, 3));

    // Two drafts drop the appeal and the sign-up on disk; the open draft now shares them
    // with one other draft.
    for (n, lede) in LEDES.iter().enumerate().take(3).skip(1) {
        let path = dir.path().join(format!("disk{n}.md"));
        let own = format!(
            "# Story {n}\n\n{lede}\n\nA closing paragraph of story {n} alone, with nothing shared at all.\n"
        );
        fs::write(&path, own).unwrap();
    }
    let changes: Vec<Value> = (1..3)
        .map(|n| json!({"uri": format!("file://{}/disk{n}.md", dir.path().display()), "type": 2}))
        .collect();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": changes}),
    );
    let message = client.wait_for(|m| shared_with(m, 1));
    let related: Vec<&str> = message["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "boilerplate/shared-between-drafts")
        .flat_map(|d| d["relatedInformation"].as_array().unwrap())
        .map(|r| r["location"]["uri"].as_str().unwrap())
        .collect();
    assert!(
        !related.is_empty() && related.iter().all(|uri| uri.ends_with("/disk3.md")),
        "{related:?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}
