import { decodeRuleFailure, type RuleCode, type RuleFailure } from '../../chaincode/src/core/errors';
/** One field at fault in a request, as `path` (dot/bracket path into the input) and what is wrong. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** Base of every error the service answers deliberately; `status` and `type` become problem+json. */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly type: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** For a rule failure inside a batch, the position of the item at fault (eventList index). */
  itemIndex?: number;
}

/** 400: the request is malformed; `errors` names each field at fault. */
export class InputError extends ServiceError {
  constructor(
    message: string,
    readonly errors: readonly FieldError[] = [],
    extra: Record<string, unknown> = {},
  ) {
    super(message, 400, 'validation-error', { errors, ...extra });
  }
}

/** 401: no or unknown API key. */
export class AuthenticationError extends ServiceError {
  constructor(message = 'A valid API key is required (Authorization: Bearer <key>)') {
    super(message, 401, 'unauthenticated');
  }
}

/** 403: the caller is known but may not do this. */
export class ForbiddenError extends ServiceError {
  constructor(message: string) {
    super(message, 403, 'forbidden');
  }
}

/** 404: no such record. */
export class NotFoundError extends ServiceError {
  constructor(message: string) {
    super(message, 404, 'not-found');
  }
}

/** 409: the record exists already or the state does not allow the change. */
export class ConflictError extends ServiceError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message, 409, 'conflict', extra);
  }
}

/** 413: the body or the document is larger than the configured limit. */
export class PayloadTooLargeError extends ServiceError {
  constructor(message: string) {
    super(message, 413, 'payload-too-large');
  }
}

/** 503: the ledger or the database cannot be reached. */
export class UnavailableError extends ServiceError {
  constructor(message: string) {
    super(message, 503, 'unavailable');
  }
}

/**
 * 503: a transaction was submitted but whether it committed is not known (its commit status could not
 * be read in time); `txId` finds it on the ledger later. Never a success or a failure by default.
 */
export class CommitUnknownError extends ServiceError {
  constructor(
    message: string,
    readonly txId: string,
  ) {
    super(message, 503, 'commit-status-unknown', { txId });
  }
}

const ledgerCodes: Readonly<Record<RuleCode, (m: string) => ServiceError>> = {
  NOT_FOUND: (m) => new NotFoundError(m),
  FORBIDDEN: (m) => new ForbiddenError(m),
  CONFLICT: (m) => new ConflictError(m),
  INVALID: (m) => new InputError(m),
};

/** Maps a rule failure that crossed the ledger to the service's typed error; a batch item's index rides along. */
export function fromRuleFailure(failure: RuleFailure): ServiceError {
  const where = failure.index === undefined ? '' : `eventList[${failure.index}]`;
  const err = ledgerCodes[failure.code](where === '' || failure.detail.startsWith(where) ? failure.detail : `${where}: ${failure.detail}`);
  if (failure.index !== undefined) err.itemIndex = failure.index;
  return err;
}

/** The one place a ledger's error text is decoded: the rule failure inside it, as the service's typed error. */
export function fromLedgerMessage(message: string): ServiceError | undefined {
  const failure = decodeRuleFailure(message);
  return failure && fromRuleFailure(failure);
}

/** 503: the service is at its configured limit for this kind of work; try again after `retryAfterSeconds`. */
export class BusyError extends ServiceError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, 503, 'busy', { retryAfterSeconds });
  }
}
