import { html, htmlDocument, type SafeHtml } from '../../http/html';
import type { Principal } from './principal';

const STYLE =
  'body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f5}' +
  'main{max-width:34rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #ddd;border-radius:8px}' +
  'label{display:block;margin:.8rem 0 .2rem;font-weight:600}input,select{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}' +
  'button{margin-top:1rem;padding:.5rem 1.2rem;font:inherit;background:#0b6b3a;color:#fff;border:0;border-radius:6px}' +
  '.error{color:#b3261e;font-weight:600}ul{padding-left:1.2rem}form.inline{display:inline}form.inline button{background:#666}';

function page(title: string, body: SafeHtml): string {
  return htmlDocument({ title: `${title} — Suyuan`, style: STYLE, body: html`<main><h1>${title}</h1>${body}</main>` });
}

/** The sign-in form: an API key opens a browser session for the regulator pages. */
export function signInForm(next: string, error?: string): string {
  return page(
    'Sign in',
    html`<p>Sign in with your Suyuan API key to open the trace view and the regulator pages in this browser.
The key is checked once; the browser keeps only a session cookie.</p>
${error && html`<p class="error" role="alert">${error}</p>`}
<form method="post" action="/sign-in"><input type="hidden" name="next" value="${next}">
<label for="apiKey">API key</label><input id="apiKey" name="apiKey" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`,
  );
}

const DIRECTIONS = html`<option value="both">both</option><option value="forward">forward (where it went)</option>
<option value="backward">backward (where it came from)</option>`;

/** What a signed-in browser can open: a trace by identifier, and the pages its role may read. */
export function signedInPage(principal: Principal): string {
  const regulator = principal.role === 'regulator' || principal.role === 'admin';
  const who = html`<b>${principal.name}</b> (${principal.role}${principal.enterpriseId && `, ${principal.enterpriseId}`})`;
  return page(
    'Suyuan',
    html`<p>Signed in as ${who}.</p>
<form method="get" action="/trace/view">
<label for="id">Trace an identifier (Digital Link, EPC URN or lot)</label><input id="id" name="id" required placeholder="https://id.gs1.org/01/…/10/…">
<label for="direction">Direction</label><select id="direction" name="direction">${DIRECTIONS}</select>
<button type="submit">Open the trace</button></form>
<ul>${regulator && html`<li><a href="/regulator/incidents">Incident reports, overdue first</a></li>`}
<li><a href="/recalls">Recall notices</a></li><li><a href="/docs">API documentation</a></li></ul>
<form class="inline" method="post" action="/sign-out"><button type="submit">Sign out</button></form>`,
  );
}
