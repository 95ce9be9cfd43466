//! A team's configuration file as the command reads it: `files` and
//! `ignores` (which files a walk takes, and which it never takes),
//! `overrides` for the files their globs match, `--print-config FILE`, and
//! `--watch`, which lints again on every change.

mod common;

use common::Scratch;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_sdrs-lint");

impl Scratch {
    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.0.join(name)).unwrap()
    }

    fn command(&self) -> Command {
        let mut command = Command::new(BIN);
        command.current_dir(&self.0);
        for var in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CLICOLOR"] {
            command.env_remove(var);
        }
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command()
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    /// The files a run lints (`--format json`), and its exit status.
    fn linted(&self, args: &[&str]) -> (Vec<String>, Option<i32>) {
        let o = self.run(&[&["--format", "json", "--plan", "file"], args].concat());
        let names = serde_json::from_slice::<Value>(&o.stdout)
            .map(|v| {
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["file"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default();
        (names, o.status.code())
    }

    /// `--format json` of a run: each file's diagnostics' codes.
    fn codes(&self, args: &[&str]) -> Vec<(String, Vec<String>)> {
        let o = self.run(&[&["--format", "json"], args].concat());
        let reports: Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|_| panic!("JSON on standard output: {}", stderr(&o)));
        reports
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let codes = r["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["code"].as_str().unwrap().to_string())
                    .collect();
                (r["file"].as_str().unwrap().to_string(), codes)
            })
            .collect()
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A clean request protecting server `…f43f` with `members` added to it.
fn request(members: &str) -> String {
    request_for("403b603d-1d91-42cc-a357-81f3c2daf43f", members)
}

/// A clean request for `server` (named after it unless `members` names it).
fn request_for(server: &str, members: &str) -> String {
    let mut members = members.to_string();
    if !members.contains("\"name\"") {
        let name = format!("\"name\": \"web-{}\"", &server[server.len() - 4..]);
        members = [name, members].join(", ");
    }
    let members = format!(", {}", members.trim_end_matches(", "));
    format!(
        "{{\"protected_instance\": {{\"server_group_id\": \"523ab8ad-3759-4933-9436-4cf4ebb20867\", \
         \"server_id\": \"{server}\"{members}}}}}\n"
    )
}

#[test]
fn files_and_ignores_choose_what_a_walk_takes() {
    let dir = Scratch::new("walk");
    dir.write("requests/a.json", request(""));
    dir.write("requests/b.req", "{}");
    dir.write("requests/fixtures/bad.json", request("\"name\": \"a b\""));
    dir.write("requests/old/c.json", request(""));
    dir.write("requests/old/keep.json", request(""));
    dir.write("package.json", "{\"name\": \"app\"}");
    dir.write("top.json", request(""));
    // Without a configuration: every *.json below that is a request.
    assert_eq!(
        dir.linted(&["."]).0,
        [
            "requests/a.json",
            "requests/fixtures/bad.json",
            "requests/old/c.json",
            "requests/old/keep.json",
            "top.json"
        ]
    );
    dir.write(
        "sdrs-lint.json",
        r#"{"ignores": ["**/fixtures/", "requests/old/*", "!requests/old/keep.json"]}"#,
    );
    assert_eq!(
        dir.linted(&["."]),
        (
            vec![
                "requests/a.json".into(),
                "requests/old/keep.json".into(),
                "top.json".into()
            ],
            Some(0)
        )
    );
    // A glob of the command line is a walk too.
    assert_eq!(
        dir.linted(&["requests/**/*.json"]).0,
        ["requests/a.json", "requests/old/keep.json"]
    );
    // `files` replaces *.json, and what it lists is linted whatever it
    // holds (b.req is no request); a pattern without a slash matches in the
    // configuration's folder only, as ESLint's.
    dir.write(
        "sdrs-lint.json",
        r#"{"files": ["requests/**/*.req", "requests/*.json", "*.json"], "ignores": ["**/fixtures/"]}"#,
    );
    assert_eq!(
        dir.linted(&["."]).0,
        [
            "package.json",
            "requests/a.json",
            "requests/b.req",
            "top.json"
        ]
    );
    // With --ndjson too, `files` says which files a walk takes.
    dir.write("sdrs-lint.json", r#"{"files": ["requests/*.json"]}"#);
    assert_eq!(
        dir.linted(&["--ndjson", "requests"]).0,
        ["requests/a.json:1"]
    );
    // A folder that holds nothing the configuration takes is an error
    // that says why.
    dir.write("sdrs-lint.json", r#"{"ignores": ["requests/old/"]}"#);
    let o = dir.run(&["requests/old"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no *.json files in requests/old (sdrs-lint.json ignores the others)"),
        "{}",
        stderr(&o)
    );
    // --no-ignore: the configuration's ignores do not apply.
    assert_eq!(
        dir.linted(&["--no-ignore", "requests/old"]).0,
        ["requests/old/c.json", "requests/old/keep.json"]
    );
}

#[test]
fn a_context_or_policy_named_by_path_is_read_and_never_linted() {
    let dir = Scratch::new("paths");
    dir.write(
        "accounts/otc.json",
        r#"{"servers": [{"id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "status": "ERROR"}]}"#,
    );
    dir.write("policy.json", r#"{"name_pattern": "^web-"}"#);
    dir.write(
        "sdrs-lint.json",
        r#"{"files": ["**/*.json"], "context": "accounts/otc.json", "policy": "policy.json"}"#,
    );
    dir.write("a.json", request("\"name\": \"db-1\""));
    // `files` lists every JSON file, yet the configuration's own files are
    // not requests; the context and the policy are read from their paths.
    assert_eq!(
        dir.codes(&["."]),
        [(
            "a.json".to_string(),
            vec![
                "server-status".to_string(),
                "policy-name-pattern".to_string()
            ]
        )]
    );
}

#[test]
fn a_named_file_that_the_configuration_ignores_is_skipped_with_a_warning() {
    let dir = Scratch::new("named");
    dir.write("sdrs-lint.json", r#"{"ignores": ["generated/**"]}"#);
    dir.write("generated/a.json", request("\"name\": \"a b\""));
    dir.write("b.json", request(""));
    let o = dir.run(&["--format", "json", "generated/a.json", "b.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let reports: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(reports.as_array().unwrap().len(), 1);
    assert_eq!(reports[0]["file"], "b.json");
    assert_eq!(
        stderr(&o),
        "sdrs-lint: warning: generated/a.json is ignored by sdrs-lint.json (\"generated/**\"); \
         --no-ignore lints it\n"
    );
    // --no-ignore lints it.
    assert_eq!(
        dir.run(&["--no-ignore", "generated/a.json"]).status.code(),
        Some(1)
    );
    // Standard input named as an ignored file is ignored too; --fix gives
    // it back unchanged, the report going to standard error.
    let text = request("\"server_id\": \"403B603D-1D91-42CC-A357-81F3C2DAF43F\"");
    let o = dir.run_with_stdin(&["--stdin-filename", "generated/new.json", "--fix"], &text);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), text);
    assert!(
        stderr(&o).contains("generated/new.json is ignored"),
        "{}",
        stderr(&o)
    );
    let o = dir.run_with_stdin(
        &["--stdin-filename", "new.json"],
        &request("\"name\": \"a b\""),
    );
    assert_eq!(o.status.code(), Some(1), "not ignored: linted");
}

#[test]
fn overrides_apply_to_the_files_their_globs_match_in_order() {
    let dir = Scratch::new("overrides");
    dir.write(
        "policies/prod.json",
        r#"{"required_tags": ["owner"], "name_pattern": "^[a-z0-9-]+-prod$"}"#,
    );
    dir.write(
        "sdrs-lint.json",
        r#"{
          "rules": {"tags-empty": "off", "id-uppercase": "error"},
          "overrides": [
            {"files": ["huawei/**"], "platform": "huawei"},
            {"files": ["**/prod/**"], "ignores": ["**/prod/drafts/**"],
             "policy": "policies/prod.json", "rules": {"tags-empty": "error"}},
            {"files": ["**/prod/legacy-*.json"], "rules": {"tags-empty": "warning"}}
          ]
        }"#,
    );
    let tenancy = "\"name\": \"web-prod\", \"tenancy\": \"shared\", \"tags\": []";
    dir.write(
        "otc/a.json",
        request_for("00000000-0000-4000-8000-000000000001", tenancy),
    );
    dir.write(
        "huawei/b.json",
        request_for("00000000-0000-4000-8000-000000000002", tenancy),
    );
    dir.write(
        "otc/prod/c.json",
        request_for(
            "00000000-0000-4000-8000-000000000003",
            "\"name\": \"web\", \"tags\": []",
        ),
    );
    dir.write(
        "otc/prod/legacy-d.json",
        request_for(
            "00000000-0000-4000-8000-000000000004",
            "\"name\": \"web-prod\", \"tags\": []",
        ),
    );
    dir.write(
        "otc/prod/drafts/e.json",
        request_for(
            "00000000-0000-4000-8000-000000000005",
            "\"name\": \"x y\", \"tags\": []",
        ),
    );
    let codes = dir.codes(&["--rule", "name-charset=warning", "."]);
    let of = |file: &str| -> Vec<String> {
        codes
            .iter()
            .find(|(f, _)| f == file)
            .unwrap_or_else(|| panic!("{file} in {codes:?}"))
            .1
            .clone()
    };
    // The base: tenancy is not OTC's, an empty tag list is off.
    assert_eq!(of("otc/a.json"), ["unknown-field"]);
    // Huawei Cloud's variant for its folder.
    assert!(of("huawei/b.json").is_empty(), "{:?}", of("huawei/b.json"));
    // The production policy by its path, and its stricter rule.
    assert_eq!(of("otc/prod/c.json"), ["policy-name-pattern", "tags-empty"]);
    let o = dir.run(&["--format", "json", "otc/prod/c.json"]);
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report[0]["diagnostics"][1]["severity"], "error");
    // A later override wins for the key it sets; the earlier one's other
    // keys stay.
    let o = dir.run(&["--format", "json", "otc/prod/legacy-d.json"]);
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report[0]["diagnostics"][0]["code"], "tags-empty");
    assert_eq!(report[0]["diagnostics"][0]["severity"], "warning");
    // An override's ignores keep it from its files; flags win over all.
    assert_eq!(of("otc/prod/drafts/e.json"), ["name-charset"]);
    let o = dir.run(&["--format", "json", "otc/prod/drafts/e.json"]);
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report[0]["diagnostics"][0]["severity"], "error");
    let o = dir.run(&[
        "--format",
        "json",
        "--rule",
        "tags-empty=info",
        "otc/prod/c.json",
    ]);
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report[0]["diagnostics"][1]["severity"], "info");
    // Standard input takes the overrides of the file it is named as.
    let o = dir.run_with_stdin(
        &["--format", "json", "--stdin-filename", "huawei/new.json"],
        &request("\"tenancy\": \"shared\""),
    );
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report[0]["diagnostics"], serde_json::json!([]));
}

#[test]
fn plans_span_the_overrides_of_one_account_and_cloud() {
    let dir = Scratch::new("plans");
    dir.write(
        "sdrs-lint.json",
        r#"{"overrides": [
            {"files": ["strict/**"], "rules": {"tags-empty": "error"}},
            {"files": ["huawei/**"], "platform": "huawei"}
        ]}"#,
    );
    dir.write("a/one.json", request(""));
    dir.write("strict/two.json", request(""));
    dir.write("huawei/three.json", request(""));
    // The same server in a folder that only changes rules: one plan.
    let codes = dir.codes(&["."]);
    assert_eq!(
        codes,
        [
            ("a/one.json".to_string(), vec![]),
            ("huawei/three.json".to_string(), vec![]),
            (
                "strict/two.json".to_string(),
                vec![
                    "plan-duplicate-server".to_string(),
                    "plan-duplicate-name".to_string()
                ]
            ),
        ]
    );
}

