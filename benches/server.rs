//! The language server's latency as an editor sees it: the time from
//! writing a `textDocument/didChange` to the command's standard input to
//! reading the `textDocument/publishDiagnostics` it causes on its standard
//! output (framing, JSON, applying the change, linting, converting, all of
//! it), on a 400-byte request and on a 1 MB one. Each change alternates the
//! name between a valid and an invalid one, so every change publishes.
//!
//! `cargo bench --bench server` (also in `make bench`); medians and 90th
//! percentiles are printed as BENCHMARKS.md's table rows. Measurements, never
//! test thresholds.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    input: ChildStdin,
    output: BufReader<std::process::ChildStdout>,
    child: std::process::Child,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sdrs-lint"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the command starts");
        let input = child.stdin.take().expect("stdin");
        let output = BufReader::new(child.stdout.take().expect("stdout"));
        let mut server = Server {
            input,
            output,
            child,
        };
        server.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"capabilities": {"general": {"positionEncodings": ["utf-16"]}}}}));
        server.until(|m| m["id"] == 1);
        server.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        server
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("written");
        self.input.flush().expect("flushed");
    }

    fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.output.read_line(&mut line).expect("a header");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().expect("a length");
            }
        }
        let mut body = vec![0; length];
        self.output.read_exact(&mut body).expect("a body");
        serde_json::from_slice(&body).expect("JSON")
    }

    fn until(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self.receive();
            if wanted(&message) {
                return message;
            }
        }
    }

    fn published(&mut self, version: i32) {
        self.until(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        });
    }

    fn stop(mut self) {
        self.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
        self.until(|m| m["id"] == 2);
        self.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
        let _ = self.child.wait();
    }
}

/// Opens `text` and times `rounds` changes of the name's value, one
/// character (incremental) or the whole text (`full`).
fn measure(text: &str, rounds: usize, full: bool) -> Vec<Duration> {
    let mut server = Server::start();
    let uri = "file:///bench/request.json";
    server.send(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}}),
    );
    server.published(1);
    // The '-' of "web-01": a space there is name-charset, and back.
    let line_start = text[..text.find("web-01").expect("a name")]
        .rfind('\n')
        .map_or(0, |n| n + 1);
    let dash = text[line_start..].find("web-01").expect("a name") + 3;
    let character = text[line_start..line_start + dash].encode_utf16().count();
    let line = text[..line_start].matches('\n').count();
    let mut current = text.to_string();
    let mut times = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let version = round as i32 + 2;
        let replacement = if round % 2 == 0 { " " } else { "-" };
        let change = if full {
            current.replace_range(line_start + dash..line_start + dash + 1, replacement);
            json!({"text": current})
        } else {
            json!({"range": {"start": {"line": line, "character": character},
                             "end": {"line": line, "character": character + 1}},
                   "text": replacement})
        };
        let message = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}});
        let started = Instant::now();
        server.send(&message);
        server.published(version);
        times.push(started.elapsed());
    }
    server.stop();
    times
}

fn row(name: &str, bytes: usize, change: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let show = |d: Duration| {
        if d < Duration::from_millis(1) {
            format!("{:.0} µs", d.as_secs_f64() * 1e6)
        } else {
            format!("{:.2} ms", d.as_secs_f64() * 1e3)
        }
    };
    println!(
        "| {name} | {bytes} | {change} | {} | {} | {} |",
        times.len(),
        show(at(0.5)),
        show(at(0.9))
    );
}

fn main() {
    // `cargo bench -- FILTER` passes arguments; the table is short: no filter.
    let small = r#"{"protected_instance": {
  "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
  "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f",
  "name": "web-01",
  "description": "frontend",
  "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502",
  "primary_ip_address": "192.168.0.5",
  "flavorRef": "s3.large.2",
  "tags": [{"key": "owner", "value": "ops"}, {"key": "env", "value": "prod"}]
}}"#;
    let padding = 1024 * 1024 - small.len();
    let large = small.replace(
        "\"description\": \"frontend\"",
        &format!(
            "\"description\": \"{}\"",
            "x".repeat(padding + "frontend".len())
        ),
    );
    println!("| document | bytes | change sent | changes | median | 90th percentile |");
    println!("|---|---:|---|---:|---:|---:|");
    row(
        "request",
        small.len(),
        "one character",
        measure(small, 400, false),
    );
    row(
        "1 MB description",
        large.len(),
        "one character",
        measure(&large, 60, false),
    );
    row(
        "1 MB description",
        large.len(),
        "whole text",
        measure(&large, 60, true),
    );
}
