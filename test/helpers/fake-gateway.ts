import path from 'node:path';
import crypto from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { common, gateway, google, orderer, peer } from '@hyperledger/fabric-protos';
import { decodeSignedProposal, type DecodedProposal } from '../../server/ledger/gateway/fabric-decode';
import { chaincodeEvent, configTransaction, endorserEnvelope, toBlock } from './fabric-blocks';
import type { Endorsement, MemoryBlock, MemoryFabric } from './memory-fabric';

// google-protobuf ships no types; only Any.pack is needed here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Any } = require('google-protobuf/google/protobuf/any_pb') as { Any: new () => { pack(bytes: Uint8Array, name: string): void } };

const ADDRESS = 'fake-peer:7051';
const MSP = 'EnterpriseMSP';

/** A gRPC error carrying gateway ErrorDetails the way a Fabric peer's gateway sends them. */
function gatewayError(code: grpc.status, message: string, detail?: string): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  if (detail !== undefined) {
    const ed = new gateway.ErrorDetail();
    ed.setAddress(ADDRESS);
    ed.setMspId(MSP);
    ed.setMessage(detail);
    const any = new Any();
    any.pack(ed.serializeBinary(), 'gateway.ErrorDetail');
    const status = new google.rpc.Status();
    status.setCode(code);
    status.setMessage(message);
    status.setDetailsList([any]);
    metadata.set('grpc-status-details-bin', Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(message), { code, details: message, metadata });
}

/** A Gateway call of a submit. */
export type GatewayStage = 'endorse' | 'submit' | 'commitStatus';

/** A call a fault can be injected into: a submit's stage, or `deliver`, the opening of a block event stream (Deliver). */
export type FaultStage = GatewayStage | 'deliver';

/** A failure the double answers instead of doing the call's work (a faulted submit orders nothing). */
export interface GatewayFault {
  readonly stage: FaultStage;
  readonly code: grpc.status;
  readonly message: string;
  /** One peer's ErrorDetail message, as a real gateway attaches it. */
  readonly detail?: string;
  /** How many calls of the stage fail in a row (default 1). */
  readonly times?: number;
  /** Wait this long first (e.g. past the client's deadline). */
  readonly delayMs?: number;
  /** Answer success without doing the work instead of failing (a submit the orderer then loses; not for deliver). */
  readonly swallow?: boolean;
}

/** What a Fabric v2.5 gateway answers when the endorsing peers' responses differ (peers at different heights). */
export const ENDORSEMENT_MISMATCH: Omit<GatewayFault, 'stage'> = {
  code: grpc.status.ABORTED,
  message: 'failed to collect enough transaction endorsements, see attached details for more info',
  detail: 'ProposalResponsePayloads do not match',
};

function proposalOf(p: DecodedProposal): Parameters<MemoryFabric['endorse']>[0] {
  return { txId: p.txId, timestamp: new Date(p.txTime), fn: p.args[0] ?? '', arg: p.args[1] ?? '', creator: p.creator };
}

/** The transaction envelope a gateway prepares from a proposal and its endorsement (the event, if any, inside). */
function preparedEnvelope(signed: peer.SignedProposal, e: Endorsement): common.Envelope {
  const proposal = peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8());
  const event = e.stub.event
    ? chaincodeEvent(decodeSignedProposal(signed).chaincode, e.proposal.txId, e.stub.event.name, e.stub.event.payload)
    : undefined;
  return endorserEnvelope({
    header: common.Header.deserializeBinary(proposal.getHeader_asU8()),
    proposalPayload: proposal.getPayload_asU8(),
    proposalHash: crypto.createHash('sha256').update(signed.getProposalBytes_asU8()).digest(),
    response: e.response,
    ...(event ? { event } : {}),
  });
}

/** The blocks a Deliver seek asks for: from a specified number, the oldest (0), the newest or the next to commit. */
function seekStart(envelope: common.Envelope, height: number): { start: number; stop: number } {
  const seek = orderer.SeekInfo.deserializeBinary(common.Payload.deserializeBinary(envelope.getPayload_asU8()).getData_asU8());
  const from = seek.getStart();
  const start = from?.getSpecified()?.getNumber() ?? (from?.hasOldest() ? 0 : from?.hasNewest() ? Math.max(0, height - 1) : height);
  return { start, stop: seek.getStop()?.getSpecified()?.getNumber() ?? Number.MAX_SAFE_INTEGER };
}

/**
 * A wire-level test double of a Fabric peer's Gateway service (`gateway.Gateway` from
 * @hyperledger/fabric-protos): Endorse, Submit, CommitStatus, Evaluate (including qscc
 * GetChainInfo / GetBlockByTxID / GetBlockByNumber), and the peer's Deliver service (`protos.Deliver/Deliver`, the
 * block event stream of `network.getBlockEvents`: every block as a `common.Block`, waiting at the head), in front
 * of the real contract running on the in-memory stub. Plaintext gRPC on 127.0.0.1.
 */
