import { CliUsageError } from './cliErrors';

export interface FlagSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Shown in help for string flags, e.g. "PATH". */
  valueName?: string;
}

export interface CommandSpec {
  /** e.g. "train FILE.experiment.json" */
  usage: string;
  summary: string;
  flags: Record<string, FlagSpec>;
  /** Positional arguments: at least `min`, at most `max`. */
  positionals: { min: number; max: number; names: string };
}

export interface ParsedFlags {
  strings: Map<string, string>;
  booleans: Set<string>;
  positionals: string[];
  help: boolean;
}

/**
 * `--name value`, `--name=value` and boolean `--name`; `--` ends the flags. Anything
 * unknown is a usage error naming it (exit 2), so a typo never silently changes a run.
 */
export function parseFlags(command: string, spec: CommandSpec, argv: string[]): ParsedFlags {
  const parsed: ParsedFlags = { strings: new Map(), booleans: new Set(), positionals: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      parsed.help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const flag = arg.startsWith('--') ? spec.flags[name] : undefined;
    if (!flag) {
      throw new CliUsageError(`fluke ${command}: unknown flag ${equals === -1 ? arg : arg.slice(0, equals)} (see fluke ${command} --help)`);
    }
    if (flag.type === 'boolean') {
      if (equals !== -1) throw new CliUsageError(`fluke ${command}: --${name} takes no value`);
      parsed.booleans.add(name);
      continue;
    }
    const value = equals === -1 ? argv[++i] : arg.slice(equals + 1);
    if (value === undefined || (equals === -1 && value.startsWith('--'))) {
      throw new CliUsageError(`fluke ${command}: --${name} needs a value (${flag.valueName ?? 'VALUE'})`);
    }
    parsed.strings.set(name, value);
  }
  if (!parsed.help) {
    const count = parsed.positionals.length;
    if (count < spec.positionals.min) throw new CliUsageError(`fluke ${command}: missing ${spec.positionals.names} (usage: fluke ${spec.usage})`);
    if (count > spec.positionals.max) throw new CliUsageError(`fluke ${command}: unexpected argument "${parsed.positionals[spec.positionals.max]}" (usage: fluke ${spec.usage})`);
  }
  return parsed;
}

export function formatHelp(spec: CommandSpec): string {
  const rows = Object.entries(spec.flags).map(([name, flag]) => [`--${name}${flag.type === 'string' ? ` ${flag.valueName ?? 'VALUE'}` : ''}`, flag.description]);
  rows.push(['--help', 'Show this help.']);
  const width = Math.max(...rows.map(([left]) => left!.length));
  return [`usage: fluke ${spec.usage}`, '', spec.summary, '', 'flags:', ...rows.map(([left, right]) => `  ${left!.padEnd(width)}  ${right}`), ''].join('\n');
}

/** A flag that must parse as an integer in [min, max]; names the flag when it does not. */
export function integerFlag(command: string, name: string, value: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const number = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || number < min || number > max) {
    throw new CliUsageError(`fluke ${command}: --${name} must be an integer${max === Number.MAX_SAFE_INTEGER ? ` >= ${min}` : ` in [${min}, ${max}]`}, got "${value}"`);
  }
  return number;
}

/** A run id argument: a positive integer. */
export function runIdArgument(command: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CliUsageError(`fluke ${command}: RUN must be a run id (a positive integer), got "${value}"`);
  return Number(value);
}
