//! SARIF 2.1.0 for code-scanning tools, built with `serde-sarif`.

use super::Input;
use sdrs_lint::{Report, Severity, CATALOGUE};
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn render(inputs: &[Input], reports: &[Report]) -> String {
    let rules: Vec<ReportingDescriptor> = CATALOGUE
        .iter()
        .map(|r| {
            ReportingDescriptor::builder()
                .id(r.code)
                .short_description(MultiformatMessageString::builder().text(r.summary).build())
                .full_description(MultiformatMessageString::builder().text(r.summary).build())
                .help(
                    MultiformatMessageString::builder()
                        .text(r.documentation())
                        .markdown(r.documentation())
                        .build(),
                )
                .default_configuration(
                    ReportingConfiguration::builder()
                        .level(serde_json::json!(level(r.severity)))
                        .build(),
                )
                .build()
        })
        .collect();
    let mut results = Vec::new();
    for (input, report) in inputs.iter().zip(reports) {
        for d in &report.diagnostics {
            let mut region = Region::builder().build();
            if let Some(range) = d.range {
                // NDJSON: the range is within the line; SARIF wants the file's lines.
                let line = |l: u32| i64::from(l + input.first_line - 1);
                region = Region::builder()
                    .start_line(line(range.start.line))
                    .start_column(range.start.column as i64)
                    .end_line(line(range.end.line))
                    .end_column(range.end.column as i64)
                    .build();
                if input.first_line == 1 {
                    region.byte_offset = Some(range.start.offset as i64);
                    region.byte_length = Some((range.end.offset - range.start.offset) as i64);
                }
            }
            let location = Location::builder()
                .physical_location(
                    PhysicalLocation::builder()
                        .artifact_location(ArtifactLocation::builder().uri(uri(input)).build())
                        .region(region)
                        .build(),
                )
                .build();
            let mut properties = serde_sarif::sarif::PropertyBag::builder()
                .additional_properties(std::collections::BTreeMap::from([(
                    "path".to_string(),
                    serde_json::json!(d.path),
                )]))
                .build();
            if let Some(code) = d.api_code {
                properties
                    .additional_properties
                    .insert("api_code".into(), serde_json::json!(code));
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
                .properties(properties);
            let result = match CATALOGUE.iter().position(|r| r.code == d.code) {
                Some(i) => result.rule_index(i as i64).build(),
                None => result.build(),
            };
            results.push(result);
        }
    }
    let run = Run::builder()
        .tool(
            Tool::builder()
                .driver(
                    ToolComponent::builder()
                        .name("sdrs-lint")
                        .version(env!("CARGO_PKG_VERSION"))
                        .semantic_version(env!("CARGO_PKG_VERSION"))
                        .rules(rules)
                        .build(),
                )
                .build(),
        )
        .results(results)
        .column_kind(serde_json::json!("utf16CodeUnits"))
        .build();
    let log = Sarif::builder()
        .schema(serde_sarif::sarif::SCHEMA_URL)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&log).expect("serializable") + "\n"
}

/// A relative URI as code-scanning tools expect; standard input has none.
fn uri(input: &Input) -> String {
    match &input.path {
        Some(p) => p
            .to_string_lossy()
            .replace('\\', "/")
            .trim_start_matches("./")
            .to_string(),
        None => "stdin".to_string(),
    }
}
