import crypto from 'node:crypto';
import { bitString, bool, children, explicit, octets, oid, printable, read, seq, set, time, unsigned, utf8 } from './der';

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

const ATTRIBUTE_OIDS: Record<keyof DistinguishedName, string> = { C: '2.5.4.6', ST: '2.5.4.8', L: '2.5.4.7', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3' };
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const P256_ORDER = BigInt('0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551');

function name(dn: DistinguishedName): Buffer {
  const rdns = (Object.keys(ATTRIBUTE_OIDS) as Array<keyof DistinguishedName>)
    .filter((k) => dn[k] !== undefined)
    .map((k) => set(seq(oid(ATTRIBUTE_OIDS[k]), k === 'C' ? printable(dn[k] ?? '') : utf8(dn[k] ?? ''))));
  return seq(...rdns);
}

function tbsParts(certDer: Buffer): Buffer[] {
  const tbs = children(read(certDer).body)[0];
  if (!tbs) throw new Error('not an X.509 certificate');
  return children(tbs.body).map((e) => e.raw);
}

/** The DER subject Name of a certificate (the issuer Name of the certificates it signs). */
function subjectOf(certDer: Buffer): Buffer {
  const parts = tbsParts(certDer);
  return parts[read(parts[0] ?? Buffer.alloc(2)).tag === 0xa0 ? 5 : 4] ?? Buffer.alloc(0);
}

/** The subjectKeyIdentifier of a certificate, when it has one. */
function keyIdOf(certDer: Buffer): Buffer | undefined {
  const extensions = tbsParts(certDer).find((p) => p[0] === 0xa3);
  if (!extensions) return undefined;
  const target = oid('2.5.29.14');
  for (const ext of children(read(read(extensions).body).body)) {
    const [id, value] = children(ext.body);
    if (id?.raw.equals(target) && value) return read(value.body).body;
  }
  return undefined;
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

/** ECDSA signatures with s > n/2 are rewritten as n - s: Fabric accepts only low-S signatures. */
export function lowS(derSignature: Buffer): Buffer {
  const [r, s] = children(read(derSignature).body);
  if (!r || !s) throw new Error('not a DER ECDSA signature');
  let sv = BigInt(`0x${s.body.toString('hex') || '0'}`);
  if (sv > P256_ORDER / 2n) sv = P256_ORDER - sv;
  const sBytes = Buffer.from(sv.toString(16).padStart(64, '0'), 'hex');
  return seq(unsigned(r.body), unsigned(sBytes));
}

function signDer(tbs: Buffer, key: crypto.KeyObject): Buffer {
  return lowS(crypto.sign('sha256', tbs, { key, dsaEncoding: 'der' }));
}

export interface IssueOptions {
  readonly subject: DistinguishedName;
  /** The signing CA; absent = self-signed. */
  readonly issuer?: CertAndKey;
  readonly ca?: boolean;
  readonly days?: number;
  readonly now?: Date;
}

function signing(issuer: CertAndKey | undefined, ownKey: crypto.KeyObject, ownKeyId: Buffer): { issuerCert?: crypto.X509Certificate; issuerDer?: Buffer; signer: crypto.KeyObject; authorityKeyId: Buffer | undefined } {
  if (!issuer) return { signer: ownKey, authorityKeyId: ownKeyId };
  const issuerCert = new crypto.X509Certificate(issuer.certPem);
  return { issuerCert, issuerDer: issuerCert.raw, signer: crypto.createPrivateKey(issuer.keyPem), authorityKeyId: keyIdOf(issuerCert.raw) };
}

// Five minutes of clock skew, but never before the CA itself: Fabric's MSP checks the whole chain at the
// leaf's notBefore + 1 s, and cryptogen rounds its CA's start to the minute, so "now - 5 min" can fall
// before the CA exists.
function validFrom(now: Date, issuer: crypto.X509Certificate | undefined): Date {
  const caStart = issuer ? new Date(issuer.validFrom).getTime() : -Infinity;
  return new Date(Math.max(now.getTime() - 5 * 60_000, caStart));
}

/** Issues an ECDSA P-256 X.509 v3 certificate (and a new key) the way Fabric's cryptogen does. */
export function issueCertificate(opts: IssueOptions): CertAndKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const keyId = crypto.createHash('sha256').update(spki).digest();
  const { issuerCert, issuerDer, signer, authorityKeyId } = signing(opts.issuer, privateKey, keyId);
  const now = opts.now ?? new Date();
  const notBefore = validFrom(now, issuerCert);
  const notAfter = new Date(now.getTime() + (opts.days ?? 3650) * 86_400_000);
  const extensions = [
    extension('2.5.29.15', true, bitString(Buffer.from([opts.ca ? 0x86 : 0x80]))),
    extension('2.5.29.19', true, opts.ca ? seq(bool(true)) : seq()),
    extension('2.5.29.14', false, octets(keyId)),
    ...(authorityKeyId ? [extension('2.5.29.35', false, seq(Buffer.concat([Buffer.from([0x80, authorityKeyId.length]), authorityKeyId])))] : []),
  ];
  const tbs = seq(
    explicit(0, unsigned(Buffer.from([2]))),
    unsigned(Buffer.concat([Buffer.from([0x40]), crypto.randomBytes(15)])),
    ECDSA_SHA256,
    issuerDer ? subjectOf(issuerDer) : name(opts.subject),
    seq(time(notBefore), time(notAfter)),
    name(opts.subject),
    spki,
    explicit(3, seq(...extensions)),
  );
  const der = seq(tbs, ECDSA_SHA256, bitString(signDer(tbs, signer)));
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
  return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}
