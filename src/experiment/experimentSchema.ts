import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import experimentSchemaJson from '../../schemas/experiment.schema.json';

/**
 * The experiment schema compiled with ajv. `useDefaults` fills every missing field with the
 * schema's default as it validates, so a valid object comes out complete. Compiled on
 * first use: the extension imports this module and should not pay for it at activation.
 */
let compiled: ValidateFunction | null = null;

export const experimentSchema = experimentSchemaJson as Record<string, unknown>;

export function experimentValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, strictTypes: false });
    compiled = ajv.compile(experimentSchema);
  }
  return compiled;
}

export interface SchemaProblem {
  /** JSON pointer of the field. */
  path: string;
  message: string;
  /** Whether the problem is the key itself (an unknown field) rather than its value. */
  atKey: boolean;
}

function describe(error: ErrorObject): SchemaProblem {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        path: `${error.instancePath}/${String(params.additionalProperty)}`,
        message: `unknown field "${String(params.additionalProperty)}"`,
        atKey: true,
      };
    case 'enum':
      return {
        path: error.instancePath,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
        atKey: false,
      };
    case 'propertyNames':
      return { path: `${error.instancePath}/${String(params.propertyName)}`, message: `"${String(params.propertyName)}" is not a config field a grid can vary`, atKey: true };
    default:
      return { path: error.instancePath, message: error.message ?? error.keyword, atKey: false };
  }
}

/**
 * Validates (and fills defaults into) `value` in place. Returns the problems, one per field
 * (ajv reports a bad grid key twice: for the name's own schema, then as propertyNames).
 */
export function validateAgainstSchema(value: unknown): SchemaProblem[] {
  const validate = experimentValidator();
  if (validate(value)) return [];
  const problems = (validate.errors ?? []).filter((error) => !error.propertyName).map(describe);
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
