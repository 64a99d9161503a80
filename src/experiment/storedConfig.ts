import type { ExperimentConfig } from '../protocol/experiment';
import { validateAgainstSchema } from './experimentSchema';

/**
 * A run's stored config with the fields added to the schema since it was stored filled with
 * their defaults (a run stored before `runtime.keepCheckpoints` existed resumes with it).
 * Fields it has are kept as stored.
 */
export function withSchemaDefaults(stored: ExperimentConfig): ExperimentConfig {
  const config = structuredClone(stored);
  const problems = validateAgainstSchema(config);
  if (problems.length > 0) {
    throw new Error(`stored config of run "${stored.name}": ${problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`);
  }
  return config;
}
