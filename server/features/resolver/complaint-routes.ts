import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Deps } from '../../deps';
import { ServiceError } from '../../http/errors';
import { z, type OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { complaintsFor, fileComplaint } from './complaint-service';
import { complaintQuerySchema, complaintSchema } from './resolver-schemas';

const CANONICAL_ORIGIN = 'https://id.gs1.org';

const complaintAnswer = z
  .object({ complaint: z.object({ id: z.string(), subjectId: z.string(), createdAt: z.string() }) })
  .openapi('FiledComplaint', {
    example: {
      complaint: {
        id: 'cmp_ab12cd34',
        subjectId: 'https://id.gs1.org/01/06970002001012/10/TGY261012A',
        createdAt: '2026-11-27T08:00:00.000Z',
      },
    },
  });
const complaintList = z.object({ complaints: z.array(z.object({ id: z.string() }).catchall(z.unknown())) }).openapi('Complaints');

// A consumer writes a complaint now and then; a burst from one address is a script.
function complaintLimiter(perMinute: number): ReturnType<typeof rateLimit> | undefined {
  if (perMinute === 0) return undefined;
  const limit = Math.max(1, Math.ceil(perMinute / 60));
  return rateLimit({
    windowMs: 60000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(new ServiceError('Too many complaints from this address; try again in a minute', 429, 'too-many-requests')),
  });
}

/** `POST /complaints` (public) and `GET /complaints` (owning enterprise, regulators). */
export function complaintRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const router = Router();
  const limiter = complaintLimiter(deps.config.PUBLIC_RATE_LIMIT_PER_MIN);
  const complaints = { method: 'post', path: '/complaints', tags: ['consumer'] } as const;
  // The limiter runs before the route, so it is mounted on the path; the route documents its 429.
  if (limiter) router.post(complaints.path, limiter);
  defineRoute(
    router,
    registry,
    {
      ...complaints,
      summary: 'Report a problem with a product (public, rate limited); a browser form gets a 303 back to the page',
      request: {
        body: { schema: complaintSchema, contentTypes: ['application/json', 'application/x-www-form-urlencoded'], what: 'complaint' },
      },
      responses: {
        201: { description: 'Filed', schema: complaintAnswer },
        303: { description: 'Back to the product page (form posts)', headers: { Location: 'the product page, with reported=1' } },
      },
      errorNotes: { 429: 'Too many complaints from this address' },
    },
    async (c) => {
      const input = c.body;
      const complaint = await fileComplaint(deps, input);
      if (c.req.is('application/x-www-form-urlencoded') && complaint.subjectId.startsWith(`${CANONICAL_ORIGIN}/01/`)) {
        c.res.redirect(
          303,
          `${complaint.subjectId.slice(CANONICAL_ORIGIN.length)}?reported=1${input.lang ? `&lang=${input.lang}` : ''}#report`,
        );
        return;
      }
      c.res.status(201).json({ complaint: { id: complaint.id, subjectId: complaint.subjectId, createdAt: complaint.createdAt } });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/complaints',
      tags: ['consumer'],
      roles: ['enterprise', 'regulator', 'admin'],
      summary: 'Complaints: an enterprise reads those about its products, regulators read all',
      request: { query: complaintQuerySchema },
      responses: { 200: { description: 'Complaints, newest first', schema: complaintList } },
    },
    async (c) => {
      const principal = c.principal();
      c.res.json({ complaints: await complaintsFor(deps, principal, c.query) });
    },
  );
  return router;
}
