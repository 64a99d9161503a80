import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeTrainerEvent, formatLogLine } from './trainerEventText';

test('epoch, evaluation and end events read as one line each', () => {
  assert.equal(
    describeTrainerEvent({ type: 'epoch', runId: 1, epoch: 3, epochs: 12, loss: 0.123456, learnerLosses: [0.1, 0.2], learningRate: 0.001, seconds: 12.34, imagesPerSecond: 210.6 }),
    'epoch 3/12: loss 0.1235 (learners 0.1000, 0.2000), lr 0.001, 12.3 s, 211 images/s',
  );
  assert.equal(
    describeTrainerEvent({ type: 'metrics', runId: 1, epoch: 4, recallAtK: { '8': 0.9, '1': 0.4125, '2': 0.5 }, nmi: 0.61, mapAtR: null, rPrecision: null, map5: 0.45 }),
    'epoch 4 evaluation: R@1 0.412, R@2 0.500, R@8 0.900, NMI 0.610, MAP@5 0.450',
  );
  assert.equal(describeTrainerEvent({ type: 'run-ended', runId: 1, status: 'diverged', error: 'loss is NaN at epoch 5' }), 'run 1 ended: diverged (loss is NaN at epoch 5)');
  assert.equal(
    describeTrainerEvent({ type: 'run-started', runId: 9, name: 'k4', pid: 42, backend: 'wasm', epochs: 12, startEpoch: 4 }),
    'run 9 "k4" started: pid 42, backend wasm, epochs 5-12',
  );
});

test('log lines: events are described, other lines (stderr) kept as they are', () => {
  assert.equal(formatLogLine('{"type":"log","runId":1,"level":"warning","message":"3 unreadable images skipped"}'), '[warning] 3 unreadable images skipped');
  assert.equal(formatLogLine('Error: ENOENT: no such file /data/train.csv'), 'Error: ENOENT: no such file /data/train.csv');
  assert.equal(formatLogLine('{not json'), '{not json');
});
