//! What a plan itself knows about the account (SPEC §10, shared
//! TERRAFORM.md §A3): the protection groups, servers and subnets it creates
//! or already has (its resource changes, `prior_state` and data sources),
//! as a context the pre-flight rules read beside the caller's. Where an ID
//! is known only after apply, the `configuration`'s references say which
//! resource will produce it; that resource stands in the context under an
//! ID of its address (`tf:module.dr.huaweicloud_sdrs_protection_group.g`),
//! and so does the request's unknown argument, so a greenfield plan is
//! checked too.

use crate::context::{Context, ProtectionGroup, Server, Subnet};
use crate::document::{Kind, Node};
use crate::net::parse_ipv4;
use std::collections::HashMap;

/// Protection groups, by the resource type of each provider.
const GROUPS: [&str; 3] = [
    "opentelekomcloud_sdrs_protectiongroup_v1",
    "huaweicloud_sdrs_protection_group",
    "flexibleengine_sdrs_protectiongroup_v1",
];

/// Servers (ECS).
const SERVERS: [&str; 4] = [
    "opentelekomcloud_compute_instance_v2",
    "opentelekomcloud_ecs_instance_v1",
    "huaweicloud_compute_instance",
    "flexibleengine_compute_instance_v2",
];

/// VPC subnets, whose `id` is the network ID a request names.
const SUBNETS: [&str; 3] = [
    "opentelekomcloud_vpc_subnet_v1",
    "huaweicloud_vpc_subnet",
    "flexibleengine_vpc_subnet_v1",
];

/// One resource instance as the plan knows it: its values, and which of
/// them are known only after apply.
#[derive(Clone, Copy)]
struct Known<'d> {
    type_name: &'d str,
    values: Node<'d>,
    unknown: Option<Node<'d>>,
    /// Created (or replaced) by this plan.
    created: bool,
}

impl<'d> Known<'d> {
    /// A value that is known: a string, not `null`.
    fn text(&self, key: &str) -> Option<&'d str> {
        if self.unknown_at(key) {
            return None;
        }
        self.values.get(key)?.as_str().filter(|s| !s.is_empty())
    }

    fn unknown_at(&self, key: &str) -> bool {
        self.unknown
            .and_then(|u| u.get(key))
            .is_some_and(|v| matches!(v.kind(), Kind::Bool(true)))
    }
}

/// The plan's context, and how to name what it knows by address.
pub struct Facts {
    pub context: Context,
    /// The ID each address stands under: its own where known, else one of
    /// its address.
    ids: HashMap<String, String>,
}

/// How the ID of a resource known only after apply starts.
const PENDING: &str = "tf:";

/// The ID a resource known only after apply stands under.
fn address_id(address: &str) -> String {
    format!("{PENDING}{address}")
}

/// What such an ID is written as in a finding: the expression that will
/// produce it (`huaweicloud_vpc.main.id`).
pub fn pending_expression(id: &str) -> Option<String> {
    id.strip_prefix(PENDING)
        .map(|address| format!("{address}.id"))
}

