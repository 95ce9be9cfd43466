// A diagnostic's fix as text edits of the editor's body.
import { replacement, lineIndent } from './body-edits.js';
import { pointerTokens } from './request-source.js';

/**
 * The changes `{ from, to, insert }` that apply `diagnostic`'s fix to
 * `body` (a RequestBody of the very text the diagnostic was reported for),
 * or null when there is no fix the editor can apply.
 */
export function fixChanges(body, diagnostic) {
  const fix = diagnostic.fix;
  if (!fix) return null;
  if (fix.edits) return fix.edits.map((e) => ({ from: e.range.start.offset, to: e.range.end.offset, insert: e.text }));
  return patchChanges(body, fix.patch);
}

/**
 * The JSON Patch of a fix as text edits at the members' ranges, for a
 * package that does not report `fix.edits` yet; delete this function when
 * it does. It knows the patches the rules make: one `replace` of a string,
 * one `remove`, a `move` within one object (a rename), and the wrap of
 * `missing-wrapper` (`add` of an empty object, then a `move` of every member
 * of the root into it).
 */
function patchChanges(body, patch) {
  if (!body.parsed) return null;
  const [first] = patch;
  const parent = (pointer) => pointer.slice(0, pointer.lastIndexOf('/'));
  const last = (pointer) => pointerTokens(pointer).at(-1);
  if (patch.length === 1 && first.op === 'replace' && typeof first.value === 'string') {
    const at = body.locate(first.path);
    return at ? [replacement(body.text, at.node.start, at.node.end, JSON.stringify(first.value))] : null;
  }
  if (patch.length === 1 && first.op === 'remove') {
    const at = body.locate(first.path);
    if (!at?.parent) return null;
    return at.member ? body.removeMember(at.parent, at.member) : body.removeItem(at.parent, at.index);
  }
  if (patch.length === 1 && first.op === 'move' && parent(first.from) === parent(first.path)) {
    const at = body.locate(first.from);
    return at?.member ? [{ from: at.member.keyStart, to: at.member.keyEnd, insert: JSON.stringify(last(first.path)) }] : null;
  }
  const { root, text, style } = body;
  const moves = patch.slice(1);
  const movedKeys = new Set(moves.map((op) => last(op.from)));
  const wraps = first.op === 'add' && parent(first.path) === '' && root.kind === 'object'
    && moves.every((op) => op.op === 'move' && parent(op.from) === '' && op.path === first.path + op.from)
    && root.members.every((m) => movedKeys.has(m.key)) && movedKeys.size === moves.length;
  if (!wraps) return null;
  const key = JSON.stringify(last(first.path));
  if (!style.multiline) {
    return [{ from: root.start, to: root.start, insert: `{${key}${style.colon}` }, { from: root.end, to: root.end, insert: '}' }];
  }
  // Every line break inside the root is white space between tokens (JSON
  // strings cannot hold one), so indenting after each moves the whole
  // object one level in without touching a value.
  const indent = lineIndent(text, root.start);
  const changes = [{ from: root.start, to: root.start, insert: `{\n${indent}${style.unit}${key}${style.colon}` }];
  for (let i = text.indexOf('\n', root.start); i !== -1 && i < root.end; i = text.indexOf('\n', i + 1)) {
    changes.push({ from: i + 1, to: i + 1, insert: style.unit });
  }
  changes.push({ from: root.end, to: root.end, insert: `\n${indent}}` });
  return changes;
}