#[test]
fn configuration_mistakes_name_the_file_and_the_key() {
    let dir = Scratch::new("mistakes");
    dir.write("a.json", request(""));
    for (config, expected) in [
        (
            r#"{"ignore": []}"#,
            "sdrs-lint.json: unknown option 'ignore' (did you mean 'ignores'?)",
        ),
        (
            r#"{"files": "*.json"}"#,
            "sdrs-lint.json: files must be a list of glob patterns, not a string",
        ),
        (r#"{"files": []}"#, "sdrs-lint.json: files lists no pattern"),
        (
            r#"{"ignores": ["ok/**", "[x"]}"#,
            "sdrs-lint.json: ignores[1]: '[x' is not a glob pattern: unclosed character class",
        ),
        (
            r#"{"overrides": {"files": ["x"]}}"#,
            "sdrs-lint.json: overrides must be a list of objects",
        ),
        (
            r#"{"overrides": [{"files": ["x"]}, {"files": ["a/{b"]}]}"#,
            "sdrs-lint.json: overrides[1].files[0]: 'a/{b' is not a glob pattern",
        ),
        (
            r#"{"overrides": [{"files": ["x"], "fils": ["y"]}]}"#,
            "sdrs-lint.json: overrides[0]: unknown option 'fils' (did you mean 'files'?)",
        ),
        (
            r#"{"overrides": [{"rules": {}}]}"#,
            "sdrs-lint.json: overrides[0] has no files",
        ),
        (
            r#"{"overrides": [{"files": ["x"], "$schema": "y"}]}"#,
            "sdrs-lint.json: overrides[0]: unknown option '$schema'",
        ),
        (
            r#"{"overrides": [{"files": ["x"], "overrides": []}]}"#,
            "sdrs-lint.json: overrides[0]: unknown option 'overrides'",
        ),
        (
            r#"{"overrides": [{"files": ["x"], "rules": {"tags-emty": "off"}}]}"#,
            "sdrs-lint.json: overrides[0]: unknown rule 'tags-emty' (did you mean 'tags-empty'?)",
        ),
        (
            r#"{"overrides": [{"files": ["x"], "context": "missing.json"}]}"#,
            "sdrs-lint.json: overrides[0].context: cannot read ",
        ),
        (
            r#"{"overrides": [{"files": ["x"], "platform": "aws"}]}"#,
            "sdrs-lint.json: overrides[0]: ",
        ),
        (
            r#"{"ignores": ["../elsewhere/*.json"]}"#,
            "sdrs-lint.json: ignores[0]: '../elsewhere/*.json' reaches outside",
        ),
        (
            r#"[]"#,
            "sdrs-lint.json: a configuration must be an object, not an array",
        ),
    ] {
        dir.write("sdrs-lint.json", config);
        let o = dir.run(&["a.json"]);
        assert_eq!(o.status.code(), Some(2), "{config}");
        assert!(
            stderr(&o).starts_with(&format!("sdrs-lint: {expected}")),
            "{config}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn print_config_shows_the_options_for_a_file() {
    let dir = Scratch::new("print");
    dir.write("context.json", r#"{"key_pairs": ["kp-1"]}"#);
    dir.write(
        "sdrs-lint.json",
        r#"{"rules": {"tags-empty": "off"}, "ignores": ["tmp/"],
            "overrides": [{"files": ["huawei/**"], "platform": "huawei", "kind": "batch",
                           "context": "context.json", "rules": {"name-charset": "warning"}}]}"#,
    );
    let printed = |args: &[&str]| -> Value {
        let o = dir.run(args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let base = printed(&["--print-config"]);
    assert_eq!(
        (
            &base["platform"],
            &base["kind"],
            &base["rules"]["tags-empty"]
        ),
        (&"otc".into(), &"auto".into(), &"off".into())
    );
    assert!(base.get("context").is_none());
    for args in [
        &["--print-config", "huawei/new.json"][..],
        &["huawei/new.json", "--print-config"],
    ] {
        let file = printed(args);
        assert_eq!(file["platform"], "huawei");
        assert_eq!(file["kind"], "batch");
        assert_eq!(file["rules"]["tags-empty"], "off");
        assert_eq!(file["rules"]["name-charset"], "warning");
        assert_eq!(file["context"]["key_pairs"][0], "kp-1");
        // What it prints is a configuration: read back, it prints the same.
        dir.write("printed.json", serde_json::to_string(&file).unwrap());
        assert_eq!(
            printed(&["--config", "printed.json", "--print-config"]),
            file
        );
    }
    // An ignored file's options are printed, with a word that it is ignored.
    let o = dir.run(&["--print-config", "tmp/x.json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("tmp/x.json is ignored by sdrs-lint.json"));
    let o = dir.run(&["--print-config", "a.json", "b.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--print-config prints the options for one file at most"));
}

/// The command running with --watch, its standard output and error read
/// line by line as they come.
struct Watching {
    child: Child,
    lines: Receiver<String>,
}

/// The longest a test waits for a line the command owes it (a run, after
/// a change); no assertion depends on how long it took.
const PATIENCE: Duration = Duration::from_secs(60);

impl Watching {
    fn start(dir: &Scratch, args: &[&str]) -> Watching {
        // Standard error into standard output, so that lines come in the
        // order the command writes them; `exec`, so that the child is the
        // command itself.
        let mut child = Command::new("sh")
            .current_dir(&dir.0)
            .args(["-c", "exec \"$0\" --watch \"$@\" 2>&1", BIN])
            .args(args)
            .env_remove("FORCE_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let (sender, lines) = channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Watching { child, lines }
    }

    /// The lines up to the end of the next run (its "watching" line).
    fn run(&self) -> Vec<String> {
        let mut lines = Vec::new();
        loop {
            let line = self
                .lines
                .recv_timeout(PATIENCE)
                .expect("the command lints again after a change");
            if line.starts_with("sdrs-lint: watching for changes") {
                return lines;
            }
            lines.push(line);
        }
    }

    /// Ctrl-C: the command ends as SIGINT ends it.
    fn interrupt(mut self) -> std::process::ExitStatus {
        let killed = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        self.child.wait().unwrap()
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Replaces a file as editors save: a new file renamed over it.
fn save(dir: &Scratch, name: &str, contents: &str) {
    let path = dir.0.join(name);
    let file = path.file_name().unwrap().to_string_lossy();
    let temp = path.with_file_name(format!(".{file}.swp"));
    std::fs::write(&temp, contents).unwrap();
    std::fs::rename(temp, path).unwrap();
}

#[test]
fn watch_lints_again_on_every_change_and_reads_the_configuration_again() {
    use std::os::unix::process::ExitStatusExt;
    let dir = Scratch::new("watch");
    dir.write("requests/a.json", request("\"name\": \"web 01\""));
    dir.write(
        "requests/b.json",
        request_for("00000000-0000-4000-8000-000000000001", ""),
    );
    let watching = Watching::start(&dir, &["--format", "compact", "requests"]);
    let first = watching.run();
    assert_eq!(first.len(), 1, "{first:?}");
    assert!(first[0].starts_with("requests/a.json:1:"), "{first:?}");
    assert!(first[0].contains("name-charset"), "{first:?}");
    // A file edited in place.
    std::fs::write(
        dir.0.join("requests/a.json"),
        request("\"name\": \"web-01\""),
    )
    .unwrap();
    assert_eq!(watching.run(), Vec::<String>::new());
    // Saved as editors do; the plan rules see the other file too.
    save(
        &dir,
        "requests/b.json",
        &request("\"description\": \"<b>\""),
    );
    let third = watching.run();
    assert!(
        third
            .iter()
            .any(|l| l.starts_with("requests/b.json") && l.contains("plan-duplicate-server")),
        "{third:?}"
    );
    assert!(
        third
            .iter()
            .any(|l| l.contains("description-angle-bracket")),
        "{third:?}"
    );
    // A new configuration is read; a broken one is said and watched.
    save(
        &dir,
        "sdrs-lint.json",
        r#"{"rules": {"description-angle-bracket": "off"}}"#,
    );
    let fourth = watching.run();
    assert_eq!(fourth.len(), 1, "{fourth:?}");
    assert!(fourth[0].contains("plan-duplicate-server"), "{fourth:?}");
    save(
        &dir,
        "sdrs-lint.json",
        r#"{"rules": {"no-such-rule": "off"}}"#,
    );
    let fifth = watching.run();
    assert!(
        fifth
            .iter()
            .any(|l| l.contains("unknown rule 'no-such-rule'")),
        "{fifth:?}"
    );
    save(
        &dir,
        "sdrs-lint.json",
        r#"{"ignores": ["requests/b.json"]}"#,
    );
    assert_eq!(watching.run(), Vec::<String>::new());
    // Ctrl-C ends it as SIGINT ends a process (the shell's status 130).
    let status = watching.interrupt();
    assert_eq!(status.signal(), Some(2), "{status:?}");
}

#[test]
fn watch_with_fix_fixes_each_change_once() {
    let dir = Scratch::new("watch-fix");
    dir.write("a.json", request(""));
    dir.write(
        "b.json",
        request_for("00000000-0000-4000-8000-000000000001", ""),
    );
    let watching = Watching::start(&dir, &["--fix", "--format", "compact", "a.json", "b.json"]);
    assert_eq!(watching.run(), Vec::<String>::new());
    // An upper-case ID is lower-cased on disk.
    std::fs::write(
        dir.0.join("a.json"),
        request("\"primary_subnet_id\": \"A32217FB-3413-C313-6342-3124D3491502\""),
    )
    .unwrap();
    let fixed = watching.run();
    assert!(
        fixed
            .iter()
            .any(|l| l.starts_with("fixed a.json: id-uppercase")),
        "{fixed:?}"
    );
    assert_eq!(
        dir.read("a.json"),
        request("\"primary_subnet_id\": \"a32217fb-3413-c313-6342-3124d3491502\"")
    );
    // The fix's own write is no change: the next run is the next edit's,
    // and it fixes nothing more.
    std::fs::write(
        dir.0.join("b.json"),
        request_for("00000000-0000-4000-8000-000000000001", "\"name\": \"x y\""),
    )
    .unwrap();
    let next = watching.run();
    assert_eq!(next.len(), 1, "{next:?}");
    assert!(
        next[0].starts_with("b.json:1:") && next[0].contains("name-charset"),
        "{next:?}"
    );
}

#[test]
fn watch_needs_something_that_can_change() {
    let dir = Scratch::new("watch-stdin");
    let o = dir.run(&["--watch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--watch watches files, folders and globs"));
    let o = dir.run(&["--watch", "-"]);
    assert_eq!(o.status.code(), Some(2));
    let o = dir.run(&["--watch", "--list-rules"]);
    assert_eq!(o.status.code(), Some(2));
}
