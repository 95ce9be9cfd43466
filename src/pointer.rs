//! JSON Pointers (RFC 6901) as the findings and fixes carry them: one type
//! for every root a request can have (`/protected_instance/name`,
//! `/protected_instances/servers/1/server_id`, a plan's
//! `/resource_changes/3/change/after/subnet_id`), composed step by step on
//! the stack and written out as text only for a finding a report keeps.

use std::fmt::Write;

/// One step of a pointer: an object member or an array element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// How many steps a pointer holds beyond its base or its plan change: the
/// deepest request member is four (a wrapper, a list, an element and the
/// element's member). Rules pass pointers by value, so every step held
/// inline is copied many times a lint: eight made the clean path 12 %
/// slower.
const CAPACITY: usize = 4;

/// A JSON Pointer: a base of steps borrowed from a walk (which may be deep),
/// or a Terraform plan's resource change, and up to [`CAPACITY`] more, held
/// inline, so that composing one never allocates.
#[derive(Clone, Copy, Debug)]
pub struct Pointer<'a> {
    base: &'a [Step<'a>],
    /// `/resource_changes/N/change/after`, the request of a plan's change N.
    change: Option<usize>,
    steps: [Step<'a>; CAPACITY],
    len: u8,
}

impl<'a> Pointer<'a> {
    /// The whole document, `""`.
    pub const ROOT: Pointer<'static> = Pointer {
        base: &[],
        change: None,
        steps: [Step::Index(0); CAPACITY],
        len: 0,
    };

    /// The request a plan's resource change `index` makes:
    /// `/resource_changes/INDEX/change/after`.
    pub fn plan_change(index: usize) -> Self {
        Pointer {
            change: Some(index),
            ..Pointer::ROOT
        }
    }

    /// The pointer of a walk's way from the root.
    pub fn walked(base: &'a [Step<'a>]) -> Self {
        Pointer {
            base,
            ..Pointer::ROOT
        }
    }

    /// This pointer and one step more.
    #[must_use]
    pub fn step(mut self, step: Step<'a>) -> Self {
        // Composition follows the request kinds' fixed shapes, which the
        // tests take to their deepest; a step past the capacity is a bug
        // that must not crash a lint.
        debug_assert!(
            (self.len as usize) < CAPACITY,
            "a pointer deeper than {CAPACITY} steps"
        );
        if let Some(slot) = self.steps.get_mut(self.len as usize) {
            *slot = step;
            self.len += 1;
        }
        self
    }

    /// The member `key` of the object here.
    #[must_use]
    pub fn key(self, key: &'a str) -> Self {
        self.step(Step::Key(key))
    }

    /// Element `index` of the array here.
    #[must_use]
    pub fn index(self, index: usize) -> Self {
        self.step(Step::Index(index))
    }

    /// Whether this is the document's root.
    pub fn is_root(&self) -> bool {
        self.base.is_empty() && self.change.is_none() && self.len == 0
    }

    /// The pointer as RFC 6901 text.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(48);
        let mut push = |step: &Step| match step {
            Step::Key(key) => push_key(&mut out, key),
            Step::Index(i) => {
                let _ = write!(out, "/{i}");
            }
        };
        self.base.iter().for_each(&mut push);
        if let Some(i) = self.change {
            push(&Step::Key("resource_changes"));
            push(&Step::Index(i));
            push(&Step::Key("change"));
            push(&Step::Key("after"));
        }
        self.steps[..self.len as usize].iter().for_each(push);
        out
    }
}

impl std::fmt::Display for Pointer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render())
    }
}

fn push_key(out: &mut String, key: &str) {
    out.push('/');
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// One key as a pointer step's text: `~` and `/` escaped.
pub fn escape(key: &str) -> String {
    let mut out = String::new();
    push_key(&mut out, key);
    out.split_off(1)
}

/// One pointer step's text as its key: `~1` is `/`, `~0` is `~` (RFC 6901).
pub fn unescape(step: &str) -> String {
    let mut out = String::with_capacity(step.len());
    let mut chars = step.chars();
    while let Some(c) = chars.next() {
        if c != '~' {
            out.push(c);
            continue;
        }
        match chars.clone().next() {
            Some('1') => out.push('/'),
            Some('0') => out.push('~'),
            _ => {
                out.push('~');
                continue;
            }
        }
        chars.next();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_compose_and_escape() {
        assert_eq!(Pointer::ROOT.render(), "");
        assert!(Pointer::ROOT.is_root());
        let tag = Pointer::ROOT
            .key("protected_instance")
            .key("tags")
            .index(1)
            .key("key");
        assert_eq!(tag.render(), "/protected_instance/tags/1/key");
        assert_eq!(Pointer::ROOT.key("a/b~c").render(), "/a~1b~0c");
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(unescape("a~1b~0c"), "a/b~c");
        assert_eq!(unescape("~01~10~"), "~1/0~");
        // A walk's base and the steps after it.
        let trail = [Step::Key("x"), Step::Index(0)];
        assert_eq!(Pointer::walked(&trail).key("y").render(), "/x/0/y");
        // A plan's change, then a member of its request and deeper.
        assert!(!Pointer::plan_change(0).is_root());
        let plan = Pointer::plan_change(3).key("tags").index(2).key("value");
        assert_eq!(
            plan.render(),
            "/resource_changes/3/change/after/tags/2/value"
        );
        assert_eq!(plan.to_string(), plan.render());
    }
}
