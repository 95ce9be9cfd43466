// The form: one field per member of the request kind (the package's
// kinds(): names, order, presence, platforms, choices and listings), a
// card of rows for each list member (tags), and each diagnostic under the
// field or row its path names. It never holds the request itself: it shows
// the editor's body (through the worker's view of it) and reports what the
// user changed to the page, which turns it into a text edit of the body.
import { isList, placeOf, rowName, ROWS_SHOWN } from './request-kinds.js';
import { listingLabel, VPC_NAMES } from './account.js';
import { h, fill } from './dom.js';
import { messageItem } from './messages.js';
import { conversionNotes, generatedNames, hintOf, rowTitle, SECTION_OF_ROLE, sectionText } from './copy.js';

const ABSENT = { present: false, type: 'absent', text: '', editable: true };

/**
 * Shows `items` (a list of diagnostics) in `list`, unless the list already
 * shows the same ones: re-rendering would take the focus from a "Fix"
 * button the user is on.
 */
function showMessages(list, items, render) {
  const signature = JSON.stringify(items.map((d) => [d.code, d.severity, d.message, d.fix?.description]));
  if (list.dataset.signature === signature) return;
  list.dataset.signature = signature;
  fill(list, items.map(render));
}

/** Marks `controls` invalid (an error) or warned by `diagnostics`. */
function markControls(controls, diagnostics) {
  const invalid = diagnostics.some((d) => d.severity === 'error');
  const warned = !invalid && diagnostics.some((d) => d.severity === 'warning');
  for (const control of controls) {
    control.setAttribute('aria-invalid', String(invalid));
    control.classList.toggle('warned', warned);
  }
}

/**
 * One value of the request: a text field, and for a member with a listing
 * or choices a dropdown that replaces it while the account's listing is
 * known (the listing name `null`: the member's own choices).
 */
class ValueControl {
  constructor(member, { id, attributes, onChange, t }) {
    this.member = member;
    this.t = t;
    this.input = h('input', {
      id, type: 'text', autocomplete: 'off', spellcheck: 'false', required: member.required, ...attributes,
      oninput: () => onChange(this.input.value),
    });
    this.controls = [this.input];
    if (member.listing || member.choices) {
      this.select = h('select', {
        id: `${id}-choice`, required: member.required, hidden: true, ...attributes,
        name: attributes.name && `${attributes.name}-choice`,
        onchange: () => onChange(this.select.value),
      });
      this.controls.push(this.select);
    }
    this.value = ABSENT;
    this.listing = null;
    if (member.choices) this.setListing({ name: null, items: member.choices.map((choice) => ({ id: choice })) });
  }

  /** The control that shows the value now. */
  get control() {
    return this.select && !this.select.hidden ? this.select : this.input;
  }

  /** Dropdown from an account listing (facts on), or a text field for the ID (facts off). */
  setListing(listing) {
    if (!this.select) return;
    this.listing = listing;
    this.choices = undefined;
    this.select.hidden = !listing;
    this.input.hidden = Boolean(listing);
    this.show(this.value);
  }

  show(value) {
    this.value = value;
    if (this.input.value !== value.text) this.input.value = value.text;
    const { t } = this;
    this.input.placeholder = value.type === 'null' ? t.form.nullInBody : '';
    if (this.select && this.listing) {
      const current = value.type === 'null' ? '' : value.text;
      const extra = current !== '' && !this.listing.items.some((item) => item.id === current) ? current : '';
      // Rebuilt only when the choices change, so that an open dropdown stays open.
      const choices = `${this.listing.name}\u0000${extra}\u0000${value.type}`;
      if (this.choices !== choices) {
        this.choices = choices;
        const options = [h('option', { value: '' }, t.placeholders[this.member.role] ?? '')];
        for (const item of this.listing.items) options.push(h('option', { value: item.id }, listingLabel(this.listing.name, item, t)));
        if (extra) {
          const elsewhere = this.member.choices ? t.form.notAllowed : t.form.notInAccount;
          const what = value.type === 'string' ? elsewhere : t.form.notAString({ type: value.type });
          options.push(h('option', { value: extra }, `${extra} · ${what}`));
        }
        fill(this.select, options);
      }
      if (this.select.value !== current) this.select.value = current;
    }
  }

