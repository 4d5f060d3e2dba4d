import { esc, htmlDocument } from '../../http/html';
import type { RecallNotice } from './recall-schemas';
import type { RecallReport } from './recall-service';

const STYLE = 'body{font:14px/1.5 system-ui,sans-serif;margin:1.5rem;color:#1b1b1b;max-width:60rem}.notice{border-left:6px solid #c62828;background:#fdecea;padding:.6rem 1rem;border-radius:4px}'
  + 'dt{font-weight:600;margin-top:.4rem}dd{margin:0 0 0 1rem}code{font-size:12px}ul{padding-left:1.2rem}.links a{margin-right:1rem}';

function list(items: readonly string[], empty = 'none'): string {
  return items.length === 0 ? `<p>${empty}</p>` : `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}

function scopeHtml(report: RecallReport): string {
  const s = report.scope;
  const quantities = s.quantities.map((q) => esc(`${q.quantity} ${q.uom ?? ''}`.trim()));
  const parts = [`<h2>Scope: ${s.lots.length} lots and items</h2>${list(s.lots.map((l) => `<code>${esc(l)}</code>`))}`, `<h3>Quantities by unit</h3>${list(quantities)}`];
  if ('enterprises' in s) {
    parts.push(`<h3>Enterprises</h3>${list(s.enterprises.map((e) => esc(e.name ? `${e.name} (${e.id})` : e.id)))}`);
    parts.push(`<h3>Locations</h3>${list(s.locations.map((l) => esc([l.name, l.city, l.id].filter(Boolean).join(' · '))))}`);
    parts.push(`<h3>Events</h3><p>${s.events.length} events in the scope.</p>`);
  } else {
    parts.push(`<h3>Cities</h3>${list(s.cities.map((c) => esc(c)))}`);
  }
  return parts.join('');
}

function linksHtml(report: RecallReport): string {
  if (!report.links) return '<p>Signed-in regulators see the full scope and the trace view: <a href="/sign-in">sign in</a>.</p>';
  const l = report.links;
  return `<p class="links"><a href="${esc(l.traceView)}">Trace view of the chain</a>${l.csv ? `<a href="${esc(l.csv)}">CSV (FSMA 204)</a>` : ''}${l.xlsx ? `<a href="${esc(l.xlsx)}">Excel (xlsx)</a>` : ''}</p>`;
}

function noticeRow(n: RecallNotice): string {
  return `<li><a href="/recalls/${esc(n.id)}"><b>${esc(n.reason)}</b></a> · class ${esc(n.severityClass)} · ${esc(n.status)} · ${esc(n.openedAt.slice(0, 10))} · ${esc(n.recalledBy)}<br>${esc(n.hazard)}<br><i>${esc(n.consumerAction)}</i> · ${n.lots.length} lot${n.lots.length === 1 ? '' : 's'}</li>`;
}

/** The public recall notices as a page, newest first, each linking to its report. */
export function recallListPage(notices: readonly RecallNotice[]): string {
  const items = notices.length === 0 ? '<p>No recalls.</p>' : `<ul class="recalls">${notices.map(noticeRow).join('')}</ul>`;
  return htmlDocument({ title: 'Recalls — Suyuan', style: `${STYLE}ul.recalls li{margin:.8rem 0}`, body: `<h1>Recall notices</h1>${items}` });
}

/** A recall report as a page: the notice, the scope (full or public, as the JSON) and the way on to the trace view. */
export function recallPage(report: RecallReport): string {
  const notice = `<div class="notice" role="alert"><b>Recall ${esc(report.id)}</b> · class ${esc(report.severityClass)} · ${esc(report.status)} · opened ${esc(report.openedAt)} by ${esc(report.recalledBy)}</div>
<dl><dt>Reason</dt><dd>${esc(report.reason)}</dd><dt>Hazard</dt><dd>${esc(report.hazard)}</dd><dt>What consumers should do</dt><dd>${esc(report.consumerAction)}</dd><dt>Remedy</dt><dd>${esc(report.remedy)}</dd><dt>Contact</dt><dd>${esc(report.contact)}</dd><dt>Ledger transaction</dt><dd><code>${esc(report.txId)}</code></dd></dl>`;
  return htmlDocument({ title: `Recall ${report.id} — Suyuan`, style: STYLE, body: `<h1>Recall report</h1>${notice}${linksHtml(report)}${scopeHtml(report)}` });
}
