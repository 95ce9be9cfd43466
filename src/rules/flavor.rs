//! `flavorRef`: the DR server's ECS flavor, "AB.C.D" (OTC ECS flavor naming).
//!
//! Time: linear in the flavor's length: a hand-written parser, no regular
//! expression, and a lookup in a fixed list of families.

use crate::edit;
use crate::engine::{At, Checker};
use crate::request::Field;
use crate::rules::rule;

rule! {
    /// ## What it checks
    /// `flavorRef` does not match
    /// `^[a-z]+[0-9]+[a-z]*\.(small|medium|large|xlarge|[1-9][0-9]*xlarge)\.[1-9][0-9]*(\.physical)?$`:
    /// family letters, generation digits, optional letters, a size, the
    /// memory/vCPU ratio (OTC's "AB.C.D" flavor names; the 300 genuine OTC
    /// ECS flavor names match). `params`: `{value, suggestion?}`. The fix
    /// lower-cases it when that matches (safe: flavor names are lower case).
    ///
    /// ## Why it matters
    /// The service rejects an unknown flavor with `SDRS.1353`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "flavorRef": "c4-xlarge-2" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "flavorRef": "c4.xlarge.2" } }
    /// ```
    pub static FLAVOR_FORMAT = "flavor-format", Error, Format,
        "The flavor is not an ECS flavor name", api_code = "SDRS.1353", fix = Safe;
    message: "{value:q} is not an ECS flavor name; flavors look like 's3.large.2' (family and generation, size, memory per vCPU).[[ Did you mean '{suggestion}'?]]";
    fix: "Lower-case the flavor";
}

rule! {
    /// ## What it checks
    /// `flavorRef` is a flavor followed by `.linux` or `.win`: a price-list
    /// code, not a flavor ID. `params`: `{value, flavor, suffix}`. The fix
    /// strips the suffix (safe: the flavor meant).
    ///
    /// ## Why it matters
    /// Price lists and billing exports print these codes, and they are easily
    /// copied; the service rejects them with `SDRS.1353`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "flavorRef": "s3.medium.4.win" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "flavorRef": "s3.medium.4" } }
    /// ```
    pub static FLAVOR_BILLING_CODE = "flavor-billing-code", Error, Format,
        "The flavor is a price-list code", api_code = "SDRS.1353", fix = Safe;
    message: "{value:q} is a price-list code; the flavor ID is '{flavor}' (without '{suffix}').";
    fix: "Remove '{suffix}'";
}

rule! {
    /// ## What it checks
    /// A valid flavor of a family SDRS does not protect: GPU (family starting
    /// with `g` or `p`), FPGA (`fp…`), Kunpeng (`k…`), C6, C9, S9, M9 (with
    /// any suffix letters, such as `c6s`), every family with local disks
    /// (ultra-high I/O, starting with `i`: `i3`, `i3m`, `ir3`; disk-intensive,
    /// starting with `d`: `d2`, `d3`), or a `.physical` (bare metal) flavor.
    /// `params.reason` says which: `gpu`, `fpga`, `kunpeng`, `family`,
    /// `local-disk`, `physical`.
    ///
    /// ## Why it matters
    /// SDRS supports general-purpose and memory-optimized ECS flavors only,
    /// and protects only servers whose disks are all EVS disks (OTC SDRS
    /// constraints page): a local disk cannot be replicated. The job fails
    /// with `SDRS.1353`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "flavorRef": "g6.xlarge.4" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "flavorRef": "s3.xlarge.4" } }
    /// ```
    pub static FLAVOR_UNSUPPORTED = "flavor-unsupported", Warning, Format,
        "The flavor's family is not supported by SDRS", api_code = "SDRS.1353";
    message: "{value:q} is {reason:l}; SDRS cannot protect a server with it.";
}

/// A flavor name taken apart: `c6s.2xlarge.4` is family `c`, generation 6,
/// variant `s`, size `2xlarge`, ratio 4.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flavor<'a> {
    pub family: &'a str,
    pub generation: &'a str,
    pub variant: &'a str,
    pub size: &'a str,
    pub ratio: u64,
    pub physical: bool,
}

