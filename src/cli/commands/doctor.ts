import { existsSync } from 'node:fs';
import { gpuPathStatus } from '../../engine/backends/tensorflowInstall/tensorflowRelease';
import { currentSchemaVersion } from '../../store/migrations';
import { formatHelp, parseFlags, type CommandSpec } from '../parseFlags';
import { dbFlagSpec, storePathFrom } from '../storeLocation';

const spec: CommandSpec = {
  usage: 'doctor [--db PATH] [--json]',
  summary: 'Says what works on this machine: the Node version, which training backends load (and why the others do not), whether the native modules load with this Node, and the database.',
  flags: { db: dbFlagSpec, json: { type: 'boolean', description: 'Print the report as JSON.' } },
  positionals: { min: 0, max: 0, names: '' },
};

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** A native module built for another Node fails with NODE_MODULE_VERSION; say how to fix it. */
function nativeLoadProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)) {
    return `built for another Node version than ${process.version}: run \`npm rebuild\` with this Node (${message.split('\n')[0]})`;
  }
  return message.split('\n')[0]!;
}

function checkBetterSqlite(): Check {
  try {
    // Loaded here, not at the top: doctor must report, not crash, when it does not load.
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const db = new Database(':memory:');
    const version = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    db.close();
    return { name: 'better-sqlite3', ok: true, detail: `loads (SQLite ${version})` };
  } catch (error) {
    return { name: 'better-sqlite3', ok: false, detail: nativeLoadProblem(error) };
  }
}

function checkSharp(): Check {
  try {
    const sharp = require('sharp') as typeof import('sharp');
    return { name: 'sharp', ok: true, detail: `loads (libvips ${sharp.versions.vips})` };
  } catch (error) {
    return { name: 'sharp', ok: false, detail: nativeLoadProblem(error) };
  }
}

async function checkDatabase(path: string, sqliteLoads: boolean): Promise<Check & { path: string; schemaVersion: number | null }> {
  if (!existsSync(path)) return { name: 'database', ok: true, path, schemaVersion: null, detail: `not created yet; the first \`fluke train\` creates it (schema ${currentSchemaVersion})` };
  if (!sqliteLoads) return { name: 'database', ok: false, path, schemaVersion: null, detail: 'cannot be opened: better-sqlite3 does not load' };
  try {
    const { openStoreReadOnly, storeSchemaVersion } = await import('../../store/openStore');
    const store = openStoreReadOnly(path);
    const version = storeSchemaVersion(store);
    const runs = (store.db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;
    store.db.close();
    return { name: 'database', ok: true, path, schemaVersion: version, detail: `schema version ${version}, ${runs} run(s)` };
  } catch (error) {
    return { name: 'database', ok: false, path, schemaVersion: null, detail: (error as Error).message };
  }
}

export async function doctorCommand(argv: string[]): Promise<number> {
  const flags = parseFlags('doctor', spec, argv);
  if (flags.help) {
    process.stdout.write(formatHelp(spec));
    return 0;
  }
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  const node: Check = { name: 'node', ok: nodeMajor >= 20, detail: `${process.version} (${process.platform}-${process.arch})${nodeMajor >= 20 ? '' : ': fluke needs Node 20 or newer'}` };
  const sqlite = checkBetterSqlite();
  const sharp = checkSharp();
  let backends: Array<{ name: string; available: boolean; detail: string }>;
  try {
    const { probeBackends } = await import('../../engine/backends/probeBackends');
    backends = await probeBackends();
  } catch (error) {
    backends = [{ name: 'auto', available: false, detail: `probing failed: ${(error as Error).message}` }];
  }
  const database = await checkDatabase(storePathFrom(flags.strings.get('db')), sqlite.ok);
  const trainable = backends.some((backend) => backend.name !== 'auto' && backend.available);
  const ok = node.ok && sqlite.ok && sharp.ok && database.ok && trainable;
  if (flags.booleans.has('json')) {
    process.stdout.write(`${JSON.stringify({ ok, node: { version: process.version, ok: node.ok }, backends, gpuPath: gpuPathStatus, modules: [sqlite, sharp], database }, null, 2)}\n`);
  } else {
    const mark = (good: boolean) => (good ? 'ok  ' : 'FAIL');
    const lines = [
      `${mark(node.ok)} node            ${node.detail}`,
      `${mark(sqlite.ok)} better-sqlite3  ${sqlite.detail}`,
      `${mark(sharp.ok)} sharp           ${sharp.detail}`,
      `${mark(database.ok)} database        ${database.path}: ${database.detail}`,
      'training backends:',
      ...backends.map((backend) => `  ${backend.available ? 'yes' : 'no '} ${backend.name.padEnd(15)} ${backend.detail}`),
      `  note: ${gpuPathStatus}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return ok ? 0 : 1;
}
