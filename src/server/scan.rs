//! Where the cursor is in a JSON document that may be half typed: the
//! library's parser (rightly) refuses text that is not strict JSON, while an
//! editor asks for completions precisely while the text is broken (`{"protected_instance":
//! {"na` has an unterminated string and two unclosed objects).
//!
//! This scan reads the text once, tolerantly: strings end at their closing
//! quote or at the end of their line, a missing comma or colon is
//! overlooked, brackets left open are closed at the end, comments are
//! skipped. It answers only the editor's question: the keys and indexes
//! from the root to the object or array around the cursor, whether the
//! cursor is on a member's name or on a value (and whose), and the keys
//! that object already has. It never judges the document; the library does.

/// One step from a container to the value inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// What the cursor is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A member's name, or where one goes (after `{` or `,`).
    Key,
    /// The value of the member `key` (in an object), or where it goes
    /// (after the colon).
    Value { key: String },
    /// Anywhere else (an array's element, between a value and its comma,
    /// outside the root).
    Other,
}

/// The cursor's surroundings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spot {
    /// From the root to the innermost object or array that holds the cursor;
    /// `None` when the cursor is outside the root value.
    pub path: Option<Vec<Step>>,
    pub place: Place,
    /// The token under the cursor (a string with its quotes, or a bare
    /// word), as a byte range: what a completion replaces.
    pub token: Option<(usize, usize)>,
    /// The text of that token when it is a string (unescaped), or the word.
    pub word: Option<String>,
    /// When that token is a string: whether its closing quote is there.
    pub string: Option<bool>,
    /// On a name: whether a colon already follows it.
    pub colon_follows: bool,
    /// The keys of the innermost object, other than the one under the
    /// cursor, in order (repeats kept).
    pub present: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Key,
    Colon,
    Value,
    Comma,
}

struct Frame {
    object: bool,
    /// How the parent reaches it.
    entry: Option<Step>,
    keys: Vec<String>,
    pending_key: Option<String>,
    expect: Expect,
    index: usize,
}

#[derive(Debug)]
enum Token {
    Open(bool),
    Close,
    Colon,
    Comma,
    /// A string: its content (unescaped where it can be) and whether its
    /// closing quote is there.
    Text(String, bool),
    Word(String),
}

