import { common, gateway, msp, peer } from '@hyperledger/fabric-protos';
import type { TxInfo } from '../trace-ledger';
import { fabricIdentityId } from './fabric-id';

/** What a signed proposal says: transaction id, time, creator, chaincode function and arguments. */
export interface DecodedProposal {
  readonly txId: string;
  readonly txTime: string;
  readonly creator: { readonly mspId: string; readonly certPem: string };
  readonly chaincode: string;
  readonly args: readonly string[];
}

// google-protobuf's Timestamp has no type declarations here.
type Timestamp = { getSeconds(): number; getNanos(): number };

function timeOf(header: common.ChannelHeader): string {
  const ts = header.getTimestamp() as unknown as Timestamp | undefined;
  return new Date((ts?.getSeconds() ?? 0) * 1000 + Math.floor((ts?.getNanos() ?? 0) / 1e6)).toISOString();
}

function creatorOf(signatureHeaderBytes: Uint8Array): { mspId: string; certPem: string } {
  const identity = msp.SerializedIdentity.deserializeBinary(
    common.SignatureHeader.deserializeBinary(signatureHeaderBytes).getCreator_asU8(),
  );
  return { mspId: identity.getMspid(), certPem: Buffer.from(identity.getIdBytes_asU8()).toString('utf8') };
}

function invocationOf(chaincodeProposalPayload: Uint8Array): { chaincode: string; args: string[] } {
  const input = peer.ChaincodeProposalPayload.deserializeBinary(chaincodeProposalPayload).getInput_asU8();
  const spec = peer.ChaincodeInvocationSpec.deserializeBinary(input).getChaincodeSpec();
  return {
    chaincode: spec?.getChaincodeId()?.getName() ?? '',
    args: (spec?.getInput()?.getArgsList_asU8() ?? []).map((a) => Buffer.from(a).toString('utf8')),
  };
}

/** Decodes a `peer.SignedProposal`. */
export function decodeSignedProposal(signed: peer.SignedProposal): DecodedProposal {
  const proposal = peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8());
  const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  return {
    txId: channelHeader.getTxId(),
    txTime: timeOf(channelHeader),
    creator: creatorOf(header.getSignatureHeader_asU8()),
    ...invocationOf(proposal.getPayload_asU8()),
  };
}

/** The transaction time of a gateway `Proposal` (its `getBytes()`: a serialized ProposedTransaction). */
export function proposedTransactionTime(bytes: Uint8Array): string {
  const signed = gateway.ProposedTransaction.deserializeBinary(bytes).getProposal();
  if (!signed) throw new Error('proposal without a signed proposal');
  return decodeSignedProposal(signed).txTime;
}

const VALIDATION_NAMES = new Map(Object.entries(peer.TxValidationCode).map(([name, code]) => [code as number, name]));

interface Located {
  readonly position: number;
  readonly envelope: common.Envelope;
  readonly payload: common.Payload;
  readonly header: common.Header;
  readonly channelHeader: common.ChannelHeader;
}

function locate(block: common.Block, txId: string): Located | undefined {
  for (const [position, bytes] of (block.getData()?.getDataList_asU8() ?? []).entries()) {
    const envelope = common.Envelope.deserializeBinary(bytes);
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const header = payload.getHeader();
    const channelHeader = header ? common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()) : undefined;
    if (header && channelHeader?.getTxId() === txId) return { position, envelope, payload, header, channelHeader };
  }
  return undefined;
}

function functionOf(payload: common.Payload): string {
  const action = peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()[0];
  if (!action) return '';
  return (
    invocationOf(peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getChaincodeProposalPayload_asU8()).args[0] ?? ''
  );
}

function statusAt(block: common.Block, position: number): string {
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  const code = filter[position];
  return code === undefined ? 'UNKNOWN' : (VALIDATION_NAMES.get(code) ?? `CODE_${code}`);
}

/** Describes transaction `txId` from the block holding it (qscc GetBlockByTxID); undefined if absent. */
export function transactionFromBlock(block: common.Block, txId: string): TxInfo | undefined {
  const found = locate(block, txId);
  if (!found) return undefined;
  const creator = creatorOf(found.header.getSignatureHeader_asU8());
  return {
    txId,
    blockNumber: block.getHeader()?.getNumber() ?? 0,
    position: found.position,
    fn: functionOf(found.payload),
    creator: { mspId: creator.mspId, id: fabricIdentityId(creator.certPem) },
    signature: Buffer.from(found.envelope.getSignature_asU8()).toString('base64'),
    txTime: timeOf(found.channelHeader),
    status: statusAt(block, found.position),
  };
}

/** One transaction of a delivered block, as the event follower reads it. */
export interface BlockTransaction {
  /** Its index in the block's data: Fabric's transaction number within the block. */
  readonly position: number;
  /** True when the block's validation filter says VALID; an invalid transaction is not decoded further. */
  readonly valid: boolean;
  readonly txId: string;
  readonly txTime: string;
  /** The event it emitted from the chaincode asked for (a valid endorser transaction only). */
  readonly event?: { readonly name: string; readonly payload: Uint8Array };
}

/** The first chaincode event of `chaincode` among an endorser transaction's actions. */
function chaincodeEventOf(payload: common.Payload, chaincode: string): peer.ChaincodeEvent | undefined {
  for (const action of peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()) {
    const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
    const response = peer.ProposalResponsePayload.deserializeBinary(endorsed?.getProposalResponsePayload_asU8() ?? new Uint8Array());
    const event = peer.ChaincodeEvent.deserializeBinary(
      peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8()).getEvents_asU8(),
    );
    if (event.getChaincodeId() === chaincode && event.getEventName()) return event;
  }
  return undefined;
}

function blockTransaction(block: common.Block, bytes: Uint8Array, position: number, chaincode: string): BlockTransaction {
  if (statusAt(block, position) !== 'VALID') return { position, valid: false, txId: '', txTime: '' };
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(bytes).getPayload_asU8());
  const header = payload.getHeader();
  const channelHeader = common.ChannelHeader.deserializeBinary(header?.getChannelHeader_asU8() ?? new Uint8Array());
  const tx = { position, valid: true, txId: channelHeader.getTxId(), txTime: timeOf(channelHeader) };
  if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return tx;
  const event = chaincodeEventOf(payload, chaincode);
  return event ? { ...tx, event: { name: event.getEventName(), payload: event.getPayload_asU8() } } : tx;
}

/**
 * Every transaction of a block (config, lifecycle, other chaincodes' and invalid ones included), in
 * block order, with the event each valid endorser transaction emitted from `chaincode`.
 */
export function blockTransactions(block: common.Block, chaincode: string): BlockTransaction[] {
  return (block.getData()?.getDataList_asU8() ?? []).map((bytes, position) => blockTransaction(block, bytes, position, chaincode));
}

/** Height and head hash from qscc GetChainInfo's `common.BlockchainInfo`. */
export function chainInfo(bytes: Uint8Array): { height: number; headHash: string } {
  const info = common.BlockchainInfo.deserializeBinary(bytes);
  return { height: info.getHeight(), headHash: Buffer.from(info.getCurrentblockhash_asU8()).toString('hex') };
}
