import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, CliUsageError } from '../cliErrors';
import { dataCommand } from './data';

/** Runs `fluke data ...` in this process and returns its exit status and what it printed. */
async function fluke(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await dataCommand(argv, { write: (text: string) => (out += text) });
  return { code, out };
}

test('generate writes the synthetic set and inspect reports it, as text and JSON', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'fluke-cli-data-')), 'flukes');
  const generated = await fluke('generate', '--out', out, '--identities', '5', '--photos', '3', '--seed', '4', '--difficulty=0.2', '--new-whale-share', '0.2');
  assert.equal(generated.code, 0);
  assert.match(generated.out, /wrote 18 images \(5 identities, 3 new_whale\)/);
  assert.equal(readFileSync(join(out, 'train.csv'), 'utf8').trim().split('\n').length, 19);

  const report = await fluke('inspect', out, '--json', '--decode');
  assert.equal(report.code, 0);
  const summary = JSON.parse(report.out);
  assert.deepEqual(
    [summary.format, summary.images, summary.identities, summary.newWhale, summary.photosPerIdentity, summary.problems],
    ['kaggle', 18, 5, 3, [{ photos: '3', identities: 5 }], []],
  );
  const text = await fluke('inspect', join(out, 'train.csv'));
  assert.match(text.out, /format {6}kaggle\n/);
  assert.match(text.out, /new_whale {3}3\n/);
  assert.match(text.out, /problems {4}0\n/);
});

test('inspect lists the problems it finds with file and line', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-cli-data-'));
  writeFileSync(join(folder, 'train.csv'), 'Image,Id\nmissing.jpg,w_1\n');
  const text = await fluke('inspect', folder);
  assert.equal(text.code, 0);
  assert.match(text.out, new RegExp(`problems {4}1\\n  ${join(folder, 'train.csv')}:2: listed image not found`));
});

test('inspect lists a text file named .jpg, a duplicate photo and a missing one without --decode; --decode adds a cut-off JPEG', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'fluke-cli-data-')), 'flukes');
  await fluke('generate', '--out', out, '--identities', '3', '--photos', '2', '--seed', '5', '--new-whale-share', '0');
  const csv = join(out, 'train.csv');
  const rows = readFileSync(csv, 'utf8').trim().split('\n');
  const [first, second] = rows.slice(1, 3).map((row) => row.split(',')[0]!);
  writeFileSync(join(out, 'train', 'text.jpg'), 'not a photo at all');
  copyFileSync(join(out, 'train', first!), join(out, 'train', 'copy.png'));
  const original = readFileSync(join(out, 'train', second!));
  writeFileSync(join(out, 'train', 'cut.png'), original.subarray(0, Math.floor(original.length * 0.7)));
  writeFileSync(csv, [...rows, 'text.jpg,w_9', 'copy.png,w_8', 'cut.png,w_7', 'gone.jpg,w_6'].join('\n') + '\n');

  const quick = JSON.parse((await fluke('inspect', out, '--json')).out) as { problems: Array<{ path: string; line: number | null; problem: string }> };
  const described = (problems: typeof quick.problems) => problems.map((problem) => `${problem.path.replace(out, 'DIR')}:${problem.line ?? '-'}: ${problem.problem.replace(new RegExp(out, 'g'), 'DIR').split(':')[0]}`).sort();
  assert.deepEqual(described(quick.problems), [
    'DIR/train.csv:11: listed image not found',
    `DIR/train/copy.png:-: same file contents as DIR/train/${first} (labelled w_8 here, ${rows[1]!.split(',')[1]} there)`,
    'DIR/train/text.jpg:-: cannot decode image',
  ]);
  const full = JSON.parse((await fluke('inspect', out, '--json', '--decode')).out) as typeof quick;
  assert.deepEqual(described(full.problems), [...described(quick.problems), 'DIR/train/cut.png:-: cannot decode image'].sort());
});

test('every flag has --help; unknown flags and bad values are usage errors naming them; unreadable data is exit 1', async () => {
  assert.match((await fluke('generate', '--help')).out, /--difficulty D/);
  assert.match((await fluke('inspect', '--help')).out, /--decode/);
  assert.equal((await fluke('--help')).code, 0);
  await assert.rejects(fluke('generate', '--out', '/tmp/x', '--colour', 'red'), (error: unknown) => error instanceof CliUsageError && /unknown flag --colour/.test(error.message));
  await assert.rejects(fluke('inspect', '.', '--verbose'), /unknown flag --verbose/);
  await assert.rejects(fluke('generate', '--out', '/tmp/x', '--difficulty', '2'), /--difficulty must be a number in \[0, 1\], got "2"/);
  await assert.rejects(fluke('generate', '--out', '/tmp/x', '--photos', 'many'), /--photos must be an integer/);
  await assert.rejects(fluke('generate'), /--out DIR is required/);
  await assert.rejects(fluke('inspect', '.', '--format', 'tiff'), /--format must be one of/);
  await assert.rejects(fluke('frobnicate'), /unknown command "frobnicate"/);
  await assert.rejects(fluke('inspect', '/no/such/folder'), (error: unknown) => error instanceof CliError && /dataset path not found: \/no\/such\/folder/.test(error.message));
});

test('through the fluke entry point in a child process: exit 0, 1 (unreadable data) and 2 (unknown flag)', () => {
  const fluke = (...argv: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'main.ts'), 'data', ...argv], { encoding: 'utf8', timeout: 60_000 });
  const out = join(mkdtempSync(join(tmpdir(), 'fluke-cli-data-')), 'set');
  const generated = fluke('generate', '--out', out, '--identities', '2', '--photos', '2');
  assert.equal(generated.status, 0, generated.stderr);
  assert.equal(JSON.parse(fluke('inspect', out, '--json').stdout).images, 4);
  const missing = fluke('inspect', join(out, 'nope'));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /dataset path not found: .*nope/);
  const unknown = fluke('inspect', out, '--recursive');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown flag --recursive/);
});
