import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { html } from '../../http/html';

/** Where swagger-ui-dist's files are on disk, and its version (it names the asset path, so upgrades bust caches). */
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const SWAGGER_UI_VERSION = (JSON.parse(fs.readFileSync(path.join(SWAGGER_UI_DIR, 'package.json'), 'utf8')) as { version: string }).version;

/** The URL prefix of the swagger-ui files; versioned, so they can be cached as immutable. */
export const DOCS_ASSETS = `/docs/assets/swagger-ui-${SWAGGER_UI_VERSION}`;

/**
 * The only files of the package that are served: the bundle, its stylesheet, their source maps and the
 * favicons. The package's own index.html and initializer (an inline script that loads the petstore) are not.
 */
const SERVED = new Set([
  'swagger-ui-bundle.js',
  'swagger-ui-bundle.js.map',
  'swagger-ui.css',
  'swagger-ui.css.map',
  'favicon-16x16.png',
  'favicon-32x32.png',
]);

/**
 * Starts Swagger UI on /openapi.json. A file of its own rather than an inline script, so the page works
 * under a CSP without 'unsafe-inline'. Try-it-out calls the origin the page was loaded from (the CSP's
 * connect-src is 'self'): the document's servers on that origin are kept, otherwise that origin is used.
 * The API key entered under Authorize stays in the page (persistAuthorization is off: nothing in storage).
 */
export const DOCS_INIT_SCRIPT = `'use strict';
(function () {
  function sameOrigin(server) {
    try { return new URL(server.url, location.href).origin === location.origin; } catch (e) { return false; }
  }
  fetch('/openapi.json', { headers: { Accept: 'application/json' } })
    .then(function (res) { if (!res.ok) throw new Error('/openapi.json answered ' + res.status); return res.json(); })
    .then(function (spec) {
      var servers = (spec.servers || []).filter(sameOrigin);
      spec.servers = servers.length > 0 ? servers : [{ url: location.origin, description: 'this service' }];
      window.ui = SwaggerUIBundle({
        spec: spec,
        dom_id: '#swagger-ui',
        deepLinking: true,
        validatorUrl: null,
        persistAuthorization: false,
        displayRequestDuration: true,
        docExpansion: 'list',
        presets: [SwaggerUIBundle.presets.apis],
        layout: 'BaseLayout'
      });
    })
    .catch(function (err) {
      document.getElementById('swagger-ui').textContent = 'Could not load the API description: ' + err.message;
    });
})();
`;

/** The interactive API reference: Swagger UI from the service's own files, started by /docs/init.js. */
export function docsPage(): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Suyuan API</title>
<link rel="icon" type="image/png" href="${DOCS_ASSETS}/favicon-32x32.png">
<link rel="stylesheet" href="${DOCS_ASSETS}/swagger-ui.css">
</head><body>
<noscript><p>This reference needs JavaScript. The machine-readable description is at <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1);
authenticate with <code>Authorization: Bearer &lt;api key&gt;</code>.</p></noscript>
<div id="swagger-ui"></div>
<script src="${DOCS_ASSETS}/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body></html>`.toString();
}

/** GET /docs, its start-up script and the swagger-ui-dist files it loads. */
export function docsRoutes(): Router {
  const router = Router();
  const assets = express.static(SWAGGER_UI_DIR, { index: false, immutable: true, maxAge: '365d', fallthrough: true });
  router.use(DOCS_ASSETS, (req, res, next) => (SERVED.has(req.path.slice(1)) ? assets(req, res, next) : next()));
  router.get('/docs/init.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'no-cache').send(DOCS_INIT_SCRIPT);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(docsPage());
  });
  return router;
}
