// Form edits as text edits of the request body. Each edit touches only the
// member it changes: a value is replaced inside its own range, a new member
// is inserted beside its neighbours in their layout (indentation, `": "` or
// `":"`, one line or many), a removed one takes one separator with it.
// Everything else in the text stays byte for byte, and every edit goes
// through the editor's history, so Ctrl-Z undoes a form edit too.
import { parseSource, memberOf } from './request-source.js';
import { instanceOf } from './request-kinds.js';

/** A change `{ from, to, insert }` reduced to the part that differs (so history and cursors move as little as possible). */
export function replacement(text, from, to, insert) {
  const old = text.slice(from, to);
  let head = 0;
  while (head < old.length && head < insert.length && old[head] === insert[head]) head++;
  let tail = 0;
  while (tail < old.length - head && tail < insert.length - head
    && old[old.length - 1 - tail] === insert[insert.length - 1 - tail]) tail++;
  // Never split a surrogate pair.
  if (head > 0 && isHighSurrogate(old.charCodeAt(head - 1))) head--;
  if (tail > 0 && isLowSurrogate(old.charCodeAt(old.length - tail))) tail--;
  return { from: from + head, to: to - tail, insert: insert.slice(head, insert.length - tail) };
}

const isHighSurrogate = (c) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c) => c >= 0xdc00 && c <= 0xdfff;

/** JSON text written as it is: a value moved from elsewhere in the body, in its own spelling. */
export class Raw {
  constructor(text) {
    this.text = text;
  }
}

/**
 * The request body's text, parsed once, and the edits the form can make to
 * it as a request of `kind` (an entry of the package's kinds(): its wrapper
 * and its members in the API's order).
 */
export class RequestBody {
  constructor(text, kind) {
    this.text = text;
    this.kind = kind;
    const { root, problem } = parseSource(text);
    this.root = root;
    this.problem = problem;
    this.style = root ? layoutStyle(text, root) : { unit: '  ', colon: ': ', multiline: true };
    if (root) this.place = instanceOf(root, kind);
  }

  get parsed() {
    return this.root !== undefined;
  }

  /**
   * Sets a member of the request. `value` undefined removes it (an optional
   * field the user cleared). Returns the changes, or null when the body
   * cannot take the edit (not parsed, or not shaped like a request).
   */
  setField(name, value) {
    const { wrapper } = this.kind;
    if (this.text.trim() === '') {
      return value === undefined ? [] : [{ from: 0, to: this.text.length, insert: `${this.render({ [wrapper]: { [name]: value } }, '')}\n` }];
    }
    if (!this.parsed || this.place.shape === 'not-object') return null;
    const { instance } = this.place;
    if (!instance) {
      if (value === undefined) return [];
      return this.insertMember(this.root, wrapper, { [name]: value }, this.root.members.at(-1));
    }
    const member = memberOf(instance, name);
    if (member) {
      if (value === undefined) return this.removeMember(instance, member);
      return [replacement(this.text, member.value.start, member.value.end, this.render(value, ''))];
    }
    if (value === undefined) return [];
    return this.insertMember(instance, name, value, this.predecessor(instance, name));
  }

  /** The array of list member `list` (tags, servers), if it is one. */
  listArray(list) {
    const member = this.place && memberOf(this.place.instance, list);
    return member?.value.kind === 'array' ? member.value : undefined;
  }

  /** Sets member `name` (a tag's `key`, a server's `flavorRef`) of item `index` of `list`; `value` undefined removes it. */
  setItemField(list, index, name, value) {
    const item = this.listArray(list)?.items[index];
    if (item?.kind !== 'object') return null;
    const member = memberOf(item, name);
    if (member) {
      if (value === undefined) return this.removeMember(item, member);
      return [replacement(this.text, member.value.start, member.value.end, this.render(value, ''))];
    }
    if (value === undefined) return [];
    const order = this.kind.members.find((m) => m.name === list)?.items.map((i) => i.name) ?? [];
    const before = order.slice(0, Math.max(order.indexOf(name), 0));
    const after = [...item.members].reverse().find((m) => before.includes(m.key));
    return this.insertMember(item, name, value, after);
  }

