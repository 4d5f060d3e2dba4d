import { esc, htmlDocument } from '../../http/html';
import type { CreditEntry } from './credit-queries';
import type { PlanView } from './inspection-service';

const CSS = 'body{font-family:system-ui,sans-serif;margin:1rem;max-width:70rem}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}'
  + 'code{font-size:.8rem;word-break:break-all}.fail{background:#fdd}.pass{background:#e6f6e6}section{border-top:2px solid #333;margin-top:1.5rem}.muted{color:#666}';

const KIND_LABELS: Readonly<Record<string, string>> = {
  'failed-inspection': '抽查不合格 Failed inspection',
  'late-incident-report': '事故迟报 Late incident report',
  recall: '召回 Recall',
  'non-conforming-spot-check': '标准抽查不符合 Non-conforming spot check',
  'below-recommended-declaration': '低于推荐性标准 Below recommended standard',
  'withdrawn-declaration': '撤回标准声明 Withdrawn declaration',
};

function targetRows(plan: PlanView): string {
  const results = new Map(plan.results.map((r) => [r.enterpriseId, r]));
  return (plan.draw?.targets ?? [])
    .map((t) => {
      const r = results.get(t.enterpriseId);
      const outcome = r ? `<td class="${r.outcome}">${esc(r.outcome)}</td><td>${esc(r.findings)}<br><span class="muted">${esc(r.recordedAt)} · tx <code>${esc(r.txId)}</code></span></td>` : '<td>pending</td><td></td>';
      return `<tr><td><a href="/enterprises/${encodeURIComponent(t.enterpriseId)}/credit">${esc(t.enterpriseId)}</a></td><td>${t.grade}</td><td>${esc(t.inspectors.map((i) => i.name).join(', '))}</td>${outcome}</tr>`;
    })
    .join('');
}

function planSection(plan: PlanView): string {
  const draw = plan.draw
    ? `<p>Drawn ${esc(plan.draw.drawnAt)} from block ${plan.draw.seedBlock} (hash <code>${esc(plan.draw.seedBlockHash)}</code>), seed <code>${esc(plan.draw.seed)}</code>.</p>
<table><thead><tr><th>Target</th><th>Grade</th><th>Inspectors</th><th>Result</th><th>Findings</th></tr></thead><tbody>${targetRows(plan) || '<tr><td colspan="5">No target drawn.</td></tr>'}</tbody></table>`
    : `<p>Awaiting its draw: the seed is the hash of block ${plan.seedBlock}.</p>`;
  const ratios = plan.rules.ratioPercentByGrade;
  return `<section id="${esc(plan.id)}"><h2>${esc(plan.title)}</h2>
<p class="muted">Plan <a href="/inspections/plans/${esc(plan.id)}">${esc(plan.id)}</a>, recorded ${esc(plan.recordedAt)} in block ${plan.blockNumber} (tx <code>${esc(plan.txId)}</code>); rules ${esc(plan.rules.version)}: grade 1 ${ratios['1']}%, grade 2 ${ratios['2']}%, grade 3 ${ratios['3']}%, ${plan.rules.inspectorsPerTarget} inspectors per target; ${plan.targets.length} candidates, ${plan.inspectors.length} inspectors; items: ${esc(plan.items.map((i) => i.name).join('; '))}.</p>
${draw}</section>`;
}

/** The public list of inspection plans, draws and results (双随机、一公开). */
export function publicInspectionsPage(plans: readonly PlanView[]): string {
  const body = `<h1>双随机、一公开 · Random inspections</h1>
<p>Every plan is recorded on the ledger before its draw; the draw's seed is the hash of a later block, so anyone can re-run it (<code>npm run cli -- inspections verify-draw &lt;planId&gt;</code>).</p>
${plans.map(planSection).join('\n') || '<p>No inspection plans yet.</p>'}`;
  return htmlDocument({ title: 'Random inspections — Suyuan', style: CSS, body, lang: 'zh-CN' });
}

/** An enterprise's public credit record. */
export function creditPage(enterprise: { id: string; name: string }, entries: readonly CreditEntry[], grade: number | undefined): string {
  const rows = entries
    .map((e) => `<tr><td>${esc(e.at.slice(0, 10))}</td><td>${esc(KIND_LABELS[e.kind] ?? e.kind)}</td><td>${esc(e.summary)}</td><td><a href="${esc(e.link)}">${esc(e.id)}</a><br><span class="muted">block ${e.blockNumber}, tx <code>${esc(e.txId)}</code></span></td></tr>`)
    .join('');
  const gradeLine = grade === undefined ? 'Not graded yet.' : `Latest recorded risk grade: <strong>${grade}</strong> (1 = highest risk).`;
  const body = `<h1>信用记录 · Credit record</h1><h2>${esc(enterprise.name)} <span class="muted">(${esc(enterprise.id)})</span></h2><p>${gradeLine}</p>
<table id="credit"><thead><tr><th>Date</th><th>Record</th><th>Detail</th><th>Ledger record</th></tr></thead><tbody>${rows || '<tr><td colspan="4">No adverse records.</td></tr>'}</tbody></table>`;
  return htmlDocument({ title: `Credit record of ${enterprise.name} — Suyuan`, style: CSS, body, lang: 'zh-CN' });
}
