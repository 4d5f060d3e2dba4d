import { Router } from 'express';
import type { Deps } from '../../deps';
import { z, type OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { countQuarantined, listQuarantined } from '../../index/quarantine-queries';

const quarantineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const quarantinedSchema = z
  .object({
    blockNumber: z.number().int(),
    txIndex: z.number().int(),
    txId: z.string(),
    eventName: z.string().describe('chaincode event, e.g. EventsRecorded'),
    eventIds: z.array(z.string()).describe('EPCIS eventIDs the transaction carried, when it carried events'),
    payloadSummary: z.string().describe('the first 500 characters of the event payload'),
    payloadBytes: z.number().int(),
    errorCode: z.string().nullable().describe('SQLSTATE (e.g. 22003, 54000) or rule code (INVALID)'),
    errorMessage: z.string(),
    quarantinedAt: z.string(),
  })
  .openapi('QuarantinedLedgerEvent');

/** The ledger events the index set aside (regulators and admins). */
export function quarantineRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/ledger/quarantine',
      tags: ['ledger'],
      roles: ['regulator', 'admin'],
      summary: 'Ledger events the index could not project and moved past (regulator or admin)',
      description:
        'They stay on the ledger; only their index rows are missing. `total` matches `index.quarantined` in GET /ledger and /readyz and the suyuan_index_quarantined_events gauge.',
      request: { query: quarantineQuery },
      responses: {
        200: {
          description: 'Quarantined events in ledger order',
          schema: z.object({ total: z.number().int(), events: z.array(quarantinedSchema) }).openapi('QuarantinedLedgerEvents'),
        },
      },
    },
    async (c) => {
      c.principal();
      const page = c.query;
      c.res.json({ total: await countQuarantined(deps.knex), events: await listQuarantined(deps.knex, page) });
    },
  );
  return router;
}
