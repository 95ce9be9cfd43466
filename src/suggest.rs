//! "Did you mean …?": the nearest known name to a misspelt one, for rule
//! codes and option keys (usage errors) and for a request's members
//! (`unknown-field`, `misspelled-field`). Below every layer that names
//! things.

/// The candidate nearest to a misspelt name, within three edits: what a
/// usage error suggests ("did you mean …?"), case aside (`NAME-CHARSET`
/// finds `name-charset`). Ties go to the first.
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // ASCII folding: every candidate is ASCII, and Unicode's case tables
    // would cost the browser build kilobytes.
    let name = name.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::levenshtein(&name, &c.to_ascii_lowercase()), *c))
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A key compared and hashed ignoring ASCII case, without a folded copy.
#[derive(Clone, Copy, Debug)]
pub struct Folded<'d>(pub &'d str);

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Folded<'_> {}

impl std::hash::Hash for Folded<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for b in self.0.bytes() {
            state.write_u8(b.to_ascii_lowercase());
        }
        state.write_u8(0xff);
    }
}

/// A known name for a misspelt one, and whether it came through an alias
/// (a Terraform or SDK name): an alias as written, else a name equal
/// ignoring (ASCII, as every known name is) case, `_` and `-` to a known
/// name, else to an alias (`flavorId`, `Subnet_Id`), else the nearest
/// known name within two edits (ties to the first in `known`). Names whose lengths
/// differ by more than two are never within two edits, so most pairs cost
/// a comparison of lengths.
pub fn suggest(
    name: &str,
    known: &[&'static str],
    aliases: &[(&str, &'static str)],
) -> Option<(&'static str, bool)> {
    // Compared lazily: a mismatch stops at the short known name's end.
    fn folded(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes()
            .filter(|b| *b != b'_' && *b != b'-')
            .map(|b| b.to_ascii_lowercase())
    }
    // Every unknown member asks (its code depends on the answer), so the
    // comparisons that cannot match are ruled out by a length first.
    let folded_len = |s: &str| s.bytes().filter(|b| *b != b'_' && *b != b'-').count();
    let name_folded = folded_len(name);
    let same_folded = |k: &str| folded_len(k) == name_folded && folded(k).eq(folded(name));
    let aliases = aliases.iter().filter(|(_, target)| known.contains(target));
    if let Some((_, target)) = aliases.clone().find(|(a, _)| *a == name) {
        return Some((target, true));
    }
    if let Some(k) = known.iter().find(|k| same_folded(k)) {
        return Some((k, false));
    }
    if let Some((_, target)) = aliases.clone().find(|(a, _)| same_folded(a)) {
        return Some((target, true));
    }
    // Aliases get no edit distance: each would cost every unknown member
    // one more, and they are spelt like the names they stand for. Two edits
    // change the number of characters by two at most.
    let chars = name.chars().count();
    let mut best: Option<(usize, &'static str)> = None;
    for k in known.iter().filter(|k| k.len().abs_diff(chars) <= 2) {
        if let Some(d) = within_two_edits(name, k) {
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, k));
            }
        }
    }
    best.map(|(_, k)| (k, false))
}

/// The Levenshtein distance between a name and a known (ASCII, short)
/// name when it is at most two; `None` as soon as a row of the table
/// exceeds it. Two rows on the stack: no allocation per comparison. At
/// most two characters can differ, each at most four bytes where the known
/// name has one: a longer name is not within two edits.
pub fn within_two_edits(name: &str, known: &str) -> Option<usize> {
    const MAX: usize = 2;
    let known = known.as_bytes();
    let mut previous = [0usize; 32];
    let mut current = [0usize; 32];
    let width = known.len() + 1;
    if width > previous.len() || name.len() > known.len() + MAX * 4 {
        return None;
    }
    for (j, cell) in previous.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for (i, c) in name.chars().enumerate() {
        current[0] = i + 1;
        let mut smallest = current[0];
        for j in 1..width {
            let cost = usize::from(c as u32 != u32::from(known[j - 1]));
            current[j] = (previous[j - 1] + cost)
                .min(previous[j] + 1)
                .min(current[j - 1] + 1);
            smallest = smallest.min(current[j]);
        }
        if smallest > MAX {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    Some(previous[width - 1]).filter(|d| *d <= MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_edits_match_the_levenshtein_distance() {
        for known in [
            "protected_instance",
            "server_group_id",
            "name",
            "flavorRef",
            "tags",
        ] {
            for name in [
                "serverId",
                "flavor_ref",
                "nmae",
                "names",
                "tag",
                "tags",
                "x",
                "",
                "server_group_idd",
                "priamry_ip_address",
                "dédicated_host_id",
                "中文",
                known,
            ] {
                let expected = Some(strsim::levenshtein(name, known)).filter(|d| *d <= 2);
                assert_eq!(within_two_edits(name, known), expected, "{name} {known}");
            }
        }
    }
}
