//! What the caller already knows about the account (SPEC §4): protection
//! groups, servers, subnets, flavors and key pairs, with the field names of
//! the OTC APIs. A console has these facts from its own listings, a migration
//! script from the API; the pre-flight rules compare the request with them.
//!
//! Every part and every field is optional, and `null` means unknown: a rule
//! runs only when the facts it needs are there. Fields the model does not
//! know are ignored, because real listings carry many more. What is there
//! must have the right type, though: a context that says something the
//! linter cannot read is a usage error ([`ContextError`]), never silently
//! ignored, or the caller would believe the pre-flight checks ran.

use crate::document::{Document, Kind, Members, Node};
use crate::net::parse_ipv4;
use crate::text::quote;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::cell::Cell;
use std::collections::HashMap;
use std::net::Ipv4Addr;

/// The facts a caller hands in. Build it with [`Context::from_value`],
/// [`str::parse`] or serde; all three read it strictly.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Context {
    /// SDRS "Querying Protection Groups".
    pub protection_groups: Option<Vec<ProtectionGroup>>,
    /// ECS servers of the production site.
    pub servers: Option<Vec<Server>>,
    /// VPC subnets of the DR site.
    pub subnets: Option<Vec<Subnet>>,
    /// ECS flavors available at the DR site.
    pub flavors: Option<Vec<FlavorSpec>>,
    /// Names of the ECS key pairs of the account.
    pub key_pairs: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ProtectionGroup {
    pub id: String,
    pub status: Option<String>,
    pub source_vpc_id: Option<String>,
    pub target_vpc_id: Option<String>,
    pub source_availability_zone: Option<String>,
    pub target_availability_zone: Option<String>,
}

