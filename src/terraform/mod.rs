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

pub mod kinds;
mod known;

pub use known::pending_expression;

use crate::context::ContextIndex;
use crate::document::{Node, Span};
use crate::engine::{Checker, ResourceScope};
use crate::options::Options;
use crate::pointer::Pointer;
use crate::report::{Params, Report};
use crate::request::{Instance, Role, Shape};
use crate::rules::{self, rule};
use crate::source::{self, OffsetUnit, SyntaxError};
use known::Facts;
use std::sync::Arc;

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

/// Whether a document is read as a plan: the kind `terraform` asked for,
/// or no kind asked for and the document a plan by its shape.
pub fn reads_as_plan(root: Node, options: &Options) -> bool {
    match options.kind {
        Some(kind) => kind == kinds::OTC.name,
        None => is_plan(root),
    }
}

/// Whether JSON text is Terraform's plan or state ([`is_plan`]).
pub fn is_plan_text(text: &str) -> bool {
    source::parse(text).is_ok_and(|document| is_plan(document.root()))
}

/// Why the text is Terraform output this version refuses, in English, for
/// the command's usage error: another format major, or the streamed log.
pub fn refusal(text: &str) -> Option<String> {
    let params = refused(text)?;
    Some(crate::messages::syntax_reason(
        crate::messages::Locale::En,
        &params,
    ))
}

/// The params of [`TERRAFORM_UNSUPPORTED`], when the text is refused.
fn refused(text: &str) -> Option<Params> {
    let mut params = Params::default();
    match source::parse(text) {
        Ok(document) => {
            let root = document.root();
            let version = root.get("format_version")?.as_str()?;
            let major = version.split('.').next().unwrap_or(version);
            if !is_plan(root) || major == "1" {
                return None;
            }
            params.insert("cause", "terraform-format".into());
            params.insert("found", version.into());
        }
        Err(_) => {
            // The log's first line is an event of Terraform's UI.
            let first = text.lines().next()?;
            let line = source::parse(first).ok()?;
            let root = line.root();
            if root.get("@level").is_none() || root.get("@message").is_none() {
                return None;
            }
            params.insert("cause", "terraform-log".into());
        }
    }
    Some(params)
}

/// Lints a parsed document that [`is_plan`] (or that the options say is
/// one): one report for the whole plan.
pub fn lint(root: Node, options: &Options, text: Option<&str>, unit: OffsetUnit) -> Report {
    let known = Facts::of(root);
    let index = ContextIndex::with_known(options.context.as_deref(), &known.context);
    let mut cx = Checker::new(options, Some(&index), root.document().len());
    let (hidden, secrets) = plan_secrets(root);
    cx.hide(hidden);
    let secrets: Arc<[String]> = secrets.into();
    rules::structure::check_syntax(&mut cx, root);
    let not_plan = root.members().is_some() && !is_plan(root);
    let refusal = text
        .and_then(refused)
        .map(|p| (p, None))
        .or_else(|| not_plan.then(|| (Params::default(), Some("not-plan"))));
    if let Some((params, variant)) = refusal {
        report_refusal(&mut cx, params, variant);
        let mut report = cx.finish(text, unit);
        report.kind = Some(kinds::OTC.name);
        return report;
    }
    let mut seen = rules::plan::Seen::default();
    let mut labels: Vec<Option<String>> = Vec::new();
    let changes = root.get("resource_changes").and_then(Node::elements);
    for (i, change) in changes.into_iter().flatten().enumerate() {
        let Some(resource) = Resource::of(change, i) else {
            continue;
        };
        let mut instance = Instance::new(
            resource.kind,
            resource.platform,
            resource.after,
            resource.pointer,
        );
        for member in resource.kind.members {
            if let Shape::Map(_) = member.shape {
                instance.set_pending_entries(resource.pending_entries(member.key));
            }
            if resource.unknown(member.key) {
                let referent = known.referent(root, change, member.key);
                instance.set_unknown(member.role, referent);
            }
        }
        if resource.update_only {
            // An update can only rename it or change its tags, and sends
            // only what changes: an unchanged name is not checked again.
            for member in resource.kind.members {
                let sent =
                    matches!(member.role, Role::Name | Role::Tags) && resource.changes(member.key);
                if !sent {
                    instance.set_unknown(member.role, None);
                }
            }
        }
        cx.set_kind(resource.kind);
        cx.set_platform(Some(resource.platform));
        cx.set_resource(Some(resource.scope(&secrets)));
        rules::structure::check_object(&mut cx, &mut instance);
        crate::engine::check_members(&mut cx, &instance);
        rules::preflight::check(&mut cx, &instance);
        if let Some(policy) = options.policy.as_deref() {
            rules::policy::check(&mut cx, &instance, policy);
        }
        labels.push(Some(resource.address.to_string()));
        rules::plan::check(&mut cx, &instance, &mut seen, labels.len() - 1, &labels);
    }
    cx.set_resource(None);
    cx.set_platform(None);
    let mut report = cx.finish(text, unit);
    report.kind = Some(kinds::OTC.name);
    report
}

