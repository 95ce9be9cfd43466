// Ajv as an independent oracle (issue 9): thousands of requests, made with a
// fixed seed by mutating valid ones around every limit, character class,
// type, missing and extra member and tag count, are judged by Ajv 8 with the
// package's own exported schema (schema(), draft 2020-12, allErrors) and by
// the package's lintValue(). Where the schema can say what the engine checks,
// the two must agree on valid/invalid; the differences that are intended are
// listed once, in DIFFERENCES, and for those inputs the disagreement must be
// exactly the listed one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { root } from './helpers.mjs';

const built = join(root, 'pkg', 'dist', 'node', 'index.cjs');
assert.ok(existsSync(built), 'run scripts/build-wasm.sh first');
const { lint, lintValue, schema } = createRequire(import.meta.url)(built);

const PLATFORMS = ['otc', 'huawei'];
const SEED = 0x5d125;
const CASES_PER_MEMBER = 150; // per platform: one change to one member
const MIXED_CASES = 1000; // per platform: one or two changes anywhere
const CASES_PER_DIFFERENCE = 40;

/** mulberry32: a small seeded generator, so every run makes the same requests. */
function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick(list) { return list[Math.floor(next() * list.length)]; },
  };
}

const UUID = '523ab8ad-3759-4933-9436-4cf4ebb20867';
const HOST = '9c2f7e1a-5b3d-4c8e-9f0a-1b2c3d4e5f60';
const POOL = 'c950ee97-587c-4f24-8a74-3367e3da570f';
const OPTIONAL = {
  otc: ['description', 'primary_subnet_id', 'primary_ip_address', 'flavorRef', 'tags'],
  huawei: ['description', 'primary_subnet_id', 'primary_ip_address', 'flavorRef', 'tags', 'cluster_id', 'tenancy', 'dedicated_host_id'],
};
const REQUIRED = ['server_group_id', 'server_id', 'name'];

/** A request both judges find valid. */
function base(platform) {
  const instance = {
    server_group_id: UUID,
    server_id: '403b603d-1d91-42cc-a357-81f3c2daf43f',
    name: 'web-01',
    description: 'frontend',
    primary_subnet_id: 'a32217fb-3413-c313-6342-3124d3491502',
    primary_ip_address: '192.168.0.5',
    flavorRef: 's3.large.2',
    tags: [{ key: 'owner', value: 'ops' }, { key: 'env', value: 'prod' }],
  };
  if (platform === 'huawei') Object.assign(instance, { tenancy: 'dedicated', dedicated_host_id: HOST, cluster_id: POOL });
  return { protected_instance: instance };
}

const repeat = (s, n) => s.repeat(n);
/** `n` distinct, valid tags. */
const tagList = (n) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: 'v' }));
const FORBIDDEN = ['*', '<', '>', '\\', '=', ',', '|', '/', '\u0000', '\u001f', '\t', '\n'];
const WRONG_TYPES = [0, 1.5, true, false, [], {}, ['web-01'], { name: 'x' }];

/** Octets around the edges of 0–255 and of the canonical form. */
const OCTETS = ['0', '1', '9', '10', '99', '100', '199', '200', '249', '250', '255'];
const BAD_OCTETS = ['256', '260', '300', '999', '00', '01', '010', '-1', '', ' 1', 'a'];

/** A flavor name from parts, valid and not (family, generation, variant, size, ratio, suffix). */
function flavor(r) {
  const part = (list) => r.pick(list);
  return part(['s', 'c', 'm', 'e', 'g', 'p', 'fp', 'k', 'd', 'h', 'S', '']) + part(['3', '6', '9', '1', '2', '10', '', '0'])
    + part(['', 'ne', 's', 'S', '-']) + '.' + part(['small', 'medium', 'large', 'xlarge', '2xlarge', '12xlarge', '0xlarge', 'Large', 'xxlarge', ''])
    + '.' + part(['1', '2', '4', '8', '16', '0', '02', '', 'a']) + part(['', '', '', '.physical', '.linux', '.win', '.', '.2']);
}

