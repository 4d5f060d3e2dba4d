import { Router } from 'express';
import type { Deps } from '../../deps';
import { problemResponses, type OpenAPIRegistry } from '../../http/openapi';
import { parseOr400 } from '../../http/validate';
import { listKeys } from '../auth/api-key-queries';
import { requirePrincipal, signerOf } from '../auth/principal';
import { createKeySchema, keyIdParams, registerEnterpriseSchema } from './admin-schemas';
import { createKey, deleteKey, registerEnterprise } from './admin-service';

function document(registry: OpenAPIRegistry): void {
  const security = [{ apiKey: [] }];
  registry.registerPath({ method: 'post', path: '/admin/enterprises', tags: ['admin'], security, summary: 'Register an enterprise on the ledger and issue its first API key', request: { body: { content: { 'application/json': { schema: registerEnterpriseSchema } } } }, responses: { 201: { description: 'Registered: { enterprise, apiKey }' }, ...problemResponses, 409: { description: 'Already registered' } } });
  registry.registerPath({ method: 'post', path: '/admin/keys', tags: ['admin'], security, summary: 'Issue an API key', request: { body: { content: { 'application/json': { schema: createKeySchema } } } }, responses: { 201: { description: '{ id, apiKey }' }, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/admin/keys', tags: ['admin'], security, summary: 'List API keys (never the keys themselves)', responses: { 200: { description: 'Keys' }, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/enterprises', tags: ['admin'], security, summary: 'Registered enterprises with their company prefixes and locations (any API key)', responses: { 200: { description: '{ enterprises }' }, ...problemResponses } });
  registry.registerPath({ method: 'delete', path: '/admin/keys/{id}', tags: ['admin'], security, summary: 'Revoke an API key', request: { params: keyIdParams }, responses: { 204: { description: 'Revoked' }, ...problemResponses } });
}

/** Admin routes: enterprises and API keys (role admin; a regulator may also register enterprises). */
export function adminRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  document(registry);
  const router = Router();
  router.post('/admin/enterprises', async (req, res) => {
    const principal = requirePrincipal(res, ['admin', 'regulator']);
    const input = parseOr400(registerEnterpriseSchema, req.body, 'enterprise');
    const out = await registerEnterprise(deps, signerOf(principal), input);
    res.status(201).location(`/admin/enterprises/${out.enterprise.id}`).json(out);
  });
  router.post('/admin/keys', async (req, res) => {
    requirePrincipal(res, ['admin']);
    const out = await createKey(deps, parseOr400(createKeySchema, req.body, 'key'));
    res.status(201).json(out);
  });
  router.get('/admin/keys', async (_req, res) => {
    requirePrincipal(res, ['admin']);
    res.json({ keys: await listKeys(deps.knex) });
  });
  router.delete('/admin/keys/:id', async (req, res) => {
    requirePrincipal(res, ['admin']);
    await deleteKey(deps, parseOr400(keyIdParams, req.params, 'path').id);
    res.status(204).end();
  });
  router.get('/enterprises', async (_req, res) => {
    // Locations carry site names and GLNs, which the public projection never shows.
    requirePrincipal(res, ['enterprise', 'regulator', 'admin']);
    const rows = await deps.knex('enterprises').select('id', 'name', 'company_prefixes', 'locations', 'tx_id', 'block_number').orderBy('id');
    res.json({ enterprises: rows.map((r: Record<string, unknown>) => ({ id: r.id, name: r.name, companyPrefixes: r.company_prefixes, locations: r.locations, txId: r.tx_id, blockNumber: Number(r.block_number) })) });
  });
  return router;
}
