// Tests of src/wasm.rs, included by tests/wasm_node.rs (Node.js) and
// tests/wasm_browser.rs (Chromium): the same cases in both.

use js_sys::{Function, JsString, Reflect};
use sdrs_lint::wasm::{lint, lint_value, rules};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

const API_EXAMPLE: &str = include_str!("../../examples/api-example.json");
const CLEAN: &str = include_str!("../../examples/clean.json");

/// A JS value made by a JavaScript expression (cycles, proxies, BigInts…).
fn js(expression: &str) -> JsValue {
    Function::new_no_args(&format!("return ({expression});"))
        .call0(&JsValue::NULL)
        .expect("the test's JavaScript runs")
}

/// A returned JS object as JSON, to compare with `json!`.
fn to_json(value: &JsValue) -> Value {
    let text: String = js_sys::JSON::stringify(value).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

fn report_of(result: Result<JsValue, JsValue>) -> Value {
    to_json(&result.unwrap_or_else(|e| panic!("threw {e:?}")))
}

/// (code, path) of every diagnostic, in report order.
fn codes(report: &Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(c, p)| (c.to_string(), p.to_string()))
        .collect()
}

/// `text.slice(start.offset, end.offset)` in JavaScript.
fn slice(text: &str, diagnostic: &Value) -> String {
    let range = &diagnostic["range"];
    let start = range["start"]["offset"].as_u64().unwrap() as u32;
    let end = range["end"]["offset"].as_u64().unwrap() as u32;
    JsString::from(text).slice(start, end).into()
}

fn type_error_message(result: Result<JsValue, JsValue>) -> String {
    let error = result.expect_err("must throw");
    let error = error
        .dyn_ref::<js_sys::TypeError>()
        .unwrap_or_else(|| panic!("not a TypeError: {error:?}"));
    error.message().into()
}

#[wasm_bindgen_test]
fn the_api_pages_example_has_the_subnet_typo() {
    let report = report_of(lint(API_EXAMPLE.into(), JsValue::UNDEFINED));
    assert_eq!(report["valid"], json!(false));
    assert_eq!(
        codes(&report),
        pairs(&[("id-format", "/protected_instance/primary_subnet_id")])
    );
    let d = &report["diagnostics"][0];
    assert_eq!(
        slice(API_EXAMPLE, d),
        "\"a32217fh-3413-c313-6342-3124d3491502\""
    );
    assert_eq!(d["range"]["start"]["line"], json!(7));

    let clean = report_of(lint(CLEAN.into(), JsValue::UNDEFINED));
    assert_eq!(
        clean,
        json!({"valid": true, "errors": 0, "warnings": 0, "infos": 0, "diagnostics": []})
    );
}

#[wasm_bindgen_test]
fn offsets_are_utf16_indexes_after_emoji_and_cjk() {
    let text = "{\"protected_instance\": {\r\n  \"description\": \"😀 备份 <b>\",\n  \"name\": \"数据 库\",\r  \"server_group_id\": \"523ab8ad-3759-4933-9436-4cf4ebb20867\", \"server_id\": \"403b603d-1d91-42cc-a357-81f3c2daf43f\", \"名\": 1}}";
    let report = report_of(lint(text.into(), JsValue::UNDEFINED));
    let found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), slice(text, d)))
        .collect();
    assert_eq!(
        found,
        pairs(&[
            ("description-angle-bracket", "\"😀 备份 <b>\""),
            ("name-charset", "\"数据 库\""),
            ("unknown-field", "\"名\""),
        ])
    );
    // Lines count CRLF and a lone CR; columns are UTF-16 code units.
    let name = &report["diagnostics"][1]["range"];
    assert_eq!(name["start"]["line"], json!(3));
    assert_eq!(name["start"]["column"], json!(11));
    assert_eq!(name["end"]["column"], json!(17));
}