// Each mutation changes one thing; by construction none of them falls under
// DIFFERENCES (no byte-vs-character gaps, no untrimmed lengths past a limit,
// no repeated tag keys, no unknown members, no null optional members).
const VALUES = {
  name: (r) => r.pick([
    '', 'a', repeat('a', 63), repeat('a', 64), repeat('a', 65), repeat('b', 100),
    'web.01_A-Z', 'web 01', 'web\u00a001', 'wéb', 'web/01', 'web"01', 'web\n01', 'web😀', 'ｗｅｂ', '０１',
    '订单', '订单库-主机01', '\u4e00', '\u9fa5', '\u9fa6', '\u4dff', '\u9fff',
    // 21 Chinese characters are 63 bytes; 65 characters are over both limits.
    repeat('库', 21), repeat('库', 65), 'a' + repeat('库', 21),
  ]),
  description: (r) => r.pick([
    '', 'x', repeat('d', 64), repeat('d', 65), 'a <b>', '>', '<', 'multi\nline', 'tab\there',
    repeat('é', 32), repeat('é', 65), repeat('数', 21), repeat('😀', 16), repeat('数', 70),
  ]),
  server_group_id: (r) => r.pick([UUID, UUID.toUpperCase(), '0000000062db92d70162db9d200f00bb', '0000000062DB92D70162DB9D200F00BB',
    UUID.slice(0, 35), UUID + '0', UUID.replace('a', 'g'), `{${UUID}}`, '', '0000000062db92d70162db9d200f00b', UUID.replaceAll('-', '')]),
  server_id: (r) => r.pick([UUID, UUID.toUpperCase(), '0000000062db92d70162db9d200f00bb', UUID.slice(1), UUID.replace('-', '_'), '', ' ' + UUID]),
  primary_subnet_id: (r) => r.pick([UUID, 'a32217fh-3413-c313-6342-3124d3491502', UUID.toUpperCase(), '', UUID + ' ']),
  primary_ip_address: (r) => (r.next() < 0.5 ? Array.from({ length: 4 }, () => r.pick(r.next() < 0.8 ? OCTETS : BAD_OCTETS)).join('.') : r.pick(['192.168.0.5', '10.0.0.1', '172.16.5.4', '8.8.8.8', '192.168.0.0', '192.168.0.1', '192.168.0.255',
    '192.168.0.254', '0.0.0.0', '255.255.255.255', '192.168.0.05', '192.168.000.5', '192.168.0.256', '192.168.0.5/24', 'fe80::1',
    '::ffff:192.168.0.5', ' 192.168.0.5', '192.168.0', '192.168.0.5.1', '', 'a.b.c.d', '1e1.0.0.1'])),
  flavorRef: (r) => (r.next() < 0.5 ? flavor(r) : r.pick(['s3.large.2', 'c4.2xlarge.4', 'm3ne.8xlarge.8', 's3.small.1', 'e3.52xlarge.16', 'g6.xlarge.4', 'p2.2xlarge.8',
    'fp1.large.2', 'k1.large.2', 'c6.large.2', 'd2.xlarge.4', 'h1.large.4.physical', 's3.large.2.linux', 's3.large.2.win',
    'S3.large.2', 's3.Large.2', 's3.large', 's3.large.0', 's3.0xlarge.2', 's3-large-2', 'physical.s4.medium', '', 's3.large.2.', 's3.large.4294967295'])),
  tags: (r) => r.pick([
    [], tagList(1), tagList(9), tagList(10), tagList(11), tagList(12), tagList(30),
    [{ key: repeat('k', 35), value: repeat('v', 42) }], [{ key: repeat('k', 36), value: repeat('v', 43) }],
    [{ key: repeat('k', 37), value: 'v' }], [{ key: 'k', value: repeat('v', 44) }],
    [{ key: repeat('数', 36), value: repeat('😀', 43) }], [{ key: repeat('数', 37), value: 'v' }], [{ key: 'k', value: repeat('😀', 44) }],
    [{ key: 'k', value: '' }], [{ key: '', value: 'v' }], [{ key: ' ', value: 'v' }], [{ key: '\u3000', value: 'v' }], [{ key: '\u2028', value: 'v' }],
    [{ key: ' k', value: 'v ' }], [{ key: 'a b', value: 'c d' }], [{ key: 'k.é:@', value: 'v.é:@' }], [{ key: '_sys_k', value: 'v' }],
    [{ key: 'Env', value: '1' }, { key: 'env', value: '2' }],
    [{ key: `k${r.pick(FORBIDDEN)}`, value: 'v' }], [{ key: 'k', value: `v${r.pick(FORBIDDEN)}` }],
    [{ key: 'k' }], [{ value: 'v' }], [{}], ['k=v'], [null], [['k', 'v']], [{ key: null, value: 'v' }], [{ key: 'k', value: null }],
    [{ key: 1, value: 'v' }], [{ key: 'k', value: 2 }], 'owner=ops', { key: 'k', value: 'v' },
  ]),
  cluster_id: (r) => r.pick([POOL, POOL.toUpperCase(), '', 'pool-1', '0000000062db92d70162db9d200f00bb']),
  tenancy: (r) => r.pick(['shared', 'dedicated', 'Dedicated', '', 'dedicated ', 'host']),
  dedicated_host_id: (r) => r.pick([HOST, HOST.toUpperCase(), '', 'host-1']),
};

