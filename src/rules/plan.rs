//! Plan rules (SPEC §5): several requests sent together, such as a
//! migration script's batch. Each is valid alone, but two of them can claim
//! the same server or address, and only the first job would succeed. The
//! plan remembers what its earlier requests claimed; a collision is
//! reported on the later request, at its member, with the index of the
//! first request (counting from 0, in the order the plan received them).
//!
//! Time: three hash-map lookups per request (server, subnet and address,
//! name), so a plan of n requests takes time linear in their total size.
//! Memory: each distinct server, address and name is a 128-bit hash and
//! the index of its first request (20 bytes in a table slot), and each
//! request's label a file number and a line, so a plan streamed from one
//! file costs a few dozen bytes a request whatever its values' lengths.

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
///
/// A value is kept as its 128-bit hash, not its text: two values are
/// taken for one only if both of their independent 64-bit hashes agree,
/// which for a plan of even 10^9 values happens with a chance below 10^-20
/// (n² / 2^129), far below that of the machine's own memory errors.
#[derive(Debug, Default)]
pub struct Seen {
    /// SipHash with the plan's own random keys (as a `HashMap`'s): values
    /// cannot be chosen to collide without knowing them.
    state: RandomState,
    servers: Claims,
    /// By subnet and address together.
    addresses: Claims,
    names: Claims,
}

type Claims = HashMap<Key, u32, BuildHasherDefault<Hashed>>;

/// A claimed value's 128-bit hash, as four `u32`s: with its first request's
/// index, a table slot is 20 bytes (a `u128` would align it to 32).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Key([u32; 4]);

impl Key {
    /// The hash of `value`: SipHash of it tagged 0, then tagged 1, so the
    /// two halves are independent.
    fn of(state: &RandomState, value: impl Hash) -> Key {
        let half = |tag: u8| {
            let mut hasher = state.build_hasher();
            tag.hash(&mut hasher);
            value.hash(&mut hasher);
            hasher.finish()
        };
        let (a, b) = (half(0), half(1));
        Key([a as u32, (a >> 32) as u32, b as u32, (b >> 32) as u32])
    }
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Already a hash: the table takes its first half as it is.
        state.write_u64(u64::from(self.0[0]) | (u64::from(self.0[1]) << 32));
    }
}

/// The tables' hasher: a [`Key`]'s first half, as it is.
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

/// The first request that claimed `key`, or `None` after claiming it for
/// request `index`. A request past the 2^32nd is compared with the earlier
/// ones but claims nothing (a plan that long would not fit in memory).
fn claim(map: &mut Claims, key: Key, index: usize) -> Option<usize> {
    match map.entry(key) {
        Entry::Occupied(first) => Some(*first.get() as usize),
        Entry::Vacant(slot) => {
            if let Ok(index) = u32::try_from(index) {
                slot.insert(index);
            }
            None
        }
    }
}

/// How each request of a plan is named in later requests' messages, where
/// its caller named it: a label `FILE:LINE` (the command's NDJSON lines)
/// is kept as its file, once for a run of requests from that file, and its
/// line as a number, so a request costs 8 bytes; any other label is kept
/// whole, as a file without a line. Each label is written again exactly
/// as it was given.
#[derive(Debug, Default)]
pub struct Labels {
    /// The files, one after another.
    files: String,
    /// Where each file ends in `files`.
    ends: Vec<usize>,
    places: Vec<Place>,
}

/// A request's label: its file's number in [`Labels::ends`] ([`UNNAMED`]
/// for a request without a label) and its line (0: the file alone).
#[derive(Clone, Copy, Debug)]
struct Place {
    file: u32,
    line: u32,
}

const UNNAMED: u32 = u32::MAX;

impl Labels {
    /// The next request's label.
    pub fn push(&mut self, label: Option<&str>) {
        let place = match label {
            Some(label) => {
                let (file, line) = split_line(label);
                Place {
                    file: self.file(file),
                    line,
                }
            }
            None => Place {
                file: UNNAMED,
                line: 0,
            },
        };
        self.places.push(place);
    }

