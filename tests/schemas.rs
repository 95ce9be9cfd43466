//! The JSON Schemas editors use for the configuration and context files
//! (schemas/*.schema.json, named by a file's "$schema"): they accept what
//! the command accepts, refuse what it refuses, and name every rule.

use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

const CONFIG: &str = "schemas/config.schema.json";
const CONTEXT: &str = "schemas/context.schema.json";
const POLICY: &str = "schemas/policy.schema.json";

fn read(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Resolves the config schema's `"$ref": "context.schema.json"` to the file
/// beside it, as an editor does.
struct Beside;

impl jsonschema::Retrieve for Beside {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.path().as_str().rsplit('/').next().unwrap_or_default();
        Ok(read(&format!("schemas/{name}")))
    }
}

fn validator(path: &str) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .with_retriever(Beside)
        .build(&read(path))
        .unwrap()
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// The rules part of the configuration schema, from the catalogue: each code
/// with its levels and summary, so that editors complete and explain them.
fn rules_schema() -> Value {
    let rules: serde_json::Map<String, Value> = sdrs_lint::CATALOGUE
        .iter()
        .map(|r| {
            (
                r.code.to_string(),
                json!({
                    "enum": ["off", "info", "warning", "warn", "error"],
                    "description": format!("{} (default: {}).", r.summary, r.severity.as_str()),
                }),
            )
        })
        .collect();
    Value::Object(rules)
}

#[test]
fn config_schema_names_every_rule() {
    let mut schema = read(CONFIG);
    let expected = rules_schema();
    if schema["properties"]["rules"]["properties"] != expected {
        if std::env::var_os("UPDATE_SCHEMAS").is_some() {
            schema["properties"]["rules"]["properties"] = expected;
            let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
            std::fs::write(CONFIG, text).unwrap();
        } else {
            panic!("{CONFIG}: the rules differ from the catalogue; run UPDATE_SCHEMAS=1 cargo test --test schemas");
        }
    }
}

#[test]
fn the_example_context_and_a_printed_configuration_are_valid() {
    let context = validator(CONTEXT);
    let mut example = read("examples/context.json");
    assert_eq!(errors(&context, &example), Vec::<String>::new());
    example["$schema"] = json!("../schemas/context.schema.json");
    assert_eq!(errors(&context, &example), Vec::<String>::new());

    // --print-config writes the configuration format, context included.
    let printed = Command::new(env!("CARGO_BIN_EXE_sdrs-lint"))
        .args([
            "--no-config",
            "--rule",
            "id-format=off",
            "--context",
            "examples/context.json",
        ])
        .arg("--print-config")
        .output()
        .unwrap();
    assert!(printed.status.success());
    let printed: Value = serde_json::from_slice(&printed.stdout).unwrap();
    assert_eq!(printed["rules"]["id-format"], "off");
    assert_eq!(errors(&validator(CONFIG), &printed), Vec::<String>::new());

    // A policy, a language and a platform print too, and read back.
    let printed = Command::new(env!("CARGO_BIN_EXE_sdrs-lint"))
        .args([
            "--no-config",
            "--policy",
            "examples/policy.json",
            "--locale",
            "de",
        ])
        .args(["--platform", "huawei", "--print-config"])
        .output()
        .unwrap();
    assert!(printed.status.success());
    let text = String::from_utf8(printed.stdout).unwrap();
    let printed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (printed["locale"].as_str(), printed["platform"].as_str()),
        (Some("de"), Some("huawei"))
    );
    assert_eq!(errors(&validator(CONFIG), &printed), Vec::<String>::new());
    let options: sdrs_lint::Options = text.parse().unwrap();
    let example: sdrs_lint::Policy = std::fs::read_to_string("examples/policy.json")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(options.policy.as_deref(), Some(&example));
    assert_eq!(
        errors(&validator(POLICY), &read("examples/policy.json")),
        Vec::<String>::new()
    );
}

