/**
 * DNS-01 hooks: set and clear the `_acme-challenge.<name>.` TXT record through a command or a webhook.
 *
 * Invariant: resolves only when the hook reported success (exit status 0, or a 2xx answer); the command gets
 * its input in the environment only (never through a shell).
 */
import { execFile } from 'node:child_process';
import type { DnsHookPlan } from '../../plan/plan.ts';

export type DnsAction = 'set' | 'clear';

export async function runDnsHook(hook: DnsHookPlan, action: DnsAction, recordName: string, txt: string, signal: AbortSignal): Promise<void> {
  switch (hook.kind) {
    case 'exec':
      return runCommand(hook.command, { RWS_ACME_ACTION: action, RWS_ACME_NAME: recordName, RWS_ACME_TXT: txt }, signal);
    case 'webhook': {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action, name: recordName, txt }),
        signal,
      });
      await res.arrayBuffer();
      if (res.status < 200 || res.status > 299) throw new Error(`DNS webhook ${hook.url} answered ${res.status} to ${action} ${recordName}`);
      return;
    }
    default:
      return assertNever(hook);
  }
}

function runCommand(command: readonly string[], vars: Record<string, string>, signal: AbortSignal): Promise<void> {
  const [file, ...args] = command;
  return new Promise((resolve, reject) => {
    execFile(file, args, { env: { ...process.env, ...vars }, signal, timeout: 120_000 }, (err, _stdout, stderr) => {
      if (err === null) resolve();
      else reject(new Error(`DNS hook \`${command.join(' ')}\` (${vars.RWS_ACME_ACTION} ${vars.RWS_ACME_NAME}) failed: ${err.message.trim()} ${String(stderr).trim()}`.trim()));
    });
  });
}

function assertNever(x: never): never {
  throw new Error(`unknown DNS hook ${JSON.stringify(x)}`);
}
