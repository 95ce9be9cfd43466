//! The JavaScript face of the crate (SPEC §6), compiled only for
//! `wasm32`. It translates and decides nothing about a request:
//!
//! - `lint(text, options?)` lints JSON text; every `range.*.offset` is turned
//!   from a UTF-8 byte offset into a UTF-16 index, so that
//!   `text.slice(start.offset, end.offset)` is the offending source.
//! - `lintValue(value, options?)` walks a JS value into a [`Node`] tree the
//!   way `JSON.stringify` would read it (own enumerable keys in their JS
//!   order, `toJSON`, boxed primitives), and turns what JSON cannot hold into
//!   [`Kind::Foreign`], which the engine reports as `non-json-value`.
//! - `lintPlan(inputs, options?)` lints texts and values together as a plan.
//! - `rules()` is the catalogue.
//!
//! Bad input never throws and never traps: every read of a JS value that
//! could run user code (getters, proxies, `toJSON`) is caught. Only a
//! malformed `options` (or a `text` that is not a string) throws, as a
//! `TypeError` whose message names the problem.

use crate::document::{Kind, Member, Node, MAX_DEPTH, UNDEFINED};
use crate::source::LineIndex;
use crate::{Options, Report};
use js_sys::{Array, Function, JsString, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// SAFETY: `TalckWasm` assumes one thread, which this module has (it is not
// built with atomics), and owns the memory it grows; it is the only
// allocator of the module.
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

/// At most this many values are read from one JS value. A request has about
/// thirty; the bound keeps a hostile value cheap (a sparse array whose
/// `length` is 2³² − 1, or a small graph of shared references, costs
/// JavaScript nothing but would be billions of nodes here).
pub const MAX_VALUES: usize = 100_000;

#[wasm_bindgen]
extern "C" {
    // The catching forms of built-ins that run user code (proxy traps).
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn own_keys(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(js_name = String, catch)]
    fn to_js_string(value: &JsValue) -> Result<JsString, JsValue>;
    #[wasm_bindgen(js_name = Number, catch)]
    fn to_js_number(value: &JsValue) -> Result<f64, JsValue>;
    /// `Object.prototype.toString.call(value)`: `[object Map]` and the like
    /// (a proxy's trap may throw).
    #[wasm_bindgen(js_namespace = ["Object", "prototype", "toString"], js_name = call, catch)]
    fn object_tag(value: &JsValue) -> Result<JsValue, JsValue>;
    /// `Object(value)`: a BigInt's wrapper, to look up `toJSON` on it.
    #[wasm_bindgen(js_name = Object)]
    fn to_js_object(value: &JsValue) -> JsValue;
}

/// Lints a request given as JSON text. Offsets in the report are UTF-16
/// indexes into `text`.
#[wasm_bindgen]
pub fn lint(text: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let options = read_options(&options)?;
    let Some(text) = text.as_string() else {
        return Err(type_error(&format!(
            "lint() takes the request as a string of JSON text, not {}; lintValue() takes a value",
            js_type_name(&text)
        )));
    };
    let mut report = crate::lint_str(&text, &options);
    utf16_offsets(&mut report, &text);
    to_js(&report)
}

/// Lints a request given as a JS value (what a form holds): paths, no ranges.
#[wasm_bindgen(js_name = lintValue)]
pub fn lint_value(value: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let options = read_options(&options)?;
    to_js(&crate::lint_document(&document(&value), &options))
}

/// Lints many requests as one plan (SPEC §5): one report per input, in
/// order; each input is JSON text or a value.
#[wasm_bindgen(js_name = lintPlan)]
pub fn lint_plan(inputs: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let options = read_options(&options)?;
    let Some(inputs) = inputs.dyn_ref::<Array>() else {
        return Err(type_error(&format!(
            "lintPlan() takes an array of requests, not {}",
            js_type_name(&inputs)
        )));
    };
    let mut plan = crate::Plan::new(&options);
    let reports = Array::new();
    for input in inputs.iter() {
        let report = match input.as_string() {
            Some(text) => {
                let mut report = plan.lint_js_text(&text);
                utf16_offsets(&mut report, &text);
                report
            }
            None => plan.lint_js_document(&document(&input)),
        };
        reports.push(&to_js(&report)?);
    }
    Ok(reports.into())
}

/// Every rule with its metadata, in catalogue order; the documentation is
/// the package's docs.json (the `docs` feature is off in this build).
#[wasm_bindgen]
pub fn rules() -> Result<JsValue, JsValue> {
    to_js(&crate::rules())
}

// ---------------------------------------------------------------------------
// What the entry points share.
// ---------------------------------------------------------------------------

/// A report as a plain JS object (JSON-compatible: objects, not `Map`s).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
}

