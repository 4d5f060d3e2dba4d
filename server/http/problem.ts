import 'pino-http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { NotFoundError, PayloadTooLargeError, InputError, ServiceError } from './errors';

const TYPE_BASE = 'https://suyuan.dev/problems/';

function toServiceError(err: unknown): ServiceError | undefined {
  if (err instanceof ServiceError) return err;
  const e = err as { type?: string; status?: number; message?: string } | undefined;
  if (e?.type === 'entity.too.large') return new PayloadTooLargeError('Request body is larger than the configured limit');
  if (e?.type === 'entity.parse.failed') return new InputError(`Malformed JSON: ${e.message ?? ''}`, [{ path: '', message: 'not valid JSON' }]);
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new InputError(e.message ?? 'Unsupported encoding');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new ServiceError(e.message ?? 'Bad request', e.status, 'bad-request');
  return undefined;
}

/** The one place errors become RFC 7807 problem+json; unexpected ones are logged and answered 500 without details. */
export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = toServiceError(err);
  if (!known) req.log.error({ err }, 'unhandled error');
  const status = known?.status ?? 500;
  const body = {
    type: TYPE_BASE + (known?.type ?? 'internal-error'),
    title: known ? known.name.replace(/Error$/, '') : 'Internal Server Error',
    status,
    detail: known?.message ?? 'An unexpected error occurred; it has been logged.',
    instance: req.originalUrl,
    ...(known?.extra ?? {}),
  };
  if (res.headersSent) return;
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
};

/** 404 for any route nobody answered. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`No route for ${req.method} ${req.path}`));
};
