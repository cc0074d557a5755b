/**
 * `tls { client_auth { mode …; trust_pool file …; crl … } }`: client certificates (mTLS) for a site.
 *
 * Invariant: when parseClientAuth returns a plan, every CA and CRL file was readable and held PEM data of the
 * right kind, verifying modes have at least one CA, and the fingerprint is the sha256 of all the contents.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ClientAuthPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, SubdirectiveSpec } from '../registry/directive.ts';
import type { Arg, Line } from '../syntax/ast.ts';
import { parseEnum } from '../values/enum.ts';
import { allArgsOf, argsOf, lineOf } from './block-lines.ts';

const MODES = ['require', 'verify_if_given', 'request'] as const;

export const CLIENT_AUTH_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  {
    name: 'mode',
    summary: 'require (default when CAs are given), verify_if_given, or request.',
    args: [{ name: 'mode', type: { kind: 'enum', values: MODES }, docs: '`require`, `verify_if_given` or `request`.' }],
  },
  {
    name: 'trust_pool',
    summary: 'The CAs client certificates must chain to: `trust_pool file ca.pem …`.',
    repeatable: true,
    args: [
      { name: 'source', type: { kind: 'enum', values: ['file'] }, docs: '`file`: PEM bundles on disk.' },
      { name: 'files', type: { kind: 'path' }, docs: 'PEM CA certificate bundles.', variadic: true },
    ],
  },
  {
    name: 'crl',
    summary: 'PEM certificate revocation lists; a revoked client certificate is refused.',
    repeatable: true,
    args: [{ name: 'files', type: { kind: 'path' }, docs: 'PEM CRL files.', variadic: true }],
  },
];

export const CLIENT_AUTH_SPEC: SubdirectiveSpec = {
  name: 'client_auth',
  summary: 'Ask clients for certificates (mTLS) and verify them.',
  args: [],
  block: CLIENT_AUTH_SUBDIRECTIVES,
};

/** Read a `client_auth { }` line; null if anything in it was invalid (already reported). */
export function parseClientAuth(line: Line, ctx: BindContext): ClientAuthPlan | null {
  if (line.block === null) {
    ctx.error('RWS3303', '`client_auth` needs a block with the CAs to trust', line.span, { hint: 'write `client_auth {\n\ttrust_pool file ca.pem\n}`' });
    return null;
  }
  const grouped = ctx.subdirectives(line.block, CLIENT_AUTH_SUBDIRECTIVES);
  const modeLine = lineOf(grouped, 'mode');
  const modeArg = modeLine === null ? undefined : argsOf(modeLine)[0];
  const mode = modeArg === undefined ? 'require' : parseEnum(modeArg, ctx, MODES, 'client_auth mode');
  const hash = createHash('sha256');
  let ok = mode !== null;
  const caFiles: string[] = [];
  for (const poolLine of grouped.get('trust_pool') ?? []) {
    for (const arg of argsOf(poolLine).slice(1)) {
      const file = readPem(arg, 'CERTIFICATE', ctx);
      if (file === null) ok = false;
      else {
        caFiles.push(file.path);
        hash.update(file.text);
      }
    }
  }
  const crlFiles: string[] = [];
  for (const arg of allArgsOf(grouped, 'crl')) {
    const file = readPem(arg, 'X509 CRL', ctx);
    if (file === null) ok = false;
    else {
      crlFiles.push(file.path);
      hash.update(file.text);
    }
  }
  if (mode !== null && mode !== 'request' && caFiles.length === 0 && ok) {
    ctx.error('RWS3303', `\`client_auth\` with mode \`${mode}\` has no CAs to verify client certificates against`, modeArg?.span ?? line.args[0].span, {
      hint: 'add `trust_pool file ca.pem`, or use `mode request` to accept any certificate unverified',
    });
    return null;
  }
  if (!ok || mode === null) return null;
  return { mode, caFiles, crlFiles, fingerprint: hash.digest('hex') };
}

function readPem(arg: Arg, label: 'CERTIFICATE' | 'X509 CRL', ctx: BindContext): { path: string; text: string } | null {
  const path = resolve(ctx.baseDir, arg.value);
  const what = label === 'CERTIFICATE' ? 'CA bundle' : 'CRL';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : (err.code ?? err.message);
    ctx.error('RWS3304', `cannot read the ${what} \`${path}\`: ${reason}`, arg.span, { hint: 'relative paths are relative to the folder of the Rwsfile' });
    return null;
  }
  if (!text.includes(`-----BEGIN ${label}-----`)) {
    ctx.error('RWS3304', `\`${path}\` is not a PEM ${what}: it has no \`-----BEGIN ${label}-----\` line`, arg.span, {
      hint: label === 'CERTIFICATE' ? 'convert a DER file with `openssl x509 -inform der -in ca.der -out ca.pem`' : 'convert a DER file with `openssl crl -inform der -in crl.der -out crl.pem`',
    });
    return null;
  }
  if (label === 'CERTIFICATE') {
    try {
      new X509Certificate(text);
    } catch (e) {
      ctx.error('RWS3304', `\`${path}\` holds a certificate Node cannot load: ${(e as Error).message}`, arg.span);
      return null;
    }
  }
  return { path, text };
}
