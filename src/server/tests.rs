//! The protocol, in process: a client drives [`serve`] through an in-memory
//! connection, and each exchange is a readable JSON snapshot
//! (`src/server/snapshots/`; `INSTA_UPDATE=always cargo test --bin sdrs-lint
//! server` writes them anew, `git diff` shows what changed).

use super::serve;
use insta::assert_json_snapshot;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use std::path::Path;
use std::thread::JoinHandle;
use std::time::Duration;

/// The longest a test waits for a message the server owes it.
const PATIENCE: Duration = Duration::from_secs(20);

struct Client {
    connection: Connection,
    server: Option<JoinHandle<u8>>,
    next_id: i32,
    /// Notifications received while waiting for a response.
    notifications: Vec<Notification>,
}

/// Capabilities of a client that offers UTF-8 positions and pulls nothing.
fn utf8() -> Value {
    json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}})
}

/// A client that knows only UTF-16 (the protocol's default).
fn utf16() -> Value {
    json!({})
}

impl Client {
    /// Starts a server and initializes it.
    fn start(capabilities: Value) -> Client {
        Client::start_with(json!({"capabilities": capabilities})).0
    }

    /// Starts a server and sends `initialize` with these params; returns
    /// its response too.
    fn start_with(params: Value) -> (Client, Value) {
        let (server_side, client_side) = Connection::memory();
        let server = std::thread::spawn(move || serve(server_side));
        let mut client = Client {
            connection: client_side,
            server: Some(server),
            next_id: 0,
            notifications: Vec::new(),
        };
        let result = client.request("initialize", params);
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn send(&self, message: Message) {
        self.connection
            .sender
            .send(message)
            .expect("the server listens");
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.into(), params).into());
    }

    /// The whole response (`result` or `error`) to a request.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id.clone(), method.into(), params).into());
        loop {
            match self.receive() {
                Message::Response(r) if r.id == id => {
                    return match r.response_result {
                        Ok(result) => json!({"result": result}),
                        Err(error) => {
                            json!({"error": {"code": error.code, "message": error.message}})
                        }
                    }
                }
                Message::Notification(n) => self.notifications.push(n),
                _ => {}
            }
        }
    }

    fn receive(&self) -> Message {
        self.connection
            .receiver
            .recv_timeout(PATIENCE)
            .expect("a message from the server in time")
    }

    /// The next notification with this method (received already or to come).
    fn notification(&mut self, method: &str) -> Value {
        if let Some(at) = self.notifications.iter().position(|n| n.method == method) {
            return self.notifications.remove(at).params;
        }
        loop {
            match self.receive() {
                Message::Notification(n) if n.method == method => return n.params,
                Message::Notification(n) => self.notifications.push(n),
                _ => {}
            }
        }
    }

    /// A request of the server's own (`client/registerCapability`, …).
    fn server_request(&mut self, method: &str) -> Value {
        loop {
            match self.receive() {
                Message::Request(r) if r.method == method => return r.params,
                Message::Notification(n) => self.notifications.push(n),
                _ => {}
            }
        }
    }

    /// Diagnostics published for `uri`: the next ones, from a round trip
    /// that makes sure every earlier change was published.
    fn diagnostics(&mut self, uri: &str) -> Value {
        self.sync();
        let at = self
            .notifications
            .iter()
            .rposition(|n| n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri)
            .expect("diagnostics published");
        let found = self.notifications.remove(at).params;
        self.notifications
            .retain(|n| !(n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri));
        found
    }

    /// Whether any diagnostics were published for `uri` since the last look.
    fn published(&mut self, uri: &str) -> bool {
        self.sync();
        self.notifications
            .iter()
            .any(|n| n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri)
    }

    /// A request the server answers after publishing what it owes.
    fn sync(&mut self) {
        let _ = self.request("sdrs-lint/sync", json!({}));
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
        );
    }

    fn shutdown(mut self) -> u8 {
        assert_eq!(
            self.request("shutdown", Value::Null),
            json!({"result": null})
        );
        self.notify("exit", Value::Null);
        self.server
            .take()
            .expect("running")
            .join()
            .expect("no panic")
    }
}

fn at(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn doc(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": at(line, character)})
}

/// ASCII text with cursors marked `|`: the text without them, and each
/// cursor's position.
fn marked(text: &str) -> (String, Vec<(u32, u32)>) {
    let mut cursors = Vec::new();
    let mut clean = String::new();
    let (mut line, mut character) = (0, 0);
    for c in text.chars() {
        match c {
            '|' => cursors.push((line, character)),
            '\n' => {
                clean.push(c);
                line += 1;
                character = 0;
            }
            _ => {
                clean.push(c);
                character += 1;
            }
        }
    }
    (clean, cursors)
}

const URI: &str = "file:///work/requests/web.json";

/// A request whose name has Chinese characters and an emoji before a
/// space (`name-charset` on the characters; the finding after them on the
/// same line checks the columns), and an upper-case server ID.
const CHINESE: &str =
    "{\"protected_instance\": {\"server_group_id\": \"523ab8ad-3759-4933-9436-4cf4ebb20867\",\n\
  \"name\": \"名前😀\", \"server_id\": \"403B603D-1D91-42CC-A357-81F3C2DAF43F\"}}";

const CLEAN: &str = r#"{"protected_instance": {
  "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
  "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f",
  "name": "web-01"
}}"#;

