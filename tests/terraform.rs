//! Terraform plans (SPEC §10): the plans in `tests/plans/`, written from
//! the documented JSON of `terraform show -json PLANFILE` (Terraform 1.x,
//! `format_version` 1.2), as a Terraform user's plans look.

use sdrs_lint::{lint_str, Options, Report};
use serde_json::{json, Value};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sdrs-lint");

fn plan(name: &str) -> String {
    std::fs::read_to_string(format!("tests/plans/{name}.json")).unwrap()
}

fn lint(name: &str) -> Report {
    lint_str(&plan(name), &Options::default())
}

/// Each finding as (code, address, argument, path).
fn findings(report: &Report) -> Vec<(&str, &str, &str, &str)> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let r = d
                .resource
                .as_ref()
                .expect("a plan's finding names its resource");
            (
                d.code,
                r.address.as_str(),
                r.argument.as_str(),
                d.path.as_str(),
            )
        })
        .collect()
}

fn command(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(BIN)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn a_module_called_with_for_each_is_checked_per_instance_through_references() {
    // Huawei: every ID is known only after apply; the module's variables
    // lead to the group, the servers (for_each over the same keys), the
    // subnet and, through the subnets, the VPCs the plan creates.
    let r = lint("huawei-module-for-each");
    assert_eq!(r.kind, Some("terraform"));
    let app1 = "module.dr[\"app-1\"].huaweicloud_sdrs_protected_instance.this";
    let app2 = "module.dr[\"app-2\"].huaweicloud_sdrs_protected_instance.this";
    let batch = "module.dr_batch.huaweicloud_sdrs_protected_instance.this";
    assert_eq!(
        findings(&r),
        [
            (
                "tags-too-many",
                app1,
                "tags",
                "/resource_changes/8/change/after/tags"
            ),
            (
                "server-az-mismatch",
                app2,
                "server_id",
                "/resource_changes/9/change/after/server_id"
            ),
            (
                "ip-outside-subnet",
                app2,
                "primary_ip_address",
                "/resource_changes/9/change/after/primary_ip_address"
            ),
            (
                "server-vpc-mismatch",
                batch,
                "server_id",
                "/resource_changes/10/change/after/server_id"
            ),
        ]
    );
    // Huawei's tags/action limit, with the provider's default tags counted.
    assert_eq!(r.diagnostics[0].params["limit"], 10);
    assert_eq!(r.diagnostics[0].params["count"], 11);
    // An unknown argument's finding points at its `after` object.
    let text = plan("huawei-module-for-each");
    let az = &r.diagnostics[1];
    let start = az.range.unwrap().start.offset;
    assert_eq!(&text[start..start + 1], "{");
    // A VPC known only after apply is named as the expression that makes it.
    assert!(
        r.diagnostics[3]
            .message
            .contains("'huaweicloud_vpc.other.id'"),
        "{}",
        r.diagnostics[3].message
    );
    assert!(!r.diagnostics[3].message.contains("tf:"));
    // Every message starts with its instance's full address.
    for d in &r.diagnostics {
        let address = &d.resource.as_ref().unwrap().address;
        assert!(
            d.message.starts_with(&format!("{address}: ")),
            "{}",
            d.message
        );
    }
}

#[test]
fn a_replacement_is_linted_and_deletions_no_ops_and_data_reads_are_not() {
    // FlexibleEngine, one line as Terraform writes it: a replacement
    // (delete, then create) with an address the subnet of a data source in
    // prior_state reserves, and a rename; a deletion and a no-op whose
    // names are invalid, and a deferred data read, are left alone.
    let r = lint("flexibleengine-replace");
    assert_eq!(
        findings(&r),
        [
            (
                "name-charset",
                "flexibleengine_sdrs_protectedinstance_v1.cache",
                "name",
                "/resource_changes/1/change/after/name"
            ),
            (
                "ip-reserved",
                "flexibleengine_sdrs_protectedinstance_v1.db",
                "primary_ip_address",
                "/resource_changes/2/change/after/primary_ip_address"
            ),
        ]
    );
    // One line: the column counts in it.
    let reserved = r.diagnostics[1].range.unwrap();
    assert_eq!(reserved.start.line, 1);
    let text = plan("flexibleengine-replace");
    assert_eq!(
        &text[reserved.start.offset..reserved.end.offset],
        "\"192.168.30.255\""
    );
    assert_eq!(reserved.start.column as usize, reserved.start.offset + 1);
    // The findings above are all: the rename keeps the gateway address it
    // had (an update can only rename), and nothing is said of the deleted
    // or unchanged instances' names.
}

#[test]
fn count_instances_sensitive_values_and_arguments_in_the_providers_words() {
    let r = lint("otc-count-sensitive");
    let db0 = "opentelekomcloud_sdrs_protected_instance_v1.db[0]";
    let db1 = "opentelekomcloud_sdrs_protected_instance_v1.db[1]";
    assert_eq!(
        findings(&r),
        [
            (
                "name-charset",
                db0,
                "name",
                "/resource_changes/0/change/after/name"
            ),
            (
                "name-charset",
                db1,
                "name",
                "/resource_changes/1/change/after/name"
            ),
            (
                "plan-duplicate-name",
                db1,
                "name",
                "/resource_changes/1/change/after/name"
            ),
            (
                "plan-duplicate-server",
                db1,
                "server_id",
                "/resource_changes/1/change/after/server_id"
            ),
            (
                "ip-requires-subnet",
                db1,
                "ip_address",
                "/resource_changes/1/change/after/ip_address"
            ),
        ]
    );
    // OTC calls the subnet `subnet_id`; an empty optional is not sent.
    let requires = &r.diagnostics[4];
    assert!(
        requires.message.contains("together with subnet_id;"),
        "{}",
        requires.message
    );
    assert!(!requires.message.contains("primary_subnet_id"));
    // The earlier instance is named by its address.
    assert_eq!(r.diagnostics[3].params["first"], db0);
    // The sensitive name is nowhere in the report.
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("db tier"), "{json}");
    assert!(!json.contains('ü'), "{json}");
    assert!(r.diagnostics[0].message.contains("(sensitive)"));
    assert!(r
        .diagnostics
        .iter()
        .all(|d| d.fix.is_none() || d.code != "name-charset"));
}

