import { Metadata, status, type ServiceError as GrpcError } from '@grpc/grpc-js';
import { CommitError, CommitStatusError, EndorseError } from '@hyperledger/fabric-gateway';
import {
  CommitUnknownError,
  ConflictError,
  ForbiddenError,
  InputError,
  UnavailableError,
  type ServiceError,
} from '../../server/http/errors';
import { mapGatewayError, retriesExhausted, retryReasonOf } from '../../server/ledger/gateway/gateway-errors';

const cause = (code: status): GrpcError => Object.assign(new Error('x'), { code, details: 'x', metadata: new Metadata() });

describe('mapGatewayError', () => {
  it("decodes the chaincode's structured rule failure from a peer's error detail, batch index included", () => {
    const err = new EndorseError({
      code: status.ABORTED,
      message: 'failed to endorse transaction, see attached details for more info',
      cause: cause(status.ABORTED),
      transactionId: 't1',
      details: [
        {
          address: 'peer0:7051',
          mspId: 'EnterpriseMSP',
          message: `chaincode response 500, ${JSON.stringify({ code: 'INVALID', detail: 'bad, really: {bad}', index: 0 })}`,
        },
      ],
    });
    const mapped = mapGatewayError(err);
    expect(mapped).toBeInstanceOf(InputError);
    expect((mapped as Error).message).toBe('eventList[0]: bad, really: {bad}');
    expect((mapped as ServiceError).itemIndex).toBe(0);
  });

  it('maps transport failures to 503 and refused identities to 403, naming the step', () => {
    const down = mapGatewayError(
      new EndorseError({
        code: status.UNAVAILABLE,
        message: 'connect failed',
        cause: cause(status.UNAVAILABLE),
        transactionId: 't2',
        details: [],
      }),
    );
    expect(down).toBeInstanceOf(UnavailableError);
    expect((down as Error).message).toMatch(/endorsement of t2 failed: connect failed/);
    expect(
      mapGatewayError(
        new EndorseError({
          code: status.PERMISSION_DENIED,
          message: 'access denied',
          cause: cause(status.PERMISSION_DENIED),
          transactionId: 't3',
          details: [],
        }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    // What a real peer answered for a certificate not yet valid: ABORTED, the reason in the peer's detail.
    const peerDenied = new EndorseError({
      code: status.ABORTED,
      message: 'failed to endorse transaction, see attached details for more info',
      cause: cause(status.ABORTED),
      transactionId: 't3b',
      details: [
        {
          address: '127.0.0.1:7051',
          mspId: 'EnterpriseMSP',
          message: 'error validating proposal: access denied: channel [trace] creator org unknown, creator is malformed',
        },
      ],
    });
    expect(mapGatewayError(peerDenied)).toBeInstanceOf(ForbiddenError);
  });

  it('maps commit outcomes: MVCC conflicts to 409, an unknown commit status to 503 carrying the transaction id', () => {
    expect(mapGatewayError(new CommitError({ code: 11, transactionId: 't4' }))).toBeInstanceOf(ConflictError);
    expect(mapGatewayError(new CommitError({ code: 10, transactionId: 't5' }))).toBeInstanceOf(UnavailableError);
    const unknown = mapGatewayError(
      new CommitStatusError({
        code: status.DEADLINE_EXCEEDED,
        message: 'deadline',
        cause: cause(status.DEADLINE_EXCEEDED),
        transactionId: 't6',
        details: [],
      }),
    );
    expect(unknown).toBeInstanceOf(CommitUnknownError);
    expect(unknown).toMatchObject({ status: 503, txId: 't6', extra: { txId: 't6' } });
    expect((unknown as Error).message).toMatch(/t6 was submitted but its commit status is unknown/);
  });
});

describe('retryReasonOf', () => {
  const mismatch = 'failed to collect enough transaction endorsements, see attached details for more info';
  const endorseError = (code: status, message: string, detail?: string): EndorseError =>
    new EndorseError({
      code,
      message,
      cause: cause(code),
      transactionId: 't',
      details: detail === undefined ? [] : [{ address: 'peer0:7051', mspId: 'RegulatorMSP', message: detail }],
    });

  it('retries endorsement mismatches, UNAVAILABLE and MVCC or phantom read conflicts', () => {
    expect(retryReasonOf(endorseError(status.ABORTED, mismatch, 'ProposalResponsePayloads do not match'))).toBe('endorsement-mismatch');
    // The gateway's own peer endorsed; another refused under the same rules: it judged older state.
    const lagging = `chaincode response 500, ${JSON.stringify({ code: 'NOT_FOUND', detail: 'the shipment is not on the ledger' })}`;
    expect(retryReasonOf(endorseError(status.ABORTED, mismatch, lagging))).toBe('endorsement-mismatch');
    expect(retryReasonOf(endorseError(status.UNAVAILABLE, 'connection refused'))).toBe('unavailable');
    expect(retryReasonOf(new CommitError({ code: 11, transactionId: 't' }))).toBe('mvcc-conflict');
    expect(retryReasonOf(new CommitError({ code: 12, transactionId: 't' }))).toBe('mvcc-conflict');
  });

  it("never retries a rule failure of the gateway's own peer, a refused identity, another chaincode error, another validation code or a lost commit status", () => {
    const rule = `chaincode response 500, ${JSON.stringify({ code: 'CONFLICT', detail: 'already recorded' })}`;
    expect(
      retryReasonOf(endorseError(status.ABORTED, 'failed to endorse transaction, see attached details for more info', rule)),
    ).toBeUndefined();
    expect(retryReasonOf(endorseError(status.ABORTED, mismatch, 'access denied: creator org unknown'))).toBeUndefined();
    expect(
      retryReasonOf(
        endorseError(
          status.ABORTED,
          'failed to endorse transaction, see attached details for more info',
          'chaincode response 500, TypeError',
        ),
      ),
    ).toBeUndefined();
    expect(retryReasonOf(new CommitError({ code: 10, transactionId: 't' }))).toBeUndefined();
    expect(
      retryReasonOf(
        new CommitStatusError({
          code: status.DEADLINE_EXCEEDED,
          message: 'deadline',
          cause: cause(status.DEADLINE_EXCEEDED),
          transactionId: 't',
          details: [],
        }),
      ),
    ).toBeUndefined();
    expect(retryReasonOf(new ConflictError('x'))).toBeUndefined();
  });

  it('names the attempts once they are used up: 409 for conflicts, 503 for an unavailable network', () => {
    const conflict = retriesExhausted(
      endorseError(status.ABORTED, mismatch, 'ProposalResponsePayloads do not match'),
      'endorsement-mismatch',
      5,
    );
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict.message).toMatch(
      /^the peers' endorsements differed .* on each of 5 attempts; retry later: Fabric endorsement of t failed/,
    );
    expect(retriesExhausted(endorseError(status.UNAVAILABLE, 'down'), 'unavailable', 4)).toBeInstanceOf(UnavailableError);
  });
});
