//! Terraform plans (SPEC §10): the JSON of a saved plan (`terraform show
//! -json PLANFILE`, `tofu show -json PLANFILE`, format 1.x) is linted as the
//! requests its SDRS protected-instance resources will send. Each resource
//! change that creates one (or replaces it) is an instance of its
//! resource's kind (`kinds`): its `change.after` checked by the same rules
//! as a request's body, values known only after apply skipped, sensitive
//! values never written, the pre-flight rules run against what the plan
//! itself knows (`known`) and the caller's context, and the plan rules
//! across all of them. Every finding names its resource instance.
//!
//! Time: linear in the plan: one pass over its resources for what they
//! know, one over the changes, a hash look-up per reference.

//!
//! The reader is the `terraform` feature: a build without it (the npm
//! package's core browser module) still finds a plan, refuses what every
//! build refuses, and reports any other plan as one
//! `terraform-unsupported` (`params.cause` `terraform-not-built`), never as a
//! request it half read.

#[cfg(feature = "terraform")]
pub mod kinds;
#[cfg(feature = "terraform")]
mod known;
#[cfg(feature = "terraform")]
mod reader;
pub mod scope;

use crate::document::Node;
use crate::engine::{At, Checker};
use crate::options::Options;
use crate::pointer::Pointer;
use crate::report::{Params, Report};
use crate::rules::{self, rule};
use crate::source::{self, OffsetUnit, SyntaxError};

/// The `kind` option's name for plans, and the kind their reports have.
pub const KIND: &str = "terraform";

rule! {
    /// ## What it checks
    /// The input is Terraform's output, but not a plan sdrs-lint reads: a
    /// plan of another `format_version` major than 1 (`params.cause`
    /// `terraform-format`, `params.found` the version), or the streamed log
    /// of `terraform plan -json` (a line of JSON per event, `params.cause`
    /// `terraform-log`) instead of the plan itself; or, with the kind
    /// `terraform` asked for, JSON that is no plan at all (the variant
    /// `not-plan`, no params). The command refuses the first two with a
    /// usage error (exit 2).
    ///
    /// ## Why it matters
    /// Neither holds the requests in a form this version can read: a new
    /// major may mean anything, and the log holds messages, not the
    /// planned values.
    ///
    /// ## Example
    /// ```json
    /// { "format_version": "2.0", "resource_changes": [] }
    /// ```
    /// Use instead the JSON of a saved plan of Terraform 0.12 to 1.x or
    /// OpenTofu (`terraform plan -out tf.plan && terraform show -json tf.plan`):
    /// ```json
    /// { "format_version": "1.2", "resource_changes": [] }
    /// ```
    pub static TERRAFORM_UNSUPPORTED = "terraform-unsupported", Error, Syntax,
        "Terraform output that is not a plan sdrs-lint reads";
    message: "This is Terraform output sdrs-lint cannot read: {cause:l}.";
    message("not-plan"): "The kind terraform was asked for, but this is not the JSON of a Terraform plan: no format_version with resource_changes or planned_values. Lint a request without the kind terraform, or a plan saved with terraform show -json tf.plan.";
}

/// Whether a document is Terraform's JSON of a plan or a state: a top-level
/// `format_version` with `resource_changes`, `planned_values` or `values`.
pub fn is_plan(root: Node) -> bool {
    root.get("format_version")
        .is_some_and(|v| v.as_str().is_some())
        && ["resource_changes", "planned_values", "values"]
            .iter()
            .any(|k| root.get(k).is_some())
}

/// Whether a document is one event of `terraform plan -json`'s streamed
/// log (`@level`, `@message`): Terraform output, refused as such wherever
/// it is met, not a request with unknown members.
pub fn is_log_event(root: Node) -> bool {
    root.get("@level").is_some() && root.get("@message").is_some()
}

/// Whether a document is read as a plan: the kind `terraform` asked for,
/// or no kind asked for and the document a plan by its shape (or an event
/// of the log, which that reading refuses).
pub fn reads_as_plan(root: Node, options: &Options) -> bool {
    match options.kind {
        Some(kind) => kind == KIND,
        None => is_plan(root) || is_log_event(root),
    }
}

/// Whether JSON text is Terraform's plan or state ([`is_plan`]).
pub fn is_plan_text(text: &str) -> bool {
    source::parse(text).is_ok_and(|document| is_plan(document.root()))
}

/// Why the text is Terraform output this version refuses, in English, for
/// the command's usage error: another format major, or the streamed log.
pub fn refusal(text: &str, locale: crate::messages::Locale) -> Option<String> {
    let params = refused(text)?;
    Some(crate::messages::syntax_reason(locale, &params))
}

