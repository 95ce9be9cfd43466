//! The DR site server's flavor: available at the DR site, and not smaller
//! than its production site server's.

use super::set;
use crate::context::{ContextIndex, Lookup, Server};
use crate::engine::Checker;
use crate::request::{Named, Protection};
use crate::rules::flavor::{parse_flavor, Flavor};
use crate::rules::rule;

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
    message: "The flavor {flavor:q} is not among the flavors of the context (those available at the DR site); choose one of them.";
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
    message: "{flavor:q} ({vcpus} vCPU, {ram_mib:mib}) is smaller than the server's flavor {server_flavor:q} ({server_vcpus} vCPU, {server_ram_mib:mib}); after a failover the application runs with less. Choose a flavor at least as large, or omit flavorRef to keep the server's.";
    message("vcpus"): "{flavor:q} ({vcpus} vCPU) is smaller than the server's flavor {server_flavor:q} ({server_vcpus} vCPU); after a failover the application runs with less. Choose a flavor at least as large, or omit flavorRef to keep the server's.";
    message("ram"): "{flavor:q} ({ram_mib:mib}) is smaller than the server's flavor {server_flavor:q} ({server_ram_mib:mib}); after a failover the application runs with less. Choose a flavor at least as large, or omit flavorRef to keep the server's.";
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

pub(super) fn check(
    cx: &mut Checker,
    protection: &Protection,
    context: &ContextIndex,
    server: Option<&Server>,
) {
    let Some(Named {
        text: flavor, at, ..
    }) = protection.flavor
    else {
        return; // the DR server gets the server's own flavor
    };
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
    use super::super::fixture::*;
    use serde_json::json;

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
}
