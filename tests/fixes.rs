//! Fixes: a fix's text edits and its JSON Patch make the same change, and
//! applying the fixes of random broken requests keeps its promises: no
//! safe-fixable diagnostic is left, no new error appears, applying again
//! changes nothing, and the text outside the fixed tokens is the user's own.

use sdrs_lint::{fix_str, lint_str, Applicability, Options, Severity};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A small deterministic generator (xorshift): the same requests every run.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize].clone()
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Each member with good and broken values, fixable ones among them.
fn member_values(field: &str) -> Vec<Value> {
    match field {
        "server_group_id" => vec![
            json!("523ab8ad-3759-4933-9436-4cf4ebb20867"),
            json!("523AB8AD-3759-4933-9436-4CF4EBB20867"),
            json!("0000000062db92d70162db9d200f00bb"),
            json!("x"),
        ],
        "server_id" => vec![
            json!("403b603d-1d91-42cc-a357-81f3c2daf43f"),
            json!("403B603D-1D91-42CC-A357-81F3C2DAF43F"),
            json!(5),
        ],
        "name" => vec![
            json!("web-01"),
            json!("web 01"),
            json!("n".repeat(70)),
            json!("数据 库"),
            json!("a\u{200b}b"),
            json!(""),
        ],
        "description" => vec![
            json!("frontend"),
            json!("<b>bold</b>"),
            json!(null),
            json!("中".repeat(30)),
        ],
        "primary_subnet_id" => vec![
            json!("a32217fb-3413-c313-6342-3124d3491502"),
            json!(null),
            json!(""),
        ],
        "primary_ip_address" => vec![
            json!("192.168.0.5"),
            json!("192.168.0.05"),
            json!("10.0.0.1"),
        ],
        "flavorRef" => vec![
            json!("s3.large.2"),
            json!("S3.LARGE.2"),
            json!("s3.large.2.linux"),
            json!(null),
        ],
        _ => vec![json!(1)],
    }
}

fn tags(random: &mut Random) -> Value {
    let keys = ["env", "env ", "Env", " owner", "team/app", "_sys_x", "app"];
    let values = ["prod", "staging ", "a=b", ""];
    let n = random.next() % 4;
    (0..n)
        .map(|_| json!({"key": random.pick(&keys), "value": random.pick(&values)}))
        .collect()
}

/// A request with random members broken, written in a random layout.
fn broken_request(random: &mut Random) -> String {
    let mut instance = serde_json::Map::new();
    let mut fields = [
        "server_group_id",
        "server_id",
        "name",
        "description",
        "primary_subnet_id",
        "primary_ip_address",
        "flavorRef",
    ];
    // Any member first or last, where removing it meets a bracket.
    let first = (random.next() % fields.len() as u64) as usize;
    fields.rotate_left(first);
    for field in fields {
        if random.chance(85) {
            instance.insert(field.into(), random.pick(&member_values(field)));
        }
    }
    if random.chance(60) {
        instance.insert("tags".into(), tags(random));
    }
    // Misspelt members carry good values: renaming one hands its value to
    // the API's checks, which would report what was wrong with it all along.
    // Two of them can suggest one name.
    for _ in 0..2 {
        if random.chance(25) {
            let (from, value) = random.pick(&[
                ("flavor_ref", json!("s3.large.2")),
                ("flavorref", json!("s3.xlarge.2")),
                ("serverId", json!("9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60")),
                ("Name", json!("a")),
            ]);
            instance.insert(from.into(), value);
        }
    }
    // A member written twice, its earlier value another one (JSON keeps the
    // later): no fix may bring the earlier one back.
    let repeated = match instance.keys().next() {
        Some(_) if random.chance(25) => {
            let field = random.pick(&instance.keys().cloned().collect::<Vec<_>>());
            let earlier = match field.as_str() {
                "tags" => tags(random),
                _ => random.pick(&member_values(&field)),
            };
            Some(format!("{}: {earlier},", json!(field)))
        }
        _ => None,
    };
    let wrapped = random.chance(80);
    let body = if wrapped {
        json!({ "protected_instance": instance })
    } else {
        Value::Object(instance)
    };
    let mut text = if random.chance(50) {
        let pretty = serde_json::to_string_pretty(&body).unwrap();
        if random.chance(30) {
            comma_first(&pretty)
        } else {
            pretty
        }
    } else {
        serde_json::to_string(&body).unwrap()
    };
    if let Some(member) = repeated {
        let from = text
            .find("\"protected_instance\"")
            .filter(|_| wrapped)
            .unwrap_or(0);
        let at = from + text[from..].find('{').unwrap() + 1;
        text.insert_str(at, &member);
    }
    if random.chance(30) {
        text.replace('\n', "\r\n")
    } else {
        text
    }
}

