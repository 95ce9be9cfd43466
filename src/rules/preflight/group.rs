//! The protection group the request names: listed, and available.

use crate::context::{ContextIndex, Lookup, ProtectionGroup};
use crate::engine::Checker;
use crate::request::{Instance, Named, Role};
use crate::rules::rule;

rule! {
    /// ## What it checks
    /// The context lists the protection groups, and `server_group_id` is not
    /// among them.
    ///
    /// ## Why it matters
    /// The service answers `SDRS.0207`. The usual causes are a group of
    /// another project or region, or an ID copied from the wrong column.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "protection_groups": [ { "id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "status": "available" } ] }
    /// ```
    /// this request names a group that is not there:
    /// ```json
    /// { "protected_instance": { "server_group_id": "b1d6e0c4-7a2f-4e9b-8c3d-5f6a7b8c9d0e" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867" } }
    /// ```
    pub static GROUP_NOT_FOUND = "group-not-found", Error, Preflight,
        "The protection group is not in the context", api_code = "SDRS.0207";
    message: "The protection group {server_group_id:q} is not among the protection groups of the context; check the ID and the project.";
}

rule! {
    /// ## What it checks
    /// The protection group's `status` is neither `available` nor
    /// `protected`. `params.status` is the status.
    ///
    /// ## Why it matters
    /// The API page: "status of the protection group must be available or
    /// protected". A group that is being created, failed over or in error
    /// cannot take a protected instance; the job fails with `SDRS.1323`.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "protection_groups": [ { "id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "status": "error" },
    ///                          { "id": "b1d6e0c4-7a2f-4e9b-8c3d-5f6a7b8c9d0e", "status": "available" } ] }
    /// ```
    /// this request fails:
    /// ```json
    /// { "protected_instance": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867" } }
    /// ```
    /// Use instead a group that is available or protected:
    /// ```json
    /// { "protected_instance": { "server_group_id": "b1d6e0c4-7a2f-4e9b-8c3d-5f6a7b8c9d0e" } }
    /// ```
    pub static GROUP_STATUS = "group-status", Error, Preflight,
        "The protection group is not available or protected", api_code = "SDRS.1323";
    message: "The protection group {server_group_id:q} is {status:q}; protected instances can be added only while it is available or protected.";
}

pub(super) fn check<'c>(
    cx: &mut Checker,
    instance: &Instance,
    context: &ContextIndex<'c>,
) -> Option<&'c ProtectionGroup> {
    let Named { text: id, at, .. } = instance.named(Role::ServerGroup)?;
    let group = match context.group(id) {
        Lookup::Unlisted => return None,
        Lookup::Missing => {
            cx.report(&GROUP_NOT_FOUND, at, |f| {
                f.param("server_group_id", id);
            });
            return None;
        }
        Lookup::Found(group) => group,
    };
    if let Some(status) = group
        .status
        .as_deref()
        .filter(|s| !matches!(*s, "available" | "protected"))
    {
        cx.report(&GROUP_STATUS, at, |f| {
            f.param("server_group_id", id).param("status", status);
        });
    }
    Some(group)
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use serde_json::json;

    #[test]
    fn group_rules() {
        let r = check(
            &[],
            "server_group_id",
            json!("b1d6e0c4-7a2f-4e9b-8c3d-5f6a7b8c9d0e"),
        );
        assert_eq!(codes(&r), [("group-not-found", GROUP_PATH)]);
        assert_eq!(r.diagnostics[0].api_code, Some("SDRS.0207"));
        for status in ["error", "creating", "failed-over", "AVAILABLE"] {
            let r = check_context(&[("/protection_groups/0/status", json!(status))]);
            assert_eq!(codes(&r), [("group-status", GROUP_PATH)], "{status}");
            assert_eq!(r.diagnostics[0].params["status"], status);
            assert_eq!(r.diagnostics[0].api_code, Some("SDRS.1323"));
        }
        for status in ["available", "protected"] {
            let r = check_context(&[("/protection_groups/0/status", json!(status))]);
            assert!(r.diagnostics.is_empty(), "{status}");
        }
    }
}
