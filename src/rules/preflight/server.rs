//! Each production site server the request protects: listed, running or
//! stopped, not protected yet, in the group's VPC and zone, without a
//! shared disk or dedicated host (on OTC), with its key pair, and advice
//! about an Auto Scaling group.

use super::set;
use crate::context::{ContextIndex, Lookup, ProtectionGroup, Server};
use crate::engine::Checker;
use crate::platform::Platform;
use crate::request::{Named, Protection};
use crate::rules::rule;

rule! {
    /// ## What it checks
    /// The context lists the servers, and `server_id` is not among them.
    ///
    /// ## Why it matters
    /// The service answers `SDRS.1326`: the server does not exist in this
    /// project, or it was deleted since the list was taken.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "servers": [ { "id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "status": "ACTIVE" } ] }
    /// ```
    /// this request names a server that is not there:
    /// ```json
    /// { "protected_instance": { "server_id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } }
    /// ```
    pub static SERVER_NOT_FOUND = "server-not-found", Error, Preflight,
        "The server is not in the context", api_code = "SDRS.1326";
    message: "The server {server_id:q} is not among the servers of the context; check the ID and the project.";
}

rule! {
    /// ## What it checks
    /// The server's `status` is neither `ACTIVE` nor `SHUTOFF` (ECS server
    /// states). `params.status` is the status.
    ///
    /// ## Why it matters
    /// SDRS can only replicate a running or stopped server; one that is
    /// building, resizing, migrating or in error makes the job fail with
    /// `SDRS.1333`.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "servers": [ { "id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "status": "RESIZE" } ] }
    /// ```
    /// this request fails:
    /// ```json
    /// { "protected_instance": { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } }
    /// ```
    /// Send it once the server is `ACTIVE` or `SHUTOFF` again, with the same body:
    /// ```json
    /// { "protected_instance": { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } }
    /// ```
    pub static SERVER_STATUS = "server-status", Error, Preflight,
        "The server is not ACTIVE or SHUTOFF", api_code = "SDRS.1333";
    message: "The server is {status:q}; SDRS can protect it only while it is ACTIVE or SHUTOFF.";
}

rule! {
    /// ## What it checks
    /// The server has a `protected_instance_id`: it already belongs to a
    /// protected instance. `params.protected_instance_id` names it.
    ///
    /// ## Why it matters
    /// The API page: "One server can be used to create only one protected
    /// instance." The job fails with `SDRS.1305`.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "servers": [ { "id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "protected_instance_id": "f4e3d2c1-b0a9-4876-8543-210fedcba987" },
    ///                { "id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60", "protected_instance_id": null } ] }
    /// ```
    /// this request fails:
    /// ```json
    /// { "protected_instance": { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } }
    /// ```
    /// Use instead a server that is not protected yet:
    /// ```json
    /// { "protected_instance": { "server_id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60" } }
    /// ```
    pub static SERVER_ALREADY_PROTECTED = "server-already-protected", Error, Preflight,
        "The server already belongs to a protected instance", api_code = "SDRS.1305";
    message: "The server already belongs to the protected instance {protected_instance_id:q}; one server can have only one.";
}

rule! {
    /// ## What it checks
    /// The server's `vpc_id` differs from the protection group's
    /// `source_vpc_id`. `params`: `{vpc_id, group_vpc_id}`.
    ///
    /// ## Why it matters
    /// The API page: "The server must be in the same VPC as the protection
    /// group." The job fails with `SDRS.1304`.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "protection_groups": [ { "id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "source_vpc_id": "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85" } ],
    ///   "servers": [ { "id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "vpc_id": "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0" },
    ///                { "id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60", "vpc_id": "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85" } ] }
    /// ```
    /// this request fails:
    /// ```json
    /// { "protected_instance": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } }
    /// ```
    /// Use instead a server of the group's VPC (or a group of the server's):
    /// ```json
    /// { "protected_instance": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "server_id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60" } }
    /// ```
    pub static SERVER_VPC_MISMATCH = "server-vpc-mismatch", Error, Preflight,
        "The server is not in the protection group's VPC", api_code = "SDRS.1304";
    message: "The server is in the VPC {vpc_id:q}, but the protection group protects servers of the VPC {group_vpc_id:q}.";
}

