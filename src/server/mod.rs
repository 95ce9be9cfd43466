//! `sdrs-lint server`: the Language Server Protocol (3.17) over standard
//! input and output (SPEC §11). A thin surface: it translates between the
//! protocol and the library (documents in, reports, fixes and the request
//! kinds' descriptions out) and decides nothing about a request itself.
//!
//! One thread answers the messages in order; linting takes microseconds for
//! a request and about a millisecond for a megabyte, so nothing waits long.
//! Changes that arrive together are linted once: diagnostics are published
//! when no message is waiting, or before the next request is answered.

mod actions;
mod completion;
mod diagnostics;
mod hover;
mod members;
mod position;
mod scan;
mod settings;
#[cfg(test)]
mod tests;
mod transport;

use crossbeam_channel::Sender;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    CompletionOptions, DiagnosticOptions, DiagnosticServerCapabilities,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentDiagnosticParams,
    DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    HoverProviderCapability, InitializeParams, InitializeResult, MessageType,
    PublishDiagnosticsParams, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, UnchangedDocumentDiagnosticReport, Url,
};
use position::{Encoding, LineIndex};
use sdrs_lint::{Options, Report};
use serde_json::{json, Value};
use settings::Settings;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The command's entry point: serves on standard input and output until
/// `exit` or the end of the input. The exit status is 0 after `shutdown`,
/// else 1 (LSP 3.17, `exit`).
pub fn run_stdio() -> u8 {
    let (to_server, from_client) = crossbeam_channel::unbounded();
    let (to_client, from_server) = crossbeam_channel::unbounded();
    let output: transport::Output = Arc::new(Mutex::new(std::io::stdout()));
    let writer = {
        let output = output.clone();
        std::thread::spawn(move || transport::write_frames(from_server, output))
    };
    // The reader may be blocked on standard input when the server ends;
    // the process ends it.
    std::thread::spawn(move || transport::read_frames(std::io::stdin().lock(), to_server, output));
    let status = serve(Connection {
        sender: to_client,
        receiver: from_client,
    });
    let _ = writer.join();
    status
}

/// Serves one connection; returns the exit status.
pub fn serve(connection: Connection) -> u8 {
    let Connection { sender, receiver } = connection;
    // Before `initialize`: requests get ServerNotInitialized, notifications
    // are dropped, `exit` ends with 1.
    let (id, params) = loop {
        let Ok(message) = receiver.recv() else {
            return 1;
        };
        match message {
            Message::Request(r) if r.method == "initialize" => {
                match serde_json::from_value::<InitializeParams>(r.params) {
                    Ok(params) => break (r.id, params),
                    Err(e) => reply_error(
                        &sender,
                        r.id,
                        ErrorCode::InvalidParams,
                        format!("initialize: {e}"),
                    ),
                }
            }
            Message::Request(r) => reply_error(
                &sender,
                r.id,
                ErrorCode::ServerNotInitialized,
                format!("'{}' before 'initialize'", r.method),
            ),
            Message::Notification(n) if n.method == "exit" => return 1,
            Message::Notification(_) | Message::Response(_) => {}
        }
    };
    let (mut server, result) = Server::new(sender, &params);
    server.send(Response::new_ok(id, result).into());
    let mut shut_down = false;
    loop {
        let Ok(message) = receiver.recv() else {
            return u8::from(!shut_down);
        };
        // A request sees the diagnostics of the changes before it first.
        if matches!(message, Message::Request(_)) {
            server.publish_changed();
        }
        match message {
            Message::Request(r) if shut_down => reply_error(
                &server.sender,
                r.id,
                ErrorCode::InvalidRequest,
                format!("'{}' after 'shutdown'", r.method),
            ),
            Message::Request(r) if r.method == "shutdown" => {
                shut_down = true;
                server.send(Response::new_ok(r.id, Value::Null).into());
            }
            Message::Request(r) => server.request(r),
            Message::Notification(n) if n.method == "exit" => return u8::from(!shut_down),
            Message::Notification(n) => server.notification(n),
            Message::Response(_) => {}
        }
        if receiver.is_empty() {
            server.publish_changed();
        }
    }
}

