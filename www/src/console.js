// The "Create protected instance" page. The editor's text is the request:
// the form shows it and edits it through text edits (body-edits.js), the
// worker lints it (lint-worker.js), and each lint result updates the
// editor's diagnostics, the form and the summary together, but only while
// it still describes the text and the settings it was made for.
import './style.css';
import init, { kinds, load } from 'sdrs-lint';
import wasmUrl from 'sdrs-lint/sdrs_lint_bg.wasm?url';
import { ACCOUNT, EXAMPLES } from './account.js';
import { RequestBody, convertBody, replacement } from './body-edits.js';
import { browserLocale, stringsFor } from './i18n.js';
import { fixChanges } from './fix-edits.js';
import { RequestForm } from './form.js';
import { LintWorker } from './lint-client.js';
import { lintOptions } from './lint-options.js';
import { Summary } from './summary.js';
import { kindNamed } from './request-kinds.js';
import { h, fill } from './dom.js';

/**
 * The page's words: in the language the address names (`?lang=zh`, as the
 * rules page links back), else the one the visitor's browser asks for,
 * until the page's language switch says otherwise.
 */
let t = stringsFor(new URLSearchParams(location.search).get('lang') ?? browserLocale());

/** Where a rule's documentation is: this site's rules page (its own words in the page's language). */
const ruleUrl = (code) => `rules.html${t.lang === 'en' ? '' : `?lang=${t.lang}`}#${encodeURIComponent(code)}`;

/** Bodies from this many characters are linted when typing pauses, for this long. */
const LARGE_BODY = 256 * 1024;
const TYPING_PAUSE_MS = 150;

function fail(text) {
  const boot = document.getElementById('boot');
  fill(boot, h('p', { class: 'boot-failure' }, text));
  boot.hidden = false;
  document.getElementById('console').hidden = true;
}

/** The editor's words in the page's language: its text's label, CodeMirror's phrases, how a Fix button is named. */
const editorWords = () => ({ label: t.page.editorLabel, phrases: t.codemirror, actionLabel: t.messages.action });

/** The value at a dotted `path` of the strings ("page.brand"). */
const lookup = (path) => path.split('.').reduce((node, key) => node?.[key], t);

/**
 * The page's own words outside the form and the summary, in its language:
 * the HTML's (each element names its string in `data-i18n`, an attribute's
 * in `data-i18n-aria-label`), the title and heading of the request `kind`.
 */
function translatePage(kind) {
  document.documentElement.lang = t.lang;
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = lookup(element.dataset.i18n);
  for (const element of document.querySelectorAll('[data-i18n-aria-label]')) element.setAttribute('aria-label', lookup(element.dataset.i18nAriaLabel));
  document.getElementById('rules-link').href = `rules.html${t.lang === 'en' ? '' : `?lang=${t.lang}`}`;
  const head = t.kinds[kind];
  document.getElementById('page-title').dataset.kind = kind;
  document.getElementById('page-title').textContent = head.title;
  document.getElementById('page-subtitle').textContent = head.subtitle;
  document.title = t.page.title(head);
}

if (location.protocol === 'file:') {
  fail(t.page.fileProtocol);
} else {
  translatePage('single');
  start().catch((error) => fail(t.page.couldNotStart({ message: error.message })));
}

/**
 * The package's WebAssembly module, compiled once for the page and the lint
 * worker (each runs its own instance of it) while it downloads, or from its
 * bytes when the server does not send it as application/wasm.
 */
async function compileModule() {
  const response = fetch(wasmUrl);
  try {
    return await WebAssembly.compileStreaming(response);
  } catch (error) {
    const answer = await response;
    if (!answer.ok || answer.headers.get('Content-Type') === 'application/wasm') throw error;
    return WebAssembly.compile(await answer.arrayBuffer());
  }
}

