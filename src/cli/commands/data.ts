import type { DatasetFormat } from '../../protocol/experiment';
import type { DataProblem } from '../../data/dataset';
import { DatasetError } from '../../data/dataset';
import { CsvSyntaxError } from '../../data/csv/parseCsv';
import { loadDataset } from '../../data/loadDataset';
import { summarizeDataset } from '../../data/datasetSummary';
import { ImageSource } from '../../data/imageSource';
import { generateSyntheticFlukes } from '../../data/synthetic/generateSyntheticFlukes';

const formats: DatasetFormat[] = ['auto', 'kaggle', 'happywhale', 'folders', 'fashion-mnist'];

const usage = `Usage: fluke data <command>

Commands:
  generate   write the synthetic whale-fluke set (Kaggle format: train.csv + train/*.png)
  inspect    read a dataset and report its format, counts and problems

Run "fluke data <command> --help" for its flags.`;

const generateUsage = `Usage: fluke data generate --out DIR [flags]

Writes DIR/train.csv (Image,Id) and DIR/train/*.png: synthetic humpback flukes, the same
files for the same seed.

Flags:
  --out DIR               output folder (required)
  --identities N          number of whales (default 60)
  --photos M              photos per whale (default 8)
  --seed S                random seed (default 1)
  --difficulty D          0..1, how much photos of one whale differ (default 0.5)
  --new-whale-share X     extra share of new_whale photos, each of a whale seen once (default 0.1)
  --help                  this text`;

const inspectUsage = `Usage: fluke data inspect PATH [flags]

Reads the dataset at PATH (a folder, or a train.csv) and prints its format, the number of
images and identities, the photos-per-identity histogram, the new_whale count and every
problem found (missing files, duplicate rows, bad CSV rows, unreadable images).

Flags:
  --format F              ${formats.join(' | ')} (default auto: told from the files)
  --new-whale-label L     label of unidentified whales (default new_whale)
  --check-images          also decode every image and report those that cannot be read
  --json                  print the report as JSON
  --help                  this text`;

class UsageError extends Error {}

interface FlagSpec {
  /** Flags that take a value; the others are switches. */
  values: string[];
  switches: string[];
}

function parseFlags(argv: string[], spec: FlagSpec): { flags: Map<string, string | true>; positionals: string[] } {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg : arg.slice(0, equals);
    if (spec.switches.includes(name)) {
      if (equals >= 0) throw new UsageError(`${name} takes no value`);
      flags.set(name, true);
    } else if (spec.values.includes(name)) {
      const value = equals >= 0 ? arg.slice(equals + 1) : argv[++i];
      if (value === undefined || (equals < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
      flags.set(name, value);
    } else {
      throw new UsageError(`unknown flag ${name}`);
    }
  }
  return { flags, positionals };
}

function numberFlag(flags: Map<string, string | true>, name: string, fallback: number, check: (value: number) => boolean, expected: string): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new UsageError(`${name} must be ${expected}, got "${raw}"`);
  }
  return value;
}

