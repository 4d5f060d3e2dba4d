import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps';
import { z, type OpenAPIRegistry } from '../../http/openapi';
import { findActiveKey } from './api-key-queries';
import { principalOf } from './principal';
import { signedInPage, signInForm } from './sign-in-page';
import { closeWebSession, cookieValue, openWebSession, SESSION_COOKIE } from './web-sessions';

const signInBody = z.object({ apiKey: z.string().trim().min(1).max(200), next: z.string().max(2000).optional() });

/** A same-site path to return to after signing in; anything else (other hosts, `//host`, `/\host`) goes home. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) && !/[\\\r\n]/.test(next) ? next : '/sign-in';
}

/** Sends a browser that asked for a page without a session to the sign-in form; true when it did. */
export function redirectToSignIn(req: Request, res: Response): boolean {
  if (principalOf(res) || req.accepts(['json', 'html']) !== 'html') return false;
  res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
  return true;
}

function document(registry: OpenAPIRegistry): void {
  registry.registerPath({ method: 'get', path: '/sign-in', tags: ['auth'], summary: 'Browser sign-in form (or, when signed in, the pages this key may open)', responses: { 200: { description: 'HTML' } } });
  registry.registerPath({ method: 'post', path: '/sign-in', tags: ['auth'], summary: 'Exchange an API key for a browser session cookie (HttpOnly, SameSite=Lax) that opens GET pages only', request: { body: { content: { 'application/x-www-form-urlencoded': { schema: signInBody } } } }, responses: { 303: { description: 'Signed in; back to `next`' }, 400: { description: 'HTML form: no key entered' }, 401: { description: 'HTML form: unknown or revoked key' } } });
  registry.registerPath({ method: 'post', path: '/sign-out', tags: ['auth'], summary: 'End the browser session', responses: { 303: { description: 'Signed out' } } });
}

/** Browser sign-in for the regulator pages: an API key, checked once, opens a cookie session for reading. */
export function signInRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  document(registry);
  const secure = deps.config.PUBLIC_BASE_URL.startsWith('https:');
  const maxAge = deps.config.WEB_SESSION_MINUTES * 60_000;
  const cookie = { httpOnly: true, sameSite: 'lax', secure, path: '/' } as const;
  const router = Router();
  router.get('/sign-in', (req, res) => {
    const principal = principalOf(res);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(principal ? signedInPage(principal) : signInForm(safeNext(req.query.next)));
  });
  router.post('/sign-in', async (req, res) => {
    const parsed = signInBody.safeParse(req.body);
    const next = safeNext(parsed.success ? parsed.data.next : undefined);
    const principal = parsed.success ? await findActiveKey(deps.knex, parsed.data.apiKey) : undefined;
    res.setHeader('Cache-Control', 'no-store');
    if (!principal) {
      res.status(parsed.success ? 401 : 400).type('html').send(signInForm(next, parsed.success ? 'Unknown or revoked API key.' : 'Enter an API key.'));
      return;
    }
    const token = await openWebSession(deps.knex, principal.keyId, deps.clock(), maxAge);
    res.cookie(SESSION_COOKIE, token, { ...cookie, maxAge }).redirect(303, next);
  });
  router.post('/sign-out', async (req, res) => {
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (token) await closeWebSession(deps.knex, token);
    res.clearCookie(SESSION_COOKIE, cookie).redirect(303, '/sign-in');
  });
  return router;
}
