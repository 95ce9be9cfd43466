// The web console demo: a form and a JSON editor for the same request, both
// checked on every keystroke. The form is linted as a value (lintValue), the
// editor as text (lint), whose UTF-16 ranges place the squiggles.
import init, { lint, lintValue, rules } from '../pkg/dist/web/sdrs_lint.js';

const FIELDS = [
  'server_group_id', 'server_id', 'name', 'description',
  'primary_subnet_id', 'primary_ip_address', 'flavorRef',
];

// The API page's own example, with its typo'd subnet ID.
const EXAMPLE = {
  protected_instance: {
    server_group_id: '523ab8ad-3759-4933-9436-4cf4ebb20867',
    server_id: '403b603d-1d91-42cc-a357-81f3c2daf43f',
    name: 'test_protected_instance_name',
    description: 'my description',
    primary_subnet_id: 'a32217fh-3413-c313-6342-3124d3491502',
    primary_ip_address: '192.168.0.5',
    flavorRef: 's3.large.2',
    tags: [{ key: 'key1', value: 'value1' }, { key: 'key', value: 'value3' }],
  },
};

const form = document.getElementById('form');
const tagsBox = document.getElementById('tags');
const tagRow = document.getElementById('tag-row');
const editor = document.getElementById('json');
const backdrop = document.querySelector('.backdrop');
const markers = document.getElementById('markers');
const status = document.getElementById('status');

await init();
const summaries = new Map(rules().map((r) => [r.code, r.summary]));

function formValue() {
  const instance = {};
  for (const field of FIELDS) {
    const value = form.elements[field].value;
    if (value !== '') instance[field] = value;
  }
  const rows = [...tagsBox.children];
  if (rows.length > 0) {
    instance.tags = rows.map((row) => ({
      key: row.querySelector('[data-tag="key"]').value,
      value: row.querySelector('[data-tag="value"]').value,
    }));
  }
  return { protected_instance: instance };
}

function shown(value) {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

function renderTags(tags) {
  tagsBox.replaceChildren();
  tags.forEach((tag, i) => {
    const row = tagRow.content.firstElementChild.cloneNode(true);
    const item = tag !== null && typeof tag === 'object' ? tag : {};
    row.querySelector('[data-tag="key"]').value = shown(item.key);
    row.querySelector('[data-tag="value"]').value = shown(item.value);
    for (const box of row.querySelectorAll('[data-tag-path]')) {
      box.dataset.path = `/protected_instance/tags/${i}${box.dataset.tagPath}`;
    }
    tagsBox.append(row);
  });
}

/** The form follows the editor whenever the editor holds a JSON object. */
function setForm(value) {
  const instance = value?.protected_instance;
  if (instance === null || typeof instance !== 'object' || Array.isArray(instance)) return;
  for (const field of FIELDS) form.elements[field].value = shown(instance[field]);
  renderTags(Array.isArray(instance.tags) ? instance.tags : []);
}

/** The message box of a JSON Pointer: its own, or its nearest ancestor's. */
function boxFor(path) {
  for (let p = path; p !== ''; p = p.slice(0, p.lastIndexOf('/'))) {
    const box = document.querySelector(`.messages[data-path="${CSS.escape(p)}"]`);
    if (box) return box;
  }
  return document.querySelector('.messages.general');
}

function showMessages(report) {
  for (const box of document.querySelectorAll('.messages')) box.replaceChildren();
  for (const d of report.diagnostics) {
    const p = document.createElement('p');
    p.className = d.severity;
    p.dataset.code = d.code;
    const code = document.createElement('code');
    code.textContent = d.code;
    code.title = summaries.get(d.code) ?? '';
    p.append(code, ' ', d.message);
    boxFor(d.path).append(p);
  }
}

/** Squiggles under the ranges (UTF-16 offsets: String.prototype.slice takes them as they are). */
function showMarkers(text, report) {
  const ranged = report.diagnostics.filter((d) => d.range)
    .sort((a, b) => a.range.start.offset - b.range.start.offset);
  const parts = [];
  let at = 0;
  for (const d of ranged) {
    const start = Math.max(d.range.start.offset, at);
    const end = Math.max(d.range.end.offset, start);
    parts.push(text.slice(at, start));
    const mark = document.createElement('mark');
    mark.className = d.severity + (start === end ? ' point' : '');
    mark.dataset.code = d.code;
    mark.textContent = text.slice(start, end);
    parts.push(mark);
    at = end;
  }
  parts.push(text.slice(at), '\n');
  backdrop.replaceChildren(...parts);

  markers.replaceChildren(...ranged.map((d) => {
    const li = document.createElement('li');
    li.className = d.severity;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `${d.range.start.line}:${d.range.start.column}`;
    button.addEventListener('click', () => {
      editor.focus();
      editor.setSelectionRange(d.range.start.offset, d.range.end.offset);
    });
    const code = document.createElement('code');
    code.textContent = d.code;
    li.append(button, ' ', code, ' ', d.message);
    return li;
  }));
}

function showStatus(report, micros, how) {
  const counts = [['error', report.errors], ['warning', report.warnings], ['info', report.infos]]
    .filter(([, n]) => n > 0).map(([what, n]) => `${n} ${what}${n === 1 ? '' : 's'}`);
  status.textContent = `${report.valid ? 'Ready to send' : 'Not ready'}${counts.length ? `: ${counts.join(', ')}` : ''} (${how} in ${micros} µs)`;
  status.className = report.valid ? 'valid' : 'invalid';
  status.dataset.ready = 'true';
}

function timed(fn) {
  const t0 = performance.now();
  const result = fn();
  return [result, Math.round((performance.now() - t0) * 1000)];
}

function fromForm() {
  const value = formValue();
  const text = JSON.stringify(value, null, 2);
  editor.value = text;
  const [report, micros] = timed(() => lintValue(value));
  showMessages(report);
  showMarkers(text, lint(text));
  showStatus(report, micros, 'lintValue');
}

function fromEditor() {
  const text = editor.value;
  const [report, micros] = timed(() => lint(text));
  try {
    setForm(JSON.parse(text));
  } catch {
    // Not JSON yet: the editor's invalid-json marker says where.
  }
  showMessages(report);
  showMarkers(text, report);
  showStatus(report, micros, 'lint');
}

form.addEventListener('input', fromForm);
editor.addEventListener('input', fromEditor);
editor.addEventListener('scroll', () => {
  backdrop.scrollTop = editor.scrollTop;
  backdrop.scrollLeft = editor.scrollLeft;
});
document.getElementById('add-tag').addEventListener('click', () => {
  const value = formValue();
  value.protected_instance.tags = [...(value.protected_instance.tags ?? []), { key: '', value: '' }];
  renderTags(value.protected_instance.tags);
  fromForm();
});
tagsBox.addEventListener('click', (event) => {
  const remove = event.target.closest('[data-remove]');
  if (!remove) return;
  remove.closest('.tag-row').remove();
  const tags = formValue().protected_instance.tags ?? [];
  renderTags(tags);
  fromForm();
});

editor.value = JSON.stringify(EXAMPLE, null, 2);
fromEditor();
