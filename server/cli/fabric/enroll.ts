import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/config';
import { fabricSettings } from '../../ledger/gateway/open-gateway-ledger';
import { enterpriseIdentityName, Wallet, walletFolderName, type WalletIdentity } from '../../ledger/gateway/wallet';
import { issueCertificate } from './cert-issuer';

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
export async function enrollEnterprise(opts: {
  ca: CaFiles;
  mspId: string;
  wallet: Wallet;
  enterpriseId: string;
}): Promise<WalletIdentity> {
  const name = enterpriseIdentityName(opts.enterpriseId);
  const issuerO = /O=([^\n]+)/.exec(new crypto.X509Certificate(opts.ca.certPem).subject)?.[1];
  const issued = await issueCertificate({
    subject: { C: 'CN', ...(issuerO ? { O: issuerO } : {}), OU: 'client', CN: name },
    issuer: opts.ca,
  });
  opts.wallet.put(name, { mspId: opts.mspId, ...issued });
  const stored = opts.wallet.get(name);
  if (!stored) throw new Error(`could not write ${opts.wallet.folder(name)}`);
  return stored;
}

/** The development network's enterprise organisation (cryptogen), where `fabric enroll` issues identities by default. */
export const DEV_ENTERPRISE_ORG = 'enterprise.suyuan.test';
export const DEV_ENTERPRISE_MSP = 'EnterpriseMSP';

/** Where enterprise identities come from under this configuration: the wallet, and the CA that can issue into it. */
export interface Enrolment {
  /** The wallet folder (FABRIC_WALLET_DIR, else the gateway settings file's), when one is configured. */
  readonly wallet?: Wallet;
  /** cryptogen's CA folder of the organisation, beside the gateway settings file. */
  readonly caDir: string;
  readonly mspId: string;
  /** Why identities cannot be issued here; undefined when they can. */
  readonly unavailable?: string;
}

/**
 * The enrolment path of the configuration: the wallet of the gateway settings and the development
 * network's CA (`<dir of FABRIC_GATEWAY_ENV>/crypto/peerOrganizations/<org>/ca`, as `scripts/network.sh up`
 * writes it). Never throws; `unavailable` says what is missing.
 */
export function enrolmentOf(config: Config, org = DEV_ENTERPRISE_ORG, mspId = DEV_ENTERPRISE_MSP): Enrolment {
  const caDir = path.resolve(path.dirname(path.resolve(config.FABRIC_GATEWAY_ENV)), 'crypto/peerOrganizations', org, 'ca');
  let walletDir: string | undefined;
  try {
    walletDir = fabricSettings(config).FABRIC_WALLET_DIR;
  } catch (err) {
    return { caDir, mspId, unavailable: (err as Error).message };
  }
  const wallet = walletDir ? new Wallet(walletDir) : undefined;
  const unavailable = !wallet
    ? `no FABRIC_WALLET_DIR (set it, or run scripts/network.sh up, which writes ${config.FABRIC_GATEWAY_ENV})`
    : !fs.existsSync(path.join(caDir, 'priv_sk'))
      ? `no CA to issue identities at ${caDir} (that is the development network's; on another network enrol with the organisation's Fabric CA and put cert.pem, key.pem and mspId in ${path.join(wallet.dir, walletFolderName(enterpriseIdentityName('')))}<id>/)`
      : undefined;
  return { ...(wallet ? { wallet } : {}), caDir, mspId, ...(unavailable ? { unavailable } : {}) };
}

/** The enterprise's identity in the wallet, if it has one. */
export function enterpriseIdentity(enrolment: Enrolment, enterpriseId: string): WalletIdentity | undefined {
  return enrolment.wallet?.get(enterpriseIdentityName(enterpriseId));
}

/**
 * Issues the enterprise's identity through `enrolment` (see `enrollEnterprise`). An enterprise that
 * has one keeps it unless `replace`: a registered enterprise is bound to its certificate, a new one
 * would lock it out. Throws with the reason when this configuration cannot issue identities.
 */
export async function enrollWith(
  enrolment: Enrolment,
  enterpriseId: string,
  opts: { replace?: boolean } = {},
): Promise<{ identity: WalletIdentity; created: boolean }> {
  const existing = enterpriseIdentity(enrolment, enterpriseId);
  if (existing && !opts.replace) return { identity: existing, created: false };
  if (enrolment.unavailable || !enrolment.wallet) throw new Error(`cannot enrol ${enterpriseId}: ${enrolment.unavailable ?? 'no wallet'}`);
  try {
    return {
      identity: await enrollEnterprise({
        ca: readCaFolder(enrolment.caDir),
        mspId: enrolment.mspId,
        wallet: enrolment.wallet,
        enterpriseId,
      }),
      created: true,
    };
  } catch (err) {
    throw new Error(`cannot enrol ${enterpriseId} with the CA at ${enrolment.caDir}: ${(err as Error).message}`, { cause: err });
  }
}
