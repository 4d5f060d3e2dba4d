import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { AuthenticationError } from '../../http/errors';
import { findActiveKey } from './api-key-queries';

/** Resolves `Authorization: Bearer <key>` to a principal; a present but unknown key is 401. */
export function authenticate(knex: Knex): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) return next();
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return next(new AuthenticationError('Authorization must be "Bearer <api key>"'));
    const principal = await findActiveKey(knex, match[1]);
    if (!principal) return next(new AuthenticationError('Unknown or revoked API key'));
    res.locals.principal = principal;
    next();
  };
}
