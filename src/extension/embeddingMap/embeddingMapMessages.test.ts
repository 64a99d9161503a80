import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EmbeddingMapMessageType } from '../../protocol/embeddingMapContract';
import { InvalidWebviewMessage } from '../panels/messageFields';
import { choiceFromEmbeddingMapState, parseEmbeddingMapMessage } from './embeddingMapMessages';

test('well-formed messages pass; run B may be switched off, run A may not', () => {
  assert.deepEqual(parseEmbeddingMapMessage({ type: 'selectRun', slot: 'b', runId: null }), { type: EmbeddingMapMessageType.SelectRun, slot: 'b', runId: null });
  assert.throws(() => parseEmbeddingMapMessage({ type: 'selectRun', slot: 'a', runId: null }), InvalidWebviewMessage);
  assert.deepEqual(parseEmbeddingMapMessage({ type: 'openQuery', runId: 2, epoch: 5, queryImageId: 40, extra: 1 }), {
    type: EmbeddingMapMessageType.OpenQuery, runId: 2, epoch: 5, queryImageId: 40,
  });
});

test('bad messages are refused naming the field', () => {
  assert.throws(() => parseEmbeddingMapMessage({ type: 'selectEpoch', epoch: -1 }), /field "epoch"/);
  assert.throws(() => parseEmbeddingMapMessage({ type: 'openQuery', runId: 2, epoch: 5 }), /field "queryImageId"/);
  assert.throws(() => parseEmbeddingMapMessage({ type: 'launch' }), /unknown type "launch"/);
});

test('the serializer reads the saved runs and epoch, and gives up on a state without run A', () => {
  assert.deepEqual(choiceFromEmbeddingMapState({ runIdA: 3, runIdB: 4, epoch: 10, colouring: 'identity' }), { runIdA: 3, runIdB: 4, epoch: 10 });
  assert.deepEqual(choiceFromEmbeddingMapState({ runIdA: 3, runIdB: 'x', epoch: null }), { runIdA: 3, runIdB: null, epoch: null });
  assert.equal(choiceFromEmbeddingMapState({ runIdB: 4 }), null);
  assert.equal(choiceFromEmbeddingMapState(undefined), null);
});
