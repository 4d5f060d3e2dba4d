import { z } from '../../http/openapi';

/** Error-correction levels of a QR code: L 7 %, M 15 %, Q 25 %, H 30 % of the code may be damaged. */
export const eccSchema = z.enum(['L', 'M', 'Q', 'H']).default('M').describe('error correction: L, M, Q or H');

/** Largest QR image, in pixels: a PNG's cost grows with its area (~80 ms of one core at 1024, ~320 ms at 2048). */
export const QR_MAX_SIZE = 1024;

/** Rendering options of one QR image. */
export const qrQuerySchema = z.object({
  size: z.coerce.number().int().min(64).max(QR_MAX_SIZE).default(256).describe(`width and height in pixels (64-${QR_MAX_SIZE})`),
  ecc: eccSchema,
  margin: z.coerce.number().int().min(0).max(16).default(4).describe('quiet zone in modules (0-16; 4 is the standard)'),
});

export type QrOptions = z.infer<typeof qrQuerySchema>;

/** Path of a lot's QR image: `/qr/01/{gtin}/10/{lot}.svg|.png`. */
export const qrParamsSchema = z.object({
  gtin: z.string().regex(/^\d{8}$|^\d{12,14}$/, 'a GTIN of 8, 12, 13 or 14 digits'),
  file: z.string().regex(/^.+\.(svg|png)$/, 'the lot followed by .svg or .png'),
});

const pipeList = z
  .string()
  .max(20000)
  .transform((s) =>
    s
      .split('|')
      .map((v) => v.trim())
      .filter((v) => v.length > 0),
  );

/** A label sheet: one label per lot, or one per serial of a single lot. */
export const sheetQuerySchema = z
  .object({
    lots: pipeList.describe('lot identifiers (Digital Link or urn:epc:class:lgtin), pipe-separated'),
    serials: pipeList.optional().describe('serial numbers of the one lot in `lots`, pipe-separated'),
    size: z.coerce.number().int().min(64).max(QR_MAX_SIZE).default(160).describe(`QR size in CSS pixels (64-${QR_MAX_SIZE})`),
    ecc: eccSchema,
  })
  .refine((q) => q.lots.length > 0, { path: ['lots'], message: 'name at least one lot' })
  .refine((q) => !q.serials?.length || q.lots.length === 1, { path: ['serials'], message: 'serials need exactly one lot' })
  .refine((q) => Math.max(q.lots.length, q.serials?.length ?? 0) <= 500, { path: ['lots'], message: 'at most 500 labels per sheet' });

export type SheetQuery = z.infer<typeof sheetQuerySchema>;
