//! `tenancy` and `dedicated_host_id`: where Huawei Cloud creates the DR site
//! server, in the shared pool or on a dedicated host (SPEC §7; Huawei's SDK
//! model `CreateProtectedInstanceRequestParams`). Open Telekom Cloud does
//! not know these members (`unknown-field`).
//!
//! Time: linear in the two values' lengths (a comparison with two words,
//! and a lower-cased copy for a kept finding's fix).

use crate::edit;
use crate::engine::{At, Checker};
use crate::request::{Field, Role};
use crate::rules::rule;

rule! {
    /// ## What it checks
    /// On Huawei Cloud, `tenancy` is neither `shared` (the shared pool, the
    /// default) nor `dedicated` (a dedicated host). The values are lower
    /// case; the fix lower-cases one that differs only in case.
    ///
    /// ## Why it matters
    /// The service rejects the request with `SDRS.0228`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "tenancy": "Dedicated" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "tenancy": "dedicated" } }
    /// ```
    pub static TENANCY_VALUE = "tenancy-value", Error, Format,
        "tenancy is neither shared nor dedicated", api_code = "SDRS.0228", fix = Safe,
        platforms = [Huawei];
    message: "tenancy {value:q} is neither 'shared' nor 'dedicated'.[[ Did you mean '{suggestion}'?]]";
    fix: "Lower-case the tenancy";
}

rule! {
    /// ## What it checks
    /// On Huawei Cloud, `dedicated_host_id` is given while `tenancy` is
    /// `shared` or absent (absent means `shared`). `params.tenancy` is the
    /// tenancy when it is given.
    ///
    /// ## Why it matters
    /// A dedicated host only counts for `tenancy: "dedicated"`; for the
    /// shared pool the service refuses the request with `SDRS.1371`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "tenancy": "shared", "dedicated_host_id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "tenancy": "dedicated", "dedicated_host_id": "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60" } }
    /// ```
    pub static DEDICATED_HOST_TENANCY = "dedicated-host-tenancy", Error, Format,
        "A dedicated host is given for the shared pool", api_code = "SDRS.1371",
        platforms = [Huawei];
    message: "dedicated_host_id is given while tenancy is {tenancy:q}; the service refuses a dedicated host for the shared pool. Set tenancy to 'dedicated' or remove dedicated_host_id.";
    message("absent"): "dedicated_host_id is given without tenancy, which then means 'shared'; the service refuses a dedicated host for the shared pool. Set tenancy to 'dedicated' or remove dedicated_host_id.";
}

/// `tenancy`: one of the member's choices (`shared`, `dedicated`).
pub fn tenancy(cx: &mut Checker, field: &Field) {
    let (value, node) = (field.text, field.node);
    let choices = field.member.choices;
    if choices.contains(&value) {
        return;
    }
    cx.report(&TENANCY_VALUE, At::value(field.pointer, node), |f| {
        f.param("value", value);
        let lower = value.to_ascii_lowercase();
        if choices.contains(&lower.as_str()) {
            f.fix(edit::replace_string(
                node,
                field.pointer,
                &lower,
                TENANCY_VALUE.applicability(),
            ))
            .param("suggestion", lower);
        }
    });
}

/// `dedicated_host_id`: only with `tenancy` `dedicated`.
pub fn dedicated_host(cx: &mut Checker, field: &Field) {
    // A tenancy of another type or value has its own finding.
    let shared = match field.instance.get(Role::Tenancy) {
        None => Some(None),
        Some(node) if node.is_null() => Some(None),
        Some(node) => node.as_str().filter(|t| *t == "shared").map(Some),
    };
    if let Some(tenancy) = shared {
        let at = At::value(field.pointer, field.node);
        cx.report(&DEDICATED_HOST_TENANCY, at, |f| match tenancy {
            Some(t) => {
                f.param("tenancy", t);
            }
            None => {
                f.variant("absent");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{codes, request};
    use crate::{lint_value, Options, Platform};
    use serde_json::{json, Value};

    const HOST: &str = "9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60";

    fn on(platform: Platform, changes: &[(&str, Value)]) -> crate::Report {
        let mut r = request("name", json!("web-01"));
        for (field, value) in changes {
            r["protected_instance"][*field] = value.clone();
        }
        let options = Options {
            platform,
            ..Options::default()
        };
        lint_value(&r, &options)
    }

    #[test]
    fn tenancy_values_on_huawei() {
        for ok in ["shared", "dedicated"] {
            assert!(on(Platform::Huawei, &[("tenancy", json!(ok))])
                .diagnostics
                .is_empty());
        }
        let r = on(Platform::Huawei, &[("tenancy", json!("Dedicated"))]);
        assert_eq!(
            codes(&r),
            [("tenancy-value", "/protected_instance/tenancy")]
        );
        let d = &r.diagnostics[0];
        assert_eq!(d.api_code, Some("SDRS.0228"));
        assert_eq!(d.params["suggestion"], "dedicated");
        assert!(d.fix.is_some());
        let r = on(Platform::Huawei, &[("tenancy", json!("pool"))]);
        assert!(r.diagnostics[0].fix.is_none());
        let r = on(Platform::Huawei, &[("tenancy", json!(""))]);
        assert_eq!(
            codes(&r),
            [("tenancy-value", "/protected_instance/tenancy")]
        );
        let r = on(Platform::Huawei, &[("tenancy", json!(1))]);
        assert_eq!(
            codes(&r),
            [("type-mismatch", "/protected_instance/tenancy")]
        );
    }

    #[test]
    fn a_dedicated_host_needs_dedicated_tenancy() {
        let host = ("dedicated_host_id", json!(HOST));
        assert!(on(
            Platform::Huawei,
            &[host.clone(), ("tenancy", json!("dedicated"))]
        )
        .diagnostics
        .is_empty());
        let r = on(
            Platform::Huawei,
            &[host.clone(), ("tenancy", json!("shared"))],
        );
        let path = "/protected_instance/dedicated_host_id";
        assert_eq!(codes(&r), [("dedicated-host-tenancy", path)]);
        assert_eq!(r.diagnostics[0].params["tenancy"], "shared");
        assert_eq!(r.diagnostics[0].api_code, Some("SDRS.1371"));
        let r = on(Platform::Huawei, std::slice::from_ref(&host));
        assert_eq!(codes(&r), [("dedicated-host-tenancy", path)]);
        assert_eq!(r.diagnostics[0].variant, Some("absent"));
        // A wrong tenancy is one finding, not two.
        let r = on(
            Platform::Huawei,
            &[host.clone(), ("tenancy", json!("Shared"))],
        );
        assert_eq!(
            codes(&r),
            [("tenancy-value", "/protected_instance/tenancy")]
        );
    }

    #[test]
    fn on_otc_the_members_are_unknown() {
        let r = on(
            Platform::Otc,
            &[
                ("tenancy", json!("pool")),
                ("dedicated_host_id", json!("x")),
                ("cluster_id", json!("y")),
            ],
        );
        assert_eq!(
            codes(&r),
            [
                ("unknown-field", "/protected_instance/tenancy"),
                ("unknown-field", "/protected_instance/dedicated_host_id"),
                ("unknown-field", "/protected_instance/cluster_id"),
            ]
        );
        assert!(r
            .diagnostics
            .iter()
            .all(|d| d.params["platform"] == "huawei"));
    }
}
