import fs from 'node:fs';
import path from 'node:path';
import { fabricIdentityId } from './fabric-id';

/** A Fabric client identity from the wallet. `keyPem` is secret: never log a WalletIdentity whole. */
export interface WalletIdentity {
  readonly name: string;
  readonly mspId: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** `ctx.clientIdentity.getID()` for this certificate. */
  readonly id: string;
}

/** Wallet identity name of an enterprise: `enterprise:<id>`. */
export const enterpriseIdentityName = (enterpriseId: string): string => `enterprise:${enterpriseId}`;

/** Folder name of an identity: anything but letters, digits, `.`, `_`, `-` becomes `%XX` (so `enterprise:a` → `enterprise%3Aa`). */
export function walletFolderName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * A folder of identities, one subfolder each: `cert.pem` (X.509, PEM), `key.pem` (PKCS#8, PEM)
 * and `mspId` (the MSP id), as `scripts/network.sh` writes them.
 */
export class Wallet {
  readonly #cache = new Map<string, WalletIdentity>();

  constructor(readonly dir: string) {}

  /** Where identity `name` lives (whether or not it exists). */
  folder(name: string): string {
    return path.join(this.dir, walletFolderName(name));
  }

  /** The identity called `name`, or undefined when the wallet has no such folder. */
  get(name: string): WalletIdentity | undefined {
    const cached = this.#cache.get(name);
    if (cached) return cached;
    const dir = this.folder(name);
    if (!fs.existsSync(path.join(dir, 'cert.pem'))) return undefined;
    const certPem = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    const identity: WalletIdentity = {
      name,
      mspId: fs.readFileSync(path.join(dir, 'mspId'), 'utf8').trim(),
      certPem,
      keyPem: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      id: fabricIdentityId(certPem),
    };
    this.#cache.set(name, identity);
    return identity;
  }

  /** Writes an identity (key file mode 0600). */
  put(name: string, identity: { mspId: string; certPem: string; keyPem: string }): void {
    const dir = this.folder(name);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(dir, 'cert.pem'), identity.certPem);
    fs.writeFileSync(path.join(dir, 'key.pem'), identity.keyPem, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'mspId'), identity.mspId);
    this.#cache.delete(name);
  }
}
