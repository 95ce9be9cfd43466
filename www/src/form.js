// The form: one field per member of the protected instance, tag rows, and
// each diagnostic under the field its path names. It never holds the
// request itself: it shows the editor's body (through the worker's view of
// it) and reports what the user changed to the page, which turns it into a
// text edit of the body.
import { INSTANCE_FIELDS, TAGS_FIELD, TAG_ROWS_SHOWN, placeOf, onPlatform, hintOn } from './protected-instance.js';
import { listingLabel, VPC_NAMES } from './account.js';
import { h, fill } from './dom.js';
import { messageItem } from './messages.js';

const SECTIONS = [
  { title: 'Protection group and production server', fields: ['server_group_id', 'server_id'] },
  { title: 'Protected instance', fields: ['name', 'description'] },
  { title: 'DR site', fields: ['primary_subnet_id', 'primary_ip_address', 'flavorRef'],
    note: 'Where the DR site server is created when the protection group fails over.' },
  { title: 'Dedicated resources', fields: ['cluster_id', 'tenancy', 'dedicated_host_id'], platform: 'huawei',
    note: 'Huawei Cloud only: a storage pool and a dedicated host for the DR site server.' },
];

const PLACEHOLDER = {
  server_group_id: 'Choose a protection group',
  server_id: 'Choose a server',
  primary_subnet_id: 'As the production server (default)',
  flavorRef: 'As the production server (default)',
  tenancy: 'Shared (default)',
};

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