export class FakeGateway {
  readonly #server = new grpc.Server();
  readonly #endorsed = new Map<string, Endorsement>();
  readonly #streams = new Set<{
    readonly abort: AbortController;
    readonly call: grpc.ServerDuplexStream<common.Envelope, peer.DeliverResponse>;
  }>();
  readonly #faults: { fault: GatewayFault; left: number }[] = [];
  /** Calls received per stage, faulted ones included. */
  readonly calls: Record<FaultStage, number> = { endorse: 0, submit: 0, commitStatus: 0, deliver: 0 };
  endpoint = '';
  /** The orderer's AbsoluteMaxBytes: a larger transaction is refused at submit as Fabric's gateway relays it (unset: no limit). */
  ordererMaxBytes: number | undefined;
  /** Bytes of each transaction envelope submitted, in order. */
  readonly submittedBytes: number[] = [];

  constructor(readonly fabric: MemoryFabric) {}

  static async start(fabric: MemoryFabric): Promise<FakeGateway> {
    const fake = new FakeGateway(fabric);
    fake.#server.addService(gateway.GatewayService, {
      endorse: fake.#unary((req: gateway.EndorseRequest) => fake.#endorse(req)),
      submit: fake.#unary((req: gateway.SubmitRequest) => fake.#submit(req)),
      commitStatus: fake.#unary((req: gateway.SignedCommitStatusRequest) => fake.#commitStatus(req)),
      evaluate: fake.#unary((req: gateway.EvaluateRequest) => fake.#evaluate(req)),
    });
    fake.#server.addService(peer.DeliverService, {
      deliver: (call: grpc.ServerDuplexStream<common.Envelope, peer.DeliverResponse>) =>
        void call.once('data', (seek: common.Envelope) => void fake.#deliver(call, seek)),
    });
    const port = await new Promise<number>((resolve, reject) =>
      fake.#server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    fake.endpoint = `127.0.0.1:${port}`;
    return fake;
  }

  /** Makes the next `times` calls of `fault.stage` fail with `fault.code` (queued after earlier faults of that stage). */
  failNext(fault: GatewayFault): void {
    this.#faults.push({ fault, left: fault.times ?? 1 });
  }

  /**
   * Counts the call and throws the first queued fault of its stage, if any.
   * @returns true when the fault swallows the call (answer success, do nothing)
   */
  async #enter(stage: FaultStage): Promise<boolean> {
    this.calls[stage]++;
    const queued = this.#faults.find((f) => f.fault.stage === stage);
    if (!queued) return false;
    if (--queued.left === 0) this.#faults.splice(this.#faults.indexOf(queued), 1);
    const { code, message, detail, delayMs, swallow } = queued.fault;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    if (swallow) return true;
    throw gatewayError(code, message, detail);
  }

  #unary<Req, Res>(handle: (req: Req) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      handle(call.request).then(
        (res) => callback(null, res),
        (err: grpc.ServiceError) => callback(err),
      );
    };
  }

  async #endorse(req: gateway.EndorseRequest): Promise<gateway.EndorseResponse> {
    await this.#enter('endorse');
    const signed = req.getProposedTransaction();
    if (!signed) throw gatewayError(grpc.status.INVALID_ARGUMENT, 'a proposed transaction is required');
    const e = await this.fabric.endorse(proposalOf(decodeSignedProposal(signed)));
    if (e.response.status >= 400)
      throw gatewayError(
        grpc.status.ABORTED,
        'failed to endorse transaction, see attached details for more info',
        `chaincode response ${e.response.status}, ${e.response.message}`,
      );
    this.#endorsed.set(e.proposal.txId, e);
    const res = new gateway.EndorseResponse();
    res.setPreparedTransaction(preparedEnvelope(signed, e));
    return res;
  }

  async #submit(req: gateway.SubmitRequest): Promise<gateway.SubmitResponse> {
    if (await this.#enter('submit')) return new gateway.SubmitResponse();
    const e = this.#endorsed.get(req.getTransactionId());
    const envelope = req.getPreparedTransaction();
    if (!e || !envelope) throw gatewayError(grpc.status.FAILED_PRECONDITION, `no endorsed transaction ${req.getTransactionId()}`);
    this.#endorsed.delete(req.getTransactionId());
    const bytes = envelope.serializeBinary();
    this.submittedBytes.push(bytes.length);
    if (this.ordererMaxBytes !== undefined && bytes.length > this.ordererMaxBytes)
      throw gatewayError(
        grpc.status.ABORTED,
        `received unsuccessful response from orderer: status=BAD_REQUEST, info=message payload is ${bytes.length} bytes and exceeds maximum allowed ${this.ordererMaxBytes} bytes`,
      );
    void this.fabric.order(e, bytes);
    return new gateway.SubmitResponse();
  }

  async #commitStatus(req: gateway.SignedCommitStatusRequest): Promise<gateway.CommitStatusResponse> {
    await this.#enter('commitStatus');
    const txId = gateway.CommitStatusRequest.deserializeBinary(req.getRequest_asU8()).getTransactionId();
    const found = await this.fabric.waitForTx(txId, AbortSignal.timeout(30_000));
    if (!found) throw gatewayError(grpc.status.DEADLINE_EXCEEDED, `no commit status for ${txId}`);
    const res = new gateway.CommitStatusResponse();
    res.setResult(peer.TxValidationCode[found.tx.status]);
    res.setBlockNumber(found.block.number);
    return res;
  }

  async #evaluate(req: gateway.EvaluateRequest): Promise<gateway.EvaluateResponse> {
    const signed = req.getProposedTransaction();
    if (!signed) throw gatewayError(grpc.status.INVALID_ARGUMENT, 'a proposed transaction is required');
    const decoded = decodeSignedProposal(signed);
    const r = decoded.chaincode === 'qscc' ? this.#qscc(decoded.args) : (await this.fabric.endorse(proposalOf(decoded))).response;
    if (r.status >= 400)
      throw gatewayError(
        grpc.status.UNKNOWN,
        `evaluate call to endorser returned error: chaincode response ${r.status}, ${r.message}`,
        `chaincode response ${r.status}, ${r.message}`,
      );
    const response = new peer.Response();
    response.setStatus(r.status);
    response.setPayload(r.payload);
    const res = new gateway.EvaluateResponse();
    res.setResult(response);
    return res;
  }

  #qscc([fn, , arg]: readonly string[]): { status: number; message: string; payload: Uint8Array } {
    const blocks = this.fabric.blocks;
    if (fn === 'GetChainInfo') {
      const info = new common.BlockchainInfo();
      info.setHeight(blocks.length);
      info.setCurrentblockhash(blocks[blocks.length - 1]?.hash ?? new Uint8Array());
      info.setPreviousblockhash(blocks[blocks.length - 1]?.previousHash ?? new Uint8Array());
      return { status: 200, message: '', payload: info.serializeBinary() };
    }
    if (fn === 'GetBlockByNumber') {
      const block = blocks[Number(arg)];
      if (!block)
        return {
          status: 500,
          message: `Failed to get block number ${arg ?? ''}, error Entry not found in index`,
          payload: new Uint8Array(),
        };
      return { status: 200, message: '', payload: toBlock(block).serializeBinary() };
    }
    const found = fn === 'GetBlockByTxID' ? this.fabric.find(arg ?? '') : undefined;
    if (!found)
      return {
        status: 500,
        message: `Failed to get block for txID "${arg ?? ''}", error entry not found in index`,
        payload: new Uint8Array(),
      };
    return { status: 200, message: '', payload: toBlock(found.block).serializeBinary() };
  }

  async #deliver(call: grpc.ServerDuplexStream<common.Envelope, peer.DeliverResponse>, seek: common.Envelope): Promise<void> {
    const stream = { abort: new AbortController(), call };
    this.#streams.add(stream);
    call.on('cancelled', () => stream.abort.abort());
    try {
      await this.#enter('deliver');
      const { start, stop } = seekStart(seek, this.fabric.blocks.length);
      for (let n = start; n <= stop && !stream.abort.signal.aborted; n++) {
        await this.fabric.waitForHeight(n, stream.abort.signal);
        const block = this.fabric.blocks[n];
        if (!block || stream.abort.signal.aborted) break;
        const res = new peer.DeliverResponse();
        res.setBlock(toBlock(block));
        call.write(res);
      }
      if (!call.writableEnded) call.end();
    } catch (err) {
      if (!call.writableEnded) call.emit('error', err);
    } finally {
      this.#streams.delete(stream);
    }
  }

  /** Open block event streams (Deliver calls). */
  get deliverStreams(): number {
    return this.#streams.size;
  }

  /** Ends every open block event stream with `code`, as a restarting peer does. */
  breakStreams(code: grpc.status = grpc.status.UNAVAILABLE, message = 'peer restarting: block event stream closed'): void {
    for (const { abort, call } of this.#streams) {
      abort.abort();
      call.emit('error', gatewayError(code, message));
    }
  }

  /** Commits a block holding one channel configuration transaction, as a channel update does. */
  commitConfigBlock(): MemoryBlock {
    const txId = crypto.randomBytes(32).toString('hex');
    return this.fabric.commitRaw([{ txId, envelope: configTransaction(txId) }]);
  }

  async close(): Promise<void> {
    for (const s of this.#streams) s.abort.abort();
    this.fabric.close();
    await new Promise<void>((resolve) => this.#server.tryShutdown(() => resolve()));
  }
}

/** Settings of a `LEDGER=fabric` test service on the double: one EnterpriseMSP peer, the wallet's admin and regulator identities. */
export function fabricDoubleEnv(fake: FakeGateway, walletDir: string): Record<string, string> {
  return {
    LEDGER: 'fabric',
    FABRIC_GATEWAY_ENV: path.join(walletDir, 'none.env'),
    FABRIC_CHANNEL: 'trace',
    FABRIC_CHAINCODE: 'suyuan',
    FABRIC_PEERS: JSON.stringify([{ endpoint: fake.endpoint, mspId: 'EnterpriseMSP' }]),
    FABRIC_WALLET_DIR: walletDir,
    FABRIC_ADMIN_IDENTITY: 'admin',
    FABRIC_REGULATOR_IDENTITY: 'regulator',
  };
}