impl ProtectionGroup {
    /// The DR site's VPC: on OTC both sites share the VPC, so an unknown
    /// `target_vpc_id` is the `source_vpc_id` (SPEC §4).
    pub fn target_vpc(&self) -> Option<&str> {
        self.target_vpc_id
            .as_deref()
            .or(self.source_vpc_id.as_deref())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Server {
    pub id: String,
    pub status: Option<String>,
    pub vpc_id: Option<String>,
    pub availability_zone: Option<String>,
    /// The flavor ID, such as `s3.large.2`.
    pub flavor: Option<String>,
    pub os_type: Option<String>,
    pub key_name: Option<String>,
    pub shared_disk: Option<bool>,
    pub dedicated_host: Option<bool>,
    pub autoscaling_group_id: Option<String>,
    /// The protected instance the server already belongs to.
    pub protected_instance_id: Option<String>,
}

impl Server {
    /// `os_type` is compared ignoring case (SPEC §4); ECS reports `Windows`.
    pub fn is_windows(&self) -> Option<bool> {
        self.os_type
            .as_deref()
            .map(|os| os.eq_ignore_ascii_case("windows"))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Subnet {
    /// What the request calls `primary_subnet_id` (the VPC API's
    /// `neutron_network_id`, API page Table 1).
    pub id: String,
    pub vpc_id: Option<String>,
    pub cidr: Option<Ipv4Net>,
    pub gateway_ip: Option<Ipv4Addr>,
    /// Addresses already taken in the subnet, sorted, without repeats.
    pub used_ips: Option<Vec<Ipv4Addr>>,
}

/// An ECS flavor as the flavor API lists it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FlavorSpec {
    pub id: String,
    pub vcpus: Option<u64>,
    /// MiB, as in the ECS flavor API.
    pub ram: Option<u64>,
}

/// A context the linter cannot read; the message names the place, such as
/// `context.servers[3].shared_disk must be a boolean, not a string`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextError(pub String);

impl std::fmt::Display for ContextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ContextError {}

/// The parts of a context (SPEC §4).
pub const PARTS: [&str; 5] = [
    "protection_groups",
    "servers",
    "subnets",
    "flavors",
    "key_pairs",
];

impl Context {
    /// Reads a context strictly (SPEC §4): the root must be an object; a
    /// known part or field with the wrong JSON type, an item without `id`, or
    /// a `cidr`, `gateway_ip` or `used_ips` entry that is not an IPv4
    /// network or address is an error. Unknown fields are ignored; `null`
    /// is unknown.
    pub fn from_value(value: &Value) -> Result<Context, ContextError> {
        Context::from_node(Document::from_value(value).root())
    }

    /// [`Context::from_value`] for a document tree (what text and JavaScript
    /// values become). A JavaScript `undefined` counts as absent.
    pub fn from_node(node: Node) -> Result<Context, ContextError> {
        let Some(root) = node.members() else {
            return Err(ContextError(format!(
                "context must be an object, not {}",
                node.described()
            )));
        };
        // A misspelt part would silently turn its checks off.
        for m in root.clone() {
            if m.key == "$schema" && m.value.as_str().is_none() {
                return Err(ContextError(format!(
                    "context.$schema must be a string (the schema's URI), not {}",
                    m.value.described()
                )));
            }
            if !PARTS.contains(&m.key) && m.key != "$schema" && !m.value.is_undefined() {
                let hint = crate::suggest::closest(m.key, &PARTS)
                    .map(|p| format!(" (did you mean '{p}'?)"))
                    .unwrap_or_default();
                return Err(ContextError(format!(
                    "context has an unknown part '{}'{hint}; the parts are {}",
                    m.key,
                    PARTS.join(", ")
                )));
            }
        }
        let root = Fields::new("context".into(), root);
        let context = Context {
            protection_groups: root.items("protection_groups", |item| ProtectionGroup {
                id: item.id(),
                status: item.string("status"),
                source_vpc_id: item.string("source_vpc_id"),
                target_vpc_id: item.string("target_vpc_id"),
                source_availability_zone: item.string("source_availability_zone"),
                target_availability_zone: item.string("target_availability_zone"),
            }),
            servers: root.items("servers", |item| Server {
                id: item.id(),
                status: item.string("status"),
                vpc_id: item.string("vpc_id"),
                availability_zone: item.string("availability_zone"),
                flavor: item.string("flavor"),
                os_type: item.string("os_type"),
                key_name: item.string("key_name"),
                shared_disk: item.flag("shared_disk"),
                dedicated_host: item.flag("dedicated_host"),
                autoscaling_group_id: item.string("autoscaling_group_id"),
                protected_instance_id: item.string("protected_instance_id"),
            }),
            subnets: root.items("subnets", |item| Subnet {
                id: item.id(),
                vpc_id: item.string("vpc_id"),
                cidr: item.network("cidr"),
                gateway_ip: item.address("gateway_ip"),
                used_ips: item.addresses("used_ips"),
            }),
            flavors: root.items("flavors", |item| FlavorSpec {
                id: item.id(),
                vcpus: item.count("vcpus"),
                ram: item.count("ram"),
            }),
            key_pairs: root.each_string("key_pairs", |_, text| Some(text.to_string())),
        };
        match root.error.take() {
            Some(e) => Err(e),
            None => Ok(context),
        }
    }
}

impl std::str::FromStr for Context {
    type Err = ContextError;

    /// Reads a context from JSON text (the command's `--context FILE`), with
    /// the same strict parser as requests.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let root = crate::source::parse_file(text)
            .map_err(|e| ContextError(format!("the context is not valid JSON: {e}")))?;
        Context::from_node(root.root())
    }
}

impl<'de> Deserialize<'de> for Context {
    /// The same strict reading as [`Context::from_value`], so that serde
    /// users get the same errors.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Context::from_value(&value).map_err(serde::de::Error::custom)
    }
}

/// One object of the context, with its place for error messages.
///
/// A reader notes the first error and goes on with `None`, rather than
/// returning early: the caller checks [`Fields::error`] once per item, and
/// the module has no drop code for every partly read struct.
struct Fields<'a> {
    path: String,
    members: Members<'a>,
    error: Cell<Option<ContextError>>,
}

impl<'a> Fields<'a> {
    fn new(path: String, members: Members<'a>) -> Self {
        Fields {
            path,
            members,
            error: Cell::new(None),
        }
    }

    /// Keeps the first error; `None` for the caller to go on with.
    fn fail<T>(&self, message: String) -> Option<T> {
        let first = self.error.take();
        self.error.set(Some(first.unwrap_or(ContextError(message))));
        None
    }

