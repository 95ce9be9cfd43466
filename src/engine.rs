//! The road every request takes: find the protected instance, hand each
//! member to its rule family, and turn what the rules reported into a
//! [`Report`]. The sink at the end is the only place that applies severity
//! overrides, suppression, ordering and the cap; rules just report.

use crate::context::ContextIndex;
use crate::document::{Node, Span};
use crate::options::Options;
use crate::report::{Diagnostic, Fix, Param, Params, Range, Report, Severity};
use crate::rules::{self, Rule, RuleKind};
use crate::source::{LineIndex, SyntaxError};
use std::collections::HashMap;

/// Where a diagnostic points.
#[derive(Clone, Debug)]
pub struct At {
    pub path: String,
    pub span: Option<Span>,
    /// Document order, for input without spans.
    pub order: u32,
}

impl At {
    /// A present value: its token, or its brackets.
    pub fn value(path: impl Into<String>, node: &Node) -> Self {
        At {
            path: path.into(),
            span: node.span,
            order: node.order,
        }
    }

    /// A key (`duplicate-key`, `unknown-field`).
    pub fn key(path: impl Into<String>, member: &crate::document::Member) -> Self {
        At {
            path: path.into(),
            span: member.key_span.or(member.value.span),
            order: member.value.order,
        }
    }

    /// A missing member: the opening brace of the object that should hold it.
    pub fn missing(path: impl Into<String>, object: &Node) -> Self {
        At {
            path: path.into(),
            span: object.span.map(Span::first_byte),
            order: object.order,
        }
    }
}

/// A diagnostic as a rule reports it, before the sink decides on it.
#[derive(Debug)]
pub struct Finding {
    pub rule: &'static Rule,
    pub at: At,
    pub message: String,
    pub params: Params,
    pub fix: Option<Fix>,
    /// The service's error code where it differs from the rule's usual one.
    pub api_code: Option<&'static str>,
}

impl Finding {
    pub fn api_code(&mut self, code: &'static str) -> &mut Self {
        self.api_code = Some(code);
        self
    }

    pub fn param(&mut self, key: &'static str, value: impl Into<Param>) -> &mut Self {
        self.params.insert(key, value.into());
        self
    }

    pub fn fix(&mut self, fix: Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }
}

/// What a rule family reports into.
#[derive(Debug, Default)]
pub struct Checker {
    findings: Vec<Finding>,
}

impl Checker {
    pub fn new() -> Self {
        Checker::default()
    }

