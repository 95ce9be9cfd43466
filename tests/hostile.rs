//! Hostile and huge input (issue 8), through the library and, for what
//! arrives as bytes, through the `sdrs-lint` command: each gives a clear
//! report, and the lint after it works. Sizes are the issue's; how long they
//! take and how much memory is measured by benches/limits.sh, not asserted.
//! Inputs the fuzzer or the property tests found are kept here too.

mod common;
use common::codes;
use sdrs_lint::{lint_bytes, lint_str, lint_value, Options, Report, Severity};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Command, Output};

/// The members of a valid request, for requests that add hostile ones.
const VALID: &str = r#""server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-01""#;

/// A request with the valid members and then `members`.
fn request(members: &str) -> String {
    format!("{{\"protected_instance\": {{{VALID}, {members}}}}}")
}

fn repeat(item: &str, times: usize) -> String {
    let mut out = String::with_capacity((item.len() + 1) * times);
    for i in 0..times {
        if i > 0 {
            out.push(',');
        }
        out.push_str(item);
    }
    out
}

/// After every hostile input: the next lint is the clean example's, clean.
fn next_lint_works() {
    let clean =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/clean.json"))
            .unwrap();
    let report = lint_str(&clean, &Options::default());
    assert!(report.valid && report.diagnostics.is_empty(), "{report:?}");
}

/// A report cut at the cap: (errors, warnings, infos), the kept
/// diagnostics' codes, and `omitted`.
fn capped(report: &Report) -> ((usize, usize, usize), usize) {
    let last = report.diagnostics.last().expect("diagnostics");
    assert_eq!(
        (last.code, last.path.as_str()),
        ("too-many-diagnostics", "")
    );
    assert_eq!(last.severity, Severity::Info);
    assert_eq!(report.diagnostics.len(), 1001);
    let omitted = last.params["omitted"].as_u64().unwrap() as usize;
    let total = report.errors + report.warnings + report.infos;
    assert_eq!(omitted, total - 1000);
    ((report.errors, report.warnings, report.infos), omitted)
}

/// The one `invalid-json` of a text, with its cause.
fn syntax_error(report: &Report) -> &sdrs_lint::Diagnostic {
    assert_eq!(codes(report), [("invalid-json", "")], "{report:?}");
    assert!(!report.valid);
    &report.diagnostics[0]
}

#[test]
fn nesting_100_000_deep_stops_at_level_129() {
    let text = request(&format!("\"x\": {}", "[".repeat(100_000)));
    let report = lint_str(&text, &Options::default());
    let d = syntax_error(&report);
    assert_eq!(d.params["cause"], "too-deep");
    assert_eq!(d.params["limit"], 128);
    // The 129th bracket: two levels of objects, then 126 arrays.
    let open = text.find('[').unwrap();
    assert_eq!(d.range.unwrap().start.offset, open + 126);
    assert!(d.message.contains("128"), "{}", d.message);
    next_lint_works();
}

#[test]
fn a_ten_megabyte_string_is_measured_and_not_quoted_whole() {
    let big = "a".repeat(10_000_000);
    let text = request(&format!("\"description\": \"{big}\""));
    let report = lint_str(&text, &Options::default());
    assert_eq!(
        codes(&report),
        [("description-too-long", "/protected_instance/description")]
    );
    let d = &report.diagnostics[0];
    assert_eq!(d.params["bytes"], 10_000_000);
    assert!(d.message.len() < 200, "{}", d.message);

    // As the name: too long, with a fix that cuts it, and a short message.
    let text = format!("{{\"protected_instance\": {{\"name\": \"{big}\"}}}}");
    let report = lint_str(&text, &Options::default());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "name-too-long")
        .expect("name-too-long");
    assert!(d.message.len() < 300, "{}", d.message);
    let patch = serde_json::to_value(&d.fix.as_ref().unwrap().patch).unwrap();
    assert_eq!(patch[0]["value"].as_str().unwrap().len(), 64);
    next_lint_works();
}

