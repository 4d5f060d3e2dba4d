import { Router } from 'express';
import type { Deps } from '../../deps';
import type { OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { listKeys } from '../auth/api-key-queries';
import { signerOf } from '../auth/principal';
import {
  createdKeySchema,
  createKeySchema,
  enterpriseListSchema,
  keyIdParams,
  keyListSchema,
  registeredSchema,
  registerEnterpriseSchema,
} from './admin-schemas';
import { createKey, deleteKey, registerEnterprise } from './admin-service';

const tags = ['admin'];

function keyRoutes(deps: Deps, router: Router, registry: OpenAPIRegistry): void {
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/admin/keys',
      tags,
      roles: ['admin'],
      summary: 'Issue an API key',
      request: { body: { schema: createKeySchema, what: 'key' } },
      responses: { 201: { description: 'The key, shown once', schema: createdKeySchema } },
      errors: [404],
    },
    async (c) => {
      c.principal();
      c.res.status(201).json(await createKey(deps, c.body));
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/admin/keys',
      tags,
      roles: ['admin'],
      summary: 'List API keys (never the keys themselves)',
      responses: { 200: { description: 'Keys, oldest first', schema: keyListSchema } },
    },
    async (c) => {
      c.principal();
      c.res.json({ keys: await listKeys(deps.knex) });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'delete',
      path: '/admin/keys/{id}',
      tags,
      roles: ['admin'],
      summary: 'Revoke an API key',
      request: { params: keyIdParams },
      responses: { 204: { description: 'Revoked' } },
      errors: [404],
    },
    async (c) => {
      c.principal();
      await deleteKey(deps, c.params.id);
      c.res.status(204).end();
    },
  );
}

/** Admin routes: enterprises and API keys (role admin; a regulator may also register enterprises). */
export function adminRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/admin/enterprises',
      tags,
      roles: ['admin', 'regulator'],
      summary: 'Register an enterprise on the ledger and issue its first API key',
      request: { body: { schema: registerEnterpriseSchema, what: 'enterprise' } },
      responses: {
        201: {
          description: 'Registered; Location: /admin/enterprises/{id}',
          schema: registeredSchema,
          headers: { Location: '/admin/enterprises/{id}' },
        },
      },
      errors: [409, 503],
      errorNotes: { 409: 'Already registered, or a company prefix belongs to another enterprise' },
    },
    async (c) => {
      const out = await registerEnterprise(deps, signerOf(c.principal()), c.body);
      c.res.status(201).location(`/admin/enterprises/${out.enterprise.id}`).json(out);
    },
  );
  keyRoutes(deps, router, registry);
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/enterprises',
      tags,
      roles: ['enterprise', 'regulator', 'admin'],
      summary: 'Registered enterprises with their company prefixes and locations (any API key)',
      responses: { 200: { description: 'Enterprises by id', schema: enterpriseListSchema } },
    },
    async (c) => {
      // Locations carry site names and GLNs, which the public projection never shows.
      c.principal();
      const rows = await deps
        .knex('enterprises')
        .select('id', 'name', 'company_prefixes', 'locations', 'tx_id', 'block_number')
        .orderBy('id');
      c.res.json({
        enterprises: rows.map((r: Record<string, unknown>) => ({
          id: r.id,
          name: r.name,
          companyPrefixes: r.company_prefixes,
          locations: r.locations,
          txId: r.tx_id,
          blockNumber: Number(r.block_number),
        })),
      });
    },
  );
  return router;
}