#[test]
fn initialize_offers_utf8_when_the_client_does() {
    let (client, result) = Client::start_with(json!({"capabilities": utf8()}));
    assert_json_snapshot!(result);
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn initialize_keeps_utf16_for_other_clients() {
    for capabilities in [
        utf16(),
        json!({"general": {"positionEncodings": ["utf-32", "utf-16"]}}),
    ] {
        let (client, result) = Client::start_with(json!({"capabilities": capabilities}));
        assert_eq!(
            result["result"]["capabilities"]["positionEncoding"],
            "utf-16"
        );
        // Pushing clients are not offered pulling.
        assert_eq!(
            result["result"]["capabilities"].get("diagnosticProvider"),
            None
        );
        client.shutdown();
    }
}

#[test]
fn diagnostics_in_utf8_after_chinese_text_and_an_emoji() {
    let mut client = Client::start(utf8());
    client.open(URI, CHINESE);
    let published = client.diagnostics(URI);
    // "名前😀" is 3 + 3 + 4 bytes: the server ID starts 27 bytes after the name.
    assert_json_snapshot!(published);
    client.shutdown();
}

#[test]
fn diagnostics_in_utf16_after_chinese_text_and_an_emoji() {
    let mut client = Client::start(utf16());
    client.open(URI, CHINESE);
    let published = client.diagnostics(URI);
    let ranges: Vec<&Value> = published["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| &d["range"])
        .collect();
    // The same findings as in UTF-8, with "名前😀" 4 code units wide.
    assert_json_snapshot!(ranges);
    client.shutdown();
}

#[test]
fn a_change_is_published_and_a_fixed_request_clears_its_diagnostics() {
    let mut client = Client::start(utf16());
    client.open(URI, "{\"protected_instance\": {\"name\": \"web 01\"}}");
    let codes = |p: &Value| -> Vec<String> {
        p["diagnostics"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|d| d["code"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(
        codes(&client.diagnostics(URI)),
        ["missing-field", "missing-field", "name-charset"]
    );
    // An incremental change: "web 01" becomes "web-01" ...
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2},
               "contentChanges": [{"range": {"start": at(0, 36), "end": at(0, 37)}, "text": "-"}]}),
    );
    let published = client.diagnostics(URI);
    assert_eq!(published["version"], 2);
    assert_eq!(codes(&published), ["missing-field", "missing-field"]);
    // ... and a whole-text change makes it clean: an empty list.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": CLEAN}]}),
    );
    assert_eq!(client.diagnostics(URI)["diagnostics"], json!([]));
    client.shutdown();
}

#[test]
fn changes_in_utf8_columns_after_an_emoji() {
    let mut client = Client::start(utf8());
    let text = "{\"protected_instance\": {\"description\": \"😀\", \"name\": \"web-01\"}}";
    client.open(URI, text);
    client.diagnostics(URI);
    // In UTF-8 the "-" of "web-01" is at its byte offset (the emoji is 4 bytes).
    let dash = text.find('-').expect("a dash") as u32;
    assert_eq!(dash, 59);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2},
               "contentChanges": [{"range": {"start": at(0, dash), "end": at(0, dash + 1)}, "text": " "}]}),
    );
    let published = client.diagnostics(URI);
    let charset = published["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|d| d["code"] == "name-charset")
        .expect("the space is found")
        .clone();
    assert_json_snapshot!(charset);
    client.shutdown();
}

#[test]
fn pull_diagnostics_when_the_client_pulls() {
    let (mut client, result) = Client::start_with(json!({"capabilities": {
        "textDocument": {"diagnostic": {"dynamicRegistration": false}}
    }}));
    assert_eq!(
        result["result"]["capabilities"]["diagnosticProvider"],
        json!({"identifier": "sdrs-lint", "interFileDependencies": false, "workspaceDiagnostics": false})
    );
    client.open(URI, "{\"protected_instance\": {\"name\": \"web 01\"}}");
    let pulled = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_json_snapshot!(pulled);
    // Nothing is pushed to a pulling client.
    assert!(!client.published(URI));
    // Asked again with the result's ID: unchanged.
    let again = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}, "previousResultId": pulled["result"]["resultId"]}),
    );
    assert_eq!(again["result"]["kind"], "unchanged");
    client.shutdown();
}