#[test]
fn a_million_unknown_members_are_counted_past_the_cap() {
    let mut members = String::new();
    for i in 0..1_000_000 {
        members.push_str(&format!("\"k{i}\": 1, "));
    }
    members.push_str("\"x\": 0");
    let text = request(&members);
    let report = lint_str(&text, &Options::default());
    assert!(report.valid);
    assert_eq!(capped(&report), ((0, 1_000_001, 0), 999_001));
    assert_eq!(
        codes(&report)[0],
        ("unknown-field", "/protected_instance/k0")
    );
    assert_eq!(
        codes(&report)[999],
        ("unknown-field", "/protected_instance/k999")
    );

    // The same as a value: document order, the same counts.
    let value: Value = serde_json::from_str(&text).unwrap();
    let report = lint_value(&value, &Options::default());
    assert_eq!(capped(&report), ((0, 1_000_001, 0), 999_001));
    assert_eq!(
        codes(&report)[999],
        ("unknown-field", "/protected_instance/k999")
    );
    next_lint_works();
}

#[test]
fn a_hundred_thousand_tags_are_one_error_or_all_duplicates() {
    let distinct: Vec<String> = (0..100_000)
        .map(|i| format!("{{\"key\": \"k{i}\", \"value\": \"v\"}}"))
        .collect();
    let text = request(&format!("\"tags\": [{}]", distinct.join(",")));
    let report = lint_str(&text, &Options::default());
    assert_eq!(
        codes(&report),
        [("tags-too-many", "/protected_instance/tags")]
    );
    assert_eq!(report.diagnostics[0].params["count"], 100_000);

    // One key a hundred thousand times: each later tag is a duplicate.
    let text = request(&format!(
        "\"tags\": [{}]",
        repeat("{\"key\": \"k\", \"value\": \"v\"}", 100_000)
    ));
    let report = lint_str(&text, &Options::default());
    assert_eq!(capped(&report), ((100_000, 0, 0), 99_000));
    assert_eq!(
        codes(&report)[1],
        ("tag-key-duplicate", "/protected_instance/tags/1/key")
    );
    assert_eq!(report.diagnostics[1].params["first_index"], 0);

    // Keys that differ in case only: case duplicates, found by hashing too.
    let tags: Vec<String> = (0..100_000)
        .map(|i| {
            let key: String = format!("{i:017b}")
                .chars()
                .map(|b| if b == '1' { 'K' } else { 'k' })
                .collect();
            format!("{{\"key\": \"{key}\", \"value\": \"v\"}}")
        })
        .collect();
    let text = request(&format!("\"tags\": [{}]", tags.join(",")));
    let report = lint_str(&text, &Options::default());
    assert_eq!((report.errors, report.warnings), (1, 99_999));
    assert_eq!(
        codes(&report)[1],
        ("tag-key-case-duplicate", "/protected_instance/tags/1/key")
    );
    next_lint_works();
}

#[test]
fn a_million_numbers_as_tags_are_each_the_wrong_type() {
    let text = request(&format!("\"tags\": [{}]", repeat("1", 1_000_000)));
    let report = lint_str(&text, &Options::default());
    assert_eq!(capped(&report), ((1_000_001, 0, 0), 999_001));
    assert_eq!(
        codes(&report)[..2],
        [
            ("tags-too-many", "/protected_instance/tags"),
            ("type-mismatch", "/protected_instance/tags/0")
        ]
    );
    assert_eq!(report.diagnostics[1].params["actual"], "number");
    next_lint_works();
}