  setReadOnly(readOnly) {
    this.input.readOnly = readOnly || !this.value.editable;
    if (this.select) this.select.disabled = readOnly || !this.value.editable;
  }
}

/** A member of the request as a labelled field with its hint, what the account says about its value, and its messages. */
class FormField {
  constructor(member, form) {
    this.member = member;
    const { t } = form;
    const id = `field-${member.name}`;
    this.id = id;
    this.value = new ValueControl(member, {
      id,
      t,
      attributes: { name: member.name, 'aria-describedby': `${id}-hint ${id}-messages` },
      onChange: (value) => form.handlers.onField(member.name, value === '' && !member.required ? undefined : value),
    });
    this.controls = this.value.controls;
    this.label = h('label', { for: id },
      h('span', { class: 'label-text' }, member.label),
      member.required ? h('span', { class: 'required-mark', 'aria-hidden': 'true' }, ' *') : h('span', { class: 'optional' }, ' ', t.form.optional),
      h('code', { class: 'api-name', 'aria-hidden': 'true' }, member.name));
    this.facts = h('p', { id: `${id}-facts`, class: 'facts', hidden: true });
    this.messages = h('ul', { id: `${id}-messages`, class: 'messages' });
    this.hint = h('p', { id: `${id}-hint`, class: 'hint' }, hintOf(member, form.kind, form.platform, t));
    this.dom = h('div', { class: 'field', 'data-field': member.name },
      this.label, this.value.input, this.value.select, this.hint, this.facts, this.messages);
  }

  get control() {
    return this.value.control;
  }

  setListing(listing) {
    this.value.setListing(listing);
    this.label.htmlFor = this.control.id;
  }

  show(value) {
    this.value.show(value);
  }

  setReadOnly(readOnly) {
    this.value.setReadOnly(readOnly);
  }

  setFacts(text) {
    this.facts.textContent = text ?? '';
    this.facts.hidden = !text;
    const ids = [`${this.id}-hint`, text ? `${this.id}-facts` : null, `${this.id}-messages`].filter(Boolean).join(' ');
    for (const control of this.controls) control.setAttribute('aria-describedby', ids);
  }

  showDiagnostics(diagnostics, render) {
    showMessages(this.messages, diagnostics, render);
    markControls(this.controls, diagnostics);
  }
}

/** One item of a list member: a cell for each of its members, Remove, and its messages. */
class ItemRow {
  constructor(list, index, form) {
    this.list = list;
    this.index = index;
    const { t } = form;
    this.t = t;
    const prefix = rowName(list.name);
    const id = `${prefix}-${index}`;
    const title = rowTitle(list, index, t);
    this.title = title;
    this.cells = new Map(list.items.map((cell) => {
      const control = new ValueControl(cell, {
        id: `${id}-${cell.name}`,
        t,
        attributes: {
          'aria-label': t.form.cell({ row: title, cell: cell.label }),
          'aria-describedby': `${list.name}-hint ${id}-${cell.name}-messages ${id}-messages`,
        },
        onChange: (value) => form.handlers.onItemField(list.name, index, cell.name, value === '' && !cell.required ? undefined : value),
      });
      const messages = h('ul', { id: `${id}-${cell.name}-messages`, class: 'messages' });
      // The cell's label shows only where the column heads do not (a narrow card); the control has its name already.
      const dom = h('div', { class: `item-cell ${prefix}-cell ${prefix}-${cell.name}` },
        h('span', { class: 'item-cell-label', 'aria-hidden': 'true' }, cell.label),
        control.input, control.select, messages);
      return [cell.name, { control, messages, dom }];
    }));
    this.remove = h('button', {
      type: 'button', class: 'remove', 'aria-label': t.form.removeRow({ row: title }), onclick: () => form.handlers.onRemoveItem(list.name, index),
    }, t.form.remove);
    this.messages = h('ul', { id: `${id}-messages`, class: 'messages' });
    this.note = h('p', { class: 'hint', hidden: true });
    this.dom = h('div', { class: `item-row ${prefix}-row`, role: 'group', 'aria-label': title },
      h('span', { class: `item-title ${prefix}-title`, 'aria-hidden': 'true' }, title),
      [...this.cells.values()].map((cell) => cell.dom),
      this.remove, this.note, this.messages);
    this.object = true;
  }

