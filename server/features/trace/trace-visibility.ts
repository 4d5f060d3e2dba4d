import type { Knex } from 'knex';
import type { CustodyRow, EdgeRow } from './trace-queries';

type Db = Knex | Knex.Transaction;

/** The events touching `nodeIds` that `enterpriseId` is party to (recorder, source, destination, place or next holder). */
export async function partyEvents(db: Db, enterpriseId: string, nodeIds: readonly string[]): Promise<Set<string>> {
  const res = await db.raw<{ rows: Array<{ event_id: string }> }>(
    `SELECT DISTINCT e.event_id FROM unnest(?::text[]) AS n(id) JOIN v_event_epcs e ON e.node_id = n.id
     JOIN event_parties p ON p.event_seq = e.event_seq WHERE p.enterprise_id = ?`,
    [[...nodeIds], enterpriseId],
  );
  return new Set(res.rows.map((r) => r.event_id));
}

/** A declared-erroneous event on the traced nodes, as the trace reports it. */
export interface CorrectionRow {
  readonly event_id: string;
  readonly declared_by: string;
  readonly declared_at: Date | string;
  readonly error_declaration: { readonly reason?: unknown };
  readonly corrective_event_ids: string[];
}

/** Error declarations of events touching `nodeIds` (ordered by event). */
export async function correctionsOf(db: Db, nodeIds: readonly string[]): Promise<CorrectionRow[]> {
  const res = await db.raw<{ rows: CorrectionRow[] }>(
    `SELECT d.event_id, d.declared_by, d.declared_at, d.error_declaration, d.corrective_event_ids FROM event_declarations d
     WHERE d.event_id IN (SELECT event_id FROM v_event_epcs WHERE node_id = ANY(?::text[])) ORDER BY d.event_id`,
    [[...nodeIds]],
  );
  return res.rows;
}

/** What an enterprise may see of a traced chain: only edges and custody facts of events it is party to. */
export interface VisibleChain {
  readonly edges: EdgeRow[];
  readonly custody: CustodyRow[];
  /** The start and the nodes the visible events name. */
  readonly nodes: Set<string>;
}

/** Keeps the parts of a chain an enterprise is party to; the rest of the chain (other customers, sites) stays hidden. */
export function visibleChain(
  start: string,
  visible: ReadonlySet<string>,
  edges: readonly EdgeRow[],
  custody: readonly CustodyRow[],
): VisibleChain {
  const kept = edges.flatMap((e) => {
    const ids = e.event_ids.filter((id) => visible.has(id));
    return ids.length > 0 ? [{ ...e, event_ids: ids }] : [];
  });
  const seen = custody.filter((c) => visible.has(c.event_id));
  const nodes = new Set([start, ...kept.flatMap((e) => [e.from_id, e.to_id]), ...seen.map((c) => c.node_id)]);
  return { edges: kept, custody: seen, nodes };
}
