import { Router } from 'express';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../http/errors';
import { problemResponses, z, type OpenAPIRegistry } from '../../http/openapi';
import { parseOr400 } from '../../http/validate';
import { indexDrift } from '../../index/index-digest';
import { indexStatus } from '../../index/index-status';

const txParams = z.object({ txId: z.string().regex(/^[0-9a-f]{64}$/, 'a 64-character hex transaction id') });

/** Ledger status, verification and transaction lookup (public: the ledger is there to be checked). */
export function ledgerRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  registry.registerPath({ method: 'get', path: '/ledger', tags: ['ledger'], summary: 'Height, head hash and mode', responses: { 200: { description: 'Ledger info' } } });
  registry.registerPath({ method: 'get', path: '/ledger/verify', tags: ['ledger'], summary: 'Recompute the hash chain and signatures; check the index against the ledger', responses: { 200: { description: 'Verification report (ok true/false)' } } });
  registry.registerPath({ method: 'get', path: '/ledger/tx/{txId}', tags: ['ledger'], summary: 'A transaction: block, position, creator, signature', request: { params: txParams }, responses: { 200: { description: 'Transaction' }, ...problemResponses } });
  const router = Router();
  router.get('/ledger', async (_req, res) => {
    const info = await deps.ledger.info();
    res.json({ ...info, index: await indexStatus(deps) });
  });
  router.get('/ledger/verify', async (_req, res) => {
    const chain = await deps.ledger.verify();
    const index = await indexDrift(deps);
    res.json({ ok: chain.ok && index.ok, chain, index });
  });
  router.get('/ledger/tx/:txId', async (req, res) => {
    const { txId } = parseOr400(txParams, req.params, 'path');
    const tx = await deps.ledger.getTransaction(txId);
    if (!tx) throw new NotFoundError(`transaction ${txId}`);
    res.json(tx);
  });
  return router;
}