rule! {
    /// ## What it checks
    /// The server's `availability_zone` differs from the protection group's
    /// `source_availability_zone`. `params`: `{availability_zone,
    /// group_availability_zone}`.
    ///
    /// ## Why it matters
    /// A protection group replicates from one production availability zone
    /// to one DR zone; a server of another zone cannot join it, and the job
    /// fails with `SDRS.1303`.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "protection_groups": [ { "id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "source_availability_zone": "eu-de-01" } ],
    ///   "servers": [ { "id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "availability_zone": "eu-de-02" },
    ///                { "id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60", "availability_zone": "eu-de-01" } ] }
    /// ```
    /// this request fails:
    /// ```json
    /// { "protected_instance": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } }
    /// ```
    /// Use instead a server of the group's production zone:
    /// ```json
    /// { "protected_instance": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "server_id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60" } }
    /// ```
    pub static SERVER_AZ_MISMATCH = "server-az-mismatch", Error, Preflight,
        "The server is not in the protection group's production availability zone",
        api_code = "SDRS.1303";
    message: "The server is in the availability zone {availability_zone:q}, but the protection group protects servers of the availability zone {group_availability_zone:q}.";
}

rule! {
    /// ## What it checks
    /// The server has a shared disk attached (`shared_disk` is true).
    ///
    /// ## Why it matters
    /// The API page: "No shared disk has been attached to the server." The
    /// job fails; detach the shared disk, or protect the servers sharing it
    /// through a replication pair of their own.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "servers": [ { "id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "shared_disk": true },
    ///                { "id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60", "shared_disk": false } ] }
    /// ```
    /// this request fails:
    /// ```json
    /// { "protected_instance": { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } }
    /// ```
    /// Use instead a server without a shared disk:
    /// ```json
    /// { "protected_instance": { "server_id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60" } }
    /// ```
    pub static SERVER_SHARED_DISK = "server-shared-disk", Error, Preflight,
        "The server has a shared disk";
    message: "The server has a shared disk attached, and SDRS cannot protect such a server; detach the shared disk first.";
}

rule! {
    /// ## What it checks
    /// The production server runs on a dedicated host (`dedicated_host` is
    /// true). Open Telekom Cloud only: Huawei Cloud protects servers on
    /// dedicated hosts.
    ///
    /// ## Why it matters
    /// The API page: "The physical host housing the production site server
    /// cannot be a DeH." The job fails.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "servers": [ { "id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "dedicated_host": true },
    ///                { "id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60", "dedicated_host": false } ] }
    /// ```
    /// this request fails:
    /// ```json
    /// { "protected_instance": { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } }
    /// ```
    /// Use instead a server on shared hosts:
    /// ```json
    /// { "protected_instance": { "server_id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60" } }
    /// ```
    pub static SERVER_DEDICATED_HOST = "server-dedicated-host", Error, Preflight,
        "The server runs on a dedicated host", platforms = [Otc];
    message: "The server runs on a dedicated host (DeH), and SDRS on Open Telekom Cloud cannot protect such a server.";
}

rule! {
    /// ## What it checks
    /// The server runs Windows (`os_type`, any case), logs in with a key pair
    /// (`key_name`), the context lists the account's `key_pairs`, and the
    /// server's key pair is not among them. `params.key_name` names it.
    ///
    /// ## Why it matters
    /// The API page: for a Windows server with key login, "ensure that the
    /// key pair of the server exists when you create a protected instance.
    /// Otherwise, the server at the DR site may fail to create". If it was
    /// deleted, create a key pair with the same name.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "servers": [ { "id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "os_type": "Windows", "key_name": "kp-old" } ],
    ///   "key_pairs": [ "kp-prod" ] }
    /// ```
    /// this request fails until a key pair named `kp-old` exists again:
    /// ```json
    /// { "protected_instance": { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } }
    /// ```
    /// With `"key_pairs": [ "kp-prod", "kp-old" ]` the same request passes:
    /// ```json
    /// { "protected_instance": { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } }
    /// ```
    pub static SERVER_KEY_PAIR_MISSING = "server-key-pair-missing", Error, Preflight,
        "The Windows server's key pair no longer exists";
    message: "The Windows server logs in with the key pair {key_name:q}, which no longer exists, so the DR server cannot be created; create a key pair with that name.";
}