/// SPEC §2: in JavaScript, `offset` is a UTF-16 index into the input string.
fn utf16_offsets(report: &mut Report, text: &str) {
    let mut index = None;
    for range in report
        .diagnostics
        .iter_mut()
        .filter_map(|d| d.range.as_mut())
    {
        let index = index.get_or_insert_with(|| LineIndex::new(text));
        range.start.offset = index.utf16_offset(range.start);
        range.end.offset = index.utf16_offset(range.end);
    }
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// `undefined` means the defaults; anything else goes through
/// [`Options::from_node`], the same strict reader as the command's
/// `--config`.
fn read_options(options: &JsValue) -> Result<Options, JsValue> {
    if options.is_undefined() {
        return Ok(Options::default());
    }
    Options::from_node(&document(options)).map_err(|e| type_error(&e.0))
}

/// A JS value as the engine's document, numbered in document order.
fn document(value: &JsValue) -> Node {
    Reader {
        ancestors: Vec::new(),
        budget: MAX_VALUES,
    }
    .read(value.clone(), Key::Root, 0)
    .number()
}

/// What `toJSON` receives: the member name, the array index, or `""`.
#[derive(Clone, Copy)]
enum Key<'a> {
    Root,
    Index(u32),
    Member(&'a JsValue),
}

impl Key<'_> {
    fn to_js(self) -> JsValue {
        match self {
            Key::Root => JsValue::from_str(""),
            Key::Index(i) => JsValue::from_str(&i.to_string()),
            Key::Member(k) => k.clone(),
        }
    }
}

/// JS values every walk asks about, made once: each crossing into
/// JavaScript costs about as much as checking a member.
struct Realm {
    object_prototype: JsValue,
    array_prototype: JsValue,
    to_json: JsValue,
    length: JsValue,
}

thread_local! {
    static REALM: Realm = Realm {
        object_prototype: Reflect::get_prototype_of(&js_sys::Object::new())
            .map_or(JsValue::NULL, JsValue::from),
        array_prototype: Reflect::get_prototype_of(&Array::new())
            .map_or(JsValue::NULL, JsValue::from),
        to_json: JsValue::from_str("toJSON"),
        length: JsValue::from_str("length"),
    };
}

/// Walks a JS value the way `JSON.stringify` reads it.
struct Reader {
    /// The arrays and objects being read, outermost first (cycle detection).
    ancestors: Vec<JsValue>,
    /// Values that may still be read (see [`MAX_VALUES`]).
    budget: usize,
}

const THROWS: &str = "a getter, proxy or toJSON method that throws";

fn throws() -> Kind {
    Kind::Foreign(THROWS.into())
}

impl Reader {
    fn read(&mut self, value: JsValue, key: Key, depth: usize) -> Node {
        Node::new(self.kind(value, key, depth), None)
    }

    fn kind(&mut self, value: JsValue, key: Key, depth: usize) -> Kind {
        if let Some(s) = value.as_string() {
            return string(s, &value);
        }
        if !value.is_object() && !value.is_bigint() {
            return primitive(&value);
        }
        // JSON.stringify asks objects and BigInts for toJSON first (how a
        // Date becomes a string).
        let Ok(value) = REALM.with(|realm| to_json(value, key, realm)) else {
            return throws();
        };
        if let Some(s) = value.as_string() {
            return string(s, &value);
        }
        if !value.is_object() {
            return primitive(&value);
        }
        self.container(value, depth)
    }

    /// Anything `typeof` calls `"object"`, after `toJSON`.
    fn container(&mut self, value: JsValue, depth: usize) -> Kind {
        if depth >= MAX_DEPTH {
            return Kind::Foreign(format!("nested deeper than {MAX_DEPTH} arrays and objects"));
        }
        let Ok(prototype) = Reflect::get_prototype_of(&value) else {
            return throws();
        };
        let prototype = JsValue::from(prototype);
        let plain = prototype.is_null()
            || REALM.with(|r| prototype == r.object_prototype || prototype == r.array_prototype);
        if !plain {
            if let Some(kind) = exotic(&value) {
                return kind;
            }
        }
        if self.ancestors.iter().any(|a| js_sys::Object::is(a, &value)) {
            return Kind::Foreign("a cyclic reference".into());
        }
        let Ok(array) = is_array(&value) else {
            return throws();
        };
        let keys = if array {
            None
        } else {
            match own_keys(&value) {
                Ok(keys) => Some(keys),
                Err(_) => return throws(),
            }
        };
        let len = match &keys {
            Some(keys) => keys.length() as usize,
            None => match REALM.with(|r| Reflect::get(&value, &r.length)) {
                Ok(len) => len.as_f64().unwrap_or(0.0) as usize,
                Err(_) => return throws(),
            },
        };
        if len > self.budget {
            let what = if array { "an array" } else { "an object" };
            return Kind::Foreign(format!(
                "{what} of {len} values (more than the {MAX_VALUES} a request is read for)"
            ));
        }
        self.budget -= len;
        self.ancestors.push(value.clone());
        let kind = match keys {
            None => Kind::Array(
                (0..len as u32)
                    .map(|i| match Reflect::get_u32(&value, i) {
                        Ok(item) => self.read(item, Key::Index(i), depth + 1),
                        Err(_) => Node::new(throws(), None),
                    })
                    .collect(),
            ),
            Some(keys) => Kind::Object(
                keys.iter()
                    .map(|key| Member {
                        value: match Reflect::get(&value, &key) {
                            Ok(v) => self.read(v, Key::Member(&key), depth + 1),
                            Err(_) => Node::new(throws(), None),
                        },
                        key: key.as_string().unwrap_or_default(),
                        key_span: None,
                    })
                    .collect(),
            ),
        };
        self.ancestors.pop();
        kind
    }
}

