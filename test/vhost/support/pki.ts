/**
 * A throwaway PKI made with openssl for the virtual-host and mTLS tests: CAs, server and client certificates they
 * sign, and CRLs. Everything lives in one temp directory, removed by the caller.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Issued {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: string;
  readonly key: string;
}

export class Pki {
  readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'rws-pki-'));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  read(name: string): string {
    return readFileSync(this.path(name), 'utf8');
  }

  /** A self-signed EC P-256 CA. */
  ca(name: string): Issued {
    const certFile = this.path(`${name}.crt`);
    const keyFile = this.path(`${name}.key`);
    openssl([
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2',
      '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    writeFileSync(this.path(`${name}.index`), '');
    writeFileSync(this.path(`${name}.crlnumber`), '01\n');
    return read(certFile, keyFile);
  }

  /** A leaf signed by `ca`: a server certificate for DNS names, or a client certificate with a subject and SANs. */
  issue(ca: string, name: string, options: { subject: string; san: readonly string[]; client?: boolean }): Issued {
    const certFile = this.path(`${name}.crt`);
    const keyFile = this.path(`${name}.key`);
    const csr = this.path(`${name}.csr`);
    const ext = this.path(`${name}.ext`);
    openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', csr, '-subj', options.subject]);
    writeFileSync(ext, `subjectAltName=${options.san.join(',')}\nextendedKeyUsage=${options.client === true ? 'clientAuth' : 'serverAuth'}\n`);
    openssl(['x509', '-req', '-in', csr, '-CA', this.path(`${ca}.crt`), '-CAkey', this.path(`${ca}.key`), '-CAcreateserial', '-out', certFile, '-days', '2', '-extfile', ext]);
    return read(certFile, keyFile);
  }

  /** Revokes `name` (issued by `ca`) and writes the CA's CRL; returns its path. */
  revoke(ca: string, name: string): string {
    const config = this.caConfig(ca);
    openssl(['ca', '-config', config, '-keyfile', this.path(`${ca}.key`), '-cert', this.path(`${ca}.crt`), '-revoke', this.path(`${name}.crt`)]);
    return this.crl(ca);
  }

  /** The CA's current CRL (possibly empty). */
  crl(ca: string): string {
    const out = this.path(`${ca}.crl`);
    openssl(['ca', '-config', this.caConfig(ca), '-keyfile', this.path(`${ca}.key`), '-cert', this.path(`${ca}.crt`), '-gencrl', '-out', out]);
    return out;
  }

  private caConfig(ca: string): string {
    const file = this.path(`${ca}.cnf`);
    writeFileSync(
      file,
      `[ ca ]\ndefault_ca = d\n[ d ]\ndatabase = ${this.path(`${ca}.index`)}\ncrlnumber = ${this.path(`${ca}.crlnumber`)}\ndefault_md = sha256\ndefault_crl_days = 2\n`,
    );
    return file;
  }
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function read(certFile: string, keyFile: string): Issued {
  return { certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}
