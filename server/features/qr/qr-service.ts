import QRCode from 'qrcode';
import { IdentifierError, parseIdentifier } from '../../../chaincode/src/core/identifiers';
import { InputError } from '../../http/errors';
import { digitalLinkPath, parseDigitalLinkPath } from '../resolver/resolver-schemas';
import { LRUCache } from 'lru-cache';
import type { PngWorker } from './png-worker';
import type { QrOptions, SheetQuery } from './qr-schemas';

/** One label: the link it encodes and the human-readable lines under the code. */
export interface Label {
  readonly url: string;
  readonly gtin: string;
  readonly lot: string;
  readonly serial?: string;
}

/** The Digital Link of a lot on the public base URL; 400 when the GTIN or lot is not valid. */
export function lotLabel(baseUrl: string, gtin: string, lot: string): Label {
  const key = parseDigitalLinkPath(digitalLinkPath({ gtin, lot }));
  return { url: `${baseUrl.replace(/\/+$/, '')}${key.path}`, gtin: key.gtin, lot: key.lot ?? lot };
}

function lotOfIdentifier(id: string, index: number): { gtin: string; lot: string } {
  try {
    const parsed = parseIdentifier(id);
    if (parsed.gtin !== undefined && parsed.lot !== undefined && parsed.serial === undefined) return { gtin: parsed.gtin, lot: parsed.lot };
  } catch (err) {
    if (!(err instanceof IdentifierError)) throw err;
    throw new InputError('Invalid label sheet', [{ path: `lots[${index}]`, message: err.message }]);
  }
  throw new InputError('Invalid label sheet', [{ path: `lots[${index}]`, message: 'not a lot (GTIN + lot) identifier' }]);
}

function serialLabel(baseUrl: string, lot: Label, serial: string, index: number): Label {
  try {
    const path = digitalLinkPath({ gtin: lot.gtin, lot: lot.lot, serial });
    parseDigitalLinkPath(path);
    return { ...lot, url: `${baseUrl.replace(/\/+$/, '')}${path}`, serial };
  } catch (err) {
    if (err instanceof InputError)
      throw new InputError('Invalid label sheet', [{ path: `serials[${index}]`, message: err.errors[0]?.message ?? err.message }]);
    throw err;
  }
}

/** The labels a sheet asks for: one per lot, or one per serial of its single lot. */
export function sheetLabels(baseUrl: string, query: SheetQuery): Label[] {
  const lots = query.lots.map((id, i) => lotOfIdentifier(id, i)).map((l) => lotLabel(baseUrl, l.gtin, l.lot));
  const [first] = lots;
  if (!query.serials?.length || !first) return lots;
  return query.serials.map((serial, i) => serialLabel(baseUrl, first, serial, i));
}

/** The QR code of `url` as an SVG document. */
export async function qrSvg(url: string, opts: QrOptions): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: opts.ecc, margin: opts.margin, width: opts.size });
}

/**
 * Renders QR codes as PNG on `worker`'s thread (the service's `PngWorker`); PNG encoding is slow (~270/s on
 * one core at the default size), so results are kept in an LRU cache.
 */
export function pngRenderer(worker: PngWorker, capacity = 1000): (url: string, opts: QrOptions) => Promise<Buffer> {
  const cache = new LRUCache<string, Buffer>({ max: Math.max(1, capacity) });

  return async (url, opts) => {
    const cacheKey = `${opts.size}|${opts.ecc}|${opts.margin}|${url}`;
    const cached = cache.get(cacheKey);
    if (cached) return cached;
    const png = await worker.render(url, { errorCorrectionLevel: opts.ecc, margin: opts.margin, width: opts.size });
    cache.set(cacheKey, png);
    return png;
  };
}
