import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readExperimentText } from '../../experiment';
import type { ExperimentFile } from '../../protocol/experiment';
import { checkTrainingData } from './checkTrainingData';

function config(file: ExperimentFile) {
  return readExperimentText(JSON.stringify({ data: { path: '/' }, ...file }), '/tmp/check.experiment.json').runs[0]!.config;
}

test('more learners than training identities is refused, naming both numbers', () => {
  assert.throws(() => checkTrainingData(config({ method: { clusters: 4 } }), { trainImages: 12, trainClasses: 3 }), /method\.clusters is 4 but the training set has only 3 identities/);
  assert.deepEqual(checkTrainingData(config({ method: { clusters: 2 } }), { trainImages: 40, trainClasses: 10 }), []);
});

test('learners left with a single identity and a batch budget far above the data are warned about', () => {
  assert.match(checkTrainingData(config({ method: { clusters: 3 } }), { trainImages: 40, trainClasses: 5 })[0]!, /some learners get a single identity/);
  const [budget] = checkTrainingData(config({ method: { clusters: 1 }, sampling: { batchesPerEpoch: 40, classesPerBatch: 2, imagesPerClass: 2 } }), { trainImages: 12, trainClasses: 3 });
  assert.match(budget!, /sampling\.batchesPerEpoch 40 draws 160 images an epoch from 12 training images \(each about 13 times\)/);
  assert.deepEqual(checkTrainingData(config({ method: { clusters: 1 }, sampling: { batchesPerEpoch: 3, classesPerBatch: 2, imagesPerClass: 2 } }), { trainImages: 12, trainClasses: 3 }), []);
});
