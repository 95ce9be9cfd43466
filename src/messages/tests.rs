//! Every language says every rule, and every message states every fact its
//! diagnostic's `params` carry.

use super::*;
use crate::document::{Builder, Scalar, Span};
use crate::options::Options;
use crate::report::Report;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The `{name}`s a template mentions.
fn placeholders(template: &str) -> BTreeSet<&str> {
    let mut names = BTreeSet::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}').expect("closed");
        let spec = &rest[open + 1..close];
        names.insert(spec.split(':').next().unwrap_or(spec));
        rest = &rest[close + 1..];
    }
    names
}

/// English: every rule's messages (`code`, `code.variant`) and fix titles
/// from beside the rule, and the labels of the English catalogue.
fn english() -> [Vec<(String, &'static str)>; 4] {
    let mut messages = Vec::new();
    let mut fixes = Vec::new();
    for rule in crate::rules::CATALOGUE {
        for (variant, template) in rule.messages {
            let key = match *variant {
                "" => rule.code.to_string(),
                v => format!("{}.{v}", rule.code),
            };
            messages.push((key, *template));
        }
        if let Some(title) = rule.fix_title {
            fixes.push((rule.code.to_string(), title));
        }
    }
    // A rule's summary is beside it too; the catalogues key theirs
    // `summary.code`.
    let labels = Locale::En
        .catalogue()
        .labels
        .iter()
        .map(|(k, t)| (k.to_string(), *t))
        .chain(
            crate::rules::CATALOGUE
                .iter()
                .map(|r| (format!("summary.{}", r.code), r.summary)),
        )
        // The characters the other languages name: English has their
        // Unicode names (text.rs), which the core module carries already.
        .chain(Locale::De.catalogue().labels.iter().filter_map(|(k, _)| {
            let code = u32::from_str_radix(k.strip_prefix("char.")?, 16).ok()?;
            Some((
                k.to_string(),
                crate::text::invisible_name(char::from_u32(code)?),
            ))
        }))
        .collect();
    // And what each member is, beside the request kinds; `about.KIND.ROLE`.
    let mut pages: Vec<(String, &'static str)> = Locale::En
        .catalogue()
        .pages
        .iter()
        .map(|(k, t)| (k.to_string(), *t))
        .collect();
    if cfg!(feature = "docs") {
        for kind in crate::request::KINDS {
            let items = kind.members.iter().filter_map(|m| match m.shape {
                crate::request::Shape::List(item) => Some(item.members),
                _ => None,
            });
            for member in std::iter::once(kind.members).chain(items).flatten() {
                pages.push((
                    format!("about.{}.{}", kind.name, member.role.as_str()),
                    member.about,
                ));
            }
        }
    }
    [messages, fixes, labels, pages]
}

#[test]
fn every_language_has_every_key_with_the_same_placeholders() {
    let english = english();
    for locale in [Locale::De, Locale::Zh] {
        let other = locale.catalogue();
        type Table = fn(&Catalogue) -> &'static [(&'static str, &'static str)];
        let tables: [(Table, &str); 4] = [
            (|c| c.messages, "message"),
            (|c| c.fixes, "fix"),
            (|c| c.labels, "label"),
            (|c| c.pages, "page phrase"),
        ];
        for ((table, name), en) in tables.into_iter().zip(&english) {
            for (key, template) in en {
                let Some(translated) = find(table(other), key) else {
                    panic!("{} has no {name} {key}", locale.as_str());
                };
                assert_eq!(
                    placeholders(template),
                    placeholders(translated),
                    "{} {name} {key}: {translated}",
                    locale.as_str()
                );
            }
            assert_eq!(
                en.len(),
                table(other).len(),
                "{} has {name}s English does not",
                locale.as_str()
            );
        }
    }
}

/// The `{name:format}` specs a template holds.
fn specs(template: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}').expect("closed");
        found.push(&rest[open + 1..close]);
        rest = &rest[close + 1..];
    }
    found
}

