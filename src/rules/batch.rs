//! The batch call's own rules (SPEC §9): the name prefix, the list of
//! servers, and the address the batch cannot take. Every other rule of the
//! single call applies to the member of the same name and meaning.
//!
//! Time: linear in the prefix's length and in the number of servers (their
//! IDs compared in one hash map, lower-cased).

use crate::document::Node;
use crate::edit;
use crate::engine::{At, Checker};
use crate::request::{Field, Limit, Role, Shape, Unit};
use crate::rules::name;
use crate::rules::rule;
use crate::text::KeyMap;

rule! {
    /// ## What it checks
    /// A batch request's `name_prefix` is longer than 59 characters (Unicode
    /// scalar values). `params`: `{chars, limit}`. The fix cuts it to 59
    /// characters (unsafe: it drops what was written).
    ///
    /// ## Why it matters
    /// The service appends `-0001`, `-0002`, … to the prefix to name each
    /// protected instance, and a name holds at most 64: it rejects a longer
    /// prefix with `SDRS.0202`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instances": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "servers": [ { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } ],
    ///   "name_prefix": "production-web-frontend-servers-in-frankfurt-availability-zone" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instances": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "servers": [ { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } ],
    ///   "name_prefix": "prod-web-fra-az1" } }
    /// ```
    pub static NAME_PREFIX_TOO_LONG = "name-prefix-too-long", Error, Format,
        "The name prefix is longer than 59 characters", api_code = "SDRS.0202", fix = Unsafe;
    message: "name_prefix is {chars} characters long; at most {limit} are allowed, since the service appends -0001, -0002, … to make each name.";
    fix: "Cut the prefix to {limit} characters";
}

rule! {
    /// ## What it checks
    /// A batch request's `servers` is an empty list.
    ///
    /// ## Why it matters
    /// There is nothing to protect; the service rejects the body with
    /// `SDRS.0201`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instances": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "servers": [], "name_prefix": "web-dr" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instances": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "servers": [ { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } ], "name_prefix": "web-dr" } }
    /// ```
    pub static SERVERS_EMPTY = "servers-empty", Error, Format,
        "The batch has no servers", api_code = "SDRS.0201";
    message: "servers is an empty list: there is nothing to protect. List at least one server.";
}

rule! {
    /// ## What it checks
    /// A batch request lists more than five servers. `params`: `{count,
    /// limit}`.
    ///
    /// ## Why it matters
    /// The batch page: "a maximum of five servers are supported by
    /// default". A quota can raise the limit, so this is a warning: without
    /// a raised quota the service refuses the batch.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instances": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "servers": [ { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" },
    ///                { "server_id": "6a1e9d2c-3b4f-4a5e-8d7c-9b0a1f2e3d4c" },
    ///                { "server_id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60" },
    ///                { "server_id": "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a" },
    ///                { "server_id": "8f5dd226-6cc0-4fe8-9786-b8b3359b234b" },
    ///                { "server_id": "5b0c1f5e-2d6a-4c1e-9d38-7f4b2a9e6c11" } ],
    ///   "name_prefix": "web-dr" } }
    /// ```
    /// Use instead two batches of at most five servers each:
    /// ```json
    /// { "protected_instances": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "servers": [ { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } ], "name_prefix": "web-dr" } }
    /// ```
    pub static SERVERS_TOO_MANY = "servers-too-many", Warning, Format,
        "The batch has more than five servers";
    message: "{count} servers are listed; a batch takes at most {limit} by default, unless a quota raises it.";
}

