/**
 * A listener's handshake policies made ready: for each, the options its secure contexts are created with
 * (versions, ciphers, client CAs and CRLs read from disk), its ALPN list in wire format and how it asks for
 * client certificates; and which policy an SNI name gets (the policy of the site the host table gives the name).
 *
 * Invariant: built once per plan; per handshake only a host lookup. A policy's contexts share one session id
 * context (sessions resume only under the policy they were made under) and the process's ticket keys (tickets
 * survive a reload).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { SecureContextOptions } from 'node:tls';
import type { ClientAuthPlan, HostTable, ListenerTlsPlan, TlsPolicyPlan } from '../plan/plan.ts';
import { HostIndex } from '../routing/host-index.ts';

/** Session ticket keys for every TLS context of this process: a resumed session survives a reload. */
const TICKET_KEYS = randomBytes(48);

export interface HandshakePolicy {
  readonly plan: TlsPolicyPlan;
  /** Spread into every secure context made for this policy (certificate and key are added per context). */
  readonly contextOptions: SecureContextOptions;
  /** ALPN protocol list in wire format (length-prefixed names), server preference order. */
  readonly alpnWire: Buffer;
  /** Ask the client for a certificate. */
  readonly requestCert: boolean;
  /** Refuse a handshake without a verified certificate (`require`). */
  readonly rejectUnauthorized: boolean;
  /** `verify_if_given`: a certificate that was sent but does not verify closes the connection at the end of the handshake. */
  readonly refuseUnverified: boolean;
}

export class HandshakePolicies {
  readonly list: readonly HandshakePolicy[];
  readonly defaultIndex: number;
  readonly rejectUnknown: boolean;
  /** Some policy is `verify_if_given` (only then is a finished handshake looked at again). */
  readonly anyRefuseUnverified: boolean;
  private readonly sitePolicies: readonly number[];
  private readonly hosts: HostIndex;

  private constructor(plan: ListenerTlsPlan, hosts: HostTable, list: HandshakePolicy[]) {
    this.list = list;
    this.defaultIndex = plan.defaultPolicy;
    this.rejectUnknown = plan.unknownSni === 'reject';
    this.anyRefuseUnverified = list.some((p) => p.refuseUnverified);
    this.sitePolicies = plan.sitePolicies;
    this.hosts = new HostIndex(hosts);
  }

  /** Reads the CA bundles and CRLs; rejects with a message naming the file. */
  static async load(plan: ListenerTlsPlan, hosts: HostTable): Promise<HandshakePolicies> {
    const list = await Promise.all(plan.policies.map(loadPolicy));
    return new HandshakePolicies(plan, hosts, list);
  }

  /** True when every handshake gets the same policy (no need to read the server name before the handshake). */
  get single(): boolean {
    return this.list.length === 1;
  }

  /** The site an SNI name belongs to (index into the listener's sites), or -1. */
  siteOf(servername: string): number {
    return this.hosts.lookup(normalizeServername(servername));
  }

  /** The policy index for a handshake naming `servername` (null: no SNI). */
  indexFor(servername: string | null): number {
    if (servername === null || servername === '') return this.defaultIndex;
    const site = this.siteOf(servername);
    return site === -1 ? this.defaultIndex : (this.sitePolicies[site] ?? this.defaultIndex);
  }
}

async function loadPolicy(plan: TlsPolicyPlan): Promise<HandshakePolicy> {
  const auth = plan.clientAuth;
  const { ca, crl } = auth === null ? { ca: [], crl: [] } : await readClientAuthFiles(auth);
  const contextOptions: SecureContextOptions = {
    minVersion: plan.minVersion,
    maxVersion: plan.maxVersion,
    ciphers: plan.ciphers.join(':'),
    honorCipherOrder: true,
    sessionIdContext: createHash('sha256').update(JSON.stringify(plan)).digest('hex').slice(0, 32),
    ticketKeys: TICKET_KEYS,
    ...(ca.length > 0 ? { ca } : {}),
    ...(crl.length > 0 ? { crl } : {}),
  };
  return {
    plan,
    contextOptions,
    alpnWire: alpnWire(plan.alpn),
    requestCert: auth !== null,
    rejectUnauthorized: auth?.mode === 'require',
    refuseUnverified: auth?.mode === 'verify_if_given',
  };
}

async function readClientAuthFiles(auth: ClientAuthPlan): Promise<{ ca: Buffer[]; crl: Buffer[] }> {
  const read = async (file: string, what: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (err) {
      throw new Error(`client_auth ${what} ${file}: ${(err as Error).message}`, { cause: err });
    }
  };
  const [ca, crl] = await Promise.all([Promise.all(auth.caFiles.map((f) => read(f, 'trust_pool'))), Promise.all(auth.crlFiles.map((f) => read(f, 'crl')))]);
  return { ca, crl };
}

function normalizeServername(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

function alpnWire(protocols: readonly string[]): Buffer {
  return Buffer.concat(protocols.map((p) => Buffer.concat([Buffer.from([Buffer.byteLength(p)]), Buffer.from(p)])));
}
