import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, CommitStatusError, EndorseError, GatewayError } from '@hyperledger/fabric-gateway';
import { CommitUnknownError, ConflictError, ForbiddenError, fromLedgerMessage, ServiceError, UnavailableError } from '../../http/errors';

/** The chaincode's rule failure in a gateway error's per-peer details or its message, as the service's error. */
export function ruleFailureOf(err: GatewayError | Error): ServiceError | undefined {
  const texts = [
    ...('details' in err && Array.isArray(err.details) ? err.details.map((d: { message: string }) => d.message) : []),
    err.message,
  ];
  for (const text of texts) {
    const mapped = fromLedgerMessage(text);
    if (mapped) return mapped;
  }
  return undefined;
}

const REFUSED = new Set<number>([GrpcStatus.PERMISSION_DENIED, GrpcStatus.UNAUTHENTICATED]);

function byGrpcCode(err: GatewayError, what: string): ServiceError {
  const detail = [err.message, ...err.details.map((d) => `${d.mspId}@${d.address}: ${d.message}`)].join('; ');
  // A peer that refuses the creator answers the gateway ABORTED with "access denied" in its detail.
  const denied = err.details.some((d) => d.message.includes('access denied'));
  if (REFUSED.has(err.code) || denied) return new ForbiddenError(`Fabric refused the identity (${what}): ${detail}`);
  return new UnavailableError(`Fabric ${what} failed: ${detail}`);
}

/** Commit validation codes that mean "read something another transaction changed": worth a retry. */
export const RETRYABLE_COMMIT_CODES = new Set([11 /* MVCC_READ_CONFLICT */, 12 /* PHANTOM_READ_CONFLICT */]);

/**
 * Maps any error from the gateway client to the service's typed errors: a rule failure keeps the
 * chaincode's message (`CODE: text`), everything else says which step failed.
 */
export function mapGatewayError(err: unknown): unknown {
  if (err instanceof ServiceError || !(err instanceof Error)) return err;
  return ruleFailureOf(err) ?? byErrorType(err);
}

function byErrorType(err: Error): ServiceError {
  if (err instanceof CommitError) {
    const text = `transaction ${err.transactionId} was not committed: validation code ${err.code}`;
    return RETRYABLE_COMMIT_CODES.has(err.code) ? new ConflictError(`${text} (concurrent update); retry`) : new UnavailableError(text);
  }
  if (err instanceof CommitStatusError)
    return new CommitUnknownError(
      `transaction ${err.transactionId} was submitted but its commit status is unknown (it may still commit): ${err.message}`,
      err.transactionId,
    );
  if (err instanceof EndorseError) return byGrpcCode(err, `endorsement of ${err.transactionId}`);
  // SubmitError is exported as a type only; it is a GatewayError named so.
  if (err instanceof GatewayError && err.name === 'SubmitError')
    return byGrpcCode(err, `submit of ${(err as GatewayError & { transactionId: string }).transactionId} to the orderer`);
  if (err instanceof GatewayError) return byGrpcCode(err, 'call');
  return new UnavailableError(`Fabric gateway: ${err.message}`);
}

/** Why a failed submit is worth another try with a fresh endorsement. */
export type RetryReason = 'endorsement-mismatch' | 'unavailable' | 'endorse-timeout' | 'mvcc-conflict';

const RETRY_WORDING: Readonly<Record<RetryReason, string>> = {
  'endorsement-mismatch': "the peers' endorsements differed (peers at different heights)",
  unavailable: 'Fabric was unavailable',
  'endorse-timeout': 'the endorsement did not finish within its deadline (busy peers)',
  'mvcc-conflict': 'concurrent updates conflicted at commit',
};

function isSubmitOrEndorse(err: Error): err is GatewayError {
  return err instanceof EndorseError || (err instanceof GatewayError && err.name === 'SubmitError');
}

const UNAVAILABLE = new Set<number>([GrpcStatus.UNAVAILABLE]);
const ABORTED = new Set<number>([GrpcStatus.ABORTED]);
const DEADLINE = new Set<number>([GrpcStatus.DEADLINE_EXCEEDED]);

/**
 * The gateway endorses on a peer of its own organisation first and asks the others only once that one
 * has endorsed; "failed to collect enough transaction endorsements" therefore means its own peer endorsed
 * and another did not, or answered differently. The rules are deterministic, so a peer that refuses what
 * another endorsed (a rule failure in its detail) is judging older state: the peers are at different heights.
 * A peer that refuses the identity ("access denied") is not.
 */
function peersDisagree(err: GatewayError): boolean {
  if (!(err instanceof EndorseError) || !ABORTED.has(err.code) || !/enough transaction endorsements/i.test(err.message)) return false;
  return !err.details.some((d) => d.message.includes('access denied'));
}

/** A retryable endorse or submit failure: UNAVAILABLE, or an endorsement ran past its deadline. */
function transientReason(err: GatewayError): RetryReason | undefined {
  if (err.details.some((d) => d.message.includes('access denied'))) return undefined;
  if (UNAVAILABLE.has(err.code)) return 'unavailable';
  // Nothing was sent to the orderer yet: a fresh proposal cannot record anything twice.
  if (err instanceof EndorseError && DEADLINE.has(err.code)) return 'endorse-timeout';
  return undefined;
}

/**
 * Whether a submit that failed with `err` may be endorsed and submitted again: the peers disagreeing
 * (`ABORTED: failed to collect enough transaction endorsements`, including a rule failure from a peer
 * other than the gateway's own, which had endorsed), a transient `UNAVAILABLE` at endorsement or
 * ordering, an endorsement past its deadline (`DEADLINE_EXCEEDED`), an MVCC or phantom read conflict at
 * commit. A rule failure of the gateway's own peer, a refused identity and a lost commit status never are.
 */
export function retryReasonOf(err: unknown): RetryReason | undefined {
  if (!(err instanceof Error) || err instanceof ServiceError) return undefined;
  if (err instanceof CommitError) return RETRYABLE_COMMIT_CODES.has(err.code) ? 'mvcc-conflict' : undefined;
  if (!isSubmitOrEndorse(err)) return undefined;
  if (peersDisagree(err)) return 'endorsement-mismatch';
  return ruleFailureOf(err) ? undefined : transientReason(err);
}

/** The typed error once retries are used up: 409 for conflicts and mismatches, 503 for an unavailable network; the attempts are in the message. */
export function retriesExhausted(err: unknown, reason: RetryReason, attempts: number): ServiceError {
  const mapped = mapGatewayError(err);
  const detail = mapped instanceof Error ? mapped.message : String(mapped);
  const text = `${RETRY_WORDING[reason]} on each of ${attempts} attempts; retry later: ${detail}`;
  return reason === 'unavailable' || reason === 'endorse-timeout' ? new UnavailableError(text) : new ConflictError(text);
}
