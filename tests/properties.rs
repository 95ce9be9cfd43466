//! Properties of the engine over generated input (proptest): no input makes
//! it panic, text and value input agree, and a report's order is fixed.
//!
//! Requests of every kind are generated member by member from the kinds'
//! descriptions (`sdrs_lint::request`) and the rules' own vocabulary,
//! valid and invalid values alike (IDs with a stray letter, addresses with a
//! leading zero, flavors with a billing suffix, tags with forbidden or
//! invisible characters, misspelt and repeated members), so that the
//! properties run through the rules, not only through the parser.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use sdrs_lint::request::{Kind, Role, KINDS};
use sdrs_lint::{
    lint_bytes, lint_str, lint_value, rules::RuleKind, Context, Options, Platform, Report,
    CATALOGUE,
};
use serde_json::Value;
use std::sync::Arc;

/// A member of a request as written: its key and its value's JSON text.
type Member = (String, String);

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A string member's value: one the rule accepts, one it refuses, or the
/// wrong type, `null`, or any text at all.
fn value_of(
    valid: &'static [&'static str],
    invalid: &'static [&'static str],
) -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(valid).prop_map(quoted),
        4 => select(invalid).prop_map(quoted),
        1 => Just("null".to_string()),
        1 => prop_oneof![Just("5"), Just("-0.5e3"), Just("true"), Just("[]"), Just("{}")].prop_map(String::from),
        1 => "\\PC{0,12}".prop_map(|s| quoted(&s)),
    ]
    .boxed()
}

const GROUP_IDS: &[&str] = &[
    "523ab8ad-3759-4933-9436-4cf4ebb20867",
    "523ab8ad3759493394364cf4ebb20867",
];
const SERVER_IDS: &[&str] = &[
    "403b603d-1d91-42cc-a357-81f3c2daf43f",
    "6a1e9d2c-3b4f-4a5e-8d7c-9b0a1f2e3d4c",
];
const SUBNET_IDS: &[&str] = &[
    "a32217fb-3413-c313-6342-3124d3491502",
    "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
];
const BAD_IDS: &[&str] = &[
    "a32217fh-3413-c313-6342-3124d3491502",
    "403B603D-1D91-42CC-A357-81F3C2DAF43F",
    "403b603d1d9142cca35781f3c2daf43f",
    "403b603d-1d91-42cc-a357",
    "",
    " 403b603d-1d91-42cc-a357-81f3c2daf43f",
];
const NAMES: &[&str] = &["web-01", "db_backup.2", "数据库", "a"];
const BAD_NAMES: &[&str] = &[
    "web 01",
    "web\u{200b}01",
    "",
    "web/01<script>",
    "a-very-long-name-that-is-longer-than-sixty-four-bytes-for-sure-xxxx",
    "ｗｅｂ",
];
const DESCRIPTIONS: &[&str] = &["frontend", "", "数据库服务器"];
const BAD_DESCRIPTIONS: &[&str] = &[
    "<b>bold</b>",
    "数据库服务器数据库服务器数据库服务器数据库服务器数据库服务器数据库服务器",
];
const ADDRESSES: &[&str] = &["192.168.0.5", "10.1.2.3", "172.16.0.9"];
const BAD_ADDRESSES: &[&str] = &[
    "192.168.0.05",
    "192.168.0.5/24",
    "::1",
    " 10.0.0.5",
    "8.8.8.8",
    "10.0.0.255",
    "999.1.1.1",
    "",
];
const FLAVORS: &[&str] = &["s3.large.2", "c4.xlarge.4", "m6.2xlarge.8"];
const BAD_FLAVORS: &[&str] = &[
    "S3.LARGE.2",
    "s3.large.2.linux",
    "g6.xlarge.4",
    "s3.huge",
    "c6.large.2",
    "",
];
const TENANCIES: &[&str] = &["shared", "dedicated"];
const BAD_TENANCIES: &[&str] = &["Dedicated", "pool", ""];
const TAG_TEXTS: &[&str] = &["owner", "ops", "CostCenter", "env", "prod", "300x"];
const BAD_TAG_TEXTS: &[&str] = &[
    "",
    "  ",
    "owner ",
    "Owner",
    "a*b",
    "_sys_x",
    "app.tier",
    "x\u{0}y",
    "zero\u{200b}width",
    "a-key-that-is-longer-than-thirty-six-characters-surely",
];
/// Names that are not members: misspellings with a suggestion, a Terraform
/// alias, and names without one.
const UNKNOWN: &[&str] = &[
    "flavor_ref",
    "serverId",
    "subnet_id",
    "Name",
    "x",
    "__proto__",
    "constructor",
];

fn tag() -> impl Strategy<Value = String> {
    let text = || value_of(TAG_TEXTS, BAD_TAG_TEXTS);
    prop_oneof![
        8 => (text(), text()).prop_map(|(k, v)| format!("{{\"key\": {k}, \"value\": {v}}}")),
        1 => text().prop_map(|k| format!("{{\"key\": {k}}}")),
        1 => (text(), select(UNKNOWN)).prop_map(|(v, u)| format!("{{\"value\": {v}, {}: 1}}", quoted(u))),
        1 => Just("\"not a tag\"".to_string()),
    ]
}

