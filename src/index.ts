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
export { InputError, formatIssue, type Issue } from './issues.ts';
export { summarize } from './report/summary.ts';
export { explain } from './report/explain.ts';
export { trainingLimit, type TrainingLimit, type TrainingFigures } from './report/limited-by.ts';
export { networkModelFromConfig, PURE_MAXMIN, type NetworkModel } from './topology/network-model.ts';
export { chartsFor, timeBreakdownSpec, utilizationSpec, tierTrafficSpec, hierarchySpec, sweepSpec, type ChartSpec, type Theme } from './report/charts.ts';
export { renderSvg, svgToPng } from './report/render-chart.ts';
export { chartBundle, tableBundle } from './report/notebook.ts';
export { loadCatalog, type Catalog, type DeviceModel } from './scenario/catalog.ts';
export { modelsDir } from './paths.ts';
export { loadTrace } from './traces/load.ts';
export { summarizeTrace, formatTraceSummary, type TraceSummary } from './traces/summary.ts';
export { readKineto, formatKineto, kinetoStats, type KinetoTrace, type KinetoStep } from './traces/kineto.ts';
export { youngInterval, dalyInterval, dalyMakespan } from './workloads/hpc.ts';
export { transformerParameters, trainingState, shardBytes, statePerAccelerator, modelStateBytes, type TransformerDims, type TrainingState, type Sharding, type Optimizer } from './workloads/training-state.ts';
export { parseOverrides, type Override } from './scenario/overrides.ts';
export { seek, type SeekAnswer } from './scenario/seek.ts';