/// Pretty text rewritten comma-first, as some people write JSON: the first
/// item on its bracket's line, each separator starting the next line
/// (`{ "a": 1\n  , "b": 2\n  }`). A pretty line ends in a comma only where
/// a separator stands, as strings hold their line breaks escaped.
fn comma_first(pretty: &str) -> String {
    let mut out = String::new();
    let mut comma = false;
    for line in pretty.split('\n') {
        let (body, separated) = match line.strip_suffix(',') {
            Some(body) => (body, true),
            None => (line, false),
        };
        let item = body.trim_start();
        if out.ends_with(['{', '[']) && !item.starts_with(['}', ']']) {
            out.push(' ');
        } else {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&body[..body.len() - item.len()]);
        }
        if comma {
            out.push_str(", ");
        }
        out.push_str(item);
        comma = separated;
    }
    out
}

/// Error codes and how many of each.
fn errors(text: &str) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for d in lint_str(text, &Options::default()).diagnostics {
        if d.severity == Severity::Error {
            *counts.entry(d.code).or_default() += 1;
        }
    }
    counts
}

#[test]
fn each_fix_edits_the_text_as_its_patch_edits_the_value() {
    let mut random = Random(0x5d25_1d1e_ed5e_ed01);
    let mut checked = 0;
    for _ in 0..400 {
        let text = broken_request(&mut random);
        let value: Value = serde_json::from_str(&text).unwrap();
        for d in lint_str(&text, &Options::default()).diagnostics {
            let Some(fix) = d.fix else { continue };
            let mut edited = text.clone();
            for edit in fix.edits.iter().rev() {
                edited.replace_range(edit.range.start.offset..edit.range.end.offset, &edit.text);
            }
            let edited: Value = serde_json::from_str(&edited)
                .unwrap_or_else(|e| panic!("{}: {e}\n{edited}", d.code));
            let patch: json_patch::Patch =
                serde_json::from_value(serde_json::to_value(&fix.patch).unwrap()).unwrap();
            let mut patched = value.clone();
            json_patch::patch(&mut patched, &patch).unwrap_or_else(|e| panic!("{}: {e}", d.code));
            assert_eq!(edited, patched, "{} on {text}", d.code);
            checked += 1;
        }
    }
    assert!(checked > 500, "{checked} fixes checked");
}