/** One change to a member of the protected instance: a value, a wrong type, or absence. */
function mutateMember(r, request, platform, member = r.pick([...REQUIRED, ...OPTIONAL[platform]])) {
  const instance = request.protected_instance;
  const roll = r.next();
  if (roll < 0.12) {
    delete instance[member];
    return `${member}: absent`;
  }
  if (roll < 0.24) {
    // null is a wrong type for required members; for optional ones it is a DIFFERENCE.
    // ([] is a list of no tags: right for tags.)
    const types = member === 'tags' ? WRONG_TYPES.filter((v) => !Array.isArray(v) || v.length > 0) : WRONG_TYPES;
    const wrong = REQUIRED.includes(member) ? [null, ...types] : types;
    instance[member] = r.pick(wrong);
    return `${member}: ${JSON.stringify(instance[member])}`;
  }
  instance[member] = VALUES[member](r, platform);
  return `${member}: ${JSON.stringify(instance[member])}`;
}

/** A change to the whole document, applied last. */
function mutateRoot(r, request) {
  switch (r.int(6)) {
    case 0: return [request.protected_instance, 'the members without the wrapper'];
    case 1: return [{}, 'root: {}'];
    case 2: return [r.pick([[], 'request', 42, null, true, [request]]), 'root: wrong type'];
    default: {
      const value = r.pick([null, 'x', 1, [], [request.protected_instance]]);
      return [{ protected_instance: value }, `protected_instance: ${JSON.stringify(value)}`];
    }
  }
}

/** A request with one change to `member`. */
function memberCase(r, platform, member) {
  const request = base(platform);
  return { request, changes: [mutateMember(r, request, platform, member)] };
}

/** A request with one or two changes (rarely one to the whole document). */
function mixedCase(r, platform) {
  let request = base(platform);
  const changes = [];
  const n = 1 + r.int(2);
  for (let i = 0; i < n; i++) changes.push(mutateMember(r, request, platform));
  if (r.next() < 0.06) {
    let change;
    [request, change] = mutateRoot(r, request);
    changes.push(change);
  }
  return { request, changes };
}

const UNKNOWN_NAMES = ['flavor_ref', 'serverId', 'server_group', 'availability_zone', 'group_id', 'subnet_id', 'ip_address', 'flavor', 'Name', 'x', '__proto__x'];
const CJK = '订单库主机数据';

