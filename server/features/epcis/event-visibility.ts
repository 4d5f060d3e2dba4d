import type { Knex } from 'knex';
import { parseIdentifier, ownedByPrefix } from '../../../chaincode/src/core/identifiers';
import type { Principal } from '../auth/principal';

/** What visibility decisions need to know about an enterprise. */
export interface Viewer {
  readonly id: string;
  readonly companyPrefixes: readonly string[];
  readonly locations: ReadonlyArray<{ readonly id: string }>;
}

/** The enterprise behind an enterprise key, as visibility sees it; undefined for regulators and admins (they see everything). */
export async function viewerOf(knex: Knex, p: Principal): Promise<Viewer | undefined> {
  if (p.role !== 'enterprise' || !p.enterpriseId) return undefined;
  const row = await knex('enterprises').where({ id: p.enterpriseId }).first('company_prefixes', 'locations');
  return { id: p.enterpriseId, companyPrefixes: row?.company_prefixes ?? [], locations: row?.locations ?? [] };
}

const PARTY_TYPES = /(owning_party|possessing_party)$/;

function partyDigits(party: string): string | undefined {
  const urn = /^urn:epc:id:pgln:(\d+)\.(\d*)$/.exec(party);
  if (urn) return `${urn[1] ?? ''}${urn[2] ?? ''}`;
  return /\/417\/(\d{13})(?:\/|$)/.exec(party)?.[1];
}

/** Whether a party identifier (GLN, PGLN URN or Digital Link) belongs to the viewer. */
export function isViewerParty(party: string, viewer: Viewer): boolean {
  if (viewer.locations.some((l) => l.id === party)) return true;
  const digits = partyDigits(party);
  if (digits) return viewer.companyPrefixes.some((p) => digits.startsWith(p));
  try {
    const parsed = parseIdentifier(party);
    return viewer.locations.some((l) => l.id === parsed.canonical) || viewer.companyPrefixes.some((p) => ownedByPrefix(parsed, p));
  } catch {
    return false;
  }
}

function isParty(doc: Readonly<Record<string, unknown>>, viewer: Viewer): boolean {
  const entries = [
    ...((doc.sourceList as Array<Record<string, unknown>> | undefined) ?? []).map((s) => [s.type, s.source] as const),
    ...((doc.destinationList as Array<Record<string, unknown>> | undefined) ?? []).map((d) => [d.type, d.destination] as const),
  ];
  return entries.some(
    ([type, party]) => typeof type === 'string' && PARTY_TYPES.test(type) && typeof party === 'string' && isViewerParty(party, viewer),
  );
}

/** The event as this viewer may see it: business transactions only for the recorder and the parties. */
export function visibleEvent(
  doc: Readonly<Record<string, unknown>>,
  recorder: string,
  viewer: Viewer | undefined,
): Readonly<Record<string, unknown>> {
  if (!viewer || recorder === viewer.id || doc.bizTransactionList === undefined || isParty(doc, viewer)) return doc;
  const { bizTransactionList: _hidden, ...rest } = doc;
  return rest;
}
