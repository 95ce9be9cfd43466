// Form edits as text edits of the request body. Each edit touches only the
// member it changes: a value is replaced inside its own range, a new member
// is inserted beside its neighbours in their layout (indentation, `": "` or
// `":"`, one line or many), a removed one takes one separator with it.
// Everything else in the text stays byte for byte, and every edit goes
// through the editor's history, so Ctrl-Z undoes a form edit too.
import { parseSource, memberOf, membersNamed } from './request-source.js';
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
    return this.insertItem(array, array.items.length, item);
  }

  /**
   * Removes the items at `indices` of `list`. An optional list that loses
   * its last item goes with it (the form's "no tags" is an absent member);
   * a required one stays, empty, for its check to report.
   */
  removeItems(list, indices, array = this.listArray(list)) {
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
      const items = new RequestBody(text, this.kind).find(array.start);
      text = applyChanges(text, removeSpan(items, items.items.map((n) => [n.start, n.end]), index));
    }
    return [replacement(this.text, 0, this.text.length, text)];
  }

  /** The indices of the items of `list` whose member `name` is the string `value`, compared in lower case (as the linter compares server IDs). */
  indicesOf(list, name, value) {
    const items = this.listArray(list)?.items ?? [];
    const wanted = value.toLowerCase();
    return items.flatMap((item, i) => {
      const member = memberOf(item, name);
      return member?.value.kind === 'string' && member.value.value.toLowerCase() === wanted ? [i] : [];
    });
  }

  /** Renames every member `from` of `object` to `to` (its key's text only). */
  renameKeys(object, from, to) {
    return object.members.filter((m) => m.key === from)
      .map((m) => ({ from: m.keyStart, to: m.keyEnd, insert: JSON.stringify(to) }));
  }

  /** Inserts `value` as item `index` of `array`, laid out like the item it goes before (or after). */
  insertItem(array, index, value) {
    if (array.items.length === 0 || index >= array.items.length) {
      const last = array.items.at(-1);
      if (!last) {
        const indent = lineIndent(this.text, array.start);
        if (!this.style.multiline) return [{ from: array.start + 1, to: array.end - 1, insert: this.itemLike(undefined, value, indent) }];
        const inner = indent + this.style.unit;
        return [{ from: array.start + 1, to: array.end - 1, insert: `\n${inner}${this.itemLike(undefined, value, inner)}\n${indent}` }];
      }
      const separator = this.separator(array.start, array.items.map((n) => [n.start, n.end]));
      return [{ from: last.end, to: last.end, insert: separator + this.itemLike(last, value, lineIndent(this.text, last.start)) }];
    }
    const next = array.items[index];
    const separator = this.separator(array.start, array.items.map((n) => [n.start, n.end]));
    return [{ from: next.start, to: next.start, insert: this.itemLike(next, value, lineIndent(this.text, next.start)) + separator }];
  }

  /** The container that starts at `offset` (a node of this text's tree), if any. */
  find(offset, node = this.root) {
    if (!node || node.start > offset || node.end <= offset) return undefined;
    if (node.start === offset && (node.kind === 'object' || node.kind === 'array')) return node;
    const children = node.kind === 'object' ? node.members.map((m) => m.value) : node.kind === 'array' ? node.items : [];
    for (const child of children) {
      const found = this.find(offset, child);
      if (found) return found;
    }
    return undefined;
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
    if (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0) return Array.isArray(value) ? '[]' : '{}';
    const inner = indent + unit;
    if (Array.isArray(value)) {
      const items = value.map((v) => this.render(v, inner));
      return multiline ? `[\n${items.map((i) => inner + i).join(',\n')}\n${indent}]` : `[${items.join(colon === ':' ? ',' : ', ')}]`;
    }
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}${colon}${this.render(v, inner)}`);
    return multiline ? `{\n${entries.map((e) => inner + e).join(',\n')}\n${indent}}` : `{${entries.join(colon === ':' ? ',' : ', ')}}`;
  }
}

/** Roles whose members stand for each other in the two calls: a single request's name is the batch's name prefix. */
const COUNTERPART = { name: 'name-prefix', 'name-prefix': 'name' };

/** The list member of `kind` whose items are servers (the batch call's `servers`), if it has one. */
const serverList = (kind) => kind.members.find((m) => m.items?.some((item) => item.role === 'server'));

/**
 * `text`, a request of kind `from`, as a request of kind `to` (entries of
 * kinds() on one platform), changed only where the calls differ: the
 * wrapper's name, a member and its counterpart (`name` and `name_prefix`),
 * and the members of one server (`server_id`, `flavorRef`) and the first
 * item of the batch's `servers`. Values move as their own text (a number
 * stays a number); everything else stays byte for byte. What the other call
 * has no place for stays in the body, where its check reports it: nothing
 * is dropped.
 *
 * Returns `{ text, notes }`, each note `{ what, … }` saying what happened
 * for people (see the page's copy), or `{ refused }` when the body cannot
 * be converted (`not-parsed`, `not-object`, `both-wrappers`).
 */
export function convertBody(text, from, to) {
  if (text.trim() === '') return { text, notes: [] };
  const start = new RequestBody(text, from);
  if (!start.parsed) return { refused: 'not-parsed' };
  if (start.place.shape === 'not-object') return { refused: 'not-object' };
  if (start.root.kind === 'object' && memberOf(start.root, to.wrapper)) return { refused: 'both-wrappers' };
  const notes = [];
  let current = text;
  /** The members from the root to the instance's object. */
  let path = [];
  const instanceIn = (body) => path.reduce((node, key) => memberOf(node, key)?.value, body.root);
  /** Applies `edit(body, instance)` to the text as it is now, parsed afresh, as a request of kind `to`. */
  const edit = (fn) => {
    const body = new RequestBody(current, to);
    const changes = fn(body, instanceIn(body));
    if (changes?.length) current = applyChanges(current, changes);
  };
  const rawOf = (node) => new Raw(current.slice(node.start, node.end));

  if (start.place.shape === 'absent') {
    edit((body) => body.insertMember(body.root, to.wrapper, {}, body.root.members.at(-1)));
    return { text: current, notes: [{ what: 'wrapper-added', wrapper: to.wrapper }] };
  }
  if (start.place.shape === 'wrapped') {
    edit((body) => body.renameKeys(body.root, from.wrapper, to.wrapper));
    path = [to.wrapper];
    notes.push({ what: 'renamed', from: from.wrapper, to: to.wrapper });
  }
  const handled = new Set();

  // A member and its counterpart: `name` ↔ `name_prefix`.
  for (const member of from.members) {
    const counterpart = to.members.find((m) => m.role === COUNTERPART[member.role]);
    if (!counterpart) continue;
    handled.add(member.name);
    const instance = instanceIn(new RequestBody(current, to));
    if (!memberOf(instance, member.name)) continue;
    if (memberOf(instance, counterpart.name)) {
      notes.push({ what: 'kept', member: member.name, because: 'taken', by: counterpart.name });
      continue;
    }
    edit((body, object) => body.renameKeys(object, member.name, counterpart.name));
    notes.push({ what: 'renamed', from: member.name, to: counterpart.name });
  }

  const intoList = serverList(to);
  const outOfList = serverList(from);
  if (intoList) {
    // One server's members (single) into the first item of `servers` (batch).
    const names = intoList.items.map((item) => from.members.find((m) => m.role === item.role && !m.items)?.name);
    names.forEach((name) => name && handled.add(name));
    const instance = instanceIn(new RequestBody(current, to));
    const found = intoList.items.map((item, i) => [item.name, names[i], names[i] && membersNamed(instance, names[i])])
      .filter(([, , members]) => members?.length);
    const list = memberOf(instance, intoList.name);
    if (found.length === 0) {
      // Nothing to move.
    } else if (found.some(([, , members]) => members.length > 1)) {
      notes.push({ what: 'kept', member: found.find(([, , members]) => members.length > 1)[1], because: 'repeated' });
    } else if (list && list.value.kind !== 'array') {
      for (const [, name] of found) notes.push({ what: 'kept', member: name, because: 'list-not-array', list: intoList.name });
    } else {
      const item = Object.fromEntries(found.map(([itemName, , [member]]) => [itemName, rawOf(member.value)]));
      for (const [, name] of [...found].reverse()) {
        edit((body, object) => body.removeMember(object, memberOf(object, name)));
      }
      if (list) edit((body, object) => body.insertItem(memberOf(object, intoList.name).value, 0, item));
      else edit((body, object) => body.insertMember(object, intoList.name, [item], body.predecessor(object, intoList.name)));
      notes.push({ what: 'into-list', members: found.map(([, name]) => name), list: intoList.name, first: Boolean(list) });
    }
  }
  if (outOfList) {
    // The first item of `servers` (batch) as one server's members (single).
    handled.add(outOfList.name);
    const names = outOfList.items.map((item) => to.members.find((m) => m.role === item.role && !m.items)?.name);
    const instance = instanceIn(new RequestBody(current, to));
    const list = memberOf(instance, outOfList.name);
    const first = list?.value.kind === 'array' ? list.value.items[0] : undefined;
    const itemNames = outOfList.items.map((item) => item.name);
    const taken = names.find((name) => name && memberOf(instance, name));
    if (!list) {
      // Nothing to move.
    } else if (list.value.kind !== 'array') {
      notes.push({ what: 'kept', member: outOfList.name, because: 'not-array' });
    } else if (!first) {
      edit((body, object) => body.removeMember(object, memberOf(object, outOfList.name)));
      notes.push({ what: 'removed-empty', member: outOfList.name });
    } else if (first.kind !== 'object' || first.members.some((m) => !itemNames.includes(m.key))
      || new Set(first.members.map((m) => m.key)).size < first.members.length || names.some((name, i) => !name && memberOf(first, itemNames[i]))) {
      notes.push({ what: 'kept', member: outOfList.name, because: 'first-other' });
    } else if (taken) {
      notes.push({ what: 'kept', member: outOfList.name, because: 'taken', by: taken });
    } else {
      const moved = outOfList.items.map((item, i) => [names[i], memberOf(first, item.name)]).filter(([, member]) => member);
      const values = moved.map(([name, member]) => [name, rawOf(member.value)]);
      const rest = list.value.items.length - 1;
      if (rest === 0) edit((body, object) => body.removeMember(object, memberOf(object, outOfList.name)));
      else edit((body, object) => body.removeItems(outOfList.name, [0], memberOf(object, outOfList.name).value));
      for (const [name, value] of values) {
        edit((body, object) => body.insertMember(object, name, value, body.predecessor(object, name)));
      }
      notes.push({ what: 'out-of-list', members: values.map(([name]) => name), list: outOfList.name, rest });
    }
  }

  // What the other call has no place for stays, and its check says so.
  const instance = instanceIn(new RequestBody(current, to));
  for (const member of from.members) {
    if (handled.has(member.name) || to.members.some((m) => m.name === member.name)) continue;
    if (memberOf(instance, member.name)) notes.push({ what: 'kept', member: member.name, because: 'unknown' });
  }
  return { text: current, notes };
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