    /// A field's value; `None` when it is absent, `null` (unknown) or
    /// `undefined`. The last of repeated keys counts, as in a request.
    fn get(&self, field: &str) -> Option<Node<'a>> {
        self.members
            .clone()
            .filter(|m| m.key == field)
            .last()
            .map(|m| m.value)
            .filter(|v| !v.is_null() && !v.is_undefined())
    }

    fn wrong<T>(&self, field: &str, expected: &str, actual: Node) -> Option<T> {
        self.fail(format!(
            "{}.{field} must be {expected}, not {}",
            self.path,
            actual.described()
        ))
    }

    fn string(&self, field: &str) -> Option<String> {
        let v = self.get(field)?;
        match v.as_str() {
            Some(s) => Some(s.to_string()),
            None => self.wrong(field, "a string", v),
        }
    }

    fn flag(&self, field: &str) -> Option<bool> {
        let v = self.get(field)?;
        match v.kind() {
            Kind::Bool(b) => Some(b),
            _ => self.wrong(field, "a boolean", v),
        }
    }

    fn count(&self, field: &str) -> Option<u64> {
        let v = self.get(field)?;
        match v.kind() {
            Kind::Number(n) => n.parse().ok().or_else(|| {
                self.fail(format!(
                    "{}.{field} must be a whole number of at least 0, not {n}",
                    self.path
                ))
            }),
            _ => self.wrong(field, "a number", v),
        }
    }

    /// Every item is looked up by its ID, so one without is of no use.
    fn id(&self) -> String {
        match self.string("id") {
            Some(id) if !id.is_empty() => id,
            Some(_) => self
                .fail(format!("{}.id must not be empty", self.path))
                .unwrap_or_default(),
            None if self.get("id").is_none() => self
                .fail(format!("{} has no \"id\"", self.path))
                .unwrap_or_default(),
            None => String::new(),
        }
    }

    /// A VPC subnet's `cidr`: a network address and prefix length, as the
    /// VPC API returns it. An address with host bits (`192.168.0.5/24`) is
    /// refused, since its network and broadcast addresses would be guesses.
    fn network(&self, field: &str) -> Option<Ipv4Net> {
        let text = self.string(field)?;
        let bad = |why: String| {
            self.fail(format!(
                "{}.{field} {} is not {why}",
                self.path,
                quote(&text)
            ))
        };
        let Some(net) = text.split_once('/').and_then(|(address, prefix)| {
            let prefix = prefix.parse().ok().filter(|_| !prefix.starts_with('+'))?;
            Ipv4Net::new(parse_ipv4(address).ok()?, prefix).ok()
        }) else {
            return bad("an IPv4 network such as 192.168.0.0/24".into());
        };
        if net.addr() != net.network() {
            return bad(format!("a network address; the network is {}", net.trunc()));
        }
        Some(net)
    }

    fn address(&self, field: &str) -> Option<Ipv4Addr> {
        let text = self.string(field)?;
        self.ipv4(&format!("{}.{field}", self.path), &text)
    }

    /// A canonical dotted-quad address, as the request's own address must be.
    fn ipv4(&self, path: &str, text: &str) -> Option<Ipv4Addr> {
        parse_ipv4(text).ok().or_else(|| {
            self.fail(format!(
                "{path} {} is not an IPv4 address such as 192.168.0.10",
                quote(text)
            ))
        })
    }

    /// Sorted and without repeats, for a binary search per request.
    fn addresses(&self, field: &str) -> Option<Vec<Ipv4Addr>> {
        let mut list = self.each_string(field, |path, text| self.ipv4(path, text))?;
        list.sort_unstable();
        list.dedup();
        Some(list)
    }

    /// An array of strings, each read by `read` with its place.
    fn each_string<T>(
        &self,
        field: &str,
        read: impl Fn(&str, &str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let items = self.array(field)?;
        let mut list = Vec::new();
        for (i, item) in items.enumerate() {
            let path = format!("{}.{field}[{i}]", self.path);
            let value = match item.as_str() {
                Some(text) => read(&path, text),
                None => self.fail(format!("{path} must be a string, not {}", item.described())),
            };
            list.push(value?);
        }
        Some(list)
    }

    fn array(&self, field: &str) -> Option<crate::document::Elements<'a>> {
        let v = self.get(field)?;
        v.elements().or_else(|| self.wrong(field, "an array", v))
    }

    /// A part of the context: an array of objects, each read by `read`.
    fn items<T>(&self, part: &str, read: impl Fn(&Fields) -> T) -> Option<Vec<T>> {
        let items = self.array(part)?;
        let mut list = Vec::new();
        for (i, item) in items.enumerate() {
            let path = format!("{}.{part}[{i}]", self.path);
            let Some(members) = item.members() else {
                return self.fail(format!(
                    "{path} must be an object, not {}",
                    item.described()
                ));
            };
            let fields = Fields::new(path, members);
            let value = read(&fields);
            if let Some(e) = fields.error.take() {
                return self.fail(e.0);
            }
            list.push(value);
        }
        Some(list)
    }
}

