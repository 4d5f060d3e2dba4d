import crypto from 'node:crypto';

/** `/K=V` per attribute, in certificate order, escaping the first `/` of a value as fabric-shim does. */
function formatDn(multiline: string): string {
  return multiline
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const at = line.indexOf('=');
      return `/${line.slice(0, at)}=${line.slice(at + 1).replace('/', '\\/')}`;
    })
    .join('');
}

/**
 * The id Fabric's Node chaincode gives a client (`ctx.clientIdentity.getID()`):
 * `x509::<subject DN>::<issuer DN>`, each DN as `/C=..../CN=...`.
 */
export function fabricIdentityId(certPem: string): string {
  const cert = new crypto.X509Certificate(certPem);
  return `x509::${formatDn(cert.subject)}::${formatDn(cert.issuer)}`;
}