#[test]
fn no_output_format_writes_a_sensitive_value() {
    for format in [
        "human", "json", "sarif", "github", "gitlab", "junit", "compact",
    ] {
        let (out, err, code) = command(&[
            "--format",
            format,
            "--color",
            "never",
            "tests/plans/otc-count-sensitive.json",
        ]);
        assert_eq!(code, 1, "{format}: {err}");
        assert!(
            !out.contains("db tier"),
            "{format} writes the secret:\n{out}"
        );
        assert!(!out.contains("tier ü"), "{format}");
        assert!(out.contains("db[1]"), "{format} names the instance:\n{out}");
    }
    // The code frame keeps the underline's place over the masked value.
    let (out, _, _) = command(&["--color", "never", "tests/plans/otc-count-sensitive.json"]);
    assert!(out.contains("\"name\": ************,"), "{out}");
}

#[test]
fn human_output_groups_findings_under_the_address() {
    let (out, _, code) = command(&[
        "--color",
        "never",
        "tests/plans/huawei-module-for-each.json",
    ]);
    assert_eq!(code, 1);
    let headings: Vec<&str> = out.lines().filter(|l| l.starts_with("# ")).collect();
    assert_eq!(
        headings,
        [
            "# module.dr[\"app-1\"].huaweicloud_sdrs_protected_instance.this",
            "# module.dr[\"app-2\"].huaweicloud_sdrs_protected_instance.this",
            "# module.dr_batch.huaweicloud_sdrs_protected_instance.this",
        ]
    );
    // Under its heading a message does not repeat the address.
    assert!(
        out.contains("error[tags-too-many]: 11 tags are given"),
        "{out}"
    );
}

#[test]
fn sarif_names_the_instance_as_a_logical_location_and_offers_no_fix_to_the_plan() {
    let (out, _, _) = command(&[
        "--format",
        "sarif",
        "tests/plans/flexibleengine-replace.json",
    ]);
    let sarif: Value = serde_json::from_str(&out).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0]["locations"][0]["logicalLocations"],
        json!([{
            "fullyQualifiedName": "flexibleengine_sdrs_protectedinstance_v1.cache",
            "name": "cache",
            "kind": "resource"
        }])
    );
    assert_eq!(
        results[0]["properties"]["resource"],
        json!({
            "address": "flexibleengine_sdrs_protectedinstance_v1.cache",
            "type": "flexibleengine_sdrs_protectedinstance_v1",
            "argument": "name"
        })
    );
    // name-charset has a fix; on a plan it is no artifact change.
    assert!(results[0].get("fixes").is_none());
}

