/**
 * Resolving catalog models: a tier with `model: ID` takes the parameters of that device from
 * models/ for every field it does not set itself. Problems (unknown model, a model of another kind)
 * are issues with a did-you-mean.
 */
import type { Issue } from '../issues.ts';
import type { ScenarioSpec, TierSpec } from './schema.ts';
import { TierSpec as TierSchema, withoutCovered } from './schema.ts';
import type { Catalog } from './catalog.ts';
import { didYouMean } from './messages.ts';

type Found = Omit<Issue, 'file'>;
const TIER_FIELDS = new Set(Object.keys((TierSchema as unknown as { shape: Record<string, unknown> }).shape));

export function resolveModels(spec: ScenarioSpec, catalog: Catalog): { spec: ScenarioSpec; issues: Found[] } {
  const issues: Found[] = [];
  const resolveTier = <T extends TierSpec>(t: T, path: (string | number)[]): T => {
    if (t.model === undefined) return t;
    const m = catalog.devices.get(t.model);
    if (!m) {
      issues.push({ path: [...path, 'model'], message: `unknown model "${t.model}"`, hint: didYouMean(t.model, [...catalog.devices.values()].filter((d) => d.kind === t.kind).map((d) => d.id).concat([...catalog.devices.keys()]), 'model') + ' (see `tiersim models list`)' });
      return t;
    }
    if (m.kind !== t.kind) {
      issues.push({ path: [...path, 'model'], message: `model "${t.model}" is a ${m.kind}, but this tier is kind "${t.kind}"`, hint: `models of kind ${t.kind}: ${[...catalog.devices.values()].filter((d) => d.kind === t.kind).map((d) => d.id).join(', ') || 'none'}` });
      return t;
    }
    const out: Record<string, unknown> = { ...t };
    // the tier's own bandwidth replaces the model's read and write bandwidths (COVERS)
    for (const [k, v] of Object.entries(withoutCovered(m.params as Record<string, unknown>, t as Record<string, unknown>))) {
      if (TIER_FIELDS.has(k) && out[k] === undefined) out[k] = v;
    }
    return out as T;
  };
  let network = spec.system.network;
  if (network?.model !== undefined) {
    const m = catalog.devices.get(network.model);
    const nets = [...catalog.devices.values()].filter((d) => ['ethernet', 'infiniband', 'aries'].includes(d.kind));
    if (!m || !['ethernet', 'infiniband', 'aries'].includes(m.kind)) {
      issues.push({ path: ['system', 'network', 'model'], message: m ? `model "${network.model}" is a ${m.kind}, not a network` : `unknown network model "${network.model}"`, hint: didYouMean(network.model, nets.map((d) => d.id), 'network model') });
    } else {
      const p = m.params as Record<string, number>;
      const n: Record<string, unknown> = { ...network };
      const set = (k: string, v: number | undefined) => {
        if (n[k] === undefined && v !== undefined) n[k] = v;
      };
      if (m.kind === 'aries') {
        for (const k of ['injectionBandwidth', 'localLinkBandwidth', 'globalLinkBandwidth', 'nodesPerRouter', 'routersPerGroup', 'globalLinksPerRouter', 'hopLatency', 'latency']) set(k, p[k]);
      } else {
        set('linkBandwidth', p.bandwidth);
        set('latency', p.latency);
      }
      network = n as typeof network;
    }
  }
  const system = {
    ...spec.system,
    network,
    nodes: spec.system.nodes?.map((g, i) => ({ ...g, tiers: g.tiers?.map((t, j) => resolveTier(t, ['system', 'nodes', i, 'tiers', j])) })),
    storage: spec.system.storage?.map((t, i) => resolveTier(t, ['system', 'storage', i])),
  };
  return { spec: { ...spec, system }, issues };
}