#[test]
fn two_hundred_thousand_repeats_of_one_key() {
    let text = request(&repeat("\"name\": \"web-01\"", 200_000));
    let report = lint_str(&text, &Options::default());
    // The valid members' own `name` makes 200 001 of them.
    assert_eq!(capped(&report), ((200_000, 0, 0), 199_000));
    assert!(report.diagnostics[..1000]
        .iter()
        .all(|d| (d.code, d.path.as_str()) == ("duplicate-key", "/protected_instance/name")));

    // An unknown key repeated: its duplicates, and one unknown-field at the last.
    let text = request(&repeat("\"x\": 1", 200_000));
    let report = lint_str(&text, &Options::default());
    assert_eq!(capped(&report), ((199_999, 1, 0), 199_000));
    let report = lint_str(
        &text,
        &Options {
            max_diagnostics: usize::MAX,
            ..Options::default()
        },
    );
    assert_eq!(
        codes(&report).last(),
        Some(&("unknown-field", "/protected_instance/x"))
    );
    next_lint_works();
}

/// Found by `text_and_value_agree`: a repeated mark decided the kind by its
/// first occurrence in the text and by its last in the value.
#[test]
fn a_repeated_mark_decides_the_kind_by_its_last_occurrence() {
    let text = r#"{"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "servers": "again", "servers": [5]}"#;
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    let from_text = lint_str(text, &Options::default());
    let from_value = lint_value(&value, &Options::default());
    let mut text_codes = codes(&from_text);
    text_codes.retain(|(code, _)| *code != "duplicate-key");
    assert_eq!(text_codes, codes(&from_value));
    assert!(from_text.diagnostics.iter().any(|d| d.path == "/server_id"));
}

/// Found while writing the Limits table: every kept duplicate tag's fix
/// collected the spans of the whole list, and every kept misspelling's fix
/// looked through the whole object for its suggestion, so a large
/// `max_diagnostics` made these quadratic (300 000 duplicate tags with a cap
/// of 100 000: 128 s). The fixes must still be right.
#[test]
fn fixes_of_many_findings_are_built_from_their_neighbourhood() {
    let options = Options {
        max_diagnostics: 50_000,
        ..Options::default()
    };
    let tag = "{\"key\": \"k\", \"value\": \"v\"}";
    let text = request(&format!("\"tags\": [{}]", repeat(tag, 100_000)));
    let report = lint_str(&text, &options);
    assert_eq!((report.errors, report.diagnostics.len()), (100_000, 50_001));
    let removed: Vec<&str> = report.diagnostics[1..50_000]
        .iter()
        .map(|d| {
            let edit = &d.fix.as_ref().expect("a fix").edits[0];
            &text[edit.range.start.offset..edit.range.end.offset]
        })
        .collect();
    // Each later tag goes with the comma after it.
    assert!(
        removed.iter().all(|r| *r == format!("{tag},")),
        "{:?}",
        &removed[..3]
    );
    // The last tag goes with the comma before it.
    let text = request(&format!("\"tags\": [{tag}, {tag}]"));
    let report = lint_str(&text, &options);
    let edit = &report.diagnostics[0].fix.as_ref().unwrap().edits[0];
    assert_eq!(
        &text[edit.range.start.offset..edit.range.end.offset],
        format!(", {tag}")
    );

    // A million members two edits from `flavorRef`, which is absent: each
    // is a misspelling of it, and the first is renamed by its fix (renaming
    // more would repeat the key); where `flavorRef` is present, each is a
    // leftover beside it, and none is renamed.
    let mut members: Vec<String> = (0..1_000_000)
        .map(|i| {
            let cjk = |n: u32| char::from_u32(0x4e00 + n).unwrap();
            format!("\"flavorRef{}{}\": 1", cjk(i / 1000), cjk(i % 1000))
        })
        .collect();
    let text = request(&members.join(", "));
    let report = lint_str(&text, &options);
    assert_eq!(
        (report.errors, report.diagnostics.len()),
        (1_000_000, 50_001)
    );
    assert!(report.diagnostics[..50_000]
        .iter()
        .enumerate()
        .all(|(i, d)| d.code == "misspelled-field"
            && d.params["suggestion"] == "flavorRef"
            && d.fix.is_some() == (i == 0)));
    members.push("\"flavorRef\": \"s3.large.2\"".into());
    let report = lint_str(&request(&members.join(", ")), &options);
    assert_eq!(report.warnings, 1_000_000);
    assert!(report.diagnostics[..50_000].iter().all(|d| d.fix.is_none()));
    next_lint_works();
}

