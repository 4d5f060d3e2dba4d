import { Router } from 'express';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../http/errors';
import { problemResponses, z, type OpenAPIRegistry } from '../../http/openapi';
import { parseOr400 } from '../../http/validate';
import { indexDrift } from '../../index/index-digest';
import { indexStatus } from '../../index/index-status';
import { principalOf } from '../auth/principal';
import { VerificationReports } from './verify-reports';

const txParams = z.object({ txId: z.string().regex(/^[0-9a-f]{64}$/, 'a 64-character hex transaction id') });

function document(registry: OpenAPIRegistry): void {
  registry.registerPath({ method: 'get', path: '/ledger', tags: ['ledger'], summary: 'Height, head hash and mode', responses: { 200: { description: 'Ledger info' } } });
  registry.registerPath({
    method: 'get', path: '/ledger/verify', tags: ['ledger'],
    summary: 'Recompute the hash chain and signatures and check the index against the ledger (regulator or admin key); anyone else gets the last report',
    description: 'A regulator or admin key runs a fresh verification (concurrent callers share one run). On the embedded ledger it is the fast depth: headers, links, data hashes, every signature and the state store against its signed checkpoint, without re-execution; `chain.reexecuted` says which blocks were last re-executed and when (`npm run cli -- ledger verify --deep` re-executes them all). Without such a key the answer is the last report, with `checkedAt` and `fresh: false`; it never starts a run, and is 404 until one has been run.',
    responses: { 200: { description: 'Verification report (ok true/false, checkedAt, fresh)' }, 404: problemResponses[404] },
  });
  registry.registerPath({ method: 'get', path: '/ledger/tx/{txId}', tags: ['ledger'], summary: 'A transaction: block, position, creator, signature', request: { params: txParams }, responses: { 200: { description: 'Transaction' }, ...problemResponses } });
}

/** Ledger status, verification and transaction lookup (readable by anyone: the ledger is there to be checked). */
export function ledgerRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  document(registry);
  const reports = new VerificationReports({
    clock: deps.clock,
    run: async () => {
      const chain = await deps.ledger.verify();
      const index = await indexDrift(deps);
      return { ok: chain.ok && index.ok, chain, index };
    },
  });
  const router = Router();
  router.get('/ledger', async (_req, res) => {
    const info = await deps.ledger.info();
    res.json({ ...info, index: await indexStatus(deps) });
  });
  router.get('/ledger/verify', async (_req, res) => {
    const role = principalOf(res)?.role;
    if (role === 'regulator' || role === 'admin') {
      res.setHeader('Cache-Control', 'no-store');
      res.json({ ...(await reports.fresh()), fresh: true });
      return;
    }
    const latest = reports.latest();
    if (!latest) throw new NotFoundError('verification report: none has been run since the service started; a regulator or admin key runs one');
    res.setHeader('Cache-Control', 'no-cache');
    res.json({ ...latest, fresh: false });
  });
  router.get('/ledger/tx/:txId', async (req, res) => {
    const { txId } = parseOr400(txParams, req.params, 'path');
    const tx = await deps.ledger.getTransaction(txId);
    if (!tx) throw new NotFoundError(`transaction ${txId}`);
    res.json(tx);
  });
  return router;
}
