import type { GridSpec } from '../protocol/experiment';

type GridValue = string | number | boolean | null;

export interface GridCombination {
  /** Dotted path to value, in the grid's key order. */
  values: Record<string, GridValue>;
  /** Suffix for the run name, e.g. "clusters=4 learningRate=0.001". */
  label: string;
}

/** Sets a dotted path in a (deep-copied) config. */
export function withGridValues<T>(config: T, values: Record<string, GridValue>): T {
  const copy = structuredClone(config) as Record<string, unknown>;
  for (const [dotted, value] of Object.entries(values)) {
    const segments = dotted.split('.');
    let node = copy;
    for (const segment of segments.slice(0, -1)) node = node[segment] as Record<string, unknown>;
    node[segments[segments.length - 1]!] = value;
  }
  return copy as T;
}

/** The most runs one file's grid may make: a sweep beyond that is several files, not one keystroke. */
export const maxGridRuns = 1000;

/** Runs a grid makes, the product of its value counts, counted without making them (1 for no grid). */
export function countGridRuns(grid: GridSpec): number {
  return Object.values(grid).reduce((runs, values) => runs * values.length, 1);
}

/** Why a grid is refused for its size (it names `grid` and each key's count), or null when it is within maxGridRuns. */
export function gridSizeProblem(grid: GridSpec): string | null {
  const runs = countGridRuns(grid);
  if (runs <= maxGridRuns) return null;
  const counts = Object.entries(grid).map(([key, values]) => `${key}: ${values.length}`);
  return `grid makes ${runs.toLocaleString('en-US')} runs (${counts.join(' x ')}); at most ${maxGridRuns} runs per experiment file: split the sweep into several files`;
}

/**
 * The cross product of a grid, first key varying slowest; refuses a grid over maxGridRuns. Each label uses the last segment
 * of a path ("clusters=4") unless two paths share it, then the whole path.
 */
export function expandGrid(grid: GridSpec): GridCombination[] {
  const keys = Object.keys(grid);
  if (keys.length === 0) return [{ values: {}, label: '' }];
  const tooLarge = gridSizeProblem(grid);
  if (tooLarge) throw new Error(tooLarge);
  const lastSegment = (key: string) => key.split('.').pop()!;
  const shortNames = keys.map(lastSegment);
  const labelOf = (key: string) => (shortNames.filter((name) => name === lastSegment(key)).length > 1 ? key : lastSegment(key));
  let combinations: Array<Record<string, GridValue>> = [{}];
  for (const key of keys) {
    combinations = combinations.flatMap((partial) => grid[key]!.map((value) => ({ ...partial, [key]: value })));
  }
  return combinations.map((values) => ({
    values,
    label: keys.map((key) => `${labelOf(key)}=${values[key] === null ? 'null' : String(values[key])}`).join(' '),
  }));
}
