/** Test fixture: the options of a run trained into a MemoryRunSink, fresh checkpoints, nothing stopping it. */
import { join } from 'node:path';
import type { ExperimentConfig } from '../../protocol/experiment';
import type { TrainerEvent } from '../../protocol/trainerEvents';
import type { MemoryRunSink } from './memoryRunSink';
import type { TrainRunOptions } from './trainRun';

export function memoryRunOptions(config: ExperimentConfig, workDir: string, sink: MemoryRunSink, emit: (event: TrainerEvent) => void = () => {}): TrainRunOptions {
  return {
    config,
    experimentDir: workDir,
    sink,
    checkpointDir: join(workDir, `checkpoints-${Math.random().toString(36).slice(2)}`),
    checkpointOwner: { storeId: 'memory', runId: sink.runId },
    cacheDir: join(workDir, 'cache'),
    resume: null,
    shouldStop: () => false,
    emit,
  };
}
