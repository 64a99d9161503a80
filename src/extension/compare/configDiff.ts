import type { ConfigDiffRow } from '../../protocol/compareContract';

/** A config as dotted paths to leaf values; arrays are leaves (written as JSON). */
export function flattenConfig(value: unknown, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  const visit = (node: unknown, path: string): void => {
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      const entries = Object.entries(node as Record<string, unknown>);
      if (entries.length === 0 && path) flat.set(path, '{}');
      for (const [key, child] of entries) visit(child, path ? `${path}.${key}` : key);
      return;
    }
    if (path) flat.set(path, typeof node === 'string' ? node : JSON.stringify(node) ?? 'undefined');
  };
  visit(value, prefix);
  return flat;
}

const absentConfigValue = '—';

/** Only the dotted paths whose values are not the same in every config, sorted by path. */
export function configDiff(configs: readonly unknown[]): ConfigDiffRow[] {
  const flats = configs.map((config) => flattenConfig(config));
  const paths = new Set(flats.flatMap((flat) => [...flat.keys()]));
  const rows: ConfigDiffRow[] = [];
  for (const path of [...paths].sort()) {
    const values = flats.map((flat) => flat.get(path) ?? absentConfigValue);
    if (values.some((value) => value !== values[0])) rows.push({ path, values });
  }
  return rows;
}
