import { Simulation, SimulationFailure, Interrupt, Resource, Container, type SimEvent } from '../../src/engine/index.ts';

describe('Simulation', () => {
  test('timeouts advance the clock; a process sees each resumption time', () => {
    const sim = new Simulation();
    const log: [string, number][] = [];
    sim.process((function* () {
      log.push(['a', sim.now]);
      yield sim.timeout(2);
      log.push(['a', sim.now]);
      yield sim.timeout(3);
      log.push(['a', sim.now]);
    })());
    sim.run();
    expect(log).toEqual([['a', 0], ['a', 2], ['a', 5]]);
    expect(sim.now).toBe(5);
  });

  test('simultaneous events run in insertion order (deterministic tie-breaking)', () => {
    const sim = new Simulation();
    const order: string[] = [];
    for (const name of ['p', 'q', 'r']) {
      sim.process((function* () {
        yield sim.timeout(1);
        order.push(name);
        yield sim.timeout(1);
        order.push(name + '2');
      })());
    }
    sim.run();
    expect(order).toEqual(['p', 'q', 'r', 'p2', 'q2', 'r2']);
  });

  test('urgent events (interrupts) run before normal ones at the same instant', () => {
    const sim = new Simulation();
    const order: string[] = [];
    const victim = sim.process((function* () {
      try {
        yield sim.timeout(10);
      } catch (e) {
        order.push(`interrupted at ${sim.now}: ${(e as Interrupt).cause}`);
      }
    })(), 'victim');
    sim.process((function* () {
      yield sim.timeout(4);
      order.push('other');
    })());
    sim.process((function* () {
      yield sim.timeout(4);
      victim.interrupt('disk failed');
    })());
    sim.run();
    expect(order).toEqual(['other', 'interrupted at 4: disk failed']);
    expect(sim.now).toBe(10); // the abandoned timeout still fires, but nobody waits for it
  });

  test('a process interrupted in the instant it was made starts first, then takes the Interrupt at its first yield; one waited for before it started gets its value', () => {
    const sim = new Simulation();
    const order: string[] = [];
    sim.process((function* () {
      const p = sim.process((function* () {
        order.push('started');
        try {
          yield sim.timeout(5);
        } catch (e) {
          order.push(`interrupted at ${sim.now}: ${(e as Interrupt).cause}`);
        }
        return 'done';
      })(), 'young');
      p.interrupt('now');
      expect(p.isAlive).toBe(true);
      order.push(`got ${yield p}`);
    })());
    sim.run();
    expect(order).toEqual(['started', 'interrupted at 0: now', 'got done']);
    expect(sim.eventsProcessed).toBe(6); // 2 starts, the interrupt, the child's end, the parent's end, the abandoned timeout
  });

  test('a process returns a value to the process that waits for it', () => {
    const sim = new Simulation();
    let got: unknown;
    function* child() {
      yield sim.timeout(3);
      return 42;
    }
    sim.process((function* () {
      got = yield sim.process(child());
      expect(sim.now).toBe(3);
    })());
    sim.run();
    expect(got).toBe(42);
  });

  test('allOf waits for the last event; anyOf for the first', () => {
    const sim = new Simulation();
    const times: number[] = [];
    sim.process((function* () {
      const a = sim.timeout(1, 'a');
      const b = sim.timeout(5, 'b');
      const r = (yield sim.anyOf([a, b])) as Map<SimEvent, unknown>;
      times.push(sim.now);
      expect([...r.values()]).toEqual(['a']);
      const all = (yield sim.allOf([b, sim.timeout(2, 'c')])) as Map<SimEvent, unknown>;
      times.push(sim.now);
      expect([...all.values()].sort()).toEqual(['b', 'c']);
      yield sim.allOf([]);
      times.push(sim.now);
    })());
    sim.run();
    expect(times).toEqual([1, 5, 5]);
  });

  test('an unhandled failure ends the run naming the process and the simulated time', () => {
    const sim = new Simulation();
    sim.process((function* () {
      yield sim.timeout(7.5);
      throw new Error('tape drive jammed');
    })(), 'recall-3');
    expect(() => sim.run()).toThrow(SimulationFailure);
    try {
      new Simulation().run();
      const s2 = new Simulation();
      s2.process((function* () {
        yield s2.timeout(7.5);
        throw new Error('tape drive jammed');
      })(), 'recall-3');
      s2.run();
    } catch (e) {
      const f = e as SimulationFailure;
      expect(f.message).toBe('process "recall-3" failed at t=7.5 s: tape drive jammed');
      expect(f.processName).toBe('recall-3');
      expect(f.time).toBe(7.5);
    }
  });

  test('a failure propagates to the waiting parent, which may catch it', () => {
    const sim = new Simulation();
    let caught = '';
    sim.process((function* () {
      try {
        yield sim.process((function* () {
          yield sim.timeout(1);
          throw new Error('boom');
        })(), 'child');
      } catch (e) {
        caught = (e as Error).message;
      }
      yield sim.timeout(1);
    })(), 'parent');
    sim.run();
    expect(caught).toBe('process "child" failed at t=1 s: boom');
    expect(sim.now).toBe(2);
  });

  test('an uncaught failure in a child ends the run with the child named, through the parent', () => {
    const sim = new Simulation();
    sim.process((function* () {
      yield sim.process((function* () {
        yield sim.timeout(2);
        throw new Error('node died');
      })(), 'rank-7');
    })(), 'job');
    expect(() => sim.run()).toThrow('process "rank-7" failed at t=2 s: node died');
  });

  test('yielding something that is not an event is reported as an error in that process', () => {
    const sim = new Simulation();
    sim.process((function* () {
      yield 5 as never;
    })(), 'bad');
    expect(() => sim.run()).toThrow(/process "bad" yielded a number \(5\)/);
  });

  test('run(until) stops before events at that time and leaves the clock there', () => {
    const sim = new Simulation();
    let n = 0;
    sim.process((function* () {
      for (;;) {
        yield sim.timeout(1);
        n++;
      }
    })());
    sim.run(10);
    expect(n).toBe(9);
    expect(sim.now).toBe(10);
    sim.run(12.5);
    expect(n).toBe(12);
  });

  test('run(event) returns the value of the event', () => {
    const sim = new Simulation();
    const p = sim.process((function* () {
      yield sim.timeout(4);
      return 'done';
    })());
    expect(sim.run(p)).toBe('done');
    expect(sim.now).toBe(4);
  });

  test('a manual event wakes its waiter when succeeded', () => {
    const sim = new Simulation();
    const ev = sim.event<string>();
    let got = '';
    sim.process((function* () {
      got = yield ev;
    })());
    sim.process((function* () {
      yield sim.timeout(3);
      ev.succeed('go');
    })());
    sim.run();
    expect(got).toBe('go');
  });

  test('negative and non-finite timeouts are refused at once', () => {
    const sim = new Simulation();
    expect(() => sim.timeout(-1)).toThrow(/>= 0/);
    expect(() => sim.timeout(NaN)).toThrow(/>= 0/);
    expect(() => sim.timeout(Infinity)).toThrow(/finite/);
  });
});