/// The refused document's one finding, at its root.
fn report_refusal(cx: &mut Checker, params: Params, variant: Option<&'static str>) {
    let at = crate::engine::At {
        pointer: Pointer::ROOT,
        span: None,
        order: 0,
        subject: None,
    };
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
        Some(params) => report_refusal(cx, params, None),
        None => rules::structure::report_syntax(cx, e),
    }
}

/// A resource change that sends a protected-instance request.
struct Resource<'d> {
    address: &'d str,
    type_name: &'d str,
    kind: &'static crate::request::Kind,
    platform: crate::platform::Platform,
    after: Node<'d>,
    before: Option<Node<'d>>,
    unknown: Option<Node<'d>>,
    sensitive: Option<Node<'d>>,
    pointer: Pointer<'d>,
    /// `["update"]`: a rename or new tags, nothing else.
    update_only: bool,
}

impl<'d> Resource<'d> {
    /// The change at `index` of `resource_changes`, if it creates (or
    /// replaces) or updates one of the three resources.
    fn of(change: Node<'d>, index: usize) -> Option<Self> {
        if change.get("mode")?.as_str()? != "managed" {
            return None;
        }
        let type_name = change.get("type")?.as_str()?;
        let (_, kind, platform) = kinds::RESOURCES.iter().find(|(t, ..)| *t == type_name)?;
        let body = change.get("change")?;
        let actions: Vec<&str> = body
            .get("actions")?
            .elements()?
            .filter_map(Node::as_str)
            .collect();
        let update_only = actions == ["update"];
        if !actions.contains(&"create") && !update_only {
            return None;
        }
        let after = body.get("after").filter(|a| a.members().is_some())?;
        Some(Resource {
            address: change.get("address").and_then(Node::as_str).unwrap_or(""),
            type_name,
            kind,
            platform: *platform,
            after,
            before: body.get("before").filter(|b| b.members().is_some()),
            unknown: body.get("after_unknown"),
            sensitive: body.get("after_sensitive"),
            pointer: Pointer::ROOT
                .key("resource_changes")
                .index(index)
                .key("change")
                .key("after"),
            update_only,
        })
    }

    /// Whether an update changes an argument: its value before differs
    /// from its value after (as JSON text, whitespace aside).
    fn changes(&self, key: &str) -> bool {
        let after = self.after.get(key);
        let before = self.before.and_then(|b| b.get(key));
        match (before, after) {
            (Some(before), Some(after)) => !same_value(before, after),
            (None, None) => false,
            _ => true,
        }
    }

    /// A map argument's entries whose values are known only after apply:
    /// `true` in `after_unknown` and left out of `after`.
    fn pending_entries(&self, key: &str) -> usize {
        let Some(marks) = self
            .unknown
            .and_then(|u| u.get(key))
            .and_then(Node::members)
        else {
            return 0;
        };
        let known = self.after.get(key);
        marks
            .filter(|m| is_true(m.value))
            .filter(|m| known.and_then(|k| k.get(m.key)).is_none())
            .count()
    }

