//! End-to-end: drive the real `copydesk server` over stdio as an editor would.

mod common;

use common::{apply_lsp_edits, Client};
use serde_json::{json, Value};

const URI: &str = "file:///tmp/copydesk-e2e/story.md";
const PARA: &str = "Café owners 😀 said the new rules would take effect next week.";

fn story() -> String {
    format!("Headline for the test story\r\n\r\n{PARA}\r\n\r\nA short line here.\r\n\r\n{PARA}\r\n")
}

fn utf16_len(text: &str) -> u64 {
    text.encode_utf16().count() as u64
}

fn capabilities(encodings: &[&str]) -> Value {
    json!({
        "general": {"positionEncodings": encodings},
        "workspace": {"workspaceEdit": {"documentChanges": true}, "configuration": true},
        "textDocument": {"publishDiagnostics": {"relatedInformation": true, "versionSupport": true}}
    })
}

fn open(client: &mut Client, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "markdown", "version": 1, "text": text}}),
    );
}

fn change(client: &mut Client, version: i64, changes: Value) {
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": changes}),
    );
}

fn code_actions(client: &mut Client, diagnostic: &Value) -> Vec<Value> {
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
    );
    response["result"].as_array().cloned().unwrap_or_default()
}

#[test]
fn utf16_session_with_incremental_edits_quick_fix_and_stale_refusal() {
    let mut client = Client::start();
    let init = client.initialize(
        capabilities(&["utf-16"]),
        json!({"copydesk": {"debounceMs": 0}}),
    );
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["result"]["serverInfo"]["name"], "copydesk");

    let mut text = story();
    open(&mut client, &text);
    let diagnostics = client.diagnostics(URI, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let diagnostic = &diagnostics[0];
    assert_eq!(diagnostic["code"], "boilerplate/duplicate-paragraph");
    assert_eq!(diagnostic["source"], "copydesk");
    assert_eq!(
        diagnostic["range"]["start"],
        json!({"line": 6, "character": 0})
    );
    assert_eq!(
        diagnostic["range"]["end"],
        json!({"line": 6, "character": utf16_len(PARA)})
    );
    assert_eq!(
        diagnostic["relatedInformation"][0]["location"]["range"]["start"]["line"],
        2
    );
    assert_eq!(diagnostic["tags"], json!([1]));

    // Incremental edit inside the copy, after an emoji: UTF-16 columns must line up.
    let insert_at = utf16_len("Café owners 😀");
    let edit = json!([{"range": {"start": {"line": 6, "character": insert_at}, "end": {"line": 6, "character": insert_at}}, "text": " 🎉"}]);
    text = apply_lsp_edits(&text, edit.as_array().unwrap(), false);
    change(&mut client, 2, edit);
    let diagnostics = client.diagnostics(URI, 2);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        diagnostics[0]["range"]["end"]["character"],
        utf16_len(PARA) + 3
    );
    let diagnostic = diagnostics[0].clone();

    // Hover over the finding explains the rule.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 6, "character": 2}}),
    );
    assert!(hover["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("boilerplate/duplicate-paragraph"));

    // The quick fix is a versioned edit that deletes the copy.
    let actions = code_actions(&mut client, &diagnostic);
    let delete = actions
        .iter()
        .find(|a| a["title"] == "Delete the repeated paragraph")
        .expect("delete action");
    assert_eq!(delete["kind"], "quickfix");
    let document_change = &delete["edit"]["documentChanges"][0];
    assert_eq!(document_change["textDocument"]["version"], 2);
    assert!(actions.iter().any(|a| a["title"]
        .as_str()
        .unwrap()
        .starts_with("Disable boilerplate/duplicate-paragraph")));
    let edits = document_change["edits"].as_array().unwrap().clone();
    let fixed = apply_lsp_edits(&text, &edits, false);
    assert_eq!(
        fixed,
        format!("Headline for the test story\r\n\r\n{PARA}\r\n\r\nA short line here.\r\n")
    );
    let changes: Vec<Value> = edits
        .iter()
        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
        .collect();
    change(&mut client, 3, Value::Array(changes));
    assert!(client.diagnostics(URI, 3).is_empty());

    // A fix computed for version 2 is refused at version 3.
    let stale = code_actions(&mut client, &diagnostic);
    assert!(
        stale
            .iter()
            .all(|a| a["title"] != "Delete the repeated paragraph"),
        "{stale:#?}"
    );

    // Full-document sync works too.
    change(&mut client, 4, json!([{"text": story()}]));
    assert_eq!(client.diagnostics(URI, 4).len(), 1);

    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    let cleared = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"].is_null()
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn utf8_negotiated_when_offered() {
    let mut client = Client::start();
    let init = client.initialize(capabilities(&["utf-8", "utf-16"]), json!({"debounceMs": 0}));
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    open(&mut client, &story());
    let diagnostics = client.diagnostics(URI, 1);
    assert_eq!(
        diagnostics[0]["range"]["end"]["character"],
        PARA.len() as u64
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn client_mistakes_are_survived() {
    let mut client = Client::start();
    client.initialize(
        capabilities(&["utf-16"]),
        json!({"copydesk": {"debounceMs": 0, "style": "klingon"}}),
    );
    let message = client.wait_for(|m| m["method"] == "window/showMessage");
    assert!(message["params"]["message"]
        .as_str()
        .unwrap()
        .contains("klingon"));
    // A change to a document that was never opened.
    change(&mut client, 5, json!([{"text": "nothing"}]));
    open(&mut client, "One paragraph of text that is long enough.\n");
    client.diagnostics(URI, 1);
    // An edit far past the end, and a reversed range: clamped, not fatal.
    change(
        &mut client,
        2,
        json!([
            {"range": {"start": {"line": 99, "character": 5}, "end": {"line": 120, "character": 0}}, "text": "\nTail."},
            {"range": {"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": 3}}, "text": ""}
        ]),
    );
    client.diagnostics(URI, 2);
    // Garbage on the wire, then an unknown method: the server still answers.
    client.send_raw(b"Content-Length: 9\r\n\r\n{garbage}");
    let unknown = client.request("copydesk/noSuchMethod", json!({}));
    assert!(unknown.get("error").is_some());
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 500, "character": 500}}),
    );
    assert!(hover.get("error").is_none(), "{hover}");
    assert!(client.is_running());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn fix_all_applies_every_safe_fix_on_the_current_text_and_hover_explains_dates() {
    let mut client = Client::start();
    client.initialize(
        capabilities(&["utf-16"]),
        json!({"copydesk": {"debounceMs": 0}}),
    );
    let text = "---\ndate: 2019-02-04\n---\n# Council Votes\n\nThe council met at 4:23am on Feb. 1 and again at 7:00 PM on Sep. 3, 2018.\n";
    open(&mut client, text);
    let diagnostics = client.diagnostics(URI, 1);
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"time/am-pm") && codes.contains(&"date/month-abbrev"),
        "{codes:?}"
    );

    // Hover on `Feb. 1` shows its weekday, with the year taken from the front matter.
    let column = "The council met at 4:23am on Feb".len() as u64;
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 5, "character": column}}),
    );
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(shown.contains("Friday, 2019-02-01"), "{shown}");

    // Change the text first: fix-all must work on version 2, not on what was analysed.
    let edit = json!([{"range": {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 3}}, "text": "A"}]);
    let text = apply_lsp_edits(text, edit.as_array().unwrap(), false);
    change(&mut client, 2, edit);
    let response = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": URI},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": [], "only": ["source.fixAll"]}
        }),
    );
    let actions = response["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.copydesk");
    let change_set = &actions[0]["edit"]["documentChanges"][0];
    assert_eq!(change_set["textDocument"]["version"], 2);
    let fixed = apply_lsp_edits(&text, change_set["edits"].as_array().unwrap(), false);
    assert_eq!(
        fixed,
        "---\ndate: 2019-02-04\n---\n# Council Votes\n\nA council met at 4:23 a.m. on Feb. 1 and again at 7 p.m. on Sept. 3, 2018.\n"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn exit_ends_the_server_even_with_stdin_open() {
    let mut client = Client::start();
    client.initialize(capabilities(&["utf-16"]), json!({}));
    let response = client.request("shutdown", Value::Null);
    assert!(response.get("error").is_none());
    client.notify("exit", Value::Null);
    // Stdin stays open: the server must still go away, with exit code 0.
    assert_eq!(client.wait_exit(), Some(0));
}

#[test]
fn exit_without_shutdown_is_code_1() {
    let mut client = Client::start();
    client.initialize(capabilities(&["utf-16"]), json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), Some(1));
}

