import crypto from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * Sends a public, briefly cacheable answer with a strong ETag over its bytes; answers 304 when the
 * client already holds it (`If-None-Match`).
 */
export function sendCached(req: Request, res: Response, body: string | Buffer, contentType: string, maxAgeSeconds = 60): void {
  const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', `public, max-age=${maxAgeSeconds}`);
  res.append('Vary', 'Accept, Accept-Language');
  const held = (req.headers['if-none-match'] ?? '').split(',').map((s) => s.trim().replace(/^W\//, ''));
  if (held.includes(etag) || held.includes('*')) {
    res.status(304).end();
    return;
  }
  res.type(contentType).send(body);
}
