import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSchedulerLines, runStateFromScheduler, type SchedulerJob } from './schedulerState';

const job = (state: string, reason: string | null = null): SchedulerJob => ({ jobId: '12_3', state, reason, exitCode: null });

test('squeue and sacct lines: array task ids, pending reasons, "CANCELLED by 0", None as no reason', () => {
  assert.deepEqual(parseSchedulerLines('12_0|PENDING|Priority\n12_1|RUNNING|None\n\n'), [
    { jobId: '12_0', state: 'PENDING', reason: 'Priority', exitCode: null },
    { jobId: '12_1', state: 'RUNNING', reason: null, exitCode: null },
  ]);
  assert.deepEqual(parseSchedulerLines('12_2|CANCELLED by 0|None|0:15'), [{ jobId: '12_2', state: 'CANCELLED', reason: null, exitCode: '0:15' }]);
});

test('the scheduler names what stopped a run: TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, PREEMPTED, CANCELLED', () => {
  assert.equal(runStateFromScheduler(job('TIMEOUT'), 'running', '/o')?.status, 'timeout');
  assert.equal(runStateFromScheduler(job('TIMEOUT'), 'stopped', '/o')?.status, 'timeout');
  const oom = runStateFromScheduler(job('OUT_OF_MEMORY'), 'running', '/o');
  assert.equal(oom?.status, 'failed');
  assert.match(oom?.error ?? '', /^OUT_OF_MEMORY/);
  assert.equal(runStateFromScheduler(job('NODE_FAIL'), 'running', '/o')?.status, 'crashed');
  assert.match(runStateFromScheduler(job('PREEMPTED'), 'stopped', '/o')?.error ?? '', /^PREEMPTED/);
  assert.equal(runStateFromScheduler(job('CANCELLED'), 'queued', '/o')?.status, 'stopped');
});

test("what the trainer decided stands: a completed run stays completed, a timeout it logged stays timeout", () => {
  for (const state of ['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL']) {
    assert.equal(runStateFromScheduler(job(state), 'completed', '/o'), null, state);
    assert.equal(runStateFromScheduler(job(state), 'timeout', '/o'), null, state);
  }
  assert.equal(runStateFromScheduler(job('FAILED'), 'stopped', '/o'), null);
});

test('a stopped run whose job waits again was requeued: it is queued; a running one is left to its log', () => {
  assert.deepEqual(runStateFromScheduler(job('PENDING', 'BeginTime'), 'stopped', '/o'), { status: 'queued', error: null });
  assert.equal(runStateFromScheduler(job('PENDING', 'Priority'), 'queued', '/o'), null);
  assert.equal(runStateFromScheduler(job('PENDING'), 'running', '/o'), null);
  assert.equal(runStateFromScheduler(job('RUNNING'), 'queued', '/o'), null);
});

test('a job that ended while its log had not ended the run: crashed or failed, naming the output file', () => {
  const completed = runStateFromScheduler(job('COMPLETED'), 'running', '/w/job.out');
  assert.equal(completed?.status, 'crashed');
  assert.match(completed?.error ?? '', /\/w\/job\.out/);
  assert.equal(runStateFromScheduler({ ...job('FAILED'), exitCode: '1:0' }, 'queued', '/o')?.error, 'FAILED: Slurm job 12_3 ended (exit 1:0); see /o');
  assert.equal(runStateFromScheduler(job('BOOT_FAIL'), 'queued', '/o')?.status, 'failed');
});
