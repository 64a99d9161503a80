import type { DatasetFormat } from '../../protocol/experiment';
import { DatasetError } from '../../data/dataset';
import { CsvSyntaxError } from '../../data/csv/parseCsv';
import { loadDataset } from '../../data/loadDataset';
import { summarizeDataset, type DatasetSummary } from '../../data/datasetSummary';
import { ImageSource } from '../../data/imageSource';
import { duplicateFiles } from '../../data/inspection/duplicateFiles';
import { imageDecodeProblems, imageHeaderProblems } from '../../data/inspection/imageHeaderProblems';
import { generateSyntheticFlukes } from '../../data/synthetic/generateSyntheticFlukes';
import { CliError, CliUsageError } from '../cliErrors';
import { formatHelp, integerFlag, parseFlags, type CommandSpec } from '../parseFlags';
import { terminalSafe } from '../terminalText';

const formats: DatasetFormat[] = ['auto', 'kaggle', 'happywhale', 'folders', 'fashion-mnist'];

const usage = `usage: fluke data generate|inspect [flags]   (fluke data generate --help, fluke data inspect --help)

  generate   Write the synthetic whale-fluke set (Kaggle format: train.csv + train/*.png).
  inspect    Read a dataset and report its format, counts and problems (missing, listed twice,
             not an image, duplicate files; --decode for a full decode of every image).
`;

const generateSpec: CommandSpec = {
  usage: 'data generate --out DIR [--identities N] [--photos M] [--seed S] [--difficulty D] [--new-whale-share X]',
  summary: 'Writes DIR/train.csv (Image,Id) and DIR/train/*.png: synthetic humpback flukes, the same files for the same flags.',
  flags: {
    out: { type: 'string', valueName: 'DIR', description: 'Output folder (required).' },
    identities: { type: 'string', valueName: 'N', description: 'Number of whales (default 60).' },
    photos: { type: 'string', valueName: 'M', description: 'Photos per whale (default 8).' },
    seed: { type: 'string', valueName: 'S', description: 'Random seed (default 1).' },
    difficulty: { type: 'string', valueName: 'D', description: '0..1: how much photos of one whale differ in pose, light, spray, occlusion, blur (default 0.5).' },
    'new-whale-share': { type: 'string', valueName: 'X', description: 'Extra photos labelled new_whale, each of a whale seen once, as a share of the rest (default 0.1).' },
  },
  positionals: { min: 0, max: 0, names: '' },
};

const inspectSpec: CommandSpec = {
  usage: 'data inspect PATH [--format F] [--new-whale-label L] [--decode] [--json]',
  summary: 'Reads the dataset at PATH (a folder or a train.csv): format, images, identities, photos-per-identity histogram, new_whale count, problems: listed files missing or listed twice, files that are no image (each file\'s header is read), files with the same contents.',
  flags: {
    format: { type: 'string', valueName: 'F', description: `${formats.join(' | ')} (default auto: told from the files).` },
    'new-whale-label': { type: 'string', valueName: 'L', description: 'Label of unidentified whales (default new_whale).' },
    decode: { type: 'boolean', description: 'Also decode every image in full (slower): finds files cut short or corrupt after a valid header.' },
    json: { type: 'boolean', description: 'Print the report as JSON.' },
  },
  positionals: { min: 1, max: 1, names: 'PATH' },
};

function fractionFlag(command: string, name: string, value: string | undefined, fallback: number, inRange: (value: number) => boolean, range: string): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || !inRange(number)) throw new CliUsageError(`fluke ${command}: --${name} must be a number ${range}, got "${value}"`);
  return number;
}

