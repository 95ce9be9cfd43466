//! **Creating a Protected Instance**, `POST /v1/{project_id}/protected-instances`
//! (SPEC §1; OTC API reference sdrs_05_0501, Table 1 and Table 2; Huawei
//! Cloud's SDK model `CreateProtectedInstanceRequestParams`, SPEC §7).

use super::{Instance, Item, ItemVariants, Kind, Limit, Member, Names, Pattern, Role, Shape, Unit};
use crate::platform::Platform;
use crate::rules::{address, description, flavor, ids, name, tags, tenancy};

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

/// A tag: `key` and `value`, both required. Limits from the Tag Management
/// Service documentation; the service trims both, and measures them trimmed.
pub static TAG: Item = Item {
    variants: ItemVariants {
        item: "tag",
        member: "tag-member",
        blank: "tag-blank",
    },
    members: &[
        Member {
            required: true,
            limit: Some(Limit {
                max: 36,
                unit: Unit::Chars,
            }),
            pattern: Some(Pattern::TagKey),
            api_code: Some("SDRS.2204"),
            ..text(
                Role::TagKey,
                "key",
                "The tag's key: 1 to 36 characters once trimmed, none of * < > \\ = , | / or a control character (Tag Management Service).",
            )
        },
        Member {
            required: true,
            non_empty: false,
            limit: Some(Limit {
                max: 43,
                unit: Unit::Chars,
            }),
            pattern: Some(Pattern::TagValue),
            api_code: Some("SDRS.2207"),
            ..text(
                Role::TagValue,
                "value",
                "The tag's value: at most 43 characters once trimmed, none of * < > \\ = , | / or a control character; may be empty (Tag Management Service).",
            )
        },
    ],
    aliases: &[],
};

/// The members of `protected_instance`, in the API page's order, then the
/// Huawei Cloud ones.
static MEMBERS: [Member; 11] = [
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
        required: true,
        pattern: Some(Pattern::Uuid),
        api_code: Some("SDRS.0210"),
        checks: &[ids::check],
        ..text(
            Role::Server,
            "server_id",
            "The production site server (ECS) to protect: a UUID; it must be in the protection group's production VPC and availability zone.",
        )
    },
    Member {
        required: true,
        // API page: "The name can contain a maximum of 64 bytes."
        limit: Some(Limit {
            max: 64,
            unit: Unit::Bytes,
        }),
        pattern: Some(Pattern::Name),
        api_code: Some("SDRS.0202"),
        checks: &[name::check],
        ..text(
            Role::Name,
            "name",
            "The protected instance's name: at most 64 UTF-8 bytes of letters, digits, '.', '_' and '-' (on Huawei Cloud also Chinese characters U+4E00-U+9FA5).",
        )
    },
    Member {
        non_empty: false,
        // API page: at most 64 bytes, no '<' or '>'.
        limit: Some(Limit {
            max: 64,
            unit: Unit::Bytes,
        }),
        pattern: Some(Pattern::NoAngleBrackets),
        api_code: Some("SDRS.0212"),
        checks: &[description::check],
        ..text(
            Role::Description,
            "description",
            "A description: at most 64 UTF-8 bytes (21 Chinese characters), without '<' or '>'.",
        )
    },
    Member {
        pattern: Some(Pattern::Uuid),
        checks: &[ids::check],
        ..text(
            Role::Subnet,
            "primary_subnet_id",
            "The DR site subnet of the DR site server's primary NIC: the subnet's network ID (a UUID). Optional.",
        )
    },
    Member {
        pattern: Some(Pattern::Ipv4),
        // ip-requires-subnet.
        requires: Some((Role::Subnet, None)),
        api_code: Some("SDRS.0219"),
        checks: &[address::check],
        ..text(
            Role::Address,
            "primary_ip_address",
            "The IPv4 address of the DR site server's primary NIC, free in the DR site subnet; only with primary_subnet_id. Optional.",
        )
    },
    Member {
        pattern: Some(Pattern::Flavor),
        api_code: Some("SDRS.1353"),
        checks: &[flavor::check],
        ..text(
            Role::Flavor,
            "flavorRef",
            "The DR site server's ECS flavor, such as s3.large.2; by default the production site server's. Optional.",
        )
    },
    Member {
        shape: Shape::List(&TAG),
        non_empty: false,
        // API page: "You can add up to 10 tags for each protected instance."
        limit: Some(Limit {
            max: 10,
            unit: Unit::Items,
        }),
        api_code: Some("SDRS.2203"),
        checks: &[tags::check],
        ..text(
            Role::Tags,
            "tags",
            "Tags: at most 10, each a key and a value, keys unique once trimmed. Optional.",
        )
    },
    Member {
        platforms: HUAWEI,
        // SPEC §7: DSS storage pools have UUIDs.
        pattern: Some(Pattern::Uuid),
        api_code: Some("SDRS.0218"),
        checks: &[ids::check],
        ..text(
            Role::Cluster,
            "cluster_id",
            "The dedicated distributed storage pool (DSS) for the DR site server's disks: a UUID. Huawei Cloud only; optional.",
        )
    },
    Member {
        platforms: HUAWEI,
        // Presence allows "": tenancy-value says why it is wrong.
        non_empty: false,
        pattern: Some(Pattern::Choice),
        choices: &["shared", "dedicated"],
        api_code: Some("SDRS.0228"),
        checks: &[tenancy::tenancy],
        ..text(
            Role::Tenancy,
            "tenancy",
            "Where the DR site server runs: 'shared' (the shared pool, the default) or 'dedicated' (a dedicated host). Huawei Cloud only; optional.",
        )
    },
    Member {
        platforms: HUAWEI,
        // SPEC §7: dedicated hosts have UUIDs.
        pattern: Some(Pattern::Uuid),
        // dedicated-host-tenancy.
        requires: Some((Role::Tenancy, Some("dedicated"))),
        api_code: Some("SDRS.0227"),
        checks: &[ids::check, tenancy::dedicated_host],
        ..text(
            Role::DedicatedHost,
            "dedicated_host_id",
            "The dedicated host (DeH) for the DR site server: a UUID, with tenancy 'dedicated'. Huawei Cloud only; optional.",
        )
    },
];

