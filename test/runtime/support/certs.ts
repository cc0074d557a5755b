/** Self-signed certificates for TLS tests, made with openssl in a temp directory (removed by removeCerts). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CertificatePlan } from '../../../runtime/plan/plan.ts';

export interface CertFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

export function certDir(): string {
  return mkdtempSync(join(tmpdir(), 'rws-certs-'));
}

export function removeCerts(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** An EC P-256 self-signed certificate whose CN is the first name and whose SANs are all the names. */
export function selfSigned(dir: string, file: string, names: readonly string[]): CertFiles {
  const certFile = join(dir, `${file}.crt`);
  const keyFile = join(dir, `${file}.key`);
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '2',
      '-subj', `/CN=${names[0]}`,
      '-addext', `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`,
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile };
}

export function certificatePlan(names: readonly string[], files: CertFiles): CertificatePlan {
  return { kind: 'files', names, certFile: files.certFile, keyFile: files.keyFile, fingerprint: 'test', origin: 'Rwsfile:1:1' };
}
