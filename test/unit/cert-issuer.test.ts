import crypto from 'node:crypto';
import { issueCertificate } from '../../server/cli/fabric/cert-issuer';

describe('issueCertificate', () => {
  it('never starts a certificate before its CA, so the chain verifies at the leaf notBefore + 1 s as Fabric checks it', async () => {
    // cryptogen rounds its CA's start to the minute: here the CA starts 4 min 58 s before the enrolment.
    const caNow = new Date('2026-12-02T15:30:00Z');
    const ca = await issueCertificate({ subject: { CN: 'ca.test' }, ca: true, now: caNow });
    const caStart = new Date(new crypto.X509Certificate(ca.certPem).validFrom).getTime();
    const enrolledAt = new Date(caStart + 5 * 60_000 - 2_000);
    const leaf = new crypto.X509Certificate(
      (await issueCertificate({ subject: { CN: 'enterprise:a' }, issuer: ca, now: enrolledAt })).certPem,
    );
    const leafStart = new Date(leaf.validFrom).getTime();
    expect(leafStart).toBeGreaterThanOrEqual(caStart);
    expect(leaf.checkIssued(new crypto.X509Certificate(ca.certPem))).toBe(true);
    expect(leaf.verify(new crypto.X509Certificate(ca.certPem).publicKey)).toBe(true);
  });

  it('keeps the usual five minutes of clock skew when the CA is older', async () => {
    const ca = await issueCertificate({ subject: { CN: 'ca.test' }, ca: true, now: new Date('2026-01-01T00:00:00Z') });
    const now = new Date('2026-12-02T15:30:00Z');
    const leaf = new crypto.X509Certificate((await issueCertificate({ subject: { CN: 'enterprise:b' }, issuer: ca, now })).certPem);
    expect(new Date(leaf.validFrom).getTime()).toBe(now.getTime() - 5 * 60_000);
  });
});
