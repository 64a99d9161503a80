import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFluke } from './bundledFluke';

/**
 * A workspace with a tiny synthetic fluke set (made by `fluke data generate`) and an
 * experiment that trains on 16 x 32 images in a few seconds on the cpu backend.
 */
export async function tinyWorkspace(
  prefix: string,
  overrides: { epochs: number; grid?: Record<string, unknown[]>; newWhaleShare?: number; /** Fields that replace those of a section, e.g. { method: { clusters: 4 } }. */ sections?: Record<string, Record<string, unknown>> },
): Promise<{ dir: string; experiment: string; db: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const generated = await runFluke(['data', 'generate', '--out', join(dir, 'flukes'), '--identities', '6', '--photos', '4', '--seed', '3', '--new-whale-share', String(overrides.newWhaleShare ?? 0)]);
  if (generated.code !== 0) throw new Error(`fluke data generate failed: ${generated.stderr}`);
  const experiment = join(dir, 'tiny.experiment.json');
  const file: Record<string, unknown> = {
    name: 'tiny',
    data: { path: 'flukes', imageHeight: 16, imageWidth: 32 },
    model: { width: 4, blocksPerStage: [1, 1], embeddingSize: 8 },
    method: { clusters: 2, reclusterEvery: 1 },
    sampling: { classesPerBatch: 2, imagesPerClass: 2 },
    evaluation: { nmi: false },
    epochs: overrides.epochs,
    runtime: { backend: 'cpu' },
    ...(overrides.grid ? { grid: overrides.grid } : {}),
  };
  for (const [section, fields] of Object.entries(overrides.sections ?? {})) file[section] = { ...(file[section] as object | undefined), ...fields };
  writeFileSync(experiment, JSON.stringify(file, null, 2));
  return { dir, experiment, db: join(dir, '.fluke', 'fluke.db') };
}

/** The experiment file with another seed, written beside it. */
export function withSeed(experiment: string, seed: number): string {
  const file = JSON.parse(readFileSync(experiment, 'utf8')) as { runtime: Record<string, unknown> };
  const path = experiment.replace('.experiment.json', `-seed${seed}.experiment.json`);
  writeFileSync(path, JSON.stringify({ ...file, runtime: { ...file.runtime, seed } }));
  return path;
}
