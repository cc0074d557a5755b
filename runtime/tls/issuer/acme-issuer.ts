/**
 * Certificates from an ACME CA (RFC 8555) with acme-client: one account per directory (acme-account.ts), an
 * ECDSA P-256 key per certificate, and the challenges the plan allows in its order of preference — HTTP-01
 * and TLS-ALPN-01 answered by this process's listeners (ChallengeStore), DNS-01 through the DNS hook.
 *
 * Invariant: a challenge answer is removed whether validation succeeded or not.
 */
import { createSecureContext } from 'node:tls';
import * as acme from 'acme-client';
import type { AcmeIssuerPlan } from '../../plan/plan.ts';
import type { ChallengeStore } from '../challenge/challenge-store.ts';
import { runDnsHook } from '../challenge/dns-hook.ts';
import { fetchSuggestedWindow, renewalInfoUrl } from '../renewal/renewal-info.ts';
import { getJson } from '../renewal/get-json.ts';
import { type CertificateStorage, safeSegment } from '../storage/storage.ts';
import { forgetAccount, loadOrCreateAccount } from './acme-account.ts';
import { trustAcmeRoot } from './acme-http.ts';
import { acmeIssuerKey } from './issuer-key.ts';
import type { IssuedCertificate, Issuer, SuggestedWindow } from './issuer.ts';

type Authorization = Parameters<Parameters<acme.Client['auto']>[0]['challengeCreateFn']>[0];
type Challenge = Parameters<Parameters<acme.Client['auto']>[0]['challengeCreateFn']>[1];

/**
 * How CAs word "this account does not exist" (acme-client keeps only the problem's detail, not its type):
 * Pebble "Account <url> not found.", Boulder "No account exists…" / "…invalid account URL".
 */
const UNKNOWN_ACCOUNT = /accountDoesNotExist|account does not exist|account \S+ not found|account not found|no account exists|invalid account url/i;

export class AcmeIssuer implements Issuer {
  readonly key: string;
  private readonly plan: AcmeIssuerPlan;
  private readonly storage: CertificateStorage;
  private readonly challenges: ChallengeStore;
  private client: Promise<acme.Client> | null = null;
  private ari: Promise<string | null> | null = null;

  constructor(plan: AcmeIssuerPlan, storage: CertificateStorage, challenges: ChallengeStore) {
    this.plan = plan;
    this.key = acmeIssuerKey(plan);
    this.storage = storage;
    this.challenges = challenges;
  }

  async issue(name: string, signal: AbortSignal): Promise<IssuedCertificate> {
    try {
      return await this.order(name, signal);
    } catch (err) {
      // The CA no longer knows the stored account (a reset test CA, a deactivated account): forget it, so the
      // next attempt registers a new one instead of failing the same way forever.
      if (UNKNOWN_ACCOUNT.test(String((err as Error).message))) {
        this.client = null;
        await forgetAccount(this.storage, this.key);
      }
      throw err;
    }
  }

  private async order(name: string, signal: AbortSignal): Promise<IssuedCertificate> {
    const client = await this.acmeClient(signal);
    const key = await acme.crypto.createPrivateEcdsaKey();
    const [, csr] = await acme.crypto.createCsr({ altNames: [name] }, key);
    const wildcard = name.startsWith('*.');
    const priority = wildcard ? ['dns-01'] : [...this.plan.challenges];
    const certPem = await client.auto({
      csr,
      email: this.plan.email ?? undefined,
      termsOfServiceAgreed: true,
      challengePriority: priority,
      // acme-client's own pre-check resolves names through the system resolver; the CA validates anyway.
      skipChallengeVerification: true,
      challengeCreateFn: (authz, challenge, keyAuthorization) => this.present(authz, challenge, keyAuthorization, signal),
      challengeRemoveFn: (authz, challenge, keyAuthorization) => this.cleanUp(authz, challenge, keyAuthorization, signal),
    });
    signal.throwIfAborted();
    return { certPem: certPem.toString(), keyPem: key.toString() };
  }

