//! The plan reader (the `terraform` feature): each protected-instance
//! resource change as a request of its resource's kind, checked by the
//! request's rule families with what the plan knows as context.

use super::known::Facts;
use super::{is_plan, kinds, refused, refused_at, report_refusal};
use crate::context::ContextIndex;
use crate::document::{Node, Span};
use crate::engine::{Checker, ResourceScope};
use crate::options::Options;
use crate::pointer::Pointer;
use crate::report::{Params, Report};
use crate::request::{Instance, Role, Shape};
use crate::rules;
use crate::source::OffsetUnit;
use std::sync::Arc;

/// Lints a parsed document that [`is_plan`] (or that the options say is
/// one): one report for the whole plan.
pub(super) fn lint(root: Node, options: &Options, text: Option<&str>, unit: OffsetUnit) -> Report {
    let known = Facts::of(root);
    let index = ContextIndex::with_known(options.context(), &known.context);
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
        report_refusal(&mut cx, refused_at(root), params, variant);
        let mut report = cx.finish(text, unit);
        report.kind = Some(super::KIND);
        return report;
    }
    let mut seen = rules::plan::Seen::default();
    let mut labels = rules::plan::Labels::default();
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
        labels.push(Some(resource.address));
        rules::plan::check(&mut cx, &instance, &mut seen, labels.len() - 1, &labels);
    }
    cx.set_resource(None);
    cx.set_platform(None);
    let mut report = cx.finish(text, unit);
    report.kind = Some(super::KIND);
    report
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
            pointer: Pointer::plan_change(index),
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
