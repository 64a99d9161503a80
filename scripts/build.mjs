// Builds the three kinds of bundle: the extension (runs in VS Code's Electron Node, so it
// must hold no native module), the CLI/bench (runs on the user's Node, natives external)
// and the webviews (browser).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Native packages: loaded only by processes the extension spawns, never inside it. */
const nativePackages = ['better-sqlite3', 'sharp', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];

const refuseNativeModules = {
  name: 'refuse-native-modules',
  setup(build) {
    const pattern = new RegExp(`^(${nativePackages.map((p) => p.replace('/', '\\/')).join('|')})(\\/|$)`);
    build.onResolve({ filter: pattern }, (args) => ({
      errors: [{ text: `the extension bundle must not import the native package "${args.path}" (imported by ${args.importer}); use fluke serve over JSON-RPC instead` }],
    }));
    build.onResolve({ filter: /\.node$/ }, (args) => ({
      errors: [{ text: `the extension bundle must not load native addon ${args.path}` }],
    }));
  },
};

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const webviews = existsSync(join(root, 'webview-ui'))
  ? readdirSync(join(root, 'webview-ui'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, 'webview-ui', entry.name, 'index.ts')))
      .map((entry) => entry.name)
      .filter((name) => name !== 'shared')
  : [];

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: dist,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    plugins: [refuseNativeModules],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts', ...(existsSync(join(root, 'src/bench/main.ts')) ? { bench: 'src/bench/main.ts' } : {}) },
    outdir: dist,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: nativePackages,
  },
  ...(webviews.length
    ? [
        {
          ...common,
          entryPoints: Object.fromEntries(webviews.map((name) => [name, `webview-ui/${name}/index.ts`])),
          outdir: join(dist, 'webview'),
          platform: 'browser',
          format: 'iife',
          target: 'es2022',
          loader: { '.css': 'css' },
        },
      ]
    : []),
];

function copyAssets() {
  mkdirSync(join(dist, 'webview'), { recursive: true });
  const codicons = join(root, 'node_modules/@vscode/codicons/dist');
  if (existsSync(codicons)) {
    for (const file of ['codicon.css', 'codicon.ttf']) cpSync(join(codicons, file), join(dist, 'webview', file));
  }
  const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  if (existsSync(wasmDir)) {
    for (const file of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) cpSync(join(wasmDir, file), join(dist, file));
  }
}

copyAssets();
if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
