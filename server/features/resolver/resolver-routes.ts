import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps';
import { InputError, NotFoundError, type ServiceError } from '../../http/errors';
import { z, type OpenAPIRegistry } from '../../http/openapi';
import { documentRoute } from '../../http/route';
import { parseOr400 } from '../../http/validate';
import { complaintRoutes } from './complaint-routes';
import { renderConsumerPage, renderErrorPage } from './consumer-page';
import { pickLang, type Lang } from './i18n';
import { publicAnswer, sendPublic, type PublicAnswer } from './public-cache';
import { publicTrace, type PublicTrace } from './public-trace-service';
import { linkHeader, linkset, normaliseLinkType } from './resolver-links';
import { parseDigitalLinkPath, resolverQuerySchema, type ResolvedKey, type ResolverQuery } from './resolver-schemas';
import { resolverWireOf } from './resolver-wire';

type Answer = 'html' | 'json' | 'linkset' | 'recall' | 'certification';

const BY_LINK_TYPE: Readonly<Record<string, Answer>> = {
  linkset: 'linkset',
  'gs1:pip': 'html',
  'gs1:traceability': 'json',
  'gs1:recallStatus': 'recall',
  'gs1:certificationInfo': 'certification',
};

function answerOf(req: Request, linkType: string | undefined): Answer {
  const byType = BY_LINK_TYPE[normaliseLinkType(linkType) ?? ''];
  if (byType) return byType;
  const best = req.accepts(['text/html', 'application/json', 'application/linkset+json']);
  if (best === 'application/linkset+json') return 'linkset';
  return best === 'application/json' ? 'json' : 'html';
}

// One Express route ('/01/*rest') answers every Digital Link path; each path is documented here.
function document(registry: OpenAPIRegistry): void {
  const gtin = z.string().describe('GTIN-8/12/13/14 with a correct check digit');
  const json = z
    .record(z.string(), z.unknown())
    .describe('the public trace (or, by linkType, the recall status or certification info)')
    .openapi('PublicTraceAnswer');
  const linksetSchema = z.object({ linkset: z.array(z.record(z.string(), z.unknown())) }).openapi('Linkset');
  const html = z.string().describe('the consumer page, or an error page for a browser');
  const responses = {
    200: {
      description:
        'HTML page (browsers), public trace JSON (Accept: application/json or linkType=gs1:traceability), or the linkset (linkType=linkset, Accept: application/linkset+json); always a Link header to the linkset',
      schema: json,
      also: { 'text/html': html, 'application/linkset+json': linksetSchema },
      headers: { Link: 'the linkset of this key', ETag: 'strong' },
    },
    304: { description: 'Not modified (If-None-Match matched the ETag)' },
    400: { description: 'A browser gets an error page (HTML)', schema: html, contentTypes: ['text/html'] },
    404: { description: 'A browser gets an error page (HTML)', schema: html, contentTypes: ['text/html'] },
  };
  const paths: ReadonlyArray<readonly [string, Record<string, z.ZodType>]> = [
    ['/01/{gtin}', { gtin }],
    ['/01/{gtin}/10/{lot}', { gtin, lot: z.string() }],
    ['/01/{gtin}/10/{lot}/21/{serial}', { gtin, lot: z.string(), serial: z.string() }],
    ['/01/{gtin}/21/{serial}', { gtin, serial: z.string() }],
    ['/01/{gtin}/22/{cpv}/10/{lot}', { gtin, cpv: z.string(), lot: z.string() }],
  ];
  for (const [path, params] of paths) {
    documentRoute(registry, {
      method: 'get',
      path,
      tags: ['consumer'],
      summary: 'GS1 Digital Link resolver: what consumers see when they scan',
      request: { params: z.object(params), query: resolverQuerySchema },
      responses,
      errors: [404],
    });
  }
}

/** The answer for one request: which body, and for pages which language and whether a report was just filed. */
function variantOf(req: Request, answer: Answer, query: ResolverQuery): { readonly prefix: string; readonly lang: Lang } {
  const lang = pickLang(req.headers['accept-language'], query.lang);
  const page = answer === 'html' ? `${lang}|${query.reported !== undefined ? 'r' : ''}` : '';
  return { prefix: `${answer}|${page}|`, lang };
}

function buildAnswer(deps: Deps, answer: Answer, trace: PublicTrace, key: ResolvedKey, lang: Lang, reported: boolean): PublicAnswer {
  const base = deps.config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  const headers = { Link: linkHeader(base, key), Vary: 'Accept, Accept-Language' };
  if (answer === 'linkset')
    return publicAnswer(
      JSON.stringify(linkset(base, key, trace.product.name ?? `GTIN ${trace.gtin}`)),
      'application/linkset+json',
      headers,
    );
  if (answer === 'json') return publicAnswer(JSON.stringify(trace), 'application/json', headers);
  if (answer === 'recall') return publicAnswer(JSON.stringify({ id: trace.id, ...trace.recall }), 'application/json', headers);
  if (answer === 'certification')
    return publicAnswer(JSON.stringify({ id: trace.id, gtin: trace.gtin, standards: trace.standards }), 'application/json', headers);
  const page = renderConsumerPage(trace, { lang, path: key.path, reported });
  return publicAnswer(page, 'text/html; charset=utf-8', { ...headers, 'Content-Language': lang === 'zh' ? 'zh-CN' : 'en' });
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
  const wire = resolverWireOf(deps);
  router.get('/01/*rest', async (req, res) => {
    const query = parseOr400(resolverQuerySchema, req.query, 'query');
    const answer = answerOf(req, query.linkType);
    const { prefix, lang } = variantOf(req, answer, query);
    // A scan without a query string can next time be answered before express (resolver-wire.ts).
    if (!req.originalUrl.includes('?')) wire.remember(req.headers.accept, req.headers['accept-language'], prefix);
    try {
      const built = await wire.answers.get(`${prefix}${req.path}`, async () => {
        const key = parseDigitalLinkPath(req.path);
        return buildAnswer(deps, answer, await publicTrace(deps, key), key, lang, query.reported !== undefined);
      });
      sendPublic(req, res, built);
    } catch (err) {
      if (answer !== 'html' || !(err instanceof InputError || err instanceof NotFoundError)) throw err;
      sendErrorPage(req, res, err, query.lang);
    }
  });
  return router;
}
