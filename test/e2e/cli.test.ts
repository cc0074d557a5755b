import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli, tempDir } from '../support/rws-process.ts';

const GOOD = `{
	admin off
}

http://:8080 {
	@api path /api/*
	reverse_proxy @api 127.0.0.1:3000
	respond /health "ok" 200
}
`;

const BAD = `http://:8080 {
	revers_proxy 127.0.0.1:3000
	respond /x "a" 99999
	reverse_proxy @nope 127.0.0.1:3000
}
`;

describe('rws validate', () => {
  it('exits 0 on a valid file', () => {
    const r = runCli(['validate'], tempDir({ Rwsfile: GOOD }));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('valid\n');
    expect(r.code).toBe(0);
  });

  it('reports every error at once with file:line:col, code, source line, caret and hint', () => {
    const r = runCli(['validate', 'Rwsfile'], tempDir({ Rwsfile: BAD }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Rwsfile:2:2: error[');
    expect(r.stderr).toContain('unknown directive `revers_proxy`');
    expect(r.stderr).toContain('did you mean `reverse_proxy`?');
    expect(r.stderr).toMatch(/\n\s*2 \|\s+revers_proxy 127\.0\.0\.1:3000\n\s*\|\s+\^{12}/);
    expect(r.stderr).toContain('Rwsfile:3:');
    expect(r.stderr).toContain('99999');
    expect(r.stderr).toContain('Rwsfile:4:');
    expect(r.stderr).toContain('@nope');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
  });

  it('gives the same diagnostics as JSON', () => {
    const r = runCli(['validate', '--format', 'json'], tempDir({ Rwsfile: BAD }));
    expect(r.code).toBe(1);
    const diags = JSON.parse(r.stdout) as { code: string; line: number; column: number; severity: string; file: string }[];
    expect(diags.length).toBeGreaterThanOrEqual(3);
    expect(diags[0]).toMatchObject({ line: 2, column: 2, severity: 'error' });
    expect(diags[0].code).toMatch(/^RWS\d{4}$/);
    expect(diags[0].file).toMatch(/Rwsfile$/);
  });

  it('says clearly when the file does not exist', () => {
    const r = runCli(['validate', 'nope.rws'], tempDir());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('rws: cannot read nope.rws: no such file\n');
  });

  it('validates Rwsfile.example and every file in examples/', () => {
    const r = runCli(['validate', 'Rwsfile.example'], REPO);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('rws fmt', () => {
  const messy = `# top comment
http://:8080   {
  respond   /health    "ok"   200   # trailing


      header X-A b
}
`;
  it('--check lists unformatted files and exits 1; --write fixes them; then --check passes', () => {
    const dir = tempDir({ Rwsfile: messy });
    const check = runCli(['fmt', '--check'], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe('Rwsfile\n');
    const write = runCli(['fmt', '--write'], dir);
    expect(write.code).toBe(0);
    const formatted = readFileSync(join(dir, 'Rwsfile'), 'utf8');
    expect(formatted).toBe('# top comment\nhttp://:8080 {\n\trespond /health "ok" 200 # trailing\n\n\theader X-A b\n}\n');
    expect(runCli(['fmt', '--check'], dir).code).toBe(0);
  });

  it('--diff prints a unified diff', () => {
    const r = runCli(['fmt', '--diff'], tempDir({ Rwsfile: messy }));
    expect(r.stdout).toContain('--- a/Rwsfile');
    expect(r.stdout).toContain('+\trespond /health "ok" 200 # trailing');
  });

  it('refuses to format a file with syntax errors', () => {
    const r = runCli(['fmt', '--write'], tempDir({ Rwsfile: 'http://:8080 {\n\trespond "x\n' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('RWS1001');
  });
});

describe('rws plan', () => {
  it('prints the frozen plan as JSON with a version and a hash', () => {
    const r = runCli(['plan'], tempDir({ Rwsfile: GOOD }));
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { version: number; hash: string; listeners: { key: string }[] };
    expect(plan.version).toBe(1);
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.listeners.map((l) => l.key)).toEqual(['http//8080']);
  });
});