    /// The number of `file`: the last file's, or a new one.
    fn file(&mut self, file: &str) -> u32 {
        let last = self.ends.len().checked_sub(1);
        if let Some(last) = last.filter(|&i| self.name(i) == file) {
            return last as u32;
        }
        match u32::try_from(self.ends.len()) {
            Ok(n) if n != UNNAMED => {
                self.files.push_str(file);
                self.ends.push(self.files.len());
                n
            }
            // Past 2^32 - 1 files, a request goes unnamed.
            _ => UNNAMED,
        }
    }

    fn name(&self, file: usize) -> &str {
        let start = match file {
            0 => 0,
            i => self.ends[i - 1],
        };
        &self.files[start..self.ends[file]]
    }

    /// How many requests the plan has had.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Request `index`'s label, if it has one, as it was given.
    pub fn get(&self, index: usize) -> Option<String> {
        let place = *self.places.get(index)?;
        if place.file == UNNAMED {
            return None;
        }
        let file = self.name(place.file as usize);
        Some(match place.line {
            0 => file.to_string(),
            line => format!("{file}:{line}"),
        })
    }
}

/// A label as its file and line, when it ends in `:` and a line number
/// written as the number is (`a.ndjson:12`, not `a.ndjson:012` or `:+12`),
/// so that the two write it again exactly; else the label and 0.
fn split_line(label: &str) -> (&str, u32) {
    let line = label.rsplit_once(':').and_then(|(file, line)| {
        let canonical = line.bytes().all(|b| b.is_ascii_digit()) && !line.starts_with('0');
        let line = line.parse::<u32>().ok().filter(|_| canonical)?;
        Some((file, line))
    });
    line.unwrap_or((label, 0))
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
        let key = Key::of(&seen.state, id);
        let first = claim(&mut seen.servers, key, index).filter(|f| *f != index);
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
        // A `str` hashes with a terminator, so no two pairs run together.
        let key = Key::of(&seen.state, (subnet, address));
        if let Some(first) = claim(&mut seen.addresses, key, index) {
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
            let key = Key::of(&seen.state, made.as_str());
            if let Some(first) = claim(&mut seen.names, key, index) {
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
        let all: Vec<_> = all.iter().map(Option::as_deref).collect();
        assert_eq!(
            all,
            [Some("a.ndjson:1"), None, Some(""), Some("b.json"), None]
        );
        assert_eq!(labels.len(), 4);
    }

    #[test]
    fn labels_are_written_again_exactly() {
        let given = [
            "plan.ndjson:1",
            "plan.ndjson:2",
            "plan.ndjson:4294967295",
            "plan.ndjson:4294967296",
            "plan.ndjson:012",
            "plan.ndjson:+3",
            "plan.ndjson:0",
            "plan.ndjson:",
            "C:\\plans\\a.ndjson:7",
            "requests/a.json",
            "module.app[\"web:1\"].this",
            "",
            ":5",
            "plan.ndjson:3",
        ];
        let mut labels = super::Labels::default();
        for label in given {
            labels.push(Some(label));
        }
        for (i, label) in given.iter().enumerate() {
            assert_eq!(labels.get(i).as_deref(), Some(*label));
        }
    }

    #[test]
    fn a_file_is_kept_once_for_its_run_of_lines() {
        let mut labels = super::Labels::default();
        for line in 1..=1000 {
            labels.push(Some(&format!("a.ndjson:{line}")));
        }
        labels.push(Some("b.ndjson:1"));
        labels.push(Some("a.ndjson:1001"));
        assert_eq!(labels.files, "a.ndjsonb.ndjsona.ndjson");
        assert_eq!(labels.get(999).as_deref(), Some("a.ndjson:1000"));
        assert_eq!(labels.get(1000).as_deref(), Some("b.ndjson:1"));
        assert_eq!(labels.get(1001).as_deref(), Some("a.ndjson:1001"));
    }

    #[test]
    fn the_index_is_small() {
        // A table slot holds a 128-bit hash and a request's index; a label
        // a file's number and a line.
        assert_eq!(std::mem::size_of::<(super::Key, u32)>(), 20);
        assert_eq!(std::mem::size_of::<super::Place>(), 8);
    }

    #[test]
    fn keys_keep_values_and_pairs_apart() {
        use super::Key;
        let state = std::hash::RandomState::new();
        let id = "403b603d-1d91-42cc-a357-81f3c2daf43f";
        assert_eq!(
            Key::of(&state, id),
            Key::of(&state, id.to_string().as_str())
        );
        assert_ne!(
            Key::of(&state, id),
            Key::of(&state, id.to_uppercase().as_str())
        );
        assert_ne!(
            Key::of(&state, ("10.0.0.1", "5")),
            Key::of(&state, ("10.0.0.", "15"))
        );
        let Key(k) = Key::of(&state, id);
        assert_ne!([k[0], k[1]], [k[2], k[3]], "two independent halves");
        // The table places a key by its first half; both halves decide.
        let mut claims = super::Claims::default();
        assert_eq!(super::claim(&mut claims, Key([1, 2, 3, 4]), 0), None);
        assert_eq!(super::claim(&mut claims, Key([1, 2, 5, 6]), 1), None);
        assert_eq!(super::claim(&mut claims, Key([1, 2, 3, 4]), 2), Some(0));
    }

    #[test]
    fn duplicates_far_apart_name_the_first_place() {
        let options = Options::default();
        let mut plan = Plan::new(&options);
        // Another server, name and address for each of 5 000 requests.
        let far = |i: usize| {
            let address = format!("10.0.{}.{}", i / 200, 10 + i % 200);
            with(distinct(i), "primary_ip_address", json!(address))
        };
        for i in 0..5000 {
            let text = far(i).to_string();
            let label = format!("plan.ndjson:{}", 2 * i + 1);
            let r = plan.lint_labeled(PlanInput::Text(&text), label);
            assert!(r.diagnostics.is_empty(), "{i}: {:?}", codes(&r));
        }
        let server = distinct(7)["protected_instance"]["server_id"].clone();
        let last = with(
            with(far(5000), "server_id", server),
            "name",
            json!("web-4321"),
        );
        let text = with(last, "primary_ip_address", json!("10.0.0.14")).to_string();
        let report = plan.lint_labeled(PlanInput::Text(&text), "plan.ndjson:10001");
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| {
                let param = |key| serde_json::to_value(&d.params[key]).unwrap();
                (d.code, param("first_index"), param("first"))
            })
            .collect();
        assert_eq!(
            found,
            [
                ("plan-duplicate-server", json!(7), json!("plan.ndjson:15")),
                (
                    "plan-duplicate-name",
                    json!(4321),
                    json!("plan.ndjson:8643")
                ),
                ("plan-duplicate-ip", json!(4), json!("plan.ndjson:9")),
            ]
        );
        let d = &report.diagnostics[0];
        assert!(
            d.message
                .contains("already protected by request 8 of the plan (plan.ndjson:15);"),
            "{}",
            d.message
        );
    }

    #[test]
    fn ids_and_subnets_are_compared_exactly() {
        let server = distinct(0)["protected_instance"]["server_id"].clone();
        let upper = json!(server.as_str().unwrap().to_uppercase());
        let reports = plan(&[
            distinct(0),
            with(distinct(1), "server_id", upper),
            with(
                with(distinct(2), "primary_ip_address", json!("192.168.0.20")),
                "primary_subnet_id",
                json!("A32217FB-3413-C313-6342-3124D3491502"),
            ),
        ]);
        let plan_findings = reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| d.code.starts_with("plan-"));
        assert_eq!(plan_findings.count(), 0);
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