/// A draft with an unattributed superlative and a floating quote (fixes with placeholders).
const CLAIMS: &str = "# Mayor faces questions\n\nThe mayor’s office spent $4 million on consultants last year, the highest total in the state.\n\n“This is a waste of money. We will fight it.”\n";

/// Expands a snippet the way an editor would when the writer leaves the tab stop as it
/// is, but with `stop` typed over the placeholder.
fn expand_snippet(snippet: &str, stop: &str) -> String {
    let start = snippet.find("${1:").expect("tab stop");
    let end = start + snippet[start..].find('}').expect("tab stop end");
    let unescape = |s: &str| {
        s.replace("\\$", "$")
            .replace("\\}", "}")
            .replace("\\\\", "\\")
    };
    format!(
        "{}{stop}{}",
        unescape(&snippet[..start]),
        unescape(&snippet[end + 1..])
    )
}

/// `CLAIMS` after running the `copydesk.applySnippet` arguments `args` with `stop`
/// typed over the tab stop.
fn type_over_snippet(args: &Value, stop: &str) -> String {
    let snippet = args["snippet"].as_str().expect("snippet text");
    apply_lsp_edits(
        CLAIMS,
        &[json!({"range": args["range"], "newText": expand_snippet(snippet, stop)})],
        false,
    )
}