/// The code actions for the whole of `URI`.
fn actions(client: &mut Client, only: Option<&[&str]>) -> Value {
    let mut context = json!({"diagnostics": []});
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": at(0, 0), "end": at(99, 0)}, "context": context}),
    )
}

#[test]
fn quick_fixes_safe_preferred_and_unsafe_titled() {
    let mut client = Client::start(utf8());
    client.open(
        URI,
        "{\"protected_instance\": {\"server_group_id\": \"523ab8ad-3759-4933-9436-4cf4ebb20867\",\n\
         \"server_id\": \"403B603D-1d91-42cc-a357-81f3c2daf43f\", \"name\": \"web-01\",\n\
         \"tags\": [{\"key\": \"app\", \"value\": \"a\"}, {\"key\": \"app\", \"value\": \"b\"}]}}",
    );
    let found = actions(&mut client, Some(&["quickfix"]));
    assert_json_snapshot!(found);
    client.shutdown();
}

#[test]
fn quick_fixes_for_the_findings_at_the_cursor_or_named_by_the_client() {
    let mut client = Client::start(utf8());
    client.open(
        URI,
        "{\"protected_instance\": {\"server_group_id\": \"523AB8AD-3759-4933-9436-4cf4ebb20867\",\n\
         \"server_id\": \"403B603D-1d91-42cc-a357-81f3c2daf43f\", \"name\": \"web-01\"}}",
    );
    let published = client.diagnostics(URI);
    let mut fixed = |range: Value, diagnostics: Value| {
        let found = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": range,
                   "context": {"diagnostics": diagnostics, "only": ["quickfix"]}}),
        );
        found["result"]
            .as_array()
            .expect("actions")
            .iter()
            .map(|a| {
                a["diagnostics"][0]["code"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
                    + " "
                    + &a["diagnostics"][0]["range"]["start"]["line"].to_string()
            })
            .collect::<Vec<_>>()
    };
    let cursor =
        |line, character| json!({"start": at(line, character), "end": at(line, character)});
    // The cursor in the group's ID, then in the server's.
    assert_eq!(fixed(cursor(0, 50), json!([])), ["id-uppercase 0"]);
    assert_eq!(fixed(cursor(1, 20), json!([])), ["id-uppercase 1"]);
    // The cursor at a line's start, with the line's diagnostics named (as
    // Neovim asks).
    let mut second = published["diagnostics"][1].clone();
    assert_eq!(fixed(cursor(1, 0), json!([second])), ["id-uppercase 1"]);
    // Neovim 0.7 names them with byte columns whatever the encoding.
    second["range"]["start"]["character"] = json!(99);
    assert_eq!(fixed(cursor(1, 0), json!([second])), ["id-uppercase 1"]);
    assert_eq!(fixed(cursor(1, 0), json!([])), Vec::<String>::new());
    client.shutdown();
}

#[test]
fn fix_all_applies_the_safe_fixes_as_the_command_does() {
    let mut client = Client::start(json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {"workspaceEdit": {"documentChanges": true}}
    }));
    let text = "{\"protected_instance\": {\"server_group_id\": \"523AB8AD-3759-4933-9436-4cf4ebb20867\",\r\n\
         \"name\": \"名前😀\", \"flavour\": \"s3.large.2\",\r\n\
         \"server_id\": \"403B603D-1d91-42cc-a357-81f3c2daf43f\",\r\n\
         \"tags\": [{\"key\": \"app\", \"value\": \"b\"}, {\"key\": \"app\", \"value\": \"c\"}],\r\n\
         \"description\": \"😀\", \"primary_subnet_id\": \"A32217FB-3413-c313-6342-3124d3491502\"}}";
    client.open(URI, text);
    let found = actions(&mut client, Some(&["source.fixAll"]));
    assert_json_snapshot!(found);
    // The edits make the text `--fix` makes.
    let expected = sdrs_lint::fix_str(
        text,
        &sdrs_lint::Options::default(),
        sdrs_lint::Applicability::Safe,
    );
    let edits = found["result"][0]["edit"]["documentChanges"][0]["edits"]
        .as_array()
        .expect("edits");
    assert_eq!(edits.len(), 3, "one per changed line");
    let index = super::position::LineIndex::new(text);
    let offset = |p: &Value| {
        let position = lsp_types::Position {
            line: p["line"].as_u64().unwrap_or_default() as u32,
            character: p["character"].as_u64().unwrap_or_default() as u32,
        };
        index.offset(text, position, super::position::Encoding::Utf16)
    };
    let mut applied = text.to_string();
    for edit in edits.iter().rev() {
        applied.replace_range(
            offset(&edit["range"]["start"])..offset(&edit["range"]["end"]),
            edit["newText"].as_str().expect("new text"),
        );
    }
    assert_eq!(applied, expected.text);
    client.shutdown();
}

