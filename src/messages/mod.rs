//! Messages in English, German and Simplified Chinese. A diagnostic's
//! message is built from its `params` by one catalogue per language, so a
//! message states only facts a program can read too, and a console that
//! writes its own text loses nothing.
//!
//! English templates sit beside each rule (`rule!`'s `message` and `fix`);
//! the German and Chinese catalogues map `code` (or `code.variant`, where a
//! rule words one finding in several ways) to theirs, and every language
//! has its labels. A template:
//!
//! - `{name}` a parameter: a count as digits, a text with its invisible
//!   characters escaped, a list of texts joined;
//! - `{name:q}` quoted and shortened (`'web 01'`), each item of a list;
//! - `{name:c}` a list of characters, each named (`' ' (space)`, `U+200B
//!   (zero width space)`);
//! - `{name:l}` the catalogue's label for the value (`labels["name.value"]`,
//!   or `labels["name.*"]` for a value without its own), itself a template;
//!   `{name:t}` likewise under `type.`;
//! - `{name:mib}` a size in MiB, in GiB where it is whole;
//! - `{name:nth}` a 0-based index counted for people, from 1 (SPEC §2:
//!   "tag 1" is the first tag; pointers and `params` stay 0-based);
//! - `[[…]]` a part written only when every parameter in it is given.
//!
//! Rendering happens in the sink for the diagnostics a report keeps, never
//! for the ones it only counts. A general message-format library did not
//! fit the browser budget: `fluent-bundle` 0.16 formatting one German
//! message with two arguments is a 66.7 KB gzip module (opt-level z, LTO)
//! where the same message by `format!` is 6.0 KB, so Fluent alone would
//! cost more than the whole 60 KiB target; this interpreter is a few
//! hundred bytes.

use crate::report::{Param, Params};
use crate::text::{push_char, push_quoted, push_visible};
use std::borrow::Cow;

// German and Chinese: the `locales` feature (the npm package's core browser
// module leaves them out; options asking for them are refused there).
#[cfg(feature = "locales")]
mod de;
mod en;
#[cfg(feature = "locales")]
mod zh;

/// The language of messages and fix descriptions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// English (the default).
    #[default]
    En,
    /// German, for the German Open Telekom Cloud console.
    De,
    /// Simplified Chinese, for the Chinese Huawei Cloud console.
    Zh,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::De, Locale::Zh];

    pub fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
            Locale::Zh => "zh",
        }
    }

    /// Whether this build has the language's catalogue (English always;
    /// German and Chinese with the `locales` feature).
    pub fn is_built(self) -> bool {
        self == Locale::En || cfg!(feature = "locales")
    }

    fn catalogue(self) -> &'static Catalogue {
        match self {
            #[cfg(feature = "locales")]
            Locale::De => &de::CATALOGUE,
            #[cfg(feature = "locales")]
            Locale::Zh => &zh::CATALOGUE,
            // Without them, options never name them ([`Locale::is_built`]).
            _ => &en::CATALOGUE,
        }
    }
}

impl std::str::FromStr for Locale {
    type Err = String;

    /// `en`, `de`, `zh`, and BCP 47 tags of those languages (`de-DE`,
    /// `zh-CN`, `zh-Hans`); Traditional Chinese is not a catalogue.
    fn from_str(tag: &str) -> Result<Self, Self::Err> {
        let lower = tag.to_ascii_lowercase();
        let mut parts = lower.split(['-', '_']);
        let locale = match (parts.next(), parts.next()) {
            (Some("en"), _) => Some(Locale::En),
            (Some("de"), _) => Some(Locale::De),
            (Some("zh"), None | Some("cn" | "sg" | "hans")) => Some(Locale::Zh),
            _ => None,
        };
        locale.ok_or_else(|| format!("unknown locale '{tag}' (expected \"en\", \"de\" or \"zh\")"))
    }
}

