import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PredictionReport } from '../../protocol/predictions';
import { predictionReport } from '../../shared/predictionReport.fixture';
import { forgetIdentifiedReport, keepIdentifiedReport, keptIdentifiedReport, largestKeptReportBytes } from './identifiedReportFile';

const report: PredictionReport = { ...predictionReport, failed: [{ path: '/photos/c.jpg', problem: 'cannot decode image' }] };

test('a kept report comes back for its run only, and is gone once forgotten', () => {
  const folder = join(mkdtempSync(join(tmpdir(), 'fluke-identified-')), 'storage');
  try {
    assert.equal(keptIdentifiedReport(folder, 4), null, 'nothing kept yet (the folder does not even exist)');
    keepIdentifiedReport(folder, report);
    assert.deepEqual(keptIdentifiedReport(folder, 4), report);
    assert.equal(keptIdentifiedReport(folder, 5), null, "another run's panel does not show it");
    assert.deepEqual(readdirSync(folder), ['identified-photos.json'], 'no partial file left');
    forgetIdentifiedReport(folder);
    assert.equal(keptIdentifiedReport(folder, 4), null);
  } finally {
    rmSync(join(folder, '..'), { recursive: true, force: true });
  }
});

test('a damaged, foreign or oversized file is not read back', () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-identified-'));
  const path = join(folder, 'identified-photos.json');
  try {
    writeFileSync(path, '{"runId": 4, "predictions": [');
    assert.equal(keptIdentifiedReport(folder, 4), null, 'truncated JSON');
    writeFileSync(path, JSON.stringify({ ...report, predictions: 'all of them' }));
    assert.equal(keptIdentifiedReport(folder, 4), null, 'not a report');
    writeFileSync(path, JSON.stringify({ ...report, failed: [], padding: 'x'.repeat(largestKeptReportBytes) }));
    assert.equal(keptIdentifiedReport(folder, 4), null, 'over the size kept');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
