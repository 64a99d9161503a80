import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { runsChanged } from '../../protocol/rpc';
import { formatHelp, parseFlags, type CommandSpec } from '../parseFlags';
import { followJobs } from '../serve/followJobs';
import { registerSlurmHandlers } from '../serve/registerSlurmHandlers';
import { registerStoreHandlers } from '../serve/registerStoreHandlers';
import { watchRunChanges } from '../serve/watchRunChanges';
import { dbFlagSpec, openStoreForCli, storePathFrom } from '../storeLocation';

const spec: CommandSpec = {
  usage: 'serve [--db PATH]',
  summary: [
    'Answers the database queries of src/protocol/rpc.ts over JSON-RPC on stdin/stdout (vscode-jsonrpc',
    'framing) and sends runs/changed when runs change, including runs written by other processes.',
    'Takes in the run logs of Slurm jobs (fluke submit) and the scheduler\'s job states.',
    'Creates the database if it does not exist. Ends when stdin closes.',
  ].join('\n'),
  flags: { db: dbFlagSpec },
  positionals: { min: 0, max: 0, names: '' },
};

export async function serveCommand(argv: string[]): Promise<number> {
  const flags = parseFlags('serve', spec, argv);
  if (flags.help) {
    process.stdout.write(formatHelp(spec));
    return 0;
  }
  // stdout is the protocol channel: anything logged goes to stderr.
  console.log = (...args: unknown[]) => console.error(...args);
  const store = openStoreForCli(storePathFrom(flags.strings.get('db')));
  const connection = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  const watcher = watchRunChanges(store, (runIds) => void connection.sendNotification(runsChanged, { runIds }));
  registerStoreHandlers(connection, store, (runIds) => watcher.markChanged(runIds));
  registerSlurmHandlers(connection, store, (runIds) => watcher.markChanged(runIds));
  const jobs = followJobs(store, (runIds) => watcher.markChanged(runIds));
  const closed = new Promise<void>((resolve) => {
    connection.onClose(() => resolve());
    process.stdin.on('end', () => resolve());
  });
  connection.listen();
  process.stderr.write(`fluke serve: ${store.path}\n`);
  await closed;
  watcher.stop();
  jobs.stop();
  connection.dispose();
  store.db.close();
  return 0;
}
