import type { Knex } from 'knex';
import { rawRows } from '../../db/raw-rows';
import type { IncidentRecord } from '../../../chaincode/src/core/incidents';

/** An incident as the regulator's worklist shows it. */
export interface WorklistItem {
  readonly record: IncidentRecord;
  /** Filed after its due time and not yet closed. */
  readonly overdue: boolean;
}

/** Per-enterprise counts that feed risk grading. */
export interface EnterpriseCounts {
  readonly enterpriseId: string;
  readonly name: string;
  readonly incidents: number;
  readonly lateReports: number;
  readonly nonConformingSpotChecks: number;
  readonly recalls: number;
}

/** Incidents, overdue first, then the other late ones, then the rest; newest report first within each. */
export async function incidentWorklist(knex: Knex, limit: number): Promise<WorklistItem[]> {
  const rows = await knex('incidents')
    .select<Array<{ record: IncidentRecord; overdue: boolean }>>('record', knex.raw(`(late and status <> 'closed') as overdue`))
    .orderByRaw(`(late and status <> 'closed') desc, late desc, reported_at desc, id`)
    .limit(limit);
  return rows.map((r) => ({ record: r.record, overdue: r.overdue }));
}

// A recall concerns an enterprise when it opened it, when it follows one of its incidents,
// or when one of the recalled lots is the enterprise's own.
const RECALL_CONCERNS = `r.opened_by = e.id
  or exists (select 1 from incidents i where i.enterprise_id = e.id and (i.recall_id = r.id or r.record->>'incidentId' = i.id))
  or exists (select 1 from jsonb_array_elements_text(r.record->'lots') as l(lot) join identifiers o on o.id = l.lot where o.owner = e.id)`;

/** Counts for every registered enterprise, riskiest first. */
export async function enterpriseCounts(knex: Knex): Promise<EnterpriseCounts[]> {
  const rows = await rawRows<{
    id: string;
    name: string;
    incidents: number;
    late_reports: number;
    non_conforming: number;
    recalls: number;
  }>(
    knex,
    `
    select e.id, e.name,
      (select count(*) from incidents i where i.enterprise_id = e.id)::int as incidents,
      (select count(*) from incidents i where i.enterprise_id = e.id and i.late)::int as late_reports,
      (select count(*) from declaration_supervision s where s.enterprise_id = e.id and s.result = 'non-conforming')::int as non_conforming,
      (select count(*) from recalls r where ${RECALL_CONCERNS})::int as recalls
    from enterprises e`,
  );
  const counts = rows.map((r) => ({
    enterpriseId: r.id,
    name: r.name,
    incidents: r.incidents,
    lateReports: r.late_reports,
    nonConformingSpotChecks: r.non_conforming,
    recalls: r.recalls,
  }));
  const weight = (c: EnterpriseCounts): number => c.lateReports + c.nonConformingSpotChecks + c.recalls;
  return counts.sort((a, b) => weight(b) - weight(a) || a.enterpriseId.localeCompare(b.enterpriseId));
}
