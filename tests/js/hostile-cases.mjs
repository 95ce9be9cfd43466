// The hostile inputs of issue 8 with the report each must give, through the
// npm package: one table for Node.js (hostile.test.mjs) and for Chromium
// (the same module in a page; `browser: true` marks that subset). Each case
// returns a summary of what the package answered, compared with `expected`;
// after each, the next lint() must work. No time or memory is asserted:
// benches/limits.sh measures them.

const VALID = '"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", '
  + '"server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-01"';
/** A valid request: lints clean. */
export const CLEAN = `{"protected_instance": {${VALID}}}`;

/** A request with the valid members and then `members`. */
const request = (members) => `{"protected_instance": {${VALID}, ${members}}}`;
/** The valid members as an object, to build values from. */
const valid = () => JSON.parse(`{${VALID}}`);
const repeat = (item, times) => new Array(times).fill(item).join(',');

/** Counts, the first kept diagnostics' code and path, how many were kept and omitted. */
function summary(report, first = 2) {
  const last = report.diagnostics.at(-1);
  return {
    counts: [report.errors, report.warnings, report.infos],
    first: report.diagnostics.slice(0, first).map((d) => [d.code, d.path]),
    kept: report.diagnostics.length,
    omitted: last && last.code === 'too-many-diagnostics' ? last.params.omitted : 0,
  };
}

/** The one invalid-json of a report: its cause and where (UTF-16 indexes). */
function syntax(report) {
  const [d] = report.diagnostics;
  return {
    codes: report.diagnostics.map((x) => x.code),
    cause: d.params.cause,
    start: d.range.start.offset,
    end: d.range.end.offset,
  };
}

