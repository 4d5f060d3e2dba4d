import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { gtin } from '../helpers/supply-chain';
import { startTestService, type TestService } from '../helpers/test-service';
import { PngWorker } from '../../server/features/qr/png-worker';

const BASE = 'https://trace.example.cn';
let t: TestService;

beforeAll(async () => {
  t = await startTestService({ PUBLIC_BASE_URL: BASE });
}, 120000);

afterAll(async () => {
  await t?.close();
});

/** Decodes the QR code in a PNG with a real decoder (jsQR). */
function decodePng(bytes: Buffer): string | undefined {
  const png = PNG.sync.read(bytes);
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

/** The body of an image answer (supertest buffers image/* bodies). */
function binary(res: { body: unknown; text?: string }): Buffer {
  if (Buffer.isBuffer(res.body)) return res.body;
  return Buffer.from(res.text ?? '', 'utf8');
}

describe('GET /qr/01/{gtin}/10/{lot}.png', () => {
  it('encodes exactly the Digital Link of the lot on PUBLIC_BASE_URL', async () => {
    const g = gtin('9520061', '00101');
    const res = await t.http.get(`/qr/01/${g}/10/LOT-2026.A.png?size=300&ecc=H`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const png = PNG.sync.read(binary(res));
    expect(png.width).toBe(300);
    expect(decodePng(binary(res))).toBe(`${BASE}/01/${g}/10/LOT-2026.A`);
  });

  it('normalises a GTIN-13 to 14 digits and percent-encodes lot characters outside the unreserved set', async () => {
    const g14 = gtin('9520062', '00202');
    const res = await t.http.get(`/qr/01/${g14.slice(1)}/10/${encodeURIComponent('A/7+B')}.png`).buffer(true);
    expect(res.status).toBe(200);
    expect(decodePng(binary(res))).toBe(`${BASE}/01/${g14}/10/A%2F7%2BB`);
  });

  it('answers the same bytes again (from its cache) with an ETag', async () => {
    const path = `/qr/01/${gtin('9520063', '00303')}/10/C1.png?size=128&ecc=L`;
    const a = await t.http.get(path).buffer(true);
    const b = await t.http.get(path).buffer(true);
    expect(binary(b).equals(binary(a))).toBe(true);
    expect(a.headers.etag).toBeDefined();
    expect((await t.http.get(path).set('If-None-Match', a.headers.etag ?? '')).status).toBe(304);
  });
});

describe('QR rendering cost', () => {
  it('renders each PNG once per full set of parameters and answers repeats from its cache', async () => {
    const render = jest.spyOn(PngWorker.prototype, 'render');
    try {
      const path = `/qr/01/${gtin('9520067', '00707')}/10/K1.png`;
      const first = await t.http.get(`${path}?size=200&ecc=M&margin=2`).buffer(true);
      const again = await t.http.get(`${path}?margin=2&ecc=M&size=200`).buffer(true);
      expect(render).toHaveBeenCalledTimes(1);
      const otherEcc = await t.http.get(`${path}?size=200&ecc=Q&margin=2`).buffer(true);
      const otherMargin = await t.http.get(`${path}?size=200&ecc=M&margin=3`).buffer(true);
      expect(render).toHaveBeenCalledTimes(3);
      expect(binary(again).equals(binary(first))).toBe(true);
      expect(binary(otherEcc).equals(binary(first))).toBe(false);
      expect(PNG.sync.read(binary(otherMargin)).width).toBe(200);
    } finally {
      render.mockRestore();
    }
  });

  it('renders the largest allowed PNG: 1024 px, error correction H, a 20-character lot, 16 modules of quiet zone', async () => {
    const g = gtin('9520068', '00808');
    const res = await t.http.get(`/qr/01/${g}/10/${'Z'.repeat(20)}.png?size=1024&ecc=H&margin=16`).buffer(true);
    expect(res.status).toBe(200);
    expect(PNG.sync.read(binary(res)).width).toBe(1024);
    expect(res.headers['x-digital-link']).toBe(`${BASE}/01/${g}/10/${'Z'.repeat(20)}`);
  });
});

describe('GET /qr/01/{gtin}/10/{lot}.svg', () => {
  it('answers an SVG of the requested size', async () => {
    const res = await t.http.get(`/qr/01/${gtin('9520064', '00404')}/10/S1.svg?size=512&ecc=Q`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = binary(res).toString('utf8');
    expect(svg).toMatch(/^<svg[^>]+width="512"/);
    expect(res.headers['x-digital-link']).toBe(`${BASE}/01/${gtin('9520064', '00404')}/10/S1`);
  });
});

describe('QR parameter validation', () => {
  const g = gtin('9520065', '00505');
  it.each([
    ['a size below 64', `/qr/01/${g}/10/L1.png?size=10`, 'size'],
    ['a PNG size above 1024', `/qr/01/${g}/10/L1.png?size=1025`, 'size'],
    ['an SVG size above 1024', `/qr/01/${g}/10/L1.svg?size=2048`, 'size'],
    ['a size of 1e300', `/qr/01/${g}/10/L1.png?size=1e300`, 'size'],
    ['a quiet zone above 16 modules', `/qr/01/${g}/10/L1.png?margin=17`, 'margin'],
    ['a lower-case error-correction level', `/qr/01/${g}/10/L1.png?ecc=h`, 'ecc'],
    ['a label sheet size above 1024', `/qr/sheet?lots=${encodeURIComponent(`https://id.gs1.org/01/${g}/10/L1`)}&size=1025`, 'size'],
    ['an unknown error-correction level', `/qr/01/${g}/10/L1.svg?ecc=X`, 'ecc'],
    ['a GTIN with a wrong check digit', `/qr/01/${g.slice(0, 13)}${(Number(g.slice(13)) + 1) % 10}/10/L1.svg`, 'path'],
    ['a lot longer than 20 characters', `/qr/01/${g}/10/${'L'.repeat(21)}.svg`, 'path'],
    ['an image format other than svg or png', `/qr/01/${g}/10/L1.gif`, 'file'],
  ])('rejects %s with 400', async (_name, path, field) => {
    const res = await t.http.get(path);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(JSON.parse(res.text).errors)).toContain(field);
  });
});

describe('GET /qr/sheet', () => {
  const g = gtin('9520066', '00606');
  const lot = (code: string): string => `https://id.gs1.org/01/${g}/10/${code}`;

  it('prints one label per lot, each with its code inline and a print stylesheet', async () => {
    const res = await t.http.get('/qr/sheet').query({ lots: `${lot('A1')}|urn:epc:class:lgtin:9520066.000606.B2` });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text.match(/<svg/g)).toHaveLength(2);
    expect(res.text).toContain('@media print');
    expect(res.text).toContain(`(01) ${g} (10) A1`);
    expect(res.text).toContain(`(01) ${g} (10) B2`);
  });

  it('prints one label per serial of a lot', async () => {
    const res = await t.http.get('/qr/sheet').query({ lots: lot('A1'), serials: '1001|1002|1003' });
    expect(res.status).toBe(200);
    expect(res.text.match(/<svg/g)).toHaveLength(3);
    expect(res.text).toContain(`(01) ${g} (10) A1 (21) 1003`);
  });

  it('rejects serials for several lots, a serialised item as a lot, and an empty list', async () => {
    expect((await t.http.get('/qr/sheet').query({ lots: `${lot('A1')}|${lot('A2')}`, serials: '1' })).status).toBe(400);
    expect((await t.http.get('/qr/sheet').query({ lots: `https://id.gs1.org/01/${g}/21/9` })).status).toBe(400);
    expect((await t.http.get('/qr/sheet').query({ lots: '' })).status).toBe(400);
  });
});
