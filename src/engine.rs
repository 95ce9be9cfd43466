//! The road every request takes: find the protected instance, hand each
//! member to its rule family, and turn what the rules reported into a
//! [`Report`]. The sink at the end is the only place that applies severity
//! overrides, suppression, ordering and the cap; rules just report.
//!
//! The sink keeps at most `max_diagnostics` findings at any time (a heap of
//! the first ones in report order) and only counts the rest: past the cap a
//! finding costs a comparison, no message, path, params or fix. Families run
//! in a fixed order (structure, then the member families, then pre-flight,
//! plan and policy rules) so that when a finding arrives, every finding that
//! can suppress it has arrived before it.

use crate::context::ContextIndex;
use crate::document::{Document, Member, Node, Span};
pub use crate::edit::FixDraft;
use crate::messages;
use crate::options::Options;
use crate::platform::Platform;
use crate::pointer::Pointer;
use crate::report::{Diagnostic, Fix, Param, Params, Range, Report, Resource, Severity, TextEdit};
use crate::request::{Field, Instance, Kind, Shape};
use crate::rules::{self, Rule, RuleKind};
use crate::source::{OffsetUnit, Positions, SyntaxError};
pub use crate::terraform::scope::ResourceScope;
use std::collections::BinaryHeap;

/// Where a diagnostic points.
#[derive(Clone, Copy, Debug)]
pub struct At<'a> {
    pub pointer: Pointer<'a>,
    pub span: Option<Span>,
    /// Document order, for input without spans.
    pub order: u32,
    /// The value the finding is about (for suppression): the node's index.
    pub subject: Option<u32>,
}

impl<'a> At<'a> {
    /// A present value: its token, or its brackets.
    pub fn value(pointer: Pointer<'a>, node: Node) -> Self {
        At {
            pointer,
            span: node.span(),
            order: node.order(),
            subject: Some(node.order()),
        }
    }

    /// A key (`duplicate-key`, `unknown-field`).
    pub fn key(pointer: Pointer<'a>, member: &Member) -> Self {
        At {
            pointer,
            span: member.key_span.or(member.value.span()),
            order: member.value.order(),
            subject: Some(member.value.order()),
        }
    }

    /// A missing member: the opening brace of the object that should hold it.
    pub fn missing(pointer: Pointer<'a>, object: Node) -> Self {
        At {
            pointer,
            span: object.span().map(Span::first_byte),
            order: object.order(),
            subject: None,
        }
    }
}

/// What a rule fills in for a finding that is kept.
#[derive(Debug, Default)]
pub struct Finding {
    pub(crate) params: Params,
    variant: Option<&'static str>,
    api_code: Option<&'static str>,
    pub(crate) fix: Option<FixDraft>,
}

impl Finding {
    pub fn param(&mut self, key: &'static str, value: impl Into<Param>) -> &mut Self {
        self.set(key, value.into())
    }

    /// Not generic: each `param` call adds a conversion and a call.
    #[inline(never)]
    fn set(&mut self, key: &'static str, value: Param) -> &mut Self {
        self.params.insert(key, value);
        self
    }

    /// Which wording of the rule's message fits (a catalogue key
    /// `code.variant`).
    pub fn variant(&mut self, variant: &'static str) -> &mut Self {
        self.variant = Some(variant);
        self
    }

    /// The service's error code where it differs from the rule's usual one.
    pub fn api_code(&mut self, code: &'static str) -> &mut Self {
        self.api_code = Some(code);
        self
    }

    pub fn fix(&mut self, fix: FixDraft) -> &mut Self {
        self.fix = Some(fix);
        self
    }
}

/// Report order (SPEC §2): range start, range end, catalogue rank, then the
/// order the rules reported in. Object input uses document order.
type SortKey = (usize, usize, usize, usize);

#[derive(Debug)]
struct Kept {
    key: SortKey,
    rule: &'static Rule,
    severity: Severity,
    path: String,
    span: Option<Span>,
    finding: Finding,
    resource: Option<Resource>,
}

impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Kept {}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kept {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}

/// Marks on a value, set by the findings about it.
const PRESENCE: u8 = 1;
const ERROR: u8 = 2;

/// What the rule families report into: the sink.
#[derive(Debug)]
pub struct Checker<'o> {
    options: &'o Options,
    /// The options' context, indexed once per lint or plan.
    context: Option<&'o ContextIndex<'o>>,
    /// The Terraform resource instance being checked, for a plan.
    resource: Option<ResourceScope>,
    /// The request's kind, once the structure family found it; rules that
    /// do not apply to it.
    kind: Option<&'static Kind>,
    excluded: &'static [&'static Rule],
    /// Per node, what the findings so far say about it; allocated with the
    /// first mark, so a clean request never allocates it.
    marks: Vec<u8>,
    nodes: usize,
    kept: BinaryHeap<Kept>,
    /// Errors, warnings, infos, kept or only counted.
    counts: [usize; 3],
    reported: usize,
    /// Spans of the input no display may show (a plan's sensitive values).
    hidden: Vec<Span>,
    /// The platform of the request being checked when it is not the
    /// options' (a Terraform resource's provider decides it).
    platform: Option<Platform>,
}