#[wasm_bindgen_test]
fn values_json_cannot_hold_are_diagnostics() {
    let value = js(r#"(() => {
        const cycle = { key: "a" }; cycle.value = cycle;
        let deep = {}; for (let i = 0; i < 300; i++) deep = { deep };
        return { protected_instance: {
            server_group_id: undefined, server_id: 1n, name: NaN, description: Infinity,
            primary_subnet_id: () => 1, primary_ip_address: Symbol("ip"),
            flavorRef: "s3.\uD800", tags: [cycle, deep] } };
    })()"#);
    let report = report_of(lint_value(value, JsValue::UNDEFINED));
    let foreign: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "non-json-value")
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["params"]["actual"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Arrays and objects from the root: the 129th is too deep.
    let deep = "/deep".repeat(125);
    assert_eq!(
        foreign,
        pairs(&[
            ("/protected_instance/server_group_id", "undefined"),
            ("/protected_instance/server_id", "a BigInt"),
            ("/protected_instance/name", "NaN"),
            ("/protected_instance/description", "Infinity"),
            ("/protected_instance/primary_subnet_id", "a function"),
            ("/protected_instance/primary_ip_address", "a symbol"),
            (
                "/protected_instance/flavorRef",
                "a string with an unpaired UTF-16 surrogate"
            ),
            ("/protected_instance/tags/0/value", "a cyclic reference"),
            (
                &format!("/protected_instance/tags/1{deep}"),
                "nested deeper than 128 arrays and objects"
            ),
        ])
    );
    assert!(report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d.get("range").is_none()));
}

#[wasm_bindgen_test]
fn values_are_read_as_json_stringify_reads_them() {
    let value = js(r#"{ protected_instance: {
        server_id: "403b603d-1d91-42cc-a357-81f3c2daf43f",
        server_group_id: new String("523ab8ad-3759-4933-9436-4cf4ebb20867"),
        name: { toJSON(key) { return key + "-01"; } },
        description: new Date(0),
        tags: new Map([["key", "value"]]),
        zz: 1, 10: 2 } }"#);
    let report = report_of(lint_value(value, JsValue::UNDEFINED));
    // Integer keys come first in JavaScript's own order, as JSON.stringify writes them.
    assert_eq!(
        codes(&report),
        pairs(&[
            ("unknown-field", "/protected_instance/10"),
            ("non-json-value", "/protected_instance/tags"),
            ("unknown-field", "/protected_instance/zz"),
        ])
    );
}

#[wasm_bindgen_test]
fn hostile_input_never_throws_and_the_module_keeps_working() {
    let before = report_of(lint(API_EXAMPLE.into(), JsValue::UNDEFINED));
    let texts = [
        "[".repeat(200_000),
        "{\"protected_instance\": {\"name\": \"\\ud800\"}}".to_string(),
        "\u{feff}{}".to_string(),
        String::new(),
    ];
    for text in texts {
        let report = report_of(lint(text.into(), JsValue::UNDEFINED));
        assert_eq!(codes(&report)[0].0, "invalid-json");
    }
    let values = [
        "new Proxy({}, { ownKeys() { throw new Error('keys'); } })",
        "new Proxy({}, { getPrototypeOf() { throw new Error('proto'); } })",
        "(() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })()",
        "{ protected_instance: { get name() { throw new Error('getter'); } } }",
        "{ protected_instance: { name: { toJSON() { throw new Error('toJSON'); } } } }",
        "(() => { const a = []; a.length = 2 ** 32 - 1; return { protected_instance: { tags: a } }; })()",
        "(() => { let x = [1]; for (let i = 0; i < 60; i++) x = [x, x]; return x; })()",
        "{ protected_instance: new Proxy({}, { get() { throw new Error('get'); }, ownKeys() { return ['name']; }, getOwnPropertyDescriptor() { return { enumerable: true, configurable: true }; } }) }",
        "Object.create(null)",
        "new Uint8Array(3)",
    ];
    for value in values {
        let result = lint_value(js(value), JsValue::UNDEFINED);
        assert!(result.is_ok(), "{value} threw {:?}", result.err());
    }
    let thrown = report_of(lint_value(
        js("{ protected_instance: { get name() { throw new Error('getter'); } } }"),
        JsValue::UNDEFINED,
    ));
    assert!(codes(&thrown).contains(&(
        "non-json-value".to_string(),
        "/protected_instance/name".to_string()
    )));
    let huge = report_of(lint_value(
        js("(() => { const a = []; a.length = 2 ** 32 - 1; return { protected_instance: { tags: a } }; })()"),
        JsValue::UNDEFINED,
    ));
    assert!(codes(&huge).contains(&(
        "non-json-value".to_string(),
        "/protected_instance/tags".to_string()
    )));
    assert_eq!(report_of(lint(API_EXAMPLE.into(), JsValue::UNDEFINED)), before);
}

