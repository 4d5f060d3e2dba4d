import { esc, htmlDocument } from '../../http/html';
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

function row(label: string, value: string | undefined): string {
  return value ? `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>` : '';
}

function recallNotice(tr: PublicTrace, lang: Lang): string {
  const notices = tr.recall.notices;
  const what = [tr.product.name, `GTIN ${tr.gtin}`, tr.lot ? `${t('lot', lang)} ${tr.lot}` : undefined].filter(Boolean).join(' · ');
  const product = `<p class="what-product">${esc(t('recalledProduct', lang))}: ${esc(what)}</p>`;
  const body = notices.map((n) => `<dl>${row(t('hazard', lang), n.hazard)}${row(t('consumerAction', lang), n.consumerAction)}${row(t('remedy', lang), n.remedy)}${row(t('contact', lang), n.contact)}${row(t('recallLots', lang), n.lots.join(', '))}${row(t('recallOpened', lang), n.issuedAt)}</dl>`).join('');
  return `<section id="recall-notice" role="alert" aria-live="assertive"><h2>${WARNING_ICON}<span>${esc(t('recallTitle', lang))}</span></h2>${product}${body}</section>`;
}

function inspectionLine(tr: PublicTrace, lang: Lang): string {
  const i = tr.inspection;
  if (!i) return '';
  const pill = `<span class="pill ${i.outcome === 'pass' ? 'good' : 'bad'}">${esc(t(i.outcome === 'pass' ? 'inspectionPass' : 'inspectionFail', lang))}</span>`;
  return `<p id="inspection" class="muted">${esc(t('inspection', lang))}: ${esc(i.date)} ${pill} <a href="/public/inspections#${encodeURIComponent(i.planId)}">${esc(i.planTitle)}</a></p>`;
}

function productCard(tr: PublicTrace, lang: Lang): string {
  const name = tr.product.name ?? `${t('unknownProduct', lang)} ${tr.gtin}`;
  const details = 'model' in tr.product ? [tr.product.specification, tr.product.model].filter(Boolean).join(' · ') : '';
  const ok = tr.recall.recalled ? '' : `<span class="ok">✓ ${esc(t('notRecalled', lang))}</span>`;
  return `<section class="card"><h1>${esc(name)}</h1>${details ? `<p class="muted">${esc(details)}</p>` : ''}<dl>${row(t('brandOwner', lang), tr.brandOwner?.name)}${row(t('gtin', lang), tr.gtin)}${row(t('lot', lang), tr.lot)}${row(t('serial', lang), tr.serial)}</dl>${inspectionLine(tr, lang)}${ok}</section>`;
}

function originRows(o: PublicOrigin, lang: Lang): string {
  const harvest = [...new Set([o.harvestStartDate, o.harvestEndDate].filter(Boolean))].join(' – ');
  return `${row(t('place', lang), placeText(o, lang))}${row(t('harvestDate', lang), harvest || undefined)}${row(t('productionDate', lang), o.productionDate)}${row(t('expiryDate', lang), o.expiryDate)}${row(t('bestBefore', lang), o.bestBeforeDate)}`;
}

function originCard(tr: PublicTrace, lang: Lang): string {
  if (!tr.origin && tr.rawMaterials.length === 0) return '';
  const own = tr.origin ? `<dl>${originRows(tr.origin, lang)}${row(t('lot', lang), tr.lot)}</dl>` : '';
  const raw = tr.rawMaterials.map((o) => `<dl>${originRows(o, lang)}</dl>`).join('');
  return `<section class="card"><h2>${esc(t('origin', lang))}</h2>${own}${raw ? `<h2 style="margin-top:14px">${esc(t('rawMaterial', lang))}</h2>${raw}` : ''}</section>`;
}

function journeyCard(tr: PublicTrace, lang: Lang): string {
  if (tr.level === 'gtin') return '';
  const items = tr.journey.map((s) => `<li><div class="when">${esc(s.date)}</div><div class="what">${esc(stepLabel(s.step, lang))}</div><div>${esc(placeText(s, lang))}</div></li>`).join('');
  return `<section class="card"><h2>${esc(t('journey', lang))}</h2>${items ? `<ol class="timeline">${items}</ol>` : `<p class="muted">${esc(t('noJourney', lang))}</p>`}</section>`;
}

