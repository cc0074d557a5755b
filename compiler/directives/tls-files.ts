/**
 * Reading and checking a certificate and key pair at compile time, so a typo in a path or a mismatched key is
 * a diagnostic with the path in it rather than a failed handshake later.
 *
 * Invariant: when readTlsPair returns a value, both files were readable, hold PEM data Node can load, belong
 * together, and the fingerprint is the sha256 of the two contents.
 */
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BindContext } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';

export interface TlsPair {
  readonly certFile: string;
  readonly keyFile: string;
  readonly fingerprint: string;
}

export function readTlsPair(certArg: Arg, keyArg: Arg, ctx: BindContext): TlsPair | null {
  const certFile = resolve(ctx.baseDir, certArg.value);
  const keyFile = resolve(ctx.baseDir, keyArg.value);
  const certText = readText(certArg, certFile, 'certificate', ctx);
  const keyText = readText(keyArg, keyFile, 'key', ctx);
  const cert = certText === null ? null : loadCertificate(certArg, certFile, certText, ctx);
  const key = keyText === null ? null : loadKey(keyArg, keyFile, keyText, ctx);
  if (cert === null || key === null || certText === null || keyText === null) return null;
  if (!cert.checkPrivateKey(key)) {
    ctx.error('RWS3262', `the key \`${keyFile}\` does not belong to the certificate \`${certFile}\``, { ...certArg.span, end: keyArg.span.end }, {
      hint: 'check that the two files were issued together (a renewed certificate comes with a new key)',
    });
    return null;
  }
  const fingerprint = createHash('sha256').update(certText).update(keyText).digest('hex');
  return { certFile, keyFile, fingerprint };
}

function readText(arg: Arg, file: string, what: string, ctx: BindContext): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason =
      err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'it is a directory' : err.message;
    ctx.error('RWS3260', `cannot read the ${what} file \`${file}\`: ${reason}`, arg.span, {
      hint: 'relative paths are relative to the folder of the Rwsfile',
    });
    return null;
  }
}

function loadCertificate(arg: Arg, file: string, text: string, ctx: BindContext): X509Certificate | null {
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    ctx.error('RWS3261', `\`${file}\` is not a PEM certificate: it has no \`-----BEGIN CERTIFICATE-----\` line`, arg.span, {
      hint: pemHint(text, 'certificate'),
    });
    return null;
  }
  try {
    return new X509Certificate(text);
  } catch (e) {
    ctx.error('RWS3261', `\`${file}\` holds a certificate Node cannot load: ${(e as Error).message}`, arg.span);
    return null;
  }
}

function loadKey(arg: Arg, file: string, text: string, ctx: BindContext): KeyObject | null {
  if (text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type: 4,ENCRYPTED/.test(text)) {
    ctx.error('RWS3261', `\`${file}\` is an encrypted private key`, arg.span, { hint: 'decrypt it: `openssl pkey -in key.pem -out key-plain.pem`' });
    return null;
  }
  if (!/-----BEGIN (?:RSA |EC )?PRIVATE KEY-----/.test(text)) {
    ctx.error('RWS3261', `\`${file}\` is not a PEM private key: it has no \`-----BEGIN PRIVATE KEY-----\` line`, arg.span, { hint: pemHint(text, 'key') });
    return null;
  }
  try {
    return createPrivateKey(text);
  } catch (e) {
    ctx.error('RWS3261', `\`${file}\` holds a private key Node cannot load: ${(e as Error).message}`, arg.span);
    return null;
  }
}

function pemHint(text: string, expected: 'certificate' | 'key'): string {
  if (expected === 'certificate' && /PRIVATE KEY-----/.test(text)) return 'this looks like the key file: are the certificate and key swapped?';
  if (expected === 'key' && text.includes('-----BEGIN CERTIFICATE-----')) return 'this looks like the certificate: are the certificate and key swapped?';
  return `convert a DER file with \`openssl ${expected === 'key' ? 'pkey' : 'x509'} -inform der -in file.der -out file.pem\``;
}
