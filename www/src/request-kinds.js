// The request kinds as the form shows them: their members come from the
// package's kinds() (SPEC §9: the single call and the batch call, each
// member's name, order, presence, platforms, choices and the account listing
// it is picked from), and where each member is in a parsed body. Used by the
// page and by the lint worker, which sends the form's view of each body with
// its report.
import { memberOf, pointerTokens } from './request-source.js';

/** Items of a list member (tags, servers) beyond this many are counted, not shown as form rows (a pasted body may hold thousands). */
export const ROWS_SHOWN = 50;

/** The kind called `name` in a kinds() answer. */
export const kindNamed = (catalogue, name) => catalogue.find((kind) => kind.name === name);

/** Whether `member` is a list of objects the form shows as rows (tags, servers). */
export const isList = (member) => member.type === 'array' && Array.isArray(member.items);

/** A list member's rows are named after one of its items: `tags` → `tag`, `servers` → `server` (ids, not text for people). */
export const rowName = (list) => list.replace(/s$/, '');

/**
 * Where the kind's members are in a parsed body:
 * - `{ shape: 'wrapped', instance, base: '/WRAPPER' }`
 * - `{ shape: 'unwrapped', instance: root, base: '' }`: the root holds its members (missing-wrapper)
 * - `{ shape: 'absent', instance: undefined, base: '/WRAPPER' }`: a root object without either
 * - `{ shape: 'not-object', base }`: the root or the wrapper's value is not an object
 */
export function instanceOf(root, kind) {
  if (root.kind !== 'object') return { shape: 'not-object', base: '' };
  const base = `/${kind.wrapper}`;
  const wrapper = memberOf(root, kind.wrapper);
  if (wrapper) {
    return wrapper.value.kind === 'object'
      ? { shape: 'wrapped', instance: wrapper.value, base }
      : { shape: 'not-object', base };
  }
  if (root.members.some((m) => kind.members.some((member) => member.name === m.key))) {
    return { shape: 'unwrapped', instance: root, base: '' };
  }
  return { shape: 'absent', instance: undefined, base };
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

/** What the form shows of a list member: `state` is `absent`, `array` or the JSON type it has instead; each row the cells of an object item. */
function listView(member, list, text) {
  const view = { state: 'absent', rows: [], count: 0 };
  if (!member) return view;
  const node = member.value;
  if (node.kind !== 'array') {
    view.state = node.kind;
    return view;
  }
  view.state = 'array';
  view.count = node.items.length;
  view.rows = node.items.slice(0, ROWS_SHOWN).map((item) => {
    if (item.kind !== 'object') return { object: false, type: item.kind };
    const cells = {};
    for (const cell of list.items) cells[cell.name] = fieldValue(memberOf(item, cell.name), text);
    return { object: true, cells };
  });
  return view;
}

/**
 * What the form shows for a parsed body of `kind` (an entry of kinds()):
 * plain data, so that the lint worker can send it. `fields[name]` is a
 * fieldValue for each member but the lists, `lists[name]` a listView for
 * each list (tags, servers).
 */
export function formView(root, text, kind) {
  const place = instanceOf(root, kind);
  const view = { parsed: true, kind: kind.name, shape: place.shape, base: place.base, fields: {}, lists: {} };
  for (const member of kind.members) {
    const found = memberOf(place.instance, member.name);
    if (isList(member)) view.lists[member.name] = listView(found, member, text);
    else view.fields[member.name] = fieldValue(found, text);
  }
  return view;
}

/**
 * Which part of the form a diagnostic's path belongs to, relative to the
 * instance's `base`: `{ field }`, `{ list }`, `{ list, row, cell? }`, or
 * `{ body: true }` for the root, the wrapper and members the kind does not
 * have (on this platform: kinds() lists a platform's members only).
 */
export function placeOf(path, base, kind) {
  const tokens = pointerTokens(path);
  const baseTokens = pointerTokens(base);
  if (tokens.length <= baseTokens.length || baseTokens.some((t, i) => tokens[i] !== t)) return { body: true };
  const [name, index, cell] = tokens.slice(baseTokens.length);
  const member = kind.members.find((m) => m.name === name);
  if (!member) return { body: true };
  if (!isList(member)) return { field: name };
  if (index === undefined || !/^(0|[1-9][0-9]*)$/.test(index)) return { list: name };
  return { list: name, row: Number(index), cell: member.items.some((item) => item.name === cell) ? cell : undefined };
}
