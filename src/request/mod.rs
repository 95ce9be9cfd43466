//! Request kinds as data: each call that creates protected instances is
//! described once (its wrapper, its members with their types, presence,
//! platforms, limits and the rule families that check each of them), and
//! everything else comes from that description: the structure checks
//! (unknown, misspelt, missing, wrong type, wrapper), the typed field index
//! the rules read, the JSON Schema export, the field lists the package
//! hands to a console, and whether a JSON document is a request at all.
//!
//! Rules never look a member up by its name: they ask an [`Instance`] for
//! a [`Role`], what the member means, so that a kind which spells it
//! otherwise (a Terraform argument) or nests it (the batch call's servers)
//! is checked by the same rules.

pub mod batch;
mod found;
pub mod single;

pub use found::{find, is_request, is_request_root, Choice, Found};

use crate::document::Node;
use crate::engine::{At, Checker};
use crate::platform::Platform;
use crate::pointer::Pointer;
use crate::rules::Rule;

/// What a member means, whatever a kind calls it: the API's vocabulary
/// (SPEC §1, §7), one word per meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    ServerGroup,
    Server,
    Name,
    Description,
    Subnet,
    Address,
    Flavor,
    Tags,
    Cluster,
    Tenancy,
    DedicatedHost,
    TagKey,
    TagValue,
    NamePrefix,
    Servers,
}

impl Role {
    /// Every role, in this order (an index into [`Instance`]'s values).
    pub const ALL: [Role; 15] = [
        Role::ServerGroup,
        Role::Server,
        Role::Name,
        Role::Description,
        Role::Subnet,
        Role::Address,
        Role::Flavor,
        Role::Tags,
        Role::Cluster,
        Role::Tenancy,
        Role::DedicatedHost,
        Role::TagKey,
        Role::TagValue,
        Role::NamePrefix,
        Role::Servers,
    ];

    fn index(self) -> usize {
        self as usize
    }

    /// Its name in the catalogues' labels (`member.<name>`: its display
    /// name) and in the package's field lists.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::ServerGroup => "server-group",
            Role::Server => "server",
            Role::Name => "name",
            Role::Description => "description",
            Role::Subnet => "subnet",
            Role::Address => "address",
            Role::Flavor => "flavor",
            Role::Tags => "tags",
            Role::Cluster => "cluster",
            Role::Tenancy => "tenancy",
            Role::DedicatedHost => "dedicated-host",
            Role::TagKey => "tag-key",
            Role::TagValue => "tag-value",
            Role::NamePrefix => "name-prefix",
            Role::Servers => "servers",
        }
    }
}

impl Role {
    /// The part of a context (SPEC §4) that lists what the member names,
    /// where a console picks its value.
    pub fn listing(self) -> Option<&'static str> {
        match self {
            Role::ServerGroup => Some("protection_groups"),
            Role::Server => Some("servers"),
            Role::Subnet => Some("subnets"),
            Role::Flavor => Some("flavors"),
            _ => None,
        }
    }
}

/// What a member's value must be.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// A JSON string.
    Text,
    /// An array of objects, each with the item's members.
    List(&'static Item),
    /// An object whose members are the items, each key the item's first
    /// member and its value the second (a Terraform `tags` map).
    Map(&'static Item),
}

impl Shape {
    /// The JSON type a value of this shape has (`type-mismatch`'s
    /// `expected`).
    pub fn json_type(self) -> &'static str {
        match self {
            Shape::Text => "string",
            Shape::List(_) => "array",
            Shape::Map(_) => "object",
        }
    }
}

/// The objects of a list member.
#[derive(Debug)]
pub struct Item {
    /// The message variants of the structure findings about an element
    /// (its messages name the element: "tag 2").
    pub variants: ItemVariants,
    pub members: &'static [Member],
    /// Other names of the element's members (what Terraform and the SDKs
    /// call them): a misspelling that stands for one, as the kinds' own.
    pub aliases: &'static [(&'static str, &'static str)],
}

/// The `variant`s of an element's structure findings.
#[derive(Debug)]
pub struct ItemVariants {
    /// The element itself is not an object, or lacks a member, or a member
    /// is `""`.
    pub item: &'static str,
    /// A member of the element has the wrong type.
    pub member: &'static str,
    /// A member of the element is only white space.
    pub blank: &'static str,
}