async function generate(argv: string[], report: Output): Promise<number> {
  const command = 'data generate';
  const flags = parseFlags(command, generateSpec, argv);
  if (flags.help) {
    report.write(formatHelp(generateSpec));
    return 0;
  }
  const out = flags.strings.get('out');
  if (out === undefined) throw new CliUsageError(`fluke ${command}: --out DIR is required (usage: fluke ${generateSpec.usage})`);
  const integer = (name: string, fallback: number, min: number) => {
    const value = flags.strings.get(name);
    return value === undefined ? fallback : integerFlag(command, name, value, min);
  };
  const started = Date.now();
  const summary = await generateSyntheticFlukes({
    out,
    identities: integer('identities', 60, 1),
    photos: integer('photos', 8, 1),
    seed: integer('seed', 1, 0),
    difficulty: fractionFlag(command, 'difficulty', flags.strings.get('difficulty'), 0.5, (value) => value >= 0 && value <= 1, 'in [0, 1]'),
    newWhaleShare: fractionFlag(command, 'new-whale-share', flags.strings.get('new-whale-share'), 0.1, (value) => value >= 0 && value < 1, 'in [0, 1)'),
  });
  report.write(
    `wrote ${summary.images} images (${summary.identities} identities, ${summary.newWhale} new_whale) and ${summary.csv} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return 0;
}

function formatSummary(summary: DatasetSummary): string {
  const lines = [
    `format      ${summary.format}`,
    `root        ${summary.root}`,
    `images      ${summary.images}`,
    `identities  ${summary.identities}`,
    `new_whale   ${summary.newWhale}`,
    'photos per identity (photos: identities):',
  ];
  const widest = Math.max(1, ...summary.photosPerIdentity.map((bucket) => bucket.identities));
  for (const bucket of summary.photosPerIdentity) {
    const bar = '#'.repeat(Math.max(1, Math.round((bucket.identities / widest) * 40)));
    lines.push(`  ${bucket.photos.padStart(9)}: ${String(bucket.identities).padStart(6)}  ${bar}`);
  }
  lines.push(`problems    ${summary.problems.length}`);
  for (const problem of summary.problems) lines.push(`  ${problem.path}${problem.line === null ? '' : `:${problem.line}`}: ${problem.problem}`);
  return `${lines.map(terminalSafe).join('\n')}\n`;
}

async function inspect(argv: string[], out: Output): Promise<number> {
  const command = 'data inspect';
  const flags = parseFlags(command, inspectSpec, argv);
  if (flags.help) {
    out.write(formatHelp(inspectSpec));
    return 0;
  }
  const format = (flags.strings.get('format') ?? 'auto') as DatasetFormat;
  if (!formats.includes(format)) throw new CliUsageError(`fluke ${command}: --format must be one of ${formats.join(', ')}, got "${format}"`);
  const dataset = await loadDataset({ path: flags.positionals[0]!, format, limit: null }, process.cwd());
  const paths = dataset.items.map((item) => item.path);
  const source = new ImageSource();
  const unreadable = flags.booleans.has('decode')
    ? await imageDecodeProblems(paths, (path) => source.pixels(path, { height: 8, width: 16, channels: 1, fit: 'pad' }))
    : await imageHeaderProblems(paths);
  const summary = summarizeDataset(dataset, flags.strings.get('new-whale-label') ?? 'new_whale', [...unreadable, ...duplicateFiles(dataset.items)]);
  out.write(flags.booleans.has('json') ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
  return 0;
}

/** Where the command prints its report: stdout, or a test's collector (a test runner reports through stdout too). */
export interface Output {
  write(text: string): unknown;
}

/** `fluke data generate|inspect`. Unreadable data exits 1 with the file (and line) named; bad usage exits 2. */
export async function dataCommand(argv: string[], out: Output = process.stdout): Promise<number> {
  const [subcommand, ...rest] = argv;
  if (subcommand === undefined || subcommand === '--help' || subcommand === '-h') {
    out.write(usage);
    return subcommand === undefined ? 2 : 0;
  }
  try {
    if (subcommand === 'generate') return await generate(rest, out);
    if (subcommand === 'inspect') return await inspect(rest, out);
  } catch (error) {
    if (error instanceof DatasetError || error instanceof CsvSyntaxError) throw new CliError(`fluke data: ${error.message}`);
    throw error;
  }
  throw new CliUsageError(
    subcommand.startsWith('-') ? `fluke data: unknown flag ${subcommand} (see fluke data --help)` : `fluke data: unknown command "${subcommand}" (commands: generate, inspect)`,
  );
}
