//! `sdrs-lint server` as an editor starts it: the built command, spoken to
//! over its standard input and output with `Content-Length` framing.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const PATIENCE: Duration = Duration::from_secs(30);

fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend(body.as_bytes());
    bytes
}

/// Reads frames from the server's output into a channel, one message each.
fn frames(output: impl Read + Send + 'static) -> mpsc::Receiver<Value> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(output);
        loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = n.parse::<usize>().ok();
                }
            }
            let mut body = vec![0; length.expect("a Content-Length header")];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            let message = serde_json::from_slice(&body).expect("a JSON body");
            if send.send(message).is_err() {
                return;
            }
        }
    });
    receive
}

/// The next message that `wanted` accepts.
fn next(messages: &mpsc::Receiver<Value>, wanted: impl Fn(&Value) -> bool) -> Value {
    loop {
        let message = messages
            .recv_timeout(PATIENCE)
            .expect("a message from the server in time");
        if wanted(&message) {
            return message;
        }
    }
}

#[test]
fn the_command_serves_the_protocol_on_standard_input_and_output() {
    let mut server = Command::new(env!("CARGO_BIN_EXE_sdrs-lint"))
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    let mut input = server.stdin.take().expect("standard input");
    let messages = frames(server.stdout.take().expect("standard output"));
    let mut send = |message: Value| {
        input.write_all(&frame(&message)).expect("written");
        input.flush().expect("flushed");
    };
    send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "capabilities": {"general": {"positionEncodings": ["utf-16"]}}}}),
    );
    let initialized = next(&messages, |m| m["id"] == 1);
    assert_eq!(
        initialized["result"]["capabilities"]["positionEncoding"],
        "utf-16"
    );
    assert_eq!(initialized["result"]["serverInfo"]["name"], "sdrs-lint");
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));

    // Garbage first: a body that is not JSON, and JSON that is not a
    // message; each answered, and the server reads on.
    send(json!("not a message"));
    let invalid = next(&messages, |m| m.get("error").is_some());
    assert_eq!(invalid["error"]["code"], -32600);

    let uri = "file:///srv/requests/web.json";
    send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "json", "version": 1,
        "text": "{\"protected_instance\": {\"name\": \"名前😀 web\"}}"}}}),
    );
    let published = next(&messages, |m| {
        m["method"] == "textDocument/publishDiagnostics"
    });
    let diagnostics = published["params"]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    let charset = diagnostics
        .iter()
        .find(|d| d["code"] == "name-charset")
        .expect("name-charset");
    // "名前😀 web" in UTF-16: the value's closing quote ends at 32 + 10.
    assert_eq!(
        charset["range"],
        json!({"start": {"line": 0, "character": 32}, "end": {"line": 0, "character": 42}})
    );
    assert_eq!(charset["source"], "sdrs-lint");

    send(json!({"jsonrpc": "2.0", "id": 2, "method": "workspace/symbol", "params": {"query": ""}}));
    assert_eq!(next(&messages, |m| m["id"] == 2)["error"]["code"], -32601);

    send(json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}));
    assert_eq!(next(&messages, |m| m["id"] == 3)["result"], Value::Null);
    send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let status = wait(&mut server);
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_body_that_is_not_json_and_exit_without_shutdown() {
    let mut server = Command::new(env!("CARGO_BIN_EXE_sdrs-lint"))
        .args(["server", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the command starts");
    let mut input = server.stdin.take().expect("standard input");
    let messages = frames(server.stdout.take().expect("standard output"));
    input
        .write_all(b"Content-Length: 7\r\n\r\n{\"a\": }")
        .expect("written");
    input.flush().expect("flushed");
    let answer = next(&messages, |_| true);
    assert_eq!(answer["error"]["code"], -32700);
    input
        .write_all(&frame(&json!({"jsonrpc": "2.0", "method": "exit"})))
        .expect("written");
    drop(input);
    assert_eq!(wait(&mut server).code(), Some(1));
}

fn wait(server: &mut std::process::Child) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        if let Some(status) = server.try_wait().expect("waited") {
            return status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not exit"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_file_named_server_is_linted_as_dot_slash_server() {
    let dir = tempfile::tempdir().expect("a folder");
    std::fs::write(
        dir.path().join("server"),
        "{\"protected_instance\": {\"name\": \"web 01\"}}",
    )
    .expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_sdrs-lint"))
        .args(["--format", "compact", "./server"])
        .current_dir(dir.path())
        .output()
        .expect("ran");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("name-charset"));
    // `server` with anything but --stdio is a usage error that says so.
    let out = Command::new(env!("CARGO_BIN_EXE_sdrs-lint"))
        .args(["server", "requests/"])
        .output()
        .expect("ran");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sdrs-lint ./server"));
}
