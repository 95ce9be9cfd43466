//! Pre-flight rules (SPEC §4): what only the account's state can settle. The
//! API page's "Constraints and Limitations" list conditions the service
//! checks only in the asynchronous job, so a request that breaks them is
//! accepted and its job fails later. With a context the caller hands in,
//! these rules report the failure before the request is sent.
//!
//! Each rule runs only when the facts it needs are in the context, and
//! points at the member whose referent breaks it: group rules at
//! `server_group_id`, server rules at `server_id`, subnet rules at
//! `primary_subnet_id`, address rules at `primary_ip_address`, flavor rules
//! at `flavorRef`. The sink drops them on a member that already has an error.
//!
//! Time: per request, a fixed number of hash lookups in the context's index
//! (built once per lint or plan, linear in the context) and a binary search
//! of the subnet's sorted `used_ips`: at most logarithmic in the context.

use crate::context::{ContextIndex, Lookup, ProtectionGroup, Server, Subnet};
use crate::engine::{At, Checker, Instance};
use crate::options::Platform;
use crate::rules::address::parse_ipv4;
use crate::rules::flavor::{parse_flavor, Flavor};
use crate::rules::rule;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

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
}

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
}

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
}

rule! {
    /// ## What it checks
    /// `primary_ip_address` is not inside the subnet's `cidr`.
    /// `params.cidr` is the subnet's range.
    ///
    /// ## Why it matters
    /// The DR server's NIC gets its address from the subnet; the service
    /// rejects an address outside it with `SDRS.0219`.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "subnets": [ { "id": "a32217fb-3413-c313-6342-3124d3491502", "cidr": "192.168.0.0/24" } ] }
    /// ```
    /// this request fails:
    /// ```json
    /// { "protected_instance": { "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502",
    ///   "primary_ip_address": "192.168.1.5" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502",
    ///   "primary_ip_address": "192.168.0.5" } }
    /// ```
    pub static IP_OUTSIDE_SUBNET = "ip-outside-subnet", Error, Preflight,
        "The IP address is outside the subnet", api_code = "SDRS.0219";
}

rule! {
    /// ## What it checks
    /// `primary_ip_address` is one the VPC reserves in the subnet: its
    /// network address, its `gateway_ip`, or one of its last three addresses
    /// (system, DHCP, broadcast). For a /28 such as 192.168.0.0/28 these are
    /// .0, the gateway, and .13, .14, .15; for a /24 .0, .1, .253, .254,
    /// .255. `params`: `{role, cidr}` with role `network`, `gateway`,
    /// `system`, `dhcp` or `broadcast`.
    ///
    /// ## Why it matters
    /// OTC VPC reserves these addresses in every subnet; the service rejects
    /// them with `SDRS.0219`. This rule replaces the /24 guess of
    /// `ip-likely-reserved` when the context describes the subnet.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "subnets": [ { "id": "a32217fb-3413-c313-6342-3124d3491502", "cidr": "192.168.0.0/28", "gateway_ip": "192.168.0.1" } ] }
    /// ```
    /// this request fails (the broadcast address of the /28):
    /// ```json
    /// { "protected_instance": { "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502",
    ///   "primary_ip_address": "192.168.0.15" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502",
    ///   "primary_ip_address": "192.168.0.12" } }
    /// ```
    pub static IP_RESERVED = "ip-reserved", Error, Preflight,
        "The IP address is reserved in its subnet", api_code = "SDRS.0219";
}

rule! {
    /// ## What it checks
    /// `primary_ip_address` is among the subnet's `used_ips`.
    ///
    /// ## Why it matters
    /// Another port already holds the address; the DR server cannot be
    /// created with it, and the service answers `SDRS.1334`.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "subnets": [ { "id": "a32217fb-3413-c313-6342-3124d3491502", "used_ips": [ "192.168.0.10" ] } ] }
    /// ```
    /// this request fails:
    /// ```json
    /// { "protected_instance": { "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502",
    ///   "primary_ip_address": "192.168.0.10" } }
    /// ```
    /// Use instead a free address:
    /// ```json
    /// { "protected_instance": { "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502",
    ///   "primary_ip_address": "192.168.0.11" } }
    /// ```
    pub static IP_IN_USE = "ip-in-use", Error, Preflight,
        "The IP address is already in use", api_code = "SDRS.1334";
}