/// How a length limit counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// UTF-8 bytes (the single call's name and description).
    Bytes,
    /// Unicode scalar values.
    Chars,
    /// A list's elements.
    Items,
    /// A list's elements by default: a quota can raise the limit, so more
    /// is a warning, not a schema's `maxItems`.
    QuotaItems,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Bytes => "bytes",
            Unit::Chars => "chars",
            Unit::Items | Unit::QuotaItems => "items",
        }
    }

    /// The length of a text in this unit.
    pub fn measure(self, text: &str) -> usize {
        match self {
            Unit::Bytes => text.len(),
            Unit::Chars | Unit::Items | Unit::QuotaItems => crate::text::char_count(text),
        }
    }
}

/// A member's length limit (items for a list) and the source that sets it.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub max: usize,
    pub unit: Unit,
}

/// The shape a string member's text must have, for the JSON Schema export
/// (the rules check the same in code; `tests/request_schema.rs` compares
/// the two character by character).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// 8-4-4-4-12 hexadecimal digits (`id-format`).
    Uuid,
    /// A UUID or 32 hexadecimal digits (a protection group's ID).
    UuidOrHex32,
    /// `A-Z a-z 0-9 . _ -`, on Huawei Cloud Chinese characters too.
    Name,
    /// No `<` or `>`.
    NoAngleBrackets,
    /// A canonical dotted quad.
    Ipv4,
    /// An ECS flavor name.
    Flavor,
    /// Not only white space, and none of `* < > \ = , | /` or a control.
    TagKey,
    /// None of `* < > \ = , | /` or a control.
    TagValue,
    /// One of the member's `choices`.
    Choice,
}

/// A rule family's check of one member's value.
pub type Check = for<'c, 'd, 'i> fn(&mut Checker<'c>, &Field<'d, 'i>);

/// One member of a kind's object (or of a list's items).
#[derive(Debug)]
pub struct Member {
    pub role: Role,
    /// Its name in the JSON.
    pub key: &'static str,
    pub shape: Shape,
    pub required: bool,
    /// `""` is `empty-value` (a tag key: empty once trimmed).
    pub non_empty: bool,
    /// The platforms whose call has it; elsewhere it is `unknown-field`.
    pub platforms: &'static [Platform],
    pub limit: Option<Limit>,
    pub pattern: Option<Pattern>,
    /// The values it may have, where the API lists them.
    pub choices: &'static [&'static str],
    /// Another member it needs beside it, and the value that one must have
    /// where any will not do (the schema's `dependentRequired` and
    /// `dependentSchemas`; the rules that say so are the member's checks).
    pub requires: Option<(Role, Option<&'static str>)>,
    /// The service's error code for a value it refuses.
    pub api_code: Option<&'static str>,
    /// Not a member of the call, but known, so that its own rule says why
    /// (the batch call's address) rather than `unknown-field`; left out of
    /// the schema and the field lists.
    pub refused: bool,
    /// What it is, in one English sentence with its limits and their
    /// source (the schema's `description`, an editor's hover); empty in a
    /// build without `forms` and `schema`, which never shows it (see
    /// [`about`]).
    pub about: &'static str,
    /// The rule families that check its value, in order.
    pub checks: &'static [Check],
}

/// A member's sentence, in a build that shows it (kinds() and the schema;
/// the npm package's core browser module leaves the text out, as the
/// `docs` feature does the rules' documentation).
pub const fn about(text: &'static str) -> &'static str {
    if cfg!(any(feature = "forms", feature = "schema")) {
        text
    } else {
        ""
    }
}

impl Member {
    /// What the member is, in a language: English as written here, the
    /// others from their catalogues' `about.KIND.ROLE` (only a build with
    /// the documentation carries them; English without).
    pub fn about_in(
        &self,
        kind: &Kind,
        locale: crate::messages::Locale,
    ) -> std::borrow::Cow<'static, str> {
        let key = format!("{}.{}", kind.name, self.role.as_str());
        match crate::messages::label(locale, "about", &key) {
            Some(text) if locale != crate::messages::Locale::En => text.into(),
            _ => self.about.into(),
        }
    }

    /// Whether the member is part of the call on `platform`.
    pub fn on(&self, platform: Platform) -> bool {
        self.platforms.contains(&platform)
    }

    /// Whether a request may carry it on `platform` (the schema's and the
    /// field lists' members).
    pub fn accepted_on(&self, platform: Platform) -> bool {
        self.on(platform) && !self.refused
    }
}

