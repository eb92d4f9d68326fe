#!/usr/bin/env node
/** Entry point of the `tiersim` command. */
import { hideBin } from 'yargs/helpers';
import { main } from './cli/main.ts';

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
