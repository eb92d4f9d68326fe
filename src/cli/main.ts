/**
 * The tiersim command line (yargs). The only layer that prints or reads the wall clock. main()
 * returns the exit code: 0 ok, 1 a simulated failure ended the run, 2 invalid input or usage.
 */
import yargs from 'yargs';
import { VERSION } from '../version.ts';
import { processStreams, type Streams } from './io.ts';
import { InputError } from '../issues.ts';
import { ExitCode, UsageError, reportInputError, reportFileError } from './errors.ts';
// Command modules are imported when their command runs, so --help and --version stay fast.

export async function main(argv: string[], io: Streams = processStreams): Promise<number> {
  let code: number = ExitCode.OK;
  let usageFailure: string | null = null;
  const guard = (fn: () => number | Promise<number>) => async () => {
    try {
      code = await fn();
    } catch (e) {
      if (e instanceof InputError) code = reportInputError(e, io);
      else if (e instanceof UsageError) {
        io.stderr(`tiersim: ${e.message}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`);
        code = ExitCode.INVALID_INPUT;
      } else {
        const fileCode = reportFileError(e, io);
        if (fileCode === null) throw e;
        code = fileCode;
      }
    }
  };
  const parser = yargs(argv)
    .scriptName('tiersim')
    .usage('tiersim: simulate storage, memory and compute hierarchies for AI and HPC\n\nUsage: $0 <command> [options]')
    .command(
      'run [scenario]',
      'Run a scenario (the default scenario when none is given) and print a summary',
      (y) => y
        .positional('scenario', { type: 'string', describe: 'Scenario file (YAML or JSON, or a reference-format case)' })
        .option('seed', { type: 'string', describe: 'Seed of the random source (overrides the scenario\'s)' })
        .option('until', { type: 'string', describe: 'Stop at this simulated time, e.g. "2 h" or 3600' })
        .option('out', { type: 'string', describe: 'Write report.html, result.json, summary.md and charts/ into this folder' })
        .option('theme', { choices: ['print', 'slide'] as const, describe: 'Chart style for --out (slide: larger text)' })
        .option('json', { type: 'boolean', describe: 'Print the result as JSON on stdout, and nothing else there' })
        .option('quiet', { alias: 'q', type: 'boolean', describe: 'Print nothing on success' })
        .option('set', { type: 'string', array: true, describe: 'Override a value: --set PATH=VALUE (repeatable)' })
        .example('$0 run', 'run the default scenario')
        .example('$0 run scenarios/hierarchy/burst-buffer-stage-in.yaml --out out/', 'write report.html, result.json, summary.md and charts/ to out/')
        .example('$0 run s.yaml --set system.storage[0].readBandwidth="50 GB/s"', 'a what-if without editing the file'),
      (a) => guard(async () => (await import('./commands/run.ts')).runCommand(a as import('./commands/run.ts').RunArgs, io))(),
    )
    .command(
      'validate <scenarios..>',
      'Check scenario files without running them',
      (y) => y.positional('scenarios', { type: 'string', array: true, describe: 'Scenario files' })
        .option('quiet', { alias: 'q', type: 'boolean', describe: 'Print only problems' }),
      (a) => guard(async () => (await import('./commands/validate.ts')).validateCommand(a.scenarios as string[], io, a.quiet === true))(),
    )
    .command(
      'models <action> [id]',
      'The catalog of devices and systems: `models list [--kind K]`, `models show ID`',
      (y) => y
        .positional('action', { choices: ['list', 'show'] as const, describe: 'list the catalog, or show one model with its sources' })
        .positional('id', { type: 'string', describe: 'Model id (for show)' })
        .option('kind', { type: 'string', describe: 'Only models of this kind (for list), e.g. ssd, tape, infiniband' })
        .example('$0 models list', 'every device and system')
        .example('$0 models show lto-9', 'an LTO-9 drive with the source of each number'),
      (a) => guard(async () => {
        const m = await import('./commands/models.ts');
        if (a.action === 'list') return m.modelsList(io, a.kind);
        if (a.id === undefined) throw new UsageError('models show needs a model id', 'list them with `tiersim models list`');
        return m.modelsShow(a.id, io);
      })(),
    )
    .command(
      'seek [scenario]',
      'Find the largest or smallest value of a parameter meeting a condition, by bisection',
      (y) => y.positional('scenario', { type: 'string', describe: 'Scenario file (default: the default scenario)' })
        .option('vary', { type: 'string', demandOption: true, describe: 'Path of the parameter, e.g. workloads[0].acceleratorsPerNode' })
        .option('range', { type: 'string', demandOption: true, describe: 'LO..HI, e.g. 1..64 or "10 GB/s..200 GB/s"' })
        .option('until', { type: 'string', demandOption: true, describe: 'Condition on the result, e.g. "acceleratorUtilization >= 0.9"' })
        .option('tolerance', { type: 'number', describe: 'Relative width at which a real-valued search stops (default 1e-3)' })
        .option('set', { type: 'string', array: true, describe: 'Other overrides: --set PATH=VALUE' })
        .option('json', { type: 'boolean', describe: 'The answer and evidence as JSON' })
        .example('$0 seek scenarios/mlperf-storage/unet3d-a100.yaml --vary workloads[0].acceleratorsPerNode --range 1..32 --until "acceleratorUtilization >= 0.9"', 'the most accelerators the storage feeds'),
      (a) => guard(async () => (await import('./commands/seek.ts')).seekCommand({ ...a, scenario: (a.scenario as string | undefined) ?? (await import('../paths.ts')).defaultScenarioPath() } as unknown as Parameters<typeof import('./commands/seek.ts').seekCommand>[0], io))(),
    )
    .command(
      'explain [scenario]',
      'Explain a run in plain words: what limits it, why, and what doubling that would do',
      (y) => y.positional('scenario', { type: 'string', describe: 'Scenario file (default: the default scenario)' })
        .option('set', { type: 'string', array: true, describe: 'Override a value: --set PATH=VALUE' }),
      (a) => guard(async () => {
        const { defaultScenarioPath } = await import('../paths.ts');
        return (await import('./commands/explain.ts')).explainCommand((a.scenario as string | undefined) ?? defaultScenarioPath(), a.set as string[] | undefined, io);
      })(),
    )
    .command(
      'compare <a> <b>',
      'Compare two scenarios (or two result.json files): inputs, results, and whether the bottleneck moved',
      (y) => y.positional('a', { type: 'string', describe: 'Scenario or result.json' }).positional('b', { type: 'string', describe: 'Scenario or result.json' }),
      (a) => guard(async () => (await import('./commands/compare.ts')).compareCommand(a.a as string, a.b as string, io))(),
    )
    .command(
      'sweep [scenario]',
      'Run the product of parameter values on all cores; a results table (CSV, JSON) and a chart',
      (y) => y.positional('scenario', { type: 'string', describe: 'Scenario file (default: the default scenario)' })
        .option('set', { type: 'string', array: true, demandOption: true, describe: 'PATH=v1,v2,... or PATH=START..END:xK (or :+K); repeat for more axes' })
        .option('out', { type: 'string', default: 'sweep-out', describe: 'Folder for points.jsonl, results.csv, results.json and sweep.svg/png' })
        .option('workers', { alias: 'j', type: 'number', describe: 'Workers: this process and N-1 worker processes (default: one per core)' })
        .option('resume', { type: 'boolean', describe: 'Continue an interrupted sweep in --out: run only the points not yet done' })
        .option('seed', { type: 'string', describe: 'Seed of every point' })
        .option('executor', { choices: ['local', 'slurm'] as const, default: 'local' as const, describe: 'local: worker processes here; slurm: one job-array task per point (then tiersim collect DIR)' })
        .option('slurm-option', { type: 'string', array: true, describe: 'Extra sbatch options for the slurm executor, e.g. --slurm-option=--partition=debug' })
        .option('wait', { type: 'boolean', describe: 'slurm: wait for the job array, then collect the results' })
        .example('$0 sweep scenarios/default.yaml --set workloads[0].acceleratorsPerNode=1..8:+1 --set "system.storage[0].readBandwidth=10 GB/s,20 GB/s,40 GB/s"', 'accelerators × PFS bandwidth: 24 points')
        .example('$0 sweep s.yaml --set ... --out /scratch/sw --executor slurm', 'one SLURM array task per point; then: tiersim collect /scratch/sw'),
      (a) => guard(async () => (await import('./commands/sweep.ts')).sweepCommand({ ...a, scenario: (a.scenario as string | undefined) ?? (await import('../paths.ts')).defaultScenarioPath() } as unknown as import('./commands/sweep.ts').SweepArgs, io))(),
    )
    .command(
      'collect <dir>',
      'Build the results table and chart of a sweep whose points ran as SLURM array tasks',
      (y) => y.positional('dir', { type: 'string', describe: 'The sweep folder (--out of tiersim sweep)' }),
      (a) => guard(async () => (await import('./commands/sweep.ts')).collectCommand(a.dir as string, io))(),
    )
    .command(
      'sweep-task <dir> <index>',
      false, // internal: one point of a sweep, run by a SLURM array task
      (y) => y.positional('dir', { type: 'string' }).positional('index', { type: 'number' }),
      (a) => guard(async () => (await import('./commands/sweep.ts')).sweepTaskCommand(a.dir as string, a.index as number, io))(),
    )
    .command(
      'chart <input>',
      'Draw the charts of a run (a saved result.json, or a scenario run here) or of a sweep (its --out folder) as SVG and PNG with their vega-lite specs',
      (y) => y.positional('input', { type: 'string', describe: 'result.json, scenario file, or a sweep folder (or its results.json)' })
        .option('out', { type: 'string', default: 'charts', describe: 'Folder for NAME.svg and NAME.vl.json' })
        .option('theme', { choices: ['print', 'slide'] as const, default: 'print' as const, describe: 'print: compact; slide: larger text' })
        .example('$0 chart out/result.json --out out/charts --theme slide', 're-render a saved result for a slide')
        .example('$0 chart sweep-out/ --out slides/ --theme slide', 're-render a sweep\'s chart for a slide'),
      (a) => guard(async () => (await import('./commands/chart.ts')).chartCommand(a.input as string, a.out as string, a.theme as 'print' | 'slide', io))(),
    )
    .command(
      'trace <action> <files..>',
      'Traces: `trace summary FILE...` prints what a Darshan log (binary or text), a tiersim CSV/JSONL trace or a PyTorch profiler trace holds (Darshan: the totals of darshan-parser --total)',
      (y) => y
        .positional('action', { choices: ['summary'] as const, describe: 'summary: ranks, run time, operations and per-module counter totals' })
        .positional('files', { type: 'string', array: true, describe: 'Trace files: .darshan, darshan-parser / darshan-dxt-parser text, .csv or .jsonl' })
        .option('json', { type: 'boolean', describe: 'The summary as JSON' })
        .example('$0 trace summary job.darshan', 'POSIX_BYTES_READ, POSIX_READS, ... as darshan-parser --total prints them'),
      (a) => guard(async () => (await import('./commands/trace.ts')).traceSummaryCommand(a.files as string[], a.json === true, io))(),
    )
    .command(
      'replay <trace>',
      'Replay a trace (Darshan log or text, DXT, tiersim CSV/JSONL) on a system: each rank\'s I/O in the recorded order, with the recorded gaps as compute',
      (y) => y
        .positional('trace', { type: 'string', describe: 'Trace file' })
        .option('system', { type: 'string', demandOption: true, describe: 'Catalog system id (tiersim models list) or a scenario file whose system to use' })
        .option('nodes', { type: 'string', describe: 'Node group the ranks run on (default: the first)' })
        .option('storage', { type: 'string', describe: 'Tier the files live on (default: the burst buffer, else the parallel file system, else the first shared storage)' })
        .option('ranks-per-node', { type: 'number', describe: 'Ranks per node (default: as the trace recorded them per host, else spread evenly)' })
        .option('mount', { type: 'string', array: true, describe: 'PREFIX=TIER: files under PREFIX live on TIER, e.g. /tmp=compute/dram' })
        .option('gaps', { type: 'boolean', default: true, describe: 'Keep the recorded time between operations as compute (--no-gaps: I/O back to back)' })
        .option('write-scenario', { type: 'string', describe: 'Also write the scenario that was run, to edit and re-run with tiersim run' })
        .option('json', { type: 'boolean', describe: 'Print the result as JSON' })
        .option('out', { type: 'string', describe: 'Write report.html, result.json, summary.md and charts/ here' })
        .option('set', { type: 'string', array: true, describe: 'Override a value of the scenario: --set PATH=VALUE' })
        .example('$0 replay job.darshan --system cray-xc-aries', 'the job on a Cray XC with a burst buffer')
        .example('$0 replay job.darshan --system cray-xc-aries --storage pfs --write-scenario job-on-pfs.yaml', 'the same on the parallel file system, saved as a scenario'),
      (a) => guard(async () => (await import('./commands/replay.ts')).replayCommand(a as unknown as import('./commands/replay.ts').ReplayArgs, io))(),
    )
    .command(
      'dlio <workload>',
      'Run a DLIO / MLPerf Storage workload file on a system without writing a scenario: training reads its dataset from the system\'s storage; a checkpoint-only file (llama3) writes its checkpoints there',
      (y) => y
        .positional('workload', { type: 'string', describe: 'DLIO workload file (YAML)' })
        .option('system', { type: 'string', demandOption: true, describe: 'Catalog system id (tiersim models list) or a scenario file whose system to use' })
        .option('nodes', { type: 'string', describe: 'Node group to run on (default: the first)' })
        .option('node-count', { type: 'number', describe: 'Nodes of that group to use (default: the system\'s)' })
        .option('accelerators-per-node', { type: 'number', describe: 'Accelerators (ranks) on each node (default 8)' })
        .option('accelerator', { type: 'string', describe: 'Catalog accelerator, for the report (default: from MLPerf\'s file name, e.g. unet3d_a100.yaml)' })
        .option('samples', { type: 'number', describe: 'Training samples in the dataset (default: the file\'s; MLPerf\'s own workloads grown to its minimum: 500 steps an epoch and 5 x the nodes\' memory)' })
        .option('storage', { type: 'string', describe: 'Tier the dataset lives on, and checkpoints go to (default: the parallel file system, else the burst buffer, else the first shared storage)' })
        .option('max-accelerators', { type: 'boolean', describe: 'Training files: find the most accelerators per node (1 to --accelerators-per-node, default 64) that keep AU at the file\'s threshold (MLPerf Storage\'s question), by bisection' })
        .option('world-ranks', { type: 'number', describe: 'Checkpoint-only files: the ranks here are the first of a job this large and write only their shards (MLPerf Storage\'s subset mode; its jobs: llama3-8b 8, 70b 64, 405b 512, 1t 1024 ranks)' })
        .option('write-scenario', { type: 'string', describe: 'Also write the scenario that was run, to edit and re-run with tiersim run' })
        .option('json', { type: 'boolean', describe: 'Print the result as JSON' })
        .option('out', { type: 'string', describe: 'Write report.html, result.json, summary.md and charts/ here' })
        .option('set', { type: 'string', array: true, describe: 'Override a value of the scenario: --set PATH=VALUE' })
        .example('$0 dlio scenarios/mlperf-storage/dlio/unet3d_a100.yaml --system dgx-a100-cluster --node-count 4', 'MLPerf UNet3D on 4 DGX A100 reading from their Lustre')
        .example('$0 dlio scenarios/mlperf-storage/dlio/llama3_70b.yaml --system dgx-a100-cluster --node-count 8 --storage dgx/nvme', 'the Llama 3 70B checkpoint workload on 8 nodes\' own NVMe')
        .example('$0 dlio scenarios/mlperf-storage/dlio/unet3d_h100.yaml --system dgx-a100-cluster --node-count 8 --max-accelerators', 'how many H100s 8 hosts can keep busy from that Lustre (AU >= 90%)')
        .example('$0 dlio scenarios/mlperf-storage/dlio/llama3_405b.yaml --system dgx-a100-cluster --node-count 1 --world-ranks 512', 'what one DGX writes of the 512-rank Llama 3 405B checkpoint (MLPerf subset mode)'),
      (a) => guard(async () => (await import('./commands/dlio.ts')).dlioCommand(a as unknown as import('./commands/dlio.ts').DlioArgs, io))(),
    )
    .command(
      'reproduce',
      'Run the bundled published cases and print published vs simulated, with the error',
      (y) => y,
      () => guard(async () => (await import('./commands/reproduce.ts')).reproduceCommand(io))(),
    )
    .demandCommand(1, 'Give a command, e.g. `tiersim run`.')
    .strict()
    .recommendCommands()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .alias('v', 'version')
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      // yargs reports "Did you mean ...?" and then the unknown argument; keep both, stop at once.
      const text = /^Did you mean/.test(msg) ? `unknown command "${argv[0]}". ${msg}` : msg;
      usageFailure = usageFailure === null ? text : `${usageFailure}\n${text}`;
      throw new UsageError(msg);
    });
  // After starting a command's handler, yargs renders the whole help text in case the handler shows
  // it later (tiersim's never do; help asked for is rendered afresh): ~30 ms of every command.
  const usage = (parser as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } })
    .getInternalMethods?.().getUsageInstance?.();
  if (usage?.cacheHelpMessage) usage.cacheHelpMessage = () => {};
  let helpOrVersion = false;
  try {
    await parser.parseAsync(argv, {}, (_err, _argv, output) => {
      if (output && usageFailure === null) {
        io.stdout(output + '\n');
        helpOrVersion = true;
      }
    });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
  }
  if (usageFailure !== null) {
    io.stderr(`tiersim: ${String(usageFailure).split('\n').reverse().join('\n  ')}\nRun \`tiersim --help\` (or \`tiersim COMMAND --help\`) for usage.\n`);
    return ExitCode.INVALID_INPUT;
  }
  if (helpOrVersion) return ExitCode.OK;
  return code;
}
