import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTargetInput } from './targetChoices';

test('typed target values: numbers, Slurm sizes and times, empty for the default', () => {
  assert.deepEqual(parseTargetInput('gpus', '2'), { value: 2 });
  assert.ok('error' in parseTargetInput('cpus', '0'));
  assert.ok('error' in parseTargetInput('gpus', 'two'));
  assert.deepEqual(parseTargetInput('memory', '16G'), { value: '16G' });
  assert.ok('error' in parseTargetInput('memory', '16 GB'));
  assert.deepEqual(parseTargetInput('time', '1-12:00:00'), { value: '1-12:00:00' });
  assert.ok('error' in parseTargetInput('time', '2h'));
  assert.deepEqual(parseTargetInput('partition', '  '), { value: null });
  assert.deepEqual(parseTargetInput('partition', ' gpu '), { value: 'gpu' });
});
