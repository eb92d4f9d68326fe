/**
 * SimGrid's flow-level TCP models (CM02 and LV08, SimGrid 3.32), so a case can be run exactly as
 * SimGrid runs it, with SimGrid's own configuration keys (`--cfg=network/...`). Each was measured
 * against python3-simgrid 3.32 case by case (test/network-model.test.ts has the cases and
 * SimGrid's completion times):
 *
 *  - the transfer waits `latency-factor` x its route latency L before it moves a byte;
 *  - its sharing penalty is L + sum over its links of `weight-S` / bandwidth, or 1 when L = 0
 *    (SimGrid creates zero-latency variables with penalty 1): on a shared bottleneck rates are
 *    proportional to 1 / penalty;
 *  - `TCP-gamma` (the TCP window, bytes) caps it at gamma / (2 L) when both are > 0;
 *  - with `crosstraffic` each flow also loads the links of the reverse route with 0.05 of its rate
 *    (the acknowledgements; on a symmetric route that is 1.05 on each of its links);
 *  - its payload moves at `bandwidth-factor` x its max-min rate (the rest is protocol overhead): a
 *    flow of S bytes is a fluid flow of S / factor on-the-wire bytes.
 *
 * LV08 is SimGrid's default: factors 13.01 and 0.97 and weight-S 20537 (Velho and Legrand, "Accuracy
 * study and improvement of network simulation in the SimGrid framework", SIMUTools 2009), TCP-gamma
 * 4194304 and crosstraffic on. CM02 has factors 1, weight-S 0 and the same gamma and crosstraffic.
 */
import type { Constraint } from '../resources/sharing/maxmin.ts';
import type { Route } from './platform.ts';

export interface NetworkModel {
  /** A name for reports: "pure max-min", "CM02", "LV08" (with overrides listed). */
  readonly name: string;
  readonly latencyFactor: number;
  readonly bandwidthFactor: number;
  /** Bytes; 0 turns the penalty term off. */
  readonly weightS: number;
  /** TCP window in bytes; 0 turns the cap off. */
  readonly tcpGamma: number;
  readonly crosstraffic: boolean;
  /** Rates on a shared bottleneck in proportion to 1 / penalty (false: every flow has weight 1). */
  readonly penalties: boolean;
}

/** Plain max-min: what the reference cases marked `pure_maxmin` are built to give. */
export const PURE_MAXMIN: NetworkModel = { name: 'pure max-min', latencyFactor: 1, bandwidthFactor: 1, weightS: 0, tcpGamma: 0, crosstraffic: false, penalties: false };

const GAMMA = 4194304;
const PRESETS: Record<string, Omit<NetworkModel, 'name'>> = {
  CM02: { latencyFactor: 1, bandwidthFactor: 1, weightS: 0, tcpGamma: GAMMA, crosstraffic: true, penalties: true },
  LV08: { latencyFactor: 13.01, bandwidthFactor: 0.97, weightS: 20537, tcpGamma: GAMMA, crosstraffic: true, penalties: true },
};

/** The configuration keys understood, as SimGrid names them. */
export const NETWORK_CONFIG_KEYS = ['network/model', 'network/latency-factor', 'network/bandwidth-factor', 'network/weight-S', 'network/TCP-gamma', 'network/crosstraffic', 'network/optim'] as const;

/** The model field each numeric configuration key sets. */
const FIELDS = {
  'network/latency-factor': 'latencyFactor', 'network/bandwidth-factor': 'bandwidthFactor', 'network/weight-S': 'weightS',
  'network/TCP-gamma': 'tcpGamma', 'network/crosstraffic': 'crosstraffic',
} as const;

/** A problem with one entry of a configuration list. */
export interface ConfigProblem {
  index: number;
  message: string;
  hint?: string;
}

/**
 * The model a SimGrid configuration list describes (entries "key:value", as given to SimGrid's
 * `--cfg`), starting from SimGrid's defaults (LV08) as SimGrid does. Problems are all reported.
 * `network/optim` is accepted and has no effect (it changes SimGrid's speed, not its results).
 */