#[test]
fn indices_are_counted_for_people_from_one() {
    let english = english();
    let english = english.iter().flatten().map(|(k, t)| ("en", k.clone(), *t));
    let others = [Locale::De, Locale::Zh].into_iter().flat_map(|locale| {
        let c = locale.catalogue();
        c.messages
            .iter()
            .chain(c.fixes)
            .chain(c.labels)
            .map(move |(k, t)| (locale.as_str(), k.to_string(), *t))
    });
    for (locale, key, template) in english.chain(others) {
        for spec in specs(template) {
            let name = spec.split(':').next().unwrap_or(spec);
            if name == "index" || name.ends_with("_index") {
                assert_eq!(
                    spec.split_once(':').map(|(_, f)| f),
                    Some("nth"),
                    "{locale} {key}: {{{spec}}} writes a 0-based index",
                );
            }
        }
    }
    let mut params = Params::default();
    params.insert("index", Param::Count(0));
    params.insert("first_index", Param::Count(1));
    let en = Locale::En.catalogue();
    assert_eq!(
        render(en, "tag {index:nth} after tag {first_index:nth}", &params),
        "tag 1 after tag 2"
    );
}

#[test]
fn keys_are_unique_and_every_rule_has_a_message_and_its_fix_a_description() {
    for locale in Locale::ALL {
        let c = locale.catalogue();
        for table in [c.messages, c.fixes, c.labels] {
            let keys: BTreeSet<_> = table.iter().map(|(k, _)| k).collect();
            assert_eq!(keys.len(), table.len(), "{}: a key twice", locale.as_str());
        }
    }
    for rule in crate::rules::CATALOGUE {
        assert!(rule.message(None).is_some(), "{} has no message", rule.code);
        assert_eq!(
            rule.fix_title.is_some(),
            rule.fixable(),
            "{}: a fix description exactly when fixable",
            rule.code
        );
        let variants: BTreeSet<_> = rule.messages.iter().map(|(v, _)| v).collect();
        assert_eq!(
            variants.len(),
            rule.messages.len(),
            "{}: a variant twice",
            rule.code
        );
    }
}

#[test]
fn locales_are_read_from_language_tags() {
    assert_eq!("de".parse(), Ok(Locale::De));
    assert_eq!("de-DE".parse(), Ok(Locale::De));
    assert_eq!("zh-CN".parse(), Ok(Locale::Zh));
    assert_eq!("zh-Hans".parse(), Ok(Locale::Zh));
    assert_eq!("EN".parse(), Ok(Locale::En));
    assert!("zh-TW".parse::<Locale>().is_err());
    assert!("fr".parse::<Locale>().is_err());
}

/// Found in a new user's trial: only the space was named in German and
/// Chinese; the invisible characters people meet most are too, the rest by
/// their (English) Unicode names everywhere.
#[test]
fn common_invisible_characters_are_named_in_the_language() {
    let mut params = Params::default();
    params.insert(
        "chars",
        Param::Texts(vec!["\t".into(), "\u{3000}".into(), "\u{2060}".into()]),
    );
    let named = |locale: Locale| render(locale.catalogue(), "{chars:c}", &params);
    assert_eq!(
        named(Locale::En),
        "U+0009 (tab), U+3000 (ideographic space), U+2060 (word joiner)"
    );
    assert_eq!(
        named(Locale::De),
        "U+0009 (Tabulator), U+3000 (ideografisches Leerzeichen), U+2060 (word joiner)"
    );
    assert_eq!(
        named(Locale::Zh),
        "U+0009 (制表符)、U+3000 (全角空格)、U+2060 (word joiner)"
    );
}

#[test]
fn templates_render_lists_labels_sizes_and_optional_parts() {
    let mut params = Params::default();
    params.insert("chars", Param::Texts(vec![" ".into(), "\u{200b}".into()]));
    params.insert("size", Param::Count(4096));
    params.insert("role", Param::Text("dhcp".into()));
    let en = Locale::En.catalogue();
    assert_eq!(
        render(
            en,
            "{chars:c}; {size:mib}; {role:l}[[; {missing}]].",
            &params
        ),
        "' ' (space), U+200B (zero width space); 4 GiB; DHCP."
    );
    let zh = Locale::Zh.catalogue();
    assert!(render(zh, "{chars:c}", &params).contains(zh.separator));
}

// ---------------------------------------------------------------------------
// A corpus that gives every message of the English catalogue a diagnostic.
// ---------------------------------------------------------------------------

const GROUP: &str = "523ab8ad-3759-4933-9436-4cf4ebb20867";
const SERVER: &str = "403b603d-1d91-42cc-a357-81f3c2daf43f";
const SUBNET: &str = "a32217fb-3413-c313-6342-3124d3491502";

