// The divide-and-conquer evidence (README, "Does divide and conquer help?"): generates the
// synthetic set once, trains every run of the three dc-evidence experiment files through
// `fluke train` (K = 1, 2, 4 and the two ablations, 3 seeds each, equal budget), and prints
// mean and sample standard deviation of recall@1 and MAP@R per arm at the last epoch.
// Usage: npm run build && node scripts/dc-evidence.mjs [--db PATH] [--out results.json]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const root = new URL('..', import.meta.url).pathname;
const flag = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const cli = flag('cli', join(root, 'dist', 'cli.js'));
const db = flag('db', join(root, '.fluke', 'dc-evidence.db'));
const out = flag('out', join(root, '.fluke', 'dc-evidence.json'));
const dataDir = join(root, '.fluke', 'dc-evidence-data');
const files = ['dc-evidence', 'dc-evidence-random-clusters', 'dc-evidence-no-conquer'].map((name) => join(root, 'experiments', `${name}.experiment.json`));

function run(args, onLine) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout }).on('line', onLine);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`fluke ${args.join(' ')} exited with ${code}`))));
  });
}

if (!existsSync(join(dataDir, 'train.csv'))) {
  await run(['data', 'generate', '--out', dataDir, '--identities', '400', '--photos', '6', '--seed', '1', '--difficulty', '0.2'], (line) => console.log(line));
}
const runs = new Map();
for (const file of files) {
  await run(['train', file, '--db', db], (line) => {
    if (!line.startsWith('{')) return;
    const event = JSON.parse(line);
    if (event.type === 'run-started') {
      runs.set(event.runId, { name: event.name, arm: event.name.replace(/ seed=\d+$/, ''), status: 'running', epoch: 0, recallAt1: null, mapAtR: null });
      console.log(`run ${event.runId} ${event.name}`);
    } else if (event.type === 'metrics') {
      Object.assign(runs.get(event.runId), { epoch: event.epoch, recallAt1: event.recallAtK['1'], mapAtR: event.mapAtR });
      console.log(`  epoch ${event.epoch}: recall@1 ${event.recallAtK['1'].toFixed(3)}, MAP@R ${event.mapAtR?.toFixed(3)}`);
    } else if (event.type === 'run-ended') {
      runs.get(event.runId).status = event.status;
    }
  });
}

const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
const sd = (values) => (values.length < 2 ? 0 : Math.sqrt(values.reduce((sum, value) => sum + (value - mean(values)) ** 2, 0) / (values.length - 1)));
const arms = new Map();
for (const result of runs.values()) {
  if (result.status !== 'completed') continue;
  if (!arms.has(result.arm)) arms.set(result.arm, []);
  arms.get(result.arm).push(result);
}
const summary = [...arms].map(([arm, results]) => ({
  arm,
  seeds: results.length,
  recallAt1: { mean: mean(results.map((r) => r.recallAt1)), sd: sd(results.map((r) => r.recallAt1)) },
  mapAtR: { mean: mean(results.map((r) => r.mapAtR)), sd: sd(results.map((r) => r.mapAtR)) },
}));
console.log('\n| arm | seeds | recall@1 (mean ± sd) | MAP@R (mean ± sd) |\n|---|---|---|---|');
for (const row of summary) {
  console.log(`| ${row.arm} | ${row.seeds} | ${row.recallAt1.mean.toFixed(3)} ± ${row.recallAt1.sd.toFixed(3)} | ${row.mapAtR.mean.toFixed(3)} ± ${row.mapAtR.sd.toFixed(3)} |`);
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ runs: [...runs.values()], arms: summary }, null, 2)}\n`);
const failed = [...runs.values()].filter((result) => result.status !== 'completed');
if (failed.length > 0) {
  console.error(`${failed.length} run(s) did not complete: ${failed.map((result) => `${result.name} (${result.status})`).join(', ')}`);
  process.exit(1);
}
