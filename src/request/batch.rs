//! **Batch Creating Protected Instances**,
//! `POST /v1/{project_id}/protected-instances/batch` (SPEC §9; OTC Swiss API
//! reference sdrs_05_0511; Huawei Cloud sdrs_05_0511 and SDK models
//! `BatchCreateProtectedInstancesRequestParams`, `ServerInfo`). The only way
//! to protect several servers in one job; both platforms lint it alike.

use super::single::TAG;
use super::{Instance, Item, ItemVariants, Kind, Limit, Member, Names, Pattern, Role, Shape, Unit};
use crate::platform::Platform;
use crate::rules::preflight::SERVER_SHARED_DISK;
use crate::rules::{batch, description, flavor, ids, tags, tenancy};

const BOTH: &[Platform] = &Platform::ALL;
const HUAWEI: &[Platform] = &[Platform::Huawei];

/// A member of both platforms with no limit, pattern or choices.
const fn text(role: Role, key: &'static str, about: &'static str) -> Member {
    Member {
        role,
        key,
        shape: Shape::Text,
        required: false,
        non_empty: true,
        platforms: BOTH,
        limit: None,
        pattern: None,
        choices: &[],
        requires: None,
        api_code: None,
        refused: false,
        about: super::about(about),
        checks: &[],
    }
}

/// A server to protect (`ServerInfo`): its ID and the DR site server's
/// flavor.
static SERVER: Item = Item {
    variants: ItemVariants {
        item: "server",
        member: "server-member",
        blank: "server",
    },
    members: &[
        Member {
            required: true,
            pattern: Some(Pattern::Uuid),
            api_code: Some("SDRS.0210"),
            checks: &[ids::check],
            ..text(
                Role::Server,
                "server_id",
                "A production site server (ECS) to protect: a UUID; it must be in the protection group's production VPC and availability zone.",
            )
        },
        Member {
            pattern: Some(Pattern::Flavor),
            api_code: Some("SDRS.1353"),
            checks: &[flavor::check],
            ..text(
                Role::Flavor,
                "flavorRef",
                "This server's DR site server flavor, such as s3.large.2; by default the production site server's. Optional.",
            )
        },
    ],
    // The single call's flavor aliases, where a batch has its flavorRef.
    aliases: &[
        ("flavor", "flavorRef"),
        ("flavor_id", "flavorRef"),
        ("flavor_ref", "flavorRef"),
    ],
};

/// The members of `protected_instances` (an object despite the plural), in
/// the API page's order, then the Huawei Cloud ones.
static MEMBERS: [Member; 10] = [
    Member {
        required: true,
        pattern: Some(Pattern::UuidOrHex32),
        api_code: Some("SDRS.0207"),
        checks: &[ids::check],
        ..text(
            Role::ServerGroup,
            "server_group_id",
            "The protection group (the pair of production and DR sites): a UUID or 32 hexadecimal digits (OTC issues both).",
        )
    },
    Member {
        shape: Shape::List(&SERVER),
        required: true,
        non_empty: false,
        // "A maximum of five servers are supported by default": a quota
        // can raise it, so more is a warning (servers-too-many).
        limit: Some(Limit {
            max: 5,
            unit: Unit::QuotaItems,
        }),
        checks: &[batch::servers],
        ..text(
            Role::Servers,
            "servers",
            "The servers to protect, each an object of server_id and an optional flavorRef: at least one, by default at most five.",
        )
    },
    Member {
        required: true,
        // The service appends -0001, -0002, … to make each name: 59
        // characters leave room for the 64 of a name.
        limit: Some(Limit {
            max: 59,
            unit: Unit::Chars,
        }),
        pattern: Some(Pattern::Name),
        api_code: Some("SDRS.0202"),
        checks: &[batch::name_prefix],
        ..text(
            Role::NamePrefix,
            "name_prefix",
            "The prefix of the protected instances' names, to which the service appends -0001, -0002, …: at most 59 characters of letters, digits, '.', '_' and '-' (on Huawei Cloud also Chinese characters U+4E00-U+9FA5).",
        )
    },
    Member {
        non_empty: false,
        // The batch page counts characters, the single page bytes.
        limit: Some(Limit {
            max: 64,
            unit: Unit::Chars,
        }),
        pattern: Some(Pattern::NoAngleBrackets),
        api_code: Some("SDRS.0212"),
        checks: &[description::check],
        ..text(
            Role::Description,
            "description",
            "A description of every protected instance: at most 64 characters, without '<' or '>'.",
        )
    },
    Member {
        pattern: Some(Pattern::Uuid),
        checks: &[ids::check],
        ..text(
            Role::Subnet,
            "primary_subnet_id",
            "The DR site subnet of the DR site servers' primary NICs: the subnet's network ID (a UUID). Optional.",
        )
    },
    // Not a member of the batch call: known here so that its own rule says
    // why (the batch assigns addresses itself), not unknown-field.
    Member {
        refused: true,
        checks: &[batch::ip_not_supported],
        ..text(
            Role::Address,
            "primary_ip_address",
            "Not part of the batch call, which assigns the addresses itself.",
        )
    },
    Member {
        shape: Shape::List(&TAG),
        non_empty: false,
        // The batch page states no tag count; the single call's 10 applies.
        limit: Some(Limit {
            max: 10,
            unit: Unit::Items,
        }),
        api_code: Some("SDRS.2203"),
        checks: &[tags::check],
        ..text(
            Role::Tags,
            "tags",
            "Tags of every protected instance: at most 10, each a key and a value, keys unique once trimmed. Optional.",
        )
    },
    Member {
        platforms: HUAWEI,
        pattern: Some(Pattern::Uuid),
        api_code: Some("SDRS.0218"),
        checks: &[ids::check],
        ..text(
            Role::Cluster,
            "cluster_id",
            "The dedicated distributed storage pool (DSS) for the DR site servers' disks: a UUID. Huawei Cloud only; optional.",
        )
    },
    Member {
        platforms: HUAWEI,
        non_empty: false,
        pattern: Some(Pattern::Choice),
        choices: &["shared", "dedicated"],
        api_code: Some("SDRS.0228"),
        checks: &[tenancy::tenancy],
        ..text(
            Role::Tenancy,
            "tenancy",
            "Where the DR site servers run: 'shared' (the shared pool, the default) or 'dedicated' (a dedicated host). Huawei Cloud only; optional.",
        )
    },
    Member {
        platforms: HUAWEI,
        pattern: Some(Pattern::Uuid),
        requires: Some((Role::Tenancy, Some("dedicated"))),
        api_code: Some("SDRS.0227"),
        checks: &[ids::check, tenancy::dedicated_host],
        ..text(
            Role::DedicatedHost,
            "dedicated_host_id",
            "The dedicated host (DeH) for the DR site servers: a UUID, with tenancy 'dedicated'. Huawei Cloud only; optional.",
        )
    },
];

