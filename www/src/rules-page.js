// The rules page: every rule of the catalogue with its documentation
// (the package's docs.json), so that a diagnostic's code can link to it.
// Its own words follow the console's language (`?lang=de`, `?lang=zh`, as
// the console's links say); the rules' summaries and documentation are the
// package's, in English, and the page says so.
import './style.css';
import init, { rules } from 'sdrs-lint';
import docs from 'sdrs-lint/docs.json';
import { h, fill } from './dom.js';
import { stringsFor } from './i18n.js';

const CLOUDS = { otc: 'Open Telekom Cloud', huawei: 'Huawei Cloud' };

const t = stringsFor(new URLSearchParams(location.search).get('lang'));
const lookup = (path) => path.split('.').reduce((node, key) => node?.[key], t);
document.documentElement.lang = t.lang;
document.title = t.rules.title;
for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = lookup(element.dataset.i18n);
for (const element of document.querySelectorAll('[data-i18n-aria-label]')) element.setAttribute('aria-label', lookup(element.dataset.i18nAriaLabel));
// Back to the console in the same language.
document.querySelector('.breadcrumb a').href = t.lang === 'en' ? './' : `./?lang=${t.lang}`;

const boot = document.getElementById('boot');
if (location.protocol === 'file:') {
  fill(boot, h('p', { class: 'boot-failure' }, t.rules.fileProtocol));
} else {
  init().then(() => {
    fill(document.getElementById('rules'), rules().map((rule) => h('section', { class: 'rule card', id: rule.code, 'aria-labelledby': `${rule.code}-title` },
      h('h2', { id: `${rule.code}-title` }, h('code', {}, rule.code)),
      h('p', { class: 'rule-summary', lang: 'en' }, rule.summary),
      h('p', { class: 'rule-meta' }, [
        t.rules.severity[rule.severity] ?? rule.severity,
        t.rules.kind[rule.kind] ?? rule.kind,
        rule.api_code,
        rule.fixable ? t.rules.fix[rule.fix_applicability ?? ''] : null,
        rule.platforms && t.rules.clouds({ clouds: rule.platforms.map((p) => CLOUDS[p] ?? p) }),
      ].filter(Boolean).join(' · ')),
      h('div', { lang: 'en' }, markdown(docs[rule.code] ?? '')))));
    boot.hidden = true;
    // The anchor's element exists only now.
    if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, (error) => fill(boot, h('p', { class: 'boot-failure' }, t.rules.failed({ message: error.message }))));
}

/** The subset of Markdown the rule documentation uses: headings, paragraphs, fenced code, `code` and **strong**. */
function markdown(text) {
  const blocks = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('```')) {
      const code = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) code.push(lines[i]);
      blocks.push(h('pre', { tabindex: '0' }, h('code', {}, code.join('\n'))));
    } else if (line.startsWith('## ')) {
      blocks.push(h('h3', {}, inline(line.slice(3))));
    } else if (line.trim() !== '') {
      const paragraph = [line];
      while (i + 1 < lines.length && lines[i + 1].trim() !== '' && !lines[i + 1].startsWith('```') && !lines[i + 1].startsWith('## ')) paragraph.push(lines[++i]);
      blocks.push(h('p', {}, inline(paragraph.join(' '))));
    }
  }
  return blocks;
}

function inline(text) {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/).filter(Boolean).map((part) => {
    if (part.startsWith('`')) return h('code', {}, part.slice(1, -1));
    if (part.startsWith('**')) return h('strong', {}, part.slice(2, -2));
    return part;
  });
}