#[test]
fn applying_the_safe_fixes_keeps_its_promises() {
    let mut random = Random(0x0000_ddba_11c0_ffee);
    let options = Options::default();
    for _ in 0..400 {
        let text = broken_request(&mut random);
        let before = errors(&text);
        let fixed = fix_str(&text, &options, Applicability::Safe);
        // No safe-fixable diagnostic is left.
        let left: Vec<&str> = fixed
            .report
            .diagnostics
            .iter()
            .filter(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Safe)
            })
            .map(|d| d.code)
            .collect();
        assert!(left.is_empty(), "{left:?} left in {}", fixed.text);
        // No error the text did not have: at most as many of each code.
        for (code, n) in errors(&fixed.text) {
            assert!(
                n <= before.get(code).copied().unwrap_or(0),
                "{code} appeared in {}\nfrom {text}\n{:?}",
                fixed.text,
                fixed.applied
            );
        }
        // Applying again changes nothing.
        let again = fix_str(&fixed.text, &options, Applicability::Safe);
        assert_eq!(again.text, fixed.text);
        assert!(again.applied.is_empty());
        // The layout is the user's: line endings as they were, and no line
        // added (removing a member may remove its line).
        let crlf = |t: &str| t.matches("\r\n").count() == t.matches('\n').count();
        assert_eq!(crlf(&text), crlf(&fixed.text), "{}", fixed.text);
        assert!(fixed.text.matches('\n').count() <= text.matches('\n').count());
    }
}

#[test]
fn unsafe_fixes_too_leave_no_fixable_diagnostic() {
    let mut random = Random(0xfee1_600d_5eed_0003);
    for _ in 0..200 {
        let text = broken_request(&mut random);
        let fixed = fix_str(&text, &Options::default(), Applicability::Unsafe);
        let left: Vec<&str> = fixed
            .report
            .diagnostics
            .iter()
            .filter(|d| d.fix.is_some())
            .map(|d| d.code)
            .collect();
        assert!(left.is_empty(), "{left:?} left in {}", fixed.text);
        assert_eq!(
            fix_str(&fixed.text, &Options::default(), Applicability::Unsafe).text,
            fixed.text
        );
    }
}

#[test]
fn the_api_pages_example_changes_only_by_its_fixed_tokens() {
    // The example has no fixable finding: --fix changes nothing at all.
    let text = std::fs::read_to_string("examples/api-example.json").unwrap();
    let fixed = fix_str(&text, &Options::default(), Applicability::Unsafe);
    assert_eq!(fixed.text, text);
    // With an upper-case server ID and a space in the name, only those two
    // tokens change.
    let broken = text
        .replace(
            "403b603d-1d91-42cc-a357-81f3c2daf43f",
            "403B603D-1D91-42CC-A357-81F3C2DAF43F",
        )
        .replace("test_protected_instance_name", "test protected");
    let fixed = fix_str(&broken, &Options::default(), Applicability::Unsafe);
    let expected = text.replace("test_protected_instance_name", "test-protected");
    assert_eq!(fixed.text, expected);
}

/// A request with the IDs the API requires and `members` after them.
fn request(members: &str) -> String {
    format!(
        "{{\"protected_instance\": {{\"server_group_id\": \"523ab8ad-3759-4933-9436-4cf4ebb20867\", \
         \"server_id\": \"403b603d-1d91-42cc-a357-81f3c2daf43f\", \"name\": \"web-01\", {members}}}}}"
    )
}

fn codes_of(report: &sdrs_lint::Report) -> Vec<&'static str> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

fn with_policy(policy: Value) -> Options {
    Options {
        policy: Some(std::sync::Arc::new(
            sdrs_lint::Policy::from_value(&policy).unwrap(),
        )),
        ..Options::default()
    }
}

#[test]
fn removing_a_repeated_member_removes_every_occurrence() {
    let text = request(
        r#""description": "<script>", "description": null, "tags": [{"key": "a", "value": "b"}], "tags": []"#,
    );
    let fixed = fix_str(&text, &Options::default(), Applicability::Safe);
    assert_eq!(fixed.text, request("").replace(", }}", "}}"));
    assert!(fixed.report.diagnostics.is_empty(), "{:?}", fixed.report);
}