#[test]
fn no_actions_for_a_clean_request_or_another_document() {
    let mut client = Client::start(utf8());
    client.open(URI, CLEAN);
    assert_eq!(actions(&mut client, None), json!({"result": []}));
    let other = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": "file:///never/opened.json"}, "range": {"start": at(0, 0), "end": at(0, 0)}, "context": {"diagnostics": []}}),
    );
    assert_eq!(other, json!({"result": []}));
    client.shutdown();
}

#[test]
fn hover_on_a_finding() {
    let mut client = Client::start(utf8());
    client.open(URI, CHINESE);
    // On the name's value, after its first character.
    let hover = client.request("textDocument/hover", doc(URI, 1, 12));
    assert_json_snapshot!(hover);
    client.shutdown();
}

#[test]
fn hover_on_member_names() {
    let mut client = Client::start(utf16());
    client.open(
        URI,
        "{\"protected_instance\": {\"name\": \"web-01\",\n \"tags\": [{\"key\": \"app\", \"value\": \"a\"}]}}",
    );
    let name = client.request("textDocument/hover", doc(URI, 0, 27));
    let tags = client.request("textDocument/hover", doc(URI, 1, 3));
    let tag_key = client.request("textDocument/hover", doc(URI, 1, 13));
    let wrapper = client.request("textDocument/hover", doc(URI, 0, 5));
    assert_json_snapshot!([name, tags, tag_key, wrapper]);
    // A value that is fine has nothing to say.
    assert_eq!(
        client.request("textDocument/hover", doc(URI, 0, 36)),
        json!({"result": null})
    );
    client.shutdown();
}

