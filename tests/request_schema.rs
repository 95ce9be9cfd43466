//! The request's JSON Schema (`sdrs_lint::schema`, `--print-schema`): valid
//! draft 2020-12, faithful to the catalogue's members and limits, and its
//! patterns accept exactly what the engine accepts, character by character
//! and format by format (the `jsonschema` crate evaluates the schema).

use sdrs_lint::request::single::SINGLE;
use sdrs_lint::{lint_str, lint_value, Options, Platform, Severity};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::process::Command;

fn schema(platform: Platform) -> Value {
    serde_json::from_str(&sdrs_lint::schema(Some(&SINGLE), platform)).expect("the schema is JSON")
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::validator_for(schema).expect("the schema compiles")
}

fn options(platform: Platform) -> Options {
    Options {
        platform,
        ..Options::default()
    }
}

/// One member's own schema.
fn member(platform: Platform, name: &str) -> Value {
    schema(platform)["properties"]["protected_instance"]["properties"][name].clone()
}

/// A tag's key or value schema.
fn tag_part(platform: Platform, part: &str) -> Value {
    member(platform, "tags")["items"]["properties"][part].clone()
}

/// A clean request with members replaced (`null` removes one).
fn request(changes: &[(&str, Value)]) -> Value {
    let mut request = json!({"protected_instance": {
        "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
        "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f",
        "name": "web-01",
        "description": "frontend",
        "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502",
        "primary_ip_address": "192.168.0.5",
        "flavorRef": "s3.large.2",
        "tags": [{"key": "owner", "value": "ops"}]
    }});
    let instance = request["protected_instance"].as_object_mut().unwrap();
    for (name, value) in changes {
        match value {
            Value::Null => instance.remove(*name),
            value => instance.insert(name.to_string(), value.clone()),
        };
    }
    request
}

/// Whether the engine reports an error at `path` or below it.
fn engine_rejects(platform: Platform, request: &Value, path: &str) -> bool {
    lint_value(request, &options(platform))
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && d.path.starts_with(path))
}

#[test]
fn both_platforms_are_valid_draft_2020_12_schemas() {
    for platform in Platform::ALL {
        let schema = schema(platform);
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
            panic!("{}: {e} at {}", platform.as_str(), e.instance_path());
        }
        validator(&schema);
    }
}

#[test]
fn the_examples_validate_as_they_lint() {
    let read = |file: &str| std::fs::read_to_string(format!("examples/{file}")).unwrap();
    let otc = validator(&schema(Platform::Otc));
    let huawei = validator(&schema(Platform::Huawei));
    let clean: Value = serde_json::from_str(&read("clean.json")).unwrap();
    assert!(otc.is_valid(&clean) && huawei.is_valid(&clean));

    // The API page's typo'd subnet ID, and nothing else.
    let example: Value = serde_json::from_str(&read("api-example.json")).unwrap();
    let errors: Vec<String> = otc
        .iter_errors(&example)
        .map(|e| e.instance_path().to_string())
        .collect();
    assert_eq!(errors, ["/protected_instance/primary_subnet_id"]);

    // Chinese characters, a dedicated host and a storage pool: Huawei Cloud's.
    let text = read("huawei.json");
    let request: Value = serde_json::from_str(&text).unwrap();
    assert!(huawei.is_valid(&request));
    assert!(lint_str(&text, &options(Platform::Huawei)).valid);
    assert!(!otc.is_valid(&request));
    assert!(!lint_str(&text, &options(Platform::Otc)).valid);
}

#[test]
fn the_members_are_the_catalogues() {
    for platform in Platform::ALL {
        let schema = schema(platform);
        let instance = &schema["properties"]["protected_instance"];
        let fields: Vec<_> = SINGLE.members_on(platform).collect();
        let names: Vec<&str> = instance["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(names, fields.iter().map(|f| f.key).collect::<Vec<_>>());
        let required: Vec<&str> = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.key)
            .collect();
        assert_eq!(instance["required"], json!(required));
        for f in fields {
            let member = &instance["properties"][f.key];
            assert_eq!(member["type"], f.shape.json_type(), "{}", f.key);
            // Each member has its own entry, not only a type.
            assert!(member["description"].is_string(), "{} is described", f.key);
        }
    }
}