/// The names a request makes its protected instances with, for the plan
/// rules and an organization's naming pattern.
#[derive(Clone, Copy, Debug)]
pub struct Names<'d> {
    /// The member they come from, where a finding about them points.
    pub role: Role,
    pub node: Node<'d>,
    pub text: &'d str,
    /// `Some(n)`: the service makes `text-0001` … `text-000n` (a batch's
    /// prefix); `None`: `text` itself.
    pub numbered: Option<usize>,
}

impl Names<'_> {
    /// Every name, in order.
    pub fn each(&self) -> Vec<String> {
        match self.numbered {
            None => vec![self.text.to_string()],
            Some(n) => (1..=n).map(|i| format!("{}-{i:04}", self.text)).collect(),
        }
    }

    /// The first name the service makes.
    pub fn first(&self) -> String {
        match self.numbered {
            None => self.text.to_string(),
            Some(_) => format!("{}-0001", self.text),
        }
    }
}

/// A call that creates protected instances, described once.
#[derive(Debug)]
pub struct Kind {
    /// `single`, `batch`: the value of the `kind` option and of a report's
    /// `kind`.
    pub name: &'static str,
    /// The HTTP call, as its API page gives it.
    pub call: &'static str,
    pub wrapper: &'static str,
    pub members: &'static [Member],
    /// Members only this kind's requests have: one of them at a root
    /// without the wrapper makes it this kind's request (`missing-wrapper`).
    pub marks: &'static [&'static str],
    /// Names that Terraform providers and SDKs give members, with the name
    /// of the member they stand for.
    pub aliases: &'static [(&'static str, &'static str)],
    /// Members of another kind that mean one of this kind's: suggested by
    /// `unknown-field`, not taken for a misspelling (the value is another
    /// call's, not a typo of this one's).
    pub hints: &'static [(&'static str, &'static str)],
    /// The names the request makes.
    pub names: for<'d> fn(&Instance<'d>) -> Option<Names<'d>>,
    /// Members not described are the source's own business, not
    /// `unknown-field` (a Terraform resource's other arguments).
    pub open: bool,
    /// An optional member that is `null` or `""` is not sent (the SDKs omit
    /// empty optionals): absent, not `null-value` or `empty-value`.
    pub omits_empty: bool,
    /// Rules of the catalogue that do not apply to this kind.
    pub excluded: &'static [&'static Rule],
}

impl Kind {
    /// The members on `platform`, in the API's order.
    pub fn members_on(&self, platform: Platform) -> impl Iterator<Item = &'static Member> {
        self.members.iter().filter(move |m| m.on(platform))
    }

    /// The member with this key, on any platform.
    pub fn member(&self, key: &str) -> Option<&'static Member> {
        self.members.iter().find(|m| m.key == key)
    }
}

/// Every kind, in the order a root without a wrapper is tried against
/// their marks in reverse (a later kind's marks are the more specific).
pub static KINDS: &[&Kind] = &[&single::SINGLE, &batch::BATCH];

/// The kind with this name.
pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().copied().find(|k| k.name == name)
}

/// What a request says about a member, as far as it is known before it is
/// sent.
#[derive(Clone, Copy, Debug)]
enum Slot<'d> {
    Absent,
    Known(Node<'d>),
    /// Known after apply (a Terraform plan): not missing, not checked. For
    /// the pre-flight rules, the ID of what the configuration says will
    /// produce it, where the plan knows that.
    Unknown(Option<&'d str>),
}

/// An ID a pre-flight or plan rule asks about, and where a finding about it
/// points: its value, or for a value known after apply, the enclosing
/// object's brace as for a missing member.
#[derive(Clone, Copy, Debug)]
pub struct Named<'d> {
    pub text: &'d str,
    pub at: At<'d>,
    pub member: &'static Member,
}

