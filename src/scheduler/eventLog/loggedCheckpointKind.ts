import type { CheckpointKind } from '../../protocol/records';

/**
 * The kind of a logged checkpoint; a log written before checkpoint records named their kind:
 * a stop's file is named `…-batch-B.ckpt` by the trainer.
 */
export function loggedCheckpointKind(record: { path: string; kind?: CheckpointKind }): CheckpointKind {
  return record.kind ?? (/-batch-\d+\.ckpt$/.test(record.path) ? 'stop' : 'epoch');
}
