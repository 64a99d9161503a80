import { resolve } from 'node:path';
import { asReconciled } from '../../store/reconcileRuns';
import { listRuns } from '../../store/runs';
import { formatRunTable } from '../formatRunTable';
import { formatHelp, parseFlags, type CommandSpec } from '../parseFlags';
import { dbFlagSpec, openExistingStore, storePathFrom } from '../storeLocation';

const spec: CommandSpec = {
  usage: 'runs [--db PATH] [--experiment FILE] [--json]',
  summary: 'Lists runs, newest first (runs whose process is gone are shown crashed). Only reads the database.',
  flags: {
    db: dbFlagSpec,
    experiment: { type: 'string', valueName: 'FILE', description: 'Only the runs of this experiment file.' },
    json: { type: 'boolean', description: 'Print the runs as a JSON array of RunRecord.' },
  },
  positionals: { min: 0, max: 0, names: '' },
};

export async function runsCommand(argv: string[]): Promise<number> {
  const flags = parseFlags('runs', spec, argv);
  if (flags.help) {
    process.stdout.write(formatHelp(spec));
    return 0;
  }
  const store = openExistingStore(storePathFrom(flags.strings.get('db')));
  try {
    const experiment = flags.strings.get('experiment');
    const runs = asReconciled(store, listRuns(store, experiment === undefined ? undefined : resolve(experiment)));
    process.stdout.write(flags.booleans.has('json') ? `${JSON.stringify(runs, null, 2)}\n` : formatRunTable(runs));
    return 0;
  } finally {
    store.db.close();
  }
}
