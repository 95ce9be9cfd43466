//! SARIF 2.1.0 for code-scanning tools, built with `serde-sarif`.
//!
//! The log is the one `serde-sarif` writes whole, a piece at a time: each
//! input's results are spooled when it is linted, since the run's members
//! come by name and its invocation (the exit status) and base of relative
//! URIs, known only at the end, come before its results. Each piece is a
//! `serde-sarif` value, serialized where it stands in the pretty-printed
//! document.

use super::{fingerprints, indent, pretty, Input, JsonArray, Outcome, Render, Spool};
use percent_encoding::{percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sdrs_lint::{Diagnostic, Fix, Locale, Range, Report, Resource, Severity, CATALOGUE};
use serde::Serialize;
use serde_sarif::sarif::{
    ArtifactChange, ArtifactContent, ArtifactLocation, Fix as SarifFix, Invocation, Location,
    LogicalLocation, Message, MultiformatMessageString, Notification, PhysicalLocation,
    PropertyBag, Region, Replacement, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Tool, ToolComponent,
};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Component, Path};

/// A plan finding's resource instance as a SARIF logical location
/// (§3.33): its full address, named by its last part (`web[\"a\"]`).
fn logical_location(resource: &Resource) -> LogicalLocation {
    let marker = format!("{}.", resource.kind);
    let name = resource
        .address
        .match_indices(&marker)
        .find(|(at, _)| *at == 0 || resource.address[..*at].ends_with('.'))
        .map_or(resource.address.as_str(), |(at, _)| {
            &resource.address[at + marker.len()..]
        });
    LogicalLocation::builder()
        .fully_qualified_name(resource.address.as_str())
        .name(name)
        .kind("resource")
        .build()
}

/// The base of relative artifact URIs: the working directory, as ESLint's
/// and other SARIF writers name it.
const SRCROOT: &str = "%SRCROOT%";

/// The `partialFingerprints` key of [`fingerprints`]; a new version of the
/// hash gets a new key.
const FINGERPRINT: &str = "sdrsLint/v1";

