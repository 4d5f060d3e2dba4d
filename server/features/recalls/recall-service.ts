import crypto from 'node:crypto';
import type { RecallRecord } from '../../../chaincode/src/core/recalls';
import type { Deps } from '../../deps';
import { ForbiddenError, InputError, NotFoundError } from '../../http/errors';
import { awaitIndex, type IndexAnswer } from '../../index/index-wait';
import { signerOf, type Principal } from '../auth/principal';
import { identifiersByIds, walkLineage } from '../trace/trace-queries';
import { MAX_DEPTH } from '../trace/trace-schemas';
import { canonicalOr400, startNode } from '../trace/trace-service';
import { enterpriseNames, findRecall, listRecalls, scopeOf, type RecallRow } from './recall-queries';
import type { ListRecallsQuery, OpenRecallBody, RecallNotice } from './recall-schemas';
import { publicScope, scopeReport, type PublicScope, type ScopeReport } from './recall-scope';

type RecallDeps = Pick<Deps, 'knex' | 'ledger' | 'indexer' | 'clock'> & { readonly config: Pick<Deps['config'], 'INDEX_WAIT_MS'> };

async function seedsOf(deps: RecallDeps, lots: readonly string[]): Promise<string[]> {
  const seeds: string[] = [];
  for (const [i, lot] of lots.entries()) {
    try {
      seeds.push(await startNode(deps.knex, lot));
    } catch (err) {
      if (err instanceof NotFoundError) throw new InputError('Unknown lot', [{ path: `lots[${i}]`, message: `${lot} is not in the index` }]);
      throw err;
    }
  }
  return seeds;
}

async function checkOwnership(deps: RecallDeps, principal: Principal, lots: string[]): Promise<void> {
  if (principal.role !== 'enterprise') return;
  const owners = new Map((await identifiersByIds(deps.knex, lots)).map((r) => [r.id, r.owner]));
  const foreign = lots.filter((l) => owners.get(l) !== principal.enterpriseId);
  if (foreign.length > 0) throw new ForbiddenError(`enterprise ${principal.enterpriseId ?? ''} does not own ${foreign.join(', ')}`);
}

/** The recall's scope: the lots and their forward closure through transformations and aggregations. */
export async function forwardClosure(deps: RecallDeps, lots: string[]): Promise<string[]> {
  const reached = await walkLineage(deps.knex, await seedsOf(deps, lots), 'forward', MAX_DEPTH);
  return [...new Set([...lots, ...reached.map((r) => r.id)])].sort();
}

function newRecallId(now: Date): string {
  return `RC-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${crypto.randomBytes(5).toString('hex')}`;
}

/** Opens a recall on the ledger with its forward closure as scope, and waits until the index shows it. */
export async function openRecall(deps: RecallDeps, principal: Principal, body: OpenRecallBody): Promise<{ id: string; txId: string; blockNumber: number; scope: string[] } & IndexAnswer> {
  const lots = [...new Set(body.lots.map((l, i) => canonicalOr400(l, `lots[${i}]`)))];
  await checkOwnership(deps, principal, lots);
  const scope = await forwardClosure(deps, lots);
  const id = newRecallId(deps.clock());
  const notice = { hazard: body.hazard, consumerAction: body.consumerAction, remedy: body.remedy, contact: body.contact };
  const input = { id, lots, scope, reason: body.reason, severityClass: body.severityClass, notice, ...(body.incidentId ? { incidentId: body.incidentId } : {}) };
  const receipt = await deps.ledger.openRecall(signerOf(principal), input);
  const index = await awaitIndex(deps.indexer, receipt, deps.config.INDEX_WAIT_MS);
  return { id, txId: receipt.txId, blockNumber: receipt.blockNumber, scope, ...index };
}

function noticeOf(row: RecallRow, names: Map<string, string>): RecallNotice {
  const r: RecallRecord = row.record;
  const by = r.openedBy.enterpriseId;
  return {
    id: row.id, status: row.status, openedAt: new Date(row.opened_at).toISOString(), recalledBy: by ? (names.get(by) ?? by) : 'market regulator',
    severityClass: r.severityClass, reason: r.reason, hazard: r.notice.hazard, consumerAction: r.notice.consumerAction, remedy: r.notice.remedy,
    contact: r.notice.contact, lots: [...r.lots], txId: row.tx_id,
  };
}

async function notices(deps: RecallDeps, rows: RecallRow[]): Promise<RecallNotice[]> {
  const names = await enterpriseNames(deps.knex, rows.flatMap((r) => (r.record.openedBy.enterpriseId ? [r.record.openedBy.enterpriseId] : [])));
  return rows.map((r) => noticeOf(r, names));
}

/** Public recall notices, newest first. */
export async function recallNotices(deps: RecallDeps, query: ListRecallsQuery): Promise<RecallNotice[]> {
  const lot = query.lot === undefined ? undefined : canonicalOr400(query.lot, 'lot');
  return notices(deps, await listRecalls(deps.knex, { limit: query.limit, ...(lot ? { lot } : {}) }));
}

export type RecallReport = RecallNotice & { scope: ScopeReport | PublicScope; openedBy?: RecallRecord['openedBy']; incidentId?: string; links?: Record<string, string> };

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
  if (!notice || !seesFullReport(principal, row)) return { ...(notice as RecallNotice), scope: publicScope(report) };
  const first = encodeURIComponent(row.record.lots[0] ?? '');
  const links = { traceView: `/trace/view?id=${first}&direction=forward`, trace: `/trace?id=${first}&direction=forward`, csv: `/trace/export.csv?id=${first}&direction=forward`, xlsx: `/trace/export.xlsx?id=${first}&direction=forward` };
  return { ...notice, openedBy: row.record.openedBy, ...(row.record.incidentId ? { incidentId: row.record.incidentId } : {}), scope: report, links };
}
