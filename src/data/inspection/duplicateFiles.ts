import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { DataProblem, DatasetItem } from '../dataset';
import { parseVirtualPath } from '../imageSource';

/**
 * Files with the same bytes under different names (the same photo saved twice, often under
 * two identities). Only files that share a size are read and hashed, so a set of distinct
 * photos costs one stat each. Each later copy is a problem naming the first and both identities.
 */
export function duplicateFiles(items: readonly DatasetItem[]): DataProblem[] {
  const bySize = new Map<number, DatasetItem[]>();
  for (const item of items) {
    if (parseVirtualPath(item.path) !== null) continue;
    let size: number;
    try {
      size = statSync(item.path).size;
    } catch {
      continue; // a missing file is reported by the dataset's own reading
    }
    const group = bySize.get(size);
    if (group) group.push(item);
    else bySize.set(size, [item]);
  }
  const problems: DataProblem[] = [];
  for (const group of bySize.values()) {
    if (group.length < 2) continue;
    const firstByHash = new Map<string, DatasetItem>();
    for (const item of [...group].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      const hash = createHash('sha1').update(readFileSync(item.path)).digest('hex');
      const first = firstByHash.get(hash);
      if (!first) {
        firstByHash.set(hash, item);
        continue;
      }
      const identities = first.identity === item.identity ? `both ${item.identity}` : `labelled ${item.identity} here, ${first.identity} there`;
      problems.push({ path: item.path, line: null, problem: `same file contents as ${first.path} (${identities})` });
    }
  }
  return problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