  async suggestedWindow(certPem: string, signal: AbortSignal): Promise<SuggestedWindow | null> {
    this.ari ??= getJson(this.plan.directory, signal).then(
      (answer) => renewalInfoUrl(answer.body as Record<string, unknown>),
      (err: unknown) => {
        this.ari = null;
        throw err;
      },
    );
    const base = await this.ari;
    return base === null ? null : fetchSuggestedWindow(base, certPem, signal);
  }

  private acmeClient(signal: AbortSignal): Promise<acme.Client> {
    this.client ??= (async () => {
      if (this.plan.caRootFile !== null) await trustAcmeRoot(this.plan.caRootFile);
      const account = await loadOrCreateAccount(this.storage, this.key, this.plan, signal);
      return new acme.Client({
        directoryUrl: this.plan.directory,
        accountKey: account.keyPem,
        accountUrl: account.url,
        // Status polls start at 250 ms and back off to 2 s, for up to about two minutes (acme-client's default
        // starts at 5 s and grows to 30 s: a first certificate would take 10 s even from a CA that validates at once).
        backoffMin: 250,
        backoffMax: 2_000,
        backoffAttempts: 60,
        ...(this.plan.eab === null ? {} : { externalAccountBinding: { kid: this.plan.eab.keyId, hmacKey: this.plan.eab.macKey } }),
      });
    })();
    const pending = this.client;
    pending.catch(() => {
      if (this.client === pending) this.client = null;
    });
    return pending;
  }

  private async present(authz: Authorization, challenge: Challenge, keyAuthorization: string, signal: AbortSignal): Promise<void> {
    switch (challenge.type as string) {
      case 'http-01': {
        const token = (challenge as { token: string }).token;
        this.challenges.setHttp(token, keyAuthorization);
        // Instances sharing the storage (behind one address) answer it too, whichever receives the validation.
        await this.storage.store(`challenges/http/${token}`, keyAuthorization);
        return;
      }
      case 'tls-alpn-01': {
        const [keyPem, certPem] = await acme.crypto.createAlpnCertificate(authz, keyAuthorization);
        this.challenges.setAlpn(authz.identifier.value, createSecureContext({ key: keyPem, cert: certPem }));
        await this.storage.store(`challenges/alpn/${safeSegment(authz.identifier.value)}`, JSON.stringify({ keyAuthorization }));
        return;
      }
      case 'dns-01':
        if (this.plan.dns === null) throw new Error(`no DNS hook to answer the DNS-01 challenge for ${authz.identifier.value}`);
        await runDnsHook(this.plan.dns, 'set', dnsRecordName(authz), keyAuthorization, signal);
        return;
      default:
        throw new Error(`unsupported challenge type ${challenge.type}`);
    }
  }

  private async cleanUp(authz: Authorization, challenge: Challenge, keyAuthorization: string, signal: AbortSignal): Promise<void> {
    switch (challenge.type as string) {
      case 'http-01': {
        const token = (challenge as { token: string }).token;
        this.challenges.clearHttp(token);
        await this.storage.delete(`challenges/http/${token}`);
        return;
      }
      case 'tls-alpn-01':
        this.challenges.clearAlpn(authz.identifier.value);
        await this.storage.delete(`challenges/alpn/${safeSegment(authz.identifier.value)}`);
        return;
      case 'dns-01':
        if (this.plan.dns !== null) await runDnsHook(this.plan.dns, 'clear', dnsRecordName(authz), keyAuthorization, signal);
        return;
      default:
        return;
    }
  }
}

/** `_acme-challenge.<name>.` (a wildcard's record is its parent's). */
function dnsRecordName(authz: Authorization): string {
  return `_acme-challenge.${authz.identifier.value.replace(/^\*\./, '')}.`;
}
