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
use crate::messages;
use crate::options::Options;
use crate::report::{
    Applicability, Diagnostic, Fix, Param, Params, PatchOp, Range, Report, Severity, TextEdit,
};
use crate::rules::{self, Rule, RuleKind};
use crate::source::{OffsetUnit, Positions, SyntaxError};
use std::collections::BinaryHeap;

/// One step of a JSON Pointer.
#[derive(Clone, Copy, Debug)]
pub enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where a finding is, as a JSON Pointer built only when it is kept.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// `base` (a built pointer), then each segment given: a member, an
    /// array index, a member of that element.
    Member {
        base: &'a str,
        field: Option<&'a str>,
        index: Option<usize>,
        part: Option<&'a str>,
    },
    /// A walk's way from the root.
    Segments(&'a [Segment<'a>]),
}

impl<'a> Path<'a> {
    pub fn root() -> Path<'static> {
        Path::base("")
    }

    /// An already built pointer.
    pub fn base(base: &'a str) -> Self {
        Path::Member {
            base,
            field: None,
            index: None,
            part: None,
        }
    }

    /// A member of the object at `base`.
    pub fn field(base: &'a str, field: &'a str) -> Self {
        Path::Member {
            base,
            field: Some(field),
            index: None,
            part: None,
        }
    }

    /// Element `index` of the array `base/field`, or its member `part`.
    pub fn element(base: &'a str, field: &'a str, index: usize, part: Option<&'a str>) -> Self {
        Path::Member {
            base,
            field: Some(field),
            index: Some(index),
            part,
        }
    }

    /// RFC 6901.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(48);
        match *self {
            Path::Member {
                base,
                field,
                index,
                part,
            } => {
                out.push_str(base);
                if let Some(field) = field {
                    push_key(&mut out, field);
                }
                if let Some(index) = index {
                    push_index(&mut out, index);
                }
                if let Some(part) = part {
                    push_key(&mut out, part);
                }
            }
            Path::Segments(segments) => {
                for segment in segments {
                    match *segment {
                        Segment::Key(key) => push_key(&mut out, key),
                        Segment::Index(i) => push_index(&mut out, i),
                    }
                }
            }
        }
        out
    }
}

fn push_key(out: &mut String, key: &str) {
    out.push('/');
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

fn push_index(out: &mut String, index: usize) {
    use std::fmt::Write;
    let _ = write!(out, "/{index}");
}

/// RFC 6901: `~` and `/` in a key.
pub fn pointer_escape(key: &str) -> String {
    let mut out = String::new();
    push_key(&mut out, key);
    out.split_off(1)
}

/// Where a diagnostic points.
#[derive(Clone, Copy, Debug)]
pub struct At<'a> {
    pub path: Path<'a>,
    pub span: Option<Span>,
    /// Document order, for input without spans.
    pub order: u32,
    /// The value the finding is about (for suppression): the node's index.
    pub subject: Option<u32>,
}

impl<'a> At<'a> {
    /// A present value: its token, or its brackets.
    pub fn value(path: Path<'a>, node: Node) -> Self {
        At {
            path,
            span: node.span(),
            order: node.order(),
            subject: Some(node.order()),
        }
    }

    /// A key (`duplicate-key`, `unknown-field`).
    pub fn key(path: Path<'a>, member: &Member) -> Self {
        At {
            path,
            span: member.key_span.or(member.value.span()),
            order: member.value.order(),
            subject: Some(member.value.order()),
        }
    }

    /// A missing member: the opening brace of the object that should hold it.
    pub fn missing(path: Path<'a>, object: Node) -> Self {
        At {
            path,
            span: object.span().map(Span::first_byte),
            order: object.order(),
            subject: None,
        }
    }
}

/// A fix as a rule proposes it; its description is written by the sink in
/// the report's language.
#[derive(Clone, Debug)]
pub struct FixDraft {
    pub applicability: Applicability,
    pub patch: Vec<PatchOp>,
    /// Byte spans of the source and their new text.
    pub edits: Vec<(Span, String)>,
}

