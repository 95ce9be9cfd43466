//! IPv4 addresses as the request and the context write them: canonical
//! dotted quads, and why a text is not one (SPEC §3, `ip-format`). Below
//! both the context reader and the rules, which share it.

use std::net::Ipv4Addr;

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
    /// The name `ip-format`'s `params.reason` gives it.
    pub fn reason(self) -> &'static str {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