impl Flavor<'_> {
    /// vCPUs by size: small and medium 1, large 2, xlarge 4, Nxlarge 4·N.
    pub fn vcpus(&self) -> u64 {
        match self.size {
            "small" | "medium" => 1,
            "large" => 2,
            "xlarge" => 4,
            n => number(n.strip_suffix("xlarge").unwrap_or(n)).saturating_mul(4),
        }
    }

    /// Memory in GiB: vCPUs × ratio.
    pub fn ram_gib(&self) -> u64 {
        self.vcpus().saturating_mul(self.ratio)
    }
}

fn split_while(s: &str, f: impl Fn(u8) -> bool) -> (&str, &str) {
    let n = s.bytes().take_while(|b| f(*b)).count();
    s.split_at_checked(n).unwrap_or((s, ""))
}

/// Parses an ECS flavor name; `None` when it is not one.
pub fn parse_flavor(s: &str) -> Option<Flavor<'_>> {
    let (family, rest) = split_while(s, |b| b.is_ascii_lowercase());
    let (generation, rest) = split_while(rest, |b| b.is_ascii_digit());
    let (variant, rest) = split_while(rest, |b| b.is_ascii_lowercase());
    if family.is_empty() || generation.is_empty() {
        return None;
    }
    let mut parts = rest.strip_prefix('.')?.split('.');
    let size = parts.next()?;
    let ratio = parts.next()?;
    let physical = match parts.next() {
        None => false,
        Some("physical") => true,
        Some(_) => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    let size_ok = matches!(size, "small" | "medium" | "large" | "xlarge")
        || size.strip_suffix("xlarge").is_some_and(positive);
    if !size_ok || !positive(ratio) {
        return None;
    }
    Some(Flavor {
        family,
        generation,
        variant,
        size,
        ratio: number(ratio),
        physical,
    })
}

/// Digits as a number, the largest `u64` past it: SPEC's flavor pattern
/// bounds no number, and a size that large is as good as unknown.
fn number(digits: &str) -> u64 {
    digits.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    })
}

/// `[1-9][0-9]*`
fn positive(s: &str) -> bool {
    !s.is_empty() && !s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit())
}

/// Why SDRS does not protect this flavor, if it does not.
fn unsupported(f: &Flavor) -> Option<&'static str> {
    let series = (f.family, f.generation);
    Some(if f.physical {
        "physical"
    } else if f.family.starts_with("fp") {
        "fpga"
    } else if f.family.starts_with(['g', 'p']) {
        "gpu"
    } else if f.family.starts_with('k') {
        "kunpeng"
    } else if f.family.starts_with(['i', 'd']) {
        // Ultra-high I/O and disk-intensive families carry local disks, and
        // SDRS protects only servers on EVS disks (OTC SDRS constraints).
        "local-disk"
    } else if [("c", "6"), ("c", "9"), ("s", "9"), ("m", "9")].contains(&series) {
        "family"
    } else {
        return None;
    })
}

