#!/usr/bin/env node
/** The thin CLI entry: checks the Node version, then hands over to cli/program.ts and the commands it lists. */
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(`rws: needs Node.js 22 or newer; this is ${process.version}. Install a newer Node (in this checkout, \`npm install\` provides one: use \`npx rws\`).\n`);
  process.exit(1);
}

const { program } = await import('./program.ts');
await program().parseAsync(process.argv);
