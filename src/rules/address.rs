//! `primary_ip_address`: the DR server's primary NIC address (API page,
//! Table 1: "valid only when primary_subnet_id is specified").
//!
//! Time: linear in the address's length (one parse, a few comparisons of
//! the four octets, and whether a subnet is given).

use crate::engine::{At, Checker};
use crate::net::parse_ipv4;
use crate::platform::Platform;
use crate::request::{Field, Role};
use crate::rules::preflight;
use crate::rules::rule;

rule! {
    /// ## What it checks
    /// `primary_ip_address` is given while `primary_subnet_id` is absent,
    /// `null` or `""`. `params.value` is the address.
    ///
    /// ## Why it matters
    /// The API page: the address "is valid only when primary_subnet_id is
    /// specified". Without a subnet Open Telekom Cloud ignores it and the DR
    /// server gets another address, which breaks whatever relies on it;
    /// Huawei Cloud rejects the request (`SDRS.1380`, the finding's
    /// `api_code` there).
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "primary_ip_address": "192.168.0.5" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502",
    ///   "primary_ip_address": "192.168.0.5" } }
    /// ```
    pub static IP_REQUIRES_SUBNET = "ip-requires-subnet", Error, Format,
        "An IP address is given without a subnet";
    message: "The address {value:q} is only used together with primary_subnet_id; without it the DR server gets another address. Add primary_subnet_id or remove the address.";
    message("huawei"): "The address {value:q} is only accepted together with primary_subnet_id; the service rejects it alone. Add primary_subnet_id or remove the address.";
}

rule! {
    /// ## What it checks
    /// `primary_ip_address` is not a canonical dotted-quad IPv4 address.
    /// `params.reason` is the first of: `whitespace` (only when the value
    /// without its leading and trailing white space is an address, so that
    /// the advice to remove it makes it right), `ipv6` (IPv6 is not
    /// supported for the primary NIC), `cidr` (`192.168.0.5/24`),
    /// `leading-zero` (`192.168.0.05`), `invalid` (anything else: a
    /// sentence, a placeholder, white space inside).
    ///
    /// ## Why it matters
    /// The service rejects it with `SDRS.0219`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "primary_ip_address": "192.168.0.5/24" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "primary_ip_address": "192.168.0.5" } }
    /// ```
    pub static IP_FORMAT = "ip-format", Error, Format,
        "The IP address is not a dotted-quad IPv4 address", api_code = "SDRS.0219";
    message: "primary_ip_address {value:q} is not a dotted-quad IPv4 address: {reason:l}.";
}

rule! {
    /// ## What it checks
    /// A valid IPv4 address outside 10.0.0.0/8, 172.16.0.0/12 and
    /// 192.168.0.0/16.
    ///
    /// ## Why it matters
    /// VPC subnets always lie inside these private ranges, so a public
    /// address (often an elastic IP pasted by mistake) cannot be in the subnet.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "primary_ip_address": "80.158.1.20" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "primary_ip_address": "192.168.0.20" } }
    /// ```
    pub static IP_NOT_PRIVATE = "ip-not-private", Warning, Format,
        "The IP address is not in a private range";
    message: "{value} is not a private address; VPC subnets lie in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.";
}

rule! {
    /// ## What it checks
    /// The address's last octet is 0, 1, 253, 254 or 255: the network,
    /// gateway, system, DHCP and broadcast addresses of a /24 subnet. Only
    /// when the context does not describe the subnet; then the precise
    /// `ip-reserved` decides instead.
    ///
    /// ## Why it matters
    /// The VPC reserves these addresses, and the DR server cannot be created
    /// with one of them. Most subnets are /24.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "primary_ip_address": "192.168.0.1" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "primary_ip_address": "192.168.0.10" } }
    /// ```
    pub static IP_LIKELY_RESERVED = "ip-likely-reserved", Warning, Format,
        "The IP address is likely reserved in its subnet";
    message: "{value} is the {role:l} address of a /24 subnet (last number {octet}), which the VPC reserves; choose another address.";
}

