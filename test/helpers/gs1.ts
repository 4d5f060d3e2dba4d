import { gs1CheckDigit } from '../../chaincode/src/core/identifiers';

/** A GTIN-14 under `prefix` (7 digits) with item reference `item`, check digit included. */
export function gtin(prefix: string, item: number, indicator = 0): string {
  const body = `${indicator}${prefix}${String(item).padStart(12 - prefix.length, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
}

/** An SSCC-18 under `prefix` with serial reference `serial`. */
export function sscc(prefix: string, serial: number): string {
  const body = `0${prefix}${String(serial).padStart(16 - prefix.length, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
}

/** A GLN-13 under `prefix`. */
export function gln(prefix: string, location: number): string {
  const body = `${prefix}${String(location).padStart(12 - prefix.length, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
}

export const lotId = (g: string, lot: string): string => `https://id.gs1.org/01/${g}/10/${lot}`;
export const itemId = (g: string, serial: string): string => `https://id.gs1.org/01/${g}/21/${serial}`;
export const ssccId = (s: string): string => `https://id.gs1.org/00/${s}`;
export const glnId = (g: string): string => `https://id.gs1.org/414/${g}`;

/** An EPCISDocument around `events`. */
export function epcisDocument(events: object[], context: unknown[] = []): Record<string, unknown> {
  return {
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', ...context],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-05-01T00:00:00.000Z',
    epcisBody: { eventList: events },
  };
}

let counter = 0;
/** A unique prefix per call, so each test owns its identifiers. */
export function uniquePrefix(): string {
  counter += 1;
  return `95${String(process.pid % 1000).padStart(3, '0')}${String(counter).padStart(2, '0')}`;
}
