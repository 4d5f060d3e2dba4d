import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { issueCertificate } from './cert-issuer';
import { enterpriseIdentityName, type Wallet, type WalletIdentity } from './wallet';

/** A CA that can issue client identities: cryptogen's `<org>/ca` folder holds one. */
export interface CaFiles {
  readonly certPem: string;
  readonly keyPem: string;
}

/** Reads cryptogen's CA folder (`*-cert.pem` and `priv_sk`). */
export function readCaFolder(dir: string): CaFiles {
  const cert = fs.readdirSync(dir).find((f) => f.endsWith('-cert.pem'));
  if (!cert) throw new Error(`no *-cert.pem in ${dir}`);
  return { certPem: fs.readFileSync(path.join(dir, cert), 'utf8'), keyPem: fs.readFileSync(path.join(dir, 'priv_sk'), 'utf8') };
}

/**
 * Issues an enterprise's Fabric client identity (OU=client, so NodeOUs classify it as a client)
 * from the organisation's CA and stores it in the wallet as `enterprise:<id>`. For development
 * networks; production enrols through the organisation's Fabric CA.
 */
export function enrollEnterprise(opts: { ca: CaFiles; mspId: string; wallet: Wallet; enterpriseId: string }): WalletIdentity {
  const name = enterpriseIdentityName(opts.enterpriseId);
  const issuerO = /O=([^\n]+)/.exec(new crypto.X509Certificate(opts.ca.certPem).subject)?.[1];
  const issued = issueCertificate({ subject: { C: 'CN', ...(issuerO ? { O: issuerO } : {}), OU: 'client', CN: name }, issuer: opts.ca });
  opts.wallet.put(name, { mspId: opts.mspId, ...issued });
  const stored = opts.wallet.get(name);
  if (!stored) throw new Error(`could not write ${opts.wallet.folder(name)}`);
  return stored;
}
