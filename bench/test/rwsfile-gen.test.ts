import { describe, expect, it } from 'vitest';
import { parse } from '../../compiler/syntax/parser.ts';
import { isListening } from '../peers/rws.ts';
import { manySitesRwsfile, middleSite } from '../rwsfile-gen.ts';

describe('generated Rwsfiles', () => {
  it('parse without diagnostics: global options plus one block per site', () => {
    const text = manySitesRwsfile({ count: 1000, port: 8080, upstreamPort: 9000 });
    const doc = parse({ path: 'bench.Rwsfile', text });
    expect(doc.diagnostics).toEqual([]);
    expect(doc.value.lines).toHaveLength(1001);
    const site2 = doc.value.lines[2];
    expect(site2.args.map((a) => a.value)).toEqual(['site2.example.com:8080']);
    expect(site2.block?.lines.map((l) => l.args.map((a) => a.value).join(' '))).toEqual(['header X-Site 2', 'reverse_proxy 127.0.0.1:9000']);
  });

  it('the one-site file holds the same site as the many-site file', () => {
    const target = middleSite(10_000);
    expect(target).toBe(5000);
    const one = manySitesRwsfile({ count: 10_000, port: 80, upstreamPort: null, only: target });
    const many = manySitesRwsfile({ count: 10_000, port: 80, upstreamPort: null });
    const site = `site5000.example.com:80 {\n\theader X-Site 5000\n\trespond "ok"\n}\n`;
    expect(one).toContain(site);
    expect(many).toContain(site);
    expect(one.split('example.com').length - 1).toBe(1);
  });

  it('recognises rws\'s "listening" log line for the expected port only', () => {
    expect(isListening('{"level":30,"msg":"listening","listener":"http/127.0.0.1/8080","host":"127.0.0.1","port":8080}', 8080)).toBe(true);
    expect(isListening('{"level":30,"msg":"listening","port":8081}', 8080)).toBe(false);
    expect(isListening('{"msg":"starting"}', 8080)).toBe(false);
    expect(isListening('rws: cannot listen', 8080)).toBe(false);
  });
});
