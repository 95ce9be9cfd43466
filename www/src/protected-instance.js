// The request's members as the form shows them (SPEC §1), and where they are
// in a parsed body. Used by the page and by the lint worker, which sends the
// form's view of each body with its report.
import { memberOf, pointerTokens } from './request-source.js';

/**
 * The members of `protected_instance` in the API's order. `listing` names
 * the account listing a console picks the value from, `choices` the values
 * the API allows, `platforms` the clouds that know the member (SPEC §7;
 * absent: both). `hint` is one text, or one per platform where the clouds
 * accept different values (see hintOn).
 */
export const INSTANCE_FIELDS = [
  { name: 'server_group_id', label: 'Protection group', required: true, listing: 'protection_groups',
    hint: 'The pair of sites (production and DR) the server is replicated between.' },
  { name: 'server_id', label: 'Production server', required: true, listing: 'servers',
    hint: 'The ECS to protect; it must be in the protection group\'s production VPC and zone.' },
  { name: 'name', label: 'Name', required: true,
    hint: {
      otc: 'Letters, digits, ".", "_" and "-"; at most 64 bytes.',
      huawei: 'Letters, digits, Chinese characters (U+4E00–U+9FA5), ".", "_" and "-"; at most 64 bytes (a Chinese character takes 3).',
    } },
  { name: 'description', label: 'Description', required: false,
    hint: 'Optional; at most 64 bytes, no "<" or ">".' },
  { name: 'primary_subnet_id', label: 'DR site subnet', required: false, listing: 'subnets',
    hint: 'Optional; the subnet of the DR site server\'s primary NIC.' },
  { name: 'primary_ip_address', label: 'DR site IP address', required: false,
    hint: 'Optional; a free IPv4 address in the DR site subnet.' },
  { name: 'flavorRef', label: 'DR site flavor', required: false, listing: 'flavors',
    hint: 'Optional; by default the DR site server gets the production server\'s flavor.' },
  { name: 'cluster_id', label: 'Dedicated storage pool', required: false, platforms: ['huawei'],
    hint: 'Optional; the ID of the dedicated distributed storage pool (DSS) for the DR site server\'s disks.' },
  { name: 'tenancy', label: 'Tenancy', required: false, platforms: ['huawei'], choices: ['shared', 'dedicated'],
    hint: 'Optional; "dedicated" puts the DR site server on a dedicated host (default "shared").' },
  { name: 'dedicated_host_id', label: 'Dedicated host', required: false, platforms: ['huawei'],
    hint: 'Optional; the ID of the dedicated host, with tenancy "dedicated".' },
];

/** Whether `field` is part of the call on `platform`. */
export const onPlatform = (field, platform) => !field.platforms || field.platforms.includes(platform);

/** What a field's hint says on `platform`: the clouds differ in the characters they accept (SPEC §7). */
export const hintOn = (field, platform) => (typeof field.hint === 'string' ? field.hint : field.hint[platform]);

/**
 * The `tags` member, for its hint. On Open Telekom Cloud a character
 * outside the SDRS console's tag set is a warning (tag-portable-charset;
 * the Tag Management Service's `@` is not in it); Huawei Cloud refuses only
 * the forbidden set (tag-key-charset, tag-value-charset).
 */
export const TAGS_FIELD = {
  name: 'tags',
  hint: {
    otc: 'At most 10 tags; keys unique, at most 36 characters, values at most 43. Keys and values of letters, digits, "_" and "-": the console\'s tag editor accepts no other character.',
    huawei: 'At most 10 tags; keys unique, at most 36 characters, values at most 43, of any character but * < > \\ = , | / and control characters.',
  },
};

export const TAG_FIELDS = [
  { name: 'key', label: 'Key', required: true },
  { name: 'value', label: 'Value', required: true },
];

export const WRAPPER = 'protected_instance';

/** Tags beyond this many are counted, not shown as form rows (a pasted body may hold thousands). */
export const TAG_ROWS_SHOWN = 50;

/**
 * Where the protected instance is in a parsed body:
 * - `{ shape: 'wrapped', instance, base: '/protected_instance' }`
 * - `{ shape: 'unwrapped', instance: root, base: '' }`: the root holds its members (missing-wrapper)
 * - `{ shape: 'absent', instance: undefined, base: '/protected_instance' }`: a root object without either
 * - `{ shape: 'not-object', base }`: the root or the wrapper's value is not an object
 */