#[test]
fn the_line_formats_carry_the_address() {
    let address = "flexibleengine_sdrs_protectedinstance_v1.db";
    for format in ["github", "gitlab", "junit", "compact"] {
        let (out, _, _) = command(&[
            "--format",
            format,
            "tests/plans/flexibleengine-replace.json",
        ]);
        assert!(out.contains(address), "{format}:\n{out}");
    }
    let (out, _, _) = command(&[
        "--format",
        "github",
        "tests/plans/flexibleengine-replace.json",
    ]);
    assert!(
        out.contains("::error file=tests/plans/flexibleengine-replace.json,line=1,col=2595"),
        "{out}"
    );
}

#[test]
fn a_state_file_is_context_only() {
    // Its protected instance has an invalid name: a state sends nothing.
    let r = lint("otc-state");
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let (out, _, code) = command(&["tests/plans/otc-state.json"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn other_terraform_output_and_fixing_a_plan_are_usage_errors() {
    let (_, err, code) = command(&["tests/plans/plan-log.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("terraform show -json tf.plan"), "{err}");
    let (_, err, code) = command(&["tests/plans/format-2.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("'2.0'"), "{err}");
    for flag in ["--fix", "--diff"] {
        let (_, err, code) = command(&[flag, "tests/plans/otc-count-sensitive.json"]);
        assert_eq!(code, 2, "{flag}");
        assert!(err.contains("configuration"), "{flag}: {err}");
    }
    // The library reports the refusal as the rule it is.
    let r = lint("format-2");
    assert_eq!(r.diagnostics[0].code, "terraform-unsupported");
}

#[test]
fn a_context_given_adds_to_the_plans_own() {
    // The greenfield plan's group is created in the plan; the caller's
    // context says the existing subnet's address 192.168.10.40 is in use.
    let mut options = Options::default();
    let context = json!({"subnets": [{"id": "tf:never", "vpc_id": "v"}]});
    options.context = Some(std::sync::Arc::new(
        sdrs_lint::Context::from_value(&context).unwrap(),
    ));
    let with = lint_str(&plan("otc-greenfield"), &options);
    let without = lint("otc-greenfield");
    // A context that knows nothing the plan needs changes nothing: the
    // plan's facts are not replaced by it.
    assert_eq!(findings(&with), findings(&without));
    assert!(without.has("server-az-mismatch") && without.has("ip-reserved"));

    // A context naming the plan's literal server says it is protected already.
    let mut options = Options::default();
    let context = json!({"servers": [{"id": "403b603d-1d91-42cc-a357-81f3c2daf43f",
        "protected_instance_id": "0d3c2b1a-9f8e-4d7c-b6a5-4e3d2c1b0a99"}]});
    options.context = Some(std::sync::Arc::new(
        sdrs_lint::Context::from_value(&context).unwrap(),
    ));
    let r = lint_str(&plan("otc-count-sensitive"), &options);
    assert!(r.has("server-already-protected"), "{:?}", findings(&r));
}

#[test]
fn messages_name_the_instance_in_every_language() {
    for (locale, colon) in [("de", ": "), ("zh", "：")] {
        let options = Options::from_value(&json!({ "locale": locale })).unwrap();
        let r = lint_str(&plan("flexibleengine-replace"), &options);
        let d = &r.diagnostics[0];
        assert!(
            d.message.starts_with(&format!(
                "flexibleengine_sdrs_protectedinstance_v1.cache{colon}"
            )),
            "{locale}: {}",
            d.message
        );
    }
}

#[test]
fn kind_terraform_lints_a_plan_without_resource_changes_as_nothing() {
    let options = Options::from_value(&json!({ "kind": "terraform" })).unwrap();
    let r = lint_str(
        r#"{"format_version": "1.2", "planned_values": {}}"#,
        &options,
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.kind, Some("terraform"));
}

#[test]
fn fixing_a_plan_changes_nothing() {
    // The library and the package's fix(): a plan's fixes are suggestions
    // for the configuration, never edits of the plan.
    let text = plan("flexibleengine-replace");
    let fixed = sdrs_lint::fix_str(&text, &Options::default(), sdrs_lint::Applicability::Unsafe);
    assert_eq!(fixed.text, text);
    assert!(fixed.applied.is_empty());
    let r = lint("flexibleengine-replace");
    let suggestion = r.diagnostics[0]
        .fix
        .as_ref()
        .expect("name-charset suggests a name");
    assert!(!suggestion.description.is_empty());
}

/// A plan of `changes` (resource changes) and `configuration`.
fn plan_of(changes: Value, configuration: Value) -> String {
    json!({
        "format_version": "1.2",
        "terraform_version": "1.9.8",
        "resource_changes": changes,
        "configuration": configuration,
    })
    .to_string()
}

/// A create of a protected instance: `after`, and what is unknown.
fn create(address: &str, kind: &str, after: Value, unknown: Value) -> Value {
    let name = address.rsplit('.').next().unwrap();
    json!({"address": address, "mode": "managed", "type": kind, "name": name,
        "provider_name": "registry.terraform.io/x/x",
        "change": {"actions": ["create"], "before": null, "after": after,
            "after_unknown": unknown, "after_sensitive": {}}})
}

fn codes_of(text: &str) -> Vec<(&'static str, String)> {
    lint_str(text, &Options::default())
        .diagnostics
        .into_iter()
        .map(|d| (d.code, d.path))
        .collect()
}

const GROUP: &str = "523ab8ad-3759-4933-9436-4cf4ebb20867";
const SERVER: &str = "403b603d-1d91-42cc-a357-81f3c2daf43f";

#[test]
fn the_resource_type_decides_the_platform_whatever_the_options_say() {
    let after =
        |server: &str, name: &str| json!({"group_id": GROUP, "server_id": server, "name": name});
    let text = plan_of(
        json!([
            create(
                "flexibleengine_sdrs_protectedinstance_v1.fe",
                "flexibleengine_sdrs_protectedinstance_v1",
                after(SERVER, "数据库-dr"),
                json!({})
            ),
            create(
                "huaweicloud_sdrs_protected_instance.hw",
                "huaweicloud_sdrs_protected_instance",
                after("8f5dd226-6cc0-4fe8-9786-b8b3359b234b", "数据库-备份"),
                json!({})
            ),
        ]),
        json!({}),
    );
    // Huawei Cloud allows Chinese characters in a name; FlexibleEngine has
    // Open Telekom Cloud's rules.
    for platform in ["otc", "huawei"] {
        let options = Options::from_value(&json!({ "platform": platform })).unwrap();
        let r = lint_str(&text, &options);
        assert_eq!(
            findings(&r),
            [(
                "name-charset",
                "flexibleengine_sdrs_protectedinstance_v1.fe",
                "name",
                "/resource_changes/0/change/after/name"
            )],
            "{platform}"
        );
    }
}

#[test]
fn an_instance_key_is_followed_only_where_each_key_or_count_index_says_so() {
    // `server_id = huaweicloud_compute_instance.app[each.value.server].id`:
    // Terraform lists `app` and `each.value`; which instance is not known.
    let server = |key: &str, zone: &str| {
        json!({"address": format!("huaweicloud_compute_instance.app[\"{key}\"]"), "mode": "managed",
            "type": "huaweicloud_compute_instance", "name": "app", "index": key,
            "change": {"actions": ["create"], "before": null,
                "after": {"availability_zone": zone}, "after_unknown": {"id": true}}})
    };
    let instance = |key: &str| {
        json!({"address": format!("huaweicloud_sdrs_protected_instance.dr[\"{key}\"]"), "mode": "managed",
            "type": "huaweicloud_sdrs_protected_instance", "name": "dr", "index": key,
            "change": {"actions": ["create"], "before": null, "after": {"group_id": GROUP, "name": format!("{key}-dr")},
                "after_unknown": {"server_id": true}}})
    };
    let group = json!({"address": "huaweicloud_sdrs_protection_group.g", "mode": "managed",
        "type": "huaweicloud_sdrs_protection_group", "name": "g",
        "change": {"actions": ["no-op"], "before": null,
            "after": {"id": GROUP, "source_availability_zone": "cn-north-4a"}, "after_unknown": {}}});
    let configuration = |references: Value| {
        json!({"root_module": {"resources": [{"address": "huaweicloud_sdrs_protected_instance.dr",
            "expressions": {"server_id": {"references": references}}}]}})
    };
    let changes = json!([
        group,
        server("a", "cn-north-4a"),
        server("b", "cn-north-4b"),
        instance("a"),
        instance("b")
    ]);
    let by_value = plan_of(
        changes.clone(),
        configuration(json!([
            "huaweicloud_compute_instance.app",
            "each.value.server",
            "each.value"
        ])),
    );
    assert_eq!(codes_of(&by_value), []);
    let by_key = plan_of(
        changes,
        configuration(json!(["huaweicloud_compute_instance.app", "each.key"])),
    );
    assert_eq!(
        codes_of(&by_key),
        [(
            "server-az-mismatch",
            "/resource_changes/4/change/after/server_id".to_string()
        )]
    );
}

#[test]
fn a_sensitive_map_is_pointed_at_as_a_whole_and_a_sensitive_fact_is_never_written() {
    let after = json!({"group_id": GROUP, "server_id": SERVER, "name": "n",
        "tags": {"bad key=SecretKeyName": "v"}});
    let mut change = create(
        "opentelekomcloud_sdrs_protected_instance_v1.a",
        "opentelekomcloud_sdrs_protected_instance_v1",
        after,
        json!({}),
    );
    change["change"]["after_sensitive"] = json!({"tags": true});
    let r = lint_str(&plan_of(json!([change]), json!({})), &Options::default());
    assert!(!r.diagnostics.is_empty());
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("SecretKeyName"), "{json}");
    assert!(r
        .diagnostics
        .iter()
        .all(|d| d.path == "/resource_changes/0/change/after/tags"));

    // A subnet whose CIDR is sensitive: the finding says so, not the CIDR.
    let subnet = "a32217fb-3413-c313-6342-3124d3491502";
    let mut net = create(
        "opentelekomcloud_vpc_subnet_v1.s",
        "opentelekomcloud_vpc_subnet_v1",
        json!({"id": subnet, "cidr": "192.168.10.0/24", "gateway_ip": "192.168.10.1"}),
        json!({}),
    );
    net["change"]["after_sensitive"] = json!({"cidr": true});
    let instance = create(
        "opentelekomcloud_sdrs_protected_instance_v1.b",
        "opentelekomcloud_sdrs_protected_instance_v1",
        json!({"group_id": GROUP, "server_id": SERVER, "name": "n", "subnet_id": subnet, "ip_address": "192.168.99.5"}),
        json!({}),
    );
    let r = lint_str(
        &plan_of(json!([instance, net]), json!({})),
        &Options::default(),
    );
    assert!(r.has("ip-outside-subnet"), "{:?}", r.diagnostics);
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("192.168.10.0/24"), "{json}");
}

#[test]
fn tags_whose_values_are_known_after_apply_count() {
    let tags: serde_json::Map<String, Value> =
        (0..20).map(|i| (format!("k{i}"), json!("v"))).collect();
    let change = create(
        "opentelekomcloud_sdrs_protected_instance_v1.a",
        "opentelekomcloud_sdrs_protected_instance_v1",
        json!({"group_id": GROUP, "server_id": SERVER, "name": "n", "tags": tags}),
        json!({"tags": {"owner": true}}),
    );
    let r = lint_str(&plan_of(json!([change]), json!({})), &Options::default());
    assert!(r.has("tags-too-many"), "{:?}", r.diagnostics);
    assert_eq!(r.diagnostics[0].params["count"], 21);
}

#[test]
fn an_update_checks_only_what_it_changes() {
    let update = |before: &str, after: &str| {
        json!({"address": "opentelekomcloud_sdrs_protected_instance_v1.a", "mode": "managed",
            "type": "opentelekomcloud_sdrs_protected_instance_v1", "name": "a",
            "change": {"actions": ["update"],
                "before": {"name": before, "ip_address": "192.168.0.1", "tags": {"env": "old"}},
                "after": {"name": after, "ip_address": "192.168.0.1", "tags": {"env": "new"}},
                "after_unknown": {}}})
    };
    // The tags change; a legacy name that stays is not sent again.
    assert_eq!(
        codes_of(&plan_of(
            json!([update("legacy name!", "legacy name!")]),
            json!({})
        )),
        []
    );
    assert_eq!(
        codes_of(&plan_of(json!([update("legacy", "new name!")]), json!({}))),
        [(
            "name-charset",
            "/resource_changes/0/change/after/name".to_string()
        )]
    );
}

#[test]
fn kind_terraform_on_a_request_says_it_is_no_plan() {
    let options = Options::from_value(&json!({ "kind": "terraform" })).unwrap();
    let r = lint_str(
        &std::fs::read_to_string("examples/clean.json").unwrap(),
        &options,
    );
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(r.diagnostics[0].code, "terraform-unsupported");
    assert_eq!(r.diagnostics[0].variant, Some("not-plan"));
    assert!(!r.valid);
    // Another kind asked for reads a plan as that kind's request.
    let options = Options::from_value(&json!({ "kind": "single" })).unwrap();
    let r = lint_str(&plan("otc-greenfield"), &options);
    assert_eq!(r.kind, Some("single"));
    assert!(r.has("missing-field"));
}

#[test]
fn the_command_reports_the_other_files_beside_one_it_cannot_read() {
    let (out, err, code) = command(&[
        "--format",
        "compact",
        "tests/plans/format-2.json",
        "tests/plans/flexibleengine-replace.json",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("format-2.json: Terraform output sdrs-lint cannot read"),
        "{err}"
    );
    assert!(out.contains("flexibleengine-replace.json:1:2595"), "{out}");
}

#[test]
fn a_walk_leaves_terraform_configuration_and_variables_alone() {
    let dir = tempfile::tempdir().unwrap();
    let request = std::fs::read_to_string("examples/api-example.json").unwrap();
    for name in ["prod.tfvars.json", "main.tf.json"] {
        std::fs::write(dir.path().join(name), &request).unwrap();
    }
    std::fs::copy("tests/plans/otc-state.json", dir.path().join("state.json")).unwrap();
    let (out, _, code) = command(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    // The state is read (and says nothing); the two are never taken.
    assert!(out.contains("No problems found (1 file checked)."), "{out}");
    // Named, a file is linted whatever its name.
    let named = dir.path().join("prod.tfvars.json");
    let (_, _, code) = command(&[named.to_str().unwrap()]);
    assert_eq!(code, 1);
}

#[test]
fn a_plans_fingerprints_stay_when_another_resource_is_added() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.json");
    let fingerprints = |text: &str| -> Vec<String> {
        std::fs::write(&file, text).unwrap();
        let (out, _, _) = command(&["--format", "sarif", file.to_str().unwrap()]);
        let sarif: Value = serde_json::from_str(&out).unwrap();
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["sdrsLint/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let before = plan("flexibleengine-replace");
    let mut value: Value = serde_json::from_str(&before).unwrap();
    let extra = json!({"address": "aaa_other.x", "mode": "managed", "type": "aaa_other", "name": "x",
        "change": {"actions": ["create"], "before": null, "after": {}, "after_unknown": {}}});
    value["resource_changes"]
        .as_array_mut()
        .unwrap()
        .insert(0, extra);
    assert_eq!(fingerprints(&before), fingerprints(&value.to_string()));
}

/// Found in a new user's attempt to break the command: an event of
/// `terraform plan -json`'s log was refused only as a file's first line;
/// anywhere else (a later NDJSON line, a file of one event) it was linted
/// as a request with unknown members. It is Terraform output, refused as
/// such wherever it is met.
#[test]
fn a_log_event_is_refused_wherever_it_is_met() {
    let log = plan("plan-log");
    let event = log.lines().nth(1).expect("the log's second event");
    let report = lint_str(event, &Options::default());
    let pairs: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.params["cause"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(pairs, [("terraform-unsupported", "terraform-log")]);
    assert_eq!(report.kind, Some("terraform"));

    let dir = std::env::temp_dir().join(format!("sdrs-lint-log-event-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let request = std::fs::read_to_string("examples/plan.ndjson").unwrap();
    let first = request.lines().next().unwrap();
    let mixed = dir.join("mixed.ndjson");
    std::fs::write(&mixed, format!("{first}\n{event}\n")).unwrap();
    let (out, _, code) = command(&["--ndjson", "--format", "compact", mixed.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("mixed.ndjson:2:1: error terraform-unsupported"),
        "{out}"
    );
    assert!(!out.contains("unknown-field"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}