/// One language's words.
pub struct Catalogue {
    /// `code` or `code.variant` → message template.
    pub messages: &'static [(&'static str, &'static str)],
    /// `code` or `code.variant` → fix description template.
    pub fixes: &'static [(&'static str, &'static str)],
    /// `param.value` (or `type.name`) → label template.
    pub labels: &'static [(&'static str, &'static str)],
    /// The command's and the rule pages' phrases, `group.name` → template:
    /// empty without the `docs` feature (the wasm build).
    pub pages: &'static [(&'static str, &'static str)],
    /// Between the items of a list.
    pub separator: &'static str,
}

fn find(table: &'static [(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    find_pair(table, key, None)
}

/// The entry `first.second` (or `first` alone), found without building the
/// key: rendering runs for each kept diagnostic.
fn find_pair(
    table: &'static [(&'static str, &'static str)],
    first: &str,
    second: Option<&str>,
) -> Option<&'static str> {
    let matches = |k: &str| match second {
        None => k == first,
        Some(second) => {
            k.len() == first.len() + 1 + second.len()
                && k.starts_with(first)
                && k.as_bytes()[first.len()] == b'.'
                && k.ends_with(second)
        }
    };
    table.iter().find(|(k, _)| matches(k)).map(|(_, t)| *t)
}

/// A table key: the code, or `code.variant`.
#[cfg(test)]
fn key(code: &str, variant: Option<&str>) -> String {
    match variant {
        Some(v) => format!("{code}.{v}"),
        None => code.to_string(),
    }
}

/// What a sensitive value of a Terraform plan is written as, in every
/// language and format, as Terraform itself writes it (SPEC §10).
pub const SENSITIVE: &str = "(sensitive)";

/// A diagnostic's message. A catalogue without the key falls back to
/// English (the tests make sure none does).
/// A diagnostic's message: in the locale's catalogue (`code` or
/// `code.variant`), else the rule's own English template.
/// Member names the template writes in the API's words are written as
/// `names` pairs them (`(API member, name)`), outside placeholders.
pub fn message(
    locale: Locale,
    (code, variant): (&str, Option<&str>),
    english: Option<&'static str>,
    params: &Params,
    names: &[(&str, &str)],
) -> String {
    let (catalogue, template) = lookup(locale, code, variant, english, |c| c.messages);
    render(catalogue, &renamed(template, names), params)
}

/// A fix's description, found as [`message`]'s.
pub fn fix_description(
    locale: Locale,
    code: &str,
    english: Option<&'static str>,
    params: &Params,
    names: &[(&str, &str)],
) -> String {
    let (catalogue, template) = lookup(locale, code, None, english, |c| c.fixes);
    render(catalogue, &renamed(template, names), params)
}

/// A template with each whole-word API member name outside `{…}`
/// placeholders written as `names` pairs it. Only the template is
/// rewritten, never a value a parameter brings.
fn renamed<'t>(template: &'t str, names: &[(&str, &str)]) -> Cow<'t, str> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = template.as_bytes();
    let mut out = String::new();
    let (mut copied, mut at, mut depth) = (0, 0, 0usize);
    while at < bytes.len() {
        match bytes[at] {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ if depth == 0 && (at == 0 || !word(bytes[at - 1])) => {
                let found = names.iter().find(|(api, _)| {
                    // Bytes, since `at` may be inside a character; a name
                    // is ASCII, so a match starts on a character boundary.
                    bytes[at..].starts_with(api.as_bytes())
                        && bytes.get(at + api.len()).is_none_or(|&b| !word(b))
                });
                if let Some((api, name)) = found {
                    out.push_str(template.get(copied..at).unwrap_or_default());
                    out.push_str(name);
                    at += api.len();
                    copied = at;
                    continue;
                }
            }
            _ => {}
        }
        at += 1;
    }
    if copied == 0 {
        return Cow::Borrowed(template);
    }
    out.push_str(template.get(copied..).unwrap_or_default());
    Cow::Owned(out)
}

/// A catalogue's label `group.name` in the locale (English where the
/// locale has none), rendered without params: the display name of a
/// request member (`member.server-group`), say.
pub fn label(locale: Locale, group: &str, name: &str) -> Option<String> {
    phrase(locale, group, name, &Params::default())
}

