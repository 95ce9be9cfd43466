//! # sdrs-lint
//!
//! Checks request bodies of the Storage Disaster Recovery Service call
//! *Creating a Protected Instance* (`POST /v1/{project_id}/protected-instances`,
//! Open Telekom Cloud / Huawei Cloud) before they are sent, and returns
//! structured diagnostics: a stable code, a severity, a message, the JSON
//! Pointer of the offending member, its source range, machine-readable
//! parameters, the service's own error code and, where safe, a fix.
//!
//! ```
//! let report = sdrs_lint::lint_str(
//!     r#"{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
//!         "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "my name"}}"#,
//!     &sdrs_lint::Options::default(),
//! );
//! assert!(!report.valid);
//! let d = &report.diagnostics[0];
//! assert_eq!((d.code, d.path.as_str()), ("name-charset", "/protected_instance/name"));
//! assert_eq!(d.range.unwrap().start.line, 2);
//! ```
//!
//! With a [`Context`] in the [`Options`] (what the caller knows about the
//! account), the pre-flight rules of SPEC §4 report what the asynchronous
//! job would fail on; a [`Plan`] lints many requests together and reports
//! the collisions between them (SPEC §5).
//!
//! The same engine serves the `sdrs-lint` command and the `sdrs-lint` npm
//! package (WebAssembly).

pub mod config;
pub mod context;
pub mod document;
pub mod edit;
pub mod engine;
#[cfg(feature = "fix")]
pub mod fix;
pub mod messages;
pub mod net;
pub mod options;
pub mod platform;
pub mod pointer;
pub mod policy;
pub mod report;
pub mod request;
pub mod rules;
#[cfg(feature = "schema")]
pub mod schema;
pub mod source;
pub mod suggest;
pub mod terraform;
pub mod text;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
pub mod wire;

pub use context::{Context, ContextError};
pub use document::{Document, Node};
#[cfg(feature = "fix")]
pub use fix::{fix_str, Applied, Fixed};
pub use messages::Locale;
pub use options::{Options, OptionsError};
pub use platform::Platform;
pub use policy::{Policy, PolicyError};
pub use report::{
    Applicability, Diagnostic, Fix, Level, Param, Params, PatchOp, PatchValue, Position, Range,
    Report, Resource, Severity, TextEdit,
};
pub use request::is_request;
pub use rules::{Rule, RuleInfo, CATALOGUE};
#[cfg(feature = "schema")]
pub use schema::schema;
pub use source::OffsetUnit;

/// Lints a request given as JSON text; ranges point into `text` (UTF-8
/// byte offsets).
pub fn lint_str(text: &str, options: &Options) -> Report {
    lint_str_in(text, options, OffsetUnit::Utf8)
}

/// [`lint_str`] with offsets counted in `unit` (the JavaScript package
/// counts UTF-16 code units).
pub fn lint_str_in(text: &str, options: &Options, unit: OffsetUnit) -> Report {
    let parsed = source::parse(text);
    engine::lint(parsed.as_ref(), options, Some(text), unit)
}

/// Lints a request given as bytes: invalid UTF-8 is an `invalid-json`
/// diagnostic at the first bad byte.
pub fn lint_bytes(bytes: &[u8], options: &Options) -> Report {
    match source::decode(bytes) {
        Ok(text) => lint_str(text, options),
        Err(e) => invalid_utf8(bytes, &e, options),
    }
}

fn invalid_utf8(bytes: &[u8], e: &source::SyntaxError, options: &Options) -> Report {
    // Ranges are computed over the valid prefix, which holds the error's start.
    let valid = source::decode(&bytes[..e.span.start]).unwrap_or_default();
    let mut report = engine::lint(Err(e), options, Some(valid), OffsetUnit::Utf8);
    for d in &mut report.diagnostics {
        if let Some(r) = &mut d.range {
            r.end.column += (e.span.end - e.span.start) as u32;
            r.end.offset = e.span.end;
        }
    }
    report
}

/// The report of a request that could not be read as text at all (a
/// JavaScript string that is not well-formed, an argument that is not a
/// string; see [`source::lone_surrogate`] and [`source::not_text`]): its
/// one `invalid-json` diagnostic, placed in `text` when there is one.
pub fn lint_unreadable(
    error: &source::SyntaxError,
    text: Option<&str>,
    options: &Options,
    unit: OffsetUnit,
) -> Report {
    engine::lint(Err(error), options, text, unit)
}

