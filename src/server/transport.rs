//! Messages over a byte stream: `Content-Length` framing (LSP base
//! protocol) on standard input and output.
//!
//! lsp-server's own stdio transport ends its reader thread on the first
//! malformed message, which ends the server; this one answers what it cannot
//! read with JSON-RPC's error response (`ParseError` for a body that is not
//! JSON, `InvalidRequest` for JSON that is not a message, with the request's
//! `id` when it has one) and reads on.

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message};
use serde_json::{json, Value};
use std::io::{self, BufRead, Read, Write};
use std::sync::{Arc, Mutex};

/// Where frames are written: the writer thread's messages and the reader's
/// error responses share it, one whole frame at a time.
pub type Output = Arc<Mutex<dyn Write + Send>>;

/// A header line longer than this is not a header: what follows it up to
/// the next line break is skipped.
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// What one frame held.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// Not a message: the error response to send back.
    Invalid(Value),
    /// A response the server cannot read: JSON-RPC answers no response.
    Dropped,
}

/// Reads frames until the input ends, handing messages to `to_server` and
/// answering the unreadable ones on `output`. Returns when the input ends
/// or the server stops listening.
pub fn read_frames(mut input: impl BufRead, to_server: Sender<Message>, output: Output) {
    loop {
        let body = match read_body(&mut input) {
            Ok(Some(Ok(body))) => body,
            Ok(Some(Err(problem))) => {
                write_value(
                    &output,
                    &error(Value::Null, ErrorCode::ParseError, &problem),
                );
                continue;
            }
            Ok(None) | Err(_) => return,
        };
        match decode(&body) {
            Frame::Message(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if to_server.send(message).is_err() || exit {
                    return;
                }
            }
            Frame::Invalid(response) => write_value(&output, &response),
            Frame::Dropped => {}
        }
    }
}

/// Writes the server's messages until it drops its sender.
pub fn write_frames(from_server: Receiver<Message>, output: Output) {
    for message in from_server {
        let Ok(mut out) = output.lock() else { return };
        if message.write(&mut &mut *out).is_err() {
            return;
        }
    }
}

/// One frame's body; `Some(Err(_))` for a header block without a usable
/// `Content-Length`, `None` at the end of the input.
fn read_body(input: &mut impl BufRead) -> io::Result<Option<Result<Vec<u8>, String>>> {
    let mut length: Option<Result<u64, String>> = None;
    let mut seen_any = false;
    loop {
        let mut line = Vec::new();
        let read = input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            return Ok(None);
        }
        if !line.ends_with(b"\n") && read as u64 == MAX_HEADER_LINE {
            // Skip the rest of an overlong line.
            let mut rest = Vec::new();
            while input
                .by_ref()
                .take(MAX_HEADER_LINE)
                .read_until(b'\n', &mut rest)? as u64
                == MAX_HEADER_LINE
                && !rest.ends_with(b"\n")
            {
                rest.clear();
            }
            length = Some(Err("a header line longer than 8 KiB".into()));
            seen_any = true;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !seen_any {
                // Blank lines between frames are tolerated.
                continue;
            }
            break;
        }
        seen_any = true;
        let Some((name, value)) = text.split_once(':') else {
            length = Some(Err(format!("a malformed header line {text:?}")));
            continue;
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            length = Some(
                value
                    .trim()
                    .parse::<u64>()
                    .map_err(|_| format!("a Content-Length that is not a number: {value:?}")),
            );
        }
    }
    let length = match length {
        Some(Ok(length)) => length,
        Some(Err(problem)) => return Ok(Some(Err(problem))),
        None => return Ok(Some(Err("a header without Content-Length".into()))),
    };
    // Read as the bytes arrive: a huge Content-Length allocates nothing
    // until its body does.
    let mut body = Vec::new();
    input.by_ref().take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        return Ok(None);
    }
    Ok(Some(Ok(body)))
}

/// A frame's body as a message, or the error response it gets.
pub fn decode(body: &[u8]) -> Frame {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            return Frame::Invalid(error(
                Value::Null,
                ErrorCode::ParseError,
                &format!("the message is not JSON: {e}"),
            ))
        }
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    let invalid = |why: &str| Frame::Invalid(error(id.clone(), ErrorCode::InvalidRequest, why));
    let Some(object) = value.as_object() else {
        return invalid("a message must be a JSON object (LSP sends no batches)");
    };
    let has_method = object.contains_key("method");
    if has_method && !object["method"].is_string() {
        return invalid("'method' must be a string");
    }
    if let Some(id) = object.get("id") {
        let usable = id.is_string() || id.as_i64().is_some_and(|n| i32::try_from(n).is_ok());
        // A response to a request the client could not read has a null id.
        let unanswerable_response = id.is_null() && !has_method;
        if !usable && !unanswerable_response {
            return invalid("'id' must be a string or a 32-bit integer");
        }
    }
    if let Some(params) = object.get("params") {
        if !(params.is_object() || params.is_array() || params.is_null()) {
            return invalid("'params' must be an object or an array");
        }
    }
    if !has_method && !object.contains_key("result") && !object.contains_key("error") {
        return invalid("a message needs a 'method' (or, as a response, a 'result' or an 'error')");
    }
    match serde_json::from_value::<Message>(value.clone()) {
        Ok(message) => Frame::Message(message),
        // A response without a usable id answers nothing the server asked.
        Err(_) if !has_method => Frame::Dropped,
        Err(e) => invalid(&format!("not a JSON-RPC message: {e}")),
    }
}

fn error(id: Value, code: ErrorCode, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code as i32, "message": message}})
}

fn write_value(output: &Output, value: &Value) {
    let text = value.to_string();
    if let Ok(mut out) = output.lock() {
        let _ =
            write!(out, "Content-Length: {}\r\n\r\n{text}", text.len()).and_then(|_| out.flush());
    }
}

/// Reads a byte stream of frames into values (the tests' client side).
#[cfg(test)]
pub fn split_frames(bytes: &[u8]) -> Vec<Value> {
    let mut input = bytes;
    let mut found = Vec::new();
    while let Ok(Some(Ok(body))) = read_body(&mut input) {
        if let Ok(value) = serde_json::from_slice(&body) {
            found.push(value);
        }
    }
    found
}

/// One message as a frame.
#[cfg(test)]
pub fn frame(message: &Value) -> Vec<u8> {
    let text = message.to_string();
    let mut bytes = format!("Content-Length: {}\r\n\r\n", text.len()).into_bytes();
    bytes.extend(text.as_bytes());
    bytes
}