/// The configuration's `locale` reaches every text the server writes: a
/// finding's hover (message, summary, error code, the rule's page in the
/// language), a member's hover and a completion's detail (issue 22).
#[test]
fn hover_and_completion_speak_the_configured_language() {
    let params = json!({"capabilities": utf8(), "initializationOptions": {"locale": "zh", "platform": "huawei"}});
    let (mut client, _) = Client::start_with(params);
    client.open(
        URI,
        "{\"protected_instance\": {\"server_group_id\": \"X\", \"cluster_id\": \"a\"}}",
    );
    let finding = client.request("textDocument/hover", doc(URI, 0, 44));
    let member = client.request("textDocument/hover", doc(URI, 0, 54));
    let wrapper = client.request("textDocument/hover", doc(URI, 0, 5));
    // A name with a space (an unsafe fix) and an upper-case ID (a safe one).
    client.open(
        URI,
        "{\"protected_instance\": {\"server_group_id\": \"523AB8AD-3759-4933-9436-4cf4ebb20867\", \"server_id\": \"403b603d-1d91-42cc-a357-81f3c2daf43f\", \"name\": \"web 01\"}}",
    );
    let titles: Vec<String> = actions(&mut client, None)["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect();
    assert!(
        titles.iter().any(|t| t.ends_with("（不安全）")),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"修复所有可安全修复的 sdrs-lint 问题（1 处修复）".to_string()),
        "{titles:?}"
    );
    let (text, cursors) = marked("{\"protected_instance\": {\"server_group_id\": \"X\", |}}");
    client.open("file:///work/requests/new.json", &text);
    let (line, at) = cursors[0];
    let completion = client.request(
        "textDocument/completion",
        doc("file:///work/requests/new.json", line, at),
    );
    client.shutdown();
    let finding = finding["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(finding.contains("服务错误码"), "{finding}");
    assert!(
        finding.contains("/docs/rules/zh/id-format.md)"),
        "{finding}"
    );
    let member = member["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        member.contains("专属分布式存储池") && member.contains("仅限 华为云"),
        "{member}"
    );
    let wrapper = wrapper["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(wrapper.contains("包含 `single` 请求的成员"), "{wrapper}");
    assert!(
        offered(&completion).contains(&"name (必选)".to_string()),
        "{:?}",
        offered(&completion)
    );
    assert_json_snapshot!([finding, member, wrapper]);
}

/// The labels and details of a completion result.
fn offered(result: &Value) -> Vec<String> {
    result["result"]
        .as_array()
        .expect("a list of items")
        .iter()
        .map(|i| match i["detail"].as_str() {
            Some(detail) => format!("{} ({detail})", i["label"].as_str().unwrap_or_default()),
            None => i["label"].as_str().unwrap_or_default().to_string(),
        })
        .collect()
}

#[test]
fn completion_of_member_names_in_half_typed_text() {
    let mut client = Client::start(utf8());
    // Not JSON: the string is open and nothing is closed.
    client.open(
        URI,
        "{\"protected_instance\": {\"name\": \"web-01\",\n  \"serv",
    );
    let found = client.request("textDocument/completion", doc(URI, 1, 7));
    assert_json_snapshot!(found);
    client.shutdown();
}

#[test]
fn completion_of_names_per_platform_tags_and_root() {
    let huawei = json!({"capabilities": utf8(), "initializationOptions": {"platform": "huawei"}});
    let mut client = Client::start(utf8());
    let (text, cursors) = marked(
        "{\"protected_instance\": {\"name\": \"web-01\", \"tags\": [{\"key\": \"a\", |}], |}}",
    );
    let [(tag_line, tag_at), (line, inside_at)] = cursors[..] else {
        panic!("two cursors")
    };
    client.open(URI, &text);
    let inside = client.request("textDocument/completion", doc(URI, line, inside_at));
    let tag = client.request("textDocument/completion", doc(URI, tag_line, tag_at));
    client.open("file:///work/requests/new.json", "{}");
    let root = client.request(
        "textDocument/completion",
        doc("file:///work/requests/new.json", 0, 1),
    );
    client.shutdown();
    let (mut client, _) = Client::start_with(huawei);
    client.open(URI, &text);
    let on_huawei = client.request("textDocument/completion", doc(URI, line, inside_at));
    client.shutdown();
    assert_json_snapshot!(json!({
        "otc": offered(&inside),
        "huawei": offered(&on_huawei),
        "tag": offered(&tag),
        "root": offered(&root),
    }));
}

#[test]
fn completion_of_ids_and_flavors_from_the_context() {
    let context = json!({
        "protection_groups": [{"id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "status": "available",
            "source_vpc_id": "vpc-prod", "source_availability_zone": "eu-de-01", "target_availability_zone": "eu-de-02"}],
        "servers": [{"id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "status": "ACTIVE", "vpc_id": "vpc-prod",
            "availability_zone": "eu-de-01", "flavor": "s3.large.2"}],
        "subnets": [{"id": "a32217fb-3413-c313-6342-3124d3491502", "vpc_id": "vpc-prod", "cidr": "192.168.0.0/24"}],
        "flavors": [{"id": "s3.large.2", "vcpus": 2, "ram": 4096}, {"id": "s3.medium.1", "vcpus": 1, "ram": 1024}]
    });
    let (mut client, _) = Client::start_with(json!({
        "capabilities": utf8(),
        "initializationOptions": {"context": context, "platform": "huawei"}
    }));
    let (text, cursors) = marked(
        "{\"protected_instance\": {\"server_group_id\": \"|\", \"server_id\": \"40|\",\n\
         \"primary_subnet_id\": |, \"flavorRef\": \"s3|\", \"tenancy\": \"|\"}}",
    );
    client.open(URI, &text);
    let mut found = cursors.iter().map(|&(line, character)| {
        client.request("textDocument/completion", doc(URI, line, character))
    });
    let mut next = || found.next().expect("a cursor");
    let (group, server, subnet, flavor, tenancy) = (next(), next(), next(), next(), next());
    assert_json_snapshot!(json!({
        "group": offered(&group),
        "server": server["result"],
        "subnet": offered(&subnet),
        "flavor": offered(&flavor),
        "tenancy": offered(&tenancy),
    }));
    client.shutdown();
}

#[test]
fn documents_that_are_not_requests_get_nothing() {
    let mut client = Client::start(utf8());
    let package = "file:///work/app/package.json";
    client.open(
        package,
        "{\"name\": \"my app\", \"description\": \"<b>\", \"version\": \"1.0.0\"}",
    );
    assert!(!client.published(package));
    assert_eq!(
        client.request("textDocument/hover", doc(package, 0, 10)),
        json!({"result": null})
    );
    // Nothing is offered at the root of someone else's JSON.
    let root = client.request("textDocument/completion", doc(package, 0, 1));
    assert_eq!(root["result"], json!([]));
    // A request that stops being one loses its diagnostics.
    client.open(URI, "{\"protected_instance\": {\"name\": \"web 01\"}}");
    assert_ne!(client.diagnostics(URI)["diagnostics"], json!([]));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "{\"name\": \"x\"}"}]}),
    );
    assert_eq!(client.diagnostics(URI)["diagnostics"], json!([]));
    // A document that is not JSON is never linted.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "file:///work/notes.md", "languageId": "markdown", "version": 1,
               "text": "{\"protected_instance\": {\"name\": \"web 01\"}}"}}),
    );
    assert!(!client.published("file:///work/notes.md"));
    client.shutdown();
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("written");
}

fn url(path: &Path) -> String {
    lsp_types::Url::from_file_path(path)
        .expect("an absolute path")
        .to_string()
}