/// What the engine says of each character, asked 64 characters at a time:
/// the offending characters its charset rule lists in `params.chars`.
fn engine_refuses(platform: Platform, chars: &[char], place: &str) -> BTreeSet<char> {
    let code = match place {
        "name" => "name-charset",
        "key" => "tag-key-charset",
        _ => "tag-value-charset",
    };
    let mut refused = BTreeSet::new();
    for chunk in chars.chunks(64) {
        // A letter every place accepts: no chunk is empty once trimmed.
        let text: String = chunk.iter().chain(['a'].iter()).collect();
        let request = match place {
            "name" => request(&[("name", json!(text))]),
            "key" => request(&[("tags", json!([{"key": text, "value": "v"}]))]),
            _ => request(&[("tags", json!([{"key": "k", "value": text}]))]),
        };
        let report = lint_value(&request, &options(platform));
        for d in report.diagnostics.iter().filter(|d| d.code == code) {
            let listed = serde_json::to_value(&d.params).unwrap()["chars"].clone();
            for c in listed.as_array().unwrap() {
                refused.extend(c.as_str().unwrap().chars());
            }
        }
    }
    refused
}

/// Every character of the Basic Multilingual Plane and a sample of the others.
fn characters() -> Vec<char> {
    (0..=0xFFFF)
        .chain((0x10000..=0x10FFFF).step_by(251))
        .chain([0x10FFFF])
        .filter_map(char::from_u32)
        .collect()
}

#[test]
fn character_classes_agree_with_the_engine() {
    let chars = characters();
    for platform in Platform::ALL {
        for place in ["name", "key", "value"] {
            let subschema = match place {
                "name" => member(platform, "name"),
                part => tag_part(platform, part),
            };
            let accepts = validator(&subschema);
            let refused = engine_refuses(platform, &chars, place);
            let mut disagree = Vec::new();
            for &c in &chars {
                let engine = match place {
                    // A key of only white space is empty once trimmed (SPEC §2).
                    "key" => !refused.contains(&c) && !c.is_whitespace(),
                    _ => !refused.contains(&c),
                };
                if accepts.is_valid(&json!(c.to_string())) != engine {
                    disagree.push(format!("U+{:04X} (engine: {engine})", c as u32));
                }
            }
            assert!(
                disagree.is_empty(),
                "{} {place}: {}",
                platform.as_str(),
                disagree.join(", ")
            );
        }
    }
    // The white space a key may not consist of is what the engine trims.
    for space in ["\u{3000}", "\u{85}", " \u{2028} "] {
        let r = request(&[("tags", json!([{"key": space, "value": "v"}]))]);
        assert!(engine_rejects(
            Platform::Otc,
            &r,
            "/protected_instance/tags/0/key"
        ));
    }
}

/// Whether the engine accepts `value` for `field`.
fn engine_accepts(platform: Platform, field: &str, value: &str) -> bool {
    let mut changes = vec![(field, json!(value))];
    if field == "dedicated_host_id" {
        changes.push(("tenancy", json!("dedicated")));
    }
    let path = format!("/protected_instance/{field}");
    !engine_rejects(platform, &request(&changes), &path)
}

/// Each string, then each with one character deleted, doubled, replaced
/// or inserted from `alphabet`: the neighbours of the valid forms.
fn neighbours(seeds: &[&str], alphabet: &[&str]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for seed in seeds {
        out.insert(seed.to_string());
        out.insert(seed.to_uppercase());
        let chars: Vec<char> = seed.chars().collect();
        for i in 0..=chars.len() {
            let (before, after) = (&chars[..i], &chars[i..]);
            let b: String = before.iter().collect();
            if let Some((_, rest)) = after.split_first() {
                let rest: String = rest.iter().collect();
                out.insert(format!("{b}{rest}"));
                out.insert(format!("{b}{}{}{rest}", after[0], after[0]));
                for a in alphabet {
                    out.insert(format!("{b}{a}{rest}"));
                }
            }
            let a_rest: String = after.iter().collect();
            for a in alphabet {
                out.insert(format!("{b}{a}{a_rest}"));
            }
        }
    }
    out
}