fn tags() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => vec(tag(), 0..=12),
        1 => vec(tag(), 13..=40),
    ]
    .prop_map(|tags| format!("[{}]", tags.join(", ")))
}

/// A member's values, valid and not, by what it means.
fn values(role: Role) -> BoxedStrategy<String> {
    match role {
        Role::ServerGroup => value_of(GROUP_IDS, BAD_IDS),
        Role::Server => value_of(SERVER_IDS, BAD_IDS),
        Role::Subnet | Role::Cluster | Role::DedicatedHost => value_of(SUBNET_IDS, BAD_IDS),
        Role::Name | Role::NamePrefix => value_of(NAMES, BAD_NAMES),
        Role::Description => value_of(DESCRIPTIONS, BAD_DESCRIPTIONS),
        Role::Address => value_of(ADDRESSES, BAD_ADDRESSES),
        Role::Flavor => value_of(FLAVORS, BAD_FLAVORS),
        Role::Tenancy => value_of(TENANCIES, BAD_TENANCIES),
        Role::TagKey | Role::TagValue => value_of(TAG_TEXTS, BAD_TAG_TEXTS),
        Role::Tags => tags().boxed(),
        Role::Servers => servers().boxed(),
    }
}

/// A batch's servers: objects of its item's members, some twice.
fn servers() -> impl Strategy<Value = String> {
    let server = (
        proptest::option::weighted(0.9, values(Role::Server)),
        proptest::option::weighted(0.4, values(Role::Flavor)),
    )
        .prop_map(|(id, flavor)| {
            let members: Vec<Member> = [("server_id", id), ("flavorRef", flavor)]
                .into_iter()
                .filter_map(|(k, v)| Some((k.to_string(), v?)))
                .collect();
            object(&members, false)
        });
    prop_oneof![
        8 => vec(server, 0..=7),
        1 => Just(vec!["5".to_string()]),
    ]
    .prop_map(|servers| format!("[{}]", servers.join(", ")))
}

/// Each member of a kind's description (every platform's) present or not;
/// a few unknown ones; some written twice.
fn members(kind: &'static Kind) -> impl Strategy<Value = Vec<Member>> {
    let known: Vec<_> = kind
        .members
        .iter()
        .map(|m| {
            let weight = match (m.required, m.platforms.len()) {
                (true, _) => 0.9,
                (false, 1) => 0.1,
                (false, _) => 0.6,
            };
            proptest::option::weighted(weight, values(m.role))
                .prop_map(move |v| v.map(|v| (m.key.to_string(), v)))
        })
        .collect();
    let unknown = vec((select(UNKNOWN), value_of(NAMES, BAD_NAMES)), 0..3);
    (known, unknown, any::<prop::sample::Index>(), any::<bool>()).prop_map(
        |(known, unknown, at, repeat)| {
            let mut members: Vec<Member> = known
                .into_iter()
                .flatten()
                .chain(unknown.into_iter().map(|(k, v)| (k.to_string(), v)))
                .collect();
            if repeat && !members.is_empty() {
                let again = members[at.index(members.len())].clone();
                members.insert(at.index(members.len()), (again.0, "\"again\"".into()));
            }
            members
        },
    )
}

fn object(members: &[Member], pretty: bool) -> String {
    let sep = if pretty { ",\r\n  " } else { ", " };
    let body: Vec<String> = members
        .iter()
        .map(|(k, v)| format!("{}: {v}", quoted(k)))
        .collect();
    format!("{{{}}}", body.join(sep))
}

/// A request of any kind as JSON text: wrapped most of the time, sometimes
/// the members at the root (`missing-wrapper`), sometimes not an object.
fn request() -> impl Strategy<Value = String> {
    select(KINDS).prop_flat_map(|kind| {
        (members(kind), 0..10u8, any::<bool>()).prop_map(
            move |(members, shape, pretty)| match shape {
                0 => object(&members, pretty),
                1 => format!("[{}]", object(&members, pretty)),
                _ => format!("{{{}: {}}}", quoted(kind.wrapper), object(&members, pretty)),
            },
        )
    })
}

/// Options that switch different families on.
fn options() -> impl Strategy<Value = Options> {
    (0..4u8).prop_map(|choice| {
        let mut options = Options {
            // Agreement is about what is found, not which part is kept.
            max_diagnostics: usize::MAX,
            ..Options::default()
        };
        match choice {
            1 => options.platform = Platform::Huawei,
            2 => {
                let context: Context = include_str!("../examples/context.json").parse().unwrap();
                options.context = Some(Arc::new(context));
            }
            3 => {
                let config = format!(
                    "{{\"policy\": {}}}",
                    include_str!("../examples/policy.json")
                );
                options.policy = config.parse::<Options>().unwrap().policy;
            }
            _ => {}
        }
        options
    })
}