rule! {
    /// ## What it checks
    /// The same server appears twice in one batch (IDs compared in lower
    /// case); reported on each later one. `params`: `{server_id,
    /// first_index}` (0-based, as the pointer). The fix removes the later
    /// entry when it says nothing the first does not (safe: the server is
    /// protected once either way); a later entry with another `flavorRef`
    /// (or any other member of its own) gets no fix: which one is meant is
    /// yours to choose.
    ///
    /// ## Why it matters
    /// One server can have only one protected instance: the job fails for
    /// the second one.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instances": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "servers": [ { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" },
    ///                { "server_id": "403B603D-1D91-42CC-A357-81F3C2DAF43F" } ],
    ///   "name_prefix": "web-dr" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instances": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "servers": [ { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } ],
    ///   "name_prefix": "web-dr" } }
    /// ```
    pub static BATCH_DUPLICATE_SERVER = "batch-duplicate-server", Error, Format,
        "A server appears twice in one batch", fix = Safe;
    message: "Server {index:nth} repeats the server {server_id:q} of server {first_index:nth}; one server can have only one protected instance.";
    fix: "Remove server {index:nth}";
}

rule! {
    /// ## What it checks
    /// A batch request gives `primary_ip_address`. The fix removes it
    /// (unsafe: it drops what was written).
    ///
    /// ## Why it matters
    /// The batch call assigns the DR site servers' addresses itself: the
    /// address would be silently dropped. To choose an address, protect the
    /// server with the single call.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instances": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "servers": [ { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } ], "name_prefix": "web-dr",
    ///   "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502", "primary_ip_address": "192.168.0.5" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instances": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "servers": [ { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } ], "name_prefix": "web-dr",
    ///   "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502" } }
    /// ```
    pub static BATCH_IP_NOT_SUPPORTED = "batch-ip-not-supported", Error, Format,
        "The batch call takes no address", fix = Unsafe;
    message: "The batch call assigns the DR site servers' addresses itself, so primary_ip_address {value:q} would be ignored; remove it, or protect the server with the single call to choose its address.";
    fix: "Remove primary_ip_address";
}

/// The prefix's length (the names the service makes from it have 64 at
/// most) and its characters, as a name's.
pub fn name_prefix(cx: &mut Checker, field: &Field) {
    let prefix = field.text;
    let limit = field.member.limit.unwrap_or(Limit {
        max: 59,
        unit: Unit::Chars,
    });
    // Counting stops past the limit: a huge prefix costs no more than this.
    if prefix.chars().take(limit.max + 1).count() > limit.max {
        cx.report(
            &NAME_PREFIX_TOO_LONG,
            At::value(field.pointer, field.node),
            |f| {
                f.param("chars", crate::text::char_count(prefix))
                    .param("limit", limit.max)
                    .fix(edit::replace_string(
                        field.node,
                        field.pointer,
                        name::cut(prefix, limit),
                        NAME_PREFIX_TOO_LONG.applicability(),
                    ));
            },
        );
    }
    name::charset(cx, field, limit);
}

/// The list of servers: not empty, five by default, each server once.
pub fn servers(cx: &mut Checker, field: &Field) {
    let Some(elements) = field.node.elements() else {
        return;
    };
    let at = At::value(field.pointer, field.node);
    let key = match field.member.shape {
        Shape::List(item) => item.members.iter().find(|m| m.role == Role::Server),
        Shape::Text | Shape::Map(_) => None,
    };
    let mut count = 0;
    // The first position of each server, by its lower-cased ID (each
    // server's made beforehand: the map borrows them).
    let lowered: Vec<String> = elements
        .clone()
        .map(|element| {
            key.and_then(|k| element.get(k.key))
                .and_then(|node| node.as_str())
                .unwrap_or_default()
                .to_ascii_lowercase()
        })
        .collect();
    // Each entry, for a later one's comparison with the first.
    let entries: Vec<Node> = elements.clone().collect();
    let mut first = KeyMap::default();
    let mut elements = elements.peekable();
    let mut previous: Option<Node> = None;
    while let Some(element) = elements.next() {
        let i = count;
        count += 1;
        let id = key.and_then(|k| element.get(k.key).map(|node| (k, node)));
        if let Some((member, node)) = id {
            if let Some(text) = node.as_str().filter(|t| !t.is_empty()) {
                let lower = lowered.get(i).map_or("", String::as_str);
                match first.get(lower) {
                    Some(first_index) => {
                        let pointer = field.pointer.index(i);
                        let next = elements.peek().copied();
                        let nothing_more = entries
                            .get(first_index)
                            .is_some_and(|first| repeats(element, *first, member.key));
                        cx.report(
                            &BATCH_DUPLICATE_SERVER,
                            At::value(pointer.key(member.key), node),
                            |f| {
                                f.param("server_id", text)
                                    .param("index", i)
                                    .param("first_index", first_index);
                                if nothing_more {
                                    f.fix(edit::remove_element(
                                        previous,
                                        element,
                                        next,
                                        pointer,
                                        BATCH_DUPLICATE_SERVER.applicability(),
                                    ));
                                }
                            },
                        );
                    }
                    None => {
                        first.insert(lower, i);
                    }
                }
            }
        }
        previous = Some(element);
    }
    if count == 0 {
        cx.report(&SERVERS_EMPTY, at, |_| {});
    }
    let limit = field.member.limit.map_or(5, |l| l.max);
    if count > limit {
        cx.report(&SERVERS_TOO_MANY, at, |f| {
            f.param("count", count).param("limit", limit);
        });
    }
}