#[test]
fn a_team_configuration_is_valid_to_the_schema_and_the_command() {
    let team = json!({
        "$schema": "./node_modules/sdrs-lint/schemas/config.schema.json",
        "rules": {"tags-empty": "off"},
        "files": ["requests/**/*.json", "**/*.request.json"],
        "ignores": ["**/fixtures/", "requests/old/**", "!requests/old/keep.json"],
        "overrides": [
            {"files": ["huawei/**"], "platform": "huawei", "context": "accounts/huawei.json"},
            {"files": ["**/prod/**"], "ignores": ["**/prod/drafts/**"],
             "policy": "../examples/policy.json", "rules": {"tags-empty": "error"},
             "kind": "single", "locale": "de", "max_diagnostics": 50},
            {"files": ["plans/*.json"], "kind": "terraform", "context": null, "policy": null}
        ]
    });
    assert_eq!(errors(&validator(CONFIG), &team), Vec::<String>::new());
    // The command reads it (its context path relative to the file).
    let dir = std::env::temp_dir().join(format!("sdrs-lint-team-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("accounts")).unwrap();
    std::fs::copy("examples/context.json", dir.join("accounts/huawei.json")).unwrap();
    let mut team = team;
    team["overrides"][1]["policy"] = json!(std::fs::canonicalize("examples/policy.json").unwrap());
    std::fs::write(dir.join("sdrs-lint.json"), team.to_string()).unwrap();
    let printed = Command::new(env!("CARGO_BIN_EXE_sdrs-lint"))
        .current_dir(&dir)
        .args(["--print-config", "prod/a.json"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        printed.status.success(),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    let printed: Value = serde_json::from_slice(&printed.stdout).unwrap();
    assert_eq!(
        (
            &printed["kind"],
            &printed["locale"],
            &printed["max_diagnostics"]
        ),
        (&json!("single"), &json!("de"), &json!(50))
    );
    assert_eq!(errors(&validator(CONFIG), &printed), Vec::<String>::new());
}

#[test]
fn the_schemas_refuse_what_the_command_refuses() {
    let config = validator(CONFIG);
    let context = validator(CONTEXT);
    let policy = validator(POLICY);
    for bad in [
        json!({"required_tag": []}),
        json!({"tags": {"env": {"tag_value": {"@@assign": "prod"}}}}),
        json!({"tags": {"env": {"tag_value": {"@@append": ["prod"]}}}}),
        json!({"tags": {"env": {"tag_values": {"@@assign": ["prod"]}}}}),
        json!({"required_tags": ["a", 1]}),
        json!({"name_pattern": 5}),
    ] {
        assert!(!errors(&policy, &bad).is_empty(), "policy {bad}");
        assert!(sdrs_lint::Policy::from_value(&bad).is_err(), "policy {bad}");
    }
    for bad in [
        json!({"platform": "aws"}),
        json!({"locale": "fr"}),
        json!({"policy": {"required_tags": "owner"}}),
        json!({"rules": {"name-charst": "off"}}),
        json!({"rules": {"name-charset": "loud"}}),
        json!({"rulez": {}}),
        json!({"max_diagnostics": 0}),
        json!({"context": {"servers": [{"id": "s", "shared_disk": "yes"}]}}),
        json!({"files": []}),
        json!({"files": "requests/**/*.json"}),
        json!({"ignores": [1]}),
        json!({"ignores": [""]}),
        json!({"overrides": {"files": ["x"]}}),
        json!({"overrides": [{"rules": {"tags-empty": "off"}}]}),
        json!({"overrides": [{"files": []}]}),
        json!({"overrides": [{"files": ["x"], "fils": ["y"]}]}),
        json!({"overrides": [{"files": ["x"], "platform": "aws"}]}),
        json!({"overrides": [{"files": ["x"], "rules": {"name-charst": "off"}}]}),
        json!({"overrides": [{"files": ["x"], "overrides": []}]}),
        json!({"overrides": [{"files": ["x"], "$schema": "y"}]}),
    ] {
        assert!(!errors(&config, &bad).is_empty(), "config {bad}");
        // The command refuses each of them too (exit 2, naming the key).
        let dir = std::env::temp_dir().join(format!("sdrs-lint-schema-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("config.json");
        std::fs::write(&file, bad.to_string()).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_sdrs-lint"))
            .arg("--config")
            .arg(&file)
            .args(["--print-config", "x.json"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "config {bad}");
        let _ = std::fs::remove_dir_all(&dir);
    }
    for bad in [
        json!({"servrs": []}),
        json!({"servers": [{"status": "ACTIVE"}]}),
        json!({"servers": [{"id": ""}]}),
        json!({"subnets": [{"id": "s", "used_ips": ["10.0.0.300"]}]}),
        json!({"flavors": [{"id": "f", "ram": -1}]}),
        json!([1]),
    ] {
        assert!(!errors(&context, &bad).is_empty(), "context {bad}");
    }
    // Unknown fields inside listed items are tolerated (listings carry more).
    let item = json!({"servers": [{"id": "s", "name": "web-01", "metadata": {}}]});
    assert_eq!(errors(&context, &item), Vec::<String>::new());
}

#[test]
fn the_crate_and_the_npm_package_ship_the_schemas() {
    // The crate packs every file of the repository that Cargo.toml does not
    // exclude; the npm package lists the schemas and exports them.
    let manifest = std::fs::read_to_string("Cargo.toml").unwrap();
    assert!(!manifest.contains("\nexclude") && !manifest.contains("\ninclude"));
    let package = read("pkg/package.json");
    assert!(
        package["files"]
            .as_array()
            .unwrap()
            .contains(&json!("schemas/")),
        "pkg/package.json files lacks schemas/"
    );
    for schema in [CONFIG, CONTEXT, POLICY] {
        assert!(Path::new(schema).is_file());
        assert_eq!(
            package["exports"][format!("./{schema}")],
            json!(format!("./{schema}"))
        );
    }
    let build = std::fs::read_to_string("scripts/build-wasm.sh").unwrap();
    assert!(
        build.contains("schemas/"),
        "scripts/build-wasm.sh copies the schemas into pkg/"
    );
}