/// The batch call.
pub static BATCH: Kind = Kind {
    name: "batch",
    call: "POST /v1/{project_id}/protected-instances/batch",
    wrapper: "protected_instances",
    members: &MEMBERS,
    marks: &["name_prefix", "servers"],
    aliases: &[
        ("group_id", "server_group_id"),
        ("subnet_id", "primary_subnet_id"),
    ],
    // A single request's member in a batch body: its batch counterpart.
    hints: &[("name", "name_prefix")],
    names: numbered,
    // Huawei's pages disagree on shared disks in batch calls (the single
    // call refers such servers to the batch call).
    open: false,
    omits_empty: false,
    excluded: &[&SERVER_SHARED_DISK],
};

/// The most names a batch makes: the suffix has four digits.
const MOST_NAMES: usize = 9999;

/// The names the service makes: the prefix, `-0001` … one per server (an
/// element that is an object; anything else is refused before a name is
/// made), at most [`MOST_NAMES`], so that a hostile list of a million
/// servers costs the plan rules no more than a real batch can.
fn numbered<'d>(instance: &Instance<'d>) -> Option<Names<'d>> {
    let (text, node) = instance.non_empty(Role::NamePrefix)?;
    let servers = instance
        .get(Role::Servers)
        .and_then(|s| s.elements())
        .map_or(0, |e| {
            e.filter(|s| s.members().is_some()).take(MOST_NAMES).count()
        });
    Some(Names {
        role: Role::NamePrefix,
        node,
        text,
        numbered: Some(servers),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names a batch body makes, as the plan rules see them.
    fn names_of(servers: serde_json::Value) -> Option<usize> {
        let body = serde_json::json!({"name_prefix": "web", "servers": servers});
        let document = crate::document::Document::from_value(&body);
        let instance = Instance::new(
            &BATCH,
            crate::Platform::Otc,
            document.root(),
            crate::pointer::Pointer::ROOT,
        );
        numbered(&instance).and_then(|names| names.numbered)
    }

    #[test]
    fn a_name_is_made_per_server_object_and_at_most_9999() {
        assert_eq!(
            names_of(serde_json::json!([{}, 1, "x", {"server_id": "a"}])),
            Some(2)
        );
        let many: Vec<serde_json::Value> = (0..12_000).map(|_| serde_json::json!({})).collect();
        assert_eq!(names_of(serde_json::Value::from(many)), Some(MOST_NAMES));
    }

    #[test]
    fn the_members_are_the_batch_pages() {
        let keys: Vec<&str> = BATCH
            .members
            .iter()
            .filter(|m| !m.refused)
            .map(|m| m.key)
            .collect();
        assert_eq!(
            keys,
            [
                "server_group_id",
                "servers",
                "name_prefix",
                "description",
                "primary_subnet_id",
                "tags",
                "cluster_id",
                "tenancy",
                "dedicated_host_id"
            ]
        );
        for (i, m) in BATCH.members.iter().enumerate() {
            assert!(BATCH.members[..i].iter().all(|o| o.role != m.role));
        }
        for name in BATCH
            .marks
            .iter()
            .chain(BATCH.aliases.iter().map(|(_, t)| t))
        {
            assert!(BATCH.member(name).is_some(), "{name}");
        }
    }
}
