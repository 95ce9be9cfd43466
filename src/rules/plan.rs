//! Plan rules (SPEC §5): several requests sent together, such as a
//! migration script's batch. Each is valid alone, but two of them can claim
//! the same server or address, and only the first job would succeed. The
//! plan remembers what its earlier requests claimed; a collision is
//! reported on the later request, at its member, with the index of the
//! first request (counting from 0, in the order the plan received them).
//!
//! Time: three hash-map lookups per request (server, subnet and address,
//! name), so a plan of n requests takes time linear in their total size;
//! memory holds each distinct server, address and name once.

use crate::engine::{At, Checker, Finding};
use crate::request::{Instance, Named, Role};
use crate::rules::rule;
use std::collections::hash_map::{Entry, RandomState};
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

rule! {
    /// ## What it checks
    /// Two requests of a plan have the same `server_id`. Reported on each
    /// later one; `params`: `{server_id, first_index}`.
    ///
    /// ## Why it matters
    /// The API page: "One server can be used to create only one protected
    /// instance." The later job fails (`SDRS.1305`).
    ///
    /// ## Example
    /// In a plan whose first request is
    /// ```json
    /// { "protected_instance": { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-01" } }
    /// ```
    /// this later request collides:
    /// ```json
    /// { "protected_instance": { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-02" } }
    /// ```
    /// Use instead the server meant:
    /// ```json
    /// { "protected_instance": { "server_id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60", "name": "web-02" } }
    /// ```
    pub static PLAN_DUPLICATE_SERVER = "plan-duplicate-server", Error, Plan,
        "Two requests of the plan protect the same server";
    message: "The server {server_id:q} is already protected by request {first_index:nth} of the plan[[ ({first})]]; one server can have only one protected instance.";
}

rule! {
    /// ## What it checks
    /// Two requests of a plan ask for the same `primary_ip_address` in the
    /// same `primary_subnet_id`. Reported on each later one at its address;
    /// `params`: `{primary_subnet_id, primary_ip_address, first_index}`.
    ///
    /// ## Why it matters
    /// The first DR server takes the address, and the later job fails
    /// because it is in use (`SDRS.1334`).
    ///
    /// ## Example
    /// In a plan whose first request is
    /// ```json
    /// { "protected_instance": { "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502", "primary_ip_address": "192.168.0.5" } }
    /// ```
    /// this later request collides:
    /// ```json
    /// { "protected_instance": { "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502", "primary_ip_address": "192.168.0.5" } }
    /// ```
    /// Use instead another address:
    /// ```json
    /// { "protected_instance": { "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502", "primary_ip_address": "192.168.0.6" } }
    /// ```
    pub static PLAN_DUPLICATE_IP = "plan-duplicate-ip", Error, Plan,
        "Two requests of the plan ask for the same IP address";
    message: "The address {primary_ip_address:q} in the subnet {primary_subnet_id:q} is already requested by request {first_index:nth} of the plan[[ ({first})]]; only one DR server can have it.";
}

rule! {
    /// ## What it checks
    /// Two requests of a plan have the same `name`. Reported on each later
    /// one; `params`: `{name, first_index}`.
    ///
    /// ## Why it matters
    /// The service accepts it, but two protected instances of one name are
    /// hard to tell apart in the console and in scripts; usually a template
    /// was copied without changing the name.
    ///
    /// ## Example
    /// In a plan whose first request is
    /// ```json
    /// { "protected_instance": { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web" } }
    /// ```
    /// this later request repeats the name:
    /// ```json
    /// { "protected_instance": { "server_id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60", "name": "web" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "server_id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60", "name": "web-02" } }
    /// ```
    pub static PLAN_DUPLICATE_NAME = "plan-duplicate-name", Warning, Plan,
        "Two requests of the plan have the same name";
    message: "The name {name:q} is already used by request {first_index:nth} of the plan[[ ({first})]]; give each protected instance its own name.";
}

/// What a plan's earlier requests claimed, each value with the index of the
/// first request that had it. Hash maps keep a plan of any size linear.
#[derive(Debug, Default)]
pub struct Seen {
    /// How a claimed value is hashed: SipHash with the plan's own keys,
    /// once per value, so that growing a table re-hashes no text.
    state: RandomState,
    servers: Claims,
    /// By subnet and address (see [`address_key`]).
    addresses: Claims,
    names: Claims,
}

