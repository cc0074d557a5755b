/**
 * Waiting until a server answers, and checking it answers what the scenario expects: a contestant that
 * serves the wrong bytes (a 404 page, a default site) would otherwise win the benchmark.
 */
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Child } from './children.ts';

export interface Expectation {
  readonly status: number;
  /** The exact body expected. */
  readonly body: Buffer;
}

export interface Probe {
  readonly url: string;
  /** Host header to send; null = the URL's authority. */
  readonly host: string | null;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: Buffer;
}

/** One GET with a fresh connection; rejects on connection errors and after `timeoutMs`. */
export function get(probe: Probe, timeoutMs = 5000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (probe.host !== null) headers.host = probe.host;
    // https: the contestants serve a throwaway self-signed certificate (the tls scenario).
    const send = probe.url.startsWith('https:') ? httpsRequest : request;
    const req = send(probe.url, { method: 'GET', headers, agent: false, timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${probe.url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Polls until the server accepts a connection and answers, then checks the answer. Rejects if `child` exits
 * first (with its output), if nothing answers within `timeoutMs`, or if the answer is not the expected one.
 */
export async function waitUntilServing(probe: Probe, expect: Expectation, child: Child | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt';
  for (;;) {
    if (child?.hasExited() === true) throw new Error(`${child.name} exited before serving:\n${child.output().trim()}`);
    try {
      const answer = await get(probe, Math.max(100, Math.min(5000, deadline - Date.now())));
      checkAnswer(probe, expect, answer);
      return;
    } catch (err) {
      lastError = (err as Error).message;
      if (err instanceof WrongAnswer) throw err;
    }
    if (Date.now() >= deadline) {
      const output = child === null ? '' : `\n${child.name} said:\n${child.output().trim()}`;
      throw new Error(`${probe.url} did not answer within ${timeoutMs} ms (last error: ${lastError})${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class WrongAnswer extends Error {
  override readonly name = 'WrongAnswer';
}

export function checkAnswer(probe: Probe, expect: Expectation, answer: HttpAnswer): void {
  const where = `${probe.url}${probe.host === null ? '' : ` (Host: ${probe.host})`}`;
  if (answer.status !== expect.status) {
    throw new WrongAnswer(`${where} answered ${answer.status}, expected ${expect.status}: ${preview(answer.body)}`);
  }
  if (!answer.body.equals(expect.body)) {
    throw new WrongAnswer(
      `${where} answered a different body (${answer.body.length} bytes, expected ${expect.body.length}): ${preview(answer.body)}`,
    );
  }
}

function preview(body: Buffer): string {
  const text = body.subarray(0, 120).toString('utf8').replace(/\s+/g, ' ');
  return JSON.stringify(body.length > 120 ? `${text}…` : text);
}