function indicatorTable(list: PublicStandard['indicators'], heading: string, lang: Lang): string {
  if (list.length === 0) return '';
  const rows = list.map((i) => `<tr><td>${esc(i.name)}</td><td>${esc(i.value)}${i.unit ? ` ${esc(i.unit)}` : ''}</td><td>${esc(i.testMethod)}</td></tr>`).join('');
  return `<p class="muted">${esc(heading)}</p><table><thead><tr><th>${esc(t('indicator', lang))}</th><th>${esc(t('value', lang))}</th><th>${esc(t('testMethod', lang))}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function supervisionList(s: PublicStandard, lang: Lang): string {
  if (s.supervision.length === 0) return `<p class="muted">${esc(t('supervision', lang))}: ${esc(t('noSupervision', lang))}</p>`;
  const items = s.supervision.map((c) => `<li>${esc(c.date)} <span class="pill ${c.result === 'conforming' ? 'good' : 'bad'}">${esc(t(c.result === 'conforming' ? 'conforming' : 'nonConforming', lang))}</span> ${esc(c.notes)}</li>`).join('');
  return `<p class="muted">${esc(t('supervision', lang))}</p><ul>${items}</ul>`;
}

function standardBlock(s: PublicStandard, lang: Lang): string {
  const safety = s.indicators.filter((i) => i.kind === 'safety' || i.kind === 'health' || i.kind === 'environment');
  const other = s.indicators.filter((i) => !safety.includes(i));
  const below = s.belowRecommended ? `<p class="warn">${esc(t('belowRecommended', lang))}: ${esc(s.belowRecommendedExplanation)}</p>` : '';
  return `<div class="std"><div class="what">${esc(s.number)} ${esc(s.name)}</div><div class="muted">${esc(t('effective', lang))} ${esc(s.effectiveDate)} · v${esc(s.version)}</div>${below}${indicatorTable(other, t('otherIndicators', lang), lang)}${indicatorTable(safety, t('safetyIndicators', lang), lang)}${supervisionList(s, lang)}</div>`;
}

function standardsCard(tr: PublicTrace, lang: Lang): string {
  const body = tr.standards.length ? tr.standards.map((s) => standardBlock(s, lang)).join('') : `<p class="muted">${esc(t('noStandards', lang))}</p>`;
  return `<section class="card"><h2>${esc(t('standards', lang))}</h2>${body}</section>`;
}

function ledgerCard(tr: PublicTrace, lang: Lang): string {
  const items = tr.ledger.proofs.map((p) => `<li><span class="what">${esc(t(`proof_${p.kind}`, lang))}</span> · ${esc(t('block', lang))} ${esc(p.blockNumber)} · <a href="/ledger/tx/${encodeURIComponent(p.txId)}"><code>${esc(p.txId.slice(0, 12))}…</code></a></li>`).join('');
  return `<section class="card" id="ledger"><h2>${esc(t('ledger', lang))}</h2><p class="muted">${esc(t('ledgerIntro', lang))}</p><ul class="proofs">${items}</ul><p><a href="/ledger/verify">${esc(t('verify', lang))} →</a></p></section>`;
}

function reportCard(tr: PublicTrace, ctx: PageContext): string {
  const { lang } = ctx;
  if (ctx.reported) return `<section class="card" id="report"><h2>${esc(t('report', lang))}</h2><p class="thanks">${esc(t('thanks', lang))}</p></section>`;
  return `<section class="card" id="report"><h2>${esc(t('report', lang))}</h2><p class="muted">${esc(t('reportIntro', lang))}</p><form method="post" action="/complaints"><input type="hidden" name="subjectId" value="${esc(tr.id)}"><input type="hidden" name="lang" value="${esc(lang)}"><label for="message">${esc(t('message', lang))}</label><textarea id="message" name="message" rows="3" required minlength="5" maxlength="2000"></textarea><label for="contact">${esc(t('yourContact', lang))}</label><input type="text" id="contact" name="contact" maxlength="200" autocomplete="tel"><button type="submit">${esc(t('send', lang))}</button></form></section>`;
}

/** The top bar with the language switch (a plain link: no script needed). */
function topBar(lang: Lang, path: string, heading: string): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const link = `<a href="${esc(path)}?lang=${other}" hreflang="${other}" lang="${other === 'zh' ? 'zh-CN' : 'en'}">${esc(t('switchTo', lang))}</a>`;
  return `<header class="bar"><span class="brand">${esc(heading)}</span>${link}</header>`;
}

/** The whole HTML document around `body`, with the footer. */
function consumerDocument(lang: Lang, title: string, body: string): string {
  return htmlDocument({ lang: lang === 'zh' ? 'zh-CN' : 'en', title, style: PAGE_CSS, body: `${body}<footer>${esc(t('footer', lang))}</footer>` });
}

/** The consumer page of a trace: recall notice first (when any), then product, origin, journey, standards, ledger, report form. */
export function renderConsumerPage(tr: PublicTrace, ctx: PageContext): string {
  const { lang } = ctx;
  const recall = tr.recall.recalled ? recallNotice(tr, lang) : '';
  const bar = topBar(lang, ctx.path, `溯源 Suyuan · ${t('title', lang)}`);
  const main = `<main>${productCard(tr, lang)}${originCard(tr, lang)}${journeyCard(tr, lang)}${standardsCard(tr, lang)}${ledgerCard(tr, lang)}${reportCard(tr, ctx)}</main>`;
  const title = `${tr.product.name ?? tr.gtin}${tr.lot ? ` · ${tr.lot}` : ''} — ${t('title', lang)}`;
  return consumerDocument(lang, title, `${recall}${bar}${main}`);
}

/** A small page for a link that cannot be resolved (400) or a product not known here (404). */
export function renderErrorPage(lang: Lang, status: 400 | 404, detail: string, path: string): string {
  const title = t(status === 400 ? 'errorTitle' : 'notFoundTitle', lang);
  const text = status === 400 ? `${t('badLinkText', lang)}: ${detail}` : t('notFoundText', lang);
  const body = `${topBar(lang, path, '溯源 Suyuan')}<main><section class="card"><h1>${esc(title)}</h1><p>${esc(text)}</p></section></main>`;
  return consumerDocument(lang, title, body);
}