  /** Appends `item` to `list` (creating the list, and the wrapper, when missing), laid out like the list's last item. */
  addItem(list, item) {
    const member = this.place && memberOf(this.place.instance, list);
    if (!member) return this.setField(list, [item]);
    const array = member.value;
    if (array.kind !== 'array') return null;
    const last = array.items.at(-1);
    if (!last) {
      const indent = lineIndent(this.text, array.start);
      if (!this.style.multiline) return [{ from: array.start + 1, to: array.end - 1, insert: this.itemLike(undefined, item, indent) }];
      const inner = indent + this.style.unit;
      return [{ from: array.start + 1, to: array.end - 1, insert: `\n${inner}${this.itemLike(undefined, item, inner)}\n${indent}` }];
    }
    const separator = this.separator(array.start, array.items.map((n) => [n.start, n.end]));
    return [{ from: last.end, to: last.end, insert: separator + this.itemLike(last, item, lineIndent(this.text, last.start)) }];
  }

  /**
   * Removes the items at `indices` of `list`. An optional list that loses
   * its last item goes with it (the form's "no tags" is an absent member);
   * a required one stays, empty, for its check to report.
   */
  removeItems(list, indices) {
    const array = this.listArray(list);
    if (!array || indices.length === 0 || indices.some((i) => i >= array.items.length)) return null;
    const gone = new Set(indices);
    if (gone.size === array.items.length) {
      const required = this.kind.members.find((m) => m.name === list)?.required;
      if (!required) return this.removeMember(this.place.instance, memberOf(this.place.instance, list));
      return [{ from: array.start + 1, to: array.end - 1, insert: '' }];
    }
    // From the last, each on the text the one before left, as one change.
    let text = this.text;
    for (const index of [...gone].sort((x, y) => y - x)) {
      const items = new RequestBody(text, this.kind).listArray(list);
      text = applyChanges(text, removeSpan(items, items.items.map((n) => [n.start, n.end]), index));
    }
    return [replacement(this.text, 0, this.text.length, text)];
  }

  /** Removes `member` from `object` with one separator. */
  removeMember(object, member) {
    const index = object.members.lastIndexOf(member);
    return removeSpan(object, object.members.map((m) => [m.keyStart, m.value.end]), index);
  }

  /** The member of `instance` a new `name` goes after: the nearest earlier one in the API's order. */
  predecessor(instance, name, kind = this.kind) {
    const order = kind.members.map((m) => m.name);
    for (let i = order.indexOf(name) - 1; i >= 0; i--) {
      const member = memberOf(instance, order[i]);
      if (member) return member;
    }
    return undefined;
  }

  /** Inserts `"name": value` into `object` after member `after` (first when undefined), in the object's layout. */
  insertMember(object, name, value, after) {
    const { text, style } = this;
    if (object.members.length === 0) {
      const indent = lineIndent(text, object.start);
      if (!style.multiline) return [{ from: object.start + 1, to: object.end - 1, insert: this.entry(name, value, indent) }];
      const inner = indent + style.unit;
      return [{ from: object.start + 1, to: object.end - 1, insert: `\n${inner}${this.entry(name, value, inner)}\n${indent}` }];
    }
    const spans = object.members.map((m) => [m.keyStart, m.value.end]);
    const separator = this.separator(object.start, spans);
    const first = object.members[0];
    const indent = text.slice(object.start, first.keyStart).includes('\n')
      ? lineIndent(text, first.keyStart)
      : lineIndent(text, object.start);
    const entry = this.entry(name, value, indent);
    if (after) return [{ from: after.value.end, to: after.value.end, insert: separator + entry }];
    return [{ from: first.keyStart, to: first.keyStart, insert: entry + separator }];
  }

  entry(name, value, indent) {
    return `${JSON.stringify(name)}${this.style.colon}${this.render(value, indent)}`;
  }

  /** What separates the items of a container: as between its first two, else a comma and its opening space. */
  separator(open, spans) {
    if (spans.length >= 2) return this.text.slice(spans[0][1], spans[1][0]);
    const opening = this.text.slice(open + 1, spans[0][0]);
    return `,${opening === '' ? (this.style.colon === ':' ? '' : ' ') : opening}`;
  }