fn request(changes: Value) -> Value {
    let mut r = json!({"protected_instance": {
        "server_group_id": GROUP, "server_id": SERVER, "name": "web-01",
        "primary_subnet_id": SUBNET, "primary_ip_address": "192.168.0.5",
        "flavorRef": "s3.large.2", "tags": [{"key": "owner", "value": "ops"}]
    }});
    for (k, v) in changes.as_object().expect("an object") {
        if v.is_null() && k.starts_with('-') {
            r["protected_instance"]
                .as_object_mut()
                .unwrap()
                .remove(&k[1..]);
        } else {
            r["protected_instance"][k] = v.clone();
        }
    }
    r
}

fn tags(list: Value) -> Value {
    request(json!({ "tags": list }))
}

fn options(value: Value) -> Options {
    Options::from_value(&value).expect("valid options")
}

/// A context in which [`request`] passes, with one thing changed.
fn context(part: &str, item: Value) -> Options {
    let mut c = json!({
        "protection_groups": [{"id": GROUP, "status": "available", "source_vpc_id": "vpc-1",
            "source_availability_zone": "eu-de-01"}],
        "servers": [{"id": SERVER, "status": "ACTIVE", "vpc_id": "vpc-1",
            "availability_zone": "eu-de-01", "flavor": "s3.large.2", "os_type": "Linux"}],
        "subnets": [{"id": SUBNET, "vpc_id": "vpc-1", "cidr": "192.168.0.0/24",
            "gateway_ip": "192.168.0.1", "used_ips": ["192.168.0.10"]}],
        "flavors": [{"id": "s3.large.2", "vcpus": 2, "ram": 4096},
                    {"id": "s3.xlarge.2", "vcpus": 4, "ram": 8192}],
        "key_pairs": ["kp"]
    });
    if !part.is_empty() {
        for (k, v) in item.as_object().unwrap() {
            c[part][0][k] = v.clone();
        }
    }
    options(json!({ "context": c }))
}

fn text_cases() -> Vec<(String, Options)> {
    let plain = Options::default;
    let mut cases: Vec<(String, Options)> = [
        "",
        "{",
        "[",
        "\"abc",
        "tru",
        "// c\n{}",
        "[,1]",
        "{a:1}",
        "{\"a\" 1}",
        "[1 2]",
        "{\"a\":1 x}",
        "trux",
        "\u{feff}{}",
        "[1,]",
        "{} x",
        "+1",
        "01",
        "\"a\tb\"",
        "\"\\x\"",
        "\"\\ud800\"",
        "[]",
        r#"{"name": "web-01", "server_id": "x"}"#,
        r#"{"x": 1}"#,
        // Terraform output sdrs-lint refuses: another format, the log.
        r#"{"format_version": "2.0", "resource_changes": []}"#,
        "{\"@level\":\"info\",\"@message\":\"Terraform 1.9.8\",\"type\":\"version\"}\n{\"@level\":\"info\",\"@message\":\"Plan: 1 to add\"}\n",
    ]
    .iter()
    .map(|t| (t.to_string(), plain()))
    .collect();
    cases.push(("[".repeat(200), plain()));
    let dup = request(json!({})).to_string().replace(
        "\"name\":\"web-01\"",
        "\"name\":\"web-01\",\"name\":\"web 02\"",
    );
    cases.push((dup, plain()));
    cases
}

