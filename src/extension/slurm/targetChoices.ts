import type { TargetOverrides } from '../../protocol/slurmRpc';
import type { RunTarget } from '../../protocol/target';
import { experimentSchema } from '../../experiment/experimentSchema';

/** The schema's own pattern for a target field: one rule for the file and the quick pick. */
function schemaPattern(field: 'memory' | 'time'): RegExp {
  const target = (experimentSchema.properties as Record<string, { properties: Record<string, { pattern: string }> }>).target!;
  return new RegExp(target.properties[field]!.pattern);
}

export type EditableTargetField = 'partition' | 'gpus' | 'cpus' | 'memory' | 'time' | 'account' | 'qos';

export const editableTargetFields: ReadonlyArray<{ field: EditableTargetField; label: string; hint: string }> = [
  { field: 'partition', label: 'Partition', hint: 'e.g. gpu; empty = the cluster default' },
  { field: 'gpus', label: 'GPUs per run', hint: 'requested as --gres=gpu:N; 0 = none' },
  { field: 'cpus', label: 'CPUs per run', hint: '--cpus-per-task' },
  { field: 'memory', label: 'Memory per run', hint: 'e.g. 16G or 4000M; empty = the partition default' },
  { field: 'time', label: 'Time limit', hint: 'minutes, H:MM:SS or D-HH:MM:SS; empty = the partition limit' },
  { field: 'account', label: 'Account', hint: '--account; empty = your default' },
  { field: 'qos', label: 'QoS', hint: '--qos; empty = the default' },
];

/** The value shown for a field in the quick pick. */
export function targetValueText(target: RunTarget, field: EditableTargetField): string {
  const value = target[field];
  return value === null ? '(default)' : String(value);
}

/**
 * Reads what the user typed for a field: a value, or a message saying what is wrong (the
 * same rules as the schema's, so the submission does not fail on it later).
 */
export function parseTargetInput(field: EditableTargetField, text: string): { value: TargetOverrides[EditableTargetField] } | { error: string } {
  const trimmed = text.trim();
  if (field === 'gpus' || field === 'cpus') {
    const min = field === 'gpus' ? 0 : 1;
    if (!/^[0-9]+$/.test(trimmed) || Number(trimmed) < min) return { error: `a whole number, ${min} or more` };
    return { value: Number(trimmed) };
  }
  if (trimmed === '') return { value: null };
  if (field === 'memory' && !schemaPattern('memory').test(trimmed)) return { error: 'a size like 16G or 4000M' };
  if (field === 'time' && !schemaPattern('time').test(trimmed)) return { error: 'minutes (30), H:MM:SS (2:00:00) or D-HH:MM:SS (1-12:00:00)' };
  return { value: trimmed };
}