#[test]
fn the_nearest_configuration_counts_and_is_read_again_when_it_changes() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let nested = dir.path().join("team/requests");
    std::fs::create_dir_all(&nested).expect("folders");
    write(
        &dir.path().join("sdrs-lint.json"),
        r#"{"rules": {"name-charset": "off"}}"#,
    );
    let request = nested.join("web.json");
    let uri = url(&request);
    let text = "{\"protected_instance\": {\"name\": \"web 01\", \"server_id\": \"403B603D-1d91-42cc-a357-81f3c2daf43f\"}}";
    write(&request, text);
    let mut client = Client::start(json!({
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
    }));
    // The configuration's files are watched.
    assert_json_snapshot!(client.server_request("client/registerCapability"));
    client.open(&uri, text);
    let codes = |p: Value| -> Vec<String> {
        p["diagnostics"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    d["code"].as_str().unwrap_or_default(),
                    d["severity"]
                )
            })
            .collect()
    };
    assert_eq!(
        codes(client.diagnostics(&uri)),
        ["missing-field 1", "id-uppercase 2"]
    );
    // A nearer configuration, announced as a watched file: read at once.
    let nearer = dir.path().join("team/sdrs-lint.json");
    write(&nearer, r#"{"rules": {"id-uppercase": "error"}}"#);
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": url(&nearer), "type": 1}]}),
    );
    assert_eq!(
        codes(client.diagnostics(&uri)),
        ["missing-field 1", "name-charset 1", "id-uppercase 1"]
    );
    // Saved in the editor: read at once too.
    write(&nearer, r#"{"rules": {"id-uppercase": "off"}}"#);
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": url(&nearer)}}),
    );
    assert_eq!(
        codes(client.diagnostics(&uri)),
        ["missing-field 1", "name-charset 1"]
    );
    // A broken configuration is shown once, and the defaults lint.
    write(&nearer, r#"{"rules": {"id-uppercase": "loud"}}"#);
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": url(&nearer)}}),
    );
    assert_eq!(
        codes(client.diagnostics(&uri)),
        ["missing-field 1", "name-charset 1", "id-uppercase 2"]
    );
    let shown = client.notification("window/showMessage");
    assert_eq!(shown["type"], 1);
    let message = shown["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("rules.id-uppercase: unknown severity 'loud'"),
        "{message}"
    );
    client.shutdown();
}

#[test]
fn initialization_options_override_the_configuration() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write(
        &dir.path().join("sdrs-lint.json"),
        r#"{"rules": {"name-charset": "off", "id-uppercase": "info"}, "platform": "otc"}"#,
    );
    let request = dir.path().join("web.json");
    let uri = url(&request);
    let (mut client, _) = Client::start_with(json!({
        "capabilities": {},
        "initializationOptions": {"rules": {"id-uppercase": "off"}, "platform": "huawei"}
    }));
    // On Huawei Cloud `tenancy` is a member: no unknown-field; the file's
    // name-charset "off" stays, its id-uppercase is replaced.
    client.open(
        &uri,
        "{\"protected_instance\": {\"name\": \"web 01\", \"tenancy\": \"Shared\", \"server_id\": \"403B603D-1d91-42cc-a357-81f3c2daf43f\"}}",
    );
    let published = client.diagnostics(&uri);
    let codes: Vec<&str> = published["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["missing-field", "tenancy-value"]);
    client.shutdown();
}

#[test]
fn bad_initialization_options_are_shown_and_ignored() {
    let (mut client, result) = Client::start_with(json!({
        "capabilities": {}, "initializationOptions": {"platfrom": "huawei"}
    }));
    assert!(result.get("result").is_some());
    let shown = client.notification("window/showMessage");
    assert_json_snapshot!(shown);
    client.shutdown();
}

#[test]
fn unknown_methods_and_wrong_params_are_answered() {
    let mut client = Client::start(utf8());
    let unknown = client.request("textDocument/formatting", json!({}));
    let wrong = client.request("textDocument/hover", json!({"textDocument": 5}));
    let no_params = client.request("textDocument/completion", Value::Null);
    // A malformed notification is logged, not answered.
    client.notify("textDocument/didOpen", json!({"textDocument": "x"}));
    let logged = client.notification("window/logMessage");
    assert_json_snapshot!([unknown, wrong, no_params, logged]);
    // And the server still works.
    client.open(URI, CLEAN);
    assert_eq!(client.diagnostics(URI)["diagnostics"], json!([]));
    client.shutdown();
}