// The intended differences: what the schema cannot say, or says more
// strictly than the engine. `ajv` and `lint` are each judge's verdict
// (valid: true) on a valid request with only this change.
const DIFFERENCES = [
  {
    name: 'name-bytes',
    why: 'maxLength counts characters; the API counts UTF-8 bytes (name-too-long): 22 to 64 Chinese characters are over 64 bytes',
    platforms: ['huawei'],
    ajv: true,
    lint: false,
    make(r, request) {
      const n = 22 + r.int(43);
      request.protected_instance.name = Array.from({ length: n }, () => r.pick(CJK)).join('');
    },
  },
  {
    name: 'description-bytes',
    why: 'maxLength counts characters; the API counts UTF-8 bytes (description-too-long)',
    platforms: PLATFORMS,
    ajv: true,
    lint: false,
    make(r, request) {
      const [c, min] = r.pick([['é', 33], ['数', 22], ['😀', 17]]);
      request.protected_instance.description = repeat(c, min + r.int(64 - min + 1));
    },
  },
  {
    name: 'tag-text-trimmed',
    why: 'tag keys and values are measured trimmed (tag-whitespace is a warning); maxLength counts the white space too',
    platforms: PLATFORMS,
    ajv: false,
    lint: true,
    make(r, request) {
      const pad = r.pick([' ', '  ', '\u3000', '\u00a0']);
      const tag = r.next() < 0.5 ? { key: pad + repeat('k', 36), value: 'v' } : { key: 'k', value: repeat('v', 43) + pad };
      request.protected_instance.tags = [tag];
    },
  },
  {
    name: 'tag-key-duplicate',
    why: 'tag keys must be unique once trimmed (tag-key-duplicate); uniqueItems compares whole tags',
    platforms: PLATFORMS,
    ajv: true,
    lint: false,
    make(r, request) {
      const key = r.pick(['env', 'owner', 'k']);
      request.protected_instance.tags = [{ key, value: 'a' }, { key: r.pick([key, ` ${key}`, `${key} `]), value: r.pick(['a', 'b']) }];
    },
  },
  {
    name: 'unknown-member',
    why: 'the schema has additionalProperties: false; the service ignores unknown members, so unknown-field is a warning',
    platforms: PLATFORMS,
    ajv: false,
    lint: true,
    make(r, request, platform) {
      const where = r.int(3);
      const names = platform === 'otc' ? [...UNKNOWN_NAMES, 'cluster_id', 'tenancy', 'dedicated_host_id'] : UNKNOWN_NAMES;
      if (where === 0) request[r.pick(['meta', 'protected_instances', 'name'])] = r.pick(['x', 1, null]);
      else if (where === 1) request.protected_instance[r.pick(names)] = r.pick(['x', 1, null, {}]);
      else request.protected_instance.tags[0][r.pick(['Key', 'note', 'values'])] = 'x';
    },
  },
  {
    name: 'null-optional',
    why: 'the API documents strings; the service treats null as absent, so null-value is a warning',
    platforms: PLATFORMS,
    ajv: false,
    lint: true,
    make(r, request, platform) {
      const member = r.pick(OPTIONAL[platform]);
      const instance = request.protected_instance;
      instance[member] = null;
      // An address without its subnet, or a host without its tenancy, is an error in both.
      if (member === 'primary_subnet_id') delete instance.primary_ip_address;
      if (member === 'tenancy') delete instance.dedicated_host_id;
    },
  },
  {
    name: 'non-json-value',
    why: 'lintValue() sees the JavaScript object: undefined is not JSON (non-json-value); Ajv treats it as absent',
    platforms: PLATFORMS,
    ajv: true,
    lint: false,
    make(r, request, platform) {
      const member = r.pick(OPTIONAL[platform]);
      const instance = request.protected_instance;
      instance[member] = undefined;
      // Ajv's dependentRequired and required read undefined as absent, as lintValue() does not.
      if (member === 'primary_subnet_id') delete instance.primary_ip_address;
      if (member === 'tenancy') delete instance.dedicated_host_id;
    },
  },
  {
    name: 'duplicate-key',
    why: 'a repeated JSON key (duplicate-key) is gone once JSON.parse has kept the last one; judged as text: lint(text) against JSON.parse + Ajv',
    platforms: PLATFORMS,
    text: true,
    ajv: true,
    lint: false,
    make(r, request) {
      const instance = request.protected_instance;
      const member = r.pick(Object.keys(instance));
      const earlier = r.pick([JSON.stringify(instance[member]), '"x"', '1', 'null']);
      const members = Object.entries(instance).map(([k, v]) => (k === member ? `"${k}":${earlier},` : '') + `${JSON.stringify(k)}:${JSON.stringify(v)}`);
      return `{"protected_instance":{${members.join(',')}}}`;
    },
  },
];

// Where the engine departs from SPEC and the schema follows SPEC: none now
// (a flavor's memory/vCPU ratio was read as a u32 until the oracle found it).
// An entry is asserted as it is, so that fixing the engine fails the test.
const ENGINE_DEVIATIONS = [];

// The engine's errors that the schema expresses: each must be produced by
// the agreeing cases, so that every one of them is compared.
const EXPRESSIBLE = {
  otc: ['missing-wrapper', 'missing-field', 'type-mismatch', 'empty-value', 'id-format', 'name-too-long', 'name-charset',
    'description-too-long', 'description-angle-bracket', 'ip-requires-subnet', 'ip-format', 'flavor-format', 'flavor-billing-code',
    'tags-too-many', 'tag-key-too-long', 'tag-value-too-long', 'tag-key-charset', 'tag-value-charset'],
};
EXPRESSIBLE.huawei = [...EXPRESSIBLE.otc, 'tenancy-value', 'dedicated-host-tenancy'];

function judges(platform) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(schema({ platform, kind: 'single' }));
  return {
    ajv: (value) => validate(value),
    lint: (value) => lintValue(value, { platform }),
  };
}

const show = (value) => JSON.stringify(value, (_, v) => (v === undefined ? '(undefined)' : v));

