//! Code actions: a `quickfix` for each finding with a fix (built from the
//! fix's text edits; safe fixes preferred, unsafe ones titled as such), and
//! `source.fixAll.sdrs-lint`, which applies the safe fixes exactly as
//! `sdrs-lint --fix` does, as one edit of the document.

use super::diagnostics::{self, overlaps};
use super::members;
use super::position::{Encoding, LineIndex};
use super::Server;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, Url, WorkspaceEdit,
};
use sdrs_lint::Applicability;
use std::collections::HashMap;

pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.sdrs-lint")
}

/// Whether a client that asked for `only` these kinds wants `kind`: the
/// kinds are hierarchical (`source.fixAll` covers `source.fixAll.sdrs-lint`).
fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| {
            kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str()))
        })
    })
}

impl Server {
    pub(super) fn code_actions(&mut self, params: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = params.text_document.uri;
        let encoding = self.encoding;
        let versioned = self
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false);
        let Some(document) = self.lint(&uri) else {
            return Vec::new();
        };
        let Some(linted) = &document.linted else {
            return Vec::new();
        };
        let Some(report) = &linted.report else {
            return Vec::new();
        };
        let edit = |edits: Vec<TextEdit>| workspace_edit(&uri, document.version, edits, versioned);
        let only = params.context.only.as_deref();
        let mut actions = Vec::new();
        if wanted(only, &CodeActionKind::QUICKFIX) {
            for (finding, shown) in report.diagnostics.iter().zip(&linted.diagnostics) {
                // A plan's fixes are suggestions for the configuration.
                let Some(fix) = finding.fix.as_ref().filter(|_| finding.resource.is_none()) else {
                    continue;
                };
                // At the cursor, or named by the client: Neovim names the
                // cursor line's diagnostics with the cursor at the line's
                // start, and 0.7 sends their columns in bytes whatever the
                // encoding, so a named one is matched by its code, its
                // message and its line.
                let named = params.context.diagnostics.iter().any(|c| {
                    c.code == shown.code
                        && c.message == shown.message
                        && c.range.start.line == shown.range.start.line
                });
                if fix.edits.is_empty() || !(named || overlaps(&shown.range, &params.range)) {
                    continue;
                }
                let safe = fix.applicability == Applicability::Safe;
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| TextEdit {
                        range: diagnostics::range(&document.index, Some(e.range), encoding),
                        new_text: e.text.clone(),
                    })
                    .collect();
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: if safe {
                        fix.description.clone()
                    } else {
                        let description = members::with("description", fix.description.clone());
                        members::words(linted.options.locale, "unsafe-fix", &description)
                    },
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![shown.clone()]),
                    edit: Some(edit(edits)),
                    is_preferred: Some(safe),
                    ..CodeAction::default()
                }));
            }
        }
        if wanted(only, &fix_all_kind()) {
            let fixed = sdrs_lint::fix_str(&document.text, &linted.options, Applicability::Safe);
            if fixed.text != document.text {
                let count = fixed.applied.len();
                let changes = changes(&document.text, &fixed.text, &document.index, encoding);
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: {
                        let mut params = sdrs_lint::Params::default();
                        params.insert("n", count.into());
                        let form = if count == 1 { "fix-all-1" } else { "fix-all-n" };
                        members::words(linted.options.locale, form, &params)
                    },
                    kind: Some(fix_all_kind()),
                    edit: Some(edit(changes)),
                    ..CodeAction::default()
                }));
            }
        }
        actions
    }
}

