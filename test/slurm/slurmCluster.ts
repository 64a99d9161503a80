/**
 * A real one-node Slurm cluster on localhost for the tests: munged, slurmctld and slurmd
 * (Debian's slurm-wlm and munge, installed by scripts/setup.sh) started in a temporary
 * folder with their own key, socket, ports, state and spool, and stopped again with every
 * job process they left. Client commands find it through SLURM_CONF.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface SlurmCluster {
  dir: string;
  /** process.env with SLURM_CONF pointing at this cluster. */
  env: NodeJS.ProcessEnv;
  /** Runs a Slurm client command against this cluster; throws with its stderr on failure. */
  command(name: string, args: string[]): string;
  stop(): Promise<void>;
}

const binaries = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scontrol', 'scancel', 'sinfo'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function userIds(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith(`${name}:`));
  if (!line) throw new Error(`no user ${name} (the munge package creates it: bash scripts/setup.sh)`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startSlurmCluster(): Promise<SlurmCluster> {
  const missing = binaries.filter((name) => spawnSync('sh', ['-c', `command -v ${name}`]).status !== 0);
  if (missing.length > 0) throw new Error(`cannot start a test Slurm cluster: ${missing.join(', ')} not installed (Debian's slurm-wlm and munge; bash scripts/setup.sh installs them)`);
  if (process.getuid?.() !== 0) throw new Error('cannot start a test Slurm cluster: slurmd must run as root here (SlurmUser=root)');
  const dir = mkdtempSync(join(tmpdir(), 'fluke-slurm-'));
  chmodSync(dir, 0o755);
  const munge = userIds('munge');
  const mungeDir = join(dir, 'munge');
  mkdirSync(mungeDir);
  // munged wants its socket folder owned by it and searchable by every client.
  chmodSync(mungeDir, 0o755);
  chownSync(mungeDir, munge.uid, munge.gid);
  const key = join(mungeDir, 'munge.key');
  writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  chownSync(key, munge.uid, munge.gid);
  const socket = join(mungeDir, 'munge.socket');
  execFileSync('runuser', ['-u', 'munge', '--', 'munged', `--socket=${socket}`, `--key-file=${key}`, `--pid-file=${join(mungeDir, 'munged.pid')}`, `--log-file=${join(mungeDir, 'munged.log')}`, `--seed-file=${join(mungeDir, 'munged.seed')}`]);
  for (const sub of ['state', 'spool']) mkdirSync(join(dir, sub));
  const node = hostname();
  const [controllerPort, nodePort] = [await freePort(), await freePort()];
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=fluketest',
      `SlurmctldHost=${node}`,
      `SlurmctldPort=${controllerPort}`,
      `SlurmdPort=${nodePort}`,
      'SlurmUser=root',
      `AuthInfo=socket=${socket},cred_expire=10`,
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'SchedulerType=sched/backfill',
      'MailProg=/bin/true',
      'KillWait=30',
      'MinJobAge=600',
      'ReturnToService=2',
      'SchedulerParameters=sched_interval=1',
      `NodeName=${node} CPUs=2 Sockets=1 CoresPerSocket=2 ThreadsPerCore=1 State=UNKNOWN`,
      `PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const command = (name: string, args: string[]) => {
    const result = spawnSync(name, args, { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${name} ${args.join(' ')}: ${result.stderr || result.stdout}`);
    return result.stdout;
  };
  const pidOf = (file: string) => (existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : null);
  const stop = async () => {
    try {
      command('scancel', ['--user=root']);
      // Give the cancelled jobs the time to end (KillWait) so slurmd reaps them itself.
      for (let waited = 0; waited < 15_000 && command('squeue', ['-h', '-t', 'running,completing']).trim() !== ''; waited += 300) await sleep(300);
    } catch {
      // slurmctld already gone: nothing to cancel.
    }
    // Stopping slurmd leaves job processes behind: kill what the node says belongs to a job.
    try {
      const pids = command('scontrol', ['listpids']).split('\n').slice(1).map((line) => Number(line.trim().split(/\s+/)[0])).filter((pid) => pid > 0);
      for (const pid of pids) killQuietly(pid, 'SIGKILL');
    } catch {
      // slurmd not answering.
    }
    const daemons = [join(dir, 'slurmd.pid'), join(dir, 'slurmctld.pid'), join(mungeDir, 'munged.pid')].map(pidOf).filter((pid): pid is number => pid !== null);
    for (const pid of daemons) killQuietly(pid, 'SIGTERM');
    // Job step daemons of this cluster (found by its SLURM_CONF; another engineer's cluster has its own).
    for (const pid of processesWithEnv(`SLURM_CONF=${conf}`)) killQuietly(pid, 'SIGKILL');
    // munged writes its seed file as it exits: the folder can go only once the daemons are gone.
    for (let waited = 0; waited < 10_000 && daemons.some(isRunning); waited += 100) await sleep(100);
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    command('slurmctld', []);
    command('slurmd', []);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const state = spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' }).stdout.trim();
      if (state === 'idle') break;
      if (Date.now() > deadline) throw new Error(`the test Slurm node did not become idle in 30 s (sinfo says "${state}"; logs in ${dir})`);
      await sleep(300);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { dir, env, command, stop };
}

/** Alive and not a zombie (a daemon killed here stays a zombie until its parent, init, reaps it). */
function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** Pids of processes whose environment holds `entry` (this cluster's daemons and job steps). */
function processesWithEnv(entry: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^[0-9]+$/.test(name) && Number(name) !== process.pid)
    .filter((name) => {
      try {
        return readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(entry);
      } catch {
        return false;
      }
    })
    .map(Number);
}