describe('Resource', () => {
  test('FIFO: a single tape drive serves requests in arrival order', () => {
    const sim = new Simulation();
    const drive = new Resource(sim, { capacity: 1, name: 'drive' });
    const log: string[] = [];
    const user = function* (name: string, arrive: number, hold: number) {
      yield sim.timeout(arrive);
      const req = drive.request();
      yield req;
      log.push(`${name} start ${sim.now}`);
      yield sim.timeout(hold);
      req.release();
      log.push(`${name} end ${sim.now}`);
    };
    sim.process(user('a', 0, 5));
    sim.process(user('b', 1, 2));
    sim.process(user('c', 2, 1));
    sim.run();
    expect(log).toEqual(['a start 0', 'a end 5', 'b start 5', 'b end 7', 'c start 7', 'c end 8']);
  });

  test('priority: a lower priority number is served first, FIFO among equals', () => {
    const sim = new Simulation();
    const robot = new Resource(sim, { capacity: 1, discipline: 'priority' });
    const served: string[] = [];
    const user = function* (name: string, prio: number) {
      const req = robot.request(prio);
      yield req;
      served.push(name);
      yield sim.timeout(1);
      req.release();
    };
    sim.process(user('first', 5));
    sim.process(user('low-1', 5));
    sim.process(user('high', 0));
    sim.process(user('low-2', 5));
    sim.process(user('mid', 2));
    sim.run();
    expect(served).toEqual(['first', 'high', 'mid', 'low-1', 'low-2']);
  });

  test('capacity 2 serves two at once', () => {
    const sim = new Simulation();
    const r = new Resource(sim, { capacity: 2 });
    const ends: number[] = [];
    for (let i = 0; i < 4; i++) {
      sim.process((function* () {
        const q = r.request();
        yield q;
        yield sim.timeout(3);
        q.release();
        ends.push(sim.now);
      })());
    }
    sim.run();
    expect(ends).toEqual([3, 3, 6, 6]);
  });

  test('releasing a queued request withdraws it; a second release is a no-op; count and queue follow', () => {
    const sim = new Simulation();
    const r = new Resource(sim, { capacity: 1 });
    const other = new Resource(sim, { capacity: 1, name: 'other' });
    const a = r.request(), b = r.request(), c = r.request();
    expect([r.count, r.queueLength]).toEqual([1, 2]);
    b.release(); // withdrawn before it was granted
    expect([r.count, r.queueLength]).toEqual([1, 1]);
    a.release();
    a.release(); // already released: nothing happens (the unit is not given back twice)
    expect([r.count, r.queueLength]).toEqual([1, 0]);
    sim.run();
    expect([a.processed, b.triggered, c.processed]).toEqual([true, false, true]);
    expect(() => other.release(c)).toThrow(/released on other/);
    c.release();
    expect(r.count).toBe(0);
  });
});

describe('Container', () => {
  test('get waits until enough has been put; put waits for room', () => {
    const sim = new Simulation();
    const buf = new Container(sim, { capacity: 10, init: 0 });
    const log: string[] = [];
    sim.process((function* () {
      yield buf.get(6);
      log.push(`got 6 at ${sim.now}`);
    })());
    sim.process((function* () {
      yield sim.timeout(1);
      yield buf.put(4);
      yield sim.timeout(1);
      yield buf.put(4);
      log.push(`put at ${sim.now}, level ${buf.level}`);
      yield buf.put(10);
      log.push(`put 10 at ${sim.now}`);
    })());
    sim.process((function* () {
      yield sim.timeout(5);
      yield buf.get(2);
    })());
    sim.run();
    expect(log).toEqual(['put at 2, level 2', 'got 6 at 2', 'put 10 at 5']); // the put that made room is granted first
    expect(buf.level).toBe(10);
  });
});
