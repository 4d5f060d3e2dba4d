import { Router } from 'express';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../http/errors';
import { z, type OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { checkIndex } from '../../index/index-check';
import { indexStatus } from '../../index/index-status';
import { principalOf } from '../auth/principal';
import { VerificationReports } from './verify-reports';

const txParams = z.object({ txId: z.string().regex(/^[0-9a-f]{64}$/, 'a 64-character hex transaction id') });

const tags = ['ledger'];
const indexSchema = z.object({
  checkpoint: z.object({ blockNumber: z.number().int(), txIndex: z.number().int() }),
  ledgerHeight: z.number().int(),
  lagBlocks: z.number().int(),
  caughtUp: z.boolean(),
  quarantined: z.number().int(),
});
const ledgerInfoSchema = z
  .object({
    mode: z.enum(['embedded', 'fabric']),
    height: z.number().int(),
    headHash: z.string(),
    channel: z.string().optional(),
    index: indexSchema,
  })
  .openapi('LedgerInfo', {
    example: {
      mode: 'embedded',
      height: 42,
      headHash: '9c0e…',
      index: { checkpoint: { blockNumber: 42, txIndex: 0 }, ledgerHeight: 42, lagBlocks: 0, caughtUp: true, quarantined: 0 },
    },
  });
const verifyReportSchema = z
  .object({
    ok: z.boolean(),
    chain: z
      .object({
        ok: z.boolean(),
        height: z.number().int(),
        checkedBlocks: z.number().int(),
        checkedTransactions: z.number().int(),
        supported: z.boolean(),
        durationMs: z.number().int().optional().describe('how long the ledger check took'),
      })
      .catchall(z.unknown()),
    index: z
      .object({
        ok: z.boolean(),
        method: z
          .enum(['sealed', 'compared'])
          .optional()
          .describe(
            '`sealed`: the index seal held against one scan of every derived table; `compared`: the index was rebuilt from the ledger in a scratch schema and compared row by row (the seal did not hold, see `seal.reason`)',
          ),
        durationMs: z.number().int().optional().describe('how long the index check took'),
      })
      .catchall(z.unknown()),
    checkedAt: z.string().optional(),
    fresh: z.boolean(),
  })
  .catchall(z.unknown())
  .openapi('VerificationReport');
const txSchema = z
  .object({
    txId: z.string(),
    blockNumber: z.number().int(),
    position: z.number().int(),
    fn: z.string(),
    creator: z.object({ mspId: z.string(), id: z.string() }),
    signature: z.string(),
    txTime: z.string(),
    status: z.string(),
  })
  .openapi('LedgerTransaction');

/** Ledger status, verification and transaction lookup (readable by anyone: the ledger is there to be checked). */
export function ledgerRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const reports = new VerificationReports({
    clock: deps.clock,
    run: async () => {
      const t0 = performance.now();
      const chain = await deps.ledger.verify();
      const t1 = performance.now();
      const index = await checkIndex(deps);
      const ms = (from: number, to: number): number => Math.round(to - from);
      return {
        ok: chain.ok && index.ok,
        chain: { ...chain, durationMs: ms(t0, t1) },
        index: { ...index, durationMs: ms(t1, performance.now()) },
      };
    },
  });
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/ledger',
      tags,
      summary: 'Height, head hash and mode, and how far the index has caught up',
      responses: { 200: { description: 'Ledger info', schema: ledgerInfoSchema } },
    },
    async (c) => {
      const info = await deps.ledger.info();
      c.res.json({ ...info, index: await indexStatus(deps) });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/ledger/verify',
      tags,
      auth: 'optional',
      summary:
        'Recompute the hash chain and signatures and check the index against the ledger (regulator or admin key); anyone else gets the last report',
      description:
        "A regulator or admin key runs a fresh verification (concurrent callers share one run). On the embedded ledger it is the fast depth: headers, links, data hashes, every signature and the state store against its signed checkpoint, without re-execution; `chain.reexecuted` says which blocks were last re-executed and when (`npm run cli -- ledger verify --deep` re-executes them all). The index is checked against its seal (row counts and keyed hash sums the indexer keeps per commit, under a key in the service's data folder) with one scan of each derived table; when the seal does not hold it is rebuilt from the ledger and compared row by row, naming each row that differs (`index.method`). Without such a key the answer is the last report, with `checkedAt` and `fresh: false`; it never starts a run, and is 404 until one has been run.",
      responses: { 200: { description: 'Verification report (ok true/false, checkedAt, fresh)', schema: verifyReportSchema } },
      errors: [404],
    },
    async (c) => {
      const role = principalOf(c.res)?.role;
      if (role === 'regulator' || role === 'admin') {
        c.res.setHeader('Cache-Control', 'no-store');
        c.res.json({ ...(await reports.fresh()), fresh: true });
        return;
      }
      const latest = reports.latest();
      if (!latest)
        throw new NotFoundError('verification report: none has been run since the service started; a regulator or admin key runs one');
      c.res.setHeader('Cache-Control', 'no-cache');
      c.res.json({ ...latest, fresh: false });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/ledger/tx/{txId}',
      tags,
      summary: 'A transaction: block, position, creator, signature',
      request: { params: txParams },
      responses: { 200: { description: 'Transaction', schema: txSchema } },
      errors: [404],
    },
    async (c) => {
      const { txId } = c.params;
      const tx = await deps.ledger.getTransaction(txId);
      if (!tx) throw new NotFoundError(`transaction ${txId}`);
      c.res.json(tx);
    },
  );
  return router;
}
