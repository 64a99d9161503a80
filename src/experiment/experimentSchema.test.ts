import { test } from 'node:test';
import assert from 'node:assert/strict';
import { experimentSchema } from './experimentSchema';
import { readExperimentText } from './readExperimentText';

interface SchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
}

/** Sections of the file that are not part of a run's config (nor varied by a grid). */
const notConfig = (path: string) => ['$schema', 'grid', 'target'].includes(path) || path.startsWith('target.');

/** Every field below the top level, as dotted paths with its schema. */
function fields(node: SchemaNode, prefix = ''): Array<[string, SchemaNode]> {
  return Object.entries(node.properties ?? {}).flatMap(([name, child]) => [[`${prefix}${name}`, child] as [string, SchemaNode], ...fields(child, `${prefix}${name}.`)]);
}

test('every field of the schema has a description (hover text) and a default', () => {
  const missing = fields(experimentSchema as SchemaNode)
    .filter(([path]) => !['$schema', 'grid'].includes(path))
    .flatMap(([path, node]) => [
      ...(node.description ? [] : [`${path}: no description`]),
      // The name defaults to the file name, which a schema cannot say.
      ...(path === 'name' || 'default' in node ? [] : [`${path}: no default`]),
    ]);
  assert.deepEqual(missing, []);
});

test('the defaults make a complete config: every schema field is present and nothing else', () => {
  const config = readExperimentText('{"data": {"path": "/"}}', '/tmp/defaults.experiment.json').runs[0]!.config as unknown as Record<string, unknown>;
  const valueAt = (dotted: string) => dotted.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], config);
  const schemaPaths = fields(experimentSchema as SchemaNode).map(([path]) => path).filter((path) => !notConfig(path));
  for (const path of schemaPaths) assert.notEqual(valueAt(path), undefined, `${path} has no value after defaults`);
  const configPaths = (node: Record<string, unknown>, prefix = ''): string[] =>
    Object.entries(node).flatMap(([key, value]) =>
      typeof value === 'object' && value !== null && !Array.isArray(value) ? [`${prefix}${key}`, ...configPaths(value as Record<string, unknown>, `${prefix}${key}.`)] : [`${prefix}${key}`],
    );
  assert.deepEqual(configPaths(config).sort(), [...schemaPaths].sort());
});

test('defaults are the reference values of docs/method.md', () => {
  const config = readExperimentText('{"data": {"path": "/"}}', '/tmp/defaults.experiment.json').runs[0]!.config;
  assert.deepEqual(
    [config.loss.type, config.loss.margin, config.loss.beta, config.loss.learnBeta, config.loss.betaLearningRate, config.sampling.cutoff, config.sampling.nonzeroLossCutoff, config.method.reclusterEvery, config.method.clusterOn],
    ['margin', 0.2, 1.2, false, 0.1, 0.5, 1.4, 2, 'backbone'],
  );
});

test('grid keys offered for completion are exactly the config fields below the sections', () => {
  const grid = (experimentSchema as { properties: { grid: { propertyNames: { enum: string[] } } } }).properties.grid.propertyNames.enum;
  const leaves = fields(experimentSchema as SchemaNode)
    .filter(([path, node]) => !notConfig(path) && !['name', 'description'].includes(path) && !(node.type === 'object' && node.properties))
    .map(([path]) => path);
  assert.deepEqual([...grid].sort(), leaves.sort());
  assert.ok(grid.includes('method.clusters') && grid.includes('data.augmentation.cropScale'));
});
