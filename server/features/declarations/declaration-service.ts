import crypto from 'node:crypto';
import type { Input } from '../../../chaincode/src/core';
import type { SupervisionRecord } from '../../../chaincode/src/core/declarations';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../http/errors';
import { awaitIndex, type IndexAnswer } from '../../index/index-wait';
import type { Signer } from '../../ledger/trace-ledger';
import { findDeclaration, listDeclarations, listSupervision, listVersions, type DeclarationRow } from './declaration-queries';
import type { DeclarationContentInput, DeclarationQuery, ReviseDeclarationBody, SupervisionBody } from './declaration-schemas';

/** What a receipt adds to an answer: where the change is on the ledger, and whether the index has it yet. */
export type LedgerRef = { readonly txId: string; readonly blockNumber: number } & IndexAnswer;

function summary(row: DeclarationRow): Record<string, unknown> {
  const { versions, currentVersion, ...head } = row.record;
  const current = versions[versions.length - 1];
  const content = current
    ? {
        products: current.products,
        standard: current.standard,
        indicators: current.indicators,
        belowRecommended: current.belowRecommended,
        belowRecommendedExplanation: current.belowRecommendedExplanation,
        effectiveDate: current.effectiveDate,
        documentSha256: current.documentSha256,
      }
    : {};
  return { ...head, version: currentVersion, enterpriseName: row.enterpriseName, ...content, blockNumber: row.blockNumber };
}

/** The public record: current content, every version with its ledger transaction, and every spot check. */
export async function getDeclarationView(deps: Pick<Deps, 'knex'>, id: string): Promise<Record<string, unknown>> {
  const row = await findDeclaration(deps.knex, id);
  if (!row) throw new NotFoundError(`declaration ${id}`);
  const versions = (await listVersions(deps.knex, id)).map((v) => ({ ...v.record, blockNumber: v.blockNumber }));
  const supervision = await listSupervision(deps.knex, id);
  return { ...summary(row), versions, supervision };
}

/** Declarations matching the query (current content only). */
export async function searchDeclarations(deps: Pick<Deps, 'knex'>, query: DeclarationQuery): Promise<Record<string, unknown>[]> {
  return (await listDeclarations(deps.knex, query)).map(summary);
}

type DeclarationTx = 'PublishDeclaration' | 'ReviseDeclaration' | 'WithdrawDeclaration';

async function submitDeclaration<K extends DeclarationTx>(
  deps: Deps,
  signer: Signer,
  fn: K,
  input: Input<K>,
): Promise<{ declaration: Record<string, unknown> } & LedgerRef> {
  const receipt = await deps.ledger.submit(signer, fn, input);
  const index = await awaitIndex(deps.indexer, receipt, deps.config.INDEX_WAIT_MS);
  // Not in the index (yet): answer with the record as the ledger returned it.
  const declaration = index.indexed
    ? await getDeclarationView(deps, receipt.result.id)
    : Object.fromEntries(Object.entries(receipt.result));
  return { declaration, txId: receipt.txId, blockNumber: receipt.blockNumber, ...index };
}

/** Publishes a new declaration under a fresh id. */
export async function publishDeclaration(
  deps: Deps,
  signer: Signer,
  body: DeclarationContentInput,
): Promise<{ declaration: Record<string, unknown> } & LedgerRef> {
  const id = `dcl_${crypto.randomBytes(12).toString('base64url')}`;
  return submitDeclaration(deps, signer, 'PublishDeclaration', { ...body, id });
}

/** Puts a new version on the ledger; the previous one becomes superseded. */
export async function reviseDeclaration(
  deps: Deps,
  signer: Signer,
  id: string,
  body: ReviseDeclarationBody,
): Promise<{ declaration: Record<string, unknown> } & LedgerRef> {
  return submitDeclaration(deps, signer, 'ReviseDeclaration', { ...body, id });
}

/** Withdraws a declaration; its history stays public. */
export async function withdrawDeclaration(
  deps: Deps,
  signer: Signer,
  id: string,
  reason: string,
): Promise<{ declaration: Record<string, unknown> } & LedgerRef> {
  return submitDeclaration(deps, signer, 'WithdrawDeclaration', { id, reason });
}

/** Records a regulator's spot check against the declaration's current version. */
export async function recordSupervision(
  deps: Deps,
  signer: Signer,
  id: string,
  body: SupervisionBody,
): Promise<{ supervision: SupervisionRecord; declaration: Record<string, unknown> } & LedgerRef> {
  const receipt = await deps.ledger.submit(signer, 'RecordSupervision', { ...body, id });
  const index = await awaitIndex(deps.indexer, receipt, deps.config.INDEX_WAIT_MS);
  const declaration = index.indexed ? await getDeclarationView(deps, id) : { id };
  return { supervision: receipt.result, declaration, txId: receipt.txId, blockNumber: receipt.blockNumber, ...index };
}