rule! {
    /// ## What it checks
    /// The context lists the DR site's flavors, and `flavorRef` is not among
    /// them.
    ///
    /// ## Why it matters
    /// A flavor can be sold out or not offered in the DR availability zone;
    /// the job fails with `SDRS.1353`, the code for the DR site server's
    /// flavor (`SDRS.1356` is the production site server's).
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "flavors": [ { "id": "s3.large.2", "vcpus": 2, "ram": 4096 } ] }
    /// ```
    /// this request fails:
    /// ```json
    /// { "protected_instance": { "flavorRef": "s2.large.2" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "flavorRef": "s3.large.2" } }
    /// ```
    pub static FLAVOR_NOT_AVAILABLE = "flavor-not-available", Error, Preflight,
        "The flavor is not available at the DR site", api_code = "SDRS.1353";
}

rule! {
    /// ## What it checks
    /// The DR flavor (`flavorRef`) has fewer vCPUs or less memory than the
    /// server's own `flavor`. Specifications come from the context's
    /// `flavors` (`ram` in MiB); a flavor that is not listed is read from its
    /// name: small and medium have 1 vCPU, large 2, xlarge 4, Nxlarge 4·N,
    /// and the memory in GiB is vCPUs × the last number (`c4.2xlarge.4` is 8
    /// vCPUs, 32 GiB). `params`: `{flavor, server_flavor}` and the
    /// `vcpus`/`ram_mib` and `server_vcpus`/`server_ram_mib` compared.
    ///
    /// ## Why it matters
    /// The API page recommends DR servers "of specifications (CPU and memory)
    /// same or higher than the specifications of the production site
    /// servers", or the application runs short after a failover. Without
    /// `flavorRef` the DR server gets the server's own flavor.
    ///
    /// ## Example
    /// With the context
    /// ```json
    /// { "servers": [ { "id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "flavor": "c4.2xlarge.4" } ] }
    /// ```
    /// this request halves the server:
    /// ```json
    /// { "protected_instance": { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "flavorRef": "c4.xlarge.4" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "flavorRef": "c4.2xlarge.4" } }
    /// ```
    pub static FLAVOR_SMALLER = "flavor-smaller", Warning, Preflight,
        "The DR flavor is smaller than the server's flavor";
}

/// A field that "is set" (SPEC §4): known and not empty, as ECS reports an
/// unset `key_name` or metadata value either way.
fn set(field: &Option<String>) -> Option<&str> {
    field.as_deref().filter(|s| !s.is_empty())
}

pub fn check(cx: &mut Checker, instance: &Instance, context: &ContextIndex) {
    let group = check_group(cx, instance, context);
    let server = check_server(cx, instance, context, group);
    check_subnet(cx, instance, context, group);
    check_flavor(cx, instance, context, server);
}

/// The subnet the request names, when the context gives its range: then
/// the precise address rules replace `ip-likely-reserved` (SPEC §3).
pub fn described_subnet<'c>(instance: &Instance, context: &ContextIndex<'c>) -> Option<&'c Subnet> {
    let (id, _) = instance.non_empty("primary_subnet_id")?;
    context.subnet(id).found().filter(|s| s.cidr.is_some())
}

fn check_group<'c>(
    cx: &mut Checker,
    instance: &Instance,
    context: &ContextIndex<'c>,
) -> Option<&'c ProtectionGroup> {
    let (id, node) = instance.non_empty("server_group_id")?;
    let at = At::value(instance.path("server_group_id"), node);
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

