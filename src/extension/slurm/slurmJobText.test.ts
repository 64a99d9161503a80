import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord, RunStatus } from '../../protocol/records';
import { slurmJobSummary, slurmStatusText } from './slurmJobText';

function run(id: number, status: RunStatus, job: { state: string; reason?: string } | null): RunRecord {
  return {
    id,
    name: `r${id}`,
    status,
    slurmJob: job && { jobId: `12_${id}`, state: job.state, reason: job.reason ?? null, outputPath: '/o' },
  } as RunRecord;
}

test('the tree names the job, the pending reason while queued, and a state the scheduler decided', () => {
  assert.equal(slurmJobSummary(run(0, 'queued', { state: 'PENDING', reason: 'Priority' })), 'job 12_0 pending (Priority)');
  assert.equal(slurmJobSummary(run(1, 'running', { state: 'RUNNING' })), 'job 12_1');
  assert.equal(slurmJobSummary(run(2, 'timeout', { state: 'TIMEOUT' })), 'job 12_2 TIMEOUT');
  assert.equal(slurmJobSummary(run(3, 'failed', { state: 'OUT_OF_MEMORY' })), 'job 12_3 OUT_OF_MEMORY');
  assert.equal(slurmJobSummary(run(4, 'completed', { state: 'COMPLETED' })), 'job 12_4');
  assert.equal(slurmJobSummary(run(4, 'completed', { state: 'UNKNOWN' })), 'job 12_4', 'a job the scheduler forgot');
  assert.equal(slurmJobSummary(run(6, 'stopped', { state: 'CANCELLED' })), 'job 12_6 CANCELLED');
  assert.equal(slurmJobSummary(run(5, 'completed', null)), null);
});

test('the status bar counts queued and running Slurm jobs, and hides with none', () => {
  const text = slurmStatusText([run(0, 'queued', { state: 'PENDING' }), run(1, 'queued', { state: 'PENDING' }), run(2, 'running', { state: 'RUNNING' }), run(3, 'completed', { state: 'COMPLETED' }), run(4, 'running', null)]);
  assert.equal(text?.text, '$(server-process) Slurm: 2 queued, 1 running');
  assert.equal(text?.tooltip.split('\n').length, 3);
  assert.equal(slurmStatusText([run(3, 'completed', { state: 'COMPLETED' })]), null);
});