rule! {
    /// ## What it checks
    /// The server belongs to an Auto Scaling group (`autoscaling_group_id`
    /// is set). `params.autoscaling_group_id` names it.
    ///
    /// ## Why it matters
    /// The API page: protected servers of an AS group "cannot be deleted
    /// when the capacity of the AS group is reduced", so scale-in stops
    /// working for them. The request succeeds; this is advice.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "servers": [ { "id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "autoscaling_group_id": "e2f1a0b9-c8d7-4e6f-a5b4-c3d2e1f0a9b8" },
    ///                { "id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60", "autoscaling_group_id": null } ] }
    /// ```
    /// this request protects a scaled server:
    /// ```json
    /// { "protected_instance": { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } }
    /// ```
    /// Prefer a server outside the AS group:
    /// ```json
    /// { "protected_instance": { "server_id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60" } }
    /// ```
    pub static SERVER_AUTOSCALING = "server-autoscaling", Info, Preflight,
        "The server belongs to an Auto Scaling group";
    message: "The server belongs to the Auto Scaling group {autoscaling_group_id:q}; while it is protected, scale-in cannot remove it.";
}

pub(super) fn check<'c>(
    cx: &mut Checker,
    protection: &Protection,
    context: &ContextIndex<'c>,
    group: Option<&ProtectionGroup>,
) -> Option<&'c Server> {
    let Named { text: id, at, .. } = protection.server?;
    let server = match context.server(id) {
        Lookup::Unlisted => return None,
        Lookup::Missing => {
            cx.report(&SERVER_NOT_FOUND, at, |f| {
                f.param("server_id", id);
            });
            return None;
        }
        Lookup::Found(server) => server,
    };
    if let Some(status) = server
        .status
        .as_deref()
        .filter(|s| !matches!(*s, "ACTIVE" | "SHUTOFF"))
    {
        cx.report(&SERVER_STATUS, at, |f| {
            f.param("status", status);
        });
    }
    if let Some(protected) = set(&server.protected_instance_id) {
        cx.report(&SERVER_ALREADY_PROTECTED, at, |f| {
            f.param("protected_instance_id", protected);
        });
    }
    if let Some(group) = group {
        let pairs = [
            (
                &SERVER_VPC_MISMATCH,
                &server.vpc_id,
                &group.source_vpc_id,
                ("vpc_id", "group_vpc_id"),
            ),
            (
                &SERVER_AZ_MISMATCH,
                &server.availability_zone,
                &group.source_availability_zone,
                ("availability_zone", "group_availability_zone"),
            ),
        ];
        for (rule, own, wanted, (own_key, wanted_key)) in pairs {
            let (Some(own), Some(wanted)) = (own.as_deref(), wanted.as_deref()) else {
                continue;
            };
            if own != wanted {
                cx.report(rule, at, |f| {
                    f.param(own_key, own).param(wanted_key, wanted);
                });
            }
        }
    }
    if server.shared_disk == Some(true) {
        cx.report(&SERVER_SHARED_DISK, at, |_| {});
    }
    // SPEC §7: Huawei Cloud protects servers on dedicated hosts.
    if server.dedicated_host == Some(true) && cx.platform() == Platform::Otc {
        cx.report(&SERVER_DEDICATED_HOST, at, |_| {});
    }
    if let (Some(true), Some(key)) = (server.is_windows(), set(&server.key_name)) {
        if context.key_pair(key) == Lookup::Missing {
            cx.report(&SERVER_KEY_PAIR_MISSING, at, |f| {
                f.param("key_name", key);
            });
        }
    }
    if let Some(scaling) = set(&server.autoscaling_group_id) {
        cx.report(&SERVER_AUTOSCALING, at, |f| {
            f.param("autoscaling_group_id", scaling);
        });
    }
    Some(server)
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use serde_json::json;

    #[test]
    fn server_lookup_and_status() {
        let r = check(
            &[],
            "server_id",
            json!("9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60"),
        );
        assert_eq!(codes(&r), [("server-not-found", SERVER_PATH)]);
        assert_eq!(r.diagnostics[0].api_code, Some("SDRS.1326"));
        for status in ["ERROR", "BUILD", "RESIZE", "active"] {
            let r = check_context(&[("/servers/0/status", json!(status))]);
            assert_eq!(codes(&r), [("server-status", SERVER_PATH)], "{status}");
            assert_eq!(r.diagnostics[0].api_code, Some("SDRS.1333"));
        }
        assert!(check_context(&[("/servers/0/status", json!("SHUTOFF"))])
            .diagnostics
            .is_empty());
    }

    #[test]
    fn server_already_protected() {
        let r = check_context(&[(
            "/servers/0/protected_instance_id",
            json!("f4e3d2c1-b0a9-4876-8543-210fedcba987"),
        )]);
        assert_eq!(codes(&r), [("server-already-protected", SERVER_PATH)]);
        assert_eq!(r.diagnostics[0].api_code, Some("SDRS.1305"));
        assert_eq!(
            r.diagnostics[0].params["protected_instance_id"],
            "f4e3d2c1-b0a9-4876-8543-210fedcba987"
        );
        assert!(
            check_context(&[("/servers/0/protected_instance_id", json!(""))])
                .diagnostics
                .is_empty()
        );
    }

    #[test]
    fn server_must_share_the_groups_vpc_and_zone() {
        let r = check_context(&[("/servers/0/vpc_id", json!(OTHER_VPC))]);
        assert_eq!(codes(&r), [("server-vpc-mismatch", SERVER_PATH)]);
        let d = &r.diagnostics[0];
        assert_eq!(d.api_code, Some("SDRS.1304"));
        assert_eq!(d.params["vpc_id"], OTHER_VPC);
        assert_eq!(d.params["group_vpc_id"], VPC);

        let r = check_context(&[("/servers/0/availability_zone", json!("eu-de-02"))]);
        assert_eq!(codes(&r), [("server-az-mismatch", SERVER_PATH)]);
        assert_eq!(r.diagnostics[0].api_code, Some("SDRS.1303"));
        assert_eq!(
            r.diagnostics[0].params["group_availability_zone"],
            "eu-de-01"
        );

        // Either side unknown, or the group unknown: nothing to compare.
        for changes in [
            vec![
                ("/servers/0/vpc_id", json!(null)),
                ("/servers/0/availability_zone", json!(null)),
            ],
            vec![
                ("/protection_groups/0/source_vpc_id", json!(null)),
                ("/protection_groups/0/source_availability_zone", json!(null)),
                ("/servers/0/vpc_id", json!(OTHER_VPC)),
            ],
            vec![
                ("/protection_groups", json!(null)),
                ("/servers/0/vpc_id", json!(OTHER_VPC)),
            ],
        ] {
            let r = check_context(&changes);
            assert!(r.diagnostics.is_empty(), "{changes:?}: {:?}", r.diagnostics);
        }
    }

    #[test]
    fn shared_disk_and_dedicated_host() {
        let r = check_context(&[("/servers/0/shared_disk", json!(true))]);
        assert_eq!(codes(&r), [("server-shared-disk", SERVER_PATH)]);
        let r = check_context(&[("/servers/0/dedicated_host", json!(true))]);
        assert_eq!(codes(&r), [("server-dedicated-host", SERVER_PATH)]);
        let r = check_context(&[
            ("/servers/0/shared_disk", json!(null)),
            ("/servers/0/dedicated_host", json!(null)),
        ]);
        assert!(r.diagnostics.is_empty());
    }

    #[test]
    fn key_pair_of_a_windows_server() {
        let windows = |os: &str, key: Value| {
            vec![
                ("/servers/0/os_type", json!(os)),
                ("/servers/0/key_name", key),
            ]
        };
        for os in ["Windows", "WINDOWS", "windows"] {
            let r = check_context(&windows(os, json!("kp-old")));
            assert_eq!(
                codes(&r),
                [("server-key-pair-missing", SERVER_PATH)],
                "{os}"
            );
            assert_eq!(r.diagnostics[0].params["key_name"], "kp-old");
        }
        // The key pair exists; not Windows; password login; no key pair list.
        assert!(check_context(&windows("Windows", json!("kp-prod")))
            .diagnostics
            .is_empty());
        assert!(check_context(&windows("Linux", json!("kp-old")))
            .diagnostics
            .is_empty());
        assert!(check_context(&windows("Windows", json!(null)))
            .diagnostics
            .is_empty());
        assert!(check_context(&windows("Windows", json!("")))
            .diagnostics
            .is_empty());
        let mut changes = windows("Windows", json!("kp-old"));
        changes.push(("/key_pairs", json!(null)));
        assert!(check_context(&changes).diagnostics.is_empty());
    }

    #[test]
    fn autoscaling_is_advice() {
        let r = check_context(&[(
            "/servers/0/autoscaling_group_id",
            json!("e2f1a0b9-c8d7-4e6f-a5b4-c3d2e1f0a9b8"),
        )]);
        assert_eq!(codes(&r), [("server-autoscaling", SERVER_PATH)]);
        assert_eq!(r.diagnostics[0].severity, crate::Severity::Info);
        assert!(r.valid);
    }
}
