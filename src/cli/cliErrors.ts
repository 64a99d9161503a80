/** Wrong usage (unknown flag, missing argument, bad value): exit status 2, with the usage hint. */
export class CliUsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** A failure the user can act on (missing file, bad data): exit status 1, message only, no stack. */
export class CliError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