#[test]
fn garbage_on_the_wire_is_answered_and_reading_goes_on() {
    use super::transport::{frame, read_frames, split_frames};
    use std::sync::{Arc, Mutex};
    let mut input = Vec::new();
    input.extend(b"Content-Length: 5\r\n\r\n{bad}");
    input.extend(frame(&json!([1, 2])));
    input.extend(frame(&json!({"jsonrpc": "2.0", "id": 1, "method": 7})));
    input.extend(frame(
        &json!({"jsonrpc": "2.0", "id": 9007199254740993u64, "method": "x"}),
    ));
    input.extend(frame(
        &json!({"jsonrpc": "2.0", "id": 2, "method": "x", "params": 3}),
    ));
    input.extend(b"Content-Type: nothing\r\n\r\n");
    input.extend(b"Content-Length: x\r\n\r\n");
    input.extend(frame(&json!({"jsonrpc": "2.0", "id": null, "result": 1})));
    input.extend(frame(
        &json!({"jsonrpc": "2.0", "id": 3, "method": "initialize", "params": {}}),
    ));
    // A body that ends early ends the input.
    input.extend(b"Content-Length: 99999999\r\n\r\n{\"a\"");
    let output: Arc<Mutex<Vec<u8>>> = Arc::new(Mutex::new(Vec::new()));
    let (to_server, from_client) = crossbeam_channel::unbounded();
    read_frames(
        &input[..],
        to_server,
        output.clone() as super::transport::Output,
    );
    let answered = split_frames(&output.lock().expect("output"));
    let passed: Vec<Message> = from_client.try_iter().collect();
    assert_eq!(passed.len(), 1, "{passed:?}");
    assert!(matches!(&passed[0], Message::Request(r) if r.method == "initialize"));
    assert_json_snapshot!(answered);
}

#[test]
fn requests_before_initialize_and_after_shutdown() {
    let (server_side, client) = Connection::memory();
    let server = std::thread::spawn(move || serve(server_side));
    let send = |m: Message| client.sender.send(m).expect("listening");
    let receive = || client.receiver.recv_timeout(PATIENCE).expect("an answer");
    send(Request::new(1.into(), "textDocument/hover".into(), json!({})).into());
    let early = receive();
    send(Request::new(2.into(), "initialize".into(), json!({"capabilities": {}})).into());
    receive();
    send(Request::new(3.into(), "shutdown".into(), Value::Null).into());
    receive();
    send(Request::new(4.into(), "textDocument/hover".into(), json!({})).into());
    let late = receive();
    assert_json_snapshot!([early, late]);
    send(Notification::new("exit".into(), Value::Null).into());
    assert_eq!(server.join().expect("no panic"), 0);
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let (client, _) = Client::start_with(json!({"capabilities": {}}));
    client.notify("exit", Value::Null);
    let mut client = client;
    assert_eq!(
        client
            .server
            .take()
            .expect("running")
            .join()
            .expect("no panic"),
        1
    );
    // A client that goes away without a word: 1 too.
    let (client, _) = Client::start_with(json!({"capabilities": {}}));
    let Client {
        connection, server, ..
    } = client;
    drop(connection);
    assert_eq!(server.expect("running").join().expect("no panic"), 1);
}

#[test]
fn a_megabyte_document_is_linted_and_answered() {
    let mut client = Client::start(utf16());
    let description = "é".repeat(512 * 1024);
    let text = format!(
        "{{\"protected_instance\": {{\"name\": \"web-01\", \"description\": \"{description}\"}}}}"
    );
    assert!(text.len() > 1024 * 1024);
    client.open(URI, &text);
    let published = client.diagnostics(URI);
    let too_long = published["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|d| d["code"] == "description-too-long")
        .expect("found");
    assert_eq!(too_long["range"]["end"], at(0, 512 * 1024 + 59));
    // Typing at its end is one more change.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2},
               "contentChanges": [{"range": {"start": at(0, 512 * 1024 + 60), "end": at(0, 512 * 1024 + 60)}, "text": " "}]}),
    );
    assert_eq!(client.diagnostics(URI)["version"], 2);
    let hover = client.request("textDocument/hover", doc(URI, 0, 100));
    assert!(hover["result"]["contents"]["value"]
        .as_str()
        .is_some_and(|v| v.contains("description-too-long")));
    client.shutdown();
}

#[test]
fn completion_texts_fit_where_the_cursor_is() {
    let context = json!({"servers": [{"id": "403b603d-1d91-42cc-a357-81f3c2daf43f"}]});
    let start = |capabilities: Value| {
        Client::start_with(
            json!({"capabilities": capabilities, "initializationOptions": {"context": context}}),
        )
        .0
    };
    let mut plain = start(utf16());
    let mut rich = start(
        json!({"textDocument": {"completion": {"completionItem": {"snippetSupport": true}}}}),
    );
    let mut texts = serde_json::Map::new();
    for (case, marked_text, label) in [
        (
            "in a closed name, no colon",
            "{\"protected_instance\": {\"na|\"}}",
            "name",
        ),
        (
            "in a closed name, colon",
            "{\"protected_instance\": {\"na|\": \"x\"}}",
            "name",
        ),
        ("in an open name", "{\"protected_instance\": {\"ta|", "tags"),
        ("nothing typed", "{\"protected_instance\": {|}}", "name"),
        ("a bare word", "{\"protected_instance\": {na|}}", "name"),
        (
            "an open value",
            "{\"protected_instance\": {\"server_id\": \"40|",
            "403b603d-1d91-42cc-a357-81f3c2daf43f",
        ),
    ] {
        let (text, cursors) = marked(marked_text);
        let (line, character) = cursors[0];
        for (client, name) in [(&mut plain, "plain"), (&mut rich, "snippets")] {
            let uri = format!("file:///work/requests/{}.json", texts.len());
            client.open(&uri, &text);
            let found = client.request("textDocument/completion", doc(&uri, line, character));
            let item = found["result"]
                .as_array()
                .and_then(|items| items.iter().find(|i| i["label"] == label))
                .cloned()
                .unwrap_or(Value::Null);
            let edits = json!({
                "text": text,
                "textEdit": item["textEdit"],
                "additionalTextEdits": item.get("additionalTextEdits"),
                "snippet": item["insertTextFormat"] == 2,
            });
            texts.insert(format!("{case} ({name})"), edits);
        }
    }
    plain.shutdown();
    rich.shutdown();
    assert_json_snapshot!(texts);
}