class FormField {
  constructor(field, form) {
    this.field = field;
    const id = `field-${field.name}`;
    this.id = id;
    const describedBy = `${id}-hint ${id}-messages`;
    const changed = (value) => form.handlers.onField(field.name, value === '' && !field.required ? undefined : value);
    this.input = h('input', {
      id, name: field.name, type: 'text', autocomplete: 'off', spellcheck: 'false', required: field.required,
      'aria-describedby': describedBy, oninput: () => changed(this.input.value),
    });
    this.controls = [this.input];
    if (field.listing || field.choices) {
      this.select = h('select', {
        id: `${id}-choice`, name: `${field.name}-choice`, required: field.required, hidden: true,
        'aria-describedby': describedBy, onchange: () => changed(this.select.value),
      });
      this.controls.push(this.select);
    }
    this.label = h('label', { for: id },
      h('span', { class: 'label-text' }, field.label),
      field.required ? h('span', { class: 'required-mark', 'aria-hidden': 'true' }, ' *') : h('span', { class: 'optional' }, ' (optional)'),
      h('code', { class: 'api-name', 'aria-hidden': 'true' }, field.name));
    this.facts = h('p', { id: `${id}-facts`, class: 'facts', hidden: true });
    this.messages = h('ul', { id: `${id}-messages`, class: 'messages' });
    this.hint = h('p', { id: `${id}-hint`, class: 'hint' }, hintOn(field, 'otc'));
    this.dom = h('div', { class: 'field', 'data-field': field.name },
      this.label, this.input, this.select, this.hint, this.facts, this.messages);
    this.value = { present: false, type: 'absent', text: '', editable: true };
    this.listing = null;
    if (field.choices) this.setListing({ name: null, items: field.choices.map((id) => ({ id })) });
  }

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
    this.label.htmlFor = this.control.id;
    this.show(this.value);
  }

  show(value) {
    this.value = value;
    if (this.input.value !== value.text) this.input.value = value.text;
    this.input.placeholder = value.type === 'null' ? 'null in the body' : '';
    if (this.select && this.listing) {
      const current = value.type === 'null' ? '' : value.text;
      const extra = current !== '' && !this.listing.items.some((item) => item.id === current) ? current : '';
      // Rebuilt only when the choices change, so that an open dropdown stays open.
      const choices = `${this.listing.name}\u0000${extra}\u0000${value.type}`;
      if (this.choices !== choices) {
        this.choices = choices;
        const options = [h('option', { value: '' }, PLACEHOLDER[this.field.name])];
        for (const item of this.listing.items) options.push(h('option', { value: item.id }, listingLabel(this.listing.name, item)));
        if (extra) {
          const elsewhere = this.field.choices ? 'not an allowed value' : 'not in this account';
          const what = value.type === 'string' ? elsewhere : `a ${value.type}, not a string`;
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

  setFacts(text) {
    this.facts.textContent = text ?? '';
    this.facts.hidden = !text;
    const ids = [`${this.id}-hint`, text ? `${this.id}-facts` : null, `${this.id}-messages`].filter(Boolean).join(' ');
    for (const control of this.controls) control.setAttribute('aria-describedby', ids);
  }

  showDiagnostics(diagnostics, render) {
    showMessages(this.messages, diagnostics, render);
    const invalid = diagnostics.some((d) => d.severity === 'error');
    const warned = !invalid && diagnostics.some((d) => d.severity === 'warning');
    for (const control of this.controls) {
      control.setAttribute('aria-invalid', String(invalid));
      control.classList.toggle('warned', warned);
    }
  }
}

class TagRow {
  constructor(index, form) {
    this.index = index;
    const id = `tag-${index}`;
    const input = (member) => h('input', {
      id: `${id}-${member}`, type: 'text', autocomplete: 'off', spellcheck: 'false', required: true,
      'aria-label': `Tag ${index + 1} ${member}`, 'aria-describedby': `tags-hint ${id}-${member}-messages ${id}-messages`,
      oninput: (event) => form.handlers.onTagField(index, member, event.target.value),
    });
    this.inputs = { key: input('key'), value: input('value') };
    this.remove = h('button', { type: 'button', class: 'remove', 'aria-label': `Remove tag ${index + 1}`, onclick: () => form.handlers.onRemoveTag(index) }, 'Remove');
    this.messages = {
      row: h('ul', { id: `${id}-messages`, class: 'messages' }),
      key: h('ul', { id: `${id}-key-messages`, class: 'messages' }),
      value: h('ul', { id: `${id}-value-messages`, class: 'messages' }),
    };
    this.note = h('p', { class: 'hint', hidden: true });
    // The title and the cells' labels show only where the column heads do
    // not (a narrow card); the group and the inputs have their names already.
    const shown = (className, text) => h('span', { class: className, 'aria-hidden': 'true' }, text);
    this.dom = h('div', { class: 'tag-row', role: 'group', 'aria-label': `Tag ${index + 1}` },
      shown('tag-title', `Tag ${index + 1}`),
      h('div', { class: 'tag-cell tag-key' }, shown('tag-cell-label', 'Key'), this.inputs.key, this.messages.key),
      h('div', { class: 'tag-cell tag-value' }, shown('tag-cell-label', 'Value'), this.inputs.value, this.messages.value),
      this.remove, this.note, this.messages.row);
    this.object = true;
  }

  show(row) {
    this.object = row.object;
    this.note.hidden = row.object;
    this.note.textContent = row.object ? '' : `This tag is ${row.type === 'array' ? 'an array' : `a ${row.type}`}, not an object: change it in the request body.`;
    for (const member of ['key', 'value']) {
      const text = row.object ? row[member].text : '';
      if (this.inputs[member].value !== text) this.inputs[member].value = text;
      this.inputs[member].dataset.editable = String(!row.object || row[member].editable);
    }
  }

  setReadOnly(readOnly) {
    for (const input of Object.values(this.inputs)) input.readOnly = readOnly || !this.object || input.dataset.editable === 'false';
    this.remove.disabled = readOnly;
  }
}

export class RequestForm {
  /**
   * `handlers`: onField(name, value|undefined), onTagField(index, member,
   * value), onAddTag(), onRemoveTag(index), and `message` (the options of
   * messageItem: ruleUrl, canFix, onFix).
   */
  constructor(container, handlers) {
    this.handlers = handlers;
    this.fields = new Map(INSTANCE_FIELDS.map((f) => [f.name, new FormField(f, this)]));
    this.tagRows = [];
    this.readOnly = false;
    this.account = null;
    this.view = null;
    this.platform = 'otc';

    this.state = h('p', { id: 'form-state', class: 'form-state', hidden: true });
    this.bodyMessages = h('ul', { id: 'body-messages', class: 'messages' });
    this.tagList = h('div', { class: 'tag-rows' });
    this.tagNote = h('p', { class: 'hint', hidden: true });
    this.tagsMessages = h('ul', { id: 'field-tags-messages', class: 'messages' });
    this.addTag = h('button', { type: 'button', id: 'add-tag', class: 'secondary', 'aria-describedby': 'field-tags-messages', onclick: () => handlers.onAddTag() }, 'Add tag');

    fill(container,
      this.state,
      this.bodyMessages,
      this.sections = SECTIONS.map((section) => h('fieldset', { class: 'card', 'data-platform': section.platform },
        h('legend', {}, section.title),
        section.note ? h('p', { class: 'section-note' }, section.note) : null,
        section.fields.map((name) => this.fields.get(name).dom))),
      h('fieldset', { class: 'card', id: 'tags' },
        h('legend', {}, 'Tags ', h('span', { class: 'optional' }, '(optional)'), h('code', { class: 'api-name', 'aria-hidden': 'true' }, 'tags')),
        this.tagsHint = h('p', { id: 'tags-hint', class: 'section-note' }, hintOn(TAGS_FIELD, 'otc')),
        h('div', { class: 'tag-head', 'aria-hidden': 'true' }, h('span', {}, 'Key'), h('span', {}, 'Value')),
        this.tagList, this.tagNote, this.tagsMessages, this.addTag));
  }

  /** The account's listings for the dropdowns (and facts under the fields), or null: IDs are typed. */
  setAccount(account) {
    this.account = account;
    for (const field of this.fields.values()) {
      const name = field.field.listing;
      if (name) field.setListing(account ? { name, items: account[name] } : null);
    }
    this.showFacts();
  }

  /** Shows the fields of `platform`'s variant of the call (SPEC §7), with what that cloud accepts in their hints. */
  setPlatform(platform) {
    this.platform = platform;
    for (const section of this.sections) section.hidden = Boolean(section.dataset.platform) && section.dataset.platform !== platform;
    for (const field of this.fields.values()) {
      field.dom.hidden = !onPlatform(field.field, platform);
      field.hint.textContent = hintOn(field.field, platform);
    }
    this.tagsHint.textContent = hintOn(TAGS_FIELD, platform);
  }

  /** Shows the worker's view of the body (see protected-instance.js formView). */
  showView(view) {
    if (!view.parsed) {
      const where = view.problem?.line ? ` (line ${view.problem.line}, column ${view.problem.column})` : '';
      this.setState(`The request body is not valid JSON${where}, so the form shows the last valid body and cannot change the text. Finish or undo the edit in the editor.`);
      this.setReadOnly(true);
      return;
    }
    this.view = view;
    const notObject = view.shape === 'not-object';
    this.setState({
      'not-object': view.base === '' ? 'The request body is not a JSON object: change it in the editor.' : 'The body\'s "protected_instance" is not an object: change it in the editor.',
      unwrapped: 'The body has its members without the "protected_instance" wrapper; the form shows them. "Fix" under the message below wraps them.',
      absent: view.blank ? 'The request body is empty: fill in the form, or paste a body into the editor.' : null,
    }[view.shape] ?? null);
    for (const field of this.fields.values()) field.show(view.fields[field.field.name]);
    this.showTags(view.tags);
    this.showFacts();
    this.setReadOnly(notObject);
  }

  setState(text) {
    this.state.textContent = text ?? '';
    this.state.hidden = !text;
  }

  showTags(tags) {
    const rows = tags.state === 'array' ? tags.rows : [];
    while (this.tagRows.length > rows.length) this.tagRows.pop().dom.remove();
    while (this.tagRows.length < rows.length) {
      const row = new TagRow(this.tagRows.length, this);
      this.tagRows.push(row);
      this.tagList.append(row.dom);
    }
    rows.forEach((row, i) => this.tagRows[i].show(row));
    let note = null;
    if (tags.state !== 'array' && tags.state !== 'absent') note = `"tags" is ${tags.state === 'object' ? 'an object' : `a ${tags.state}`}, not a list: change it in the request body.`;
    else if (tags.count > rows.length) note = `The body has ${tags.count} tags; the first ${TAG_ROWS_SHOWN} are shown here, all of them in the editor.`;
    this.tagNote.textContent = note ?? '';
    this.tagNote.hidden = !note;
    this.addTag.disabled = tags.state !== 'array' && tags.state !== 'absent';
    if (this.focusTag !== undefined && this.tagRows[this.focusTag]) {
      this.tagRows[this.focusTag].inputs.key.focus();
      this.focusTag = undefined;
    }
  }

  /** Moves the focus to the key of tag `index` once the body has it. */
  focusTagWhenShown(index) {
    this.focusTag = index;
  }

  setReadOnly(readOnly) {
    this.readOnly = readOnly;
    for (const field of this.fields.values()) field.setReadOnly(readOnly);
    for (const row of this.tagRows) row.setReadOnly(readOnly);
    this.addTag.disabled = readOnly || (this.view?.tags.state !== 'array' && this.view?.tags.state !== 'absent');
  }

  /** What the account says about the chosen group, server and subnet, under their fields. */
  showFacts() {
    const value = (name) => this.view?.fields[name]?.text;
    const find = (listing, id) => this.account?.[listing].find((item) => item.id === id);
    const group = find('protection_groups', value('server_group_id'));
    const server = find('servers', value('server_id'));
    const subnet = find('subnets', value('primary_subnet_id'));
    const vpc = (id) => VPC_NAMES[id] ?? id;
    this.fields.get('server_group_id').setFacts(group
      && `Production site: ${vpc(group.source_vpc_id)}, ${group.source_availability_zone}; DR site: ${group.target_availability_zone}. Status: ${group.status}.`);
    this.fields.get('server_id').setFacts(server
      && `${server.os_type} · ${server.flavor} · ${vpc(server.vpc_id)} · ${server.availability_zone} · ${server.status}.`);
    this.fields.get('primary_ip_address').setFacts(subnet
      && `${subnet.name}: ${subnet.cidr}, gateway ${subnet.gateway_ip}. In use: ${subnet.used_ips.join(', ')}.`);
  }

  /** Puts each diagnostic (its message in `locale`) under its field, tag row or the body's own list. */
  showDiagnostics(report, base, locale) {
    const render = (d) => messageItem(d, { ...this.handlers.message, lang: locale, onFix: (fixed) => this.fix(fixed) });
    const byField = new Map([...this.fields.keys()].map((name) => [name, []]));
    const byTag = this.tagRows.map(() => ({ row: [], key: [], value: [] }));
    const tags = [];
    const body = [];
    for (const d of report.diagnostics) {
      const place = placeOf(d.path, base, this.platform);
      if (place.field) byField.get(place.field).push(d);
      else if (place.tag !== undefined && byTag[place.tag]) byTag[place.tag][place.member ?? 'row'].push(d);
      else if (place.tags || place.tag !== undefined) tags.push(d);
      else body.push(d);
    }
    for (const [name, list] of byField) this.fields.get(name).showDiagnostics(list, render);
    byTag.forEach((lists, i) => {
      const row = this.tagRows[i];
      for (const part of ['row', 'key', 'value']) showMessages(row.messages[part], lists[part], render);
      for (const member of ['key', 'value']) {
        const list = [...lists[member], ...lists.row];
        row.inputs[member].setAttribute('aria-invalid', String(list.some((d) => d.severity === 'error')));
        row.inputs[member].classList.toggle('warned', list.some((d) => d.severity === 'warning'));
      }
    });
    showMessages(this.tagsMessages, tags, render);
    showMessages(this.bodyMessages, body, render);
  }

  /** Applies a fix from a button under a field, and keeps the focus in that field. */
  fix(diagnostic) {
    this.handlers.message.onFix(diagnostic);
    this.focus(diagnostic.path);
  }

  /** Focuses the control a path belongs to; false when the form has none for it. */
  focus(path) {
    if (!this.view) return false;
    const place = placeOf(path, this.view.base, this.platform);
    let control;
    if (place.field) control = this.fields.get(place.field).control;
    else if (place.tag !== undefined && this.tagRows[place.tag]) control = this.tagRows[place.tag].inputs[place.member ?? 'key'];
    else if (place.tags) control = this.addTag;
    if (!control || control.disabled || control.hidden) return false;
    control.focus();
    return true;
  }
}