/// A request with bytes replaced or inserted: nearly JSON.
fn damaged() -> impl Strategy<Value = Vec<u8>> {
    (
        request(),
        any::<prop::sample::Index>(),
        vec(any::<u8>(), 1..4),
        any::<bool>(),
    )
        .prop_map(|(text, at, bytes, insert)| {
            let mut data = text.into_bytes();
            let i = at.index(data.len() + 1);
            if insert {
                data.splice(i..i, bytes);
            } else {
                let end = (i + bytes.len()).min(data.len());
                data.splice(i..end, bytes);
            }
            data
        })
}

/// (code, path) of a report, sorted, without the codes that depend on the
/// source text rather than on the value it spells:
/// - `duplicate-key`: a value cannot hold a repeated key (serde_json keeps
///   the last one, as the rules do). A repeated member's `duplicate-key` is
///   an error of that member, which (SPEC §2, §8) leaves it and what it
///   holds no pre-flight or policy finding, so those are not compared at
///   or below the `shadowed` paths;
/// - `invalid-json`: text only (and such text has no value to compare).
///
/// Number spelling (`1e2` against `100.0`) shows in messages only, which are
/// not compared; `too-many-diagnostics` cannot appear, as the options lift
/// the cap.
fn comparable(report: &Report, shadowed: &[&str]) -> Vec<(&'static str, String)> {
    let mut codes: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| !matches!(d.code, "duplicate-key" | "invalid-json"))
        .filter(|d| {
            let kind = CATALOGUE.iter().find(|r| r.code == d.code).unwrap().kind;
            let under = |p: &&str| {
                d.path
                    .strip_prefix(p)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            };
            !(shadowed.iter().any(under) && matches!(kind, RuleKind::Preflight | RuleKind::Policy))
        })
        .map(|d| (d.code, d.path.clone()))
        .collect();
    codes.sort();
    codes
}

fn rank(code: &str) -> usize {
    CATALOGUE.iter().position(|r| r.code == code).unwrap()
}

proptest! {
    // Failures are kept as regression tests in tests/hostile.rs, not in files proptest writes.
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_panic_on_any_text(text in "\\PC*", json in r#"[\[\]{}:,"\\ a-z0-9.+\-eE\x00-\x1f\u{feff}\u{200b}\u{d7ff}]{0,64}"#) {
        for text in [&text, &json] {
            let report = lint_str(text, &Options::default());
            prop_assert_eq!(report.valid, report.errors == 0);
        }
    }

    #[test]
    fn no_panic_on_any_bytes(bytes in vec(any::<u8>(), 0..512), damaged in damaged()) {
        for bytes in [&bytes, &damaged] {
            let report = lint_bytes(bytes, &Options::default());
            prop_assert_eq!(report.valid, report.errors == 0);
            if std::str::from_utf8(bytes).is_err() {
                prop_assert_eq!(report.diagnostics[0].code, "invalid-json");
            }
        }
    }

    #[test]
    fn text_and_value_agree(text in request(), options in options()) {
        let from_text = lint_str(&text, &options);
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            prop_assert!(from_text.has("invalid-json"), "serde_json refuses {text}");
            return Ok(());
        };
        let from_value = lint_value(&value, &options);
        let shadowed: Vec<&str> = from_text
            .diagnostics
            .iter()
            .filter(|d| d.code == "duplicate-key")
            .map(|d| d.path.as_str())
            .collect();
        prop_assert_eq!(comparable(&from_text, &shadowed), comparable(&from_value, &shadowed), "{}", text);
        prop_assert_eq!(from_text.diagnostics.len(), from_text.errors + from_text.warnings + from_text.infos);
    }

    #[test]
    fn order_is_deterministic_and_by_range(text in request(), options in options()) {
        let report = lint_str(&text, &options);
        prop_assert_eq!(&report, &lint_str(&text, &options));
        let keys: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| {
                let r = d.range.expect("text input has ranges");
                (r.start.offset, r.end.offset, rank(d.code))
            })
            .collect();
        prop_assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{:?}", keys);
        let value: Value = match serde_json::from_str(&text) {
            Ok(value) => value,
            Err(_) => return Ok(()),
        };
        prop_assert_eq!(lint_value(&value, &options), lint_value(&value, &options));
    }

    #[test]
    fn the_cap_counts_what_it_drops(text in request(), max in 1..6usize) {
        let all = lint_str(&text, &Options { max_diagnostics: usize::MAX, ..Options::default() });
        let capped = lint_str(&text, &Options { max_diagnostics: max, ..Options::default() });
        prop_assert_eq!((all.errors, all.warnings, all.infos), (capped.errors, capped.warnings, capped.infos));
        if all.diagnostics.len() > max {
            prop_assert_eq!(&capped.diagnostics[..max], &all.diagnostics[..max]);
            let last = &capped.diagnostics[max];
            prop_assert_eq!(last.code, "too-many-diagnostics");
            prop_assert_eq!(last.params["omitted"].as_u64(), Some((all.diagnostics.len() - max) as u64));
        } else {
            prop_assert_eq!(capped, all);
        }
    }
}
