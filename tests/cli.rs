//! The command as a user runs it: exit codes, the three formats, options.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

const CLEAN: &str = "examples/clean.json";
const API_EXAMPLE: &str = "examples/api-example.json";

fn run(args: &[&str]) -> Output {
    run_with_stdin(args, None)
}

fn run_with_stdin(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sdrs-lint"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn exit_0_when_clean_1_on_errors_2_on_bad_usage() {
    assert_eq!(run(&[CLEAN]).status.code(), Some(0));
    assert_eq!(run(&[API_EXAMPLE]).status.code(), Some(1));
    assert_eq!(run(&["no/such/file.json"]).status.code(), Some(2));
    assert_eq!(run(&["--format", "xml", CLEAN]).status.code(), Some(2));
    assert_eq!(
        run(&["--rule", "no-such-rule=off", CLEAN]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["--rule", "name-charset=loud", CLEAN]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["--explain", "no-such-rule"]).status.code(), Some(2));
    let o = run(&["--config", "no/such/config.json", CLEAN]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read"), "{}", stderr(&o));
}

#[test]
fn warnings_alone_exit_0() {
    let o = run_with_stdin(
        &["--format", "json", "-"],
        Some(
            r#"{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "n", "tags": []}}"#,
        ),
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)[0]["warnings"], 1);
}

#[test]
fn human_format_shows_a_code_frame_without_colour_when_piped() {
    let o = run(&[API_EXAMPLE]);
    let out = stdout(&o);
    assert!(out.contains("error[id-format]"), "{out}");
    assert!(out.contains("--> examples/api-example.json:7:26"), "{out}");
    assert!(
        out.contains(r#"7 |     "primary_subnet_id": "a32217fh-3413-c313-6342-3124d3491502","#),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{} /protected_instance/primary_subnet_id",
            "^".repeat(38)
        )),
        "{out}"
    );
    assert!(
        out.contains("1 problem (1 error, 0 warnings, 0 infos) in 1 file."),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "colour in a pipe");
    let forced = stdout(&run(&["--color", "always", API_EXAMPLE]));
    assert!(forced.contains('\u{1b}'));
    let o = Command::new(env!("CARGO_BIN_EXE_sdrs-lint"))
        .args(["--color", "always", API_EXAMPLE])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&o).contains('\u{1b}'), "NO_COLOR is respected");
    assert!(stdout(&run(&[CLEAN])).contains("No problems found"));
}

#[test]
fn json_format_is_one_element_per_input() {
    let o = run(&["--format", "json", CLEAN, API_EXAMPLE]);
    let v = json(&o);
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["file"], CLEAN);
    assert_eq!(v[0]["valid"], true);
    assert_eq!(v[1]["file"], API_EXAMPLE);
    // Both files protect the same server: they form one plan.
    assert_eq!(v[1]["errors"], 2);
    let codes: Vec<&str> = v[1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["plan-duplicate-server", "plan-duplicate-name", "id-format"]
    );
    let d = &v[1]["diagnostics"][2];
    assert_eq!(d["code"], "id-format");
    assert_eq!(d["path"], "/protected_instance/primary_subnet_id");
    assert_eq!(d["range"]["start"]["line"], 7);
    assert_eq!(d["range"]["start"]["column"], 26);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn sarif_has_the_required_fields() {
    let o = run(&["--format", "sarif", API_EXAMPLE]);
    assert_eq!(o.status.code(), Some(1));
    let log = json(&o);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif"));
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "sdrs-lint");
    let rules = driver["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "name-charset"));
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "id-format");
    assert_eq!(result["level"], "error");
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "id-format");
    assert!(result["message"]["text"].as_str().unwrap().contains("UUID"));
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "examples/api-example.json"
    );
    let region = &location["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(7), Some(26))
    );
    assert_eq!(
        (region["endLine"].as_u64(), region["endColumn"].as_u64()),
        (Some(7), Some(64))
    );
    assert_eq!(run["columnKind"], "utf16CodeUnits");
}

