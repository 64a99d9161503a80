import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { builtinModules } from 'node:module';

const root = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const pattern = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of text.matchAll(pattern)) found.push(match[1] ?? match[2] ?? match[3]!);
  return found;
}

test('the engine, data and store never import vscode', () => {
  const offenders = ['src/engine', 'src/data', 'src/store', 'src/cli']
    .flatMap((dir) => sourceFiles(join(root, dir)))
    .filter((file) => importsOf(file).some((spec) => spec === 'vscode'))
    .map((file) => relative(root, file));
  assert.deepEqual(offenders, []);
});

test('webview code never imports Node modules', () => {
  const nodeModules = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
  const offenders = sourceFiles(join(root, 'webview-ui'))
    .flatMap((file) => importsOf(file).filter((spec) => nodeModules.has(spec)).map((spec) => `${relative(root, file)} imports ${spec}`));
  assert.deepEqual(offenders, []);
});

test('the protocol folder imports nothing of the extension, engine or Node', () => {
  const offenders = sourceFiles(join(root, 'src/protocol'))
    .filter((file) => !file.endsWith('.test.ts'))
    .flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec === 'vscode' || spec.startsWith('node:') || spec.startsWith('../'))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
  assert.deepEqual(offenders, []);
});
