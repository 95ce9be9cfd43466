// Builds DOM nodes. Every text, the user's included, becomes a text node:
// nothing is ever parsed as HTML.

/**
 * `h('a', { href, class: 'x', onclick: fn }, 'text', child)`: attributes
 * with `true` are set empty, with `false`, null or undefined left out;
 * `on…` functions become event listeners; children may be strings, nodes,
 * arrays of them, or null.
 */
export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child);
  }
}

/** Replaces `node`'s children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}
