import 'pino-http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { BusyError, NotFoundError, PayloadTooLargeError, InputError, ServiceError } from './errors';

/** Where problem types live: `type` is this plus the problem's name. */
export const TYPE_BASE = 'https://suyuan.dev/problems/';

interface HttpErrorLike {
  readonly type?: string;
  readonly status?: number;
  readonly message?: string;
}

// body-parser marks its failures with a `type`; these are the client's fault.
function bodyParserError(e: HttpErrorLike): ServiceError | undefined {
  switch (e.type) {
    case 'entity.too.large':
      return new PayloadTooLargeError('Request body is larger than the configured limit');
    case 'entity.parse.failed':
      return new InputError(`Malformed JSON: ${e.message ?? ''}`, [{ path: '', message: 'not valid JSON' }]);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new InputError(e.message ?? 'Unsupported encoding');
    default:
      return undefined;
  }
}

function clientError(e: HttpErrorLike): ServiceError | undefined {
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
    return new ServiceError(e.message ?? 'Bad request', e.status, 'bad-request');
  return undefined;
}

function toServiceError(err: unknown): ServiceError | undefined {
  if (err instanceof ServiceError) return err;
  if (err === undefined || err === null) return undefined;
  const e = err as HttpErrorLike;
  return bodyParserError(e) ?? clientError(e);
}

function problemBody(known: ServiceError | undefined, instance: string): Record<string, unknown> {
  if (!known)
    return {
      type: `${TYPE_BASE}internal-error`,
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred; it has been logged.',
      instance,
    };
  return {
    type: TYPE_BASE + known.type,
    title: known.name.replace(/Error$/, ''),
    status: known.status,
    detail: known.message,
    instance,
    ...known.extra,
  };
}

/** The one place errors become RFC 7807 problem+json; unexpected ones are logged and answered 500 without details. */
export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = toServiceError(err);
  if (!known) req.log.error({ err }, 'unhandled error');
  const body = problemBody(known, req.originalUrl);
  if (res.headersSent) return;
  if (known instanceof BusyError) res.setHeader('Retry-After', String(known.retryAfterSeconds));
  res
    .status(known?.status ?? 500)
    .type('application/problem+json')
    .send(JSON.stringify(body));
};

/** 404 for any route nobody answered. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`No route for ${req.method} ${req.path}`));
};
