import crypto from 'node:crypto';
import { common, peer } from '@hyperledger/fabric-protos';
import type { MemoryBlock } from './memory-fabric';

/** What a peer puts in an endorser transaction: the proposal's header and payload, the chaincode's response and event. */
export interface EndorsedParts {
  readonly header: common.Header;
  readonly proposalPayload: Uint8Array;
  readonly proposalHash: Uint8Array;
  readonly response: { readonly status: number; readonly message: string; readonly payload: Uint8Array };
  readonly event?: peer.ChaincodeEvent;
}

/** An endorser transaction envelope laid out as Fabric lays it out (one action, unsigned). */
export function endorserEnvelope(p: EndorsedParts): common.Envelope {
  const response = new peer.Response();
  response.setStatus(p.response.status);
  response.setMessage(p.response.message);
  response.setPayload(p.response.payload);
  const action = new peer.ChaincodeAction();
  action.setResponse(response);
  if (p.event) action.setEvents(p.event.serializeBinary());
  const prp = new peer.ProposalResponsePayload();
  prp.setProposalHash(p.proposalHash);
  prp.setExtension$(action.serializeBinary());
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(prp.serializeBinary());
  const cap = new peer.ChaincodeActionPayload();
  cap.setChaincodeProposalPayload(p.proposalPayload);
  cap.setAction(endorsed);
  const ta = new peer.TransactionAction();
  ta.setHeader(p.header.getSignatureHeader_asU8());
  ta.setPayload(cap.serializeBinary());
  const tx = new peer.Transaction();
  tx.setActionsList([ta]);
  const payload = new common.Payload();
  payload.setHeader(p.header);
  payload.setData(tx.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope;
}

/** A chaincode event as the peer records it in the transaction. */
export function chaincodeEvent(chaincode: string, txId: string, name: string, payload: Uint8Array): peer.ChaincodeEvent {
  const event = new peer.ChaincodeEvent();
  event.setChaincodeId(chaincode);
  event.setTxId(txId);
  event.setEventName(name);
  event.setPayload(payload);
  return event;
}

function headerOf(type: common.HeaderTypeMap[keyof common.HeaderTypeMap], txId: string): common.Header {
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(type);
  channelHeader.setChannelId('trace');
  channelHeader.setTxId(txId);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(new common.SignatureHeader().serializeBinary());
  return header;
}

/** A minimal endorser transaction with an id and, optionally, an event of `chaincode` (for decoding tests). */
export function simpleTransaction(txId: string, event?: { chaincode: string; name: string; payload: string }): Uint8Array {
  const encoded = event ? chaincodeEvent(event.chaincode, txId, event.name, Buffer.from(event.payload)) : undefined;
  return endorserEnvelope({
    header: headerOf(common.HeaderType.ENDORSER_TRANSACTION, txId),
    proposalPayload: new Uint8Array(),
    proposalHash: crypto.createHash('sha256').update(txId).digest(),
    response: { status: 200, message: '', payload: new Uint8Array() },
    ...(encoded ? { event: encoded } : {}),
  }).serializeBinary();
}

/** A channel configuration transaction (what config and genesis blocks hold). */
export function configTransaction(txId = ''): Uint8Array {
  const payload = new common.Payload();
  payload.setHeader(headerOf(common.HeaderType.CONFIG, txId));
  payload.setData(new common.ConfigEnvelope().serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope.serializeBinary();
}

/** A block holding `envelopes`, each validated with the code at the same index (TRANSACTIONS_FILTER metadata). */
export function blockOf(
  number: number,
  envelopes: readonly Uint8Array[],
  codes: readonly peer.TxValidationCodeMap[keyof peer.TxValidationCodeMap][],
  previousHash: Uint8Array = new Uint8Array(32),
): common.Block {
  const header = new common.BlockHeader();
  header.setNumber(number);
  header.setPreviousHash(previousHash);
  header.setDataHash(
    crypto
      .createHash('sha256')
      .update(Buffer.concat(envelopes.map((e) => Buffer.from(e))))
      .digest(),
  );
  const data = new common.BlockData();
  data.setDataList([...envelopes]);
  const metadata = new common.BlockMetadata();
  metadata.setMetadataList([new Uint8Array(), new Uint8Array(), Uint8Array.from(codes), new Uint8Array(), new Uint8Array()]);
  const block = new common.Block();
  block.setHeader(header);
  block.setData(data);
  block.setMetadata(metadata);
  return block;
}

/** A block of the in-memory network as a peer would deliver it. */
export function toBlock(b: MemoryBlock): common.Block {
  return blockOf(
    b.number,
    b.txs.map((t) => t.envelope ?? new Uint8Array()),
    b.txs.map((t) => peer.TxValidationCode[t.status]),
    b.previousHash,
  );
}
