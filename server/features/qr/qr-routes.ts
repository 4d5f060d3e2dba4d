import { Router } from 'express';
import type { Deps } from '../../deps';
import { htmlPage } from '../../http/answers';
import { z, type OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { sendCached } from '../resolver/public-cache';
import { qrParamsSchema, qrQuerySchema, sheetQuerySchema } from './qr-schemas';
import { lotLabel, pngRenderer, qrSvg, sheetLabels } from './qr-service';
import { renderSheet } from './qr-sheet';

const tags = ['qr'];
const notModified = { 304: { description: 'Not modified: the client holds this answer already (If-None-Match matched the ETag)' } };

// Images and sheets only change with PUBLIC_BASE_URL, so clients may keep them a day.
const DAY = 86400;

/** QR images of lot Digital Links and printable label sheets (public: they only encode public links). */
export function qrRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const router = Router();
  const png = pngRenderer(deps.qrWorker);
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/qr/01/{gtin}/10/{file}',
      tags,
      summary: "QR code of a lot's Digital Link on PUBLIC_BASE_URL; {file} is the lot followed by .svg or .png",
      request: { params: qrParamsSchema, query: qrQuerySchema },
      responses: {
        200: {
          description: 'The QR code: image/svg+xml for .svg, image/png for .png',
          schema: z.string(),
          contentTypes: ['image/svg+xml', 'image/png'],
          headers: { 'X-Digital-Link': 'the encoded Digital Link', ETag: 'strong' },
        },
        ...notModified,
      },
    },
    async (c) => {
      const params = c.params;
      const opts = c.query;
      const format = params.file.endsWith('.png') ? 'png' : 'svg';
      const label = lotLabel(deps.config.PUBLIC_BASE_URL, params.gtin, params.file.slice(0, -4));
      c.res.setHeader('X-Digital-Link', label.url);
      if (format === 'png') return sendCached(c.req, c.res, await png(label.url, opts), 'image/png', DAY);
      sendCached(c.req, c.res, await qrSvg(label.url, opts), 'image/svg+xml', DAY);
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/qr/sheet',
      tags,
      summary: 'Printable label sheet (HTML) for a list of lots or for the serials of one lot',
      request: { query: sheetQuerySchema },
      responses: { 200: { description: 'The sheet, print-ready', schema: htmlPage, contentTypes: ['text/html'] }, ...notModified },
    },
    async (c) => {
      const query = c.query;
      const labels = sheetLabels(deps.config.PUBLIC_BASE_URL, query);
      const rendered = await Promise.all(
        labels.map(async (label) => ({ label, svg: await qrSvg(label.url, { size: query.size, ecc: query.ecc, margin: 2 }) })),
      );
      sendCached(c.req, c.res, renderSheet(rendered, query.size), 'text/html; charset=utf-8', 60);
    },
  );
  return router;
}