export function networkModelFromConfig(config: readonly string[], suggest: (key: string) => string | undefined): { model: NetworkModel; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const entries: [string, string, number][] = [];
  config.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    if (colon <= 0) {
      problems.push({ index, message: `"${entry}" is not "key:value"`, hint: 'as SimGrid\'s --cfg, e.g. "network/model:LV08" or "network/TCP-gamma:0"' });
      return;
    }
    entries.push([entry.slice(0, colon).trim(), entry.slice(colon + 1).trim(), index]);
  });
  let preset = 'LV08';
  for (const [key, value, index] of entries) {
    if (key !== 'network/model') continue;
    if (PRESETS[value] === undefined) problems.push({ index, message: `network model "${value}" is not supported`, hint: `one of ${Object.keys(PRESETS).join(', ')} (SimGrid's flow-level TCP models; LV08 is its default)` });
    else preset = value;
  }
  const m: { -readonly [K in keyof NetworkModel]: NetworkModel[K] } = { name: preset, ...PRESETS[preset]! };
  const changed: string[] = [];
  for (const [key, value, index] of entries) {
    if (key === 'network/model' || key === 'network/optim') continue;
    if (!(NETWORK_CONFIG_KEYS as readonly string[]).includes(key)) {
      problems.push({ index, message: `unknown configuration key "${key}"`, hint: suggest(key) ?? `tiersim understands ${NETWORK_CONFIG_KEYS.join(', ')}` });
      continue;
    }
    const x = Number(value);
    if (value === '' || !Number.isFinite(x) || x < 0) {
      problems.push({ index, message: `"${key}" must be a number >= 0, got "${value}"` });
      continue;
    }
    if (key === 'network/bandwidth-factor' && x === 0) {
      problems.push({ index, message: '"network/bandwidth-factor" must be greater than zero' });
      continue;
    }
    if (key === 'network/crosstraffic' && x !== 0 && x !== 1) {
      problems.push({ index, message: '"network/crosstraffic" is 0 or 1' });
      continue;
    }
    const field = FIELDS[key as keyof typeof FIELDS];
    const v = field === 'crosstraffic' ? x === 1 : x;
    if (m[field] !== v) {
      (m as Record<typeof field, number | boolean>)[field] = v;
      changed.push(`${key.slice('network/'.length)} ${value}`);
    }
  }
  if (changed.length) m.name = `${preset} (${changed.join(', ')})`;
  return { model: m, problems: problems.sort((a, b) => a.index - b.index) };
}

/**
 * How a transfer over one route runs under a model: what to hand the fluid model. The fluid size of
 * a payload of S bytes is S / model.bandwidthFactor.
 */
export interface FlowShape {
  /** Time before the first byte moves (s). */
  latency: number;
  constraints: Constraint[];
  /** Per-constraint use, or undefined when every link is used once. */
  coefs: Float64Array | undefined;
  weight: number;
  cap: number;
}

/** Transfers over `route` (`back`: the reverse route, used with crosstraffic). */
export function flowShape(model: NetworkModel, route: Route, back: Route | undefined): FlowShape {
  const L = route.latency;
  let weight = 1;
  if (model.penalties && L > 0) {
    weight = L;
    if (model.weightS > 0) for (const l of route.links) weight += model.weightS / l.bandwidth;
  }
  let constraints = route.constraints, coefs: Float64Array | undefined;
  if (model.crosstraffic && back !== undefined) {
    constraints = route.constraints.slice();
    const a = constraints.map(() => 1);
    for (const c of back.constraints) {
      const k = constraints.indexOf(c);
      if (k >= 0) a[k]! += 0.05;
      else { constraints.push(c); a.push(0.05); }
    }
    coefs = Float64Array.from(a);
  }
  return {
    latency: L * model.latencyFactor,
    constraints, coefs, weight,
    cap: model.tcpGamma > 0 && L > 0 ? model.tcpGamma / (2 * L) : Infinity,
  };
}
