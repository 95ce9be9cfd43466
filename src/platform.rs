//! The clouds the call exists on (SPEC §7): Open Telekom Cloud, whose API
//! page the rules come from, and Huawei Cloud, with small differences.

/// Which cloud's variant of the call a request is for (SPEC §7).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// Open Telekom Cloud: the API page the rules come from.
    #[default]
    Otc,
    /// Huawei Cloud: Chinese characters in names, dedicated hosts, DSS
    /// storage pools, the Tag Management Service's own tag rules.
    Huawei,
}

impl Platform {
    pub const ALL: [Platform; 2] = [Platform::Otc, Platform::Huawei];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Otc => "otc",
            Platform::Huawei => "huawei",
        }
    }
}

impl std::str::FromStr for Platform {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "otc" => Ok(Platform::Otc),
            "huawei" => Ok(Platform::Huawei),
            _ => Err(format!(
                "unknown platform '{name}' (expected \"otc\" or \"huawei\")"
            )),
        }
    }
}
