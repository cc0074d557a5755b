/**
 * HTTP settings of acme-client (one axios instance for the whole process): extra trusted roots for the ACME
 * server's own HTTPS (`acme_ca_root`) and short in-library retries, because the certificate manager retries
 * with its own back-off.
 *
 * Invariant: the set of extra roots only grows; the agent always trusts the system roots too.
 */
import { readFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import * as acme from 'acme-client';

const extraRoots = new Set<string>();

interface AcmeAxiosDefaults {
  httpsAgent?: Agent;
  acmeSettings: { retryMaxAttempts: number; retryDefaultDelay: number };
}

const defaults = (acme as unknown as { axios: { defaults: AcmeAxiosDefaults } }).axios.defaults;
defaults.acmeSettings.retryMaxAttempts = 2;
defaults.acmeSettings.retryDefaultDelay = 1;

/** Trust the roots in this PEM file for every ACME request from now on. */
export async function trustAcmeRoot(file: string): Promise<void> {
  const pem = await readFile(file, 'utf8');
  if (extraRoots.has(pem)) return;
  extraRoots.add(pem);
  defaults.httpsAgent = new Agent({ ca: [...rootCertificates, ...extraRoots], keepAlive: true });
}

/** The same trust for requests rws makes itself (ARI). */
export function acmeFetchCa(): string[] | undefined {
  return extraRoots.size === 0 ? undefined : [...rootCertificates, ...extraRoots];
}
