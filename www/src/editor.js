// The request body editor: CodeMirror 6 with JSON highlighting and the lint
// extension (squiggles, gutter markers, hover, the panel, fixes as actions).
//
// It lives in a shadow root. CodeMirror puts its styles in a <style> element
// when it is mounted in the document, which the page's CSP (`default-src
// 'self'`, no 'unsafe-inline' and no nonce) refuses; in a shadow root it uses
// a constructed style sheet (adoptedStyleSheets), which CSP does not govern
// because only script, itself limited to 'self', can create one.
import { Compartment, EditorState, Facet } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import {
  bracketMatching, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting, HighlightStyle,
} from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, openLintPanel, closeLintPanel } from '@codemirror/lint';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { tags } from '@lezer/highlight';
import { h } from './dom.js';

// Colours chosen for at least 4.5:1 against the editor's white background.
const highlighting = HighlightStyle.define([
  { tag: tags.propertyName, color: '#1d4f91' },
  { tag: tags.string, color: '#0d6331' },
  { tag: tags.number, color: '#8a3a00' },
  { tag: [tags.bool, tags.null], color: '#7b1fa2' },
  { tag: tags.invalid, color: '#b00020' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', backgroundColor: '#fff', color: '#1b1f24' },
  '&.cm-focused': { outline: '2px solid #0b57d0', outlineOffset: '-2px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace', lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: '#f4f6f8', color: '#4d5661', borderRight: '1px solid #d5dae0' },
  '.cm-activeLineGutter': { backgroundColor: '#e3e8ee', color: '#1b1f24' },
  '.cm-activeLine': { backgroundColor: '#f3f7fc' },
  '.cm-tooltip': { border: '1px solid #b9c2cc', borderRadius: '4px', boxShadow: '0 2px 8px rgb(0 0 0 / 0.15)', backgroundColor: '#fff' },
  '.cm-tooltip-lint': { maxWidth: '36rem' },
  '.cm-diagnostic': { padding: '4px 8px', fontFamily: 'system-ui, sans-serif', fontSize: '13px', color: '#1b1f24' },
  '.cm-diagnostic-error': { borderLeftColor: '#b3261e' },
  '.cm-diagnostic-warning': { borderLeftColor: '#8a5300' },
  '.cm-diagnostic-info': { borderLeftColor: '#0b57d0' },
  '.cm-diagnosticAction': { backgroundColor: '#0b57d0', color: '#fff', borderRadius: '3px', padding: '2px 8px', marginLeft: '8px', font: 'inherit' },
  '.cm-rule-link': { color: '#0b57d0', marginLeft: '6px', fontFamily: 'ui-monospace, monospace', fontSize: '12px' },
  '.cm-api-code': { color: '#4d5661', marginLeft: '6px', fontSize: '12px' },
  // CodeMirror draws squiggles and gutter markers as data: URL images, which
  // the page's CSP (img-src falls back to 'self') refuses: drawn with CSS instead.
  '.cm-lintRange-error, .cm-lintRange-warning, .cm-lintRange-info, .cm-lintRange-hint': {
    backgroundImage: 'none', textDecorationLine: 'underline', textDecorationStyle: 'wavy',
    textDecorationSkipInk: 'none', textUnderlineOffset: '3px',
  },
  '.cm-lintRange-error': { textDecorationColor: '#d0271d' },
  '.cm-lintRange-warning': { textDecorationColor: '#c27c00' },
  '.cm-lintRange-info, .cm-lintRange-hint': { textDecorationColor: '#0b57d0' },
  '.cm-lint-marker': { content: 'normal', display: 'inline-block', boxSizing: 'border-box', marginTop: '2px' },
  '.cm-lint-marker-error': { content: 'normal', width: '0.8em', height: '0.8em', borderRadius: '50%', backgroundColor: '#d0271d' },
  '.cm-lint-marker-warning': { content: 'normal', width: '0.9em', height: '0.8em', backgroundColor: '#c27c00', clipPath: 'polygon(50% 0, 100% 100%, 0 100%)' },
  '.cm-lint-marker-info': { content: 'normal', width: '0.75em', height: '0.75em', backgroundColor: '#0b57d0' },
  // In the problems panel (a listbox) an item must hold no control of its
  // own: its fix is its access key ("f"), Enter goes to it in the text, and
  // the rule's link and Fix button show in the hover tooltip and the form.
  '.cm-panel.cm-panel-lint .cm-diagnosticAction, .cm-panel.cm-panel-lint .cm-rule-link': { display: 'none' },
  '.cm-rule-code, .cm-fix-key': { display: 'none' },
  '.cm-panel.cm-panel-lint .cm-rule-code': { display: 'inline', marginLeft: '6px', fontFamily: 'ui-monospace, monospace', fontSize: '12px' },
  '.cm-panel.cm-panel-lint .cm-fix-key': { display: 'inline', marginLeft: '6px', fontStyle: 'italic' },
  '.cm-panel.cm-panel-lint ul': { maxHeight: '9rem' },
  '.cm-panel.cm-panel-lint ul [aria-selected]': { backgroundColor: '#dce8fb', color: '#1b1f24' },
  '.cm-panel.cm-panel-lint ul:focus [aria-selected]': { backgroundColor: '#0b57d0', color: '#fff' },
  '.cm-panel.cm-panel-lint ul:focus [aria-selected] .cm-rule-link, .cm-panel.cm-panel-lint ul:focus [aria-selected] .cm-api-code': { color: '#fff' },
  '.cm-panels': { backgroundColor: '#f4f6f8', color: '#1b1f24' },
  '.cm-panels-bottom': { borderTop: '1px solid #b9c2cc' },
  '.cm-foldPlaceholder': { backgroundColor: '#e3e8ee', border: '1px solid #b9c2cc', color: '#1b1f24' },
});

/** The editor's words: its text's label and CodeMirror's phrases, in the page's language. */
const language = new Compartment();
const languageOf = ({ label, phrases, actionLabel }) => [
  EditorState.phrases.of(phrases),
  EditorView.contentAttributes.of({ 'aria-label': label }),
  actionLabels.of(actionLabel),
];

/**
 * How a diagnostic's action button (its Fix) is named for people who hear
 * it: CodeMirror's lint writes ` Action: NAME (access key "K").` in English
 * whatever its phrases say, so the editor renames each such button it
 * draws (in the tooltip and the problems panel) with this function of
 * `{ name, key }`.
 */
const actionLabels = Facet.define({ combine: (values) => values.at(-1) });
const CODEMIRROR_ACTION = /^ Action: (.*?)(?: \(access key "(.)\)")?\.$/s;

function renameActions(view) {
  const rename = (button) => {
    const label = view.state.facet(actionLabels);
    const match = CODEMIRROR_ACTION.exec(button.getAttribute('aria-label') ?? '');
    if (match && label) button.setAttribute('aria-label', label({ name: match[1], key: match[2] ?? '' }));
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        if (node.matches('.cm-diagnosticAction')) rename(node);
        for (const button of node.querySelectorAll('.cm-diagnosticAction')) rename(button);
      }
    }
  });
  observer.observe(view.dom, { childList: true, subtree: true });
  return observer;
}