#[test]
fn renames_never_make_a_repeated_key() {
    // Two misspellings of flavorRef: one is renamed, the other is left.
    let text = request(r#""flavor_ref": "s3.large.2", "flavorref": "s3.xlarge.2""#);
    let fixed = fix_str(&text, &Options::default(), Applicability::Safe);
    assert_eq!(
        fixed.text,
        request(r#""flavorRef": "s3.large.2", "flavorref": "s3.xlarge.2""#)
    );
    assert_eq!(errors(&fixed.text), BTreeMap::new());
    // The last of a repeated misspelling is not renamed (the earlier one
    // would stay, still misspelt).
    let text = request(r#""flavor_ref": "s3.large.2", "flavor_ref": "s3.xlarge.2""#);
    let fixed = fix_str(&text, &Options::default(), Applicability::Safe);
    assert_eq!(fixed.text, text);
    // Two spellings of a policy's key: neither is renamed onto it.
    let options =
        with_policy(json!({"tags": {"costcenter": {"tag_key": {"@@assign": "CostCenter"}}}}));
    let text = request(
        r#""tags": [{"key": "costcenter", "value": "1"}, {"key": "COSTCENTER", "value": "2"}]"#,
    );
    let report = lint_str(&text, &options);
    let cases: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "policy-tag-key-case")
        .collect();
    assert_eq!(cases.len(), 2);
    assert!(cases.iter().all(|d| d.fix.is_none()));
    // One spelling alone is renamed.
    let text = request(r#""tags": [{"key": "costcenter", "value": "1"}]"#);
    let fixed = fix_str(&text, &options, Applicability::Safe);
    assert!(
        fixed.text.contains(r#""key": "CostCenter""#),
        "{}",
        fixed.text
    );
}

#[test]
fn a_required_tag_goes_in_place_of_null_tags() {
    let options = with_policy(json!({"required_tags": ["owner"]}));
    let text = request(r#""tags": null"#);
    let report = lint_str(&text, &options);
    let missing = report
        .diagnostics
        .iter()
        .find(|d| d.code == "policy-tag-missing")
        .unwrap();
    let edits = &missing.fix.as_ref().unwrap().edits;
    assert_eq!(edits.len(), 1);
    assert_eq!(
        &text[edits[0].range.start.offset..edits[0].range.end.offset],
        "null"
    );
    assert_eq!(edits[0].text, r#"[{"key": "owner", "value": ""}]"#);
    let fixed = fix_str(&text, &options, Applicability::Unsafe);
    assert_eq!(fixed.text.matches("\"tags\"").count(), 1, "{}", fixed.text);
    assert!(!fixed
        .report
        .diagnostics
        .iter()
        .any(|d| d.code == "duplicate-key"));
}

#[test]
fn a_fixed_string_keeps_the_escapes_of_what_it_keeps() {
    let text = request(
        r#""description": "\ud83d\udcbe <b>\u00e9\/x", "tags": [{"key": "\u00e9 k ", "value": "v"}]"#,
    );
    let fixed = fix_str(&text, &Options::default(), Applicability::Unsafe);
    assert_eq!(
        fixed.text,
        request(
            r#""description": "\ud83d\udcbe b\u00e9\/x", "tags": [{"key": "\u00e9 k", "value": "v"}]"#
        )
    );
}

#[test]
fn removing_a_member_never_joins_its_neighbours_lines() {
    let text = "{\"protected_instance\": {\r\n\t\t\"server_group_id\": \"523ab8ad-3759-4933-9436-4cf4ebb20867\",\r\n\t\t\"server_id\": \"403b603d-1d91-42cc-a357-81f3c2daf43f\",\r\n\t\t\"name\": \"x\", \"description\": null,\r\n\t\t\"flavorRef\": \"s3.large.2\"\r\n}}";
    let fixed = fix_str(text, &Options::default(), Applicability::Safe);
    assert_eq!(fixed.text, text.replace(", \"description\": null", ""));
}

#[test]
fn fixes_go_past_the_reports_cap() {
    let tags: Vec<String> = (0..100)
        .map(|i| format!("{{\"key\": \" k{i}\", \"value\": \"v\"}}"))
        .collect();
    let text = request(&format!("\"tags\": [{}]", tags.join(", ")));
    let options = Options {
        max_diagnostics: 5,
        ..Options::default()
    };
    let fixed = fix_str(&text, &options, Applicability::Safe);
    assert_eq!(fixed.applied.len(), 100);
    assert!(!fixed.text.contains("\" k"));
    assert_eq!(codes_of(&fixed.report), ["tags-too-many"]);
}

/// The IDs the API requires, as members.
const IDS: &str = r#""server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f""#;

#[test]
fn fixes_that_meet_in_the_value_wait_for_each_other() {
    // A rename to `tags` and a required tag added as a new `tags`: the
    // rename first, then the tag goes into the renamed list.
    let options = with_policy(json!({"required_tags": ["owner", "team"]}));
    let text = format!(
        r#"{{"protected_instance": {{{IDS}, "name": "n", "Tags": [{{"key": "owner", "value": "me"}}]}}}}"#
    );
    let fixed = fix_str(&text, &options, Applicability::Unsafe);
    assert_eq!(
        fixed.text,
        format!(
            r#"{{"protected_instance": {{{IDS}, "name": "n", "tags": [{{"key": "owner", "value": "me"}}, {{"key": "team", "value": ""}}]}}}}"#
        )
    );
    // The wrapper and a misspelt wrapper at the root: a misspelt wrapper
    // that holds the instance is renamed, not wrapped in another.
    let text = format!(r#"{{"protected_instnace": {{{IDS}, "name": "n"}}, "name": "x"}}"#);
    let fixed = fix_str(&text, &Options::default(), Applicability::Safe);
    assert_eq!(
        fixed.text,
        format!(r#"{{"protected_instance": {{{IDS}, "name": "n"}}, "name": "x"}}"#)
    );
    // An empty one beside the instance's members: the root is wrapped, once.
    let text = format!(r#"{{{IDS}, "name": "n", "protected_instnace": {{}}}}"#);
    let fixed = fix_str(&text, &Options::default(), Applicability::Safe);
    assert_eq!(
        fixed.text,
        format!(r#"{{"protected_instance": {{{IDS}, "name": "n", "protected_instnace": {{}}}}}}"#)
    );
    assert_eq!(errors(&fixed.text), BTreeMap::new());
}

#[test]
fn removals_keep_the_line_breaks_around_them() {
    let fix = |text: String| fix_str(&text, &Options::default(), Applicability::Unsafe).text;
    // The first member, on the bracket's line.
    assert_eq!(
        fix(format!(
            "{{\"protected_instance\": {{\"tags\": null,\n{IDS}, \"name\": \"n\"}}}}"
        )),
        format!("{{\"protected_instance\": {{\n{IDS}, \"name\": \"n\"}}}}")
    );
    // The last member, on the closing bracket's line.
    assert_eq!(
        fix(format!(
            "{{\"protected_instance\": {{{IDS}, \"name\": \"n\",\n\"tags\": null}}}}"
        )),
        format!("{{\"protected_instance\": {{{IDS}, \"name\": \"n\"\n}}}}")
    );
    // The last tag, on the closing bracket's line.
    let tag = r#"{"key": "a", "value": "b"}"#;
    assert_eq!(
        fix(request(&format!("\"tags\": [\n{tag},\n{tag}]"))),
        request(&format!("\"tags\": [\n{tag}\n]"))
    );
}

#[test]
fn replaced_characters_leave_the_others_spelt_as_they_were() {
    // ' ' and '/' are not allowed in a name: each becomes '-', and the
    // escaped 'a' stays escaped.
    let text = format!(r#"{{"protected_instance": {{{IDS}, "name": "\u0061 b\/c"}}}}"#);
    let fixed = fix_str(&text, &Options::default(), Applicability::Unsafe);
    assert_eq!(
        fixed.text,
        format!(r#"{{"protected_instance": {{{IDS}, "name": "\u0061-b-c"}}}}"#)
    );
}
