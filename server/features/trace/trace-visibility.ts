import type { Knex } from 'knex';
import type { CustodyRow, EdgeRow } from './trace-queries';

type Db = Knex | Knex.Transaction;

/** The events touching `nodeIds` that `enterpriseId` is party to (recorder, source, destination, place or next holder). */
export async function partyEvents(db: Db, enterpriseId: string, nodeIds: readonly string[]): Promise<Set<string>> {
  const res = await db.raw<{ rows: Array<{ event_id: string }> }>(
    `SELECT DISTINCT p.event_id FROM unnest(?::text[]) AS n(id) JOIN event_epcs e ON e.node_id = n.id
     JOIN event_parties p ON p.event_id = e.event_id WHERE p.enterprise_id = ?`,
    [[...nodeIds], enterpriseId],
  );
  return new Set(res.rows.map((r) => r.event_id));
}

/** What an enterprise may see of a traced chain: only edges and custody facts of events it is party to. */
export interface VisibleChain {
  readonly edges: EdgeRow[];
  readonly custody: CustodyRow[];
  /** The start and the nodes the visible events name. */
  readonly nodes: Set<string>;
}

/** Keeps the parts of a chain an enterprise is party to; the rest of the chain (other customers, sites) stays hidden. */
export function visibleChain(start: string, visible: ReadonlySet<string>, edges: readonly EdgeRow[], custody: readonly CustodyRow[]): VisibleChain {
  const kept = edges.flatMap((e) => {
    const ids = e.event_ids.filter((id) => visible.has(id));
    return ids.length > 0 ? [{ ...e, event_ids: ids }] : [];
  });
  const seen = custody.filter((c) => visible.has(c.event_id));
  const nodes = new Set([start, ...kept.flatMap((e) => [e.from_id, e.to_id]), ...seen.map((c) => c.node_id)]);
  return { edges: kept, custody: seen, nodes };
}
