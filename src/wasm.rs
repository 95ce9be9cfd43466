//! The WebAssembly face of the crate, compiled only for `wasm32`: text in,
//! text out. The package's JavaScript (`pkg/src/api.js`) writes requests,
//! options and plans as JSON text (a JavaScript value as `JSON.stringify`
//! reads it, with what JSON cannot hold marked, see [`crate::source`]),
//! hands each call one string, and builds the report with one `JSON.parse`:
//! cheaper than reading a value a property at a time across the boundary,
//! and it keeps `js-sys` and `serde` out of the module. Nothing here decides
//! anything about a request.
//!
//! Every function returns JSON text: a report, reports, a fix's outcome or
//! the catalogue, or `{"usage_error": "…"}`, which the JavaScript throws as
//! a `TypeError` (with `"feature"` when the options ask for what this build
//! leaves out: the core browser module is built without the `full` feature,
//! so it has neither `fixText` nor `schemaJson`).

use crate::document::Document;
use crate::options::OptionsError;
use crate::source::{self, parse_with, OffsetUnit};
use crate::{wire, Options};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

// SAFETY: `TalckWasm` assumes one thread, which this module has (it is not
// built with atomics), and owns the memory it grows; it is the only
// allocator of the module.
#[cfg(feature = "small-allocator")]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

thread_local! {
    /// The options of the last call, by their text: a console lints on every
    /// keystroke with the same options, and a large context is read and
    /// indexed once, not per keystroke.
    static LAST_OPTIONS: RefCell<Option<(String, Rc<Options>)>> = const { RefCell::new(None) };
}

/// Options from their JSON text (`""` for none), or why they are wrong.
fn options(text: &str) -> Result<Rc<Options>, OptionsError> {
    if text.is_empty() {
        return Ok(Rc::new(Options::default()));
    }
    if let Some(cached) = LAST_OPTIONS.with_borrow(|last| {
        last.as_ref()
            .filter(|(t, _)| t == text)
            .map(|(_, o)| o.clone())
    }) {
        return Ok(cached);
    }
    let document = parse_with(text, false, true)
        .map_err(|e| OptionsError(format!("options: {}", e.message)))?;
    let options = Rc::new(Options::from_node(document.root())?);
    LAST_OPTIONS.set(Some((text.to_string(), options.clone())));
    Ok(options)
}

/// Runs `f` with the options, or answers the usage error.
fn with_options(text: &str, f: impl FnOnce(&Options) -> String) -> String {
    match options(text) {
        Ok(options) => f(&options),
        Err(e) => match e.feature() {
            Some(feature) => wire::missing_feature(&e.0, feature),
            None => wire::usage_error(&e.0),
        },
    }
}

/// A value's JSON text as the engine's document root (no spans: object
/// input); a text the JavaScript did not write right is a usage error.
fn value<R>(text: &str, f: impl FnOnce(&Document) -> R) -> Result<R, String> {
    let document =
        parse_with(text, false, true).map_err(|e| format!("unreadable value: {}", e.message))?;
    Ok(f(&document))
}

/// Lints JSON text; offsets are UTF-16 indexes into it.
#[wasm_bindgen(js_name = lintText)]
pub fn lint_text(text: &str, options: &str) -> String {
    with_options(options, |o| {
        wire::report(&crate::lint_str_in(text, o, OffsetUnit::Utf16))
    })
}

/// Lints a string that is not well-formed UTF-16: `at` is the UTF-16 index
/// of its first lone surrogate, `unit` that code unit (the text arrives
/// with U+FFFD in its place). One `invalid-json`, at the surrogate.
#[wasm_bindgen(js_name = lintIllFormed)]
pub fn lint_ill_formed(text: &str, options: &str, at: u32, unit: u16) -> String {
    with_options(options, |o| {
        let error = source::lone_surrogate(text, at as usize, unit);
        wire::report(&crate::lint_unreadable(
            &error,
            Some(text),
            o,
            OffsetUnit::Utf16,
        ))
    })
}