impl<'o> Checker<'o> {
    /// A sink for a document of `nodes` nodes.
    pub fn new(options: &'o Options, context: Option<&'o ContextIndex<'o>>, nodes: usize) -> Self {
        Checker {
            options,
            context,
            resource: None,
            kind: None,
            excluded: &[],
            marks: Vec::new(),
            nodes,
            kept: BinaryHeap::new(),
            counts: [0; 3],
            reported: 0,
            hidden: Vec::new(),
            platform: None,
        }
    }

    /// The platform whose variant of the call is checked: the options',
    /// unless the request's source names its own.
    pub fn platform(&self) -> Platform {
        self.platform.unwrap_or(self.options.platform)
    }

    /// A platform for the next findings (a Terraform resource's provider's);
    /// `None` returns to the options'.
    pub fn set_platform(&mut self, platform: Option<Platform>) {
        self.platform = platform;
    }

    /// Spans of the input that a code frame must not show.
    pub fn hide(&mut self, spans: Vec<Span>) {
        self.hidden = spans;
    }

    pub fn options(&self) -> &'o Options {
        self.options
    }

    /// The Terraform resource instance the next findings are about.
    pub fn set_resource(&mut self, scope: Option<ResourceScope>) {
        self.resource = scope;
    }

    /// The request's kind, as the structure family found it.
    pub fn set_kind(&mut self, kind: &'static Kind) {
        self.kind = Some(kind);
        self.excluded = kind.excluded;
    }

    /// What the caller knows about the account, indexed; the pre-flight
    /// rules run only with it. A build without the `context` feature never
    /// has one (its options refuse it), and saying so here leaves the
    /// pre-flight rules out of that build.
    pub fn context(&self) -> Option<&'o ContextIndex<'o>> {
        if cfg!(feature = "context") {
            self.context
        } else {
            None
        }
    }

    /// Reports a finding; `build` fills in its details only if it is kept.
    pub fn report(&mut self, rule: &'static Rule, at: At, build: impl FnOnce(&mut Finding)) {
        self.report_as(rule, rule.severity, at, build);
    }

    /// [`Checker::report`] with a severity other than the rule's default
    /// (a policy's enforced keys); a configured override still wins.
    pub fn report_as(
        &mut self,
        rule: &'static Rule,
        default: Severity,
        at: At,
        build: impl FnOnce(&mut Finding),
    ) {
        // The decisions live in functions that are not generic, so each
        // rule's closure adds a call, not a copy of them.
        if let Some((key, severity)) = self.admit(rule, default, &at) {
            let mut finding = Finding::default();
            build(&mut finding);
            self.keep(key, rule, severity, &at, finding);
        }
    }

    /// Counts a finding; its sort key and severity when it is to be built
    /// (not suppressed, not off, and among the first `max_diagnostics`).
    #[inline(never)]
    fn admit(
        &mut self,
        rule: &'static Rule,
        default: Severity,
        at: &At,
    ) -> Option<(SortKey, Severity)> {
        if self.excluded.iter().any(|r| std::ptr::eq(*r, rule)) {
            return None;
        }
        let severity = match self.options.override_for(rule.code) {
            Some(level) => level.severity(),
            None => Some(default),
        };
        if let Some(subject) = at.subject {
            let marks = self.marks_of(subject);
            let suppressed = match rule.kind {
                RuleKind::Format => marks & PRESENCE != 0,
                // "A member with any error gets no pre-flight rule" (SPEC
                // §2), nor a policy finding (§8).
                RuleKind::Preflight | RuleKind::Policy => marks & ERROR != 0,
                _ => false,
            };
            let mut mark = 0;
            if rule.kind == RuleKind::Presence {
                mark |= PRESENCE;
            }
            if severity == Some(Severity::Error)
                && !matches!(
                    rule.kind,
                    RuleKind::Preflight | RuleKind::Plan | RuleKind::Policy
                )
            {
                mark |= ERROR;
            }
            if mark != 0 {
                self.mark(subject, mark);
            }
            if suppressed {
                return None;
            }
        }
        let severity = severity?;
        self.counts[severity as usize] += 1;
        self.reported += 1;
        let key = match at.span {
            Some(s) => (s.start, s.end, rule.rank(), self.reported),
            None => (at.order as usize, 0, rule.rank(), self.reported),
        };
        let full = self.kept.len() >= self.options.max_diagnostics;
        if full && self.kept.peek().is_none_or(|last| key >= last.key) {
            return None; // counted, not built
        }
        Some((key, severity))
    }

    #[inline(never)]
    fn keep(
        &mut self,
        key: SortKey,
        rule: &'static Rule,
        severity: Severity,
        at: &At,
        mut finding: Finding,
    ) {
        let mut path = at.pointer.render();
        // Only the plan reader (the `terraform` feature) sets a resource.
        let scope = self
            .resource
            .as_ref()
            .filter(|_| cfg!(feature = "terraform"));
        let resource = scope.map(|scope| {
            scope.hide(at, &mut finding);
            // A path into a sensitive value may spell it (a map's key):
            // the finding points at the value as a whole.
            if let Some(outer) = scope.sensitive_outer(at, &path) {
                path = outer.to_string();
            }
            let argument = path
                .strip_prefix(scope.base.as_str())
                .and_then(|rest| rest.strip_prefix('/'))
                .map_or("", |rest| rest.split('/').next().unwrap_or(""));
            Resource {
                address: scope.address.clone(),
                kind: scope.kind.clone(),
                argument: crate::pointer::unescape(argument),
            }
        });
        self.kept.push(Kept {
            key,
            rule,
            severity,
            path,
            span: at.span,
            finding,
            resource,
        });
        if self.kept.len() > self.options.max_diagnostics {
            self.kept.pop();
        }
    }

    fn marks_of(&self, node: u32) -> u8 {
        self.marks.get(node as usize).copied().unwrap_or(0)
    }

    fn mark(&mut self, node: u32, mark: u8) {
        if self.marks.is_empty() {
            self.marks = vec![0; self.nodes];
        }
        if let Some(m) = self.marks.get_mut(node as usize) {
            *m |= mark;
        }
    }

    /// Whether the configuration turns a rule off: a finding that stands in
    /// for another (a misspelling for the member it means) then does not.
    pub fn is_off(&self, rule: &Rule) -> bool {
        self.options.override_for(rule.code) == Some(crate::report::Level::Off)
    }

    /// Whether a value already has an error (of the rules before pre-flight).
    pub fn has_error(&self, node: Node) -> bool {
        self.marks_of(node.order()) & ERROR != 0
    }

    /// The report: kept findings in order, with positions in `text`
    /// counted in `unit`, messages in the options' language.
    pub fn finish(self, text: Option<&str>, unit: OffsetUnit) -> Report {
        let locale = self.options.locale;
        let kept = self.kept.into_sorted_vec();
        let total: usize = self.counts.iter().sum();
        let omitted = total - kept.len();

        let positions = text.map(|text| {
            let mut offsets = Vec::new();
            for k in &kept {
                if let Some(s) = k.span {
                    offsets.extend([s.start, s.end]);
                }
                for (s, _) in k.finding.fix.iter().flat_map(|f| &f.edits) {
                    offsets.extend([s.start, s.end]);
                }
            }
            for s in &self.hidden {
                offsets.extend([s.start, s.end]);
            }
            Positions::new(text, unit, offsets)
        });
        let range = |span: Span| {
            let positions = positions.as_ref()?;
            Some(Range {
                start: positions.get(span.start),
                end: positions.get(span.end),
            })
        };
        let mut diagnostics: Vec<Diagnostic> = kept
            .into_iter()
            .map(|mut k| {
                // Only the plan reader (the `terraform` feature) sets one.
                k.resource = k.resource.filter(|_| cfg!(feature = "terraform"));
                let code = k.rule.code;
                let params = k.finding.params;
                // A plan's findings speak of its arguments, not the API's members.
                let names = k
                    .resource
                    .as_ref()
                    .map(|r| crate::terraform::renamed(&r.kind))
                    .unwrap_or_default();
                let fix = k.finding.fix.map(|draft| Fix {
                    description: messages::fix_description(
                        locale,
                        code,
                        k.rule.fix_title,
                        &params,
                        &names,
                    ),
                    applicability: draft.applicability,
                    patch: draft.patch,
                    edits: draft
                        .edits
                        .into_iter()
                        .filter_map(|(span, text)| {
                            Some(TextEdit {
                                range: range(span)?,
                                text,
                            })
                        })
                        .collect(),
                });
                let message = messages::message(
                    locale,
                    (code, k.finding.variant),
                    k.rule.message(k.finding.variant),
                    &params,
                    &names,
                );
                Diagnostic {
                    code,
                    severity: k.severity,
                    // A plan's findings name their resource instance.
                    message: match &k.resource {
                        Some(r) => messages::about_resource(locale, &r.address, &message),
                        None => message,
                    },
                    path: k.path,
                    range: k.span.and_then(range),
                    params,
                    api_code: k.finding.api_code.or(k.rule.api_code),
                    fix,
                    variant: k.finding.variant,
                    resource: k.resource,
                }
            })
            .collect();
        if omitted > 0 {
            let rule = &rules::structure::TOO_MANY_DIAGNOSTICS;
            let mut params = Params::default();
            params.insert("omitted", omitted.into());
            params.insert("limit", self.options.max_diagnostics.into());
            diagnostics.push(Diagnostic {
                code: rule.code,
                severity: Severity::Info,
                message: messages::message(
                    locale,
                    (rule.code, None),
                    rule.message(None),
                    &params,
                    &[],
                ),
                path: String::new(),
                range: None,
                params,
                api_code: None,
                fix: None,
                variant: None,
                resource: None,
            });
        }
        let [errors, warnings, infos] = [
            self.counts[Severity::Error as usize],
            self.counts[Severity::Warning as usize],
            self.counts[Severity::Info as usize],
        ];
        Report {
            kind: self.kind.map(|k| k.name),
            valid: errors == 0,
            errors,
            warnings,
            infos,
            diagnostics,
            redactions: self.hidden.iter().filter_map(|&s| range(s)).collect(),
        }
    }
}