#[test]
fn lone_surrogate_escapes_are_invalid_json_at_the_escape() {
    for (escape, at) in [
        (r"\ud800", r"\ud800"),
        (r"\udc00", r"\udc00"),
        (r"\ud800\u0041", r"\ud800"),
        (r"\udc00\ud800", r"\udc00"),
        (r"x\uDBFF", r"\uDBFF"),
    ] {
        let text = request(&format!("\"description\": \"{escape}\""));
        let report = lint_str(&text, &Options::default());
        let d = syntax_error(&report);
        assert_eq!(d.params["cause"], "lone-surrogate", "{escape}");
        assert_eq!(
            d.range.unwrap().start.offset,
            text.find(at).unwrap(),
            "{escape}"
        );
    }
    // A pair is one character, which a name may not hold.
    let text = r#"{"protected_instance": {"name": "web\ud83d\ude00"}}"#;
    let report = lint_str(text, &Options::default());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "name-charset")
        .unwrap();
    assert_eq!(d.params["chars"], json!(["😀"]));
    next_lint_works();
}

#[test]
fn nul_and_control_characters_are_named_not_printed() {
    // Raw in a string: not JSON, and the message names the character.
    let report = lint_str(
        &request("\"description\": \"a\u{0}b\""),
        &Options::default(),
    );
    let d = syntax_error(&report);
    assert_eq!(d.params["cause"], "control-character");
    assert!(
        d.message.contains("U+0000") && !d.message.contains('\0'),
        "{}",
        d.message
    );
    // Raw between tokens.
    let report = lint_str("{\"protected_instance\": \u{0}}", &Options::default());
    assert_eq!(syntax_error(&report).params["found"], "\0");

    // Escaped: valid JSON; messages show U+…, params keep the characters.
    let text = r#"{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web\u0000\u007f\u001b01", "tags": [{"key": "a\u0007", "value": "\u200b\u202e"}]}}"#;
    let report = lint_str(text, &Options::default());
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.params.get("chars").cloned()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "name-charset",
                Some(vec!["\0".to_string(), "\u{7f}".into(), "\u{1b}".into()].into())
            ),
            ("tag-key-charset", Some(vec!["\u{7}".to_string()].into())),
            (
                "tag-portable-charset",
                Some(vec!["\u{200b}".to_string(), "\u{202e}".into()].into())
            ),
        ]
    );
    for d in &report.diagnostics {
        assert!(
            !d.message
                .chars()
                .any(|c| c.is_control() || matches!(c, '\u{200b}' | '\u{202e}')),
            "{}",
            d.message
        );
    }
    assert!(report.diagnostics[0].message.contains("U+0000"));
    assert!(
        report.diagnostics[2].message.contains("U+202E"),
        "{}",
        report.diagnostics[2].message
    );
    next_lint_works();
}

#[test]
fn invalid_utf8_is_blamed_on_the_first_bad_byte() {
    for (bytes, bad) in [
        (
            &b"{\"protected_instance\": {\"name\": \"\xff\xfe\"}}"[..],
            33,
        ),
        (b"{\"a\": \"\xc3\"}", 7),
        (b"{\"a\": \"\xed\xa0\x80\"}", 7), // an encoded surrogate
        (b"\xf4\x90\x80\x80", 0),          // past U+10FFFF
        (b"\xc0\xaf", 0),                  // overlong '/'
    ] {
        let report = lint_bytes(bytes, &Options::default());
        let d = syntax_error(&report);
        assert_eq!(d.params["cause"], "invalid-utf8");
        assert_eq!(d.range.unwrap().start.offset, bad, "{bytes:?}");
        assert_eq!(d.range.unwrap().start.column as usize, bad + 1);
    }
    next_lint_works();
}