  setListings(account) {
    for (const { control } of this.cells.values()) {
      const name = control.member.listing;
      if (name) control.setListing(account ? { name, items: account[name] } : null);
    }
  }

  show(row) {
    this.object = row.object;
    this.note.hidden = row.object;
    this.note.textContent = row.object ? '' : this.t.form.rowNotObject({ row: this.title, type: row.type });
    for (const [name, { control }] of this.cells) {
      control.show(row.object ? row.cells[name] : { present: false, type: 'absent', text: '', editable: false });
    }
  }

  setReadOnly(readOnly) {
    for (const { control } of this.cells.values()) control.setReadOnly(readOnly || !this.object);
    this.remove.disabled = readOnly;
  }

  showDiagnostics(lists, render) {
    showMessages(this.messages, lists.row, render);
    for (const [name, cell] of this.cells) {
      showMessages(cell.messages, lists[name] ?? [], render);
      markControls(cell.control.controls, [...(lists[name] ?? []), ...lists.row]);
    }
  }
}

/** A list member (tags) as a card: its rows, a note when the body's list cannot be shown as rows, its messages, and "Add". */
class ItemList {
  constructor(list, form) {
    this.list = list;
    this.form = form;
    this.rows = [];
    const { t } = form;
    const prefix = rowName(list.name);
    this.rowList = h('div', { class: 'item-rows' });
    this.note = h('p', { class: 'hint', hidden: true });
    this.messages = h('ul', { id: `field-${list.name}-messages`, class: 'messages' });
    this.add = h('button', {
      type: 'button', id: `add-${prefix}`, class: 'secondary add-item', 'aria-describedby': `field-${list.name}-messages`,
      onclick: () => form.handlers.onAddItem(list.name),
    }, t.form.add[list.name] ?? t.form.addOther({ label: list.label }));
    this.hint = h('p', { id: `${list.name}-hint`, class: 'section-note' }, hintOf(list, form.kind, form.platform, t));
    // A list whose items are picked from an account listing (the batch's
    // servers) gets a multi-select of that listing: a checkbox per entry,
    // checked while the body has it. Without the account its IDs are typed
    // into rows that "Add" appends.
    this.pick = list.items.find((cell) => cell.listing && cell.required);
    if (this.pick) {
      this.pickerItems = h('div', { class: 'picker-items' });
      this.picker = h('div', { class: 'picker', role: 'group', 'aria-labelledby': `${list.name}-picker-title` },
        h('p', { id: `${list.name}-picker-title`, class: 'picker-title' }, t.form.pickerTitle),
        this.pickerItems);
    }
    this.dom = h('fieldset', { class: 'card list-card', id: list.name, 'data-list': list.name },
      h('legend', {}, list.label, ' ', list.required ? null : h('span', { class: 'optional' }, t.form.optional),
        h('code', { class: 'api-name', 'aria-hidden': 'true' }, list.name)),
      this.hint,
      this.picker,
      h('div', { class: 'item-head', 'aria-hidden': 'true' }, list.items.map((cell) => h('span', {}, cell.label))),
      this.rowList, this.note, this.messages, this.add);
    this.state = 'absent';
    this.view = { state: 'absent', rows: [], count: 0 };
  }

  setAccount(account) {
    this.account = account;
    for (const row of this.rows) row.setListings(account);
    if (!this.pick) return;
    const entries = account?.[this.pick.listing] ?? [];
    this.picker.hidden = !account;
    this.add.hidden = Boolean(account);
    this.checkboxes = entries.map((entry, i) => h('input', {
      type: 'checkbox', id: `${this.list.name}-pick-${i}`, value: entry.id,
      onchange: (event) => this.form.handlers.onPick(this.list.name, this.pick.name, entry.id, event.target.checked),
    }));
    fill(this.pickerItems, entries.map((entry, i) => h('label', { class: 'picker-item', for: `${this.list.name}-pick-${i}` },
      this.checkboxes[i], h('span', {}, listingLabel(this.pick.listing, entry, this.form.t)))));
    this.showPicked();
  }