/// Checks one parsed request (or the reason it did not parse), with the
/// options' context; the report's positions point into `text`.
pub fn lint(
    parsed: Result<&Document, &SyntaxError>,
    options: &Options,
    text: Option<&str>,
    unit: OffsetUnit,
) -> Report {
    if let Ok(document) = parsed {
        if crate::terraform::reads_as_plan(document.root(), options) {
            return crate::terraform::lint(document.root(), options, text, unit);
        }
    }
    let context = options.context().map(ContextIndex::new);
    let (cx, _) = check_request(parsed.map(Document::root), options, context.as_ref(), text);
    cx.finish(text, unit)
}

/// Checks one request (a document's root, or any value of one, as the
/// JavaScript package's plans hand in) against an already indexed context
/// (a plan indexes it once for all its requests), and hands back the
/// instance for the plan rules: the structure family finds it and checks
/// its shape, each member's families check its value, then the pre-flight
/// and policy families look at the whole.
pub fn check_request<'o, 'd>(
    parsed: Result<Node<'d>, &SyntaxError>,
    options: &'o Options,
    context: Option<&'o ContextIndex<'o>>,
    text: Option<&str>,
) -> (Checker<'o>, Option<Instance<'d>>) {
    let nodes = parsed.map_or(0, |root| root.document().len());
    let mut cx = Checker::new(options, context, nodes);
    let instance = match parsed {
        Err(e) => {
            crate::terraform::report_syntax(&mut cx, e, text);
            None
        }
        Ok(root) => rules::structure::check(&mut cx, root),
    };
    if let Some(instance) = &instance {
        check_members(&mut cx, instance);
        if cx.context().is_some() {
            rules::preflight::check(&mut cx, instance);
        }
        if let Some(policy) = options.policy() {
            rules::policy::check(&mut cx, instance, policy);
        }
    }
    (cx, instance)
}

