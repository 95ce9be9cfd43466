// The request body as the editor holds it: a strict RFC 8259 parser (the
// same refusals as the linter's, SPEC §2) that keeps every value's and key's
// range as UTF-16 offsets (CodeMirror positions) and every member of an
// object, duplicates included. The form reads values from it and writes
// back as text edits at these ranges, so whatever else the text holds
// (unknown members, numbers, layout) is never rewritten.

const MAX_DEPTH = 128;

export class SyntaxProblem extends Error {
  constructor(message, offset) {
    super(message);
    this.offset = offset;
  }
}

/**
 * @typedef {{ kind: 'object', start: number, end: number, members: Member[] }
 *   | { kind: 'array', start: number, end: number, items: Node[] }
 *   | { kind: 'string', start: number, end: number, value: string }
 *   | { kind: 'number' | 'boolean' | 'null', start: number, end: number, value: number | boolean | null }} Node
 * @typedef {{ key: string, keyStart: number, keyEnd: number, value: Node }} Member
 */

/** Parses `text`; returns `{ root }` or `{ problem: SyntaxProblem }`. */
export function parseSource(text) {
  try {
    return { root: new Parser(text).document() };
  } catch (problem) {
    if (problem instanceof SyntaxProblem) return { problem };
    throw problem;
  }
}

class Parser {
  constructor(text) {
    this.text = text;
    this.at = 0;
    this.depth = 0;
  }

  fail(message, offset = this.at) {
    throw new SyntaxProblem(message, offset);
  }

  document() {
    if (this.text.charCodeAt(0) === 0xfeff) this.fail('a byte-order mark is not allowed', 0);
    this.space();
    if (this.at >= this.text.length) this.fail('the body is empty');
    const root = this.value();
    this.space();
    if (this.at < this.text.length) this.fail('unexpected text after the JSON value');
    return root;
  }

  space() {
    const { text } = this;
    let c = text.charCodeAt(this.at);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++this.at);
  }

  value() {
    const c = this.text.charCodeAt(this.at);
    if (c === 0x7b) return this.object();
    if (c === 0x5b) return this.array();
    if (c === 0x22) {
      const start = this.at;
      const value = this.string();
      return { kind: 'string', start, end: this.at, value };
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]]) {
      if (this.text.startsWith(word, this.at)) {
        const start = this.at;
        this.at += word.length;
        return { kind: value === null ? 'null' : 'boolean', start, end: this.at, value };
      }
    }
    this.fail(this.at >= this.text.length ? 'the body ends early' : 'a value was expected');
  }

  enter() {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
  }

  object() {
    const start = this.at++;
    this.enter();
    const members = [];
    this.space();
    if (this.text.charCodeAt(this.at) === 0x7d) {
      this.at++;
      this.depth--;
      return { kind: 'object', start, end: this.at, members };
    }
    for (;;) {
      if (this.text.charCodeAt(this.at) !== 0x22) this.fail('a member name in double quotes was expected');
      const keyStart = this.at;
      const key = this.string();
      const keyEnd = this.at;
      this.space();
      if (this.text.charCodeAt(this.at) !== 0x3a) this.fail("':' was expected");
      this.at++;
      this.space();
      members.push({ key, keyStart, keyEnd, value: this.value() });
      this.space();
      const c = this.text.charCodeAt(this.at);
      this.at++;
      if (c === 0x7d) break;
      if (c !== 0x2c) this.fail("',' or '}' was expected", this.at - 1);
      this.space();
    }
    this.depth--;
    return { kind: 'object', start, end: this.at, members };
  }

  array() {
    const start = this.at++;
    this.enter();
    const items = [];
    this.space();
    if (this.text.charCodeAt(this.at) === 0x5d) {
      this.at++;
      this.depth--;
      return { kind: 'array', start, end: this.at, items };
    }
    for (;;) {
      items.push(this.value());
      this.space();
      const c = this.text.charCodeAt(this.at);
      this.at++;
      if (c === 0x5d) break;
      if (c !== 0x2c) this.fail("',' or ']' was expected", this.at - 1);
      this.space();
    }
    this.depth--;
    return { kind: 'array', start, end: this.at, items };
  }

  string() {
    const { text } = this;
    let at = ++this.at;
    let from = at;
    let value = '';
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === 0x22) break;
      if (Number.isNaN(c)) this.fail('the string is not closed', at);
      if (c < 0x20) this.fail('a control character must be escaped in a string', at);
      if (c === 0x5c) {
        value += text.slice(from, at);
        const [decoded, length] = this.escape(at);
        value += decoded;
        at += length;
        from = at;
      } else {
        // A lone surrogate in the text itself cannot occur in a well-formed
        // JavaScript string that came from UTF-8 or the clipboard; escapes
        // are where one can be spelt.
        at++;
      }
    }
    value += text.slice(from, at);
    this.at = at + 1;
    return value;
  }

  /** Decodes the escape at `at` (the backslash); returns [text, length]. */
  escape(at) {
    const c = this.text[at + 1];
    const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[c];
    if (simple !== undefined) return [simple, 2];
    if (c !== 'u') this.fail('an unknown escape in a string', at);
    const unit = this.hex4(at + 2);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      if (this.text.startsWith('\\u', at + 6)) {
        const low = this.hex4(at + 8);
        if (low >= 0xdc00 && low <= 0xdfff) return [String.fromCharCode(unit, low), 12];
      }
      this.fail('a \\u escape is a lone surrogate', at);
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) this.fail('a \\u escape is a lone surrogate', at);
    return [String.fromCharCode(unit), 6];
  }

  hex4(at) {
    const digits = this.text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail('a \\u escape needs four hexadecimal digits', at);
    return parseInt(digits, 16);
  }

  number() {
    const start = this.at;
    const match = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    match.lastIndex = start;
    if (!match.test(this.text)) this.fail('a number is malformed');
    this.at = match.lastIndex;
    const next = this.text.charCodeAt(this.at);
    if ((next >= 0x30 && next <= 0x39) || next === 0x2e || next === 0x65 || next === 0x45) {
      this.fail('a number is malformed');
    }
    return { kind: 'number', start, end: this.at, value: Number(this.text.slice(start, this.at)) };
  }
}

/** The member JSON keeps for `key` (the last of repeated keys, as the linter reads it). */
export function memberOf(object, key) {
  if (object?.kind !== 'object') return undefined;
  for (let i = object.members.length - 1; i >= 0; i--) {
    if (object.members[i].key === key) return object.members[i];
  }
  return undefined;
}

/** RFC 6901 tokens of a JSON Pointer. */
export function pointerTokens(pointer) {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}
