import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentLengthOf, JsonRpcFrameGuard, maxFrameBytes, type GuardAnswer } from './jsonRpcFrameGuard';

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** Feeds `input` to a guard in chunks of `chunkBytes`; returns what it passed on, answered and warned. */
function guard(input: string, chunkBytes: number): { passed: string; answers: GuardAnswer[]; warnings: string[] } {
  const answers: GuardAnswer[] = [];
  const warnings: string[] = [];
  const frameGuard = new JsonRpcFrameGuard((answer) => answers.push(answer), (warning) => warnings.push(warning));
  let passed = '';
  frameGuard.on('data', (chunk: Buffer) => (passed += chunk.toString('utf8')));
  const bytes = Buffer.from(input, 'utf8');
  for (let start = 0; start < bytes.length; start += chunkBytes) frameGuard.write(bytes.subarray(start, start + chunkBytes));
  return { passed, answers, warnings };
}

test('valid frames pass unchanged however the stream is chunked, multi-byte characters included', () => {
  const input = frame('{"jsonrpc":"2.0","id":1,"method":"runs/list","params":{"experimentPath":"/wal\u00e9/\u{1f40b}"}}') + frame('{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}');
  for (const chunkBytes of [1, 3, 17, input.length]) {
    const { passed, answers, warnings } = guard(input, chunkBytes);
    assert.equal(passed, input, `chunks of ${chunkBytes}`);
    assert.deepEqual([answers, warnings], [[], []]);
  }
});

test('a bad header is skipped up to the next Content-Length; bad bodies and undispatchable requests are answered', () => {
  const valid = frame('{"jsonrpc":"2.0","id":9,"method":"store/info"}');
  const input = [
    'X-Nothing: 1\r\n\r\n{"id":1}',
    'Content-Length: -4\r\n\r\n{"id":2}',
    'Content-Length: 12abc\r\n\r\n{}',
    `Content-Length: ${maxFrameBytes + 1}\r\n\r\n{}`,
    frame('not json'),
    frame('{"jsonrpc":"2.0","id":"q","method":7}'),
    frame('[]'),
    valid,
  ].join('');
  for (const chunkBytes of [1, 5, input.length]) {
    const { passed, answers, warnings } = guard(input, chunkBytes);
    assert.equal(passed, valid, `chunks of ${chunkBytes}`);
    assert.deepEqual(answers.map((answer) => [answer.id, answer.error.code]), [[null, -32700], ['q', -32600], [null, -32600]]);
    assert.equal(warnings.length, 4);
  }
});

test('contentLengthOf: a byte count, or why not', () => {
  assert.equal(contentLengthOf('Content-Length: 42'), 42);
  assert.equal(contentLengthOf('content-type: x\r\ncontent-length:7'), 7);
  assert.equal(contentLengthOf('Content-Type: x'), 'no Content-Length');
  assert.match(String(contentLengthOf('Content-Length: -1')), /not a byte count/);
  assert.match(String(contentLengthOf('Content-Length: 99999999999')), /is over/);
});
