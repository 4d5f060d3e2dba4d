import crypto from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { common, gateway, google, orderer, peer } from '@hyperledger/fabric-protos';
import { decodeSignedProposal, type DecodedProposal } from '../../server/ledger/gateway/fabric-decode';
import type { CommittedTx, Endorsement, MemoryBlock, MemoryFabric } from './memory-fabric';

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

/** A Gateway call a fault can be injected into. */
export type GatewayStage = 'endorse' | 'submit' | 'commitStatus';

/** A failure the double answers instead of doing the call's work (a faulted submit orders nothing). */
export interface GatewayFault {
  readonly stage: GatewayStage;
  readonly code: grpc.status;
  readonly message: string;
  /** One peer's ErrorDetail message, as a real gateway attaches it. */
  readonly detail?: string;
  /** How many calls of the stage fail in a row (default 1). */
  readonly times?: number;
  /** Wait this long first (e.g. past the client's deadline). */
  readonly delayMs?: number;
  /** Answer success without doing the work instead of failing (a submit the orderer then loses). */
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

/** The chaincode event an endorsement carries, as a peer puts it in the transaction. */
function chaincodeEvent(signed: peer.SignedProposal, e: Endorsement): peer.ChaincodeEvent | undefined {
  if (!e.stub.event) return undefined;
  const event = new peer.ChaincodeEvent();
  event.setChaincodeId(decodeSignedProposal(signed).chaincode);
  event.setTxId(e.proposal.txId);
  event.setEventName(e.stub.event.name);
  event.setPayload(e.stub.event.payload);
  return event;
}

/** The transaction envelope a gateway prepares from a proposal and its endorsement. */
function preparedEnvelope(signed: peer.SignedProposal, e: Endorsement): common.Envelope {
  const proposal = peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8());
  const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
  const response = new peer.Response();
  response.setStatus(e.response.status);
  response.setMessage(e.response.message);
  response.setPayload(e.response.payload);
  const action = new peer.ChaincodeAction();
  action.setResponse(response);
  const event = chaincodeEvent(signed, e);
  if (event) action.setEvents(event.serializeBinary());
  const prp = new peer.ProposalResponsePayload();
  prp.setProposalHash(crypto.createHash('sha256').update(signed.getProposalBytes_asU8()).digest());
  prp.setExtension$(action.serializeBinary());
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(prp.serializeBinary());
  const cap = new peer.ChaincodeActionPayload();
  cap.setChaincodeProposalPayload(proposal.getPayload_asU8());
  cap.setAction(endorsed);
  const ta = new peer.TransactionAction();
  ta.setHeader(header.getSignatureHeader_asU8());
  ta.setPayload(cap.serializeBinary());
  const tx = new peer.Transaction();
  tx.setActionsList([ta]);
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(tx.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope;
}

function toBlock(b: MemoryBlock): common.Block {
  const header = new common.BlockHeader();
  header.setNumber(b.number);
  header.setPreviousHash(b.previousHash);
  const data = new common.BlockData();
  data.setDataList(b.txs.map((t) => t.envelope ?? new Uint8Array()));
  const metadata = new common.BlockMetadata();
  const filter = Uint8Array.from(b.txs.map((t) => peer.TxValidationCode[t.status]));
  metadata.setMetadataList([new Uint8Array(), new Uint8Array(), filter, new Uint8Array(), new Uint8Array()]);
  const block = new common.Block();
  block.setHeader(header);
  block.setData(data);
  block.setMetadata(metadata);
  return block;
}

/**
 * A wire-level test double of a Fabric peer's Gateway service (`gateway.Gateway` from
 * @hyperledger/fabric-protos): Endorse, Submit, CommitStatus, Evaluate (including qscc
 * GetChainInfo / GetBlockByTxID / GetBlockByNumber) and the ChaincodeEvents stream, in front of the real contract
 * running on the in-memory stub. Plaintext gRPC on 127.0.0.1.
 */
export class FakeGateway {
  readonly #server = new grpc.Server();
  readonly #endorsed = new Map<string, Endorsement>();
  readonly #streams = new Set<AbortController>();
  readonly #faults: { fault: GatewayFault; left: number }[] = [];
  /** Calls received per stage, faulted ones included. */
  readonly calls: Record<GatewayStage, number> = { endorse: 0, submit: 0, commitStatus: 0 };
  endpoint = '';

