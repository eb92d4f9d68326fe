/** How the CLI reports problems: input issues (exit 2), simulated failures (exit 1), usage (exit 2). */
import { InputError, formatIssue } from '../issues.ts';
import type { Streams } from './io.ts';

export const ExitCode = { OK: 0, SIMULATED_FAILURE: 1, INVALID_INPUT: 2 } as const;

export class UsageError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const MAX_SHOWN = 50;

export function reportInputError(e: InputError, io: Streams): number {
  const files = [...new Set(e.issues.map((i) => i.file))];
  const n = e.issues.length;
  io.stderr(`tiersim: ${n} problem${n === 1 ? '' : 's'} in ${files.join(', ')}:\n`);
  const shown = e.issues.slice(0, MAX_SHOWN);
  for (const i of shown) io.stderr(formatIssue(i).replace(/^/gm, '  ') + '\n');
  if (n > shown.length) io.stderr(`  ... and ${n - shown.length} more problem${n - shown.length === 1 ? '' : 's'}\n`);
  return ExitCode.INVALID_INPUT;
}
