/**
 * The catalog in models/: devices (models/devices/*.yaml) and whole systems (models/systems/*.yaml).
 * Data only; every parameter carries a source (the entry's `source`, or `sources.<param>`).
 * Parameter values are strings with units, parsed here by the quantity kind the parameter needs.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { readCatalogYaml } from './catalog-cache.ts';
import { parseQuantity, type QuantityKind } from '../units/quantity.ts';
import { InputError, type Issue } from '../issues.ts';
import { didYouMean } from './messages.ts';

/** The quantity kind of each known device parameter (count = a plain whole number). */
export const PARAM_KINDS: Record<string, QuantityKind | 'count' | 'ref'> = {
  capacity: 'size', bandwidth: 'bandwidth', readBandwidth: 'bandwidth', writeBandwidth: 'bandwidth',
  readIops: 'opRate', writeIops: 'opRate', latency: 'duration', queueDepth: 'count',
  sockets: 'count', bandwidthPerSocket: 'bandwidth',
  dimms: 'count', capacityPerDimm: 'size', readBandwidthPerDimm: 'bandwidth', writeBandwidthPerDimm: 'bandwidth',
  serverReadBandwidth: 'bandwidth', serverWriteBandwidth: 'bandwidth', serverCapacity: 'size', stripeSize: 'size',
  ostReadBandwidth: 'bandwidth', ostWriteBandwidth: 'bandwidth', osts: 'count', mdsCount: 'count', mdsRate: 'opRate',
  fabricLatency: 'duration',
  cartridgeCapacity: 'size', driveRate: 'bandwidth', loadTime: 'duration', unloadTime: 'duration', locateTime: 'duration', rewindTime: 'duration', exchangeTime: 'duration',
  firstByteLatency: 'duration', connectionBandwidth: 'bandwidth', getRate: 'opRate', putRate: 'opRate',
  price: 'storagePrice', getPrice: 'requestPrice', putPrice: 'requestPrice', egressPrice: 'transferPrice',
  fp32: 'flopRate', tf32: 'flopRate', bf16: 'flopRate', fp16: 'flopRate', fp8: 'flopRate', memory: 'ref',
  injectionBandwidth: 'bandwidth', localLinkBandwidth: 'bandwidth', globalLinkBandwidth: 'bandwidth',
  nodesPerRouter: 'count', routersPerGroup: 'count', globalLinksPerRouter: 'count', hopLatency: 'duration',
  hourlyPrice: 'hourlyPrice',
  parameters: 'count', layers: 'count', hidden: 'count', heads: 'count',
};

export interface DeviceModel {
  id: string;
  name: string;
  kind: string;
  category: string;
  file: string;
  /** Parameters in SI units (counts as numbers, references as strings); parsed on first access. */
  readonly params: Record<string, number | string>;
  /** The text each parameter was written as, for display. */
  text: Record<string, string>;
  source: string;
  /** Source of each parameter (the entry source unless overridden). */
  sources: Record<string, string>;
}

export interface Catalog {
  devices: Map<string, DeviceModel>;
  systems: Map<string, { id: string; name: string; file: string; spec: Record<string, unknown>; sources: Record<string, string> }>;
}

let cached: { dir: string; catalog: Catalog } | null = null;

export function loadCatalog(dir: string): Catalog {
  if (cached && cached.dir === dir) return cached.catalog;
  const issues: Issue[] = [];
  const devices = new Map<string, DeviceModel>();
  const ddir = join(dir, 'devices');
  for (const f of existsSync(ddir) ? readdirSync(ddir).filter((x) => x.endsWith('.yaml')).sort() : []) {
    const file = join(ddir, f);
    const doc = readCatalogYaml(file) as { category?: string; devices?: unknown[] };
    (doc.devices ?? []).forEach((entry, i) => {
      const e = entry as { id?: string; name?: string; kind?: string; params?: Record<string, unknown>; source?: string; sources?: Record<string, string> };
      const path = ['devices', i];
      if (!e.id || !e.name || !e.kind || !e.source) {
        issues.push({ file, path, message: 'a device needs id, name, kind and source' });
        return;
      }
      if (devices.has(e.id)) issues.push({ file, path: [...path, 'id'], message: `duplicate model id "${e.id}"` });
      const text: Record<string, string> = {};
      const raw = e.params ?? {};
      for (const [k, v] of Object.entries(raw)) {
        text[k] = String(v);
        if (PARAM_KINDS[k] === undefined) issues.push({ file, path: [...path, 'params', k], message: `unknown parameter "${k}"`, hint: didYouMean(k, Object.keys(PARAM_KINDS), 'parameter') });
      }
      const sources: Record<string, string> = {};
      for (const k of Object.keys(raw)) sources[k] = e.sources?.[k] ?? e.source;
      for (const k of Object.keys(e.sources ?? {})) if (!(k in raw)) issues.push({ file, path: [...path, 'sources', k], message: `source given for "${k}", which is not a parameter` });
      // Values are parsed when first used: loading the whole catalog stays cheap for a scenario
      // that uses one model. The test suite parses every value (catalog.test.ts).
      let parsed: Record<string, number | string> | null = null;
      const device = {
        id: e.id, name: e.name, kind: e.kind, category: doc.category ?? basename(f, '.yaml'), file, text, source: e.source, sources,
        get params(): Record<string, number | string> {
          if (parsed === null) {
            const out: Record<string, number | string> = {};
            const bad: Issue[] = [];
            for (const [k, v] of Object.entries(raw)) {
              const kind = PARAM_KINDS[k];
              if (kind === undefined) continue;
              if (kind === 'count') {
                if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) bad.push({ file, path: [...path, 'params', k], message: `"${k}" must be a whole number >= 1` });
                else out[k] = v;
              } else if (kind === 'ref') out[k] = String(v);
              else {
                const r = parseQuantity(v, kind);
                if (!r.ok) bad.push({ file, path: [...path, 'params', k], message: r.message, hint: r.hint });
                else out[k] = r.value;
              }
            }
            if (bad.length) throw new InputError(bad);
            parsed = out;
          }
          return parsed;
        },
      };
      devices.set(e.id, device);
    });
  }
  for (const d of devices.values()) {
    const m = d.text.memory;
    if (m !== undefined && !devices.has(m)) issues.push({ file: d.file, path: [d.id, 'memory'], message: `unknown memory model "${m}"` });
  }
  const systems: Catalog['systems'] = new Map();
  const sdir = join(dir, 'systems');
  for (const f of existsSync(sdir) ? readdirSync(sdir).filter((x) => x.endsWith('.yaml')).sort() : []) {
    const file = join(sdir, f);
    const doc = readCatalogYaml(file) as { id?: string; name?: string; system?: Record<string, unknown>; sources?: Record<string, string> };
    if (!doc.id || !doc.name || !doc.system) {
      issues.push({ file, path: [], message: 'a system needs id, name and system' });
      continue;
    }
    systems.set(doc.id, { id: doc.id, name: doc.name, file, spec: doc.system, sources: doc.sources ?? {} });
  }
  if (issues.length) throw new InputError(issues);
  const catalog = { devices, systems };
  cached = { dir, catalog };
  return catalog;
}