fn formats_agree(platform: Platform, field: &str, candidates: &BTreeSet<String>) {
    let accepts = validator(&member(platform, field));
    let mut disagree = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    for value in candidates {
        let schema = accepts.is_valid(&json!(value));
        let engine = engine_accepts(platform, field, value);
        if schema != engine {
            disagree.push(format!("{value:?} (schema: {schema}, engine: {engine})"));
        }
        if engine {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    assert!(disagree.is_empty(), "{field}: {}", disagree.join(", "));
    assert!(
        valid > 0 && invalid > 0,
        "{field}: {valid} valid, {invalid} invalid"
    );
}

#[test]
fn ids_agree_with_the_engine() {
    let uuid = "523ab8ad-3759-4933-9436-4cf4ebb20867";
    let hex32 = "0000000062db92d70162db9d200f00bb";
    let alphabet = ["0", "f", "F", "g", "-", " ", "{", "é"];
    let ids = neighbours(&[uuid, hex32, "", "-"], &alphabet);
    for field in ["server_group_id", "server_id", "primary_subnet_id"] {
        formats_agree(Platform::Otc, field, &ids);
    }
    for field in ["cluster_id", "dedicated_host_id"] {
        formats_agree(Platform::Huawei, field, &ids);
    }
}

#[test]
fn addresses_agree_with_the_engine() {
    let octets = [
        "0", "00", "01", "1", "9", "10", "99", "100", "199", "200", "249", "250", "255", "256",
        "260", "300", "999", "1000", "",
    ];
    let mut candidates = neighbours(
        &["192.168.0.5", "10.0.0.1", "0.0.0.0", "255.255.255.255"],
        &["0", "1", ".", "/", " ", ":", "a"],
    );
    for a in octets {
        for b in octets {
            candidates.insert(format!("{a}.{b}.0.1"));
            candidates.insert(format!("10.0.{a}.{b}"));
        }
    }
    candidates.extend(["fe80::1", "::1", "192.168.0.5/24", "1.2.3", "1.2.3.4.5"].map(String::from));
    formats_agree(Platform::Otc, "primary_ip_address", &candidates);
}

#[test]
fn flavors_agree_with_the_engine() {
    let seeds = [
        "s3.large.2",
        "c4.2xlarge.4",
        "m3ne.8xlarge.8",
        "h1.large.4.physical",
        "s3.small.1",
        "e3.52xlarge.16",
        "s3.large.2.linux",
        "s3.large.2.win",
        "physical.s4.medium",
    ];
    let candidates = neighbours(&seeds, &["a", "0", "1", ".", "-", "x", " ", "A"]);
    formats_agree(Platform::Otc, "flavorRef", &candidates);
}

#[test]
fn tenancy_is_one_of_two_values() {
    let candidates = ["shared", "dedicated", "Shared", "", "share", "dedicated "].map(String::from);
    formats_agree(
        Platform::Huawei,
        "tenancy",
        &candidates.into_iter().collect(),
    );
}

#[test]
fn limits_agree_with_the_engine() {
    let at = |n: usize, c: &str| c.repeat(n);
    let tags = |n: usize| -> Value {
        (0..n)
            .map(|i| json!({"key": format!("k{i}"), "value": "v"}))
            .collect()
    };
    let cases = [
        ("name", json!(at(64, "a")), true),
        ("name", json!(at(65, "a")), false),
        ("description", json!(at(64, "a")), true),
        ("description", json!(at(65, "a")), false),
        ("tags", tags(10), true),
        ("tags", tags(11), false),
        (
            "tags",
            json!([{"key": at(36, "k"), "value": at(43, "v")}]),
            true,
        ),
        ("tags", json!([{"key": at(37, "k"), "value": "v"}]), false),
        ("tags", json!([{"key": "k", "value": at(44, "v")}]), false),
    ];
    let otc = validator(&schema(Platform::Otc));
    for (field, value, valid) in cases {
        let request = request(&[(field, value)]);
        let engine = lint_value(&request, &Options::default()).valid;
        assert_eq!((otc.is_valid(&request), engine), (valid, valid), "{field}");
    }
    // The address needs its subnet (dependentRequired).
    let alone = request(&[("primary_subnet_id", Value::Null)]);
    assert!(!otc.is_valid(&alone));
    assert!(!lint_value(&alone, &Options::default()).valid);
}

#[test]
fn the_command_prints_the_schema_of_the_platform_in_effect() {
    let print = |args: &[&str]| -> Value {
        let out = Command::new(env!("CARGO_BIN_EXE_sdrs-lint"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(
        print(&["--no-config", "--kind", "single", "--print-schema"]),
        schema(Platform::Otc)
    );
    assert_eq!(
        print(&[
            "--no-config",
            "--kind",
            "single",
            "--platform",
            "huawei",
            "--print-schema"
        ]),
        schema(Platform::Huawei)
    );
    // Without a kind, any kind's request: one of the kinds' schemas.
    let any = print(&["--no-config", "--print-schema"]);
    let kinds = any["oneOf"].as_array().expect("oneOf the kinds");
    assert_eq!(kinds.len(), 2);
    assert_eq!(kinds[0]["properties"], schema(Platform::Otc)["properties"]);
    assert!(kinds[1]["properties"]["protected_instances"].is_object());
}

/// SPEC §3's flavor pattern bounds no number, and neither do the schema and
/// the engine: a ratio past any integer type is a flavor.
#[test]
fn a_ratio_of_any_size_is_a_flavor() {
    let accepts = validator(&member(Platform::Otc, "flavorRef"));
    for ratio in ["4294967295", "4294967296", "123456789012345678901234567890"] {
        let flavor = format!("s3.large.{ratio}");
        assert!(accepts.is_valid(&json!(flavor)));
        assert!(
            engine_accepts(Platform::Otc, "flavorRef", &flavor),
            "{flavor}"
        );
    }
}
