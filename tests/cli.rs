//! The command as a user runs it: exit codes, the formats, options, inputs.

mod common;

use common::Scratch;
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

const CLEAN: &str = "examples/clean.json";
const API_EXAMPLE: &str = "examples/api-example.json";
const BIN: &str = env!("CARGO_BIN_EXE_sdrs-lint");

/// The command, with none of the colour variables of the environment the
/// tests run in.
fn sdrs_lint() -> Command {
    let mut command = Command::new(BIN);
    for var in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CLICOLOR"] {
        command.env_remove(var);
    }
    command
}

fn run(args: &[&str]) -> Output {
    run_with_stdin(args, None)
}

fn run_with_stdin(args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = sdrs_lint();
    command.args(args);
    feed(command, stdin.unwrap_or(""))
}

/// Runs the command with `stdin` piped into it.
fn feed(mut command: Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.as_bytes()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

/// Runs the command on a terminal (a pseudo-terminal by util-linux
/// `script`), as a user at a shell does; returns its output and status.
fn on_terminal(args: &str, env: &[(&str, &str)]) -> (String, Option<i32>) {
    let mut command = Command::new("script");
    command.args(["-qec", &format!("{BIN} {args}"), "/dev/null"]);
    for var in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CLICOLOR"] {
        command.env_remove(var);
    }
    command
        .env("TERM", "xterm-256color")
        .envs(env.iter().copied());
    let o = command.stdin(Stdio::null()).output().unwrap();
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        o.status.code(),
    )
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

/// Checks a SARIF log against the official SARIF 2.1.0 schema
/// (tests/sarif/README.md names its source), formats included.
fn assert_valid_sarif(log: &Value) {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let schema: Value = serde_json::from_str(
            &std::fs::read_to_string("tests/sarif/sarif-schema-2.1.0.json").unwrap(),
        )
        .unwrap();
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
    });
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
}

/// A request that is clean but for what a test adds; `{}` stands for more
/// members of protected_instance.
const VALID_IDS: &str = r#""server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f""#;

fn request(members: &str) -> String {
    format!("{{\"protected_instance\": {{{VALID_IDS}, {members}}}}}\n")
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
    assert!(stdout(&run(&[CLEAN])).contains("No problems found"));
}

#[test]
fn colour_follows_the_flag_then_the_conventions() {
    let colour = |args: &[&str], env: &[(&str, &str)]| {
        let o = sdrs_lint()
            .args(args)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        stdout(&o).contains('\u{1b}')
    };
    // The flag wins over the environment (no-color.org: a per-instance
    // command-line argument overrides NO_COLOR).
    assert!(colour(
        &["--color", "always", API_EXAMPLE],
        &[("NO_COLOR", "1")]
    ));
    assert!(!colour(
        &["--color", "never", API_EXAMPLE],
        &[("FORCE_COLOR", "1")]
    ));
    // In a pipe, FORCE_COLOR and CLICOLOR_FORCE turn colour on, even over NO_COLOR.
    assert!(!colour(&[API_EXAMPLE], &[]));
    assert!(colour(&[API_EXAMPLE], &[("FORCE_COLOR", "1")]));
    assert!(colour(
        &[API_EXAMPLE],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    ));
    assert!(!colour(&[API_EXAMPLE], &[("FORCE_COLOR", "")]));
    // FORCE_COLOR=0 and false mean off, as Node.js tools read them.
    for off in ["0", "false"] {
        assert!(!colour(&[API_EXAMPLE], &[("FORCE_COLOR", off)]), "{off}");
    }
    // On a terminal: colour, but not with NO_COLOR, TERM=dumb or CLICOLOR=0.
    let path = format!("{}/{API_EXAMPLE}", env!("CARGO_MANIFEST_DIR"));
    assert!(on_terminal(&path, &[]).0.contains('\u{1b}'));
    for env in [
        ("NO_COLOR", "1"),
        ("TERM", "dumb"),
        ("CLICOLOR", "0"),
        ("FORCE_COLOR", "0"),
    ] {
        assert!(!on_terminal(&path, &[env]).0.contains('\u{1b}'), "{env:?}");
    }
    // Never into a file.
    let dir = Scratch::new("colour-file");
    let out = dir.path().join("out.txt");
    let o = run(&[
        "--color",
        "always",
        "--output-file",
        out.to_str().unwrap(),
        API_EXAMPLE,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!std::fs::read_to_string(out).unwrap().contains('\u{1b}'));
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
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap()
        .starts_with("file:///"));
    assert_valid_sarif(&log);
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

const TO_FIX: &str = r#"{"server_group_id": "523AB8AD-3759-4933-9436-4CF4EBB20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "my name",
            "flavor_ref": "s3.large.2.linux",
            "tags": [{"key": "app ", "value": "a"}, {"key": "app", "value": "b"}, {"key": "x", "value": "<y>"}]}"#;