/// Scans `text` for the surroundings of the byte offset `cursor`.
pub fn spot(text: &str, cursor: usize) -> Spot {
    let bytes = text.as_bytes();
    let mut frames: Vec<Frame> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut found: Option<(Vec<usize>, Spot)> = None;
    // The key token under the cursor: the next token tells whether a colon
    // follows it.
    let mut awaiting_colon = false;
    let mut i = 0;
    loop {
        // Skip white space and comments.
        while i < bytes.len() {
            match bytes[i] {
                b' ' | b'\t' | b'\n' | b'\r' => i += 1,
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    i = text[i + 2..]
                        .find("*/")
                        .map_or(bytes.len(), |at| i + 2 + at + 2);
                }
                _ => break,
            }
        }
        let start = i;
        // The cursor between tokens: decided by the state before this token.
        if found.is_none() && cursor <= start {
            found = Some((stack.clone(), between(&frames, &stack)));
        }
        if i >= bytes.len() {
            break;
        }
        let token = match bytes[i] {
            b'{' | b'[' => {
                i += 1;
                Token::Open(bytes[start] == b'{')
            }
            b'}' | b']' => {
                i += 1;
                Token::Close
            }
            b':' => {
                i += 1;
                Token::Colon
            }
            b',' => {
                i += 1;
                Token::Comma
            }
            b'"' => {
                let (end, closed) = string_end(bytes, i + 1);
                i = end;
                let raw = &text[start..end];
                let content = if closed {
                    serde_json::from_str::<String>(raw)
                        .unwrap_or_else(|_| raw[1..raw.len() - 1].to_string())
                } else {
                    raw[1..].to_string()
                };
                Token::Text(content, closed)
            }
            _ => {
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b' ' | b'\t'
                            | b'\n'
                            | b'\r'
                            | b'{'
                            | b'}'
                            | b'['
                            | b']'
                            | b':'
                            | b','
                            | b'"'
                    )
                {
                    i += 1;
                }
                // Stop inside a multi-byte character never: the stops above are ASCII.
                Token::Word(text[start..i].to_string())
            }
        };
        let end = i;
        if awaiting_colon {
            awaiting_colon = false;
            if let Some((_, spot)) = &mut found {
                spot.colon_follows = matches!(token, Token::Colon);
            }
        }
        let inside = match &token {
            Token::Text(_, true) => start < cursor && cursor < end,
            Token::Text(_, false) | Token::Word(_) => start < cursor && cursor <= end,
            _ => false,
        };
        let top = stack.last().copied();
        if inside && found.is_none() {
            let string = match &token {
                Token::Text(_, closed) => Some(*closed),
                _ => None,
            };
            let (place, word) = match (&token, top.map(|t| &frames[t])) {
                (Token::Text(s, _) | Token::Word(s), Some(f)) if f.object => match f.expect {
                    Expect::Key | Expect::Comma => (Place::Key, s.clone()),
                    Expect::Colon | Expect::Value => (
                        Place::Value {
                            key: f.pending_key.clone().unwrap_or_default(),
                        },
                        s.clone(),
                    ),
                },
                (Token::Text(s, _) | Token::Word(s), _) => (Place::Other, s.clone()),
                _ => (Place::Other, String::new()),
            };
            awaiting_colon = place == Place::Key;
            found = Some((
                stack.clone(),
                Spot {
                    path: None,
                    place,
                    token: Some((start, end)),
                    word: Some(word),
                    string,
                    colon_follows: false,
                    present: Vec::new(),
                },
            ));
        }
        match token {
            Token::Open(object) => {
                let entry = top.map(|t| {
                    let parent = &mut frames[t];
                    let step = if parent.object {
                        Step::Key(parent.pending_key.clone().unwrap_or_default())
                    } else {
                        Step::Index(parent.index)
                    };
                    parent.expect = Expect::Comma;
                    step
                });
                if top.is_none() && !frames.is_empty() {
                    // A second root value: not JSON; ignore what follows.
                    break;
                }
                frames.push(Frame {
                    object,
                    entry,
                    keys: Vec::new(),
                    pending_key: None,
                    expect: if object { Expect::Key } else { Expect::Value },
                    index: 0,
                });
                stack.push(frames.len() - 1);
            }
            Token::Close => {
                stack.pop();
                if stack.is_empty() && found.is_some() {
                    break;
                }
            }
            Token::Colon => {
                if let Some(f) = top.map(|t| &mut frames[t]) {
                    if f.object && f.expect == Expect::Colon {
                        f.expect = Expect::Value;
                    }
                }
            }
            Token::Comma => {
                if let Some(f) = top.map(|t| &mut frames[t]) {
                    if f.object {
                        f.expect = Expect::Key;
                    } else {
                        f.index += 1;
                        f.expect = Expect::Value;
                    }
                }
            }
            Token::Text(content, _) => {
                if let Some(f) = top.map(|t| &mut frames[t]) {
                    // A string where a colon belongs starts the next member:
                    // the one before it is a name half typed (`"` on a line
                    // of its own above `"server_id": …`).
                    let key_expected =
                        matches!(f.expect, Expect::Key | Expect::Comma | Expect::Colon);
                    if f.object && key_expected {
                        if !inside {
                            f.keys.push(content.clone());
                        }
                        f.pending_key = Some(content);
                        f.expect = Expect::Colon;
                    } else {
                        f.expect = Expect::Comma;
                    }
                }
            }
            Token::Word(_) => {
                if let Some(f) = top.map(|t| &mut frames[t]) {
                    if f.object && matches!(f.expect, Expect::Key | Expect::Comma) {
                        // A name typed without its quotes.
                        f.pending_key = None;
                        f.expect = Expect::Colon;
                    } else {
                        f.expect = Expect::Comma;
                    }
                }
            }
        }
    }
    let (ids, mut spot) = found.unwrap_or_else(|| (Vec::new(), between(&frames, &[])));
    if !ids.is_empty() {
        spot.path = Some(
            ids.iter()
                .filter_map(|&id| frames[id].entry.clone())
                .collect(),
        );
        if let Some(&innermost) = ids.last() {
            if frames[innermost].object {
                spot.present = frames[innermost].keys.clone();
            }
        }
    }
    spot
}

/// The spot of a cursor between tokens.
fn between(frames: &[Frame], stack: &[usize]) -> Spot {
    let place = match stack.last().map(|&t| &frames[t]) {
        Some(f) if f.object && f.expect == Expect::Key => Place::Key,
        Some(f) if f.object && f.expect == Expect::Value => Place::Value {
            key: f.pending_key.clone().unwrap_or_default(),
        },
        _ => Place::Other,
    };
    Spot {
        path: None,
        place,
        token: None,
        word: None,
        string: None,
        colon_follows: false,
        present: Vec::new(),
    }
}

