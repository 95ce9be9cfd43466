//! Hover: on a finding, its message, the rule's summary, the service's
//! error code and the rule's page; on a member's name, what the member is
//! and its limits (from the request kinds' descriptions).

use super::diagnostics::{self, overlaps};
use super::members::{self, Level};
use super::scan::{self, Place};
use super::Server;
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind, Range};
use sdrs_lint::{messages, Locale};

impl Server {
    pub(super) fn hover(&mut self, params: HoverParams) -> Option<Hover> {
        let at = params.text_document_position_params;
        let encoding = self.encoding;
        let document = self.lint(&at.text_document.uri)?;
        let linted = document.linted.as_ref()?;
        let report = linted.report.as_ref()?;
        let cursor = Range {
            start: at.position,
            end: at.position,
        };
        let mut parts = Vec::new();
        let mut range = None;
        for (finding, shown) in report.diagnostics.iter().zip(&linted.diagnostics) {
            if shown.range == Range::default() && finding.range.is_none() {
                // The report's own closing entry has no place.
                continue;
            }
            if overlaps(&shown.range, &cursor) {
                parts.push(finding_text(finding, linted.options.locale));
                range.get_or_insert(shown.range);
            }
        }
        let offset = document.index.offset(&document.text, at.position, encoding);
        let spot = scan::spot(&document.text, offset);
        if let (Place::Key, Some(path), Some(word), Some((start, end))) =
            (&spot.place, &spot.path, &spot.word, spot.token)
        {
            let options = &linted.options;
            let text = match members::level(path, options) {
                Some(Level::Members(kind, list)) => list
                    .iter()
                    .find(|m| m.key == word)
                    .map(|m| members::describe(kind, m, options)),
                Some(Level::Root) => members::kinds(options)
                    .find(|k| k.wrapper == word)
                    .map(|k| members::describe_wrapper(k, options.locale)),
                None => None,
            };
            if let Some(text) = text {
                parts.push(text);
                range.get_or_insert(Range {
                    start: document.index.position(&document.text, start, encoding),
                    end: document.index.position(&document.text, end, encoding),
                });
            }
        }
        if parts.is_empty() {
            return None;
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range,
        })
    }
}

fn finding_text(finding: &sdrs_lint::Diagnostic, locale: Locale) -> String {
    let rule = sdrs_lint::rules::find(finding.code);
    let severity = messages::label(locale, "severity", finding.severity.as_str());
    let mut text = format!(
        "**{}** `{}` ({})",
        diagnostics::SOURCE,
        finding.code,
        severity.as_deref().unwrap_or(finding.severity.as_str())
    );
    if let Some(rule) = rule {
        text.push_str(": ");
        text.push_str(&members::plain(&rule.summary_in(locale)));
    }
    text.push_str("\n\n");
    text.push_str(&members::plain(&finding.message));
    if let Some(code) = finding.api_code.or(rule.and_then(|r| r.api_code)) {
        text.push_str("\n\n");
        text.push_str(&members::words(
            locale,
            "api-code",
            &members::with("code", code.into()),
        ));
    }
    let link = members::words(
        locale,
        "documentation",
        &members::with("code", finding.code.into()),
    );
    let page = diagnostics::rule_page(finding.code, locale);
    text.push_str(&format!("\n\n[{link}]({page})"));
    text
}
