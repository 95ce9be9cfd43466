// The request body as the editor holds it: the package's outline() of the
// text (SPEC §2's strict JSON, the linter's own parse), which keeps every
// value's and key's range as UTF-16 offsets (CodeMirror positions) and every
// member of an object, duplicates included. The form reads values from it
// and writes back as text edits at these ranges, so whatever else the text
// holds (unknown members, numbers, layout) is never rewritten. outline() is
// synchronous once the package's init() has run (the page and the lint
// worker each run it before they read a body).
import { outline } from 'sdrs-lint';

/**
 * @typedef {import('sdrs-lint').OutlineNode} Node
 * @typedef {import('sdrs-lint').OutlineMember} Member
 */

/** Parses `text`; returns `{ root }` or `{ problem: { message, offset } }`. */
export function parseSource(text) {
  return outline(text);
}

/** The member JSON keeps for `key` (the last of repeated keys, as the linter reads it). */
export function memberOf(object, key) {
  if (object?.kind !== 'object') return undefined;
  for (let i = object.members.length - 1; i >= 0; i--) {
    if (object.members[i].key === key) return object.members[i];
  }
  return undefined;
}

/** Every member of `object` named `key`, in text order. */
export function membersNamed(object, key) {
  return object?.kind === 'object' ? object.members.filter((m) => m.key === key) : [];
}

/** RFC 6901 tokens of a JSON Pointer. */
export function pointerTokens(pointer) {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}
