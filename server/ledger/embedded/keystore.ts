import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** MSP id under which embedded-ledger identities are issued. */
export const EMBEDDED_MSP = 'SuyuanEmbeddedMSP';

export interface SigningIdentity {
  readonly mspId: string;
  readonly id: string;
  readonly publicKeyPem: string;
  sign(digest: Buffer): string;
}

/** The identity id binds the name to the public key, so a signature can be checked against it. */
export function identityId(name: string, publicKeyPem: string): string {
  const fingerprint = crypto.createHash('sha256').update(publicKeyPem).digest('hex').slice(0, 32);
  return `CN=${name}::SHA256=${fingerprint}`;
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** ECDSA P-256 keys, one per ledger identity, kept under `<dir>` with mode 0600. */
export class KeyStore {
  readonly #dir: string;
  readonly #cache = new Map<string, SigningIdentity>();

  constructor(dir: string) {
    this.#dir = dir;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** The identity called `name`, created on first use. */
  identity(name: string): SigningIdentity {
    const cached = this.#cache.get(name);
    if (cached) return cached;
    const identity = this.#load(name) ?? this.#create(name);
    this.#cache.set(name, identity);
    return identity;
  }

  #file(name: string): string {
    return path.join(this.#dir, `${safeName(name)}.key.pem`);
  }

  #load(name: string): SigningIdentity | undefined {
    const file = this.#file(name);
    if (!fs.existsSync(file)) return undefined;
    return toIdentity(name, crypto.createPrivateKey(fs.readFileSync(file)));
  }

  #create(name: string): SigningIdentity {
    const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const file = this.#file(name);
    fs.writeFileSync(`${file}.tmp`, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    fs.renameSync(`${file}.tmp`, file);
    return toIdentity(name, privateKey);
  }
}

function toIdentity(name: string, privateKey: crypto.KeyObject): SigningIdentity {
  const publicKeyPem = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return {
    mspId: EMBEDDED_MSP,
    id: identityId(name, publicKeyPem),
    publicKeyPem,
    sign: (digest) => crypto.sign('sha256', digest, privateKey).toString('base64'),
  };
}

/** Checks an ECDSA signature made by `sign` above. */
export function verifySignature(publicKeyPem: string, digest: Buffer, signature: string): boolean {
  try {
    return crypto.verify('sha256', digest, publicKeyPem, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
