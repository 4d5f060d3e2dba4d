import { html, htmlDocument, trustedHtml, type SafeHtml } from '../../http/html';
import { stepLabel, t, type Lang } from './i18n';
import { PAGE_CSS, WARNING_ICON } from './page-style';
import type { PublicStandard } from './public-declarations';
import type { PublicOrigin, PublicPlace } from './public-projection';
import type { PublicTrace } from './public-trace-service';

/** What the page needs besides the trace. */
export interface PageContext {
  readonly lang: Lang;
  /** Path of this page on the resolver (`/01/…`), for the language switch and the form. */
  readonly path: string;
  readonly reported: boolean;
}

function placeText(p: PublicPlace, lang: Lang): string {
  const parts = [p.province, p.city].filter((x): x is string => Boolean(x));
  const unique = parts.filter((x, i) => parts.indexOf(x) === i);
  if (unique.length === 0) return t('unknownCity', lang);
  return lang === 'zh' ? unique.join(' ') : [...unique].reverse().join(', ');
}

function row(label: string, value: string | undefined): SafeHtml | undefined {
  return value ? html`<dt>${label}</dt><dd>${value}</dd>` : undefined;
}

function recallNotice(tr: PublicTrace, lang: Lang): SafeHtml {
  const what = [tr.product.name, `GTIN ${tr.gtin}`, tr.lot ? `${t('lot', lang)} ${tr.lot}` : undefined].filter(Boolean).join(' · ');
  const notices = tr.recall.notices.map(
    (n) => html`<dl>
${row(t('hazard', lang), n.hazard)}${row(t('consumerAction', lang), n.consumerAction)}
${row(t('remedy', lang), n.remedy)}${row(t('contact', lang), n.contact)}
${row(t('recallLots', lang), n.lots.join(', '))}${row(t('recallOpened', lang), n.issuedAt)}
</dl>`,
  );
  return html`<section id="recall-notice" role="alert" aria-live="assertive">
<h2>${trustedHtml(WARNING_ICON)}<span>${t('recallTitle', lang)}</span></h2>
<p class="what-product">${t('recalledProduct', lang)}: ${what}</p>
${notices}
</section>`;
}

function inspectionLine(tr: PublicTrace, lang: Lang): SafeHtml | undefined {
  const i = tr.inspection;
  if (!i) return undefined;
  const pass = i.outcome === 'pass';
  const pill = html`<span class="pill ${pass ? 'good' : 'bad'}">${t(pass ? 'inspectionPass' : 'inspectionFail', lang)}</span>`;
  const plan = html`<a href="/public/inspections#${encodeURIComponent(i.planId)}">${i.planTitle}</a>`;
  return html`<p id="inspection" class="muted">${t('inspection', lang)}: ${i.date} ${pill} ${plan}</p>`;
}

function productCard(tr: PublicTrace, lang: Lang): SafeHtml {
  const name = tr.product.name ?? `${t('unknownProduct', lang)} ${tr.gtin}`;
  const details = 'model' in tr.product ? [tr.product.specification, tr.product.model].filter(Boolean).join(' · ') : '';
  return html`<section class="card">
<h1>${name}</h1>
${details && html`<p class="muted">${details}</p>`}
<dl>
${row(t('brandOwner', lang), tr.brandOwner?.name)}${row(t('gtin', lang), tr.gtin)}
${row(t('lot', lang), tr.lot)}${row(t('serial', lang), tr.serial)}
</dl>
${inspectionLine(tr, lang)}
${!tr.recall.recalled && html`<span class="ok">✓ ${t('notRecalled', lang)}</span>`}
</section>`;
}

function originRows(o: PublicOrigin, lang: Lang): SafeHtml {
  const harvest = [...new Set([o.harvestStartDate, o.harvestEndDate].filter(Boolean))].join(' – ');
  return html`${row(t('place', lang), placeText(o, lang))}${row(t('harvestDate', lang), harvest || undefined)}
${row(t('productionDate', lang), o.productionDate)}${row(t('expiryDate', lang), o.expiryDate)}
${row(t('bestBefore', lang), o.bestBeforeDate)}`;
}