/// A catalogue's label `group.name` rendered with `params` (English where
/// the locale has none): the command's and the rule pages' own phrases.
pub fn phrase(locale: Locale, group: &str, name: &str, params: &Params) -> Option<String> {
    let entry = |c: &'static Catalogue| {
        find_pair(c.labels, group, Some(name)).or_else(|| find_pair(c.pages, group, Some(name)))
    };
    let catalogue = locale.catalogue();
    let (catalogue, template) = match entry(catalogue) {
        Some(t) => (catalogue, t),
        None => {
            let en = Locale::En.catalogue();
            (en, entry(en)?)
        }
    };
    Some(render(catalogue, template, params))
}

/// A finding's message about a Terraform resource instance: its address,
/// then the message, as the language writes it.
pub fn about_resource(locale: Locale, address: &str, message: &str) -> String {
    let mut params = Params::default();
    params.insert("address", Param::Text(address.to_string()));
    params.insert("message", Param::Text(message.to_string()));
    let catalogue = locale.catalogue();
    let template = find(catalogue.labels, "resource.message").unwrap_or("{address}: {message}");
    render(catalogue, template, &params)
}

/// A JSON type or a value JSON cannot hold (`type-mismatch`'s and
/// `non-json-value`'s names: `string`, `bigint`, `cycle`) as English prose:
/// `a string`, `a BigInt`, `a cyclic reference`. For usage errors, which
/// are in English.
pub fn type_label(name: &str) -> String {
    let en = Locale::En.catalogue();
    match find_pair(en.labels, "type", Some(name)) {
        Some(label) => label.to_string(),
        None => name.to_string(),
    }
}

/// Why a text is not strict JSON (an `invalid-json` diagnostic's, or a
/// context or configuration file's, `params.cause` and its details).
pub fn syntax_reason(locale: Locale, params: &Params) -> String {
    render(locale.catalogue(), "{cause:l}", params)
}

fn lookup(
    locale: Locale,
    code: &str,
    variant: Option<&str>,
    english: Option<&'static str>,
    table: fn(&'static Catalogue) -> &'static [(&'static str, &'static str)],
) -> (&'static Catalogue, &'static str) {
    let own = locale.catalogue();
    if let Some(t) = find_pair(table(own), code, variant) {
        return (own, t);
    }
    (Locale::En.catalogue(), english.unwrap_or(key_not_found()))
}

/// What a missing key renders as; never seen when the tests pass.
const fn key_not_found() -> &'static str {
    "(no message)"
}

/// Renders a template.
fn render(catalogue: &Catalogue, template: &str, params: &Params) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    render_into(&mut out, catalogue, template, params);
    out
}

/// Writes a template into `out`: each piece straight into the one string,
/// since rendering runs for every kept diagnostic.
fn render_into(out: &mut String, catalogue: &Catalogue, template: &str, params: &Params) {
    // Optional parts hold no optional parts: a flat scan is enough. The
    // marks are ASCII, so every cut is on a character boundary; the
    // non-panicking slices keep a slicing panic's formatting out of the
    // browser build.
    let mut rest = template;
    while let Some(start) = pair_at(rest, b'[') {
        let (before, after) = rest.split_at_checked(start).unwrap_or((rest, ""));
        part(out, catalogue, before, params);
        let inside = after.get(2..).unwrap_or_default();
        let Some(len) = pair_at(inside, b']') else {
            return;
        };
        let (optional, after) = inside.split_at_checked(len).unwrap_or((inside, ""));
        part(out, catalogue, optional, params);
        rest = after.get(2..).unwrap_or_default();
    }
    part(out, catalogue, rest, params);
}