/// What a look-up in the context found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup<T> {
    /// The context has no such list: nothing can be said.
    Unlisted,
    /// The list is there, and the ID is not in it.
    Missing,
    Found(T),
}

impl<T> Lookup<T> {
    pub fn found(self) -> Option<T> {
        match self {
            Lookup::Found(t) => Some(t),
            _ => None,
        }
    }
}

/// Positions in a list by ID (or name); the later of repeated IDs counts.
type ById<'a> = Option<HashMap<&'a str, usize>>;

/// The context's lists by ID. It is built once per lint call or plan, so a
/// rule's look-up costs one hash, whatever the size of the listings: a plan
/// of 100 000 requests against 100 000 servers stays linear.
///
/// When an ID is listed twice, the later item counts (as for a repeated key
/// in a request, SPEC §2). Beside the caller's context an index may hold
/// what a Terraform plan knows (SPEC §10): facts about some groups, servers
/// and subnets, never a whole listing, so an ID it lacks is not missing.
/// The caller's context wins on the same ID.
#[derive(Debug)]
pub struct ContextIndex<'a> {
    given: Option<Layer<'a>>,
    known: Option<Layer<'a>>,
}

/// One context's lists by ID.
#[derive(Debug)]
struct Layer<'a> {
    context: &'a Context,
    groups: ById<'a>,
    servers: ById<'a>,
    subnets: ById<'a>,
    flavors: ById<'a>,
    key_pairs: ById<'a>,
}

fn by_id<'a, T>(list: &'a Option<Vec<T>>, id: impl Fn(&'a T) -> &'a str) -> ById<'a> {
    list.as_ref().map(|items| {
        items
            .iter()
            .enumerate()
            .map(|(i, item)| (id(item), i))
            .collect()
    })
}

fn look<'a, T>(list: &'a Option<Vec<T>>, index: &ById, id: &str) -> Lookup<&'a T> {
    match (list, index) {
        (Some(list), Some(index)) => index
            .get(id)
            .map_or(Lookup::Missing, |&i| Lookup::Found(&list[i])),
        _ => Lookup::Unlisted,
    }
}

impl<'a> Layer<'a> {
    fn new(context: &'a Context) -> Self {
        Layer {
            context,
            groups: by_id(&context.protection_groups, |g| &g.id),
            servers: by_id(&context.servers, |s| &s.id),
            subnets: by_id(&context.subnets, |s| &s.id),
            flavors: by_id(&context.flavors, |f| &f.id),
            key_pairs: by_id(&context.key_pairs, String::as_str),
        }
    }
}

impl<'a> ContextIndex<'a> {
    pub fn new(context: &'a Context) -> Self {
        ContextIndex {
            given: Some(Layer::new(context)),
            known: None,
        }
    }

    /// The caller's context, if any, and what a plan knows beside it.
    pub fn with_known(given: Option<&'a Context>, known: &'a Context) -> Self {
        ContextIndex {
            given: given.map(Layer::new),
            known: Some(Layer::new(known)),
        }
    }

    /// The caller's answer, else what is known; an ID the known facts lack
    /// is as unlisted as before.
    fn find<T>(&self, id: &str, pick: impl Fn(&Layer<'a>, &str) -> Lookup<&'a T>) -> Lookup<&'a T> {
        let given = self
            .given
            .as_ref()
            .map_or(Lookup::Unlisted, |l| pick(l, id));
        match (given, self.known.as_ref().map(|l| pick(l, id))) {
            (Lookup::Found(t), _) | (_, Some(Lookup::Found(t))) => Lookup::Found(t),
            (given, _) => given,
        }
    }

