import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { RunTarget } from '../../protocol/target';
import { jobScript, sbatchArguments, shellQuote } from './sbatchArguments';

const target: RunTarget = { kind: 'slurm', partition: null, gpus: 0, cpus: 2, memory: null, time: null, account: null, qos: null, sbatchArgs: [], setup: null, stopBeforeTimeLimitSeconds: 60, requeueAtTimeLimit: false };
const job = { jobName: 'fluke-whales', taskIndexes: [0, 1, 2], outputPattern: '/w/task-%a/job.out', workDir: '/w' };

test('a job array that can be requeued, appends to its output and is warned before its time limit', () => {
  assert.deepEqual(sbatchArguments(target, job), [
    '--parsable',
    '--job-name=fluke-whales',
    '--array=0,1,2',
    '--output=/w/task-%a/job.out',
    '--open-mode=append',
    '--requeue',
    '--signal=B:USR1@60',
    '--chdir=/w',
    '--ntasks=1',
    '--cpus-per-task=2',
  ]);
});

test("every target field becomes its sbatch option, extra arguments last as written", () => {
  const args = sbatchArguments({ ...target, partition: 'gpu', gpus: 2, memory: '16G', time: '2:00:00', account: 'lab', qos: 'high', sbatchArgs: ['--constraint=a100'] }, { ...job, taskIndexes: [4] });
  assert.ok(args.includes('--array=4'));
  for (const option of ['--partition=gpu', '--gres=gpu:2', '--mem=16G', '--time=2:00:00', '--account=lab', '--qos=high']) assert.ok(args.includes(option), option);
  assert.equal(args.at(-1), '--constraint=a100');
});

test("the script runs the setup line and execs fluke on the task's folder; quoting survives odd paths", () => {
  const script = jobScript({ nodePath: "/opt/node's/bin/node", cliPath: '/x/cli.js', submissionDir: '/w/runs 1', setup: 'module load cuda' });
  assert.ok(script.startsWith('#!/bin/bash\n'));
  assert.ok(script.indexOf('module load cuda') < script.indexOf('exec '));
  // What bash makes of the exec line, with the task id set as Slurm sets it.
  const line = script.split('\n').find((l) => l.startsWith('exec '))!.replace(/^exec /, 'printf "%s\\n" ');
  const words = spawnSync('bash', ['-c', line], { env: { SLURM_ARRAY_TASK_ID: '2' }, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  assert.deepEqual(words, ["/opt/node's/bin/node", '/x/cli.js', 'train', '--job-dir', '/w/runs 1/task-2']);
  assert.equal(shellQuote("a'b"), `'a'\\''b'`);
});
