//! What the request kinds (`sdrs_lint::request`) say about the place the
//! cursor is in: which members an object there has, and each member in
//! words. Everything here is read from the kinds' descriptions; no member
//! is named in the server.

use super::scan::Step;
use sdrs_lint::messages;
use sdrs_lint::report::Params;
use sdrs_lint::request::{Kind, Member, Shape, Unit, KINDS};
use sdrs_lint::{Locale, Options, Platform};

/// An object a request has, and the members it can hold.
pub enum Level {
    /// The document's root: the kinds' wrappers go here.
    Root,
    /// The wrapper's object, or an element of one of its lists, in a kind.
    Members(&'static Kind, &'static [Member]),
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
    rest.is_empty().then_some(Level::Members(kind, members))
}

/// The member with this key on the platform.
pub fn find(members: &'static [Member], key: &str, platform: Platform) -> Option<&'static Member> {
    members.iter().find(|m| m.key == key && m.on(platform))
}

/// A member, for a hover or a completion's documentation, in the
/// options' language: what it is, its type, whether it is required, its
/// limits, values, platforms and the service's error code.
pub fn describe(kind: &Kind, member: &Member, options: &Options) -> String {
    let locale = options.locale;
    let shape = match member.shape {
        Shape::Text => words(locale, "string", &Params::default()),
        Shape::Map(_) => words(locale, "map", &Params::default()),
        Shape::List(item) => {
            let keys = item.members.iter().map(|m| format!("`{}`", m.key));
            words(locale, "list", &listing("members", keys.collect()))
        }
    };
    let presence = presence(member.required, locale);
    let mut text = format!(
        "**`{}`** · {shape} · {presence}\n\n{}",
        member.key,
        plain(&member.about_in(kind, locale))
    );
    let mut lines = Vec::new();
    if let Some(limit) = member.limit {
        let unit = match limit.unit {
            Unit::Bytes => messages::label(locale, "unit", "bytes"),
            Unit::Chars => messages::label(locale, "unit", "chars"),
            Unit::Items | Unit::QuotaItems => messages::label(locale, "hover", "items"),
        };
        let mut params = with("max", limit.max.to_string());
        params.insert("unit", unit.unwrap_or_default().into());
        lines.push(words(locale, "limit", &params));
    }
    if !member.choices.is_empty() {
        let values = member.choices.iter().map(|c| format!("`{c}`"));
        lines.push(words(
            locale,
            "values",
            &listing("values", values.collect()),
        ));
    }
    if member.platforms.len() < Platform::ALL.len() {
        let names = member.platforms.iter().map(|p| platform_name(*p, locale));
        lines.push(words(
            locale,
            "only-on",
            &listing("platforms", names.collect()),
        ));
    }
    if !member.on(options.platform) {
        let name = platform_name(options.platform, locale);
        lines.push(words(locale, "not-on", &with("platform", name)));
    }
    if let Some(code) = member.api_code {
        lines.push(words(
            locale,
            "member-api-code",
            &with("code", code.to_string()),
        ));
    }
    for line in lines {
        text.push_str("\n- ");
        text.push_str(&line);
    }
    text
}

/// "required" or "optional", as a completion's detail and in a hover.
pub fn presence(required: bool, locale: Locale) -> String {
    let name = if required { "required" } else { "optional" };
    words(locale, name, &Params::default())
}

/// The server's own phrase `hover.NAME` in the language.
pub fn words(locale: Locale, name: &str, params: &Params) -> String {
    messages::phrase(locale, "hover", name, params).unwrap_or_default()
}

/// Parameters with one list, joined in the language's way.
fn listing(key: &'static str, values: Vec<String>) -> Params {
    let mut params = Params::default();
    params.insert(key, values.into());
    params
}

/// Parameters with one text.
pub fn with(key: &'static str, value: String) -> Params {
    let mut params = Params::default();
    params.insert(key, value.into());
    params
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
pub fn describe_wrapper(kind: &Kind, locale: Locale) -> String {
    let mut params = with("kind", kind.name.to_string());
    params.insert("call", kind.call.into());
    format!(
        "**`{}`** · {} · {}\n\n{}",
        kind.wrapper,
        words(locale, "object", &Params::default()),
        presence(true, locale),
        words(locale, "wrapper", &params)
    )
}

pub fn platform_name(platform: Platform, locale: Locale) -> String {
    messages::label(locale, "platform", platform.as_str()).unwrap_or_default()
}