impl Facts {
    /// Reads a plan's resources: `prior_state`'s (existing ones and data
    /// sources read while planning), then the changes' (what apply makes),
    /// the later winning on the same address.
    pub fn of(root: Node) -> Facts {
        let mut resources: Vec<(String, Known)> = Vec::new();
        if let Some(module) = root
            .get("prior_state")
            .and_then(|s| s.get("values"))
            .and_then(|v| v.get("root_module"))
        {
            state_module(module, &mut resources);
        }
        // A state (not a plan) has `values` at the top.
        if let Some(module) = root.get("values").and_then(|v| v.get("root_module")) {
            state_module(module, &mut resources);
        }
        for change in root
            .get("resource_changes")
            .and_then(Node::elements)
            .into_iter()
            .flatten()
        {
            let (Some(address), Some(type_name), Some(body)) = (
                change.get("address").and_then(Node::as_str),
                change.get("type").and_then(Node::as_str),
                change.get("change"),
            ) else {
                continue;
            };
            let actions: Vec<&str> = body
                .get("actions")
                .and_then(Node::elements)
                .into_iter()
                .flatten()
                .filter_map(Node::as_str)
                .collect();
            if actions.contains(&"delete") && !actions.contains(&"create") {
                continue;
            }
            let Some(values) = body.get("after").filter(|a| a.members().is_some()) else {
                continue;
            };
            resources.push((
                address.to_string(),
                Known {
                    type_name,
                    values,
                    unknown: body.get("after_unknown"),
                    created: actions.contains(&"create"),
                },
            ));
        }
        let mut ids = HashMap::with_capacity(resources.len());
        for (address, known) in &resources {
            let id = known
                .text("id")
                .map_or_else(|| address_id(address), str::to_string);
            ids.insert(address.clone(), id);
        }
        let mut facts = Facts {
            context: Context::default(),
            ids,
        };
        facts.read(root, &resources);
        facts
    }

    /// The context's parts from the resources.
    fn read(&mut self, root: Node, resources: &[(String, Known)]) {
        let mut groups = Vec::new();
        let mut servers = Vec::new();
        let mut subnets = Vec::new();
        for (address, known) in resources {
            let id = self.ids.get(address).cloned().unwrap_or_default();
            let text = |key: &str| known.text(key).map(str::to_string);
            let refers = |key: &str| self.attribute(root, address, *known, key);
            if GROUPS.contains(&known.type_name) {
                groups.push(ProtectionGroup {
                    id,
                    // A group this plan creates will be available; an
                    // existing one's status is not in the plan.
                    status: known.created.then(|| "available".to_string()),
                    source_vpc_id: refers("source_vpc_id"),
                    target_vpc_id: None,
                    source_availability_zone: text("source_availability_zone"),
                    target_availability_zone: text("target_availability_zone"),
                });
            } else if SUBNETS.contains(&known.type_name) {
                subnets.push(Subnet {
                    id,
                    vpc_id: refers("vpc_id"),
                    cidr: known.text("cidr").and_then(|c| c.parse().ok()),
                    gateway_ip: known.text("gateway_ip").and_then(|g| parse_ipv4(g).ok()),
                    used_ips: None,
                });
            } else if SERVERS.contains(&known.type_name) {
                servers.push((address.as_str(), id, *known));
            }
        }
        // A server's VPC is its first network's subnet's, and its fixed
        // addresses are used in that subnet.
        let mut used: HashMap<String, Vec<std::net::Ipv4Addr>> = HashMap::new();
        let servers: Vec<Server> = servers
            .into_iter()
            .map(|(address, id, known)| {
                let networks = self.networks(root, address, known);
                for (subnet, ip) in &networks {
                    if let Some(ip) = ip {
                        used.entry(subnet.clone()).or_default().push(*ip);
                    }
                }
                let vpc_id = self.attribute(root, address, known, "vpc_id").or_else(|| {
                    let first = networks.first()?;
                    subnets.iter().find(|s| s.id == first.0)?.vpc_id.clone()
                });
                server(known, id, vpc_id)
            })
            .collect();
        for subnet in &mut subnets {
            if let Some(mut ips) = used.remove(&subnet.id) {
                ips.sort();
                ips.dedup();
                subnet.used_ips = Some(ips);
            }
        }
        self.context.protection_groups = Some(groups);
        self.context.servers = Some(servers);
        self.context.subnets = Some(subnets);
    }

