#!/usr/bin/env node
/** The thin CLI entry: everything else lives in cli/program.ts and the commands it lists. */
import { program } from './program.ts';

await program().parseAsync(process.argv);