/// Lints a request given as a value (what a form or a program holds): the
/// report has paths in document order and no ranges.
pub fn lint_value(value: &serde_json::Value, options: &Options) -> Report {
    lint_document(&Document::from_value(value), options)
}

/// Lints an already built document. Ranges point into its text if it has
/// spans (it was parsed from text), else there are none.
pub fn lint_document(document: &Document, options: &Options) -> Report {
    let text = document.root().span().map(|_| document.text());
    engine::lint(Ok(document), options, text, OffsetUnit::Utf8)
}

/// One request of a plan, in any form a single lint takes.
#[derive(Clone, Copy, Debug)]
pub enum PlanInput<'a> {
    /// JSON text; ranges point into it.
    Text(&'a str),
    /// JSON bytes (a file, an NDJSON line); invalid UTF-8 is `invalid-json`.
    Bytes(&'a [u8]),
    /// A value; the report has no ranges.
    Value(&'a serde_json::Value),
}

impl<'a> From<&'a str> for PlanInput<'a> {
    fn from(text: &'a str) -> Self {
        PlanInput::Text(text)
    }
}

impl<'a> From<&'a String> for PlanInput<'a> {
    fn from(text: &'a String) -> Self {
        PlanInput::Text(text)
    }
}

impl<'a> From<&'a [u8]> for PlanInput<'a> {
    fn from(bytes: &'a [u8]) -> Self {
        PlanInput::Bytes(bytes)
    }
}

impl<'a> From<&'a serde_json::Value> for PlanInput<'a> {
    fn from(value: &'a serde_json::Value) -> Self {
        PlanInput::Value(value)
    }
}

/// Many requests linted together (SPEC §5): each gets its own report, with
/// the single-request rules, the pre-flight rules of the options' context
/// (indexed once for the whole plan), and the plan rules, which put a
/// collision on the later request. A request's report is final when
/// [`Plan::lint`] returns, so a caller can stream: read a line, lint it,
/// print its report, forget it. What the plan keeps is its rules' index:
/// each server, address and name as a 128-bit hash with its first
/// request's index, and each request's label (`FILE:LINE` as the file, once
/// for a run of lines, and the line's number), a few dozen bytes a request.
///
/// ```
/// use sdrs_lint::{Options, Plan};
/// let options = Options::default();
/// let mut plan = Plan::new(&options);
/// let request = r#"{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
///     "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-01"}}"#;
/// assert!(plan.lint(request.into()).diagnostics.is_empty());
/// let again = plan.lint(request.into());
/// assert_eq!(again.diagnostics[0].code, "plan-duplicate-server");
/// assert_eq!(again.diagnostics[0].params["first_index"], 0);
/// ```
#[derive(Debug)]
pub struct Plan<'o> {
    options: &'o Options,
    context: Option<context::ContextIndex<'o>>,
    seen: rules::plan::Seen,
    /// How each request so far is named in messages, where the caller named it.
    labels: rules::plan::Labels,
    unit: OffsetUnit,
}

impl<'o> Plan<'o> {
    pub fn new(options: &'o Options) -> Self {
        Plan {
            options,
            context: options.context().map(context::ContextIndex::new),
            seen: rules::plan::Seen::default(),
            labels: rules::plan::Labels::default(),
            unit: OffsetUnit::Utf8,
        }
    }

    /// Offsets in the plan's reports counted in `unit`.
    pub fn with_offsets(mut self, unit: OffsetUnit) -> Self {
        self.unit = unit;
        self
    }

    /// Lints the plan's next request. Every input counts, even one that is
    /// not JSON, so `first_index` is the input's position in the plan.
    pub fn lint(&mut self, input: PlanInput<'_>) -> Report {
        self.labels.push(None);
        self.dispatch(input)
    }

    /// Like [`Plan::lint`], naming the request in later requests' messages
    /// (the command uses `FILE` or `FILE:LINE`).
    pub fn lint_labeled(&mut self, input: PlanInput<'_>, label: impl Into<String>) -> Report {
        self.labels.push(Some(&label.into()));
        self.dispatch(input)
    }

    /// Like [`Plan::lint_labeled`], with options of this request's own (the
    /// command's configuration overrides for some files): its rules,
    /// platform, kind, policy, language and cap are `options`'. The
    /// pre-flight rules still use the context [`Plan::new`] indexed, and
    /// the plan rules compare it with every request of the plan: give the
    /// requests of another account or cloud a plan of their own.
    pub fn lint_labeled_with(
        &mut self,
        input: PlanInput<'_>,
        label: impl Into<String>,
        options: &Options,
    ) -> Report {
        self.labels.push(Some(&label.into()));
        self.dispatch_with(input, options)
    }

