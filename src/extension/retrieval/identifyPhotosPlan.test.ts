import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../data/csv/parseCsv';
import { photoListCsv, predictArguments, predictionOutcome, predictProgress } from './identifyPhotosPlan';

test('a running run is identified with its newest checkpoint, a finished one with its best', () => {
  const running = predictArguments({ id: 3, status: 'running' }, '/photos', '/w/.fluke/fluke.db');
  assert.deepEqual(running.slice(0, 6), ['predict', '3', '--images', '/photos', '--checkpoint', 'last']);
  assert.ok(running.includes('--json') && running.includes('--thumbnails'));
  assert.deepEqual(running.slice(-2), ['--db', '/w/.fluke/fluke.db']);
  assert.equal(predictArguments({ id: 3, status: 'completed' }, '/photos', '/db')[5], 'best');
});

test('photos picked one by one go in an Image column, a comma-bearing path quoted', () => {
  assert.equal(photoListCsv(['/p/a.jpg', '/p/b,c.jpg']), 'Image\n/p/a.jpg\n"/p/b,c.jpg"\n');
});

test('the photo list reads back as the same paths, whatever characters the file names hold', () => {
  const paths = ['/p/plain.jpg', '/p/with,comma.jpg', '/p/say "fluke".jpg', '/p/line\nbreak.jpg', '/p/carriage\rreturn.jpg', '/p/=SUM(A1).jpg', '/p/ spaced .png'];
  const rows = parseCsv(photoListCsv(paths), 'photos.csv');
  assert.deepEqual(rows.map((row) => row.fields), [['Image'], ...paths.map((path) => [path])]);
});

test('progress lines are read, other stderr lines are not', () => {
  assert.deepEqual(predictProgress('embedded 256/1024 photos'), { done: 256, total: 1024 });
  assert.equal(predictProgress('skipped /p/x.jpg: cannot decode image'), null);
});

test('exit 0 and 3 (some photos failed) give the report; another code gives the last stderr line', () => {
  const report = { runId: 1, predictions: [], failed: [{ path: '/p/x.jpg', problem: 'bad' }] };
  assert.deepEqual(predictionOutcome({ exitCode: 3, stdout: JSON.stringify(report), stderr: '' }), report);
  assert.throws(() => predictionOutcome({ exitCode: 1, stdout: '', stderr: 'loading\nfluke predict: no run 9 in /db\n' }), /no run 9 in \/db/);
  assert.throws(() => predictionOutcome({ exitCode: 0, stdout: 'garbage', stderr: '' }), /printed no report/);
});