fn claim_diagnostics(snippets: bool) -> (Client, Vec<Value>) {
    let mut client = Client::start();
    let mut caps = capabilities(&["utf-16"]);
    if snippets {
        caps["experimental"] = json!({"copydeskSnippets": true});
    }
    let init = client.initialize(caps, json!({"copydesk": {"debounceMs": 0}}));
    let commands = &init["result"]["capabilities"]["executeCommandProvider"]["commands"];
    assert!(
        !commands
            .as_array()
            .unwrap()
            .contains(&json!("copydesk.applySnippet")),
        "the snippet command runs in the client only: {commands}"
    );
    open(&mut client, CLAIMS);
    let diagnostics = client.diagnostics(URI, 1);
    (client, diagnostics)
}

fn find<'a>(diagnostics: &'a [Value], rule: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {diagnostics:#?}"))
}

#[test]
fn snippet_capable_clients_get_placeholder_fixes_as_the_apply_snippet_command() {
    let (mut client, diagnostics) = claim_diagnostics(true);
    let claim = find(&diagnostics, "attribution/unattributed-claim").clone();
    let actions = code_actions(&mut client, &claim);
    let according = actions
        .iter()
        .find(|a| a["title"] == "Add `, according to [SOURCE]` (suggestion)")
        .expect("according-to action");
    assert_eq!(according["kind"], "quickfix");
    assert!(according.get("edit").is_none(), "{according:#}");
    let command = &according["command"];
    assert_eq!(command["command"], "copydesk.applySnippet");
    let args = &command["arguments"][0];
    assert_eq!(args["uri"], URI);
    assert_eq!(args["version"], 1);
    let end = utf16_len(
        "The mayor’s office spent $4 million on consultants last year, the highest total in the state",
    );
    assert_eq!(
        args["range"],
        json!({"start": {"line": 2, "character": end}, "end": {"line": 2, "character": end}})
    );
    assert_eq!(args["snippet"], ", according to ${1:source}");
    // Typing over the tab stop gives the sentence a source.
    let typed = type_over_snippet(args, "the state auditor");
    assert!(
        typed.contains("in the state, according to the state auditor."),
        "{typed}"
    );
    let said = actions
        .iter()
        .find(|a| a["title"] == "End with `, [SOURCE] said.` (suggestion)")
        .expect("said action");
    assert_eq!(
        said["command"]["arguments"][0]["snippet"],
        ", ${1:source} said."
    );
    // Actions without a placeholder keep their plain edit.
    let disable = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Disable attribution/unattributed-claim")
        })
        .expect("disable action");
    assert!(disable["edit"]["documentChanges"].is_array());
    assert!(disable.get("command").is_none());

    // The floating quote's fix spans two edits: one snippet covers both.
    let quote = find(&diagnostics, "attribution/floating-quote").clone();
    let actions = code_actions(&mut client, &quote);
    let speaker = actions
        .iter()
        .find(|a| a["command"]["command"] == "copydesk.applySnippet")
        .expect("speaker action");
    let args = &speaker["command"]["arguments"][0];
    assert_eq!(args["snippet"], ",” ${1:speaker} said. “");
    let typed = type_over_snippet(args, "Jane Doe");
    assert!(
        typed.contains("“This is a waste of money,” Jane Doe said. “We will fight it.”"),
        "{typed}"
    );

    // A fix computed for version 1 is refused at version 2, command form included.
    change(
        &mut client,
        2,
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}]),
    );
    client.diagnostics(URI, 2);
    let stale = code_actions(&mut client, &claim);
    assert!(
        stale.iter().all(|a| a.get("command").is_none()),
        "{stale:#?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn clients_without_the_snippet_capability_get_plain_placeholder_edits() {
    let (mut client, diagnostics) = claim_diagnostics(false);
    let claim = find(&diagnostics, "attribution/unattributed-claim").clone();
    let actions = code_actions(&mut client, &claim);
    let according = actions
        .iter()
        .find(|a| a["title"] == "Add `, according to [SOURCE]` (suggestion)")
        .expect("according-to action");
    assert!(according.get("command").is_none(), "{according:#}");
    let document_change = &according["edit"]["documentChanges"][0];
    assert_eq!(document_change["textDocument"]["version"], 1);
    let fixed = apply_lsp_edits(CLAIMS, document_change["edits"].as_array().unwrap(), false);
    assert!(
        fixed.contains("in the state, according to [SOURCE]."),
        "{fixed}"
    );
    // A diagnostic whose data names another finding (its range, rule or place in the list
    // not that finding's) gets no fix from it.
    let nth = claim["data"]["finding"]
        .as_u64()
        .expect("the finding's place");
    for (key, value) in [
        ("finding", json!(nth + 1)),
        ("finding", json!(nth.saturating_sub(1))),
        ("rule", json!("date/ap-month")),
    ] {
        let mut forged = claim.clone();
        forged["data"][key] = value;
        if forged == claim {
            continue;
        }
        let actions = code_actions(&mut client, &forged);
        assert!(actions.is_empty(), "{key}: {actions:#?}");
    }
    assert_eq!(client.shutdown(), Some(0));
    // The snippet form, as a client that declares the capability gets it, matches the
    // plain edit.
    let (mut snippet_client, diagnostics) = claim_diagnostics(true);
    let claim = find(&diagnostics, "attribution/unattributed-claim").clone();
    let actions = code_actions(&mut snippet_client, &claim);
    let according = actions
        .iter()
        .find(|a| a["title"] == "Add `, according to [SOURCE]` (suggestion)")
        .expect("according-to action");
    let expanded = type_over_snippet(&according["command"]["arguments"][0], "[SOURCE]");
    assert_eq!(expanded, fixed);
    assert_eq!(snippet_client.shutdown(), Some(0));
}

