/** `tiersim models list|show ID`: the device and system catalog, with sources. */
import type { Streams } from '../io.ts';
import { loadCatalog } from '../../scenario/catalog.ts';
import { modelsDir } from '../../paths.ts';
import { UsageError, ExitCode } from '../errors.ts';
import { didYouMean } from '../../scenario/messages.ts';
import { markdownTable } from '../../report/table.ts';

export function modelsList(io: Streams, kind?: string): number {
  const cat = loadCatalog(modelsDir());
  const rows = [...cat.devices.values()].filter((d) => kind === undefined || d.kind === kind);
  if (kind !== undefined && rows.length === 0) {
    throw new UsageError(`no models of kind "${kind}"`, didYouMean(kind, [...new Set([...cat.devices.values()].map((d) => d.kind))], 'kind'));
  }
  io.stdout(markdownTable(['id', 'kind', 'name'], rows.map((d) => [d.id, d.kind, d.name])) + '\n');
  if (kind === undefined && cat.systems.size) {
    io.stdout('\nSystems:\n\n' + markdownTable(['id', 'name'], [...cat.systems.values()].map((s) => [s.id, s.name])) + '\n');
  }
  io.stdout(`\n${rows.length} device model${rows.length === 1 ? '' : 's'}. Show one with: tiersim models show ID\n`);
  return ExitCode.OK;
}

export function modelsShow(id: string, io: Streams): number {
  const cat = loadCatalog(modelsDir());
  const d = cat.devices.get(id);
  if (d) {
    io.stdout(`${d.name}\n  id: ${d.id}\n  kind: ${d.kind}\n  file: models/${d.file.split('/models/')[1] ?? d.file}\n\n`);
    io.stdout(markdownTable(['parameter', 'value', 'source'], Object.keys(d.params).map((k) => [k, d.text[k]!, d.sources[k]!])) + '\n');
    return ExitCode.OK;
  }
  const s = cat.systems.get(id);
  if (s) {
    io.stdout(`${s.name}\n  id: ${s.id}\n  file: models/${s.file.split('/models/')[1] ?? s.file}\n\n`);
    io.stdout(JSON.stringify(s.spec, null, 2) + '\n');
    if (Object.keys(s.sources).length) io.stdout('\nSources:\n\n' + markdownTable(['item', 'source'], Object.entries(s.sources)) + '\n');
    return ExitCode.OK;
  }
  throw new UsageError(`no model "${id}" in the catalog`, didYouMean(id, [...cat.devices.keys(), ...cat.systems.keys()], 'model'));
}