/// Where two `byte`s in a row start (`[[`, `]]`): a byte search, not a
/// substring searcher set up for every message.
fn pair_at(text: &str, byte: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = bytes.get(from..)?.iter().position(|&b| b == byte) {
        let at = from + i;
        if bytes.get(at + 1) == Some(&byte) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Writes a part of a template, or nothing when a parameter it names is
/// absent or null (so that an optional part is left out).
fn part(out: &mut String, catalogue: &Catalogue, template: &str, params: &Params) {
    let mark = out.len();
    let mut rest = template;
    while let Some((text, placeholder)) = rest.split_once('{') {
        out.push_str(text);
        let Some((spec, after)) = placeholder.split_once('}') else {
            // Not a placeholder: the text as it is.
            out.push('{');
            out.push_str(placeholder);
            return;
        };
        let (name, format) = spec.split_once(':').unwrap_or((spec, ""));
        let Some(value) = params.get(name).filter(|p| !matches!(p, Param::Null)) else {
            out.truncate(mark);
            return;
        };
        write_param(out, catalogue, name, format, value, params);
        rest = after;
    }
    out.push_str(rest);
}

fn write_param(
    out: &mut String,
    catalogue: &Catalogue,
    name: &str,
    format: &str,
    value: &Param,
    params: &Params,
) {
    use std::fmt::Write;
    let list: &mut dyn Iterator<Item = &str> = match value {
        Param::Null => return,
        Param::Count(n) if format == "mib" => {
            let _ = if n % 1024 == 0 {
                write!(out, "{} GiB", n / 1024)
            } else {
                write!(out, "{n} MiB")
            };
            return;
        }
        Param::Count(n) if format == "nth" => {
            let _ = write!(out, "{}", n.saturating_add(1));
            return;
        }
        Param::Count(n) => {
            let _ = write!(out, "{n}");
            return;
        }
        Param::Text(t) => return write_text(out, catalogue, name, format, t, params),
        Param::Texts(list) => &mut list.iter().map(String::as_str),
        Param::Names(list) => &mut list.iter().copied(),
    };
    // At most ten items of a list; the params have them all.
    for (i, t) in list.enumerate() {
        if i > 0 {
            out.push_str(catalogue.separator);
        }
        if i == 10 {
            out.push('…');
            break;
        }
        write_text(out, catalogue, name, format, t, params);
    }
}

fn write_text(
    out: &mut String,
    catalogue: &Catalogue,
    name: &str,
    format: &str,
    text: &str,
    params: &Params,
) {
    if text == SENSITIVE {
        out.push_str(SENSITIVE);
        return;
    }
    match format {
        "q" => push_quoted(out, text),
        "c" => {
            for (i, c) in text.chars().enumerate() {
                if i > 0 {
                    out.push_str(catalogue.separator);
                }
                push_char_name(out, catalogue, c);
            }
        }
        "l" | "t" => {
            let kind = if format == "t" { "type" } else { name };
            let label = find_pair(catalogue.labels, kind, Some(text))
                .or_else(|| find_pair(catalogue.labels, kind, Some("*")));
            match label {
                Some(label) => render_into(out, catalogue, label, params),
                None => push_visible(out, text),
            }
        }
        _ => push_visible(out, text),
    }
}

/// A character as a message names it; the space's name is translated.
fn push_char_name(out: &mut String, catalogue: &Catalogue, c: char) {
    use std::fmt::Write;
    if c == ' ' {
        if let Some(space) = find(catalogue.labels, "char.space") {
            out.push_str("' ' (");
            out.push_str(space);
            out.push(')');
            return;
        }
    }
    // The invisible characters people meet most, named in German and
    // Chinese; the rest, and English, by their Unicode names (text.rs).
    let mut code = [0u8; 8];
    let code = format_code(c, &mut code);
    match find_pair(catalogue.labels, "char", Some(code)) {
        Some(name) => {
            let _ = write!(out, "U+{code} ({name})");
        }
        None => push_char(out, c),
    }
}

/// `c`'s code point as four or more upper-case hex digits, in `buffer`.
fn format_code(c: char, buffer: &mut [u8; 8]) -> &str {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut n = c as u32;
    let mut len = 0;
    while len < 4 || n > 0 {
        buffer[7 - len] = HEX[(n & 0xF) as usize];
        n >>= 4;
        len += 1;
    }
    std::str::from_utf8(&buffer[8 - len..]).unwrap_or_default()
}

#[cfg(test)]
mod tests;
