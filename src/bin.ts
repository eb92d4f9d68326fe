#!/usr/bin/env node
/** Entry point of the `tiersim` command. */
import { hideBin } from 'yargs/helpers';
import { main } from './cli/main.ts';

// `tiersim models list | head`: the reader has gone; stop quietly, as Unix tools do (no stack trace).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`tiersim: internal error: ${err instanceof Error ? err.message : String(err)}\n(this is a bug in tiersim; please report it with the command you ran)\n`);
    if (process.env.TIERSIM_DEBUG) process.stderr.write(`${(err as Error)?.stack}\n`);
    process.exitCode = 70;
  },
);
