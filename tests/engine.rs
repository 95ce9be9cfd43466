//! The diagnostics model through the public API: ranges, suppression,
//! overrides, order, the cap, and hostile input.

use sdrs_lint::{lint_bytes, lint_str, lint_value, Level, Options, Report};
use serde_json::json;

fn codes(r: &Report) -> Vec<(&str, &str)> {
    r.diagnostics
        .iter()
        .map(|d| (d.code, d.path.as_str()))
        .collect()
}

const VALID: &str = r#"{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-01"}}"#;

#[test]
fn ranges_count_utf16_columns_and_utf8_offsets_after_an_emoji() {
    let text = "{\"protected_instance\": {\n  \"description\": \"😀\", \"name\": \"a b\",\n  \"server_group_id\": \"523ab8ad-3759-4933-9436-4cf4ebb20867\", \"server_id\": \"403b603d-1d91-42cc-a357-81f3c2daf43f\"}}";
    let r = lint_str(text, &Options::default());
    assert_eq!(codes(&r), [("name-charset", "/protected_instance/name")]);
    let range = r.diagnostics[0].range.unwrap();
    assert_eq!(&text[range.start.offset..range.end.offset], "\"a b\"");
    // Line 2: `  "description": "😀", "name": ` — the emoji is 2 UTF-16 units, 4 bytes.
    assert_eq!(range.start.line, 2);
    assert_eq!(range.start.column, 32);
    assert_eq!(range.end.column, 37);
    let line_start = text.find('\n').unwrap() + 1;
    assert_eq!(range.start.offset - line_start, 33);
}

#[test]
fn crlf_and_lone_cr_are_line_breaks() {
    let text = VALID
        .replace(", \"name\"", ",\r\n\r\"name\"")
        .replace("web-01", "web 01");
    let r = lint_str(&text, &Options::default());
    let start = r.diagnostics[0].range.unwrap().start;
    assert_eq!((start.line, start.column), (3, 9));
}

#[test]
fn the_range_of_a_container_spans_its_brackets() {
    let text = VALID.replace(
        "\"name\": \"web-01\"",
        "\"name\": \"web-01\", \"tags\": [\n]",
    );
    let r = lint_str(&text, &Options::default());
    assert_eq!(codes(&r), [("tags-empty", "/protected_instance/tags")]);
    let range = r.diagnostics[0].range.unwrap();
    assert_eq!(&text[range.start.offset..range.end.offset], "[\n]");
    assert_eq!((range.end.line, range.end.column), (2, 2));
}

#[test]
fn presence_errors_suppress_the_format_rules_of_the_same_value() {
    // "  " is empty after trimming (empty-value), so tag-whitespace and
    // tag-portable-charset are not reported for it.
    let r = lint_value(
        &json!({"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-01",
            "tags": [{"key": "  ", "value": " v "}]}}),
        &Options::default(),
    );
    assert_eq!(
        codes(&r),
        [
            ("empty-value", "/protected_instance/tags/0/key"),
            ("tag-whitespace", "/protected_instance/tags/0/value")
        ]
    );
    // A wrong type is one error, not several.
    let r = lint_value(
        &json!({"protected_instance": {"server_group_id": 523, "server_id": ["x"], "name": {}}}),
        &Options::default(),
    );
    assert_eq!(r.errors, 3);
    assert!(r.diagnostics.iter().all(|d| d.code == "type-mismatch"));
}

#[test]
fn severity_overrides_change_validity_and_counts() {
    let text = VALID
        .replace("web-01", "web 01")
        .replace("\"name\"", "\"tags\": [], \"name\"");
    let default = lint_str(&text, &Options::default());
    assert_eq!(
        (default.valid, default.errors, default.warnings),
        (false, 1, 1)
    );

    let mut options = Options::default();
    options.set_rule("name-charset", Level::Off).unwrap();
    options.set_rule("tags-empty", Level::Info).unwrap();
    let r = lint_str(&text, &options);
    assert_eq!((r.valid, r.errors, r.warnings, r.infos), (true, 0, 0, 1));
    assert_eq!(codes(&r), [("tags-empty", "/protected_instance/tags")]);
    assert_eq!(r.diagnostics[0].severity, sdrs_lint::Severity::Info);

    options.set_rule("tags-empty", Level::Error).unwrap();
    assert!(!lint_str(&text, &options).valid);
    assert!(options.set_rule("no-such-rule", Level::Off).is_err());
}

