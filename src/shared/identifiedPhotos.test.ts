import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identifiedPhotosRunId } from '../protocol/retrievalContract';
import { identifiedResults, identifiedSubmission, identifiedThumbnails } from './identifiedPhotos';
import { predictionReport as report } from './predictionReport.fixture';
import { buildQueryRows } from './retrievalModel';


test('identified photos become queries of unknown identity: no neighbour counts as a correct match', () => {
  const results = identifiedResults(report);
  assert.deepEqual(results.map((result) => result.queryImageId), [0, 1]);
  assert.deepEqual(results[0]!.neighbours.map((n) => [n.rank, n.imageId]), [[1, 11], [2, 12], [3, 13]]);
  const rows = buildQueryRows(results, null, 'new_whale');
  assert.deepEqual(rows.map((row) => [row.firstCorrectRank, row.isNewWhale]), [[null, false], [null, false]]);
});

test("the photos' own thumbnails are handed over under the identified-photos run id, in both sizes", () => {
  const sources = identifiedThumbnails(report);
  assert.equal(sources.length, 4);
  assert.ok(sources.every((source) => source.runId === identifiedPhotosRunId));
  assert.deepEqual(sources.filter((source) => source.imageId === 0).map((source) => source.src), ['data:image/png;base64,AAAA', 'data:image/png;base64,AAAA']);
  assert.deepEqual(sources.filter((source) => source.imageId === 1).map((source) => source.src), [null, null]);
});

test('the submission follows the threshold: new_whale moves with it', () => {
  assert.equal(identifiedSubmission(report, 0.5), 'Image,Id\na.jpg,w_1 new_whale w_2\nb.jpg,new_whale w_3\n');
  assert.equal(identifiedSubmission(report, 0.1), 'Image,Id\na.jpg,new_whale w_1 w_2\nb.jpg,new_whale w_3\n');
  assert.equal(identifiedSubmission(report, null), 'Image,Id\na.jpg,w_1 w_2\nb.jpg,w_3\n');
});