fn to_json(value: JsValue, key: Key, realm: &Realm) -> Result<JsValue, ()> {
    // A BigInt has a toJSON only when a program adds one to BigInt.prototype.
    let holder = if value.is_bigint() {
        to_js_object(&value)
    } else {
        value.clone()
    };
    let method = Reflect::get(&holder, &realm.to_json).map_err(|_| ())?;
    match method.dyn_ref::<Function>() {
        Some(method) => method.call1(&value, &key.to_js()).map_err(|_| ()),
        None => Ok(value),
    }
}

/// An object that is not a plain object or array: JSON.stringify unboxes
/// `new String(…)`, `new Number(…)` and `new Boolean(…)`, and writes a `Map`
/// or `Set` as `{}`, losing its contents. `None`: read it as an object.
/// Told by `Object.prototype.toString` (one import, where an `instanceof`
/// per class would be eight).
fn exotic(value: &JsValue) -> Option<Kind> {
    let Ok(tag) = object_tag(value) else {
        return Some(throws());
    };
    Some(match tag.as_string()?.as_str() {
        "[object Map]" | "[object WeakMap]" => Kind::Foreign("a Map".into()),
        "[object Set]" | "[object WeakSet]" => Kind::Foreign("a Set".into()),
        "[object BigInt]" => Kind::Foreign("a BigInt".into()),
        "[object Number]" => to_js_number(value).map_or_else(|_| throws(), number),
        "[object String]" => to_js_string(value).map_or_else(
            |_| throws(),
            |s| {
                let s = JsValue::from(s);
                string(s.as_string().unwrap_or_default(), &s)
            },
        ),
        "[object Boolean]" => {
            to_js_number(value).map_or_else(|_| throws(), |n| Kind::Bool(n != 0.0))
        }
        _ => return None,
    })
}

fn string(s: String, value: &JsValue) -> Kind {
    // A lone surrogate became U+FFFD on the way into Rust; JSON text can
    // only carry it as a `\u` escape, which strict JSON refuses (SPEC §2).
    if s.contains('\u{FFFD}') && !value.unchecked_ref::<JsString>().is_valid_utf16() {
        return Kind::Foreign("a string with an unpaired UTF-16 surrogate".into());
    }
    Kind::String(s)
}

/// Anything but a string or an object.
fn primitive(value: &JsValue) -> Kind {
    if value.is_null() {
        Kind::Null
    } else if let Some(b) = value.as_bool() {
        Kind::Bool(b)
    } else if let Some(n) = value.as_f64() {
        number(n)
    } else if value.is_undefined() {
        Kind::Foreign(UNDEFINED.into())
    } else if value.is_function() {
        Kind::Foreign("a function".into())
    } else if value.is_bigint() {
        Kind::Foreign("a BigInt".into())
    } else {
        Kind::Foreign("a symbol".into())
    }
}

fn number(n: f64) -> Kind {
    if n.is_nan() {
        Kind::Foreign("NaN".into())
    } else if n.is_infinite() {
        Kind::Foreign(if n > 0.0 { "Infinity" } else { "-Infinity" }.into())
    } else {
        // JSON.stringify writes a finite number as JavaScript's ToString does.
        to_js_string(&JsValue::from_f64(n)).map_or_else(|_| throws(), |s| Kind::Number(s.into()))
    }
}

/// How a message names a JS value's type.
fn js_type_name(value: &JsValue) -> &'static str {
    if value.is_null() {
        "null"
    } else if value.is_undefined() {
        "undefined"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.as_f64().is_some() {
        "a number"
    } else if value.is_bigint() {
        "a BigInt"
    } else if value.is_symbol() {
        "a symbol"
    } else if value.is_function() {
        "a function"
    } else if is_array(value).unwrap_or(false) {
        "an array"
    } else {
        "an object"
    }
}