fn workspace_edit(uri: &Url, version: i32, edits: Vec<TextEdit>, versioned: bool) -> WorkspaceEdit {
    if versioned {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// The edits that turn `before` into `after`: one per group of changed
/// lines, each cut to the bytes that differ. A fix changes a few values, so
/// the other lines stay as they are in the editor (its marks, its undo
/// history); a megabyte on one line is one edit.
pub fn changes(before: &str, after: &str, index: &LineIndex, encoding: Encoding) -> Vec<TextEdit> {
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    let starts = |lines: &[&str]| {
        let mut at = vec![0];
        at.extend(lines.iter().scan(0, |sum, l| {
            *sum += l.len();
            Some(*sum)
        }));
        at
    };
    let (old_at, new_at) = (starts(&old), starts(&new));
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(200);
    let ops = similar::capture_diff_slices_deadline(
        similar::Algorithm::Myers,
        &old,
        &new,
        Some(deadline),
    );
    // Consecutive changed ranges (a deletion next to an insertion) are one hunk.
    let mut hunks: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    for op in ops {
        if op.tag() == similar::DiffTag::Equal {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        match hunks.last_mut() {
            Some((lo, ln)) if lo.end == o.start && ln.end == n.start => {
                lo.end = o.end;
                ln.end = n.end;
            }
            _ => hunks.push((o, n)),
        }
    }
    hunks
        .into_iter()
        .map(|(o, n)| {
            let (from, to) = (old_at[o.start], old_at[o.end]);
            let (start, end, text) =
                differing_span(&before[from..to], &after[new_at[n.start]..new_at[n.end]]);
            TextEdit {
                range: lsp_types::Range {
                    start: index.position(before, from + start, encoding),
                    end: index.position(before, from + end, encoding),
                },
                new_text: text.to_string(),
            }
        })
        .collect()
}

/// The byte range of `before` that differs from `after`, and what `after`
/// has there; both ends on character boundaries.
fn differing_span<'a>(before: &str, after: &'a str) -> (usize, usize, &'a str) {
    let (b, a) = (before.as_bytes(), after.as_bytes());
    let mut prefix = b.iter().zip(a).take_while(|(x, y)| x == y).count();
    while !before.is_char_boundary(prefix) || !after.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let room = b.len().min(a.len()) - prefix;
    let mut suffix = b
        .iter()
        .rev()
        .zip(a.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    while !before.is_char_boundary(b.len() - suffix) || !after.is_char_boundary(a.len() - suffix) {
        suffix -= 1;
    }
    (prefix, b.len() - suffix, &after[prefix..a.len() - suffix])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_differing_span_is_minimal_and_on_character_boundaries() {
        assert_eq!(differing_span("abc", "abc"), (3, 3, ""));
        assert_eq!(differing_span("a b", "a-b"), (1, 2, "-"));
        assert_eq!(differing_span("xx", "xxx"), (2, 2, "x"));
        assert_eq!(differing_span("xxx", "x"), (1, 3, ""));
        // "é" (c3 a9) and "è" (c3 a8) share their first byte.
        assert_eq!(differing_span("aéb", "aèb"), (1, 3, "è"));
        let (start, end, text) = differing_span("名😀x", "名😁x");
        assert_eq!((start, end, text), (3, 7, "😁"));
    }

    #[test]
    fn changes_are_one_edit_per_group_of_changed_lines() {
        let before = "{\n\"a\": \"X\",\n\"b\": 1,\n\"c\": \"Y\"\n}";
        let after = "{\n\"a\": \"x\",\n\"b\": 1,\n\"c\": \"y\"\n}";
        let index = LineIndex::new(before);
        let edits = changes(before, after, &index, Encoding::Utf16);
        let summary: Vec<(u32, u32, u32, &str)> = edits
            .iter()
            .map(|e| {
                (
                    e.range.start.line,
                    e.range.start.character,
                    e.range.end.character,
                    e.new_text.as_str(),
                )
            })
            .collect();
        assert_eq!(summary, [(1, 6, 7, "x"), (3, 6, 7, "y")]);
        // A removed line and a shorter text.
        let edits = changes(
            "[\n1,\n2\n]",
            "[\n2\n]",
            &LineIndex::new("[\n1,\n2\n]"),
            Encoding::Utf8,
        );
        assert_eq!(edits.len(), 1);
        assert_eq!(
            (
                edits[0].range.start.line,
                edits[0].range.end.line,
                edits[0].new_text.as_str()
            ),
            (1, 2, "")
        );
    }

    #[test]
    fn kinds_are_hierarchical() {
        let all = fix_all_kind();
        assert!(wanted(None, &all));
        assert!(wanted(Some(&[CodeActionKind::SOURCE_FIX_ALL]), &all));
        assert!(wanted(Some(&[CodeActionKind::SOURCE]), &all));
        assert!(!wanted(Some(&[CodeActionKind::QUICKFIX]), &all));
        assert!(!wanted(Some(&[CodeActionKind::new("source.fix")]), &all));
    }
}
