import { Router } from 'express';
import type { Deps } from '../../deps';
import { problemResponses, type OpenAPIRegistry } from '../../http/openapi';
import { parseOr400 } from '../../http/validate';
import { sendCached } from '../resolver/public-cache';
import { qrParamsSchema, qrQuerySchema, sheetQuerySchema } from './qr-schemas';
import { lotLabel, pngRenderer, qrSvg, sheetLabels } from './qr-service';
import { renderSheet } from './qr-sheet';

function document(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get', path: '/qr/01/{gtin}/10/{file}', tags: ['qr'], summary: 'QR code of a lot\'s Digital Link on PUBLIC_BASE_URL; {file} is the lot followed by .svg or .png',
    request: { params: qrParamsSchema, query: qrQuerySchema },
    responses: { 200: { description: 'image/svg+xml or image/png' }, 400: problemResponses[400] },
  });
  registry.registerPath({
    method: 'get', path: '/qr/sheet', tags: ['qr'], summary: 'Printable label sheet (HTML) for a list of lots or for the serials of one lot',
    request: { query: sheetQuerySchema },
    responses: { 200: { description: 'text/html, print-ready' }, 400: problemResponses[400] },
  });
}

// Images and sheets only change with PUBLIC_BASE_URL, so clients may keep them a day.
const DAY = 86400;

/** QR images of lot Digital Links and printable label sheets (public: they only encode public links). */
export function qrRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  document(registry);
  const router = Router();
  const png = pngRenderer();
  router.get('/qr/01/:gtin/10/:file', async (req, res) => {
    const params = parseOr400(qrParamsSchema, req.params, 'path');
    const opts = parseOr400(qrQuerySchema, req.query, 'query');
    const format = params.file.endsWith('.png') ? 'png' : 'svg';
    const label = lotLabel(deps.config.PUBLIC_BASE_URL, params.gtin, params.file.slice(0, -4));
    res.setHeader('X-Digital-Link', label.url);
    if (format === 'png') return sendCached(req, res, await png(label.url, opts), 'image/png', DAY);
    sendCached(req, res, await qrSvg(label.url, opts), 'image/svg+xml', DAY);
  });
  router.get('/qr/sheet', async (req, res) => {
    const query = parseOr400(sheetQuerySchema, req.query, 'query');
    const labels = sheetLabels(deps.config.PUBLIC_BASE_URL, query);
    const rendered = await Promise.all(labels.map(async (label) => ({ label, svg: await qrSvg(label.url, { size: query.size, ecc: query.ecc, margin: 2 }) })));
    sendCached(req, res, renderSheet(rendered, query.size), 'text/html; charset=utf-8', 60);
  });
  return router;
}