    /// A server's networks: each one's subnet ID (known, or of the subnet
    /// resource its configuration references) and fixed address.
    fn networks(
        &self,
        root: Node,
        address: &str,
        known: Known,
    ) -> Vec<(String, Option<std::net::Ipv4Addr>)> {
        let mut found = Vec::new();
        // compute_instance: network[].uuid, fixed_ip_v4; ecs_instance: nics[].network_id, ip_address.
        for (list, id_key, ip_key) in [
            ("network", "uuid", "fixed_ip_v4"),
            ("nics", "network_id", "ip_address"),
        ] {
            let Some(items) = known.values.get(list).and_then(Node::elements) else {
                continue;
            };
            for (i, item) in items.enumerate() {
                let ip = item
                    .get(ip_key)
                    .and_then(Node::as_str)
                    .and_then(|t| parse_ipv4(t).ok());
                let id = item
                    .get(id_key)
                    .and_then(Node::as_str)
                    .filter(|s| !s.is_empty())
                    .or_else(|| self.reference(root, address, &[list, &i.to_string(), id_key]))
                    .map(str::to_string);
                if let Some(id) = id {
                    found.push((id, ip));
                }
            }
        }
        found
    }

    /// The ID of the resource that the configuration of `address` says an
    /// argument comes from (`expressions.ARG.references`), when it is one
    /// this plan knows.
    fn reference(&self, root: Node, address: &str, argument: &[&str]) -> Option<&str> {
        let (path, local, index) = split_address(address);
        let resource = module_config(root, &path)?
            .get("resources")?
            .elements()?
            .find(|r| r.get("address").and_then(Node::as_str) == Some(local))?;
        // Blocks are lists of objects: `network.0.uuid`.
        let mut expression = resource.get("expressions")?;
        for step in argument {
            expression = match step.parse::<usize>() {
                Ok(i) => expression.elements()?.nth(i)?,
                Err(_) => expression.get(step)?,
            };
        }
        self.resolve(root, &path, expression, index, 0)
    }

