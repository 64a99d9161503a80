import { resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { runsChanged } from '../../protocol/rpc';
import { formatHelp, parseFlags, type CommandSpec } from '../parseFlags';
import { JsonRpcFrameGuard } from '../serve/jsonRpcFrameGuard';
import { nameStoreInFailures } from '../serve/nameStoreInFailures';
import { followJobs } from '../serve/followJobs';
import { registerSlurmHandlers } from '../serve/registerSlurmHandlers';
import { registerStoreHandlers } from '../serve/registerStoreHandlers';
import { watchRunChanges } from '../serve/watchRunChanges';
import { dbFlagSpec, openStoreForCli, openStoreWithoutWriting, storePathFrom } from '../storeLocation';

const spec: CommandSpec = {
  usage: 'serve [--db PATH] [--read-only] [--images-under DIR]',
  summary: [
    'Answers the database queries of src/protocol/rpc.ts over JSON-RPC on stdin/stdout (vscode-jsonrpc',
    'framing) and sends runs/changed when runs change, including runs written by other processes.',
    'Takes in the run logs of Slurm jobs (fluke submit) and the scheduler\'s job states.',
    'Creates the database if it does not exist. Ends when stdin closes.',
  ].join('\n'),
  flags: {
    db: dbFlagSpec,
    'images-under': {
      type: 'string',
      valueName: 'DIR',
      description: 'Make thumbnails only of images inside DIR (the extension passes the workspace folder in Restricted Mode).',
    },
    'read-only': {
      type: 'boolean',
      description:
        'Never write the database nor start a process (the extension passes it in Restricted Mode): queries are answered; deleting, reconciling and Slurm submit, cancel and resubmit are refused with JSON-RPC error -32001; Slurm jobs are not followed. An older schema is refused, not upgraded; a missing file reads as empty.',
    },
  },
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
  const readOnly = flags.booleans.has('read-only');
  const store = readOnly ? openStoreWithoutWriting(storePathFrom(flags.strings.get('db'))) : openStoreForCli(storePathFrom(flags.strings.get('db')));
  const writer = new StreamMessageWriter(process.stdout);
  const guard = new JsonRpcFrameGuard(
    (answer) => void writer.write(answer),
    (problem) => process.stderr.write(`${problem}\n`),
  );
  process.stdin.pipe(guard);
  const connection = nameStoreInFailures(createMessageConnection(new StreamMessageReader(guard), writer));
  const watcher = watchRunChanges(store, (runIds) => void connection.sendNotification(runsChanged, { runIds }));
  const imagesUnder = flags.strings.get('images-under');
  registerStoreHandlers(connection, store, (runIds) => watcher.markChanged(runIds), imagesUnder === undefined ? null : resolve(imagesUnder), readOnly);
  registerSlurmHandlers(connection, store, (runIds) => watcher.markChanged(runIds), readOnly);
  // Following jobs polls the scheduler and takes their logs into the database: none of it when read-only.
  const jobs = readOnly ? null : followJobs(store, (runIds) => watcher.markChanged(runIds));
  const closed = new Promise<void>((resolve) => {
    connection.onClose(() => resolve());
    process.stdin.on('end', () => resolve());
  });
  connection.listen();
  process.stderr.write(`fluke serve: ${store.path}${readOnly ? ' (read-only)' : ''}\n`);
  await closed;
  watcher.stop();
  jobs?.stop();
  connection.dispose();
  store.db.close();
  return 0;
}