#[test]
fn fix_applies_the_safe_fixes_and_reports_what_is_left() {
    let dir = Scratch::new("fix");
    let file = dir.write("request.json", TO_FIX);
    let o = run(&["--fix", "--format", "json", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file).unwrap();
    let fixed: Value = serde_json::from_str(&text).unwrap();
    let pi = &fixed["protected_instance"];
    assert_eq!(
        pi["server_group_id"],
        "523ab8ad-3759-4933-9436-4cf4ebb20867"
    );
    assert_eq!(pi["flavorRef"], "s3.large.2");
    // Unsafe fixes wait for --unsafe-fixes: the name and the second tag stay.
    assert_eq!(pi["name"], "my name");
    assert_eq!(pi["tags"][0]["key"], "app");
    assert_eq!(pi["tags"].as_array().unwrap().len(), 3);
    let report = &json(&o)[0];
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["name-charset", "tag-key-duplicate", "tag-value-charset"]
    );
    assert_eq!(o.status.code(), Some(1));
    // The layout is the file's own: the wrapper was inserted around it.
    assert!(
        text.starts_with("{\"protected_instance\": {\"server_group_id\": "),
        "{text}"
    );
    assert!(text.contains("\n            \"server_id\""), "{text}");

    // What changed is listed; what is left says how to fix it.
    std::fs::write(&file, TO_FIX).unwrap();
    let o = run(&["--fix", file.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(
        out.contains(
            "request.json: missing-wrapper at (root) (Wrap the members in \"protected_instance\")"
        ),
        "{out}"
    );
    // The wrapper moves every member, so the other fixes wait for the next
    // pass; their paths are where they applied, inside the wrapper.
    assert!(
        out.contains(
            "request.json: tag-whitespace at /protected_instance/tags/0/key (Trim the tag key)"
        ),
        "{out}"
    );
    assert!(
        out.contains("2 problems fixable with --fix --unsafe-fixes")
            || out.contains("fixable with --fix"),
        "{out}"
    );
    let o = run(&[
        "--fix",
        "--unsafe-fixes",
        "--format",
        "json",
        file.to_str().unwrap(),
    ]);
    let fixed: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let pi = &fixed["protected_instance"];
    assert_eq!(pi["name"], "my-name");
    assert_eq!(
        pi["tags"],
        serde_json::json!([{"key": "app", "value": "a"}, {"key": "x", "value": "<y>"}])
    );
    // A forbidden character in a tag value has no mechanical fix.
    let left = &json(&o)[0]["diagnostics"];
    assert_eq!(left.as_array().unwrap().len(), 1, "{left}");
    assert_eq!(left[0]["code"], "tag-value-charset");
    assert_eq!(
        run(&["--unsafe-fixes", file.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn the_summary_counts_safe_and_unsafe_fixes() {
    let o = run_with_stdin(&["-"], Some(TO_FIX));
    let out = stdout(&o);
    // missing-wrapper, id-uppercase, unknown-field, tag-whitespace are safe;
    // name-charset, tag-key-duplicate, description brackets are not.
    assert!(
        out.contains("4 problems fixable with --fix (2 more with --unsafe-fixes)."),
        "{out}"
    );
    assert!(out.contains("(sdrs-lint --fix --unsafe-fixes)"), "{out}");
}

#[test]
fn fix_changes_only_the_fixed_tokens() {
    // CRLF, an escape, numbers as written, a big number, a repeated unknown
    // key, a one-line array: all of it stays byte for byte.
    let original = "{\r\n  \"protected_instance\": {\r\n    \"server_group_id\": \"523AB8AD-3759-4933-9436-4CF4EBB20867\",\r\n    \"server_id\": \"403b603d-1d91-42cc-a357-81f3c2daf43f\",\r\n    \"name\": \"web 01\",\r\n    \"description\": \"caf\\u00e9 1.50e2\",\r\n    \"x\": 1.10, \"x\": 12345678901234567890123, \"y\": 1e400,\r\n    \"tags\": [{\"key\": \"a\", \"value\": \"b\"}, {\"key\": \"c\", \"value\": \"d\"}]\r\n  }\r\n}\r\n";
    let dir = Scratch::new("bytes");
    let file = dir.write("crlf.json", original);
    let o = run(&["--fix", "--unsafe-fixes", file.to_str().unwrap()]);
    // Unknown members are left to the user: warnings still.
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("warning[unknown-field]"));
    let fixed = std::fs::read_to_string(&file).unwrap();
    // The repeated key's ignored first value goes with its separator only.
    let expected = original
        .replace(
            "523AB8AD-3759-4933-9436-4CF4EBB20867",
            "523ab8ad-3759-4933-9436-4cf4ebb20867",
        )
        .replace("\"web 01\"", "\"web-01\"")
        .replace("\"x\": 1.10, ", "");
    assert_eq!(fixed, expected);
}

#[test]
fn sarif_carries_the_fixes_as_replacements() {
    let o = run_with_stdin(
        &["--format", "sarif", "--stdin-filename", "request.json", "-"],
        Some(TO_FIX),
    );
    let log = json(&o);
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let fixed: Vec<&Value> = results
        .iter()
        .filter(|r| r.get("fixes").is_some())
        .collect();
    assert!(fixed.len() >= 5, "{fixed:?}");
    let upper = results
        .iter()
        .find(|r| r["ruleId"] == "id-uppercase")
        .unwrap();
    let fix = &upper["fixes"][0];
    assert_eq!(fix["properties"]["applicability"], "safe");
    let replacement = &fix["artifactChanges"][0]["replacements"][0];
    assert_eq!(
        replacement["insertedContent"]["text"],
        "\"523ab8ad-3759-4933-9436-4cf4ebb20867\""
    );
    let region = &replacement["deletedRegion"];
    let start = region["byteOffset"].as_u64().unwrap() as usize;
    let len = region["byteLength"].as_u64().unwrap() as usize;
    assert_eq!(
        &TO_FIX[start..start + len],
        "\"523AB8AD-3759-4933-9436-4CF4EBB20867\""
    );
    assert_eq!(
        fix["artifactChanges"][0]["artifactLocation"]["uri"],
        "request.json"
    );
    let charset = results
        .iter()
        .find(|r| r["ruleId"] == "name-charset")
        .unwrap();
    assert_eq!(charset["fixes"][0]["properties"]["applicability"], "unsafe");
}

#[test]
fn diff_shows_the_changes_and_writes_nothing() {
    let dir = Scratch::new("diff");
    let file = dir.write("request.json", TO_FIX);
    let o = run(&["--diff", file.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(out.contains("--- a/"), "{out}");
    assert!(out.contains("-{\"server_group_id\": \"523AB8AD"), "{out}");
    assert!(
        out.contains("+{\"protected_instance\": {\"server_group_id\": \"523ab8ad"),
        "{out}"
    );
    assert!(
        stderr(&o).contains("fixes would be applied"),
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), TO_FIX);
    let o = run(&["--fix-dry-run", CLEAN]);
    assert_eq!((stdout(&o).as_str(), o.status.code()), ("", Some(0)));
}

#[test]
fn fix_of_standard_input_writes_the_request_to_standard_output() {
    let o = run_with_stdin(&["--fix", "-"], Some(TO_FIX));
    let fixed: Value = serde_json::from_slice(&o.stdout).expect("the fixed request alone");
    assert_eq!(fixed["protected_instance"]["flavorRef"], "s3.large.2");
    assert!(
        stderr(&o).contains("name-charset"),
        "the report goes to standard error"
    );
    assert_eq!(o.status.code(), Some(1));
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
}

#[test]
fn files_of_one_run_form_a_plan() {
    let dir = Scratch::new("plan");
    let copy = dir.write("copy.json", std::fs::read(CLEAN).unwrap());
    let o = run(&["--format", "json", CLEAN, copy.to_str().unwrap()]);
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

/// The positions each format gives for the diagnostics of one file:
/// (line, column) in report order.
fn positions(file: &str) -> Vec<Vec<(u64, u64)>> {
    let lines = |format: &str| stdout(&run(&["--format", format, file]));
    let number = |s: &str| s.parse::<u64>().unwrap();
    let json = json(&run(&["--format", "json", file]));
    let from_json = json[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let start = &d["range"]["start"];
            (
                start["line"].as_u64().unwrap(),
                start["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let sarif = serde_json::from_str::<Value>(&lines("sarif")).unwrap();
    let from_sarif = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            (
                region["startLine"].as_u64().unwrap(),
                region["startColumn"].as_u64().unwrap(),
            )
        })
        .collect();
    let from_human = lines("human")
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix(&format!("--> {file}:")))
        .map(|at| {
            let (line, column) = at.split_once(':').unwrap();
            (number(line), number(column))
        })
        .collect();
    let from_compact = lines("compact")
        .lines()
        .map(|l| {
            let at: Vec<&str> = l[file.len() + 1..].splitn(3, ':').collect();
            (number(at[0]), number(at[1]))
        })
        .collect();
    let from_github = lines("github")
        .lines()
        .map(|l| {
            let field = |name: &str| {
                number(
                    l.split([',', ' ', ':'])
                        .find_map(|p| p.strip_prefix(name))
                        .unwrap(),
                )
            };
            (field("line="), field("col="))
        })
        .collect();
    vec![from_json, from_sarif, from_human, from_compact, from_github]
}

#[test]
fn every_format_gives_the_same_utf16_columns() {
    let dir = Scratch::new("columns");
    for (name, newline) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        // An astral character counts 2 UTF-16 code units, a CJK one 1, a tab 1.
        let text = [
            "{\"protected_instance\": {",
            &format!("\t{VALID_IDS},"),
            "  \"description\": \"数据 💾💾\", \"name\": \"db 01\",",
            "\t\"tags\": [{\"key\": \"\u{1F4BE}\", \"value\": \"a b\"}, {\"key\": \"x<\", \"value\": \"1\"}]",
            "}}",
        ]
        .join(newline);
        let file = dir.write(&format!("{name}.json"), text);
        let file = file.to_str().unwrap();
        let all = positions(file);
        assert_eq!(
            all[0][0],
            (3, 37),
            "{name}: name-charset after 💾💾 (UTF-16)"
        );
        assert!(all[0].len() >= 2, "{name}: {all:?}");
        for (format, found) in ["sarif", "human", "compact", "github"]
            .iter()
            .zip(&all[1..])
        {
            assert_eq!(found, &all[0], "{name}: {format} differs from json");
        }
    }
}

#[test]
fn a_lone_cr_breaks_lines_in_code_frames_too() {
    let dir = Scratch::new("lone-cr");
    let text = format!(
        "{{\"protected_instance\": {{\r\t{VALID_IDS},\r\t\"name\": {{\r\t\t\"a\": 1\r\t}}\r}}}}"
    );
    let file = dir.write("cr.json", text);
    let out = stdout(&run(&[file.to_str().unwrap()]));
    assert!(
        out.contains(&format!("--> {}:3:10", file.display())),
        "{out}"
    );
    assert!(out.contains("4 | |         \"a\": 1"), "{out}");
    assert!(out.contains("5 | |     }"), "{out}");
    assert!(!out.contains('\u{240d}'), "no CR shown as a symbol: {out}");
}

#[test]
fn sarif_locations_are_uris() {
    let dir = Scratch::new("uris");
    let named = dir.write("reqs/pi #1 ü.json", std::fs::read(API_EXAMPLE).unwrap());
    let sarif = |args: &[&str], stdin: &str| {
        let mut command = sdrs_lint();
        command
            .current_dir(dir.path())
            .args(["--format", "sarif"])
            .args(args);
        let log: Value = serde_json::from_slice(&feed(command, stdin).stdout).unwrap();
        assert_valid_sarif(&log);
        assert!(!log.to_string().contains(r#""region":{}"#), "{log}");
        log
    };
    let artifact = |log: &Value| {
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"].clone()
    };

    // A relative path: a percent-encoded URI reference against %SRCROOT%.
    let log = sarif(&["reqs/pi #1 ü.json"], "");
    assert_eq!(
        artifact(&log),
        serde_json::json!({"uri": "reqs/pi%20%231%20%C3%BC.json", "uriBaseId": "%SRCROOT%"})
    );
    let root = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    // A colon would start a scheme in a relative reference.
    dir.write("a:b.json", std::fs::read(API_EXAMPLE).unwrap());
    assert_eq!(artifact(&sarif(&["./a:b.json"], ""))["uri"], "a%3Ab.json");

    // An absolute path: a file URI.
    let log = sarif(&[named.to_str().unwrap()], "");
    let uri = artifact(&log)["uri"].as_str().unwrap().to_string();
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/reqs/pi%20%231%20%C3%BC.json"),
        "{uri}"
    );
    assert_eq!(log["runs"][0].get("originalUriBaseIds"), None);

    // Standard input: named, not a file; or the name --stdin-filename gives.
    let request = std::fs::read_to_string(API_EXAMPLE).unwrap();
    let log = sarif(&[], &request);
    assert_eq!(
        artifact(&log),
        serde_json::json!({"description": {"text": "standard input"}})
    );
    let log = sarif(&["--stdin-filename", "reqs/new one.json"], &request);
    assert_eq!(artifact(&log)["uri"], "reqs/new%20one.json");

    // The closing too-many-diagnostics: the file, without an empty region.
    let bad = request.replace(
        "\"name\": \"test_protected_instance_name\"",
        "\"name\": \"a b\", \"x\": 1, \"y\": 2",
    );
    let log = sarif(&["--max-diagnostics", "1"], &bad);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let last = results.last().unwrap();
    assert_eq!(last["ruleId"], "too-many-diagnostics");
    assert_eq!(
        last["locations"][0]["physicalLocation"],
        serde_json::json!({"artifactLocation": {"description": {"text": "standard input"}}})
    );
}

#[test]
fn sarif_records_the_run_help_and_fingerprints() {
    let o = run(&["--format", "sarif", API_EXAMPLE, "no/such.json"]);
    assert_eq!(o.status.code(), Some(2));
    let log = json(&o);
    assert_valid_sarif(&log);
    let sarif_run = &log["runs"][0];
    let invocation = &sarif_run["invocations"][0];
    assert_eq!(invocation["exitCode"], 2);
    assert_eq!(invocation["executionSuccessful"], false);
    let notice = invocation["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(notice.contains("no/such.json"), "{notice}");
    let clean = json(&run_with_stdin(&["--format", "sarif", CLEAN], None));
    assert_eq!(clean["runs"][0]["invocations"][0]["exitCode"], 0);
    assert_eq!(
        clean["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );

    // Fingerprints stay when unrelated lines move the finding.
    let moved = std::fs::read_to_string(API_EXAMPLE)
        .unwrap()
        .replacen('{', "{\n\n", 1);
    let fingerprint = |log: &Value| log["runs"][0]["results"][0]["partialFingerprints"].clone();
    let dir = Scratch::new("fingerprints");
    let file = dir.write("request.json", std::fs::read(API_EXAMPLE).unwrap());
    let before = json(&run(&["--format", "sarif", file.to_str().unwrap()]));
    std::fs::write(&file, moved).unwrap();
    let after = json(&run(&["--format", "sarif", file.to_str().unwrap()]));
    assert_eq!(fingerprint(&before), fingerprint(&after));
    assert_ne!(
        before["runs"][0]["results"][0]["locations"],
        after["runs"][0]["results"][0]["locations"]
    );
    let value = fingerprint(&before)["sdrsLint/v1"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(value.len(), 64);

    // Every rule carries its documentation and an absolute help URI: its
    // page as the npm package of this version ships it (no repository is
    // named), a page that exists.
    let package: Value =
        serde_json::from_str(&std::fs::read_to_string("pkg/package.json").unwrap()).unwrap();
    assert_eq!(package["version"], env!("CARGO_PKG_VERSION"));
    assert!(package["files"]
        .as_array()
        .unwrap()
        .contains(&Value::from("docs/rules/")));
    for rule in sarif_run["tool"]["driver"]["rules"].as_array().unwrap() {
        assert!(!rule["help"]["markdown"].as_str().unwrap().is_empty());
        let code = rule["id"].as_str().unwrap();
        let uri = rule["helpUri"].as_str().unwrap();
        assert_eq!(
            uri,
            format!(
                "https://unpkg.com/sdrs-lint@{}/docs/rules/{code}.md",
                env!("CARGO_PKG_VERSION")
            )
        );
        assert!(std::path::Path::new(&format!("docs/rules/{code}.md")).exists());
    }
}

#[test]
fn an_unreadable_file_does_not_discard_the_others() {
    let o = run(&["--format", "json", CLEAN, "no/such/file.json", API_EXAMPLE]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    let files: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, [CLEAN, API_EXAMPLE]);
    assert!(
        stderr(&o).contains("cannot read no/such/file.json"),
        "{}",
        stderr(&o)
    );
    let human = run(&[CLEAN, "no/such/file.json"]);
    assert_eq!(human.status.code(), Some(2));
    assert!(stdout(&human).contains("No problems found (1 file checked)."));
}

#[test]
fn each_file_is_read_once_however_it_is_named() {
    let o = run(&[
        "--format",
        "json",
        CLEAN,
        CLEAN,
        "./examples/clean.json",
        "examples/../examples/clean.json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "a file does not collide with itself"
    );
    assert_eq!(json(&o).as_array().unwrap().len(), 1);
    let o = run_with_stdin(
        &["--format", "json", "-", "-"],
        Some(&std::fs::read_to_string(CLEAN).unwrap()),
    );
    assert_eq!(json(&o).as_array().unwrap().len(), 1);
}

#[test]
fn usage_help_and_mistyped_rules() {
    let o = run(&["--explain", "name-charst"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean 'name-charset'"),
        "{}",
        stderr(&o)
    );
    let help = stdout(&run(&["--help"]));
    assert!(help.contains("--format"), "{help}");
    assert!(!help.contains("SPEC"), "users have no SPEC: {help}");
    // No file and a terminal for standard input: say so instead of waiting.
    let (out, status) = on_terminal("", &[]);
    assert_eq!(status, Some(2));
    assert!(out.contains("no input"), "{out}");
}

#[test]
fn compact_github_gitlab_and_junit_formats() {
    let dir = Scratch::new("formats");
    let file = dir.write("a,b.json", request("\"name\": \"a b\", \"tags\": []"));
    let file = file.to_str().unwrap();

    let compact = stdout(&run(&["--format", "compact", file]));
    assert_eq!(
        compact.lines().collect::<Vec<_>>(),
        [
            format!("{file}:1:145: error name-charset name contains characters that are not allowed: ' ' (space). Use letters, digits, '.', '_' or '-'."),
            format!("{file}:1:160: warning tags-empty tags is an empty list; omit it."),
        ]
    );

    let github = stdout(&run(&["--format", "github", file]));
    let lines: Vec<&str> = github.lines().collect();
    let escaped = file.replace(',', "%2C");
    assert!(lines[0].starts_with(&format!("::error file={escaped},line=1,col=145,endLine=1,endColumn=150,title=sdrs-lint(name-charset)::name contains")), "{github}");
    assert!(lines[1].starts_with("::warning file="), "{github}");
    let info = run_with_stdin(
        &["--format", "github", "--rule", "tags-empty=info"],
        Some(&request("\"name\": \"n\", \"tags\": []")),
    );
    assert!(
        stdout(&info).starts_with("::notice file=<stdin>,"),
        "{}",
        stdout(&info)
    );

    let gitlab: Value = json(&run(&["--format", "gitlab", file]));
    let issues = gitlab.as_array().unwrap();
    assert_eq!(issues.len(), 2);
    assert_eq!(issues[0]["check_name"], "name-charset");
    assert_eq!(issues[0]["severity"], "major");
    assert_eq!(issues[1]["severity"], "minor");
    assert_eq!(issues[0]["location"]["path"], file);
    assert_eq!(
        issues[0]["location"]["positions"]["begin"],
        serde_json::json!({"line": 1, "column": 145})
    );
    assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
    assert_eq!(
        json(&run(&["--format", "gitlab", file]))[0]["fingerprint"],
        issues[0]["fingerprint"]
    );

    let junit = stdout(&run(&[
        "--format",
        "junit",
        "--plan",
        "file",
        file,
        CLEAN,
        "no/such.json",
    ]));
    assert!(junit.starts_with("<?xml"), "{junit}");
    assert!(
        junit.contains(
            r#"<testsuites name="sdrs-lint" tests="4" skipped="0" failures="2" errors="1">"#
        ),
        "{junit}"
    );
    assert!(
        junit.contains(r#"<testcase name="name-charset at 1:145""#),
        "{junit}"
    );
    assert!(junit.contains(r#"type="warning""#), "{junit}");
    assert!(
        junit.contains(r#"<testcase name="request" classname="examples/clean.json"/>"#),
        "{junit}"
    );
    assert!(junit.contains("cannot read no/such.json"), "{junit}");
}

#[test]
fn output_file_takes_the_report() {
    let dir = Scratch::new("output");
    let out = dir.path().join("report.sarif");
    let o = run(&[
        "--format",
        "sarif",
        "--output-file",
        out.to_str().unwrap(),
        API_EXAMPLE,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "id-format");
    let o = run(&["-o", "/no/such/dir/report.txt", CLEAN]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
}

#[test]
fn max_warnings_and_quiet() {
    let warned = request("\"name\": \"n\", \"tags\": []");
    let o = run_with_stdin(&["--max-warnings", "0"], Some(&warned));
    assert_eq!(o.status.code(), Some(1), "one warning is more than 0");
    assert!(
        stderr(&o).contains("1 warning, more than --max-warnings 0"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        run_with_stdin(&["--max-warnings", "1"], Some(&warned))
            .status
            .code(),
        Some(0)
    );

    let mixed = request("\"name\": \"a b\", \"tags\": []");
    let o = run_with_stdin(&["--quiet", "--format", "json"], Some(&mixed));
    assert_eq!(o.status.code(), Some(1));
    let report = &json(&o)[0];
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["name-charset"]);
    assert_eq!(
        (report["errors"].as_u64(), report["warnings"].as_u64()),
        (Some(1), Some(0))
    );
    // Warnings still count for the gate.
    let o = run_with_stdin(&["-q", "--max-warnings", "0"], Some(&warned));
    assert_eq!(o.status.code(), Some(1));
    // The summary names what --quiet hid: never "no problems" of a failing run.
    let out = stdout(&o);
    assert!(!out.contains("No problems found"), "{out}");
    assert!(
        out.contains("No errors in 1 file (1 warning or info hidden by --quiet)."),
        "{out}"
    );
}

#[test]
fn machine_reports_of_fixed_standard_input_stay_parseable() {
    // The fixed request goes to standard output and the report to standard
    // error: no "fixed …" lines around the JSON there.
    let o = run_with_stdin(
        &["--fix", "--format", "json", "-"],
        Some(&request(
            "\"name\": \"web\", \"tags\": [{\"key\": \" k\", \"value\": \"v\"}]",
        )),
    );
    let report: Value =
        serde_json::from_str(&stderr(&o)).expect("standard error is the JSON report");
    assert_eq!(report[0]["valid"], true);
    assert!(stdout(&o).contains("\"key\": \"k\""));
}

#[test]
fn a_run_that_read_nothing_claims_nothing() {
    let o = run(&["no-such-file.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).contains("cannot read no-such-file.json"));
}

#[test]
fn rule_lists_come_in_human_or_json_only() {
    let o = run(&["--list-rules", "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--list-rules prints the human or the json format"));
}

/// The files `args` lint, run in `dir` (one JSON report each), and the exit code.
fn linted_files(dir: &Scratch, args: &[&str]) -> (Vec<String>, Option<i32>) {
    let o = sdrs_lint()
        .current_dir(dir.path())
        .args(["--format", "json", "--plan", "file"])
        .args(args)
        .output()
        .unwrap();
    let names = match serde_json::from_slice::<Value>(&o.stdout) {
        Ok(v) => v
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["file"].as_str().unwrap().to_string())
            .collect(),
        Err(_) => Vec::new(),
    };
    (names, o.status.code())
}

/// Runs `args` in `dir`: a usage error (exit 2) whose message has `expected`.
fn usage_error_in(dir: &Scratch, args: &[&str], expected: &str) -> Output {
    let o = sdrs_lint()
        .current_dir(dir.path())
        .args(args)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(expected), "{}", stderr(&o));
    o
}

#[test]
fn directories_globs_and_gitignore() {
    let dir = Scratch::new("walk");
    let clean = std::fs::read(CLEAN).unwrap();
    let with_name = |name: &str| request(&format!("\"name\": \"{name}\""));
    dir.write("requests/b.json", with_name("b"));
    dir.write("requests/a.json", with_name("a"));
    dir.write("requests/deep/c.json", with_name("c"));
    dir.write("requests/notes.txt", "not a request");
    dir.write("requests/.hidden/d.json", &clean);
    dir.write("requests/generated/e.json", &clean);
    dir.write("requests/.gitignore", "generated/\n");
    dir.write(
        "requests/plan.ndjson",
        format!("{}{}", with_name("x"), with_name("y")),
    );
    let files = |args: &[&str]| linted_files(&dir, args);
    assert_eq!(
        files(&["requests"]),
        (
            vec![
                "requests/a.json".into(),
                "requests/b.json".into(),
                "requests/deep/c.json".into()
            ],
            Some(0)
        )
    );
    assert_eq!(
        files(&["--ndjson", "requests"]),
        // Its two lines protect the same server: one plan.
        (
            vec![
                "requests/plan.ndjson:1".into(),
                "requests/plan.ndjson:2".into()
            ],
            Some(1)
        )
    );
    // A glob's `*` stays in its folder, `**` crosses folders; both honour .gitignore.
    assert_eq!(
        files(&["requests/*.json"]).0,
        ["requests/a.json", "requests/b.json"]
    );
    assert_eq!(
        files(&["requests/**/*.json"]).0,
        ["requests/a.json", "requests/b.json", "requests/deep/c.json"]
    );
    // Named without `./`, as `git apply` and every format want paths.
    assert_eq!(
        files(&["./requests/deep/*.json"]).0,
        ["requests/deep/c.json"]
    );
    assert_eq!(files(&["./requests/a.json"]).0, ["requests/a.json"]);
    // A file named on its own is linted, ignored or not.
    assert_eq!(
        files(&["requests/generated/e.json"]),
        (vec!["requests/generated/e.json".into()], Some(0))
    );
    // Nothing found is an error naming the argument.
    let o = usage_error_in(
        &dir,
        &["requests/*.yaml", "requests/a.json"],
        "no files match requests/*.yaml",
    );
    assert!(stdout(&o).contains("1 file checked"), "{}", stdout(&o));
}

#[test]
fn walks_leave_out_the_commands_own_files() {
    let dir = Scratch::new("own-files");
    dir.write("a.json", std::fs::read(CLEAN).unwrap());
    dir.write("sdrs-lint.json", r#"{"locale": "de"}"#);
    dir.write("sub/sdrs-lint.json", r#"{"locale": "zh"}"#);
    dir.write(
        "context.json",
        std::fs::read("examples/context.json").unwrap(),
    );
    dir.write(
        "policy.json",
        std::fs::read("examples/policy.json").unwrap(),
    );
    let files = |args: &[&str]| linted_files(&dir, args).0;
    // The configuration found, any other sdrs-lint.json, and the context
    // and policy in use are not requests.
    let own = ["--context", "context.json", "--policy", "policy.json"];
    assert_eq!(files(&[&own[..], &["."]].concat()), ["a.json"]);
    assert_eq!(files(&[&own[..], &["*.json"]].concat()), ["a.json"]);
    // Without those options they are still not requests: a walk skips them.
    assert_eq!(files(&["."]), ["a.json"]);
    assert_eq!(files(&["context.json", "."]), ["context.json", "a.json"]);
    // Named on its own, a file is linted whatever it is.
    assert_eq!(files(&["sdrs-lint.json"]), ["sdrs-lint.json"]);
    // A glob that finds only those says so.
    usage_error_in(
        &dir,
        &["sdrs-lint.js[o]n"],
        "sdrs-lint.js[o]n matches only the command's own files",
    );
}

#[test]
fn plan_per_run_or_per_file() {
    let dir = Scratch::new("plan-scope");
    let copy = dir.write("copy.json", std::fs::read(CLEAN).unwrap());
    let codes = |scope: &str| -> Vec<String> {
        let v = json(&run(&[
            "--format",
            "json",
            "--plan",
            scope,
            CLEAN,
            copy.to_str().unwrap(),
        ]));
        v[1]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        codes("run"),
        [
            "plan-duplicate-server",
            "plan-duplicate-name",
            "plan-duplicate-ip"
        ]
    );
    assert_eq!(codes("file"), Vec::<String>::new());
    // An NDJSON file is still one plan of its lines.
    let v = json(&run(&[
        "--ndjson",
        "--plan",
        "file",
        "--format",
        "json",
        "examples/plan.ndjson",
    ]));
    assert_eq!(v[1]["diagnostics"][0]["code"], "plan-duplicate-ip");
}

#[test]
fn stdin_filename_names_standard_input() {
    let o = run_with_stdin(
        &["--format", "json", "--stdin-filename", "reqs/new.json"],
        Some(&std::fs::read_to_string(API_EXAMPLE).unwrap()),
    );
    assert_eq!(json(&o)[0]["file"], "reqs/new.json");
    let o = run_with_stdin(
        &["--stdin-filename", "reqs/new.json"],
        Some(&std::fs::read_to_string(API_EXAMPLE).unwrap()),
    );
    assert!(
        stdout(&o).contains("--> reqs/new.json:7:26"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn configuration_is_found_printed_and_schema_tagged() {
    let dir = Scratch::new("discovery");
    dir.write(
        "sdrs-lint.json",
        r#"{"$schema": "./schemas/config.schema.json", "rules": {"id-format": "off"}}"#,
    );
    let sub = dir.path().join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    let example = format!("{}/{API_EXAMPLE}", env!("CARGO_MANIFEST_DIR"));
    let in_sub = |args: &[&str]| sdrs_lint().current_dir(&sub).args(args).output().unwrap();
    assert_eq!(
        in_sub(&[&example]).status.code(),
        Some(0),
        "found in a parent"
    );
    assert_eq!(in_sub(&["--no-config", &example]).status.code(), Some(1));
    let explicit = dir.write("other.json", r#"{"rules": {"id-format": "warning"}}"#);
    let o = in_sub(&[
        "--config",
        explicit.to_str().unwrap(),
        "--format",
        "json",
        &example,
    ]);
    assert_eq!(
        json(&o)[0]["warnings"],
        1,
        "--config replaces the one found"
    );

    let printed = in_sub(&["--print-config", "--rule", "tags-empty=error"]);
    assert_eq!(printed.status.code(), Some(0));
    let config = json(&printed);
    assert_eq!(config["rules"]["id-format"], "off");
    assert_eq!(config["rules"]["tags-empty"], "error");
    assert_eq!(config["rules"]["name-charset"], "error");
    assert_eq!(config["max_diagnostics"], 1000);
    // What it prints is a configuration: read back, it prints the same.
    let again = dir.write("printed.json", &printed.stdout);
    let reprinted = in_sub(&["--config", again.to_str().unwrap(), "--print-config"]);
    assert_eq!(json(&reprinted), config);

    // "$schema" in a context file too; not a string is a mistake.
    let mut context: Value =
        serde_json::from_str(&std::fs::read_to_string("examples/context.json").unwrap()).unwrap();
    context["$schema"] = "../schemas/context.schema.json".into();
    let file = dir.write("context.json", context.to_string());
    assert_eq!(
        run(&["--no-config", "--context", file.to_str().unwrap(), CLEAN])
            .status
            .code(),
        Some(0)
    );
    let bad = dir.write("bad.json", r#"{"$schema": 1, "rules": {}}"#);
    let o = run(&["--config", bad.to_str().unwrap(), CLEAN]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("\"$schema\" must be a string"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn statistics_count_per_rule() {
    let o = run(&["--statistics", API_EXAMPLE, CLEAN]);
    assert_eq!(o.status.code(), Some(1));
    let rows: Vec<Vec<String>> = stdout(&o)
        .lines()
        .map(|l| l.split_whitespace().take(3).map(String::from).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["1", "id-format", "error"],
            ["1", "plan-duplicate-server", "error"],
            ["1", "plan-duplicate-name", "warning"],
            ["3", "in", "all"],
        ]
    );
    let rows = json(&run(&[
        "--statistics",
        "--format",
        "json",
        API_EXAMPLE,
        CLEAN,
    ]));
    let rows: Vec<(String, u64)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_string(),
                r["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("id-format".into(), 1),
            ("plan-duplicate-server".into(), 1),
            ("plan-duplicate-name".into(), 1)
        ]
    );
    assert_eq!(
        run(&["--statistics", "--format", "sarif", CLEAN])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn bytes_that_are_not_utf8_get_their_position_in_every_format() {
    let dir = Scratch::new("not-utf8");
    let path = dir.path().join("bad.json");
    std::fs::write(&path, b"{\"protected_instance\":{\"name\":\"a\xff\"}}").unwrap();
    let path = path.to_str().unwrap();
    let human = stdout(&run(&["--color", "never", path]));
    assert!(human.contains(&format!("in {path}:1:33")), "{human}");
    let compact = stdout(&run(&["--format", "compact", path]));
    assert!(compact.starts_with(&format!("{path}:1:33:")), "{compact}");
}

#[test]
fn a_diff_of_a_file_with_lone_cr_line_breaks_applies_as_patch_reads_it() {
    // patch and git apply end lines at LF only: the lone CRs stay inside
    // the one line, which the hunk counts as one.
    let dir = Scratch::new("lone-cr-diff");
    let text = "{\"protected_instance\": {\"server_group_id\": \"523AB8AD-3759-4933-9436-4cf4ebb20867\",\r\"server_id\": \"403b603d-1d91-42cc-a357-81f3c2daf43f\",\r\"name\": \"a\"}}\n";
    let file = dir.write("cr.json", text);
    let o = run(&["--diff", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let diff = stdout(&o);
    let lines: Vec<&str> = diff.split_inclusive('\n').collect();
    assert_eq!(lines[2], "@@ -1 +1 @@\n", "{diff}");
    assert_eq!(lines[3], format!("-{text}"));
    assert_eq!(
        lines[4],
        format!("+{}", text.replace("523AB8AD", "523ab8ad"))
    );
    assert_eq!(lines.len(), 5, "{diff}");
}

#[test]
fn walks_skip_json_that_is_not_a_request_and_fix_never_touches_it() {
    let dir = Scratch::new("not-requests");
    // A package.json with a null description: wrapped and stripped by --fix
    // once, when every JSON file was taken for a request.
    let package = "{\n  \"name\": \"console\",\n  \"description\": null,\n  \"tags\": []\n}\n";
    let tsconfig =
        "{\n  // comments make it no JSON at all\n  \"compilerOptions\": {\"strict\": true},\n}\n";
    dir.write("package.json", package);
    dir.write("tsconfig.json", tsconfig);
    dir.write(
        "requests/a.json",
        request("\"name\": \"web-01\", \"description\": null"),
    );
    // Broken, but a request: reported, not skipped.
    dir.write(
        "requests/broken.json",
        "{\"protected_instance\": {\"server_id\": \"x\",}}",
    );
    let o = sdrs_lint()
        .current_dir(dir.path())
        .args(["--fix", "."])
        .output()
        .unwrap();
    let out = stdout(&o);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("package.json")).unwrap(),
        package
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("tsconfig.json")).unwrap(),
        tsconfig
    );
    assert!(
        !std::fs::read_to_string(dir.path().join("requests/a.json"))
            .unwrap()
            .contains("null"),
        "the request is fixed"
    );
    assert!(out.contains("error[invalid-json]"), "{out}");
    assert!(
        !out.contains("package.json") && !out.contains("tsconfig.json"),
        "{out}"
    );
    assert!(
        out.contains("Skipped 2 files that are not requests (--verbose names them)."),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(1));
    // --verbose names them; --diff shows nothing of them.
    let o = sdrs_lint()
        .current_dir(dir.path())
        .args(["--verbose", "."])
        .output()
        .unwrap();
    assert!(
        stdout(&o).contains("Skipped package.json: not a request."),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("Skipped tsconfig.json: not a request."));
    dir.write("package.json", package);
    let o = sdrs_lint()
        .current_dir(dir.path())
        .args(["--diff", "--unsafe-fixes", "."])
        .output()
        .unwrap();
    assert!(!stdout(&o).contains("package.json"), "{}", stdout(&o));
    // Machine formats list only requests; --verbose names the rest on
    // standard error.
    let (files, _) = linted_files(&dir, &["."]);
    assert_eq!(files, ["requests/a.json", "requests/broken.json"]);
    let o = sdrs_lint()
        .current_dir(dir.path())
        .args(["--format", "json", "--verbose", "."])
        .output()
        .unwrap();
    assert!(stderr(&o).contains("sdrs-lint: Skipped package.json: not a request."));
    // Named on its own, it is linted (and --fix would change it).
    let (files, code) = linted_files(&dir, &["package.json"]);
    assert_eq!((files, code), (vec!["package.json".to_string()], Some(1)));
}

#[test]
fn diff_paths_apply_with_git_and_formats_name_files_without_dot_slash() {
    let dir = Scratch::new("diff-paths");
    dir.write(
        "requests/x.json",
        request("\"name\": \"web-01\", \"flavorRef\": null"),
    );
    let o = sdrs_lint()
        .current_dir(dir.path())
        .args(["--diff", "."])
        .output()
        .unwrap();
    let patch = stdout(&o);
    assert!(
        patch.starts_with("--- a/requests/x.json\n+++ b/requests/x.json\n"),
        "{patch}"
    );
    dir.write("fix.patch", &patch);
    let git = Command::new("git")
        .current_dir(dir.path())
        .args(["apply", "--check", "fix.patch"])
        .output()
        .unwrap();
    assert!(
        git.status.success(),
        "{}",
        String::from_utf8_lossy(&git.stderr)
    );
    for format in ["github", "gitlab", "compact"] {
        let o = sdrs_lint()
            .current_dir(dir.path())
            .args(["--format", format, "."])
            .output()
            .unwrap();
        let out = stdout(&o);
        assert!(out.contains("requests/x.json"), "{format}: {out}");
        assert!(!out.contains("./requests"), "{format}: {out}");
    }
}

#[test]
fn fix_writes_through_links_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Scratch::new("atomic");
    let target = dir.write(
        "real/x.json",
        request("\"name\": \"web-01\", \"flavorRef\": null"),
    );
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("x.json");
    std::os::unix::fs::symlink("real/x.json", &link).unwrap();
    let o = run(&["--fix", link.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let fixed = std::fs::read_to_string(&target).unwrap();
    assert!(!fixed.contains("flavorRef"), "{fixed}");
    let mode = std::fs::metadata(&target).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    // No temporary file is left beside it.
    let left: Vec<_> = std::fs::read_dir(dir.path().join("real"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["x.json"]);
}

#[test]
fn the_other_calls_wrapper_is_a_hint_not_a_misspelling_to_rename() {
    // --kind batch on a single call's body: nothing to rename it to.
    let o = run(&["--kind", "batch", "--format", "json", CLEAN]);
    let codes: Vec<String> = json(&o)[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["variant"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(codes, ["missing-field wrapper", "unknown-field hint"]);
    let o = run(&["--kind", "batch", "--diff", "--unsafe-fixes", CLEAN]);
    assert_eq!(stdout(&o), "", "no fix changes the other call's body");
}

#[test]
fn a_walk_takes_a_batch_whose_wrapper_is_misspelt() {
    let dir = tempfile::tempdir().unwrap();
    let batch = std::fs::read_to_string("examples/batch.json")
        .unwrap()
        .replace("\"protected_instances\"", "\"protectedInstances\"");
    std::fs::write(dir.path().join("batch.json"), batch).unwrap();
    let o = run(&["--format", "compact", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("misspelled-field"), "{}", stdout(&o));
}

#[test]
fn a_plan_has_no_schema_and_the_batch_schema_says_what_the_rules_say() {
    let o = run(&["--print-schema", "--kind", "terraform"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no JSON Schema"), "{}", stderr(&o));
    let o = run(&["--print-schema", "--kind", "batch"]);
    let schema = json(&o);
    let servers = &schema["properties"]["protected_instances"]["properties"]["servers"];
    // servers-empty is an error; more than five is a warning (a quota).
    assert_eq!(servers["minItems"], 1);
    assert!(servers.get("maxItems").is_none(), "{servers}");
    let o = run(&["--print-schema"]);
    let description = json(&o)["description"].as_str().unwrap().to_string();
    assert!(
        description.starts_with("The body of POST /v1/{project_id}/protected-instances or POST"),
        "{description}"
    );
}

#[test]
fn a_batch_prefix_is_named_in_its_messages_and_a_refused_member_is_not_suggested() {
    let body = r#"{"protected_instances": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
        "servers": [{"server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f"}], "name_prefix": "web dr", "zzz": 1}}"#;
    let o = run_with_stdin(&["--format", "compact"], Some(body));
    let out = stdout(&o);
    assert!(out.contains("name-charset name_prefix contains"), "{out}");
    let unknown = out.lines().find(|l| l.contains("unknown-field")).unwrap();
    assert!(!unknown.contains("primary_ip_address"), "{unknown}");
}

/// Issue 22: with `--locale zh` or `de`, the command's own words around the
/// findings (levels, hints, notes, the summary, what --fix did, what a walk
/// skipped) are in the language too, not only the messages.
#[test]
fn the_summary_hints_and_notes_follow_the_locale() {
    let dir = Scratch::new("locale-words");
    let body = r#"{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "server_id": "403B603D-1D91-42CC-A357-81F3C2DAF43F", "name": "web 01"}}"#;
    dir.write(
        "broken.json",
        b"{\"protected_instance\": {\"name\": \"\xff\"}}",
    );
    dir.write("package.json", r#"{"name": "app", "description": null}"#);
    // English words of the command's own phrases, none of which a
    // translation may keep (codes, flags, pointers and file names may stay).
    let english = [
        "problem", "error", "warning", "info", "file", "fixable", "Skipped", "help", "note",
        " at ", " in ", "(root)", "fixed",
    ];
    for (locale, expected) in [
        (
            "zh",
            [
                "个问题",
                "帮助",
                "已跳过 1 个不是请求的文件",
                "错误[",
                "= 注: 位于 broken.json:1:",
            ],
        ),
        (
            "de",
            [
                "Probleme",
                "Hilfe",
                "1 Datei übersprungen",
                "Fehler[",
                "= Anmerkung: bei (Wurzel) in broken.json:1:",
            ],
        ),
    ] {
        dir.write("r.json", body);
        let o = sdrs_lint()
            .current_dir(dir.path())
            .args(["--locale", locale, "--color", "never", "."])
            .output()
            .unwrap();
        let text = stdout(&o);
        for phrase in expected {
            assert!(text.contains(phrase), "{locale}: no {phrase:?} in\n{text}");
        }
        // The summary and everything the command itself wrote outside the
        // findings' messages and code frames.
        let own: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with(' ') && !l.contains('|') && !l.contains("-->"))
            .map(|l| match l.find("]: ") {
                Some(at) => &l[..at],
                None => l,
            })
            .collect();
        for line in &own {
            let words = line.replace("--fix", "").replace("--unsafe-fixes", "");
            let words = words.replace("--quiet", "").replace("--verbose", "");
            // "in" is German as well.
            for word in english.iter().filter(|w| locale != "de" || **w != " in ") {
                assert!(!words.contains(word), "{locale}: {word:?} in {line:?}");
            }
        }
        let o = sdrs_lint()
            .current_dir(dir.path())
            .args(["--locale", locale, "--fix", "r.json"])
            .output()
            .unwrap();
        let fixed = stdout(&o) + &stderr(&o);
        let said = if locale == "zh" {
            "已修复 r.json：id-uppercase"
        } else {
            "Korrigiert r.json: id-uppercase"
        };
        assert!(fixed.contains(said), "{locale}: {fixed}");
    }
}

/// Issue 22: SARIF in another language names it (`run.language`) and gives
/// the rules' summaries, help and pages in it; English keeps SARIF's default.
#[test]
fn sarif_rules_follow_the_locale() {
    let body = request(r#""name": "web 01""#);
    for (locale, language, summary) in [
        ("en", None, "The name has characters"),
        ("de", Some("de-DE"), "Name"),
        ("zh", Some("zh-CN"), "名称"),
    ] {
        let o = run_with_stdin(&["--locale", locale, "--format", "sarif", "-"], Some(&body));
        let log = json(&o);
        assert_valid_sarif(&log);
        let run = &log["runs"][0];
        assert_eq!(run["language"].as_str(), language, "{locale}");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let rule = rules.iter().find(|r| r["id"] == "name-charset").unwrap();
        let short = rule["shortDescription"]["text"].as_str().unwrap();
        assert!(short.contains(summary), "{locale}: {short}");
        let page = match locale {
            "en" => "/docs/rules/name-charset.md".to_string(),
            other => format!("/docs/rules/{other}/name-charset.md"),
        };
        assert!(
            rule["helpUri"].as_str().unwrap().ends_with(&page),
            "{locale}: {}",
            rule["helpUri"]
        );
    }
}

/// Issue 22: `--statistics` gives severities, summaries and its total in the
/// language.
#[test]
fn statistics_follow_the_locale() {
    let body = request(r#""name": "web 01""#);
    let o = run_with_stdin(&["--locale", "zh", "--statistics", "-"], Some(&body));
    let text = stdout(&o);
    assert!(
        text.contains("name-charset  错误       名称包含不允许的字符"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("1  合计"), "{text}");
    let o = run_with_stdin(
        &["--locale", "de", "--statistics", "--format", "json", "-"],
        Some(&body),
    );
    assert_eq!(
        json(&o)[0]["summary"],
        "Der Name enthält unzulässige Zeichen"
    );
}

/// Found in a new user's trial: `--diff` of a file that cannot be read said
/// "0 fixes would be applied" and exited 0, where `--fix` and a lint exit 2.
#[test]
fn diff_of_an_unreadable_file_exits_2() {
    let o = run(&["--diff", "no/such/request.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read no/such/request.json"),
        "{}",
        stderr(&o)
    );
}

/// Found in a new user's trial: refused Terraform output was worded in
/// English whatever the locale.
#[test]
fn refused_terraform_output_is_worded_in_the_locale() {
    let o = run(&["--locale", "zh", "tests/plans/format-2.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("tests/plans/format-2.json：sdrs-lint 无法读取的 Terraform 输出：其 format_version 为 '2.0'"),
        "{}",
        stderr(&o)
    );
    let o = run(&["--locale", "de", "--ndjson", "tests/plans/plan-log.json"]);
    assert!(
        stderr(&o).contains("fortlaufende Protokoll von terraform plan -json"),
        "{}",
        stderr(&o)
    );
}

/// Found in a new user's trial: `--explain` of a code cut short names the
/// rule it begins, and a service error code explains its rules.
#[test]
fn explain_takes_a_code_cut_short_and_a_service_error_code() {
    let o = run(&["--explain", "tag-key-dup"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean 'tag-key-duplicate'?"),
        "{}",
        stderr(&o)
    );
    let o = run(&["--explain", "SDRS.0207"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    let pages: Vec<&str> = text.lines().filter(|l| l.starts_with("# ")).collect();
    assert_eq!(pages, ["# group-not-found"], "{text}");
}

/// Found in a new user's trial: `-o` naming an input emptied it before it
/// was read (and `--ndjson` then passed an empty plan). Named, through a
/// link, a hard link or redirected standard input, it is refused, and the
/// input keeps every byte.
#[test]
fn the_output_file_is_never_an_input() {
    let dir = Scratch::new("output-is-input");
    let request = std::fs::read(CLEAN).unwrap();
    let path = dir.write("req.json", &request);
    std::os::unix::fs::symlink("req.json", dir.path().join("link.json")).unwrap();
    std::fs::hard_link(&path, dir.path().join("hard.json")).unwrap();
    let refused = |args: &[&str], stdin: Option<&Path>| {
        let mut command = sdrs_lint();
        command.current_dir(dir.path()).args(args);
        if let Some(file) = stdin {
            command.stdin(std::fs::File::open(file).unwrap());
        }
        let o = command.output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("is also an input"), "{}", stderr(&o));
        assert_eq!(std::fs::read(&path).unwrap(), request, "{args:?}");
    };
    refused(&["-o", "req.json", "req.json"], None);
    refused(&["-o", "./req.json", "--ndjson", "req.json"], None);
    refused(&["-o", "link.json", "req.json"], None);
    refused(&["-o", "hard.json", "req.json"], None);
    refused(&["-o", "req.json", "-"], Some(&path));
}

/// A report file is written beside itself and renamed into place: the
/// finished report has a file's usual permissions and no temporary file is
/// left; a device is written as it is.
#[test]
fn a_report_file_is_put_in_place_whole() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Scratch::new("report-in-place");
    dir.write("req.json", std::fs::read(CLEAN).unwrap());
    let o = sdrs_lint()
        .current_dir(dir.path())
        .args(["--format", "json", "-o", "report.json", "req.json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = dir.path().join("report.json");
    let parsed: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(parsed[0]["valid"], true);
    let mode = std::fs::metadata(&report).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let o = sdrs_lint()
        .current_dir(dir.path())
        .args(["-o", "/dev/null", "req.json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