fn value_cases() -> Vec<(Value, Options)> {
    let plain = Options::default;
    let huawei = || options(json!({"platform": "huawei"}));
    let mut deep = json!(1);
    for _ in 0..200 {
        deep = json!([deep]);
    }
    let eleven: Vec<Value> = (0..11)
        .map(|i| json!({"key": format!("t{i}"), "value": "x"}))
        .collect();
    vec![
        (request(json!({"-server_id": null})), plain()),
        (tags(json!([{"key": "k"}])), plain()),
        (request(json!({"name": 5})), plain()),
        (tags(json!([3])), plain()),
        (tags(json!([{"key": "k", "value": null}])), plain()),
        (request(json!({"flavorRef": null})), plain()),
        (request(json!({"name": ""})), plain()),
        (tags(json!([{"key": "", "value": ""}])), plain()),
        (tags(json!([{"key": "  ", "value": ""}])), plain()),
        (
            request(json!({"zzz": 1, "descriptoin": "x", "group_id": GROUP, "tenancy": "shared"})),
            plain(),
        ),
        (
            request(
                json!({"-flavorRef": null, "flavorref": "s3.large.2", "-primary_subnet_id": null,
                "subnet_id": "a32217fb-3413-c313-6342-3124d3491502"}),
            ),
            plain(),
        ),
        (request(json!({"x": deep})), plain()),
        (
            request(
                json!({"primary_subnet_id": "a32217fh-3413-c313-6342-3124d3491502",
                "server_group_id": "x", "server_id": "1234"}),
            ),
            plain(),
        ),
        (
            request(json!({"server_id": SERVER.to_uppercase()})),
            plain(),
        ),
        (request(json!({"name": "n".repeat(65)})), plain()),
        (request(json!({"name": "a b\u{200b}"})), plain()),
        (request(json!({"name": "a b"})), huawei()),
        (request(json!({"description": "d".repeat(65)})), plain()),
        (request(json!({"description": "中".repeat(30)})), plain()),
        (request(json!({"description": "<b>"})), plain()),
        (request(json!({"-primary_subnet_id": null})), plain()),
        (request(json!({"-primary_subnet_id": null})), huawei()),
        (
            request(json!({"primary_ip_address": "10.0.0.5/24"})),
            plain(),
        ),
        (
            request(json!({"primary_ip_address": "100.64.1.20"})),
            plain(),
        ),
        (request(json!({"primary_ip_address": "10.0.0.1"})), plain()),
        (request(json!({"flavorRef": "C4.XLARGE.2"})), plain()),
        (request(json!({"flavorRef": "c4-xlarge-2"})), plain()),
        (request(json!({"flavorRef": "s3.medium.4.win"})), plain()),
        (request(json!({"flavorRef": "g6.xlarge.4"})), plain()),
        (tags(json!(eleven)), plain()),
        (tags(json!([])), plain()),
        (
            tags(
                json!([{"key": "app", "value": "a"}, {"key": "app", "value": "b"},
                {"key": "APP", "value": "c"}, {"key": "k".repeat(37), "value": "v".repeat(44)},
                {"key": "a*b", "value": "c=d"}, {"key": "a.b", "value": "ä"},
                {"key": "x ", "value": " y"}, {"key": "_sys_x", "value": "z"}]),
            ),
            plain(),
        ),
        (
            request(json!({"tenancy": "Dedicated", "dedicated_host_id": SERVER})),
            huawei(),
        ),
        (
            request(json!({"tenancy": "shared", "dedicated_host_id": SERVER})),
            huawei(),
        ),
        (
            request(json!({"dedicated_host_id": SERVER, "cluster_id": "x"})),
            huawei(),
        ),
    ]
}

/// A batch request (SPEC §9) with members replaced.
fn batch(changes: Value) -> Value {
    let mut r = json!({"protected_instances": {
        "server_group_id": GROUP, "servers": [{"server_id": SERVER}], "name_prefix": "web-dr"
    }});
    for (k, v) in changes.as_object().expect("an object") {
        r["protected_instances"][k] = v.clone();
    }
    r
}

fn batch_cases() -> Vec<(Value, Options)> {
    let six: Vec<Value> = (0..6)
        .map(|i| json!({"server_id": format!("403b603d-1d91-42cc-a357-{i:012x}")}))
        .collect();
    vec![
        (
            batch(json!({
                "servers": [{"server_id": SERVER}, {"server_id": SERVER}, {"server_id": ""}, 5,
                    {"server_id": 7}, {"flavorRef": "s3.large.2"}],
                "name_prefix": "p".repeat(60), "description": "d".repeat(65),
                "primary_ip_address": "192.168.0.5", "name": "web-01"
            })),
            Options::default(),
        ),
        (batch(json!({"servers": []})), Options::default()),
        (batch(json!({"name_prefix": "web dr"})), Options::default()),
        (
            batch(json!({"name_prefix": "web dr"})),
            options(json!({"platform": "huawei"})),
        ),
        (batch(json!({ "servers": six })), Options::default()),
        (
            batch(json!({"name_prefix": "db"})),
            options(json!({"policy": {"name_pattern": "^web-"}})),
        ),
    ]
}

