//! Completion: the member names valid where the cursor is (the kinds'
//! wrappers at the root; inside a wrapper the kind's members on the
//! platform that are not there yet; inside a list's element its item's
//! members), and values: the choices a member lists, and the IDs and flavor
//! names of the configuration's context for the members that name them.
//!
//! It works on half-typed text (see [`super::scan`]): completion is asked
//! for exactly while the document is not JSON.

use super::members::{self, Level};
use super::scan::{self, Place, Spot};
use super::Server;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, InsertTextFormat, MarkupContent, MarkupKind, Range, TextEdit,
};
use sdrs_lint::context::Context;
use sdrs_lint::request::{Member, Role, Shape};
use sdrs_lint::Options;

impl Server {
    pub(super) fn completion(&mut self, params: CompletionParams) -> Option<CompletionResponse> {
        let at = params.text_document_position;
        let snippets = self
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        let encoding = self.encoding;
        let document = self.documents.get(&at.text_document.uri)?;
        let configuration = document
            .path
            .as_deref()
            .is_some_and(super::settings::is_configuration);
        if !document.json || configuration {
            return None;
        }
        let options = self.settings.resolve(document.path.as_deref()).options;
        let text = &document.text;
        let cursor = document.index.offset(text, at.position, encoding);
        let spot = scan::spot(text, cursor);
        let path = spot.path.as_deref()?;
        let level = members::level(path, &options)?;
        let candidates = match &spot.place {
            Place::Key => names(&level, &spot, &options, text),
            Place::Value { key } => match level {
                Level::Members(_, list) => {
                    let member = members::find(list, key, options.platform)?;
                    values(member, options.context.as_deref())
                }
                Level::Root => Vec::new(),
            },
            Place::Other => Vec::new(),
        };
        let place = Placing::new(&spot, cursor, snippets);
        let position = |offset| document.index.position(text, offset, encoding);
        let items = candidates
            .into_iter()
            .enumerate()
            .map(|(i, c)| c.item(i, &place, &position))
            .collect();
        Some(CompletionResponse::Array(items))
    }
}

/// Where a completion goes: inside a string its content is replaced (so
/// that a client which filters by the word before the cursor, as Neovim's
/// omnifunc does, and one that filters by the replaced range, as VS Code
/// does, both see the typed letters); a bare word is replaced; elsewhere
/// the text is inserted at the cursor.
struct Placing {
    start: usize,
    end: usize,
    /// `Some(closed)` inside a string.
    string: Option<bool>,
    /// The closing quote's offset, inside a closed string.
    closing: Option<usize>,
    colon_follows: bool,
    snippets: bool,
}

impl Placing {
    fn new(spot: &Spot, cursor: usize, snippets: bool) -> Placing {
        let (start, end) = spot.token.unwrap_or((cursor, cursor));
        let (start, end, closing) = match spot.string {
            Some(true) => (start + 1, end - 1, Some(end - 1)),
            Some(false) => (start + 1, end, None),
            None => (start, end, None),
        };
        Placing {
            start,
            end,
            string: spot.string,
            closing,
            colon_follows: spot.colon_follows,
            snippets,
        }
    }
}

/// One completion, before it is placed.
struct Candidate {
    /// The name or the value, as it reads (unquoted).
    label: String,
    kind: CompletionItemKind,
    detail: Option<String>,
    documentation: Option<String>,
    /// For a name: the snippet of its empty value (`"$0"`, `[$0]`, …).
    empty_value: Option<&'static str>,
}

impl Candidate {
    fn item(
        self,
        order: usize,
        place: &Placing,
        position: &dyn Fn(usize) -> lsp_types::Position,
    ) -> CompletionItem {
        let quoted = json_string(&self.label);
        // The label as JSON string content, without its quotes.
        let inner = quoted
            .strip_prefix('"')
            .and_then(|q| q.strip_suffix('"'))
            .unwrap_or_default()
            .to_string();
        let name = self.empty_value.is_some();
        let colon = name && !place.colon_follows;
        let mut snippet = false;
        let mut additional = None;
        let new_text = match place.string {
            // Inside a closed string: the content; a name's colon after
            // the closing quote.
            Some(true) => {
                if let (true, Some(closing)) = (colon, place.closing) {
                    let after = position(closing + 1);
                    additional = Some(vec![TextEdit {
                        range: Range {
                            start: after,
                            end: after,
                        },
                        new_text: ": ".into(),
                    }]);
                }
                inner
            }
            // Inside an open string: the content and the closing quote.
            Some(false) => match (colon, place.snippets, self.empty_value) {
                (true, true, Some(empty)) => {
                    snippet = true;
                    format!("{}\": {empty}", escape_snippet(&inner))
                }
                (true, _, _) => format!("{inner}\": "),
                (false, _, _) => format!("{inner}\""),
            },
            None => match (colon, place.snippets, self.empty_value) {
                (true, true, Some(empty)) => {
                    snippet = true;
                    format!("{}: {empty}", escape_snippet(&quoted))
                }
                (true, _, _) => format!("{quoted}: "),
                (false, _, _) => quoted,
            },
        };
        CompletionItem {
            label: self.label.clone(),
            kind: Some(self.kind),
            detail: self.detail,
            documentation: self.documentation.map(|value| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                })
            }),
            // No filterText: Neovim 0.7's omnifunc, seeing one, replaces
            // from the keyword's start (after a '-' or '.') instead of the
            // text edit's, and doubles what was typed.
            filter_text: None,
            sort_text: Some(format!("{order:04}")),
            insert_text_format: Some(if snippet {
                InsertTextFormat::SNIPPET
            } else {
                InsertTextFormat::PLAIN_TEXT
            }),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: Range {
                    start: position(place.start),
                    end: position(place.end),
                },
                new_text,
            })),
            additional_text_edits: additional,
            ..CompletionItem::default()
        }
    }
}