/// An address in a batch request, which assigns addresses itself.
/// Whether a later entry for a server says nothing its first entry does
/// not: each member but the server's ID is a string the first has alike.
fn repeats(later: Node, first: Node, server_key: &str) -> bool {
    later
        .members()
        .into_iter()
        .flatten()
        .filter(|m| m.key != server_key)
        .all(|m| {
            m.value.as_str().is_some()
                && first.get(m.key).and_then(Node::as_str) == m.value.as_str()
        })
}

pub fn ip_not_supported(cx: &mut Checker, field: &Field) {
    cx.report(
        &BATCH_IP_NOT_SUPPORTED,
        At::value(field.pointer, field.node),
        |f| {
            f.param("value", field.text).fix(edit::remove_member(
                field.object,
                field.node,
                field.pointer,
                BATCH_IP_NOT_SUPPORTED.applicability(),
            ));
        },
    );
}

#[cfg(test)]
mod tests {
    use crate::test_support::codes;
    use crate::{lint_value, Options};
    use serde_json::{json, Value};

    const GROUP: &str = "523ab8ad-3759-4933-9436-4cf4ebb20867";
    const SERVER: &str = "403b603d-1d91-42cc-a357-81f3c2daf43f";
    const OTHER: &str = "8f5dd226-6cc0-4fe8-9786-b8b3359b234b";

    /// A clean batch request with members replaced.
    fn batch(changes: Value) -> Value {
        let mut request = json!({"protected_instances": {
            "server_group_id": GROUP,
            "servers": [{"server_id": SERVER, "flavorRef": "s3.large.2"}, {"server_id": OTHER}],
            "name_prefix": "web-dr",
            "description": "web tier",
            "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502",
            "tags": [{"key": "env", "value": "prod"}]
        }});
        for (k, v) in changes.as_object().unwrap() {
            request["protected_instances"][k] = v.clone();
        }
        request
    }

    fn lint(request: Value) -> crate::Report {
        lint_value(&request, &Options::default())
    }

    #[test]
    fn a_clean_batch_passes_and_says_its_kind() {
        let r = lint(batch(json!({})));
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(r.kind, Some("batch"));
    }

    #[test]
    fn the_prefix_counts_characters_and_has_the_names_charset() {
        assert!(lint(batch(json!({"name_prefix": "p".repeat(59)})))
            .diagnostics
            .is_empty());
        let r = lint(batch(json!({"name_prefix": "数".repeat(60)})));
        assert_eq!(
            codes(&r),
            [
                ("name-charset", "/protected_instances/name_prefix"),
                ("name-prefix-too-long", "/protected_instances/name_prefix")
            ]
        );
        assert_eq!(r.diagnostics[1].params["chars"], 60);
        assert_eq!(r.diagnostics[1].params["limit"], 59);
        let fix = serde_json::to_value(&r.diagnostics[1].fix).unwrap();
        assert_eq!(fix["patch"][0]["value"], "数".repeat(59));
        assert_eq!(fix["applicability"], "unsafe");
    }

