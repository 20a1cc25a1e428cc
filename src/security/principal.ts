/**
 * Kafka principals as strings (`User:<name>`), built as Kafka's DefaultKafkaPrincipalBuilder does:
 * the SASL user name, or a client certificate's subject DN (RFC 2253), or ANONYMOUS.
 */
import type { X509Certificate } from 'node:crypto';

export const ANONYMOUS_PRINCIPAL = 'User:ANONYMOUS';

export function userPrincipal(name: string): string {
  return `User:${name}`;
}

/**
 * `User:CN=alice,OU=eng,O=Acme,C=US` from a certificate: RFC 2253 lists the subject's RDNs
 * last-first, as Java's X500Principal.getName() does. Node gives them first-last, one a line.
 */
export function certificatePrincipal(cert: X509Certificate): string {
  const rdns = cert.subject.split('\n').filter((line) => line.length > 0);
  const dn = rdns
    .reverse()
    .map((rdn) => {
      const eq = rdn.indexOf('=');
      return `${rdn.slice(0, eq)}=${escapeDnValue(rdn.slice(eq + 1))}`;
    })
    .join(',');
  return userPrincipal(dn);
}

/** RFC 2253 section 2.4: escape , + " \ < > ; anywhere, # at the start, spaces at either end. */
function escapeDnValue(value: string): string {
  let out = value.replace(/[,+"\\<>;]/g, (c) => `\\${c}`);
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && !out.endsWith('\\ ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}