type Claims = HashMap<Claimed, usize, BuildHasherDefault<Hashed>>;

/// A claimed value and its hash.
#[derive(Debug, PartialEq, Eq)]
struct Claimed {
    hash: u64,
    text: Box<str>,
}

impl Hash for Claimed {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The tables' hasher: a [`Claimed`] value's own hash, as it is.
#[derive(Default)]
struct Hashed(u64);

impl Hasher for Hashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is called; anything else is still hashed.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// One string for a subnet and an address; the length prefix keeps any two
/// pairs apart, whatever characters the IDs hold.
fn address_key(subnet: &str, address: &str) -> String {
    let length = subnet.len().to_string();
    let mut key = String::with_capacity(length.len() + 1 + subnet.len() + address.len());
    key.push_str(&length);
    key.push(':');
    key.push_str(subnet);
    key.push_str(address);
    key
}

/// The first request that claimed `text`, or `None` after claiming it for
/// request `index`.
fn claim(map: &mut Claims, state: &RandomState, text: String, index: usize) -> Option<usize> {
    let key = Claimed {
        hash: state.hash_one(text.as_str()),
        text: text.into_boxed_str(),
    };
    match map.entry(key) {
        Entry::Occupied(first) => Some(*first.get()),
        Entry::Vacant(slot) => {
            slot.insert(index);
            None
        }
    }
}

/// How each request of a plan is named in later requests' messages, where
/// its caller named it (a file and line): every label in one string, so a
/// request costs its label's bytes and one number.
#[derive(Debug, Default)]
pub struct Labels {
    text: String,
    /// Where each request's label ends in `text`; [`UNNAMED`] marks a
    /// request without one.
    ends: Vec<usize>,
}

const UNNAMED: usize = 1 << (usize::BITS - 1);

impl Labels {
    /// The next request's label.
    pub fn push(&mut self, label: Option<&str>) {
        match label {
            Some(label) => {
                self.text.push_str(label);
                self.ends.push(self.text.len());
            }
            None => self.ends.push(self.text.len() | UNNAMED),
        }
    }

    /// How many requests the plan has had.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Request `index`'s label, if it has one.
    pub fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)?;
        if end & UNNAMED != 0 {
            return None;
        }
        let start = match index {
            0 => 0,
            i => self.ends[i - 1] & !UNNAMED,
        };
        Some(&self.text[start..end])
    }
}

