import { describe, expect, it } from 'vitest';
import { compileText } from './helpers.ts';

describe('scale', () => {
  it('compiles 10,000 sites in linear time', () => {
    const parts: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const handler = i % 2 === 0 ? `respond "site ${i} {host}"` : `reverse_proxy 127.0.0.1:${3000 + (i % 100)}`;
      parts.push(`site${i}.example.com {\n\theader X-Site ${i}\n\t${handler}\n}\n`);
    }
    const started = performance.now();
    const r = compileText(parts.join(''));
    const elapsed = performance.now() - started;
    expect(r.diagnostics).toEqual([]);
    const listener = r.plan!.listeners[0];
    expect(listener.sites).toHaveLength(10_000);
    expect(Object.keys(listener.hosts.exact)).toHaveLength(10_000);
    expect(listener.hosts.exact['site9999.example.com']).toBe(9999);
    // Typically well under a second; the bound only catches accidental quadratic work (which takes minutes here).
    expect(elapsed).toBeLessThan(10_000);
  });
});