/// What a rule fills in for a finding that is kept.
#[derive(Debug, Default)]
pub struct Finding {
    params: Params,
    variant: Option<&'static str>,
    api_code: Option<&'static str>,
    fix: Option<FixDraft>,
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
    /// Per node, what the findings so far say about it; allocated with the
    /// first mark, so a clean request never allocates it.
    marks: Vec<u8>,
    nodes: usize,
    kept: BinaryHeap<Kept>,
    /// Errors, warnings, infos, kept or only counted.
    counts: [usize; 3],
    reported: usize,
}

impl<'o> Checker<'o> {
    /// A sink for a document of `nodes` nodes.
    pub fn new(options: &'o Options, nodes: usize) -> Self {
        Checker {
            options,
            marks: Vec::new(),
            nodes,
            kept: BinaryHeap::new(),
            counts: [0; 3],
            reported: 0,
        }
    }

    pub fn options(&self) -> &'o Options {
        self.options
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
        finding: Finding,
    ) {
        self.kept.push(Kept {
            key,
            rule,
            severity,
            path: at.path.render(),
            span: at.span,
            finding,
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
            .map(|k| {
                let code = k.rule.code;
                let params = k.finding.params;
                let fix = k.finding.fix.map(|draft| Fix {
                    description: messages::fix_description(locale, code, None, &params),
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
                Diagnostic {
                    code,
                    severity: k.severity,
                    message: messages::message(locale, code, k.finding.variant, &params),
                    path: k.path,
                    range: k.span.and_then(range),
                    params,
                    api_code: k.finding.api_code.or(k.rule.api_code),
                    fix,
                    variant: k.finding.variant,
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
                message: messages::message(locale, rule.code, None, &params),
                path: String::new(),
                range: None,
                params,
                api_code: None,
                fix: None,
                variant: None,
            });
        }
        let [errors, warnings, infos] = [
            self.counts[Severity::Error as usize],
            self.counts[Severity::Warning as usize],
            self.counts[Severity::Info as usize],
        ];
        Report {
            valid: errors == 0,
            errors,
            warnings,
            infos,
            diagnostics,
        }
    }
}

/// Checks one parsed request (or the reason it did not parse), with the
/// options' context.
pub fn check<'o>(parsed: Result<&Document, &SyntaxError>, options: &'o Options) -> Checker<'o> {
    let context = options.context.as_deref().map(ContextIndex::new);
    check_request(parsed.map(Document::root), options, context.as_ref()).0
}

/// Checks one request (a document's root, or any value of one, as the
/// JavaScript package's plans hand in) against an already indexed context
/// (a plan indexes it once for all its requests), and hands back the
/// protected instance for the plan rules.
pub fn check_request<'o, 'd>(
    parsed: Result<Node<'d>, &SyntaxError>,
    options: &'o Options,
    context: Option<&ContextIndex>,
) -> (Checker<'o>, Option<Instance<'d>>) {
    let nodes = parsed.map_or(0, |root| root.document().len());
    let mut cx = Checker::new(options, nodes);
    let instance = match parsed {
        Err(e) => {
            rules::structure::report_syntax(&mut cx, e);
            None
        }
        Ok(root) => rules::structure::check(&mut cx, root),
    };
    if let Some(instance) = &instance {
        rules::ids::check(&mut cx, instance);
        rules::name::check(&mut cx, instance);
        rules::description::check(&mut cx, instance);
        let subnet_described =
            context.is_some_and(|c| rules::preflight::described_subnet(instance, c).is_some());
        rules::address::check(&mut cx, instance, subnet_described);
        rules::flavor::check(&mut cx, instance);
        rules::tags::check(&mut cx, instance);
        rules::tenancy::check(&mut cx, instance);
        if let Some(context) = context {
            rules::preflight::check(&mut cx, instance, context);
        }
        if let Some(policy) = options.policy.as_deref() {
            rules::policy::check(&mut cx, instance, policy);
        }
    }
    (cx, instance)
}

/// The wrapper, then the members of `protected_instance` on Open Telekom
/// Cloud in the API page's order, then those Huawei Cloud adds: every
/// platform's known names are one slice of it.
pub const NAMES: [&str; 12] = [
    "protected_instance",
    "server_group_id",
    "server_id",
    "name",
    "description",
    "primary_subnet_id",
    "primary_ip_address",
    "flavorRef",
    "tags",
    "cluster_id",
    "tenancy",
    "dedicated_host_id",
];

/// The members of `protected_instance` the engine knows on some platform.
pub const FIELDS: &[&str] = match NAMES.split_first() {
    Some((_, fields)) => fields,
    None => &[],
};

/// The position of a name in [`FIELDS`]: a match, which the compiler turns
/// into a switch on the length and one comparison.
fn field_index(name: &str) -> Option<usize> {
    Some(match name {
        "server_group_id" => 0,
        "server_id" => 1,
        "name" => 2,
        "description" => 3,
        "primary_subnet_id" => 4,
        "primary_ip_address" => 5,
        "flavorRef" => 6,
        "tags" => 7,
        "cluster_id" => 8,
        "tenancy" => 9,
        "dedicated_host_id" => 10,
        _ => return None,
    })
}

/// The protected instance the member rules look at: the `protected_instance`
/// object, or the root itself when the wrapper is missing.
#[derive(Clone, Copy, Debug)]
pub struct Instance<'d> {
    pub node: Node<'d>,
    /// `/protected_instance`, or `` for an unwrapped root.
    pub base: &'static str,
    /// The value of each of [`FIELDS`] (the last of repeated keys), found
    /// in one pass over the members.
    values: [Option<Node<'d>>; NAMES.len() - 1],
    /// Which of [`FIELDS`] a misspelt member stands for, a bit each.
    misspelt: u32,
}

impl<'d> Instance<'d> {
    pub fn new(node: Node<'d>, base: &'static str) -> Self {
        let mut values = [None; NAMES.len() - 1];
        for m in node.members().into_iter().flatten() {
            if let Some(i) = field_index(m.key) {
                values[i] = Some(m.value);
            }
        }
        Instance {
            node,
            base,
            values,
            misspelt: 0,
        }
    }

    /// A member's value (the last one of repeated keys).
    pub fn get(&self, field: &str) -> Option<Node<'d>> {
        self.values[field_index(field)?]
    }

    /// Whether a misspelt member stands for this absent one
    /// (`misspelled-field`): its absence is that one finding.
    pub fn misspelt(&self, field: &str) -> bool {
        field_index(field).is_some_and(|i| self.misspelt & (1 << i) != 0)
    }

    /// Records that a misspelt member stands for `field`.
    pub fn set_misspelt(&mut self, field: &str) {
        if let Some(i) = field_index(field) {
            self.misspelt |= 1 << i;
        }
    }

    /// A member's value when it is a string.
    pub fn string(&self, field: &str) -> Option<(&'d str, Node<'d>)> {
        let node = self.get(field)?;
        Some((node.as_str()?, node))
    }

    /// A member's value when it is a non-empty string: what the context and
    /// the other requests of a plan can be asked about (anything else
    /// already has a presence error).
    pub fn non_empty(&self, field: &str) -> Option<(&'d str, Node<'d>)> {
        self.string(field).filter(|(text, _)| !text.is_empty())
    }

    pub fn path<'f>(&self, field: &'f str) -> Path<'f> {
        Path::field(self.base, field)
    }
}

#[cfg(test)]
mod tests {
    use super::{field_index, FIELDS};

    #[test]
    fn every_field_has_its_index() {
        for (i, f) in FIELDS.iter().enumerate() {
            assert_eq!(field_index(f), Some(i));
        }
        assert_eq!(field_index("protected_instance"), None);
    }
}
