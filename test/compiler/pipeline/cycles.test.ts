import { describe, expect, it } from 'vitest';
import { codes, compileText } from './helpers.ts';

describe('import cycles', () => {
  it('reports a three-step file cycle once, with a note per step, and keeps the rest', () => {
    const files = {
      '/virtual/a.rws': 'import b.rws\n',
      '/virtual/b.rws': 'import sub/c.rws\n',
      '/virtual/sub/c.rws': 'import ../a.rws\nc.test {\n\trespond "c"\n}\n',
    };
    const r = compileText('import a.rws\nmain.test {\n\trespond "main"\n}\n', files);
    expect(codes(r)).toEqual(['RWS2004@/virtual/sub/c.rws:1:1']);
    const d = r.diagnostics[0];
    expect(d.message).toBe('circular import: file `sub/c.rws` imports `a.rws` again (`a.rws` → `b.rws` → `sub/c.rws` → `a.rws`)');
    expect(d.notes.map((n) => `${n.span?.file}@${n.span?.start}: ${n.message}`)).toEqual([
      '/virtual/Rwsfile@0: `a.rws` is imported here',
      '/virtual/a.rws@0: `a.rws` imports `b.rws` here',
      '/virtual/b.rws@0: `b.rws` imports `sub/c.rws` here',
    ]);
    expect(r.files.map((f) => f.path)).toEqual(['/virtual/Rwsfile', '/virtual/a.rws', '/virtual/b.rws', '/virtual/sub/c.rws']);
  });

  it('reports a file importing itself', () => {
    const r = compileText('import self.rws\n', { '/virtual/self.rws': 'import self.rws\n' });
    expect(codes(r)).toEqual(['RWS2004@/virtual/self.rws:1:1']);
  });

  it('reports snippet cycles without looping, whichever snippet is imported first', () => {
    const text = '(a) {\n\timport b\n}\n(b) {\n\timport c\n}\n(c) {\n\timport a\n}\nx.test {\n\timport b\n\trespond "x"\n}\n';
    const r = compileText(text);
    expect(codes(r)).toEqual(['RWS2004@2:2']);
    expect(r.diagnostics[0].message).toContain('(`b` → `c` → `a` → `b`)');
    expect(r.diagnostics[0].notes).toHaveLength(3);
  });

  it('allows importing the same snippet and file several times without a cycle', () => {
    const r = compileText('(h) {\n\theader X-H {args[0]}\n}\nx.test {\n\timport h 1\n\timport h 2\n\timport d.rws\n\timport d.rws\n}\n', {
      '/virtual/d.rws': 'header X-D d\n',
    });
    expect(codes(r)).toEqual([]);
  });
});
