import { html, htmlDocument, type SafeHtml } from '../../http/html';
import type { WorklistItem } from './regulator-queries';

const INCIDENTS_CSS =
  'body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}' +
  'td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}tr.overdue{background:#fdd}tr.late{background:#ffe9c6}';

const HEADINGS = ['Incident', 'Enterprise', 'Severity', 'Status', 'Aware at', 'Due at', 'Reported at (ledger)', 'Deadline', 'GTINs'];

function row(item: WorklistItem): SafeHtml {
  const i = item.record;
  const flag = item.overdue ? 'overdue' : i.late ? 'late' : 'on time';
  const cells = [
    i.id,
    i.enterpriseId,
    i.severity,
    i.status,
    i.awareAt,
    i.dueAt,
    i.reportedAt,
    flag,
    i.products.map((p) => p.gtin).join(' '),
  ];
  return html`<tr class="${item.overdue ? 'overdue' : i.late ? 'late' : ''}">${cells.map((c) => html`<td>${c}</td>`)}</tr>
`;
}

/** The regulator's incident worklist as a plain HTML table, overdue first. */
export function incidentsPage(items: readonly WorklistItem[], generatedAt: string): string {
  const rows = items.length > 0 ? items.map(row) : html`<tr><td colspan="9">No incident reports.</td></tr>`;
  const body = html`<h1>Incident reports</h1>
<p>Overdue (late and still open) first, then late, then the rest. Generated ${generatedAt}.</p>
<table><thead><tr>${HEADINGS.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${rows}
</tbody></table>`;
  return htmlDocument({ title: 'Incident reports — Suyuan', style: INCIDENTS_CSS, body });
}