    /// Whether an argument is known only after apply (`true` in
    /// `after_unknown`, or the whole of `after`).
    fn unknown(&self, key: &str) -> bool {
        let Some(unknown) = self.unknown else {
            return false;
        };
        matches!(unknown.kind(), crate::document::Kind::Bool(true))
            || unknown
                .get(key)
                .is_some_and(|v| matches!(v.kind(), crate::document::Kind::Bool(true)))
    }

    /// What its findings carry: its address, type and base, which of its
    /// values are sensitive (`true` in `after_sensitive`, at any depth), and
    /// the plan's secrets.
    fn scope(&self, secrets: &Arc<[String]>) -> ResourceScope {
        let mut scope = ResourceScope {
            address: self.address.to_string(),
            kind: self.type_name.to_string(),
            base: self.pointer.render(),
            sensitive: Vec::new(),
            secrets: Arc::clone(secrets),
        };
        if let Some(marks) = self.sensitive {
            let mut at = scope.base.clone();
            each_marked(marks, self.after, &mut at, &mut |value, pointer| {
                scope
                    .sensitive
                    .push((value.order(), value.end(), pointer.to_string()));
            });
        }
        scope
    }
}

/// Calls `found` with each value that `marks` (an `after_sensitive` or
/// `sensitive_values` tree of the same shape) marks `true` under `value`,
/// and its JSON Pointer, `at` extended.
fn each_marked<'d>(
    marks: Node<'d>,
    value: Node<'d>,
    at: &mut String,
    found: &mut impl FnMut(Node<'d>, &str),
) {
    match marks.kind() {
        crate::document::Kind::Bool(true) => found(value, at),
        crate::document::Kind::Object(members) => {
            for m in members {
                if let Some(inner) = value.get(m.key) {
                    let len = at.len();
                    at.push_str(&Pointer::ROOT.key(m.key).render());
                    each_marked(m.value, inner, at, found);
                    at.truncate(len);
                }
            }
        }
        crate::document::Kind::Array(items) => {
            let values = value.elements().into_iter().flatten();
            for (i, (mark, inner)) in items.zip(values).enumerate() {
                let len = at.len();
                at.push_str(&Pointer::ROOT.index(i).render());
                each_marked(mark, inner, at, found);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// Every string (and key) inside a sensitive value.
fn secrets(value: Node, out: &mut Vec<String>) {
    match value.kind() {
        crate::document::Kind::String(s) if !s.is_empty() => out.push(s.to_string()),
        crate::document::Kind::Object(members) => {
            for m in members {
                out.push(m.key.to_string());
                secrets(m.value, out);
            }
        }
        crate::document::Kind::Array(items) => {
            for item in items {
                secrets(item, out);
            }
        }
        _ => {}
    }
}

/// Where a plan holds sensitive values, which it writes in plain text, and
/// their texts: the values `before_sensitive` and `after_sensitive` mark in
/// every resource change, `sensitive_values` in `prior_state` and
/// `planned_values`, the sensitive outputs, and the values of variables the
/// configuration declares sensitive. A finding never writes one of these
/// texts, whichever resource's value brought it (a subnet's sensitive CIDR).
fn plan_secrets(root: Node) -> (Vec<Span>, Vec<String>) {
    let mut out = Secrets::default();
    let mark = |marks: Option<Node>, value: Option<Node>, out: &mut Secrets| {
        if let (Some(marks), Some(value)) = (marks, value) {
            each_marked(marks, value, &mut String::new(), &mut |n, _| {
                out.spans.extend(n.span());
                secrets(n, &mut out.texts);
            });
        }
    };
    for change in root
        .get("resource_changes")
        .and_then(Node::elements)
        .into_iter()
        .flatten()
        .chain(
            root.get("resource_drift")
                .and_then(Node::elements)
                .into_iter()
                .flatten(),
        )
    {
        let body = change.get("change");
        for (marks, value) in [("before_sensitive", "before"), ("after_sensitive", "after")] {
            mark(
                body.and_then(|b| b.get(marks)),
                body.and_then(|b| b.get(value)),
                &mut out,
            );
        }
    }
    let states = [
        root.get("prior_state").and_then(|s| s.get("values")),
        root.get("planned_values"),
        root.get("values"),
    ];
    for values in states.into_iter().flatten() {
        if let Some(module) = values.get("root_module") {
            module_spans(module, &mut out, 0);
        }
        for output in values
            .get("outputs")
            .and_then(Node::members)
            .into_iter()
            .flatten()
        {
            if output.value.get("sensitive").is_some_and(is_true) {
                mark(
                    output.value.get("sensitive"),
                    output.value.get("value"),
                    &mut out,
                );
            }
        }
    }
    for output in root
        .get("output_changes")
        .and_then(Node::members)
        .into_iter()
        .flatten()
    {
        for (marks, value) in [("before_sensitive", "before"), ("after_sensitive", "after")] {
            mark(output.value.get(marks), output.value.get(value), &mut out);
        }
    }
    // Variables: the root module's declarations say which are sensitive.
    let declared = root
        .get("configuration")
        .and_then(|c| c.get("root_module"))
        .and_then(|m| m.get("variables"));
    for variable in root
        .get("variables")
        .and_then(Node::members)
        .into_iter()
        .flatten()
    {
        let sensitive = declared
            .and_then(|d| d.get(variable.key))
            .and_then(|d| d.get("sensitive"));
        mark(sensitive, variable.value.get("value"), &mut out);
    }
    out.texts.sort_unstable();
    out.texts.dedup();
    (out.spans, out.texts)
}

#[derive(Default)]
struct Secrets {
    spans: Vec<Span>,
    texts: Vec<String>,
}

/// A state module's resources' `sensitive_values`, and its children's.
fn module_spans(module: Node, out: &mut Secrets, depth: usize) {
    if depth > 64 {
        return;
    }
    for resource in module
        .get("resources")
        .and_then(Node::elements)
        .into_iter()
        .flatten()
    {
        if let (Some(marks), Some(values)) =
            (resource.get("sensitive_values"), resource.get("values"))
        {
            each_marked(marks, values, &mut String::new(), &mut |n, _| {
                out.spans.extend(n.span());
                secrets(n, &mut out.texts);
            });
        }
    }
    for child in module
        .get("child_modules")
        .and_then(Node::elements)
        .into_iter()
        .flatten()
    {
        module_spans(child, out, depth + 1);
    }
}

fn is_true(node: Node) -> bool {
    matches!(node.kind(), crate::document::Kind::Bool(true))
}

/// Whether two values are the same JSON value: strings by their decoded
/// text, numbers by their text, objects member by member in any order.
fn same_value(a: Node, b: Node) -> bool {
    use crate::document::Kind;
    match (a.kind(), b.kind()) {
        (Kind::Object(x), Kind::Object(y)) => {
            let (x, y): (Vec<_>, Vec<_>) = (x.collect(), y.collect());
            x.len() == y.len()
                && x.iter().all(|m| {
                    y.iter()
                        .any(|n| n.key == m.key && same_value(m.value, n.value))
                })
        }
        (Kind::Array(x), Kind::Array(y)) => {
            let (x, y): (Vec<_>, Vec<_>) = (x.collect(), y.collect());
            x.len() == y.len() && x.iter().zip(&y).all(|(m, n)| same_value(*m, *n))
        }
        (Kind::String(x), Kind::String(y)) => x == y,
        (Kind::Number(x), Kind::Number(y)) => x == y,
        (Kind::Bool(x), Kind::Bool(y)) => x == y,
        (Kind::Null, Kind::Null) => true,
        _ => false,
    }
}