/// A request's object, as the rules see it: its kind, where it is, and the
/// value of each member by role (the last of a repeated key), found in one
/// pass over its members.
#[derive(Clone, Copy, Debug)]
pub struct Instance<'d> {
    pub kind: &'static Kind,
    pub platform: Platform,
    pub node: Node<'d>,
    /// Its own pointer: `/protected_instance`, or `""` at the root.
    pub pointer: Pointer<'d>,
    slots: [Slot<'d>; Role::ALL.len()],
    /// The roles a misspelt member stands for, a bit each.
    misspelt: u32,
    /// Entries of its map member (Terraform's `tags`) whose values are
    /// known only after apply: not in the value, yet sent.
    pending_entries: u32,
}

impl<'d> Instance<'d> {
    pub fn new(
        kind: &'static Kind,
        platform: Platform,
        node: Node<'d>,
        pointer: Pointer<'d>,
    ) -> Self {
        let mut slots = [Slot::Absent; Role::ALL.len()];
        for m in node.members().into_iter().flatten() {
            let Some(member) = kind
                .members
                .iter()
                .find(|s| s.key == m.key && s.on(platform))
            else {
                continue;
            };
            // What the SDKs omit is not sent: absent, not empty or null.
            let omitted = kind.omits_empty
                && !member.required
                && (m.value.is_null() || m.value.as_str() == Some(""));
            slots[member.role.index()] = match omitted {
                true => Slot::Absent,
                false => Slot::Known(m.value),
            };
        }
        Instance {
            kind,
            platform,
            node,
            pointer,
            slots,
            misspelt: 0,
            pending_entries: 0,
        }
    }

    /// Entries of the map member that are known only after apply.
    pub fn pending_entries(&self) -> usize {
        self.pending_entries as usize
    }

    /// Records entries of the map member known only after apply.
    pub fn set_pending_entries(&mut self, count: usize) {
        self.pending_entries = u32::try_from(count).unwrap_or(u32::MAX);
    }

    /// Whether this instance is the document's root (its wrapper missing).
    pub fn is_root(&self) -> bool {
        self.pointer.is_root()
    }

    /// A member's value (the last one of repeated keys).
    pub fn get(&self, role: Role) -> Option<Node<'d>> {
        match self.slots[role.index()] {
            Slot::Known(node) => Some(node),
            _ => None,
        }
    }

    /// A member's value when it is a string.
    pub fn string(&self, role: Role) -> Option<(&'d str, Node<'d>)> {
        let node = self.get(role)?;
        Some((node.as_str()?, node))
    }

    /// A member's value when it is a non-empty string: what the context and
    /// the other requests of a plan can be asked about (anything else
    /// already has a presence error).
    pub fn non_empty(&self, role: Role) -> Option<(&'d str, Node<'d>)> {
        self.string(role).filter(|(text, _)| !text.is_empty())
    }

    /// Whether the member's value is known only after apply.
    pub fn unknown(&self, role: Role) -> bool {
        matches!(self.slots[role.index()], Slot::Unknown(_))
    }

    /// Records that the member's value is known only after apply, and the
    /// ID of what will produce it, where known.
    pub fn set_unknown(&mut self, role: Role, referent: Option<&'d str>) {
        self.slots[role.index()] = Slot::Unknown(referent);
    }

    /// The ID the request names for this role, and where a finding about
    /// it points: what a pre-flight or plan rule can ask about.
    pub fn named(&self, role: Role) -> Option<Named<'d>> {
        let member = self.member(role)?;
        let pointer = self.pointer(role);
        match self.slots[role.index()] {
            Slot::Known(node) => Some(Named {
                text: node.as_str().filter(|t| !t.is_empty())?,
                at: At::value(pointer, node),
                member,
            }),
            Slot::Unknown(Some(referent)) => Some(Named {
                text: referent,
                at: At::missing(pointer, self.node),
                member,
            }),
            _ => None,
        }
    }

    /// The description of the member with this role in this kind.
    pub fn member(&self, role: Role) -> Option<&'static Member> {
        self.kind.members.iter().find(|m| m.role == role)
    }

    /// Where the member with this role is, or would be.
    pub fn pointer(&self, role: Role) -> Pointer<'d> {
        let key = self.member(role).map_or("", |m| m.key);
        self.pointer.key(key)
    }

    /// Whether a misspelt member stands for this absent one
    /// (`misspelled-field`): its absence is that one finding.
    pub fn misspelt(&self, role: Role) -> bool {
        self.misspelt & (1 << role.index()) != 0
    }

    /// Records that a misspelt member stands for the member with this role.
    pub fn set_misspelt(&mut self, role: Role) {
        self.misspelt |= 1 << role.index();
    }

    /// What the request protects: each object that names a production
    /// server (the instance itself, or each element of a list whose items
    /// have a server), with its server and DR site flavor.
    ///
    /// An iterator, not a list: a batch of a million servers is walked,
    /// never held.
    pub fn protections(&self) -> Box<dyn Iterator<Item = Protection<'d>> + '_> {
        if self.member(Role::Server).is_some() {
            return Box::new(std::iter::once(Protection {
                server: self.named(Role::Server),
                flavor: self.named(Role::Flavor),
            }));
        }
        let platform = self.platform;
        let lists = self.kind.members_on(platform).filter_map(move |member| {
            let Shape::List(item) = member.shape else {
                return None;
            };
            item.members
                .iter()
                .any(|m| m.role == Role::Server)
                .then_some(())?;
            let list = self.get(member.role)?.elements()?;
            Some((self.pointer.key(member.key), item, list))
        });
        Box::new(lists.flat_map(move |(at, item, list)| {
            list.enumerate()
                .filter(|(_, element)| element.members().is_some())
                .map(move |(i, element)| {
                    Protection::of(element, at.index(i), item.members, platform)
                })
        }))
    }
}

