/** `fluke`: the command line. Dispatches to src/cli/commands; usage errors exit 2, failures 1. */
import { CliError, CliUsageError } from './cliErrors';
import { commands } from './commands';
import { storeFailureMessage } from './storeLocation';

const version = '0.1.0';

function generalHelp(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  return [
    'usage: fluke COMMAND [flags]   (fluke COMMAND --help for its flags)',
    '',
    'commands:',
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0] && commands[rest[0]]) return commands[rest[0]]!.run(['--help']);
    process.stdout.write(generalHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) throw new CliUsageError(`fluke: unknown command "${name}" (commands: ${Object.keys(commands).join(', ')})`);
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  // Exit explicitly: a training backend may keep worker threads alive after the work is done.
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CliUsageError || error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(error.exitCode);
    }
    const storeFailure = storeFailureMessage(error);
    if (storeFailure !== null) {
      process.stderr.write(`fluke: ${storeFailure}\n`);
      process.exit(1);
    }
    process.stderr.write(`fluke: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
