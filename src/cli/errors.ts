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

const REASONS: Record<string, string> = {
  EACCES: 'permission denied', EPERM: 'not permitted', EROFS: 'read-only file system', ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded', ENOENT: 'no such file or folder (or it cannot be made there)', ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder', EEXIST: 'already exists', EMFILE: 'too many open files',
};

/**
 * A file-system error of the command itself (an output folder that cannot be made or written, a
 * full disk): one line naming the path and the reason, exit 2. Null for any other error.
 */
export function reportFileError(e: unknown, io: Streams): number | null {
  const err = e as NodeJS.ErrnoException;
  // (duck-typed: errors from another realm, as under jest's VM modules, are no `instanceof Error`)
  if (typeof e !== 'object' || e === null || typeof err.code !== 'string' || typeof err.syscall !== 'string' || !(err.code in REASONS)) return null;
  const writing = ['mkdir', 'open', 'write', 'rename', 'rmdir', 'unlink', 'copyfile'].includes(err.syscall);
  const path = (err as { dest?: string }).dest ?? err.path ?? '';
  const full = err.code === 'ENOSPC' || err.code === 'EDQUOT';
  io.stderr(`tiersim: cannot ${writing ? 'write' : 'read'} ${path}: ${REASONS[err.code]}\n  hint: ${full ? 'free some space, or write elsewhere (--out)' : writing ? 'choose a folder you can write to (--out)' : 'check the path and its permissions'}\n`);
  return ExitCode.INVALID_INPUT;
}