/** Characters no message may print raw: controls, zero-width and bidirectional ones, spaces but U+0020. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/u;

export const cases = [
  {
    name: 'nesting 100 000 deep',
    browser: true,
    run({ lint }) {
      const text = request(`"x": ${'['.repeat(100000)}`);
      const { codes, cause, start, end } = syntax(lint(text));
      const bracket = text.indexOf('[');
      return { codes, cause, at: [start - bracket, end - bracket] };
    },
    // The 129th level: two objects, then 126 arrays.
    expected: { codes: ['invalid-json'], cause: 'too-deep', at: [126, 127] },
  },
  {
    name: 'nesting 100 000 deep as a value',
    browser: true,
    run({ lintValue }) {
      let deep = 1;
      for (let i = 0; i < 100000; i++) deep = [deep];
      const report = lintValue({ protected_instance: { ...valid(), x: deep } });
      return { ...summary(report), actual: report.diagnostics[1].params.actual };
    },
    expected: {
      counts: [1, 1, 0],
      first: [['unknown-field', '/protected_instance/x'], ['non-json-value', '/protected_instance/x' + '/0'.repeat(126)]],
      kept: 2,
      omitted: 0,
      actual: 'too-deep',
    },
  },
  {
    name: 'a 10 MB string',
    browser: true,
    run({ lint, lintValue }) {
      const big = 'a'.repeat(10_000_000);
      const text = lint(request(`"description": "${big}"`));
      const value = lintValue({ protected_instance: { ...valid(), name: big } });
      const tooLong = value.diagnostics.find((d) => d.code === 'name-too-long');
      return {
        text: summary(text),
        bytes: text.diagnostics[0].params.bytes,
        short: text.diagnostics[0].message.length < 200 && tooLong.message.length < 300,
        cut: tooLong.fix.patch[0].value.length,
      };
    },
    expected: {
      text: { counts: [1, 0, 0], first: [['description-too-long', '/protected_instance/description']], kept: 1, omitted: 0 },
      bytes: 10_000_000,
      short: true,
      cut: 64,
    },
  },
  {
    name: '1 000 000 unknown members',
    run({ lint, lintValue }) {
      const members = [];
      for (let i = 0; i < 1_000_000; i++) members.push(`"k${i}": 1`);
      const text = request(members.join(', '));
      const value = { protected_instance: JSON.parse(text).protected_instance };
      const capped = lint(text, { max_diagnostics: 3 });
      return {
        text: summary(lint(text)),
        capped: [capped.diagnostics.length, capped.diagnostics[3].params],
        // The package reads at most 1 000 000 values of one argument.
        value: { ...summary(lintValue(value)), actual: lintValue(value).diagnostics[0].params.actual },
      };
    },
    expected: {
      text: {
        counts: [0, 1_000_000, 0],
        first: [['unknown-field', '/protected_instance/k0'], ['unknown-field', '/protected_instance/k1']],
        kept: 1001,
        omitted: 999_000,
      },
      capped: [4, { omitted: 999_997, limit: 3 }],
      value: { counts: [1, 0, 0], first: [['non-json-value', '']], kept: 1, omitted: 0, actual: 'too-many-values' },
    },
  },
  {
    name: '100 000 tags',
    browser: true,
    run({ lint }) {
      const distinct = [];
      for (let i = 0; i < 100_000; i++) distinct.push(`{"key": "k${i}", "value": "v"}`);
      const report = lint(request(`"tags": [${distinct.join(',')}]`));
      return {
        distinct: { ...summary(report), count: report.diagnostics[0].params.count },
        same: summary(lint(request(`"tags": [${repeat('{"key": "k", "value": "v"}', 100_000)}]`))),
      };
    },
    expected: {
      distinct: { counts: [1, 0, 0], first: [['tags-too-many', '/protected_instance/tags']], kept: 1, omitted: 0, count: 100_000 },
      same: {
        counts: [100_000, 0, 0],
        first: [['tags-too-many', '/protected_instance/tags'], ['tag-key-duplicate', '/protected_instance/tags/1/key']],
        kept: 1001,
        omitted: 99_000,
      },
    },
  },
  {
    name: '1 000 000 numbers as tags',
    browser: true,
    run({ lint, lintValue }) {
      return {
        text: summary(lint(request(`"tags": [${repeat('1', 1_000_000)}]`))),
        value: summary(lintValue({ protected_instance: { ...valid(), tags: new Array(1_000_000).fill(1) } })),
      };
    },
    expected: {
      text: {
        counts: [1_000_001, 0, 0],
        first: [['tags-too-many', '/protected_instance/tags'], ['type-mismatch', '/protected_instance/tags/0']],
        kept: 1001,
        omitted: 999_001,
      },
      value: { counts: [1, 0, 0], first: [['non-json-value', '']], kept: 1, omitted: 0 },
    },
  },
  {
    name: '200 000 repeats of one key',
    run({ lint }) {
      return {
        name: summary(lint(request(repeat('"name": "web-01"', 200_000)))),
        unknown: summary(lint(request(repeat('"x": 1', 200_000)))),
      };
    },
    expected: {
      name: {
        counts: [200_000, 0, 0],
        first: [['duplicate-key', '/protected_instance/name'], ['duplicate-key', '/protected_instance/name']],
        kept: 1001,
        omitted: 199_000,
      },
      unknown: {
        counts: [199_999, 1, 0],
        first: [['duplicate-key', '/protected_instance/x'], ['duplicate-key', '/protected_instance/x']],
        kept: 1001,
        omitted: 199_000,
      },
    },
  },
  {
    name: 'lone surrogate escapes',
    browser: true,
    run({ lint, lintValue, fix }) {
      const escapes = ['\\ud800', '\\udc00', '\\ud800\\u0041', '\\udc00\\ud800', 'x\\uDBFF'].map((escape) => {
        const text = request(`"description": "${escape}"`);
        const { cause, start } = syntax(lint(text));
        return [cause, start - text.indexOf('"description"')];
      });
      const value = lintValue({ protected_instance: { ...valid(), description: 'a\ud800' } });
      // Not an escape: a JavaScript string that is not well-formed UTF-16.
      const text = request('"description": "a\udc00\ud800"');
      const raw = syntax(lint(text));
      return {
        escapes,
        value: [value.diagnostics[0].code, value.diagnostics[0].params.actual],
        raw: [raw.codes, raw.cause, text.slice(raw.start, raw.end)],
        unchanged: fix(text).text === text,
      };
    },
    // The escape's backslash, counted from the member's key.
    expected: {
      escapes: [['lone-surrogate', 16], ['lone-surrogate', 16], ['lone-surrogate', 16], ['lone-surrogate', 16], ['lone-surrogate', 17]],
      value: ['non-json-value', 'lone-surrogate'],
      raw: [['invalid-json'], 'invalid-utf16', '\udc00'],
      unchanged: true,
    },
  },
  {
    name: 'a request that is not text',
    browser: true,
    run({ lint, fix }) {
      return [42, null, undefined, {}, 1n].map((input) => {
        const report = lint(input);
        const fixed = fix(input);
        return [report.diagnostics.map((d) => [d.code, d.params.actual]), fixed.applied.length, fixed.text === input];
      });
    },
    expected: [
      [[['invalid-json', 'number']], 0, true],
      [[['invalid-json', 'null']], 0, true],
      [[['invalid-json', 'undefined']], 0, true],
      [[['invalid-json', 'object']], 0, true],
      [[['invalid-json', 'bigint']], 0, true],
    ],
  },
  {
    name: 'NUL and control characters',
    browser: true,
    run({ lint, lintValue }) {
      const raw = syntax(lint(request('"description": "a\u0000b"')));
      const escaped = lint(request('"tags": [{"key": "a\\u0007", "value": "\\u200b\\u202e"}]').replace('web-01', 'web\\u0000\\u007f\\u001b01'));
      const value = lintValue({ protected_instance: { ...valid(), name: 'web\u0000' } });
      const messages = [...escaped.diagnostics, ...value.diagnostics].map((d) => d.message);
      return {
        raw: raw.cause,
        found: escaped.diagnostics.map((d) => [d.code, d.params.chars]),
        value: value.diagnostics.map((d) => [d.code, d.params.chars]),
        named: messages.every((m) => !INVISIBLE.test(m)) && messages[0].includes('U+0000') && messages[2].includes('U+202E'),
      };
    },
    expected: {
      raw: 'control-character',
      found: [['name-charset', ['\u0000', '\u007f', '\u001b']], ['tag-key-charset', ['\u0007']], ['tag-portable-charset', ['\u200b', '\u202e']]],
      value: [['name-charset', ['\u0000']]],
      named: true,
    },
  },
  {
    name: 'a byte-order mark',
    browser: true,
    run({ lint }) {
      const report = lint(`\ufeff${request('"x": 1')}`);
      return { ...syntax(report), column: report.diagnostics[0].range.start.column };
    },
    expected: { codes: ['invalid-json'], cause: 'byte-order-mark', start: 0, end: 1, column: 1 },
  },
  {
    name: 'CRLF and a lone CR',
    browser: true,
    run({ lint }) {
      const text = '{\r\n  "protected_instance": {\r\n    "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",\r\n\r\n'
        + '    "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f",\r    "name": "web 01"\r\n  }\r\n}\r\n';
      const [d] = lint(text).diagnostics;
      return [d.code, d.range.start.line, d.range.start.column, text.slice(d.range.start.offset, d.range.end.offset)];
    },
    expected: ['name-charset', 6, 13, '"web 01"'],
  },
  {
    name: '1e999999',
    run({ lint, lintValue }) {
      return {
        root: summary(lint('1e999999')),
        member: summary(lint(request('"description": 1e999999'))),
        // JSON.parse makes it Infinity, which JSON cannot hold.
        value: lintValue(JSON.parse(request('"description": 1e999999'))).diagnostics.map((d) => [d.code, d.params.actual]),
      };
    },
    expected: {
      root: { counts: [1, 0, 0], first: [['type-mismatch', '']], kept: 1, omitted: 0 },
      member: { counts: [1, 0, 0], first: [['type-mismatch', '/protected_instance/description']], kept: 1, omitted: 0 },
      value: [['non-json-value', 'infinity']],
    },
  },
  {
    name: '__proto__, constructor and prototype',
    browser: true,
    run({ lint, lintValue, applyFix }) {
      const members = '"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "prototype": 1';
      // JSON.parse makes "__proto__" an own member, as a request read from text has it.
      const input = JSON.parse(request(members));
      const before = JSON.stringify(input);
      const report = lintValue(input);
      const d = report.diagnostics[0];
      let options = null;
      try {
        lintValue(input, { rules: JSON.parse('{"__proto__": "off"}') });
      } catch (e) {
        options = e instanceof TypeError;
      }
      let patch = null;
      try {
        applyFix(input, { fix: { patch: [{ op: 'add', path: '/__proto__/polluted', value: true }] } });
      } catch (e) {
        patch = e instanceof TypeError;
      }
      // A prototype's members are not the object's (JSON.stringify skips them too).
      const inherited = Object.create({ server_id: '403b603d-1d91-42cc-a357-81f3c2daf43f' });
      Object.assign(inherited, { server_group_id: '523ab8ad-3759-4933-9436-4cf4ebb20867', name: 'web-01' });
      return {
        value: report.diagnostics.map((x) => x.path),
        text: lint(request(members)).diagnostics.map((x) => x.path),
        field: [d.params.field, Object.hasOwn(d.params, 'field'), Object.getPrototypeOf(d.params) === Object.prototype],
        inputUnchanged: JSON.stringify(input) === before && Object.getPrototypeOf(input.protected_instance) === Object.prototype,
        optionsRefused: options,
        patchRefused: patch,
        inherited: lintValue({ protected_instance: inherited }).diagnostics.map((x) => [x.code, x.path]),
        polluted: [({}).polluted, Object.prototype.polluted, [].polluted, Object.keys(Object.prototype)],
      };
    },
    expected: {
      value: ['/protected_instance/__proto__', '/protected_instance/constructor', '/protected_instance/prototype'],
      text: ['/protected_instance/__proto__', '/protected_instance/constructor', '/protected_instance/prototype'],
      field: ['__proto__', true, true],
      inputUnchanged: true,
      optionsRefused: true,
      patchRefused: true,
      inherited: [['missing-field', '/protected_instance/server_id']],
      polluted: [undefined, undefined, undefined, []],
    },
  },
];

/** A case's summary, and whether the lint after it is clean. */
export function runCase(api, c) {
  const result = c.run(api);
  const next = api.lint(CLEAN);
  return { result, next: next.valid && next.diagnostics.length === 0 };
}
