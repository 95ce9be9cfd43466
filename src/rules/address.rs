//! `primary_ip_address`: the DR server's primary NIC address (API page,
//! Table 1: "valid only when primary_subnet_id is specified").
//!
//! Time: linear in the address's length (one parse, a few comparisons of
//! the four octets, and whether a subnet is given).

use crate::engine::{At, Checker, Instance};
use crate::options::Platform;
use crate::rules::rule;
use std::net::Ipv4Addr;

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
}

/// Why a text is not a canonical dotted quad (SPEC §2's order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Malformed {
    Whitespace,
    Ipv6,
    Cidr,
    LeadingZero,
    Invalid,
}

impl Malformed {
    fn reason(self) -> &'static str {
        match self {
            Malformed::Whitespace => "whitespace",
            Malformed::Ipv6 => "ipv6",
            Malformed::Cidr => "cidr",
            Malformed::LeadingZero => "leading-zero",
            Malformed::Invalid => "invalid",
        }
    }
}

/// A canonical dotted-quad IPv4 address, or why the text is not one.
pub fn parse_ipv4(s: &str) -> Result<Ipv4Addr, Malformed> {
    let trimmed = s.trim();
    if trimmed.len() == s.len() {
        return dotted_quad(s);
    }
    // "Remove the white space" is advice only where it makes an address;
    // a sentence or a padded CIDR gets the reason its text has.
    dotted_quad(trimmed).and(Err(Malformed::Whitespace))
}

/// [`parse_ipv4`] of a text without leading or trailing white space.
fn dotted_quad(s: &str) -> Result<Ipv4Addr, Malformed> {
    if s.chars().any(char::is_whitespace) {
        return Err(Malformed::Invalid);
    }
    if s.split('/').next().is_some_and(looks_like_ipv6) {
        return Err(Malformed::Ipv6);
    }
    if s.contains('/') {
        return Err(Malformed::Cidr);
    }
    // Four numbers of one to three digits; then, in SPEC's order, a value
    // above 255 is invalid before a leading zero counts.
    let mut octets = [0u16; 4];
    let mut count = 0;
    let mut leading_zero = false;
    for part in s.split('.') {
        let numeric = (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
        let Some(octet) = octets.get_mut(count).filter(|_| numeric) else {
            return Err(Malformed::Invalid);
        };
        *octet = part.bytes().fold(0, |n, b| n * 10 + u16::from(b - b'0'));
        leading_zero |= part.len() > 1 && part.starts_with('0');
        count += 1;
    }
    if count != 4 || octets.iter().any(|o| *o > 255) {
        return Err(Malformed::Invalid);
    }
    if leading_zero {
        return Err(Malformed::LeadingZero);
    }
    let [a, b, c, d] = octets.map(|o| o as u8);
    Ok(Ipv4Addr::new(a, b, c, d))
}

/// The shape of an IPv6 address: hexadecimal groups and colons (maybe an
/// IPv4 tail), with `::` or all eight groups. Enough to name the mistake;
/// the standard library's full parser would add 2.6 KB to the browser build.
fn looks_like_ipv6(s: &str) -> bool {
    let colons = s.bytes().filter(|&b| b == b':').count();
    let compressed = s.as_bytes().windows(2).any(|w| w == b"::");
    (colons == 7 || (compressed && colons <= 7))
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
}

/// `subnet_described`: the context describes the subnet, so the precise
/// pre-flight rules replace the /24 guess.
pub fn check(cx: &mut Checker, instance: &Instance, subnet_described: bool) {
    let Some((text, node)) = instance.string("primary_ip_address") else {
        return;
    };
    if text.is_empty() {
        return; // empty-value
    }
    let at = At::value(instance.path("primary_ip_address"), node);
    let subnet_given = match instance.get("primary_subnet_id") {
        // A misspelt subnet member: its rename fixes this too.
        None => instance.misspelt("primary_subnet_id"),
        Some(subnet) => !subnet.is_null() && subnet.as_str() != Some(""),
    };
    if !subnet_given {
        let huawei = cx.options().platform == Platform::Huawei;
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
    use super::*;
    use crate::test_support::{codes, lint_json, with};
    use serde_json::json;

    #[test]
    fn reasons_in_order() {
        let cases = [
            (" 10.0.0.5", Malformed::Whitespace),
            ("10.0.0.5\u{3000}", Malformed::Whitespace),
            // White space that removing would not make right.
            ("use the default address", Malformed::Invalid),
            ("10.0. 0.5", Malformed::Invalid),
            (" 10.0.0.5/24 ", Malformed::Cidr),
            (" fe80::1", Malformed::Ipv6),
            ("\t10.0.0.05", Malformed::LeadingZero),
            ("2001:db8::1", Malformed::Ipv6),
            ("::ffff:10.0.0.5", Malformed::Ipv6),
            ("fd00:0:0:0:0:0:0:1", Malformed::Ipv6),
            ("::1/128", Malformed::Ipv6),
            ("10:0:0:5", Malformed::Invalid),
            ("fe80::1%eth0", Malformed::Invalid),
            ("10.0.0.5/24", Malformed::Cidr),
            ("10.0.0.05", Malformed::LeadingZero),
            ("10.0.0.256", Malformed::Invalid),
            ("10.0.0", Malformed::Invalid),
            ("10.0.0.5.6", Malformed::Invalid),
            ("0x0a.0.0.5", Malformed::Invalid),
            ("10.0.0.+5", Malformed::Invalid),
        ];
        for (text, why) in cases {
            assert_eq!(parse_ipv4(text), Err(why), "{text}");
        }
        assert_eq!(parse_ipv4("10.0.0.5"), Ok(Ipv4Addr::new(10, 0, 0, 5)));
        assert_eq!(parse_ipv4("0.0.0.0"), Ok(Ipv4Addr::new(0, 0, 0, 0)));
    }

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
