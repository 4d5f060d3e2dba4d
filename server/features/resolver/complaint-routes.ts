import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Deps } from '../../deps';
import { ServiceError } from '../../http/errors';
import { problemResponses, z, type OpenAPIRegistry } from '../../http/openapi';
import { parseOr400 } from '../../http/validate';
import { requirePrincipal } from '../auth/principal';
import { complaintsFor, fileComplaint } from './complaint-service';
import { complaintQuerySchema, complaintSchema } from './resolver-schemas';

const CANONICAL_ORIGIN = 'https://id.gs1.org';

function document(registry: OpenAPIRegistry): void {
  registry.registerPath({ method: 'post', path: '/complaints', tags: ['consumer'], summary: 'Report a problem with a product (public, rate limited); a browser form gets a 303 back to the page', request: { body: { content: { 'application/json': { schema: complaintSchema }, 'application/x-www-form-urlencoded': { schema: complaintSchema } } } }, responses: { 201: { description: '{ complaint }' }, 303: { description: 'Back to the product page (form posts)' }, 400: problemResponses[400], 429: { description: 'Too many complaints from this address' } } });
  registry.registerPath({ method: 'get', path: '/complaints', tags: ['consumer'], security: [{ apiKey: [] }], summary: 'Complaints: an enterprise reads those about its products, regulators read all', request: { query: complaintQuerySchema }, responses: { 200: { description: '{ complaints }', content: { 'application/json': { schema: z.object({ complaints: z.array(z.object({ id: z.string() })) }) } } }, ...problemResponses } });
}

// A consumer writes a complaint now and then; a burst from one address is a script.
function complaintLimiter(perMinute: number): ReturnType<typeof rateLimit> | undefined {
  if (perMinute === 0) return undefined;
  const limit = Math.max(1, Math.ceil(perMinute / 60));
  return rateLimit({ windowMs: 60000, limit, standardHeaders: 'draft-8', legacyHeaders: false, handler: (_req, _res, next) => next(new ServiceError('Too many complaints from this address; try again in a minute', 429, 'too-many-requests')) });
}

/** `POST /complaints` (public) and `GET /complaints` (owning enterprise, regulators). */
export function complaintRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  document(registry);
  const router = Router();
  const limiter = complaintLimiter(deps.config.PUBLIC_RATE_LIMIT_PER_MIN);
  router.post('/complaints', ...(limiter ? [limiter] : []), async (req, res) => {
    const input = parseOr400(complaintSchema, req.body, 'complaint');
    const complaint = await fileComplaint(deps, input);
    if (req.is('application/x-www-form-urlencoded') && complaint.subjectId.startsWith(`${CANONICAL_ORIGIN}/01/`)) {
      res.redirect(303, `${complaint.subjectId.slice(CANONICAL_ORIGIN.length)}?reported=1${input.lang ? `&lang=${input.lang}` : ''}#report`);
      return;
    }
    res.status(201).json({ complaint: { id: complaint.id, subjectId: complaint.subjectId, createdAt: complaint.createdAt } });
  });
  router.get('/complaints', async (req, res) => {
    const principal = requirePrincipal(res, ['enterprise', 'regulator', 'admin']);
    const page = parseOr400(complaintQuerySchema, req.query, 'query');
    res.json({ complaints: await complaintsFor(deps, principal, page) });
  });
  return router;
}
