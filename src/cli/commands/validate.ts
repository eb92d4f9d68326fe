/** `tiersim validate SCENARIO...`: check files without running them; every problem in every file. */
import type { Streams } from '../io.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { InputError } from '../../issues.ts';
import { reportInputError, ExitCode } from '../errors.ts';

export function validateCommand(files: string[], io: Streams, quiet = false): number {
  let bad = 0;
  for (const f of files) {
    try {
      const s = loadScenarioFile(f);
      if (!quiet) io.stdout(`${f}: ok (${s.format === 'reference' ? 'reference format' : `scenario "${s.spec.name}"`})\n`);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      reportInputError(e, io);
      bad++;
    }
  }
  return bad ? ExitCode.INVALID_INPUT : ExitCode.OK;
}
