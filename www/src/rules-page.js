// The rules page: every rule of the catalogue with its documentation
// (the package's docs.json), so that a diagnostic's code can link to it.
import './style.css';
import init, { rules } from 'sdrs-lint';
import docs from 'sdrs-lint/docs.json';
import { h, fill } from './dom.js';

const CLOUDS = { otc: 'Open Telekom Cloud', huawei: 'Huawei Cloud' };

const boot = document.getElementById('boot');
if (location.protocol === 'file:') {
  fill(boot, h('p', { class: 'boot-failure' }, 'This page must be served over HTTP, not opened as a file: run "make www" in the repository and open http://127.0.0.1:8080/rules.html.'));
} else {
  init().then(() => {
    fill(document.getElementById('rules'), rules().map((rule) => h('section', { class: 'rule card', id: rule.code, 'aria-labelledby': `${rule.code}-title` },
      h('h2', { id: `${rule.code}-title` }, h('code', {}, rule.code)),
      h('p', { class: 'rule-summary' }, rule.summary),
      h('p', { class: 'rule-meta' }, [
        rule.severity,
        rule.kind,
        rule.api_code,
        rule.fixable ? `${rule.fix_applicability ?? ''} fix`.trim() : null,
        rule.platforms?.map((p) => CLOUDS[p] ?? p).join(' and '),
      ].filter(Boolean).join(' · ')),
      markdown(docs[rule.code] ?? ''))));
    boot.hidden = true;
    // The anchor's element exists only now.
    if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, (error) => fill(boot, h('p', { class: 'boot-failure' }, `The rules could not load: ${error.message}`)));
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
