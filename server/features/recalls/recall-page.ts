import { html, htmlDocument, type HtmlValue, type SafeHtml } from '../../http/html';
import type { RecallNotice } from './recall-schemas';
import type { RecallReport } from './recall-service';

const STYLE =
  'body{font:14px/1.5 system-ui,sans-serif;margin:1.5rem;color:#1b1b1b;max-width:60rem}' +
  '.notice{border-left:6px solid #c62828;background:#fdecea;padding:.6rem 1rem;border-radius:4px}' +
  'dt{font-weight:600;margin-top:.4rem}dd{margin:0 0 0 1rem}code{font-size:12px}ul{padding-left:1.2rem}.links a{margin-right:1rem}';

function list(items: readonly HtmlValue[], empty = 'none'): SafeHtml {
  return items.length === 0 ? html`<p>${empty}</p>` : html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;
}

function scopeHtml(report: RecallReport): SafeHtml {
  const s = report.scope;
  const quantities = s.quantities.map((q) => `${q.quantity} ${q.uom ?? ''}`.trim());
  const common = html`<h2>Scope: ${s.lots.length} lots and items</h2>${list(s.lots.map((l) => html`<code>${l}</code>`))}
<h3>Quantities by unit</h3>${list(quantities)}`;
  if (!('enterprises' in s)) return html`${common}<h3>Cities</h3>${list(s.cities)}`;
  return html`${common}
<h3>Enterprises</h3>${list(s.enterprises.map((e) => (e.name ? `${e.name} (${e.id})` : e.id)))}
<h3>Locations</h3>${list(s.locations.map((l) => [l.name, l.city, l.id].filter(Boolean).join(' · ')))}
<h3>Events</h3><p>${s.events.length} events in the scope.</p>`;
}

function linksHtml(report: RecallReport): SafeHtml {
  if (!report.links) return html`<p>Signed-in regulators see the full scope and the trace view: <a href="/sign-in">sign in</a>.</p>`;
  const l = report.links;
  const csv = l.csv && html`<a href="${l.csv}">CSV (FSMA 204)</a>`;
  const xlsx = l.xlsx && html`<a href="${l.xlsx}">Excel (xlsx)</a>`;
  return html`<p class="links"><a href="${l.traceView}">Trace view of the chain</a>${csv}${xlsx}</p>`;
}

function noticeRow(n: RecallNotice): SafeHtml {
  const lots = `${n.lots.length} lot${n.lots.length === 1 ? '' : 's'}`;
  return html`<li><a href="/recalls/${n.id}"><b>${n.reason}</b></a> · class ${n.severityClass} · ${n.status} · ${n.openedAt.slice(0, 10)} · ${n.recalledBy}<br>
${n.hazard}<br><i>${n.consumerAction}</i> · ${lots}</li>`;
}

/** The public recall notices as a page, newest first, each linking to its report. */
export function recallListPage(notices: readonly RecallNotice[]): string {
  const items = notices.length === 0 ? html`<p>No recalls.</p>` : html`<ul class="recalls">${notices.map(noticeRow)}</ul>`;
  return htmlDocument({
    title: 'Recalls — Suyuan',
    style: `${STYLE}ul.recalls li{margin:.8rem 0}`,
    body: html`<h1>Recall notices</h1>${items}`,
  });
}

/** A recall report as a page: the notice, the scope (full or public, as the JSON) and the way on to the trace view. */
export function recallPage(report: RecallReport): string {
  const notice = html`<div class="notice" role="alert"><b>Recall ${report.id}</b> · class ${report.severityClass} · ${report.status}
· opened ${report.openedAt} by ${report.recalledBy}</div>
<dl>
<dt>Reason</dt><dd>${report.reason}</dd>
<dt>Hazard</dt><dd>${report.hazard}</dd>
<dt>What consumers should do</dt><dd>${report.consumerAction}</dd>
<dt>Remedy</dt><dd>${report.remedy}</dd>
<dt>Contact</dt><dd>${report.contact}</dd>
<dt>Ledger transaction</dt><dd><code>${report.txId}</code></dd>
</dl>`;
  const body = html`<h1>Recall report</h1>${notice}${linksHtml(report)}${scopeHtml(report)}`;
  return htmlDocument({ title: `Recall ${report.id} — Suyuan`, style: STYLE, body });
}
