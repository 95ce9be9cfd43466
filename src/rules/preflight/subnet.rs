//! The DR site subnet: listed, and in the VPC the group's DR site uses.

use crate::context::{ContextIndex, Lookup, ProtectionGroup, Subnet};
use crate::engine::Checker;
use crate::request::{Instance, Named, Role};
use crate::rules::rule;

rule! {
    /// ## What it checks
    /// The context lists the subnets, and `primary_subnet_id` is not among
    /// them.
    ///
    /// ## Why it matters
    /// The service answers `SDRS.1335`. The ID must be the subnet's network
    /// ID (the VPC API's `neutron_network_id`, API page Table 1), not its
    /// `neutron_subnet_id`.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "subnets": [ { "id": "a32217fb-3413-c313-6342-3124d3491502", "cidr": "192.168.0.0/24" } ] }
    /// ```
    /// this request names a subnet that is not there:
    /// ```json
    /// { "protected_instance": { "primary_subnet_id": "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502" } }
    /// ```
    pub static SUBNET_NOT_FOUND = "subnet-not-found", Error, Preflight,
        "The subnet is not in the context", api_code = "SDRS.1335";
    message: "The subnet {primary_subnet_id:q} is not among the subnets of the context; primary_subnet_id is the subnet's network ID (neutron_network_id).";
}

rule! {
    /// ## What it checks
    /// The subnet's `vpc_id` differs from the protection group's DR VPC
    /// (`target_vpc_id`, which defaults to `source_vpc_id`: on OTC both
    /// sites share the VPC). `params`: `{vpc_id, group_vpc_id}`.
    ///
    /// ## Why it matters
    /// The DR server's NIC must be in the VPC the protection group
    /// replicates into; the job fails otherwise.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "protection_groups": [ { "id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "source_vpc_id": "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85" } ],
    ///   "subnets": [ { "id": "a32217fb-3413-c313-6342-3124d3491502", "vpc_id": "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85" },
    ///                { "id": "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a", "vpc_id": "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0" } ] }
    /// ```
    /// this request fails:
    /// ```json
    /// { "protected_instance": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "primary_subnet_id": "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a" } }
    /// ```
    /// Use instead a subnet of the group's VPC:
    /// ```json
    /// { "protected_instance": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502" } }
    /// ```
    pub static SUBNET_VPC_MISMATCH = "subnet-vpc-mismatch", Error, Preflight,
        "The subnet is not in the protection group's DR VPC";
    message: "The subnet is in the VPC {vpc_id:q}, but the protection group's DR site uses the VPC {group_vpc_id:q}; choose a subnet of that VPC.";
}

/// The subnet, when the context lists it, for the address rules.
pub(super) fn check<'c>(
    cx: &mut Checker,
    instance: &Instance,
    context: &ContextIndex<'c>,
    group: Option<&ProtectionGroup>,
) -> Option<&'c Subnet> {
    let Named { text: id, at, .. } = instance.named(Role::Subnet)?;
    let subnet = match context.subnet(id) {
        Lookup::Unlisted => return None,
        Lookup::Missing => {
            cx.report(&SUBNET_NOT_FOUND, at, |f| {
                f.param("primary_subnet_id", id);
            });
            return None;
        }
        Lookup::Found(subnet) => subnet,
    };
    if let (Some(own), Some(wanted)) = (
        subnet.vpc_id.as_deref(),
        group.and_then(ProtectionGroup::target_vpc),
    ) {
        if own != wanted {
            cx.report(&SUBNET_VPC_MISMATCH, at, |f| {
                f.param("vpc_id", own).param("group_vpc_id", wanted);
            });
        }
    }
    Some(subnet)
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use serde_json::json;

    #[test]
    fn subnet_rules() {
        let r = check(
            &[],
            "primary_subnet_id",
            json!("5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a"),
        );
        assert_eq!(codes(&r), [("subnet-not-found", SUBNET_PATH)]);
        assert_eq!(r.diagnostics[0].api_code, Some("SDRS.1335"));

        let r = check_context(&[("/subnets/0/vpc_id", json!(OTHER_VPC))]);
        assert_eq!(codes(&r), [("subnet-vpc-mismatch", SUBNET_PATH)]);
        assert_eq!(r.diagnostics[0].params["group_vpc_id"], VPC);

        // The DR VPC is target_vpc_id when given, else source_vpc_id.
        let target = [("/protection_groups/0/target_vpc_id", json!(OTHER_VPC))];
        let r = check_context(&target);
        assert_eq!(codes(&r), [("subnet-vpc-mismatch", SUBNET_PATH)]);
        assert_eq!(r.diagnostics[0].params["group_vpc_id"], OTHER_VPC);
        let mut moved = target.to_vec();
        moved.push(("/subnets/0/vpc_id", json!(OTHER_VPC)));
        assert!(check_context(&moved).diagnostics.is_empty());
    }
}
