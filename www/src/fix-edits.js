// A diagnostic's fix as changes of the editor's text.

/**
 * The package's text edits of `diagnostic`'s fix as CodeMirror changes, or
 * null when it has none. Its offsets are those of the text it was linted
 * from: apply them to that text only.
 */
export function fixChanges(diagnostic) {
  const edits = diagnostic.fix?.edits;
  return edits ? edits.map((e) => ({ from: e.range.start.offset, to: e.range.end.offset, insert: e.text })) : null;
}