fn reply_error(sender: &Sender<Message>, id: RequestId, code: ErrorCode, message: String) {
    let _ = sender.send(Response::new_err(id, code as i32, message).into());
}

/// An open document.
struct Document {
    text: String,
    version: i32,
    /// Its file, for the configuration next to it (none when unsaved).
    path: Option<PathBuf>,
    /// JSON by its language or its name; anything else is never linted.
    json: bool,
    index: LineIndex,
    linted: Option<Linted>,
    /// Whether the last diagnostics published for it were not empty.
    shown: bool,
}

/// A document's lint, valid for one version and one set of options.
struct Linted {
    version: i32,
    /// The reading of the configuration its options come from.
    reading: u64,
    options: Arc<Options>,
    /// `None`: the document is not a request.
    report: Option<Report>,
    diagnostics: Vec<lsp_types::Diagnostic>,
}

struct Server {
    sender: Sender<Message>,
    encoding: Encoding,
    capabilities: ClientCapabilities,
    /// The client pulls diagnostics (`textDocument/diagnostic`): none are pushed.
    pull: bool,
    settings: Settings,
    documents: HashMap<Url, Document>,
    /// Documents changed since diagnostics were last published.
    changed: HashSet<Url>,
    /// Configuration problems already shown, so each is shown once.
    problems_shown: HashSet<String>,
    next_request: i32,
}

