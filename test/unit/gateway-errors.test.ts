import { Metadata, status, type ServiceError as GrpcError } from '@grpc/grpc-js';
import { CommitError, CommitStatusError, EndorseError } from '@hyperledger/fabric-gateway';
import { ConflictError, ForbiddenError, InputError, UnavailableError, type ServiceError } from '../../server/http/errors';
import { mapGatewayError } from '../../server/ledger/gateway/gateway-errors';

const cause = (code: status): GrpcError => Object.assign(new Error('x'), { code, details: 'x', metadata: new Metadata() });

describe('mapGatewayError', () => {
  it("decodes the chaincode's structured rule failure from a peer's error detail, batch index included", () => {
    const err = new EndorseError({ code: status.ABORTED, message: 'failed to endorse transaction, see attached details for more info', cause: cause(status.ABORTED), transactionId: 't1', details: [{ address: 'peer0:7051', mspId: 'EnterpriseMSP', message: `chaincode response 500, ${JSON.stringify({ code: 'INVALID', detail: 'bad, really: {bad}', index: 0 })}` }] });
    const mapped = mapGatewayError(err);
    expect(mapped).toBeInstanceOf(InputError);
    expect((mapped as Error).message).toBe('eventList[0]: bad, really: {bad}');
    expect((mapped as ServiceError).itemIndex).toBe(0);
  });

  it('maps transport failures to 503 and refused identities to 403, naming the step', () => {
    const down = mapGatewayError(new EndorseError({ code: status.UNAVAILABLE, message: 'connect failed', cause: cause(status.UNAVAILABLE), transactionId: 't2', details: [] }));
    expect(down).toBeInstanceOf(UnavailableError);
    expect((down as Error).message).toMatch(/endorsement of t2 failed: connect failed/);
    expect(mapGatewayError(new EndorseError({ code: status.PERMISSION_DENIED, message: 'access denied', cause: cause(status.PERMISSION_DENIED), transactionId: 't3', details: [] }))).toBeInstanceOf(ForbiddenError);
    // What a real peer answered for a certificate not yet valid: ABORTED, the reason in the peer's detail.
    const peerDenied = new EndorseError({ code: status.ABORTED, message: 'failed to endorse transaction, see attached details for more info', cause: cause(status.ABORTED), transactionId: 't3b', details: [{ address: '127.0.0.1:7051', mspId: 'EnterpriseMSP', message: 'error validating proposal: access denied: channel [trace] creator org unknown, creator is malformed' }] });
    expect(mapGatewayError(peerDenied)).toBeInstanceOf(ForbiddenError);
  });

  it('maps commit outcomes: MVCC conflicts to 409, an unknown commit status to 503', () => {
    expect(mapGatewayError(new CommitError({ code: 11, transactionId: 't4' }))).toBeInstanceOf(ConflictError);
    expect(mapGatewayError(new CommitError({ code: 10, transactionId: 't5' }))).toBeInstanceOf(UnavailableError);
    const unknown = mapGatewayError(new CommitStatusError({ code: status.DEADLINE_EXCEEDED, message: 'deadline', cause: cause(status.DEADLINE_EXCEEDED), transactionId: 't6', details: [] }));
    expect(unknown).toBeInstanceOf(UnavailableError);
    expect((unknown as Error).message).toMatch(/t6 was submitted but its commit status is unknown/);
  });
});
