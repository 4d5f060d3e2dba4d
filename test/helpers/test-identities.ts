import { issueCertificate, type CertAndKey } from '../../server/cli/fabric/cert-issuer';
import { fabricIdentityId } from '../../server/ledger/gateway/fabric-id';

/** A Fabric-style client identity made for tests: never the key of a real network. */
export interface TestIdentity extends CertAndKey {
  readonly mspId: string;
  /** What `ctx.clientIdentity.getID()` returns for this certificate. */
  readonly id: string;
}

const cas = new Map<string, Promise<CertAndKey>>();

function caFor(mspId: string): Promise<CertAndKey> {
  let ca = cas.get(mspId);
  if (!ca) {
    ca = issueCertificate({ subject: { C: 'CN', ST: 'Zhejiang', L: 'Hangzhou', O: `${mspId}.test`, CN: `ca.${mspId}.test` }, ca: true });
    cas.set(mspId, ca);
  }
  return ca;
}

/** Issues a client certificate (OU=client, or admin) from a per-MSP test CA. */
export async function testIdentity(name: string, mspId = 'EnterpriseMSP', ou: 'client' | 'admin' = 'client'): Promise<TestIdentity> {
  const issued = await issueCertificate({ subject: { C: 'CN', O: `${mspId}.test`, OU: ou, CN: name }, issuer: await caFor(mspId) });
  return { ...issued, mspId, id: fabricIdentityId(issued.certPem) };
}
