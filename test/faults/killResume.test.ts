/**
 * Kill points: a tiny real `fluke train` is ended by SIGKILL or SIGTERM at seeded random
 * moments (after a chosen trainer event, plus a chosen delay), then `--resume` finishes it.
 * Every interrupted run must end completed with exactly the losses and metrics of an
 * uninterrupted run of the same file: nothing written before the kill is lost or doubled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { SeededRandom } from '../../src/random/seededRandom';
import { closeStore, openStore } from '../../src/store/openStore';
import { getRun } from '../../src/store/runs';
import { listEpochs, listMetrics } from '../../src/store/runResults';
import { parseTrainerEvent } from '../../src/protocol/trainerEvents';
import { ensureCliBuilt, finished, runFluke, startFluke, trainerEvents } from '../cli/bundledFluke';
import { tinyWorkspace } from '../cli/tinyExperiment';

const epochs = 4;
/** Kill points per run of the suite: bounded so the file stays well under two minutes on 2 cores. */
const killPoints = 5;
/** Change the seed to explore other points; a failure message names the point. */
const suiteSeed = 20261130;

interface KillPoint {
  signal: 'SIGKILL' | 'SIGTERM';
  /** The trainer event (0-based, counted over the run's stdout) after which the delay starts. */
  afterEvent: number;
  delayMs: number;
}

function killPointsFor(seed: number, count: number, eventsInRun: number): KillPoint[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    signal: i % 2 === 0 ? 'SIGKILL' : 'SIGTERM',
    // Not after the last epoch's four events or run-ended: the run would be finished already.
    afterEvent: random.int(eventsInRun - 5),
    delayMs: random.int(400),
  }));
}

/** Epoch losses and recall@1 of a run, the numbers an exact resume must reproduce. */
function history(dbPath: string, runId: number): { status: string; losses: number[]; learnerLosses: number[][]; recallAt1: number[] } {
  const store = openStore(dbPath);
  try {
    return {
      status: getRun(store, runId)!.status,
      losses: listEpochs(store, [runId]).map((epoch) => epoch.loss),
      learnerLosses: listEpochs(store, [runId]).map((epoch) => epoch.learnerLosses),
      recallAt1: listMetrics(store, [runId]).map((metrics) => metrics.recallAtK['1']!),
    };
  } finally {
    closeStore(store);
  }
}

/** Starts a training run and sends `point.signal` after event `point.afterEvent` plus the delay; resolves with the run id. */
async function trainUntilKilled(workspace: { dir: string; experiment: string; db: string }, point: KillPoint): Promise<number> {
  const child = startFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir });
  child.stdin!.end();
  let runId: number | null = null;
  let seen = 0;
  let buffer = '';
  let timer: NodeJS.Timeout | undefined;
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const event = parseTrainerEvent(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      if (!event) continue;
      if (event.type === 'run-started') runId = event.runId;
      if (seen++ === point.afterEvent) timer = setTimeout(() => child.kill(point.signal), point.delayMs);
    }
  });
  const result = await finished(child);
  clearTimeout(timer);
  assert.ok(runId !== null, `no run-started event: ${result.stderr}`);
  return runId;
}

test('runs killed (SIGKILL) or stopped (SIGTERM) at seeded random points resume to exactly the uninterrupted losses', async (t) => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-fault-kill-', { epochs });
  try {
    const reference = await runFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(reference.code, 0, reference.stderr);
    const referenceEvents = trainerEvents(reference.stdout);
    const referenceRun = referenceEvents.find((event) => event.type === 'run-started');
    assert.ok(referenceRun && referenceRun.type === 'run-started');
    const expected = history(workspace.db, referenceRun.runId);
    assert.equal(expected.losses.length, epochs);

    const outcomes: string[] = [];
    for (const point of killPointsFor(suiteSeed, killPoints, referenceEvents.length)) {
      const where = `${point.signal} ${point.delayMs} ms after event ${point.afterEvent} of ${referenceEvents.length} (seed ${suiteSeed})`;
      const runId = await trainUntilKilled(workspace, point);
      const interrupted = history(workspace.db, runId);
      outcomes.push(`${where}: ${interrupted.status} after ${interrupted.losses.length} epochs`);
      if (interrupted.status === 'completed') {
        // The kill came after the last write: the run must still be exact.
        assert.deepEqual(interrupted, expected, where);
        continue;
      }
      assert.deepEqual(interrupted.losses, expected.losses.slice(0, interrupted.losses.length), `${where}: epochs written before the kill`);
      const resumed = await runFluke(['train', '--resume', String(runId), '--db', workspace.db], { cwd: workspace.dir });
      assert.equal(resumed.code, 0, `${where}: --resume failed: ${resumed.stderr}`);
      assert.deepEqual(history(workspace.db, runId), expected, `${where}: the resumed run differs from the uninterrupted one`);
    }
    assert.ok(outcomes.some((outcome) => !/: completed after/.test(outcome)), `no kill point interrupted a run:\n${outcomes.join('\n')}`);
    for (const outcome of outcomes) t.diagnostic(outcome);
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});
