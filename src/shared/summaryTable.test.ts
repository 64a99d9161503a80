import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SummaryRow } from '../protocol/compareContract';
import { sortSummaryRows } from './summaryTable';

function row(runId: number, name: string, bestRecallAt1: number | null): SummaryRow {
  return {
    runId,
    colourIndex: runId,
    values: {
      name,
      bestRecallAt1,
      lastRecallAt1: null,
      bestMapAtR: null,
      bestMap5: null,
      bestNmi: null,
      lastLoss: null,
      epochs: 1,
      durationSeconds: null,
      imagesPerSecond: null,
    },
  };
}

test('sorts by a numeric column either way, empty cells last both times', () => {
  const rows = [row(1, 'b', 0.5), row(2, 'a', null), row(3, 'c', 0.7), row(4, 'd', 0.1)];
  assert.deepEqual(sortSummaryRows(rows, 'bestRecallAt1', true).map((r) => r.runId), [3, 1, 4, 2]);
  assert.deepEqual(sortSummaryRows(rows, 'bestRecallAt1', false).map((r) => r.runId), [4, 1, 3, 2]);
});

test('sorts by name as text and keeps ties in their order', () => {
  const rows = [row(1, 'k4', 0.5), row(2, 'k1', 0.5), row(3, 'k4', 0.2)];
  assert.deepEqual(sortSummaryRows(rows, 'name', false).map((r) => r.runId), [2, 1, 3]);
  assert.deepEqual(sortSummaryRows(rows, 'bestRecallAt1', true).map((r) => r.runId), [1, 2, 3]);
});