    #[test]
    fn servers_empty_too_many_and_twice() {
        let r = lint(batch(json!({"servers": []})));
        assert_eq!(
            codes(&r),
            [("servers-empty", "/protected_instances/servers")]
        );
        let six: Vec<Value> = (0..6)
            .map(|i| json!({"server_id": format!("403b603d-1d91-42cc-a357-{i:012x}")}))
            .collect();
        let r = lint(batch(json!({ "servers": six })));
        assert_eq!(
            codes(&r),
            [("servers-too-many", "/protected_instances/servers")]
        );
        assert!(r.valid, "a quota can raise the limit");
        let r = lint(batch(
            json!({"servers": [{"server_id": SERVER}, {"server_id": OTHER}, {"server_id": SERVER.to_uppercase()}]}),
        ));
        assert_eq!(
            codes(&r),
            [
                ("id-uppercase", "/protected_instances/servers/2/server_id"),
                (
                    "batch-duplicate-server",
                    "/protected_instances/servers/2/server_id"
                )
            ]
        );
        let d = &r.diagnostics[1];
        assert_eq!(d.params["first_index"], 0);
        assert_eq!(
            serde_json::to_value(&d.fix.as_ref().unwrap().patch).unwrap(),
            json!([{"op": "remove", "path": "/protected_instances/servers/2"}])
        );
        assert!(d.message.contains("server 1"), "{}", d.message);
        // A later entry with a flavor of its own: which one is meant is
        // not the fix's to decide.
        let r = lint(batch(json!({"servers": [
            {"server_id": SERVER, "flavorRef": "s3.large.2"},
            {"server_id": SERVER, "flavorRef": "s3.xlarge.2"}]})));
        assert_eq!(r.diagnostics[0].code, "batch-duplicate-server");
        assert!(r.diagnostics[0].fix.is_none());
        let r = lint(batch(json!({"servers": [
            {"server_id": SERVER, "flavorRef": "s3.large.2"},
            {"server_id": SERVER, "flavorRef": "s3.large.2"}]})));
        assert!(r.diagnostics[0].fix.is_some());
    }

    #[test]
    fn an_address_has_its_own_rule_and_is_not_unknown() {
        let r = lint(batch(json!({"primary_ip_address": "192.168.0.5"})));
        assert_eq!(
            codes(&r),
            [(
                "batch-ip-not-supported",
                "/protected_instances/primary_ip_address"
            )]
        );
        let fix = r.diagnostics[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, crate::Applicability::Unsafe);
    }

    #[test]
    fn each_server_is_checked_where_it_stands() {
        let r = lint(batch(
            json!({"servers": [{"server_id": "x"}, {"server_id": OTHER, "flavorRef": "S3.LARGE.2"}, 5, {}]}),
        ));
        assert_eq!(
            codes(&r),
            [
                ("id-format", "/protected_instances/servers/0/server_id"),
                ("flavor-format", "/protected_instances/servers/1/flavorRef"),
                ("type-mismatch", "/protected_instances/servers/2"),
                ("missing-field", "/protected_instances/servers/3/server_id"),
            ]
        );
        assert_eq!(r.diagnostics[0].api_code, Some("SDRS.0210"));
    }

    #[test]
    fn a_single_members_name_points_to_its_batch_counterpart() {
        let mut request = batch(json!({"name": "web-01"}));
        request["protected_instances"]
            .as_object_mut()
            .unwrap()
            .remove("name_prefix");
        let r = lint(request);
        assert_eq!(
            codes(&r),
            [
                ("missing-field", "/protected_instances/name_prefix"),
                ("unknown-field", "/protected_instances/name")
            ]
        );
        assert_eq!(r.diagnostics[1].params["suggestion"], "name_prefix");
    }

    #[test]
    fn the_description_counts_characters() {
        // 64 Chinese characters are 192 bytes: too long for a single request,
        // not for a batch.
        assert!(lint(batch(json!({"description": "数".repeat(64)})))
            .diagnostics
            .is_empty());
        let r = lint(batch(json!({"description": "d".repeat(65)})));
        assert_eq!(r.diagnostics[0].params["unit"], "chars");
    }
}
