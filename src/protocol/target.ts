/**
 * Where an experiment's runs train: `target` in the experiment file (schemas/experiment.schema.json
 * holds the defaults and descriptions). Not part of a run's config: it does not change results.
 */
export type TargetKind = 'local' | 'slurm';

/** The Slurm fields are filled (with defaults) for a local target too, and then unused. */
export interface RunTarget {
  kind: TargetKind;
  partition: string | null;
  /** GPUs per run, requested as --gres=gpu:N (0 = none). */
  gpus: number;
  cpus: number;
  /** Memory per run in Slurm's notation (16G, 4000M); null = the partition's default. */
  memory: string | null;
  /** Time limit per run in Slurm's notation (30, 2:00:00, 1-12:00:00); null = the partition's. */
  time: string | null;
  account: string | null;
  qos: string | null;
  /** More sbatch arguments, passed as they are. */
  sbatchArgs: string[];
  /** A shell line run before training on the node, e.g. `module load cuda`. */
  setup: string | null;
  /** How long before the time limit the job checkpoints and stops, in seconds. */
  stopBeforeTimeLimitSeconds: number;
  /** At the time limit, requeue the job (it resumes from its checkpoint) instead of ending as timeout. */
  requeueAtTimeLimit: boolean;
}
