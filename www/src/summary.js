// The summary: a panel with what will be created, every problem of the
// request and a preview of the request as it would be sent; and a bar with
// the problem count, "Fix all" and the "Create" button (disabled while
// errors exist), which the page keeps in view while the form scrolls.
import { isList, placeOf } from './request-kinds.js';
import { placeLabel } from './copy.js';
import { h, fill } from './dom.js';
import { messageItem } from './messages.js';

const PROBLEMS_SHOWN = 100;
const PREVIEW_CHARS = 200_000;

export class Summary {
  /**
   * `panel` and `bar`: the containers of the two parts. `handlers`:
   * onFixAll(), onCreate(), onShow(diagnostic), `message` (messageItem options).
   */
  constructor({ panel, bar }, handlers) {
    this.handlers = handlers;
    this.status = h('p', { id: 'lint-status', class: 'lint-status', role: 'status', 'aria-live': 'polite' });
    this.facts = h('dl', { class: 'summary-facts' });
    this.problems = h('ol', { id: 'problems', class: 'messages problems' });
    this.none = h('p', { class: 'hint no-problems' });
    this.more = h('p', { class: 'hint', hidden: true });
    this.fixAll = h('button', { type: 'button', id: 'fix-all', class: 'secondary', disabled: true, onclick: () => handlers.onFixAll() });
    this.create = h('button', { type: 'button', id: 'create', class: 'primary', disabled: true, 'aria-describedby': 'create-note', onclick: () => handlers.onCreate() });
    this.createNote = h('p', { id: 'create-note', class: 'hint' });
    this.fixNote = h('p', { id: 'fix-all-note', class: 'hint', hidden: true });
    this.outcome = h('p', { id: 'create-outcome', class: 'outcome', role: 'status', hidden: true });
    this.previewText = h('pre', { id: 'preview-body', class: 'preview', tabindex: '0' });
    this.previewTitle = h('summary', {});
    this.preview = h('details', { id: 'request-preview' }, this.previewTitle, this.previewText);
    this.preview.addEventListener('toggle', () => this.showPreview());
    this.title = h('h2', { id: 'summary-title' });
    this.problemsTitle = h('h3', {});
    fill(panel,
      this.title,
      this.facts,
      this.problemsTitle,
      this.problems,
      this.none,
      this.more,
      this.fixNote,
      this.preview);
    fill(bar,
      h('div', { class: 'action-status' }, this.status, this.createNote),
      h('div', { class: 'summary-actions' }, this.fixAll, this.create),
      this.outcome);
    this.text = '';
  }

  /** The words of the summary in the page's language (`t`, i18n.js); the next result shows the rest in it. */
  setStrings(t) {
    this.t = t;
    this.title.textContent = t.summary.title;
    this.problemsTitle.textContent = t.summary.problems;
    this.problems.setAttribute('aria-label', t.summary.problemsLabel);
    this.none.textContent = t.summary.none;
    this.fixNote.textContent = t.summary.fixNote;
    this.previewTitle.textContent = t.summary.preview;
    this.previewText.setAttribute('aria-label', t.summary.previewLabel);
    this.create.textContent = t.summary.create;
    if (this.status.dataset.ready !== 'true') this.status.textContent = t.summary.checking;
    if (this.fixAll.disabled) this.fixAll.textContent = t.summary.fixAll;
  }

