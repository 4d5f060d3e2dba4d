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
  const identity = msp.SerializedIdentity.deserializeBinary(common.SignatureHeader.deserializeBinary(signatureHeaderBytes).getCreator_asU8());
  return { mspId: identity.getMspid(), certPem: Buffer.from(identity.getIdBytes_asU8()).toString('utf8') };
}

function invocationOf(chaincodeProposalPayload: Uint8Array): { chaincode: string; args: string[] } {
  const input = peer.ChaincodeProposalPayload.deserializeBinary(chaincodeProposalPayload).getInput_asU8();
  const spec = peer.ChaincodeInvocationSpec.deserializeBinary(input).getChaincodeSpec();
  return { chaincode: spec?.getChaincodeId()?.getName() ?? '', args: (spec?.getInput()?.getArgsList_asU8() ?? []).map((a) => Buffer.from(a).toString('utf8')) };
}

/** Decodes a `peer.SignedProposal`. */
export function decodeSignedProposal(signed: peer.SignedProposal): DecodedProposal {
  const proposal = peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8());
  const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  return { txId: channelHeader.getTxId(), txTime: timeOf(channelHeader), creator: creatorOf(header.getSignatureHeader_asU8()), ...invocationOf(proposal.getPayload_asU8()) };
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
  return invocationOf(peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getChaincodeProposalPayload_asU8()).args[0] ?? '';
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

/** Chaincode ids of the well-formed chaincode events of an endorser transaction (as Fabric's gateway reads them). */
function chaincodeEventIds(envelopeBytes: Uint8Array): string[] {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
  const header = payload.getHeader();
  if (!header || common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()).getType() !== common.HeaderType.ENDORSER_TRANSACTION) return [];
  return peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList().flatMap((action) => {
    const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
    const response = peer.ProposalResponsePayload.deserializeBinary(endorsed?.getProposalResponsePayload_asU8() ?? new Uint8Array());
    const event = peer.ChaincodeEvent.deserializeBinary(peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8()).getEvents_asU8());
    return event.getChaincodeId() && event.getEventName() && event.getTxId() ? [event.getChaincodeId()] : [];
  });
}

/**
 * True when a valid transaction of `block` carries an event of `chaincode`, i.e. when the gateway's
 * ChaincodeEvents stream has something to send for this block (it skips the others silently).
 */
export function hasChaincodeEvent(block: common.Block, chaincode: string): boolean {
  return (block.getData()?.getDataList_asU8() ?? []).some((bytes, position) => statusAt(block, position) === 'VALID' && chaincodeEventIds(bytes).includes(chaincode));
}

/** Height and head hash from qscc GetChainInfo's `common.BlockchainInfo`. */
export function chainInfo(bytes: Uint8Array): { height: number; headHash: string } {
  const info = common.BlockchainInfo.deserializeBinary(bytes);
  return { height: info.getHeight(), headHash: Buffer.from(info.getCurrentblockhash_asU8()).toString('hex') };
}
