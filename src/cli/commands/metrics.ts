import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NpyError, npyAsFloat32, readNpy } from '../../data/npy';
import { evaluateEmbeddings } from '../../engine/metrics/evaluateEmbeddings';
import { CliError, CliUsageError } from '../cliErrors';
import { formatHelp, parseFlags, type CommandSpec } from '../parseFlags';

const spec: CommandSpec = {
  usage: 'metrics --embeddings E.npy --labels L [--query-mask M] [--recall 1,2,4,8] [--nmi] [--map-at-r] [--map5 [--new-whale LABEL] [--threshold T]] [--json]',
  summary: [
    'Retrieval metrics of embeddings computed elsewhere, with the same code the trainer evaluates with.',
    'E.npy: float32 (or float64) [N, D]. L: labels, an integer .npy of N values or a text file with one label per line.',
    'Without --query-mask every item queries all others; with it, items where the mask is non-zero query',
    'the others (the gallery).',
  ].join('\n'),
  flags: {
    embeddings: { type: 'string', valueName: 'E.npy', description: 'Embeddings, a 2-D .npy array (required).' },
    labels: { type: 'string', valueName: 'L', description: 'Labels: integer .npy, or text with one label per line (required).' },
    'query-mask': { type: 'string', valueName: 'M', description: 'Which items are queries: a .npy (bool/int) or text of 0/1 lines.' },
    recall: { type: 'string', valueName: 'K,K,...', description: 'K values of recall@K (default 1,2,4,8).' },
    nmi: { type: 'boolean', description: 'Also compute NMI (k-means, one cluster per identity).' },
    'map-at-r': { type: 'boolean', description: 'Also compute MAP@R and R-precision.' },
    map5: { type: 'boolean', description: 'Also compute MAP@5 (top 5 distinct identities).' },
    'new-whale': { type: 'string', valueName: 'LABEL', description: 'The label of never-identified photos, for --map5.' },
    threshold: { type: 'string', valueName: 'T', description: 'Distance at which new_whale is inserted into the MAP@5 ranking.' },
    seed: { type: 'string', valueName: 'N', description: 'Seed of the k-means behind NMI (default 0).' },
    json: { type: 'boolean', description: 'Print the result as JSON.' },
  },
  positionals: { min: 0, max: 0, names: '' },
};

function isNpy(path: string): boolean {
  return path.toLowerCase().endsWith('.npy');
}