  /** Checks the entries the body's list has (compared in lower case, as the linter compares server IDs). */
  showPicked() {
    if (!this.checkboxes) return;
    const picked = new Set(this.view.rows.filter((row) => row.object && row.cells[this.pick.name].type === 'string')
      .map((row) => row.cells[this.pick.name].text.toLowerCase()));
    for (const box of this.checkboxes) {
      box.checked = picked.has(box.value.toLowerCase());
      box.disabled = this.readOnly || (this.state !== 'array' && this.state !== 'absent');
    }
  }

  show(view) {
    this.state = view.state;
    this.view = view;
    const rows = view.state === 'array' ? view.rows : [];
    while (this.rows.length > rows.length) this.rows.pop().dom.remove();
    while (this.rows.length < rows.length) {
      const row = new ItemRow(this.list, this.rows.length, this.form);
      row.setListings(this.account);
      this.rows.push(row);
      this.rowList.append(row.dom);
    }
    rows.forEach((row, i) => this.rows[i].show(row));
    const { t } = this.form;
    let note = null;
    if (view.state !== 'array' && view.state !== 'absent') note = t.form.listNotArray({ name: this.list.name, type: view.state });
    else if (view.count > rows.length) note = t.form.listLong({ count: view.count, label: this.list.label, shown: ROWS_SHOWN });
    this.note.textContent = note ?? '';
    this.note.hidden = !note;
    if (this.focusRow !== undefined && this.rows[this.focusRow]) {
      this.rows[this.focusRow].cells.values().next().value.control.control.focus();
      this.focusRow = undefined;
    }
  }

  setReadOnly(readOnly) {
    this.readOnly = readOnly;
    for (const row of this.rows) row.setReadOnly(readOnly);
    this.add.disabled = readOnly || (this.state !== 'array' && this.state !== 'absent');
    this.showPicked();
  }
}

/** The form's sections: consecutive members of one section (by role) in a card; each list a card of its own. */
function sectionsOf(kind) {
  const sections = [];
  for (const member of kind.members) {
    const key = isList(member) ? null : SECTION_OF_ROLE[member.role] ?? 'other';
    const last = sections.at(-1);
    if (key !== null && last?.key === key) last.members.push(member);
    else sections.push({ key, members: [member] });
  }
  return sections;
}

export class RequestForm {
  /**
   * `handlers`: onField(name, value|undefined), onItemField(list, index,
   * member, value|undefined), onAddItem(list), onRemoveItem(list, index),
   * onPick(list, member, id, checked) (the multi-select of a listing),
   * onKind(kindName) (the switch between the calls), and `message` (the
   * options of messageItem: ruleUrl, canFix, onFix).
   */
  constructor(container, handlers) {
    this.container = container;
    this.handlers = handlers;
    this.readOnly = false;
    this.account = null;
    this.view = null;
    this.platform = null;
    this.kind = null;
    this.state = h('p', { id: 'form-state', class: 'form-state', hidden: true });
    this.bodyMessages = h('ul', { id: 'body-messages', class: 'messages' });
    // Which call: the single one, or the batch call for several servers
    // (SPEC §9). Switching converts the body (see body-edits.js convertBody);
    // the switch shows the kind the linter took the body for.
    this.kindSwitch = h('input', {
      type: 'checkbox', id: 'kind-switch', role: 'switch', 'aria-describedby': 'kind-switch-note kind-switch-outcome',
      onchange: () => handlers.onKind(this.kindSwitch.checked ? 'batch' : 'single'),
    });
    this.kindOutcome = h('ul', { class: 'kind-outcome' });
    this.kindLabel = h('span', {});
    this.kindNote = h('span', { class: 'switch-note' });
    this.kindWhat = h('p', { id: 'kind-switch-note', class: 'hint' });
    this.kindCard = h('div', { class: 'card kind-card' },
      h('label', { class: 'switch' }, this.kindSwitch, h('span', { class: 'switch-track', 'aria-hidden': 'true' }),
        h('span', {}, this.kindLabel, ' ', this.kindNote)),
      this.kindWhat,
      h('div', { id: 'kind-switch-outcome', role: 'status' }, this.kindOutcome));
    // The cards of the kind's members, built anew with it; the switch above them stays (and keeps the focus).
    this.cards = h('div', { class: 'form-cards' });
    fill(container, this.kindCard, this.state, this.bodyMessages, this.cards);
  }

