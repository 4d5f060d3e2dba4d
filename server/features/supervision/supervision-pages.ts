import { html, htmlDocument, type SafeHtml } from '../../http/html';
import type { CreditEntry } from './credit-queries';
import type { PlanView } from './inspection-service';

const CSS =
  'body{font-family:system-ui,sans-serif;margin:1rem;max-width:70rem}table{border-collapse:collapse;margin:.5rem 0}' +
  'td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}' +
  'code{font-size:.8rem;word-break:break-all}.fail{background:#fdd}.pass{background:#e6f6e6}' +
  'section{border-top:2px solid #333;margin-top:1.5rem}.muted{color:#666}';

const KIND_LABELS: Readonly<Record<string, string>> = {
  'failed-inspection': '抽查不合格 Failed inspection',
  'late-incident-report': '事故迟报 Late incident report',
  recall: '召回 Recall',
  'non-conforming-spot-check': '标准抽查不符合 Non-conforming spot check',
  'below-recommended-declaration': '低于推荐性标准 Below recommended standard',
  'withdrawn-declaration': '撤回标准声明 Withdrawn declaration',
};

function targetRows(plan: PlanView): SafeHtml[] {
  const results = new Map(plan.results.map((r) => [r.enterpriseId, r]));
  return (plan.draw?.targets ?? []).map((t) => {
    const r = results.get(t.enterpriseId);
    const outcome = r
      ? html`<td class="${r.outcome}">${r.outcome}</td><td>${r.findings}<br><span class="muted">${r.recordedAt} · tx <code>${r.txId}</code></span></td>`
      : html`<td>pending</td><td></td>`;
    const credit = html`<a href="/enterprises/${encodeURIComponent(t.enterpriseId)}/credit">${t.enterpriseId}</a>`;
    return html`<tr><td>${credit}</td><td>${t.grade}</td><td>${t.inspectors.map((i) => i.name).join(', ')}</td>${outcome}</tr>`;
  });
}

function drawHtml(plan: PlanView): SafeHtml {
  if (!plan.draw) return html`<p>Awaiting its draw: the seed is the hash of block ${plan.seedBlock}.</p>`;
  const d = plan.draw;
  const rows = targetRows(plan);
  return html`<p>Drawn ${d.drawnAt} from block ${d.seedBlock} (hash <code>${d.seedBlockHash}</code>), seed <code>${d.seed}</code>.</p>
<table><thead><tr><th>Target</th><th>Grade</th><th>Inspectors</th><th>Result</th><th>Findings</th></tr></thead>
<tbody>${rows.length > 0 ? rows : html`<tr><td colspan="5">No target drawn.</td></tr>`}</tbody></table>`;
}

function planSection(plan: PlanView): SafeHtml {
  const rules = plan.rules;
  const ratios = rules.ratioPercentByGrade;
  const recorded = html`Plan <a href="/inspections/plans/${plan.id}">${plan.id}</a>, recorded ${plan.recordedAt} in block ${plan.blockNumber}
(tx <code>${plan.txId}</code>)`;
  return html`<section id="${plan.id}"><h2>${plan.title}</h2>
<p class="muted">${recorded}; rules ${rules.version}: grade 1 ${ratios['1']}%, grade 2 ${ratios['2']}%, grade 3 ${ratios['3']}%,
${rules.inspectorsPerTarget} inspectors per target; ${plan.targets.length} candidates, ${plan.inspectors.length} inspectors;
items: ${plan.items.map((i) => i.name).join('; ')}.</p>
${drawHtml(plan)}</section>
`;
}

/** The public list of inspection plans, draws and results (双随机、一公开). */
export function publicInspectionsPage(plans: readonly PlanView[]): string {
  const body = html`<h1>双随机、一公开 · Random inspections</h1>
<p>Every plan is recorded on the ledger before its draw; the draw's seed is the hash of a later block, so anyone can re-run it
(<code>npm run cli -- inspections verify-draw &lt;planId&gt;</code>).</p>
${plans.length > 0 ? plans.map(planSection) : html`<p>No inspection plans yet.</p>`}`;
  return htmlDocument({ title: 'Random inspections — Suyuan', style: CSS, body, lang: 'zh-CN' });
}

function creditRow(e: CreditEntry): SafeHtml {
  const ledger = html`<a href="${e.link}">${e.id}</a><br><span class="muted">block ${e.blockNumber}, tx <code>${e.txId}</code></span>`;
  return html`<tr><td>${e.at.slice(0, 10)}</td><td>${KIND_LABELS[e.kind] ?? e.kind}</td><td>${e.summary}</td><td>${ledger}</td></tr>`;
}

/** An enterprise's public credit record. */
export function creditPage(enterprise: { id: string; name: string }, entries: readonly CreditEntry[], grade: number | undefined): string {
  const gradeLine =
    grade === undefined ? html`Not graded yet.` : html`Latest recorded risk grade: <strong>${grade}</strong> (1 = highest risk).`;
  const rows = entries.length > 0 ? entries.map(creditRow) : html`<tr><td colspan="4">No adverse records.</td></tr>`;
  const body = html`<h1>信用记录 · Credit record</h1><h2>${enterprise.name} <span class="muted">(${enterprise.id})</span></h2><p>${gradeLine}</p>
<table id="credit"><thead><tr><th>Date</th><th>Record</th><th>Detail</th><th>Ledger record</th></tr></thead><tbody>${rows}</tbody></table>`;
  return htmlDocument({ title: `Credit record of ${enterprise.name} — Suyuan`, style: CSS, body, lang: 'zh-CN' });
}
