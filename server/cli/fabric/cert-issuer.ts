import crypto, { type webcrypto } from 'node:crypto';
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(crypto.webcrypto);

/** Subject attributes in the order they appear in the certificate (Fabric ids keep this order). */
export interface DistinguishedName {
  readonly C?: string;
  readonly ST?: string;
  readonly L?: string;
  readonly O?: string;
  /** With NodeOUs, Fabric classifies an identity by OU: `client`, `admin`, `peer`, `orderer`. */
  readonly OU?: string;
  readonly CN: string;
}

export interface CertAndKey {
  readonly certPem: string;
  /** PKCS#8 PEM. */
  readonly keyPem: string;
}

export interface IssueOptions {
  readonly subject: DistinguishedName;
  /** The signing CA; absent = self-signed. */
  readonly issuer?: CertAndKey;
  readonly ca?: boolean;
  readonly days?: number;
  readonly now?: Date;
}

const P256: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const ECDSA_SHA256: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const P256_ORDER = BigInt('0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551');
const ATTRIBUTES = ['C', 'ST', 'L', 'O', 'OU', 'CN'] as const;

/** The subject as cryptogen writes it: the country a PrintableString, every other attribute UTF8String. */
function nameOf(dn: DistinguishedName): x509.Name {
  return new x509.Name(
    ATTRIBUTES.flatMap((type) => {
      const value = dn[type];
      if (value === undefined) return [];
      return [{ [type]: [type === 'C' ? { printableString: value } : { utf8String: value }] }];
    }),
  );
}

// Five minutes of clock skew, but never before the CA itself: Fabric's MSP checks the whole chain at the
// leaf's notBefore + 1 s, and cryptogen rounds its CA's start to the minute, so "now - 5 min" can fall
// before the CA exists.
function validFrom(now: Date, issuer: x509.X509Certificate | undefined): Date {
  const caStart = issuer ? issuer.notBefore.getTime() : -Infinity;
  return new Date(Math.max(now.getTime() - 5 * 60_000, caStart));
}

/** Whether the certificate's ECDSA signature has s ≤ n/2: Fabric accepts only low-S signatures. */
function lowS(cert: x509.X509Certificate): boolean {
  const raw = new x509.AsnEcSignatureFormatter().toWebSignature(P256, cert.signature);
  if (!raw) throw new Error('not a P-256 ECDSA signature');
  const s = BigInt(`0x${Buffer.from(raw).subarray(32).toString('hex')}`);
  return s <= P256_ORDER / 2n;
}

interface Signer {
  readonly name: x509.Name;
  readonly key: webcrypto.CryptoKey;
  readonly keyId: string;
  readonly cert?: x509.X509Certificate;
}

async function signerOf(issuer: CertAndKey): Promise<Signer> {
  const cert = new x509.X509Certificate(issuer.certPem);
  const pkcs8 = crypto.createPrivateKey(issuer.keyPem).export({ type: 'pkcs8', format: 'der' });
  const key = await crypto.webcrypto.subtle.importKey('pkcs8', pkcs8, P256, false, ['sign']);
  const keyId = cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  if (!keyId) throw new Error(`the CA certificate ${cert.subject} has no subjectKeyIdentifier`);
  // The issuer is the CA's subject as the CA certificate encodes it, so the names match byte for byte.
  return { name: cert.subjectName, key, keyId, cert };
}

/**
 * Issues an ECDSA P-256 X.509 v3 certificate (and a new key) the way Fabric's cryptogen does: key
 * usage and basic constraints critical, the subject key id the SHA-256 of the public key info, the
 * authority key id the CA's, and a low-S signature.
 */
export async function issueCertificate(opts: IssueOptions): Promise<CertAndKey> {
  const keys = await crypto.webcrypto.subtle.generateKey(P256, true, ['sign', 'verify']);
  const spki = Buffer.from(await crypto.webcrypto.subtle.exportKey('spki', keys.publicKey));
  const keyId = crypto.createHash('sha256').update(spki).digest('hex');
  const subject = nameOf(opts.subject);
  const signer = opts.issuer ? await signerOf(opts.issuer) : { name: subject, key: keys.privateKey, keyId };
  const now = opts.now ?? new Date();
  const usages = opts.ca
    ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
    : x509.KeyUsageFlags.digitalSignature;
  const params: x509.X509CertificateCreateWithKeyParams = {
    serialNumber: `40${crypto.randomBytes(15).toString('hex')}`,
    subject,
    issuer: signer.name,
    notBefore: validFrom(now, signer.cert),
    notAfter: new Date(now.getTime() + (opts.days ?? 3650) * 86_400_000),
    publicKey: keys.publicKey,
    signingKey: signer.key,
    signingAlgorithm: ECDSA_SHA256,
    extensions: [
      new x509.KeyUsagesExtension(usages, true),
      new x509.BasicConstraintsExtension(opts.ca === true, undefined, true),
      new x509.SubjectKeyIdentifierExtension(keyId),
      new x509.AuthorityKeyIdentifierExtension(signer.keyId),
    ],
  };
  // ECDSA signatures are random: about one in two is high-S, and signing again gives another.
  let cert = await x509.X509CertificateGenerator.create(params);
  while (!lowS(cert)) cert = await x509.X509CertificateGenerator.create(params);
  const keyPem = crypto.KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
  const pem = cert.toString('pem');
  return { certPem: pem.endsWith('\n') ? pem : `${pem}\n`, keyPem };
}
