// The rest of the package's JavaScript (see api.js): lintPlan(), fix(),
// applyFix(), schema(), kinds() and outline(). The browser build loads it
// with the full module (load()); Node.js has it from the start. `wasm` is
// the full module's functions, `shared` what api.js's createApi() shares.

/* exported createFullApi */
function createFullApi(wasm, shared) {
  const { MAX_DEPTH, MAX_VALUES, foreign, json, options, answer, typeName, illFormed, lintRequestText } = shared;
  /** At most this many requests in a plan: `new Array(2 ** 32 - 1)` costs nothing, its reports would. */
  const MAX_PLAN = 100000;
  const objectPrototype = Object.prototype;

  /** The same as usage errors name it: `null`, `an array`, `a number`, `a BigInt`. */
  function described(value) {
    const name = typeName(value);
    if (name === 'null' || name === 'undefined') return name;
    if (name === 'bigint') return 'a BigInt';
    return (name === 'array' || name === 'object' ? 'an ' : 'a ') + name;
  }

  /** Any value as text, for a message (an exception: its name and message); never throws. */
  function shown(v) {
    try {
      return v === '' ? '""' : v instanceof Error ? `${v.name}: ${v.message}` : String(v);
    } catch {
      return 'a value that cannot be shown';
    }
  }

  function lintPlan(inputs, opts) {
    if (!Array.isArray(inputs)) {
      throw new TypeError(`lintPlan() takes an array of requests, not ${described(inputs)}`);
    }
    // A Proxy's length can throw, or be anything.
    let length;
    try {
      length = inputs.length;
    } catch (e) {
      throw new TypeError(`lintPlan() takes an array of requests whose length can be read, not one whose length throws ${shown(e)}`);
    }
    if (!(Number.isInteger(length) && length >= 0 && length <= MAX_PLAN)) {
      throw new TypeError(`lintPlan() takes an array of at most 100 000 requests, not one of length ${shown(length)}`);
    }
    // A string is a request's text; anything else a request value, read
    // with a budget of its own; a hole is `undefined`, an element that
    // throws `throws`. A string's lone surrogates (U+FFFD here, as UTF-8 has
    // them) are named to the engine by element: index, UTF-16 index, code
    // unit.
    const illFormedTexts = [];
    const parts = [];
    for (let i = 0; i < length; i++) {
      let input;
      try {
        input = inputs[i];
      } catch {
        parts.push(foreign('throws'));
        continue;
      }
      const bad = typeof input === 'string' ? illFormed(input) : null;
      if (bad !== null) illFormedTexts.push(i, bad[0], bad[1]);
      parts.push(typeof input !== 'string' ? json(input) : JSON.stringify(bad === null ? input : input.toWellFormed()));
    }
    return answer(wasm.lintPlan('[' + parts.join(',') + ']', options(opts), new Uint32Array(illFormedTexts)));
  }

  /**
   * fix()'s options: the lint options, and whether the unsafe fixes apply
   * too (`unsafeFixes`, which the engine does not read). Read as guardedly
   * as the lint options: a getter or proxy that throws is a TypeError, never
   * the caller's own exception. The other members are handed on unread, as
   * getters of the caller's object, for the lint options' own reading.
   */
  function fixOptions(opts) {
    if (opts === null || typeof opts !== 'object') return [opts, false];
    let keys;
    try {
      // An array is not options: the lint options' reading says so.
      if (Array.isArray(opts)) return [opts, false];
      keys = Object.keys(opts);
    } catch {
      // A revoked proxy, or one whose traps throw: the lint options' reading names it.
      return [opts, false];
    }
    const misspelt = keys.find((k) => k !== 'unsafeFixes' && k.replace(/[_-]/g, '').toLowerCase() === 'unsafefixes');
    if (misspelt !== undefined) throw new TypeError(`unknown option '${misspelt}' (did you mean 'unsafeFixes'?)`);
    if (!keys.includes('unsafeFixes')) return [opts, false];
    let unsafe;
    try {
      unsafe = opts.unsafeFixes;
    } catch {
      throw new TypeError('options.unsafeFixes must be a boolean, not a getter or proxy that throws');
    }
    if (typeof unsafe !== 'boolean' && unsafe !== undefined) throw new TypeError('options.unsafeFixes must be a boolean');
    const rest = {};
    for (const key of keys) {
      if (key !== 'unsafeFixes') Object.defineProperty(rest, key, { enumerable: true, get: () => opts[key] });
    }
    return [rest, unsafe === true];
  }

  /** `options.unsafeFixes: true` applies the unsafe fixes too (the others are lint options). */
  function fix(request, opts) {
    const [rest, unsafe] = fixOptions(opts);
    // What cannot be read as text is not rewritten: the input, as it was.
    const unreadable = lintRequestText(request, rest);
    if (unreadable !== null) return { text: request, applied: [], report: unreadable };
    return answer(wasm.fixText(request, options(rest), unsafe));
  }

  /** An RFC 6901 array index: `0`, or digits without a leading zero. */
  const INDEX = /^(0|[1-9][0-9]*)$/;

  /** A JSON Pointer of these member names. */
  function pointerOf(steps) {
    return steps.map((step) => '/' + step.replaceAll('~', '~0').replaceAll('/', '~1')).join('');
  }

  /** Whether a container has the member or element `step`. */
  function has(container, step) {
    if (Array.isArray(container)) return INDEX.test(step) && Number(step) < container.length;
    return Object.hasOwn(container, step);
  }

  function refusal(message) {
    return new TypeError(`applyFix(): ${message}`);
  }

  /**
   * A copy of `value` as lintValue() reads it, for applyFix() to change:
   * arrays and plain objects (prototype `Object.prototype` or `null`)
   * member by member, a shared one at each place it appears. Anything else
   * (a function, symbol, class instance, Date, Map, what lies deeper than
   * MAX_DEPTH) is kept by reference, a leaf applyFix() does not change;
   * `made` collects the copies, the containers it does change. A cycle, a
   * getter or proxy trap that throws, more than MAX_VALUES values: a
   * TypeError, `context` saying whose value.
   */
  function copyTree(value, made, context) {
    const ancestors = [];
    const trail = [];
    let budget = MAX_VALUES;
    const refuse = (why) => refusal(`${context}: ${trail.length === 0 ? 'the value' : pointerOf(trail)} ${why}`);

    function copy(node, depth) {
      if (node === null || typeof node !== 'object') return node;
      let array;
      let prototype;
      let keys;
      try {
        array = Array.isArray(node);
        prototype = Object.getPrototypeOf(node);
        if (depth >= MAX_DEPTH || (!array && prototype !== objectPrototype && prototype !== null)) return node;
        keys = array ? null : Object.keys(node);
      } catch (e) {
        throw refuse(`cannot be read: ${shown(e)}`);
      }
      if (ancestors.includes(node)) throw refuse('is a cyclic reference (to an object it is inside), which JSON cannot hold');
      const length = array ? node.length >>> 0 : keys.length;
      if (length > budget) throw refuse('holds more than 1 000 000 values in all, more than lintValue() reads');
      budget -= length;
      ancestors.push(node);
      const copied = array ? new Array(length) : Object.create(prototype);
      made.add(copied);
      for (let i = 0; i < length; i++) {
        const name = array ? String(i) : keys[i];
        let item;
        trail.push(name);
        try {
          item = node[name];
        } catch (e) {
          throw refuse(`cannot be read: ${shown(e)}`);
        }
        // defineProperty: a member named `__proto__` is a member, not the prototype.
        if (array) copied[i] = copy(item, depth + 1);
        else Object.defineProperty(copied, name, { value: copy(item, depth + 1), writable: true, enumerable: true, configurable: true });
        trail.pop();
      }
      ancestors.pop();
      return copied;
    }

    return copy(value, 0);
  }

  /** Whether two values of applyFix()'s copies are equal as JSON: containers it made by content, anything else by identity. */
  function equal(a, b, made) {
    if (a === b) return true;
    if (!made.has(a) || !made.has(b) || Array.isArray(a) !== Array.isArray(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k], made));
  }

  /**
   * Applies one JSON Patch operation (RFC 6902) to `holder.root`, changing
   * it in place, and only the containers in `made`. What the operation
   * (read into a plain record) names must be there (`add` needs
   * the container; `remove`, `replace`, `test` and a `move`'s or `copy`'s
   * `from` the value itself), or it throws a TypeError naming the pointer
   * as the operation gave it.
   */
  function applyOperation(holder, made, op) {
    const name = op.name;
    const fail = (why) => {
      throw refusal(`${name} ${shown(op.path)}: ${why}`);
    };
    if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(name)) {
      throw refusal(`unknown operation ${shown(name)}`);
    }
    /** A pointer's steps, below the holder's `root`. */
    const parse = (path) => {
      if (typeof path !== 'string' || (path !== '' && !path.startsWith('/'))) fail(`${shown(path)} is not a JSON Pointer`);
      const raw = path === '' ? [] : path.slice(1).split('/');
      // RFC 6901: `~0` is `~`, `~1` is `/`, and `~` is nothing else.
      if (raw.some((step) => /~(?![01])/.test(step))) fail(`${path} is not a JSON Pointer: '~' must be followed by 0 or 1`);
      return ['root', ...raw.map((step) => step.replaceAll('~1', '/').replaceAll('~0', '~'))];
    };
    /** The value for `add`, `replace` and `test`: a copy of the operation's own. */
    const value = () => copyTree(op.value, made, `${name} ${op.path}: cannot copy its value`);
    /** The container of a pointer's last step, and that step. */
    const locate = (steps) => {
      let node = holder;
      for (let i = 0; i < steps.length - 1; i++) {
        if (!has(node, steps[i])) fail(`the value has no ${pointerOf(steps.slice(1, i + 1))}`);
        node = node[steps[i]];
        const at = pointerOf(steps.slice(1, i + 1)) || 'the value';
        if (node === null || typeof node !== 'object') fail(`${at} is neither an object nor an array`);
        if (!made.has(node)) fail(`${at} is not an array or a plain object within 128 levels, the only values applyFix() changes`);
      }
      return [node, steps.at(-1)];
    };
    /** The value a pointer names, which must be there. */
    const get = (steps) => {
      const [container, step] = locate(steps);
      if (!has(container, step)) fail(`the value has no ${pointerOf(steps.slice(1))}`);
      return [container, step];
    };
    const define = (container, step, item) => {
      Object.defineProperty(container, step, { value: item, writable: true, enumerable: true, configurable: true });
    };
    const add = (steps, item) => {
      const [container, step] = locate(steps);
      if (!Array.isArray(container)) define(container, step, item);
      else if (step === '-') container.push(item);
      else if (INDEX.test(step) && Number(step) <= container.length) container.splice(Number(step), 0, item);
      else {
        const n = container.length;
        fail(`${step} is not an index of ${pointerOf(steps.slice(1, -1)) || 'the value'}, which has ${n} element${n === 1 ? '' : 's'}`);
      }
    };
    const take = (steps) => {
      if (steps.length === 1) fail('the whole value cannot be removed');
      const [container, step] = get(steps);
      const item = container[step];
      if (Array.isArray(container)) container.splice(Number(step), 1);
      else delete container[step];
      return item;
    };
    const path = parse(op.path);
    switch (name) {
      case 'add':
        add(path, value());
        break;
      case 'remove':
        take(path);
        break;
      case 'replace': {
        const [container, step] = get(path);
        // In place: the member keeps its position among the others.
        define(container, step, value());
        break;
      }
      case 'move': {
        const from = parse(op.from);
        if (from.length < path.length && from.every((step, i) => step === path[i])) fail(`it is inside ${op.from}, where it moves from`);
        add(path, take(from));
        break;
      }
      case 'copy': {
        const [container, step] = get(parse(op.from));
        add(path, copyTree(container[step], made, `${name} ${op.path}: cannot copy ${op.from}`));
        break;
      }
      case 'test': {
        const [container, step] = get(path);
        if (!equal(container[step], value(), made)) fail('the value there is not the one the fix expects');
        break;
      }
    }
  }

  /**
   * Applies one diagnostic's fix (its JSON Patch, RFC 6902) to a copy of
   * `value` (see copyTree); the argument is never changed. Throws a
   * TypeError, and nothing else, when the diagnostic has no fix, the value
   * does not have what the patch names, or the value cannot be copied.
   */
  function applyFix(value, diagnostic) {
    try {
      let patch;
      try {
        patch = diagnostic && diagnostic.fix && diagnostic.fix.patch;
        patch = Array.isArray(patch) ? patch : null;
      } catch (e) {
        throw refusal(`the diagnostic cannot be read: ${shown(e)}`);
      }
      if (patch === null) throw new TypeError('applyFix() takes a diagnostic with a fix');
      const made = new WeakSet();
      const holder = { root: copyTree(value, made, 'cannot copy the value') };
      // A fix is a few operations (a Proxy's length costs nothing).
      for (let i = 0, length = Math.min(patch.length, MAX_VALUES); i < length; i++) {
        let op;
        try {
          const o = patch[i];
          op = o !== null && typeof o === 'object' ? { name: o.op, path: o.path, from: o.from, value: o.value } : {};
        } catch (e) {
          throw refusal(`operation ${i} of the fix cannot be read: ${shown(e)}`);
        }
        applyOperation(holder, made, op);
      }
      return holder.root;
    } catch (e) {
      // What the reading above did not catch: an exception of the engine's own.
      throw e instanceof TypeError ? e : refusal(shown(e));
    }
  }

  /** The request's JSON Schema (draft 2020-12) for `options.platform`, a new object each call. */
  function schema(opts) {
    return answer(wasm.schemaJson(options(opts)));
  }

  /**
   * The request kinds (SPEC §9) with their members on `options.platform`,
   * display names in `options.locale`: what a console builds its forms from.
   */
  function kinds(opts) {
    return answer(wasm.kindsJson(options(opts)));
  }

  /**
   * JSON text as a tree with UTF-16 ranges (editor positions), every member
   * kept: `{ root }`, or `{ problem: { message, offset } }` when the text is
   * not strict JSON. A console edits a member's text where it stands.
   */
  function outline(text) {
    if (typeof text !== 'string') throw new TypeError(`outline() takes a string, not ${typeName(text)}`);
    const bad = illFormed(text);
    if (bad !== null) {
      const unit = bad[1].toString(16).toUpperCase().padStart(4, '0');
      return { problem: { message: `the text is not well-formed UTF-16: a lone surrogate U+${unit}`, offset: bad[0] } };
    }
    return JSON.parse(wasm.outlineText(text));
  }

  return { lintPlan, fix, applyFix, schema, kinds, outline };
}