    /// Lints a value of a document already built (the JavaScript package's
    /// values); ranges point into the document's text if it has spans.
    pub fn lint_node(&mut self, request: Node) -> Report {
        self.labels.push(None);
        let text = request.span().map(|_| request.document().text());
        self.lint_parsed(Ok(request), text)
    }

    /// Lints a request of the plan that could not be read (see
    /// [`lint_unreadable`]); it counts as an input, like text that is not JSON.
    pub fn lint_unreadable(&mut self, error: &source::SyntaxError, text: Option<&str>) -> Report {
        self.labels.push(None);
        self.lint_parsed(Err(error), text)
    }

    fn dispatch(&mut self, input: PlanInput<'_>) -> Report {
        self.dispatch_with(input, self.options)
    }

    fn dispatch_with(&mut self, input: PlanInput<'_>, options: &Options) -> Report {
        match input {
            PlanInput::Text(text) => self.lint_text(text, options),
            PlanInput::Bytes(bytes) => match source::decode(bytes) {
                Ok(text) => self.lint_text(text, options),
                Err(e) => invalid_utf8(bytes, &e, options),
            },
            PlanInput::Value(value) => {
                self.lint_parsed_with(Ok(Document::from_value(value).root()), None, options)
            }
        }
    }

    fn lint_text(&mut self, text: &str, options: &Options) -> Report {
        let parsed = source::parse(text);
        self.lint_parsed_with(parsed.as_ref().map(Document::root), Some(text), options)
    }

    fn lint_parsed(
        &mut self,
        parsed: Result<Node, &source::SyntaxError>,
        text: Option<&str>,
    ) -> Report {
        self.lint_parsed_with(parsed, text, self.options)
    }

    fn lint_parsed_with(
        &mut self,
        parsed: Result<Node, &source::SyntaxError>,
        text: Option<&str>,
        options: &Options,
    ) -> Report {
        let index = self.labels.len() - 1;
        // A Terraform plan is a plan of its own: one report for the file.
        if let Ok(root) = parsed {
            if terraform::reads_as_plan(root, options) {
                return terraform::lint(root, options, text, self.unit);
            }
        }
        let (mut cx, instance) =
            engine::check_request(parsed, options, self.context.as_ref(), text);
        if let Some(instance) = instance {
            rules::plan::check(&mut cx, &instance, &mut self.seen, index, &self.labels);
        }
        cx.finish(text, self.unit)
    }
}

/// Lints many requests as one plan; one report per input, in input order.
pub fn lint_plan<'a>(
    inputs: impl IntoIterator<Item = PlanInput<'a>>,
    options: &Options,
) -> Vec<Report> {
    let mut plan = Plan::new(options);
    inputs.into_iter().map(|input| plan.lint(input)).collect()
}

/// Every rule with its metadata and documentation, in catalogue order.
pub fn rules() -> Vec<RuleInfo> {
    CATALOGUE.iter().map(|r| RuleInfo::from(*r)).collect()
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::{Options, Report};

    pub fn lint(text: &str) -> Report {
        crate::lint_str(text, &Options::default())
    }

    pub fn lint_json(value: serde_json::Value) -> Report {
        crate::lint_value(&value, &Options::default())
    }

    /// A valid request with one member replaced.
    pub fn request(field: &str, value: serde_json::Value) -> serde_json::Value {
        let mut request = serde_json::json!({"protected_instance": {
            "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f",
            "name": "web-01",
            "description": "frontend",
            "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502",
            "primary_ip_address": "192.168.0.5",
            "flavorRef": "s3.large.2",
            "tags": [{"key": "owner", "value": "ops"}]
        }});
        request["protected_instance"][field] = value;
        request
    }

    /// The report for [`request`].
    pub fn with(field: &str, value: serde_json::Value) -> Report {
        lint_json(request(field, value))
    }

    /// Options with a context read strictly from `context`.
    pub fn options_with(context: serde_json::Value) -> Options {
        Options::from_value(&serde_json::json!({ "context": context })).expect("a valid context")
    }

    /// (code, path) of every diagnostic, in report order.
    pub fn codes(report: &Report) -> Vec<(&str, &str)> {
        report
            .diagnostics
            .iter()
            .map(|d| (d.code, d.path.as_str()))
            .collect()
    }
}