    /// The ID an expression of the module at `path` refers to: a resource
    /// of that module (the same instance key where the target has
    /// instances, `for_each` over the same map), a variable the module's
    /// call sets, or an output of a child module.
    fn resolve(
        &self,
        root: Node,
        path: &[ModuleStep],
        expression: Node,
        index: Option<&str>,
        depth: usize,
    ) -> Option<&str> {
        // Modules nest a few deep; a bound keeps a hostile plan linear.
        if depth > MAX_MODULE_DEPTH {
            return None;
        }
        let references = expression.get("references")?.elements()?;
        // `app[each.key]` is listed as `app` and `each.key`: the instance of
        // the same key, and only then (`app[each.value.k]` is not known).
        let by_key = references
            .clone()
            .filter_map(Node::as_str)
            .any(|r| r == "each.key" || r == "count.index");
        let index = index.filter(|_| by_key);
        for reference in references.filter_map(Node::as_str) {
            let found = if let Some(variable) = reference.strip_prefix("var.") {
                // A module's input: what its call passes, in the caller's
                // module, for this module instance's key.
                let Some(((name, key), caller)) = path.split_last() else {
                    continue;
                };
                module_config(root, caller)
                    .and_then(|c| c.get("module_calls")?.get(name)?.get("expressions"))
                    .and_then(|e| e.get(first_name(variable)))
                    .and_then(|e| self.resolve(root, caller, e, *key, depth + 1))
            } else if let Some(output) = reference.strip_prefix("module.") {
                // `module.NAME.OUTPUT` of a module called once.
                let Some((name, output)) = output.split_once('.') else {
                    continue;
                };
                if name.contains('[') {
                    continue;
                }
                let mut child = path.to_vec();
                child.push((name, None));
                module_config(root, &child)
                    .and_then(|c| c.get("outputs")?.get(first_name(output))?.get("expression"))
                    .and_then(|e| self.resolve(root, &child, e, None, depth + 1))
            } else if let Some(target) = resource_of(reference) {
                let target = format!("{}{target}", module_prefix(path));
                let keyed = index
                    .filter(|_| !target.ends_with(']'))
                    .map(|i| format!("{target}{i}"));
                keyed
                    .iter()
                    .chain(std::iter::once(&target))
                    .find_map(|candidate| self.ids.get(candidate))
                    .map(String::as_str)
            } else {
                None
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// An attribute's value where the plan knows it, else the ID of what
    /// its configuration references (a subnet's `vpc_id` from a VPC created
    /// in the same plan).
    fn attribute(&self, root: Node, address: &str, known: Known, key: &str) -> Option<String> {
        if let Some(value) = known.text(key) {
            return Some(value.to_string());
        }
        if !known.created {
            return None;
        }
        self.reference(root, address, &[key]).map(str::to_string)
    }

    /// The ID that an unknown argument of a resource change stands for.
    pub fn referent(&self, root: Node, change: Node, key: &str) -> Option<&str> {
        let address = change.get("address")?.as_str()?;
        self.reference(root, address, &[key])
    }
}

/// A server's facts (SPEC §4's fields, from TERRAFORM.md §A3).
fn server(known: Known, id: String, vpc_id: Option<String>) -> Server {
    let text = |key: &str| known.text(key).map(str::to_string);
    let status = known
        .text("power_state")
        .or_else(|| known.text("status"))
        .map(|s| match s.to_ascii_lowercase().as_str() {
            "active" => "ACTIVE".to_string(),
            "shutoff" => "SHUTOFF".to_string(),
            _ => s.to_string(),
        });
    // On a dedicated host: a scheduler hint's tenancy or host.
    let dedicated = ["scheduler_hints", "os_scheduler_hints"]
        .iter()
        .any(|hints| {
            known
                .values
                .get(hints)
                .and_then(Node::elements)
                .into_iter()
                .flatten()
                .any(|h| {
                    h.get("tenancy").and_then(Node::as_str) == Some("dedicated")
                        || ["deh_id", "dedicated_host_id"].iter().any(|k| {
                            h.get(k)
                                .and_then(Node::as_str)
                                .is_some_and(|v| !v.is_empty())
                        })
                })
        });
    Server {
        id,
        status: status.filter(|_| known.created || !known.unknown_at("status")),
        vpc_id,
        availability_zone: text("availability_zone"),
        flavor: text("flavor_name")
            .or_else(|| text("flavor_id"))
            .or_else(|| text("flavor")),
        os_type: None,
        key_name: text("key_pair").or_else(|| text("key_name")),
        shared_disk: None,
        dedicated_host: Some(dedicated),
        autoscaling_group_id: None,
        protected_instance_id: None,
    }
}

/// `prior_state`'s resources (and data sources) of a module and its
/// children, with their addresses.
fn state_module<'d>(module: Node<'d>, out: &mut Vec<(String, Known<'d>)>) {
    for resource in module
        .get("resources")
        .and_then(Node::elements)
        .into_iter()
        .flatten()
    {
        let (Some(address), Some(type_name), Some(values)) = (
            resource.get("address").and_then(Node::as_str),
            resource.get("type").and_then(Node::as_str),
            resource.get("values").filter(|v| v.members().is_some()),
        ) else {
            continue;
        };
        out.push((
            address.to_string(),
            Known {
                type_name,
                values,
                unknown: None,
                created: false,
            },
        ));
    }
    for child in module
        .get("child_modules")
        .and_then(Node::elements)
        .into_iter()
        .flatten()
    {
        state_module(child, out);
    }
}

/// One call in a module path: its name and the instance's key
/// (`("dr", Some("[\"app-1\"]"))` for `module.dr["app-1"]`).
type ModuleStep<'a> = (&'a str, Option<&'a str>);

/// How deep module calls are followed from a reference.
const MAX_MODULE_DEPTH: usize = 32;

/// An address's module path (`module.a[0].module.b` → `a` key `[0]`, `b`),
/// its resource within the module without the instance key, and that key
/// (`["app-1"]`, `[0]`).
fn split_address(address: &str) -> (Vec<ModuleStep<'_>>, &str, Option<&str>) {
    let mut path = Vec::new();
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find(['.', '[']).unwrap_or(after.len());
        let name = &after[..end];
        let mut tail = &after[end..];
        let mut key = None;
        if tail.starts_with('[') {
            let close = instance_key_end(tail);
            key = Some(&tail[..close]);
            tail = &tail[close..];
        }
        path.push((name, key));
        rest = tail.strip_prefix('.').unwrap_or(tail);
    }
    let (local, index) = match rest.find('[') {
        Some(i) => (&rest[..i], Some(&rest[i..])),
        None => (rest, None),
    };
    (path, local, index)
}

/// Where an instance key (`[0]`, `["a.b]"]`) that `text` starts with ends:
/// past its `]`, skipping a quoted key's escapes.
fn instance_key_end(text: &str) -> usize {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ']' if !quoted => return i + 1,
            _ => {}
        }
    }
    text.len()
}

