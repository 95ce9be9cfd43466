//! The request as a JSON Schema (draft 2020-12), for tools that validate
//! with a schema (Ajv in a console, the `jsonschema` crate, an editor):
//! everything a schema can say about a request, per kind and platform
//! (SPEC §1, §3, §7, §9). What it cannot say, sdrs-lint checks anyway: UTF-8
//! byte lengths, duplicate keys, unique and trimmed tag keys, address
//! ranges, flavor families, the account's state (README, "JSON Schema").
//!
//! The text is assembled from the kinds' descriptions (members, presence,
//! limits, patterns, what each member is), so it cannot drift from the
//! rules; the patterns, which the rules spell as code, are checked against
//! the engine character by character in `tests/request_schema.rs`. It is
//! plain text, without `serde_json`, so the WebAssembly module can carry it.

use crate::platform::Platform;
use crate::request::{Kind, Member, Pattern, Role, Shape, Unit, KINDS};

/// 8-4-4-4-12 hexadecimal digits, either case (`id-format`).
const UUID: &str = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/// A canonical dotted quad: 0–255 without leading zeros (`ip-format`).
const IPV4_OCTET: &str = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

/// SPEC §3's flavor name, with JSON's backslashes (`flavor-format`).
const FLAVOR: &str = r"^[a-z]+[0-9]+[a-z]*\\.(?:small|medium|large|xlarge|[1-9][0-9]*xlarge)\\.[1-9][0-9]*(?:\\.physical)?$";

/// Characters no tag key or value may hold: controls U+0000–U+001F and
/// `* < > \ = , | /` (`tag-key-charset`, `tag-value-charset`), written as
/// JSON escapes so that every regex dialect reads them as plain characters.
const TAG_FORBIDDEN: &str = r"\u0000-\u001f*<>\\\\=,|/";

/// Unicode White_Space outside the controls (SPEC §2): a tag key of only
/// these is empty once trimmed (`empty-value`).
const WHITE_SPACE: &str = r" \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

/// Huawei Cloud's Chinese characters in names, U+4E00–U+9FA5 (SPEC §7).
const CHINESE: &str = r"\u4e00-\u9fa5";

/// The schema of a request for `platform`: of `kind`, or of any kind (a
/// `oneOf` them) without one. Compact JSON text.
/// The schema the options ask for: their kind's, or every request kind's.
/// A Terraform plan has none (its requests are built from the providers'
/// arguments): that is the error.
pub fn for_options(options: &crate::Options) -> Result<String, String> {
    match options.kind {
        Some(name) => match crate::request::kind(name) {
            Some(kind) => Ok(schema(Some(kind), options.platform)),
            None => Err(format!(
                "the kind '{name}' has no JSON Schema: a plan's requests are built from its \
                 resources' arguments (single and batch have one)"
            )),
        },
        None => Ok(schema(None, options.platform)),
    }
}

