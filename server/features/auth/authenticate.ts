import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { AuthenticationError } from '../../http/errors';
import { findActiveKey } from './api-key-queries';
import { cookieOpens } from './browser-pages';
import { cookieValue, SESSION_COOKIE, sessionPrincipal } from './web-sessions';

/**
 * Resolves `Authorization: Bearer <key>` to a principal; a present but unknown key is 401. Without the
 * header, a browser session cookie (from the sign-in page) counts only on the HTML pages (`cookieOpens`),
 * so a cookie can open the regulator pages but never write nor call the JSON API; an expired or unknown
 * session is simply anonymous.
 */
export function authenticate(knex: Knex, clock: () => Date): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) {
      const token = cookieOpens(req) ? cookieValue(req.headers.cookie, SESSION_COOKIE) : undefined;
      const principal = token ? await sessionPrincipal(knex, token, clock()) : undefined;
      if (principal) {
        res.locals.principal = principal;
        res.setHeader('Cache-Control', 'private, no-store');
      }
      return next();
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return next(new AuthenticationError('Authorization must be "Bearer <api key>"'));
    const principal = await findActiveKey(knex, match[1]);
    if (!principal) return next(new AuthenticationError('Unknown or revoked API key'));
    res.locals.principal = principal;
    next();
  };
}