/// The single call.
pub static SINGLE: Kind = Kind {
    name: "single",
    call: "POST /v1/{project_id}/protected-instances",
    wrapper: "protected_instance",
    members: &MEMBERS,
    // SPEC §3, `missing-wrapper`: members only this request has. `name`,
    // `description` and `tags` alone are in too many JSON files to tell.
    marks: &[
        "server_group_id",
        "server_id",
        "primary_subnet_id",
        "primary_ip_address",
        "flavorRef",
    ],
    // SPEC §7: the names Terraform providers and SDKs give these members.
    aliases: &[
        ("group_id", "server_group_id"),
        ("subnet_id", "primary_subnet_id"),
        ("ip_address", "primary_ip_address"),
        ("flavor", "flavorRef"),
        ("flavor_id", "flavorRef"),
        ("flavor_ref", "flavorRef"),
    ],
    // The batch call's members: what they are here.
    hints: &[("name_prefix", "name"), ("servers", "server_id")],
    names: name_itself,
    open: false,
    omits_empty: false,
    excluded: &[],
};

/// The name, as written.
fn name_itself<'d>(instance: &Instance<'d>) -> Option<Names<'d>> {
    let (text, node) = instance.non_empty(Role::Name)?;
    Some(Names {
        role: Role::Name,
        node,
        text,
        numbered: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_members_are_the_api_pages_in_order_then_huaweis() {
        let keys: Vec<&str> = SINGLE.members.iter().map(|m| m.key).collect();
        assert_eq!(
            keys,
            [
                "server_group_id",
                "server_id",
                "name",
                "description",
                "primary_subnet_id",
                "primary_ip_address",
                "flavorRef",
                "tags",
                "cluster_id",
                "tenancy",
                "dedicated_host_id"
            ]
        );
        assert!(SINGLE.members[..8].iter().all(|m| m.on(Platform::Otc)));
        assert!(SINGLE.members[8..].iter().all(|m| !m.on(Platform::Otc)));
        // Every role once; every mark and alias target a member.
        for (i, m) in SINGLE.members.iter().enumerate() {
            assert!(SINGLE.members[..i].iter().all(|o| o.role != m.role));
        }
        for name in SINGLE
            .marks
            .iter()
            .chain(SINGLE.aliases.iter().map(|(_, t)| t))
        {
            assert!(SINGLE.member(name).is_some(), "{name}");
        }
    }

    #[test]
    fn sdk_names_are_suggested_however_they_are_spelt() {
        let known: Vec<&str> = SINGLE.members_on(Platform::Otc).map(|m| m.key).collect();
        for (name, suggestion, alias) in [
            ("group_id", "server_group_id", true),
            ("groupId", "server_group_id", true),
            ("Subnet_Id", "primary_subnet_id", true),
            ("ipAddress", "primary_ip_address", true),
            ("flavor-id", "flavorRef", true),
            ("FLAVOR", "flavorRef", true),
            ("flavor_ref", "flavorRef", true),
            // A known name spelt otherwise is not an SDK's name.
            ("FlavorRef", "flavorRef", false),
            ("serverId", "server_id", false),
        ] {
            assert_eq!(
                crate::suggest::suggest(name, &known, SINGLE.aliases),
                Some((suggestion, alias)),
                "{name}"
            );
        }
        assert_eq!(
            crate::suggest::suggest("zone", &known, SINGLE.aliases),
            None
        );
    }
}