#[test]
fn rule_overrides_from_flags_and_config() {
    let o = run(&["--rule", "id-format=off", "--format", "json", API_EXAMPLE]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)[0]["diagnostics"].as_array().unwrap().len(), 0);
    let o = run(&[
        "--rule",
        "id-format=warning",
        "--format",
        "json",
        API_EXAMPLE,
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)[0]["diagnostics"][0]["severity"], "warning");

    let dir = std::env::temp_dir().join(format!("sdrs-lint-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.json");
    std::fs::write(&config, r#"{"rules": {"id-format": "info"}}"#).unwrap();
    let o = run(&[
        "--config",
        config.to_str().unwrap(),
        "--format",
        "json",
        API_EXAMPLE,
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)[0]["infos"], 1);
    // --rule wins over the file.
    let o = run(&[
        "--config",
        config.to_str().unwrap(),
        "--rule",
        "id-format=error",
        API_EXAMPLE,
    ]);
    assert_eq!(o.status.code(), Some(1));
    std::fs::write(&config, r#"{"rules": {"id-formt": "off"}}"#).unwrap();
    let o = run(&["--config", config.to_str().unwrap(), API_EXAMPLE]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean 'id-format'"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn standard_input_and_invalid_bytes() {
    let o = run_with_stdin(&["--format", "json"], Some("{\"protected_instance\": "));
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v[0]["file"], "<stdin>");
    assert_eq!(v[0]["diagnostics"][0]["code"], "invalid-json");
    assert_eq!(v[0]["diagnostics"][0]["range"]["start"]["offset"], 23);

    let dir = std::env::temp_dir().join(format!("sdrs-lint-bytes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("latin1.json");
    std::fs::write(&file, b"{\"protected_instance\": {\"name\": \"caf\xe9\"}}").unwrap();
    let o = run(&["--format", "json", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let d = &json(&o)[0]["diagnostics"][0];
    assert_eq!(d["code"], "invalid-json");
    assert!(d["message"].as_str().unwrap().contains("UTF-8"));
    assert_eq!(d["range"]["start"]["offset"], 36);
    assert_eq!(d["range"]["end"]["offset"], 37);
    // The human format still renders it.
    assert!(stdout(&run(&[file.to_str().unwrap()])).contains("invalid-json"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn list_rules_and_explain() {
    let o = run(&["--list-rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for code in ["invalid-json", "name-charset", "tag-key-reserved"] {
        assert!(out.contains(code), "{code} not listed");
    }
    let rules = json(&run(&["--list-rules", "--format", "json"]));
    assert_eq!(rules.as_array().unwrap().len(), sdrs_lint::CATALOGUE.len());
    assert_eq!(rules[0]["code"], "invalid-json");
    let o = run(&["--explain", "name-too-long"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("# name-too-long"));
    assert!(out.contains("64 UTF-8 **bytes**"));
    assert!(out.contains("Use instead"));
}

#[test]
fn fix_rewrites_the_file_and_reports_what_is_left() {
    let dir = std::env::temp_dir().join(format!("sdrs-lint-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("request.json");
    std::fs::write(
        &file,
        r#"{"server_group_id": "523AB8AD-3759-4933-9436-4CF4EBB20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "my name",
            "flavor_ref": "s3.large.2.linux",
            "tags": [{"key": "app ", "value": "a"}, {"key": "app", "value": "b"}, {"key": "x", "value": "<y>"}]}"#,
    )
    .unwrap();
    let o = run(&["--fix", "--format", "json", file.to_str().unwrap()]);
    let fixed: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let pi = &fixed["protected_instance"];
    assert_eq!(
        pi["server_group_id"],
        "523ab8ad-3759-4933-9436-4cf4ebb20867"
    );
    assert_eq!(pi["name"], "my-name");
    assert_eq!(pi["flavorRef"], "s3.large.2");
    assert_eq!(
        pi["tags"],
        serde_json::json!([{"key": "app", "value": "a"}, {"key": "x", "value": "<y>"}])
    );
    let report = &json(&o)[0];
    assert_eq!(
        report["diagnostics"].as_array().unwrap().len(),
        1,
        "{report}"
    );
    assert_eq!(report["diagnostics"][0]["code"], "tag-value-charset");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(run(&["--fix", "-"]).status.code(), Some(2));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn context_file_runs_the_preflight_rules() {
    // The clean example's server, group and subnet are all in the context.
    let o = run(&[
        "--context",
        "examples/context.json",
        "--format",
        "json",
        CLEAN,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(json(&o)[0]["diagnostics"], serde_json::json!([]));

    let request = std::fs::read_to_string(CLEAN)
        .unwrap()
        .replace("192.168.0.5", "192.168.0.10");
    let o = run_with_stdin(
        &["--context", "examples/context.json", "--format", "json"],
        Some(&request),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)[0]["diagnostics"][0]["code"], "ip-in-use");
}

#[test]
fn malformed_context_is_a_usage_error() {
    let dir = std::env::temp_dir().join(format!("sdrs-lint-context-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (text, says) in [
        (
            r#"{"servers": [{"id": "x", "shared_disk": "yes"}]}"#,
            "context.servers[0].shared_disk must be a boolean",
        ),
        (
            r#"{"subnets": [{"id": "s", "cidr": "10.0.0.0/33"}]}"#,
            "cidr",
        ),
        ("[1]", "object"),
        ("{", "not valid JSON"),
    ] {
        let file = dir.join("context.json");
        std::fs::write(&file, text).unwrap();
        let o = run(&["--context", file.to_str().unwrap(), CLEAN]);
        assert_eq!(o.status.code(), Some(2), "{text}");
        assert!(stderr(&o).contains(says), "{text}: {}", stderr(&o));
        assert!(o.stdout.is_empty());
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn files_of_one_run_form_a_plan() {
    let o = run(&["--format", "json", CLEAN, CLEAN]);
    let v = json(&o);
    assert_eq!(v[0]["diagnostics"], serde_json::json!([]));
    let later: Vec<(&str, &str)> = v[1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["params"]["first"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        later,
        [
            ("plan-duplicate-server", CLEAN),
            ("plan-duplicate-name", CLEAN),
            ("plan-duplicate-ip", CLEAN)
        ]
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn ndjson_lines_are_inputs_named_path_and_line() {
    let o = run(&["--ndjson", "--format", "json", "examples/plan.ndjson"]);
    let v = json(&o);
    let files: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files[..3],
        [
            "examples/plan.ndjson:1",
            "examples/plan.ndjson:2",
            "examples/plan.ndjson:3"
        ]
    );
    assert_eq!(v[1]["diagnostics"][0]["code"], "plan-duplicate-ip");
    assert_eq!(
        v[1]["diagnostics"][0]["params"]["first"],
        "examples/plan.ndjson:1"
    );
    assert_eq!(o.status.code(), Some(1));

    // Blank lines are skipped, CRLF is accepted, and line numbers stay the file's.
    let text = "{\"protected_instance\": {}}\r\n\r\n  \n{\"protected_instance\": {\"server_group_id\": \"x\"}}\n";
    let o = run_with_stdin(&["--ndjson", "--format", "json"], Some(text));
    let v = json(&o);
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[1]["file"], "<stdin>:4");
    let human = stdout(&run_with_stdin(&["--ndjson"], Some(text)));
    assert!(human.contains("--> <stdin>:4:24"), "{human}");
    assert!(human.contains("in 2 lines."), "{human}");
    let sarif = json(&run_with_stdin(
        &["--ndjson", "--format", "sarif"],
        Some(text),
    ));
    let last = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        last["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
}
