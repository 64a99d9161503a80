import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kaggleSubmissionCsv } from './kaggleSubmission';

test('one Image,Id row per photo with its five identities space-separated; a comma in a name is quoted', () => {
  const csv = kaggleSubmissionCsv([
    { image: 'a.jpg', identities: ['w_1', 'new_whale', 'w_2', 'w_3', 'w_4'] },
    { image: 'b,c.jpg', identities: ['w_9'] },
  ]);
  assert.equal(csv, 'Image,Id\na.jpg,w_1 new_whale w_2 w_3 w_4\n"b,c.jpg",w_9\n');
});