for (const platform of PLATFORMS) {
  test(`${platform}: Ajv with the exported schema and lintValue() agree on every schema-expressible rule`, (t) => {
    const r = random(SEED + platform.length);
    const judge = judges(platform);
    const produced = new Map();
    const cases = [];
    for (const member of [...REQUIRED, ...OPTIONAL[platform]]) {
      for (let i = 0; i < CASES_PER_MEMBER; i++) cases.push(memberCase(r, platform, member));
    }
    for (let i = 0; i < MIXED_CASES; i++) cases.push(mixedCase(r, platform));
    let valid = 0;
    for (const [i, { request, changes }] of cases.entries()) {
      const report = judge.lint(request);
      const ajv = judge.ajv(request);
      assert.equal(ajv, report.valid,
        `case ${i} (${changes.join('; ')}): Ajv says ${ajv ? 'valid' : 'invalid'}, lintValue() ${report.valid ? 'valid' : 'invalid'}\n${show(request)}\n${show(report.diagnostics.map((d) => [d.code, d.path]))}`);
      // The text path reaches the same verdict as the value path.
      assert.equal(lint(JSON.stringify(request), { platform }).valid, report.valid, `case ${i}: lint(text)`);
      if (report.valid) valid++;
      for (const d of report.diagnostics) {
        if (d.severity === 'error') produced.set(d.code, (produced.get(d.code) ?? 0) + 1);
      }
    }
    t.diagnostic(`${cases.length} requests, ${valid} valid, ${produced.size} expressible error codes`);
    // Both verdicts are common, and every expressible error was compared.
    assert.ok(valid > cases.length * 0.2 && valid < cases.length * 0.8, `${valid} of ${cases.length} valid`);
    const missing = EXPRESSIBLE[platform].filter((code) => !produced.has(code));
    assert.deepEqual(missing, [], 'expressible errors no case produced');
    const unexpected = [...produced.keys()].filter((code) => !EXPRESSIBLE[platform].includes(code));
    assert.deepEqual(unexpected, [], 'errors outside the expressible list in agreeing cases');
  });

  test(`${platform}: each intended difference is exactly the listed one`, () => {
    const r = random(SEED * 3 + platform.length);
    const judge = judges(platform);
    for (const difference of [...DIFFERENCES, ...ENGINE_DEVIATIONS].filter((d) => d.platforms.includes(platform))) {
      for (let i = 0; i < CASES_PER_DIFFERENCE; i++) {
        const request = base(platform);
        const text = difference.make(r, request, platform);
        const [ajv, lintValid] = difference.text
          ? [judge.ajv(JSON.parse(text)), lint(text, { platform }).valid]
          : [judge.ajv(request), judge.lint(request).valid];
        const input = text ?? show(request);
        assert.deepEqual({ ajv, lint: lintValid }, { ajv: difference.ajv, lint: difference.lint }, `${difference.name} (${difference.why}): ${input}`);

        // A difference hides no error: with a member both judges reject, both reject.
        if (!difference.text) {
          const broken = structuredClone(request);
          broken.protected_instance.server_id = 'not-a-uuid';
          assert.deepEqual({ ajv: judge.ajv(broken), lint: judge.lint(broken).valid }, { ajv: false, lint: false }, `${difference.name} with a bad server_id: ${show(broken)}`);
        }
      }
    }
  });
}

test('the base requests are valid to both judges', () => {
  for (const platform of PLATFORMS) {
    const judge = judges(platform);
    const request = base(platform);
    assert.equal(judge.ajv(request), true, platform);
    assert.deepEqual(judge.lint(request).diagnostics, [], platform);
  }
});

test('schema() gives the kind\'s and platform\'s schema, a new object each call, and refuses a bad platform', () => {
  const otc = schema({ kind: 'single' });
  assert.deepEqual(schema({ platform: 'otc', kind: 'single' }), otc);
  assert.notEqual(schema({ kind: 'single' }), otc);
  assert.equal(otc.$schema, 'https://json-schema.org/draft/2020-12/schema');
  const huawei = schema({ platform: 'huawei', kind: 'single' });
  assert.deepEqual(Object.keys(huawei.properties.protected_instance.properties).slice(-3), ['cluster_id', 'tenancy', 'dedicated_host_id']);
  assert.equal(otc.properties.protected_instance.properties.tenancy, undefined);
  // Any kind: one of the kinds' schemas.
  const any = schema();
  assert.deepEqual(any.oneOf.map((k) => k.required), [['protected_instance'], ['protected_instances']]);
  assert.deepEqual(any.oneOf[0].properties, otc.properties);
  assert.throws(() => schema({ platform: 'aws' }), TypeError);
});