impl Server {
    fn new(sender: Sender<Message>, params: &InitializeParams) -> (Server, InitializeResult) {
        let capabilities = params.capabilities.clone();
        let encoding = Encoding::negotiate(
            capabilities
                .general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let pull = capabilities
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some());
        #[allow(deprecated)] // root_uri: clients without workspace folders send it
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|folders| folders.first())
            .map(|f| &f.uri)
            .or(params.root_uri.as_ref())
            .and_then(|uri| uri.to_file_path().ok());
        let (settings, problem) = Settings::new(params.initialization_options.as_ref(), root);
        let server = Server {
            sender,
            encoding,
            capabilities,
            pull,
            settings,
            documents: HashMap::new(),
            changed: HashSet::new(),
            problems_shown: HashSet::new(),
            next_request: 0,
        };
        if let Some(problem) = problem {
            server.show(MessageType::ERROR, &problem);
        }
        let result = InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["\"".into()]),
                    ..CompletionOptions::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            actions::fix_all_kind(),
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some(diagnostics::SOURCE.into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        ..DiagnosticOptions::default()
                    })
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "sdrs-lint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        (server, result)
    }

    fn send(&self, message: Message) {
        let _ = self.sender.send(message);
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Notification::new(method.to_string(), params).into());
    }

    /// A message for the user (`window/showMessage`).
    fn show(&self, kind: MessageType, text: &str) {
        self.notify(
            "window/showMessage",
            json!({"type": kind, "message": format!("sdrs-lint: {text}")}),
        );
    }

    /// A request of the server's own; its response is not waited for.
    fn ask(&mut self, method: &str, params: Value) {
        self.next_request += 1;
        let id = RequestId::from(format!("sdrs-lint/{}", self.next_request));
        self.send(Request::new(id, method.to_string(), params).into());
    }

    fn request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        let result = match method.as_str() {
            "textDocument/hover" => parse(params).map(|p| to_value(self.hover(p))),
            "textDocument/completion" => parse(params).map(|p| to_value(self.completion(p))),
            "textDocument/codeAction" => parse(params).map(|p| to_value(self.code_actions(p))),
            "textDocument/diagnostic" => parse(params).map(|p| to_value(self.pulled(p))),
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("sdrs-lint does not answer '{method}'"),
            )),
        };
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(response.into());
    }

    fn notification(&mut self, notification: Notification) {
        let Notification { method, params } = notification;
        let handled = match method.as_str() {
            "initialized" => {
                self.watch_configuration();
                Ok(())
            }
            "textDocument/didOpen" => parse(params).map(|p| self.opened(p)),
            "textDocument/didChange" => parse(params).map(|p| self.changed(p)),
            "textDocument/didClose" => parse(params).map(|p| self.closed(p)),
            "textDocument/didSave" => parse(params).map(|p| self.saved(p)),
            "workspace/didChangeWatchedFiles" => parse(params).map(|p| self.watched(p)),
            // Nothing to do: settings come from files and initializationOptions.
            _ => Ok(()),
        };
        // A notification has no response: a malformed one is logged.
        if let Err((_, message)) = handled {
            self.notify(
                "window/logMessage",
                json!({"type": MessageType::ERROR, "message": format!("sdrs-lint: {method}: {message}")}),
            );
        }
    }

    /// Registers a watcher for configuration files, where the client lets
    /// the server register one.
    fn watch_configuration(&mut self) {
        let dynamic = self
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        if dynamic {
            self.ask(
                "client/registerCapability",
                json!({"registrations": [{
                    "id": "sdrs-lint/configuration",
                    "method": "workspace/didChangeWatchedFiles",
                    "registerOptions": {"watchers": [
                        {"globPattern": format!("**/{}", crate::cli::config::FILE_NAME)}
                    ]}
                }]}),
            );
        }
    }

    fn opened(&mut self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let path = item.uri.to_file_path().ok();
        let json = matches!(item.language_id.as_str(), "json" | "jsonc")
            || path
                .as_ref()
                .and_then(|p| p.extension())
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let document = Document {
            index: LineIndex::new(&item.text),
            text: item.text,
            version: item.version,
            path,
            json,
            linted: None,
            shown: false,
        };
        self.documents.insert(item.uri.clone(), document);
        self.changed.insert(item.uri);
    }

    fn changed(&mut self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(document) = self.documents.get_mut(&uri) else {
            return;
        };
        for change in params.content_changes {
            match change.range {
                Some(range) => {
                    let start = document
                        .index
                        .offset(&document.text, range.start, self.encoding);
                    let end = document
                        .index
                        .offset(&document.text, range.end, self.encoding)
                        .max(start);
                    document.text.replace_range(start..end, &change.text);
                }
                None => document.text = change.text,
            }
            document.index = LineIndex::new(&document.text);
        }
        document.version = params.text_document.version;
        self.changed.insert(uri);
    }

    fn closed(&mut self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.changed.remove(&uri);
        if let Some(document) = self.documents.remove(&uri) {
            if document.shown && !self.pull {
                self.publish(uri, Vec::new(), None);
            }
        }
    }

    fn saved(&mut self, params: DidSaveTextDocumentParams) {
        let is_configuration = params
            .text_document
            .uri
            .to_file_path()
            .is_ok_and(|p| settings::is_configuration(&p));
        if is_configuration {
            self.configuration_changed();
        }
    }

    fn watched(&mut self, params: DidChangeWatchedFilesParams) {
        let configuration = params.changes.iter().any(|c| {
            c.uri
                .path()
                .ends_with(&format!("/{}", crate::cli::config::FILE_NAME))
        });
        if configuration {
            self.configuration_changed();
        }
    }

    /// A configuration file changed: every open document is linted again
    /// (pushed), or the client is asked to pull again.
    fn configuration_changed(&mut self) {
        self.settings.reload();
        self.problems_shown.clear();
        if self.pull {
            let refresh = self
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostic.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false);
            if refresh {
                self.ask("workspace/diagnostic/refresh", Value::Null);
            }
        } else {
            self.changed.extend(self.documents.keys().cloned());
        }
    }

    /// Lints a document if its text or its options changed since its last
    /// lint; its diagnostics then stay with it.
    fn lint(&mut self, uri: &Url) -> Option<&Document> {
        let document = self.documents.get(uri)?;
        let resolved = self.settings.resolve(document.path.as_deref());
        if let Some(problem) = resolved.problem {
            if self.problems_shown.insert(problem.clone()) {
                self.show(MessageType::ERROR, &problem);
            }
        }
        let document = self.documents.get_mut(uri)?;
        let fresh = document
            .linted
            .as_ref()
            .is_some_and(|l| l.version == document.version && l.reading == resolved.reading);
        if !fresh {
            let configuration = document
                .path
                .as_deref()
                .is_some_and(settings::is_configuration);
            let (report, diagnostics) = if !document.json || configuration || resolved.ignored {
                (None, Vec::new())
            } else {
                lint_text(
                    uri,
                    document,
                    &resolved.options,
                    resolved.listed,
                    self.encoding,
                )
            };
            document.linted = Some(Linted {
                version: document.version,
                reading: resolved.reading,
                options: resolved.options,
                report,
                diagnostics,
            });
        }
        Some(document)
    }

    /// Pushes the diagnostics of the documents changed since the last push.
    fn publish_changed(&mut self) {
        if self.pull {
            self.changed.clear();
            return;
        }
        let changed: Vec<Url> = self.changed.drain().collect();
        for uri in changed {
            let Some(document) = self.lint(&uri) else {
                continue;
            };
            let (diagnostics, request) = match &document.linted {
                Some(l) => (l.diagnostics.clone(), l.report.is_some()),
                None => (Vec::new(), false),
            };
            let version = document.version;
            // A document that is not a request gets nothing, unless it
            // had diagnostics to take back.
            if !request && !document.shown {
                continue;
            }
            if let Some(document) = self.documents.get_mut(&uri) {
                document.shown = !diagnostics.is_empty();
            }
            self.publish(uri, diagnostics, Some(version));
        }
    }

    fn publish(&self, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify(
            "textDocument/publishDiagnostics",
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        );
    }

    /// `textDocument/diagnostic`: the document's diagnostics, or "unchanged"
    /// when the client has them (the result ID names the version and the
    /// options read).
    fn pulled(&mut self, params: DocumentDiagnosticParams) -> DocumentDiagnosticReportResult {
        let uri = params.text_document.uri;
        let (result_id, items) = match self.lint(&uri) {
            Some(document) => {
                let linted = document.linted.as_ref();
                let reading = linted.map_or(0, |l| l.reading);
                (
                    Some(format!("{}-{reading}", document.version)),
                    linted.map(|l| l.diagnostics.clone()).unwrap_or_default(),
                )
            }
            None => (None, Vec::new()),
        };
        let report = if result_id.is_some() && params.previous_result_id == result_id {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: result_id.unwrap_or_default(),
                },
            })
        } else {
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
            })
        };
        DocumentDiagnosticReportResult::Report(report)
    }
}

