import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps';
import { ServiceError } from '../../http/errors';
import { z, type OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { findActiveKey } from './api-key-queries';
import { principalOf } from './principal';
import { sameOriginPosts } from './same-origin';
import { signedInPage, signInForm } from './sign-in-page';
import { SignInThrottle } from './sign-in-throttle';
import { closeWebSession, cookieValue, openWebSession, SESSION_COOKIE } from './web-sessions';

/** The window in which SIGN_IN_MAX_FAILURES failed sign-ins are counted. */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** How much of a submitted key is counted as its prefix: `sy_` and five random characters. */
const KEY_PREFIX_LENGTH = 8;

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

const tags = ['auth'];
const html = { schema: z.string().describe('an HTML document'), contentTypes: ['text/html'] };

/** Browser sign-in for the regulator pages: an API key, checked once, opens a cookie session for reading. */
export function signInRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const secure = deps.config.PUBLIC_BASE_URL.startsWith('https:');
  const maxAge = deps.config.WEB_SESSION_MINUTES * 60_000;
  const cookie = { httpOnly: true, sameSite: 'lax', secure, path: '/' } as const;
  const throttle = new SignInThrottle({ limit: deps.config.SIGN_IN_MAX_FAILURES, windowMs: SIGN_IN_WINDOW_MS, clock: deps.clock });
  const router = Router();
  router.post(['/sign-in', '/sign-out'], sameOriginPosts(deps.config.PUBLIC_BASE_URL));
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/sign-in',
      tags,
      summary: 'Browser sign-in form (or, when signed in, the pages this key may open)',
      responses: { 200: { description: 'HTML', ...html } },
    },
    (c) => {
      const principal = principalOf(c.res);
      c.res.setHeader('Cache-Control', 'no-store');
      c.res.type('html').send(principal ? signedInPage(principal) : signInForm(safeNext(c.req.query.next)));
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/sign-in',
      tags,
      summary: 'Exchange an API key for a browser session cookie (HttpOnly, SameSite=Lax) that opens the HTML pages only',
      description:
        'Refused (403) when Origin, or Referer without Origin, names another site. After SIGN_IN_MAX_FAILURES failed attempts in 15 minutes from one client address, or for one key prefix (its first 8 characters), answers 429 with Retry-After until the window ends.',
      request: { body: { schema: signInBody, contentTypes: ['application/x-www-form-urlencoded'] } },
      responses: {
        303: {
          description: 'Signed in; back to `next`',
          headers: { Location: 'next, a same-site path', 'Set-Cookie': 'the session cookie' },
        },
        400: { description: 'HTML form: no key entered', ...html },
        401: { description: 'HTML form: unknown or revoked key', ...html },
      },
      errors: [403, 429],
      errorNotes: { 403: 'Cross-site post', 429: 'Too many failed sign-ins (Retry-After)' },
    },
    async (c) => {
      const { req, res } = c;
      // Parsed here rather than by the route: a bad form answers the form again (HTML), not problem+json.
      const parsed = signInBody.safeParse(req.body);
      const next = safeNext(parsed.success ? parsed.data.next : undefined);
      const counted = parsed.success ? [`address:${req.ip ?? ''}`, `key:${parsed.data.apiKey.slice(0, KEY_PREFIX_LENGTH)}`] : [];
      const wait = throttle.retryAfterSeconds(counted);
      if (wait > 0) {
        res.setHeader('Retry-After', String(wait));
        throw new ServiceError(
          `Too many failed sign-ins from this address or for this key; try again in ${wait} s`,
          429,
          'too-many-requests',
          { retryAfterSeconds: wait },
        );
      }
      const principal = parsed.success ? await findActiveKey(deps.knex, parsed.data.apiKey) : undefined;
      res.setHeader('Cache-Control', 'no-store');
      if (!principal) {
        throttle.fail(counted);
        res
          .status(parsed.success ? 401 : 400)
          .type('html')
          .send(signInForm(next, parsed.success ? 'Unknown or revoked API key.' : 'Enter an API key.'));
        return;
      }
      const token = await openWebSession(deps.knex, principal.keyId, deps.clock(), maxAge);
      res.cookie(SESSION_COOKIE, token, { ...cookie, maxAge }).redirect(303, next);
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/sign-out',
      tags,
      summary: 'End the browser session (403 for a cross-site post)',
      responses: { 303: { description: 'Signed out; to /sign-in', headers: { Location: '/sign-in' } } },
      errors: [403],
      errorNotes: { 403: 'Cross-site post' },
    },
    async (c) => {
      const token = cookieValue(c.req.headers.cookie, SESSION_COOKIE);
      if (token) await closeWebSession(deps.knex, token);
      c.res.clearCookie(SESSION_COOKIE, cookie).redirect(303, '/sign-in');
    },
  );
  return router;
}
