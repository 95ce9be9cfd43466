//! The shipped examples (`examples/context.json`, `examples/plan.ndjson`)
//! stay what the README says they are.

mod common;
use common::codes;
use sdrs_lint::{lint_plan, lint_str, Context, Options, PlanInput};
use std::sync::Arc;

fn example(name: &str) -> String {
    let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn with_context() -> Options {
    let context: Context = example("context.json").parse().expect("a valid context");
    Options {
        context: Some(Arc::new(context)),
        ..Options::default()
    }
}

/// The request of SPEC §1 (the API page's example with its subnet typo mended).
const REQUEST: &str = r#"{
  "protected_instance": {
    "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f",
    "name": "test_protected_instance_name",
    "description": "my description",
    "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502",
    "primary_ip_address": "192.168.0.5",
    "flavorRef": "s3.large.2",
    "tags": [ { "key": "key1", "value": "value1" }, { "key": "key", "value": "value3" } ]
  }
}"#;

#[test]
fn the_example_request_passes_the_example_context() {
    let report = lint_str(REQUEST, &with_context());
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    // Another address of the same request is already taken.
    let taken = REQUEST.replace("192.168.0.5", "192.168.0.10");
    assert_eq!(
        codes(&lint_str(&taken, &with_context())),
        [("ip-in-use", "/protected_instance/primary_ip_address")]
    );
}

#[test]
fn the_example_plan_collides_with_itself_and_the_context() {
    let text = example("plan.ndjson");
    let lines: Vec<&str> = text.lines().collect();
    let pi = |field: &str| format!("/protected_instance/{field}");
    let (server, name, ip, flavor) = (
        pi("server_id"),
        pi("name"),
        pi("primary_ip_address"),
        pi("flavorRef"),
    );

    let alone = lint_plan(
        lines.iter().map(|l| PlanInput::Text(l)),
        &Options::default(),
    );
    let expected_alone: [Vec<(&str, &str)>; 5] = [
        vec![],
        vec![("plan-duplicate-ip", &ip)],
        vec![
            ("plan-duplicate-server", &server),
            ("plan-duplicate-name", &name),
        ],
        vec![],
        vec![],
    ];
    for (i, (report, want)) in alone.iter().zip(&expected_alone).enumerate() {
        assert_eq!(&codes(report), want, "line {}", i + 1);
    }

    let checked = lint_plan(lines.iter().map(|l| PlanInput::Text(l)), &with_context());
    let expected: [Vec<(&str, &str)>; 5] = [
        vec![],
        vec![("plan-duplicate-ip", &ip), ("flavor-smaller", &flavor)],
        vec![
            ("plan-duplicate-server", &server),
            ("plan-duplicate-name", &name),
            ("ip-reserved", &ip),
        ],
        vec![
            ("server-already-protected", &server),
            ("server-key-pair-missing", &server),
        ],
        vec![("server-autoscaling", &server), ("ip-in-use", &ip)],
    ];
    for (i, (report, want)) in checked.iter().zip(&expected).enumerate() {
        assert_eq!(&codes(report), want, "line {}", i + 1);
    }
    assert_eq!(checked[2].diagnostics[0].params["first_index"], 0);
}