pub fn check(cx: &mut Checker, field: &Field) {
    let (flavor, node, path) = (field.text, field.node, field.pointer);
    let at = At::value(path, node);
    if let Some(f) = parse_flavor(flavor) {
        if let Some(reason) = unsupported(&f) {
            cx.report(&FLAVOR_UNSUPPORTED, at, |f| {
                f.param("value", flavor).param("reason", reason);
            });
        }
        return;
    }
    let billing = [".linux", ".win"]
        .iter()
        .find_map(|suffix| flavor.strip_suffix(suffix).map(|base| (base, *suffix)));
    if let Some((base, suffix)) = billing.filter(|(base, _)| parse_flavor(base).is_some()) {
        cx.report(&FLAVOR_BILLING_CODE, at, |f| {
            f.param("value", flavor)
                .param("flavor", base)
                .param("suffix", suffix)
                .fix(edit::replace_string(
                    node,
                    path,
                    base,
                    FLAVOR_BILLING_CODE.applicability(),
                ));
        });
        return;
    }
    cx.report(&FLAVOR_FORMAT, at, |f| {
        f.param("value", flavor);
        let lower = flavor.to_ascii_lowercase();
        if parse_flavor(&lower).is_some() {
            f.fix(edit::replace_string(
                node,
                path,
                &lower,
                FLAVOR_FORMAT.applicability(),
            ))
            .param("suggestion", lower);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{codes, with};
    use serde_json::json;

    #[test]
    fn genuine_flavors_parse() {
        for name in [
            "s3.large.2",
            "c4.xlarge.2",
            "s3.medium.4",
            "m3ne.8xlarge.8",
            "c6s.2xlarge.4",
            "e3.52xlarge.16",
            "physical.s4.medium",
        ] {
            let parsed = parse_flavor(name);
            assert_eq!(parsed.is_some(), name != "physical.s4.medium", "{name}");
        }
        let f = parse_flavor("c4.2xlarge.4").unwrap();
        assert_eq!((f.vcpus(), f.ram_gib()), (8, 32));
        assert_eq!(parse_flavor("s3.large.2").unwrap().ram_gib(), 4);
        assert_eq!(parse_flavor("s3.small.1").unwrap().vcpus(), 1);
        assert!(parse_flavor("h1.large.4.physical").unwrap().physical);
        // SPEC's pattern bounds no number.
        let huge = parse_flavor("s3.99999999999999999999xlarge.4294967296").unwrap();
        assert_eq!((huge.vcpus(), huge.ratio), (u64::MAX, 4294967296));
    }

    #[test]
    fn malformed_names_fail() {
        for bad in [
            "c4-xlarge-2",
            "c4.xlarge",
            "c.xlarge.2",
            "4.xlarge.2",
            "c4.0xlarge.2",
            "c4.xlarge.02",
            "c4.huge.2",
            "c4.xlarge.2.metal",
            "C4.XLARGE.2",
        ] {
            let r = with("flavorRef", json!(bad));
            assert_eq!(
                codes(&r),
                [("flavor-format", "/protected_instance/flavorRef")],
                "{bad}"
            );
        }
        let r = with("flavorRef", json!("C4.XLARGE.2"));
        let fix = serde_json::to_value(r.diagnostics[0].fix.as_ref().unwrap()).unwrap();
        assert_eq!(fix["patch"][0]["value"], "c4.xlarge.2");
        assert!(with("flavorRef", json!("c4-xlarge-2")).diagnostics[0]
            .fix
            .is_none());
    }

    #[test]
    fn billing_codes() {
        let r = with("flavorRef", json!("s3.medium.4.win"));
        assert_eq!(
            codes(&r),
            [("flavor-billing-code", "/protected_instance/flavorRef")]
        );
        let fix = serde_json::to_value(r.diagnostics[0].fix.as_ref().unwrap()).unwrap();
        assert_eq!(fix["patch"][0]["value"], "s3.medium.4");
        assert!(with("flavorRef", json!("s3.medium.4.linux")).has("flavor-billing-code"));
        assert!(with("flavorRef", json!("s3.medium.linux")).has("flavor-format"));
    }

    #[test]
    fn unsupported_families() {
        for (name, reason) in [
            ("g6.xlarge.4", "gpu"),
            ("p2s.2xlarge.8", "gpu"),
            ("fp1.2xlarge.11", "fpga"),
            ("kc1.large.2", "kunpeng"),
            ("c6s.large.2", "family"),
            ("m9.large.8", "family"),
            ("d2.xlarge.8", "local-disk"),
            ("d3.2xlarge.8", "local-disk"),
            ("i3.2xlarge.8", "local-disk"),
            ("i3m.4xlarge.8", "local-disk"),
            ("ir3.large.4", "local-disk"),
            ("s3.large.2.physical", "physical"),
        ] {
            let r = with("flavorRef", json!(name));
            assert_eq!(
                codes(&r),
                [("flavor-unsupported", "/protected_instance/flavorRef")],
                "{name}"
            );
            assert_eq!(r.diagnostics[0].params["reason"], reason);
        }
        for ok in ["c4.xlarge.2", "s2.large.4", "m6.large.8", "c3ne.large.2"] {
            assert!(with("flavorRef", json!(ok)).diagnostics.is_empty(), "{ok}");
        }
    }
}
