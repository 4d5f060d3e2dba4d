import crypto from 'node:crypto';
import { IdentifierError, lotClassOf, parseIdentifier } from '../../../chaincode/src/core/identifiers';
import type { IncidentRecord } from '../../../chaincode/src/core/incidents';
import type { DeadlineRule } from '../../../chaincode/src/core/working-days';
import type { Config } from '../../config/config';
import type { Deps } from '../../deps';
import { InputError, NotFoundError } from '../../http/errors';
import { awaitIndex } from '../../index/index-wait';
import type { Signer } from '../../ledger/trace-ledger';
import type { Principal } from '../auth/principal';
import { findIncident, listIncidents, recallsOfIncident } from './incident-queries';
import type { IncidentQuery, ReportIncidentBody, StatusChangeBody } from './incident-schemas';

type View = Record<string, unknown>;

/** The deadline rule in force, from configuration; it travels with every report onto the ledger. */
export function deadlineRule(config: Pick<Config, 'INCIDENT_WORKING_DAYS' | 'INCIDENT_TIME_ZONE' | 'INCIDENT_HOLIDAYS'>): DeadlineRule {
  return {
    workingDays: config.INCIDENT_WORKING_DAYS,
    timeZone: config.INCIDENT_TIME_ZONE,
    holidays: config.INCIDENT_HOLIDAYS.split(',').filter(Boolean),
  };
}

function canonicalLot(lot: ReportIncidentBody['lots'][number], soleGtin: string | undefined, path: string): string {
  const raw = typeof lot === 'string' ? lot : `https://id.gs1.org/01/${lot.gtin}/10/${encodeURIComponent(lot.lot)}`;
  const isIdentifier = /^(https?|urn):/i.test(raw);
  // A bare lot code is only meaningful next to its product; with several products it stays as given.
  if (!isIdentifier && !soleGtin) return raw;
  const candidate = isIdentifier ? raw : `https://id.gs1.org/01/${soleGtin ?? ''}/10/${encodeURIComponent(raw)}`;
  try {
    const lotClass = lotClassOf(parseIdentifier(candidate));
    if (lotClass) return lotClass;
  } catch (err) {
    if (!(err instanceof IdentifierError)) throw err;
    throw new InputError('Invalid lot', [{ path, message: err.message }]);
  }
  throw new InputError('Invalid lot', [{ path, message: 'not a lot identifier (needs a GTIN and a lot)' }]);
}

function canonicalLots(body: ReportIncidentBody): string[] {
  const soleGtin = body.products.length === 1 ? body.products[0]?.gtin : undefined;
  return [...new Set(body.lots.map((lot, i) => canonicalLot(lot, soleGtin, `lots[${i}]`)))];
}

async function view(deps: Pick<Deps, 'knex'>, row: { record: IncidentRecord; blockNumber: number }): Promise<View> {
  return { ...row.record, blockNumber: row.blockNumber, recalls: await recallsOfIncident(deps.knex, row.record) };
}

/** An incident for a principal who may read it; anyone else gets 404 (reports are not public). */
export async function getIncidentView(deps: Pick<Deps, 'knex'>, principal: Principal, id: string): Promise<View> {
  const row = await findIncident(deps.knex, id);
  if (!row || (principal.role === 'enterprise' && row.record.enterpriseId !== principal.enterpriseId))
    throw new NotFoundError(`incident ${id}`);
  return view(deps, row);
}

/** Incidents the principal may see: a regulator all of them, an enterprise its own. */
export async function searchIncidents(deps: Pick<Deps, 'knex'>, principal: Principal, query: IncidentQuery): Promise<View[]> {
  const own = principal.role === 'enterprise' ? (principal.enterpriseId ?? '') : undefined;
  return (await listIncidents(deps.knex, query, own)).map((r) => ({ ...r.record, blockNumber: r.blockNumber }));
}

/** Files a report under a fresh id; the ledger decides its due time and whether it is late. */
export async function reportIncident(deps: Deps, principal: Principal, signer: Signer, body: ReportIncidentBody): Promise<View> {
  const id = `inc_${crypto.randomBytes(12).toString('base64url')}`;
  const input = { ...body, lots: canonicalLots(body), id, rule: deadlineRule(deps.config) };
  const receipt = await deps.ledger.submit(signer, 'ReportIncident', input);
  const index = await awaitIndex(deps.indexer, receipt, deps.config.INDEX_WAIT_MS);
  // Not in the index (yet): answer with the record as the ledger returned it.
  if (!index.indexed) return { ...receipt.result, blockNumber: receipt.blockNumber, ...index };
  return { ...(await getIncidentView(deps, principal, id)), ...index };
}

/** Moves an incident along the regulator's workflow. */
export async function changeIncidentStatus(
  deps: Deps,
  principal: Principal,
  signer: Signer,
  id: string,
  body: StatusChangeBody,
): Promise<View> {
  const receipt = await deps.ledger.submit(signer, 'SetIncidentStatus', { ...body, id });
  const index = await awaitIndex(deps.indexer, receipt, deps.config.INDEX_WAIT_MS);
  if (!index.indexed) return { ...receipt.result, blockNumber: receipt.blockNumber, statusTxId: receipt.txId, ...index };
  return { ...(await getIncidentView(deps, principal, id)), statusTxId: receipt.txId, ...index };
}
