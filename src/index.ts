/**
 * tiersim's public API: load and run scenarios, the engine and the fluid model for custom models,
 * units, and report helpers. Notebooks and embedders import from here.
 */
export { VERSION } from './version.ts';
export * from './engine/index.ts';
export * from './units/index.ts';
export { Constraint, Flow, MaxMinSystem } from './resources/sharing/maxmin.ts';
export { FluidModel, type FlowOptions } from './resources/sharing/fluid.ts';
export { StorageTier } from './resources/storage-tier.ts';
export { loadScenarioFile, loadScenarioText, type LoadedScenario } from './scenario/load.ts';
export { runScenario, type RunOptions } from './scenario/run.ts';
export type { RunResult } from './scenario/result.ts';
export { InputError, formatIssue, type Issue } from './scenario/issues.ts';
export { summarize } from './report/summary.ts';
