//! What the request kinds (`sdrs_lint::request`) say about the place the
//! cursor is in: which members an object there has, and each member in
//! words. Everything here is read from the kinds' descriptions; no member
//! is named in the server.

use super::scan::Step;
use sdrs_lint::request::{Kind, Member, Shape, KINDS};
use sdrs_lint::{Options, Platform};

/// An object a request has, and the members it can hold.
pub enum Level {
    /// The document's root: the kinds' wrappers go here.
    Root,
    /// The wrapper's object, or an element of one of its lists.
    Members(&'static [Member]),
}

/// The kinds the options allow (`kind`, where a configuration sets one).
pub fn kinds(options: &Options) -> impl Iterator<Item = &'static Kind> + '_ {
    KINDS
        .iter()
        .copied()
        .filter(|k| options.kind.is_none_or(|name| name == k.name))
}

/// The object at `path` (keys and indexes from the root).
pub fn level(path: &[Step], options: &Options) -> Option<Level> {
    let Some((first, mut rest)) = path.split_first() else {
        return Some(Level::Root);
    };
    let Step::Key(wrapper) = first else {
        return None;
    };
    let kind = kinds(options).find(|k| k.wrapper == wrapper)?;
    let mut members = kind.members;
    while let [Step::Key(key), Step::Index(_), tail @ ..] = rest {
        let member = find(members, key, options.platform)?;
        let Shape::List(item) = member.shape else {
            return None;
        };
        members = item.members;
        rest = tail;
    }
    rest.is_empty().then_some(Level::Members(members))
}

/// The member with this key on the platform.
pub fn find(members: &'static [Member], key: &str, platform: Platform) -> Option<&'static Member> {
    members.iter().find(|m| m.key == key && m.on(platform))
}

/// A member, for a hover or a completion's documentation: what it is, its
/// type, whether it is required, its limits, values, platforms and the
/// service's error code.
pub fn describe(member: &Member, platform: Platform) -> String {
    let mut facts = vec![match member.shape {
        Shape::Text => "string".to_string(),
        Shape::Map(_) => "object of strings".to_string(),
        Shape::List(item) => format!(
            "array of objects ({})",
            item.members
                .iter()
                .map(|m| format!("`{}`", m.key))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }];
    facts.push(
        if member.required {
            "required"
        } else {
            "optional"
        }
        .into(),
    );
    let mut text = format!(
        "**`{}`** · {}\n\n{}",
        member.key,
        facts.join(" · "),
        plain(member.about)
    );
    let mut lines = Vec::new();
    if let Some(limit) = member.limit {
        lines.push(format!(
            "Limit: at most {} {}",
            limit.max,
            limit.unit.as_str()
        ));
    }
    if !member.choices.is_empty() {
        let values: Vec<String> = member.choices.iter().map(|c| format!("`{c}`")).collect();
        lines.push(format!("Values: {}", values.join(", ")));
    }
    if member.platforms.len() < Platform::ALL.len() {
        let names: Vec<&str> = member.platforms.iter().map(|p| platform_name(*p)).collect();
        lines.push(format!("Only on {}", names.join(", ")));
    }
    if !member.on(platform) {
        lines.push(format!(
            "Not part of the call on {} (the configuration's `platform`)",
            platform_name(platform)
        ));
    }
    if let Some(code) = member.api_code {
        lines.push(format!("Service error code for a refused value: `{code}`"));
    }
    for line in lines {
        text.push_str("\n- ");
        text.push_str(&line);
    }
    text
}

/// Text for a Markdown document, shown as written: CommonMark's backslash
/// escapes for the characters that would start emphasis, code, links or
/// HTML (a message names `'_'` and `*`; the tags' rules list `<` and `\\`).
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A kind's wrapper, for a hover or a completion.
pub fn describe_wrapper(kind: &Kind) -> String {
    format!(
        "**`{}`** · object · required\n\nHolds the members of the `{}` request: `{}`.",
        kind.wrapper, kind.name, kind.call
    )
}

pub fn platform_name(platform: Platform) -> &'static str {
    match platform {
        Platform::Otc => "Open Telekom Cloud",
        Platform::Huawei => "Huawei Cloud",
    }
}
