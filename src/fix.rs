//! Applying fixes: [`fix_str`] applies the fixes of a report as text edits
//! (see [`crate::edit`]), relints and repeats (fixes can enable other
//! fixes), at most ten times, like ESLint.

use crate::document::Span;
use crate::options::Options;
use crate::report::{Applicability, Fix, PatchOp, Report};
use crate::source::OffsetUnit;
use std::collections::HashSet;

/// ESLint's bound: fixes can enable other fixes, but never loop forever.
pub const MAX_PASSES: usize = 10;

/// One fix that was applied.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    pub code: &'static str,
    pub path: String,
    pub description: String,
}

/// The outcome of [`fix_str`].
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Fixed {
    /// The text with the fixes applied.
    pub text: String,
    /// Every fix applied, in the order applied.
    pub applied: Vec<Applied>,
    /// The lint of the fixed text.
    pub report: Report,
}

/// The places in the value the fixes of one pass write to (their patches'
/// JSON Pointers) and those places' ancestors. Edits far apart in the text
/// can still meet in the value: a member renamed to `tags` and a new `tags`
/// member, or the wrapper that moves every root member and a rename at the
/// root. Two fixes that write to one place, or one within the other, wait
/// for separate passes, where each sees what the other did.
#[derive(Default)]
struct Claims<'r> {
    written: HashSet<&'r str>,
    within: HashSet<&'r str>,
}

impl<'r> Claims<'r> {
    fn places(fix: &Fix) -> impl Iterator<Item = &str> {
        fix.patch
            .iter()
            .flat_map(|op| match op {
                PatchOp::Move { from, path } => [Some(from.as_str()), Some(path.as_str())],
                PatchOp::Replace { path, .. }
                | PatchOp::Add { path, .. }
                | PatchOp::Remove { path } => [Some(path.as_str()), None],
            })
            .flatten()
    }

    /// The pointers of a place's ancestors, root aside (`/a/b` → `/a`).
    fn ancestors(place: &str) -> impl Iterator<Item = &str> {
        place.match_indices('/').skip(1).map(|(i, _)| &place[..i])
    }

    fn clash(&self, fix: &Fix) -> bool {
        Self::places(fix).any(|place| {
            self.written.contains(place)
                || self.within.contains(place)
                || Self::ancestors(place).any(|a| self.written.contains(a))
        })
    }

    fn take(&mut self, fix: &'r Fix) {
        for place in Self::places(fix) {
            self.written.insert(place);
            self.within.extend(Self::ancestors(place));
        }
    }
}

/// Applies the fixes of `text`'s diagnostics, up to `allowed` (safe fixes,
/// or safe and unsafe ones), relinting between passes. A fix whose edits
/// touch another's waits for the next pass.
pub fn fix_str(text: &str, options: &Options, allowed: Applicability) -> Fixed {
    fix_with(text, options, allowed, OffsetUnit::Utf8)
}

pub(crate) fn fix_with(
    text: &str,
    options: &Options,
    allowed: Applicability,
    unit: OffsetUnit,
) -> Fixed {
    // Every finding's fix, not only those the report's cap would keep.
    let every = Options {
        max_diagnostics: usize::MAX,
        ..options.clone()
    };
    let mut text = text.to_string();
    let mut applied = Vec::new();
    for _ in 0..MAX_PASSES {
        let report = crate::lint_str(&text, &every);
        let mut taken: Vec<(Span, &str)> = Vec::new();
        // The spans taken so far, sorted and disjoint, so the one starting
        // last at or before an edit's end is the only one it can touch (a
        // lookup, not a scan: 100 000 fixes in one pass). Fixes come in the
        // order of their findings, so an insertion is at or near the end.
        let mut spans: Vec<Span> = Vec::new();
        let touches = |spans: &[Span], e: Span| {
            let after = spans.partition_point(|t| t.start <= e.end);
            after > 0 && spans[after - 1].end >= e.start
        };
        let mut claims = Claims::default();
        // Safe fixes first: where a safe and an unsafe fix clash (a rename
        // to `tags` and a new `tags` with an invented tag), the safe one
        // goes first and the unsafe one, a pass later, sees it.
        let by = |a: Applicability| {
            report
                .diagnostics
                .iter()
                // A plan's fixes are suggestions for the configuration:
                // the plan is Terraform's to write (SPEC §10).
                .filter(|d| d.resource.is_none())
                .filter(move |d| d.fix.as_ref().is_some_and(|f| f.applicability == a))
        };
        for d in by(Applicability::Safe).chain(by(Applicability::Unsafe)) {
            let Some(fix) = d.fix.as_ref().filter(|f| f.applicability <= allowed) else {
                continue;
            };
            let edits: Vec<(Span, &str)> = fix
                .edits
                .iter()
                .map(|e| {
                    let span = Span::new(e.range.start.offset, e.range.end.offset);
                    (span, e.text.as_str())
                })
                .collect();
            // Closed intervals: edits that touch wait too (two insertions
            // at one place would come out in either order).
            if edits.is_empty()
                || edits.iter().any(|(e, _)| touches(&spans, *e))
                || claims.clash(fix)
            {
                continue;
            }
            claims.take(fix);
            for (e, _) in &edits {
                let at = spans.partition_point(|t| t.start < e.start);
                spans.insert(at, *e);
            }
            taken.extend(edits);
            applied.push(Applied {
                code: d.code,
                path: d.path.clone(),
                description: fix.description.clone(),
            });
        }
        if taken.is_empty() {
            break;
        }
        taken.sort_unstable_by_key(|(span, _)| *span);
        let mut fixed = String::with_capacity(text.len());
        let mut at = 0;
        for (span, replacement) in taken {
            fixed.push_str(text.get(at..span.start).unwrap_or_default());
            fixed.push_str(replacement);
            at = span.end;
        }
        fixed.push_str(text.get(at..).unwrap_or_default());
        text = fixed;
    }
    let report = crate::lint_str_in(&text, options, unit);
    Fixed {
        text,
        applied,
        report,
    }
}