    pub fn group(&self, id: &str) -> Lookup<&'a ProtectionGroup> {
        self.find(id, |l, id| {
            look(&l.context.protection_groups, &l.groups, id)
        })
    }

    pub fn server(&self, id: &str) -> Lookup<&'a Server> {
        self.find(id, |l, id| look(&l.context.servers, &l.servers, id))
    }

    pub fn subnet(&self, id: &str) -> Lookup<&'a Subnet> {
        self.find(id, |l, id| look(&l.context.subnets, &l.subnets, id))
    }

    pub fn flavor(&self, id: &str) -> Lookup<&'a FlavorSpec> {
        self.find(id, |l, id| look(&l.context.flavors, &l.flavors, id))
    }

    pub fn key_pair(&self, name: &str) -> Lookup<&'a String> {
        self.find(name, |l, id| look(&l.context.key_pairs, &l.key_pairs, id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn error(value: Value) -> String {
        Context::from_value(&value).unwrap_err().0
    }

    #[test]
    fn reads_every_part() {
        let c = Context::from_value(&json!({
            "protection_groups": [{"id": "g", "status": "available", "source_vpc_id": "v",
                "source_availability_zone": "eu-de-01", "target_availability_zone": "eu-de-02"}],
            "servers": [{"id": "s", "status": "ACTIVE", "shared_disk": false, "key_name": null,
                "os_type": "windows", "addresses": {"v": []}}],
            "subnets": [{"id": "n", "cidr": "192.168.0.0/24", "gateway_ip": "192.168.0.1",
                "used_ips": ["192.168.0.10", "192.168.0.10"]}],
            "flavors": [{"id": "s3.large.2", "vcpus": 2, "ram": 4096, "disk": "0"}],
            "key_pairs": ["kp-prod"],
            "$schema": "https://example.com/context.schema.json"
        }))
        .unwrap();
        let group = &c.protection_groups.as_ref().unwrap()[0];
        assert_eq!(group.target_vpc(), Some("v"), "defaults to the source VPC");
        let server = &c.servers.as_ref().unwrap()[0];
        assert_eq!(
            (server.shared_disk, server.key_name.as_deref()),
            (Some(false), None)
        );
        assert_eq!(server.is_windows(), Some(true));
        let subnet = &c.subnets.as_ref().unwrap()[0];
        assert_eq!(subnet.cidr.unwrap().prefix_len(), 24);
        assert_eq!(subnet.used_ips.as_ref().unwrap().len(), 1);
        assert_eq!(c.flavors.as_ref().unwrap()[0].ram, Some(4096));
        assert_eq!(c.key_pairs, Some(vec!["kp-prod".to_string()]));
    }

    #[test]
    fn missing_and_null_parts_are_unknown() {
        let c = Context::from_value(&json!({"servers": null})).unwrap();
        assert_eq!(c, Context::default());
        let index = ContextIndex::new(&c);
        assert_eq!(index.server("s"), Lookup::Unlisted);
        let c = Context::from_value(&json!({"servers": []})).unwrap();
        assert_eq!(ContextIndex::new(&c).server("s"), Lookup::Missing);
    }

    #[test]
    fn wrong_types_name_the_place() {
        assert_eq!(error(json!([])), "context must be an object, not an array");
        assert_eq!(
            error(json!({"servers": {}})),
            "context.servers must be an array, not an object"
        );
        assert_eq!(
            error(
                json!({"servers": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d", "shared_disk": "no"}]})
            ),
            "context.servers[3].shared_disk must be a boolean, not a string"
        );
        assert_eq!(
            error(json!({"subnets": ["x"]})),
            "context.subnets[0] must be an object, not a string"
        );
        assert_eq!(
            error(json!({"protection_groups": [{"id": "g", "status": 1}]})),
            "context.protection_groups[0].status must be a string, not a number"
        );
        assert_eq!(
            error(json!({"flavors": [{"id": "f", "ram": -1}]})),
            "context.flavors[0].ram must be a whole number of at least 0, not -1"
        );
        assert_eq!(
            error(json!({"flavors": [{"id": "f", "vcpus": "2"}]})),
            "context.flavors[0].vcpus must be a number, not a string"
        );
        assert_eq!(
            error(json!({"key_pairs": ["a", null]})),
            "context.key_pairs[1] must be a string, not null"
        );
    }

    #[test]
    fn unknown_parts_are_refused_with_a_suggestion() {
        assert_eq!(
            error(json!({"servrs": []})),
            "context has an unknown part 'servrs' (did you mean 'servers'?); the parts are protection_groups, servers, subnets, flavors, key_pairs"
        );
        assert!(error(json!({"protected_instance": {}}))
            .starts_with("context has an unknown part 'protected_instance';"));
    }

    #[test]
    fn items_need_an_id() {
        assert_eq!(
            error(json!({"servers": [{"status": "ACTIVE"}]})),
            "context.servers[0] has no \"id\""
        );
        assert_eq!(
            error(json!({"flavors": [{"id": null}]})),
            "context.flavors[0] has no \"id\""
        );
        assert_eq!(
            error(json!({"subnets": [{"id": ""}]})),
            "context.subnets[0].id must not be empty"
        );
        assert_eq!(
            error(json!({"subnets": [{"id": 7}]})),
            "context.subnets[0].id must be a string, not a number"
        );
    }

    #[test]
    fn networks_and_addresses_must_parse() {
        assert_eq!(
            error(json!({"subnets": [{"id": "n", "cidr": "192.168.0.0/33"}]})),
            "context.subnets[0].cidr '192.168.0.0/33' is not an IPv4 network such as 192.168.0.0/24"
        );
        assert_eq!(
            error(json!({"subnets": [{"id": "n", "cidr": "192.168.0.0"}]})),
            "context.subnets[0].cidr '192.168.0.0' is not an IPv4 network such as 192.168.0.0/24"
        );
        assert_eq!(
            error(json!({"subnets": [{"id": "n", "cidr": "192.168.0.5/24"}]})),
            "context.subnets[0].cidr '192.168.0.5/24' is not a network address; the network is 192.168.0.0/24"
        );
        assert_eq!(
            error(json!({"subnets": [{"id": "n", "cidr": "fd00::/64"}]})),
            "context.subnets[0].cidr 'fd00::/64' is not an IPv4 network such as 192.168.0.0/24"
        );
        assert_eq!(
            error(json!({"subnets": [{"id": "n", "gateway_ip": "192.168.0.01"}]})),
            "context.subnets[0].gateway_ip '192.168.0.01' is not an IPv4 address such as 192.168.0.10"
        );
        assert_eq!(
            error(json!({"subnets": [{"id": "n", "used_ips": ["192.168.0.9", "x"]}]})),
            "context.subnets[0].used_ips[1] 'x' is not an IPv4 address such as 192.168.0.10"
        );
        assert_eq!(
            error(json!({"subnets": [{"id": "n", "used_ips": "192.168.0.9"}]})),
            "context.subnets[0].used_ips must be an array, not a string"
        );
    }

    #[test]
    fn text_and_serde_read_the_same_way() {
        let c: Context = r#"{"servers": [{"id": "s", "flavor": "s3.large.2"}]}"#
            .parse()
            .unwrap();
        assert_eq!(
            c.servers.as_ref().unwrap()[0].flavor.as_deref(),
            Some("s3.large.2")
        );
        let e = "{servers: []}".parse::<Context>().unwrap_err();
        assert!(e.0.starts_with("the context is not valid JSON"), "{e}");
        assert!(e.0.ends_with("(line 1, column 2)"), "{e}");
        let e = serde_json::from_value::<Context>(json!({"servers": [{}]})).unwrap_err();
        assert_eq!(e.to_string(), "context.servers[0] has no \"id\"");
        let round = serde_json::to_value(&c).unwrap();
        assert_eq!(Context::from_value(&round).unwrap(), c);
    }

    #[test]
    fn index_finds_by_id_and_the_later_duplicate_counts() {
        let c = Context::from_value(&json!({
            "servers": [{"id": "a", "status": "ERROR"}, {"id": "a", "status": "ACTIVE"}],
            "subnets": [{"id": "n"}],
        }))
        .unwrap();
        let index = ContextIndex::new(&c);
        let server = index.server("a").found().unwrap();
        assert_eq!(server.status.as_deref(), Some("ACTIVE"));
        assert_eq!(index.server("b"), Lookup::Missing);
        assert!(index.subnet("n").found().is_some());
        assert_eq!(index.flavor("s3.large.2"), Lookup::Unlisted);
        assert_eq!(index.key_pair("kp"), Lookup::Unlisted);
    }
}
