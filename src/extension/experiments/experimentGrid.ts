import { countGridRuns } from '../../experiment/expandGrid';
import type { GridSpec } from '../../protocol/experiment';

/**
 * Runs a file's grid makes (0 when it has none or does not parse), for code lenses and
 * menus; cheap enough to run on every keystroke, unlike full validation. Counted, never
 * expanded: a small file can name a grid of millions of runs.
 */
export function gridRunCount(text: string): number {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 0;
  }
  const grid = (value as { grid?: unknown } | null)?.grid;
  if (typeof grid !== 'object' || grid === null || Array.isArray(grid)) return 0;
  const entries = Object.entries(grid);
  if (entries.length === 0 || entries.some(([, values]) => !Array.isArray(values))) return 0;
  return countGridRuns(grid as GridSpec);
}
