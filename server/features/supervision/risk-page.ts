import { esc, htmlDocument } from '../../http/html';
import type { EnterpriseRisk, RiskView } from './risk-service';

const CSS = 'body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}'
  + 'tr.grade-1{background:#fdd}tr.grade-2{background:#ffe9c6}ul{margin:0;padding-left:1rem}.muted{color:#666}code{font-size:.8rem}';

const GRADE_NAMES: Readonly<Record<number, string>> = { 1: '一级 highest', 2: '二级 higher', 3: '三级 slight' };

function factorList(e: EnterpriseRisk): string {
  const items = e.factors.map((f) => {
    const links = f.records.slice(0, 5).map((r) => `<a href="${esc(r.link ?? `/ledger/tx/${r.txId}`)}">${esc(r.at.slice(0, 10))}</a>`).join(', ');
    return `<li>${esc(f.kind)}: ${f.count} × ${f.weight} = ${f.points} (${links})</li>`;
  });
  return items.length ? `<ul>${items.join('')}</ul>` : '<span class="muted">none</span>';
}

function enterpriseRow(e: EnterpriseRisk): string {
  const recorded = e.recorded ? `${e.recorded.grade} <span class="muted">(${esc(e.recorded.recordedAt.slice(0, 10))}, ${esc(e.recorded.gradingId)})</span>` : '<span class="muted">not recorded</span>';
  const measures = e.measures.length ? `<ul>${e.measures.map((m) => `<li>${esc(m)}</li>`).join('')}</ul>` : '';
  const name = `<a href="/enterprises/${encodeURIComponent(e.enterpriseId)}/credit">${esc(e.name)}</a><br><span class="muted">${esc(e.enterpriseId)}</span>`;
  return `<tr class="grade-${e.grade}"><td>${name}</td><td>${e.grade} ${esc(GRADE_NAMES[e.grade])}</td><td>${e.score}</td><td>${factorList(e)}</td><td>${measures}</td><td>${recorded}</td></tr>`;
}

/** The regulator's risk grades as a page, riskiest first. */
export function riskPage(view: RiskView): string {
  const r = view.rules;
  const head = ['Enterprise', 'Grade', 'Score', 'Factors (count × weight = points; records)', 'Measures', 'Last recorded grade'].map((h) => `<th>${esc(h)}</th>`).join('');
  const body = `<h1>分类分级 · Risk grades</h1>
<p>As of ledger height ${view.asOfHeight}, records since ${esc(view.windowStart.slice(0, 10))}; rules <code>${esc(r.version)}</code>: grade 1 at ${r.thresholds.grade1} points, grade 2 at ${r.thresholds.grade2}. Record a grading run with <code>POST /regulator/risk/grade</code>.</p>
<table id="risk"><thead><tr>${head}</tr></thead><tbody>${view.enterprises.map(enterpriseRow).join('') || '<tr><td colspan="6">No enterprises.</td></tr>'}</tbody></table>`;
  return htmlDocument({ title: 'Risk grades — Suyuan', style: CSS, body, lang: 'zh-CN' });
}
