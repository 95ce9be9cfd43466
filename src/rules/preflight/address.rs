//! The address in the DR site subnet: inside its range, not one the VPC
//! reserves, not in use.

use crate::context::Subnet;
use crate::engine::{At, Checker};
use crate::net::parse_ipv4;
use crate::request::{Instance, Role};
use crate::rules::rule;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

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
    message: "{value} is not inside the subnet's range {cidr}; choose an address of the subnet.";
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
    message: "{value} is the {role:l} address of the subnet[[ {cidr}]], which the VPC reserves; choose another address.";
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
    message: "{value} is already in use in the subnet; choose a free address, or omit primary_ip_address to get one.";
}

pub(super) fn check(cx: &mut Checker, instance: &Instance, subnet: &Subnet) {
    let Some((text, node)) = instance.non_empty(Role::Address) else {
        return;
    };
    let Ok(address) = parse_ipv4(text) else {
        return; // ip-format
    };
    let at = At::value(instance.pointer(Role::Address), node);
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

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::reserved_role;
    use ipnet::Ipv4Net;
    use serde_json::json;
    use std::net::Ipv4Addr;

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
}