/// The configuration of the module at `path` (`module_calls.NAME.module`
/// from the root; instance keys do not matter there).
fn module_config<'d>(root: Node<'d>, path: &[ModuleStep]) -> Option<Node<'d>> {
    let mut config = root.get("configuration")?.get("root_module")?;
    for (name, _) in path {
        config = config.get("module_calls")?.get(name)?.get("module")?;
    }
    Some(config)
}

/// The address prefix of the module instance at `path`
/// (`module.dr["app-1"].`).
fn module_prefix(path: &[ModuleStep]) -> String {
    path.iter()
        .map(|(name, key)| format!("module.{name}{}.", key.unwrap_or("")))
        .collect()
}

/// A reference's first name (`group_id` of `group_id.value` or `ids[0]`).
fn first_name(reference: &str) -> &str {
    let end = reference.find(['.', '[']).unwrap_or(reference.len());
    &reference[..end]
}

/// The resource address a reference names (`TYPE.NAME`, `TYPE.NAME[0]`,
/// `data.TYPE.NAME`), or none for a variable, a local, a module output.
fn resource_of(reference: &str) -> Option<&str> {
    let first = reference.split(['.', '[']).next()?;
    if [
        "var",
        "local",
        "module",
        "each",
        "count",
        "path",
        "self",
        "terraform",
    ]
    .contains(&first)
    {
        return None;
    }
    let parts = if first == "data" { 3 } else { 2 };
    // The end of the resource's name, and of its instance key if any.
    let mut dots = 0;
    let mut end = reference.len();
    for (i, c) in reference.char_indices() {
        if c == '.' {
            dots += 1;
            if dots == parts {
                end = i;
                break;
            }
        }
    }
    Some(&reference[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_into_module_resource_and_key() {
        assert_eq!(
            split_address("module.dr.huaweicloud_sdrs_protected_instance.this[\"app-1\"]"),
            (
                vec![("dr", None)],
                "huaweicloud_sdrs_protected_instance.this",
                Some("[\"app-1\"]")
            )
        );
        assert_eq!(
            split_address("module.a[0].module.b.x.y[2]"),
            (vec![("a", Some("[0]")), ("b", None)], "x.y", Some("[2]"))
        );
        assert_eq!(
            split_address("module.a[\"x].y\"].x.y"),
            (vec![("a", Some("[\"x].y\"]"))], "x.y", None)
        );
        assert_eq!(split_address("x.y"), (vec![], "x.y", None));
    }

    #[test]
    fn references_name_resources_only() {
        assert_eq!(
            resource_of("opentelekomcloud_sdrs_protectiongroup_v1.group_1.id"),
            Some("opentelekomcloud_sdrs_protectiongroup_v1.group_1")
        );
        assert_eq!(
            resource_of("huaweicloud_compute_instance.app[0].id"),
            Some("huaweicloud_compute_instance.app[0]")
        );
        assert_eq!(
            resource_of("data.huaweicloud_vpc_subnet.app.id"),
            Some("data.huaweicloud_vpc_subnet.app")
        );
        assert_eq!(resource_of("var.group_id"), None);
        assert_eq!(resource_of("each.value"), None);
    }
}