/// Hands each member's value to the families its description names: a
/// string member's text (not `""` where that is `empty-value`), a list
/// member's whole list, then each element's members. A value of the wrong
/// type was reported by the structure family and is not checked further.
pub fn check_members(cx: &mut Checker, instance: &Instance) {
    for member in instance.kind.members_on(instance.platform) {
        let Some(node) = instance.get(member.role) else {
            continue;
        };
        let pointer = instance.pointer.key(member.key);
        match member.shape {
            Shape::Text => {
                let Some(text) = node.as_str() else { continue };
                if member.non_empty && text.is_empty() {
                    continue;
                }
                let field = Field {
                    member,
                    node,
                    text,
                    pointer,
                    object: instance.node,
                    instance,
                };
                for check in member.checks {
                    check(cx, &field);
                }
            }
            Shape::Map(_) => {
                if node.members().is_none() {
                    continue;
                }
                let map = Field {
                    member,
                    node,
                    text: "",
                    pointer,
                    object: instance.node,
                    instance,
                };
                for check in member.checks {
                    check(cx, &map);
                }
            }
            Shape::List(item) => {
                let Some(elements) = node.elements() else {
                    continue;
                };
                let list = Field {
                    member,
                    node,
                    text: "",
                    pointer,
                    object: instance.node,
                    instance,
                };
                for check in member.checks {
                    check(cx, &list);
                }
                for (i, element) in elements.enumerate() {
                    for part in item.members.iter().filter(|m| !m.checks.is_empty()) {
                        let Some(value) = element.get(part.key) else {
                            continue;
                        };
                        let Some(text) = value.as_str().filter(|t| !t.is_empty()) else {
                            continue;
                        };
                        let field = Field {
                            member: part,
                            node: value,
                            text,
                            pointer: pointer.index(i).key(part.key),
                            object: element,
                            instance,
                        };
                        for check in part.checks {
                            check(cx, &field);
                        }
                    }
                }
            }
        }
    }
}
