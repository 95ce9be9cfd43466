//! Pre-flight rules (SPEC §4): what only the account's state can settle. The
//! API page's "Constraints and Limitations" list conditions the service
//! checks only in the asynchronous job, so a request that breaks them is
//! accepted and its job fails later. With a context the caller hands in,
//! these rules report the failure before the request is sent.
//!
//! One file per referent: the protection group, each server a request
//! protects, the DR site subnet, the address in it, the DR site flavor.
//! Each rule runs only when the facts it needs are in the context, and
//! points at the member whose referent breaks it: group rules at
//! `server_group_id`, server rules at the server's `server_id` (each of a
//! batch's), subnet rules at `primary_subnet_id`, address rules at
//! `primary_ip_address`, flavor rules at the server's `flavorRef`. The sink
//! drops them on a member that already has an error.
//!
//! Time: per server, a fixed number of hash lookups in the context's index
//! (built once per lint or plan, linear in the context) and a binary search
//! of the subnet's sorted `used_ips`: at most logarithmic in the context.

mod address;
mod flavor;
mod group;
mod server;
mod subnet;

pub use address::{reserved_role, IP_IN_USE, IP_OUTSIDE_SUBNET, IP_RESERVED};
pub use flavor::{FLAVOR_NOT_AVAILABLE, FLAVOR_SMALLER};
pub use group::{GROUP_NOT_FOUND, GROUP_STATUS};
pub use server::{
    SERVER_ALREADY_PROTECTED, SERVER_AUTOSCALING, SERVER_AZ_MISMATCH, SERVER_DEDICATED_HOST,
    SERVER_KEY_PAIR_MISSING, SERVER_NOT_FOUND, SERVER_SHARED_DISK, SERVER_STATUS,
    SERVER_VPC_MISMATCH,
};
pub use subnet::{SUBNET_NOT_FOUND, SUBNET_VPC_MISMATCH};

use crate::context::{ContextIndex, Subnet};
use crate::engine::Checker;
use crate::request::{Instance, Role};

/// A field that "is set" (SPEC §4): known and not empty, as ECS reports an
/// unset `key_name` or metadata value either way.
fn set(field: &Option<String>) -> Option<&str> {
    field.as_deref().filter(|s| !s.is_empty())
}

/// The group once, each server the request protects with its flavor, the
/// subnet and its address once.
pub fn check(cx: &mut Checker, instance: &Instance) {
    let Some(context) = cx.context() else {
        return;
    };
    let group = group::check(cx, instance, context);
    for protection in instance.protections() {
        let server = server::check(cx, &protection, context, group);
        flavor::check(cx, &protection, context, server);
    }
    if let Some(subnet) = subnet::check(cx, instance, context, group) {
        address::check(cx, instance, subnet);
    }
}

/// The subnet the request names, when the context gives its range: then
/// the precise address rules replace `ip-likely-reserved` (SPEC §3).
pub fn described_subnet<'c>(instance: &Instance, context: &ContextIndex<'c>) -> Option<&'c Subnet> {
    let subnet = instance.named(Role::Subnet)?;
    context
        .subnet(subnet.text)
        .found()
        .filter(|s| s.cidr.is_some())
}

/// What the tests of every referent share: a context in which
/// `test_support::request` passes every rule, and ways to change it.
#[cfg(test)]
mod fixture {
    pub use crate::test_support::{codes, options_with, request};
    pub use crate::Report;
    pub use serde_json::{json, Value};

    pub const GROUP: &str = "523ab8ad-3759-4933-9436-4cf4ebb20867";
    pub const SERVER: &str = "403b603d-1d91-42cc-a357-81f3c2daf43f";
    pub const SUBNET: &str = "a32217fb-3413-c313-6342-3124d3491502";
    pub const VPC: &str = "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85";
    pub const OTHER_VPC: &str = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";

    /// A context in which `test_support::request` passes every rule.
    pub fn context() -> Value {
        json!({
            "protection_groups": [{"id": GROUP, "status": "available", "source_vpc_id": VPC,
                "source_availability_zone": "eu-de-01", "target_availability_zone": "eu-de-02"}],
            "servers": [{"id": SERVER, "status": "ACTIVE", "vpc_id": VPC,
                "availability_zone": "eu-de-01", "flavor": "s3.large.2", "os_type": "Linux",
                "key_name": null, "shared_disk": false, "dedicated_host": false,
                "autoscaling_group_id": null, "protected_instance_id": null}],
            "subnets": [{"id": SUBNET, "vpc_id": VPC, "cidr": "192.168.0.0/24",
                "gateway_ip": "192.168.0.1", "used_ips": ["192.168.0.10"]}],
            "flavors": [{"id": "s3.large.2", "vcpus": 2, "ram": 4096},
                {"id": "s3.medium.2", "vcpus": 1, "ram": 2048},
                {"id": "s3.xlarge.2", "vcpus": 4, "ram": 8192}],
            "key_pairs": ["kp-prod"]
        })
    }

