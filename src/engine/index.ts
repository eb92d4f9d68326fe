/** The discrete-event engine: clock, events, processes, resources, seeded randomness. */
export { Simulation, SimulationFailure, type SimulationOptions } from './simulation.ts';
export { SimEvent, Timeout, Interrupt, Condition, EventState } from './event.ts';
export { Process, ProcessFailure, type ProcessGenerator } from './process.ts';
export { Resource, Request, Container, ContainerRequest, type ResourceOptions } from './resources.ts';
export { RandomSource, RandomStream } from './random.ts';
export { EventQueue, Priority } from './queue.ts';
