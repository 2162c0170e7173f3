//! The built `copydesk` binary: exit codes, the JSON contract, `fix` idempotence and
//! atomic writes, `rules`, configuration errors.

use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn copydesk(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run copydesk")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

const DUPLICATED: &str = "Headline Over the Story\n\nThe mayor said the budget would pass by a wide margin on Tuesday.\n\nCouncil members disagreed.\n\nThe mayor said the budget would pass by a wide margin on Tuesday.\n";

#[test]
fn json_output_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let text = "---\ntitle: “Café” story\n---\n# Head\n\nCafé owners 😀 said the new rules would take effect next week.\n\n```\nCafé owners 😀 said the new rules would take effect next week.\n```\n\nSee [the plan](https://example.com/Café-owners-said) here.\n\nCafé owners 😀 said the new rules would take effect next week.\n";
    fs::write(dir.path().join("a.md"), text).unwrap();
    fs::write(dir.path().join("b.markdown"), "Nothing to see here.\n").unwrap();
    fs::write(dir.path().join("notes.txt"), DUPLICATED).unwrap();
    let output = copydesk(&["check", "--format", "json", "."], dir.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: Value =
        serde_json::from_str(&stdout(&output)).expect("one JSON document on stdout");
    assert_eq!(report["version"], 1);
    assert_eq!(report["errors"], serde_json::json!([]));
    let files = report["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, vec!["./a.md", "./b.markdown"]);
    let findings = files[0]["findings"].as_array().unwrap();
    assert_eq!(
        findings.len(),
        1,
        "only the prose copy is a duplicate: {findings:#?}"
    );
    let finding = &findings[0];
    for key in [
        "rule", "severity", "message", "span", "range", "related", "fixes",
    ] {
        assert!(finding.get(key).is_some(), "missing {key}");
    }
    let start = finding["span"]["start"].as_u64().unwrap() as usize;
    let end = finding["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(start, text.rfind("Café owners").unwrap());
    assert_eq!(
        &text[start..end],
        "Café owners 😀 said the new rules would take effect next week."
    );
    assert_eq!(
        finding["range"]["start"],
        serde_json::json!({"line": 13, "character": 0})
    );
    let utf16_end = text[start..end].encode_utf16().count();
    assert_eq!(
        finding["range"]["end"],
        serde_json::json!({"line": 13, "character": utf16_end})
    );
    assert_eq!(finding["related"][0]["path"], "./a.md");
    assert_eq!(finding["fixes"][0]["applicability"], "unsafe");
    assert!(files[1]["findings"].as_array().unwrap().is_empty());
}

#[test]
fn unreadable_files_are_listed_and_the_rest_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.md"), DUPLICATED).unwrap();
    fs::write(dir.path().join("bad.md"), b"Valid start \xff\xfe broken").unwrap();
    let output = copydesk(
        &[
            "check",
            "--format",
            "json",
            "bad.md",
            "good.md",
            "missing.md",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["files"][0]["path"], "good.md");
    assert_eq!(report["files"][0]["findings"].as_array().unwrap().len(), 1);
    assert_eq!(report["errors"][0]["path"], "bad.md");
    assert_eq!(report["errors"][0]["message"], "not valid UTF-8 at byte 12");
    assert_eq!(report["errors"][1]["path"], "missing.md");
}

#[test]
fn gitignore_is_honoured_and_clean_files_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(".gitignore"), "drafts/old/\n").unwrap();
    fs::create_dir_all(dir.path().join("drafts/old")).unwrap();
    fs::write(dir.path().join("drafts/old/dup.md"), DUPLICATED).unwrap();
    fs::write(dir.path().join("drafts/new.md"), "A clean paragraph.\n").unwrap();
    let output = copydesk(&["check", "drafts", "."], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("No findings in 1 file."));
}

#[test]
fn human_output_has_locations_fix_titles_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.md"), DUPLICATED).unwrap();
    let output = copydesk(&["check", "s.md"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("s.md:7:1: warning[boilerplate/duplicate-paragraph] Paragraph repeats the one on line 3"), "{text}");
    assert!(text.contains("  = fix (unsafe): Delete the repeated paragraph"));
    assert!(text.contains("Found 1 finding"));
    let output = copydesk(&["check", "--fail-on", "error", "s.md"], dir.path());
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn malformed_config_is_reported_with_location_and_defaults_used() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("copydesk.toml"),
        "style = \"ap\"\n[rules]\n\"boilerplate/duplicate-paragraph\" = \"loud\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("s.md"), DUPLICATED).unwrap();
    let output = copydesk(&["check", "s.md"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("copydesk.toml:3:37: unknown level `loud`"),
        "{err}"
    );
    assert!(
        stdout(&output).contains("boilerplate/duplicate-paragraph"),
        "defaults still lint"
    );

    fs::write(
        dir.path().join("copydesk.toml"),
        "[rules]\n\"boilerplate/duplicate-paragraph\" = \"off\"\n",
    )
    .unwrap();
    let output = copydesk(&["check", "s.md"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    fs::write(dir.path().join("other.toml"), "style = [\n").unwrap();
    let output = copydesk(&["check", "--config", "other.toml", "s.md"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("other.toml:1:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn suppression_comments_silence_findings() {
    let dir = tempfile::tempdir().unwrap();
    let text = DUPLICATED.replace(
        "Council members disagreed.\n\n",
        "Council members disagreed.\n\n<!-- copydesk-disable-next-line boilerplate/duplicate-paragraph -->\n",
    );
    fs::write(dir.path().join("s.md"), text).unwrap();
    let output = copydesk(&["check", "s.md"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[cfg(unix)]
#[test]
fn fix_is_atomic_idempotent_and_keeps_permissions_and_crlf() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.md");
    fs::write(&path, DUPLICATED.replace('\n', "\r\n")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();

    // Safe fixes only: deleting a duplicate is unsafe, so nothing changes.
    let output = copydesk(&["fix", "s.md"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        DUPLICATED.replace('\n', "\r\n")
    );

    // Dry run prints a diff and writes nothing.
    let output = copydesk(&["fix", "--unsafe", "--dry-run", "s.md"], dir.path());
    assert!(
        stdout(&output).contains("-The mayor said"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        DUPLICATED.replace('\n', "\r\n")
    );

    let output = copydesk(&["fix", "--unsafe", "s.md"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let fixed = fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        "Headline Over the Story\r\n\r\nThe mayor said the budget would pass by a wide margin on Tuesday.\r\n\r\nCouncil members disagreed.\r\n"
    );
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != "s.md")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");

    let output = copydesk(&["fix", "--unsafe", "s.md"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("Fixed 0 findings in 0 files."),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), fixed);
}

#[cfg(unix)]
#[test]
fn fix_refuses_symlinks_out_of_the_tree_and_skips_bad_files() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("target.md");
    fs::write(&target, DUPLICATED).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("link.md")).unwrap();
    fs::write(dir.path().join("bad.md"), b"\xff\xff").unwrap();
    let output = copydesk(&["fix", "--unsafe", "link.md", "bad.md"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("refusing to write through a symlink"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("bad.md: not valid UTF-8"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), DUPLICATED);
}

#[test]
fn rules_list_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let output = copydesk(&["rules"], dir.path());
    assert!(stdout(&output).contains("boilerplate/duplicate-paragraph"));
    let output = copydesk(&["rules", "boilerplate/duplicate-paragraph"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains("## What it does") && text.contains("## Fix safety"),
        "{text}"
    );
    assert!(
        !text.contains("\n ## What"),
        "doc comment indentation is stripped"
    );
    let output = copydesk(&["rules", "nope/rule"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let output = copydesk(&["rules", "--json"], dir.path());
    let rules: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(rules
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "boilerplate/duplicate-paragraph"));
    let output = copydesk(&["--version"], dir.path());
    assert!(stdout(&output).starts_with("copydesk "));
    let output = copydesk(&["--help"], dir.path());
    assert!(stdout(&output).contains("Examples:"));
}

#[test]
fn example_draft_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = copydesk(&["check", "examples/story.md"], root);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(stdout(&output).contains("boilerplate/duplicate-paragraph"));
}