    /// The context with the values at these JSON Pointers set.
    pub fn context_with(changes: &[(&str, Value)]) -> Value {
        let mut context = context();
        for (pointer, value) in changes {
            let (parent, key) = pointer.rsplit_once('/').expect(pointer);
            match context.pointer_mut(parent).expect(pointer) {
                Value::Object(fields) => {
                    fields.insert(key.to_string(), value.clone());
                }
                Value::Array(items) => items[key.parse::<usize>().expect(pointer)] = value.clone(),
                _ => panic!("{pointer}"),
            }
        }
        context
    }

    pub fn lint(context: Value, request: Value) -> Report {
        crate::lint_value(&request, &options_with(context))
    }

    /// The report for the valid request with `field` replaced, against the
    /// changed context.
    pub fn check(changes: &[(&str, Value)], field: &str, value: Value) -> Report {
        lint(context_with(changes), request(field, value))
    }

    /// The valid request against the changed context.
    pub fn check_context(changes: &[(&str, Value)]) -> Report {
        check(changes, "name", json!("web-01"))
    }

    pub const GROUP_PATH: &str = "/protected_instance/server_group_id";
    pub const SERVER_PATH: &str = "/protected_instance/server_id";
    pub const SUBNET_PATH: &str = "/protected_instance/primary_subnet_id";
    pub const IP_PATH: &str = "/protected_instance/primary_ip_address";
    pub const FLAVOR_PATH: &str = "/protected_instance/flavorRef";
}

#[cfg(test)]
mod tests {
    use super::fixture::*;
    use serde_json::json;

    #[test]
    fn a_matching_context_finds_nothing() {
        let r = check_context(&[]);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn missing_context_parts_run_no_rule() {
        let request = request("server_id", json!("9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60"));
        for context in [
            json!({}),
            json!({"protection_groups": null, "servers": null, "subnets": null, "flavors": null}),
            json!({"key_pairs": []}),
            // Items whose facts are all unknown.
            json!({"protection_groups": [{"id": GROUP}], "servers": [{"id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60"}],
                "subnets": [{"id": SUBNET}], "flavors": [{"id": "s3.large.2"}]}),
        ] {
            let r = lint(context.clone(), request.clone());
            assert!(r.diagnostics.is_empty(), "{context}: {:?}", r.diagnostics);
        }
    }

    #[test]
    fn a_member_with_an_error_gets_no_preflight_rule() {
        // Too short to be a UUID: id-format, and the failed look-up is not reported.
        let r = check(
            &[],
            "server_id",
            json!("403b603d-1d91-42cc-a357-81f3c2daf43"),
        );
        assert_eq!(codes(&r), [("id-format", SERVER_PATH)]);
        let r = check(&[], "flavorRef", json!("s3.medium.2.win"));
        assert_eq!(codes(&r), [("flavor-billing-code", FLAVOR_PATH)]);
        // A warning does not hide it: IDs are compared exactly.
        let r = check(&[], "server_id", json!(SERVER.to_uppercase()));
        assert_eq!(
            codes(&r),
            [
                ("id-uppercase", SERVER_PATH),
                ("server-not-found", SERVER_PATH)
            ]
        );
        // With id-format lowered to a warning, the look-up speaks again.
        let mut options = options_with(context());
        options
            .set_rule("id-format", crate::Level::Warning)
            .unwrap();
        let r = crate::lint_value(
            &request("server_id", json!("403b603d-1d91-42cc-a357-81f3c2daf43")),
            &options,
        );
        assert_eq!(
            codes(&r),
            [
                ("id-format", SERVER_PATH),
                ("server-not-found", SERVER_PATH)
            ]
        );
        // Another member's error does not matter.
        let r = check(
            &[("/servers/0/shared_disk", json!(true))],
            "name",
            json!("web 01"),
        );
        assert_eq!(
            codes(&r),
            [
                ("server-shared-disk", SERVER_PATH),
                ("name-charset", "/protected_instance/name")
            ]
        );
    }

    #[test]
    fn many_findings_on_text_point_at_their_members() {
        let context = context_with(&[
            ("/protection_groups/0/status", json!("error")),
            ("/servers/0/dedicated_host", json!(true)),
            ("/servers/0/shared_disk", json!(true)),
        ]);
        let text =
            serde_json::to_string_pretty(&request("primary_ip_address", json!("192.168.0.10")))
                .unwrap();
        let r = crate::lint_str(&text, &options_with(context));
        assert_eq!(
            codes(&r),
            [
                ("group-status", GROUP_PATH),
                ("server-shared-disk", SERVER_PATH),
                ("server-dedicated-host", SERVER_PATH),
                ("ip-in-use", IP_PATH)
            ]
        );
        let range = r.diagnostics[3].range.unwrap();
        assert_eq!(
            &text[range.start.offset..range.end.offset],
            "\"192.168.0.10\""
        );
        assert_eq!(r.errors, 4);
    }
}