/// Where a string whose content starts at `from` ends (after its closing
/// quote), and whether it has one: an unterminated string ends at its line.
fn string_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return (i + 1, true),
            b'\n' | b'\r' => return (i, false),
            _ => i += 1,
        }
    }
    (bytes.len(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spot at the `|` of `marked`.
    fn at(marked: &str) -> Spot {
        let cursor = marked.find('|').expect("a cursor");
        let text = marked.replacen('|', "", 1);
        spot(&text, cursor)
    }

    fn keys(path: &[&str]) -> Option<Vec<Step>> {
        Some(
            path.iter()
                .map(|p| match p.parse() {
                    Ok(i) => Step::Index(i),
                    Err(_) => Step::Key(p.to_string()),
                })
                .collect(),
        )
    }

    #[test]
    fn a_half_typed_name_inside_the_wrapper() {
        let s = at(r#"{"protected_instance": {"name": "x", "serv|"#);
        assert_eq!(s.path, keys(&["protected_instance"]));
        assert_eq!(s.place, Place::Key);
        assert_eq!(s.word.as_deref(), Some("serv"));
        assert_eq!(s.string, Some(false));
        assert_eq!(s.present, ["name"]);
        assert!(!s.colon_follows);
        let s = at("{\"protected_instance\": {\"na|me\": \"x\",\n \"server_id\": \"y\"}}");
        assert_eq!((s.place, s.colon_follows), (Place::Key, true));
        assert_eq!(s.present, ["server_id"]);
        assert_eq!(s.token, Some((24, 30)));
        // A quote opened on a line of its own above the members: they are
        // all present, none is offered again.
        let s = at(
            "{\"protected_instance\": {\n    \"|\n    \"server_id\": \"y\",\n    \"name\": \"n\"}}",
        );
        assert_eq!(s.place, Place::Key);
        assert_eq!(s.present, ["server_id", "name"]);
    }

    #[test]
    fn values_and_empty_places() {
        let s = at(r#"{"protected_instance": {"server_id": "40|"}}"#);
        assert_eq!(
            s.place,
            Place::Value {
                key: "server_id".into()
            }
        );
        let s = at(r#"{"protected_instance": {"server_id": |}}"#);
        assert_eq!(
            (s.place, s.token),
            (
                Place::Value {
                    key: "server_id".into()
                },
                None
            )
        );
        let s = at("{\"protected_instance\": {\n  |\n}}");
        assert_eq!(
            (s.path, s.place),
            (keys(&["protected_instance"]), Place::Key)
        );
        let s = at("{|}");
        assert_eq!((s.path, s.place), (keys(&[]), Place::Key));
        let s = at("|{}");
        assert_eq!((s.path, s.place), (None, Place::Other));
    }

    #[test]
    fn tags_are_reached_by_index() {
        let s =
            at(r#"{"protected_instance": {"tags": [{"key": "a", "value": "b"}, {"key": "c", |"#);
        assert_eq!(s.path, keys(&["protected_instance", "tags", "1"]));
        assert_eq!((s.place, s.present), (Place::Key, vec!["key".to_string()]));
    }

    #[test]
    fn keys_after_the_cursor_count_and_strings_may_hold_brackets() {
        let s =
            at(r#"{"protected_instance": {"description": "a } { [", |, "name": "x", "tags": []}}"#);
        assert_eq!(s.path, keys(&["protected_instance"]));
        assert_eq!(s.present, ["description", "name", "tags"]);
        // Escaped quotes and a comment.
        let s = at("{/* c */ \"a\\\"b\": 1, \"x|\": 2}");
        assert_eq!(s.present, ["a\"b"]);
        assert_eq!(s.word.as_deref(), Some("x"));
    }

    #[test]
    fn text_that_is_no_json_at_all() {
        for text in [
            "",
            "]]]",
            "\"",
            "{\"a\" \"b\" : ",
            "{{{{",
            "[1, 2",
            "\u{feff}{",
            "é{\"😀|",
        ] {
            let cursor = text.find('|').unwrap_or(text.len());
            let text = text.replacen('|', "", 1);
            let _ = spot(&text, cursor);
            let _ = spot(&text, 0);
        }
        let s = at("{\"name\": \"名前😀|\"}");
        assert_eq!(s.place, Place::Value { key: "name".into() });
    }

    proptest::proptest! {
        #[test]
        fn any_text_and_cursor_is_scanned(text in "[{}\\[\\]:,\"\\\\ a-z0-9é😀\n/*]{0,60}", at in 0usize..80) {
            let mut cursor = at.min(text.len());
            while !text.is_char_boundary(cursor) {
                cursor -= 1;
            }
            let s = spot(&text, cursor);
            if let Some((start, end)) = s.token {
                proptest::prop_assert!(start <= end && end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            }
        }
    }
}