async function runGenerate(argv: string[]): Promise<number> {
  const { flags, positionals } = parseFlags(argv, {
    values: ['--out', '--identities', '--photos', '--seed', '--difficulty', '--new-whale-share'],
    switches: ['--help'],
  });
  if (flags.has('--help')) {
    console.log(generateUsage);
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const out = flags.get('--out');
  if (typeof out !== 'string') throw new UsageError('--out DIR is required');
  const positiveInteger = (value: number) => Number.isInteger(value) && value >= 1;
  const started = Date.now();
  const summary = await generateSyntheticFlukes({
    out,
    identities: numberFlag(flags, '--identities', 60, positiveInteger, 'a positive integer'),
    photos: numberFlag(flags, '--photos', 8, positiveInteger, 'a positive integer'),
    seed: numberFlag(flags, '--seed', 1, Number.isInteger, 'an integer'),
    difficulty: numberFlag(flags, '--difficulty', 0.5, (value) => value >= 0 && value <= 1, 'between 0 and 1'),
    newWhaleShare: numberFlag(flags, '--new-whale-share', 0.1, (value) => value >= 0 && value < 1, 'in [0, 1)'),
  });
  console.log(
    `wrote ${summary.images} images (${summary.identities} identities, ${summary.newWhale} new_whale) and ${summary.csv} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return 0;
}

async function decodeProblems(paths: string[]): Promise<DataProblem[]> {
  const source = new ImageSource();
  const problems: DataProblem[] = [];
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++]!;
      try {
        await source.pixels(path, { height: 8, width: 16, channels: 1, fit: 'pad' });
      } catch (error) {
        problems.push({ path, line: null, problem: `cannot decode image: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return problems.sort((a, b) => (a.path < b.path ? -1 : 1));
}

async function runInspect(argv: string[]): Promise<number> {
  const { flags, positionals } = parseFlags(argv, {
    values: ['--format', '--new-whale-label'],
    switches: ['--json', '--check-images', '--help'],
  });
  if (flags.has('--help')) {
    console.log(inspectUsage);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `unexpected argument ${positionals[1]}` : 'PATH is required');
  const format = (flags.get('--format') ?? 'auto') as DatasetFormat;
  if (!formats.includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')}, got "${format}"`);
  const newWhaleLabel = flags.get('--new-whale-label');
  const dataset = await loadDataset({ path: positionals[0]!, format, limit: null }, process.cwd());
  const decoded = flags.has('--check-images') ? await decodeProblems(dataset.items.map((item) => item.path)) : [];
  const summary = summarizeDataset(dataset, typeof newWhaleLabel === 'string' ? newWhaleLabel : 'new_whale', decoded);
  if (flags.has('--json')) {
    console.log(JSON.stringify(summary, null, 2));
    return 0;
  }
  console.log(`format      ${summary.format}`);
  console.log(`root        ${summary.root}`);
  console.log(`images      ${summary.images}`);
  console.log(`identities  ${summary.identities}`);
  console.log(`new_whale   ${summary.newWhale}`);
  console.log('photos per identity:');
  const widest = Math.max(1, ...summary.photosPerIdentity.map((bucket) => bucket.identities));
  for (const bucket of summary.photosPerIdentity) {
    const bar = '#'.repeat(Math.max(1, Math.round((bucket.identities / widest) * 40)));
    console.log(`  ${bucket.photos.padStart(5)}  ${String(bucket.identities).padStart(6)}  ${bar}`);
  }
  console.log(`problems    ${summary.problems.length}`);
  for (const problem of summary.problems) {
    console.log(`  ${problem.path}${problem.line === null ? '' : `:${problem.line}`}: ${problem.problem}`);
  }
  return 0;
}

/** `fluke data`: generate the synthetic fluke set, or inspect a dataset. Exit 0 ok, 1 unreadable data, 2 bad usage. */
export const dataCommand = {
  name: 'data',
  summary: 'generate the synthetic fluke set, or inspect a dataset',
  async run(argv: string[]): Promise<number> {
    const [subcommand, ...rest] = argv;
    try {
      if (subcommand === undefined || subcommand === '--help' || subcommand === 'help') {
        console.log(usage);
        return subcommand === undefined ? 2 : 0;
      }
      if (subcommand === 'generate') return await runGenerate(rest);
      if (subcommand === 'inspect') return await runInspect(rest);
      throw new UsageError(subcommand.startsWith('--') ? `unknown flag ${subcommand}` : `unknown command "data ${subcommand}"`);
    } catch (error) {
      if (error instanceof UsageError) {
        console.error(`fluke data: ${error.message}\n\n${subcommand === 'generate' ? generateUsage : subcommand === 'inspect' ? inspectUsage : usage}`);
        return 2;
      }
      if (error instanceof DatasetError || error instanceof CsvSyntaxError) {
        console.error(`fluke data: ${error.message}`);
        return 1;
      }
      throw error;
    }
  },
};
