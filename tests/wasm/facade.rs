// Tests of src/wasm.rs, included by tests/wasm_node.rs (Node.js) and
// tests/wasm_browser.rs (Chromium): the same cases in both, on the module
// itself, text in and text out. How the package's JavaScript turns values
// into that text is tested through the package (tests/js).

use sdrs_lint::wasm::{
    fix_text, lint_ill_formed, lint_not_text, lint_plan, lint_text, lint_value, rules_json,
};
use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;

const API_EXAMPLE: &str = include_str!("../../examples/api-example.json");
const CLEAN: &str = include_str!("../../examples/clean.json");

fn parse(text: String) -> Value {
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// (code, path) of every diagnostic, in report order.
fn codes(report: &Value) -> Vec<(&str, &str)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["path"].as_str().unwrap()))
        .collect()
}

/// `text.slice(start.offset, end.offset)` as JavaScript counts: UTF-16.
fn slice(text: &str, diagnostic: &Value) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    let at = |end: &str| diagnostic["range"][end]["offset"].as_u64().unwrap() as usize;
    String::from_utf16(&units[at("start")..at("end")]).unwrap()
}

#[wasm_bindgen_test]
fn the_api_pages_example_has_the_subnet_typo() {
    let report = parse(lint_text(API_EXAMPLE, ""));
    assert_eq!(report["valid"], json!(false));
    assert_eq!(
        codes(&report),
        [("id-format", "/protected_instance/primary_subnet_id")]
    );
    let d = &report["diagnostics"][0];
    assert_eq!(slice(API_EXAMPLE, d), "\"a32217fh-3413-c313-6342-3124d3491502\"");
    assert!(parse(lint_text(CLEAN, ""))["diagnostics"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[wasm_bindgen_test]
fn offsets_are_utf16_indexes_after_emoji_and_cjk() {
    let text = "{\"protected_instance\": {\"description\": \"😀数据\", \"name\": \"a 据\",\n\"server_group_id\": \"523ab8ad-3759-4933-9436-4cf4ebb20867\", \"server_id\": \"403b603d-1d91-42cc-a357-81f3c2daf43f\"}}";
    let report = parse(lint_text(text, ""));
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "name-charset");
    assert_eq!(slice(text, d), "\"a 据\"");
    assert_eq!(d["range"]["start"]["column"], 56);
    // Fix edits count the same way.
    let edit = &d["fix"]["edits"][0];
    assert_eq!(slice(text, edit), "\"a 据\"");
}

#[wasm_bindgen_test]
fn values_come_as_json_with_marked_foreign_values() {
    let value = "{\"protected_instance\": {\"server_group_id\": \"523ab8ad-3759-4933-9436-4cf4ebb20867\", \"server_id\": \u{1}\"bigint\", \"name\": \u{1}\"undefined\", \"tags\": [\u{1}\"cycle\"]}}";
    let report = parse(lint_value(value, ""));
    assert_eq!(
        codes(&report),
        [
            ("non-json-value", "/protected_instance/server_id"),
            ("non-json-value", "/protected_instance/name"),
            ("non-json-value", "/protected_instance/tags/0"),
        ]
    );
    assert_eq!(report["diagnostics"][0]["params"]["actual"], "bigint");
    assert!(report["diagnostics"][0].get("range").is_none());
    assert_eq!(
        report["diagnostics"][1]["message"],
        "The value is undefined, which JSON cannot represent."
    );
}

#[wasm_bindgen_test]
fn malformed_options_are_usage_errors_and_good_ones_are_used() {
    for (options, message) in [
        ("[]", "options must be an object, not an array"),
        ("{\"rulez\": {}}", "unknown option 'rulez' (did you mean 'rules'?)"),
        ("{\"locale\": \"fr\"}", "unknown locale 'fr'"),
        ("{\"platform\": \"aws\"}", "unknown platform 'aws'"),
    ] {
        let answer = parse(lint_text(CLEAN, options));
        let error = answer["usage_error"].as_str().unwrap_or_else(|| panic!("{answer}"));
        assert!(error.starts_with(message), "{error}");
    }
    let options = "{\"locale\": \"de\", \"rules\": {\"name-charset\": \"warning\"}}";
    let text = CLEAN.replace("test_protected_instance_name", "a b");
    // Twice: the second call uses the options read by the first.
    for _ in 0..2 {
        let report = parse(lint_text(&text, options));
        let d = &report["diagnostics"][0];
        assert_eq!(d["severity"], "warning");
        assert!(d["message"].as_str().unwrap().starts_with("Der Name"), "{d}");
    }
}

#[wasm_bindgen_test]
fn a_plan_mixes_texts_and_values() {
    let request = json!({"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
        "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-01"}});
    let plan = json!([request.to_string(), request]).to_string();
    let reports = parse(lint_plan(&plan, "", &[]));
    assert!(reports[0]["diagnostics"].as_array().unwrap().is_empty());
    assert_eq!(
        codes(&reports[1]),
        [
            ("plan-duplicate-server", "/protected_instance/server_id"),
            ("plan-duplicate-name", "/protected_instance/name")
        ]
    );
}

#[wasm_bindgen_test]
fn text_that_cannot_be_read_is_one_invalid_json() {
    // A JavaScript string "{\"name\": \"a\u{d800}\"}" arrives with U+FFFD.
    let text = "{\"name\": \"a\u{fffd}\"}";
    let report = parse(lint_ill_formed(text, "", 11, 0xd800));
    let d = &report["diagnostics"][0];
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(d["params"], json!({"cause": "invalid-utf16", "unit": "U+D800", "offset": 11}));
    assert_eq!(d["range"]["start"]["offset"], 11);
    assert_eq!(d["range"]["end"]["offset"], 12);
    let plan = json!([CLEAN, text, CLEAN]).to_string();
    let reports = parse(lint_plan(&plan, "", &[1, 11, 0xd800]));
    assert_eq!(reports[1], report);
    assert!(codes(&reports[2]).contains(&("plan-duplicate-server", "/protected_instance/server_id")));
    let report = parse(lint_not_text("null", ""));
    let d = &report["diagnostics"][0];
    assert_eq!(d["params"], json!({"cause": "not-text", "actual": "null"}));
    assert!(d.get("range").is_none());
}

#[wasm_bindgen_test]
fn fixes_change_only_their_text() {
    let text = "{\"server_group_id\": \"523AB8AD-3759-4933-9436-4CF4EBB20867\",\r\n \"server_id\": \"403b603d-1d91-42cc-a357-81f3c2daf43f\", \"name\": \"web 01\", \"x\": 1.50e2}";
    let safe = parse(fix_text(text, "", false));
    assert_eq!(
        safe["text"],
        "{\"protected_instance\": {\"server_group_id\": \"523ab8ad-3759-4933-9436-4cf4ebb20867\",\r\n \"server_id\": \"403b603d-1d91-42cc-a357-81f3c2daf43f\", \"name\": \"web 01\", \"x\": 1.50e2}}"
    );
    assert_eq!(safe["applied"].as_array().unwrap().len(), 2);
    assert_eq!(
        codes(&safe["report"]),
        [
            ("name-charset", "/protected_instance/name"),
            ("unknown-field", "/protected_instance/x")
        ]
    );
    let all = parse(fix_text(text, "", true));
    assert!(all["text"].as_str().unwrap().contains("\"name\": \"web-01\""));
}

#[wasm_bindgen_test]
fn hostile_input_never_traps_and_the_module_keeps_working() {
    let deep = "[".repeat(100_000);
    let long = format!("{{\"protected_instance\": {{\"name\": \"{}\"}}}}", "x".repeat(1_000_000));
    for text in [deep.as_str(), long.as_str(), "\u{feff}{}", "", "\"\\ud800\"", "1e999999"] {
        let report = parse(lint_text(text, ""));
        assert_eq!(report["valid"], json!(false));
    }
    let many: String = (0..100_000).map(|i| format!(",\"k{i}\":1")).collect();
    let report = parse(lint_text(&format!("{{\"protected_instance\": {{\"name\": \"n\"{many}}}}}"), ""));
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 1001);
    assert_eq!(report["warnings"], json!(100_000));
    assert!(parse(lint_text(CLEAN, ""))["valid"].as_bool().unwrap());
}

#[wasm_bindgen_test]
fn rules_are_the_catalogue() {
    let rules = parse(rules_json());
    let rules = rules.as_array().unwrap();
    assert_eq!(rules.len(), sdrs_lint::CATALOGUE.len());
    assert_eq!(rules[0]["code"], "invalid-json");
    assert_eq!(rules[0]["url"], "docs/rules/invalid-json.md");
    assert!(rules.iter().all(|r| r.get("documentation").is_none()));
}