/// A text as a JSON string, with its quotes.
fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// Text inside a snippet: `$`, `}` and `\` are the snippet syntax's own.
fn escape_snippet(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The member names for an object at `level` that it does not have yet.
fn names(level: &Level, spot: &Spot, options: &Options, text: &str) -> Vec<Candidate> {
    let absent = |key: &str| !spot.present.iter().any(|k| k == key);
    match level {
        Level::Root => {
            // The wrapper, where the root has none yet and is empty or a
            // request: a package.json is offered nothing.
            let wrapped = members::kinds(options).any(|k| !absent(k.wrapper));
            let empty_or_request =
                spot.present.is_empty() || sdrs_lint::is_request(text.as_bytes());
            if wrapped || !empty_or_request {
                return Vec::new();
            }
            members::kinds(options)
                .map(|kind| Candidate {
                    label: kind.wrapper.to_string(),
                    kind: CompletionItemKind::MODULE,
                    detail: Some(kind.call.to_string()),
                    documentation: Some(members::describe_wrapper(kind, options.locale)),
                    empty_value: Some("{\n\t$0\n}"),
                })
                .collect()
        }
        Level::Members(kind, list) => list
            .iter()
            .filter(|m| m.on(options.platform) && absent(m.key))
            .map(|m| Candidate {
                label: m.key.to_string(),
                kind: CompletionItemKind::PROPERTY,
                detail: Some(members::presence(m.required, options.locale)),
                documentation: Some(members::describe(kind, m, options)),
                empty_value: Some(match m.shape {
                    Shape::Text => "\"$0\"",
                    Shape::List(_) => "[$0]",
                    Shape::Map(_) => "{$0}",
                }),
            })
            .collect(),
    }
}

/// The values a member can take: its listed choices, or what the context
/// knows of the resources it names.
fn values(member: &Member, context: Option<&Context>) -> Vec<Candidate> {
    let value = |label: &str, kind, detail: Option<String>| Candidate {
        label: label.to_string(),
        kind,
        detail,
        documentation: None,
        empty_value: None,
    };
    if !member.choices.is_empty() {
        return member
            .choices
            .iter()
            .map(|c| value(c, CompletionItemKind::ENUM_MEMBER, None))
            .collect();
    }
    let Some(context) = context else {
        return Vec::new();
    };
    let joined = |parts: Vec<Option<String>>| {
        let parts: Vec<String> = parts.into_iter().flatten().collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    };
    let id = CompletionItemKind::VALUE;
    match member.role {
        Role::ServerGroup => context
            .protection_groups
            .iter()
            .flatten()
            .map(|g| {
                let vpc = match (&g.source_vpc_id, &g.target_vpc_id) {
                    (Some(s), Some(t)) if s != t => Some(format!("VPC {s} → {t}")),
                    _ => g.target_vpc().map(|v| format!("VPC {v}")),
                };
                let zones = match (&g.source_availability_zone, &g.target_availability_zone) {
                    (Some(s), Some(t)) => Some(format!("{s} → {t}")),
                    (Some(z), None) | (None, Some(z)) => Some(z.clone()),
                    (None, None) => None,
                };
                value(&g.id, id, joined(vec![g.status.clone(), vpc, zones]))
            })
            .collect(),
        Role::Server => context
            .servers
            .iter()
            .flatten()
            .map(|s| {
                let detail = joined(vec![
                    s.status.clone(),
                    s.vpc_id.as_ref().map(|v| format!("VPC {v}")),
                    s.availability_zone.clone(),
                    s.flavor.clone(),
                ]);
                value(&s.id, id, detail)
            })
            .collect(),
        Role::Subnet => context
            .subnets
            .iter()
            .flatten()
            .map(|s| {
                let detail = joined(vec![
                    s.cidr.map(|c| c.to_string()),
                    s.vpc_id.as_ref().map(|v| format!("VPC {v}")),
                ]);
                value(&s.id, id, detail)
            })
            .collect(),
        Role::Flavor => context
            .flavors
            .iter()
            .flatten()
            .map(|f| {
                let detail = joined(vec![
                    f.vcpus
                        .map(|n| format!("{n} vCPU{}", if n == 1 { "" } else { "s" })),
                    f.ram.map(gibibytes),
                ]);
                value(&f.id, CompletionItemKind::CONSTANT, detail)
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A flavor's memory (the flavor API's MiB) in GiB.
fn gibibytes(mib: u64) -> String {
    if mib % 1024 == 0 {
        format!("{} GiB", mib / 1024)
    } else {
        format!("{:.1} GiB", mib as f64 / 1024.0)
    }
}