fn check_server<'c>(
    cx: &mut Checker,
    instance: &Instance,
    context: &ContextIndex<'c>,
    group: Option<&ProtectionGroup>,
) -> Option<&'c Server> {
    let (id, node) = instance.non_empty("server_id")?;
    let at = At::value(instance.path("server_id"), node);
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
    if server.dedicated_host == Some(true) && cx.options().platform == Platform::Otc {
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

fn check_subnet(
    cx: &mut Checker,
    instance: &Instance,
    context: &ContextIndex,
    group: Option<&ProtectionGroup>,
) {
    let Some((id, node)) = instance.non_empty("primary_subnet_id") else {
        return;
    };
    let at = At::value(instance.path("primary_subnet_id"), node);
    let subnet = match context.subnet(id) {
        Lookup::Unlisted => return,
        Lookup::Missing => {
            cx.report(&SUBNET_NOT_FOUND, at, |f| {
                f.param("primary_subnet_id", id);
            });
            return;
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
    check_address(cx, instance, subnet);
}

fn check_address(cx: &mut Checker, instance: &Instance, subnet: &Subnet) {
    let Some((text, node)) = instance.non_empty("primary_ip_address") else {
        return;
    };
    let Ok(address) = parse_ipv4(text) else {
        return; // ip-format
    };
    let at = At::value(instance.path("primary_ip_address"), node);
    if let Some(cidr) = subnet.cidr {
        if !cidr.contains(&address) {
            cx.report(&IP_OUTSIDE_SUBNET, at, |f| {
                f.param("value", text).param("cidr", cidr.to_string());
            });
            return;
        }
    }
    if let Some(role) = reserved_role(subnet.cidr, subnet.gateway_ip, address) {
        cx.report(&IP_RESERVED, at, |f| {
            f.param("value", text).param("role", role);
            if let Some(cidr) = subnet.cidr {
                f.param("cidr", cidr.to_string());
            }
        });
    } else if subnet
        .used_ips
        .as_ref()
        .is_some_and(|used| used.binary_search(&address).is_ok())
    {
        cx.report(&IP_IN_USE, at, |f| {
            f.param("value", text);
        });
    }
}

/// What the VPC reserves in every subnet (OTC VPC documentation, "reserved
/// IP addresses"): the network address, the gateway, and the last three
/// addresses of the block, whatever its prefix length. They are counted
/// back from the broadcast address, so in 192.168.0.0/28 they are .13, .14
/// and .15, not .253 to .255.
pub fn reserved_role(
    cidr: Option<Ipv4Net>,
    gateway: Option<Ipv4Addr>,
    address: Ipv4Addr,
) -> Option<&'static str> {
    if cidr.is_some_and(|net| net.network() == address) {
        return Some("network");
    }
    if gateway == Some(address) {
        return Some("gateway");
    }
    let from_end = u32::from(cidr?.broadcast()).checked_sub(u32::from(address))?;
    match from_end {
        0 => Some("broadcast"),
        1 => Some("dhcp"),
        2 => Some("system"),
        _ => None,
    }
}

/// A flavor's size as far as it is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Specs {
    vcpus: Option<u64>,
    ram_mib: Option<u64>,
}

/// From the context's `flavors` where listed, else from the name (SPEC §4).
fn specs(context: &ContextIndex, flavor: &str) -> Specs {
    let listed = context.flavor(flavor).found();
    let named = parse_flavor(flavor);
    Specs {
        vcpus: listed
            .and_then(|f| f.vcpus)
            .or(named.as_ref().map(Flavor::vcpus)),
        ram_mib: listed
            .and_then(|f| f.ram)
            .or(named.as_ref().map(|f| f.ram_gib() * 1024)),
    }
}

fn check_flavor(
    cx: &mut Checker,
    instance: &Instance,
    context: &ContextIndex,
    server: Option<&Server>,
) {
    let Some((flavor, node)) = instance.non_empty("flavorRef") else {
        return; // the DR server gets the server's own flavor
    };
    let at = At::value(instance.path("flavorRef"), node);
    if context.flavor(flavor) == Lookup::Missing {
        cx.report(&FLAVOR_NOT_AVAILABLE, at, |f| {
            f.param("flavor", flavor);
        });
        return;
    }
    let Some(own) = server.and_then(|s| set(&s.flavor)) else {
        return;
    };
    let (dr, prod) = (specs(context, flavor), specs(context, own));
    // Only what is known on both sides is compared, and said.
    let both = |a: Option<u64>, b: Option<u64>| a.zip(b);
    let vcpus = both(dr.vcpus, prod.vcpus);
    let ram = both(dr.ram_mib, prod.ram_mib);
    let smaller = vcpus.is_some_and(|(a, b)| a < b) || ram.is_some_and(|(a, b)| a < b);
    if smaller {
        cx.report(&FLAVOR_SMALLER, at, |f| {
            f.param("flavor", flavor).param("server_flavor", own);
            if let Some((dr, prod)) = vcpus {
                f.param("vcpus", dr).param("server_vcpus", prod);
            }
            if let Some((dr, prod)) = ram {
                f.param("ram_mib", dr).param("server_ram_mib", prod);
            }
            match (vcpus, ram) {
                (Some(_), None) => f.variant("vcpus"),
                (None, Some(_)) => f.variant("ram"),
                _ => f,
            };
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{codes, options_with, request};
    use crate::Report;
    use serde_json::{json, Value};

    const GROUP: &str = "523ab8ad-3759-4933-9436-4cf4ebb20867";
    const SERVER: &str = "403b603d-1d91-42cc-a357-81f3c2daf43f";
    const SUBNET: &str = "a32217fb-3413-c313-6342-3124d3491502";
    const VPC: &str = "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85";
    const OTHER_VPC: &str = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";

    /// A context in which `test_support::request` passes every rule.
    fn context() -> Value {
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
    fn context_with(changes: &[(&str, Value)]) -> Value {
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

    fn lint(context: Value, request: Value) -> Report {
        crate::lint_value(&request, &options_with(context))
    }

    /// The report for the valid request with `field` replaced, against the
    /// changed context.
    fn check(changes: &[(&str, Value)], field: &str, value: Value) -> Report {
        lint(context_with(changes), request(field, value))
    }

    /// The valid request against the changed context.
    fn check_context(changes: &[(&str, Value)]) -> Report {
        check(changes, "name", json!("web-01"))
    }

    const GROUP_PATH: &str = "/protected_instance/server_group_id";
    const SERVER_PATH: &str = "/protected_instance/server_id";
    const SUBNET_PATH: &str = "/protected_instance/primary_subnet_id";
    const IP_PATH: &str = "/protected_instance/primary_ip_address";
    const FLAVOR_PATH: &str = "/protected_instance/flavorRef";

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

    #[test]
    fn address_outside_the_subnet() {
        let r = check(&[], "primary_ip_address", json!("192.168.1.5"));
        assert_eq!(codes(&r), [("ip-outside-subnet", IP_PATH)]);
        assert_eq!(r.diagnostics[0].params["cidr"], "192.168.0.0/24");
        assert_eq!(r.diagnostics[0].api_code, Some("SDRS.0219"));
        // Outside, the gateway and used addresses are not looked at.
        let r = check(
            &[("/subnets/0/gateway_ip", json!("10.0.0.1"))],
            "primary_ip_address",
            json!("10.0.0.1"),
        );
        assert_eq!(codes(&r), [("ip-outside-subnet", IP_PATH)]);
    }

    /// (role of the reserved address or `None`) for each last octet.
    fn roles(cidr: &str, gateway: &str, octets: &[u8]) -> Vec<Option<&'static str>> {
        let net: Ipv4Net = cidr.parse().unwrap();
        let base = net.network().octets();
        octets
            .iter()
            .map(|o| {
                let address = Ipv4Addr::new(base[0], base[1], base[2], *o);
                reserved_role(Some(net), gateway.parse().ok(), address)
            })
            .collect()
    }

    #[test]
    fn reserved_addresses_of_any_prefix_length() {
        let (n, g, s, d, b) = (
            Some("network"),
            Some("gateway"),
            Some("system"),
            Some("dhcp"),
            Some("broadcast"),
        );
        assert_eq!(
            roles(
                "192.168.0.0/24",
                "192.168.0.1",
                &[0, 1, 2, 252, 253, 254, 255]
            ),
            [n, g, None, None, s, d, b]
        );
        // A /28 inside a /24: its own last three, not .253 to .255.
        assert_eq!(
            roles(
                "192.168.0.16/28",
                "192.168.0.17",
                &[16, 17, 18, 28, 29, 30, 31]
            ),
            [n, g, None, None, s, d, b]
        );
        assert_eq!(
            roles("192.168.0.0/28", "192.168.0.1", &[12, 13, 14, 15, 253]),
            [None, s, d, b, None]
        );
        // A /30 has four addresses, all reserved.
        assert_eq!(
            roles("10.1.2.4/30", "10.1.2.5", &[4, 5, 6, 7]),
            [n, g, d, b]
        );
        assert_eq!(roles("10.1.2.4/30", "", &[5]), [s]);
        // /8 and /16: .0 and .255 inside the block are ordinary hosts.
        let wide =
            |cidr: &str, a: [u8; 4]| reserved_role(cidr.parse().ok(), None, Ipv4Addr::from(a));
        assert_eq!(wide("10.0.0.0/8", [10, 255, 255, 253]), s);
        assert_eq!(wide("10.0.0.0/8", [10, 0, 0, 0]), n);
        assert_eq!(wide("10.0.0.0/8", [10, 7, 0, 255]), None);
        assert_eq!(wide("192.168.0.0/16", [192, 168, 0, 255]), None);
        assert_eq!(wide("192.168.0.0/16", [192, 168, 255, 254]), d);
        // Without a range only the gateway is known.
        assert_eq!(
            reserved_role(
                None,
                Some(Ipv4Addr::new(10, 0, 0, 1)),
                Ipv4Addr::new(10, 0, 0, 1)
            ),
            g
        );
        assert_eq!(
            reserved_role(None, None, Ipv4Addr::new(10, 0, 0, 255)),
            None
        );
    }

    #[test]
    fn reserved_addresses_are_errors_on_the_address() {
        let slash28 = [
            ("/subnets/0/cidr", json!("192.168.0.0/28")),
            ("/subnets/0/used_ips", json!([])),
        ];
        for (address, role) in [
            ("192.168.0.0", "network"),
            ("192.168.0.1", "gateway"),
            ("192.168.0.13", "system"),
            ("192.168.0.14", "dhcp"),
            ("192.168.0.15", "broadcast"),
        ] {
            let r = check(&slash28, "primary_ip_address", json!(address));
            assert_eq!(codes(&r), [("ip-reserved", IP_PATH)], "{address}");
            assert_eq!(r.diagnostics[0].params["role"], role);
            assert_eq!(r.diagnostics[0].params["cidr"], "192.168.0.0/28");
            assert_eq!(r.diagnostics[0].api_code, Some("SDRS.0219"));
        }
        assert!(check(&slash28, "primary_ip_address", json!("192.168.0.12"))
            .diagnostics
            .is_empty());
        let r = check(&slash28, "primary_ip_address", json!("192.168.0.16"));
        assert_eq!(codes(&r), [("ip-outside-subnet", IP_PATH)]);

        let slash30 = [
            ("/subnets/0/cidr", json!("192.168.0.4/30")),
            ("/subnets/0/gateway_ip", json!("192.168.0.5")),
        ];
        for last in 4..=7 {
            let r = check(
                &slash30,
                "primary_ip_address",
                json!(format!("192.168.0.{last}")),
            );
            assert_eq!(codes(&r), [("ip-reserved", IP_PATH)], "{last}");
        }
        let r = check(&slash30, "primary_ip_address", json!("192.168.0.8"));
        assert_eq!(codes(&r), [("ip-outside-subnet", IP_PATH)]);
    }

    #[test]
    fn used_addresses() {
        let r = check(&[], "primary_ip_address", json!("192.168.0.10"));
        assert_eq!(codes(&r), [("ip-in-use", IP_PATH)]);
        assert_eq!(r.diagnostics[0].api_code, Some("SDRS.1334"));
        // Without a range, the used list still counts.
        let r = check(
            &[("/subnets/0/cidr", json!(null))],
            "primary_ip_address",
            json!("192.168.0.10"),
        );
        assert_eq!(codes(&r), [("ip-in-use", IP_PATH)]);
        // The gateway is often listed as used: one error, the precise one.
        let r = check(
            &[("/subnets/0/used_ips", json!(["192.168.0.1"]))],
            "primary_ip_address",
            json!("192.168.0.1"),
        );
        assert_eq!(codes(&r), [("ip-reserved", IP_PATH)]);
        assert!(check(&[], "primary_ip_address", json!("192.168.0.11"))
            .diagnostics
            .is_empty());
    }

    #[test]
    fn a_described_subnet_replaces_the_likely_reserved_guess() {
        let broadcast24 = request("primary_ip_address", json!("192.168.0.255"));
        let r = crate::lint_value(&broadcast24, &crate::Options::default());
        assert_eq!(codes(&r), [("ip-likely-reserved", IP_PATH)]);
        // In a /16, .0.255 is an ordinary address: no guess, no error.
        let r = lint(
            context_with(&[("/subnets/0/cidr", json!("192.168.0.0/16"))]),
            broadcast24.clone(),
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        // In the /24 the precise rule reports it, once.
        let r = lint(context(), broadcast24.clone());
        assert_eq!(codes(&r), [("ip-reserved", IP_PATH)]);
        // Subnets given but this one missing, or its range unknown: the guess stays.
        let other = request(
            "primary_subnet_id",
            json!("5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a"),
        );
        let mut other_broadcast = other.clone();
        other_broadcast["protected_instance"]["primary_ip_address"] = json!("192.168.0.255");
        let r = lint(context(), other_broadcast);
        assert_eq!(
            codes(&r),
            [
                ("subnet-not-found", SUBNET_PATH),
                ("ip-likely-reserved", IP_PATH)
            ]
        );
        let r = lint(
            context_with(&[
                ("/subnets/0/cidr", json!(null)),
                ("/subnets/0/gateway_ip", json!(null)),
            ]),
            broadcast24,
        );
        assert_eq!(codes(&r), [("ip-likely-reserved", IP_PATH)]);
    }

    #[test]
    fn flavor_not_available() {
        let r = check(&[], "flavorRef", json!("s2.large.2"));
        assert_eq!(codes(&r), [("flavor-not-available", FLAVOR_PATH)]);
        assert_eq!(r.diagnostics[0].api_code, Some("SDRS.1353"));
        assert!(check(
            &[("/flavors", json!(null))],
            "flavorRef",
            json!("s2.large.2")
        )
        .diagnostics
        .is_empty());
    }

    #[test]
    fn flavor_smaller_from_the_list() {
        let r = check(&[], "flavorRef", json!("s3.medium.2"));
        assert_eq!(codes(&r), [("flavor-smaller", FLAVOR_PATH)]);
        let d = &r.diagnostics[0];
        assert_eq!(d.severity, crate::Severity::Warning);
        assert_eq!(
            json!([
                d.params["vcpus"],
                d.params["ram_mib"],
                d.params["server_vcpus"],
                d.params["server_ram_mib"]
            ]),
            json!([1, 2048, 2, 4096])
        );
        assert_eq!(d.params["server_flavor"], "s3.large.2");
        assert!(d.message.contains("(1 vCPU, 2 GiB)"), "{}", d.message);
        assert!(check(&[], "flavorRef", json!("s3.xlarge.2"))
            .diagnostics
            .is_empty());
        // The list wins over the name: here the "medium" has as much memory.
        let r = check(
            &[
                ("/flavors/1/ram", json!(4096)),
                ("/flavors/1/vcpus", json!(2)),
            ],
            "flavorRef",
            json!("s3.medium.2"),
        );
        assert!(r.diagnostics.is_empty());
        // Less memory alone is enough.
        let r = check(
            &[
                ("/flavors/1/vcpus", json!(2)),
                ("/flavors/1/ram", json!(3584)),
            ],
            "flavorRef",
            json!("s3.medium.2"),
        );
        assert_eq!(codes(&r), [("flavor-smaller", FLAVOR_PATH)]);
        assert!(r.diagnostics[0].message.contains("3584 MiB"));
    }

    #[test]
    fn flavor_smaller_from_the_name() {
        let unlisted = |server: &str, dr: &str| {
            check(
                &[
                    ("/flavors", json!(null)),
                    ("/servers/0/flavor", json!(server)),
                ],
                "flavorRef",
                json!(dr),
            )
        };
        // c4.2xlarge.4 is 8 vCPUs and 32 GiB.
        let r = unlisted("c4.2xlarge.4", "c4.xlarge.4");
        assert_eq!(codes(&r), [("flavor-smaller", FLAVOR_PATH)]);
        let d = &r.diagnostics[0];
        assert_eq!(
            json!([d.params["vcpus"], d.params["server_vcpus"]]),
            json!([4, 8])
        );
        assert_eq!(
            json!([d.params["ram_mib"], d.params["server_ram_mib"]]),
            json!([16384, 32768])
        );
        // Same vCPUs, less memory per vCPU.
        assert!(unlisted("c4.2xlarge.4", "c4.2xlarge.2").has("flavor-smaller"));
        assert!(unlisted("s3.large.2", "s3.medium.4").has("flavor-smaller"));
        for (server, dr) in [
            ("c4.2xlarge.4", "c4.2xlarge.4"),
            ("c4.2xlarge.4", "m3.2xlarge.8"),
            ("s3.large.2", "s3.4xlarge.1"),
            // Unreadable names: nothing is known, nothing compared.
            ("custom-flavor", "s3.small.1"),
        ] {
            let r = unlisted(server, dr);
            assert!(
                r.diagnostics.is_empty(),
                "{server} -> {dr}: {:?}",
                r.diagnostics
            );
        }
        // Without flavorRef the DR server keeps the server's flavor.
        let r = lint(
            context_with(&[("/servers/0/flavor", json!("c4.2xlarge.4"))]),
            {
                let mut r = request("name", json!("web-01"));
                r["protected_instance"]
                    .as_object_mut()
                    .unwrap()
                    .remove("flavorRef");
                r
            },
        );
        assert!(r.diagnostics.is_empty());
        // A server of unknown flavor, or not listed: nothing to compare.
        assert!(check(
            &[("/servers/0/flavor", json!(null))],
            "flavorRef",
            json!("s3.medium.2")
        )
        .diagnostics
        .is_empty());
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
