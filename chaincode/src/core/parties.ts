import { parseIdentifier } from './identifiers';
import { K } from './keys';
import type { Staged } from './staged';
import type { LedgerState } from './state';

const PGLN_URN = /^urn:epc:id:pgln:(\d+)\.(\d*)$/;
const PARTY_LINK = /\/(?:414|417)\/(\d{13})(?:[/?#]|$)/;

/** The 13 GLN digits a party or location names (PGLN URN, SGLN URN or Digital Link /414/ or /417/). */
export function glnDigits(id: string): string | undefined {
  const urn = PGLN_URN.exec(id);
  if (urn) return `${urn[1] ?? ''}${urn[2] ?? ''}`;
  const link = PARTY_LINK.exec(id);
  if (link) return link[1];
  try {
    return parseIdentifier(id).gln;
  } catch {
    return undefined;
  }
}

/** The enterprise whose company prefix starts `digits` (GTIN digits 2–14, SSCC 2–18 or a GLN). */
export async function ownerOfDigits(state: LedgerState, reader: Pick<Staged, 'get'>, digits: string): Promise<string | undefined> {
  for (let len = 6; len <= Math.min(12, digits.length); len++) {
    const owner = await reader.get(state.key(K.prefix, [digits.slice(0, len)]));
    if (owner !== undefined) return owner;
  }
  return undefined;
}

/** The registered enterprise a party or location identifier belongs to: a claimed location first, then its company prefix. */
export async function enterpriseAt(state: LedgerState, reader: Pick<Staged, 'get'>, id: string): Promise<string | undefined> {
  const located = await reader.get(state.key(K.location, [id]));
  if (located !== undefined) return located;
  const digits = glnDigits(id);
  return digits === undefined ? undefined : ownerOfDigits(state, reader, digits);
}