  /**
   * Shows a lint result: `report`, the worker's `view`, the `text` it was
   * made of, the request `kind` (an entry of kinds()) the view is of, the
   * `account` (or null) to name what IDs refer to, the `locale` it was
   * linted for, and `fixable`, the number of safe fixes.
   */
  show({ report, view, text, kind, account, locale, fixable }) {
    this.text = text;
    this.kind = kind;
    const { t } = this;
    this.status.textContent = report.errors + report.warnings + report.infos > 0
      ? t.summary.counts(report) : t.summary.noProblems;
    this.status.className = `lint-status ${report.errors ? 'has-errors' : report.warnings ? 'has-warnings' : 'clean'}`;
    this.status.dataset.ready = 'true';

    if (view.parsed) this.showFacts(view, account);
    const base = view.parsed ? view.base : `/${kind.wrapper}`;
    const shown = report.diagnostics.slice(0, PROBLEMS_SHOWN);
    fill(this.problems, shown.map((d) => messageItem(d, {
      ...this.handlers.message,
      lang: locale,
      t,
      where: placeLabel(placeOf(d.path, base, kind), kind, t),
      onShow: this.handlers.onShow,
    })));
    this.more.hidden = report.diagnostics.length <= PROBLEMS_SHOWN;
    this.none.hidden = report.diagnostics.length > 0;
    this.more.textContent = t.summary.more({ n: report.diagnostics.length - PROBLEMS_SHOWN });

    this.fixAll.disabled = fixable === 0;
    this.fixAll.textContent = fixable ? t.summary.fixAllCount({ n: fixable }) : t.summary.fixAll;
    this.fixNote.hidden = !report.diagnostics.some((d) => d.fix && d.fix.applicability !== 'safe');
    this.create.disabled = !report.valid;
    this.createNote.textContent = report.valid ? t.summary.createReady : t.summary.createBlocked(report);
    this.outcome.hidden = true;
    this.showPreview();
  }

  /** What will be created: each member of the kind (names for IDs from the account), a list by its count. */
  showFacts(view, account) {
    const { t } = this;
    const named = (listing, id) => account?.[listing].find((item) => item.id === id)?.name;
    const rows = [];
    for (const member of this.kind.members) {
      if (isList(member)) {
        const list = view.lists[member.name];
        // Items picked from a listing (the batch's servers) by name; others (tags) by their number.
        const pick = member.items.find((item) => item.listing && item.required);
        let text = String(list.count);
        if (list.state !== 'array') text = list.state === 'absent' ? t.summary.absent : t.summary.jsonType[list.state];
        else if (pick && list.count > 0) {
          const names = list.rows.map((row) => {
            const cell = row.object ? row.cells[pick.name] : undefined;
            return (cell?.type === 'string' && named(pick.listing, cell.text)) || cell?.text || t.summary.absent;
          });
          text = t.summary.listed({ count: list.count, names: `${names.join(', ')}${list.count > list.rows.length ? ', …' : ''}` });
        }
        rows.push([member.label, text]);
        continue;
      }
      const value = view.fields[member.name];
      let text = value.present ? value.text : t.summary.absent;
      if (value.type === 'null') text = 'null';
      const name = member.listing && value.type === 'string' ? named(member.listing, value.text) : undefined;
      rows.push([member.label, name ?? text]);
    }
    fill(this.facts, rows.map(([label, text]) => [h('dt', {}, label), h('dd', {}, text)]));
  }

  /** The preview is filled only while it is open: a large body costs nothing while it is closed. */
  showPreview() {
    if (!this.preview.open) return;
    const body = this.text.length > PREVIEW_CHARS
      ? `${this.text.slice(0, PREVIEW_CHARS)}\n${this.t.summary.previewMore({ n: this.text.length - PREVIEW_CHARS })}`
      : this.text;
    this.previewText.textContent = `${this.kind?.call ?? ''}\nContent-Type: application/json\n\n${body}`;
  }

  /** Marks the status as out of date while the text or the settings changed and the linter has not answered yet. */
  setBusy(busy) {
    if (busy) this.status.setAttribute('aria-busy', 'true');
    else this.status.removeAttribute('aria-busy');
  }

  /** What "Create" says it would do. */
  showOutcome(text) {
    this.outcome.textContent = text;
    this.outcome.hidden = false;
  }

  /** A problem the linter itself had (it could not load, or refused the options). */
  showFailure(text) {
    this.status.textContent = text;
    this.status.className = 'lint-status has-errors';
    this.create.disabled = true;
  }
}
