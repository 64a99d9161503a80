import { isAbsolute, relative } from 'node:path';

/** True when `path` is `folder` or inside it, judged on the (absolute) strings alone: no file is touched. */
export function isInsideFolder(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