  constructor(readonly fabric: MemoryFabric) {}

  static async start(fabric: MemoryFabric): Promise<FakeGateway> {
    const fake = new FakeGateway(fabric);
    fake.#server.addService(gateway.GatewayService, {
      endorse: fake.#unary((req: gateway.EndorseRequest) => fake.#endorse(req)),
      submit: fake.#unary((req: gateway.SubmitRequest) => fake.#submit(req)),
      commitStatus: fake.#unary((req: gateway.SignedCommitStatusRequest) => fake.#commitStatus(req)),
      evaluate: fake.#unary((req: gateway.EvaluateRequest) => fake.#evaluate(req)),
      chaincodeEvents: (call: grpc.ServerWritableStream<gateway.SignedChaincodeEventsRequest, gateway.ChaincodeEventsResponse>) => void fake.#events(call),
    });
    const port = await new Promise<number>((resolve, reject) => fake.#server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
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
  async #enter(stage: GatewayStage): Promise<boolean> {
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
    if (e.response.status >= 400) throw gatewayError(grpc.status.ABORTED, 'failed to endorse transaction, see attached details for more info', `chaincode response ${e.response.status}, ${e.response.message}`);
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
    void this.fabric.order(e, envelope.serializeBinary());
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
    if (r.status >= 400) throw gatewayError(grpc.status.UNKNOWN, `evaluate call to endorser returned error: chaincode response ${r.status}, ${r.message}`, `chaincode response ${r.status}, ${r.message}`);
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
      if (!block) return { status: 500, message: `Failed to get block number ${arg ?? ''}, error Entry not found in index`, payload: new Uint8Array() };
      return { status: 200, message: '', payload: toBlock(block).serializeBinary() };
    }
    const found = fn === 'GetBlockByTxID' ? this.fabric.find(arg ?? '') : undefined;
    if (!found) return { status: 500, message: `Failed to get block for txID "${arg ?? ''}", error entry not found in index`, payload: new Uint8Array() };
    return { status: 200, message: '', payload: toBlock(found.block).serializeBinary() };
  }

  async #events(call: grpc.ServerWritableStream<gateway.SignedChaincodeEventsRequest, gateway.ChaincodeEventsResponse>): Promise<void> {
    const req = gateway.ChaincodeEventsRequest.deserializeBinary(call.request.getRequest_asU8());
    const start = req.getStartPosition();
    const abort = new AbortController();
    this.#streams.add(abort);
    call.on('cancelled', () => abort.abort());
    let n = start?.getTypeCase() === orderer.SeekPosition.TypeCase.SPECIFIED ? (start.getSpecified()?.getNumber() ?? 0) : this.fabric.blocks.length;
    for (; !abort.signal.aborted; n++) {
      await this.fabric.waitForHeight(n, abort.signal);
      const block = this.fabric.blocks[n];
      if (!block || abort.signal.aborted) break;
      const events = block.txs.filter((t): t is CommittedTx & { event: NonNullable<CommittedTx['event']> } => t.status === 'VALID' && t.event !== undefined).map((t) => {
        const ev = new peer.ChaincodeEvent();
        ev.setChaincodeId(req.getChaincodeId());
        ev.setTxId(t.txId);
        ev.setEventName(t.event.name);
        ev.setPayload(t.event.payload);
        return ev;
      });
      if (events.length === 0) continue;
      const res = new gateway.ChaincodeEventsResponse();
      res.setBlockNumber(n);
      res.setEventsList(events);
      call.write(res);
    }
    this.#streams.delete(abort);
    call.end();
  }

  async close(): Promise<void> {
    for (const s of this.#streams) s.abort();
    this.fabric.close();
    await new Promise<void>((resolve) => this.#server.tryShutdown(() => resolve()));
  }
}
