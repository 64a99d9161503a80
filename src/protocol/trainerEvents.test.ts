import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTrainerEvent, parseTrainerEvent, type TrainerEvent } from './trainerEvents';

test('an event survives formatting and parsing as one line', () => {
  const event: TrainerEvent = {
    type: 'epoch',
    runId: 3,
    epoch: 2,
    epochs: 10,
    loss: 0.41,
    learnerLosses: [0.4, 0.42],
    learningRate: 0.001,
    seconds: 1.5,
    imagesPerSecond: 120,
  };
  const line = formatTrainerEvent(event);
  assert.ok(!line.includes('\n'));
  assert.deepEqual(parseTrainerEvent(line), event);
});

test('lines that are not events are ignored, not thrown on', () => {
  assert.equal(parseTrainerEvent('loading dataset...'), null);
  assert.equal(parseTrainerEvent('{"type": 3}'), null);
  assert.equal(parseTrainerEvent('{"type": "epoch", '), null);
  assert.equal(parseTrainerEvent('[1, 2]'), null);
});