#[test]
fn order_is_by_range_then_catalogue() {
    let text = r#"{"protected_instance": {"name": "x y", "server_id": "403B603D-1D91-42CC-A357-81F3C2DAF43F", "primary_ip_address": "8.8.8.1"}}"#;
    let r = lint_str(text, &Options::default());
    assert_eq!(
        codes(&r),
        [
            ("missing-field", "/protected_instance/server_group_id"),
            ("name-charset", "/protected_instance/name"),
            ("id-uppercase", "/protected_instance/server_id"),
            (
                "ip-requires-subnet",
                "/protected_instance/primary_ip_address"
            ),
            ("ip-not-private", "/protected_instance/primary_ip_address"),
            (
                "ip-likely-reserved",
                "/protected_instance/primary_ip_address"
            ),
        ]
    );
    let starts: Vec<usize> = r
        .diagnostics
        .iter()
        .map(|d| d.range.unwrap().start.offset)
        .collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn object_input_has_paths_in_document_order_and_no_ranges() {
    let value: serde_json::Value = serde_json::from_str(
        r#"{"protected_instance": {"tags": [{"key": "a*", "value": "v"}], "name": "x y", "server_id": "bad"}}"#,
    )
    .unwrap();
    let r = lint_value(&value, &Options::default());
    assert_eq!(
        codes(&r),
        [
            ("missing-field", "/protected_instance/server_group_id"),
            ("tag-key-charset", "/protected_instance/tags/0/key"),
            ("name-charset", "/protected_instance/name"),
            ("id-format", "/protected_instance/server_id"),
        ]
    );
    assert!(r.diagnostics.iter().all(|d| d.range.is_none()));
}

#[test]
fn the_cap_keeps_the_first_diagnostics_and_counts_all() {
    let tags: Vec<_> = (0..600)
        .map(|_| json!({"key": "k*", "value": "v="}))
        .collect();
    let value = json!({"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
        "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-01", "tags": tags}});
    let r = lint_value(&value, &Options::default());
    // 1 tags-too-many + 600 key charset + 599 duplicates + 600 value charset.
    assert_eq!(r.errors, 1800);
    assert_eq!(r.diagnostics.len(), 1001);
    let last = r.diagnostics.last().unwrap();
    assert_eq!(
        (last.code, last.path.as_str()),
        ("too-many-diagnostics", "")
    );
    assert_eq!(last.params["omitted"], 800);
    assert!(last.range.is_none());

    let options = Options {
        max_diagnostics: 2,
        ..Options::default()
    };
    let r = lint_value(&value, &options);
    assert_eq!(r.diagnostics.len(), 3);
    assert_eq!(r.diagnostics[0].code, "tags-too-many");
    assert_eq!(r.errors, 1800);
}

#[test]
fn the_report_serializes_as_the_spec_shows() {
    let text = VALID.replace("web-01", "my name");
    let r = lint_str(&text, &Options::default());
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["valid"], false);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "name-charset");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["api_code"], "SDRS.0202");
    assert_eq!(d["params"]["chars"], json!([" "]));
    assert_eq!(
        d["fix"]["patch"][0],
        json!({"op": "replace", "path": "/protected_instance/name", "value": "my-name"})
    );
    assert!(d["range"]["start"]["offset"].is_u64());
}

#[test]
fn hostile_input_gets_a_diagnostic_not_a_crash() {
    let inputs: Vec<Vec<u8>> = vec![
        vec![],
        b"\xef\xbb\xbf{}".to_vec(),
        b"\xff\xfe".to_vec(),
        "[".repeat(200_000).into_bytes(),
        "{\"a\":".repeat(100_000).into_bytes(),
        b"\"\\ud800\"".to_vec(),
        b"{\"protected_instance\": {\"name\": \"\\udc00\"}}".to_vec(),
        format!("\"{}\"", "\\u0041".repeat(100_000)).into_bytes(),
        b"\x00".to_vec(),
        b"1e999999".to_vec(),
        b"-".to_vec(),
    ];
    for input in inputs {
        let r = lint_bytes(&input, &Options::default());
        assert!(
            !r.valid,
            "{:?}",
            String::from_utf8_lossy(&input[..input.len().min(20)])
        );
        assert!(!r.diagnostics.is_empty());
    }
    // Deep but allowed nesting in an unknown member.
    let deep = format!("{{\"x\": {}{}}}", "[".repeat(127), "]".repeat(127));
    let r = lint_str(&deep, &Options::default());
    assert_eq!(
        codes(&r),
        [
            ("missing-field", "/protected_instance"),
            ("unknown-field", "/x")
        ]
    );
}

#[test]
fn a_deep_value_is_a_diagnostic() {
    let mut v = json!(1);
    for _ in 0..300 {
        v = json!([v]);
    }
    let r = lint_value(
        &json!({"protected_instance": {"x": v}}),
        &Options::default(),
    );
    assert!(r.diagnostics.iter().any(|d| d.code == "non-json-value"));
    // 128 levels of arrays and objects around a scalar are allowed, as in text.
    let mut v = json!(1);
    for _ in 0..126 {
        v = json!([v]);
    }
    let r = lint_value(
        &json!({"protected_instance": {"x": v}}),
        &Options::default(),
    );
    assert!(!r.diagnostics.iter().any(|d| d.code == "non-json-value"));
}

#[test]
fn many_keys_stay_linear() {
    // 50 000 distinct unknown keys: hash maps, not pairwise comparison.
    let mut text = String::from("{\"protected_instance\": {");
    for i in 0..50_000 {
        text.push_str(&format!("\"k{i}\": 1, "));
    }
    text.push_str("\"name\": \"n\"}}");
    let r = lint_str(&text, &Options::default());
    assert_eq!(r.warnings, 50_000);
    assert_eq!(r.diagnostics.len(), 1001);
}

#[test]
fn a_plan_lints_each_request_with_its_own_options_and_compares_them_all() {
    use sdrs_lint::{Plan, PlanInput};
    let base = Options::default();
    let mut strict = Options::default();
    strict.set_rule("tags-empty", Level::Error).unwrap();
    let request = r#"{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
        "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-01", "tags": []}}"#;
    let mut plan = Plan::new(&base);
    let first = plan.lint_labeled_with(PlanInput::Text(request), "a.json", &base);
    assert_eq!(first.warnings, 1, "tags-empty is a warning by default");
    let second = plan.lint_labeled_with(PlanInput::Text(request), "b.json", &strict);
    let found: Vec<(&str, &str)> = second
        .diagnostics
        .iter()
        .map(|d| (d.code, d.severity.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("plan-duplicate-server", "error"),
            ("plan-duplicate-name", "warning"),
            ("tags-empty", "error")
        ]
    );
}