function originCard(tr: PublicTrace, lang: Lang): SafeHtml | undefined {
  if (!tr.origin && tr.rawMaterials.length === 0) return undefined;
  const own = tr.origin && html`<dl>${originRows(tr.origin, lang)}${row(t('lot', lang), tr.lot)}</dl>`;
  const raw = tr.rawMaterials.map((o) => html`<dl>${originRows(o, lang)}</dl>`);
  return html`<section class="card">
<h2>${t('origin', lang)}</h2>
${own}
${raw.length > 0 && html`<h2 style="margin-top:14px">${t('rawMaterial', lang)}</h2>${raw}`}
</section>`;
}

function journeyCard(tr: PublicTrace, lang: Lang): SafeHtml | undefined {
  if (tr.level === 'gtin') return undefined;
  const items = tr.journey.map(
    (s) => html`<li>
<div class="when">${s.date}</div><div class="what">${stepLabel(s.step, lang)}</div><div>${placeText(s, lang)}</div>
</li>`,
  );
  const list = items.length ? html`<ol class="timeline">${items}</ol>` : html`<p class="muted">${t('noJourney', lang)}</p>`;
  return html`<section class="card"><h2>${t('journey', lang)}</h2>
${list}
</section>`;
}

function indicatorTable(list: PublicStandard['indicators'], heading: string, lang: Lang): SafeHtml | undefined {
  if (list.length === 0) return undefined;
  const rows = list.map((i) => html`<tr><td>${i.name}</td><td>${i.value}${i.unit && ` ${i.unit}`}</td><td>${i.testMethod}</td></tr>`);
  return html`<p class="muted">${heading}</p>
<table>
<thead><tr><th>${t('indicator', lang)}</th><th>${t('value', lang)}</th><th>${t('testMethod', lang)}</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

function supervisionList(s: PublicStandard, lang: Lang): SafeHtml {
  if (s.supervision.length === 0) return html`<p class="muted">${t('supervision', lang)}: ${t('noSupervision', lang)}</p>`;
  const items = s.supervision.map((c) => {
    const good = c.result === 'conforming';
    const pill = html`<span class="pill ${good ? 'good' : 'bad'}">${t(good ? 'conforming' : 'nonConforming', lang)}</span>`;
    return html`<li>${c.date} ${pill} ${c.notes}</li>`;
  });
  return html`<p class="muted">${t('supervision', lang)}</p><ul>${items}</ul>`;
}

function standardBlock(s: PublicStandard, lang: Lang): SafeHtml {
  const safety = s.indicators.filter((i) => i.kind === 'safety' || i.kind === 'health' || i.kind === 'environment');
  const other = s.indicators.filter((i) => !safety.includes(i));
  const below = s.belowRecommended && html`<p class="warn">${t('belowRecommended', lang)}: ${s.belowRecommendedExplanation}</p>`;
  return html`<div class="std">
<div class="what">${s.number} ${s.name}</div>
<div class="muted">${t('effective', lang)} ${s.effectiveDate} · v${s.version}</div>
${below}
${indicatorTable(other, t('otherIndicators', lang), lang)}
${indicatorTable(safety, t('safetyIndicators', lang), lang)}
${supervisionList(s, lang)}
</div>`;
}

function standardsCard(tr: PublicTrace, lang: Lang): SafeHtml {
  const body = tr.standards.length ? tr.standards.map((s) => standardBlock(s, lang)) : html`<p class="muted">${t('noStandards', lang)}</p>`;
  return html`<section class="card"><h2>${t('standards', lang)}</h2>
${body}
</section>`;
}

function ledgerCard(tr: PublicTrace, lang: Lang): SafeHtml {
  const items = tr.ledger.proofs.map((p) => {
    const tx = html`<a href="/ledger/tx/${encodeURIComponent(p.txId)}"><code>${p.txId.slice(0, 12)}…</code></a>`;
    return html`<li><span class="what">${t(`proof_${p.kind}`, lang)}</span> · ${t('block', lang)} ${p.blockNumber} · ${tx}</li>`;
  });
  return html`<section class="card" id="ledger">
<h2>${t('ledger', lang)}</h2>
<p class="muted">${t('ledgerIntro', lang)}</p>
<ul class="proofs">${items}</ul>
<p><a href="/ledger/verify">${t('verify', lang)} →</a></p>
</section>`;
}

function reportForm(tr: PublicTrace, lang: Lang): SafeHtml {
  return html`<form method="post" action="/complaints">
<input type="hidden" name="subjectId" value="${tr.id}"><input type="hidden" name="lang" value="${lang}">
<label for="message">${t('message', lang)}</label>
<textarea id="message" name="message" rows="3" required minlength="5" maxlength="2000"></textarea>
<label for="contact">${t('yourContact', lang)}</label>
<input type="text" id="contact" name="contact" maxlength="200" autocomplete="tel">
<button type="submit">${t('send', lang)}</button>
</form>`;
}

function reportCard(tr: PublicTrace, ctx: PageContext): SafeHtml {
  const { lang } = ctx;
  const content = ctx.reported
    ? html`<p class="thanks">${t('thanks', lang)}</p>`
    : html`<p class="muted">${t('reportIntro', lang)}</p>
${reportForm(tr, lang)}`;
  return html`<section class="card" id="report"><h2>${t('report', lang)}</h2>
${content}
</section>`;
}

/** The top bar with the language switch (a plain link: no script needed). */
function topBar(lang: Lang, path: string, heading: string): SafeHtml {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const link = html`<a href="${path}?lang=${other}" hreflang="${other}" lang="${other === 'zh' ? 'zh-CN' : 'en'}">${t('switchTo', lang)}</a>`;
  return html`<header class="bar"><span class="brand">${heading}</span>${link}</header>`;
}

/** The whole HTML document around `body`, with the footer. */
function consumerDocument(lang: Lang, title: string, body: SafeHtml): string {
  const footer = html`<footer>${t('footer', lang)}</footer>`;
  return htmlDocument({
    lang: lang === 'zh' ? 'zh-CN' : 'en',
    title,
    style: PAGE_CSS,
    body: html`${body}
${footer}`,
  });
}

/** The consumer page of a trace: recall notice first (when any), then product, origin, journey, standards, ledger, report form. */
export function renderConsumerPage(tr: PublicTrace, ctx: PageContext): string {
  const { lang } = ctx;
  const recall = tr.recall.recalled && recallNotice(tr, lang);
  const bar = topBar(lang, ctx.path, `溯源 Suyuan · ${t('title', lang)}`);
  const title = `${tr.product.name ?? tr.gtin}${tr.lot ? ` · ${tr.lot}` : ''} — ${t('title', lang)}`;
  return consumerDocument(
    lang,
    title,
    html`${recall}${bar}<main>
${productCard(tr, lang)}
${originCard(tr, lang)}
${journeyCard(tr, lang)}
${standardsCard(tr, lang)}
${ledgerCard(tr, lang)}
${reportCard(tr, ctx)}
</main>`,
  );
}

/** A small page for a link that cannot be resolved (400) or a product not known here (404). */
export function renderErrorPage(lang: Lang, status: 400 | 404, detail: string, path: string): string {
  const title = t(status === 400 ? 'errorTitle' : 'notFoundTitle', lang);
  const text = status === 400 ? `${t('badLinkText', lang)}: ${detail}` : t('notFoundText', lang);
  const main = html`<main><section class="card"><h1>${title}</h1><p>${text}</p></section></main>`;
  return consumerDocument(lang, title, html`${topBar(lang, path, '溯源 Suyuan')}${main}`);
}