#[test]
fn a_byte_order_mark_is_named() {
    let text = format!("\u{feff}{}", request("\"x\": 1"));
    for report in [
        lint_str(&text, &Options::default()),
        lint_bytes(text.as_bytes(), &Options::default()),
    ] {
        let d = syntax_error(&report);
        assert_eq!(d.params["cause"], "byte-order-mark");
        let range = d.range.unwrap();
        assert_eq!(
            (range.start.offset, range.end.offset, range.start.column),
            (0, 3, 1)
        );
    }
    next_lint_works();
}

#[test]
fn crlf_and_lone_cr_keep_line_numbers_right() {
    let text = "{\r\n  \"protected_instance\": {\r\n    \"server_group_id\": \"523ab8ad-3759-4933-9436-4cf4ebb20867\",\r\n\r\n    \"server_id\": \"403b603d-1d91-42cc-a357-81f3c2daf43f\",\r    \"name\": \"web 01\"\r\n  }\r\n}\r\n";
    let report = lint_str(text, &Options::default());
    assert_eq!(
        codes(&report),
        [("name-charset", "/protected_instance/name")]
    );
    let range = report.diagnostics[0].range.unwrap();
    assert_eq!((range.start.line, range.start.column), (6, 13));
    assert_eq!(&text[range.start.offset..range.end.offset], "\"web 01\"");
    next_lint_works();
}

#[test]
fn a_huge_exponent_is_a_number_as_written() {
    let report = lint_str("1e999999", &Options::default());
    assert_eq!(codes(&report), [("type-mismatch", "")]);
    assert_eq!(report.diagnostics[0].params["actual"], "number");
    let report = lint_str(
        &request("\"description\": -1e999999, \"x\": 1E-999999"),
        &Options::default(),
    );
    assert_eq!(
        codes(&report),
        [
            ("type-mismatch", "/protected_instance/description"),
            ("unknown-field", "/protected_instance/x")
        ]
    );
    let report = lint_str(&request("\"tags\": [1e999999]"), &Options::default());
    assert_eq!(
        codes(&report),
        [("type-mismatch", "/protected_instance/tags/0")]
    );
    next_lint_works();
}

#[test]
fn prototype_names_are_members_like_any_other() {
    let text = request(
        r#""__proto__": {"polluted": true}, "constructor": {"prototype": {}}, "prototype": 1, "tags": [{"key": "__proto__", "value": "constructor"}]"#,
    );
    let expected = [
        ("unknown-field", "/protected_instance/__proto__"),
        ("unknown-field", "/protected_instance/constructor"),
        ("unknown-field", "/protected_instance/prototype"),
    ];
    assert_eq!(codes(&lint_str(&text, &Options::default())), expected);
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(codes(&lint_value(&value, &Options::default())), expected);
    next_lint_works();
}

// ---- The command: bytes as a file and on standard input. ----

const BIN: &str = env!("CARGO_BIN_EXE_sdrs-lint");

/// A file of this test's own, removed when dropped.
struct Input(PathBuf);

