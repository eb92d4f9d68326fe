/**
 * Seeded randomness. A RandomSource hands each named consumer its own stream (seedrandom's
 * xor4096, seeded with "<seed>/<name>"), so adding a consumer never shifts another one's draws.
 * Distributions: uniform, exponential, normal (Marsaglia polar), lognormal, empirical.
 */
import seedrandom from 'seedrandom';

export class RandomStream {
  private readonly next: () => number;
  private spare: number | null = null;
  readonly name: string;

  constructor(seed: string, name: string) {
    this.next = seedrandom.xor4096(seed);
    this.name = name;
  }

  /** Uniform in [0, 1). */
  random(): number {
    return this.next();
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer uniform in [lo, hi] inclusive. */
  integer(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number {
    if (!(rate > 0)) throw new RangeError(`exponential rate must be > 0, got ${rate}`);
    return -Math.log(1 - this.next()) / rate;
  }

  /** Normal with mean `mu` and standard deviation `sigma`. */
  normal(mu = 0, sigma = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mu + sigma * z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return mu + sigma * u * f;
  }

  /** Lognormal: exp(normal(mu, sigma)) with mu, sigma of the underlying normal. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Lognormal with the given mean and standard deviation of the variable itself. */
  lognormalMeanSd(mean: number, sd: number): number {
    if (!(mean > 0)) throw new RangeError(`lognormal mean must be > 0, got ${mean}`);
    if (sd === 0) return mean;
    const s2 = Math.log(1 + (sd * sd) / (mean * mean));
    return this.lognormal(Math.log(mean) - s2 / 2, Math.sqrt(s2));
  }

  /** Draws one of `values`, with probabilities proportional to `weights` (equal if omitted). */
  empirical<T>(values: readonly T[], weights?: readonly number[]): T {
    if (values.length === 0) throw new RangeError('empirical distribution needs at least one value');
    if (!weights) return values[Math.floor(this.next() * values.length)]!;
    if (weights.length !== values.length) throw new RangeError('empirical: weights and values differ in length');
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < values.length; i++) {
      x -= weights[i]!;
      if (x < 0) return values[i]!;
    }
    return values[values.length - 1]!;
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  }
}

export class RandomSource {
  readonly seed: string;
  private readonly streams = new Map<string, RandomStream>();

  constructor(seed: number | string) {
    this.seed = String(seed);
  }

  /** Names of the streams handed out so far, sorted (a result lists them: they say where randomness entered). */
  get streamNames(): string[] {
    return [...this.streams.keys()].sort();
  }

  /** The stream for consumer `name` (the same object on every call). */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (!s) {
      s = new RandomStream(`${this.seed}/${name}`, name);
      this.streams.set(name, s);
    }
    return s;
  }
}
