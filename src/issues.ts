/**
 * Input problems are data: each issue has the file, the line and column where known, the path in
 * the document, what is wrong and a hint. Loaders collect all of them and report them together.
 */

export interface Issue {
  file: string;
  /** 1-based line and column, when the position is known. */
  line?: number;
  column?: number;
  /** Path inside the document, e.g. ["system", "tiers", 2, "readBandwidth"]. */
  path: (string | number)[];
  message: string;
  hint?: string;
}

/** Thrown by loaders when a file has problems; carries every issue found. */
export class InputError extends Error {
  readonly issues: Issue[];
  constructor(issues: Issue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'InputError';
    this.issues = issues;
  }
}

/** "system.tiers[2].readBandwidth" */
export function formatPath(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(p)) s += s === '' ? p : `.${p}`;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s === '' ? '(document)' : s;
}

/** "file.yaml:12:5: system.tiers[2].readBandwidth: "25 GB" is a size, not a bandwidth\n  hint: ..." */
export function formatIssue(i: Issue): string {
  const where = i.line !== undefined ? `${i.file}:${i.line}:${i.column ?? 1}` : i.file;
  const head = `${where}: ${i.path.length ? formatPath(i.path) + ': ' : ''}${i.message}`;
  return i.hint ? `${head}\n  hint: ${i.hint}` : head;
}
