import { resolve } from 'node:path';
import { loadExperimentFile } from '../../experiment/loadExperimentFile';
import { ExperimentFileError } from '../../experiment/experimentDiagnostic';
import { SlurmCommandError } from '../../scheduler/slurm/slurmCommand';
import { resubmitRun, submitRuns } from '../../scheduler/slurm/submitRuns';
import { CliError, CliUsageError } from '../cliErrors';
import { formatHelp, integerFlag, parseFlags, runIdArgument, type CommandSpec } from '../parseFlags';
import { dbFlagSpec, openExistingStoreForWriting, openStoreForCli, storePathFrom } from '../storeLocation';

const spec: CommandSpec = {
  usage: 'submit FILE.experiment.json [--db PATH] [--grid-index N] [--json] | submit --resume RUN [--db PATH] [--json]',
  summary: [
    "Submits an experiment's runs to Slurm as one job array (one task per grid run; target in the file).",
    'The runs are created queued with their job id; each task writes only its own folder beside the',
    'database (run log, checkpoints, job.out) and `fluke serve` takes the logs into the database.',
    'Tasks are requeueable and checkpoint before the time limit; --resume submits a stopped, crashed or',
    'timed-out run again, continuing from its newest checkpoint.',
  ].join('\n'),
  flags: {
    db: dbFlagSpec,
    'grid-index': { type: 'string', valueName: 'N', description: 'Submit only grid run N (0-based).' },
    resume: { type: 'string', valueName: 'RUN', description: 'Submit this run again from its newest checkpoint.' },
    json: { type: 'boolean', description: 'Print the submission as JSON.' },
  },
  positionals: { min: 0, max: 1, names: 'FILE.experiment.json' },
};

export async function submitCommand(argv: string[]): Promise<number> {
  const flags = parseFlags('submit', spec, argv);
  if (flags.help) {
    process.stdout.write(formatHelp(spec));
    return 0;
  }
  const file = flags.positionals[0];
  const resumeFlag = flags.strings.get('resume');
  if ((file === undefined) === (resumeFlag === undefined)) throw new CliUsageError(`fluke submit: give FILE.experiment.json or --resume RUN (usage: fluke ${spec.usage})`);
  if (resumeFlag !== undefined && flags.strings.has('grid-index')) throw new CliUsageError('fluke submit: --grid-index and --resume cannot be combined');
  const json = flags.booleans.has('json');
  try {
    if (resumeFlag !== undefined) {
      const runId = runIdArgument('submit', resumeFlag);
      const store = openExistingStoreForWriting(storePathFrom(flags.strings.get('db')));
      try {
        const job = await resubmitRun(store, runId);
        process.stdout.write(json ? `${JSON.stringify({ runId, ...job })}\n` : `run ${runId}: Slurm job ${job.jobId}\n`);
        return 0;
      } finally {
        store.db.close();
      }
    }
    let loaded;
    try {
      loaded = loadExperimentFile(file!);
    } catch (error) {
      if (error instanceof ExperimentFileError) throw new CliError(error.message);
      throw error;
    }
    const gridIndexFlag = flags.strings.get('grid-index');
    const runs = gridIndexFlag === undefined ? loaded.runs : [loaded.runs[integerFlag('submit', 'grid-index', gridIndexFlag, 0, loaded.runs.length - 1)]!];
    const store = openStoreForCli(storePathFrom(flags.strings.get('db')));
    try {
      const submission = await submitRuns(store, loaded.path, runs, loaded.target, { nodePath: process.execPath, cliPath: resolve(process.argv[1]!) });
      process.stdout.write(
        json
          ? `${JSON.stringify(submission)}\n`
          : submission.runs.map((run) => `run ${run.runId} ${run.name}: Slurm job ${submission.arrayJobId}_${run.taskIndex}, output ${run.outputPath}\n`).join(''),
      );
      return 0;
    } finally {
      store.db.close();
    }
  } catch (error) {
    if (error instanceof SlurmCommandError || (error instanceof Error && !(error instanceof CliError) && !(error instanceof CliUsageError))) throw new CliError(`fluke submit: ${error.message}`);
    throw error;
  }
}