/// The report of a document that is a request, or that the
/// configuration's `files` lists, and its diagnostics; none for any other
/// JSON (SPEC §2, "Not a request"; §11).
fn lint_text(
    uri: &Url,
    document: &Document,
    options: &Options,
    listed: bool,
    encoding: Encoding,
) -> (Option<Report>, Vec<lsp_types::Diagnostic>) {
    let text = &document.text;
    let parsed = sdrs_lint::source::parse(text);
    let report = match &parsed {
        Ok(tree) if listed || sdrs_lint::request::is_request_root(tree.root()) => {
            sdrs_lint::lint_document(tree, options)
        }
        Err(_) if listed => sdrs_lint::lint_str(text, options),
        Ok(_) => return (None, Vec::new()),
        Err(_) if sdrs_lint::is_request(text.as_bytes()) => sdrs_lint::lint_str(text, options),
        Err(_) => return (None, Vec::new()),
    };
    let diagnostics = diagnostics::convert(
        &report,
        uri,
        text,
        &document.index,
        parsed.as_ref().ok(),
        encoding,
        options.locale,
    );
    (Some(report), diagnostics)
}

type Failure = (ErrorCode, String);

fn parse<P: serde::de::DeserializeOwned>(params: Value) -> Result<P, Failure> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn to_value(result: impl serde::Serialize) -> Value {
    serde_json::to_value(result).unwrap_or(Value::Null)
}
