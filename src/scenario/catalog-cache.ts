/**
 * The catalog's YAML files, parsed once at build time: `npm run build` writes each file of models/
 * as parsed data, with its size and modification time, to dist/catalog-cache.json. A file whose
 * size or time differs (edited since the build), or that the cache does not hold, is parsed from
 * its YAML as before. Reading the YAML of the whole catalog was ~30-40 ms of every command.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { packageRoot } from '../paths.ts';

export interface CacheEntry { size: number; mtimeMs: number; doc: unknown }
/** Written by scripts/build.mjs (which names the same path). */
const CATALOG_CACHE = join('dist', 'catalog-cache.json');

let cache: Record<string, CacheEntry> | null = null;
function entries(): Record<string, CacheEntry> {
  if (cache === null) {
    try {
      cache = (JSON.parse(readFileSync(join(packageRoot(), CATALOG_CACHE), 'utf8')) as { files?: Record<string, CacheEntry> }).files ?? {};
    } catch {
      cache = {};
    }
  }
  return cache;
}

/** The cached data of `file` if the file is as it was when cached (same size and time), else undefined. */
export function fromCache(file: string, entry: CacheEntry | undefined): unknown {
  if (entry === undefined) return undefined;
  try {
    const st = statSync(file);
    return st.size === entry.size && st.mtimeMs === entry.mtimeMs ? entry.doc : undefined;
  } catch {
    return undefined; // unreadable: reading the YAML reports it
  }
}

/** The parsed contents of a catalog YAML file (from the build's cache when the file is unchanged). */
export function readCatalogYaml(file: string): unknown {
  return fromCache(file, entries()[relative(packageRoot(), file)]) ?? parseYaml(readFileSync(file, 'utf8'));
}