/// The DR site server's address: its subnet, its form, its range.
pub fn check(cx: &mut Checker, field: &Field) {
    let (text, instance) = (field.text, field.instance);
    let at = At::value(field.pointer, field.node);
    let subnet_given = match instance.get(Role::Subnet) {
        // A misspelt subnet member: its rename fixes this too; a subnet
        // known only after apply will be sent.
        None => instance.misspelt(Role::Subnet) || instance.unknown(Role::Subnet),
        Some(subnet) => !subnet.is_null() && subnet.as_str() != Some(""),
    };
    if !subnet_given {
        let huawei = cx.platform() == Platform::Huawei;
        cx.report(&IP_REQUIRES_SUBNET, at, |f| {
            f.param("value", text);
            // SPEC §7: Huawei Cloud rejects the address instead of ignoring it.
            if huawei {
                f.variant("huawei").api_code("SDRS.1380");
            }
        });
    }
    let address = match parse_ipv4(text) {
        Ok(address) => address,
        Err(why) => {
            cx.report(&IP_FORMAT, at, |f| {
                f.param("value", text).param("reason", why.reason());
            });
            return;
        }
    };
    if !address.is_private() {
        cx.report(&IP_NOT_PRIVATE, at, |f| {
            f.param("value", text);
        });
    }
    let last = address.octets()[3];
    let role = match last {
        0 => "network",
        1 => "gateway",
        253 => "system",
        254 => "dhcp",
        255 => "broadcast",
        _ => return,
    };
    // Where the context describes the subnet, the precise `ip-reserved`
    // decides instead.
    let subnet_described = cx
        .context()
        .is_some_and(|c| preflight::described_subnet(instance, c).is_some());
    if !subnet_described {
        cx.report(&IP_LIKELY_RESERVED, at, |f| {
            f.param("value", text)
                .param("octet", last)
                .param("role", role);
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{codes, lint_json, with};
    use serde_json::json;

    #[test]
    fn format_reports_the_reason() {
        let r = with("primary_ip_address", json!("192.168.0.5/24"));
        assert_eq!(
            codes(&r),
            [("ip-format", "/protected_instance/primary_ip_address")]
        );
        assert_eq!(r.diagnostics[0].params["reason"], "cidr");
        assert_eq!(r.diagnostics[0].api_code, Some("SDRS.0219"));
    }

    #[test]
    fn requires_subnet() {
        for subnet in [json!(null), json!("")] {
            let r = with("primary_subnet_id", subnet);
            assert!(r.has("ip-requires-subnet"));
        }
        let r = lint_json(
            json!({"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "n", "primary_ip_address": "10.1.2.3"}}),
        );
        assert_eq!(
            codes(&r),
            [(
                "ip-requires-subnet",
                "/protected_instance/primary_ip_address"
            )]
        );
        assert!(with("primary_ip_address", json!("10.1.2.3"))
            .diagnostics
            .is_empty());
    }

    #[test]
    fn public_addresses_warn() {
        let r = with("primary_ip_address", json!("100.64.1.20"));
        assert_eq!(
            codes(&r),
            [("ip-not-private", "/protected_instance/primary_ip_address")]
        );
        for private in ["10.9.8.7", "172.31.0.9", "192.168.200.2"] {
            assert!(with("primary_ip_address", json!(private))
                .diagnostics
                .is_empty());
        }
        assert!(with("primary_ip_address", json!("172.32.0.9")).has("ip-not-private"));
    }

    #[test]
    fn likely_reserved_last_octets() {
        for last in [0, 1, 253, 254, 255] {
            let r = with("primary_ip_address", json!(format!("10.0.0.{last}")));
            assert_eq!(
                codes(&r),
                [(
                    "ip-likely-reserved",
                    "/protected_instance/primary_ip_address"
                )]
            );
        }
        assert!(with("primary_ip_address", json!("10.0.0.2"))
            .diagnostics
            .is_empty());
    }
}