/// More drafts open than the server keeps block caches for (it keeps the most recently
/// opened or edited few): the first draft has given its cache up when it is edited, and
/// its diagnostics after the edit, and after a second one once it is warm again, must be
/// exactly those a fresh server publishes for the same text.
#[test]
fn a_draft_that_gave_up_its_cache_is_analysed_afresh_and_the_same() {
    fn uri(n: usize) -> String {
        format!("file:///tmp/copydesk-e2e-cold/draft-{n}.md")
    }
    fn open_as(client: &mut Client, uri: &str, text: &str) {
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }
    /// Diagnostics without the document version they carry.
    fn unversioned(mut diagnostics: Vec<Value>) -> Vec<Value> {
        for d in &mut diagnostics {
            d["data"].as_object_mut().unwrap().remove("version");
        }
        diagnostics
    }
    fn fresh_diagnostics(text: &str) -> Vec<Value> {
        let mut fresh = Client::start();
        fresh.initialize(
            capabilities(&["utf-16"]),
            json!({"copydesk": {"debounceMs": 0}}),
        );
        open_as(&mut fresh, &uri(0), text);
        let diagnostics = fresh.diagnostics(&uri(0), 1);
        assert_eq!(fresh.shutdown(), Some(0));
        unversioned(diagnostics)
    }
    let mut client = Client::start();
    client.initialize(
        capabilities(&["utf-16"]),
        json!({"copydesk": {"debounceMs": 0}}),
    );
    let base = "---\ndate: 2019-02-04\n---\n# Council Votes\n\nThe council met at 4:23am on Feb. 1 and again at 7:00 PM on Sep. 3, 2018.\n\nCritics say the plan is the biggest ever.\n";
    // The other drafts share nothing with the first (no cross-draft findings).
    let texts: Vec<String> = std::iter::once(base.to_string())
        .chain((1..20).map(|n| format!("# Note {n}\n\nShort note {n}.\n")))
        .collect();
    for (n, text) in texts.iter().enumerate() {
        open_as(&mut client, &uri(n), text);
        client.diagnostics(&uri(n), 1);
    }
    let opened = fresh_diagnostics(&texts[0]);

    // A new error in the cold draft.
    let edit = json!([{"range": {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 0}}, "text": "On Mar. 3 "}]);
    let edited = apply_lsp_edits(&texts[0], edit.as_array().unwrap(), false);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(0), "version": 2}, "contentChanges": edit}),
    );
    let after = unversioned(client.diagnostics(&uri(0), 2));
    assert!(
        after.len() > opened.len(),
        "the new error was not found: {after:#?}"
    );
    assert_eq!(after, fresh_diagnostics(&edited));

    // Warm again: a second edit takes the cached path and must agree too.
    let edit = json!([{"range": {"start": {"line": 7, "character": 0}, "end": {"line": 7, "character": 7}}, "text": "Experts"}]);
    let edited = apply_lsp_edits(&edited, edit.as_array().unwrap(), false);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(0), "version": 3}, "contentChanges": edit}),
    );
    let after = unversioned(client.diagnostics(&uri(0), 3));
    assert_eq!(after, fresh_diagnostics(&edited));

    // Hover on a draft whose snapshot keeps no block facts still explains the date.
    let column = "On Mar. 3 The council met at 4:23am on Feb".len() as u64;
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(0)}, "position": {"line": 5, "character": column}}),
    );
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(shown.contains("Friday, 2019-02-01"), "{shown}");
    assert_eq!(client.shutdown(), Some(0));
}

