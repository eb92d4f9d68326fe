/**
 * Simulation: owns the clock and the future-event list, and nothing else writes the clock.
 * run() pops events in (time, priority, insertion) order and hands each to its waiters.
 * A failed event nobody handled stops the run with a SimulationFailure naming the process and time.
 */
import { EventQueue, Priority } from './queue.ts';
import { SimEvent, Timeout, Condition, EventState } from './event.ts';
import { Process, ProcessFailure, type ProcessGenerator } from './process.ts';
import { RandomSource } from './random.ts';

export class SimulationFailure extends Error {
  readonly processName: string | undefined;
  readonly time: number;
  readonly original: unknown;
  constructor(message: string, time: number, processName: string | undefined, original: unknown) {
    super(message);
    this.name = 'SimulationFailure';
    this.time = time;
    this.processName = processName;
    this.original = original;
  }
}

export interface SimulationOptions {
  /** Seed of the random source (default 1). */
  seed?: number | string;
  /** Start time in seconds (default 0). */
  initialTime?: number;
}

export class Simulation {
  private _now: number;
  private readonly queue = new EventQueue<SimEvent<any>>();
  /** The process whose generator is running right now, if any. */
  activeProcess: Process<any> | null = null;
  /** Seeded random source: `sim.random.stream('arrivals')` gives each consumer its own stream. */
  readonly random: RandomSource;
  private processCount = 0;
  /** Number of events processed so far. */
  eventsProcessed = 0;
  /** @internal What a process is resumed with when it starts: an event that succeeded with nothing. */
  readonly started: SimEvent<undefined>;

  constructor(options: SimulationOptions = {}) {
    this._now = options.initialTime ?? 0;
    this.random = new RandomSource(options.seed ?? 1);
    this.started = new SimEvent<undefined>(this);
    this.started.state = EventState.PROCESSED;
  }

  /** Current simulated time in seconds. */
  get now(): number {
    return this._now;
  }

  /** @internal Puts a triggered event on the queue `delay` seconds from now. */
  schedule(ev: SimEvent<any>, delay: number, priority: Priority): void {
    this.queue.push(this._now + delay, priority, ev);
  }

  /** An event that succeeds `delay` seconds from now with `value`. */
  timeout<T = undefined>(delay: number, value?: T): Timeout<T> {
    return new Timeout<T>(this, delay, value);
  }

  /** A new pending event, to be triggered by hand with succeed() or fail(). */
  event<T = unknown>(): SimEvent<T> {
    return new SimEvent<T>(this);
  }

  /** Starts a process from a generator; `name` appears in failure messages. */
  process<R>(gen: ProcessGenerator<R>, name?: string): Process<R> {
    return new Process<R>(this, gen, name ?? ++this.processCount);
  }

  /** Succeeds when all events have succeeded (fails as soon as one fails). */
  allOf(events: SimEvent<any>[]): Condition {
    return new Condition(this, events, true);
  }

  /** Succeeds when the first of the events succeeds (fails if that one fails). */
  anyOf(events: SimEvent<any>[]): Condition {
    return new Condition(this, events, false);
  }

  /** @internal Runs `fn` at the current time, after the events already scheduled for now. */
  callSoon(fn: () => void): void {
    const ev = new SimEvent<undefined>(this);
    ev.callbacks = [fn];
    ev.state = EventState.TRIGGERED;
    this.schedule(ev, 0, Priority.NORMAL);
  }

  /** Runs `fn` at simulated time `time` (>= now), after events already scheduled for that time. */
  callAt(time: number, fn: () => void): void {
    this.callWith(time, [fn], undefined);
  }

  /**
   * Calls each of `callbacks` with an event whose value is `value`, at `time`: for hot paths that
   * schedule many calls to the same function (one callbacks array shared by all of them, no
   * closure per call). The array is not modified.
   */
  callWith<T>(time: number, callbacks: readonly ((ev: SimEvent<T>) => void)[], value: T): void {
    if (!(time >= this._now)) throw new RangeError(`callAt(${time}) is before the current time ${this._now}`);
    const ev = new SimEvent<T>(this);
    ev.callbacks = callbacks as ((ev: SimEvent<any>) => void)[];
    ev._value = value;
    ev.state = EventState.TRIGGERED;
    this.queue.push(time, Priority.NORMAL, ev);
  }

  /** Time of the next event, or Infinity. */
  peek(): number {
    return this.queue.peekTime();
  }

  /** Processes the next event. */
  step(): void {
    const queue = this.queue;
    this._now = queue.peekTime();
    const ev = queue.pop();
    this.process1(ev);
  }

  private process1(ev: SimEvent<any>): void {
    this.eventsProcessed++;
    if (ev.state === EventState.PENDING) {
      // a process starting (see Process): the only entry ever queued pending
      (ev as Process<any>).start();
      return;
    }
    ev.state = EventState.PROCESSED;
    const w = ev.waiter;
    if (w !== null) {
      ev.waiter = null;
      w.target = null;
      w.resume(ev);
    }
    const cbs = ev.callbacks;
    if (cbs !== null) {
      ev.callbacks = null;
      for (let i = 0; i < cbs.length; i++) cbs[i]!(ev);
    }
    if (!ev.ok && !ev.defused && w === null) this.crash(ev);
  }

  private crash(ev: SimEvent<any>): never {
    const err = ev._value;
    if (err instanceof ProcessFailure) {
      throw new SimulationFailure(err.message, err.time, err.processName, err.original);
    }
    const msg = err instanceof Error ? err.message : String(err);
    throw new SimulationFailure(`unhandled failure of ${ev.describe()} at t=${this._now} s: ${msg}`, this._now, undefined, err);
  }

  /**
   * Runs until the queue is empty, until simulated time `until` (events at exactly `until` are not
   * processed; the clock is left at `until`), or until the given event has been processed
   * (returns its value; throws its error).
   */
  run(until?: number | SimEvent<any>): unknown {
    if (until instanceof SimEvent) {
      const stop = until;
      while (stop.state !== EventState.PROCESSED) {
        if (this.queue.size === 0) {
          throw new Error(`run(until=${stop.describe()}): no events left and it was never triggered`);
        }
        this.step();
      }
      if (!stop.ok) throw stop._value;
      return stop._value;
    }
    const limit = until ?? Infinity;
    if (!(limit >= this._now)) throw new RangeError(`run(until=${until}) is before the current time ${this._now}`);
    const queue = this.queue;
    while (queue.size > 0) {
      const t = queue.peekTime();
      if (t >= limit) break;
      this._now = t;
      this.process1(queue.pop());
    }
    if (limit !== Infinity) this._now = limit;
    return undefined;
  }
}