  /** Says what switching the call did to the body (`notes` of convertBody, or its refusal), until the body is of another kind again. */
  showConversion(kindName, outcome) {
    this.converted = kindName;
    this.conversion = outcome;
    fill(this.kindOutcome, conversionNotes(outcome, this.t).map((text) => h('li', {}, text)));
  }

  /**
   * Builds the form for `kind` (an entry of kinds() on `platform`, with
   * display names in the language of `t`, the page's strings): a field for
   * each member the package lists there, in its order. Built anew when the
   * kind, the platform (and so the members) or the language change.
   */
  setKind(kind, platform, t) {
    if (this.kind === kind && this.platform === platform && this.t === t) return;
    this.kind = kind;
    this.platform = platform;
    if (this.t !== t) {
      this.t = t;
      this.kindLabel.textContent = t.kindSwitch.label;
      this.kindNote.textContent = t.kindSwitch.note;
      this.kindWhat.textContent = t.kindSwitch.what;
      if (this.conversion) this.showConversion(this.converted, this.conversion);
    }
    this.fields = new Map();
    this.lists = new Map();
    const cards = sectionsOf(kind).map(({ key, members }) => {
      if (key === null) {
        const list = new ItemList(members[0], this);
        this.lists.set(list.list.name, list);
        return list.dom;
      }
      const fields = members.map((member) => new FormField(member, this));
      for (const field of fields) this.fields.set(field.member.name, field);
      const { title, note } = sectionText(key, kind, t);
      return h('fieldset', { class: 'card', 'data-section': key },
        h('legend', {}, title),
        note ? h('p', { class: 'section-note' }, note) : null,
        fields.map((field) => field.dom));
    });
    fill(this.cards, cards);
    this.setAccount(this.account);
    if (this.view?.kind === kind.name) this.showView(this.view);
    if (this.report) this.showDiagnostics(this.report, this.base, this.locale);
  }

  /** The account's listings for the dropdowns (and facts under the fields), or null: IDs are typed. */
  setAccount(account) {
    this.account = account;
    if (!this.kind) return;
    for (const field of this.fields.values()) {
      const name = field.member.listing;
      if (name) field.setListing(account ? { name, items: account[name] } : null);
    }
    for (const list of this.lists.values()) list.setAccount(account);
    this.showFacts();
  }

  /** Shows the worker's view of the body (see request-kinds.js formView). */
  showView(view) {
    if (!view.parsed) {
      const { t } = this;
      this.setState(view.problem?.line ? t.form.notJsonAt(view.problem) : t.form.notJson);
      this.setReadOnly(true);
      return;
    }
    this.view = view;
    this.kindSwitch.checked = view.kind === 'batch';
    // What a conversion did is said until the body is of another kind (an undo, another body).
    if (this.converted && this.converted !== view.kind) this.showConversion(null, { notes: [] });
    const notObject = view.shape === 'not-object';
    const { wrapper } = this.kind;
    const { form } = this.t;
    this.setState({
      'not-object': view.base === '' ? form.rootNotObject : form.wrapperNotObject({ wrapper }),
      unwrapped: form.unwrapped({ wrapper }),
      absent: view.blank ? form.empty : null,
    }[view.shape] ?? null);
    // A view made before the platform changed lacks the members it added: they show as absent until the next.
    for (const field of this.fields.values()) field.show(view.fields[field.member.name] ?? ABSENT);
    for (const list of this.lists.values()) list.show(view.lists[list.list.name] ?? { state: 'absent', rows: [], count: 0 });
    this.showFacts();
    this.setReadOnly(notObject);
  }

  setState(text) {
    this.state.textContent = text ?? '';
    this.state.hidden = !text;
  }

  /** Moves the focus to the first cell of row `index` of `list` once the body has it. */
  focusRowWhenShown(list, index) {
    const shown = this.lists.get(list);
    if (shown) shown.focusRow = index;
  }

  setReadOnly(readOnly) {
    this.readOnly = readOnly;
    this.kindSwitch.disabled = readOnly;
    for (const field of this.fields.values()) field.setReadOnly(readOnly);
    for (const list of this.lists.values()) list.setReadOnly(readOnly);
  }

  /** The field of the member with `role`, if the kind has one. */
  fieldWithRole(role) {
    return [...this.fields.values()].find((field) => field.member.role === role);
  }