/// Where a rule's documentation is published, as the absolute URI SARIF
/// wants (§3.49.12): its page in the repository Cargo.toml names, or else
/// the copy the npm package of the same version ships (`docs/rules/`),
/// served by unpkg.com.
/// Where a rule's page (`docs/rules/CODE.md`, `docs/rules/de/CODE.md`) is
/// read: the repository, or the npm package, which ships the pages.
pub fn help_uri(repository: &str, version: &str, page: &str) -> String {
    match repository.trim_end_matches('/') {
        "" => format!("https://unpkg.com/sdrs-lint@{version}/{page}"),
        repository => format!("{repository}/blob/HEAD/{page}"),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A range as a SARIF region: lines of the file (an NDJSON line's ranges
/// are within the line), UTF-16 columns as the run declares, and the byte
/// offsets where they are the file's.
fn region(input: &Input, range: Range) -> Region {
    let mut region = Region::builder()
        .start_line(i64::from(input.file_line(range.start)))
        .start_column(i64::from(range.start.column))
        .end_line(i64::from(input.file_line(range.end)))
        .end_column(i64::from(range.end.column))
        .build();
    if input.first_line == 1 {
        region.byte_offset = Some(range.start.offset as i64);
        region.byte_length = Some((range.end.offset - range.start.offset) as i64);
    }
    region
}

/// A fix's text edits as SARIF replacements, its applicability as a property.
fn sarif_fix(input: &Input, fix: &Fix) -> SarifFix {
    let replacements: Vec<Replacement> = fix
        .edits
        .iter()
        .map(|edit| {
            Replacement::builder()
                .deleted_region(region(input, edit.range))
                .inserted_content(ArtifactContent::builder().text(edit.text.as_str()).build())
                .build()
        })
        .collect();
    SarifFix::builder()
        .description(Message::builder().text(fix.description.as_str()).build())
        .artifact_changes(vec![ArtifactChange::builder()
            .artifact_location(artifact_location(input))
            .replacements(replacements)
            .build()])
        .properties(
            PropertyBag::builder()
                .additional_properties(BTreeMap::from([(
                    "applicability".to_string(),
                    serde_json::json!(fix.applicability),
                )]))
                .build(),
        )
        .build()
}

/// The SARIF log as the run goes: results spooled as they come; whether
/// any input was named by a relative path (then the log names the working
/// directory as `%SRCROOT%`).
#[derive(Default)]
pub struct Sarif {
    results: Option<(Spool, JsonArray)>,
    relative: bool,
    /// The language of the rules' descriptions and pages (the results'
    /// messages are the reports' own).
    locale: Locale,
}

impl Sarif {
    pub fn new(locale: Locale) -> Self {
        Sarif {
            locale,
            ..Sarif::default()
        }
    }
}

/// `"key": ` and the value, at the depth of the run's members.
fn member<T: Serialize + ?Sized>(
    out: &mut dyn Write,
    key: &str,
    value: &T,
    depth: usize,
) -> io::Result<()> {
    indent(out, depth)?;
    serde_json::to_writer(&mut *out, key)?;
    out.write_all(b": ")?;
    value.serialize(&mut pretty(&mut *out, depth))?;
    Ok(())
}

/// The depth of the run's members: in the log's object, in `runs`, in the run.
const RUN: usize = 3;

impl Render for Sarif {
    fn start(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        let mut spool = Spool::new()?;
        let array = JsonArray::open(&mut spool, RUN)?;
        self.results = Some((spool, array));
        Ok(())
    }

    fn report(&mut self, _out: &mut dyn Write, input: &Input, report: &Report) -> io::Result<()> {
        self.relative |= input.location.as_deref().is_some_and(Path::is_relative);
        let (spool, results) = self.results.as_mut().expect("started");
        for (d, fingerprint) in report.diagnostics.iter().zip(fingerprints(input, report)) {
            results.push(spool, &result(input, d, fingerprint))?;
        }
        Ok(())
    }

    /// The log, its members in `serde-sarif`'s order (by name): the run's
    /// invocation and base come before its results, known only now.
    fn finish(&mut self, out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
        let (mut spool, results) = self.results.take().expect("started");
        results.close(&mut spool)?;
        out.write_all(b"{\n")?;
        member(out, "$schema", serde_sarif::sarif::SCHEMA_URL, 1)?;
        out.write_all(b",\n")?;
        indent(out, 1)?;
        out.write_all(b"\"runs\": [\n")?;
        indent(out, 2)?;
        out.write_all(b"{\n")?;
        member(out, "columnKind", "utf16CodeUnits", RUN)?;
        out.write_all(b",\n")?;
        member(out, "invocations", &[invocation(outcome)], RUN)?;
        out.write_all(b",\n")?;
        // SARIF's default is en-US; another language is named (§3.14.7).
        if let Some(tag) = language_tag(self.locale) {
            member(out, "language", tag, RUN)?;
            out.write_all(b",\n")?;
        }
        if let Some(bases) = self.bases() {
            member(out, "originalUriBaseIds", &bases, RUN)?;
            out.write_all(b",\n")?;
        }
        indent(out, RUN)?;
        out.write_all(b"\"results\": ")?;
        spool.copy_to(out)?;
        out.write_all(b",\n")?;
        member(out, "tool", &tool(self.locale), RUN)?;
        out.write_all(b"\n")?;
        indent(out, 2)?;
        out.write_all(b"}\n")?;
        indent(out, 1)?;
        out.write_all(b"],\n")?;
        member(out, "version", "2.1.0", 1)?;
        out.write_all(b"\n}\n")
    }
}

impl Sarif {
    /// `%SRCROOT%`, the working directory, when an input was named by a
    /// relative path.
    fn bases(&self) -> Option<BTreeMap<String, ArtifactLocation>> {
        let cwd = std::env::current_dir().ok().filter(|_| self.relative)?;
        let root = url::Url::from_directory_path(cwd).ok()?;
        Some(BTreeMap::from([(
            SRCROOT.to_string(),
            ArtifactLocation::builder().uri(root.as_str()).build(),
        )]))
    }
}

/// The run's exit status, and what could not be read.
fn invocation(outcome: &Outcome) -> Invocation {
    let notifications: Vec<Notification> = outcome
        .unreadable
        .iter()
        .map(|problem| {
            Notification::builder()
                .level(serde_json::json!("error"))
                .message(Message::builder().text(problem.as_str()).build())
                .build()
        })
        .collect();
    Invocation::builder()
        .execution_successful(outcome.unreadable.is_empty())
        .exit_code(i64::from(outcome.exit_code))
        .tool_execution_notifications(notifications)
        .build()
}

/// The run's `language` where it is not SARIF's default, en-US.
fn language_tag(locale: Locale) -> Option<&'static str> {
    match locale {
        Locale::En => None,
        Locale::De => Some("de-DE"),
        Locale::Zh => Some("zh-CN"),
    }
}

/// The tool, with every rule of the catalogue and its documentation, in
/// the language.
fn tool(locale: Locale) -> Tool {
    let rules: Vec<ReportingDescriptor> = CATALOGUE
        .iter()
        .map(|r| {
            let summary = r.summary_in(locale);
            let documentation = r.documentation_in(locale);
            let descriptor = ReportingDescriptor::builder()
                .id(r.code)
                .short_description(MultiformatMessageString::builder().text(&summary).build())
                .full_description(MultiformatMessageString::builder().text(&summary).build())
                .help(
                    MultiformatMessageString::builder()
                        .text(&documentation)
                        .markdown(&documentation)
                        .build(),
                )
                .default_configuration(
                    ReportingConfiguration::builder()
                        .level(serde_json::json!(level(r.severity)))
                        .build(),
                );
            descriptor
                .help_uri(help_uri(
                    env!("CARGO_PKG_REPOSITORY"),
                    env!("CARGO_PKG_VERSION"),
                    &r.url_in(locale),
                ))
                .build()
        })
        .collect();
    Tool::builder()
        .driver(
            ToolComponent::builder()
                .name("sdrs-lint")
                .version(env!("CARGO_PKG_VERSION"))
                .semantic_version(env!("CARGO_PKG_VERSION"))
                .rules(rules)
                .build(),
        )
        .build()
}

/// One diagnostic as a SARIF result.
fn result(input: &Input, d: &Diagnostic, fingerprint: String) -> SarifResult {
    let mut physical = PhysicalLocation::builder()
        .artifact_location(artifact_location(input))
        .build();
    // The closing too-many-diagnostics has no range: its location is the
    // file alone.
    if let Some(range) = d.range {
        physical.region = Some(region(input, range));
    }
    // A plan's fix is a suggestion for the configuration: edits to the
    // plan's own text would be no change at all.
    let fixes = d
        .fix
        .as_ref()
        .filter(|f| !f.edits.is_empty() && d.resource.is_none())
        .map(|fix| vec![sarif_fix(input, fix)]);
    let mut properties = BTreeMap::from([("path".to_string(), serde_json::json!(d.path))]);
    if let Some(code) = d.api_code {
        properties.insert("api_code".into(), serde_json::json!(code));
    }
    let mut location = Location::builder().physical_location(physical).build();
    if let Some(resource) = &d.resource {
        location.logical_locations = Some(vec![logical_location(resource)]);
        properties.insert("resource".into(), serde_json::json!(resource));
    }
    let result = SarifResult::builder()
        .rule_id(d.code)
        .level(match d.severity {
            Severity::Error => ResultLevel::Error,
            Severity::Warning => ResultLevel::Warning,
            Severity::Info => ResultLevel::Note,
        })
        .message(Message::builder().text(d.message.as_str()).build())
        .locations(vec![location])
        .partial_fingerprints(BTreeMap::from([(FINGERPRINT.to_string(), fingerprint)]))
        .properties(
            PropertyBag::builder()
                .additional_properties(properties)
                .build(),
        );
    let mut result = match CATALOGUE.iter().position(|r| r.code == d.code) {
        Some(i) => result.rule_index(i as i64).build(),
        None => result.build(),
    };
    result.fixes = fixes;
    result
}

/// What a path segment keeps unencoded: RFC 3986's unreserved characters and
/// the sub-delimiters and `@` that `pchar` allows. `:` is encoded, or a
/// first segment like `a:b.json` would read as a URI scheme.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b'@');

/// A relative path as a percent-encoded URI reference against %SRCROOT%,
/// an absolute one as a `file:` URI, and unnamed standard input as a
/// description with no URI (it is no file a viewer could open).
fn artifact_location(input: &Input) -> ArtifactLocation {
    let Some(path) = &input.location else {
        return ArtifactLocation::builder()
            .description(Message::builder().text("standard input").build())
            .build();
    };
    if path.is_absolute() {
        if let Ok(uri) = url::Url::from_file_path(path) {
            return ArtifactLocation::builder().uri(uri.as_str()).build();
        }
    }
    let segments: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::CurDir => None,
            Component::ParentDir => Some("..".to_string()),
            c => Some(percent_encode(c.as_os_str().as_encoded_bytes(), SEGMENT).to_string()),
        })
        .collect();
    ArtifactLocation::builder()
        .uri(segments.join("/"))
        .uri_base_id(SRCROOT)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_uri_is_the_rules_page_in_the_repository_or_the_npm_package() {
        assert_eq!(
            help_uri(
                "https://example.org/team/sdrs-lint/",
                "0.1.0",
                "docs/rules/id-format.md"
            ),
            "https://example.org/team/sdrs-lint/blob/HEAD/docs/rules/id-format.md"
        );
        assert_eq!(
            help_uri("", "0.1.0", "docs/rules/zh/id-format.md"),
            "https://unpkg.com/sdrs-lint@0.1.0/docs/rules/zh/id-format.md"
        );
    }
}
