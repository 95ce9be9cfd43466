//! Plans stream (issue 21): each input is read, linted, written and dropped
//! before the next, and every format still writes what the whole run
//! wrote. `tests/stream/expected/` holds what the command wrote before it
//! streamed (main at 9af266a); a format changes there only deliberately.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_sdrs-lint");
const PLAN: &str = "tests/stream/plan.ndjson";
const REQUESTS: &str = "tests/stream/requests";
const FORMATS: [&str; 7] = [
    "human", "json", "sarif", "junit", "github", "gitlab", "compact",
];

fn output(args: &[&str]) -> (String, Option<i32>) {
    let o = Command::new(BIN)
        .args(args)
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (String::from_utf8(o.stdout).unwrap(), o.status.code())
}

/// SARIF as kept in `expected/`: the tool's catalogue (every rule's
/// documentation, the same in every run) and the working directory left
/// out.
fn comparable(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_tool = false;
    for line in text.split('\n') {
        if line == "      \"tool\": {" {
            in_tool = true;
            out.push("      \"tool\": \"(the catalogue)\"".to_string());
        } else if in_tool {
            in_tool = line != "      }";
        } else if line.trim_start().starts_with("\"uri\": \"file:///") {
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push(format!("{indent}\"uri\": \"file:///(working directory)/\""));
        } else {
            out.push(line.to_string());
        }
    }
    out.join("\n")
}

fn assert_as_before(expected: &str, args: &[&str]) {
    let (text, _) = output(args);
    let text = match expected.ends_with(".sarif") {
        true => comparable(&text),
        false => text,
    };
    let path = Path::new("tests/stream/expected").join(expected);
    let before = std::fs::read_to_string(&path).unwrap();
    assert!(
        text == before,
        "sdrs-lint {} no longer writes {}:\n{text}",
        args.join(" "),
        path.display()
    );
}

#[test]
fn every_format_of_an_ndjson_plan_is_what_the_whole_run_wrote() {
    // A refused Terraform log between two plans: named at the end (SARIF's
    // notifications, JUnit's errored suite, exit 2), the plan going on.
    for format in FORMATS {
        assert_as_before(
            &format!("ndjson.{format}"),
            &[
                "--ndjson",
                "--format",
                format,
                PLAN,
                "tests/plans/plan-log.json",
                "examples/plan.ndjson",
            ],
        );
    }
    assert_as_before(
        "ndjson.statistics",
        &["--statistics", "--ndjson", PLAN, "examples/plan.ndjson"],
    );
    assert_as_before("ndjson-quiet.human", &["-q", "--ndjson", PLAN]);
}

#[test]
fn every_format_of_a_directory_is_what_the_whole_run_wrote() {
    // Files that are not requests skipped, counted or named after the
    // summary; a broken one linted.
    for format in FORMATS {
        assert_as_before(&format!("dir.{format}"), &["--format", format, REQUESTS]);
    }
    assert_as_before("dir-verbose.human", &["-v", REQUESTS]);
    assert_as_before(
        "dir.statistics.json",
        &["--statistics", "--format", "json", REQUESTS],
    );
}

/// A request per line; `server` and `address` name its server and address.
fn request(line: usize, server: usize, address: usize) -> String {
    format!(
        "{{\"protected_instance\": {{\"server_group_id\": \"523ab8ad-3759-4933-9436-4cf4ebb20867\", \
         \"server_id\": \"000000b0-1d91-42cc-a357-{server:012x}\", \"name\": \"dr-{line}\", \
         \"primary_subnet_id\": \"000000d0-1d91-42cc-a357-000000000000\", \
         \"primary_ip_address\": \"10.0.{}.{}\"}}}}\n",
        address / 250,
        address % 250 + 2
    )
}

/// 3 000 requests; the last protects the first's server at its address.
fn long_plan() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let text: String = (1..=3000)
        .map(|line| match line {
            3000 => request(line, 1, 1),
            _ => request(line, line, line),
        })
        .collect();
    let path = dir.path().join("plan.ndjson");
    std::fs::write(&path, text).unwrap();
    let path = path.display().to_string();
    (dir, path)
}