export function instanceOf(root) {
  if (root.kind !== 'object') return { shape: 'not-object', base: '' };
  const wrapper = memberOf(root, WRAPPER);
  if (wrapper) {
    return wrapper.value.kind === 'object'
      ? { shape: 'wrapped', instance: wrapper.value, base: `/${WRAPPER}` }
      : { shape: 'not-object', base: `/${WRAPPER}` };
  }
  if (root.members.some((m) => INSTANCE_FIELDS.some((f) => f.name === m.key) || m.key === 'tags')) {
    return { shape: 'unwrapped', instance: root, base: '' };
  }
  return { shape: 'absent', instance: undefined, base: `/${WRAPPER}` };
}

/**
 * How a member shows in a text field: strings as they are, other JSON as
 * its source text (so `12345` stays visibly a number), absent and `null` as
 * empty. `editable` is false for objects and arrays, which a one-line field
 * cannot show without losing them.
 */
export function fieldValue(member, text) {
  if (!member) return { present: false, type: 'absent', text: '', editable: true };
  const node = member.value;
  switch (node.kind) {
    case 'string': return { present: true, type: 'string', text: node.value, editable: true };
    case 'null': return { present: true, type: 'null', text: '', editable: true };
    case 'number':
    case 'boolean':
      return { present: true, type: node.kind, text: text.slice(node.start, node.end), editable: true };
    default: {
      const source = text.slice(node.start, Math.min(node.end, node.start + 200));
      return { present: true, type: node.kind, text: source, editable: false };
    }
  }
}

/**
 * What the form shows for a parsed body: plain data, so that the lint
 * worker can send it. `fields[name]` and each tag's `key`/`value` are
 * `fieldValue`s; `tags.state` is `absent`, `array` or the JSON type it has
 * instead.
 */
export function formView(root, text) {
  const place = instanceOf(root);
  const view = { parsed: true, shape: place.shape, base: place.base, fields: {}, tags: { state: 'absent', rows: [], count: 0 } };
  for (const field of INSTANCE_FIELDS) view.fields[field.name] = fieldValue(memberOf(place.instance, field.name), text);
  const tags = memberOf(place.instance, 'tags');
  if (tags) {
    const node = tags.value;
    if (node.kind !== 'array') {
      view.tags.state = node.kind;
    } else {
      view.tags.state = 'array';
      view.tags.count = node.items.length;
      view.tags.rows = node.items.slice(0, TAG_ROWS_SHOWN).map((item) => (item.kind === 'object'
        ? { object: true, key: fieldValue(memberOf(item, 'key'), text), value: fieldValue(memberOf(item, 'value'), text) }
        : { object: false, type: item.kind }));
    }
  }
  return view;
}

/**
 * Which part of the form a diagnostic's path belongs to, relative to the
 * instance's `base`: `{ field }`, `{ tags: true }`, `{ tag, member? }`, or
 * `{ body: true }` for the root, the wrapper and members unknown on `platform`.
 */
export function placeOf(path, base, platform) {
  const tokens = pointerTokens(path);
  const baseTokens = pointerTokens(base);
  if (tokens.length <= baseTokens.length || baseTokens.some((t, i) => tokens[i] !== t)) return { body: true };
  const [name, index, member] = tokens.slice(baseTokens.length);
  if (INSTANCE_FIELDS.some((f) => f.name === name && onPlatform(f, platform))) return { field: name };
  if (name !== 'tags') return { body: true };
  if (index === undefined || !/^(0|[1-9][0-9]*)$/.test(index)) return { tags: true };
  return { tag: Number(index), member: TAG_FIELDS.some((f) => f.name === member) ? member : undefined };
}

/** A place's name for people: "Name", "Tag 3 key", "Request body". */
export function placeLabel(place) {
  if (place.field) return INSTANCE_FIELDS.find((f) => f.name === place.field).label;
  if (place.tags) return 'Tags';
  if (place.tag !== undefined) return `Tag ${place.tag + 1}${place.member ? ` ${place.member}` : ''}`;
  return 'Request body';
}