async function start() {
  // The worker first: the linter compiles while CodeMirror, most of the
  // page's code, loads as a chunk of its own. The page's own instance of the
  // package (the request kinds for the form, outline() for its edits) loads
  // beside them: the full module, since kinds() and outline() are in it.
  const compiled = compileModule();
  const linter = new LintWorker(compiled);
  const editing = import('./editor.js');
  const loading = compiled.then((module) => init({ module_or_path: module })).then(() => load());
  const settings = { accountFacts: true, locale: t.lang, platform: 'otc' };
  /** The kind of request the form shows where the body says nothing (an empty body): the last one shown or chosen. */
  let prefer = 'single';
  let options = lintOptions(settings);
  /** The last result shown: { doc, options, report, view }. */
  let shown = null;
  let linting = false;
  let waiting = [];
  let firstLint = true;

  const canFix = (d) => Boolean(d.fix?.edits);
  const isSafe = (d) => d.fix?.applicability === 'safe';
  const message = { ruleUrl, canFix, onFix: (d) => applyFix(d) };

  const panelButton = document.getElementById('problems-panel');
  const summary = new Summary({ panel: document.getElementById('summary'), bar: document.getElementById('actions') }, {
    message,
    onFixAll: () => fixAll(),
    onCreate: async () => {
      // The button shows the last result; what counts is the text as it is now.
      const { report } = await currentResult();
      summary.showOutcome(report.valid ? t.summary.sent({ call: formKind().call }) : t.summary.notSent);
    },
    onShow: (d) => {
      if (form.focus(d.path) || !d.range) return;
      const length = editor.state.doc.length;
      editor.dispatch({
        selection: { anchor: Math.min(d.range.start.offset, length), head: Math.min(d.range.end.offset, length) },
        scrollIntoView: true,
      });
      editor.focus();
    },
  });

  summary.setStrings(t);
  summary.setBusy(true);

  const { createBodyEditor, setEditorLanguage, showReport, openLintPanel, closeLintPanel, lintPanelOpen, reveal } = await editing;
  await loading;

  /** The request kinds (kinds()) on the platform, with names for people in the locale: what the form is built from. */
  const catalogues = new Map();
  function catalogue() {
    const key = `${settings.platform}/${settings.locale}`;
    if (!catalogues.has(key)) catalogues.set(key, kinds({ platform: settings.platform, locale: settings.locale }));
    return catalogues.get(key);
  }
  /** The kind of request the form shows: the last result's, else the preferred one. */
  const formKind = () => kindNamed(catalogue(), shown?.view.kind ?? prefer);
  const editor = createBodyEditor({
    host: document.getElementById('body-editor'),
    text: EXAMPLES[0].text,
    language: editorWords(),
    onChange: () => lintSoon(),
    onUpdate: () => panelButton.setAttribute('aria-pressed', String(lintPanelOpen(editor))),
  });

  const form = new RequestForm(document.getElementById('request-form'), {
    onField: (name, value) => editBody((body) => body.setField(name, value)),
    onItemField: (list, index, member, value) => editBody((body) => body.setItemField(list, index, member, value)),
    onAddItem: (list) => {
      const shownList = shown?.view.parsed ? shown.view.lists[list] : undefined;
      const count = shownList?.state === 'array' ? shownList.count : 0;
      // A new item with its required members empty: a tag's key and value, a server's ID.
      const member = formKind().members.find((m) => m.name === list);
      const item = Object.fromEntries(member.items.filter((i) => i.required).map((i) => [i.name, '']));
      if (editBody((body) => body.addItem(list, item))) form.focusRowWhenShown(list, count);
    },
    onRemoveItem: (list, index) => editBody((body) => body.removeItems(list, [index])),
    // The multi-select of a listing (the batch's servers): checking adds an item, unchecking removes every item with it.
    onPick: (list, member, id, checked) => editBody((body) => (checked
      ? body.addItem(list, { [member]: id })
      : body.removeItems(list, body.indicesOf(list, member, id)))),
    onKind: (name) => switchKind(name),
    message,
  });
  form.setKind(formKind(), settings.platform, t);

  const examples = document.getElementById('examples');
  function nameExamples() {
    fill(examples, h('option', { value: '' }, t.page.choose), EXAMPLES.map((e) => h('option', { value: e.id }, t.examples[e.id])));
  }
  nameExamples();

  // The settings: each control sets its member of `settings`; the options follow.
  const controls = {
    accountFacts: [document.getElementById('account-facts'), 'checked', (on) => form.setAccount(on ? ACCOUNT : null)],
    locale: [document.getElementById('locale'), 'value', (locale) => {
      // The page's language is the messages' language: every word of the page follows it.
      t = stringsFor(locale);
      translatePage(formKind().name);
      setEditorLanguage(editor, editorWords());
      summary.setStrings(t);
      nameExamples();
    }],
    platform: [document.getElementById('platform'), 'value', () => {}],
  };
  for (const [name, [control, property, apply]] of Object.entries(controls)) {
    control[property] = settings[name];
    apply(settings[name]);
    control.addEventListener('change', () => {
      settings[name] = control[property];
      options = lintOptions(settings);
      apply(settings[name]);
      // The members and their names follow the platform and the language.
      form.setKind(formKind(), settings.platform, t);
      lintSoon();
    });
  }

  examples.addEventListener('change', () => {
    const example = EXAMPLES.find((e) => e.id === examples.value);
    examples.value = '';
    if (!example) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: example.text }, userEvent: 'input.example' });
  });

  panelButton.addEventListener('click', () => {
    if (lintPanelOpen(editor)) closeLintPanel(editor);
    else openLintPanel(editor);
  });

  document.getElementById('console').hidden = false;
  document.getElementById('boot').hidden = true;

  linter.ready.then(() => lintLatest(), (error) => fail(t.page.linterCouldNotStart({ message: error.message.replace(/\.+$/, '') })));

  /**
   * Lints after a change: at once, or, for a large body, once typing pauses.
   * The worker keeps typing responsive at any size, but each lint copies the
   * whole text to it and back; a large body is not copied for every key.
   */
  let pause = null;
  function lintSoon() {
    summary.setBusy(true);
    clearTimeout(pause);
    pause = null;
    if (editor.state.doc.length < LARGE_BODY) lintLatest();
    else pause = setTimeout(() => { pause = null; lintLatest(); }, TYPING_PAUSE_MS);
  }

  const isCurrent = (result) => result !== null && result.doc === editor.state.doc && result.options === options;

  /** Lints the editor's text until a result for the current text and settings is shown; one request at a time. */
  async function lintLatest() {
    if (linting) return;
    linting = true;
    try {
      while (!isCurrent(shown) && pause === null) {
        const doc = editor.state.doc;
        const asked = options;
        const text = doc.toString();
        const started = performance.now();
        const result = await linter.lint(text, asked, prefer);
        if (doc === editor.state.doc && asked === options) {
          show({ doc, options: asked, text, ...result });
          // From asking to showing, for benches/www-latency.mjs and the browser's profiler.
          performance.measure('sdrs:lint', { start: started, detail: { chars: text.length, lintMs: result.lintMs } });
        }
      }
    } catch (error) {
      summary.showFailure(t.summary.optionsRefused({ message: error.message }));
    } finally {
      linting = false;
    }
  }

  /** The result for the current text and settings, linting first when there is none yet. */
  function currentResult() {
    if (isCurrent(shown)) return Promise.resolve(shown);
    const answer = new Promise((resolve) => waiting.push(resolve));
    clearTimeout(pause);
    pause = null;
    lintLatest();
    return answer;
  }

  function show(result) {
    shown = result;
    summary.setBusy(false);
    const { report, view, text } = result;
    if (report.kind) prefer = report.kind;
    const kind = formKind();
    if (document.getElementById('page-title').dataset.kind !== kind.name) translatePage(kind.name);
    showReport(editor, report, { ruleUrl, canFix, onFix: (d) => applyFix(d), t });
    form.setKind(kind, settings.platform, t);
    form.showView(view);
    form.showDiagnostics(report, view.parsed ? view.base : `/${kind.wrapper}`, result.options.locale);
    summary.show({
      report, view, text, kind,
      account: result.options.context ? ACCOUNT : null,
      locale: result.options.locale,
      fixable: report.diagnostics.filter(isSafe).length,
    });
    for (const resolve of waiting) resolve(result);
    waiting = [];
    if (firstLint) {
      firstLint = false;
      performance.mark('sdrs:first-lint');
      document.body.dataset.ready = 'true';
    }
  }

  /** The body as the form edits it: parsed on demand, once per text. */
  let parsed = { doc: null, body: null };
  function currentBody() {
    const kind = formKind();
    if (parsed.doc !== editor.state.doc || parsed.kind !== kind) parsed = { doc: editor.state.doc, kind, body: new RequestBody(editor.state.doc.toString(), kind) };
    return parsed.body;
  }

  /**
   * Applies a form edit to the body. A body that does not parse is never
   * touched (it is the user's half-typed text): the edit is refused.
   */
  function editBody(edit) {
    const body = currentBody();
    if (!body.parsed && body.text.trim() !== '') return false;
    const changes = edit(body);
    if (!changes || changes.length === 0) return false;
    editor.dispatch({
      changes,
      userEvent: 'input.form',
      effects: reveal(changes[0].from),
    });
    return true;
  }

  /**
   * The switch between the calls: converts the body to a request of kind
   * `name` as one change (Ctrl-Z takes it back), and says what it did. An
   * empty body has nothing to convert: the form shows the other kind.
   */
  function switchKind(name) {
    const from = formKind();
    const to = kindNamed(catalogue(), name);
    if (from === to) return;
    const text = editor.state.doc.toString();
    if (text.trim() === '') {
      prefer = name;
      // The worker makes the view of an empty body for the kind preferred: a new request for it.
      options = lintOptions(settings);
      lintSoon();
      return;
    }
    let outcome = convertBody(text, from, to);
    // A body without a wrapper whose members both calls have: nothing in it would tell the linter the other kind.
    if (outcome.text === text) outcome = { refused: 'unchanged' };
    form.showConversion(outcome.refused ? from.name : to.name, outcome);
    if (outcome.refused) {
      form.kindSwitch.checked = from.name === 'batch';
      return;
    }
    prefer = name;
    // Until the linter has seen the converted body, the form (still of the other kind) must not edit it.
    form.setReadOnly(true);
    form.kindSwitch.disabled = false;
    editor.dispatch({ changes: replacement(text, 0, text.length, outcome.text), userEvent: 'input.convert' });
  }

  /** Applies one diagnostic's fix to the text it was reported for (linting first when the text has changed since). */
  async function applyFix(diagnostic) {
    const result = await currentResult();
    const same = result.report.diagnostics.find((d) => d.code === diagnostic.code && d.path === diagnostic.path && d.fix);
    const changes = same && fixChanges(same);
    if (changes) editor.dispatch({ changes, userEvent: 'input.fix' });
  }

  /**
   * Applies every safe fix (the package's fix(), which also applies those
   * one fix makes possible) as one change: one step of the editor's
   * history, touching only what lies between the first and the last fix.
   */
  async function fixAll() {
    const start = editor.state.doc;
    const asked = options;
    const text = start.toString();
    const fixed = await linter.fix(text, asked);
    // The user typed meanwhile: the fixes were for a text that is gone.
    if (editor.state.doc !== start || options !== asked || fixed.text === text) return;
    editor.dispatch({ changes: replacement(text, 0, text.length, fixed.text), userEvent: 'input.fix' });
  }
}
