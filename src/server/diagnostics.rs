//! A report's diagnostics in the protocol's terms: the rule code as `code`,
//! the rule's page as `codeDescription`, severities as the report's, and for
//! a repeated key or tag the place of its first occurrence as related
//! information.

use super::position::{Encoding, LineIndex};
use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, Range, Url,
};
use sdrs_lint::document::Node;
use sdrs_lint::source::{OffsetUnit, Positions};
use sdrs_lint::{Document, Locale, Report, Severity};

pub const SOURCE: &str = "sdrs-lint";

/// The page of a rule: where the command's SARIF output points too.
/// The rule's page in the language (the English one for a code the
/// catalogue does not hold).
pub fn rule_page(code: &str, locale: Locale) -> String {
    let page = match sdrs_lint::rules::find(code) {
        Some(rule) => rule.url_in(locale),
        None => format!("docs/rules/{code}.md"),
    };
    crate::cli::sarif::help_uri(
        env!("CARGO_PKG_REPOSITORY"),
        env!("CARGO_PKG_VERSION"),
        &page,
    )
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A library range in the protocol's terms; no range (the closing
/// `too-many-diagnostics`) is the document's start.
pub fn range(index: &LineIndex, range: Option<sdrs_lint::Range>, encoding: Encoding) -> Range {
    match range {
        Some(r) => Range {
            start: index.of_report(r.start, encoding),
            end: index.of_report(r.end, encoding),
        },
        None => Range::default(),
    }
}

/// The report's diagnostics for the document `uri`. `document` is its parse
/// (when the text is JSON), where the first occurrences are looked up.
pub fn convert(
    report: &Report,
    uri: &Url,
    text: &str,
    index: &LineIndex,
    document: Option<&Document>,
    encoding: Encoding,
    locale: Locale,
) -> Vec<Diagnostic> {
    // The first occurrences' byte ranges, turned into positions in one pass.
    let firsts: Vec<Option<(usize, usize, String)>> = report
        .diagnostics
        .iter()
        .map(|d| document.and_then(|doc| first_occurrence(doc, d, locale)))
        .collect();
    let offsets: Vec<usize> = firsts
        .iter()
        .flatten()
        .flat_map(|(start, end, _)| [*start, *end])
        .collect();
    let positions = Positions::new(text, OffsetUnit::Utf8, offsets);
    report
        .diagnostics
        .iter()
        .zip(firsts)
        .map(|(d, first)| Diagnostic {
            range: range(index, d.range, encoding),
            severity: Some(severity(d.severity)),
            code: Some(NumberOrString::String(d.code.to_string())),
            code_description: Url::parse(&rule_page(d.code, locale))
                .ok()
                .map(|href| CodeDescription { href }),
            source: Some(SOURCE.to_string()),
            message: d.message.clone(),
            related_information: first.map(|(start, end, message)| {
                vec![DiagnosticRelatedInformation {
                    location: Location {
                        uri: uri.clone(),
                        range: Range {
                            start: index.of_report(positions.get(start), encoding),
                            end: index.of_report(positions.get(end), encoding),
                        },
                    },
                    message,
                }]
            }),
            tags: None,
            data: None,
        })
        .collect()
}

/// For a finding that repeats something earlier (its `params` name the
/// earlier one: `previous_index` among a key's occurrences, `first_index`
/// among a list's elements), the byte range of the first occurrence and
/// what to call it.
fn first_occurrence(
    document: &Document,
    d: &sdrs_lint::Diagnostic,
    locale: Locale,
) -> Option<(usize, usize, String)> {
    let steps = pointer_steps(&d.path);
    if d.params.get("previous_index").is_some() {
        // The key's first occurrence in the same object.
        let key = d.params.get("key")?.as_str()?;
        let (_, parent) = steps.split_last()?;
        let object = resolve(document.root(), parent)?;
        let span = object.members()?.find(|m| m.key == key)?.key_span?;
        let named = super::members::words(
            locale,
            "first-key",
            &super::members::with("key", key.into()),
        );
        return Some((span.start, span.end, named));
    }
    let first = d.params.get("first_index")?.as_u64()? as usize;
    // The last index on the path is the element that repeats an earlier one.
    let at = steps.iter().rposition(|s| s.parse::<usize>().is_ok())?;
    let mut earlier: Vec<String> = steps.clone();
    earlier[at] = first.to_string();
    let span = resolve(document.root(), &earlier)?.span()?;
    let mut params = sdrs_lint::Params::default();
    params.insert("n", (first + 1).into());
    let named = super::members::words(locale, "first-item", &params);
    Some((span.start, span.end, named))
}

/// A JSON Pointer's reference tokens, unescaped (RFC 6901).
fn pointer_steps(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The value a pointer's steps reach (the last of repeated keys, as the
/// rules read them).
fn resolve<'d>(mut node: Node<'d>, steps: &[String]) -> Option<Node<'d>> {
    for step in steps {
        node = match node.elements() {
            Some(mut items) => items.nth(step.parse().ok()?)?,
            None => node.get(step)?,
        };
    }
    Some(node)
}

/// Whether two ranges share a position (an empty range touching another
/// counts: a cursor on a finding's edge asks about it).
pub fn overlaps(a: &Range, b: &Range) -> bool {
    let before = |x: &Position, y: &Position| (x.line, x.character) < (y.line, y.character);
    !before(&a.end, &b.start) && !before(&b.end, &a.start)
}
