import { describe, expect, it } from 'vitest';
import { compileText } from './helpers.ts';

describe('listeners and host tables', () => {
  it('groups sites by listener key with exact, wildcard and catch-all entries', () => {
    const r = compileText(
      ['a.test, www.a.test:8080 {\n\trespond "a"\n}', '*.b.test:8080 {\n\trespond "b"\n}', ':8080 {\n\trespond "other"\n}', 'a.test:9090 {\n\trespond "9090"\n}'].join('\n'),
    );
    expect(r.diagnostics).toEqual([]);
    const listeners = r.plan!.listeners;
    // `a.test` without a port is automatic HTTPS (443), with its http→https redirect site on port 80, added last.
    expect(listeners.map((l) => l.key)).toEqual(['https//443', 'http//8080', 'http//9090', 'http//80']);
    const l8080 = listeners[1];
    expect(l8080.hosts).toEqual({ exact: { 'www.a.test': 0 }, wildcard: { 'b.test': 1 }, catchAll: 2 });
    expect(l8080.sites.map((s) => s.name)).toEqual(['a.test, www.a.test:8080', '*.b.test:8080', ':8080']);
    expect(listeners[0].hosts).toEqual({ exact: { 'a.test': 0 }, wildcard: {}, catchAll: null });
  });

  it('puts every site on port 0 on one listener', () => {
    const r = compileText('http://127.0.0.1:0 {\n\trespond "ip"\n}\n:0 {\n\trespond "any"\n}\n');
    expect(r.plan!.listeners).toHaveLength(1);
    expect(r.plan!.listeners[0].key).toBe('http//0');
    expect(r.plan!.listeners[0].hosts).toEqual({ exact: { '127.0.0.1': 0 }, wildcard: {}, catchAll: 1 });
  });

  it('binds to the site bind hosts, else default_bind, else all interfaces', () => {
    const r = compileText('{\n\tdefault_bind 127.0.0.1\n}\na.test:81 {\n\trespond "a"\n}\nb.test:81 {\n\tbind ::1\n\trespond "b"\n}\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.plan!.listeners.map((l) => [l.key, l.bind])).toEqual([
      ['http/127.0.0.1/81', { host: '127.0.0.1', port: 81 }],
      ['http/::1/81', { host: '::1', port: 81 }],
    ]);
    const plain = compileText('a.test:81 {\n\trespond "a"\n}\n');
    expect(plain.plan!.listeners[0].bind).toEqual({ host: '', port: 81 });
  });

  it('uses http_port and https_port for addresses without a port', () => {
    const r = compileText('{\n\thttp_port 8080\n\thttps_port 8443\n}\nhttp://a.test {\n\trespond "a"\n}\nb.test {\n\trespond "b"\n}\n');
    expect(r.plan!.listeners.map((l) => l.key)).toEqual(['http//8080', 'https//8443']);
  });

  it('reports two sites claiming one host on one listener, but allows it on another port', () => {
    const r = compileText('a.test:81 {\n\trespond "1"\n}\nA.TEST:81 {\n\trespond "2"\n}\na.test:82 {\n\trespond "3"\n}\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['RWS5001']);
    expect(r.diagnostics[0].notes[0].span!.start).toBe(0);
    expect(r.plan).toBeNull();
  });
});