#[test]
fn random_edits_and_requests_never_stop_the_server() {
    // A fixed linear congruential sequence: the same run every time.
    let mut state: u64 = 0x5d_15_1e_47;
    let mut next = |below: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % below
    };
    let pieces = [
        "{", "}", "[", "]", "\"", ":", ",", "名", "😀", "\r\n", "\n", "name", "tags", " ", "\\", "",
    ];
    for capabilities in [utf8(), utf16()] {
        let mut client = Client::start(capabilities);
        client.open(URI, CLEAN);
        for version in 2..150 {
            let (l1, c1, l2, c2) = (next(8), next(70), next(8), next(70));
            let text = pieces[next(pieces.len() as u64) as usize];
            client.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": URI, "version": version},
                       "contentChanges": [{"range": {"start": at(l1 as u32, c1 as u32), "end": at(l2 as u32, c2 as u32)}, "text": text}]}),
            );
            let position = doc(URI, next(8) as u32, next(70) as u32);
            let method = ["textDocument/hover", "textDocument/completion"][next(2) as usize];
            let answer = client.request(method, position);
            assert!(answer.get("result").is_some(), "{method}: {answer}");
        }
        let found = actions(&mut client, None);
        assert!(found["result"].is_array());
        assert_eq!(client.shutdown(), 0);
    }
}

#[test]
fn the_configuration_s_overrides_ignores_and_files_apply_per_document() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write(
        &dir.path().join("sdrs-lint.json"),
        r#"{"files": ["listed/*.json"], "ignores": ["generated/"],
            "overrides": [{"files": ["huawei/**"], "platform": "huawei"},
                          {"files": ["strict/**"], "policy": "policy.json"}]}"#,
    );
    write(
        &dir.path().join("policy.json"),
        r#"{"required_tags": ["owner"]}"#,
    );
    let mut client = Client::start(utf8());
    let codes = |p: Value| -> Vec<String> {
        p["diagnostics"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|d| d["code"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let text = CLEAN.replace(
        "\"name\": \"web-01\"",
        "\"name\": \"web-01\", \"tenancy\": \"shared\"",
    );
    let uri = |name: &str| url(&dir.path().join(name));
    // Huawei Cloud's variant in its folder, Open Telekom Cloud's elsewhere.
    client.open(&uri("huawei/a.json"), &text);
    assert_eq!(
        codes(client.diagnostics(&uri("huawei/a.json"))),
        Vec::<String>::new()
    );
    client.open(&uri("otc/a.json"), &text);
    assert_eq!(
        codes(client.diagnostics(&uri("otc/a.json"))),
        ["unknown-field"]
    );
    // The policy an override names by its path; read again when it changes.
    client.open(&uri("strict/a.json"), CLEAN);
    assert_eq!(
        codes(client.diagnostics(&uri("strict/a.json"))),
        ["policy-tag-missing"]
    );
    write(
        &dir.path().join("policy.json"),
        r#"{"required_tags": ["owner", "costcenter"]}"#,
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri("strict/a.json"), "version": 2},
               "contentChanges": [{"text": CLEAN}]}),
    );
    assert_eq!(
        codes(client.diagnostics(&uri("strict/a.json"))),
        ["policy-tag-missing", "policy-tag-missing"]
    );
    // What the configuration ignores gets nothing.
    client.open(&uri("generated/a.json"), &text.replace("web-01", "web 01"));
    assert!(!client.published(&uri("generated/a.json")));
    // What its files list is linted, request or not.
    client.open(&uri("listed/empty.json"), "{}");
    assert_eq!(
        codes(client.diagnostics(&uri("listed/empty.json"))),
        ["missing-field"]
    );
    client.open(&uri("unlisted/empty.json"), "{}");
    assert!(!client.published(&uri("unlisted/empty.json")));
    client.shutdown();
}