fn context_cases() -> Vec<(Value, Options)> {
    let r = || request(json!({}));
    vec![
        (
            request(json!({"server_group_id": SUBNET})),
            context("", json!({})),
        ),
        (
            r(),
            context("protection_groups", json!({"status": "error"})),
        ),
        (
            request(json!({"server_id": SUBNET})),
            context("", json!({})),
        ),
        (
            r(),
            context(
                "servers",
                json!({"status": "ERROR", "protected_instance_id": "pi-1", "vpc_id": "vpc-2",
                    "availability_zone": "eu-de-02", "shared_disk": true, "dedicated_host": true,
                    "os_type": "Windows", "key_name": "gone", "autoscaling_group_id": "as-1",
                    "flavor": "s3.xlarge.2"}),
            ),
        ),
        (
            request(json!({"primary_subnet_id": SERVER})),
            context("", json!({})),
        ),
        (r(), context("subnets", json!({"vpc_id": "vpc-9"}))),
        (
            request(json!({"primary_ip_address": "10.1.1.5"})),
            context("", json!({})),
        ),
        (
            request(json!({"primary_ip_address": "192.168.0.1"})),
            context("", json!({})),
        ),
        (
            request(json!({"primary_ip_address": "192.168.0.10"})),
            context("", json!({})),
        ),
        (
            request(json!({"flavorRef": "c4.large.2"})),
            context("", json!({})),
        ),
        (
            request(json!({"flavorRef": "s3.medium.2"})),
            context("servers", json!({"flavor": "s3.large.4"})),
        ),
        // The server's own flavor is known by what the context lists only.
        (
            request(json!({"flavorRef": "s3.medium.2"})),
            options(
                json!({"context": {"servers": [{"id": SERVER, "flavor": "custom-4"}],
                "flavors": [{"id": "s3.medium.2"}, {"id": "custom-4", "vcpus": 4}]}}),
            ),
        ),
        (
            request(json!({"flavorRef": "s3.medium.2"})),
            options(
                json!({"context": {"servers": [{"id": SERVER, "flavor": "custom-4"}],
                "flavors": [{"id": "s3.medium.2"}, {"id": "custom-4", "ram": 16384}]}}),
            ),
        ),
        (
            request(
                json!({"name": "Web", "tags": [{"key": "costcenter", "value": "9"},
                {"key": "env", "value": "qa"}]}),
            ),
            options(json!({"policy": {
                "tags": {"costcenter": {"tag_key": {"@@assign": "CostCenter"},
                    "tag_value": {"@@assign": ["1*"]}},
                    "env": {"tag_value": {"@@assign": ["prod"]}}},
                "required_tags": ["CostCenter", "owner"],
                "name_pattern": "[a-z]+-(prod|dev)"}})),
        ),
    ]
}

/// Every diagnostic of the corpus, in every language it was linted in.
fn corpus(locale: Locale) -> Vec<Report> {
    let with_locale = |mut o: Options| {
        o.locale = locale;
        o
    };
    let mut reports: Vec<Report> = text_cases()
        .into_iter()
        .map(|(text, o)| crate::lint_str(&text, &with_locale(o)))
        .collect();
    reports.push(crate::lint_bytes(
        b"{\"a\": \"\xff\"}",
        &with_locale(Options::default()),
    ));
    let cases = value_cases()
        .into_iter()
        .chain(context_cases())
        .chain(batch_cases());
    for (value, o) in cases {
        reports.push(crate::lint_value(&value, &with_locale(o)));
    }
    let request = request(json!({"primary_ip_address": "192.168.0.5"}));
    let plain = with_locale(Options::default());
    let mut plan = crate::Plan::new(&plain);
    plan.lint_labeled((&request).into(), "a.json");
    reports.push(plan.lint((&request).into()));
    let mut plan = crate::Plan::new(&plain);
    plan.lint((&request).into());
    reports.push(plan.lint((&request).into()));
    // The kind terraform asked for, and no plan given.
    let terraform = with_locale(options(json!({"kind": "terraform"})));
    reports.push(crate::lint_str("{}", &terraform));
    let capped = with_locale(options(json!({"max_diagnostics": 1})));
    reports.push(crate::lint_value(&request_with_two_problems(), &capped));
    // A root JSON cannot hold, and one too large to read, as only
    // JavaScript can hand in.
    for what in ["undefined", "too-many-values"] {
        let mut builder = Builder::new("", false);
        builder.owned(Scalar::Foreign, Span::default(), what);
        reports.push(crate::lint_document(&builder.finish(), &plain));
    }
    // A member whose name holds a lone surrogate, as pkg/src/api.js writes
    // it: its name escaped, the mark as its value.
    let text = "{\"protected_instance\": {\"x\\\\ud800\": \u{1}\"lone-surrogate-key\"}}";
    let document = crate::source::parse_with(text, false, true).unwrap();
    reports.push(crate::lint_document(&document, &plain));
    // JavaScript strings that are not well-formed, arguments that are not text.
    let text = "{\"a\": \"\u{fffd}\"}";
    let unit = crate::OffsetUnit::Utf16;
    let error = crate::source::lone_surrogate(text, 7, 0xdc00);
    reports.push(crate::lint_unreadable(&error, Some(text), &plain, unit));
    let error = crate::source::not_text("number");
    reports.push(crate::lint_unreadable(&error, None, &plain, unit));
    reports
}

