import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps';
import { InputError, NotFoundError, type ServiceError } from '../../http/errors';
import { problemResponses, z, type OpenAPIRegistry } from '../../http/openapi';
import { parseOr400 } from '../../http/validate';
import { complaintRoutes } from './complaint-routes';
import { renderConsumerPage, renderErrorPage } from './consumer-page';
import { pickLang, type Lang } from './i18n';
import { sendCached } from './public-cache';
import { publicTrace, type PublicTrace } from './public-trace-service';
import { linkHeader, linkset, normaliseLinkType } from './resolver-links';
import { parseDigitalLinkPath, resolverQuerySchema, type ResolvedKey, type ResolverQuery } from './resolver-schemas';

type Answer = 'html' | 'json' | 'linkset' | 'recall' | 'certification';

const BY_LINK_TYPE: Readonly<Record<string, Answer>> = { linkset: 'linkset', 'gs1:pip': 'html', 'gs1:traceability': 'json', 'gs1:recallStatus': 'recall', 'gs1:certificationInfo': 'certification' };

function answerOf(req: Request, linkType: string | undefined): Answer {
  const byType = BY_LINK_TYPE[normaliseLinkType(linkType) ?? ''];
  if (byType) return byType;
  const best = req.accepts(['text/html', 'application/json', 'application/linkset+json']);
  if (best === 'application/linkset+json') return 'linkset';
  return best === 'application/json' ? 'json' : 'html';
}

function document(registry: OpenAPIRegistry): void {
  const gtin = z.string().describe('GTIN-8/12/13/14 with a correct check digit');
  const responses = { 200: { description: 'HTML page (browsers), public trace JSON (Accept: application/json or linkType=gs1:traceability), or the linkset (linkType=linkset, Accept: application/linkset+json); always a Link header to the linkset' }, 400: problemResponses[400], 404: problemResponses[404] };
  const paths: ReadonlyArray<readonly [string, Record<string, z.ZodType>]> = [
    ['/01/{gtin}', { gtin }],
    ['/01/{gtin}/10/{lot}', { gtin, lot: z.string() }],
    ['/01/{gtin}/10/{lot}/21/{serial}', { gtin, lot: z.string(), serial: z.string() }],
    ['/01/{gtin}/22/{cpv}/10/{lot}', { gtin, cpv: z.string(), lot: z.string() }],
  ];
  for (const [path, params] of paths) {
    registry.registerPath({ method: 'get', path, tags: ['consumer'], summary: 'GS1 Digital Link resolver: what consumers see when they scan', request: { params: z.object(params), query: resolverQuerySchema }, responses });
  }
}

function sendTrace(req: Request, res: Response, deps: Deps, answer: Answer, trace: PublicTrace, key: ResolvedKey, query: ResolverQuery): void {
  const base = deps.config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  if (answer === 'linkset') return sendCached(req, res, JSON.stringify(linkset(base, key, trace.product.name ?? `GTIN ${trace.gtin}`)), 'application/linkset+json');
  if (answer === 'json') return sendCached(req, res, JSON.stringify(trace), 'application/json');
  if (answer === 'recall') return sendCached(req, res, JSON.stringify({ id: trace.id, ...trace.recall }), 'application/json');
  if (answer === 'certification') return sendCached(req, res, JSON.stringify({ id: trace.id, gtin: trace.gtin, standards: trace.standards }), 'application/json');
  const lang = pickLang(req.headers['accept-language'], query.lang);
  res.setHeader('Content-Language', lang === 'zh' ? 'zh-CN' : 'en');
  sendCached(req, res, renderConsumerPage(trace, { lang, path: key.path, reported: query.reported !== undefined }), 'text/html; charset=utf-8');
}

function sendErrorPage(req: Request, res: Response, err: ServiceError, lang: Lang | undefined): void {
  const status = err.status === 404 ? 404 : 400;
  const detail = err instanceof InputError ? (err.errors[0]?.message ?? err.message) : err.message;
  const page = renderErrorPage(pickLang(req.headers['accept-language'], lang), status, detail, req.path);
  res.status(status).type('text/html; charset=utf-8').setHeader('Cache-Control', 'no-store').send(page);
}

/** The GS1 Digital Link resolver (consumer pages, public trace JSON, linksets) and consumer complaints. */
export function resolverRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  document(registry);
  const router = Router();
  router.use(complaintRoutes(deps, registry));
  router.get('/01/*rest', async (req, res) => {
    const query = parseOr400(resolverQuerySchema, req.query, 'query');
    const answer = answerOf(req, query.linkType);
    try {
      const key = parseDigitalLinkPath(req.path);
      const trace = await publicTrace(deps, key);
      res.setHeader('Link', linkHeader(deps.config.PUBLIC_BASE_URL.replace(/\/+$/, ''), key));
      sendTrace(req, res, deps, answer, trace, key, query);
    } catch (err) {
      if (answer !== 'html' || !(err instanceof InputError || err instanceof NotFoundError)) throw err;
      sendErrorPage(req, res, err, query.lang);
    }
  });
  return router;
}
