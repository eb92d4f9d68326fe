/**
 * Exclusive resources (a tape drive, a robot arm): `capacity` identical units granted FIFO, or by
 * priority (lower first, FIFO among equals). And containers: a level between 0 and a capacity,
 * with puts and gets that wait until they fit.
 */
import { SimEvent } from './event.ts';
import type { Simulation } from './simulation.ts';

export class Request extends SimEvent<Request> {
  // `declare`d and assigned in the constructor, as SimEvent's fields (V8 builds them faster)
  declare readonly resource: Resource;
  declare readonly priority: number;
  /** @internal */ declare seq: number;
  /** Time the request was made. */
  declare readonly requestedAt: number;
  /** @internal true while the request holds a unit */ declare granted: boolean;
  constructor(resource: Resource, priority: number, seq: number) {
    super(resource.sim);
    (this as { resource: Resource }).resource = resource;
    (this as { priority: number }).priority = priority;
    this.seq = seq;
    (this as { requestedAt: number }).requestedAt = resource.sim.now;
    this.granted = false;
  }
  /** Gives the unit back (or withdraws the request if it is still queued). */
  release(): void {
    this.resource.release(this);
  }
  override describe(): string {
    return `request for ${this.resource.name}`;
  }
}

export interface ResourceOptions {
  /** Number of units (default 1). */
  capacity?: number;
  /** "fifo" (default) or "priority". */
  discipline?: 'fifo' | 'priority';
  name?: string;
}

export class Resource {
  readonly sim: Simulation;
  readonly capacity: number;
  readonly name: string;
  private readonly byPriority: boolean;
  /** Units granted and not yet released (a counter: a Set of holders cost a fifth of an M/M/1 run). */
  private inUse = 0;
  private queue: Request[] = [];
  private head = 0;
  private seq = 0;

  constructor(sim: Simulation, options: ResourceOptions = {}) {
    this.sim = sim;
    this.capacity = options.capacity ?? 1;
    if (!Number.isInteger(this.capacity) || this.capacity < 1) {
      throw new RangeError(`resource capacity must be a whole number >= 1, got ${options.capacity}`);
    }
    this.byPriority = options.discipline === 'priority';
    this.name = options.name ?? 'resource';
  }

  /** Units in use. */
  get count(): number {
    return this.inUse;
  }
  /** Requests waiting. */
  get queueLength(): number {
    return this.queue.length - this.head;
  }

  /** Asks for a unit; the event succeeds (with the request) when it is granted. */
  request(priority = 0): Request {
    const req = new Request(this, priority, this.seq++);
    if (this.inUse < this.capacity && this.head === this.queue.length) {
      this.inUse++;
      req.granted = true;
      req.succeed(req);
    } else if (this.byPriority) {
      const q = this.queue;
      let i = q.length;
      while (i > this.head && q[i - 1]!.priority > priority) i--;
      q.splice(i, 0, req);
    } else {
      this.queue.push(req);
    }
    return req;
  }

  release(req: Request): void {
    if (req.resource !== this) throw new Error(`${req.describe()} released on ${this.name}`);
    if (req.granted) {
      req.granted = false;
      this.inUse--;
      this.grant();
      return;
    }
    const i = this.queue.indexOf(req, this.head);
    if (i >= 0) this.queue.splice(i, 1);
  }

  private grant(): void {
    while (this.inUse < this.capacity && this.head < this.queue.length) {
      const next = this.queue[this.head]!;
      this.queue[this.head++] = undefined as unknown as Request;
      this.inUse++;
      next.granted = true;
      next.succeed(next);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

export class ContainerRequest extends SimEvent<number> {
  readonly amount: number;
  constructor(sim: Simulation, amount: number) {
    super(sim);
    this.amount = amount;
  }
}

/** A level in [0, capacity]; put() waits for room, get() waits for content, both FIFO. */
export class Container {
  readonly sim: Simulation;
  readonly capacity: number;
  readonly name: string;
  private _level: number;
  private readonly puts: ContainerRequest[] = [];
  private readonly gets: ContainerRequest[] = [];

  constructor(sim: Simulation, options: { capacity?: number; init?: number; name?: string } = {}) {
    this.sim = sim;
    this.capacity = options.capacity ?? Infinity;
    this._level = options.init ?? 0;
    this.name = options.name ?? 'container';
    if (!(this.capacity > 0)) throw new RangeError(`container capacity must be > 0, got ${this.capacity}`);
    if (!(this._level >= 0 && this._level <= this.capacity)) {
      throw new RangeError(`container initial level ${this._level} is outside [0, ${this.capacity}]`);
    }
  }

  get level(): number {
    return this._level;
  }

  put(amount: number): ContainerRequest {
    this.check(amount, 'put');
    if (amount > this.capacity) throw new RangeError(`${this.name}: put of ${amount} can never fit in capacity ${this.capacity}`);
    const ev = new ContainerRequest(this.sim, amount);
    this.puts.push(ev);
    this.settle();
    return ev;
  }

  get(amount: number): ContainerRequest {
    this.check(amount, 'get');
    if (amount > this.capacity) throw new RangeError(`${this.name}: get of ${amount} exceeds capacity ${this.capacity}`);
    const ev = new ContainerRequest(this.sim, amount);
    this.gets.push(ev);
    this.settle();
    return ev;
  }

  private check(amount: number, op: string): void {
    if (!(amount > 0) || !Number.isFinite(amount)) throw new RangeError(`${this.name}: ${op} amount must be finite and > 0, got ${amount}`);
  }

  private settle(): void {
    let moved = true;
    while (moved) {
      moved = false;
      const p = this.puts[0];
      if (p && this._level + p.amount <= this.capacity) {
        this.puts.shift();
        this._level += p.amount;
        p.succeed(this._level);
        moved = true;
      }
      const g = this.gets[0];
      if (g && g.amount <= this._level) {
        this.gets.shift();
        this._level -= g.amount;
        g.succeed(this._level);
        moved = true;
      }
    }
  }
}