impl Input {
    fn new(name: &str, bytes: &[u8]) -> Self {
        let path =
            std::env::temp_dir().join(format!("sdrs-lint-hostile-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        Input(path)
    }

    /// `sdrs-lint --format json FILE`: the exit status and the file's report.
    fn lint(&self, args: &[&str]) -> (Option<i32>, Value) {
        let o = Command::new(BIN)
            .args(["--format", "json"])
            .args(args)
            .arg(&self.0)
            .output()
            .unwrap();
        assert!(
            o.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let reports: Value = serde_json::from_slice(&o.stdout).unwrap();
        (o.status.code(), reports[0].clone())
    }

    fn human(&self) -> Output {
        Command::new(BIN)
            .args(["--color", "never"])
            .arg(&self.0)
            .output()
            .unwrap()
    }
}

impl Drop for Input {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn first(report: &Value) -> (&str, &Value, (u64, u64)) {
    let d = &report["diagnostics"][0];
    let start = &d["range"]["start"];
    (
        d["code"].as_str().unwrap(),
        &d["params"],
        (
            start["line"].as_u64().unwrap(),
            start["column"].as_u64().unwrap(),
        ),
    )
}

#[test]
fn the_command_reports_invalid_utf8_a_byte_order_mark_and_nul() {
    let utf8 = Input::new(
        "utf8.json",
        b"{\n  \"protected_instance\": {\"name\": \"web\xff01\"}\n}\n",
    );
    let (status, report) = utf8.lint(&[]);
    assert_eq!(status, Some(1));
    let (code, params, at) = first(&report);
    assert_eq!(
        (code, params["cause"].as_str(), params["byte"].as_str(), at),
        ("invalid-json", Some("invalid-utf8"), Some("0xFF"), (2, 38))
    );
    let human = String::from_utf8(utf8.human().stdout).unwrap();
    // No code frame for text that is not text: the message gives the byte offset.
    assert!(
        human.contains("invalid UTF-8 (byte 0xFF) at offset 39"),
        "{human}"
    );

    // The same bytes on standard input.
    let mut child = Command::new(BIN)
        .args(["--format", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        &std::fs::read(&utf8.0).unwrap(),
    )
    .unwrap();
    let o = child.wait_with_output().unwrap();
    let reports: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(first(&reports[0]).0, "invalid-json");

    let bom = Input::new(
        "bom.json",
        format!("\u{feff}{}", request("\"x\": 1")).as_bytes(),
    );
    let (status, report) = bom.lint(&[]);
    assert_eq!(
        (status, first(&report).1["cause"].as_str(), first(&report).2),
        (Some(1), Some("byte-order-mark"), (1, 1))
    );

    let nul = Input::new("nul.json", request("\"description\": \"a\0b\"").as_bytes());
    let (status, report) = nul.lint(&[]);
    assert_eq!(
        (status, first(&report).1["cause"].as_str()),
        (Some(1), Some("control-character"))
    );
    let human = String::from_utf8(nul.human().stdout).unwrap();
    assert!(!human.contains('\0') && human.contains("U+0000"), "{human}");
}

#[test]
fn the_command_counts_crlf_lines_and_survives_huge_input() {
    let crlf = Input::new(
        "crlf.json",
        b"{\r\n\"protected_instance\": {\r\n\"name\": \"web 01\"\r\n}\r\n}\r\n",
    );
    let (status, report) = crlf.lint(&[]);
    assert_eq!(status, Some(1));
    let names: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["missing-field", "missing-field", "name-charset"]);
    assert_eq!(report["diagnostics"][2]["range"]["start"]["line"], 3);
    let human = String::from_utf8(crlf.human().stdout).unwrap();
    assert!(human.contains("crlf.json:3:9"), "{human}");
    assert!(!human.contains('\r'), "{human:?}");

    let deep = Input::new(
        "deep.json",
        request(&format!("\"x\": {}", "[".repeat(100_000))).as_bytes(),
    );
    let (status, report) = deep.lint(&[]);
    assert_eq!(
        (status, first(&report).1["cause"].as_str()),
        (Some(1), Some("too-deep"))
    );

    let mut members = String::new();
    for i in 0..1_000_000 {
        members.push_str(&format!("\"k{i}\": 1, "));
    }
    members.push_str("\"x\": 0");
    let many = Input::new("many.json", request(&members).as_bytes());
    let (status, report) = many.lint(&[]);
    assert_eq!(status, Some(0));
    assert_eq!(report["warnings"], 1_000_001);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1001);
    assert_eq!(
        diagnostics[1000]["params"],
        json!({"omitted": 999_001, "limit": 1000})
    );
    let (status, report) = many.lint(&["--max-diagnostics", "3"]);
    assert_eq!(
        (status, report["diagnostics"].as_array().unwrap().len()),
        (Some(0), 4)
    );
    assert_eq!(report["diagnostics"][3]["params"]["omitted"], 999_998);
}