/// Lints an argument that is not a string where text was asked for;
/// `actual` names its JavaScript type. One `invalid-json`, with no range.
#[wasm_bindgen(js_name = lintNotText)]
pub fn lint_not_text(actual: &str, options: &str) -> String {
    with_options(options, |o| {
        let error = source::not_text(actual);
        wire::report(&crate::lint_unreadable(&error, None, o, OffsetUnit::Utf16))
    })
}

/// Lints a JavaScript value written as JSON text: paths, no ranges.
#[wasm_bindgen(js_name = lintValue)]
pub fn lint_value(json: &str, options: &str) -> String {
    with_options(options, |o| {
        value(json, |document| {
            wire::report(&crate::engine::lint(
                Ok(document),
                o,
                None,
                OffsetUnit::Utf16,
            ))
        })
        .unwrap_or_else(|e| wire::usage_error(&e))
    })
}

/// Lints a plan written as a JSON array: a string element is a request's
/// JSON text (ranges into it), anything else a request value.
/// `ill_formed` holds, for each string that was not well-formed UTF-16, its
/// element's index, its first lone surrogate's UTF-16 index and that code
/// unit, in element order (see [`lint_ill_formed`]).
#[cfg(feature = "lint-plan")]
#[wasm_bindgen(js_name = lintPlan)]
pub fn lint_plan(json: &str, options: &str, ill_formed: &[u32]) -> String {
    with_options(options, |o| {
        value(json, |document| {
            let root = document.root();
            let mut plan = crate::Plan::new(o).with_offsets(OffsetUnit::Utf16);
            let mut ill_formed = ill_formed.chunks_exact(3).peekable();
            let reports: Vec<_> = root
                .elements()
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, input)| {
                    let bad = ill_formed.next_if(|t| t[0] as usize == i);
                    match (input.as_str(), bad) {
                        (Some(text), Some(&[_, at, unit])) => {
                            let error = source::lone_surrogate(text, at as usize, unit as u16);
                            plan.lint_unreadable(&error, Some(text))
                        }
                        (Some(text), _) => plan.lint(text.into()),
                        (None, _) => plan.lint_node(input),
                    }
                })
                .collect();
            wire::reports(&reports)
        })
        .unwrap_or_else(|e| wire::usage_error(&e))
    })
}

/// Applies the fixes of JSON text (the unsafe ones too when asked).
#[cfg(feature = "fix")]
#[wasm_bindgen(js_name = fixText)]
pub fn fix_text(text: &str, options: &str, unsafe_fixes: bool) -> String {
    use crate::Applicability;
    let allowed = if unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    with_options(options, |o| {
        wire::fixed(&crate::fix::fix_with(text, o, allowed, OffsetUnit::Utf16))
    })
}

/// The catalogue's metadata (the documentation is the package's docs.json).
#[wasm_bindgen(js_name = rulesJson)]
pub fn rules_json() -> String {
    wire::rules()
}

/// The request's JSON Schema for the options' platform.
#[cfg(feature = "schema")]
#[wasm_bindgen(js_name = schemaJson)]
pub fn schema_json(options: &str) -> String {
    with_options(options, |o| {
        crate::schema::for_options(o).unwrap_or_else(|e| wire::usage_error(&e))
    })
}

/// The request kinds and their members for the options' platform, with
/// display names in the options' language.
#[cfg(feature = "forms")]
#[wasm_bindgen(js_name = kindsJson)]
pub fn kinds_json(options: &str) -> String {
    with_options(options, |o| wire::kinds(o.platform, o.locale, o.kind))
}

/// JSON text as a tree with UTF-16 ranges, or its syntax problem.
#[cfg(feature = "forms")]
#[wasm_bindgen(js_name = outlineText)]
pub fn outline_text(text: &str) -> String {
    wire::outline(text)
}