  /** What the account says about the chosen group, server and subnet, under their fields. */
  showFacts() {
    if (!this.kind) return;
    const { facts, account: words } = this.t;
    const value = (field) => (field && this.view?.fields[field.member.name]?.text);
    const find = (listing, id) => this.account?.[listing].find((item) => item.id === id);
    const vpc = (id) => VPC_NAMES[id] ?? id;
    const groupField = this.fieldWithRole('server-group');
    const group = find('protection_groups', value(groupField));
    groupField?.setFacts(group && facts.group({
      vpc: vpc(group.source_vpc_id), zone: group.source_availability_zone, drZone: group.target_availability_zone,
      status: words.groupStatus[group.status] ?? group.status,
    }));
    const serverField = this.fieldWithRole('server');
    const server = find('servers', value(serverField));
    serverField?.setFacts(server && facts.server({
      os: server.os_type, flavor: server.flavor, vpc: vpc(server.vpc_id), zone: server.availability_zone,
      status: words.serverStatus[server.status] ?? server.status,
    }));
    // The subnet's used addresses under the address, where the kind has one; else the subnet under its own field.
    const subnetField = this.fieldWithRole('subnet');
    const subnet = find('subnets', value(subnetField));
    const addressField = this.fieldWithRole('address');
    const about = subnet && { name: subnet.name, cidr: subnet.cidr, gateway: subnet.gateway_ip, used: subnet.used_ips.join(', ') };
    if (addressField) addressField.setFacts(about && facts.subnetUsed(about));
    else subnetField?.setFacts(about && facts.subnet(about));
    // The names the service makes of a prefix, one per server.
    const prefixField = this.fieldWithRole('name-prefix');
    const servers = [...this.lists.values()].find((list) => list.pick)?.view;
    const prefix = this.view?.fields[prefixField?.member.name];
    prefixField?.setFacts(prefix?.type === 'string' && prefix.text !== '' && servers?.count > 0
      ? generatedNames(prefix.text, servers.count, this.t) : null);
  }

  /** Puts each diagnostic (its message in `locale`) under its field, row or the body's own list. */
  showDiagnostics(report, base, locale) {
    this.report = report;
    this.base = base;
    this.locale = locale;
    const render = (d) => messageItem(d, { ...this.handlers.message, lang: locale, t: this.t, onFix: (fixed) => this.fix(fixed) });
    const byField = new Map([...this.fields.keys()].map((name) => [name, []]));
    const byList = new Map([...this.lists].map(([name, list]) => [name, {
      list: [],
      rows: list.rows.map(() => Object.fromEntries([['row', []], ...list.list.items.map((cell) => [cell.name, []])])),
    }]));
    const body = [];
    for (const d of report.diagnostics) {
      const place = placeOf(d.path, base, this.kind);
      const list = place.list && byList.get(place.list);
      if (place.field && byField.has(place.field)) byField.get(place.field).push(d);
      else if (list && place.row !== undefined && list.rows[place.row]) list.rows[place.row][place.cell ?? 'row'].push(d);
      else if (list) list.list.push(d);
      else body.push(d);
    }
    for (const [name, items] of byField) this.fields.get(name).showDiagnostics(items, render);
    for (const [name, { list, rows }] of byList) {
      const shown = this.lists.get(name);
      showMessages(shown.messages, list, render);
      rows.forEach((items, i) => shown.rows[i].showDiagnostics(items, render));
    }
    showMessages(this.bodyMessages, body, render);
  }

  /** Applies a fix from a button under a field, and keeps the focus in that field. */
  fix(diagnostic) {
    this.handlers.message.onFix(diagnostic);
    this.focus(diagnostic.path);
  }

  /** Focuses the control a path belongs to; false when the form has none for it. */
  focus(path) {
    if (!this.view || !this.kind) return false;
    const place = placeOf(path, this.view.base, this.kind);
    let control;
    if (place.field) control = this.fields.get(place.field)?.control;
    else if (place.list) {
      const list = this.lists.get(place.list);
      const row = list?.rows[place.row];
      if (row) control = (row.cells.get(place.cell) ?? row.cells.values().next().value).control.control;
      else control = list?.add;
    }
    if (!control || control.disabled || control.hidden) return false;
    control.focus();
    return true;
  }
}
