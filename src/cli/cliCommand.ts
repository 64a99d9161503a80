/**
 * One `fluke` subcommand. `run` gets the arguments after the subcommand's name and returns
 * the exit status (0 = success); it may throw CliUsageError (exit 2) or CliError (exit 1).
 * Register a command with one line in src/cli/commands/index.ts, loading its module lazily:
 *   name: { summary: '...', run: async (argv) => (await import('./name')).nameCommand(argv) },
 */
export interface CliCommand {
  summary: string;
  run(argv: string[]): Promise<number>;
}
