import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SeededRandom } from '../../random/seededRandom';
import { normalizedMutualInformation } from './normalizedMutualInformation';

test('a 4-item case by hand', () => {
  // Clusters {0,1,2},{3}; identities {0,1},{2,3}. MI = 1/2 ln(4/3) + 1/4 ln(2/3) + 1/4 ln 2;
  // H(clusters) = -(3/4 ln 3/4 + 1/4 ln 1/4), H(identities) = ln 2.
  const mi = 0.5 * Math.log(4 / 3) + 0.25 * Math.log(2 / 3) + 0.25 * Math.log(2);
  const expected = mi / ((-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) + Math.log(2)) / 2);
  assert.ok(Math.abs(expected - 0.343712) < 1e-6);
  assert.ok(Math.abs(normalizedMutualInformation(Int32Array.of(0, 0, 0, 1), Int32Array.of(0, 0, 1, 1)) - expected) < 1e-12);
  assert.equal(normalizedMutualInformation(Int32Array.of(4, 4, 7), Int32Array.of(1, 1, 0)), 1);
  assert.equal(normalizedMutualInformation(Int32Array.of(0, 0), Int32Array.of(5, 5)), 1);
  assert.throws(() => normalizedMutualInformation(Int32Array.of(0), Int32Array.of()), /labelings of 1 and 0 items/);
});

test('agrees with scikit-learn on random labelings', () => {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import sklearn.metrics'], { encoding: 'utf8' });
  assert.equal(probe.status, 0, `this test needs scikit-learn for /usr/bin/python3: install python3-sklearn (apt-get install python3-sklearn). ${probe.error?.message ?? probe.stderr}`);
  const random = new SeededRandom(6);
  const cases = Array.from({ length: 5 }, (_, c) => {
    const n = 50 + 40 * c;
    return { a: Array.from({ length: n }, () => random.int(3 + c)), b: Array.from({ length: n }, () => random.int(6 - c)) };
  });
  const script = 'import json,sys\nfrom sklearn.metrics import normalized_mutual_info_score as nmi\nprint(json.dumps([nmi(c["a"], c["b"]) for c in json.load(sys.stdin)]))';
  const result = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const expected = JSON.parse(result.stdout) as number[];
  cases.forEach((c, i) => {
    const ours = normalizedMutualInformation(Int32Array.from(c.a), Int32Array.from(c.b));
    assert.ok(Math.abs(ours - expected[i]!) < 1e-9, `case ${i}: ${ours} vs scikit-learn ${expected[i]}`);
  });
});
