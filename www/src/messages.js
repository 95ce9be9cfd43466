// One diagnostic as the form and the summary show it.
import { h } from './dom.js';

/**
 * A list item: severity, message, the rule's code linking to its
 * documentation, and a "Fix" button when the editor can apply its fix.
 * `where` (optional) names the field, for lists of the whole request;
 * `lang` is the language of the message and the fix's description (the
 * package's), `t` the page's own strings in it (i18n.js).
 */
export function messageItem(diagnostic, { ruleUrl, canFix, onFix, where, onShow, lang, t }) {
  const d = diagnostic;
  return h('li', { class: `message message-${d.severity}`, 'data-code': d.code, 'data-path': d.path },
    h('span', { class: 'severity' }, t.messages.severity[d.severity]),
    ' ',
    where ? [h('span', { class: 'where' }, where), ' '] : null,
    h('span', { class: 'text', lang }, d.message),
    ' ',
    h('a', { class: 'rule-link', href: ruleUrl(d.code), target: '_blank', rel: 'noopener' },
      d.code, h('span', { class: 'visually-hidden' }, t.messages.ruleDocs)),
    onShow ? h('button', { type: 'button', class: 'show', onclick: () => onShow(d) }, t.messages.show) : null,
    canFix(d) ? h('button', { type: 'button', class: 'fix', onclick: () => onFix(d) }, t.messages.fix, h('span', { lang }, d.fix.description)) : null);
}
