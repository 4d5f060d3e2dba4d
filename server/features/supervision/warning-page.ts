import { html, htmlDocument, type SafeHtml } from '../../http/html';
import type { Warning } from './warning-service';

const CSS =
  'body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}' +
  'td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}ul{margin:0;padding-left:1rem}';

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function evidenceItem(e: Warning['evidence'][number]): SafeHtml {
  const name = text(e.incidentId) || text(e.eventID) || text(e.complaintId) || text(e.link);
  return html`<li><a href="${text(e.link)}">${name}</a> ${text(e.bizStep)}</li>`;
}

function warningRow(w: Warning): SafeHtml {
  const evidence = w.evidence.slice(0, 10).map(evidenceItem);
  return html`<tr class="${w.kind}"><td>${w.kind}</td><td>${w.subject}</td><td>${w.enterpriseIds.join(', ')}</td><td>${w.summary}</td>
<td><ul>${evidence}</ul></td></tr>`;
}

/** The regulator's early-warning signals as a page, each with its evidence. */
export function warningsPage(warnings: readonly Warning[], generatedAt: string): string {
  const rows = warnings.length > 0 ? warnings.map(warningRow) : html`<tr><td colspan="5">No signals.</td></tr>`;
  const body = html`<h1>风险预警 · Early warnings</h1><p>Signals computed from the index at ${generatedAt}, each with its evidence.</p>
<table id="warnings"><thead><tr><th>Signal</th><th>Subject</th><th>Enterprises</th><th>Why</th><th>Evidence</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  return htmlDocument({ title: 'Early warnings — Suyuan', style: CSS, body, lang: 'zh-CN' });
}
