import { esc, htmlDocument } from '../../http/html';
import type { WorklistItem } from './regulator-queries';

const INCIDENTS_CSS = 'body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}tr.overdue{background:#fdd}tr.late{background:#ffe9c6}';

function row(item: WorklistItem): string {
  const i = item.record;
  const flag = item.overdue ? 'overdue' : i.late ? 'late' : 'on time';
  const cells = [i.id, i.enterpriseId, i.severity, i.status, i.awareAt, i.dueAt, i.reportedAt, flag, i.products.map((p) => p.gtin).join(' ')];
  return `<tr class="${item.overdue ? 'overdue' : i.late ? 'late' : ''}">${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`;
}

/** The regulator's incident worklist as a plain HTML table, overdue first. */
export function incidentsPage(items: readonly WorklistItem[], generatedAt: string): string {
  const head = ['Incident', 'Enterprise', 'Severity', 'Status', 'Aware at', 'Due at', 'Reported at (ledger)', 'Deadline', 'GTINs'].map((h) => `<th>${h}</th>`).join('');
  const body = `<h1>Incident reports</h1><p>Overdue (late and still open) first, then late, then the rest. Generated ${esc(generatedAt)}.</p>
<table><thead><tr>${head}</tr></thead><tbody>
${items.map(row).join('\n') || '<tr><td colspan="9">No incident reports.</td></tr>'}
</tbody></table>`;
  return htmlDocument({ title: 'Incident reports — Suyuan', style: INCIDENTS_CSS, body });
}
