//! The three Terraform resources that create protected instances, described
//! as request kinds (SPEC §10): each argument with the request member it
//! becomes (its role), in the provider's words. The providers build the
//! request from `change.after`, omit optional arguments that are `null` or
//! `""`, never send a flavor, and send tags in a second call
//! (`POST …/{id}/tags/action`) whose limit is 20 tags on Open Telekom Cloud
//! and 10 on Huawei Cloud. Sources: shared TERRAFORM.md §A1 (the providers'
//! resource schemas and Create functions).

use crate::platform::Platform;
use crate::request::{
    Instance, Item, ItemVariants, Kind, Limit, Member, Names, Pattern, Role, Shape, Unit,
};
use crate::rules::{address, description, ids, name, tags};

const BOTH: &[Platform] = &Platform::ALL;

/// An argument with no limit or pattern.
const fn argument(role: Role, key: &'static str, about: &'static str) -> Member {
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
        about,
        checks: &[],
    }
}

/// A `tags` map's entry: its key and its value, measured trimmed as the
/// Tag Management Service does.
static TAG: Item = Item {
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
            api_code: Some("SDRS.2204"),
            ..argument(
                Role::TagKey,
                "key",
                "A tag's key: 1 to 36 characters once trimmed.",
            )
        },
        Member {
            required: true,
            non_empty: false,
            limit: Some(Limit {
                max: 43,
                unit: Unit::Chars,
            }),
            api_code: Some("SDRS.2207"),
            ..argument(
                Role::TagValue,
                "value",
                "A tag's value: at most 43 characters once trimmed.",
            )
        },
    ],
    aliases: &[],
};

const GROUP: Member = Member {
    required: true,
    pattern: Some(Pattern::UuidOrHex32),
    api_code: Some("SDRS.0207"),
    checks: &[ids::check],
    ..argument(
        Role::ServerGroup,
        "group_id",
        "The protection group's ID (server_group_id).",
    )
};

const SERVER: Member = Member {
    required: true,
    pattern: Some(Pattern::Uuid),
    api_code: Some("SDRS.0210"),
    checks: &[ids::check],
    ..argument(
        Role::Server,
        "server_id",
        "The production site server's ID.",
    )
};

const NAME: Member = Member {
    required: true,
    limit: Some(Limit {
        max: 64,
        unit: Unit::Bytes,
    }),
    pattern: Some(Pattern::Name),
    api_code: Some("SDRS.0202"),
    checks: &[name::check],
    ..argument(
        Role::Name,
        "name",
        "The protected instance's name: at most 64 bytes.",
    )
};

const DESCRIPTION: Member = Member {
    non_empty: false,
    limit: Some(Limit {
        max: 64,
        unit: Unit::Bytes,
    }),
    pattern: Some(Pattern::NoAngleBrackets),
    api_code: Some("SDRS.0212"),
    checks: &[description::check],
    ..argument(
        Role::Description,
        "description",
        "A description: at most 64 bytes, no '<' or '>'.",
    )
};

const fn subnet(key: &'static str) -> Member {
    Member {
        pattern: Some(Pattern::Uuid),
        checks: &[ids::check],
        ..argument(
            Role::Subnet,
            key,
            "The DR site subnet's network ID (primary_subnet_id).",
        )
    }
}

const fn address(key: &'static str) -> Member {
    Member {
        pattern: Some(Pattern::Ipv4),
        requires: Some((Role::Subnet, None)),
        api_code: Some("SDRS.0219"),
        checks: &[address::check],
        ..argument(
            Role::Address,
            key,
            "The DR site server's IPv4 address (primary_ip_address), with the subnet.",
        )
    }
}

const CLUSTER: Member = Member {
    pattern: Some(Pattern::Uuid),
    api_code: Some("SDRS.0218"),
    checks: &[ids::check],
    ..argument(
        Role::Cluster,
        "cluster_id",
        "The dedicated distributed storage pool's ID.",
    )
};

/// The tags map, with the tags/action call's limit of the platform.
const fn tag_map(limit: usize) -> Member {
    Member {
        shape: Shape::Map(&TAG),
        non_empty: false,
        limit: Some(Limit {
            max: limit,
            unit: Unit::Items,
        }),
        api_code: Some("SDRS.2203"),
        checks: &[tags::check],
        ..argument(
            Role::Tags,
            "tags",
            "Tags, sent after the instance exists (tags/action).",
        )
    }
}

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

/// A resource's kind: its arguments, open to the others Terraform has.
const fn resource(name: &'static str, call: &'static str, members: &'static [Member]) -> Kind {
    Kind {
        name,
        call,
        wrapper: "after",
        members,
        marks: &[],
        aliases: &[],
        hints: &[],
        names: name_itself,
        open: true,
        omits_empty: true,
        excluded: &[],
    }
}

/// `opentelekomcloud_sdrs_protected_instance_v1`: `subnet_id` and
/// `ip_address`, tags up to 20 (OTC's tags/action page).
pub static OTC: Kind = resource(
    "terraform",
    "opentelekomcloud_sdrs_protected_instance_v1",
    &[
        GROUP,
        SERVER,
        NAME,
        DESCRIPTION,
        subnet("subnet_id"),
        address("ip_address"),
        tag_map(20),
    ],
);

/// `huaweicloud_sdrs_protected_instance`: the API's names, `cluster_id`,
/// tags up to 10 (Huawei's tags page).
pub static HUAWEI: Kind = resource(
    "terraform",
    "huaweicloud_sdrs_protected_instance",
    &[
        GROUP,
        SERVER,
        NAME,
        DESCRIPTION,
        subnet("primary_subnet_id"),
        address("primary_ip_address"),
        CLUSTER,
        tag_map(10),
    ],
);

/// `flexibleengine_sdrs_protectedinstance_v1`: the API's names and
/// `cluster_id`, no tags.
pub static FLEXIBLE_ENGINE: Kind = resource(
    "terraform",
    "flexibleengine_sdrs_protectedinstance_v1",
    &[
        GROUP,
        SERVER,
        NAME,
        DESCRIPTION,
        subnet("primary_subnet_id"),
        address("primary_ip_address"),
        CLUSTER,
    ],
);

/// The resource types linted, the kind each is and the platform whose name
/// rules it follows (FlexibleEngine: Open Telekom Cloud's).
pub static RESOURCES: [(&str, &Kind, Platform); 3] = [
    (
        "opentelekomcloud_sdrs_protected_instance_v1",
        &OTC,
        Platform::Otc,
    ),
    (
        "huaweicloud_sdrs_protected_instance",
        &HUAWEI,
        Platform::Huawei,
    ),
    (
        "flexibleengine_sdrs_protectedinstance_v1",
        &FLEXIBLE_ENGINE,
        Platform::Otc,
    ),
];

/// The request members whose argument a resource names otherwise, as
/// (API member, argument) pairs: for messages written in the API's words
/// (`primary_subnet_id` is `subnet_id` on Open Telekom Cloud).
pub fn renamed(resource_type: &str) -> Vec<(&'static str, &'static str)> {
    let (Some((_, kind, _)), Some(api)) = (
        RESOURCES.iter().find(|(name, ..)| *name == resource_type),
        crate::request::kind("single"),
    ) else {
        return Vec::new();
    };
    kind.members
        .iter()
        .filter_map(|argument| {
            let member = api.members.iter().find(|m| m.role == argument.role)?;
            (member.key != argument.key).then_some((member.key, argument.key))
        })
        .collect()
}
