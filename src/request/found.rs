//! Which kind of request a document is, if any (SPEC §2, "Not a request";
//! §9): a kind's wrapper, or the marks of its members at the root.

use super::{Kind, Shape, KINDS};
use crate::document::Node;
use crate::source;

/// Which kind a caller asks for (the `kind` option).
#[derive(Clone, Copy, Debug, Default)]
pub enum Choice {
    /// Decided by the document's root.
    #[default]
    Auto,
    Only(&'static Kind),
}

/// Where a document's request is, once its kind is known.
#[derive(Clone, Copy, Debug)]
pub enum Found<'d> {
    /// Inside the kind's wrapper (which may not be an object).
    Wrapped(&'static Kind, Node<'d>),
    /// At the root, without the wrapper (`missing-wrapper`).
    Unwrapped(&'static Kind),
    /// Nowhere: a JSON document that is not a request (SPEC §2).
    Absent(&'static Kind),
}

impl Found<'_> {
    pub fn kind(&self) -> &'static Kind {
        match *self {
            Found::Wrapped(k, _) | Found::Unwrapped(k) | Found::Absent(k) => k,
        }
    }
}

/// Finds the request in a root object: the first kind whose wrapper it has
/// (so a root with both is the first kind's request), else the last kind
/// one of whose marks it has.
pub fn find<'d>(root: Node<'d>, choice: Choice) -> Found<'d> {
    let only;
    let (candidates, choice_kind): (&[&'static Kind], _) = match choice {
        Choice::Auto => (KINDS, KINDS[0]),
        Choice::Only(kind) => {
            only = [kind];
            (&only, kind)
        }
    };
    if root.members().is_none() {
        return Found::Absent(choice_kind);
    }
    for kind in candidates {
        if let Some(value) = root.get(kind.wrapper) {
            return Found::Wrapped(kind, value);
        }
    }
    // A repeated mark counts by its last occurrence, as the value does.
    for kind in candidates.iter().rev() {
        if kind
            .marks
            .iter()
            .any(|key| root.get(key).is_some_and(|value| marks(kind, key, value)))
        {
            return Found::Unwrapped(kind);
        }
    }
    Found::Absent(choice_kind)
}

/// Whether a mark's value makes the root a request: a list mark only when
/// one of its elements has a member of the list's items (a context file's
/// `servers`, whose elements have an `id`, is not a batch's).
fn marks(kind: &Kind, key: &str, value: Node) -> bool {
    let Some(Shape::List(item)) = kind.member(key).map(|m| m.shape) else {
        return true;
    };
    let Some(mut elements) = value.elements() else {
        return true;
    };
    elements.any(|e| {
        e.members()
            .is_some_and(|mut ms| ms.any(|m| item.members.iter().any(|i| i.key == m.key)))
    })
}

/// Whether the bytes of a file hold a request of any kind (SPEC §2, "Not a
/// request"): a folder of JSON holds `package.json`s and `tsconfig.json`s
/// too, and a walk over it must neither report nor change them. Text that
/// is not JSON is a request when it names a wrapper or a mark as a key
/// (`"server_id":`), so that a broken request is still reported while a
/// JSON-with-comments configuration is not. Linear in the length.
pub fn is_request(bytes: &[u8]) -> bool {
    match source::decode(bytes).map(source::parse) {
        Ok(Ok(document)) => is_request_root(document.root()),
        _ => names_a_request_member(bytes),
    }
}

/// Whether a parsed document's root is a request of any kind, or a
/// Terraform plan of them.
pub fn is_request_root(root: Node) -> bool {
    crate::terraform::is_plan(root)
        || !matches!(find(root, Choice::Auto), Found::Absent(_))
        || misspelt_wrapper(root)
}

/// Whether the root has a kind's wrapper misspelt (`protectedInstances`)
/// around members of that kind: a request whose wrapper is the mistake.
fn misspelt_wrapper(root: Node) -> bool {
    root.members().into_iter().flatten().any(|m| {
        KINDS.iter().any(|kind| {
            crate::suggest::suggest(m.key, &[kind.wrapper], &[]).is_some()
                && m.value
                    .members()
                    .is_some_and(|mut inner| inner.any(|i| kind.member(i.key).is_some()))
        })
    })
}

/// Whether a key names a wrapper or a mark of some kind.
fn is_request_key(name: &[u8]) -> bool {
    KINDS
        .iter()
        .any(|k| name == k.wrapper.as_bytes() || k.marks.iter().any(|m| name == m.as_bytes()))
}

/// Whether text that is not JSON has a key `"NAME":` that only a request has.
fn names_a_request_member(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while let Some(open) = rest.iter().position(|b| *b == b'"') {
        let after = &rest[open + 1..];
        let Some(close) = closing_quote(after) else {
            return false;
        };
        let colon = after[close + 1..]
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b':');
        if colon && is_request_key(&after[..close]) {
            return true;
        }
        rest = &after[close + 1..];
    }
    false
}

/// Where the string that `text` starts inside of ends: its next quote that
/// no backslash escapes.
fn closing_quote(text: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}
