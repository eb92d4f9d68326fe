/**
 * Process: a generator function driven by the events it yields, and itself an event that succeeds
 * with the generator's return value or fails with the error it did not catch (SimPy's model).
 */
import { SimEvent, EventState, Interrupt } from './event.ts';
import type { Simulation } from './simulation.ts';

/** What a process body is: a generator that yields events and returns R. */
export type ProcessGenerator<R = unknown> = Generator<SimEvent<any>, R, any>;

/** A failure that escaped a process, with the process name and the simulated time attached. */
export class ProcessFailure extends Error {
  readonly processName: string;
  readonly time: number;
  readonly original: unknown;
  constructor(processName: string, time: number, original: unknown) {
    const msg = original instanceof Error ? original.message : String(original);
    super(original instanceof ProcessFailure ? msg : `process "${processName}" failed at t=${time} s: ${msg}`);
    this.name = 'ProcessFailure';
    this.processName = original instanceof ProcessFailure ? original.processName : processName;
    this.time = original instanceof ProcessFailure ? original.time : time;
    this.original = original instanceof ProcessFailure ? original.original : original;
  }
}

export class Process<R = unknown> extends SimEvent<R> {
  /** The name given, or the process's number (named "process-N" only when a message needs it). */
  private declare label: string | number;
  private declare gen: ProcessGenerator<R>;
  /** @internal the event this process currently waits for */ declare target: SimEvent<any> | null;

  constructor(sim: Simulation, gen: ProcessGenerator<R>, name: string | number) {
    super(sim);
    this.target = null;
    this.label = name;
    if (gen === null || typeof gen !== 'object' || typeof (gen as Generator).next !== 'function') {
      throw new TypeError(`process "${this.name}" needs a generator (call the generator function), got ${typeof gen}`);
    }
    this.gen = gen;
    // The process itself goes on the queue, still pending, to start (urgent: before the other events
    // of this instant). Only a process's start is ever queued pending, so the simulation knows it by
    // that; an Interrupt, also urgent, comes after it. No start event is made for each process.
    sim.schedule(this, 0, 0);
  }

  /** @internal Called by the simulation when the process's start comes off the queue. */
  start(): void {
    this.resume(this.sim.started);
  }

  /** The name given to sim.process(), else "process-N" (N: the order it was started in). */
  get name(): string {
    const l = this.label;
    return typeof l === 'number' ? `process-${l}` : l;
  }

  /** True while the generator has not returned or failed. */
  get isAlive(): boolean {
    return this.state === EventState.PENDING;
  }

  /**
   * Throws an Interrupt(cause) into the process at the current time (before other events of this
   * instant). The process stops waiting for its current event; it may catch the Interrupt and go on.
   */
  interrupt(cause?: unknown): void {
    if (this.state !== EventState.PENDING) throw new Error(`cannot interrupt process "${this.name}": it has already ended`);
    if (this.sim.activeProcess === this) throw new Error(`process "${this.name}" cannot interrupt itself`);
    const ev = new SimEvent<undefined>(this.sim);
    ev.ok = false;
    ev._value = new Interrupt(cause);
    ev.defused = true;
    ev.state = EventState.TRIGGERED;
    ev.callbacks = [() => {
      if (this.state !== EventState.PENDING) return;
      const t = this.target;
      if (t !== null) {
        if (t.waiter === this) t.waiter = null;
        this.target = null;
      }
      this.resume(ev);
    }];
    this.sim.schedule(ev, 0, 0);
  }

  /** @internal Called by the simulation when the event this process waits for is processed. */
  resume(ev: SimEvent<any>): void {
    const sim = this.sim;
    const gen = this.gen;
    sim.activeProcess = this;
    for (;;) {
      let r: IteratorResult<SimEvent<any>, R>;
      try {
        if (ev.ok) r = gen.next(ev._value);
        else {
          ev.defused = true;
          r = gen.throw(ev._value);
        }
      } catch (err) {
        sim.activeProcess = null;
        this.target = null;
        this.fail(err instanceof Error ? new ProcessFailure(this.name, sim.now, err) : new ProcessFailure(this.name, sim.now, err));
        return;
      }
      if (r.done) {
        sim.activeProcess = null;
        this.target = null;
        this.succeed(r.value);
        return;
      }
      const next = r.value;
      if (!(next instanceof SimEvent)) {
        ev = new SimEvent(sim);
        ev.ok = false;
        ev._value = new TypeError(`process "${this.name}" yielded ${describeValue(next)}; yield an event (sim.timeout(), a process, a request...)`);
        continue;
      }
      if (next.state === EventState.PROCESSED) {
        ev = next;
        continue;
      }
      if (next.waiter === null) next.waiter = this;
      else (next.callbacks ??= []).push((e) => this.resumeIfTarget(e));
      this.target = next;
      sim.activeProcess = null;
      return;
    }
  }

  private resumeIfTarget(ev: SimEvent<any>): void {
    if (this.target === ev) this.resume(ev);
  }

  override describe(): string {
    return `process "${this.name}"`;
  }
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing (a bare `yield`)';
  if (v === null) return 'null';
  if (typeof v === 'object') return `an object that is not an event (${(v as object).constructor?.name ?? 'Object'})`;
  return `a ${typeof v} (${String(v)})`;
}