/// The params of [`TERRAFORM_UNSUPPORTED`], when the text is refused.
fn refused(text: &str) -> Option<Params> {
    let mut params = Params::default();
    match source::parse(text) {
        Ok(document) => {
            let root = document.root();
            if is_log_event(root) {
                params.insert("cause", "terraform-log".into());
                return Some(params);
            }
            let version = root.get("format_version")?.as_str()?;
            let major = version.split('.').next().unwrap_or(version);
            if !is_plan(root) || major == "1" {
                return None;
            }
            params.insert("cause", "terraform-format".into());
            params.insert("found", version.into());
        }
        Err(_) => return log_params(text.lines().next()?),
    }
    Some(params)
}

/// The params of a refused log, when `first` (the first line of text that
/// is not one JSON value) is an event of Terraform's UI.
fn log_params(first: &str) -> Option<Params> {
    let line = source::parse(first).ok()?;
    if !is_log_event(line.root()) {
        return None;
    }
    let mut params = Params::default();
    params.insert("cause", "terraform-log".into());
    Some(params)
}

/// [`refusal`] of a text read a line at a time (the command's `--ndjson`)
/// whose whole does not parse as one JSON value, known by its first line:
/// whether that is an event of Terraform's streamed log.
pub fn log_refusal(first_line: &str, locale: crate::messages::Locale) -> Option<String> {
    let params = log_params(first_line)?;
    Some(crate::messages::syntax_reason(locale, &params))
}

/// Lints a parsed document that [`is_plan`] (or that the options say is
/// one): one report for the whole plan. Without the `terraform` feature,
/// a plan this version refuses is refused as always, and any other is one
/// `terraform-unsupported` finding saying that this build does not read
/// plans.
pub fn lint(root: Node, options: &Options, text: Option<&str>, unit: OffsetUnit) -> Report {
    #[cfg(feature = "terraform")]
    return reader::lint(root, options, text, unit);
    #[cfg(not(feature = "terraform"))]
    {
        let mut cx = Checker::new(options, None, root.document().len());
        rules::structure::check_syntax(&mut cx, root);
        let params = text.and_then(refused).unwrap_or_else(|| {
            let mut params = Params::default();
            params.insert("cause", "terraform-not-built".into());
            params
        });
        report_refusal(&mut cx, refused_at(root), params, None);
        let mut report = cx.finish(text, unit);
        report.kind = Some(KIND);
        report
    }
}

/// An ID of the plan known only after apply, as the expression that will
/// produce it (`huaweicloud_compute_instance.app["a"].id`); `None` for any
/// other text.
pub fn pending_expression(id: &str) -> Option<String> {
    #[cfg(feature = "terraform")]
    return known::pending_expression(id);
    #[cfg(not(feature = "terraform"))]
    {
        let _ = id;
        None
    }
}

/// How a resource type's arguments differ from the API's member names
/// (`(API member, argument)` pairs), for its findings' messages.
pub fn renamed(resource_type: &str) -> Vec<(&'static str, &'static str)> {
    #[cfg(feature = "terraform")]
    return kinds::renamed(resource_type);
    #[cfg(not(feature = "terraform"))]
    {
        let _ = resource_type;
        Vec::new()
    }
}

/// Where a refused document's one finding points: its `format_version`,
/// else its root.
fn refused_at(root: Node) -> At<'static> {
    match root.get("format_version") {
        Some(version) => At::value(Pointer::ROOT.key("format_version"), version),
        None => At::value(Pointer::ROOT, root),
    }
}

/// The refused document's one finding.
fn report_refusal(cx: &mut Checker, at: At, params: Params, variant: Option<&'static str>) {
    cx.report(&TERRAFORM_UNSUPPORTED, at, |f| {
        for (key, value) in params.iter() {
            f.param(key, value.clone());
        }
        if let Some(variant) = variant {
            f.variant(variant);
        }
    });
}

/// Text that is not JSON: the log of `terraform plan -json` is refused as
/// such, anything else is `invalid-json` as usual.
pub fn refused_syntax(text: &str) -> Option<Params> {
    refused(text).filter(|p| p.get("cause").and_then(|c| c.as_str()) == Some("terraform-log"))
}

/// Reports a syntax error, or the refusal of a Terraform log in its place.
pub fn report_syntax(cx: &mut Checker, e: &SyntaxError, text: Option<&str>) {
    match text.and_then(refused_syntax) {
        Some(params) => {
            // The log's first line, the event that says what it is.
            let first = text.map_or(0, |t| t.find(['\n', '\r']).unwrap_or(t.len()));
            let at = At {
                pointer: Pointer::ROOT,
                span: Some(crate::document::Span::new(0, first)),
                order: 0,
                subject: None,
            };
            report_refusal(cx, at, params, None)
        }
        None => rules::structure::report_syntax(cx, e),
    }
}
