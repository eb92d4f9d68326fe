/** Where the package's own data lives (scenarios/, models/, schema/), from src/ or from dist/. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'tiersim') return (root = dir);
      } catch {
        // keep looking
      }
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find the tiersim package folder (with scenarios/ and models/)');
}

/** The scenarios shipped with tiersim (and the DLIO workload files they use). */
export function scenariosDir(): string {
  return join(packageRoot(), 'scenarios');
}

export function defaultScenarioPath(): string {
  return join(scenariosDir(), 'default.yaml');
}

export function modelsDir(): string {
  return join(packageRoot(), 'models');
}