pub fn schema(kind: Option<&Kind>, platform: Platform) -> String {
    let (body, which) = match kind {
        Some(kind) => (kind_schema(kind, platform), format!("{} ", kind.call)),
        None if KINDS.len() == 1 => (
            kind_schema(KINDS[0], platform),
            format!("{} ", KINDS[0].call),
        ),
        None => {
            let each: Vec<String> = KINDS
                .iter()
                .map(|k| format!("{{{}}}", kind_schema(k, platform)))
                .collect();
            let calls: Vec<&str> = KINDS.iter().map(|k| k.call).collect();
            (
                format!(r#""oneOf":[{}]"#, each.join(",")),
                format!("{} ", calls.join(" or ")),
            )
        }
    };
    let cloud = match platform {
        Platform::Otc => "Open Telekom Cloud",
        Platform::Huawei => "Huawei Cloud",
    };
    format!(
        concat!(
            r#"{{"$schema":"https://json-schema.org/draft/2020-12/schema","#,
            r#""title":"SDRS protected instance request ({cloud})","#,
            r#""description":"The body of {which}as sdrs-lint {version} checks it on platform {platform}. "#,
            r#"maxLength counts characters: the API counts UTF-8 bytes for a name and a single request's description, tag keys and values are measured trimmed, "#,
            r#"and keys must be unique; sdrs-lint checks these and what no schema can say (duplicate JSON keys, address ranges, flavor families, the account's state)."#,
            r#"",{body}}}"#,
        ),
        cloud = cloud,
        which = which,
        version = env!("CARGO_PKG_VERSION"),
        platform = platform.as_str(),
        body = body,
    )
}

/// One kind's schema, without its braces: the wrapper around its object.
fn kind_schema(kind: &Kind, platform: Platform) -> String {
    format!(
        r#""type":"object","required":["{wrapper}"],"additionalProperties":false,"properties":{{"{wrapper}":{{{object}}}}}"#,
        wrapper = kind.wrapper,
        object = object(kind.members, platform),
    )
}

/// The schema of an object with these members, without its braces.
fn object(members: &[Member], platform: Platform) -> String {
    let members: Vec<&Member> = members.iter().filter(|m| m.accepted_on(platform)).collect();
    let properties: Vec<String> = members
        .iter()
        .map(|m| format!(r#""{}":{{{}}}"#, m.key, member(m, platform)))
        .collect();
    let required: Vec<String> = members
        .iter()
        .filter(|m| m.required)
        .map(|m| format!(r#""{}""#, m.key))
        .collect();
    let key_of = |role: Role| members.iter().find(|m| m.role == role).map(|m| m.key);
    // A member that needs another: dependentRequired, or with a value of
    // the other, dependentSchemas.
    let mut required_with = Vec::new();
    let mut schemas_with = Vec::new();
    for m in &members {
        let Some((role, value)) = m.requires else {
            continue;
        };
        let Some(other) = key_of(role) else {
            continue;
        };
        match value {
            None => required_with.push(format!(r#""{}":["{other}"]"#, m.key)),
            Some(value) => schemas_with.push(format!(
                r#""{}":{{"required":["{other}"],"properties":{{"{other}":{{"const":"{value}"}}}}}}"#,
                m.key
            )),
        }
    }
    let mut out = format!(
        r#""type":"object","required":[{}],"additionalProperties":false"#,
        required.join(",")
    );
    if !required_with.is_empty() {
        out.push_str(&format!(
            r#","dependentRequired":{{{}}}"#,
            required_with.join(",")
        ));
    }
    if !schemas_with.is_empty() {
        out.push_str(&format!(
            r#","dependentSchemas":{{{}}}"#,
            schemas_with.join(",")
        ));
    }
    out.push_str(&format!(r#","properties":{{{}}}"#, properties.join(",")));
    out
}

/// One member's schema, without its braces.
fn member(m: &Member, platform: Platform) -> String {
    let about = m.about.replace('\\', "\\\\").replace('"', "\\\"");
    let mut out = format!(r#""description":"{about}""#);
    match m.shape {
        Shape::List(item) => {
            out.push_str(r#","type":"array""#);
            // A required list must hold something (servers-empty); an
            // optional one may be empty (tags-empty is a warning).
            if m.required {
                out.push_str(r#","minItems":1"#);
            }
            if let Some(limit) = m.limit.filter(|l| l.unit == Unit::Items) {
                out.push_str(&format!(r#","maxItems":{}"#, limit.max));
            }
            out.push_str(&format!(
                r#","items":{{{}}}"#,
                object(item.members, platform)
            ));
        }
        Shape::Map(item) => {
            out.push_str(r#","type":"object""#);
            if let Some(limit) = m.limit {
                out.push_str(&format!(r#","maxProperties":{}"#, limit.max));
            }
            if let Some(value) = item.members.get(1) {
                out.push_str(&format!(
                    r#","additionalProperties":{{{}}}"#,
                    member(value, platform)
                ));
            }
        }
        Shape::Text => {
            out.push_str(r#","type":"string""#);
            // A tag key's emptiness is its pattern's: empty once trimmed.
            if m.non_empty && m.role != Role::TagKey {
                out.push_str(r#","minLength":1"#);
            }
            if let Some(limit) = m.limit.filter(|l| l.unit != Unit::Items) {
                out.push_str(&format!(r#","maxLength":{}"#, limit.max));
            }
            match m.pattern {
                Some(Pattern::Choice) => {
                    let choices: Vec<String> =
                        m.choices.iter().map(|c| format!(r#""{c}""#)).collect();
                    out.push_str(&format!(r#","enum":[{}]"#, choices.join(",")));
                }
                Some(pattern) => {
                    out.push_str(&format!(r#","pattern":"{}""#, regex(pattern, platform)));
                }
                None => {}
            }
        }
    }
    out
}

/// A pattern as a JSON Schema regular expression, in JSON's escapes.
fn regex(pattern: Pattern, platform: Platform) -> String {
    match pattern {
        Pattern::Uuid => format!("^{UUID}$"),
        Pattern::UuidOrHex32 => format!("^(?:{UUID}|[0-9a-fA-F]{{32}})$"),
        Pattern::Name => {
            let chinese = if platform == Platform::Huawei {
                CHINESE
            } else {
                ""
            };
            format!("^[A-Za-z0-9._{chinese}-]*$")
        }
        Pattern::NoAngleBrackets => "^[^<>]*$".to_string(),
        Pattern::Ipv4 => format!(r"^{IPV4_OCTET}(?:\\.{IPV4_OCTET}){{3}}$"),
        Pattern::Flavor => FLAVOR.to_string(),
        Pattern::TagKey => {
            format!("^[^{TAG_FORBIDDEN}]*[^{TAG_FORBIDDEN}{WHITE_SPACE}][^{TAG_FORBIDDEN}]*$")
        }
        Pattern::TagValue => format!("^[^{TAG_FORBIDDEN}]*$"),
        Pattern::Choice => String::new(),
    }
}

/// JSON text indented by two spaces, each string token kept as written (so
/// the schema's `\u` escapes of invisible characters stay readable, where a
/// serializer would write the characters themselves). For JSON without
/// empty arrays or objects, such as the schema.
pub fn pretty(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                depth += 1;
                out.push(c);
                newline(&mut out, depth);
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_ascii_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}
