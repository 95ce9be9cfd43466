//! The request as a JSON Schema (draft 2020-12), for tools that validate
//! with a schema (Ajv in a console, the `jsonschema` crate, an editor):
//! everything a schema can say about the request, per platform (SPEC §1,
//! §3, §7). What it cannot say, sdrs-lint checks anyway: UTF-8 byte lengths,
//! duplicate keys, unique and trimmed tag keys, address ranges, flavor
//! families, the account's state (README, "JSON Schema").
//!
//! The text is assembled from the catalogue's own members and limits, so it
//! cannot drift from the rules; the patterns, which the rules spell as code,
//! are checked against the engine character by character in
//! `tests/request_schema.rs`. It is plain text, without `serde_json`, so the
//! WebAssembly module can carry it.

use crate::options::Platform;
use crate::rules::description::DESCRIPTION_LIMIT;
use crate::rules::name::NAME_LIMIT;
use crate::rules::structure::{Shape, INSTANCE_FIELDS};
use crate::rules::tags::{KEY_LIMIT, TAGS_LIMIT, VALUE_LIMIT};

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

/// The schema of a request for `platform`, as compact JSON text.
pub fn schema(platform: Platform) -> String {
    let huawei = platform == Platform::Huawei;
    let fields = INSTANCE_FIELDS.iter().filter(|f| huawei || !f.huawei_only);
    let members: Vec<String> = fields
        .clone()
        .map(|f| format!(r#""{}":{{{}}}"#, f.name, member(f.name, f.shape, platform)))
        .collect();
    let required: Vec<String> = fields
        .filter(|f| f.required)
        .map(|f| format!(r#""{}""#, f.name))
        .collect();
    let (cloud, extra) = if huawei {
        (
            "Huawei Cloud",
            // dedicated-host-tenancy: a dedicated host only with tenancy "dedicated".
            r#","dependentSchemas":{"dedicated_host_id":{"required":["tenancy"],"properties":{"tenancy":{"const":"dedicated"}}}}"#,
        )
    } else {
        ("Open Telekom Cloud", "")
    };
    format!(
        concat!(
            r#"{{"$schema":"https://json-schema.org/draft/2020-12/schema","#,
            r#""title":"SDRS Creating a Protected Instance request ({cloud})","#,
            r#""description":"The body of POST /v1/{{project_id}}/protected-instances, as sdrs-lint {version} checks it on platform {platform}. "#,
            r#"maxLength counts characters: the API counts UTF-8 bytes for name and description, tag keys and values are measured trimmed, "#,
            r#"and keys must be unique; sdrs-lint checks these and what no schema can say (duplicate JSON keys, address ranges, flavor families, the account's state)."#,
            r#"","type":"object","required":["protected_instance"],"additionalProperties":false,"#,
            r#""properties":{{"protected_instance":{{"type":"object","required":[{required}],"additionalProperties":false,"#,
            r#""dependentRequired":{{"primary_ip_address":["primary_subnet_id"]}}{extra},"#,
            r#""properties":{{{members}}}}}}}}}"#,
        ),
        cloud = cloud,
        version = env!("CARGO_PKG_VERSION"),
        platform = platform.as_str(),
        required = required.join(","),
        extra = extra,
        members = members.join(","),
    )
}

/// One member's schema, without its braces.
fn member(name: &str, shape: Shape, platform: Platform) -> String {
    let uuid = |what: &str| {
        format!(r#""description":"{what} (a UUID).","type":"string","pattern":"^{UUID}$""#)
    };
    match (name, shape) {
        (_, Shape::TagList) => format!(
            concat!(
                r#""description":"At most {tags} tags; keys unique once trimmed.","type":"array","maxItems":{tags},"#,
                r#""items":{{"type":"object","required":["key","value"],"additionalProperties":false,"properties":{{"#,
                r#""key":{{"description":"At most {key} characters once trimmed; not only white space; no control character or * < > \\ = , | /.","#,
                r#""type":"string","minLength":1,"maxLength":{key},"pattern":"^[^{forbidden}]*[^{forbidden}{space}][^{forbidden}]*$"}},"#,
                r#""value":{{"description":"At most {value} characters once trimmed; no control character or * < > \\ = , | /.","#,
                r#""type":"string","maxLength":{value},"pattern":"^[^{forbidden}]*$"}}}}}}"#,
            ),
            tags = TAGS_LIMIT,
            key = KEY_LIMIT,
            value = VALUE_LIMIT,
            forbidden = TAG_FORBIDDEN,
            space = WHITE_SPACE,
        ),
        ("server_group_id", _) => format!(
            r#""description":"Protection group ID: a UUID or 32 hexadecimal digits.","type":"string","pattern":"^(?:{UUID}|[0-9a-fA-F]{{32}})$""#
        ),
        ("server_id", _) => uuid("ID of the production site server"),
        ("primary_subnet_id", _) => uuid("Subnet of the DR site server's primary NIC"),
        ("cluster_id", _) => uuid("Dedicated distributed storage pool"),
        ("dedicated_host_id", _) => uuid("Dedicated host; needs tenancy \\\"dedicated\\\""),
        ("name", _) => {
            let (chinese, letters) = match platform {
                Platform::Huawei => (CHINESE, "A-Z a-z 0-9 . _ - and Chinese characters U+4E00-U+9FA5"),
                Platform::Otc => ("", "A-Z a-z 0-9 . _ -"),
            };
            format!(
                r#""description":"At most {NAME_LIMIT} UTF-8 bytes (maxLength counts characters) of {letters}.","type":"string","minLength":1,"maxLength":{NAME_LIMIT},"pattern":"^[A-Za-z0-9._{chinese}-]*$""#
            )
        }
        ("description", _) => format!(
            r#""description":"At most {DESCRIPTION_LIMIT} UTF-8 bytes (maxLength counts characters), no < or >.","type":"string","maxLength":{DESCRIPTION_LIMIT},"pattern":"^[^<>]*$""#
        ),
        ("primary_ip_address", _) => format!(
            r#""description":"IPv4 address of the DR site server's primary NIC, a dotted quad without leading zeros; needs primary_subnet_id.","type":"string","pattern":"^{IPV4_OCTET}(?:\\.{IPV4_OCTET}){{3}}$""#
        ),
        ("flavorRef", _) => format!(
            r#""description":"ECS flavor of the DR site server, such as s3.large.2.","type":"string","pattern":"{FLAVOR}""#
        ),
        ("tenancy", _) => {
            r#""description":"Where the DR site server runs: the shared pool (the default) or a dedicated host.","type":"string","enum":["shared","dedicated"]"#.to_string()
        }
        // A member the catalogue gains is at least typed until it has its own entry.
        (_, Shape::String) => r#""type":"string""#.to_string(),
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
