import crypto from 'node:crypto';
import { canonicalIdentifier } from '../../../chaincode/src/core/identifiers';
import type { EnterpriseRecord } from '../../../chaincode/src/core/model';
import type { Deps } from '../../deps';
import { InputError, NotFoundError } from '../../http/errors';
import type { Signer } from '../../ledger/trace-ledger';
import { insertKey, newApiKey, revokeKey } from '../auth/api-key-queries';
import type { CreateKey, RegisterEnterprise } from './admin-schemas';

function canonicalLocations(input: RegisterEnterprise): RegisterEnterprise['locations'] {
  return input.locations?.map((loc, i) => {
    try {
      return { ...loc, id: canonicalIdentifier(loc.id) };
    } catch (err) {
      throw new InputError('Invalid location', [{ path: `locations[${i}].id`, message: (err as Error).message }]);
    }
  });
}

/** Registers the enterprise on the ledger, waits for the index, and issues its first API key. */
export async function registerEnterprise(
  deps: Deps,
  signer: Signer,
  input: RegisterEnterprise,
): Promise<{ enterprise: EnterpriseRecord; apiKey: string; keyId: string; txId: string; blockNumber: number }> {
  const receipt = await deps.ledger.registerEnterprise(signer, { ...input, locations: canonicalLocations(input) ?? [] });
  // The receipt proves the registration: the first key is issued even when the index is still behind
  // (a lagging index must not turn a registered enterprise into a 404 with no key).
  await deps.indexer.waitForTx(receipt.txId, receipt.blockNumber);
  const { apiKey, id } = await issueKey(deps, { role: 'enterprise', enterpriseId: input.id, name: `${input.name} (first key)` });
  return { enterprise: receipt.result, apiKey, keyId: id, txId: receipt.txId, blockNumber: receipt.blockNumber };
}

/** Issues an API key; an enterprise key needs a registered enterprise. */
export async function createKey(deps: Deps, input: CreateKey): Promise<{ id: string; apiKey: string }> {
  if (input.role === 'enterprise') {
    const exists: unknown = await deps.knex('enterprises').where({ id: input.enterpriseId }).first();
    if (!exists) throw new NotFoundError(`enterprise ${input.enterpriseId} is not registered`);
  }
  return issueKey(deps, input);
}

async function issueKey(deps: Deps, input: CreateKey): Promise<{ id: string; apiKey: string }> {
  const id = `key_${crypto.randomBytes(9).toString('base64url')}`;
  const apiKey = newApiKey();
  await insertKey(
    deps.knex,
    { id, name: input.name, role: input.role, ...(input.role === 'enterprise' ? { enterpriseId: input.enterpriseId } : {}) },
    apiKey,
    deps.clock(),
  );
  return { id, apiKey };
}

export async function deleteKey(deps: Deps, id: string): Promise<void> {
  if (!(await revokeKey(deps.knex, id, deps.clock()))) throw new NotFoundError(`API key ${id}`);
}