/// Checks request `index` of a plan against the earlier ones, then
/// remembers what it claims. `labels[i]` names request `i` where the
/// caller named it (a file and line).
pub fn check(
    cx: &mut Checker,
    instance: &Instance,
    seen: &mut Seen,
    index: usize,
    labels: &Labels,
) {
    let name = |f: &mut Finding, first: usize| {
        f.param("first_index", first);
        if let Some(label) = labels.get(first) {
            f.param("first", label);
        }
    };
    for protection in instance.protections() {
        let Some(Named { text: id, at, .. }) = protection.server else {
            continue;
        };
        // A server twice in one request is that request's own finding.
        let first =
            claim(&mut seen.servers, &seen.state, id.to_string(), index).filter(|f| *f != index);
        if let Some(first) = first {
            cx.report(&PLAN_DUPLICATE_SERVER, at, |f| {
                f.param("server_id", id);
                name(f, first);
            });
        }
    }
    // The address counts only with its subnet (API page, Table 1).
    if let (Some(Named { text: subnet, .. }), Some((address, node))) = (
        instance.named(Role::Subnet),
        instance.non_empty(Role::Address),
    ) {
        let key = address_key(subnet, address);
        if let Some(first) = claim(&mut seen.addresses, &seen.state, key, index) {
            let at = At::value(instance.pointer(Role::Address), node);
            cx.report(&PLAN_DUPLICATE_IP, at, |f| {
                f.param("primary_subnet_id", subnet)
                    .param("primary_ip_address", address);
                name(f, first);
            });
        }
    }
    // Every name the request makes, reported once at its member.
    if let Some(names) = (instance.kind.names)(instance) {
        let mut first_clash = None;
        for made in names.each() {
            if let Some(first) = claim(&mut seen.names, &seen.state, made.clone(), index) {
                first_clash.get_or_insert((made, first));
            }
        }
        if let Some((made, first)) = first_clash {
            let at = At::value(instance.pointer(names.role), names.node);
            cx.report(&PLAN_DUPLICATE_NAME, at, |f| {
                f.param("name", made.as_str());
                name(f, first);
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{codes, options_with, request};
    use crate::{lint_plan, Options, Plan, PlanInput, Report};
    use serde_json::{json, Value};

    const SERVER_PATH: &str = "/protected_instance/server_id";
    const IP_PATH: &str = "/protected_instance/primary_ip_address";
    const NAME_PATH: &str = "/protected_instance/name";

    /// A valid request for another server, name and address.
    fn distinct(i: usize) -> Value {
        let mut r = request(
            "server_id",
            json!(format!("403b603d-1d91-42cc-a357-{i:012x}")),
        );
        r["protected_instance"]["name"] = json!(format!("web-{i}"));
        r["protected_instance"]["primary_ip_address"] = json!(format!("192.168.0.{}", 20 + i));
        r
    }

    fn with(mut request: Value, field: &str, value: Value) -> Value {
        request["protected_instance"][field] = value;
        request
    }

    fn plan(requests: &[Value]) -> Vec<Report> {
        lint_plan(requests.iter().map(PlanInput::from), &Options::default())
    }

    #[test]
    fn messages_name_the_first_request_by_its_label() {
        let options = Options::default();
        let mut plan = Plan::new(&options);
        let text = distinct(0).to_string();
        plan.lint_labeled(PlanInput::Text(&text), "plan.ndjson:1");
        let r = plan.lint_labeled(PlanInput::Text(&text), "plan.ndjson:2");
        let d = &r.diagnostics[0];
        assert_eq!(d.params["first"], "plan.ndjson:1");
        assert!(
            d.message
                .contains("already protected by request 1 of the plan (plan.ndjson:1);"),
            "{}",
            d.message
        );
        let unlabeled = plan.lint(PlanInput::Text(&text));
        assert_eq!(unlabeled.diagnostics[0].params["first_index"], 0);
        let mut plan = Plan::new(&options);
        plan.lint(PlanInput::Text(&text));
        let r = plan.lint(PlanInput::Text(&text));
        assert!(r.diagnostics[0]
            .message
            .contains("by request 1 of the plan;"));
    }

    #[test]
    fn labels_are_each_requests_own_or_none() {
        let mut labels = super::Labels::default();
        labels.push(Some("a.ndjson:1"));
        labels.push(None);
        labels.push(Some(""));
        labels.push(Some("b.json"));
        let all: Vec<_> = (0..5).map(|i| labels.get(i)).collect();
        assert_eq!(
            all,
            [Some("a.ndjson:1"), None, Some(""), Some("b.json"), None]
        );
        assert_eq!(labels.len(), 4);
    }

    #[test]
    fn distinct_requests_pass() {
        let reports = plan(&[distinct(0), distinct(1), distinct(2)]);
        assert_eq!(reports.len(), 3);
        assert!(reports.iter().all(|r| r.diagnostics.is_empty()));
    }

    #[test]
    fn duplicate_server_is_reported_on_each_later_request() {
        let server = distinct(0)["protected_instance"]["server_id"].clone();
        let reports = plan(&[
            distinct(0),
            distinct(1),
            with(distinct(2), "server_id", server.clone()),
            with(distinct(3), "server_id", server),
        ]);
        assert!(reports[0].diagnostics.is_empty() && reports[1].diagnostics.is_empty());
        for r in &reports[2..] {
            assert_eq!(codes(r), [("plan-duplicate-server", SERVER_PATH)]);
            let d = &r.diagnostics[0];
            assert_eq!(d.params["first_index"], 0);
            assert_eq!(
                d.params["server_id"],
                "403b603d-1d91-42cc-a357-000000000000"
            );
            assert!(
                // People count from 1; `first_index` is 0-based.
                d.message.contains("by request 1 of the plan"),
                "{}",
                d.message
            );
            assert!(!r.valid);
        }
    }

    #[test]
    fn duplicate_address_needs_the_same_subnet() {
        let address = json!("192.168.0.20");
        let reports = plan(&[
            distinct(0),
            with(distinct(1), "primary_ip_address", address.clone()),
            with(
                with(distinct(2), "primary_ip_address", address.clone()),
                "primary_subnet_id",
                json!("5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a"),
            ),
            with(
                with(distinct(3), "primary_ip_address", address),
                "primary_subnet_id",
                json!(null),
            ),
        ]);
        assert_eq!(codes(&reports[1]), [("plan-duplicate-ip", IP_PATH)]);
        let d = &reports[1].diagnostics[0];
        assert_eq!(d.params["first_index"], 0);
        assert_eq!(d.params["primary_ip_address"], "192.168.0.20");
        assert!(!reports[2].has("plan-duplicate-ip"), "another subnet");
        assert!(
            !reports[3].has("plan-duplicate-ip"),
            "no subnet: the address is ignored"
        );
    }

    #[test]
    fn duplicate_name_is_a_warning() {
        let reports = plan(&[distinct(0), with(distinct(1), "name", json!("web-0"))]);
        assert_eq!(codes(&reports[1]), [("plan-duplicate-name", NAME_PATH)]);
        assert_eq!(reports[1].diagnostics[0].severity, crate::Severity::Warning);
        assert!(reports[1].valid);
        let reports = plan(&[distinct(0), with(distinct(1), "name", json!("Web-0"))]);
        assert!(
            reports[1].diagnostics.is_empty(),
            "names are compared exactly"
        );
    }

    #[test]
    fn every_input_counts_for_the_index() {
        let first = serde_json::to_string(&distinct(0)).unwrap();
        let again = serde_json::to_string(&with(
            distinct(1),
            "server_id",
            distinct(0)["protected_instance"]["server_id"].clone(),
        ))
        .unwrap();
        let inputs = [
            PlanInput::Text("{not json"),
            PlanInput::Bytes(b"\"\xff\""),
            PlanInput::Text(&first),
            PlanInput::Bytes(again.as_bytes()),
        ];
        let reports = lint_plan(inputs, &Options::default());
        assert_eq!(codes(&reports[0]), [("invalid-json", "")]);
        assert_eq!(codes(&reports[1]), [("invalid-json", "")]);
        assert_eq!(codes(&reports[3]), [("plan-duplicate-server", SERVER_PATH)]);
        let d = &reports[3].diagnostics[0];
        assert_eq!(d.params["first_index"], 2);
        let range = d.range.expect("text input has ranges");
        assert_eq!(
            &again[range.start.offset..range.end.offset],
            "\"403b603d-1d91-42cc-a357-000000000000\""
        );
    }

    #[test]
    fn not_strings_and_empty_values_collide_with_nothing() {
        let reports = plan(&[
            with(distinct(0), "name", json!("")),
            with(distinct(1), "name", json!("")),
            with(distinct(2), "server_id", json!(5)),
            with(distinct(3), "server_id", json!(5)),
        ]);
        assert!(reports
            .iter()
            .all(|r| !r.diagnostics.iter().any(|d| d.code.starts_with("plan-"))));
    }

    #[test]
    fn a_plan_runs_the_preflight_rules_of_its_context() {
        let options = options_with(
            json!({"servers": [{"id": "403b603d-1d91-42cc-a357-000000000000", "status": "ERROR"}]}),
        );
        let mut plan = Plan::new(&options);
        let first = plan.lint(PlanInput::Value(&distinct(0)));
        assert_eq!(codes(&first), [("server-status", SERVER_PATH)]);
        let second = plan.lint(PlanInput::Value(&distinct(1)));
        assert_eq!(codes(&second), [("server-not-found", SERVER_PATH)]);
        let third = plan.lint(PlanInput::Value(&distinct(0)));
        assert_eq!(
            codes(&third),
            [
                ("server-status", SERVER_PATH),
                ("plan-duplicate-server", SERVER_PATH),
                ("plan-duplicate-name", NAME_PATH),
                ("plan-duplicate-ip", IP_PATH)
            ]
        );
    }

    #[test]
    fn plan_rules_follow_the_options() {
        let options = Options::from_value(
            &json!({"rules": {"plan-duplicate-name": "off", "plan-duplicate-server": "warning"}}),
        )
        .unwrap();
        let mut again = with(distinct(1), "name", json!("web-0"));
        again["protected_instance"]["server_id"] =
            distinct(0)["protected_instance"]["server_id"].clone();
        let reports = lint_plan([&distinct(0), &again].map(PlanInput::from), &options);
        assert_eq!(codes(&reports[1]), [("plan-duplicate-server", SERVER_PATH)]);
        assert_eq!(reports[1].diagnostics[0].severity, crate::Severity::Warning);
        assert!(reports[1].valid);
    }
}
