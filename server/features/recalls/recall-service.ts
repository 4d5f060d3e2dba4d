import crypto from 'node:crypto';
import type { AffectedLot, RecallRecord } from '../../../chaincode/src/core/recalls';
import type { Deps } from '../../deps';
import { InputError, NotFoundError, UnavailableError } from '../../http/errors';
import { awaitIndex, type IndexAnswer } from '../../index/index-wait';
import { signerOf, type Principal } from '../auth/principal';
import { canonicalOr400, startNode } from '../trace/trace-service';
import { affectedOf, enterpriseNames, findRecall, listRecalls, scopeOf, type AffectedRow, type RecallRow } from './recall-queries';
import type { ConfirmRecallBody, ListRecallsQuery, OpenRecallBody, RecallNotice } from './recall-schemas';
import { publicScope, scopeReport, type PublicScope, type ScopeReport } from './recall-scope';

type RecallDeps = Pick<Deps, 'knex' | 'ledger' | 'indexer' | 'clock'> & { readonly config: Pick<Deps['config'], 'INDEX_WAIT_MS'> };

// The ledger decides the scope; the index only says early which lots it has never seen.
async function checkKnown(deps: RecallDeps, lots: readonly string[]): Promise<void> {
  for (const [i, lot] of lots.entries()) {
    try {
      await startNode(deps.knex, lot);
    } catch (err) {
      if (err instanceof NotFoundError)
        throw new InputError('Unknown lot', [{ path: `lots[${i}]`, message: `${lot} is not in the index` }]);
      throw err;
    }
  }
}

// A lot recorded a moment ago may not be indexed yet: let the index reach the ledger height first.
async function catchUp(deps: RecallDeps): Promise<void> {
  const { height } = await deps.ledger.info();
  if (!(await deps.indexer.waitForHeight(height, deps.config.INDEX_WAIT_MS)))
    throw new UnavailableError(`the index has not reached the ledger height ${height}; try again shortly`);
}

function newRecallId(now: Date): string {
  return `RC-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${crypto.randomBytes(5).toString('hex')}`;
}

type Opened = { id: string; txId: string; blockNumber: number; scope: readonly string[]; affected: readonly AffectedLot[] } & IndexAnswer;

/**
 * Opens a recall on the ledger, which decides its scope (the forward closure; for an enterprise,
 * its own products in it, other owners' lots affected), and waits until the index shows it.
 */
export async function openRecall(deps: RecallDeps, principal: Principal, body: OpenRecallBody): Promise<Opened> {
  const lots = [...new Set(body.lots.map((l, i) => canonicalOr400(l, `lots[${i}]`)))];
  await catchUp(deps);
  await checkKnown(deps, lots);
  const id = newRecallId(deps.clock());
  const notice = { hazard: body.hazard, consumerAction: body.consumerAction, remedy: body.remedy, contact: body.contact };
  const input = {
    id,
    lots,
    reason: body.reason,
    severityClass: body.severityClass,
    notice,
    ...(body.incidentId ? { incidentId: body.incidentId } : {}),
  };
  const receipt = await deps.ledger.openRecall(signerOf(principal), input);
  const index = await awaitIndex(deps.indexer, receipt, deps.config.INDEX_WAIT_MS);
  return {
    id,
    txId: receipt.txId,
    blockNumber: receipt.blockNumber,
    scope: receipt.result.scope,
    affected: receipt.result.affected,
    ...index,
  };
}

/** Confirms affected lots of an enterprise's recall as recalled (their owner or a regulator). */
export async function confirmRecall(
  deps: RecallDeps,
  principal: Principal,
  id: string,
  body: ConfirmRecallBody,
): Promise<{ recall: RecallRecord; txId: string; blockNumber: number } & IndexAnswer> {
  const lots = [...new Set(body.lots.map((l, i) => canonicalOr400(l, `lots[${i}]`)))];
  const receipt = await deps.ledger.submit(signerOf(principal), 'ConfirmRecall', { id, lots });
  const index = await awaitIndex(deps.indexer, receipt, deps.config.INDEX_WAIT_MS);
  return { recall: receipt.result, txId: receipt.txId, blockNumber: receipt.blockNumber, ...index };
}

function noticeOf(row: RecallRow, names: Map<string, string>): RecallNotice {
  const r: RecallRecord = row.record;
  const by = r.openedBy.enterpriseId;
  return {
    id: row.id,
    status: row.status,
    openedAt: new Date(row.opened_at).toISOString(),
    recalledBy: by ? (names.get(by) ?? by) : 'market regulator',
    severityClass: r.severityClass,
    reason: r.reason,
    hazard: r.notice.hazard,
    consumerAction: r.notice.consumerAction,
    remedy: r.notice.remedy,
    contact: r.notice.contact,
    lots: [...r.lots],
    txId: row.tx_id,
  };
}

async function notices(deps: RecallDeps, rows: RecallRow[]): Promise<RecallNotice[]> {
  const names = await enterpriseNames(
    deps.knex,
    rows.flatMap((r) => (r.record.openedBy.enterpriseId ? [r.record.openedBy.enterpriseId] : [])),
  );
  return rows.map((r) => noticeOf(r, names));
}

/** Public recall notices, newest first. */
export async function recallNotices(deps: RecallDeps, query: ListRecallsQuery): Promise<RecallNotice[]> {
  const lot = query.lot === undefined ? undefined : canonicalOr400(query.lot, 'lot');
  return notices(deps, await listRecalls(deps.knex, { limit: query.limit, ...(lot ? { lot } : {}) }));
}

export type RecallReport = RecallNotice & {
  scope: ScopeReport | PublicScope;
  affected?: AffectedRow[];
  openedBy?: RecallRecord['openedBy'];
  incidentId?: string;
  links?: Record<string, string>;
};

function seesFullReport(principal: Principal | undefined, row: RecallRow): boolean {
  if (!principal) return false;
  return principal.role !== 'enterprise' || principal.enterpriseId === row.record.openedBy.enterpriseId;
}

/** A recall with its scope report: in full for regulators, admins and the recalling enterprise, else the public projection. */
export async function recallReport(deps: RecallDeps, principal: Principal | undefined, id: string): Promise<RecallReport> {
  const row = await findRecall(deps.knex, id);
  if (!row) throw new NotFoundError(`recall ${id}`);
  const [notice] = await notices(deps, [row]);
  const report = await scopeReport(deps.knex, await scopeOf(deps.knex, id));
  const affected = await affectedOf(deps.knex, id);
  if (!notice || !seesFullReport(principal, row)) {
    // An owner of affected lots sees those (to confirm them); the public sees only what is recalled.
    const own = principal?.role === 'enterprise' ? affected.filter((a) => a.owner === principal.enterpriseId) : [];
    return { ...(notice as RecallNotice), scope: publicScope(report), ...(own.length > 0 ? { affected: own } : {}) };
  }
  const first = encodeURIComponent(row.record.lots[0] ?? '');
  const links = {
    traceView: `/trace/view?id=${first}&direction=forward`,
    trace: `/trace?id=${first}&direction=forward`,
    csv: `/trace/export.csv?id=${first}&direction=forward`,
    xlsx: `/trace/export.xlsx?id=${first}&direction=forward`,
  };
  return {
    ...notice,
    openedBy: row.record.openedBy,
    ...(row.record.incidentId ? { incidentId: row.record.incidentId } : {}),
    scope: report,
    affected,
    links,
  };
}
