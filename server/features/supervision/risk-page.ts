import { html, htmlDocument, type SafeHtml } from '../../http/html';
import type { EnterpriseRisk, RiskView } from './risk-service';

const CSS =
  'body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;margin:.5rem 0}' +
  'td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}' +
  'tr.grade-1{background:#fdd}tr.grade-2{background:#ffe9c6}ul{margin:0;padding-left:1rem}.muted{color:#666}code{font-size:.8rem}';

const GRADE_NAMES: Readonly<Record<number, string>> = { 1: '一级 highest', 2: '二级 higher', 3: '三级 slight' };

const HEADINGS = ['Enterprise', 'Grade', 'Score', 'Factors (count × weight = points; records)', 'Measures', 'Last recorded grade'];

function factorList(e: EnterpriseRisk): SafeHtml {
  const items = e.factors.map((f) => {
    const links = f.records
      .slice(0, 5)
      .map((r, i) => html`${i > 0 && ', '}<a href="${r.link ?? `/ledger/tx/${r.txId}`}">${r.at.slice(0, 10)}</a>`);
    return html`<li>${f.kind}: ${f.count} × ${f.weight} = ${f.points} (${links})</li>`;
  });
  return items.length ? html`<ul>${items}</ul>` : html`<span class="muted">none</span>`;
}

function enterpriseRow(e: EnterpriseRisk): SafeHtml {
  const r = e.recorded;
  const recorded = r
    ? html`${r.grade} <span class="muted">(${r.recordedAt.slice(0, 10)}, ${r.gradingId})</span>`
    : html`<span class="muted">not recorded</span>`;
  const measures = e.measures.length > 0 && html`<ul>${e.measures.map((m) => html`<li>${m}</li>`)}</ul>`;
  const credit = html`<a href="/enterprises/${encodeURIComponent(e.enterpriseId)}/credit">${e.name}</a>`;
  return html`<tr class="grade-${e.grade}"><td>${credit}<br><span class="muted">${e.enterpriseId}</span></td>
<td>${e.grade} ${GRADE_NAMES[e.grade]}</td><td>${e.score}</td><td>${factorList(e)}</td><td>${measures}</td><td>${recorded}</td></tr>`;
}

/** The regulator's risk grades as a page, riskiest first. */
export function riskPage(view: RiskView): string {
  const r = view.rules;
  const rows = view.enterprises.length > 0 ? view.enterprises.map(enterpriseRow) : html`<tr><td colspan="6">No enterprises.</td></tr>`;
  const body = html`<h1>分类分级 · Risk grades</h1>
<p>As of ledger height ${view.asOfHeight}, records since ${view.windowStart.slice(0, 10)}; rules <code>${r.version}</code>:
grade 1 at ${r.thresholds.grade1} points, grade 2 at ${r.thresholds.grade2}. Record a grading run with <code>POST /regulator/risk/grade</code>.</p>
<table id="risk"><thead><tr>${HEADINGS.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
  return htmlDocument({ title: 'Risk grades — Suyuan', style: CSS, body, lang: 'zh-CN' });
}