#[test]
fn plan_rules_find_what_lines_far_apart_share() {
    let (_dir, path) = long_plan();
    let (text, status) = output(&["--ndjson", "--format", "compact", &path]);
    assert_eq!(status, Some(1));
    let findings: Vec<&str> = text.lines().collect();
    assert_eq!(findings.len(), 2, "{text}");
    for (code, finding) in ["plan-duplicate-server", "plan-duplicate-ip"]
        .iter()
        .zip(&findings)
    {
        assert!(finding.starts_with(&format!("{path}:3000:")), "{finding}");
        assert!(finding.contains(code), "{finding}");
        assert!(finding.contains(&format!("({path}:1)")), "{finding}");
    }
}

#[test]
fn plan_rules_find_what_files_far_apart_share() {
    let dir = tempfile::tempdir().unwrap();
    for i in 1..=300 {
        let server = if i == 300 { 1 } else { i };
        let text = request(i, server, i);
        std::fs::write(dir.path().join(format!("r{i:03}.json")), text).unwrap();
    }
    let root = dir.path().display().to_string();
    let (text, status) = output(&["--format", "compact", &root]);
    assert_eq!(status, Some(1));
    let first = dir.path().join("r001.json").display().to_string();
    let last = dir.path().join("r300.json").display().to_string();
    assert!(text.starts_with(&format!("{last}:")), "{text}");
    assert!(text.contains("plan-duplicate-server"), "{text}");
    assert!(text.contains(&format!("({first})")), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
}

/// The JSON formats, written a piece at a time, are each one document as
/// serde_json pretty-prints it whole, their elements in input order.
#[test]
fn json_formats_written_piece_by_piece_are_whole_documents() {
    let (_dir, path) = long_plan();
    for args in [
        &["--format", "json"][..],
        &["--format", "sarif"],
        &["--format", "gitlab"],
        &["--statistics", "--format", "json"],
    ] {
        let args: Vec<&str> = args.iter().copied().chain(["--ndjson", &path]).collect();
        let (text, _) = output(&args);
        let document: Value = serde_json::from_str(&text).unwrap();
        let whole = serde_json::to_string_pretty(&document).unwrap() + "\n";
        assert!(whole == text, "{args:?} is not one pretty-printed document");
    }
    let (text, _) = output(&["--format", "json", "--ndjson", &path]);
    let elements: Value = serde_json::from_str(&text).unwrap();
    let files: Vec<String> = elements
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file"].as_str().unwrap().to_string())
        .collect();
    let lines: Vec<String> = (1..=3000).map(|line| format!("{path}:{line}")).collect();
    assert_eq!(files, lines);
}

/// NDJSON fed to standard input as it is written (`tail -f plan.ndjson |
/// sdrs-lint --ndjson -`): each line's report comes out before the next
/// line is written. The timeout only keeps a failure from hanging.
#[test]
fn reports_of_a_stream_come_as_its_lines_do() {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::mpsc::{channel, Receiver};
    use std::time::Duration;
    let mut child = Command::new(BIN)
        .args(["--ndjson", "--format", "compact", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (send, lines) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if send.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    /// Writes a line, and reads the report's lines up to one naming `code`.
    fn report_of(
        stdin: &mut impl Write,
        lines: &Receiver<String>,
        line: &str,
        code: &str,
    ) -> Option<String> {
        writeln!(stdin, "{line}").ok()?;
        stdin.flush().ok()?;
        loop {
            let out = lines.recv_timeout(Duration::from_secs(60)).ok()?;
            if out.contains(code) {
                return Some(out);
            }
        }
    }
    // Without a name, then the same server again.
    let line = r#"{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f"}}"#;
    let first = report_of(&mut stdin, &lines, line, "missing-field");
    let second = first
        .as_ref()
        .and_then(|_| report_of(&mut stdin, &lines, line, "plan-duplicate-server"));
    if second.is_none() {
        let _ = child.kill();
    }
    drop(stdin);
    let _ = child.wait();
    let first = first.expect("the first line's report before the input ended");
    let second = second.expect("the second line's report before the input ended");
    assert!(first.starts_with("<stdin>:1:"), "{first}");
    assert!(second.starts_with("<stdin>:2:"), "{second}");
}
