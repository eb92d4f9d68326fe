/**
 * SimEvent: something that happens at one instant of simulated time, SimPy style. An event is
 * pending, then triggered (succeeded or failed and put on the queue), then processed (its waiters
 * have run). A failed event that nobody waits for and nobody defuses ends the run.
 */
import type { Simulation } from './simulation.ts';
import type { Process } from './process.ts';

export const EventState = { PENDING: 0, TRIGGERED: 1, PROCESSED: 2 } as const;
export type EventState = (typeof EventState)[keyof typeof EventState];

export type EventCallback = (ev: SimEvent<any>) => void;

export class SimEvent<T = unknown> {
  // Fields are assigned in the constructor (`declare`d, not initialised as class fields): V8 builds
  // events markedly faster that way, and an event is made for every timeout.
  declare readonly sim: Simulation;
  /** @internal */ declare state: EventState;
  /** @internal */ declare ok: boolean;
  /** @internal */ declare _value: unknown;
  /** A failure that was handed to someone (thrown into a process, or defused by hand). */
  declare defused: boolean;
  /** @internal the single process waiting (the fast, common case) */ declare waiter: Process | null;
  /** @internal */ declare callbacks: EventCallback[] | null;

  constructor(sim: Simulation) {
    (this as { sim: Simulation }).sim = sim;
    this.state = EventState.PENDING;
    this.ok = true;
    this._value = undefined;
    this.defused = false;
    this.waiter = null;
    this.callbacks = null;
  }

  get triggered(): boolean {
    return this.state !== EventState.PENDING;
  }
  get processed(): boolean {
    return this.state === EventState.PROCESSED;
  }
  get failed(): boolean {
    return this.state !== EventState.PENDING && !this.ok;
  }
  /** The value the event succeeded with (or the error it failed with). */
  get value(): T {
    if (this.state === EventState.PENDING) throw new Error('SimEvent.value read before the event was triggered');
    return this._value as T;
  }

  /** Marks the event successful and schedules its processing now. */
  succeed(value?: T, priority: 0 | 1 = 1): this {
    if (this.state !== EventState.PENDING) throw new Error(`${this.describe()} has already been triggered`);
    this.ok = true;
    this._value = value;
    this.state = EventState.TRIGGERED;
    this.sim.schedule(this, 0, priority);
    return this;
  }

  /** Marks the event failed with `error`; waiters get it thrown at them. */
  fail(error: Error, priority: 0 | 1 = 1): this {
    if (this.state !== EventState.PENDING) throw new Error(`${this.describe()} has already been triggered`);
    if (!(error instanceof Error)) throw new TypeError(`${this.describe()}.fail() needs an Error, got ${String(error)}`);
    this.ok = false;
    this._value = error;
    this.state = EventState.TRIGGERED;
    this.sim.schedule(this, 0, priority);
    return this;
  }

  /** Calls `cb` when the event is processed (immediately scheduled if it already was). */
  onProcessed(cb: EventCallback): void {
    if (this.state === EventState.PROCESSED) {
      this.sim.callSoon(() => cb(this));
      return;
    }
    (this.callbacks ??= []).push(cb);
  }

  /** @internal */ removeCallback(cb: EventCallback): void {
    const cbs = this.callbacks;
    if (!cbs) return;
    const i = cbs.indexOf(cb);
    if (i >= 0) cbs.splice(i, 1);
  }

  describe(): string {
    return this.constructor.name;
  }
}

/** An event that triggers itself `delay` seconds after it is created. */
export class Timeout<T = undefined> extends SimEvent<T> {
  declare readonly delay: number;
  constructor(sim: Simulation, delay: number, value?: T) {
    super(sim);
    if (!(delay >= 0) || delay === Infinity) throw new RangeError(`timeout delay must be a finite number >= 0, got ${delay}`);
    (this as { delay: number }).delay = delay;
    this._value = value;
    this.state = EventState.TRIGGERED;
    sim.schedule(this, delay, 1);
  }
}

/** Thrown into a process by Process.interrupt(); `cause` says why. */
export class Interrupt extends Error {
  readonly cause: unknown;
  constructor(cause?: unknown) {
    super(`interrupted${cause === undefined ? '' : `: ${String(cause)}`}`);
    this.name = 'Interrupt';
    this.cause = cause;
  }
}

/** Waits for several events: all of them (AllOf) or the first (AnyOf). Value: a Map event → value. */
export class Condition extends SimEvent<Map<SimEvent<any>, unknown>> {
  private readonly events: SimEvent<any>[];
  private readonly needAll: boolean;
  private count = 0;
  private readonly check: EventCallback;

  constructor(sim: Simulation, events: SimEvent<any>[], needAll: boolean) {
    super(sim);
    this.events = events;
    this.needAll = needAll;
    this.check = (ev) => this.onChild(ev);
    for (const ev of events) {
      if (ev.sim !== sim) throw new Error('cannot combine events from different simulations');
    }
    if (events.length === 0) {
      this.succeed(new Map());
      return;
    }
    for (const ev of events) {
      if (ev.state === EventState.PROCESSED) this.onChild(ev);
      else (ev.callbacks ??= []).push(this.check);
      if (this.state !== EventState.PENDING) break;
    }
  }

  private onChild(ev: SimEvent<any>): void {
    if (this.state !== EventState.PENDING) return;
    if (!ev.ok) {
      ev.defused = true;
      this.detach();
      this.fail(ev._value as Error);
      return;
    }
    this.count++;
    if (this.needAll ? this.count === this.events.length : true) {
      this.detach();
      const values = new Map<SimEvent<any>, unknown>();
      for (const e of this.events) if (e.state === EventState.PROCESSED && e.ok) values.set(e, e._value);
      if (!this.needAll && !values.has(ev)) values.set(ev, ev._value);
      this.succeed(values);
    }
  }

  private detach(): void {
    for (const e of this.events) if (e.state !== EventState.PROCESSED) e.removeCallback(this.check);
  }

  override describe(): string {
    return this.needAll ? 'AllOf' : 'AnyOf';
  }
}
