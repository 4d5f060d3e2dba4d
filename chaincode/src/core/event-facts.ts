import { checkEventBounds } from './bounds';
import { cbvWord } from './cbv';
import { invalid } from './errors';
import { IdentifierError, parseIdentifier, type ParsedIdentifier } from './identifiers';

/** How an identifier takes part in an event. */
export type RefRole = 'epc' | 'parent' | 'child' | 'input' | 'output';

export interface EpcRef {
  readonly role: RefRole;
  readonly raw: string;
  readonly id: string;
  readonly parsed: ParsedIdentifier;
  readonly isClass: boolean;
  readonly quantity?: number;
  readonly uom?: string;
}

export interface PartyRef {
  readonly type: string;
  readonly party: string;
}

/** What the rules and the index need to know about one EPCIS event. */
export interface EventFacts {
  readonly eventType: string;
  readonly action?: string;
  readonly bizStep?: string;
  readonly disposition?: string;
  readonly readPoint?: string;
  readonly bizLocation?: string;
  readonly refs: readonly EpcRef[];
  readonly sources: readonly PartyRef[];
  readonly destinations: readonly PartyRef[];
  readonly isErrorDeclaration: boolean;
}

const EPC_LISTS: ReadonlyArray<readonly [string, RefRole]> = [
  ['epcList', 'epc'],
  ['childEPCs', 'child'],
  ['inputEPCList', 'input'],
  ['outputEPCList', 'output'],
];
const QUANTITY_LISTS: ReadonlyArray<readonly [string, RefRole]> = [
  ['quantityList', 'epc'],
  ['childQuantityList', 'child'],
  ['inputQuantityList', 'input'],
  ['outputQuantityList', 'output'],
];

type Json = Readonly<Record<string, unknown>>;

function parseAt(raw: unknown, path: string): ParsedIdentifier {
  if (typeof raw !== 'string') throw invalid(`${path}: must be an identifier string`);
  try {
    return parseIdentifier(raw);
  } catch (err) {
    if (err instanceof IdentifierError) throw invalid(`${path}: ${err.message}`);
    throw err;
  }
}

function listAt(event: Json, field: string): readonly unknown[] {
  const value = event[field];
  return Array.isArray(value) ? value : [];
}

function epcRefs(event: Json, path: string): EpcRef[] {
  const refs: EpcRef[] = [];
  for (const [field, role] of EPC_LISTS) {
    listAt(event, field).forEach((raw, i) => {
      const parsed = parseAt(raw, `${path}.${field}[${i}]`);
      refs.push({ role, raw: raw as string, id: parsed.canonical, parsed, isClass: false });
    });
  }
  if (typeof event.parentID === 'string') {
    const parsed = parseAt(event.parentID, `${path}.parentID`);
    refs.push({ role: 'parent', raw: event.parentID, id: parsed.canonical, parsed, isClass: false });
  }
  return refs;
}

function quantityRefs(event: Json, path: string): EpcRef[] {
  const refs: EpcRef[] = [];
  for (const [field, role] of QUANTITY_LISTS) {
    listAt(event, field).forEach((q, i) => {
      const item = (q ?? {}) as Json;
      const parsed = parseAt(item.epcClass, `${path}.${field}[${i}].epcClass`);
      const quantity = typeof item.quantity === 'number' ? item.quantity : undefined;
      const uom = typeof item.uom === 'string' ? item.uom : undefined;
      refs.push({ role, raw: item.epcClass as string, id: parsed.canonical, parsed, isClass: true, quantity, uom });
    });
  }
  return refs;
}

function parties(event: Json, field: 'sourceList' | 'destinationList', key: 'source' | 'destination'): PartyRef[] {
  return listAt(event, field).flatMap((entry) => {
    const e = (entry ?? {}) as Json;
    const party = e[key];
    return typeof party === 'string' && typeof e.type === 'string' ? [{ type: cbvSdt(e.type), party: canonicalOrRaw(party) }] : [];
  });
}

function cbvSdt(type: string): string {
  return type.replace(/^urn:epcglobal:cbv:sdt:/, '').replace(/^https:\/\/ref\.gs1\.org\/cbv\/SDT-/, '');
}

function canonicalOrRaw(value: string): string {
  try {
    return parseIdentifier(value).canonical;
  } catch {
    return value.trim();
  }
}

function idOf(value: unknown): string | undefined {
  const id = (value as Json | undefined)?.id;
  return typeof id === 'string' ? canonicalOrRaw(id) : undefined;
}

// A string as is, a missing value as '', anything else as its JSON text.
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Extracts identifiers (canonicalised), parties and CBV words from an event; INVALID on a bad identifier. */
export function eventFacts(event: Json, path = 'event'): EventFacts {
  checkEventBounds(event, path);
  const bizStep = optionalString(event.bizStep);
  const disposition = optionalString(event.disposition);
  return {
    eventType: textOf(event.type),
    action: optionalString(event.action),
    bizStep: bizStep === undefined ? undefined : cbvWord('bizStep', bizStep),
    disposition: disposition === undefined ? undefined : cbvWord('disposition', disposition),
    readPoint: idOf(event.readPoint),
    bizLocation: idOf(event.bizLocation),
    refs: [...epcRefs(event, path), ...quantityRefs(event, path)],
    sources: parties(event, 'sourceList', 'source'),
    destinations: parties(event, 'destinationList', 'destination'),
    isErrorDeclaration: typeof event.errorDeclaration === 'object' && event.errorDeclaration !== null,
  };
}