/// A long draft's diagnostics (hundreds of kilobytes of JSON, written by the analysis
/// thread itself) arrive whole, for the version they answer, and in order with the
/// server's other messages; on Linux the server has widened the pipe it writes to so they
/// go out in one write.
#[test]
fn a_long_drafts_diagnostics_arrive_whole_through_a_widened_pipe() {
    let uri = "file:///tmp/copydesk-e2e-long/draft.md";
    let paragraph = |n: usize| {
        format!(
            "The county board voted on Tuesday to close the old bridge on Route {n} for repairs that will last into the spring."
        )
    };
    // 300 different paragraphs, each pasted twice: 300 repeats to report.
    let mut text = String::from("# Bridge Closures Across the County\n\n");
    for n in 0..300 {
        text.push_str(&paragraph(n));
        text.push_str("\n\n");
    }
    for n in 0..300 {
        text.push_str(&paragraph(n));
        text.push_str("\n\n");
    }
    let mut client = Client::start();
    client.initialize(
        capabilities(&["utf-16"]),
        json!({"copydesk": {"debounceMs": 0}}),
    );
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    assert_eq!(
        client.output_pipe_bytes(),
        Some(copydesk::server::transport::output_pipe_target())
    );
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let repeats = |diagnostics: &[Value]| {
        diagnostics
            .iter()
            .filter(|d| d["code"] == "boilerplate/duplicate-paragraph")
            .count()
    };
    let opened = client.diagnostics(uri, 1);
    assert_eq!(repeats(&opened), 300);
    // Reword one copy of the last paragraph, then ask for code actions in between edits:
    // answers and publishes keep coming whole.
    let last_line = (text.lines().count() - 2) as u64;
    for (version, word) in [(2, "A"), (3, "B"), (4, "C")] {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": {"line": last_line, "character": 0},
                                                  "end": {"line": last_line, "character": 0}},
                                       "text": word}]}),
        );
        let actions = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}},
                   "context": {"diagnostics": []}}),
        );
        assert!(actions.get("error").is_none(), "{actions}");
        let edited = client.diagnostics(uri, version);
        assert_eq!(repeats(&edited), 299, "version {version}");
    }
    assert_eq!(client.shutdown(), Some(0));
}
