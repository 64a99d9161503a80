import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClustersMessageType } from '../../protocol/clustersContract';
import { CompareMessageType } from '../../protocol/compareContract';
import { RetrievalMessageType } from '../../protocol/retrievalContract';
import { choiceFromClustersState, parseClustersMessage } from '../clusters/clustersMessages';
import { parseCompareMessage, runIdsFromCompareState } from '../compare/compareMessages';
import { parseRetrievalMessage, slotsFromRetrievalState } from '../retrieval/retrievalMessages';
import { InvalidWebviewMessage } from './messageFields';

const rejects = (parse: (raw: unknown) => unknown, raw: unknown, reason: RegExp) =>
  assert.throws(() => parse(raw), (error: unknown) => error instanceof InvalidWebviewMessage && reason.test(error.message));

test('compare: good messages come back typed, extra fields dropped', () => {
  assert.deepEqual(parseCompareMessage({ type: 'initialized', extra: 1 }), { type: CompareMessageType.Initialized });
  assert.deepEqual(parseCompareMessage({ type: 'selectRuns', runIds: [3, 1] }), { type: CompareMessageType.SelectRuns, runIds: [3, 1] });
  assert.deepEqual(parseCompareMessage({ type: 'exportPng', chartId: 'recall-1', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' }), {
    type: CompareMessageType.ExportPng,
    chartId: 'recall-1',
    dataUrl: 'data:image/png;base64,iVBORw0KGgo=',
  });
});

test('compare: unknown types and bad fields are rejected with the field named', () => {
  rejects(parseCompareMessage, null, /not an object/);
  rejects(parseCompareMessage, [1], /not an object/);
  rejects(parseCompareMessage, { kind: 'x' }, /"type"/);
  rejects(parseCompareMessage, { type: 'deleteEverything' }, /unknown type "deleteEverything"/);
  rejects(parseCompareMessage, { type: 'selectRuns', runIds: '1,2' }, /"runIds"/);
  rejects(parseCompareMessage, { type: 'selectRuns', runIds: [1, 2.5] }, /runIds\[1\]/);
  rejects(parseCompareMessage, { type: 'exportCsv', chartId: '../../etc/passwd' }, /"chartId"/);
  rejects(parseCompareMessage, { type: 'exportPng', chartId: 'loss', dataUrl: 'data:text/html,<script>' }, /"dataUrl"/);
});

test('retrieval: run B may be switched off, run A may not', () => {
  assert.deepEqual(parseRetrievalMessage({ type: 'selectRun', slot: 'b', runId: null }), { type: RetrievalMessageType.SelectRun, slot: 'b', runId: null });
  rejects(parseRetrievalMessage, { type: 'selectRun', slot: 'a', runId: null }, /"runId"/);
  rejects(parseRetrievalMessage, { type: 'selectRun', slot: 'c', runId: 1 }, /"slot"/);
  rejects(parseRetrievalMessage, { type: 'selectEpoch', slot: 'a', epoch: -1 }, /"epoch"/);
  rejects(parseRetrievalMessage, { type: 'requestThumbnails', runId: 1, imageIds: new Array(501).fill(1), size: 'small' }, /"imageIds"/);
  rejects(parseRetrievalMessage, { type: 'requestThumbnails', runId: 1, imageIds: [1], size: 'huge' }, /"size"/);
  assert.deepEqual(parseRetrievalMessage({ type: 'requestThumbnails', runId: 1, imageIds: [0, 5], size: 'large' }), {
    type: RetrievalMessageType.RequestThumbnails,
    runId: 1,
    imageIds: [0, 5],
    size: 'large',
  });
});

test('clusters: ids must be positive integers', () => {
  assert.deepEqual(parseClustersMessage({ type: 'selectClustering', clusteringId: 12 }), { type: ClustersMessageType.SelectClustering, clusteringId: 12 });
  rejects(parseClustersMessage, { type: 'selectClustering', clusteringId: 0 }, /"clusteringId"/);
  rejects(parseClustersMessage, { type: 'selectRun', runId: '2' }, /"runId"/);
  rejects(parseClustersMessage, { type: 'setRun' }, /unknown type/);
});

test('saved page state read back by the serializers; junk gives nothing', () => {
  assert.deepEqual(runIdsFromCompareState({ runIds: [4, 2], smoothing: 0.5 }), [4, 2]);
  assert.deepEqual(runIdsFromCompareState({ runIds: 'x' }), []);
  assert.deepEqual(runIdsFromCompareState(undefined), []);
  assert.deepEqual(slotsFromRetrievalState({ runIdA: 3, epochA: 10, runIdB: null, epochB: null }), { a: { runId: 3, epoch: 10 }, b: null, showsIdentified: false });
  assert.deepEqual(slotsFromRetrievalState({ runIdA: 3, epochA: 'x', runIdB: 4, epochB: 2 }), { a: { runId: 3, epoch: null }, b: { runId: 4, epoch: 2 }, showsIdentified: false });
  assert.equal(slotsFromRetrievalState({ runIdA: 3, identifiedRunId: 3 })?.showsIdentified, true);
  assert.equal(slotsFromRetrievalState({ runIdA: 3, identifiedRunId: 4 })?.showsIdentified, false, "another run's identified photos are not run A's");
  assert.equal(slotsFromRetrievalState({ runIdA: 0 }), null);
  assert.deepEqual(choiceFromClustersState({ runId: 9, clusteringId: null }), { runId: 9, clusteringId: null });
  assert.equal(choiceFromClustersState('9'), null);
});