function readTextLines(path: string, flag: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`fluke metrics: --${flag} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => line.trim());
}

function readNpyFor(path: string, flag: string) {
  try {
    return readNpy(path);
  } catch (error) {
    if (error instanceof NpyError) throw new CliError(`fluke metrics: --${flag} ${error.message}`);
    throw error;
  }
}

/** Labels as strings (so a text file and a .npy name labels alike); ids follow first appearance. */
function readLabels(path: string): string[] {
  if (!isNpy(path)) return readTextLines(path, 'labels');
  const array = readNpyFor(path, 'labels');
  if (array.shape.length !== 1 && !(array.shape.length === 2 && array.shape[1] === 1)) {
    throw new CliError(`fluke metrics: --labels ${path}: expected a 1-D array of N labels, got shape (${array.shape.join(', ')})`);
  }
  if (array.descr.endsWith('f4') || array.descr.endsWith('f8')) throw new CliError(`fluke metrics: --labels ${path}: labels must be integers, got ${array.descr}`);
  return Array.from(array.values as ArrayLike<number | bigint>, (value) => String(value));
}

function readQueryMask(path: string, count: number): boolean[] {
  let mask: boolean[];
  if (isNpy(path)) {
    const array = readNpyFor(path, 'query-mask');
    mask = Array.from(array.values as ArrayLike<number | bigint>, (value) => Number(value) !== 0);
  } else {
    mask = readTextLines(path, 'query-mask').map((line, index) => {
      if (line !== '0' && line !== '1' && line !== 'true' && line !== 'false') throw new CliError(`fluke metrics: --query-mask ${path}:${index + 1}: expected 0 or 1, got "${line}"`);
      return line === '1' || line === 'true';
    });
  }
  if (mask.length !== count) throw new CliError(`fluke metrics: --query-mask ${path} has ${mask.length} values for ${count} embeddings`);
  return mask;
}

function parseRecall(value: string): number[] {
  const ks = value.split(',').map((part) => part.trim());
  if (ks.some((k) => !/^\d+$/.test(k) || Number(k) < 1)) throw new CliUsageError(`fluke metrics: --recall must be positive integers separated by commas, got "${value}"`);
  return ks.map(Number);
}

export async function metricsCommand(argv: string[]): Promise<number> {
  const flags = parseFlags('metrics', spec, argv);
  if (flags.help) {
    process.stdout.write(formatHelp(spec));
    return 0;
  }
  const embeddingsPath = flags.strings.get('embeddings');
  const labelsPath = flags.strings.get('labels');
  if (embeddingsPath === undefined) throw new CliUsageError('fluke metrics: --embeddings E.npy is required');
  if (labelsPath === undefined) throw new CliUsageError('fluke metrics: --labels L is required');
  const recallAt = parseRecall(flags.strings.get('recall') ?? '1,2,4,8');
  const thresholdText = flags.strings.get('threshold');
  const threshold = thresholdText === undefined ? null : Number(thresholdText);
  if (threshold !== null && (!Number.isFinite(threshold) || threshold < 0)) throw new CliUsageError(`fluke metrics: --threshold must be a non-negative number, got "${thresholdText}"`);
  const wantsMap5 = flags.booleans.has('map5');
  if (!wantsMap5 && (thresholdText !== undefined || flags.strings.has('new-whale'))) throw new CliUsageError('fluke metrics: --new-whale and --threshold only apply with --map5');
  const seedText = flags.strings.get('seed') ?? '0';
  if (!/^\d+$/.test(seedText)) throw new CliUsageError(`fluke metrics: --seed must be a non-negative integer, got "${seedText}"`);

  const embeddingsFile = resolve(embeddingsPath);
  const array = readNpyFor(embeddingsFile, 'embeddings');
  if (array.shape.length !== 2) throw new CliError(`fluke metrics: --embeddings ${embeddingsFile}: expected a 2-D array [N, D], got shape (${array.shape.join(', ')})`);
  if (!array.descr.endsWith('f4') && !array.descr.endsWith('f8')) throw new CliError(`fluke metrics: --embeddings ${embeddingsFile}: expected float32 embeddings, got ${array.descr}`);
  const [count, dim] = array.shape as [number, number];
  const embeddings = npyAsFloat32(array);
  if (embeddings.some((value) => !Number.isFinite(value))) throw new CliError(`fluke metrics: --embeddings ${embeddingsFile}: holds NaN or infinite values`);
  const labelTexts = readLabels(resolve(labelsPath));
  if (labelTexts.length !== count) throw new CliError(`fluke metrics: --labels ${resolve(labelsPath)} has ${labelTexts.length} labels for ${count} embeddings`);
  const ids = new Map<string, number>();
  const labels = Int32Array.from(labelTexts, (text) => {
    if (!ids.has(text)) ids.set(text, ids.size);
    return ids.get(text)!;
  });
  const newWhale = flags.strings.get('new-whale');
  if (newWhale !== undefined && !ids.has(newWhale)) process.stderr.write(`fluke metrics: warning: --new-whale "${newWhale}" is not among the labels\n`);

  let queryIndices: number[] | null = null;
  let galleryIndices: number[] | null = null;
  const maskPath = flags.strings.get('query-mask');
  if (maskPath !== undefined) {
    const mask = readQueryMask(resolve(maskPath), count);
    queryIndices = mask.flatMap((isQuery, index) => (isQuery ? [index] : []));
    galleryIndices = mask.flatMap((isQuery, index) => (isQuery ? [] : [index]));
    if (queryIndices.length === 0 || galleryIndices.length === 0) throw new CliError(`fluke metrics: --query-mask ${resolve(maskPath)} leaves no ${queryIndices.length === 0 ? 'queries' : 'gallery'}`);
  }
  const result = evaluateEmbeddings({
    embeddings,
    dim,
    labels,
    queryIndices,
    galleryIndices,
    recallAt,
    nmi: flags.booleans.has('nmi'),
    mapAtR: flags.booleans.has('map-at-r'),
    map5: wantsMap5 ? { newWhaleLabel: newWhale === undefined ? null : (ids.get(newWhale) ?? null), threshold } : null,
    topK: 1,
    seed: Number(seedText),
  });
  const output = { count, dim, queries: queryIndices?.length ?? count, recallAtK: result.recallAtK, nmi: result.nmi, mapAtR: result.mapAtR, rPrecision: result.rPrecision, map5: result.map5 };
  if (flags.booleans.has('json')) {
    process.stdout.write(`${JSON.stringify(output)}\n`);
  } else {
    const lines = [`${count} embeddings of dimension ${dim}, ${output.queries} queries`, ...Object.entries(result.recallAtK).map(([k, v]) => `recall@${k}  ${v.toFixed(4)}`)];
    if (result.nmi !== null) lines.push(`NMI       ${result.nmi.toFixed(4)}`);
    if (result.mapAtR !== null) lines.push(`MAP@R     ${result.mapAtR.toFixed(4)}`, `R-prec.   ${result.rPrecision!.toFixed(4)}`);
    if (result.map5 !== null) lines.push(`MAP@5     ${result.map5.toFixed(4)}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}
