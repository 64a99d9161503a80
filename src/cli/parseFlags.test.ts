import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliUsageError } from './cliErrors';
import { formatHelp, integerFlag, parseFlags, runIdArgument, type CommandSpec } from './parseFlags';

const spec: CommandSpec = {
  usage: 'train FILE',
  summary: 'Trains.',
  flags: {
    seed: { type: 'string', valueName: 'N', description: 'The seed.' },
    db: { type: 'string', valueName: 'PATH', description: 'The database.' },
    json: { type: 'boolean', description: 'JSON output.' },
  },
  positionals: { min: 1, max: 1, names: 'FILE' },
};

function usageError(run: () => unknown, message: RegExp): void {
  assert.throws(run, (error: unknown) => error instanceof CliUsageError && error.exitCode === 2 && message.test(error.message));
}

test('string flags as "--name value" and "--name=value", booleans, positionals and "--"', () => {
  const parsed = parseFlags('train', spec, ['a.json', '--seed', '7', '--db=x=y.db', '--json']);
  assert.deepEqual([...parsed.strings], [['seed', '7'], ['db', 'x=y.db']]);
  assert.deepEqual([...parsed.booleans], ['json']);
  assert.deepEqual(parsed.positionals, ['a.json']);
  assert.equal(parsed.help, false);
  assert.deepEqual(parseFlags('train', spec, ['--', '--json']).positionals, ['--json'], 'after "--" a flag-like word is a positional');
});

test('a negative number is a value, so the flag parser leaves its range to the command', () => {
  const parsed = parseFlags('train', spec, ['a.json', '--seed', '-1']);
  assert.equal(parsed.strings.get('seed'), '-1');
  usageError(() => integerFlag('train', 'seed', parsed.strings.get('seed')!), /--seed must be an integer >= 0, got "-1"/);
});

test('an unknown flag, a single-dash flag and a missing value are usage errors naming the flag', () => {
  usageError(() => parseFlags('train', spec, ['a.json', '--sede', '1']), /unknown flag --sede \(see fluke train --help\)/);
  usageError(() => parseFlags('train', spec, ['a.json', '--sede=1']), /unknown flag --sede /);
  usageError(() => parseFlags('train', spec, ['a.json', '-s']), /unknown flag -s/);
  usageError(() => parseFlags('train', spec, ['a.json', '--seed']), /--seed needs a value \(N\)/);
  usageError(() => parseFlags('train', spec, ['a.json', '--seed', '--json']), /--seed needs a value/);
  usageError(() => parseFlags('train', spec, ['a.json', '--json=yes']), /--json takes no value/);
});

test('too few or too many positionals name the usage; --help skips that check', () => {
  usageError(() => parseFlags('train', spec, []), /missing FILE \(usage: fluke train FILE\)/);
  usageError(() => parseFlags('train', spec, ['a.json', 'b.json']), /unexpected argument "b.json"/);
  assert.equal(parseFlags('train', spec, ['--help']).help, true);
  assert.equal(parseFlags('train', spec, ['-h']).help, true);
});

test('help lists every flag with its value name, aligned', () => {
  const help = formatHelp(spec);
  assert.match(help, /^usage: fluke train FILE\n\nTrains\.\n\nflags:\n/);
  assert.match(help, /\n {2}--db PATH {2}The database\.\n/);
  assert.match(help, /\n {2}--seed N {3}The seed\.\n/);
  assert.match(help, /\n {2}--json {5}JSON output\.\n/);
  assert.match(help, /\n {2}--help {5}Show this help\.\n$/);
});

test('integer flags and run ids: ranges and non-numbers are named', () => {
  assert.equal(integerFlag('train', 'seed', ' 12 '), 12);
  assert.equal(integerFlag('train', 'seed', '-3', -5), -3);
  usageError(() => integerFlag('train', 'workers', '9', 1, 8), /--workers must be an integer in \[1, 8\], got "9"/);
  usageError(() => integerFlag('train', 'seed', '1.5'), /--seed must be an integer/);
  assert.equal(runIdArgument('show', '4'), 4);
  usageError(() => runIdArgument('show', '0'), /RUN must be a run id \(a positive integer\), got "0"/);
  usageError(() => runIdArgument('show', 'latest'), /got "latest"/);
});