#[wasm_bindgen_test]
fn malformed_options_throw_a_type_error_naming_the_problem() {
    let cases = [
        ("null", "options must be an object, not null"),
        ("'strict'", "options must be an object, not a string"),
        ("{ rulez: {} }", "unknown option 'rulez'"),
        (
            "{ rules: { 'name-charst': 'off' } }",
            "unknown rule 'name-charst' (did you mean 'name-charset'?)",
        ),
        (
            "{ rules: { 'name-charset': 'loud' } }",
            "rules.name-charset: unknown severity 'loud'",
        ),
        ("{ rules: [] }", "'rules' must be an object, not an array"),
        ("{ max_diagnostics: 0 }", "'max_diagnostics' must be a positive integer"),
        (
            "{ context: { servers: [{ id: 's', shared_disk: Symbol() }] } }",
            "context.servers[0].shared_disk must be a boolean, not a symbol",
        ),
        (
            "{ rules: { 'name-charset': () => 'off' } }",
            "rules.name-charset must be \"off\", \"info\", \"warning\" or \"error\", not a function",
        ),
    ];
    for (options, expected) in cases {
        for result in [
            lint(CLEAN.into(), js(options)),
            lint_value(js("{}"), js(options)),
        ] {
            let message = type_error_message(result);
            assert!(message.starts_with(expected), "{options}: {message}");
        }
    }
    let message = type_error_message(lint(js("{}"), JsValue::UNDEFINED));
    assert!(message.contains("not an object"), "{message}");
}

#[wasm_bindgen_test]
fn options_set_severities_and_the_cap() {
    let off = report_of(lint(
        API_EXAMPLE.into(),
        js("{ rules: { 'id-format': 'off' }, max_diagnostics: undefined }"),
    ));
    assert_eq!(off["valid"], json!(true));
    let warn = report_of(lint(API_EXAMPLE.into(), js("{ rules: { 'id-format': 'warn' } }")));
    assert_eq!(warn["diagnostics"][0]["severity"], json!("warning"));
    let capped = report_of(lint_value(
        js("{ a: 1, b: 2, c: 3 }"),
        js("{ maxDiagnostics: 1 }"),
    ));
    let last = codes(&capped).pop().unwrap();
    assert_eq!(last.0, "too-many-diagnostics");
}

#[wasm_bindgen_test]
fn rules_are_the_catalogue() {
    let list = rules().unwrap();
    let list = to_json(&list);
    let listed: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    let catalogue: Vec<&str> = sdrs_lint::CATALOGUE.iter().map(|r| r.code).collect();
    assert_eq!(listed, catalogue);
    let id_format = &list[8];
    assert_eq!(id_format["code"], json!("id-format"));
    assert_eq!(id_format["severity"], json!("error"));
    // The documentation is the package's docs.json, not part of the module.
    assert!(id_format.get("documentation").is_none());
    // Plain objects, as JSON.parse would make them (not Maps).
    let first = Reflect::get(&rules().unwrap(), &JsValue::from_f64(0.0)).unwrap();
    assert_eq!(
        JsValue::from(js_sys::Object::get_prototype_of(&first)),
        js("Object.prototype")
    );
}