  /**
   * A new object item (`value`: its members) laid out like `model`, the
   * list's last item: its spacing inside the braces, between members and
   * around the colon. Without a model that shows all of it, in the body's
   * style at `indent`.
   */
  itemLike(model, value, indent) {
    const { text } = this;
    const entries = Object.entries(value);
    if (model?.kind === 'object' && model.members.length >= Math.min(entries.length, 2) && model.members.length > 0) {
      const [a, b] = model.members;
      const lead = text.slice(model.start + 1, a.keyStart);
      const between = b ? text.slice(a.value.end, b.keyStart) : '';
      const trail = text.slice(model.members.at(-1).value.end, model.end - 1);
      const colon = text.slice(a.keyEnd, a.value.start);
      const inner = lead.includes('\n') ? lineIndent(text, a.keyStart) : indent;
      return `{${lead}${entries.map(([k, v]) => `${JSON.stringify(k)}${colon}${this.render(v, inner)}`).join(between)}${trail}}`;
    }
    return this.render(value, indent);
  }

  /** JSON text of a new value (strings, arrays, objects, Raw text) at `indent`, in the body's style. */
  render(value, indent) {
    const { unit, colon, multiline } = this.style;
    if (value instanceof Raw) return value.text;
    if (typeof value === 'string') return JSON.stringify(value);
    const inner = indent + unit;
    if (Array.isArray(value)) {
      const items = value.map((v) => this.render(v, inner));
      return multiline ? `[\n${items.map((i) => inner + i).join(',\n')}\n${indent}]` : `[${items.join(colon === ':' ? ',' : ', ')}]`;
    }
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}${colon}${this.render(v, inner)}`);
    return multiline ? `{\n${entries.map((e) => inner + e).join(',\n')}\n${indent}}` : `{${entries.join(colon === ':' ? ',' : ', ')}}`;
  }
}

/** `changes` ({ from, to, insert } of `text`, not overlapping) applied to `text`. */
export function applyChanges(text, changes) {
  let out = text;
  for (const c of [...changes].sort((x, y) => y.from - x.from)) out = out.slice(0, c.from) + c.insert + out.slice(c.to);
  return out;
}

/**
 * Removes item `index` of a container whose items span `spans` ([start, end]
 * each), with the separator after it (or before it, for the last).
 */
function removeSpan(container, spans, index) {
  if (spans.length === 1) return [{ from: container.start + 1, to: container.end - 1, insert: '' }];
  if (index < spans.length - 1) return [{ from: spans[index][0], to: spans[index + 1][0], insert: '' }];
  return [{ from: spans[index - 1][1], to: spans[index][1], insert: '' }];
}

/** The white space a line starts with, for the line holding `pos`. */
function lineIndent(text, pos) {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  let end = start;
  while (text[end] === ' ' || text[end] === '\t') end++;
  return text.slice(start, end);
}

/**
 * The body's own style: its indentation unit (the step from an object's
 * line to its first member's), what it puts between a key and its value,
 * and whether it spreads over lines at all.
 */
function layoutStyle(text, root) {
  // An empty root object has no layout of its own to keep: spread it out.
  const bare = root.kind === 'object' && root.members.length === 0;
  const style = { unit: '  ', colon: ': ', multiline: bare || text.slice(root.start, root.end).includes('\n') };
  const first = firstMemberedObject(root);
  if (first) {
    const member = first.members[0];
    style.colon = text.slice(member.keyEnd, member.value.start);
    const outer = lineIndent(text, first.start);
    const inner = lineIndent(text, member.keyStart);
    if (text.slice(first.start, member.keyStart).includes('\n') && inner.startsWith(outer) && inner.length > outer.length) {
      style.unit = inner.slice(outer.length);
    }
  }
  return style;
}

function firstMemberedObject(node) {
  if (node.kind === 'object' && node.members.length > 0) return node;
  const children = node.kind === 'object' ? node.members.map((m) => m.value) : node.kind === 'array' ? node.items : [];
  for (const child of children) {
    const found = firstMemberedObject(child);
    if (found) return found;
  }
  return undefined;
}
