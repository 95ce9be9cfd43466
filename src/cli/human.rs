//! The human format: rustc-style code frames with the offending source
//! underlined, drawn by `annotate-snippets`.

use super::Input;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use sdrs_lint::{Diagnostic, Report, Rule, Severity, CATALOGUE};
use std::fmt::Write;

/// `unit` names what an input is in the summary: a file, or an NDJSON line.
pub fn render(inputs: &[Input], reports: &[Report], color: bool, unit: &str) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    for (input, report) in inputs.iter().zip(reports) {
        errors += report.errors;
        warnings += report.warnings;
        infos += report.infos;
        for d in &report.diagnostics {
            out.push_str(&renderer.render(&frame(input, d)));
            out.push_str("\n\n");
        }
    }
    let checked = plural(inputs.len(), unit);
    if errors + warnings + infos == 0 {
        let _ = writeln!(out, "No problems found ({checked} checked).");
    } else {
        let _ = writeln!(
            out,
            "{} ({}, {}, {}) in {checked}.",
            plural(errors + warnings + infos, "problem"),
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(infos, "info"),
        );
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// One diagnostic: its title, and the lines of its range with the range
/// underlined and labelled with the JSON Pointer.
fn frame<'a>(input: &'a Input, d: &'a Diagnostic) -> Vec<Group<'a>> {
    let title = level(d.severity).primary_title(&d.message).id(d.code);
    let pointer = if d.path.is_empty() {
        "(root)"
    } else {
        d.path.as_str()
    };
    let mut groups = vec![match (input.text(), d.range) {
        (Some(text), Some(range)) => {
            let (start, end) = (range.start.offset, range.end.offset);
            let first = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            let last = text[end..]
                .find(['\n', '\r'])
                .map_or(text.len(), |i| end + i);
            title.element(
                Snippet::source(&text[first..last])
                    .line_start((range.start.line + input.first_line - 1) as usize)
                    .path(input.source.as_str())
                    .annotation(
                        AnnotationKind::Primary
                            .span(start - first..end - first)
                            .label(pointer),
                    ),
            )
        }
        _ => title.element(Level::NOTE.message(format!("at {pointer} in {}", input.name))),
    }];
    if let Some(fix) = &d.fix {
        groups.push(Group::with_title(
            Level::HELP.secondary_title(format!("{} (sdrs-lint --fix)", fix.description)),
        ));
    }
    groups
}

/// `--list-rules`: one line per rule.
pub fn rule_list() -> String {
    let width = CATALOGUE.iter().map(|r| r.code.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in CATALOGUE {
        let _ = writeln!(
            out,
            "{:width$}  {:7}  {}  {}{}",
            r.code,
            r.severity.as_str(),
            if r.fixable { "fix" } else { "   " },
            r.summary,
            r.api_code.map(|c| format!(" ({c})")).unwrap_or_default(),
        );
    }
    out
}

/// `--explain CODE`: the rule's documentation, with its metadata first.
pub fn explain(rule: &Rule) -> String {
    let mut out = format!(
        "# {}\n\n{}.\n\nDefault severity: {}. Fixable: {}.{}\n\n",
        rule.code,
        rule.summary,
        rule.severity.as_str(),
        if rule.fixable { "yes" } else { "no" },
        rule.api_code
            .map(|c| format!(" Service error code: {c}."))
            .unwrap_or_default()
    );
    out.push_str(&rule.documentation());
    out.push('\n');
    out
}
