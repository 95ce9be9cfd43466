// The package's JavaScript, shared by the browser and Node.js builds
// (scripts/build-wasm.sh wraps it in each module format): what the first
// lint needs (lint(), lintValue(), rules()); api-full.js adds the rest. What
// crosses into WebAssembly is text: a request, its options and a plan are
// written as JSON, the way JSON.stringify reads a value, with each value JSON
// cannot hold written as a marked token (U+0001 and its name) that the engine
// reports as `non-json-value`; the report comes back as JSON text, read by
// one JSON.parse. Reading a value never throws: a getter, proxy or toJSON
// that throws is a value JSON cannot hold, and so is a member whose name JSON
// text cannot carry (see `memberName`).
//
// `wasm` is the module's functions; the browser build replaces them with
// the full module's once load() has loaded it, so every call goes there.

/* exported createApi */
function createApi(wasm) {
  /** Arrays and objects nested deeper than this are not read (SPEC §2). */
  const MAX_DEPTH = 128;
  /**
   * At most this many values (members and elements, at every depth) are
   * read from one argument: a sparse array of length 2³²−1, or a small graph
   * of shared references, costs JavaScript nothing to build but would be
   * billions of values to write. A larger argument is not read at all: it is
   * one `non-json-value` (`too-many-values`) at its root. A million is ten
   * thousand times a real request, and lint() of the same request as text
   * has no such limit (README, Limits).
   */
  const MAX_VALUES = 1000000;
  const FOREIGN = '\u0001';
  const objectPrototype = Object.prototype;
  const arrayPrototype = Array.prototype;
  const toStringTag = Object.prototype.toString;

  function foreign(name) {
    return FOREIGN + '"' + name + '"';
  }

  /** A string as JSON, or the mark of one with a lone surrogate (JSON text cannot carry it). */
  function string(s) {
    return s.isWellFormed() ? JSON.stringify(s) : foreign('lone-surrogate');
  }

  /** A string as `JSON.stringify` escapes it, without the quotes: `x\ud800` for `'x\uD800'`. */
  function escaped(s) {
    return JSON.stringify(s).slice(1, -1);
  }

  /**
   * The name a member whose name has a lone surrogate is written under (its
   * value is not read: it is the mark `lone-surrogate-key`): escaped,
   * `x\ud800`, and again (`x\\ud800`) while the object has a member of that
   * name. Escaping is one-to-one and well-formed, so the name is never
   * another member's: no false `duplicate-key` (as `x\uFFFD` would be with
   * a real `x\uFFFD`). `taken`: the object's names and those given.
   */
  function memberName(name, taken) {
    let written = escaped(name);
    while (taken.has(written)) written = escaped(written);
    taken.add(written);
    return written;
  }

  function primitive(value) {
    switch (typeof value) {
      case 'boolean':
        return value ? 'true' : 'false';
      case 'number':
        if (Number.isNaN(value)) return foreign('nan');
        if (!Number.isFinite(value)) return foreign(value > 0 ? 'infinity' : '-infinity');
        return JSON.stringify(value);
      case 'undefined':
        return foreign('undefined');
      case 'function':
        return foreign('function');
      case 'bigint':
        return foreign('bigint');
      case 'symbol':
        return foreign('symbol');
      default:
        return value === null ? 'null' : foreign('throws');
    }
  }

  /**
   * Writes any JavaScript value as the engine reads it: one argument (a
   * request, a plan's request, the options), with its own budget of
   * MAX_VALUES values. In options (`isOptions`), such a member name is a
   * TypeError (`refused`, thrown past every catch) at `trail`.
   */
  function json(argument, isOptions = false) {
    const ancestors = [];
    const trail = [];
    let refused = null;
    let budget = MAX_VALUES;
    /** The budget ran out: nothing more is read, and the argument is one mark. */
    let exceeded = false;

    function write(value, key, depth) {
      if (typeof value === 'string') return string(value);
      if (typeof value !== 'object' && typeof value !== 'bigint') return primitive(value);
      if (value === null) return 'null';
      // JSON.stringify asks objects and BigInts for toJSON first (how a Date becomes a string).
      try {
        const toJSON = value.toJSON;
        if (typeof toJSON === 'function') value = toJSON.call(value, key);
      } catch {
        return foreign('throws');
      }
      if (typeof value === 'string') return string(value);
      if (typeof value !== 'object' || value === null) return primitive(value);
      try {
        return container(value, depth);
      } catch {
        if (refused !== null) throw refused;
        return foreign('throws');
      }
    }

    function container(value, depth) {
      if (depth >= MAX_DEPTH) return foreign('too-deep');
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== null && prototype !== objectPrototype && prototype !== arrayPrototype) {
        switch (toStringTag.call(value)) {
          case '[object Map]':
          case '[object WeakMap]':
            return foreign('map');
          case '[object Set]':
          case '[object WeakSet]':
            return foreign('set');
          case '[object BigInt]':
            return foreign('bigint');
          // JSON.stringify unboxes these.
          case '[object Number]':
            return primitive(Number(value));
          case '[object String]':
            return string(String(value));
          case '[object Boolean]':
            return Number(value) !== 0 ? 'true' : 'false';
          default:
        }
      }
      if (ancestors.includes(value)) return foreign('cycle');
      const array = Array.isArray(value);
      const keys = array ? null : Object.keys(value);
      const length = array ? value.length >>> 0 : keys.length;
      if (length > budget) {
        exceeded = true;
        return '';
      }
      budget -= length;
      ancestors.push(value);
      let taken = null;
      // One string grown in place: V8 joins it once, cheaper than an array of parts.
      let out = array ? '[' : '{';
      for (let i = 0; i < length && !exceeded; i++) {
        if (i > 0) out += ',';
        const name = array ? String(i) : keys[i];
        if (!array && !name.isWellFormed()) {
          if (isOptions) {
            // As the options' errors name a place: `policy.tags`, `context.servers[0]`.
            const at = trail.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('').slice(1);
            refused = new TypeError(`${at || 'options'} has a member whose name "${escaped(name)}" holds a lone UTF-16 surrogate, which JSON text cannot carry`);
            throw refused;
          }
          taken ??= new Set(keys);
          out += JSON.stringify(memberName(name, taken)) + ':' + foreign('lone-surrogate-key');
          continue;
        }
        if (isOptions) trail.push(array ? i : name);
        let item;
        try {
          item = write(value[name], name, depth + 1);
        } catch {
          if (refused !== null) throw refused;
          item = foreign('throws');
        }
        if (isOptions) trail.pop();
        out += array ? item : JSON.stringify(name) + ':' + item;
      }
      ancestors.pop();
      return out + (array ? ']' : '}');
    }

    const text = write(argument, '', 0);
    return exceeded ? foreign('too-many-values') : text;
  }

  /** Options as text; only `undefined` means none. */
  function options(value) {
    return value === undefined ? '' : json(value, true);
  }

  /**
   * The answer of the module: the report, or a TypeError for malformed
   * options. Options that ask for what the loaded module leaves out (the
   * browser build's core module: `locale` de or zh, `context`, `policy`,
   * `kind: "terraform"`) name the feature, and how to get it.
   */
  function answer(text) {
    const result = JSON.parse(text);
    if (result !== null && typeof result === 'object' && 'usage_error' in result && !Array.isArray(result)) {
      const more = 'feature' in result ? ' (the core module): call `await load()` first to load the full module, which has it' : '';
      throw new TypeError(result.usage_error + more);
    }
    return result;
  }

  /** A value's type as the engine's messages name it: `null`, `array`, or its `typeof`. */
  function typeName(value) {
    return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  }


  /** Where a string stops being well-formed UTF-16: [UTF-16 index, code unit] of its first lone surrogate, or null. */
  function illFormed(text) {
    if (text.isWellFormed()) return null;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 0xd800 || unit > 0xdfff) continue;
      const next = text.charCodeAt(i + 1);
      if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
      else return [i, unit];
    }
    return null;
  }

  /**
   * The report of a request given as text: a string that is not well-formed
   * (UTF-8 cannot carry its lone surrogates) and an argument that is not a
   * string are each one `invalid-json`, as the engine words it.
   */
  function lintRequestText(request, opts) {
    if (typeof request !== 'string') return answer(wasm.lintNotText(typeName(request), options(opts)));
    const bad = illFormed(request);
    if (bad !== null) return answer(wasm.lintIllFormed(request, options(opts), bad[0], bad[1]));
    return null;
  }

  function lint(request, opts) {
    return lintRequestText(request, opts) ?? answer(wasm.lintText(request, options(opts)));
  }

  function lintValue(value, opts) {
    return answer(wasm.lintValue(json(value), options(opts)));
  }

  function rules() {
    return JSON.parse(wasm.rulesJson());
  }

  /**
   * One lint of a body with the usual mistakes and one of a value, as the
   * module is made ready: V8 compiles a WebAssembly function on its first
   * call, which made a user's first lint() ~11 ms in Node.js; after this
   * one it is ~0.2 ms, and the import ~5 ms longer (BENCHMARKS.md).
   */
  function warm() {
    const body = '{"protected_instance":{"server_group_id":"5","server_id":"A","name":"a b","description":"<",'
      + '"primary_ip_address":"1.2.3.04","flavorRef":"s3","zone":1,"tags":[{"key":"k","value":"v"},{"key":"k","value":""}]}}';
    lint(body);
    lintValue(JSON.parse(body));
  }

  return {
    lint,
    lintValue,
    rules,
    warm,
    // What api-full.js builds on.
    shared: { MAX_DEPTH, MAX_VALUES, foreign, json, options, answer, typeName, illFormed, lintRequestText },
  };
}
