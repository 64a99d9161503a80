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

/** Every file a browser bundle pulls in, following relative imports from its entry point. */
function bundledFiles(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      const target = join(file, '..', spec);
      const resolved = [`${target}.ts`, join(target, 'index.ts'), target].find((path) => existsSync(path) && statSync(path).isFile() && path.endsWith('.ts'));
      if (resolved) visit(resolved);
    }
  };
  visit(entry);
  return [...seen];
}

test('the webview bundles, followed through every file they import (src/ included), reach no Node module, vscode or native package', () => {
  const nodeModules = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
  const forbidden = (spec: string) => nodeModules.has(spec) || spec === 'vscode' || /^(better-sqlite3|sharp|@tensorflow\/tfjs-node(-gpu)?)(\/|$)/.test(spec);
  const entries = readdirSync(join(root, 'webview-ui')).map((name) => join(root, 'webview-ui', name, 'index.ts')).filter((path) => existsSync(path));
  assert.ok(entries.length >= 3, `the three panels' entry points (found ${entries.length})`);
  const offenders = [...new Set(entries.flatMap(bundledFiles))]
    .flatMap((file) => importsOf(file).filter(forbidden).map((spec) => `${relative(root, file)} imports ${spec}`));
  assert.deepEqual(offenders, []);
  // What a bundle takes from src/ lives where the name says every side shares it.
  const outside = [...new Set(entries.flatMap(bundledFiles))]
    .map((file) => relative(root, file))
    .filter((file) => !/^(webview-ui|src\/protocol|src\/shared)\//.test(file));
  assert.deepEqual(outside, [], 'webview bundles import from src/ only src/protocol and src/shared');
  assert.ok(entries.flatMap(bundledFiles).some((file) => relative(root, file).startsWith('src/shared/')), 'the bundles do use src/shared');
});

test('src/shared (pure code for the webviews, the extension and the engine) imports only src/protocol and itself', () => {
  const offenders = sourceFiles(join(root, 'src/shared'))
    .flatMap((file) =>
      importsOf(file)
        .filter((spec) => !(spec.startsWith('./') || spec.startsWith('../protocol/') || (file.endsWith('.test.ts') && (spec.startsWith('node:') || spec.startsWith('../random/')))))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
  assert.deepEqual(offenders, []);
});