fn request_with_two_problems() -> Value {
    request(json!({"name": "a b", "flavorRef": "x"}))
}

#[test]
fn the_corpus_reaches_every_message() {
    let mut seen = BTreeSet::new();
    for report in corpus(Locale::En) {
        for d in &report.diagnostics {
            seen.insert(key(d.code, d.variant));
        }
    }
    let [messages, _, _, _] = english();
    let missing: Vec<String> = messages
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| !seen.contains(k))
        .collect();
    assert!(missing.is_empty(), "no corpus case for {missing:?}");
}

/// A different value of the same kind, to see whether a message shows it.
fn changed(value: &Param) -> Param {
    match value {
        Param::Null => Param::Null,
        Param::Count(n) => Param::Count(n + 7919),
        Param::Text(_) => Param::Text("zqx".into()),
        Param::Texts(list) => Param::Texts(list.iter().map(|_| "Q".to_string()).collect()),
        Param::Names(list) => Param::Texts(list.iter().map(|_| "Q".to_string()).collect()),
    }
}

#[test]
fn every_message_in_every_language_states_every_param() {
    for locale in Locale::ALL {
        for report in corpus(locale) {
            for d in &report.diagnostics {
                assert!(
                    !d.message.contains(key_not_found()),
                    "{} {}: no message",
                    locale.as_str(),
                    d.code
                );
                let rule = crate::rules::find(d.code).unwrap();
                let message = |params: &Params| {
                    message(
                        locale,
                        (d.code, d.variant),
                        rule.message(d.variant),
                        params,
                        &[],
                    )
                };
                assert_eq!(d.message, message(&d.params), "rendered again");
                for (name, value) in d.params.iter() {
                    let mut other = d.params.clone();
                    other.insert(name, changed(value));
                    if matches!(value, Param::Null) {
                        continue;
                    }
                    assert_ne!(
                        message(&other),
                        d.message,
                        "{} {} ({:?}) does not state {name}",
                        locale.as_str(),
                        d.code,
                        d.variant
                    );
                }
                if let Some(fix) = &d.fix {
                    assert!(!fix.description.contains(key_not_found()), "{}", d.code);
                    assert_eq!(Some(fix.applicability), rule.fix, "{}", d.code);
                }
            }
        }
    }
}

#[test]
fn messages_are_in_their_language() {
    let de = corpus(Locale::De);
    let zh = corpus(Locale::Zh);
    let en = corpus(Locale::En);
    for ((en, de), zh) in en.iter().zip(&de).zip(&zh) {
        for ((e, d), z) in en
            .diagnostics
            .iter()
            .zip(&de.diagnostics)
            .zip(&zh.diagnostics)
        {
            assert_eq!(
                (e.code, &e.path),
                (d.code, &d.path),
                "codes and paths never change"
            );
            assert_eq!((e.code, &e.path), (z.code, &z.path));
            assert_ne!(e.message, d.message, "{} has no German message", e.code);
            assert_ne!(e.message, z.message, "{} has no Chinese message", e.code);
        }
    }
}

#[test]
fn member_names_follow_the_resource_outside_placeholders() {
    let names = [
        ("primary_subnet_id", "subnet_id"),
        ("primary_ip_address", "ip_address"),
    ];
    assert_eq!(
        renamed(
            "{primary_subnet_id:q} needs primary_subnet_id, not primary_subnet_ids or xprimary_ip_address; primary_ip_address.",
            &names
        ),
        "{primary_subnet_id:q} needs subnet_id, not primary_subnet_ids or xprimary_ip_address; ip_address."
    );
    assert!(matches!(
        renamed("no member here", &names),
        Cow::Borrowed(_)
    ));
    assert_eq!(
        renamed(
            "Unzulässige primary_subnet_id für 主网卡primary_ip_address",
            &names
        ),
        "Unzulässige subnet_id für 主网卡ip_address"
    );
}
