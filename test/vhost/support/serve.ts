/**
 * Compiling an Rwsfile (written into a folder with its certificates) and serving the plan in-process, so a test
 * checks the compiler and the runtime together against real TLS clients.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { compile } from '../../../compiler/index.ts';
import type { Plan } from '../../../runtime/plan/plan.ts';
import { type Running, start } from '../../runtime/support/server.ts';

export function compileIn(dir: string, text: string): Plan {
  const path = join(dir, 'Rwsfile');
  writeFileSync(path, text);
  const result = compile({ path, text });
  if (result.plan === null) throw new Error(`Rwsfile does not compile:\n${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}`);
  return result.plan;
}

export function serveIn(dir: string, text: string): Promise<Running> {
  return start(compileIn(dir, text));
}

/** A port nothing listens on right now (bind port 0, read it, close): for addresses whose port must be in the Rwsfile. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