/// One server a request protects, and the flavor its DR site server gets.
#[derive(Clone, Copy, Debug)]
pub struct Protection<'d> {
    pub server: Option<Named<'d>>,
    pub flavor: Option<Named<'d>>,
}

impl<'d> Protection<'d> {
    /// The server and flavor of a list's element.
    fn of(
        object: Node<'d>,
        pointer: Pointer<'d>,
        members: &'static [Member],
        platform: Platform,
    ) -> Self {
        let find = |role: Role| {
            let member = members.iter().find(|m| m.role == role && m.on(platform))?;
            let node = object.get(member.key)?;
            Some(Named {
                text: node.as_str().filter(|s| !s.is_empty())?,
                at: At::value(pointer.key(member.key), node),
                member,
            })
        };
        Protection {
            server: find(Role::Server),
            flavor: find(Role::Flavor),
        }
    }
}

/// One member's value as a family checks it.
#[derive(Clone, Copy, Debug)]
pub struct Field<'d, 'i> {
    pub member: &'static Member,
    pub node: Node<'d>,
    /// The value's text, for a string member.
    pub text: &'d str,
    pub pointer: Pointer<'i>,
    /// The object that holds it: the instance, or a list's element.
    pub object: Node<'d>,
    pub instance: &'i Instance<'d>,
}

#[cfg(test)]
mod tests {
    use super::is_request;

    #[test]
    fn requests_are_told_from_other_json() {
        for request in [
            r#"{"protected_instance": {}}"#,
            r#"{"server_id": "x", "name": "web-01"}"#,
            r#"{"name": "web-01", "flavorRef": "s3.large.2"}"#,
            // Not JSON, but a request all the same: it is reported.
            r#"{"protected_instance": {"name": "web-01",}}"#,
            "{\"server_group_id\" :\n \"x\" // a comment\n}",
            r#"{"note": "say \"hi\"", "server_id": "x",}"#,
        ] {
            assert!(is_request(request.as_bytes()), "{request}");
        }
        for other in [
            r#"{"name": "my-app", "description": null, "version": "1.0.0"}"#,
            r#"{"name": "x", "tags": []}"#,
            r#"{"compilerOptions": {"strict": true}, // comment
            }"#,
            r#"[{"server_id": "x"}]"#,
            r#""protected_instance""#,
            // A value, not a key, that names a member.
            r#"{"note": "server_id", "other": ["flavorRef"]}"#,
            r#"{"a": "b" /* server_id */}"#,
            r#"{"a": "\"server_id\": 1", }"#,
            "",
            "\u{feff}{}",
        ] {
            assert!(!is_request(other.as_bytes()), "{other}");
        }
        assert!(is_request(b"{\"server_id\": \"\xff\"}"));
        assert!(!is_request(b"{\"x\": \"\xff\"}"));
    }
}