/**
 * The editor in `host` (a shadow root is attached to it). `language`:
 * `{ label, phrases }` (see setEditorLanguage). `onChange` is called after
 * every transaction that changed the text, `onUpdate` after every update
 * of the view.
 */
export function createBodyEditor({ host, text, language: words, onChange, onUpdate }) {
  const shadow = host.attachShadow({ mode: 'open' });
  const state = EditorState.create({
    doc: text,
    extensions: [
      lineNumbers(),
      foldGutter(),
      lintGutter(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      json(),
      syntaxHighlighting(highlighting),
      theme,
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, ...lintKeymap]),
      // tabindex: the text is focusable already (contenteditable); saying so
      // lets checkers such as axe see that its scrolling region is reachable.
      EditorView.contentAttributes.of({ spellcheck: 'false', autocapitalize: 'off', tabindex: '0' }),
      language.of(languageOf(words)),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(update);
        onUpdate(update);
      }),
    ],
  });
  const view = new EditorView({ state, parent: shadow, root: shadow });
  renameActions(view);
  return view;
}

/** The editor's text's `label` and CodeMirror's `phrases` (its own words: the problems panel, folding, search) in another language. */
export function setEditorLanguage(view, words) {
  view.dispatch({ effects: language.reconfigure(languageOf(words)) });
}

/**
 * The report's diagnostics as CodeMirror's: each with the message, a link to
 * its rule's documentation and, when it has a fix, the fix as an action
 * (named in the page's words `t`).
 */
export function showReport(view, report, { ruleUrl, canFix, onFix, t }) {
  const length = view.state.doc.length;
  const diagnostics = report.diagnostics.filter((d) => d.range).map((d) => ({
    from: Math.min(d.range.start.offset, length),
    to: Math.min(d.range.end.offset, length),
    severity: d.severity,
    message: `${d.message} (${d.code})`,
    renderMessage: () => h('span', {},
      d.message,
      h('a', { class: 'cm-rule-link', href: ruleUrl(d.code), target: '_blank', rel: 'noopener' }, d.code),
      h('span', { class: 'cm-rule-code' }, d.code),
      d.api_code ? h('span', { class: 'cm-api-code' }, d.api_code) : null,
      canFix(d) ? h('span', { class: 'cm-fix-key' }, t.messages.fixKey({ description: d.fix.description })) : null),
    actions: canFix(d) ? [{ name: `${t.messages.fix}${d.fix.description}`, apply: () => onFix(d) }] : [],
  }));
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

/** The effect that scrolls the editor to `pos` if it is out of sight. */
export const reveal = (pos) => EditorView.scrollIntoView(pos, { y: 'nearest' });

/** Whether the editor shows its problems panel. */
export function lintPanelOpen(view) {
  return view.dom.querySelector('.cm-panel-lint') !== null;
}

export { openLintPanel, closeLintPanel };