    pub fn report(
        &mut self,
        rule: &'static Rule,
        at: At,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.findings.push(Finding {
            rule,
            at,
            message: message.into(),
            params: Params::default(),
            fix: None,
            api_code: None,
        });
        self.findings.last_mut().expect("just pushed")
    }

    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Applies the options and SPEC §2's details: suppression, order, cap.
    pub fn finish(self, options: &Options, text: Option<&str>) -> Report {
        let severity_of = |rule: &Rule| options.level(rule.code).severity();
        // What each path has: a presence finding, an error (before the
        // pre-flight and plan rules). Bits in a `usize`, so that this map
        // is the same type as the rules' own: one hash table in the module.
        const PRESENCE: usize = 1;
        const ERROR: usize = 2;
        let severities: Vec<Option<Severity>> = {
            let mut marks: HashMap<&str, usize> = HashMap::new();
            for f in &self.findings {
                let mut mark = 0;
                if f.rule.kind == RuleKind::Presence {
                    mark |= PRESENCE;
                }
                if !matches!(f.rule.kind, RuleKind::Preflight | RuleKind::Plan)
                    && severity_of(f.rule) == Some(Severity::Error)
                {
                    mark |= ERROR;
                }
                if mark != 0 {
                    *marks.entry(f.at.path.as_str()).or_default() |= mark;
                }
            }
            let has = |f: &Finding, mark: usize| {
                marks.get(f.at.path.as_str()).is_some_and(|m| m & mark != 0)
            };
            self.findings
                .iter()
                .map(|f| match f.rule.kind {
                    RuleKind::Format if has(f, PRESENCE) => None,
                    // "A member with any error gets no pre-flight rule."
                    RuleKind::Preflight if has(f, ERROR) => None,
                    _ => severity_of(f.rule),
                })
                .collect()
        };
        // The reporting order last, so that findings with equal places and
        // rules keep it, as a stable sort would, with the smaller unstable one.
        type Place = (usize, usize, usize, usize);
        let mut kept: Vec<(Place, Finding, Severity)> = self
            .findings
            .into_iter()
            .zip(severities)
            .enumerate()
            .filter_map(|(i, (f, severity))| {
                let key = match f.at.span {
                    Some(s) => (s.start, s.end, f.rule.rank(), i),
                    None => (f.at.order as usize, 0, f.rule.rank(), i),
                };
                Some((key, f, severity?))
            })
            .collect();
        kept.sort_unstable_by_key(|(key, _, _)| *key);

        let count = |s: Severity| kept.iter().filter(|(_, _, sev)| *sev == s).count();
        let (errors, warnings, infos) = (
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        );
        let omitted = kept.len().saturating_sub(options.max_diagnostics);
        kept.truncate(options.max_diagnostics);

        let index = text.map(|t| (t, LineIndex::new(t)));
        let range = |span: Option<Span>| {
            let (text, index) = index.as_ref()?;
            let span = span?;
            Some(Range {
                start: index.position(text, span.start),
                end: index.position(text, span.end),
            })
        };
        let mut diagnostics: Vec<Diagnostic> = kept
            .into_iter()
            .map(|(_, f, severity)| Diagnostic {
                code: f.rule.code,
                severity,
                message: f.message,
                path: f.at.path,
                range: range(f.at.span),
                params: f.params,
                api_code: f.api_code.or(f.rule.api_code),
                fix: f.fix,
            })
            .collect();
        if omitted > 0 {
            let rule = &rules::structure::TOO_MANY_DIAGNOSTICS;
            let mut params = Params::default();
            params.insert("omitted", omitted.into());
            diagnostics.push(Diagnostic {
                code: rule.code,
                severity: Severity::Info,
                message: format!(
                    "{omitted} more diagnostics were found but not kept (the limit is {}).",
                    options.max_diagnostics
                ),
                path: String::new(),
                range: None,
                params,
                api_code: None,
                fix: None,
            });
        }
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
/// options' context indexed for this call.
pub fn check(parsed: Result<&Node, &SyntaxError>, options: &Options) -> Checker {
    let context = options.context.as_deref().map(ContextIndex::new);
    check_request(parsed, context.as_ref()).0
}

/// Checks one request against an already indexed context (a plan indexes
/// it once for all its requests), and hands back the protected instance
/// for the plan rules.
pub fn check_request<'a>(
    parsed: Result<&'a Node, &SyntaxError>,
    context: Option<&ContextIndex>,
) -> (Checker, Option<Instance<'a>>) {
    let mut cx = Checker::new();
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
        if let Some(context) = context {
            rules::preflight::check(&mut cx, instance, context);
        }
    }
    (cx, instance)
}

/// The protected instance the member rules look at: the `protected_instance`
/// object, or the root itself when the wrapper is missing.
#[derive(Clone, Copy, Debug)]
pub struct Instance<'a> {
    pub node: &'a Node,
    /// `/protected_instance`, or `` for an unwrapped root.
    pub base: &'a str,
}

impl<'a> Instance<'a> {
    /// A member's value (the last one of repeated keys).
    pub fn get(&self, field: &str) -> Option<&'a Node> {
        self.node.get(field)
    }

    /// A member's value when it is a string.
    pub fn string(&self, field: &str) -> Option<(&'a str, &'a Node)> {
        let node = self.get(field)?;
        Some((node.as_str()?, node))
    }

    /// A member's value when it is a non-empty string: what the context and
    /// the other requests of a plan can be asked about (anything else
    /// already has a presence error).
    pub fn non_empty(&self, field: &str) -> Option<(&'a str, &'a Node)> {
        self.string(field).filter(|(text, _)| !text.is_empty())
    }

    pub fn path(&self, field: &str) -> String {
        format!("{}/{}", self.base, pointer_escape(field))
    }
}

/// RFC 6901: `~` and `/` in a key.
pub fn pointer_escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
